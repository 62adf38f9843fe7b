"""The `ofsted-kg` command: a thin layer over the pipeline's functions.

Each command lives in its own module of this package and registers itself on `app`;
library code never prints, only these modules talk to the terminal.
"""

from __future__ import annotations

# Importing a command module registers its commands on `app`.
from graph.cli import build, evaluate, publish, query, train, validate, viz  # noqa: F401
from graph.cli.app import app


def main() -> None:
    """Console entry point (`ofsted-kg`)."""
    app()
