"""`ofsted-kg evaluate`: build a gold-annotated folder, score it, list what went wrong."""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.app import app, reports_errors
from graph.evaluate import DEFAULT_SCORER, Evaluation, evaluate
from graph.files import atomic_write_bytes


@app.command("evaluate")
@reports_errors
def evaluate_command(
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of minutes (.txt) with gold JSON beside them.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the built graph here (Turtle).")
    ] = None,
    json_file: Annotated[
        Path | None,
        typer.Option("--json", help="Write the figures and the error lists here as JSON."),
    ] = None,
    scorer: Annotated[
        Path, typer.Option("--scorer", help="The scorer to run (shared/eval/score.py).")
    ] = DEFAULT_SCORER,
    errors: Annotated[
        bool, typer.Option("--errors/--no-errors", help="List missed and false items.")
    ] = True,
) -> None:
    """Build the minutes of a gold folder, score the graph with the project's scorer, and
    list per class the gold items missed and the predicted items no gold item matched,
    with their quotes, for error analysis.

    Example:

        ofsted-kg evaluate --gold ../shared/eval/dev

        ofsted-kg evaluate --gold ../shared/eval/dev --out dev.ttl --json dev-scores.json
    """
    result = evaluate(gold, scorer, out)
    for _path, reason in result.build.skipped:
        typer.echo(f"Warning: skipped {reason}", err=True)
    typer.echo(result.table.rstrip())
    if errors:
        typer.echo(error_listing(result))
    if json_file:
        payload = {**result.figures, "errors": [asdict(error) for error in result.errors]}
        atomic_write_bytes(json_file, json.dumps(payload, indent=2, ensure_ascii=False).encode())


def error_listing(result: Evaluation) -> str:
    """The errors grouped by class, then by missed / false positive."""
    if not result.errors:
        return "\nNo missed or false items."
    lines = []
    ordered = sorted(result.errors, key=lambda e: (e.cls, e.kind != "missed", e.document))
    for (cls, kind), group in groupby(ordered, key=lambda e: (e.cls, e.kind)):
        items = list(group)
        lines.append(f"\n{cls}: {kind} ({len(items)})")
        lines += [f"  [{item.document}] {item.text}" for item in items]
    return "\n".join(lines)
