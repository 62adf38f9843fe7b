"""Lint the ontology, the concept schemes and the shapes as data: they are a public interface."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from graph.resources import data_files
from graph.stats import CLASSES
from graph.vocab import OKG, PROV, SCHEMES, concept, scheme

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT.parent / "shared" / "design" / "VOCABULARY.md"
ORG = Namespace("http://www.w3.org/ns/org#")
ONTOLOGY = URIRef("https://w3id.org/ofsted-kg/def")
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"

NOTATIONS = {
    "inspection-type": {"ilacs-standard", "ilacs-short", "ilacs", "focused-visit",
                        "monitoring-visit", "jtai", "send-area", "sif", "dfe-review", "other"},
    "judgement": {"outstanding", "good", "requires-improvement", "inadequate"},
    "polarity": {"strength", "weakness"},
    "theme": {"workforce", "caseloads", "management-oversight", "front-door",
              "assessment-and-planning", "child-protection", "children-in-care", "care-leavers",
              "early-help", "disabled-children", "domestic-abuse", "voice-of-the-child",
              "partnership", "leadership-and-governance", "systems-and-recording",
              "exploitation", "legal", "covid", "other"},
    "status": {"planned", "in-progress", "done"},
    "link-basis": {"named", "plan", "theme", "none"},
}
"""The notations of the vocabulary and the annotation guide, exactly."""

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in data_files("ontology"):
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize("path", data_files("ontology") + data_files("shapes"),
                         ids=lambda path: f"{path.parent.name}/{path.name}")
def test_ontology_every_turtle_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0


def used_okg_terms() -> set[str]:
    """Every okg term named in the code, the queries, and the published vocabulary table."""
    names = set(CLASSES)
    for path in sorted((ROOT / "graph").rglob("*.py")):
        names |= set(re.findall(r"\bOKG\.([A-Za-z]+)", path.read_text(encoding="utf-8")))
    for path in data_files("queries", "*.rq"):
        names |= set(re.findall(r"\bokg:([A-Za-z]+)", path.read_text(encoding="utf-8")))
    if VOCABULARY.is_file():
        names |= set(re.findall(r"`okg:([A-Za-z]+)`", VOCABULARY.read_text(encoding="utf-8")))
    return names


def test_ontology_declares_every_term_in_use(ontology: Graph) -> None:
    undeclared = [name for name in sorted(used_okg_terms())
                  if (OKG[name], RDF.type, None) not in ontology]
    assert not undeclared


def test_ontology_every_term_has_label_comment_domain_and_range(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(OKG))}
    assert len(terms) >= 25
    for term in terms:
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, RDFS.comment), term
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology, term
        if any((term, RDF.type, kind) in ontology for kind in PROPERTY_TYPES):
            assert ontology.value(term, RDFS.domain) is not None, term
            assert ontology.value(term, RDFS.range) is not None, term


@pytest.mark.parametrize(("term", "parent"), [
    (OKG.Authority, ORG.Organization),
    (OKG.UnidentifiedAuthority, OKG.Authority),
    (OKG.Inspection, PROV.Activity),
    *[(OKG[name], PROV.Entity) for name in
      ("SourceDocument", "Finding", "Recommendation", "Response", "Metric", "Resolution")],
])
def test_ontology_aligns_classes_with_the_standards(ontology: Graph, term: URIRef,
                                                    parent: URIRef) -> None:
    assert (term, RDF.type, OWL.Class) in ontology
    assert (term, RDFS.subClassOf, parent) in ontology


def test_ontology_header_has_version_licence_and_description(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef("https://spdx.org/licenses/MIT")
    assert len(str(ontology.value(ONTOLOGY, DCTERMS.description))) > 100


def test_ontology_schemes_are_the_vocabulary_schemes(ontology: Graph) -> None:
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {scheme(name) for name in SCHEMES}
    assert set(SCHEMES) == set(NOTATIONS)


@pytest.mark.parametrize("scheme_name", sorted(NOTATIONS))
def test_ontology_scheme_has_exactly_the_notations(ontology: Graph, scheme_name: str) -> None:
    members = set(ontology.subjects(SKOS.inScheme, scheme(scheme_name)))
    notations = {str(ontology.value(member, SKOS.notation)) for member in members}
    assert notations == NOTATIONS[scheme_name]
    for member in members:
        notation = ontology.value(member, SKOS.notation)
        assert notation.datatype is None and notation.language is None, member
        assert member == concept(scheme_name, str(notation))
        assert (member, RDF.type, SKOS.Concept) in ontology
        labels = list(ontology.objects(member, SKOS.prefLabel))
        assert [label.language for label in labels] == ["en"], member
        assert (scheme(scheme_name), SKOS.hasTopConcept, member) in ontology


def test_ontology_every_theme_says_what_it_covers(ontology: Graph) -> None:
    for notation in NOTATIONS["theme"]:
        assert ontology.value(concept("theme", notation), SKOS.scopeNote), notation


@pytest.mark.parametrize("path", data_files("shapes"), ids=lambda path: path.name)
def test_ontology_shapes_file_is_valid_shacl(path: Path) -> None:
    """Meta-validation against SHACL-SHACL, as pySHACL ships it. The depth is raised because
    the unanswered-finding path (an alternative of a sequence) nests deeper than the default."""
    shapes = Graph().parse(path, format="turtle")
    conforms, _report, text = pyshacl.validate(
        shapes, shacl_graph=Graph().parse(SHACL_SHACL), inference="none",
        max_validation_depth=50,
    )
    assert conforms, text


def test_ontology_every_shape_message_is_set() -> None:
    """Each constraint a person can meet explains itself in words (sh:message)."""
    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes = Graph()
    for path in data_files("shapes"):
        shapes.parse(path, format="turtle")
    for node_shape in set(shapes.subjects(sh.targetClass, None)):
        for property_shape in shapes.objects(node_shape, sh.property):
            assert shapes.value(property_shape, sh.message), property_shape
        constraints = {sh["or"], sh["not"]} & set(shapes.predicates(node_shape, None))
        if constraints:
            assert shapes.value(node_shape, sh.message), node_shape
