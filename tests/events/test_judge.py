"""The event judge (veille.events.judge): its model, its features and its threshold, on real parses."""

from __future__ import annotations

import math

import veille
from veille.events.document import Candidate
from veille.events.judge import JudgeModel, candidate_features, judge_model, judged
from veille.model import Actor, Document, Event, Span


def _event(start: int, kind: str = "PROTEST", confidence: float = 0.5) -> Event:
    return Event(type=kind, status="occurred", actor=[Actor(text="a", name="a", code="FRA")],
                 trigger=Span(text="t", start=start, end=start + 1),
                 evidence=Span(text="s", start=start, end=start + 10), confidence=confidence)


def test_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = JudgeModel(weights={"type:PROTEST": 2.0, "actor": -1.0}, intercept=0.5)
    assert math.isclose(model.probability({"type:PROTEST": 1.0, "actor": 1.0}), 1 / (1 + math.exp(-1.5)))
    assert model.probability({"unknown": 5.0}) == 1 / (1 + math.exp(-0.5))


def test_threshold_drops_the_less_likely_and_sets_confidence() -> None:
    doc = Document(id="d", text="x" * 200, language="fr")
    model = JudgeModel(weights={"type:ASSAULT": 3.0, "type:PROTEST": -3.0}, intercept=0.0)
    kept = judged([Candidate(_event(0, "ASSAULT")), Candidate(_event(50, "PROTEST"))], doc, 0.5, model)
    assert [e.type for e in kept] == ["ASSAULT"]
    assert kept[0].confidence == round(1 / (1 + math.exp(-3.0)), 3)


def test_features_count_earlier_candidates_of_the_same_type() -> None:
    doc = Document(id="d", text="x" * 200, language="fr")
    rows = candidate_features([Candidate(_event(0)), Candidate(_event(50)), Candidate(_event(100, "ASSAULT"))], doc)
    assert "same_type_before" not in rows[0] and rows[0]["same_type_first"] == 1.0
    assert rows[1]["same_type_before"] > 0 and "same_type_first" not in rows[1]
    assert rows[2]["same_type_first"] == 1.0


def test_the_shipped_model_is_read_and_keeps_a_plain_event() -> None:
    model = judge_model()
    assert model is not None and model.weights
    doc = veille.process("Police arrested twelve protesters in Lagos on Wednesday after clashes near parliament.",
                         lang="en", published="2020-03-04")
    arrests = [e for e in doc.events if e.type == "COERCE"]
    assert arrests and all(0.0 < e.confidence < 1.0 for e in doc.events)
