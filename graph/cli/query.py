"""`ofsted-kg query`, `queries` and `trace`: ask the graph what was found and what was done."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.app import app, reports_errors
from graph.cli.options import AllowRemote, DataFiles, Timeout
from graph.errors import UsageError
from graph.files import atomic_write_bytes, check_data_out
from graph.formats import format_result
from graph.query import (
    NamedQuery,
    inline_query,
    load_library,
    parse_param_options,
    resolve_query,
    run_query,
)
from graph.store import DEFAULT_ENGINE, LocalStore, open_store
from graph.trace import render_trace, trace


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    md = "md"


class Engine(str, Enum):
    oxigraph = "oxigraph"
    rdflib = "rdflib"


Endpoint = Annotated[
    str | None,
    typer.Option("--endpoint", "-e", help="Query this SPARQL 1.1 endpoint instead of --data "
                 "files (e.g. http://localhost:7878/query)."),
]
StoreEngine = Annotated[
    Engine,
    typer.Option("--store", help="Local store for --data files: oxigraph (faster) or rdflib."),
]


def local_or_remote(data: list[Path] | None, endpoint: str | None,
                    engine: Engine, allow_remote: bool = False) -> LocalStore | None:
    """The store to query: loaded from --data, or None when an endpoint answers instead."""
    if data and endpoint:
        raise UsageError("give --data files or --endpoint, not both")
    if not data and not endpoint:
        raise UsageError("nothing to query: give --data FILE or --endpoint URL")
    return open_store(data, engine.value, allow_remote) if data else None


@app.command("query")
@reports_errors
def query_command(
    name_or_file: Annotated[
        str | None,
        typer.Argument(help="A query of the library (see `ofsted-kg queries`) or a .rq file.",
                       show_default=False),
    ] = None,
    data: DataFiles = None,  # type: ignore[assignment]
    endpoint: Endpoint = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a query parameter; repeat for several."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="How to write the rows.")
    ] = OutputFormat.table,
    sparql: Annotated[
        str | None,
        typer.Option("--sparql", help="Run this query text instead of a named query or file."),
    ] = None,
    store: StoreEngine = Engine(DEFAULT_ENGINE),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the rows to this file instead of the terminal."),
    ] = None,
    timeout: Timeout = None,
    allow_remote: AllowRemote = False,
) -> None:
    """Run a named query, a query file or inline SPARQL on graph files or a SPARQL endpoint.

    Parameters are bound as RDF values, never pasted into the query: authority takes a
    name (any case) or a GSS code, theme/type/status a notation, since a date. The json
    format is the standard SPARQL 1.1 results JSON. A malformed query, an update, a
    SERVICE call (unless --allow-remote) or one running past --timeout exits with 2.

    Example:

        ofsted-kg query trace --data out/graph.ttl --param authority=Trafford

        ofsted-kg query metrics -d out/graph.ttl -p measure=turnover -f md

        ofsted-kg query trace -e http://localhost:7878/query -f json

        ofsted-kg query -d out/graph.ttl --sparql 'ASK { ?s a ?class }'
    """
    if out is not None:
        check_data_out(data or [], [out])
    query = chosen_query(name_or_file, sparql)
    values = parse_param_options(param or [])
    local = local_or_remote(data, endpoint, store, allow_remote)
    result = run_query(query, values, store=local, endpoint=endpoint, timeout=timeout,
                       allow_remote=allow_remote)
    text = format_result(result, output_format.value)
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_bytes(out, text.encode("utf-8"))


def chosen_query(name_or_file: str | None, sparql: str | None) -> NamedQuery:
    if sparql is not None and name_or_file is not None:
        raise UsageError("give a query name or file, or --sparql, not both")
    if sparql is not None:
        return inline_query(sparql)
    if name_or_file is None:
        raise UsageError("which query? give a name (see `ofsted-kg queries`), a .rq file "
                         "or --sparql")
    return resolve_query(name_or_file)


@app.command("queries")
@reports_errors
def queries_command() -> None:
    """List the named queries of the library with what each answers and its parameters.

    Example:

        ofsted-kg queries
    """
    for name, query in load_library().items():
        typer.echo(f"{name}: {query.title}")
        if query.description:
            typer.echo(f"    {query.description}")
        for parameter in query.parameters:
            default = f" (default {parameter.default})" if parameter.default is not None else ""
            typer.echo(f"    --param {parameter.name}=<{parameter.type}>{default}: "
                       f"{parameter.description}")


@app.command("trace")
@reports_errors
def trace_command(
    data: DataFiles = None,  # type: ignore[assignment]
    endpoint: Endpoint = None,
    authority: Annotated[
        str | None,
        typer.Option("--authority", "-a", help="Only this authority (name or GSS code)."),
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", "-t", help="Only findings with this theme (e.g. workforce)."),
    ] = None,
    store: StoreEngine = Engine(DEFAULT_ENGINE),
    allow_remote: AllowRemote = False,
) -> None:
    """Show, per inspection, each finding with its quote and source and, under it, the
    recommendations and responses that answer it; findings nobody answered are marked
    with a cross.

    Example:

        ofsted-kg trace --data out/graph.ttl

        ofsted-kg trace -d out/graph.ttl -a E08000009 -t workforce
    """
    local = local_or_remote(data, endpoint, store, allow_remote)
    inspections = trace(local, endpoint, authority=authority, theme=theme)
    typer.echo(render_trace(inspections), nl=False)
