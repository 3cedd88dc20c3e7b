"""The ``veille`` command: one module per command, composed into one Typer app.

Data goes to stdout, logs and progress to stderr. Exit status: 0 when every document was processed,
1 when some failed (the others are still printed), 2 for usage errors.
"""

from __future__ import annotations

import logging

import typer
from rich.console import Console
from rich.logging import RichHandler

from veille import __version__

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


from veille.cli import extract  # noqa: E402

extract.register(app)
# store commands


def main() -> None:
    """Console-script entry point."""
    app()
