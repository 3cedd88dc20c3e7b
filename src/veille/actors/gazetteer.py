"""Names the statistical NER should not miss, as spaCy entity-ruler patterns.

Country and region names in every language veille reads come from CLDR (through Babel, the
maintained packaging of the Unicode CLDR data), so they need no list of our own; armed groups,
international organisations and people come from the curated actor tables in ``data/`` when present.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# CLDR territory codes that are not places a news text names as such (e.g. "ZZ" unknown region,
# "EZ" eurozone, "UN" United Nations as a territory, "QO" outlying Oceania).
_NOT_PLACES = {"ZZ", "EZ", "UN", "QO", "XA", "XB", "EU"}


@cache
def country_names(lang: str) -> frozenset[str]:
    """Country and world-region names in ``lang`` (CLDR), e.g. 'France', 'Chine', 'Afrique'."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(name for code, name in territories.items() if code not in _NOT_PLACES)


def read_data(name: str) -> Any:
    """A data file of ``veille.actors`` (JSON, or JSON Lines as a list), or None when absent."""
    path = resources.files("veille.actors").joinpath(f"data/{name}")
    if not path.is_file():
        return None
    text = path.read_text("utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


@cache
def entity_rules(lang: str) -> dict[str, Any]:
    """The NER corrections for ``lang`` from ``data/entity_rules.json`` (empty when none)."""
    rules = read_data("entity_rules.json") or {}
    return dict(rules.get(lang, {}))


def _group_aliases(lang: str) -> list[tuple[str, str]]:
    """(alias, label) for curated groups/organisations, when the actor tables are installed."""
    rows = read_data("groups.jsonl") or []
    out = []
    for row in rows:
        aliases = row.get("aliases") or {}
        for key in (lang, "en"):
            out += [(alias, "ORG") for alias in aliases.get(key, []) if len(alias) > 2]
    return out


@cache
def ruler_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    """Entity-ruler phrase patterns for ``lang``: countries and regions (LOC), groups (ORG), the
    largest cities (LOC)."""
    patterns: dict[str, dict[str, Any]] = {}
    for name in country_names(lang):
        patterns[name] = {"label": "LOC", "pattern": name}
    for alias, label in _group_aliases(lang):
        patterns.setdefault(alias, {"label": label, "pattern": alias})
    for name in _big_cities():
        patterns.setdefault(name, {"label": "LOC", "pattern": name})
    return tuple(patterns.values())


@cache
def big_city_names() -> frozenset[str]:
    """Names of the largest cities, as written, in every language the gazetteer holds."""
    return frozenset(_big_cities())


def _big_cities() -> list[str]:
    """Names of the largest cities from the places gazetteer (none when it is not built)."""
    from veille.geo.gazetteer import load_if_built

    gazetteer = load_if_built()
    return gazetteer.big_city_names() if gazetteer is not None else []


@cache
def place_metonyms(lang: str) -> frozenset[str]:
    """Places that stand for a government ("Élysée", "Kremlin", "Washington"): named entities of
    their own kind (LOC in news NER conventions), whose actor the metonym tables give."""
    table = (read_data("demonyms.json") or {}).get("metonyms", {})
    return frozenset(name.casefold() for code in dict.fromkeys((lang, "en")) for name in table.get(code) or {})


@cache
def curated_name_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    """Entity-ruler patterns run *before* the statistical NER, which then labels around them: the
    curated people's multi-word names (PER) and the curated groups' names (ORG), in ``lang`` and
    English. Single-word person aliases ("Lavrov") are left to the NER and to surname coreference:
    as a pattern they would also catch the many people who share a surname."""
    patterns: dict[str, dict[str, Any]] = {}
    metonyms = place_metonyms(lang)
    for file, label in (("people.jsonl", "PER"), ("groups.jsonl", "ORG")):
        for row in read_data(file) or []:
            names = [row["name"]]
            for key in dict.fromkeys((lang, "en")):
                names += (row.get("aliases") or {}).get(key, [])
            for name in names:
                # Lower-case aliases only for groups and from two words on ("gilets jaunes"): a single
                # lower-case word is an ordinary word.
                if len(name) < 3 or (not any(ch.isupper() for ch in name) and (label == "PER" or " " not in name)):
                    continue
                if (label == "PER" and " " not in name.strip()) or name.casefold() in metonyms:
                    continue
                # Both apostrophes: news writes "l’Homme" and "l'Homme" alike.
                for variant in {name, name.replace("'", "’"), name.replace("’", "'")}:
                    patterns.setdefault(variant, {"label": label, "pattern": variant})
    return tuple(patterns.values())
