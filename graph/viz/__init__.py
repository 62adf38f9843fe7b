"""Pictures and network files of the knowledge graph (`ofsted-kg viz`).

`draw()` is the whole stage: read the RDF, build the network through SPARQL, keep the
subgraph asked for, and write it in the format OUT's extension names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from graph.errors import InputError, UsageError
from graph.files import atomic_write_bytes, load_graph
from graph.viz.export import dot_bytes, gexf_bytes, graphml_bytes, json_bytes
from graph.viz.filters import select
from graph.viz.html import render_html
from graph.viz.network import build_network


def static_picture(network: nx.DiGraph, image_format: str, title: str) -> bytes:
    """SVG or PNG bytes; matplotlib is imported only here, as it costs a second at start-up."""
    from graph.viz.static import render_static

    return render_static(network, image_format, title)


DEFAULT_TITLE = "Ofsted inspections: findings and responses"

RENDERERS: dict[str, Callable[[nx.DiGraph, str], bytes]] = {
    ".html": render_html,
    ".svg": lambda network, title: static_picture(network, "svg", title),
    ".png": lambda network, title: static_picture(network, "png", title),
    ".graphml": lambda network, _title: graphml_bytes(network),
    ".gexf": lambda network, _title: gexf_bytes(network),
    ".dot": lambda network, _title: dot_bytes(network),
    ".json": lambda network, _title: json_bytes(network),
}
"""Output extension -> function turning the network into the file's bytes."""


def output_format(out: Path) -> str:
    """OUT's extension, checked against the formats we write (UsageError otherwise)."""
    extension = Path(out).suffix.lower()
    if extension not in RENDERERS:
        supported = ", ".join(sorted(RENDERERS))
        shown = extension or "no extension"
        raise UsageError(f"{out}: cannot tell the format from {shown}; use one of {supported}")
    return extension


def draw(data: Iterable[Path], out: Path, *, authority: str | None = None,
         inspection: str | None = None, theme: str | None = None,
         title: str = DEFAULT_TITLE, allow_remote: bool = False) -> nx.DiGraph:
    """Write the (filtered) network of the graph files `data` to `out`; return the network."""
    extension = output_format(out)
    network = build_network(load_graph(data, allow_remote=allow_remote))
    if network.number_of_nodes() == 0:
        raise InputError("the data holds no authorities, inspections, findings, "
                         "recommendations or responses to draw")
    network = select(network, authority=authority, inspection=inspection, theme=theme)
    atomic_write_bytes(Path(out), RENDERERS[extension](network, title))
    return network
