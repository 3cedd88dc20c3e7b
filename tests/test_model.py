"""The contract: exactly the fields of PRODUCT.md, nothing internal serialised."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from veille.model import Actor, Document, Event, RawInput, Span

CONTRACT = ["id", "url", "source", "credits", "title", "published", "language", "text", "furniture", "entities",
            "places", "times", "events", "errors"]
EVENT = ["type", "mode", "context", "status", "actor", "target", "place", "date", "fatalities", "injuries", "size",
         "cameo", "acled", "trigger", "evidence", "mentions", "confidence"]


def event(**kw: object) -> Event:
    span = Span(text="a", start=0, end=1)
    return Event(**{"type": "ASSAULT", "trigger": span, "evidence": span, "confidence": 0.5, **kw})  # type: ignore[arg-type]


def test_document_has_exactly_the_contract_fields() -> None:
    doc = Document(raw=RawInput(content="secret"), analysis=object())
    data = doc.to_dict()
    assert list(data) == CONTRACT
    assert "secret" not in doc.to_json()
    assert data["credits"] == [] and data["published"] is None


def test_event_fields_and_bounds() -> None:
    assert list(event().model_dump(mode="json")) == EVENT
    with pytest.raises(ValidationError):
        event(confidence=1.5)
    with pytest.raises(ValidationError):
        event(type="FIGHT")
    with pytest.raises(ValidationError):
        Event(type="AGREE", confidence=0.5)  # type: ignore[call-arg]


def test_round_trip_and_strict_names() -> None:
    doc = Document(id="d1", text="x", events=[event(actor=[Actor(text="Lavrov", name="Sergey Lavrov", code="RUS")])])
    again = Document.model_validate(json.loads(doc.to_json()))
    assert again.to_dict() == doc.to_dict()
    with pytest.raises(ValidationError):
        Document.model_validate({"id": "x", "unknown_field": 1})
