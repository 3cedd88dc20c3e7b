"""``veille extract``: process files (or stdin) without storing; one JSON line per document."""

from __future__ import annotations

import sys
from datetime import date

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from veille.readers import InputOptions
from veille.runner import process_paths
from veille.settings import Settings


def validate_published(value: str | None) -> str | None:
    """``--published`` must be an ISO 8601 date (time optional)."""
    if value is None:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    return value


def validate_lang(value: str | None) -> str | None:
    """``--lang`` is ``auto`` or an ISO 639-1 code."""
    if value is None or value == "auto":
        return None
    if len(value) != 2 or not value.isalpha():
        raise typer.BadParameter(f"{value!r} is not 'auto' or a two-letter ISO 639-1 code")
    return value.lower()


def extract(
    paths: list[str] = typer.Argument(
        ..., help="Files to process (HTML, text, JSONL, RSS/Atom, WARC, gzip); - for stdin."
    ),
    published: str | None = typer.Option(None, "--published", callback=validate_published,
                                         help="Publication date (YYYY-MM-DD) for inputs that lack one."),
    lang: str | None = typer.Option(None, "--lang", callback=validate_lang, help="auto, or an ISO 639-1 code."),
    url: str | None = typer.Option(None, "--url", help="Page address of the input."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Take the input as the clean body text."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core)."),
) -> None:
    """Process PATHS without storing: print one JSON object per document (JSON Lines), in input order."""
    options = InputOptions(published=published, lang=lang, url=url, no_extract=no_extract)
    settings = Settings.from_env()
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
