"""The ``veille`` command: one module per command, composed into one Typer app.

Data goes to stdout, logs and progress to stderr. Exit status: 0 when every document was processed,
1 when some failed (the others are still printed), 2 for usage errors.
"""

from __future__ import annotations

import logging
import os

# veille parallelises with processes; BLAS threads inside each would only fight for the same cores
# (ingest runs 25% faster with one). Set before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402

from veille import __version__  # noqa: E402
from veille.cli.options import QUIET, VERBOSE, configure_logging  # noqa: E402
from veille.settings import SUPPORTED_LANGUAGES  # noqa: E402

HELP = (
    "Turn raw news into a database of events: who did what to whom, where and when.\n\n"
    f"Languages: {', '.join(SUPPORTED_LANGUAGES)} are analysed (entities, actors, places, times, events). "
    "Documents in other languages are read and stored (text, title, date, language) but get no entities, "
    "places or events: the summary and stderr say how many.\n\n"
    "Settings: veille.toml in the working folder (or the file in VEILLE_CONFIG), then VEILLE_* variables."
)

app = typer.Typer(
    name="veille",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"veille {__version__}")
        raise typer.Exit()


@app.callback(help=HELP)
def root(
    verbose: int = VERBOSE,
    quiet: bool = QUIET,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    # Each command takes -v/--quiet too (after its name); given here, they hold for every command.
    configure_logging(verbose, quiet)
    logging.getLogger("veille").debug("veille %s", __version__)


from veille.cli import batch, docs, events, extract, ingest, reprocess, stats  # noqa: E402

for _command in (extract, ingest, batch, events, docs, stats, reprocess):
    _command.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
