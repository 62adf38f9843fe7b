"""Options shared by several commands, defined once."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.app import fail
from graph.vocab import DEFAULT_BASE_IRI

DataFiles = Annotated[
    list[Path],
    typer.Option("--data", "-d", help="Graph file(s) to read (Turtle, N-Triples, JSON-LD, ...), "
                 "or folders of them. Repeat for several."),
]
GraphFiles = Annotated[
    list[Path],
    typer.Argument(help="Graph file(s) to read, or folders of them.", show_default=False),
]
OutFile = Annotated[Path, typer.Option("--out", "-o", help="File to write.")]
BaseIri = Annotated[
    str, typer.Option("--base-iri", help="Base IRI for the instances the build mints.")
]
DEFAULT_BASE = DEFAULT_BASE_IRI
Strict = Annotated[
    bool,
    typer.Option("--strict", help="Treat warnings (skipped files, shape warnings) as failures."),
]
ModelFile = Annotated[
    Path | None,
    typer.Option("--model", help="An extractor model from `ofsted-kg train` (default: the "
                 "one shipped, trained on real annotated minutes)."),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, show_default=False,
                 help="Worker processes [default: the number of cores]. The output is the "
                      "same for any number."),
]


def job_count(jobs: int | None) -> int:
    """`--jobs`, or the number of cores when it is not given."""
    return jobs or os.cpu_count() or 1


Groupings = Annotated[
    int,
    typer.Option("--groupings", min=1,
                 help="With --folds: cross-validate over this many groupings of the councils "
                      "into folds (the first as --folds alone makes it, the others "
                      "shuffled) and give each figure's mean and range."),
]


def needs_folds(option: str, given: bool, folds: int, why: str) -> None:
    """A usage error (exit 2) when `option` is `given` without `--folds`."""
    if given and not folds:
        raise fail(f"{option} needs --folds ({why})", 2)


def check_groupings(groupings: int, folds: int) -> None:
    """`--groupings` repeats a cross-validation, so it needs `--folds`."""
    needs_folds("--groupings", groupings > 1, folds, "it repeats the cross-validation")


AllowRemote = Annotated[
    bool,
    typer.Option("--allow-remote",
                 help="Allow SERVICE calls and remote JSON-LD contexts (off by default: "
                      "reading a file or running a query makes no requests)."),
]
Timeout = Annotated[
    float | None,
    typer.Option("--timeout", min=0.001, help="Give up on a query after this many seconds.",
                 show_default=False),
]


def check_port(port: int) -> int:
    """A port number must fit in 16 bits: say so in one line, not with an OverflowError."""
    if not 0 <= port <= 65535:
        raise fail(f"--port {port} is not a port number: give one from 0 (any free port) "
                   "to 65535", 2)
    return port


Port = Annotated[
    int,
    typer.Option("--port", "-p", callback=check_port, help="Port on 127.0.0.1 (0: any free port)."),
]

SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)(i?)b?", re.IGNORECASE)


def parse_size(text: str | int) -> int:
    """`20000000`, `20MB`, `500k`, `1.5GiB` -> bytes (k, M, G are powers of 1000, with i 1024)."""
    match = SIZE.fullmatch(str(text).strip())
    if not match:
        raise typer.BadParameter(f"{text!r} is not a size (e.g. 20MB, 500k, 1000000)")
    number, unit, binary = match.groups()
    power = " kmg".index(unit.lower() or " ")
    return int(float(number) * (1024 if binary else 1000) ** power)


MaxBytes = Annotated[
    int,
    typer.Option("--max-bytes", parser=parse_size, metavar="SIZE",
                 help="Skip (with a warning) any minutes file larger than this: 20MB, 500k, "
                      "or a number of bytes."),
]
