"""``veille docs``: list stored documents, with their story and the copy they reprint."""

from __future__ import annotations

import csv
import sys

import typer

from veille.cli.options import validate_lang, validate_published
from veille.model import json_line
from veille.store import DEFAULT_DB, DocFilters, Store, StoreError

DOC_COLUMNS = ["id", "url", "title", "published", "language", "source", "story", "duplicate_of"]


def docs(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="csv or jsonl."),
    text: str | None = typer.Option(None, "--text", "-q", help="Full-text search (FTS5 syntax) in titles and bodies."),
    language: str | None = typer.Option(None, "--language", callback=validate_lang, help="ISO 639-1 code."),
    source: str | None = typer.Option(None, "--source", help="Outlet name."),
    story: str | None = typer.Option(None, "--story", help="Only the documents of this story."),
    since: str | None = typer.Option(None, "--since", callback=validate_published,
                                     help="Published on or after (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", callback=validate_published,
                                     help="Published on or before (YYYY-MM-DD)."),
    no_duplicates: bool = typer.Option(False, "--no-duplicates", help="Leave out reprints."),
    full: bool = typer.Option(False, "--full", help="jsonl: the whole record (text, entities, events...)."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="At most this many documents."),
) -> None:
    """List stored documents: id, url, title, published, language, source, story, duplicate_of."""
    if fmt not in ("csv", "jsonl"):
        raise typer.BadParameter(f"{fmt!r}: choose csv or jsonl", param_hint="--format")
    filters = DocFilters(text=text, language=language, source=source, story=story, since=since, until=until,
                         include_duplicates=not no_duplicates, limit=limit)
    try:
        with Store(db, readonly=True) as store:
            rows = store.documents(filters, full=full and fmt == "jsonl")
            if fmt == "csv":
                writer = csv.DictWriter(sys.stdout, fieldnames=DOC_COLUMNS, extrasaction="ignore",
                                        lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            else:
                for row in rows:
                    sys.stdout.write(json_line(row) + "\n")
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("docs")(docs)
