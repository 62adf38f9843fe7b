"""`ofsted-kg evaluate`: build a gold-annotated folder, score it, list what went wrong."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from graph.cli.app import app, reports_errors
from graph.cli.options import (
    Groupings,
    Jobs,
    ModelFile,
    check_groupings,
    job_count,
    needs_folds,
)
from graph.evaluate import (
    DEFAULT_SCORER,
    Evaluation,
    curve_table,
    evaluate,
    grouping_summary,
    grouping_table,
    training_shares,
)
from graph.extract import load_model
from graph.files import atomic_write_bytes, check_not_input
from graph.gold import GOLD_SUFFIX, check_gold


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
    folds: Annotated[
        int, typer.Option("--folds", min=0,
                          help="Cross-validate grouped by council: train on the other parts, "
                               "score each part (0: use the model as it is).")
    ] = 0,
    groupings: Groupings = 1,
    learning_curve: Annotated[
        bool, typer.Option("--learning-curve",
                           help="With --folds: also train on a quarter, a half and three "
                                "quarters of each fold's councils, and show how the figures "
                                "grow with the councils trained on.")
    ] = False,
    jobs: Jobs = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="Score the cue-phrase rules alone (the baseline).")
    ] = False,
    model: ModelFile = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the gold files: every problem (bad "
                           "quote, index, theme, ...) on one line; exit 1 if any.")
    ] = False,
) -> None:
    """Extract the minutes of a gold folder, score the graph with the project's scorer, and
    list per class the gold items missed and the predicted items no gold item matched,
    with their quotes, for error analysis.

    `--folds 5` gives the figure that predicts minutes from councils the model never saw:
    each fifth of the councils is scored by a model trained on the other four. Which
    councils share a fold moves the figures too; `--groupings 5` repeats the whole
    cross-validation over five groupings and prints each figure's mean and range, so that
    a change is judged by more than one draw. `--learning-curve` trains on fewer of each
    fold's councils too: whether annotating more councils would still raise the figures.

    Example:

        ofsted-kg evaluate --gold ../shared/eval/dev --folds 5 --no-errors

        ofsted-kg evaluate --gold ../shared/eval/dev --folds 5 --groupings 5 --no-errors

        ofsted-kg evaluate --gold my-gold --folds 5 --learning-curve --no-errors

        ofsted-kg evaluate --gold ../shared/eval/dev --rules --out dev.ttl --json dev.json

        ofsted-kg evaluate --check my-gold
    """
    if check:
        problems = check_gold(gold)
        for problem in problems:
            typer.echo(problem)
        typer.echo(f"{len(problems)} problem(s) in {gold}")
        raise typer.Exit(1 if problems else 0)
    for option, written in (("--out", out), ("--json", json_file)):
        if written is not None:
            check_not_input([gold], written, [GOLD_SUFFIX], "gold annotation",
                            "the next time the gold folder is read: choose another folder",
                            option)
    check_groupings(groupings, folds)
    needs_folds("--learning-curve", learning_curve, folds, "it cross-validates smaller trainings")
    trainings_per_fold = len(training_shares(learning_curve))
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Cross-validating" if folds else "Extracting",
                                 total=folds * groupings * trainings_per_fold or None)
        result = evaluate(gold, scorer, out, folds=folds or None, rules=rules,
                          model=load_model(model), groupings=groupings,
                          jobs=job_count(jobs), learning_curve=learning_curve,
                          on_fold=lambda _fold: progress.update(task, advance=1))
    typer.echo(result.table.rstrip())
    if result.groupings:
        typer.echo("\n" + grouping_table(result.groupings))
    if result.learning_curve:
        typer.echo("\n" + curve_table(result.learning_curve))
    if errors:
        typer.echo(error_listing(result))
    if json_file:
        payload = {**result.figures, "errors": [asdict(error) for error in result.errors]}
        if result.groupings:
            payload["groupings"] = {"figures": result.groupings,
                                    "summary": grouping_summary(result.groupings)}
        if result.learning_curve:
            payload["learning_curve"] = [
                {**asdict(point), "summary": grouping_summary(point.groupings)}
                for point in result.learning_curve]
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
