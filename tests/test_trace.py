"""The trace: exact (finding, response) pairs on the hand-made graph, and the tree view."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from graph.query import load_library, run_query
from graph.stats import graph_stats
from graph.store import ENGINES, store_from_graph
from graph.trace import EXEMPT, UNANSWERED, TraceResponse, build_trace, render_trace, trace
from graph.vocab import DEF, OKG

ID = "https://w3id.org/ofsted-kg/id/"


def pair(row: dict) -> tuple[str | None, ...]:
    return tuple(None if row[k] is None else str(row[k]).removeprefix(ID)
                 for k in ("finding", "recommendation", "response"))


@pytest.mark.parametrize("engine", ENGINES)
def test_trace_query_gives_exactly_the_right_pairs(handmade_graph: Graph, engine: str) -> None:
    result = run_query(load_library()["trace"], store=store_from_graph(handmade_graph, engine))
    assert [pair(row) for row in result.records()] == [
        ("finding/halton-2022-01/f1", None, "response/halton-2022-01/a1"),
        ("finding/halton-2022-01/f1", None, "response/halton-2022-01/a2"),
        ("finding/trafford-2021-06/f1", None, "response/trafford-2021-06/a1"),
        ("finding/trafford-2021-06/f2", "recommendation/trafford-2021-06/r1",
         "response/trafford-2021-06/a2"),
        ("finding/trafford-2021-06/f3", None, None),
    ]
    first = result.records()[0]
    assert str(first["authorityLabel"]) == "Halton"
    assert str(first["findingQuote"]) == "high caseloads caused by vacancies"
    assert str(first["responseQuote"]) == "a market supplement for social workers"
    assert str(first["findingSource"]) == str(first["responseSource"]) == "halton-2022-01.txt"


def test_trace_tree_per_inspection(handmade_graph: Graph) -> None:
    halton, trafford = trace(store_from_graph(handmade_graph))
    assert (halton.authority, halton.type, halton.date) == ("Halton", "monitoring-visit",
                                                            "2021-10-13")
    assert [r.quote for r in halton.findings[0].responses] == [
        "a market supplement for social workers", "an overseas recruitment programme"]
    f1, f2, f3 = trafford.findings
    assert f1.responses == (TraceResponse(ID + "response/trafford-2021-06/a1",
                                          "a recruitment campaign for permanent social workers",
                                          "trafford-2021-06.txt", "in-progress"),)
    assert f2.responses == ()
    assert [(r.quote, [a.status for a in r.responses]) for r in f2.recommendations] == [
        ("care plans should be more meaningful", ["done"])]
    assert (f1.answered, f2.answered, f3.answered) == (True, True, False)


def test_trace_filters_by_authority_and_theme(handmade_graph: Graph) -> None:
    store = store_from_graph(handmade_graph)
    assert [i.authority for i in trace(store, authority="e08000009")] == ["Trafford"]
    workforce = trace(store, theme="workforce")
    assert [(i.authority, len(i.findings)) for i in workforce] == [("Halton", 1), ("Trafford", 1)]


def test_trace_renders_a_tree_marking_unanswered_findings(handmade_graph: Graph) -> None:
    text = render_trace(trace(store_from_graph(handmade_graph), authority="Trafford"))
    assert text == (
        "Trafford · focused-visit · 2021-03\n"
        f"  {ID}inspection/E08000009/2021-03/focused-visit\n"
        '├─ Finding f1 (weakness, workforce): "instability in the social work workforce" '
        "[trafford-2021-06.txt]\n"
        '│  └─ Response a1 [in-progress]: "a recruitment campaign for permanent social workers" '
        "[trafford-2021-06.txt]\n"
        '├─ Finding f2 (weakness, assessment-and-planning): "care plans were not always specific '
        'enough" [trafford-2021-06.txt]\n'
        '│  └─ Recommendation r1: "care plans should be more meaningful"\n'
        '│     └─ Response a2 [done]: "a new care plan template and training for managers" '
        "[trafford-2021-06.txt]\n"
        '└─ Finding f3 (weakness, care-leavers): "care leavers did not always know their '
        'entitlements" [trafford-2021-06.txt]\n'
        f"   └─ {UNANSWERED}\n"
        "\n"
        "1 inspection(s), 3 finding(s), 2 answered, 0 strength(s) needing none, 1 with no "
        "response recorded.\n"
    )


def test_trace_of_an_empty_result_says_so() -> None:
    store = store_from_graph(Graph())
    assert build_trace(run_query(load_library()["trace"], store=store)) == []
    assert render_trace([]) == (
        "0 inspection(s), 0 finding(s), 0 answered, 0 strength(s) needing none, 0 with no "
        "response recorded.\n")


def test_trace_exempts_strengths_like_stats(handmade_graph: Graph) -> None:
    graph = Graph()
    graph += handmade_graph
    f3 = URIRef(f"{ID}finding/trafford-2021-06/f3")
    graph.set((f3, OKG.polarity, URIRef(f"{DEF}/polarity/strength")))
    text = render_trace(trace(store_from_graph(graph), authority="Trafford"))
    assert UNANSWERED not in text
    assert f"   └─ {EXEMPT}\n" in text
    assert text.endswith("1 inspection(s), 3 finding(s), 2 answered, 1 strength(s) needing "
                         "none, 0 with no response recorded.\n")
    everywhere = [f for i in trace(store_from_graph(graph)) for f in i.findings]
    assert sum(f.unanswered for f in everywhere) == len(graph_stats(graph).unanswered_findings)
