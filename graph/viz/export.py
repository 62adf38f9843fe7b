"""The network in the formats analysts' tools read: GraphML, GEXF (Gephi), DOT, node-link JSON.

DOT is written here rather than through pydot: the network is flat (string attributes,
one kind of edge), so a dozen lines with one quoting rule do the job without another
dependency, and the tests parse the result back.
"""

from __future__ import annotations

import io
import json
import re

import networkx as nx

from graph.viz.layout import KIND_COLOURS, UNANSWERED_COLOUR


def graphml_bytes(network: nx.DiGraph) -> bytes:
    """GraphML with every node and edge attribute as a typed key."""
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(network: nx.DiGraph) -> bytes:
    """GEXF 1.2 for Gephi, without the day's date networkx stamps in, so output is stable."""
    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, encoding="utf-8", prettyprint=True)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)


def json_bytes(network: nx.DiGraph) -> bytes:
    """networkx node-link JSON (`nodes`, `edges`), readable by `nx.node_link_graph`."""
    data = nx.node_link_data(network, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def dot_quote(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as spaces."""
    if isinstance(value, bool):
        value = str(value).lower()
    text = " ".join(str(value).splitlines())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_attributes(attributes: dict[str, object]) -> str:
    return ", ".join(f"{name}={dot_quote(value)}" for name, value in attributes.items())


def dot_bytes(network: nx.DiGraph) -> bytes:
    """Graphviz DOT, laid out left to right, coloured by kind, all attributes kept."""
    lines = ["digraph ofsted_kg {",
             '  rankdir=LR; node [style=filled, fontname="Helvetica"];']
    for node, attributes in network.nodes(data=True):
        drawing = {"fillcolor": KIND_COLOURS[attributes["kind"]]}
        if attributes["unanswered"]:
            drawing.update(color=UNANSWERED_COLOUR, penwidth="3")
        lines.append(f"  {dot_quote(node)} [{dot_attributes({**attributes, **drawing})}];")
    for source, target, attributes in network.edges(data=True):
        lines.append(f"  {dot_quote(source)} -> {dot_quote(target)} "
                     f"[{dot_attributes({**attributes, 'label': attributes['relation']})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()
