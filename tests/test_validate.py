"""Validation: readable problems from pySHACL results, the summary, and `ofsted-kg validate`."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from typer.testing import CliRunner

from graph.cli import app
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
from graph.rdf import to_graph
from graph.validate import Problem, validate
from graph.vocab import OA, PROV

runner = CliRunner()
ID = "https://w3id.org/ofsted-kg/id/"
F1 = URIRef(ID + "finding/trafford-2021-06/f1")
NO_EVIDENCE = ("Has no evidence: it must be derived from (prov:wasDerivedFrom) at least one "
               "quoted passage of the minutes, an oa:SpecificResource.")
UNANSWERED = ("No response recorded for this finding: no action of the authority answers it, "
              "directly or through a recommendation.")
F3_WARNING = (f'Warning    Finding "trafford-2021-06/f3": {UNANSWERED} — '
              '"care leavers did not always know their entitlements" (trafford-2021-06.txt)')


def without_evidence(graph: Graph, item: URIRef) -> Graph:
    graph.remove((item, PROV.wasDerivedFrom, None))
    return graph


def test_validate_handmade_graph_has_one_warning_and_no_violation(handmade_graph: Graph) -> None:
    result = validate(handmade_graph)
    assert result.conforms
    assert result.violations == []
    assert [p.focus for p in result.warnings] == [ID + "finding/trafford-2021-06/f3"]
    assert result.summary() == "conforms: 0 violations, 1 warning (1 finding with no response)"


def test_validate_leaves_the_data_graph_unchanged(handmade_graph: Graph) -> None:
    before = len(handmade_graph)
    validate(handmade_graph)
    assert len(handmade_graph) == before


def test_validate_problem_names_class_label_quote_and_document(handmade_graph: Graph) -> None:
    result = validate(handmade_graph)
    assert result.warnings == [Problem(
        severity="Warning",
        focus=ID + "finding/trafford-2021-06/f3",
        focus_class="Finding",
        focus_label="trafford-2021-06/f3",
        message=UNANSWERED,
        quote="care leavers did not always know their entitlements",
        document="trafford-2021-06.txt",
        shape="https://w3id.org/ofsted-kg/shapes#FindingHasResponse",
    )]
    assert result.warnings[0].line() == F3_WARNING


def test_validate_finding_without_evidence_is_a_violation(handmade_graph: Graph) -> None:
    result = validate(without_evidence(handmade_graph, F1))
    assert not result.conforms
    [problem] = result.violations
    assert (problem.focus_class, problem.focus_label, problem.path) == (
        "Finding", "trafford-2021-06/f1", "prov:wasDerivedFrom")
    assert problem.line() == f'Violation  Finding "trafford-2021-06/f1": {NO_EVIDENCE}'
    assert result.summary() == (
        "does not conform: 1 violation, 1 warning (1 finding with no response)")


def test_validate_blank_selector_is_described_through_its_evidence(
        handmade_graph: Graph) -> None:
    evidence = URIRef(ID + "evidence/halton-2022-01/100-140")
    position = next(s for s in handmade_graph.objects(evidence, OA.hasSelector)
                    if (s, RDF.type, OA.TextPositionSelector) in handmade_graph)
    handmade_graph.set((position, OA.end, Literal(90)))
    [problem] = validate(handmade_graph).violations
    assert problem.focus_class == "TextPositionSelector"
    assert problem.focus_label == "halton-2022-01/100-140 hasSelector"
    assert problem.quote == "high caseloads caused by vacancies"
    assert problem.document == "halton-2022-01.txt"
    assert "must be less than the end offset" in problem.message


def test_validate_long_quote_is_cut_on_its_line() -> None:
    problem = Problem("Warning", "x", "Finding", "f1", "Unanswered.", quote="word " * 40)
    quote = problem.line().split(" — ")[1]
    assert quote.endswith('…"') and len(quote) < 90


def minutes_extraction(authority: Authority | None) -> Extraction:
    """An extraction written by hand, as the extractor would hand it to graph.rdf."""
    body = ("Members heard that the focused visit in May 2022 found social workers carried "
            "too many cases. Inspectors asked that caseloads be reduced. The service had "
            "recruited six newly qualified workers. Average caseloads were 24.5 children. "
            "RESOLVED that the update be noted.")

    def span(words: str) -> Span:
        start = body.index(words)
        return Span(start, start + len(words), words)

    return Extraction(
        document=Document(identifier="bolton-2022-07.txt", path=Path("bolton-2022-07.txt"),
                          body=body, committee="Children's Scrutiny Committee"),
        authority=authority,
        inspections=(Inspection(type="focused-visit", evidence=(span("the focused visit"),),
                                start="2022-05"),),
        findings=(Finding(span("social workers carried too many cases"), 0,
                          polarity="weakness", theme="caseloads"),),
        recommendations=(Recommendation(span("caseloads be reduced"), 0, addresses=(0,)),),
        responses=(Response(span("recruited six newly qualified workers"), ("R0",),
                            theme="workforce", status="done"),),
        metrics=(Metric(span("Average caseloads were 24.5 children"), 24.5, unit="count",
                        measure="average caseload"),),
        resolutions=(Resolution(span("the update be noted")),),
    )


def test_validate_graph_from_the_rdf_mapping_conforms() -> None:
    graph = to_graph([minutes_extraction(Authority(gss="E08000001", name="Bolton"))])
    result = validate(graph)
    assert result.problems == []
    assert result.summary() == "conforms: 0 violations, 0 warnings"


def test_validate_unidentified_authority_is_a_note_not_a_violation() -> None:
    result = validate(to_graph([minutes_extraction(None)]))
    assert result.conforms and result.warnings == []
    [note] = result.infos
    assert note.focus_class == "UnidentifiedAuthority"
    assert note.focus_label == "Unidentified authority (bolton-2022-07.txt)"
    assert result.summary() == "conforms: 0 violations, 0 warnings, 1 note"


# --- the command ------------------------------------------------------------------------

def write(graph: Graph, path: Path) -> Path:
    graph.serialize(path, format="turtle")
    return path


def test_cli_validate_finding_without_evidence_exits_1(handmade_graph: Graph,
                                                       tmp_path: Path) -> None:
    path = write(without_evidence(handmade_graph, F1), tmp_path / "broken.ttl")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f'Violation  Finding "trafford-2021-06/f1": {NO_EVIDENCE}',
        F3_WARNING,
        "Validation: does not conform: 1 violation, 1 warning (1 finding with no response)",
    ]


def test_cli_validate_only_warnings_exits_0(handmade_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(handmade_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        F3_WARNING, "Validation: conforms: 0 violations, 1 warning (1 finding with no response)"]


def test_cli_validate_strict_fails_on_warnings(handmade_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(handmade_path), "--strict"])
    assert result.exit_code == 1, result.output


def test_cli_validate_reads_several_files_as_one_graph(handmade_graph: Graph,
                                                       tmp_path: Path) -> None:
    finding, rest = Graph(), Graph()
    for triple in handmade_graph:
        (finding if triple[0] == F1 else rest).add(triple)
    paths = [str(write(rest, tmp_path / "rest.ttl")), str(write(finding, tmp_path / "f1.ttl"))]
    alone = runner.invoke(app, ["validate", paths[0]])
    assert alone.exit_code == 1  # a response answers f1, which this file does not hold
    assert 'Response "trafford-2021-06/a1": A response can only answer' in alone.output
    together = runner.invoke(app, ["validate", *paths])
    assert together.exit_code == 0, together.output


def test_cli_validate_json_lists_problems(handmade_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(handmade_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["conforms"], report["violations"], report["warnings"]) == (True, 0, 1)
    assert report["problems"][0]["focus_label"] == "trafford-2021-06/f3"


def test_cli_validate_missing_file_exits_3(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    result = runner.invoke(app, ["validate", str(missing)])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {missing}: no such file"


def test_cli_validate_unparseable_file_exits_3(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: {broken}: cannot be parsed as RDF: ")
    assert len(result.output.strip().splitlines()) == 1


def test_cli_validate_binary_file_exits_3(tmp_path: Path) -> None:
    binary = tmp_path / "graph.ttl"
    binary.write_bytes(b"\xff\xfe\x00\x01\x02binary")
    result = runner.invoke(app, ["validate", str(binary)])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {binary}: not a UTF-8 RDF file"


def test_cli_validate_help_ends_with_an_example() -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "ofsted-kg validate out/graph.ttl" in result.output
