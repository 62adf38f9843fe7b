"""`ofsted-kg viz`: draw the graph, or export it as a network for other tools."""

from __future__ import annotations

from typing import Annotated

import typer

from graph.cli.app import app, reports_errors
from graph.cli.options import AllowRemote, DataFiles, OutFile
from graph.files import check_data_out


@app.command()
@reports_errors
def viz(
    data: DataFiles,
    out: OutFile,
    authority: Annotated[
        str | None,
        typer.Option("--authority", "-a", help="Only this authority: its name or GSS code."),
    ] = None,
    inspection: Annotated[
        str | None, typer.Option("--inspection", "-i", help="Only this inspection (its IRI).")
    ] = None,
    theme: Annotated[
        str | None,
        typer.Option("--theme", "-t",
                     help="Only findings and responses of this theme (e.g. workforce), with "
                          "the inspections and recommendations that link them."),
    ] = None,
    allow_remote: AllowRemote = False,
) -> None:
    """Draw which findings were answered and how, or export the network.

    The format follows OUT's extension: .html (an interactive page that works offline:
    hover or click a node for its quote and source, filter by theme), .svg and .png
    (the same layered picture, static), .graphml, .gexf (Gephi), .dot (Graphviz) and
    .json (networkx node-link). Findings that nothing answers are marked in red.

    Example:

        ofsted-kg viz --data out/graph.ttl --out out/graph.html

        ofsted-kg viz -d out/graph.ttl --authority Trafford --theme workforce --out trafford.png

        ofsted-kg viz -d out/graph.ttl --out network.graphml
    """
    check_data_out(data, [out])
    from graph.viz import draw  # networkx and friends load only for this command

    network = draw(data, out, authority=authority, inspection=inspection, theme=theme,
                   allow_remote=allow_remote)
    unanswered = sum(1 for _, flag in network.nodes(data="unanswered") if flag)
    typer.echo(f"Wrote {out}: {network.number_of_nodes()} nodes, "
               f"{network.number_of_edges()} links, {unanswered} finding(s) with no response.")
