"""The Typer application, the global options, and the one place errors become exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from graph import __version__
from graph.errors import OfstedKgError

app = typer.Typer(
    name="ofsted-kg",
    help=(
        "Build, check, query, draw and publish a knowledge graph of Ofsted inspections "
        "from council minutes.\n\n"
        "Example:\n\n"
        "    ofsted-kg build examples/minutes --out out/graph.ttl\n\n"
        "    ofsted-kg stats out/graph.ttl"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DEBUG = {"on": False}
"""Set by the global `--debug` flag: show tracebacks instead of one-line errors."""

Command = TypeVar("Command", bound=Callable[..., object])


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"ofsted-kg {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    DEBUG["on"] = debug


def fail(message: str, code: int) -> typer.Exit:
    """Print `Error: <message>` on stderr and return the Exit to raise."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def reports_errors(command: Command) -> Command:
    """Turn the library's errors into `Error: <one line>` and the documented exit code."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except OfstedKgError as error:
            if DEBUG["on"]:
                raise
            raise fail(str(error), error.exit_code) from None

    return wrapper  # type: ignore[return-value]
