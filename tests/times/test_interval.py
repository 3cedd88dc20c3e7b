"""TIMEX3 values as calendar intervals, and publication dates normalised (issue 18, defect 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from veille.model import Document, EventDate
from veille.times.interval import PublishedError, normalise_published, timex_interval


@pytest.mark.parametrize(("value", "earliest", "latest", "precision"), [
    ("2016-09-08", "2016-09-08", "2016-09-08", "day"),
    ("2019-11-14TNI", "2019-11-14", "2019-11-14", "day"),
    ("2016-09-08T14:00", "2016-09-08", "2016-09-08", "day"),
    ("2016-W36", "2016-09-05", "2016-09-11", "week"),
    ("2020-W16", "2020-04-13", "2020-04-19", "week"),
    ("2016-W36-WE", "2016-09-10", "2016-09-11", "weekend"),
    ("2016-02", "2016-02-01", "2016-02-29", "month"),
    ("2020-SU", "2020-06-01", "2020-08-31", "season"),
    ("2020-WI", "2020-12-01", "2021-02-28", "season"),
    ("2020-Q2", "2020-04-01", "2020-06-30", "quarter"),
    ("2020-H2", "2020-07-01", "2020-12-31", "half"),
    ("2009", "2009-01-01", "2009-12-31", "year"),
    ("201", "2010-01-01", "2019-12-31", "decade"),
    ("201X", "2010-01-01", "2019-12-31", "decade"),
    ("19", "1900-01-01", "1999-12-31", "century"),
])
def test_timex_values_cover_their_days(value: str, earliest: str, latest: str, precision: str) -> None:
    span = timex_interval(value)
    assert span is not None
    assert (span.earliest.isoformat(), span.latest.isoformat(), span.precision) == (earliest, latest, precision)


@pytest.mark.parametrize("value", ["XXXX-09-06", "XXXX-WXX-3", "PAST_REF", "PRESENT_REF", "P3D", "PT48H",
                                   "2016-02-31", "2016-W54", "", None])
def test_values_without_known_days_have_no_interval(value: str | None) -> None:
    assert timex_interval(value) is None


def test_event_date_carries_its_interval_and_follows_its_value() -> None:
    date = EventDate(text="la semaine dernière", value="2016-W36")
    assert date.model_dump() == {"text": "la semaine dernière", "value": "2016-W36", "earliest": "2016-09-05",
                                 "latest": "2016-09-11", "precision": "week"}
    date.value = "XXXX-09-06"
    assert (date.earliest, date.latest, date.precision) == (None, None, None)


@pytest.mark.parametrize(("given", "stored"), [
    ("2016-09-08", "2016-09-08"),
    ("2016-09-08T10:00:00Z", "2016-09-08T10:00:00Z"),
    ("15/08/2023", "2023-08-15"),
    ("Feb 2, 2024", "2024-02-02"),
    ("2 février 2024", "2024-02-02"),
    ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+00:00"),
    (dt.date(2024, 2, 2), "2024-02-02"),
    (dt.datetime(2024, 2, 2, 9, 30), "2024-02-02T09:30:00"),
])
def test_published_is_stored_as_iso_whatever_its_form(given: str | dt.date, stored: str) -> None:
    assert normalise_published(given) == stored
    assert Document(published=given).published == stored


@pytest.mark.parametrize("given", ["03/04/2023", "someday", "Feb 2024x"])
def test_unreadable_or_ambiguous_published_is_refused(given: str) -> None:
    with pytest.raises(PublishedError):
        normalise_published(given)
    with pytest.raises(ValidationError):
        Document(published=given)
