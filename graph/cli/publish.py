"""`ofsted-kg export`, `docs`, `publish` and `serve`: the graph leaves the laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.cli.app import app, fail, reports_errors
from graph.cli.options import DEFAULT_BASE, AllowRemote, BaseIri, DataFiles, Port, Timeout
from graph.dcat import DEFAULT_PUBLISHER, DatasetSettings, check_date
from graph.docs import write_docs
from graph.export import FORMATS, export, format_for
from graph.files import check_data_out, load_graph
from graph.publish import parse_auth, publish
from graph.serve import DEFAULT_PORT, MB, Limits, default_workers, make_server
from graph.store import open_store

OutFiles = Annotated[
    list[Path],
    typer.Option("--out", "-o", help="File to write; repeat to write several syntaxes at once "
                 "(the format follows each file's extension)."),
]
Format = Annotated[
    str | None,
    typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}; default: from the "
                 "extension of --out.", show_default=False),
]
Title = Annotated[str | None, typer.Option("--title", help="Dataset title (DCAT).")]
Publisher = Annotated[
    str, typer.Option("--publisher", help="Publisher's name, or the IRI of the organisation.")
]
Issued = Annotated[
    str | None,
    typer.Option("--issued", help="Date of issue, ISO 8601; default: the latest meeting date "
                 "in the data (never the clock, so exports are reproducible).",
                 show_default=False),
]
Modified = Annotated[
    str | None, typer.Option("--modified", help="Date last modified; default: --issued.",
                             show_default=False),
]


def dataset_settings(base_iri: str, title: str | None, publisher: str, issued: str | None,
                     modified: str | None, **extra: str | None) -> DatasetSettings:
    return DatasetSettings(base_iri=base_iri, title=title, publisher=publisher,
                           issued=check_date(issued, "--issued"),
                           modified=check_date(modified, "--modified"), **extra)


@app.command("export")
@reports_errors
def export_command(
    data: DataFiles,
    out: OutFiles,
    export_format: Format = None,
    base_iri: BaseIri = DEFAULT_BASE,
    title: Title = None,
    publisher: Publisher = DEFAULT_PUBLISHER,
    issued: Issued = None,
    modified: Modified = None,
    download_url: Annotated[
        str | None,
        typer.Option("--download-url", help="Public URL of the folder the files will be put "
                     "in, for each distribution's dcat:downloadURL.", show_default=False),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Public SPARQL endpoint serving the same data, when "
                     "it is also published to a store.", show_default=False),
    ] = None,
    allow_remote: AllowRemote = False,
) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, TriG or RDF/XML, with the ontology,
    the concept schemes and a DCAT 3 / VoID description of the dataset.

    TriG puts each source document's triples in a named graph of its own (named by the
    document's IRI), the ontology in another and the description in a third. The same
    input always gives the same bytes.

    Example:

        ofsted-kg export --data out/graph.ttl --out site/graph.ttl --out site/graph.jsonld

        ofsted-kg export -d out/graph.ttl --format trig --out site/graph.trig --publisher "Example Council"
    """  # noqa: E501
    check_data_out(data, out)
    if export_format is not None and len(out) > 1:
        raise fail("--format goes with a single --out; with several, each file's extension "
                   "names its format", 2)
    outputs = [(path, format_for(path, export_format)) for path in out]
    settings = dataset_settings(base_iri, title, publisher, issued, modified,
                                download_base=download_url, endpoint=endpoint)
    written = export(load_graph(data, allow_remote=allow_remote), outputs, settings)
    for exported in written:
        typer.echo(f"Wrote {exported.path} ({exported.format.media_type}, "
                   f"{exported.byte_size:,} bytes)")


@app.command("docs")
@reports_errors
def docs_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the HTML pages in.")],
) -> None:
    """Write HTML documentation of the ontology (with pyLODE) and of its concept schemes.

    Writes index.html, ontology.html and concepts.html; they work offline from a
    file:// URL or from any static web host.

    Example:

        ofsted-kg docs --out site/def
    """
    for path in write_docs(out):
        typer.echo(f"Wrote {path}")


@app.command("publish")
@reports_errors
def publish_command(
    data: DataFiles,
    store: Annotated[
        str, typer.Option("--store", help="The store's SPARQL 1.1 Graph Store Protocol URL.")
    ],
    auth: Annotated[
        str | None, typer.Option("--auth", help="user:password for HTTP basic authentication.",
                                 show_default=False)
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option("--endpoint", help="Public SPARQL query URL to name in the description; "
                     "default: derived from --store for Oxigraph, Fuseki and GraphDB.",
                     show_default=False),
    ] = None,
    base_iri: BaseIri = DEFAULT_BASE,
    title: Title = None,
    publisher: Publisher = DEFAULT_PUBLISHER,
    issued: Issued = None,
    modified: Modified = None,
) -> None:
    """Publish the graph to a triple store: one named graph per source document, one for
    the ontology and one for the dataset description, each replaced with an HTTP PUT.
    Triples several documents share (an authority, an inspection) go once into one more
    graph, so that a union default graph gives the same rows as the local file.

    Publishing twice leaves the store as publishing once. If the store fails part way,
    every graph is either entirely old or entirely new; publish again to finish.

    Example:

        ofsted-kg publish --data out/graph.ttl --store http://localhost:7878/store

        ofsted-kg publish -d out/graph.ttl --store http://localhost:3030/ds/data --auth admin:secret
    """
    settings = dataset_settings(base_iri, title, publisher, issued, modified, endpoint=endpoint)
    published = publish(load_graph(data), store, settings, auth=parse_auth(auth))
    for graph in published:
        typer.echo(f"Replaced <{graph.name}> ({graph.triples} triples)")
    total = sum(graph.triples for graph in published)
    typer.echo(f"Published {len(published)} graphs, {total} triples, to {store}")


@app.command("serve")
@reports_errors
def serve_command(
    data: DataFiles,
    port: Port = DEFAULT_PORT,
    timeout: Timeout = Limits.timeout,
    max_result_mb: Annotated[
        float, typer.Option("--max-result-mb", min=0.001,
                            help="Refuse answers larger than this many megabytes.")
    ] = Limits.max_result_bytes / MB,
    max_memory_mb: Annotated[
        float, typer.Option("--max-memory-mb", min=1,
                            help="Stop a query whose worker grows by more than this.")
    ] = (Limits.memory_bytes or 0) / MB,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Queries answered at once; default: "
                          "the number of cores (at least 2).", show_default=False)
    ] = None,
    allow_remote: AllowRemote = False,
) -> None:
    """Answer SPARQL queries over the given files at http://127.0.0.1:PORT/query, read-only.

    Any SPARQL 1.1 client can query it (GET ?query= or POST); updates are refused, and
    so is SERVICE unless --allow-remote. A query past --timeout (30 s by default) is
    stopped (503), and a request that finds every worker busy gets 503 with Retry-After.
    Stop it with Ctrl+C.

    Example:

        ofsted-kg serve --data out/graph.ttl --port 7878

        curl http://127.0.0.1:7878/query --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
    """  # noqa: E501
    limits = Limits(timeout=timeout, max_result_bytes=int(max_result_mb * MB),
                    memory_bytes=int(max_memory_mb * MB), allow_remote=allow_remote,
                    workers=workers or default_workers())
    # Straight into pyoxigraph: no rdflib copy for the workers to share.
    store = open_store(data, allow_remote=allow_remote)
    server = make_server(store, port, limits)  # type: ignore[arg-type]
    typer.echo(f"Serving {len(store)} triples read-only at {server.url} (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("Stopped.")
    finally:
        server.server_close()
