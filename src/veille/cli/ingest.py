"""``veille ingest``: process files and store them in the database (idempotent, resumable)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from veille.cli import options as opt
from veille.cli.report import LanguageNotes
from veille.model import Document
from veille.readers import InputOptions
from veille.readers.count import estimate_documents
from veille.settings import Settings
from veille.store import DEFAULT_DB, StoreError
from veille.store.ingest import BATCH_SIZE, COMMIT_SECONDS, AlreadyStored, IngestSummary, ingest_documents


def ingest(
    paths: list[str] = opt.PATHS,
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file (created if missing)."),
    published: str | None = opt.PUBLISHED,
    force_published: bool = opt.FORCE_PUBLISHED,
    lang: str | None = opt.LANG,
    url: str | None = opt.URL,
    no_extract: bool = opt.NO_EXTRACT,
    update: bool = typer.Option(False, "--update",
                                help="Replace a stored document whose input changed (same id, corrected text)."),
    jobs: int = opt.JOBS,
    force_jobs: bool = opt.FORCE_JOBS,
    batch_size: int = typer.Option(BATCH_SIZE, "--batch-size", min=1,
                                   help="Documents per transaction (an interruption loses at most one batch)."),
    commit_seconds: float = typer.Option(COMMIT_SECONDS, "--commit-seconds", min=0.1,
                                         help="Commit a batch at least this often, however small."),
    verbose: int = opt.VERBOSE,
    quiet: bool = opt.QUIET,
    min_confidence: float | None = opt.MIN_CONFIDENCE,
) -> None:
    """Process PATHS and store the documents in the database; a folder written by `veille batch` is
    loaded as it is, without running the pipeline again.

    A document already stored (same id, or same input) is skipped before any processing, so re-running
    after a crash or Ctrl-C completes the rest quickly; --update replaces corrected documents. A summary
    goes to stderr; exit status 1 if some documents failed.
    """
    if verbose or quiet:
        opt.configure_logging(verbose, quiet)
    err = Console(stderr=True)
    settings = opt.load_settings(min_confidence)
    store = opt.open_store(db)
    options = InputOptions(published=published, force_published=force_published, lang=lang, url=url,
                           no_extract=no_extract)
    check = AlreadyStored(store, update)
    docs = _documents(paths, options, settings, jobs, force_jobs, check)
    progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(bar_width=None), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(), TimeRemainingColumn(),
                        console=err, transient=True, disable=quiet)
    task = progress.add_task("", total=_expected(paths))
    languages = LanguageNotes()

    def show(s: IngestSummary) -> None:
        progress.update(task, completed=s.seen,
                        description=f"({s.new} stored, {s.skipped} already stored, {s.failed} failed)")

    def noted(stream: Iterator[Document]) -> Iterator[Document]:
        for doc in stream:
            languages.add(doc)
            yield doc

    failed_store: str | None = None
    summary = IngestSummary()
    try:
        with progress:
            ingest_documents(store, noted(docs), batch_size=batch_size, progress=show, summary=summary,
                             update=update, commit_seconds=commit_seconds)
    except StoreError as exc:
        failed_store = str(exc)
    except KeyboardInterrupt:
        store.close()
        print(f"veille: interrupted; {summary.new} documents stored are kept (run the same command again "
              "to finish)", file=sys.stderr)
        raise typer.Exit(130) from None
    store.close()
    _report(summary, languages, check, failed_store, quiet)


def _expected(paths: list[str]) -> int | None:
    """Documents the inputs hold, when it can be known cheaply (a batch output's manifest says)."""
    from veille.batch.output import is_batch_output, output_records

    batches = [p for p in paths if is_batch_output(p)]
    others = estimate_documents([p for p in paths if p not in batches]) if len(batches) < len(paths) else 0
    return None if others is None else others + sum(output_records(Path(p)) for p in batches)


def _documents(paths: list[str], options: InputOptions, settings: Settings, jobs: int, force_jobs: bool,
               check: AlreadyStored) -> Iterator[Document]:
    """The documents to store, in the order given: a folder written by ``veille batch`` gives its processed
    documents as they are (the pipeline does not run again), other paths are read and processed."""
    from veille.batch.output import is_batch_output, iter_output_documents
    from veille.runner import process_paths

    group: list[str] = []
    for path in paths:
        if is_batch_output(path):
            if group:
                yield from process_paths(group, options, settings, jobs=jobs or None, force_jobs=force_jobs, skip=check)
                group = []
            yield from iter_output_documents(Path(path))
        else:
            group.append(path)
    if group:
        yield from process_paths(group, options, settings, jobs=jobs or None, force_jobs=force_jobs, skip=check)


def _report(summary: IngestSummary, languages: LanguageNotes, check: AlreadyStored, failed_store: str | None,
            quiet: bool) -> None:
    """The end-of-run lines on stderr, and the exit status."""
    for message in summary.failures:
        print(f"veille: {message}", file=sys.stderr)
    if not quiet:
        print(f"veille ingest: {summary.line()}", file=sys.stderr)
        if languages.counts:
            print(f"veille ingest: {languages.line()}", file=sys.stderr)
        if check.changed:
            print(f"veille ingest: {check.changed} inputs have a stored id but new content: the stored version "
                  "was kept (--update replaces it)", file=sys.stderr)
    if failed_store:
        print(f"veille: {failed_store}. The batch in flight was not stored; everything stored before it "
              "is intact. Fix the problem and run the same command again.", file=sys.stderr)
        raise typer.Exit(1)
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("ingest")(ingest)
