"""One self-contained, offline HTML page with the interactive layered picture.

The page template (`static/page.html`) and the vendored drawing library
(`static/cytoscape.min.js`, Cytoscape.js 3.34.4 from npm, MIT licence in
`static/cytoscape.LICENSE`) are inlined, so the file can be mailed or opened from a USB
stick and fetches nothing. The theme filter's node sets are computed here with the same
rule as `--theme`, so the page and the command line always agree.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx

from graph.viz.filters import theme_nodes
from graph.viz.layout import KIND_COLOURS, UNANSWERED_COLOUR, layered_positions
from graph.viz.network import KINDS, themes

STATIC = Path(__file__).resolve().parent / "static"
LIBRARY = STATIC / "cytoscape.min.js"
LICENCE = STATIC / "cytoscape.LICENSE"
TEMPLATE = STATIC / "page.html"

PLACEHOLDER = re.compile(r"__OKG_[A-Z]+__")

COLUMN_PIXELS = 300
"""Horizontal distance between layers: room for a short label beside each node."""

ROW_PIXELS = 34
"""Vertical distance between two nodes of a column."""


def page_data(network: nx.DiGraph) -> dict[str, object]:
    """What the page script reads: nodes with positions, edges, theme sets, colours."""
    positions = layered_positions(network)
    nodes = []
    for node, attributes in network.nodes(data=True):
        column, row = positions[node]
        entry = {name: value for name, value in attributes.items() if name != "source"}
        # Cytoscape reserves `source`/`target` for edges, so the URL travels as `url`.
        entry.update(id=node, url=attributes["source"],
                     position={"x": column * COLUMN_PIXELS, "y": row * ROW_PIXELS})
        nodes.append(entry)
    edges = [{"source": source, "target": target, "relation": relation}
             for source, target, relation in network.edges(data="relation")]
    theme_sets = {theme: sorted(theme_nodes(network, theme)) for theme in themes(network)}
    return {"nodes": nodes, "edges": edges, "themes": theme_sets, "kinds": list(KINDS),
            "colours": KIND_COLOURS, "unansweredColour": UNANSWERED_COLOUR}


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no `<` can close it or open a comment."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def render_html(network: nx.DiGraph, title: str) -> bytes:
    """The page as UTF-8 bytes."""
    library = LIBRARY.read_text(encoding="utf-8")
    if "</script" in library.lower():
        raise ValueError(f"{LIBRARY} contains '</script' and cannot be inlined")
    replacements = {
        "__OKG_TITLE__": html.escape(title),
        "__OKG_LICENCE__": html.escape(LICENCE.read_text(encoding="utf-8")),
        "__OKG_DATA__": script_json(page_data(network)),
        "__OKG_LIBRARY__": library,
    }
    # One pass, so text put in (a quote, the library) is never searched for placeholders.
    page = PLACEHOLDER.sub(lambda match: replacements[match.group(0)],
                           TEMPLATE.read_text(encoding="utf-8"))
    return page.encode("utf-8")
