"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.vocab import DEFAULT_BASE_IRI

DataFiles = Annotated[
    list[Path],
    typer.Option("--data", "-d", help="Graph file(s) to read (Turtle, N-Triples, JSON-LD, ...). "
                 "Repeat for several."),
]
GraphFiles = Annotated[
    list[Path], typer.Argument(help="Graph file(s) to read.", show_default=False)
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
AllowRemote = Annotated[
    bool,
    typer.Option("--allow-remote",
                 help="Allow SERVICE calls and remote JSON-LD contexts (off by default)."),
]
Timeout = Annotated[
    float | None,
    typer.Option("--timeout", min=0.001, help="Give up on a query after this many seconds.",
                 show_default=False),
]
