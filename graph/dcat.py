"""The DCAT 3 description, with VoID statistics, that travels with every export and publish.

A portal needs to know what a file is before it takes it: title, licence, publisher,
dates, how many triples and entities of each class, which ontology and shapes it
conforms to, and where to get it (files or a SPARQL endpoint). The fixed words live in
`graph/data/dataset.ttl`; this module adds what depends on the data and the run.

Dates come from options or from the data (the latest meeting date of the source
documents), never from the clock: the same input must export to the same bytes, and
"the newest minutes in it" is the honest date of a dataset rebuilt from minutes.
No blank nodes are minted (partitions, distributions and the publisher get IRIs under the
dataset's), so the description needs no canonicalisation to serialise the same way twice.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, FOAF

from graph.errors import UsageError
from graph.rdf import date_literal
from graph.vocab import DCAT, DEFAULT_BASE_IRI, OKG, PREFIXES, VOID

DATA_DIR = Path(__file__).resolve().parent / "data"
TEMPLATE = DATA_DIR / "dataset.ttl"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
DEFAULT_PUBLISHER = "ofsted-kg"
ISO_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


@dataclass(frozen=True)
class DatasetSettings:
    """What the person publishing decides about the description."""

    base_iri: str = DEFAULT_BASE_IRI
    """The instances' base IRI; the dataset is `<base>dataset`."""
    title: str | None = None
    """Replaces the title of `graph/data/dataset.ttl` when given."""
    publisher: str = DEFAULT_PUBLISHER
    """A name, or an http(s) IRI of the publishing organisation."""
    issued: str | None = None
    """ISO 8601 date; default: the latest meeting date in the data."""
    modified: str | None = None
    """ISO 8601 date; default: `issued`."""
    download_base: str | None = None
    """The public URL of the folder the files will be put in (for `dcat:downloadURL`)."""
    endpoint: str | None = None
    """The public SPARQL query endpoint serving the data, when published to a store."""


@dataclass(frozen=True)
class Distribution:
    """One file written by an export."""

    file_name: str
    media_type: str
    """`text/turtle`, `application/n-triples`, ..."""
    byte_size: int


def check_date(value: str | None, option: str) -> str | None:
    """`value` when it is an ISO 8601 date (`2026-11-25`, `2026-11` or `2026`)."""
    if value is not None and not ISO_DATE.fullmatch(value):
        raise UsageError(f"{option} must be an ISO 8601 date like 2026-11-25, not {value!r}")
    return value


def dataset_iri(base_iri: str) -> URIRef:
    """`<base>dataset`, the IRI of the dataset and of its description's named graph."""
    return URIRef(base_iri + ("" if base_iri.endswith(("/", "#")) else "/") + "dataset")


def is_description_node(node: Node, base_iri: str) -> bool:
    """Whether `node` is the dataset or one of the resources its description mints."""
    dataset = str(dataset_iri(base_iri))
    return isinstance(node, URIRef) and (node == URIRef(dataset) or node.startswith(dataset + "/"))


def latest_meeting_date(data: Graph) -> str | None:
    """The newest `dcterms:date` of a source document, as written (`2022-05-23`)."""
    dates = [
        str(date)
        for document in data.subjects(RDF.type, OKG.SourceDocument)
        for date in data.objects(document, DCTERMS.date)
    ]
    return max(dates, default=None)


def class_counts(data: Graph) -> dict[URIRef, int]:
    """Distinct instances per `rdf:type` class, sorted by class IRI."""
    counts = Counter(cls for cls in data.objects(None, RDF.type) if isinstance(cls, URIRef))
    return dict(sorted(counts.items()))


def partition_name(cls: URIRef) -> str:
    """A readable, stable IRI segment for a class partition (`okg-Finding`)."""
    known = {**PREFIXES, "dcterms": DCTERMS, "foaf": FOAF}
    for prefix, namespace in sorted(known.items()):
        if cls.startswith(str(namespace)) and cls != URIRef(str(namespace)):
            return f"{prefix}-{cls[len(str(namespace)):]}"
    return "class-" + hashlib.sha1(cls.encode()).hexdigest()[:12]


def describe(
    data: Graph,
    settings: DatasetSettings,
    distributions: Sequence[Distribution] = (),
    conforms_to: Iterable[URIRef] = (),
) -> Graph:
    """The description of `data` (the knowledge graph alone, without ontology or description).

    `void:triples` and the class partitions count `data`; the shipped ontology and the
    description itself are not part of the count.
    """
    dataset = dataset_iri(settings.base_iri)
    graph = Graph().parse(TEMPLATE, format="turtle", publicID=settings.base_iri)
    if settings.title:
        graph.set((dataset, DCTERMS.title, Literal(settings.title, lang="en")))

    if settings.publisher.startswith(("http://", "https://")):
        graph.add((dataset, DCTERMS.publisher, URIRef(settings.publisher)))
    else:
        publisher = URIRef(f"{dataset}/publisher")
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, FOAF.Agent))
        graph.add((publisher, FOAF.name, Literal(settings.publisher)))

    issued = settings.issued or latest_meeting_date(data)
    modified = settings.modified or issued
    if issued:
        graph.add((dataset, DCTERMS.issued, date_literal(issued)))
    if modified:
        graph.add((dataset, DCTERMS.modified, date_literal(modified)))

    for standard in conforms_to:
        graph.add((dataset, DCTERMS.conformsTo, standard))

    graph.add((dataset, VOID.triples, Literal(len(data))))
    graph.add((dataset, VOID.uriSpace, Literal(settings.base_iri)))
    for cls, count in class_counts(data).items():
        partition = URIRef(f"{dataset}/class/{partition_name(cls)}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count)))

    for distribution in distributions:
        add_distribution(graph, dataset, distribution, settings.download_base)

    if settings.endpoint:
        add_endpoint(graph, dataset, settings.endpoint)
    return graph


def add_distribution(graph: Graph, dataset: URIRef, distribution: Distribution,
                     download_base: str | None) -> None:
    node = URIRef(f"{dataset}/distribution/{distribution.file_name}")
    graph.add((dataset, DCAT.distribution, node))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(distribution.file_name)))
    graph.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + distribution.media_type)))
    graph.add((node, DCAT.byteSize, Literal(distribution.byte_size,
                                            datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCTERMS.license, graph.value(dataset, DCTERMS.license)))
    if download_base:
        url = URIRef(download_base.rstrip("/") + "/" + distribution.file_name)
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCAT.accessURL, url))
        graph.add((dataset, VOID.dataDump, url))


def add_endpoint(graph: Graph, dataset: URIRef, endpoint: str) -> None:
    """The SPARQL endpoint as a DCAT data service and a distribution accessed through it."""
    url = URIRef(endpoint)
    service = URIRef(f"{dataset}/sparql")
    distribution = URIRef(f"{dataset}/distribution/sparql")
    graph.add((dataset, VOID.sparqlEndpoint, url))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, url))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal("SPARQL endpoint")))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCAT.accessService, service))
    graph.add((distribution, DCTERMS.license, graph.value(dataset, DCTERMS.license)))
