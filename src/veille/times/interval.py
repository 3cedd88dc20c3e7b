"""Calendar intervals of TIMEX3 values, and publication dates normalised to ISO 8601.

A TIMEX3 value names a stretch of the calendar at some precision: ``2016-09-08`` a day, ``2016-W36`` an
ISO week, ``2020-SU`` a season, ``2009`` a year. Analysts filter and plot on days, so every event date
also carries the first and last ISO day it covers and the name of its precision; a value whose year is
unknown (``XXXX-09-06``) or that only points at the past (``PAST_REF``) covers no known days.

No library maps TIMEX3 values to intervals (dateparser and dateutil read human dates, not TIMEX3), so
the few value shapes the tagger writes are handled here, one small function each.

This module imports nothing of veille, so :mod:`veille.model` can use it without an import cycle.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

Precision = str
"""``day``, ``week``, ``weekend``, ``month``, ``season``, ``quarter``, ``half``, ``year``, ``decade``, ``century``."""


class DateInterval(NamedTuple):
    """The first and last day a TIMEX3 value covers, and its precision."""

    earliest: dt.date
    latest: dt.date
    precision: Precision


# Seasons as meteorologists count them (northern hemisphere): whole months, so that a season's
# interval never depends on a solstice's hour. Winter runs from December into the next year.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
QUARTER_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
HALF_MONTHS = {"H1": (1, 6), "H2": (7, 12)}


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """From the first day of month ``first`` to the last day of month ``last`` (``last`` may pass 12)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def _day(match: re.Match[str]) -> DateInterval:
    """``2016-09-08``, also with a time or part of day (``2019-11-14TNI``, ``2016-09-08T14:00``)."""
    day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    return DateInterval(day, day, "day")


def _week(match: re.Match[str]) -> DateInterval:
    """``2016-W36`` (Monday to Sunday) or ``2016-W36-WE`` (its Saturday and Sunday)."""
    monday = dt.date.fromisocalendar(int(match["y"]), int(match["w"]), 1)
    if match["we"]:
        return DateInterval(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "weekend")
    return DateInterval(monday, monday + dt.timedelta(days=6), "week")


def _month(match: re.Match[str]) -> DateInterval:
    """``2016-09``."""
    first, last = _months(int(match["y"]), int(match["m"]), int(match["m"]))
    return DateInterval(first, last, "month")


def _part_of_year(match: re.Match[str]) -> DateInterval:
    """``2020-SU`` (season), ``2020-Q2`` (quarter), ``2020-H1`` (half year)."""
    code = match["p"]
    for table, precision in ((SEASON_MONTHS, "season"), (QUARTER_MONTHS, "quarter"), (HALF_MONTHS, "half")):
        if code in table:
            first, last = _months(int(match["y"]), *table[code])
            return DateInterval(first, last, precision)
    raise ValueError(code)


def _year(match: re.Match[str]) -> DateInterval:
    """``2009``."""
    year = int(match["y"])
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _decade(match: re.Match[str]) -> DateInterval:
    """``201`` or ``201X``: the 2010s."""
    start = int(match["c"]) * 10
    return DateInterval(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade")


def _century(match: re.Match[str]) -> DateInterval:
    """``19`` or ``19XX``: the years 1900 to 1999, as TIMEX3 writes centuries."""
    start = int(match["c"]) * 100
    return DateInterval(dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31), "century")


_SHAPES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], DateInterval]]] = [
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T.*)?"), _day),
    (re.compile(r"(?P<y>\d{4})-W(?P<w>\d\d)(?P<we>-WE)?"), _week),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)"), _month),
    (re.compile(r"(?P<y>\d{4})-(?P<p>SP|SU|FA|WI|Q[1-4]|H[12])"), _part_of_year),
    (re.compile(r"(?P<y>\d{4})"), _year),
    (re.compile(r"(?P<c>\d{3})X?"), _decade),
    (re.compile(r"(?P<c>\d{2})(?:XX)?"), _century),
]


def timex_interval(value: str | None) -> DateInterval | None:
    """The days a TIMEX3 date value covers, or None when it covers no known days.

    ``2016-W36`` → 2016-09-05..2016-09-11 (week); ``2019-11-14TNI`` → that day; ``2020-SU`` →
    2020-06-01..2020-08-31 (season); ``2009`` → the year; ``XXXX-09-06``, ``PAST_REF``, durations → None.
    """
    if not value:
        return None
    for pattern, interval in _SHAPES:
        match = pattern.fullmatch(value)
        if match:
            try:
                return interval(match)
            except ValueError:  # an impossible calendar date ("2016-02-31", week 54)
                return None
    return None


# --- publication dates --------------------------------------------------------------------------

_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_ISO_PARTIAL = re.compile(r"\d{4}(?:-\d\d)?")
_NUMERIC_DAY_MONTH = re.compile(r"\s*(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-]\d{2,4}\b")


class PublishedError(ValueError):
    """A publication date that cannot be read as a date."""


def normalise_published(value: str | dt.date | dt.datetime) -> str:
    """``value`` as an ISO 8601 string: ``2023-08-15``, or with its time ``2023-08-15T10:00:00+00:00``.

    ISO input is kept as given (``2016-09-08``, ``2016-09``, ``2016-09-08T10:00:00Z``); ``15/08/2023``,
    ``Feb 2, 2024``, ``2 février 2024``, RFC 822 feed dates are read by dateparser. Raises
    :class:`PublishedError` for what is not a date, or a numeric date whose day and month could be
    swapped (``03/04/2023``): a wrong month is worse than no date.
    """
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip()
    if _ISO_PARTIAL.fullmatch(text):
        return text
    if _ISO_DAY.match(text):
        try:
            dt.datetime.fromisoformat(text)
            return text
        except ValueError:
            pass
    return _parse_human_date(text)


def _parse_human_date(text: str) -> str:
    """A date written for people, read by dateparser; only whole dates (no part filled from today)."""
    numeric = _NUMERIC_DAY_MONTH.match(text)
    if numeric and int(numeric["a"]) <= 12 and int(numeric["b"]) <= 12 and numeric["a"] != numeric["b"]:
        raise PublishedError(f"{text!r} is ambiguous (day and month could be swapped): write it YYYY-MM-DD")
    import dateparser  # imported here: it takes half a second, and most inputs are ISO already

    order = "DMY" if numeric and int(numeric["a"]) > 12 else "MDY" if numeric else None
    settings: dict[str, object] = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    if order:
        settings["DATE_ORDER"] = order
    parsed = dateparser.parse(text, settings=settings)
    if parsed is None:
        raise PublishedError(f"{text!r} is not a date veille can read (write it YYYY-MM-DD)")
    has_time = parsed.time() != dt.time(0) or parsed.tzinfo is not None
    return parsed.isoformat() if has_time else parsed.date().isoformat()
