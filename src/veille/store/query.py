"""Filters for ``veille events`` and ``veille docs``, turned into parameterised SQL.

Each filter adds one readable condition; values are always bound parameters, never pasted into SQL.
What users type is read as they mean it: text search is a phrase unless FTS5 syntax is asked for,
a country is a name, an alpha-2 or an alpha-3 code, an actor's name is matched without accents.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class FilterError(ValueError):
    """A filter value veille cannot read (an unknown country): the message says which and why."""


def fts_phrase(text: str) -> str:
    """User text as an FTS5 query of one phrase: ``U.S.`` or ``C'est`` are words, not syntax."""
    return '"' + text.replace('"', '""') + '"'


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-3 of a country given by alpha-3, alpha-2 or name ("Syria", "SY", "SYR")."""
    import pycountry

    text = value.strip()
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(text)[0]
        except LookupError:
            raise FilterError(f"{value!r} is not a country veille knows (give a name, or an ISO 3166 "
                              "alpha-2 or alpha-3 code: Syria, SY, SYR)") from None
    return str(found.alpha_3)


@dataclass
class DocFilters:
    """Which documents to list."""

    text: str | None = None
    """Full-text search over titles and bodies: the words as a phrase (FTS5 syntax with ``fts``)."""
    fts: bool = False
    """Read ``text`` as an FTS5 query (words, "phrases", OR, NOT, prefix*)."""
    language: str | None = None
    source: str | None = None
    story: str | None = None
    since: str | None = None
    """Published on or after this day (YYYY-MM-DD)."""
    until: str | None = None
    """Published on or before this day (YYYY-MM-DD)."""
    include_duplicates: bool = True
    limit: int | None = None


@dataclass
class EventFilters:
    """Which events to list; a filter left empty does not filter."""

    types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    actor: str | None = None
    """An actor or target: name (case-insensitive, substring) or exact code (RUS, IGO...)."""
    country: str | None = None
    """ISO 3166-1 alpha-3 of the event's place."""
    place: str | None = None
    """Place name (case-insensitive, substring) or GeoNames id."""
    since: str | None = None
    """Events whose days reach this day or later: an event's date covers ``date_earliest`` to
    ``date_latest`` (a week, a year...); an event with no known days uses its report's publication day."""
    until: str | None = None
    min_confidence: float | None = None
    text: str | None = None
    """Full-text search over the titles and bodies of the documents reporting the events (a phrase)."""
    fts: bool = False
    """Read ``text`` as an FTS5 query."""
    story: str | None = None
    limit: int | None = None


# The days an event covers: its own date's interval, else the day it was reported.
_EVENT_FIRST_DAY = "coalesce(e.date_earliest, substr(d.published, 1, 10))"
_EVENT_LAST_DAY = "coalesce(e.date_latest, substr(d.published, 1, 10))"


def _text_match(text: str, fts: bool) -> str:
    return text if fts else fts_phrase(text)


def docs_sql(f: DocFilters) -> tuple[str, list[object]]:
    """SELECT for documents matching ``f``."""
    where: list[str] = []
    args: list[object] = []
    if f.text:
        where.append("d.pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        args.append(_text_match(f.text, f.fts))
    if f.language:
        where.append("d.language = ?")
        args.append(f.language)
    if f.source:
        where.append("d.source = ? COLLATE NOCASE")
        args.append(f.source)
    if f.story:
        where.append("d.story = ?")
        args.append(f.story)
    if f.since:
        where.append("substr(d.published, 1, 10) >= ?")
        args.append(f.since)
    if f.until:
        where.append("substr(d.published, 1, 10) <= ?")
        args.append(f.until)
    if not f.include_duplicates:
        where.append("d.duplicate_of IS NULL")
    sql = """
        SELECT d.pk, d.id, d.url, d.title, d.published, d.language, d.source, d.story, d.duplicate_of,
               d.text, d.record
        FROM documents AS d
    """
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY d.pk"
    if f.limit is not None:
        sql += " LIMIT ?"
        args.append(f.limit)
    return sql, args


def events_sql(f: EventFilters) -> tuple[str, list[object]]:
    """SELECT for events matching ``f``: cluster, document id, url, source, published, story, record."""
    where: list[str] = []
    args: list[object] = []
    if f.types:
        where.append(f"e.type IN ({','.join('?' * len(f.types))})")
        args += [t.upper() for t in f.types]
    if f.statuses:
        where.append(f"e.status IN ({','.join('?' * len(f.statuses))})")
        args += [s.lower() for s in f.statuses]
    if f.actor:
        # fold(): lower case without accents (registered by the store), on the canonical name and on
        # the article's own spelling of it.
        where.append("""e.pk IN (SELECT event_pk FROM event_actors
                                 WHERE code = ? OR fold(name) LIKE '%' || fold(?) || '%'
                                    OR fold(text) LIKE '%' || fold(?) || '%')""")
        args += [f.actor.upper(), f.actor, f.actor]
    if f.country:
        where.append("e.country = ?")
        args.append(country_code(f.country))
    if f.place:
        if f.place.isdigit():
            where.append("e.geonameid = ?")
            args.append(int(f.place))
        else:
            where.append("e.place LIKE '%' || ? || '%' COLLATE NOCASE")
            args.append(f.place)
    if f.since:
        where.append(f"{_EVENT_LAST_DAY} >= ?")
        args.append(f.since)
    if f.until:
        where.append(f"{_EVENT_FIRST_DAY} <= ?")
        args.append(f.until)
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        args.append(f.min_confidence)
    if f.text:
        where.append("d.pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        args.append(_text_match(f.text, f.fts))
    if f.story:
        where.append("d.story = ?")
        args.append(f.story)
    sql = """
        SELECT e.cluster, d.id, d.url, d.source, d.published, d.story, e.record, e.id
        FROM events AS e JOIN documents AS d ON d.pk = e.doc_pk
    """
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY e.cluster, e.confidence DESC, e.pk"
    if f.limit is not None:
        sql += " LIMIT ?"
        args.append(f.limit)
    return sql, args
