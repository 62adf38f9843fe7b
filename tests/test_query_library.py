"""The named queries: headers, syntax, and the exact rows each gives on known graphs.

Two graphs whose rows cannot shift when the extractor changes: the hand-made Turtle
fixture, and a graph mapped by `graph.rdf.to_graph` from `Extraction`s written here
(the same mapping a real build uses) over minutes text written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.errors import UsageError
from graph.formats import LazyRows, QueryResult, short
from graph.model import (
    Authority,
    Document,
    Extraction,
    Finding,
    Inspection,
    Metric,
    Recommendation,
    Resolution,
    Response,
    Span,
)
from graph.query import (
    PARAMETER_TYPES,
    QueryParameter,
    load_library,
    parse_query_text,
    prepare,
    resolve_query,
    run_query,
)
from graph.rdf import to_graph
from graph.store import ENGINES, check_query, store_from_graph

LIBRARY = load_library()
OURS = ("trace", "findings-without-response", "inspection-timeline", "responses-by-theme",
        "metrics", "recommendations", "search")
STATS = ("stats-authorities", "stats-inspection-types", "stats-unanswered-findings")

BODY = (
    "Members received a report on the inspection of local authority children's services "
    "which Ofsted carried out in November 2022. "
    "Services for children were judged to be good. "
    "Inspectors found that too many children waited for an initial health assessment. "
    "Supervision of social workers was not consistently recorded. "
    "Care leavers spoke warmly of their personal advisers. "
    "Ofsted recommended that health partners speed up initial health assessments. "
    "A joint health panel now meets every fortnight. "
    "A new supervision recording template was introduced in January. "
    "Agency staff made up 14% of the workforce. "
    "RESOLVED: That the inspection outcome be welcomed."
)
OTHER_BODY = "The average caseload was 17 children per worker."


def span(body: str, words: str) -> Span:
    start = body.index(words)
    return Span(start, start + len(words), words)


def example_extractions() -> list[Extraction]:
    """Two minutes: one of Stockport with every kind of item, one nobody can place."""
    document = Document(
        identifier="stockport-2023-01-10.txt", path=Path("stockport-2023-01-10.txt"), body=BODY,
        source_url="https://democracy.stockport.gov.uk/ieListDocuments.aspx?MId=9",
        committee="Children and Families Scrutiny Committee", meeting_date="2023-01-10",
    )
    stockport = Extraction(
        document=document,
        authority=Authority(gss="E08000007", name="Stockport"),
        inspections=(Inspection(
            type="ilacs-standard", start="2022-11", judgement="good",
            evidence=(span(BODY, "the inspection of local authority children's services"),),
        ),),
        findings=(
            Finding(span(BODY, "too many children waited for an initial health assessment"), 0,
                    polarity="weakness", theme="partnership"),
            Finding(span(BODY, "Supervision of social workers was not consistently recorded"), 0,
                    polarity="weakness", theme="management-oversight"),
            Finding(span(BODY, "Care leavers spoke warmly of their personal advisers"), 0,
                    polarity="strength", theme="care-leavers"),
        ),
        recommendations=(Recommendation(
            span(BODY, "health partners speed up initial health assessments"), 0, addresses=(0,)),),
        responses=(
            Response(span(BODY, "A joint health panel now meets every fortnight"), ("R0",),
                     theme="partnership", status="in-progress"),
            Response(span(BODY, "A new supervision recording template was introduced"), ("F1",),
                     theme="management-oversight", status="done"),
        ),
        metrics=(Metric(span(BODY, "Agency staff made up 14% of the workforce"), 14,
                        unit="percent", measure="agency staff"),),
        resolutions=(Resolution(span(BODY, "That the inspection outcome be welcomed")),),
    )
    unplaced = Extraction(
        document=Document(identifier="unplaced.txt", path=Path("unplaced.txt"), body=OTHER_BODY),
        metrics=(Metric(span(OTHER_BODY, "average caseload was 17 children per worker"), 17,
                        unit="count", measure="average caseload"),),
    )
    return [stockport, unplaced]


@pytest.fixture(scope="module")
def example_graph() -> Graph:
    return to_graph(example_extractions())


def cells(result: QueryResult) -> list[tuple[str | None, ...]]:
    """Rows as readable strings (IRIs shortened), None for unbound."""
    return [tuple(None if term is None else short(term) for term in row) for row in result.rows]


def run(graph: Graph, name: str, engine: str = "oxigraph", **values: str) -> QueryResult:
    return run_query(LIBRARY[name], values, store=store_from_graph(graph, engine))


# --- the library itself -----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_query_library_every_file_parses(name: str) -> None:
    check_query(prepare(LIBRARY[name]))


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_query_library_named_queries_have_a_full_header(name: str) -> None:
    query = LIBRARY[name]
    assert query.title != name and query.description
    assert all(p.description and p.type in PARAMETER_TYPES for p in query.parameters)


def test_query_library_trace_has_the_required_variables(example_graph: Graph) -> None:
    variables = run(example_graph, "trace").variables
    assert {"finding", "response", "recommendation", "authority", "inspection"} <= set(variables)


def test_query_library_reads_title_description_and_typed_parameters() -> None:
    query = parse_query_text("q", (
        "# title: Things\n"
        "# description: All the things.\n"
        "# param authority: a name or code\n"
        "# param since (date) = 2020-01-01: from this date\n"
        "#   param notaparam looks like one but is indented prose\n"
        "SELECT * WHERE { ?s ?p ?o }\n"
        "# title: ignored, after the first line of SPARQL\n"
    ))
    assert (query.title, query.description) == ("Things", "All the things.")
    assert query.parameters == (
        QueryParameter("authority", "text", None, "a name or code"),
        QueryParameter("since", "date", "2020-01-01", "from this date"),
    )


def test_query_library_rejects_an_unknown_parameter_type() -> None:
    with pytest.raises(UsageError, match="parameter x has unknown type 'colour'"):
        parse_query_text("q", "# param x (colour): no\nSELECT * {}")


def test_query_library_unknown_name_lists_the_library() -> None:
    with pytest.raises(UsageError) as error:
        resolve_query("tracee")
    assert str(error.value).startswith("no query named 'tracee'; the library has: ")
    assert ", trace, " in str(error.value)


def test_query_library_reads_a_query_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nSELECT ?s WHERE { ?s ?p ?o }\n")
    assert resolve_query(str(path)).title == "Mine"


# --- exact rows on the graph mapped from Extractions ----------------------------------------

def test_query_library_trace_rows_on_the_example(example_graph: Graph) -> None:
    result = run(example_graph, "trace")
    pairs = [(row["finding"], row["recommendation"], row["response"]) for row in
             [{k: None if v is None else short(v) for k, v in r.items()}
              for r in result.records()]]
    assert pairs == [
        ("id:finding/stockport-2023-01-10-txt/f1", "id:recommendation/stockport-2023-01-10-txt/r1",
         "id:response/stockport-2023-01-10-txt/a1"),
        ("id:finding/stockport-2023-01-10-txt/f2", None,
         "id:response/stockport-2023-01-10-txt/a2"),
        ("id:finding/stockport-2023-01-10-txt/f3", None, None),
    ]
    first = result.records()[0]
    assert short(first["authorityLabel"]) == "Stockport"
    assert short(first["inspectionType"]) == "inspection-type:ilacs-standard"
    assert short(first["inspectionDate"]) == "2022-11"
    assert short(first["findingQuote"]) == (
        "too many children waited for an initial health assessment")
    assert short(first["recommendationQuote"]) == (
        "health partners speed up initial health assessments")
    assert short(first["responseQuote"]) == "A joint health panel now meets every fortnight"
    assert short(first["findingSource"]) == short(first["responseSource"]) == (
        "stockport-2023-01-10.txt")
    assert short(first["status"]) == "status:in-progress"


def test_query_library_findings_without_response_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "findings-without-response")) == [(
        "id:authority/E08000007", "Stockport", "id:inspection/E08000007/2022-11/ilacs-standard",
        "id:finding/stockport-2023-01-10-txt/f3",
        "Care leavers spoke warmly of their personal advisers", "stockport-2023-01-10.txt",
        "polarity:strength", "theme:care-leavers",
    )]


def test_query_library_inspection_timeline_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "inspection-timeline")) == [(
        "id:authority/E08000007", "Stockport", "id:inspection/E08000007/2022-11/ilacs-standard",
        "inspection-type:ilacs-standard", "2022-11", None, "judgement:good",
        "id:document/stockport-2023-01-10-txt", "2023-01-10",
        "Children and Families Scrutiny Committee", "stockport-2023-01-10.txt",
    )]


def test_query_library_responses_by_theme_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "responses-by-theme")) == [
        ("theme:management-oversight", "id:authority/E08000007", "Stockport",
         "id:response/stockport-2023-01-10-txt/a2",
         "A new supervision recording template was introduced", "status:done",
         "stockport-2023-01-10.txt"),
        ("theme:partnership", "id:authority/E08000007", "Stockport",
         "id:response/stockport-2023-01-10-txt/a1",
         "A joint health panel now meets every fortnight", "status:in-progress",
         "stockport-2023-01-10.txt"),
    ]


def test_query_library_metrics_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "metrics")) == [
        (None, None, "average caseload", None, "17", "count", "id:metric/unplaced-txt/m1",
         "average caseload was 17 children per worker", "unplaced.txt"),
        ("id:authority/E08000007", "Stockport", "agency staff", "2023-01-10", "14", "percent",
         "id:metric/stockport-2023-01-10-txt/m1", "Agency staff made up 14% of the workforce",
         "stockport-2023-01-10.txt"),
    ]


def test_query_library_recommendations_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "recommendations")) == [(
        "id:authority/E08000007", "Stockport", "id:inspection/E08000007/2022-11/ilacs-standard",
        "id:recommendation/stockport-2023-01-10-txt/r1",
        "health partners speed up initial health assessments", "stockport-2023-01-10.txt",
        "id:response/stockport-2023-01-10-txt/a1",
        "A joint health panel now meets every fortnight", "status:in-progress",
    )]


def test_query_library_search_on_the_example(example_graph: Graph) -> None:
    assert cells(run(example_graph, "search", words="HEALTH")) == [
        ("id:finding/stockport-2023-01-10-txt/f1", "okg:Finding",
         "too many children waited for an initial health assessment",
         "stockport-2023-01-10.txt", str(BODY.index("too many"))),
        ("id:recommendation/stockport-2023-01-10-txt/r1", "okg:Recommendation",
         "health partners speed up initial health assessments",
         "stockport-2023-01-10.txt", str(BODY.index("health partners"))),
        ("id:response/stockport-2023-01-10-txt/a1", "okg:Response",
         "A joint health panel now meets every fortnight",
         "stockport-2023-01-10.txt", str(BODY.index("A joint"))),
    ]


# --- exact rows on the hand-made graph ------------------------------------------------------

def test_query_library_findings_without_response_on_handmade(handmade_graph: Graph) -> None:
    rows = cells(run(handmade_graph, "findings-without-response"))
    assert [row[3] for row in rows] == ["id:finding/trafford-2021-06/f3"]


def test_query_library_inspection_timeline_on_handmade(handmade_graph: Graph) -> None:
    rows = cells(run(handmade_graph, "inspection-timeline"))
    assert [(r[1], r[3], r[4], r[5], r[6], r[8]) for r in rows] == [
        ("Halton", "inspection-type:monitoring-visit", "2021-10-13", "2021-10-14",
         "judgement:requires-improvement", "2022-01-24"),
        ("Trafford", "inspection-type:focused-visit", "2021-03", None, None, "2021-06-15"),
    ]


def test_query_library_responses_by_theme_on_handmade(handmade_graph: Graph) -> None:
    rows = cells(run(handmade_graph, "responses-by-theme", theme="workforce"))
    assert [(r[2], r[3], r[5]) for r in rows] == [
        ("Halton", "id:response/halton-2022-01/a1", None),
        ("Halton", "id:response/halton-2022-01/a2", None),
        ("Trafford", "id:response/trafford-2021-06/a1", "status:in-progress"),
    ]


def test_query_library_metrics_and_recommendations_on_handmade(handmade_graph: Graph) -> None:
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in cells(run(handmade_graph, "metrics"))] == [
        ("Trafford", "re-referral rate", "2021-06-15", "19", "percent")]
    assert [(r[3], r[6], r[8]) for r in cells(run(handmade_graph, "recommendations"))] == [
        ("id:recommendation/trafford-2021-06/r1", "id:response/trafford-2021-06/a2",
         "status:done")]


# --- both local stores agree ----------------------------------------------------------------

@pytest.mark.parametrize("name", OURS)
def test_store_engines_give_the_same_rows(name: str, handmade_graph: Graph,
                                          example_graph: Graph) -> None:
    for graph in (handmade_graph, example_graph):
        by_engine = [run(graph, name, engine) for engine in ENGINES]
        assert by_engine[0] == by_engine[1]


@pytest.mark.parametrize("name", STATS)
def test_store_engines_give_the_same_stats_rows(name: str, handmade_graph: Graph,
                                                example_graph: Graph) -> None:
    # The empty graph is where rdflib used to add an all-unbound row (GROUP BY, no match);
    # the example's unidentified authority has no GSS code (rdflib's MIN gave "None").
    for graph in (handmade_graph, example_graph, Graph()):
        by_engine = [run(graph, name, engine) for engine in ENGINES]
        assert by_engine[0] == by_engine[1]
    assert run(Graph(), name).rows == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_store_trace_with_every_parameter_gives_the_same_rows(engine: str,
                                                              handmade_graph: Graph) -> None:
    values = {"authority": "trafford", "theme": "workforce", "type": "focused-visit",
              "since": "2021-03"}
    result = run(handmade_graph, "trace", engine, **values)
    assert [short(row[5]) for row in result.rows] == ["id:finding/trafford-2021-06/f1"]
    assert result == run(handmade_graph, "trace", "oxigraph", **values)


def test_store_oxigraph_rows_are_converted_on_first_use(handmade_graph: Graph) -> None:
    result = run(handmade_graph, "trace")
    assert isinstance(result.rows, LazyRows)
    assert len(result.rows) == 5 and result.rows
    reference = run(handmade_graph, "trace", "rdflib")
    assert isinstance(reference.rows, tuple)
    assert result == reference and reference == result
    assert result.rows[0] == reference.rows[0] and list(result.rows) == list(reference.rows)
    assert result.rows[-2:] == reference.rows[-2:]
    assert run(Graph(), "trace").rows == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_store_malformed_query_is_a_usage_error_with_position(engine: str) -> None:
    with pytest.raises(UsageError, match=r"^malformed query: .+ at line 2, column \d+$"):
        store_from_graph(Graph(), engine).query("SELECT ?x\nWHERE { ?x ?p }")
