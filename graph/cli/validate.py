"""`ofsted-kg validate` and `ofsted-kg stats`: check a graph against the shapes, count it."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from graph.cli.app import app, reports_errors
from graph.cli.options import AllowRemote, GraphFiles, Strict
from graph.files import load_graph
from graph.stats import Stats, graph_stats
from graph.text import shorten
from graph.validate import QUOTE_WIDTH, ValidationResult, validate


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("validate")
@reports_errors
def validate_command(
    paths: GraphFiles,
    strict: Strict = False,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text: one line per problem; json.")
    ] = ReportFormat.text,
    allow_remote: AllowRemote = False,
) -> None:
    """Check graph files (or folders of them) against the SHACL shapes and say what is
    wrong, one line each.

    Each line gives the severity, the item's class and label, the message, and the quote
    and document the item was read from. The files are read as one graph, checked with
    the ontology's concept schemes. Exit codes: 0 no violations (warnings allowed),
    1 violations (or warnings with --strict), 3 a file could not be read.

    Example:

        ofsted-kg validate out/graph.ttl

        ofsted-kg validate out/graph.ttl more.ttl --strict --format json
    """
    result = validate(load_graph(paths, allow_remote=allow_remote))
    if output_format is ReportFormat.json:
        typer.echo(json.dumps(validation_json(result), indent=2, ensure_ascii=False))
    else:
        for problem in result.problems:
            typer.echo(problem.line())
        typer.echo(f"Validation: {result.summary()}")
    if result.violations or (strict and result.warnings):
        raise typer.Exit(1)


def validation_json(result: ValidationResult) -> dict:
    return {
        "conforms": result.conforms,
        "summary": result.summary(),
        "violations": len(result.violations),
        "warnings": len(result.warnings),
        "infos": len(result.infos),
        "problems": [vars(problem) for problem in result.problems],
    }


@app.command("stats")
@reports_errors
def stats_command(
    paths: GraphFiles,
    output_format: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="table (for people) or json.")
    ] = StatsFormat.table,
    allow_remote: AllowRemote = False,
) -> None:
    """Count what a graph holds: per class, per authority, per inspection type, and the
    findings that no response answers (directly or through a recommendation; strengths
    need no response and are left out).

    Example:

        ofsted-kg stats out/graph.ttl

        ofsted-kg stats out/graph.ttl --format json
    """
    stats = graph_stats(load_graph(paths, allow_remote=allow_remote))
    if output_format is StatsFormat.json:
        typer.echo(json.dumps(stats.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(stats_table(stats))


def table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    """Rows under a header, text columns left-aligned and numbers right-aligned."""
    cells = [tuple(str(cell) for cell in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], int) for row in rows) and bool(rows)
               for i in range(len(header))]
    return ["  " + "  ".join(cell.rjust(width) if is_number else cell.ljust(width)
                             for cell, width, is_number in zip(row, widths, numeric, strict=True))
            .rstrip()
            for row in cells]


def stats_table(stats: Stats) -> str:
    """The stats as aligned plain-text tables."""
    lines = ["Classes", *table(("class", "count"), list(stats.classes.items()))]
    lines += ["", "Authorities", *table(
        ("authority", "GSS", "inspections", "findings", "recommendations", "responses",
         "no response"),
        [(a.label, a.gss or "-", a.inspections, a.findings, a.recommendations, a.responses,
          a.unanswered_findings) for a in stats.authorities],
    )]
    lines += ["", "Inspection types", *table(("type", "inspections"),
                                             list(stats.inspection_types.items()))]
    lines += ["", f"Findings with no response: {len(stats.unanswered_findings)}"]
    for finding in stats.unanswered_findings:
        where = f" ({finding.document})" if finding.document else ""
        quote = f'"{shorten(finding.quote, QUOTE_WIDTH)}"' if finding.quote else finding.iri
        lines.append(f"  {finding.authority or 'unknown authority'}: {quote}{where}")
    return "\n".join(lines)
