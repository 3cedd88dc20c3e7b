"""The ``actors.v1`` stage: an actor for every named entity that can act, with in-document coreference.

For each PER/ORG/LOC entity the words of its noun phrase are read from the parse: the tokens just
before the name within its clause ("le ministre russe des Affaires étrangères" before "Sergueï
Lavrov") and an apposition after it (", le président turc,"). Later mentions of a person by surname
("Lavrov") inherit the attributes of the first full mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from veille.actors.resolve import norm, resolve, tables
from veille.model import Actor, Document, Entity
from veille.pipeline import Stage, registry
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
    while i >= max(0, span.start - LEFT_WINDOW):
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
        if 0 <= local_start < len(parsed.doc.text):
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
            elif actor is not None and " " in norm(entity.text):
                first_mentions.setdefault(key, actor)
        if actor is not None and (entity.label != "MISC" or t.lookup_name(entity.text)):
            entity.actor = actor


@registry.stage("actors.v1")
def make_actors(settings: Settings) -> Stage:
    """Factory of the actors stage."""

    def actors(doc: Document) -> Document:
        resolve_entities(doc)
        return doc

    return actors
