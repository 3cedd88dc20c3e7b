"""The output contract: one typed record per document, serialising exactly to the JSON of PRODUCT.md.

Every field of the contract is present from the start; a stage that has not run yet leaves its
fields empty (``[]`` or ``null``), never invented. Fields may be added, none removed or renamed:
outside tools read this shape.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FurnitureKind = Literal[
    "title", "share", "ad", "related", "credit", "byline", "copyright", "navigation", "other"
]
EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
EventStatus = Literal["occurred", "ongoing", "planned", "proposed", "negated", "hypothetical"]
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class Record(BaseModel):
    """Base of every contract record: strict field names, assignment validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Furniture(Record):
    """A piece of page furniture removed from the body, kept so a user can see what was dropped."""

    text: str
    kind: FurnitureKind


class ErrorRecord(Record):
    """A problem met on a document; processing goes on where it can."""

    stage: str
    message: str


class Span(Record):
    """A stretch of ``Document.text``: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


class Actor(Record):
    """Who acts: canonical English name, ISO 3166-1 alpha-3 (or IGO/NGO/IMG), CAMEO-style sector."""

    text: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None


class Entity(Span):
    """A named mention: person, organisation, location or other."""

    label: EntityLabel
    actor: Actor | None = None


class Place(Record):
    """A place mention resolved to GeoNames; unresolved fields stay null."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None


class Time(Span):
    """A temporal expression with its TIMEX3 type and normalised value."""

    type: TimeType
    value: str | None = None


class EventDate(Record):
    """The date of an event: the expression, its TIMEX3 value, and the ISO days that value covers.

    ``earliest``, ``latest`` and ``precision`` follow from ``value`` (``2016-W36`` → 2016-09-05,
    2016-09-11, ``week``; see :func:`veille.times.interval.timex_interval`): they are computed here,
    whenever a date is built or its value changes, so no stage can leave them out of step.
    """

    text: str
    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    precision: str | None = None

    @model_validator(mode="after")
    def _days_of_value(self) -> EventDate:
        from veille.times.interval import timex_interval  # veille.times imports this module

        span = timex_interval(self.value)
        # Written to __dict__: assigning the fields would validate again, and so call this again.
        self.__dict__.update(
            earliest=span.earliest.isoformat() if span else None,
            latest=span.latest.isoformat() if span else None,
            precision=span.precision if span else None,
        )
        return self


class AcledType(Record):
    """ACLED crosswalk of an event type."""

    event_type: str
    sub_event_type: str | None = None


class Event(Record):
    """One event coded in PLOVER, with its crosswalks, arguments and evidence."""

    type: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    status: EventStatus = "occurred"
    actor: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    place: Place | None = None
    date: EventDate | None = None
    fatalities: int | None = None
    injuries: int | None = None
    size: int | None = None
    cameo: str | None = None
    acled: AcledType | None = None
    trigger: Span
    evidence: Span
    mentions: list[Span] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)


class RawInput(BaseModel):
    """What a reader found, before extraction: never serialised, it is not part of the contract."""

    model_config = ConfigDict(extra="forbid")

    content: str = ""
    kind: Literal["html", "text"] = "text"
    origin: str = ""
    """Where the record came from, for messages: ``file``, ``file:line 3``, ``file#entry 2``."""
    clean: bool = False
    """True when ``content`` is already the clean body (``--no-extract``): ``text`` is then the input."""
    place_spans: list[tuple[int, int]] | None = None
    """Bring-your-own place mentions (JSONL ``places``): resolve exactly these spans."""
    fallback_published: str | None = None
    """The user's ``--published``: the publication date of a document that states none of its own."""
    skipped: bool = False
    """Already stored (same id or same input): passed over without running the pipeline."""
    failed: bool = False
    """The reader could not produce a document (binary, undecodable, malformed line...)."""


class Document(Record):
    """One processed news document: the record printed as one JSON line and stored."""

    id: str | None = None
    url: str | None = None
    source: str | None = None
    credits: list[str] = Field(default_factory=list)
    title: str | None = None
    published: str | None = None
    language: str | None = None
    text: str = ""
    furniture: list[Furniture] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    errors: list[ErrorRecord] = Field(default_factory=list)

    raw: RawInput | None = Field(default=None, exclude=True, repr=False)
    """The input before extraction; excluded from every serialisation."""
    analysis: Any = Field(default=None, exclude=True, repr=False)
    """Linguistic analysis shared by stages (spaCy chunks); dropped when the pipeline ends."""

    @field_validator("published", mode="before")
    @classmethod
    def _iso_published(cls, value: object) -> object:
        """``published`` is always ISO 8601, whatever form it was given in (a ``datetime.date`` too)."""
        from veille.times.interval import normalise_published

        if isinstance(value, str | dt.date):
            return normalise_published(value)
        return value

    def add_error(self, stage: str, message: str) -> None:
        """Record a problem met by ``stage`` on this document."""
        self.errors.append(ErrorRecord(stage=stage, message=message))

    @property
    def failed(self) -> bool:
        """The input could not be read or extracted (a page with no article text has not failed)."""
        return self.raw is not None and self.raw.failed

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, as a plain dict."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        """The contract's JSON object on one line (UTF-8, not ASCII-escaped)."""
        return json_line(self.to_dict())


# Characters that JSON allows raw inside strings but that line readers (Python's str.splitlines,
# JavaScript's line terminators) take for line ends: escaped so that one record stays one line.
_LINE_BREAKERS = {ord(ch): f"\\u{ord(ch):04x}" for ch in "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"}


def json_line(value: Any) -> str:
    """``value`` as one line of JSON Lines: UTF-8 text, with every line-breaking character escaped."""
    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKERS)
