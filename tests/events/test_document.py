"""Document-level completion and merging of events (veille.events.document), on real parses."""

from __future__ import annotations

from functools import cache

from veille.events.document import Candidate, TriggerForm, dominant_country, lede_end, merged, same_event
from veille.events.stage import candidates
from veille.model import Actor, Document, Event, EventDate, Place, Span
from veille.pipeline import Pipeline
from veille.readers import InputOptions, make_document
from veille.readers.detect import InputKind


@cache
def _pipeline() -> Pipeline:
    return Pipeline()


def analysed(text: str, lang: str) -> Document:
    """``text`` through every stage before events, its parse kept."""
    doc = make_document(text, InputKind.TEXT, "<test>", InputOptions(published="2020-03-02", lang=lang,
                                                                      no_extract=True))
    for name, stage in _pipeline().stages:
        if name.startswith("events"):
            break
        doc = stage(doc)
    return doc


def _place(country: str, start: int) -> Place:
    return Place(text="x", start=start, end=start + 1, country=country, feature="PPL")


def test_dominant_country_needs_half_of_the_places() -> None:
    doc = Document(id="d", text="x" * 20)
    doc.places = [_place("FRA", 0), _place("FRA", 2), _place("DEU", 4)]
    assert dominant_country(doc) == "FRA"
    doc.places = [_place("FRA", 0), _place("DEU", 2), _place("ITA", 4)]
    assert dominant_country(doc) is None


def test_a_pronoun_subject_takes_the_person_named_before() -> None:
    doc = analysed("Le président Emmanuel Macron est arrivé lundi à Berlin. Il a rencontré la chancelière "
                   "Angela Merkel dans l'après-midi.", "fr")
    meetings = [c for c in candidates(doc) if c.event.type == "CONSULT"]
    assert meetings
    names = {a.name for c in meetings for a in c.event.actor + c.event.target}
    assert "Emmanuel Macron" in names
    assert any(c.filled for c in meetings) or all(c.event.actor for c in meetings)


def test_unnamed_people_take_the_story_country() -> None:
    doc = analysed("Police in Auckland said a 26-year-old man was arrested on Friday in Ranui, New Zealand. "
                   "He was charged with burglary.", "en")
    arrests = [c.event for c in candidates(doc) if c.event.type == "COERCE"]
    assert arrests
    assert any(a.code == "NZL" for e in arrests for a in e.actor + e.target)


def _event(start: int, actor: str, day: str | None, kind: str = "ASSAULT") -> Event:
    return Event(type=kind, status="occurred", actor=[Actor(text=actor, name=actor, code="SYR", sector="MIL")],
                 date=EventDate(text=day, value=day) if day else None,
                 trigger=Span(text="t", start=start, end=start + 1),
                 evidence=Span(text="s", start=start, end=start + 10), confidence=0.6)


def test_mentions_of_one_event_merge_and_fill_what_the_first_lacks() -> None:
    first = _event(0, "Syrian army", None)
    later = _event(100, "Syrian army", "2016-09-06").model_copy(update={"fatalities": 3, "confidence": 0.8})
    [event] = merged([later, first])
    assert event.evidence.start == 0  # the first telling keeps the evidence
    assert [m.start for m in event.mentions] == [100]
    assert event.fatalities == 3 and event.date is not None and event.confidence == 0.8


def test_different_days_types_or_actors_are_different_events() -> None:
    assert not same_event(_event(0, "Syrian army", "2016-09-05"), _event(100, "Syrian army", "2016-09-06"))
    assert not same_event(_event(0, "Syrian army", None), _event(100, "Syrian army", None, kind="COERCE"))
    other = _event(100, "x", None).model_copy(update={"actor": [Actor(text="y", name="Turkish army", code="TUR",
                                                                     sector="MIL")]})
    assert not same_event(_event(0, "Syrian army", None), other)
    assert len(merged([_event(0, "Syrian army", "2016-09-05"), _event(100, "Syrian army", "2016-09-06")])) == 2


def test_candidate_keeps_what_completion_added() -> None:
    candidate = Candidate(_event(0, "Syrian army", None))
    assert candidate.filled == set()


def _with_target(event: Event, name: str, code: str) -> Event:
    return event.model_copy(update={"target": [Actor(text=name, name=name, code=code, sector="CVL")]})


def test_a_role_filled_by_different_people_makes_different_events() -> None:
    first = _with_target(_event(0, "Syrian army", None), "Aleppo residents", "SYR")
    later = _with_target(_event(100, "Syrian army", None), "Turkish villagers", "TUR")
    assert not same_event(first, later)
    assert same_event(first, _event(100, "Syrian army", None))


def test_body_verbs_must_retell_to_merge_and_nouns_refer_back() -> None:
    first, later = _event(0, "Syrian army", None), _event(100, "Syrian army", None)
    shot = {0: TriggerForm("tirer", nominal=False)}
    assert not same_event(first, later, {**shot, 100: TriggerForm("tuer", nominal=False)})
    assert same_event(first, later, {**shot, 100: TriggerForm("tirer", nominal=False)})
    assert same_event(first, later, {**shot, 100: TriggerForm("attaque", nominal=True)})
    assert same_event(first, later, {**shot, 100: TriggerForm("tuer", nominal=False)}, lede_end=50)


def test_mentions_naming_nobody_merge_only_as_a_noun_or_after_the_lede() -> None:
    nobody = [Actor(text="gunmen", name="gunmen", code="UAF", sector="UAF")]
    first = _event(0, "x", None).model_copy(update={"actor": nobody})
    later = _event(100, "x", None).model_copy(update={"actor": nobody})
    verbs = {0: TriggerForm("shoot", nominal=False), 100: TriggerForm("kill", nominal=False)}
    assert not same_event(first, later, verbs)
    assert same_event(first, later, {**verbs, 100: TriggerForm("attack", nominal=True)})
    assert same_event(first, later, verbs, lede_end=lede_end("Gunmen shot.\n\nBody."))
