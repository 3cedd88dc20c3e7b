"""``veille docs``: list stored documents, with their story and the copy they reprint."""

from __future__ import annotations

import sys

import typer

from veille.cli.options import QUIET, VERBOSE, chosen_format, configure_logging, validate_lang, validate_published
from veille.store import DEFAULT_DB, DocFilters, Store, StoreError
from veille.store.export import DOC_FORMATS, export_documents


def docs(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="csv, jsonl or parquet; default: from the --out file's extension, else jsonl."),
    out: str | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)."),
    text: str | None = typer.Option(None, "--text", "-q", help="Text search in titles and bodies (a phrase)."),
    fts: bool = typer.Option(False, "--fts", help="Read --text as an FTS5 query (OR, NOT, prefix*, \"phrases\")."),
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
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """List stored documents: id, url, title, published, language, source, story, duplicate_of."""
    if verbose or quiet:
        configure_logging(verbose, quiet)
    chosen = chosen_format(fmt, out, DOC_FORMATS)
    filters = DocFilters(text=text, fts=fts, language=language, source=source, story=story, since=since,
                         until=until, include_duplicates=not no_duplicates, limit=limit)
    try:
        with Store(db, readonly=True) as store:
            export_documents(store.documents(filters, full=full and chosen == "jsonl"), chosen, out)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except ValueError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    except OSError as exc:
        print(f"veille: cannot write {out or 'stdout'}: {exc.strerror or exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("docs")(docs)
