"""The network built from RDF through SPARQL, its filters and its layered layout."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

from graph.errors import UsageError
from graph.text import shorten
from graph.viz.filters import by_authority, by_inspection, by_theme, select, theme_nodes
from graph.viz.layout import COLUMN, ROW_GAP, layered_positions
from graph.viz.network import NODE_ATTRIBUTES, build_network, inspection_name
from graph.vocab import OKG, concept

ID = "https://w3id.org/ofsted-kg/id/"
TRAFFORD = ID + "authority/E08000009"
HALTON = ID + "authority/E06000006"
TRAFFORD_VISIT = ID + "inspection/E08000009/2021-03/focused-visit"
HALTON_VISIT = ID + "inspection/E06000006/2021-10-13/monitoring-visit"
T = ID + "{}/trafford-2021-06/{}"
H = ID + "{}/halton-2022-01/{}"
T_F1, T_F2, T_F3 = (T.format("finding", f) for f in ("f1", "f2", "f3"))
T_R1 = T.format("recommendation", "r1")
T_A1, T_A2 = (T.format("response", a) for a in ("a1", "a2"))
H_F1 = H.format("finding", "f1")
H_A1, H_A2 = (H.format("response", a) for a in ("a1", "a2"))

TRAFFORD_ALL = {TRAFFORD, TRAFFORD_VISIT, T_F1, T_F2, T_F3, T_R1, T_A1, T_A2}
HALTON_ALL = {HALTON, HALTON_VISIT, H_F1, H_A1, H_A2}


@pytest.fixture(scope="module")
def network() -> nx.DiGraph:
    """Built once: the tests only read it (filters return copies)."""
    return build_network(Graph().parse(Path(__file__).parent / "fixtures" / "handmade.ttl"))


def sparql_pairs(graph: Graph, pattern: str) -> set[tuple[str, str]]:
    """Ground truth straight from the RDF, independent of the viz queries."""
    query = f"PREFIX okg: <https://w3id.org/ofsted-kg/def#> SELECT ?a ?b WHERE {{ {pattern} }}"
    return {(str(a), str(b)) for a, b in graph.query(query)}


def test_network_nodes_are_every_instance_of_the_drawn_classes(network, handmade_graph):
    expected = {a for a, _ in sparql_pairs(
        handmade_graph,
        "VALUES ?b { okg:Authority okg:Inspection okg:Finding okg:Recommendation okg:Response }"
        " ?a a ?b")}
    assert set(network.nodes) == expected == TRAFFORD_ALL | HALTON_ALL


def test_network_edges_follow_the_vocabulary(network, handmade_graph):
    def relation(name: str) -> set[tuple[str, str]]:
        return {(s, t) for s, t, r in network.edges(data="relation") if r == name}

    assert relation("responds-to") == sparql_pairs(handmade_graph, "?a okg:respondsTo ?b")
    assert relation("addresses") == {(T_R1, T_F2)}
    assert relation("inspected") == {(TRAFFORD_VISIT, TRAFFORD), (HALTON_VISIT, HALTON)}
    assert relation("found") == {(TRAFFORD_VISIT, T_F1), (TRAFFORD_VISIT, T_F2),
                                 (TRAFFORD_VISIT, T_F3), (HALTON_VISIT, H_F1)}
    assert relation("recommended") == {(TRAFFORD_VISIT, T_R1)}
    assert network.number_of_edges() == 12


def test_network_marks_only_the_finding_nobody_answers(network):
    # f1 is answered directly, f2 through recommendation r1, f3 not at all.
    assert {n for n, flag in network.nodes(data="unanswered") if flag} == {T_F3}


def test_network_does_not_mark_a_strength_that_needs_no_response(handmade_graph):
    handmade_graph.set((URIRef(T_F3), OKG.polarity, concept("polarity", "strength")))
    network = build_network(handmade_graph)
    assert network.nodes[T_F3]["polarity"] == "strength"
    assert not any(flag for _, flag in network.nodes(data="unanswered"))


def test_network_node_attributes_carry_quote_theme_date_and_source(network):
    f1 = network.nodes[T_F1]
    assert f1["kind"] == "finding"
    assert f1["quote"] == "instability in the social work workforce"
    assert f1["label"] == "f1: instability in the social work…"
    assert (f1["theme"], f1["polarity"], f1["date"]) == ("workforce", "weakness", "2021-06-15")
    assert f1["source"] == "https://democratic.trafford.gov.uk/ieListDocuments.aspx?CId=1&MId=1"
    assert f1["document"] == "trafford-2021-06.txt"
    visit = network.nodes[HALTON_VISIT]
    assert visit["label"] == "Monitoring visit 2021-10-13"
    assert (visit["judgement"], visit["date"], visit["source"]) == (
        "requires-improvement", "2021-10-13", "")
    assert network.nodes[TRAFFORD]["label"] == "Trafford"
    assert network.nodes[T_A2]["status"] == "done"


def test_network_attributes_are_never_none(network):
    for _, attributes in network.nodes(data=True):
        assert set(attributes) == {*NODE_ATTRIBUTES, "unanswered"}
        assert all(isinstance(value, (str, bool)) for value in attributes.values())


def test_network_of_a_graph_without_items_is_empty():
    assert build_network(Graph()).number_of_nodes() == 0


@pytest.mark.parametrize("notation, name", [
    ("focused-visit", "Focused visit"),
    ("jtai", "JTAI"),  # the preferred label is too long, the alternative label is used
    ("ilacs-standard", "ILACS standard inspection"),
    ("dfe-review", "DfE review"),
    ("", "Inspection"),
])
def test_network_inspection_names_come_from_the_ontology(notation, name):
    assert inspection_name(notation) == name


@pytest.mark.parametrize("words, expected", [
    ("short words", "short words"),
    ("care leavers did not always know their entitlements", "care leavers did not always know…"),
    ("  spaced\n  out  ", "spaced out"),
    ("x" * 50, "x" * 35 + "…"),
])
def test_network_shorten_cuts_at_a_word(words, expected):
    assert shorten(words, 36) == expected


@pytest.mark.parametrize("wanted", ["Trafford", "trafford", "E08000009", TRAFFORD])
def test_filters_authority_by_name_or_code_keeps_its_whole_chain(network, wanted):
    assert set(by_authority(network, wanted).nodes) == TRAFFORD_ALL


def test_filters_authority_keeps_attributes_and_links(network):
    halton = by_authority(network, "E06000006")
    assert set(halton.nodes) == HALTON_ALL
    assert halton.number_of_edges() == 4
    assert halton.nodes[H_F1]["quote"] == "high caseloads caused by vacancies"


def test_filters_unknown_authority_names_the_known_ones(network):
    with pytest.raises(UsageError) as error:
        by_authority(network, "Wigan")
    assert str(error.value) == ("no authority named or coded 'Wigan' in the data; known: "
                                "Halton (E06000006), Trafford (E08000009)")


def test_filters_inspection_by_iri(network):
    assert set(by_inspection(network, f"<{HALTON_VISIT}>").nodes) == HALTON_ALL
    with pytest.raises(UsageError, match="no inspection 'x' in the data"):
        by_inspection(network, "x")


@pytest.mark.parametrize("theme, expected", [
    # Workforce: both authorities' workforce findings and the responses to them.
    ("workforce", {TRAFFORD, TRAFFORD_VISIT, T_F1, T_A1, HALTON, HALTON_VISIT, H_F1, H_A1, H_A2}),
    # The finding answered through a recommendation keeps the recommendation on the path.
    ("assessment-and-planning", {TRAFFORD, TRAFFORD_VISIT, T_F2, T_R1, T_A2}),
    # The unanswered finding stands alone with its inspection and authority.
    ("care-leavers", {TRAFFORD, TRAFFORD_VISIT, T_F3}),
])
def test_filters_theme_gives_the_expected_subgraph(network, theme, expected):
    assert set(by_theme(network, theme).nodes) == expected
    assert theme_nodes(network, theme) == expected


def test_filters_theme_keeps_the_unanswered_mark_from_the_whole_graph(network):
    care_leavers = by_theme(network, "care-leavers")
    assert care_leavers.nodes[T_F3]["unanswered"] is True


def test_filters_unknown_theme_lists_the_themes_in_the_data(network):
    with pytest.raises(UsageError) as error:
        by_theme(network, "covid")
    assert str(error.value) == ("no finding or response has theme 'covid'; themes in the data: "
                                "assessment-and-planning, care-leavers, workforce")


def test_filters_combine_authority_and_theme(network):
    chosen = select(network, authority="Trafford", theme="workforce")
    assert set(chosen.nodes) == {TRAFFORD, TRAFFORD_VISIT, T_F1, T_A1}
    assert select(network) is network


def test_layout_puts_each_kind_in_its_column_left_to_right(network):
    positions = layered_positions(network)
    for node, kind in network.nodes(data="kind"):
        assert positions[node][0] == COLUMN[kind]
    assert [COLUMN[k] for k in ("authority", "inspection", "finding", "recommendation",
                                "response")] == [0, 1, 2, 3, 4]


def test_layout_keeps_nodes_of_a_column_apart_and_level_with_their_links(network):
    positions = layered_positions(network)
    for column in range(5):
        heights = sorted(y for x, y in positions.values() if x == column)
        assert all(b - a >= ROW_GAP - 1e-9 for a, b in pairwise(heights))
    assert min(y for _, y in positions.values()) == 0
    assert positions[T_A1][1] == positions[T_F1][1]  # a response level with its finding
    assert positions[T_R1][1] == positions[T_F2][1]  # a recommendation with its finding
    # Two responses to one finding sit either side of it.
    assert positions[H_A1][1] < positions[H_F1][1] < positions[H_A2][1]


def test_layout_keeps_an_inspection_without_findings_beside_its_authority(handmade_graph):
    later_visit = URIRef(ID + "inspection/E06000006/2022-06/monitoring-visit")
    handmade_graph.add((later_visit, RDF.type, OKG.Inspection))
    handmade_graph.add((later_visit, OKG.inspectedAuthority, URIRef(HALTON)))
    handmade_graph.add((later_visit, OKG.startDate, Literal("2022-06", datatype=XSD.gYearMonth)))
    positions = layered_positions(build_network(handmade_graph))
    # Halton's two visits sit together above Trafford's, not at the bottom of the column.
    assert positions[HALTON_VISIT][1] < positions[str(later_visit)][1]
    assert positions[str(later_visit)][1] < positions[TRAFFORD_VISIT][1]


def test_layout_is_deterministic(handmade_graph):
    assert layered_positions(build_network(handmade_graph)) == layered_positions(
        build_network(handmade_graph))
