"""``veille extract``: process files (or stdin) without storing; one JSON line per document."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from veille.cli.options import JOBS, LANG, MIN_CONFIDENCE, NO_EXTRACT, PATHS, PUBLISHED, URL, settings_overrides
from veille.readers import InputOptions
from veille.runner import process_paths
from veille.settings import Settings


def extract(
    paths: list[str] = PATHS,
    published: str | None = PUBLISHED,
    lang: str | None = LANG,
    url: str | None = URL,
    no_extract: bool = NO_EXTRACT,
    jobs: int = JOBS,
    min_confidence: float | None = MIN_CONFIDENCE,
) -> None:
    """Process PATHS without storing: print one JSON object per document (JSON Lines), in input order."""
    options = InputOptions(published=published, lang=lang, url=url, no_extract=no_extract)
    settings = Settings.from_env(**settings_overrides(min_confidence))
    failed = 0
    out = sys.stdout
    err = Console(stderr=True)
    # A progress line on stderr when a person watches it; never in pipes or CI logs.
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=err, transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task("extracting", total=None)
        for count, doc in enumerate(process_paths(paths, options, settings, jobs=jobs or None), start=1):
            out.write(doc.to_json() + "\n")
            if doc.failed:
                failed += 1
                progress.console.print("\n".join(f"veille: {e.message}" for e in doc.errors),
                                       markup=False, highlight=False, soft_wrap=True)
            progress.update(task, description=f"{count} documents, {failed} failed")
    out.flush()
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("extract")(extract)
