"""`ofsted-kg train` and `ofsted-kg draft`: a model of your own from annotated minutes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from graph.cli.app import app, reports_errors
from graph.cli.options import Groupings, Jobs, ModelFile, check_groupings, job_count
from graph.extract import extract, load_model
from graph.gold import write_draft
from graph.ingest import input_files, read_document
from graph.training import train_model


@app.command("train")
@reports_errors
def train_command(
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of minutes with gold JSON beside them.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The model file to write.")],
    folds: Annotated[
        int, typer.Option("--folds", min=0,
                          help="Cross-validate by council with this many folds first and "
                               "write the figures into the model's card (0: skip).")
    ] = 0,
    groupings: Groupings = 1,
    jobs: Jobs = None,
) -> None:
    """Train the extractor's classifiers on a folder of gold-annotated minutes (the format
    of the annotation guide; `ofsted-kg draft` writes a first version to correct) and write
    the model, with a card naming its training data and figures.

    Example:

        ofsted-kg train --gold ../shared/eval/dev --out model.skops --folds 5 --groupings 5

        ofsted-kg build minutes/ --out graph.ttl --model model.skops
    """
    check_groupings(groupings, folds)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Training", total=None)
        card = train_model(gold, out, folds, groupings=groupings, jobs=job_count(jobs),
                           on_step=lambda step: progress.update(task, description=step))
    typer.echo(f"Wrote {out}: trained on {card['training']['documents']} document(s) from "
               f"{card['training']['councils']} council(s).")
    if card.get("cross_validation"):
        figures = card["cross_validation"]["overall"]
        typer.echo(f"Cross-validated by council ({folds} folds): "
                   f"items_f1={figures['items_f1']:.3f} trace_f1={figures['trace_f1']:.3f}")
    if card.get("cross_validation", {}).get("groupings"):
        summary = card["cross_validation"]["groupings"]["summary"]
        typer.echo(f"Mean of {groupings} groupings of the councils: " + " ".join(
            f"{name}={summary[name]['mean']:.3f} ({summary[name]['min']:.3f}-"
            f"{summary[name]['max']:.3f})" for name in ("items_f1", "trace_f1")))


@app.command("draft")
@reports_errors
def draft_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Minutes files and folders.", show_default=False)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The gold folder to write.")],
    model: ModelFile = None,
) -> None:
    """Extract minutes and write what was found as gold JSON (annotation guide format)
    beside a copy of each file, for a person to correct and `ofsted-kg train` to learn from.

    Example:

        ofsted-kg draft minutes/2024-*.txt --out my-gold

        ofsted-kg evaluate --check my-gold && ofsted-kg train --gold my-gold --out my.skops
    """
    chosen = load_model(model)
    files, warnings, skipped = input_files(paths)
    for warning in [*warnings, *(f"skipped {why}" for _path, why in skipped)]:
        typer.echo(f"Warning: {warning}", err=True)
    written = [write_draft(extract(read_document(path, identifier), chosen), out)
               for path, identifier in files]
    typer.echo(f"Wrote {len(written)} draft gold file(s) to {out}: correct them, check them "
               f"with `ofsted-kg evaluate --check {out}`, then train.")
