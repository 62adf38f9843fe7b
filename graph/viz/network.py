"""The knowledge graph as a networkx DiGraph: who was inspected, what was found, what was done.

Nodes and links come from two SPARQL queries (`queries/viz-nodes.rq`, `viz-edges.rq`), run
by Oxigraph on the loaded graph, so the picture reads the graph the way any SPARQL user
would. Every node carries the same
attributes, empty strings where a value is unknown, because GraphML and GEXF readers
(Gephi, yEd) want one column per attribute and cannot hold None.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote

import networkx as nx
from pyoxigraph import RdfFormat, Store
from rdflib import Graph

from graph.resources import data_dir, data_files
from graph.text import shorten
from graph.urls import is_http_url

KINDS = ("authority", "inspection", "finding", "recommendation", "response")
"""The node kinds, in the left-to-right order of the picture's layers."""

RELATIONS = ("inspected", "found", "recommended", "addresses", "responds-to")
"""Edge `relation` values; each edge reads subject-verb-object (`a1 responds-to f1`)."""

NODE_ATTRIBUTES = (
    "kind", "label", "quote", "theme", "polarity", "date", "source", "document",
    "gss", "inspection_type", "judgement", "status",
)
"""String attributes every node carries (plus the boolean `unanswered`)."""

LABEL_LENGTH = 36
"""Short labels are cut to this many characters so that a column of them stays readable."""


def query_text(name: str) -> str:
    """The text of `queries/<name>.rq`."""
    return (data_dir("queries") / f"{name}.rq").read_text(encoding="utf-8")


def oxigraph_store(rdf: Graph) -> Store:
    """The triples of `rdf` in an in-memory Oxigraph store.

    rdflib's engine slows down sharply with the node query's OPTIONALs (2.4 s for 300
    nodes, 14 s for 1,200); Oxigraph answers the same queries in well under a second.
    """
    store = Store()
    store.load(rdf.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    return store


def select_rows(store: Store, name: str) -> list[dict[str, str]]:
    """The solutions of `queries/<name>.rq`, each value as a plain string ('' when unbound)."""
    solutions = store.query(query_text(name))
    names = [variable.value for variable in solutions.variables]
    return [{name: "" if solution[name] is None else solution[name].value for name in names}
            for solution in solutions]


SHORT_NAME = 26
"""An inspection type's preferred label longer than this gives way to its shortest
alternative label (`joint targeted area inspection` -> `JTAI`)."""


@cache
def inspection_type_names() -> dict[str, str]:
    """Inspection type notation -> the short name the picture shows, from the ontology."""
    store = Store()
    for path in data_files("ontology"):
        store.load(path=str(path), format=RdfFormat.TURTLE)
    preferred: dict[str, str] = {}
    alternatives: dict[str, list[str]] = {}
    for row in select_rows(store, "viz-concept-labels"):
        preferred[row["notation"]] = row["preferred"]
        if row["alternative"]:
            alternatives.setdefault(row["notation"], []).append(row["alternative"])
    return {notation: label if len(label) <= SHORT_NAME or notation not in alternatives
            else min(alternatives[notation], key=lambda name: (len(name), name))
            for notation, label in preferred.items()}


def inspection_name(notation: str) -> str:
    """`focused-visit` -> `Focused visit`, `jtai` -> `JTAI` (capitalised, acronyms kept)."""
    name = inspection_type_names().get(notation) or notation.replace("-", " ") or "inspection"
    return name[:1].upper() + name[1:]


def local_name(iri: str) -> str:
    """The last path segment of an IRI (`.../finding/doc/f1` -> `f1`)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def short_label(kind: str, iri: str, fields: dict[str, str]) -> str:
    """What the node shows: a name for authorities and inspections, words for the rest."""
    if kind == "authority":
        return fields["name"] or fields["gss"] or local_name(iri)
    if kind == "inspection":
        return f"{inspection_name(fields['inspectionType'])} {fields['start']}".strip()
    quote = fields["quote"]
    return f"{local_name(iri)}: {shorten(quote, LABEL_LENGTH)}" if quote else local_name(iri)


def split_anchor(anchor: str) -> dict[str, str]:
    """Unpack the query's `offset|document|date|source|quote` anchor of a node's first passage.

    The document and source are percent-encoded by the query and the quote comes last, so a
    `|` in a file name or a quote survives. A source that is not an http(s) URL is dropped:
    it would become a link in the HTML picture.
    """
    if not anchor:
        return {"document": "", "meeting_date": "", "source": "", "quote": ""}
    _offset, document, meeting_date, source, quote = anchor.split("|", 4)
    source = unquote(source)
    return {"document": unquote(document), "meeting_date": meeting_date,
            "source": source if is_http_url(source) else "", "quote": quote}


def node_attributes(row: dict[str, str]) -> dict[str, str]:
    """One row of `viz-nodes.rq` as the node's attribute dictionary."""
    kind = row["kind"]
    passage = split_anchor(row["anchor"])
    fields = {**row, **passage}
    return {
        "kind": kind,
        "label": short_label(kind, row["node"], fields),
        "quote": passage["quote"],
        "theme": row["theme"],
        "polarity": row["polarity"],
        "date": row["start"] if kind == "inspection" else passage["meeting_date"],
        "source": passage["source"],
        "document": passage["document"],
        "gss": row["gss"],
        "inspection_type": row["inspectionType"],
        "judgement": row["judgement"],
        "status": row["status"],
    }


def build_network(rdf: Graph) -> nx.DiGraph:
    """Authorities, inspections, findings, recommendations and responses, and their links.

    Node ids are the IRIs. A finding is `unanswered` when no response answers it, neither
    directly nor through a recommendation that addresses it, and it is not a strength
    (the rule of the `okgsh:FindingHasResponse` shape and `stats-unanswered-findings.rq`).
    """
    network = nx.DiGraph()
    store = oxigraph_store(rdf)
    for row in select_rows(store, "viz-nodes"):
        network.add_node(row["node"], **node_attributes(row))
    for row in select_rows(store, "viz-edges"):
        if row["from"] in network and row["to"] in network:
            network.add_edge(row["from"], row["to"], relation=row["relation"])
    for node, attributes in network.nodes(data=True):
        attributes["unanswered"] = (
            attributes["kind"] == "finding" and attributes["polarity"] != "strength"
            and not answered(network, node)
        )
    return network


def answered(network: nx.DiGraph, finding: str) -> bool:
    """Whether a response answers `finding` directly or through a recommendation."""
    for source, _, relation in network.in_edges(finding, data="relation"):
        if relation == "responds-to":
            return True
        if relation == "addresses" and any(
            link == "responds-to" for _, _, link in network.in_edges(source, data="relation")
        ):
            return True
    return False


def natural_key(text_value: str) -> tuple[object, ...]:
    """Sort `f2` before `f10`: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part
                 for part in re.split(r"(\d+)", text_value))


def nodes_of_kind(network: nx.DiGraph, kind: str) -> list[str]:
    """The nodes of one kind, in natural IRI order."""
    return sorted((node for node, k in network.nodes(data="kind") if k == kind), key=natural_key)


def neighbours(network: nx.DiGraph, node: str, relation: str, *, incoming: bool) -> list[str]:
    """Nodes linked to `node` by `relation`, following edges into it or out of it."""
    if incoming:
        return [s for s, _, r in network.in_edges(node, data="relation") if r == relation]
    return [t for _, t, r in network.out_edges(node, data="relation") if r == relation]


def themes(network: nx.DiGraph) -> list[str]:
    """The theme notations used by findings or responses, sorted."""
    return sorted({theme for _, theme in network.nodes(data="theme") if theme})
