"""``veille events``: query stored events with filters; export csv, jsonl, geojson or parquet."""

from __future__ import annotations

import sys
from typing import get_args

import typer

from veille.cli.options import QUIET, VERBOSE, chosen_format, configure_logging, validate_published
from veille.model import EventStatus, PloverType
from veille.store import DEFAULT_DB, EventFilters, Store, StoreError
from veille.store.export import FORMATS, export
from veille.store.query import FilterError, country_code


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


def _validate_country(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return country_code(value)
    except FilterError as exc:
        raise typer.BadParameter(str(exc)) from None


def _print_schema(value: bool) -> None:
    if value:
        from veille.store.codebook import schema_text

        sys.stdout.write(schema_text())
        raise typer.Exit()


FORMAT_HELP = ("jsonl (one line per report), csv / parquet / geojson (one row per event); default: from the "
               "--out file's extension, else jsonl.")
TEXT_HELP = "Text search in the reporting documents: the words as a phrase (FTS5 syntax with --fts)."


def events(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    fmt: str | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    out: str | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)."),
    types: list[str] = typer.Option([], "--type", "-t", callback=_validate_types,
                                    help="PLOVER type (repeatable): ASSAULT, PROTEST..."),
    statuses: list[str] = typer.Option([], "--status", callback=_validate_statuses,
                                       help="occurred, ongoing, planned... (repeatable)."),
    actor: str | None = typer.Option(None, "--actor",
                                     help="Actor or target: name or the article's spelling (substring, accents "
                                          "ignored) or code (RUS, IGO)."),
    country: str | None = typer.Option(None, "--country", callback=_validate_country,
                                       help="Country of the event's place: name, alpha-2 or alpha-3 (Syria, SY, SYR)."),
    place: str | None = typer.Option(None, "--place", help="Place name (substring) or GeoNames id."),
    since: str | None = typer.Option(None, "--since", callback=validate_published,
                                     help="Events whose date reaches this day or later (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", callback=validate_published,
                                     help="Events whose date starts on or before this day (YYYY-MM-DD)."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", min=0.0, max=1.0),
    text: str | None = typer.Option(None, "--text", "-q", help=TEXT_HELP),
    fts: bool = typer.Option(False, "--fts", help="Read --text as an FTS5 query (OR, NOT, prefix*, \"phrases\")."),
    story: str | None = typer.Option(None, "--story", help="Only the events of this story."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="At most this many reports."),
    schema: bool = typer.Option(False, "--schema", callback=_print_schema, is_eager=True,
                                help="Print the export columns (the codebook) and exit."),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Query stored events. An event's date covers days (a day, a week, a year): --since/--until keep the
    events whose days meet the range; an event with no date uses its report's publication day."""
    if verbose or quiet:
        configure_logging(verbose, quiet)
    chosen = chosen_format(fmt, out, FORMATS)
    filters = EventFilters(types=types, statuses=statuses, actor=actor, country=country, place=place,
                           since=since, until=until, min_confidence=min_confidence, text=text, fts=fts,
                           story=story, limit=limit)
    try:
        with Store(db, readonly=True) as store:
            export(store.events(filters), chosen, out)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except ValueError as exc:  # parquet to a terminal
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except OSError as exc:
        print(f"veille: cannot write {out or 'stdout'}: {exc.strerror or exc}", file=sys.stderr)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("events")(events)
