"""The ``events.v1`` stage: PLOVER events with arguments, place, date, casualties, evidence.

Per sentence: triggers and arguments (:mod:`veille.events.extract`), status
(:mod:`veille.events.status`); then the place and date of the event's sentence (else the
paragraph's frame, "A Genève, ..."), numbers of dead, wounded or demonstrators attached to it, and
within-document merging of mentions of the same event. Sentences on furniture lines yield nothing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from veille.events.extract import Mention, arguments, find_triggers, is_figurative
from veille.events.lexicon import Lexicon, lexicon
from veille.events.status import status_of
from veille.extract.scraped import FURNITURE_IN_TEXT, furniture_line_spans
from veille.model import AcledType, Actor, Document, Event, EventDate, Place, Span
from veille.nlp import sentence_spans
from veille.pipeline import Stage, registry
from veille.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

_NUMBER = re.compile(r"^\d{1,3}(?:[ .,\u202f\u00a0]\d{3})+$|^\d+$")
# Calibration of the confidence score, set by bench/events_calibrate.py on gold data: a base per
# evidence pattern, adjusted for missing arguments and risky triggers.
CONFIDENCE = {"base": 0.55, "actor": 0.12, "target": 0.08, "verb": 0.08, "figurative_risk": -0.15,
              "no_participant": -0.2}


@cache
def crosswalk() -> dict[str, Any]:
    """PLOVER → CAMEO/ACLED crosswalk (``data/crosswalk.json``), empty when absent."""
    path = resources.files("veille.events").joinpath("data/crosswalk.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _default_cameo(event_type: str) -> str | None:
    table = crosswalk().get("plover_to_cameo") or crosswalk().get("types") or {}
    value = table.get(event_type)
    if isinstance(value, dict):
        return value.get("default") or value.get("cameo")
    return value if isinstance(value, str) else None


def _number_value(token_text: str, lex: Lexicon) -> int | None:
    text = token_text.strip()
    if _NUMBER.match(text):
        return int(re.sub(r"\D", "", text))
    words = lex.quantities.get("numbers") or {}
    value = words.get(text.lower()) if isinstance(words, dict) else None
    if isinstance(value, dict):
        value = value.get("value")
    return int(value) if isinstance(value, int | float) else None


def quantities(sentence: SpacySpan, lex: Lexicon) -> dict[str, int]:
    """Fatalities, injuries and crowd size stated in ``sentence`` ("la mort de deux soldats")."""
    found: dict[str, int] = {}
    kinds = {kind: lex.quantity_words(kind) for kind in ("fatalities", "injuries", "size")}
    for tok in sentence:
        if tok.dep_ not in {"nummod", "nmod", "det"} and tok.pos_ != "NUM":
            continue
        value = _number_value(tok.text, lex)
        if value is None:
            continue
        noun = tok.head
        context = {noun.lemma_.lower(), noun.text.lower(), noun.head.lemma_.lower(), noun.head.text.lower()}
        context |= {c.lemma_.lower() for c in noun.children} | {c.text.lower() for c in noun.children}
        for kind, words in kinds.items():
            if context & words and kind not in found:
                found[kind] = value
    return found


def _paragraph_frames(doc: Document) -> list[tuple[int, int, Place]]:
    """Paragraphs opened by a place frame ("A Genève, ...", "In Kyiv, ..."): their span and place."""
    frames = []
    start = 0
    for paragraph in doc.text.split("\n\n"):
        end = start + len(paragraph)
        head = paragraph[:60]
        for place in doc.places:
            if start <= place.start < start + len(head) and "," in paragraph[place.end - start:place.end - start + 3]:
                frames.append((start, end, place))
                break
        start = end + 2
    return frames


def _place_for(doc: Document, s_start: int, s_end: int, frames: list[tuple[int, int, Place]]) -> Place | None:
    inside = [p for p in doc.places if s_start <= p.start < s_end]
    specific = [p for p in inside if p.feature not in {"PCLI", "PCLS", "PCLD", "PCLIX", "PCL"}]
    if specific:
        return specific[0]
    for start, end, place in frames:
        if start <= s_start < end:
            return place
    return inside[0] if inside else None


def _date_for(doc: Document, s_start: int, s_end: int, trigger_pos: int) -> EventDate | None:
    dates = [t for t in doc.times if s_start <= t.start < s_end and t.type in {"DATE", "TIME"} and t.value]
    if not dates:
        return None
    nearest = min(dates, key=lambda t: abs(t.start - trigger_pos))
    return EventDate(text=nearest.text, value=nearest.value)


def _confidence(m: Mention) -> float:
    c = CONFIDENCE["base"]
    c += CONFIDENCE["actor"] if m.actor else 0.0
    c += CONFIDENCE["target"] if m.target else 0.0
    c += CONFIDENCE["verb"] if m.token.pos_ == "VERB" else 0.0
    c += CONFIDENCE["figurative_risk"] if m.trigger.figurative_risk else 0.0
    c += CONFIDENCE["no_participant"] if not (m.actor or m.target) else 0.0
    return round(min(0.99, max(0.01, c)), 3)


def _participants(event: Event) -> set[str]:
    return {a.code or "" for a in event.actor + event.target if a.code} | {
        a.name or "" for a in event.actor + event.target if a.name}


def merge(events: list[Event]) -> list[Event]:
    """One event per real event in the document: same type, status and a shared participant, in
    sentences close to each other; the most confident keeps its evidence, the others become mentions
    and fill what it lacks (date, place, casualties)."""
    merged: list[Event] = []
    for event in events:
        # Two triggers of one sentence are two events (a same-sentence repeat was absorbed earlier).
        twin = next((m for m in merged if m.type == event.type and m.status == event.status
                     and _participants(m) & _participants(event)
                     and m.evidence.start != event.evidence.start
                     and abs(m.evidence.start - event.evidence.start) < 600), None)
        if twin is None:
            merged.append(event)
            continue
        best, other = (twin, event) if twin.confidence >= event.confidence else (event, twin)
        update: dict[str, Any] = {
            "mentions": [*best.mentions, other.evidence, *other.mentions],
            "actor": best.actor or other.actor,
            "target": best.target or other.target,
        }
        for attr in ("date", "place", "fatalities", "injuries", "size", "mode"):
            if getattr(best, attr) is None and getattr(other, attr) is not None:
                update[attr] = getattr(other, attr)
        merged[merged.index(twin)] = best.model_copy(update=update)
    return merged


def events_of(doc: Document) -> list[Event]:
    """Every event of ``doc`` (which must have been through the nlp stage)."""
    lang = doc.language or ""
    lex = lexicon(lang)
    if not (lex.verbs or lex.nouns or lex.phrases):
        return []
    furniture = furniture_line_spans(doc.text, FURNITURE_IN_TEXT)
    frames = _paragraph_frames(doc)
    sentences = sentence_spans(doc.text)
    found: list[Event] = []
    for parsed in doc.analysis or []:
        for sentence in parsed.doc.sents:
            if any(a <= parsed.offset + sentence.start_char < b for a, b in furniture):
                continue
            amounts: dict[str, int] | None = None
            kept: list[tuple[Any, str]] = []
            # Highest in the tree first, so a verb absorbs the nominal triggers of its own phrase.
            for token, trigger in sorted(find_triggers(sentence, lex), key=lambda x: len(list(x[0].ancestors))):
                if is_figurative(token, trigger, lex):
                    continue
                # "des tanks détruits par des tirs": a trigger inside the phrase of another trigger of
                # the same type describes the same event.
                if any(trigger.type == kind and (token in head.subtree or head in token.subtree)
                       for head, kind in kept):
                    continue
                kept.append((token, trigger.type))
                actor, target = arguments(token, doc.entities, parsed.offset, lang)
                mention = Mention(trigger, token, sentence, actor, target, status_of(token, lex))
                if amounts is None:
                    amounts = quantities(sentence, lex)
                t_start = parsed.offset + token.idx
                s_start, s_end = next(((a, b) for a, b in sentences if a <= t_start < b), (t_start, t_start))
                found.append(_event(doc, mention, trigger, s_start, s_end, t_start, frames, amounts))
    return merge(found)


def _event(doc: Document, m: Mention, trigger: Any, s_start: int, s_end: int, t_start: int,
           frames: list[tuple[int, int, Place]], amounts: dict[str, int]) -> Event:
    violent = trigger.type == "ASSAULT"
    acled = AcledType(event_type=trigger.acled[0], sub_event_type=trigger.acled[1]) if trigger.acled else None
    return Event(
        type=trigger.type,
        mode=trigger.mode,
        status=m.status,  # type: ignore[arg-type]
        actor=m.actor,
        target=m.target,
        place=_place_for(doc, s_start, s_end, frames),
        date=_date_for(doc, s_start, s_end, t_start),
        fatalities=amounts.get("fatalities") if violent else None,
        injuries=amounts.get("injuries") if violent else None,
        size=amounts.get("size") if trigger.type in {"PROTEST", "MOBILIZE"} else None,
        cameo=(trigger.cameo or _default_cameo(trigger.type) or "")[:2] or None,
        acled=acled,
        trigger=Span(text=m.token.text, start=t_start, end=t_start + len(m.token.text)),
        evidence=Span(text=doc.text[s_start:s_end], start=s_start, end=s_end),
        confidence=_confidence(m),
    )


@registry.stage("events.v1")
def make_events(settings: Settings) -> Stage:
    """Factory of the events stage."""

    def events(doc: Document) -> Document:
        doc.events = events_of(doc)
        return doc

    return events


__all__ = ["Actor", "events_of", "make_events", "merge", "quantities"]
