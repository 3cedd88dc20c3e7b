"""``veille reprocess``: run the stored documents through this veille again (newer rules, lexicons,
models), replacing their entities, places, times and events in place."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from veille.cli.options import FORCE_JOBS, JOBS, QUIET, VERBOSE, configure_logging, load_settings, open_store
from veille.store import DEFAULT_DB, StoreError
from veille.store.reprocess import reprocess_store


def reprocess(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite database file."),
    jobs: int = JOBS,
    force_jobs: bool = FORCE_JOBS,
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
) -> None:
    """Run every stored document through this veille again, from its stored clean text.

    Ids, texts, titles, dates and stories are kept; entities, places, times and events are replaced
    (event ids stay the same where the same events are found). Resumable: an interrupted run keeps
    what it committed, and running it again redoes everything.
    """
    if verbose or quiet:
        configure_logging(verbose, quiet)
    settings = load_settings()
    store = open_store(db)
    progress = Progress(TextColumn("reprocessing"), BarColumn(bar_width=None), MofNCompleteColumn(),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                        transient=True, disable=quiet)
    task = progress.add_task("", total=store.counts()["documents"])
    try:
        with progress:
            done, events = reprocess_store(store, settings, jobs=jobs or None, force_jobs=force_jobs,
                                           progress=lambda n: progress.update(task, completed=n))
    except StoreError as exc:
        print(f"veille: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        print("veille: interrupted; the documents committed so far are reprocessed", file=sys.stderr)
        raise typer.Exit(130) from None
    finally:
        store.close()
    if not quiet:
        print(f"veille reprocess: {done} documents, {events} events", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("reprocess")(reprocess)
