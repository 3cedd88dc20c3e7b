"""The ``entities.v1`` stage: corrections of the statistical NER's entities.

The conventions of news NER (and of the corpora veille is scored on) differ from what spaCy's news
models emit on a few systematic points, fixed here by rules kept in ``data/entity_rules.json``:
determiners and prepositions are not part of a name, nationality nouns and capitalised common nouns
are not entities, quotes around a name are not part of it, and nothing on a furniture line (share
widgets, navigation) is an entity.
"""

from __future__ import annotations

import re
from functools import cache

from veille.actors.gazetteer import country_names, entity_rules, read_data
from veille.extract.scraped import FURNITURE_IN_TEXT, furniture_line_spans
from veille.model import Document, Entity
from veille.registry import Stage, registry
from veille.settings import Settings

_FIRST_CAPITALISED = re.compile(r"(?<=[\s'’-])[A-ZÀ-ÖØ-Þ0-9]")
_EDGE_PUNCT = "\"'“”«»‘’„()[]{},;:"
_SENTENCE_BREAK = re.compile(r"(^|[.!?…:\n]\s*|[«“\"]\s*)$")


@cache
def _prefixes(lang: str) -> tuple[str, ...]:
    return tuple(sorted(entity_rules(lang).get("strip_prefixes", []), key=len, reverse=True))


@cache
def _person_titles(lang: str) -> frozenset[str]:
    return frozenset((entity_rules(lang).get("person_titles") or {}).get("words") or [])


@cache
def _descriptors(lang: str, label: str) -> frozenset[str]:
    return frozenset((entity_rules(lang).get("descriptors") or {}).get(label) or [])


@cache
def _not_entities(lang: str) -> frozenset[str]:
    return frozenset(entity_rules(lang).get("not_entities", []))


@cache
def demonyms(lang: str) -> frozenset[str]:
    """Nationality adjectives and nouns of ``lang`` ("français", "Suissesse"), from the actor tables."""
    table = read_data("demonyms.json") or {}
    words = [*(table.get("adjectives", {}).get(lang) or {}), *(table.get("nouns", {}).get(lang) or {})]
    return frozenset(w.lower() for w in words)


def _gazetteer_features(text: str) -> set[str]:
    """The feature codes of the places the gazetteer knows as ``text`` (none when it is not built)."""
    from veille.geo.gazetteer import load_if_built

    gazetteer = load_if_built()
    return {c.feature for c in gazetteer.candidates(text)} if gazetteer is not None else set()


def _is_place_name(text: str) -> bool:
    """Whether the places gazetteer knows ``text`` as a country, division or capital."""
    return bool(_gazetteer_features(text) & {"PCLI", "ADM1", "PPLC"})


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_BREAK.search(text[max(0, start - 3):start]))


def correct(entity: Entity, text: str, lang: str) -> Entity | None:
    """The entity with its span fixed, or None when it is not a named entity."""
    start, end = entity.start, entity.end
    # Quotes and brackets hugging the name.
    while start < end and (text[start] in _EDGE_PUNCT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_PUNCT or text[end - 1].isspace()):
        end -= 1
    # Leading determiners and prepositions: always when lower case; a capitalised one ("La France",
    # sentence-initial) only when what follows is a known country, since "Le Caire" keeps its article.
    changed = True
    while changed:
        changed = False
        surface = text[start:end]
        for prefix in _prefixes(lang):
            cap = prefix[:1].upper() + prefix[1:]
            if surface.startswith(prefix) and len(surface) > len(prefix) and surface[len(prefix)].isupper():
                start += len(prefix)
                changed = True
                break
            rest = surface[len(prefix):]
            if surface.startswith(cap) and rest in country_names(lang) and _sentence_initial(text, start):
                start += len(prefix)
                changed = True
                break
    if text[start:end].startswith("ex-") and end - start > 4:
        start += 3
    # Lower-case words before a name are descriptions, not part of it: titles before a person ("le
    # pape François"), and the descriptors of data/entity_rules.json ("mer Méditerranée", "groupe
    # État islamique"); urban toponyms and institutions keep theirs ("place de la République",
    # "ministère de l'Intérieur"). A phrase with no capitalised word ("armée syrienne") stays.
    surface = text[start:end]
    if entity.label in {"ORG", "LOC"} and surface.split(" ")[0] in _person_titles(lang):
        return None  # "ministre russe des Affaires étrangères" describes a person, names no organisation
    if surface[:1].islower() and not any(ch.isupper() for ch in surface.split(" ")[0]):
        lead = _FIRST_CAPITALISED.search(surface)
        descriptors = _descriptors(lang, entity.label)
        if lead is not None and (entity.label == "PER" or surface[:lead.start()].strip() in descriptors
                                 or surface.split(" ")[0] in descriptors):
            start += lead.start()
    surface = text[start:end]
    # A nationality word before a name describes it: "l'Espagnole Caroline Routier" is a person.
    first, _, rest = surface.partition(" ")
    if rest[:1].isupper() and first.lower() in demonyms(lang) and first not in country_names(lang) \
            and not _is_place_name(surface):  # "Saudi Arabia", "Côte d'Ivoire" stay whole
        start += len(first) + 1
        surface = rest
        if entity.label == "LOC" and " " in rest:
            entity = entity.model_copy(update={"label": "PER"})
    if len(surface) <= 1 or surface in _not_entities(lang):
        return None
    if surface.lower() in demonyms(lang) and surface[:1].isupper() \
            and surface not in country_names(lang):  # "Suisse" is a Swiss person and Switzerland
        return None
    if (start, end) == (entity.start, entity.end):
        return entity
    return Entity(text=surface, start=start, end=end, label=entity.label, actor=entity.actor)


def correct_entities(doc: Document) -> list[Entity]:
    """Every entity of ``doc`` corrected; entities on furniture lines dropped; duplicates merged."""
    lang = doc.language or ""
    furniture = furniture_line_spans(doc.text, FURNITURE_IN_TEXT)
    out: dict[tuple[int, int], Entity] = {}
    for entity in doc.entities:
        if any(s <= entity.start < e for s, e in furniture):
            continue
        fixed = correct(entity, doc.text, lang)
        if fixed is not None:
            parts = _split_pairs(fixed, lang)
            for part in parts or [fixed]:
                out.setdefault((part.start, part.end), part)
            if fixed.label in {"MISC", "ORG"} and not parts:
                for place in places_inside(fixed, lang):
                    out.setdefault((place.start, place.end), place)
    return _surname_labels(_with_particles(sorted(out.values(), key=lambda e: (e.start, -e.end)), doc.text))


# Capitalised particles that belong to a surname ("De Gendt", "Van Rompuy", "Abu Bakr").
_PARTICLES = {"De", "Van", "Von", "Di", "Da", "Du", "Dos", "Das", "Del", "Della", "Mac", "Mc", "Abu", "Ben", "Bin",
              "El", "Al", "Ter", "Ten"}


def _with_particles(entities: list[Entity], text: str) -> list[Entity]:
    """A person's name with the capitalised particle the NER left before it ("De Gendt")."""
    out = []
    for e in entities:
        before = text[max(0, e.start - 5):e.start]
        word = before.rstrip(" ").split(" ")[-1] if before.endswith(" ") else ""
        if e.label == "PER" and word in _PARTICLES and " " not in e.text:
            start = e.start - len(word) - 1
            e = Entity(text=text[start:e.end], start=start, end=e.end, label="PER", actor=e.actor)
        out.append(e)
    return out


def _surname_labels(entities: list[Entity]) -> list[Entity]:
    """A single word that is the surname of a person named in full in the same document is that
    person, whatever label the NER gave it ("Chris Froome" ... "Froome"), unless it is also a place."""
    surnames = {e.text.split(" ")[-1] for e in entities if e.label == "PER" and " " in e.text}
    return [e.model_copy(update={"label": "PER"})
            if e.text in surnames and (e.label in {"MISC", "ORG"} or (e.label == "LOC" and not _known_place(e.text)))
            else e for e in entities]


def _known_place(text: str) -> bool:
    return bool(_gazetteer_features(text))


_INNER_NAME = re.compile(r"(?<=\s)(?:de |du |des |d'|d’|à |of |in )?([A-ZÀ-ÖØ-Þ][\w’'-]+(?: [A-ZÀ-ÖØ-Þ][\w’'-]+)?)")


_PAIR = re.compile(r"\s+[-–—]\s+")


def _split_pairs(entity: Entity, lang: str) -> list[Entity]:
    """"Belgique - Irlande" (a fixture, a route) is two places, not one: the parts when each is a
    country or large city."""
    from veille.actors.gazetteer import big_city_names

    parts = _PAIR.split(entity.text)
    if len(parts) < 2:
        return []
    cities = big_city_names()
    if not all(p in cities or p in country_names(lang) for p in parts):
        return []
    out, cursor = [], entity.start
    for part in parts:
        start = entity.start + entity.text.index(part, cursor - entity.start)
        out.append(Entity(text=part, start=start, end=start + len(part), label="LOC"))
        cursor = start + len(part)
    return out


def places_inside(entity: Entity, lang: str) -> list[Entity]:
    """Large cities named inside an event or work name ("Jeux olympiques de Rio", "Statut de Rome"),
    and countries and cities inside an organisation's name ("Institut royal météorologique de
    Belgique", "Projet Montréal"): places of their own, as news NER corpora annotate them. Countries
    inside event names stay there: "Coupe de France" names a competition, not France."""
    from veille.actors.gazetteer import big_city_names

    cities, countries = big_city_names(), country_names(lang) if entity.label == "ORG" else frozenset()
    found = []
    for m in _INNER_NAME.finditer(entity.text):
        name = m.group(1)
        if name not in cities and name not in countries:
            name = name.split(" ")[0]
        if name in cities or name in countries:
            start = entity.start + m.start(1)
            found.append(Entity(text=name, start=start, end=start + len(name), label="LOC"))
    return found


@registry.stage("entities.v1")
def make_entities(settings: Settings) -> Stage:
    """Factory of the entity-correction stage."""

    def entities(doc: Document) -> Document:
        doc.entities = correct_entities(doc)
        return doc

    return entities
