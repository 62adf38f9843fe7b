"""`ofsted-kg build`: minutes in, a validated Turtle graph out."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from graph.cache import DEFAULT_CACHE_NAME
from graph.cli.app import app, fail, reports_errors
from graph.cli.options import (
    DEFAULT_BASE,
    BaseIri,
    Jobs,
    MaxBytes,
    ModelFile,
    OutFile,
    Strict,
    job_count,
)
from graph.extract import model_card
from graph.files import check_writable
from graph.ingest import DEFAULT_MAX_BYTES, check_out_path
from graph.pipeline import build as run_build
from graph.pipeline import write_lines_as_turtle
from graph.stats import line_class_counts
from graph.training import describe_model


class RateColumn(ProgressColumn):
    """Documents per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.0f} docs/s" if task.speed else "", style="progress.data.speed")


REDRAW_SECONDS = 0.1
"""The bar is drawn again at most this often."""


def progress_bar() -> Progress:
    """Documents done, rate and time left on stderr; nothing when stderr is not a terminal.

    The bar is drawn when the build reports progress (`shown_on`), not by rich's own
    refresh thread: the build forks worker processes, which a running thread makes
    unsafe (a lock it holds then stays held in the worker), so that
    `workers.start_method` would spawn the build's early worker instead, importing
    everything again (about 0.4 s more for a rebuild on a terminal)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    RateColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                    transient=True, disable=not sys.stderr.isatty(), auto_refresh=False)


def shown_on(progress: Progress, task: TaskID) -> Callable[[str, int, int | None], None]:
    """A build's `on_progress` that shows each stage and count on `progress`."""
    drawn = 0.0

    def show(stage: str, done: int, total: int | None) -> None:
        nonlocal drawn
        progress.update(task, description=stage, **({} if total is None and done == 0 else
                                                    {"completed": done, "total": total}))
        if time.monotonic() - drawn >= REDRAW_SECONDS:
            progress.refresh()
            drawn = time.monotonic()

    return show


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
    jobs: Jobs = None,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", show_default=False,
                     help=f"Build cache folder [default: {DEFAULT_CACHE_NAME} beside --out]. "
                          "A rebuild extracts only new or changed documents."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Extract every document; read and write no cache.")
    ] = False,
) -> None:
    """Read minutes, extract what the inspectors found and what the council did, and write
    a validated RDF graph as Turtle.

    Files that are not text, are empty, larger than --max-bytes or have broken front matter
    are skipped with a warning, and unusable front-matter values (a date that is no date, a
    source URL that is not http(s)) are dropped with one (an error with --strict). The
    graph is validated against the SHACL shapes; violations make the exit code 1.
    Documents are extracted in parallel, and what each one gave is cached, so rebuilding
    after a change re-extracts only what changed; the output bytes are the same either way.

    Example:

        ofsted-kg build examples/minutes --out out/graph.ttl

        ofsted-kg build minutes/ more/2022-05-23.txt --out graph.ttl --strict --jobs 4

        ofsted-kg build minutes/ --out graph.ttl --model my-council.skops
    """
    check_out_path(paths, out)
    check_writable(out)
    card = model_card(model)  # a bad --model fails before any file is read
    cache_dir = None if no_cache else (cache or out.parent / DEFAULT_CACHE_NAME)
    with progress_bar() as progress:
        task = progress.add_task("Reading", total=None)
        result = run_build(
            paths, base_iri, jobs=job_count(jobs), cache_dir=cache_dir,
            on_progress=shown_on(progress, task), model_path=model, max_bytes=max_bytes,
        )
        report = result.report
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
        progress.update(task, description="Writing", refresh=True)
        write_lines_as_turtle(result.triples, out)
    counts = line_class_counts(result.triples)
    validation = result.validation
    typer.echo(f"Built {out}: {report.documents} document(s), {report.triples} triples, "
               f"{len(report.skipped)} skipped.")
    typer.echo("  " + ", ".join(f"{name}: {count}" for name, count in counts.items()))
    typer.echo(f"Validation: {validation.summary()}")
    typer.echo(f"Model: {describe_model(card, model)}")
    if validation.violations or (strict and validation.warnings):
        raise typer.Exit(1)
