"""Toponym resolution: rank a mention's gazetteer candidates with features of the whole document.

Each candidate gets a feature vector (name-match quality, population, feature level, the countries
the document names, the first-level divisions it names, closeness to the document's other places,
level words such as "province of"), scored by a linear model whose weights were fitted on LGL only
(``bench/geo_train.py`` writes ``data/resolver_weights.json``). Two passes: the first ranks
without the neighbours, the second adds closeness to the first pass's picks. One sense per discourse:
the same name in one document gets one place.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from veille.geo.gazetteer import Candidate, Gazetteer
from veille.geo.names import norm

FEATURES = (
    "log_population", "log_population_division", "is_country", "is_admin1", "is_admin2", "is_capital", "is_continent",
    "primary_name", "abbreviation", "country_share", "top_country", "admin1_named", "near_others",
    "most_populous", "exact_surface", "level_word_match", "level_word_mismatch", "demonym", "bias_alt_only",
    "in_named_container", "diacritic_form_match",
)
# Features LGL cannot teach (English text, almost no accented names), so their weight is set by hand
# and kept out of the fit: a name written with its accents ("Genève") is the place that spelling names
# in that language, not a namesake spelled without them (Geneva, New York).
FIXED_WEIGHTS = {"diacritic_form_match": 2.0}

# Words before a name that say its level: "la province d'Alep", "the state of Ohio", "Orange County".
_ADMIN1_WORDS = re.compile(
    r"(?:province|région|region|gouvernorat|governorate|state|état|etat|estado|provincia|oblast|wilaya|"
    r"préfecture|prefecture|canton|land)\s+(?:of|de|du|d'|d’|des)?\s*$", re.IGNORECASE)
_ADMIN2_AFTER = re.compile(r"^\s+(?:County|Parish|District|Borough)\b")
_ADMIN2_BEFORE = re.compile(r"(?:comté|county|district|département|departement|partido)\s+(?:of|de|du|d'|d’|des)?\s*$",
                            re.IGNORECASE)
_CITY_WORDS = re.compile(r"(?:ville|city|town|village|localité|commune|municipio|ciudad)\s+(?:of|de|du|d'|d’)?\s*$",
                         re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|le|la|les|l'|l’|el|los|las)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")

EARTH_KM = 20039.0


@dataclass
class Mention:
    """A place mention and what the resolver found for it."""

    text: str
    start: int
    end: int
    candidates: list[Candidate] = field(default_factory=list)
    level: str | None = None  # "ADM1", "ADM2", "PPL" when the words around it say so
    demonym: bool = False
    choice: Candidate | None = None
    confidence: float = 0.0
    # Divisions and countries named right after it ("Alexandria, Virginia"): (cc, admin1) and alpha-3.
    containers: set[tuple[str | None, str | None] | str | None] = field(default_factory=set)


@cache
def weights() -> dict[str, float]:
    """The fitted weights (``data/resolver_weights.json``), or hand-set defaults before any fit."""
    path = resources.files("veille.geo").joinpath("data/resolver_weights.json")
    if path.is_file():
        return {**json.loads(path.read_text("utf-8"))["weights"], **FIXED_WEIGHTS}
    return {"log_population": 2.0, "is_country": 2.0, "is_admin1": 1.0, "primary_name": 0.5, "country_share": 3.0,
            "top_country": 1.0, "admin1_named": 1.0, "near_others": 2.0, "level_word_match": 2.0}


def km_between(a: Candidate, b: Candidate) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return EARTH_KM
    p = math.pi / 180
    h = (math.sin((b.lat - a.lat) * p / 2) ** 2
         + math.cos(a.lat * p) * math.cos(b.lat * p) * math.sin((b.lon - a.lon) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def _contains(area: Candidate, place: Candidate) -> bool:
    if area.feature == "PCLI":
        return area.country is not None and area.country == place.country
    if area.feature == "ADM1":
        return area.cc == place.cc and area.admin1 == place.admin1 and place.feature != "ADM1"
    return False


def _distance(a: Candidate, b: Candidate) -> float:
    """Distance, zero between a country or division and a place inside it."""
    if _contains(a, b) or _contains(b, a):
        return 0.0
    return km_between(a, b)


def _variants(text: str) -> list[str]:
    out = [text]
    stripped = _POSSESSIVE.sub("", _LEADING.sub("", text.strip())).strip()
    if stripped and stripped != text:
        out.append(stripped)
    return out


def candidates_for(text: str, gazetteer: Gazetteer, demonyms: dict[str, str]) -> tuple[list[Candidate], bool]:
    """Candidates for a mention's text, and whether they came from a demonym ("Russian" → Russia).

    A nationality word is its country before any town spelled the same ("Canadian", Texas).
    """
    alpha3 = demonyms.get(norm(text))
    if alpha3:
        country = gazetteer.country(alpha3)
        if country is not None:
            return [country], True
    for variant in _variants(text):
        found = gazetteer.candidates(variant)
        if found:
            return list(found), False
    for variant in _variants(text):
        alpha3 = demonyms.get(norm(variant))
        if alpha3:
            country = gazetteer.country(alpha3)
            if country is not None:
                return [country], True
    return [], False


_DATELINE_AFTER = re.compile(r"^\s*(?:,[^\n]{0,30}?)?\s*(?:\(|—|–|-\s|:)")


def level_hint(text: str, start: int, end: int) -> str | None:
    """The administrative level the words around a mention give it, if any."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 12]
    mention = text[start:end]
    # A dateline ("WASHINGTON (Reuters) -", "GENÈVE —") names a city.
    if (start == 0 or text[start - 1] == "\n") and mention.isupper() and _DATELINE_AFTER.match(text[end:end + 40]):
        return "PPL"
    if _ADMIN2_AFTER.match(after) or _ADMIN2_BEFORE.search(before):
        return "ADM2"
    if _ADMIN1_WORDS.search(before):
        return "ADM1"
    if _CITY_WORDS.search(before):
        return "PPL"
    return None


def _level(c: Candidate) -> str:
    if c.feature in {"PCLI", "CONT"}:
        return "PCLI"
    if c.feature in {"ADM1", "ADM2"}:
        return c.feature
    return "PPL"


def features(m: Mention, c: Candidate, ctx: DocumentContext, *, with_neighbours: bool) -> list[float]:
    """The feature vector of candidate ``c`` for mention ``m`` (order of ``FEATURES``)."""
    max_pop = max((x.population for x in m.candidates), default=0)
    country_share = ctx.country_votes.get(c.country or "", 0.0) / ctx.total_votes if ctx.total_votes else 0.0
    near = 0.0
    if with_neighbours:
        distances = [_distance(c, other) for other in ctx.picks if other is not None and other.id != c.id]
        if distances:
            near = 1.0 - math.log(min(distances) + 1) / math.log(EARTH_KM + 1)
    level = _level(c)
    return [
        math.log10(c.population + 1) / 7 if level == "PPL" else 0.0,
        math.log10(c.population + 1) / 7 if level != "PPL" else 0.0,
        float(c.feature == "PCLI"),
        float(c.feature == "ADM1"),
        float(c.feature == "ADM2"),
        float(c.feature == "PPLC"),
        float(c.feature == "CONT"),
        float(c.kind == 0),
        float(c.kind == 2),
        country_share,
        float(bool(ctx.top_country) and c.country == ctx.top_country),
        float((c.cc, c.admin1) in ctx.admin1_named and c.feature != "ADM1"),
        near,
        float(c.population == max_pop and max_pop > 0),
        float(c.name == m.text or m.text.strip().casefold() in c.forms),
        float(m.level is not None and m.level == level),
        float(m.level is not None and m.level != level),
        float(m.demonym),
        float(len(m.candidates) > 0 and all(x.kind > 0 for x in m.candidates)),
        float((c.cc, c.admin1) in m.containers or (c.feature != "PCLI" and c.country in m.containers)),
        float(not m.text.isascii() and m.text.strip().casefold() in c.forms),
    ]


@dataclass
class DocumentContext:
    """What the document says about where it happens, gathered before ranking."""

    country_votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    admin1_named: set[tuple[str | None, str | None]] = field(default_factory=set)
    picks: list[Candidate | None] = field(default_factory=list)
    top_country: str | None = None

    @property
    def total_votes(self) -> float:
        return float(sum(self.country_votes.values()))


def top_key(votes: dict[str, float]) -> str | None:
    """The key with the most votes (None when there are none)."""
    return max(votes, key=votes.__getitem__) if votes else None


def _score(vector: Sequence[float], w: dict[str, float]) -> float:
    return sum(w.get(name, 0.0) * value for name, value in zip(FEATURES, vector, strict=True))


def _softmax_pick(scores: list[float]) -> tuple[int, float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=scores.__getitem__)
    return best, exps[best] / sum(exps)


def build_context(mentions: list[Mention], extra_countries: Sequence[str] = ()) -> DocumentContext:
    """Country votes from unambiguous country mentions, actors' countries and the dateline's country."""
    ctx = DocumentContext()
    for m in mentions:
        countries = {c.country for c in m.candidates if c.feature == "PCLI" and c.country}
        if len(countries) == 1 and (m.demonym or any(c.feature == "PCLI" and c.kind < 2 for c in m.candidates)):
            ctx.country_votes[next(iter(countries))] += 1.0
        elif m.candidates:
            # An ambiguous name votes for each country it may be in, weighted by how many it could be.
            owners = {c.country for c in m.candidates if c.country}
            for owner in owners:
                ctx.country_votes[owner] += 0.5 / len(owners)
        for c in m.candidates:
            if c.feature == "ADM1" and len(m.candidates) <= 3:
                ctx.admin1_named.add((c.cc, c.admin1))
    for code in extra_countries:
        ctx.country_votes[code] += 0.5
    if ctx.country_votes:
        ctx.top_country = top_key(ctx.country_votes)
    return ctx


def link_containers(mentions: list[Mention], text: str) -> None:
    """Note, for "Alexandria, Virginia" or "Alep (Syrie)", the divisions the second name may be."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for m, nxt in itertools.pairwise(ordered):
        if text[m.end:nxt.start].strip() in {",", "(", ", in"}:
            for c in nxt.candidates:
                if c.feature == "ADM1":
                    m.containers.add((c.cc, c.admin1))
                elif c.feature == "PCLI":
                    m.containers.add(c.country)


def resolve_mentions(mentions: list[Mention], extra_countries: Sequence[str] = ()) -> None:
    """Choose a candidate for every mention (in place), using the whole document."""
    w = weights()
    ctx = build_context(mentions, extra_countries)
    for with_neighbours in (False, True):
        picks: list[Candidate | None] = []
        for m in mentions:
            if not m.candidates:
                picks.append(None)
                continue
            scores = [_score(features(m, c, ctx, with_neighbours=with_neighbours), w) for c in m.candidates]
            best, confidence = _softmax_pick(scores)
            m.choice, m.confidence = m.candidates[best], confidence
            picks.append(m.choice)
        ctx.picks = picks
        # Re-vote countries with the first pass's picks, so that ambiguous names follow the document.
        if not with_neighbours:
            for m in mentions:
                if m.choice is not None and m.choice.country and m.choice.feature != "PCLI":
                    ctx.country_votes[m.choice.country] += 0.5 * m.confidence
            if ctx.country_votes:
                ctx.top_country = top_key(ctx.country_votes)
    # One sense per discourse: the same name gets the most confident reading in the document.
    best_by_name: dict[str, Mention] = {}
    for m in mentions:
        key = norm(m.text)
        if m.choice is not None and (key not in best_by_name or m.confidence > best_by_name[key].confidence):
            best_by_name[key] = m
    for m in mentions:
        winner = best_by_name.get(norm(m.text))
        if winner is not None and winner is not m and m.choice is not None:
            m.choice, m.confidence = winner.choice, winner.confidence


@cache
def demonym_table(lang: str) -> dict[str, str]:
    """Nationality adjectives and nouns of ``lang`` and English → alpha-3 ("Russian", "turque")."""
    from veille.actors.gazetteer import read_data

    table = read_data("demonyms.json") or {}
    out: dict[str, str] = {}
    for part in ("adjectives", "nouns"):
        for code in dict.fromkeys((lang, "en")):
            for word, alpha3 in (table.get(part, {}).get(code) or {}).items():
                out.setdefault(norm(word), alpha3)
    return out
