"""Every output format of `ofsted-kg viz`, read back with real readers, and the command."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from io import BytesIO
from pathlib import Path

import networkx as nx
import pytest
from matplotlib.image import imread
from rdflib import Graph
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import UsageError
from graph.viz import RENDERERS, draw, output_format
from graph.viz.export import dot_bytes, dot_quote, gexf_bytes, graphml_bytes, json_bytes
from graph.viz.html import LIBRARY, LICENCE, render_html, script_json
from graph.viz.network import RELATIONS, build_network
from graph.viz.static import render_static

ID = "https://w3id.org/ofsted-kg/id/"
FORMATS = sorted(RENDERERS)


@pytest.fixture
def network(handmade_graph: Graph) -> nx.DiGraph:
    return build_network(handmade_graph)


def sparql_set(graph: Graph, query: str) -> set[tuple[str, ...]]:
    prefix = "PREFIX okg: <https://w3id.org/ofsted-kg/def#> "
    return {tuple(str(term) for term in row) for row in graph.query(prefix + query)}


def test_graphml_carries_every_finding_and_responds_to_link(network, handmade_graph):
    back = nx.read_graphml(BytesIO(graphml_bytes(network)))
    findings = {(n,) for n, kind in back.nodes(data="kind") if kind == "finding"}
    assert findings == sparql_set(handmade_graph, "SELECT ?f WHERE { ?f a okg:Finding }")
    responds = {(s, t) for s, t, r in back.edges(data="relation") if r == "responds-to"}
    assert responds == sparql_set(handmade_graph, "SELECT ?a ?b WHERE { ?a okg:respondsTo ?b }")
    assert len(responds) == 4


def test_graphml_keeps_every_attribute_with_its_type(network):
    back = nx.read_graphml(BytesIO(graphml_bytes(network)))
    assert dict(back.nodes(data=True)) == dict(network.nodes(data=True))
    assert back.nodes[ID + "finding/trafford-2021-06/f3"]["unanswered"] is True


def test_gexf_reads_back_in_networkx_without_a_date_stamp(network):
    data = gexf_bytes(network)
    assert b"lastmodifieddate" not in data
    back = nx.read_gexf(BytesIO(data))
    assert set(back.nodes) == set(network.nodes)
    assert {r for _, _, r in back.edges(data="relation")} == set(RELATIONS) == {
        "inspected", "found", "recommended", "addresses", "responds-to"}
    assert back.nodes[ID + "finding/halton-2022-01/f1"]["theme"] == "workforce"


def test_json_is_node_link_data_that_networkx_reads_back(network):
    data = json.loads(json_bytes(network))
    assert {"nodes", "edges", "directed"} <= set(data)
    back = nx.node_link_graph(data, edges="edges")
    assert set(back.edges) == set(network.edges)
    assert back.nodes[ID + "authority/E08000009"]["gss"] == "E08000009"


@pytest.mark.parametrize("value, expected", [
    ("plain", '"plain"'),
    ('said "no"', r'"said \"no\""'),
    ("back\\slash", r'"back\\slash"'),
    ("two\nlines", '"two lines"'),
    (True, '"true"'),
])
def test_dot_quote_escapes_what_dot_needs(value, expected):
    assert dot_quote(value) == expected


DOT_STATEMENT = re.compile(
    r'^  ("(?:[^"\\]|\\.)*")(?: -> ("(?:[^"\\]|\\.)*"))? \[((?:\w+="(?:[^"\\]|\\.)*"(?:, )?)+)\];$')


def test_dot_has_one_statement_per_node_and_edge_with_all_attributes(network):
    lines = dot_bytes(network).decode().splitlines()
    assert lines[0] == "digraph ofsted_kg {" and lines[-1] == "}"
    statements = [DOT_STATEMENT.match(line) for line in lines[2:-1]]
    assert all(statements), [line for line, m in zip(lines[2:-1], statements, strict=True) if not m]
    nodes = [m for m in statements if m.group(2) is None]
    edges = [m for m in statements if m.group(2) is not None]
    assert len(nodes) == network.number_of_nodes() and len(edges) == network.number_of_edges()
    f3 = next(m.group(3) for m in nodes if m.group(1) == f'"{ID}finding/trafford-2021-06/f3"')
    assert 'theme="care-leavers"' in f3 and 'unanswered="true"' in f3 and 'color="#D00000"' in f3


def test_dot_survives_quotes_and_backslashes_in_a_quote(network):
    node = ID + "finding/trafford-2021-06/f1"
    network.nodes[node]["quote"] = 'the "so-called" C:\\ drive'
    line = next(line for line in dot_bytes(network).decode().splitlines()
                if line.startswith(f'  "{node}" ['))
    assert DOT_STATEMENT.match(line)
    assert r'quote="the \"so-called\" C:\\ drive"' in line


def test_svg_is_xml_with_the_labels_as_text(network):
    svg = render_static(network, "svg", "Handmade")
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join(root.itertext())
    for words in ("Trafford", "Halton", "f3: care leavers did not always know…", "no response",
                  "Responses", "Handmade"):
        assert words in text


def test_png_is_a_picture_with_colour_not_a_blank_page(network):
    png = render_static(network, "png", "Handmade")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = imread(BytesIO(png), format="png")[:, :, :3]
    non_white = (pixels.min(axis=2) < 0.9).mean()
    colours = {tuple(p) for p in (pixels.reshape(-1, 3) * 255).round().astype(int)[::7]}
    assert non_white > 0.01
    assert len(colours) > 20


def test_html_page_inlines_the_library_and_its_licence_and_fetches_nothing(network):
    page = render_html(network, "Handmade <graph>").decode()
    assert LIBRARY.read_text(encoding="utf-8") in page
    assert "Permission is hereby granted" in page and "Cytoscape.js (MIT licence)" in page
    assert "<title>Handmade &lt;graph&gt;</title>" in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet|@import|url\(http", page)
    assert "__OKG_" not in page.replace("__OKG_TITLE__", "")  # the template's own comment


def test_html_data_cannot_close_its_script_element():
    encoded = script_json({"quote": "</script><script>alert(1)</script> <!--"})
    assert "</" not in encoded and "<!--" not in encoded
    assert json.loads(encoded) == {"quote": "</script><script>alert(1)</script> <!--"}


def test_licence_file_sits_beside_the_vendored_library():
    assert LICENCE.parent == LIBRARY.parent
    assert "MIT" in LICENCE.read_text() or "Permission is hereby granted" in LICENCE.read_text()


@pytest.mark.parametrize("extension", FORMATS)
def test_every_format_is_deterministic(handmade_path, tmp_path, extension):
    first, second = tmp_path / f"a{extension}", tmp_path / f"b{extension}"
    draw([handmade_path], first)
    draw([handmade_path], second)
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_format_rejects_unknown_extensions():
    assert output_format(Path("x.GraphML")) == ".graphml"
    with pytest.raises(UsageError) as error:
        output_format(Path("graph.pdf"))
    assert str(error.value) == ("graph.pdf: cannot tell the format from .pdf; use one of .dot, "
                                ".gexf, .graphml, .html, .json, .png, .svg")


runner = CliRunner()


def test_cli_viz_writes_the_filtered_graphml(handmade_path, tmp_path):
    out = tmp_path / "trafford.graphml"
    result = runner.invoke(app, ["viz", "--data", str(handmade_path), "--out", str(out),
                                 "--authority", "Trafford", "--theme", "workforce"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote {out}: 4 nodes, 3 links, 0 finding(s) with no response.\n")
    back = nx.read_graphml(out)
    assert set(back.nodes) == {ID + "authority/E08000009",
                               ID + "inspection/E08000009/2021-03/focused-visit",
                               ID + "finding/trafford-2021-06/f1",
                               ID + "response/trafford-2021-06/a1"}


def test_cli_viz_whole_graph_counts(handmade_path, tmp_path):
    out = tmp_path / "graph.html"
    result = runner.invoke(app, ["viz", "-d", str(handmade_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}: 13 nodes, 12 links, 1 finding(s) with no response.\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("arguments, code, message", [
    (["--out", "{tmp}/g.pdf"], 2,
     "Error: {tmp}/g.pdf: cannot tell the format from .pdf; use one of .dot, .gexf, .graphml, "
     ".html, .json, .png, .svg\n"),
    (["--out", "{tmp}/g.png", "--authority", "Wigan"], 2,
     "Error: no authority named or coded 'Wigan' in the data; known: Halton (E06000006), "
     "Trafford (E08000009)\n"),
    (["--out", "{tmp}/g.png", "--theme", "covid"], 2,
     "Error: no finding or response has theme 'covid'; themes in the data: "
     "assessment-and-planning, care-leavers, workforce\n"),
])
def test_cli_viz_bad_usage_is_one_line(handmade_path, tmp_path, arguments, code, message):
    arguments = [a.format(tmp=tmp_path) for a in arguments]
    result = runner.invoke(app, ["viz", "--data", str(handmade_path), *arguments])
    assert result.exit_code == code
    assert result.stderr == message.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_viz_missing_binary_and_empty_data_files(tmp_path):
    binary = tmp_path / "blob.ttl"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing here\n")
    out = str(tmp_path / "g.svg")
    cases = [
        (tmp_path / "nope.ttl", f"Error: {tmp_path / 'nope.ttl'}: no such file\n"),
        (binary, f"Error: {binary}: not a UTF-8 RDF file\n"),
        (broken, None),
        (empty, f"Error: {empty}: holds no triples (empty, or only triples already read)\n"),
    ]
    for path, message in cases:
        result = runner.invoke(app, ["viz", "--data", str(path), "--out", out])
        assert result.exit_code == 3, result.output
        if message is None:
            assert result.stderr.startswith(f"Error: {path}: cannot be parsed as RDF: ")
            assert result.stderr.count("\n") == 1
        else:
            assert result.stderr == message


def test_cli_viz_help_ends_with_examples():
    result = runner.invoke(app, ["viz", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "ofsted-kg viz --data out/graph.ttl --out out/graph.html" in result.output
