"""``veille batch``: the pipeline over large collections into Parquet datasets, locally or on Ray."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from veille.batch.manifest import PART_RECORDS
from veille.cli import options as opt
from veille.readers import InputOptions

# Failed records named one by one on stderr at the end; past this many, only their number (the errors/
# dataset has them all).
FAILURES_SHOWN = 50


def batch(
    inputs: list[str] = typer.Argument(..., help="WARC/WARC.gz, JSON Lines (.gz), Parquet files of documents, "
                                                 "folders and globs of them."),
    out: Path = typer.Option(..., "--out", help="Output folder: documents/, events/, errors/ (Parquet) and "
                                                "manifest.json; an existing one is resumed."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or ray (Ray Data)."),
    address: str | None = typer.Option(None, "--address", help="Ray cluster address (host:port or "
                                       "ray://host:port; default RAY_ADDRESS, else a private Ray here)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Worker processes or Ray actors (0: one per core)."),
    part_records: int = typer.Option(PART_RECORDS, "--part-records", min=1,
                                     help="Records per part file (the unit of resume)."),
    published: str | None = opt.PUBLISHED,
    lang: str | None = opt.LANG,
    verbose: int = opt.VERBOSE,
    quiet: bool = opt.QUIET,
    min_confidence: float | None = opt.MIN_CONFIDENCE,
) -> None:
    """Process INPUTS into Parquet datasets under --out, resumably.

    Each input's records are cut into parts; every part is written once (its files, then the manifest), so
    a re-run skips what is done and a killed run resumes with no record lost or duplicated. `veille ingest
    DIR` loads the output into a store. Exit status 1 when some records failed (errors/ says why), 2 when
    the batch cannot start (Ray not installed, cluster unreachable).
    """
    from veille.batch.run import BatchError, BatchSummary, run_batch

    if verbose or quiet:
        opt.configure_logging(verbose, quiet)
    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"{engine!r} is not local or ray", param_hint="--engine")
    err = Console(stderr=True)
    settings = opt.load_settings(min_confidence)
    options = InputOptions(published=published, lang=lang)
    progress = Progress(SpinnerColumn(), TextColumn("batch"), BarColumn(bar_width=None),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True,
                        disable=quiet)
    task = progress.add_task("starting", total=None)

    def show(s: BatchSummary) -> None:
        progress.update(task, description=f"{s.records} records, {s.documents} documents, {s.events} events, "
                                          f"{s.errors} errors, {s.documents / max(s.seconds, 1e-9):.1f} documents/s")

    try:
        with progress:
            summary = run_batch(inputs, out, engine=engine, address=address, workers=workers or None,  # type: ignore[arg-type]
                                options=options, settings=settings, part_records=part_records, progress=show)
    except BatchError as exc:
        print(f"veille batch: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    for message in summary.failures[:FAILURES_SHOWN]:
        print(f"veille: {message}", file=sys.stderr)
    if len(summary.failures) > FAILURES_SHOWN:
        print(f"veille: ... and {len(summary.failures) - FAILURES_SHOWN} more failed records (see {out}/errors/)",
              file=sys.stderr)
    if not quiet:
        print(f"veille batch: {summary.line()}", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("batch")(batch)
