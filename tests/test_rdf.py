"""The mapping from extraction dataclasses to RDF: content, IRIs and stability."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

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
from graph.vocab import OA, OKG, PROV, concept

BODY = (
    "Ofsted visited in October 2021. Inspectors found high caseloads. "
    "Ofsted recommended better plans. A recruitment campaign was launched. "
    "Turnover was 34.6%. That the report be noted."
)
ID = "https://w3id.org/ofsted-kg/id/"


def span(text: str) -> Span:
    start = BODY.index(text)
    return Span(start, start + len(text), text)


def sample(authority: Authority | None = Authority("E06000006", "Halton")) -> Extraction:
    document = Document(identifier="Halton Board 2022.txt", path=Path("x"), body=BODY,
                        source_url="https://democracy.halton.gov.uk/x?y=1",
                        meeting_date="2022-01-24", committee="Board")
    return Extraction(
        document=document,
        authority=authority,
        inspections=(Inspection("focused-visit", (span("Ofsted visited in October 2021"),),
                                start="2021-10", judgement="good"),),
        findings=(Finding(span("Inspectors found high caseloads"), 0, "weakness", "caseloads"),),
        recommendations=(Recommendation(span("Ofsted recommended better plans"), 0, (0,)),),
        responses=(Response(span("A recruitment campaign was launched"), ("F0", "R0"),
                            "workforce", "done"),),
        metrics=(Metric(span("Turnover was 34.6%"), 34.6, "percent", "turnover"),),
        resolutions=(Resolution(span("That the report be noted")),),
    )


def test_rdf_items_carry_the_vocabulary() -> None:
    graph = to_graph([sample()])
    authority = URIRef(ID + "authority/E06000006")
    inspection = URIRef(ID + "inspection/E06000006/2021-10/focused-visit")
    finding = URIRef(ID + "finding/halton-board-2022-txt/f1")
    recommendation = URIRef(ID + "recommendation/halton-board-2022-txt/r1")
    response = URIRef(ID + "response/halton-board-2022-txt/a1")
    assert (authority, OKG.gssCode, Literal("E06000006")) in graph
    assert (authority, RDFS.label, Literal("Halton")) in graph
    assert (inspection, OKG.inspectedAuthority, authority) in graph
    assert (inspection, OKG.inspectionType, concept("inspection-type", "focused-visit")) in graph
    assert (inspection, OKG.startDate, Literal("2021-10", datatype=XSD.gYearMonth)) in graph
    assert (inspection, OKG.judgement, concept("judgement", "good")) in graph
    assert (finding, OKG.fromInspection, inspection) in graph
    assert (finding, OKG.theme, concept("theme", "caseloads")) in graph
    assert (recommendation, OKG.addresses, finding) in graph
    assert set(graph.objects(response, OKG.respondsTo)) == {finding, recommendation}
    assert (response, OKG.byAuthority, authority) in graph
    metric = URIRef(ID + "metric/halton-board-2022-txt/m1")
    assert graph.value(metric, RDF.value).toPython() == Decimal("34.6")
    assert (None, RDF.type, OKG.Resolution) in graph


def test_rdf_evidence_anchors_exact_quote_and_offsets() -> None:
    graph = to_graph([sample()])
    finding = URIRef(ID + "finding/halton-board-2022-txt/f1")
    evidence = graph.value(finding, PROV.wasDerivedFrom)
    start = BODY.index("Inspectors found")
    assert evidence == URIRef(f"{ID}evidence/halton-board-2022-txt/{start}-{start + 31}")
    document = graph.value(evidence, OA.hasSource)
    assert (document, DCTERMS.identifier, Literal("Halton Board 2022.txt")) in graph
    selectors = set(graph.objects(evidence, OA.hasSelector))
    exact = {graph.value(s, OA.exact) for s in selectors} - {None}
    positions = {(graph.value(s, OA.start).toPython(), graph.value(s, OA.end).toPython())
                 for s in selectors if graph.value(s, OA.start) is not None}
    assert exact == {Literal("Inspectors found high caseloads")}
    assert positions == {(start, start + 31)}
    assert BODY[start:start + 31] == "Inspectors found high caseloads"


def test_rdf_turtle_is_byte_identical_across_runs() -> None:
    first = to_graph([sample()]).serialize(format="turtle")
    second = to_graph([sample()]).serialize(format="turtle")
    assert first == second
    assert "_:" not in first  # no blank nodes whose labels could vary


def test_rdf_base_iri_is_configurable() -> None:
    graph = to_graph([sample()], base_iri="https://data.example.org/okg")
    assert (URIRef("https://data.example.org/okg/authority/E06000006"), RDF.type,
            OKG.Authority) in graph


def test_rdf_unknown_authority_is_recorded_not_guessed() -> None:
    graph = to_graph([sample(authority=None)])
    authorities = set(graph.subjects(RDF.type, OKG.Authority))
    assert authorities == {URIRef(ID + "authority/unidentified-halton-board-2022-txt")}
    assert (None, OKG.gssCode, None) not in graph
    assert (None, OKG.aboutAuthority, None) not in graph
    assert set(graph.subjects(RDF.type, OKG.UnidentifiedAuthority)) == authorities


def test_rdf_document_names_that_slug_alike_stay_apart() -> None:
    first = sample()
    other_doc = Document(identifier="Halton board 2022.txt", path=Path("y"), body=BODY + " ")
    second = Extraction(document=other_doc)
    graph = to_graph([first, second])
    assert len(set(graph.subjects(RDF.type, OKG.SourceDocument))) == 2
