"""Nodes several documents describe are validated after the batches (`validate_shared`):
their problems must be exactly those whole-graph validation finds (issue 11).

Two real documents that share an inspection and its authority are mapped as the build
maps them; then bad values are added to the shared nodes' triples of one of them, and the
problems of `combine` are compared whole with `validate` of all the lines as one graph,
with pyrudof and with pySHACL alone. pySHACL's option `focus_nodes`, used before, skipped
the nested shapes that check values (`sh:node`, `sh:or`) and so missed an ill-typed end
date or a judgement outside its scheme.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SKOS, XSD

import graph.pipeline
import graph.validate
from graph.cache import DocumentResult
from graph.ingest import input_files, read_document
from graph.pipeline import combine, document_result, process_batch
from graph.rdf import document_slugs
from graph.validate import Problem, validate, validate_shared

BASE = "https://w3id.org/ofsted-kg/id/"
INSPECTION = f"<{BASE}inspection/E08000007/2022-06-06/ilacs>"
AUTHORITY = f"<{BASE}authority/E08000007>"
DEF = "https://w3id.org/ofsted-kg/def"
OKG = f"{DEF}#"
DATE = f"^^<{XSD.date}>"


def line(subject: str, predicate: str, obj: str) -> str:
    return f"{subject} <{predicate}> {obj} .\n"


BAD_VALUES = {
    "end-date-ill-typed": [line(INSPECTION, f"{OKG}endDate", f'"2022-13-45"{DATE}')],
    "end-date-as-text": [line(INSPECTION, f"{OKG}endDate", '"the week after"')],
    "end-date-as-date-time": [
        line(INSPECTION, f"{OKG}endDate", f'"2022-06-17T00:00:00"^^<{XSD.dateTime}>')],
    "end-date-before-start": [line(INSPECTION, f"{OKG}endDate", f'"2022-06-01"{DATE}')],
    "judgement-unknown": [line(INSPECTION, f"{OKG}judgement", f"<{DEF}/judgement/excellent>")],
    "judgement-of-another-scheme": [
        line(INSPECTION, f"{OKG}judgement", f"<{DEF}/theme/workforce>")],
    "second-type": [
        line(INSPECTION, f"{OKG}inspectionType", f"<{DEF}/inspection-type/focused-visit>")],
    "type-not-a-concept": [line(INSPECTION, f"{OKG}inspectionType", f"<{OKG}Finding>")],
    "second-start-date": [line(INSPECTION, f"{OKG}startDate", f'"2022-06-07"{DATE}')],
    "authority-not-an-authority": [
        line(INSPECTION, f"{OKG}inspectedAuthority", f"<{BASE}document/elsewhere>")],
    "welsh-code": [line(AUTHORITY, f"{OKG}gssCode", '"W06000001"')],
    "code-ending-in-a-line-break": [line(AUTHORITY, f"{OKG}gssCode", '"E08000007\\n"')],
    "unidentified-with-code": [
        line(AUTHORITY, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
             f"<{OKG}UnidentifiedAuthority>")],
}
"""Bad values on the shared inspection and authority, of every kind the shapes check:
datatypes checked through nested shapes, concepts of a scheme, counts, classes, patterns,
logical constraints (and an end before the start, which no shape checks)."""


@pytest.fixture(scope="module")
def shared_pair(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentResult]:
    """The Stockport minutes and a copy under another name, each mapped and validated
    alone, as two batches of a build would: they share an inspection and an authority."""
    folder = tmp_path_factory.mktemp("pair")
    source = Path(__file__).resolve().parent.parent / "examples" / "minutes" / \
        "01-stockport-ilacs-2022.txt"
    shutil.copy(source, folder / source.name)
    shutil.copy(source, folder / f"copy-{source.name}")
    documents = [read_document(path, identifier)
                 for path, identifier in input_files([folder])[0]]
    slugs = document_slugs(documents)
    return [result for document in documents
            for result in process_batch([(document, slugs[document.identifier])], BASE)]


def with_lines(result: DocumentResult, extra: list[str]) -> DocumentResult:
    return document_result(tuple(sorted({*result.triples, *extra})), result.problems,
                           result.unchecked)


def whole_graph(results: list[DocumentResult]) -> Graph:
    text = "".join(sorted({line for result in results for line in result.triples}))
    return Graph().parse(data=text, format="nt")


@pytest.mark.parametrize("use_rudof", [True, False], ids=["pyrudof", "pyshacl"])
@pytest.mark.parametrize("bad", BAD_VALUES, ids=str)
@pytest.mark.parametrize("group_lines", [1, 5_000], ids=["groups-of-one", "one-group"])
def test_bad_values_on_shared_nodes_are_reported_as_whole_graph_validation_reports(
        shared_pair: list[DocumentResult], bad: str, use_rudof: bool, group_lines: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph.validate, "USE_RUDOF", use_rudof)
    monkeypatch.setattr(graph.pipeline, "SHARED_GROUP_LINES", group_lines)
    first, second = shared_pair
    results = [first, with_lines(second, BAD_VALUES[bad])]
    _lines, problems = combine(results)
    whole = validate(whole_graph(results)).problems
    assert problems == whole
    shared = {INSPECTION[1:-1], AUTHORITY[1:-1]}
    if bad != "end-date-before-start":  # no shape says an end comes after the start
        assert {p.focus for p in whole if p.severity == "Violation"} & shared


def test_the_pair_alone_has_no_problem_on_its_shared_nodes(
        shared_pair: list[DocumentResult]) -> None:
    """The bad values above are the only problems of the shared nodes."""
    _lines, problems = combine(shared_pair)
    assert problems == validate(whole_graph(shared_pair)).problems
    assert not {p.focus for p in problems} & {INSPECTION[1:-1], AUTHORITY[1:-1]}


@pytest.mark.parametrize("use_rudof", [True, False], ids=["pyrudof", "pyshacl"])
@pytest.mark.parametrize("group_lines", [1, 5_000], ids=["groups-of-one", "one-group"])
def test_a_value_described_by_a_document_that_does_not_describe_the_node(
        shared_pair: list[DocumentResult], use_rudof: bool, group_lines: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A third document puts a new judgement into the judgement scheme, and the second
    gives it to the shared inspection: the inspection conforms in the whole graph, and so
    here, whether or not the judgement is validated in the inspection's group."""
    monkeypatch.setattr(graph.validate, "USE_RUDOF", use_rudof)
    monkeypatch.setattr(graph.pipeline, "SHARED_GROUP_LINES", group_lines)
    judgement = f"<{BASE}judgement/exemplary>"
    first, second = shared_pair
    third = document_result((line(judgement, str(SKOS.inScheme), f"<{DEF}/judgement>"),), (), ())
    results = [first, with_lines(second, [line(INSPECTION, f"{OKG}judgement", judgement)]),
               third]
    _lines, problems = combine(results)
    assert problems == validate(whole_graph(results)).problems
    assert INSPECTION[1:-1] not in {p.focus for p in problems}


@pytest.mark.parametrize("use_rudof", [True, False], ids=["pyrudof", "pyshacl"])
def test_validate_shared_checks_values_outside_the_nodes(
        shared_pair: list[DocumentResult], use_rudof: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Called directly: the literal and the unknown IRI are values no focus node names;
    the document's other nodes are validated too, but not reported."""
    monkeypatch.setattr(graph.validate, "USE_RUDOF", use_rudof)
    lines = set(shared_pair[0].triples) | {
        line(INSPECTION, f"{OKG}endDate", '"soon"'),
        line(INSPECTION, f"{OKG}judgement", f"<{DEF}/judgement/excellent>")}
    found = validate_shared(lines, [INSPECTION[1:-1]], context=lambda _focus: set())
    assert sorted(problem.path for problem in found) == ["okg:endDate", "okg:judgement"]
    assert all(isinstance(problem, Problem) and problem.focus == INSPECTION[1:-1]
               for problem in found)


def test_the_pass_over_shared_nodes_reads_only_the_shapes_that_can_reach_them() -> None:
    """An inspection's shapes and those they name, an unidentified authority's with its
    superclass's, and never the evidence shapes (evidence is validated in its batch)."""
    from graph.validate import OKGSH, classes_of, shapes_for
    from graph.vocab import OKG

    inspection = shapes_for(frozenset({OKG.Inspection}))
    subjects = set(inspection.subjects())
    assert {OKGSH.InspectionShape, OKGSH.HasEvidence, OKGSH.PartialDate} <= subjects
    assert OKGSH.EvidenceShape not in subjects and OKGSH.AuthorityShape not in subjects
    unidentified = set(shapes_for(frozenset({OKG.UnidentifiedAuthority})).subjects())
    assert {OKGSH.UnidentifiedAuthorityShape, OKGSH.AuthorityShape} <= unidentified
    assert not set(shapes_for(frozenset()).subjects())
    lines = [f"<https://x.test/i> <{RDF.type}> <{OKG.Inspection}> .\n",
             f"_:b1 <{RDF.type}> <{OKG.Authority}> .\n",
             f"<https://x.test/e> <{RDF.type}> <{OKG.Finding}> .\n"]
    assert classes_of({"https://x.test/i", "b1"}, lines) == {OKG.Inspection, OKG.Authority}
