"""``veille stats``: what a database holds (counts by type, country, month; top actors and sources)."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from veille.cli.options import QUIET, VERBOSE, configure_logging
from veille.store import DEFAULT_DB, Store, StoreError
from veille.store.stats import store_stats

TABLES = (("by_type", ("type", "events")), ("by_country", ("country", "events")), ("by_month", ("month", "events")),
          ("by_language", ("language", "documents")), ("top_actors", ("actor", "code", "events")),
          ("top_sources", ("source", "documents")))


def _print_tables(stats: dict[str, Any]) -> None:
    console = Console()
    totals = stats["totals"]
    console.print(", ".join(f"{n} {name}" for name, n in totals.items()))
    for key, headers in TABLES:
        table = Table(title=key.replace("_", " "), title_justify="left")
        for header in headers:
            table.add_column(header, justify="right" if header in ("events", "documents") else "left")
        for row in stats[key]:
            table.add_row(*("" if cell is None else str(cell) for cell in row))
        console.print(table)


def stats(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    top: int = typer.Option(10, "--top", min=1, help="How many actors and sources to list."),
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Counts of a database: events by type, country and month, documents by language, top actors and sources.

    Events are real-world events (clusters of reports); a month is the first month of the event's date,
    else of its report.
    """
    if verbose or quiet:
        configure_logging(verbose, quiet)
    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose table or json", param_hint="--format")
    try:
        with Store(db, readonly=True) as store:
            result = store_stats(store.conn, top=top)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        _print_tables(result)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("stats")(stats)
