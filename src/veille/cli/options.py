"""Command-line options shared by the commands: inputs (extract, ingest), logging (all of them)."""

from __future__ import annotations

import logging
import sys
from datetime import date

import typer
from rich.console import Console
from rich.logging import RichHandler

from veille.settings import Settings, SettingsError
from veille.store import Store, StoreError

# Libraries that log every page they skip or every guess they make: their errors are already in the
# documents' `errors`, so their lines reach stderr only with -vv.
THIRD_PARTY_LOGGERS = ("trafilatura", "htmldate", "charset_normalizer", "courlan", "justext", "readability",
                       "dateparser", "tzlocal", "urllib3", "spacy", "numexpr")


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """veille's own log lines on stderr: warnings by default, none but errors with ``--quiet``, what it
    does (models loaded, workers, stage timings) with ``-v``, everything, libraries' too, with ``-vv``."""
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(RichHandler(console=Console(stderr=True), show_path=False, show_time=False,
                                markup=False, rich_tracebacks=False))
    root.setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    logging.getLogger("veille").setLevel(level)
    for noisy in THIRD_PARTY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)


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
                         help="Publication date (YYYY-MM-DD) of the inputs that state none of their own "
                              "(in the input, the page's metadata or its dateline).")
FORCE_PUBLISHED = typer.Option(False, "--force-published",
                               help="Use --published for every input, even those that state their own date.")
LANG = typer.Option(None, "--lang", callback=validate_lang, help="auto, or an ISO 639-1 code.")
URL = typer.Option(None, "--url", help="Page address of the input.")
NO_EXTRACT = typer.Option(False, "--no-extract", help="Take the input as the clean body text.")
JOBS = typer.Option(0, "--jobs", "-j", min=0,
                    help="Worker processes (0: one per core; more than the cores needs --force-jobs).")
FORCE_JOBS = typer.Option(False, "--force-jobs", help="Allow more worker processes than cores.")
VERBOSE = typer.Option(0, "--verbose", "-v", count=True,
                       help="-v: what veille does (models, workers, timings); -vv: libraries' debug lines too.")
MIN_CONFIDENCE = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                              help="Print only events whose confidence is at least this (default 0.5; 0 prints "
                                   "every candidate the event judge saw). Trades recall for precision.")
QUIET = typer.Option(False, "--quiet", help="Only errors on stderr (no warnings, no progress bar).")


def load_settings(min_confidence: float | None = None) -> Settings:
    """The settings (file, then environment, then the command line's ``--min-confidence``), or exit 2
    with the settings file's problem."""
    try:
        return Settings.from_env(**({} if min_confidence is None else {"min_confidence": min_confidence}))
    except SettingsError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def chosen_format(fmt: str | None, out: str | None, formats: tuple[str, ...]) -> str:
    """The export format from ``--format`` and ``--out``'s extension, or a usage error (exit 2)."""
    from veille.store.export import format_for

    try:
        return format_for(fmt, out, formats)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None


def open_store(db: str, *, readonly: bool = False) -> Store:
    """The database, or exit 2 with the store's message (missing, read-only, foreign, too new...)."""
    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
