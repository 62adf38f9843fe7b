"""Counts over a graph and `ofsted-kg stats`, on the hand-made graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from typer.testing import CliRunner

from graph.cli import app
from graph.resources import data_files
from graph.stats import AuthorityStats, UnansweredFinding, class_counts, graph_stats
from graph.vocab import OKG, concept

runner = CliRunner()
ID = "https://w3id.org/ofsted-kg/id/"
F3 = UnansweredFinding(iri=ID + "finding/trafford-2021-06/f3", authority="Trafford",
                       quote="care leavers did not always know their entitlements",
                       document="trafford-2021-06.txt")


def test_stats_class_counts_of_the_handmade_graph(handmade_graph: Graph) -> None:
    assert class_counts(handmade_graph) == {
        "Authority": 2, "Inspection": 2, "Finding": 4, "Recommendation": 1, "Response": 4,
        "Metric": 1, "Resolution": 1, "SourceDocument": 2,
    }
    assert list(class_counts(handmade_graph))[:3] == ["Authority", "Inspection", "Finding"]


def test_stats_per_authority_type_and_unanswered(handmade_graph: Graph) -> None:
    stats = graph_stats(handmade_graph)
    assert stats.authorities == [
        AuthorityStats(iri=ID + "authority/E06000006", label="Halton", gss="E06000006",
                       inspections=1, findings=1, recommendations=0, responses=2,
                       unanswered_findings=0),
        AuthorityStats(iri=ID + "authority/E08000009", label="Trafford", gss="E08000009",
                       inspections=1, findings=3, recommendations=1, responses=2,
                       unanswered_findings=1),
    ]
    assert stats.inspection_types == {"focused-visit": 1, "monitoring-visit": 1}
    # f2 is answered through recommendation r1, f1 and Halton's f1 directly: only f3 is left.
    assert stats.unanswered_findings == [F3]


def test_stats_a_strength_needs_no_response(handmade_graph: Graph) -> None:
    handmade_graph.set((URIRef(F3.iri), OKG.polarity, concept("polarity", "strength")))
    assert graph_stats(handmade_graph).unanswered_findings == []


def test_stats_agree_with_the_validation_warnings(handmade_graph: Graph) -> None:
    from graph.validate import validate

    warned = [problem.focus for problem in validate(handmade_graph).unanswered_findings]
    assert warned == [finding.iri for finding in graph_stats(handmade_graph).unanswered_findings]


def test_stats_of_an_empty_graph_are_zero() -> None:
    stats = graph_stats(Graph())
    assert set(stats.classes.values()) == {0}
    assert (stats.authorities, stats.inspection_types, stats.unanswered_findings) == ([], {}, [])


@pytest.mark.parametrize("path", data_files("queries", "stats-*.rq"), ids=lambda p: p.name)
def test_stats_queries_parse(path: Path) -> None:
    prepareQuery(path.read_text(encoding="utf-8"))


def test_cli_stats_table(handmade_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(handmade_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  Finding             4" in lines
    assert ("  Trafford   E08000009            1         3                1          2"
            "            1") in lines
    assert "  focused-visit               1" in lines
    assert lines[-2:] == [
        "Findings with no response: 1",
        '  Trafford: "care leavers did not always know their entitlements" '
        "(trafford-2021-06.txt)",
    ]


def test_cli_stats_json(handmade_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(handmade_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["classes"]["Response"] == 4
    assert [a["gss"] for a in stats["authorities"]] == ["E06000006", "E08000009"]
    assert stats["unanswered_findings"][0]["quote"] == F3.quote


def test_cli_stats_missing_file_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(tmp_path / "none.ttl")])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {tmp_path / 'none.ttl'}: no such file"


def test_cli_stats_bad_format_is_a_usage_error(handmade_path: Path) -> None:
    result = runner.invoke(app, ["stats", str(handmade_path), "--format", "xml"])
    assert result.exit_code == 2


def test_cli_stats_help_ends_with_an_example() -> None:
    result = runner.invoke(app, ["stats", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "ofsted-kg stats out/graph.ttl" in result.output
