"""Each named query on the graph built from the bundled example minutes: the exact rows a
reader of those minutes expects (issue 4). Columns are narrowed to the ones a person
checks against the text; the order is the query's own ORDER BY.

The graph is extracted by the cue-phrase rules, whose output on these minutes is known
item by item, so the rows test the queries; how well the trained extractor reads minutes
is measured on real ones (tests/test_evaluate.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.extract.rules import extract_by_rules
from graph.ingest import input_files, read_document
from graph.pipeline import write_turtle
from graph.rdf import to_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def examples_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    examples = Path(__file__).resolve().parent.parent / "examples" / "minutes"
    graph = to_graph([extract_by_rules(read_document(path, identifier))
                      for path, identifier in input_files([examples])[0]])
    out = tmp_path_factory.mktemp("examples") / "graph.ttl"
    write_turtle(graph, out)
    return out


def rows(graph: Path, name: str, columns: list[str], *params: str) -> list[tuple[str, ...]]:
    arguments = ["query", name, "--data", str(graph), "--format", "csv"]
    for param in params:
        arguments += ["--param", param]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    table = csv.DictReader(io.StringIO(result.stdout))
    return [tuple(row[column].rsplit("/", 1)[-1] if column in IRI_COLUMNS else row[column]
                  for column in columns) for row in table]


IRI_COLUMNS = {"inspectionType", "judgement", "status", "unit"}


def test_query_examples_trace_halton(examples_graph: Path) -> None:
    assert rows(examples_graph, "trace", ["findingQuote", "recommendationQuote", "responseQuote"],
                "authority=E06000006") == [
        ("Ofsted identified two Areas for Priority Action concerning the timeliness of child "
         "protection plans and the oversight of children in need",
         "two Areas for Priority Action concerning the timeliness of child protection plans and "
         "the oversight of children in need",
         "To address the Areas for Priority Action, a Children in Need Panel had been established "
         "and an Improvement Board had been set up to oversee the Improvement Plan"),
        ("The letter also noted weaknesses in the use of the Public Law Outline", "",
         "Legal gateway meetings had been strengthened"),
    ]


def test_query_examples_findings_without_response(examples_graph: Path) -> None:
    assert rows(examples_graph, "findings-without-response", ["authorityLabel", "findingQuote"],
                "polarity=weakness") == [
        ("Northamptonshire", "The authority had been rated inadequate at the inspection in 2019"),
        ("Trafford", "Inspectors noted the instability in the workforce"),
    ]


def test_query_examples_inspection_timeline(examples_graph: Path) -> None:
    assert rows(examples_graph, "inspection-timeline",
                ["inspectionType", "start", "end", "judgement", "meetingDate"],
                "authority=Northamptonshire") == [
        ("ilacs", "2019", "", "inadequate", "2020-02-11"),
        ("monitoring-visit", "2019-12-03", "2019-12-04", "", "2020-02-11"),
    ]


def test_query_examples_responses_by_theme(examples_graph: Path) -> None:
    assert rows(examples_graph, "responses-by-theme", ["authorityLabel", "responseQuote"],
                "theme=workforce") == [
        ("Stockport", "a retention payment had been agreed for experienced staff"),
        ("Trafford", "A workforce strategy had been put in place to address the turnover of "
                     "social workers"),
        ("Trafford", "a market supplement had been introduced for hard-to-fill posts"),
        ("Trafford", "A recruitment campaign for permanent social workers would be launched in "
                     "July to address the instability in the workforce"),
    ]


def test_query_examples_metrics(examples_graph: Path) -> None:
    assert rows(examples_graph, "metrics", ["value", "unit", "date"], "authority=Stockport") == [
        ("16", "count", "2022-09-14"),
        ("17", "percent", "2022-09-14"),
    ]


def test_query_examples_recommendations(examples_graph: Path) -> None:
    assert rows(examples_graph, "recommendations", ["recommendationQuote", "responseQuote",
                                                    "status"], "authority=Stockport") == [
        ("Ofsted recommended that the local authority improve the consistency of management "
         "oversight in the assessment service",
         "In response to the recommendation, the service had introduced a new audit framework "
         "for team managers", "done"),
    ]


def test_query_examples_search(examples_graph: Path) -> None:
    assert rows(examples_graph, "search", ["quote", "source"], "words=care leavers") == [
        ("inspectors identified that the quality of pathway plans for care leavers was too "
         "variable", "01-stockport-ilacs-2022.txt"),
        ("A care leavers' forum had been established to address the variability of pathway plans",
         "01-stockport-ilacs-2022.txt"),
    ]
