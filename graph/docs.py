"""Human-readable HTML documentation of the ontology and its concept schemes.

pyLODE renders the OWL ontology (classes, properties, domains and ranges) in the
layout people know from other vocabularies' pages. It has no page for SKOS concept
schemes, so the schemes get a page of our own, built with pyLODE's own HTML library
(dominate) and its stylesheet so the two pages look alike. Everything is read from the
shipped `ontology/*.ttl` and pyLODE's bundled background ontologies: no network.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import dominate
from dominate import tags
from dominate.util import raw
from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, SKOS

from graph.export import ontology_name
from graph.files import atomic_write_bytes
from graph.resources import data_graph

ONTOLOGY_PAGE = "ontology.html"
CONCEPTS_PAGE = "concepts.html"
INDEX_PAGE = "index.html"

logger = logging.getLogger(__name__)


def ontology_html(owl: Graph) -> str:
    """The pyLODE page of the OWL part of the ontology.

    pyLODE calls `logging.basicConfig(level=DEBUG)` when imported (its supermodel profile)
    and logs through the root logger, which would flood every command's stderr; so it is
    imported only here and the root logger is put back as it was afterwards.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def restore_logging() -> None:
        root.handlers[:] = handlers
        root.setLevel(level)

    try:
        from pylode import OntPub

        restore_logging()
        return OntPub(ontology=owl, sort_subjects=True).make_html()
    finally:
        restore_logging()


def pylode_css() -> str:
    """pyLODE's stylesheet, found without importing pyLODE."""
    spec = importlib.util.find_spec("pylode")
    assert spec is not None and spec.origin is not None, "pylode is a dependency"
    return (Path(spec.origin).parent / "pylode.css").read_text(encoding="utf-8")


def split_ontology(graph: Graph) -> tuple[Graph, Graph]:
    """(the OWL part, the SKOS concept schemes and their concepts)."""
    skos_nodes = set(graph.subjects(RDF.type, SKOS.ConceptScheme)) | set(
        graph.subjects(RDF.type, SKOS.Concept))
    owl, skos = Graph(), Graph()
    for triple in graph:
        (skos if triple[0] in skos_nodes else owl).add(triple)
    return owl, skos


def text(graph: Graph, node: Node, *predicates: URIRef) -> str:
    """The first value of the first predicate that has one, English preferred."""
    for predicate in predicates:
        values = sorted(graph.objects(node, predicate), key=lambda v: (
            not (isinstance(v, Literal) and v.language in ("en", None)), str(v)))
        if values:
            return str(values[0])
    return ""


def page(title: str) -> dominate.document:
    """An empty page with pyLODE's stylesheet inlined, so it works from a file:// URL."""
    doc = dominate.document(title=title)
    with doc.head:
        tags.meta(charset="utf-8")
        tags.style(raw(pylode_css()))
    return doc


def concepts_page(skos: Graph, title: str) -> str:
    """One section per concept scheme: a table of its concepts by `skos:notation`."""
    doc = page(f"{title}: concept schemes")
    with doc.body, tags.div(id="content"):
        tags.h1("Concept schemes")
        tags.p("Graphs point at these concepts by IRI; readers match them by ",
               tags.code("skos:notation"), ". ", tags.a("Back to the ontology", href=INDEX_PAGE))
        for scheme in sorted(skos.subjects(RDF.type, SKOS.ConceptScheme)):
            name = str(scheme).rstrip("/").rsplit("/", 1)[-1]
            with tags.div(id=name, _class="section"):
                tags.h2(text(skos, scheme, SKOS.prefLabel, DCTERMS.title) or name)
                tags.p(tags.code(str(scheme)))
                tags.p(text(skos, scheme, SKOS.definition, DCTERMS.description))
                with tags.table(), tags.thead(), tags.tr():
                    for heading in ("Notation", "Label", "Also called", "Definition"):
                        tags.th(heading)
                    concepts = sorted(skos.subjects(SKOS.inScheme, scheme),
                                      key=lambda c: text(skos, c, SKOS.notation))
                    with tags.tbody():
                        for concept in concepts:
                            notation = text(skos, concept, SKOS.notation)
                            with tags.tr(id=f"{name}-{notation}"):
                                tags.td(tags.a(tags.code(notation), href=str(concept)))
                                tags.td(text(skos, concept, SKOS.prefLabel))
                                tags.td(", ".join(sorted(str(v) for v in
                                                         skos.objects(concept, SKOS.altLabel))))
                                tags.td(text(skos, concept, SKOS.definition, SKOS.scopeNote))
    return doc.render()


def index_page(ontology: Graph, name: URIRef, skos: Graph) -> str:
    """The landing page: what the vocabulary is, and links to the two reference pages."""
    title = text(ontology, name, DCTERMS.title) or str(name)
    doc = page(title)
    with doc.body, tags.div(id="content"):
        tags.h1(title)
        tags.p(tags.code(str(name)))
        tags.p(text(ontology, name, DCTERMS.description))
        with tags.ul():
            tags.li(tags.a("Classes and properties", href=ONTOLOGY_PAGE))
            with tags.li():
                tags.a("Concept schemes", href=CONCEPTS_PAGE)
                with tags.ul():
                    for scheme in sorted(skos.subjects(RDF.type, SKOS.ConceptScheme)):
                        anchor = str(scheme).rstrip("/").rsplit("/", 1)[-1]
                        tags.li(tags.a(text(skos, scheme, SKOS.prefLabel) or anchor,
                                       href=f"{CONCEPTS_PAGE}#{anchor}"))
    return doc.render()


def write_docs(out_dir: Path) -> list[Path]:
    """Write index.html, ontology.html (pyLODE) and concepts.html into `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    graph = data_graph("ontology")
    name = ontology_name(graph)
    owl, skos = split_ontology(graph)
    title = text(owl, name, DCTERMS.title) or str(name)
    logger.info("rendering %s with pyLODE", name)
    pages = {
        INDEX_PAGE: index_page(owl, name, skos),
        ONTOLOGY_PAGE: ontology_html(owl),
        CONCEPTS_PAGE: concepts_page(skos, title),
    }
    written = []
    for file_name, html in pages.items():
        path = out_dir / file_name
        atomic_write_bytes(path, html.encode("utf-8"))
        written.append(path)
    return written
