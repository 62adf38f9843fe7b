"""Map `Extraction`s to an rdflib graph in the published vocabulary.

IRIs are minted from the content only (GSS codes, dates, file names, offsets), never
from counters shared across documents or random blank nodes, so the same input gives
the same triples, and rdflib's sorted Turtle the same bytes, on every run and machine.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from graph.collector import collector_paused
from graph.model import Authority, Document, Extraction, Span
from graph.vocab import DEFAULT_BASE_IRI, OA, OKG, PREFIXES, PROV, STATISTICAL_GEOGRAPHY, concept

DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}


def slug(text: str) -> str:
    """Lower-case, ASCII letters, digits and hyphens: a readable IRI segment."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def date_literal(value: str) -> Literal:
    """An ISO 8601 date at its own precision (`xsd:date`, `xsd:gYearMonth`, `xsd:gYear`)."""
    return Literal(value, datatype=DATE_TYPES.get(len(value), XSD.string))


def document_slugs(documents: Iterable[Document]) -> dict[str, str]:
    """identifier -> IRI segment; names that slug alike get a content hash to stay apart."""
    by_identifier = {document.identifier: document for document in documents}
    counts = Counter(slug(identifier) for identifier in by_identifier)
    slugs = {}
    for identifier, document in by_identifier.items():
        base = slug(identifier)
        if counts[base] > 1:
            digest = hashlib.sha1(document.body.encode()).hexdigest()[:8]
            base = f"{base}-{digest}"
        slugs[identifier] = base
    return slugs


class Minter:
    """Mints the readable, stable instance IRIs of the vocabulary under one base."""

    def __init__(self, base: str = DEFAULT_BASE_IRI):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def authority(self, authority: Authority, doc_slug: str) -> URIRef:
        if authority.gss:
            return self.iri("authority", authority.gss)
        return self.iri("authority", f"unidentified-{doc_slug}")


class Triples(dict):
    """A document's triples, each once, in the order added: what `add_extraction` adds to
    when no rdflib graph is needed (the build writes N-Triples lines), at a fraction of the
    cost of an rdflib graph's indexes. Iterating gives the triples."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self[triple] = None


TripleSink = Graph | Triples
"""What the mapping adds triples to."""


def add_evidence(graph: TripleSink, minter: Minter, item: URIRef, doc: URIRef, doc_slug: str,
                 span: Span) -> None:
    """Anchor `item` to its exact words with a Web Annotation specific resource."""
    evidence = minter.iri("evidence", doc_slug, f"{span.start}-{span.end}")
    quote, position = URIRef(f"{evidence}#quote"), URIRef(f"{evidence}#position")
    graph.add((item, PROV.wasDerivedFrom, evidence))
    graph.add((evidence, RDF.type, OA.SpecificResource))
    graph.add((evidence, OA.hasSource, doc))
    graph.add((evidence, OA.hasSelector, quote))
    graph.add((evidence, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(span.text)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start)))
    graph.add((position, OA.end, Literal(span.end)))


@collector_paused()
def add_extraction(graph: TripleSink, extraction: Extraction, minter: Minter,
                   doc_slug: str) -> None:
    """Add the triples of one document's extraction to `graph`."""
    document = extraction.document
    doc = minter.iri("document", doc_slug)
    graph.add((doc, RDF.type, OKG.SourceDocument))
    graph.add((doc, DCTERMS.identifier, Literal(document.identifier)))
    if document.source_url:
        graph.add((doc, DCTERMS.source, URIRef(document.source_url)))
    if document.title:
        graph.add((doc, DCTERMS.title, Literal(document.title)))
    meeting_date = document.meeting_date or extraction.meeting_date
    if meeting_date:
        graph.add((doc, DCTERMS.date, date_literal(meeting_date)))
    if document.committee:
        graph.add((doc, OKG.committee, Literal(document.committee)))

    authority = extraction.authority or Authority(gss=None, name="Unidentified authority")
    authority_iri = minter.authority(authority, doc_slug)
    graph.add((authority_iri, RDF.type, OKG.Authority))
    if authority.gss:
        graph.add((authority_iri, RDFS.label, Literal(authority.name)))
        graph.add((authority_iri, OKG.gssCode, Literal(authority.gss)))
        graph.add((authority_iri, DCTERMS.spatial, URIRef(STATISTICAL_GEOGRAPHY + authority.gss)))
        graph.add((doc, OKG.aboutAuthority, authority_iri))
    else:
        graph.add((authority_iri, RDF.type, OKG.UnidentifiedAuthority))
        graph.add((authority_iri, RDFS.label,
                   Literal(f"Unidentified authority ({document.identifier})")))
    authority_key = authority.gss or f"unidentified-{doc_slug}"

    def anchor(item: URIRef, span: Span) -> None:
        add_evidence(graph, minter, item, doc, doc_slug, span)

    inspections = []
    for inspection in extraction.inspections:
        node = minter.iri("inspection", authority_key, inspection.start or "undated",
                          inspection.type)
        inspections.append(node)
        graph.add((node, RDF.type, OKG.Inspection))
        graph.add((node, OKG.inspectedAuthority, authority_iri))
        graph.add((node, OKG.inspectionType, concept("inspection-type", inspection.type)))
        if inspection.start:
            graph.add((node, OKG.startDate, date_literal(inspection.start)))
        if inspection.end:
            graph.add((node, OKG.endDate, date_literal(inspection.end)))
        if inspection.judgement:
            graph.add((node, OKG.judgement, concept("judgement", inspection.judgement)))
        for span in inspection.evidence:
            anchor(node, span)

    findings = []
    for n, finding in enumerate(extraction.findings, start=1):
        node = minter.iri("finding", doc_slug, f"f{n}")
        findings.append(node)
        graph.add((node, RDF.type, OKG.Finding))
        graph.add((node, OKG.fromInspection, inspections[finding.inspection]))
        if finding.polarity:
            graph.add((node, OKG.polarity, concept("polarity", finding.polarity)))
        if finding.theme:
            graph.add((node, OKG.theme, concept("theme", finding.theme)))
        anchor(node, finding.quote)

    recommendations = []
    for n, recommendation in enumerate(extraction.recommendations, start=1):
        node = minter.iri("recommendation", doc_slug, f"r{n}")
        recommendations.append(node)
        graph.add((node, RDF.type, OKG.Recommendation))
        graph.add((node, OKG.fromInspection, inspections[recommendation.inspection]))
        for index in recommendation.addresses:
            graph.add((node, OKG.addresses, findings[index]))
        if recommendation.addresses and recommendation.addresses_basis:
            graph.add((node, OKG.addressesBasis,
                       concept("link-basis", recommendation.addresses_basis)))
        if recommendation.theme:
            graph.add((node, OKG.theme, concept("theme", recommendation.theme)))
        anchor(node, recommendation.quote)

    targets = {"F": findings, "R": recommendations}
    for n, response in enumerate(extraction.responses, start=1):
        node = minter.iri("response", doc_slug, f"a{n}")
        graph.add((node, RDF.type, OKG.Response))
        graph.add((node, OKG.byAuthority, authority_iri))
        for target in response.responds_to:
            graph.add((node, OKG.respondsTo, targets[target[0]][int(target[1:])]))
        if response.basis:
            graph.add((node, OKG.respondsToBasis, concept("link-basis", response.basis)))
        if response.theme:
            graph.add((node, OKG.theme, concept("theme", response.theme)))
        if response.status:
            graph.add((node, OKG.status, concept("status", response.status)))
        anchor(node, response.quote)

    for n, metric in enumerate(extraction.metrics, start=1):
        node = minter.iri("metric", doc_slug, f"m{n}")
        graph.add((node, RDF.type, OKG.Metric))
        graph.add((node, RDF.value, Literal(metric_number(metric.value))))
        if metric.unit:
            graph.add((node, OKG.unit, Literal(metric.unit)))
        if metric.measure:
            graph.add((node, OKG.measure, Literal(metric.measure)))
        anchor(node, metric.quote)

    for n, resolution in enumerate(extraction.resolutions, start=1):
        node = minter.iri("resolution", doc_slug, f"d{n}")
        graph.add((node, RDF.type, OKG.Resolution))
        graph.add((node, DCTERMS.isPartOf, doc))
        anchor(node, resolution.quote)


def metric_number(value: float) -> int | Decimal:
    """An integer when the number is whole (`62`), else a decimal (`34.6`), never a float."""
    return int(value) if float(value).is_integer() else Decimal(str(value))


def new_graph() -> Graph:
    """An empty graph with the vocabulary's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("dcterms", DCTERMS)
    return graph


def to_graph(extractions: Iterable[Extraction], base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """All extractions as one graph under `base_iri`."""
    extractions = list(extractions)
    graph = new_graph()
    minter = Minter(base_iri)
    slugs = document_slugs(e.document for e in extractions)
    for extraction in extractions:
        add_extraction(graph, extraction, minter, slugs[extraction.document.identifier])
    return graph
