"""The ``places.v1`` stage: every place a document names, resolved to GeoNames offline.

Mentions are the spans a JSONL input brings (``places: [{start, end}]``, resolved exactly as given)
or else the entities' LOC mentions. Each is resolved by ``veille.geo.resolve`` with the whole
document as context (other places, the countries its actors belong to). A name the gazetteer lacks,
or whose only readings are small places abroad the document never points to, keeps its text and
offsets with null coordinates and, when the document is clearly about one country, that country.
"""

from __future__ import annotations

import json
import logging
import re
from functools import cache
from importlib import resources

from veille.actors.resolve import tables
from veille.geo.gazetteer import Candidate, Gazetteer, GazetteerMissing, load
from veille.geo.names import norm
from veille.geo.resolve import (
    Mention,
    build_context,
    cuts_a_word,
    demonym_table,
    km_between,
    link_containers,
    mention_at,
    resolve_mentions,
    top_key,
)
from veille.model import Document, Entity, Place
from veille.nlp import paragraph_bounds
from veille.registry import Stage, registry
from veille.settings import Settings

log = logging.getLogger(__name__)

# Codes of actors that are not countries: they say nothing about where a story happens.
_NOT_COUNTRIES = {"IGO", "NGO", "IMG"}
# A populated place smaller than this, in a country the document never points to, is more likely a
# namesake of a village the gazetteer lacks ("al-Waqf" near Aleppo is not Al Waqf in Egypt).
VILLAGE_POPULATION = 100_000
FAR_KM = 1000.0


def _mentions(doc: Document, gazetteer: Gazetteer) -> list[Mention]:
    text = doc.text
    demonyms = demonym_table(doc.language or "en")
    spans: list[tuple[int, int]]
    if doc.raw is not None and doc.raw.place_spans is not None:
        spans = [(s, e) for s, e in doc.raw.place_spans if 0 <= s < e <= len(text)]
    else:
        lang = doc.language or "en"
        spans = [(e.start, e.end) for e in doc.entities
                 if e.label == "LOC" and not _named_actor(e, lang) and not _not_a_place(e.text, lang)]
        spans += [span for span in _named_by_kind(text, gazetteer)
                  if not any(a < span[1] and span[0] < b for a, b in spans)]
    given = doc.raw is not None and doc.raw.place_spans is not None
    mentions = []
    for start, end in spans:
        m = mention_at(text, start, end, gazetteer, demonyms, given=given)
        if given and cuts_a_word(text, start, end):
            doc.add_error("places.v1", f"place hint {start}-{end} {text[start:end]!r} cuts a word: "
                                       f"read as {m.start}-{m.end} {m.text!r}")
        if m.start < m.end:
            mentions.append(m)
    link_containers(mentions, text)
    return mentions


# "the town of Samarra", "le village d'al-Waqf": a name the words before it call a place, whether or
# not the statistical NER saw it.
_KIND_OF_PLACE = re.compile(
    r"\b(?:town|city|village|province|region|district|state|port) of (?:the )?"
    r"|\b(?:ville|village|province|région|localité|commune|bourgade|gouvernorat|port) (?:de |d['’]|du )")
_NAME = re.compile(r"(?:al-|el-)?[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+)?")


def _named_by_kind(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    spans = []
    for kind in _KIND_OF_PLACE.finditer(text):
        name = _NAME.match(text, kind.end())
        if name is None:
            continue
        candidate = name.group(0)
        if not gazetteer.has(candidate) and " " in candidate:
            candidate = candidate.split(" ")[0]
        if gazetteer.has(candidate) or candidate.startswith(("al-", "el-")):
            spans.append((name.start(), name.start() + len(candidate)))
    return spans


def _named_actor(entity: Entity, lang: str) -> bool:
    """A curated group or person the NER took for a place ("Front al-Nosra")."""
    entry = tables(lang).lookup_name(entity.text)
    return entry is not None and entry.kind in {"group", "person"}


@cache
def _non_place_heads(lang: str) -> frozenset[str]:
    data = json.loads(resources.files("veille.geo").joinpath("data/not_places.json").read_text("utf-8"))
    return frozenset(norm(w) for w in data.get(lang, []) + data.get("all", []))


def _not_a_place(text: str, lang: str) -> bool:
    """Names headed by a word that never starts a place name in news (feasts, events: "Aïd al-Adha")."""
    words = norm(text).split(" ")
    return bool(words) and words[0] in _non_place_heads(lang)


def _implausible(m: Mention, mentions: list[Mention], top: str | None) -> bool:
    """A town abroad that nothing else in the document points to, far from every other place."""
    c = m.choice
    if c is None or top is None or c.country == top or c.feature != "PPL" or c.population >= VILLAGE_POPULATION:
        return False
    others = [o.choice for o in mentions if o is not m and o.choice is not None and o.text != m.text]
    if any(o.country == c.country for o in others):
        return False
    return bool(others) and all(km_between(c, o) > FAR_KM for o in others)


def _place(m: Mention, choice: Candidate | None, country: str | None) -> Place:
    if choice is None:
        return Place(text=m.text, start=m.start, end=m.end, country=country)
    return Place(text=m.text, start=m.start, end=m.end, name=choice.name,
                 geonameid=choice.id if choice.id > 0 else None, country=choice.country,
                 admin1=choice.admin1_name if choice.feature not in {"PCLI", "CONT", "ADM1"} else None,
                 lat=round(choice.lat, 5) if choice.lat is not None else None,
                 lon=round(choice.lon, 5) if choice.lon is not None else None, feature=choice.feature)


def locate(doc: Document, gazetteer: Gazetteer) -> list[Place]:
    """The places of ``doc``, in text order."""
    mentions = _mentions(doc, gazetteer)
    if not mentions:
        return []
    actor_countries = [e.actor.code for e in doc.entities
                       if e.actor is not None and e.actor.code and e.actor.code not in _NOT_COUNTRIES]
    resolve_mentions(mentions, actor_countries)
    ctx = build_context(mentions, actor_countries)
    for m in mentions:
        if m.choice is not None and m.choice.country:
            ctx.country_votes[m.choice.country] += 0.5
    top = top_key(ctx.country_votes)
    clear = top is not None and ctx.country_votes[top] >= 0.5 * ctx.total_votes
    ordered = sorted(mentions, key=lambda m: m.start)
    unresolved = {id(m) for m in ordered if m.choice is None or _implausible(m, mentions, top)}
    places = []
    for m in ordered:
        if id(m) in unresolved:
            # The country the text gives the name ("la province irakienne de Ninive", "X, Syria"),
            # else the paragraph's.
            named = sorted(c for c in m.containers if isinstance(c, str))
            country = named[0] if named else _paragraph_country(doc.text, m, [o for o in ordered
                                                                              if id(o) not in unresolved])
            places.append(_place(m, None, country or (top if clear else None)))
        else:
            places.append(_place(m, m.choice, None))
    return places


def _paragraph_country(text: str, m: Mention, resolved: list[Mention]) -> str | None:
    """The country of the nearest resolved place in the same paragraph (the closest before it first),
    else the last one of the paragraph before."""
    para_start, para_end = paragraph_bounds(text, m.start, m.end)
    if para_start > 0 and not any(para_start <= o.start < m.start for o in resolved):
        para_start = paragraph_bounds(text, para_start - 2)[0]
    near = [o for o in resolved if para_start <= o.start < para_end and o.choice is not None and o.choice.country]
    if not near:
        return None
    before = [o for o in near if o.start < m.start]
    nearest = max(before, key=lambda o: o.start) if before else min(near, key=lambda o: o.start)
    return nearest.choice.country if nearest.choice is not None else None


@registry.stage("places.v1")
def make_places(settings: Settings) -> Stage:
    """Factory of the places stage (the gazetteer is opened once per process, read-only)."""

    def places(doc: Document) -> Document:
        try:
            gazetteer = load()
        except GazetteerMissing as exc:
            doc.add_error("places.v1", str(exc))
            return doc
        doc.places = locate(doc, gazetteer)
        return doc

    return places
