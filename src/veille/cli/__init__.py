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
from rich.logging import RichHandler  # noqa: E402

from veille import __version__  # noqa: E402

app = typer.Typer(
    name="veille",
    help="Turn raw news into a database of events: who did what to whom, where and when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logs on stderr."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """veille: news → events."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=stderr, show_path=False, show_time=False)],
    )
    if not verbose:
        # trafilatura and htmldate log every page they skip; the document's `errors` already say it.
        for noisy in ("trafilatura", "htmldate", "charset_normalizer"):
            logging.getLogger(noisy).setLevel(logging.ERROR)


from veille.cli import docs, events, extract, ingest  # noqa: E402

for _command in (extract, ingest, events, docs):
    _command.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
