"""Subgraphs a reader asks for: one authority, one inspection, or one theme.

Each filter keeps whole chains, never a dangling end: an inspection with the authority it
inspected, the findings and recommendations it made, and the responses to them. The
`unanswered` flag was set on the whole graph, so a finding answered by a response of
another theme still shows as answered when that response is filtered out.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.errors import UsageError
from graph.viz.network import neighbours, nodes_of_kind, themes


def inspection_chain(network: nx.DiGraph, inspections: Iterable[str]) -> set[str]:
    """The inspections, their authorities, their findings and recommendations, and the
    responses to any of those."""
    kept: set[str] = set()
    for inspection in inspections:
        kept.add(inspection)
        kept.update(neighbours(network, inspection, "inspected", incoming=False))
        items = (neighbours(network, inspection, "found", incoming=False)
                 + neighbours(network, inspection, "recommended", incoming=False))
        kept.update(items)
        for item in items:
            kept.update(neighbours(network, item, "responds-to", incoming=True))
    return kept


def matching_authorities(network: nx.DiGraph, authority: str) -> list[str]:
    """Authorities whose GSS code, name or IRI is `authority` (case-insensitive)."""
    wanted = authority.strip().casefold()
    return [node for node in nodes_of_kind(network, "authority")
            if wanted in {network.nodes[node]["gss"].casefold(),
                          network.nodes[node]["label"].casefold(), node.casefold()}]


def by_authority(network: nx.DiGraph, authority: str) -> nx.DiGraph:
    """The authority, every inspection of it, and everything those inspections lead to."""
    matches = matching_authorities(network, authority)
    if not matches:
        known = ", ".join(f"{network.nodes[node]['label']} ({network.nodes[node]['gss'] or node})"
                          for node in nodes_of_kind(network, "authority")) or "none"
        raise UsageError(f"no authority named or coded {authority!r} in the data; known: {known}")
    inspections = [inspection for node in matches
                   for inspection in neighbours(network, node, "inspected", incoming=True)]
    return network.subgraph(set(matches) | inspection_chain(network, inspections)).copy()


def by_inspection(network: nx.DiGraph, inspection: str) -> nx.DiGraph:
    """One inspection, its authority, and everything it leads to."""
    iri = inspection.strip().strip("<>")
    if network.nodes.get(iri, {}).get("kind") != "inspection":
        count = len(nodes_of_kind(network, "inspection"))
        raise UsageError(f"no inspection {iri!r} in the data ({count} inspection(s) there; "
                         "list them with a SPARQL query)")
    return network.subgraph(inspection_chain(network, [iri])).copy()


def theme_nodes(network: nx.DiGraph, theme: str) -> set[str]:
    """Findings and responses of `theme`, with the path from each back to its authority.

    The path of a finding is its inspection and the recommendations that address it; the
    path of a response is what it responds to (a finding or a recommendation) and that
    item's path.
    """
    findings = [n for n in nodes_of_kind(network, "finding") if network.nodes[n]["theme"] == theme]
    responses = [n for n in nodes_of_kind(network, "response")
                 if network.nodes[n]["theme"] == theme]
    items = set(findings)
    for finding in findings:
        items.update(neighbours(network, finding, "addresses", incoming=True))
    for response in responses:
        items.update(neighbours(network, response, "responds-to", incoming=False))
    kept = items | set(responses)
    for item in items:
        for inspection in (neighbours(network, item, "found", incoming=True)
                           + neighbours(network, item, "recommended", incoming=True)):
            kept.add(inspection)
            kept.update(neighbours(network, inspection, "inspected", incoming=False))
    return kept


def by_theme(network: nx.DiGraph, theme: str) -> nx.DiGraph:
    """Findings and responses of one theme and the chain that connects them."""
    kept = theme_nodes(network, theme)
    if not kept:
        known = ", ".join(themes(network)) or "none"
        raise UsageError(f"no finding or response has theme {theme!r}; themes in the data: "
                         f"{known}")
    return network.subgraph(kept).copy()


def select(network: nx.DiGraph, *, authority: str | None = None, inspection: str | None = None,
           theme: str | None = None) -> nx.DiGraph:
    """Apply the filters that are given, one after the other (so they intersect)."""
    if authority:
        network = by_authority(network, authority)
    if inspection:
        network = by_inspection(network, inspection)
    if theme:
        network = by_theme(network, theme)
    return network
