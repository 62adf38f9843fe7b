"""The namespaces of the published vocabulary and the IRIs of its SKOS concepts.

The terms themselves are defined in `ontology/*.ttl`; this module only names them
for Python code. Concept IRIs are `<def>/<scheme>/<notation>`, so the same notation
(`other`) can live in two schemes.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

OKG = Namespace("https://w3id.org/ofsted-kg/def#")
DEF = "https://w3id.org/ofsted-kg/def"
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"
DEFAULT_BASE_IRI = "https://w3id.org/ofsted-kg/id/"

SCHEMES = ("inspection-type", "judgement", "polarity", "theme", "status", "link-basis")
"""The concept schemes, by the path segment of their IRIs."""

PREFIXES = {
    "okg": OKG,
    "prov": PROV,
    "oa": OA,
    "org": ORG,
    "dcat": DCAT,
    "void": VOID,
}


def scheme(name: str) -> URIRef:
    """The IRI of a concept scheme (`scheme("theme")`)."""
    return URIRef(f"{DEF}/{name}")


def concept(scheme_name: str, notation: str) -> URIRef:
    """The IRI of a concept by scheme and `skos:notation` (`concept("theme", "workforce")`)."""
    return URIRef(f"{DEF}/{scheme_name}/{notation}")
