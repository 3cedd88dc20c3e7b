"""Command-line options shared by the commands that read inputs (extract, ingest)."""

from __future__ import annotations

from datetime import date

import typer


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


PATHS = typer.Argument(..., help="Files to process (HTML, text, JSONL, RSS/Atom, WARC, gzip); - for stdin.")
PUBLISHED = typer.Option(None, "--published", callback=validate_published,
                         help="Publication date (YYYY-MM-DD) for inputs that lack one.")
LANG = typer.Option(None, "--lang", callback=validate_lang, help="auto, or an ISO 639-1 code.")
URL = typer.Option(None, "--url", help="Page address of the input.")
NO_EXTRACT = typer.Option(False, "--no-extract", help="Take the input as the clean body text.")
JOBS = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core).")
MIN_CONFIDENCE = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                              help="Print only events whose confidence is at least this (default 0.5; 0 prints "
                                   "every candidate the event judge saw). Trades recall for precision.")


def settings_overrides(min_confidence: float | None) -> dict[str, float]:
    """Settings fields the command line sets (those given)."""
    return {} if min_confidence is None else {"min_confidence": min_confidence}
