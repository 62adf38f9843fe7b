"""Publish the graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each source document's graph, the ontology's graph and the description's graph (the
same named graphs as the TriG export, see `graph.export.named_graphs`) is replaced with
one `PUT <store>?graph=<name>`. A PUT replaces the whole graph, so publishing twice
leaves the store as publishing once.

The guarantee when something fails part way: the store applies each PUT as one
transaction (Oxigraph, Apache Jena Fuseki and GraphDB all do), so every graph is either
entirely old or entirely new, never half. Graphs are sent documents first and the
description last, so the description only changes once the data it counts is in; the
error names how many graphs were replaced, and publishing again finishes the job.
Graphs of documents no longer in the data are left alone.

A triple several documents share (about their authority or inspection) is published
once, in a graph of shared triples sent first (`shared_apart`), so that a union
default graph holds each triple once and queries give the rows they give locally.

Everything lives in named graphs, so queries without `GRAPH` need the store's union
default graph: Oxigraph's `?union-default-graph` (or `serve --union-default-graph`),
Fuseki's `unionDefaultGraph` setting; GraphDB queries all graphs by default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from graph.dcat import DatasetSettings
from graph.errors import RemoteError, UsageError
from graph.export import new_graph, prepare, sorted_ntriples
from graph.text import one_line

TIMEOUT_SECONDS = 60.0
QUERY_ENDPOINT_SUFFIXES = (
    ("/store", "/query?union-default-graph"),  # Oxigraph, querying all named graphs
    ("/data", "/sparql"),  # Apache Jena Fuseki: <dataset>/data and <dataset>/sparql
    ("/rdf-graphs/service", ""),  # GraphDB (and RDF4J): the repository URL answers queries
)
"""Graph Store URL ending -> the query endpoint ending, for the stores the README shows."""


@dataclass(frozen=True)
class PublishedGraph:
    """One named graph replaced in the store."""

    name: URIRef
    triples: int


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """`user:pass` -> (user, pass) for HTTP basic authentication."""
    if value is None:
        return None
    user, colon, password = value.partition(":")
    if not colon or not user:
        raise UsageError("--auth must be user:password")
    return user, password


def query_endpoint_for(store: str) -> str | None:
    """The SPARQL query endpoint beside a Graph Store URL, for the stores we know."""
    for store_suffix, query_suffix in QUERY_ENDPOINT_SUFFIXES:
        if store.rstrip("/").endswith(store_suffix):
            return store.rstrip("/")[: -len(store_suffix)] + query_suffix
    return None


def check_store_url(store: str) -> None:
    parts = urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{store!r} is not an http(s) URL of a graph store")


def refusal(response: httpx.Response, store: str, with_auth: bool) -> str:
    """What to tell the user when the store answers a PUT with an error status."""
    status = response.status_code
    if status == 401:
        return (f"the graph store {store} rejected the credentials (HTTP 401)" if with_auth
                else f"the graph store {store} needs credentials (HTTP 401); use --auth user:pass")
    if status == 403:
        return f"the graph store {store} refused to write (HTTP 403 Forbidden)"
    if status in (404, 405):
        return (f"no Graph Store endpoint at {store} (HTTP {status}); give the store's "
                "Graph Store Protocol URL, e.g. http://localhost:7878/store")
    detail = one_line(response.text, 200)
    return f"the graph store {store} failed (HTTP {status}){': ' + detail if detail else ''}"


def publish(
    data: Graph,
    store: str,
    settings: DatasetSettings | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> list[PublishedGraph]:
    """Replace each of the graph's named graphs in the store; see the module docstring.

    `settings.endpoint`, when None, is filled in from the store URL for Oxigraph, Fuseki
    and GraphDB, so the published description names its SPARQL endpoint.
    """
    check_store_url(store)
    settings = settings or DatasetSettings()
    if settings.endpoint is None:
        settings = replace(settings, endpoint=query_endpoint_for(store))
    prepared = prepare(data, settings)
    ontology, description, *documents = prepared.graphs(prepared.description())
    shared, documents = shared_apart(documents, URIRef(f"{description[0]}/shared"))
    ordered = [*shared, *documents, ontology, description]

    published: list[PublishedGraph] = []
    with httpx.Client(auth=auth, timeout=timeout) as client:
        for name, graph in ordered:
            body = "".join(sorted_ntriples(graph)).encode("utf-8")
            try:
                response = client.put(store, params={"graph": str(name)}, content=body,
                                      headers={"Content-Type": "application/n-triples"})
            except httpx.TransportError as error:
                message = f"cannot reach graph store {store}: {error or type(error).__name__}"
                raise RemoteError(message + progress(published, ordered)) from None
            if response.is_error:
                message = refusal(response, store, with_auth=auth is not None)
                raise RemoteError(message + progress(published, ordered))
            published.append(PublishedGraph(name, len(graph)))
    return published


def shared_apart(documents: list[tuple[URIRef, Graph]], shared_name: URIRef
                 ) -> tuple[list[tuple[URIRef, Graph]], list[tuple[URIRef, Graph]]]:
    """(the graph of shared triples, if any; the document graphs without them).

    An export repeats a node several documents mention (an authority, an inspection)
    in each of their graphs; in a store, a union default graph then holds each of its
    triples as often, and every join through it multiplies rows. Here each triple found
    in more than one document's graph is published once, in `shared_name`. Triples with
    a blank node stay where they are: a blank node does not span two PUTs.
    """
    seen: Counter[tuple[Node, Node, Node]] = Counter()
    for _, graph in documents:
        seen.update(graph)
    repeated = {triple for triple, count in seen.items()
                if count > 1 and not any(isinstance(term, BNode) for term in triple)}
    if not repeated:
        return [], documents
    apart = [(name, new_graph(t for t in graph if t not in repeated))
             for name, graph in documents]
    return [(shared_name, new_graph(repeated))], apart


def progress(published: list[PublishedGraph], ordered: list[tuple[URIRef, Graph]]) -> str:
    """The tail of a failure message: how far the publish got before it stopped."""
    if not published:
        return "; nothing was changed"
    return (f"; {len(published)} of {len(ordered)} graphs were replaced, the others are "
            "unchanged: publish again to finish")

