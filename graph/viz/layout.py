"""Layered left-to-right positions shared by the HTML page and the static pictures.

Columns, left to right: authority, inspection, findings, recommendations, responses, so a
councillor reads each row as "this was found, this was recommended, this was done". Within
a column each node sits level with the things it links to (the mean of their heights),
pushed down just enough to keep a fixed gap, so a response lands beside its finding.
Positions depend only on the network, so every format draws the same picture.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean

import networkx as nx

from graph.viz.network import KINDS, natural_key, neighbours, nodes_of_kind

COLUMN = {kind: index for index, kind in enumerate(KINDS)}
"""Layer (x index) of each kind."""

COLUMN_TITLES = {
    "authority": "Authority",
    "inspection": "Inspection",
    "finding": "Findings",
    "recommendation": "Recommendations",
    "response": "Responses",
}
"""Heading above each layer."""

KIND_COLOURS = {
    "authority": "#555555",
    "inspection": "#0072B2",
    "finding": "#E69F00",
    "recommendation": "#CC79A7",
    "response": "#009E73",
}
"""Fill colour of each kind (the Okabe-Ito palette, readable with colour-blindness)."""

UNANSWERED_COLOUR = "#D00000"
"""Border of a finding that no response answers."""

ROW_GAP = 1.0
"""Vertical distance between two nodes of one column."""

GROUP_GAP = 0.6
"""Extra space between the findings of two inspections."""

Positions = dict[str, tuple[float, float]]


def stack(order: list[str], wanted: Callable[[str], float]) -> dict[str, float]:
    """Heights for `order` near their wanted heights, at least ROW_GAP apart.

    Nodes that want the same height (two responses to one finding) are spread evenly
    around it, then every node is pushed down as far as needed to clear the one above.
    """
    by_height: dict[float, list[str]] = {}
    for node in sorted(order, key=natural_key):
        by_height.setdefault(wanted(node), []).append(node)
    heights: dict[str, float] = {}
    floor = float("-inf")
    for height in sorted(by_height):
        siblings = by_height[height]
        first = height - (len(siblings) - 1) * ROW_GAP / 2
        for index, node in enumerate(siblings):
            heights[node] = max(first + index * ROW_GAP, floor)
            floor = heights[node] + ROW_GAP
    return heights


def layered_positions(network: nx.DiGraph) -> Positions:
    """`node -> (column, row)`: columns are COLUMN's indices, rows grow down from 0."""
    y: dict[str, float] = {}

    def mean_height(nodes: list[str], default: float) -> float:
        placed = [y[node] for node in nodes if node in y]
        return fmean(placed) if placed else default

    inspections = sorted(
        nodes_of_kind(network, "inspection"),
        key=lambda node: (
            [network.nodes[a]["label"] for a in neighbours(network, node, "inspected",
                                                           incoming=False)],
            network.nodes[node]["date"], natural_key(node)),
    )
    # Findings are the spine: grouped by inspection, in document order, each in a block of
    # as many rows as it has direct responses, so those stay level with it.
    row = 0.0

    def place_finding(finding: str) -> None:
        nonlocal row
        rows = max(1, len(neighbours(network, finding, "responds-to", incoming=True)))
        y[finding] = row + (rows - 1) * ROW_GAP / 2
        row += rows * ROW_GAP

    reserved: dict[str, float] = {}
    for inspection in inspections:
        found = sorted(neighbours(network, inspection, "found", incoming=False), key=natural_key)
        for finding in found:
            place_finding(finding)
        if not found:  # keeps a row, so it stays beside its authority's other inspections
            reserved[inspection] = row
            row += ROW_GAP
        row += GROUP_GAP
    for finding in nodes_of_kind(network, "finding"):
        if finding not in y:  # a finding tied to no inspection
            place_finding(finding)

    def recommendation_height(node: str) -> float:
        addressed = neighbours(network, node, "addresses", incoming=False)
        parents = neighbours(network, node, "recommended", incoming=True)
        return mean_height(addressed, mean_height(
            [f for p in parents for f in neighbours(network, p, "found", incoming=False)], row))

    y.update(stack(nodes_of_kind(network, "recommendation"), recommendation_height))

    def response_height(node: str) -> float:
        return mean_height(neighbours(network, node, "responds-to", incoming=False), row)

    y.update(stack(nodes_of_kind(network, "response"), response_height))

    def inspection_wanted(node: str) -> float:
        items = (neighbours(network, node, "found", incoming=False)
                 + neighbours(network, node, "recommended", incoming=False))
        return mean_height(items, reserved.get(node, row))

    y.update(stack(inspections, inspection_wanted))

    def authority_height(node: str) -> float:
        return mean_height(neighbours(network, node, "inspected", incoming=True), row)

    y.update(stack(nodes_of_kind(network, "authority"), authority_height))
    top = min(y.values(), default=0.0)
    return {node: (float(COLUMN[kind]), y[node] - top)
            for node, kind in network.nodes(data="kind")}
