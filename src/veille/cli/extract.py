"""``veille extract``: process files (or stdin) without storing; one JSON line per document."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from veille.cli.options import (
    FORCE_JOBS,
    FORCE_PUBLISHED,
    JOBS,
    LANG,
    MIN_CONFIDENCE,
    NO_EXTRACT,
    PATHS,
    PUBLISHED,
    QUIET,
    URL,
    VERBOSE,
    configure_logging,
    load_settings,
)
from veille.cli.report import LanguageNotes
from veille.readers import InputOptions
from veille.runner import process_paths


def extract(
    paths: list[str] = PATHS,
    published: str | None = PUBLISHED,
    force_published: bool = FORCE_PUBLISHED,
    lang: str | None = LANG,
    url: str | None = URL,
    no_extract: bool = NO_EXTRACT,
    jobs: int = JOBS,
    force_jobs: bool = FORCE_JOBS,
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    min_confidence: float | None = MIN_CONFIDENCE,
) -> None:
    """Process PATHS without storing: print one JSON object per document (JSON Lines), in input order."""
    if verbose or quiet:
        configure_logging(verbose, quiet)
    options = InputOptions(published=published, force_published=force_published, lang=lang, url=url,
                           no_extract=no_extract)
    settings = load_settings(min_confidence)
    failed = 0
    out = sys.stdout
    err = Console(stderr=True)
    languages = LanguageNotes()
    # A progress line on stderr when a person watches it; never in pipes or CI logs.
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=err, transient=True, disable=quiet or not err.is_terminal)
    with progress:
        task = progress.add_task("extracting", total=None)
        docs = process_paths(paths, options, settings, jobs=jobs or None, force_jobs=force_jobs)
        for count, doc in enumerate(docs, start=1):
            out.write(doc.to_json() + "\n")
            languages.add(doc)
            if doc.failed:
                failed += 1
                progress.console.print("\n".join(f"veille: {e.message}" for e in doc.errors),
                                       markup=False, highlight=False, soft_wrap=True)
            progress.update(task, description=f"{count} documents, {failed} failed")
    out.flush()
    if languages.counts and not quiet:
        print(f"veille extract: {languages.line()}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("extract")(extract)
