"""The layered picture as SVG or PNG, for reports, drawn with matplotlib.

Uses a bare `Figure` (no pyplot), so nothing depends on a display or global state; fixes
the SVG id salt and drops the creation date and software stamp so the same graph gives
the same bytes.
"""

from __future__ import annotations

import io

import networkx as nx
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from graph.viz.layout import COLUMN_TITLES, KIND_COLOURS, UNANSWERED_COLOUR, layered_positions
from graph.viz.network import KINDS

COLUMN_WIDTH_INCHES = 3.4
ROW_HEIGHT_INCHES = 0.42
HEADER_INCHES = 1.1
FONT_SIZE = 7.5
EDGE_COLOUR = "#9a9a9a"


def legend_handles() -> list[Line2D]:
    """One marker per kind, and the mark of an unanswered finding."""
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=KIND_COLOURS[kind],
                      label=kind) for kind in KINDS]
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=8,
                          color=KIND_COLOURS["finding"], markeredgecolor=UNANSWERED_COLOUR,
                          markeredgewidth=2, label="finding with no response"))
    return handles


def render_static(network: nx.DiGraph, image_format: str, title: str = "") -> bytes:
    """The picture as `svg` or `png` bytes."""
    positions = layered_positions(network)
    rows = max((y for _, y in positions.values()), default=0.0) + 1
    height = ROW_HEIGHT_INCHES * (rows + 1) + HEADER_INCHES
    figure = Figure(figsize=(COLUMN_WIDTH_INCHES * len(KINDS), height))
    axes = figure.add_axes((0.01, 0.0, 0.98, 1 - HEADER_INCHES / height))
    axes.set_axis_off()
    axes.set_xlim(-0.1, len(KINDS))
    axes.set_ylim(rows, -1.0)

    for source, target in network.edges():
        (x0, y0), (x1, y1) = positions[source], positions[target]
        axes.plot([x0, x1], [y0, y1], color=EDGE_COLOUR, linewidth=0.8, zorder=1)
    for column, kind in enumerate(KINDS):
        axes.text(column, -0.8, COLUMN_TITLES[kind], fontsize=FONT_SIZE + 2,
                  fontweight="bold", ha="left", va="center")
    for node, attributes in network.nodes(data=True):
        x, y = positions[node]
        unanswered = attributes["unanswered"]
        axes.scatter([x], [y], s=90, color=KIND_COLOURS[attributes["kind"]], zorder=3,
                     edgecolors=UNANSWERED_COLOUR if unanswered else "white",
                     linewidths=2.2 if unanswered else 0.8)
        label = attributes["label"] + ("  (no response)" if unanswered else "")
        axes.text(x + 0.06, y, label, fontsize=FONT_SIZE, va="center", ha="left", zorder=4,
                  color=UNANSWERED_COLOUR if unanswered else "#222222",
                  bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    figure.legend(handles=legend_handles(), loc="upper center", ncol=len(KINDS) + 1,
                  frameon=False, fontsize=FONT_SIZE + 1,
                  bbox_to_anchor=(0.5, 1 - 0.35 / height))
    if title:
        figure.suptitle(title, y=1 - 0.08 / height, fontsize=FONT_SIZE + 3, va="top")
    buffer = io.BytesIO()
    metadata = {"Date": None} if image_format == "svg" else {"Software": None}
    # SVG text stays text (searchable, copyable in reports) rather than outlines.
    with rc_context({"svg.hashsalt": "ofsted-kg", "svg.fonttype": "none"}):
        figure.savefig(buffer, format=image_format, dpi=110, metadata=metadata)
    return buffer.getvalue()
