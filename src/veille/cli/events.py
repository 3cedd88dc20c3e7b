"""``veille events``: query stored events with filters; export csv, jsonl, geojson or parquet."""

from __future__ import annotations

import sys
from typing import get_args

import typer

from veille.cli.options import validate_published
from veille.model import EventStatus, PloverType
from veille.store import DEFAULT_DB, EventFilters, Store, StoreError
from veille.store.export import FORMATS, export


def _validate_types(values: list[str]) -> list[str]:
    known = get_args(PloverType)
    for v in values:
        if v.upper() not in known:
            raise typer.BadParameter(f"{v!r} is not a PLOVER type ({', '.join(known)})")
    return [v.upper() for v in values]


def _validate_statuses(values: list[str]) -> list[str]:
    known = get_args(EventStatus)
    for v in values:
        if v.lower() not in known:
            raise typer.BadParameter(f"{v!r} is not an event status ({', '.join(known)})")
    return [v.lower() for v in values]


def events(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    fmt: str = typer.Option("jsonl", "--format", "-f",
                            help="jsonl (one line per report), csv / parquet / geojson (one row per event)."),
    out: str | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)."),
    types: list[str] = typer.Option([], "--type", "-t", callback=_validate_types,
                                    help="PLOVER type (repeatable): ASSAULT, PROTEST..."),
    statuses: list[str] = typer.Option([], "--status", callback=_validate_statuses,
                                       help="occurred, ongoing, planned... (repeatable)."),
    actor: str | None = typer.Option(None, "--actor", help="Actor or target: name (substring) or code (RUS, IGO)."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-3 of the event's place."),
    place: str | None = typer.Option(None, "--place", help="Place name (substring) or GeoNames id."),
    since: str | None = typer.Option(None, "--since", callback=validate_published,
                                     help="Event date on or after (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", callback=validate_published,
                                     help="Event date on or before (YYYY-MM-DD)."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", min=0.0, max=1.0),
    text: str | None = typer.Option(None, "--text", "-q", help="Full-text search in the reporting documents."),
    story: str | None = typer.Option(None, "--story", help="Only the events of this story."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="At most this many reports."),
) -> None:
    """Query stored events. Dates use the event's own date, else its report's publication day."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose from {', '.join(FORMATS)}", param_hint="--format")
    filters = EventFilters(types=types, statuses=statuses, actor=actor, country=country, place=place,
                           since=since, until=until, min_confidence=min_confidence, text=text, story=story,
                           limit=limit)
    try:
        with Store(db, readonly=True) as store:
            export(store.events(filters), fmt, out)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except OSError as exc:
        print(f"veille: cannot write {out or 'stdout'}: {exc.strerror or exc}", file=sys.stderr)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("events")(events)
