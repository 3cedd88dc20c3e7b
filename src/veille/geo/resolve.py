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
    "log_population", "log_population_division", "is_country", "is_admin1", "is_admin2", "is_continent",
    "primary_name", "abbreviation", "country_share", "top_country", "admin1_named", "near_others",
    "most_populous", "exact_surface", "level_word_match", "level_word_mismatch", "demonym", "bias_alt_only",
    "in_named_container", "diacritic_form_match", "division_namesake_city", "acronym_abbreviation", "national_capital",
)
# Features LGL cannot teach, so their weight is set by hand and kept out of the fit. LGL is local US
# news in English: it has almost no accented names, and almost never a big city sharing its name with
# the division it is in, or an acronym spelled like a town. A name written with its accents ("Genève")
# is the place that spelling names in that language, not a namesake spelled without them; a city
# holding a large share of the division it shares its name with is the city ("New York"), unless a
# level word says otherwise ("New York state"); an acronym ("EU", "UK", "BC") is the place it
# abbreviates, not a place whose own name is spelled with those letters (Eu in Normandy, Uk in
# Russia). 4.0 outweighs what a namesake gains from its name's form alone (primary name, most
# populous, division level: about 3.8 together in the LGL fit).
FIXED_WEIGHTS = {"diacritic_form_match": 2.0, "division_namesake_city": 4.0, "acronym_abbreviation": 4.0,
                 "national_capital": 4.0}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,5}$")
# A national capital at least this large is what its bare name means ("Washington"), not a namesake.
CAPITAL_POPULATION = 100_000
# A city holding at least this share of its namesake division's population is what the bare name means.
NAMESAKE_CITY_SHARE = 0.2

# Words before a name that say its level: "la province d'Alep", "the state of Ohio", "Orange County".
_ADMIN1_WORDS = re.compile(
    r"(?:province|région|region|gouvernorat|governorate|state|état|etat|estado|provincia|oblast|wilaya|"
    r"préfecture|prefecture|canton|land)\s+(?:of|de|du|d'|d’|des)?\s*$", re.IGNORECASE)
_ADMIN2_AFTER = re.compile(r"^\s+(?:County|Parish|District|Borough)\b")
_ADMIN1_AFTER = re.compile(r"^\s+(?:[Ss]tate|Province|province)\b")
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
    # The part of the span that was looked up, when the whole span names no place ("University of
    # California" → "California").
    name: str | None = None
    # Whether a name after it holds one of its readings ("Paris, Texas"); a list of countries
    # ("Russia, China and Iran") holds none and says nothing.
    contained: bool = False


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


@cache
def _name_edges() -> frozenset[str]:
    data = json.loads(resources.files("veille.geo").joinpath("data/not_places.json").read_text("utf-8"))
    return frozenset(w.casefold() for w in data.get("name_edges", []))


_SPAN_TRIM = " \t\n\r,;:!?\"“”«»()[]"


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls between two letters or digits of one word."""
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether the span ``text[start:end]`` starts or ends inside a word."""
    return _inside_word(text, start) or _inside_word(text, end)


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A span given by the user, widened to whole words when it cuts one and trimmed of spaces and
    punctuation. Offsets computed on another copy of a text (other line ends, entities decoded) drift
    by a few characters; a span that starts or ends inside a word never means part of that word."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    while start < end and text[start] in _SPAN_TRIM:
        start += 1
    while end > start and text[end - 1] in _SPAN_TRIM:
        end -= 1
    return start, end


_WORDS = re.compile(r"[^\s,;:()\[\]/]+")


def embedded_name(text: str, start: int, end: int, gazetteer: Gazetteer,
                  demonyms: dict[str, str]) -> tuple[int, int, list[Candidate], bool] | None:
    """The longest run of words inside a span that names a place, when the whole span names none:
    "University of California" → California, "Manchester City" → Manchester, "Russian Embassy" →
    Russia. The run starts with a capital and neither begins nor ends with a word that heads or ends
    institution names ("University", "City", "North"); among runs of one length, the one with the most
    populous reading wins."""
    words = [(start + w.start(), start + w.end()) for w in _WORDS.finditer(text[start:end])]
    edges = _name_edges()
    for n in range(len(words) - 1, 0, -1):
        best: tuple[int, int, list[Candidate], bool] | None = None
        for i in range(len(words) - n + 1):
            a, b = words[i][0], words[i + n - 1][1]
            first, last = text[words[i][0]:words[i][1]], text[words[i + n - 1][0]:words[i + n - 1][1]]
            if not first[:1].isupper() or first.casefold() in edges or last.casefold() in edges:
                continue
            found, demonym = candidates_for(text[a:b], gazetteer, demonyms)
            if found and (best is None or max(c.population for c in found) > max(c.population for c in best[2])):
                best = (a, b, found, demonym)
        if best is not None:
            return best
    return None


# "the Iraqi city of Basra", "la ville syrienne d'Alep": the nationality word says which country.
_DEMONYM_KIND_EN = re.compile(r"([A-Z][\w-]+)\s+(?:city|town|village|province|region|capital|port|district)\s+of\s+"
                              r"(?:the\s+)?$")
_DEMONYM_KIND_FR = re.compile(r"(?:ville|village|localité|cité|province|région|capitale|bourgade|port)\s+([\w-]+)\s+"
                              r"(?:de|d'|d’|du)\s*$", re.IGNORECASE)


def demonym_container(text: str, start: int, demonyms: dict[str, str]) -> str | None:
    """The country a nationality word before "city of" gives a name ("the Iraqi city of Basra")."""
    before = text[max(0, start - 40):start]
    for pattern in (_DEMONYM_KIND_EN, _DEMONYM_KIND_FR):
        found = pattern.search(before)
        if found and norm(found.group(1)) in demonyms:
            return demonyms[norm(found.group(1))]
    return None


def mention_at(text: str, start: int, end: int, gazetteer: Gazetteer, demonyms: dict[str, str], *,
               given: bool = False) -> Mention:
    """The mention of the span ``text[start:end]`` with its candidates and level. A span the user
    gave (``given``) is first snapped to whole words. When the whole span names no place, the place
    name embedded in it is looked up instead (the mention keeps the span)."""
    if given:
        start, end = snap_span(text, start, end)
    m = Mention(text[start:end], start, end)
    m.candidates, m.demonym = candidates_for(m.text, gazetteer, demonyms)
    m.level = level_hint(text, start, end)
    if not m.candidates and len(m.text.split()) > 1:
        inner = embedded_name(text, start, end, gazetteer, demonyms)
        if inner is not None:
            a, b, m.candidates, m.demonym = inner
            m.name, m.level = text[a:b], level_hint(text, a, b)
    country = demonym_container(text, start, demonyms)
    if country is not None:
        m.containers.add(country)
        inside = [c for c in m.candidates if c.country == country and c.feature != "PCLI"]
        if inside:
            m.candidates, m.contained = inside, True
    return m


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
    if _ADMIN1_WORDS.search(before) or _ADMIN1_AFTER.match(after):
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
        # Closeness to the other places picked, countries and continents left out: every town of a
        # country is "inside" it, which says nothing the country votes do not already say.
        # The mentions of the same name are left out too: a division would otherwise be "near" the
        # city the same words were first read as ("New York").
        key = norm(m.text)
        distances = [_distance(c, other) for other_key, other in ctx.picks
                     if other is not None and other_key != key and other.id != c.id
                     and other.feature not in {"PCLI", "CONT"}]
        if distances:
            near = 1.0 - math.log(min(distances) + 1) / math.log(EARTH_KM + 1)
    level = _level(c)
    name = m.name or m.text
    return [
        math.log10(c.population + 1) / 7 if level == "PPL" else 0.0,
        math.log10(c.population + 1) / 7 if level != "PPL" else 0.0,
        float(c.feature == "PCLI"),
        float(c.feature == "ADM1"),
        float(c.feature == "ADM2"),
        float(c.feature == "CONT"),
        float(c.kind == 0),
        float(c.kind == 2),
        country_share,
        float(bool(ctx.top_country) and c.country == ctx.top_country),
        float((c.cc, c.admin1) in ctx.admin1_named and c.feature != "ADM1"),
        near,
        float(c.population == max_pop and max_pop > 0),
        float(c.name == name or name.strip().casefold() in c.forms),
        float(m.level is not None and m.level == level),
        float(m.level is not None and m.level != level),
        float(m.demonym),
        float(len(m.candidates) > 0 and all(x.kind > 0 for x in m.candidates)),
        float(_in_containers(m, c)),
        float(not name.isascii() and name.strip().casefold() in c.forms),
        float(level == "PPL" and m.level in (None, "PPL") and any(
            x.feature == "ADM1" and x.cc == c.cc and x.admin1 == c.admin1
            and c.population >= NAMESAKE_CITY_SHARE * x.population for x in m.candidates)),
        float(c.kind == 2 and bool(_ACRONYM.match(name.strip()))),
        float(c.feature == "PPLC" and c.population >= CAPITAL_POPULATION and not m.contained
              and m.level in (None, "PPL")),
    ]


@dataclass
class DocumentContext:
    """What the document says about where it happens, gathered before ranking."""

    country_votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    admin1_named: set[tuple[str | None, str | None]] = field(default_factory=set)
    picks: list[tuple[str, Candidate | None]] = field(default_factory=list)  # (name key, pick) per mention
    top_country: str | None = None

    @property
    def total_votes(self) -> float:
        return float(sum(self.country_votes.values()))


def top_key(votes: dict[str, float]) -> str | None:
    """The key with the most votes (None when there are none)."""
    return max(votes, key=lambda k: (votes[k], k)) if votes else None  # ties by key: same answer every run


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
            # An ambiguous name votes for each country it may be in, in proportion to the population
            # of its largest reading there: "Norwich" is mostly a vote for England, not for the many
            # small American towns of that name.
            biggest: dict[str, int] = {}
            for c in m.candidates:
                if c.country:
                    biggest[c.country] = max(biggest.get(c.country, 0), c.population + 1)
            total = sum(biggest.values())
            for owner in sorted(biggest):
                ctx.country_votes[owner] += 0.5 * biggest[owner] / total
        for c in m.candidates:
            if c.feature == "ADM1" and len(m.candidates) <= 3:
                ctx.admin1_named.add((c.cc, c.admin1))
    for code in extra_countries:
        ctx.country_votes[code] += 0.5
    if ctx.country_votes:
        ctx.top_country = top_key(ctx.country_votes)
    return ctx


def _in_containers(m: Mention, c: Candidate) -> bool:
    return (c.cc, c.admin1) in m.containers or (c.feature != "PCLI" and c.country in m.containers)


def link_containers(mentions: list[Mention], text: str) -> None:
    """Note, for "Alexandria, Virginia" or "Alep (Syrie)", the divisions the second name may be, and
    keep only the readings inside them when there are any: the writer said which one."""
    ordered = sorted(mentions, key=lambda m: m.start)
    for m, nxt in itertools.pairwise(ordered):
        if text[m.end:nxt.start].strip() in {",", "(", ", in"}:
            for c in nxt.candidates:
                if c.feature == "ADM1":
                    m.containers.add((c.cc, c.admin1))
                elif c.feature == "PCLI":
                    m.containers.add(c.country)
            inside = [c for c in m.candidates if _in_containers(m, c)]
            if inside:
                m.candidates, m.contained = inside, True


def news_reading(m: Mention) -> Candidate | None:
    """The reading international news always means by a bare name, whatever the story's other places.

    A country or continent name is the country or continent, not a town named after it ("China,
    Texas") nor one of its own divisions (the state of México); a national capital's name is the
    capital, not a division or town of that name ("Washington"). A name followed by a division or
    country that holds another reading ("Paris, Texas", "Lebanon, Ohio") or a level word ("Washington
    state") is not bare. A country whose name is also a first-level division's abroad ("Georgia") is
    left to the ranking. LGL, local US news, would teach the opposite, so this is a rule, not a fitted
    weight.
    """
    if m.contained or not m.candidates:
        return None
    if m.level in (None, "PCLI"):
        for c in m.candidates:
            if c.feature in {"PCLI", "CONT"} and not any(
                    x.feature == "ADM1" and x.kind == 0 and x.country != c.country for x in m.candidates):
                return c
    return None


def resolve_mentions(mentions: list[Mention], extra_countries: Sequence[str] = ()) -> None:
    """Choose a candidate for every mention (in place), using the whole document."""
    w = weights()
    for m in mentions:
        # A level word is the writer saying which reading ("la province d'Alep", "Washington state").
        same_level = [c for c in m.candidates if m.level is not None and _level(c) == m.level]
        if same_level:
            m.candidates = same_level
        rule = news_reading(m)
        if rule is not None:
            m.candidates = [rule]
    ctx = build_context(mentions, extra_countries)
    for with_neighbours in (False, True):
        picks: list[tuple[str, Candidate | None]] = []
        for m in mentions:
            if not m.candidates:
                picks.append((norm(m.text), None))
                continue
            scores = [_score(features(m, c, ctx, with_neighbours=with_neighbours), w) for c in m.candidates]
            best, confidence = _softmax_pick(scores)
            m.choice, m.confidence = m.candidates[best], confidence
            picks.append((norm(m.text), m.choice))
        ctx.picks = picks
        # Re-vote countries with the first pass's picks, so that ambiguous names follow the document.
        if not with_neighbours:
            for m in mentions:
                if m.choice is not None and m.choice.country and m.choice.feature != "PCLI":
                    ctx.country_votes[m.choice.country] += 0.5 * m.confidence
            if ctx.country_votes:
                ctx.top_country = top_key(ctx.country_votes)
    # One sense per discourse: the same name gets the reading the writer made explicit ("Paris,
    # Texas"), else its most confident reading in the document.
    best_by_name: dict[str, Mention] = {}
    for m in mentions:
        key = norm(m.text)
        if m.choice is not None and (key not in best_by_name or (m.contained, m.confidence) >
                                     (best_by_name[key].contained, best_by_name[key].confidence)):
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
