"""`ofsted-kg build`: minutes in, a validated Turtle graph out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from graph.cli.app import app, fail, reports_errors
from graph.cli.options import DEFAULT_BASE, BaseIri, MaxBytes, ModelFile, OutFile, Strict
from graph.files import check_writable
from graph.ingest import DEFAULT_MAX_BYTES, check_out_path
from graph.pipeline import build_graph, write_turtle
from graph.stats import class_counts
from graph.training import describe_model, load_model
from graph.validate import validate


@app.command()
@reports_errors
def build(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Minutes files (.txt, .html, .pdf) and folders to read recursively.",
                       show_default=False),
    ],
    out: OutFile,
    base_iri: BaseIri = DEFAULT_BASE,
    strict: Strict = False,
    model: ModelFile = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Read minutes, extract what the inspectors found and what the council did, and write
    a validated RDF graph as Turtle.

    Files that are not text, are empty, larger than --max-bytes or have broken front matter
    are skipped with a warning, and unusable front-matter values (a date that is no date, a
    source URL that is not http(s)) are dropped with one (an error with --strict). The
    graph is validated against the SHACL shapes after it is written; violations make the
    exit code 1.

    Example:

        ofsted-kg build examples/minutes --out out/graph.ttl

        ofsted-kg build minutes/ more/2022-05-23.txt --out graph.ttl --strict

        ofsted-kg build minutes/ --out graph.ttl --model my-council.skops
    """
    check_out_path(paths, out)
    check_writable(out)
    chosen = load_model(model)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Reading minutes", total=None)
        graph, report = build_graph(
            paths, base_iri, on_file=lambda path: progress.update(task, advance=1),
            model=chosen, max_bytes=max_bytes,
        )
    for _path, reason in report.skipped:
        typer.echo(f"Warning: skipped {reason}", err=True)
    for warning in report.warnings + report.dropped:
        typer.echo(f"Warning: {warning}", err=True)
    if strict and (report.skipped or report.dropped):
        failures = [f"{len(report.skipped)} file(s) skipped"] if report.skipped else []
        failures += [f"{len(report.dropped)} field(s) dropped"] if report.dropped else []
        raise fail(f"{' and '.join(failures)} and --strict is set; nothing written", 3)
    if report.documents == 0:
        raise fail("no readable minutes among the inputs; nothing written", 3)
    write_turtle(graph, out)
    result = validate(graph)
    counts = class_counts(graph)
    typer.echo(f"Built {out}: {report.documents} document(s), {report.triples} triples, "
               f"{len(report.skipped)} skipped.")
    typer.echo("  " + ", ".join(f"{name}: {count}" for name, count in counts.items()))
    typer.echo(f"Validation: {result.summary()}")
    typer.echo(f"Model: {describe_model(chosen, model)}")
    if result.violations or (strict and result.warnings):
        raise typer.Exit(1)
