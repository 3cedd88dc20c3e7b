"""The ``actors.v1`` stage: an actor for every named entity that can act, with in-document coreference.

For each PER/ORG/LOC entity the words of its noun phrase are read from the parse: the tokens just
before the name within its clause ("le ministre russe des Affaires étrangères" before "Sergueï
Lavrov") and an apposition after it (", le président turc,"). Later mentions of a person by surname
("Lavrov") inherit the attributes of the first full mention.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from veille.actors.gazetteer import place_metonyms
from veille.actors.resolve import norm, resolve, tables
from veille.model import Actor, Document, Entity
from veille.registry import Stage, registry
from veille.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Span

# How far before a name its describing words may stand ("le ministre russe des Affaires étrangères").
LEFT_WINDOW = 8
APPOSITION_WINDOW = 6
_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ", "CCONJ"}


def context_words(span: Span) -> list[str]:
    """Lemmas and forms of the words describing ``span`` in its noun phrase, nearest first."""
    doc = span.doc
    words: list[str] = []
    i = span.start - 1
    # "le président de la République, Patrice Talon": a description before the comma is the name's.
    if i > 0 and doc[i].text == "," and doc[i - 1].pos_ in {"NOUN", "PROPN", "ADJ"}:
        i -= 1
    while i >= max(0, span.start - LEFT_WINDOW - 1):
        tok = doc[i]
        if tok.is_sent_end or (tok.is_punct and tok.text not in {"'", "’", "-"}) or tok.pos_ in _STOP_POS:
            break
        if tok.ent_type_ in {"PER", "PERSON"}:
            break
        words += [tok.text, tok.lemma_]
        i -= 1
    # ", le président turc," after the name.
    j = span.end
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].pos_ == "DET":
        apposition: list[str] = []
        for tok in doc[j + 1:j + 1 + APPOSITION_WINDOW]:
            if tok.is_punct or tok.pos_ in _STOP_POS or tok.pos_ == "PROPN":
                break  # a name after the comma starts an enumeration, not a description
            apposition += [tok.text, tok.lemma_]
        if any(tok.pos_ == "NOUN" for tok in doc[j + 1:j + 1 + APPOSITION_WINDOW][:3]):
            words += apposition
    return words


def _span_for(doc: Document, entity: Entity) -> Span | None:
    for parsed in doc.analysis or []:
        local_start = entity.start - parsed.offset
        # The chunk's length from its last token: Doc.text rebuilds the whole string on each call.
        last = parsed.doc[-1] if len(parsed.doc) else None
        if last is not None and 0 <= local_start < last.idx + len(last.text_with_ws):
            return parsed.doc.char_span(local_start, entity.end - parsed.offset, alignment_mode="expand")
    return None


def resolve_entities(doc: Document) -> None:
    """Set ``actor`` on every entity that names or stands for an actor."""
    lang = doc.language or "en"
    t = tables(lang)
    first_mentions: dict[str, Actor] = {}
    for entity in doc.entities:
        span = _span_for(doc, entity)
        context = context_words(span) if span is not None else []
        actor = resolve(entity.text, context, lang, label=entity.label)
        if entity.label == "PER":
            key = norm(entity.text).split(" ")[-1] if entity.text.strip() else ""
            earlier = first_mentions.get(key)
            if earlier is not None and (actor is None or (actor.wikidata is None and earlier.wikidata)):
                # In-document coreference: "Lavrov" after "Sergueï Lavrov".
                actor = earlier.model_copy(update={"text": entity.text})
            elif " " in norm(entity.text):
                # A person the tables do not know is still named in full by the first mention: a later
                # "Hickson" is "David Leslie Hickson", whoever he is.
                first_mentions.setdefault(key, actor or Actor(text=entity.text, name=entity.text))
        entry = t.lookup_name(entity.text)
        # "l'Élysée", "le Kremlin", "Matignon": places standing for a government keep the label the
        # model gave them (news NER corpora use both); their actor comes from the metonym tables.
        if entry is not None and entity.label in {"MISC", "LOC", "ORG", "PER"} \
                and entity.text.casefold() not in place_metonyms(lang):
            # The curated tables know what the name is better than the statistical model does:
            # "Recep Tayyip Erdoğan" tagged MISC is a person, "Front al-Nosra" tagged LOC a group.
            entity.label = "PER" if entry.kind == "person" else "ORG"
        if actor is not None and (entity.label != "MISC" or entry is not None):
            entity.actor = actor


# ", le commandant de “l’Armée de la Conquête”", ", the leader of the": a person's apposition naming
# the group they lead or belong to.
_MEMBER_OF = re.compile(r"^\s*,\s*(?:(?:le|la|l[’']|un|une|the|a|an)\s*)?[\w-]+(?:\s+[\w-]+)?\s+"
                        r"(?:de|du|des|d[’']|of|of the)\s*[“\"«]?\s*(?:(?:l[’']|la|le|les|the)\s*)?$", re.IGNORECASE)


def members_of_groups(doc: Document) -> None:
    """A person described as the leader or member of a group takes the group's country and sector
    when the name alone gives none ("Abu Omar Saraqeb, le commandant de l'Armée de la Conquête")."""
    entities = doc.entities
    for person, group in itertools.pairwise(entities):
        if person.label != "PER" or group.label != "ORG" or group.actor is None or group.actor.code is None:
            continue
        if group.start - person.end > 60 or not _MEMBER_OF.match(doc.text[person.end:group.start]):
            continue
        actor = person.actor or Actor(text=person.text, name=person.text)
        if actor.code is None:
            actor = actor.model_copy(update={"code": group.actor.code})
        if actor.sector in (None, "MIL") and group.actor.sector:
            actor = actor.model_copy(update={"sector": group.actor.sector})
        person.actor = actor


@registry.stage("actors.v1")
def make_actors(settings: Settings) -> Stage:
    """Factory of the actors stage."""

    def actors(doc: Document) -> Document:
        resolve_entities(doc)
        members_of_groups(doc)
        return doc

    return actors
