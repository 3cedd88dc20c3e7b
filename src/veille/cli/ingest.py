"""``veille ingest``: process files and store them in the database (idempotent, resumable)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from veille.cli.options import JOBS, LANG, MIN_CONFIDENCE, NO_EXTRACT, PATHS, PUBLISHED, URL, settings_overrides
from veille.readers import InputOptions
from veille.settings import Settings
from veille.store import DEFAULT_DB, Store, StoreError
from veille.store.ingest import BATCH_SIZE, IngestSummary, ingest_documents


def ingest(
    paths: list[str] = PATHS,
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file (created if missing)."),
    published: str | None = PUBLISHED,
    lang: str | None = LANG,
    url: str | None = URL,
    no_extract: bool = NO_EXTRACT,
    jobs: int = JOBS,
    batch_size: int = typer.Option(BATCH_SIZE, "--batch-size", min=1,
                                   help="Documents per transaction (an interruption loses at most one batch)."),
    min_confidence: float | None = MIN_CONFIDENCE,
) -> None:
    """Process PATHS and store the documents in the database.

    A document already stored (same id, or same text) is skipped, so re-running after a crash or
    Ctrl-C completes the rest. A summary goes to stderr; exit status 1 if some documents failed.
    """
    from veille.runner import process_paths

    err = Console(stderr=True)
    try:
        store = Store(db)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    options = InputOptions(published=published, lang=lang, url=url, no_extract=no_extract)
    docs = process_paths(paths, options, Settings.from_env(**settings_overrides(min_confidence)), jobs=jobs or None)
    progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(bar_width=None),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True)
    task = progress.add_task("", total=None)

    def show(s: IngestSummary) -> None:
        progress.update(task, description=f"{s.documents} documents ({s.new} new, {s.failed} failed)")

    failed_store: str | None = None
    summary = IngestSummary()
    try:
        with progress:
            ingest_documents(store, docs, batch_size=batch_size, progress=show, summary=summary)
    except StoreError as exc:
        failed_store = str(exc)
    except KeyboardInterrupt:
        store.close()
        print("veille: interrupted; what was stored is kept (run the same command again to finish)",
              file=sys.stderr)
        raise typer.Exit(130) from None
    store.close()
    for message in summary.failures:
        print(f"veille: {message}", file=sys.stderr)
    print(f"veille ingest: {summary.line()}", file=sys.stderr)
    if failed_store:
        print(f"veille: {failed_store}. The batch in flight was not stored; everything stored before it "
              "is intact. Fix the problem and run the same command again.", file=sys.stderr)
        raise typer.Exit(1)
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("ingest")(ingest)
