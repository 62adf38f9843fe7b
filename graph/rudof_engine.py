"""SHACL validation by pyrudof (Rust), read back as pySHACL would have reported it.

pyrudof validates the same shapes with about a third of pySHACL's CPU, but its results
carry messages of its own and name anonymous shapes by blank nodes of its own. So the
property shapes that are blank nodes are given IRIs (`urn:ofsted-kg:shape:<n>`) before
pyrudof reads the shapes, and each result is turned back into what pySHACL would have
reported from the shape alone: its severity (`sh:severity`, Violation by default), its
message (the shape's `sh:message`, the least in sorted order) and its path (the shape's
`sh:path`). Only the focus node and the shape are taken from pyrudof.

Where the two engines were found to disagree, pyrudof is not asked (`literal_agrees`):
literals of other datatypes than those the build writes (pyrudof does not compare an
`xsd:int` or `xsd:nonNegativeInteger` with `sh:minInclusive 0` or `sh:lessThan`),
ill-typed literals (pyrudof does not check that a date is a date), text ending in a line
break (Python's `$` matches before it, Rust's does not) or holding the separators
U+001C to U+001F (whitespace to Python's `\\s`, not to Rust's). Shapes whose results
could not be read back (SPARQL constraints, `sh:closed`, a shape without `sh:message`)
input pyrudof cannot parse, graphs too large for its memory (`MAX_LINES`) and forks of a
process that validated with it (`usable_here`) also leave the work to pySHACL. Every case of
`tests/shapes/` is validated by both and compared (`tests/test_validate_engines.py`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.export import ntriples_rows

MAX_LINES = 20_000
"""The most triples given to pyrudof at once: it takes about 10 KB a triple at its peak
(and keeps the memory), ten times what pySHACL's rdflib graph takes, so larger graphs (a
very long document, `ofsted-kg validate` of a whole corpus) go to pySHACL. A build's
batches and its groups of shared nodes are a few thousand."""
SKOLEM = "urn:ofsted-kg:shape:"
"""The IRIs given to the blank-node property shapes for pyrudof."""

AGREED_DATATYPES = frozenset({None, XSD.string, XSD.integer, XSD.decimal, XSD.date,
                              XSD.gYearMonth, XSD.gYear})
"""Literal datatypes (None: a plain or language-tagged string) on which both engines were
checked to agree; the build writes no others."""
ODD_WHITESPACE = re.compile("[\x1c-\x1f]")
"""Characters that Python's `\\s` counts as whitespace and Rust's regex does not."""

UNSUPPORTED = (SH.closed, SH.sparql, SH.select, SH.ask, SH.validator, SH.nodeValidator,
               SH.propertyValidator, SH.rule, SH.target, SH.deactivated)
"""Features whose results carry more than the shape says (a path of their own, messages
with bound variables), or that the two engines were not compared on (`sh:deactivated`):
shapes with any of them are left to pySHACL."""


OTHER_TARGETS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
"""SHACL's targets other than `sh:targetClass`."""


@dataclass(frozen=True)
class Shape:
    """What pySHACL reports of a result of this shape, whatever its focus node."""

    node: Node
    """The shape in `shapes_graph()` (a blank node for an anonymous property shape)."""
    severity: Node
    message: str | None
    """The least of its `sh:message` values; None when it has none (pySHACL then writes a
    message of its own, which is not reproduced)."""
    path: URIRef | None
    """Its `sh:path` when that is one property."""


@dataclass(frozen=True)
class Result:
    """One result of pyrudof, its focus node and shape read back."""

    focus: Node
    shape: Shape


@dataclass(frozen=True)
class Shapes:
    """The shapes as pyrudof reads them, and how to read its results back."""

    ntriples: str
    by_iri: dict[str, Shape]


def available() -> bool:
    try:
        import pyrudof  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def prepared_shapes(shapes: Graph) -> Shapes | None:
    """`shapes` made ready for pyrudof (None when its results could not be read back)."""
    if any((None, feature, None) in shapes for feature in UNSUPPORTED):
        return None
    property_shapes = {node for node in shapes.objects(None, SH.property)}
    skolem: dict[Node, URIRef] = {}
    for node in sorted((n for n in property_shapes if isinstance(n, BNode)), key=str):
        skolem[node] = URIRef(f"{SKOLEM}{len(skolem)}")
    targets = {s for p in (SH.targetClass, *OTHER_TARGETS) for s in shapes.subjects(p, None)}
    if any(isinstance(node, BNode) for node in targets):
        return None  # an anonymous shape with targets: left to pySHACL
    by_iri = {}
    for node in property_shapes | targets:
        messages = sorted(str(message) for message in shapes.objects(node, SH.message))
        path = shapes.value(node, SH.path)
        shape = Shape(node, shapes.value(node, SH.severity) or SH.Violation,
                      messages[0] if messages else None,
                      path if isinstance(path, URIRef) else None)
        by_iri[str(skolem.get(node, node))] = shape
    text = ntriples_rows((skolem.get(s, s), p, skolem.get(o, o)) for s, p, o in shapes)
    return Shapes(text, by_iri)


def literal_agrees(literal: Literal) -> bool:
    """Whether both engines were found to read `literal` alike (see the module's notes)."""
    if literal.datatype not in AGREED_DATATYPES or literal.ill_typed:
        return False
    text = str(literal)
    return not text.endswith("\n") and ODD_WHITESPACE.search(text) is None


def triples_agree(triples: Iterable[tuple[Node, Node, Node]]) -> bool:
    return all(literal_agrees(o) for _s, _p, o in triples if isinstance(o, Literal))


NT_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))? \.$')
NT_ESCAPE = re.compile(r"\\(.)")
NT_UNESCAPED = {"n": "\n", "r": "\r", '"': '"', "\\": "\\"}


def lines_agree(lines: Iterable[str]) -> bool:
    """`triples_agree` for N-Triples lines as `ntriples_rows` writes them."""
    verdicts: dict[tuple[str, str | None, str | None], bool] = {}
    with quiet("rdflib.term"):
        for line in lines:
            if '"' not in line:
                continue  # IRIs and blank nodes only: IRIs never hold a quote
            found = NT_LITERAL.search(line.rstrip("\n"))
            if found is None:
                return False
            key = found.groups()
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = literal_line_agrees(*key)
            if not verdict:
                return False
    return True


def literal_line_agrees(text: str, datatype: str | None, language: str | None) -> bool:
    """`literal_agrees` for a literal as an N-Triples line writes it."""
    if "\\" in text:
        if any(m[1] not in NT_UNESCAPED for m in NT_ESCAPE.finditer(text)):
            return False
        text = NT_ESCAPE.sub(lambda m: NT_UNESCAPED[m[1]], text)
    return literal_agrees(Literal(text, lang=language,
                                  datatype=URIRef(datatype) if datatype else None))


class quiet:
    """rdflib logs a warning for each ill-typed literal it builds: the check builds some
    a second time, and should not say so twice."""

    def __init__(self, name: str) -> None:
        self.logger = logging.getLogger(name)

    def __enter__(self) -> None:
        self.previous = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *_exc: object) -> None:
        self.logger.setLevel(self.previous)


class Session:
    """A pyrudof session holding the shapes and the ontology; each validation stages the
    data on top of the ontology and rolls it back afterwards (loading data afresh costs
    about 40 ms a time)."""

    def __init__(self, shapes: Shapes, ontology: str) -> None:
        import pyrudof

        self.pyrudof = pyrudof
        self.rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        self.rudof.read_shacl(shapes.ntriples, pyrudof.ShaclFormat.NTriples)
        self.rudof.read_data(ontology, pyrudof.RDFFormat.NTriples,
                             reader_mode=pyrudof.ReaderMode.Strict)

    def validate(self, text: str) -> list[Any]:
        """pyrudof's results for the data `text` (N-Triples) with the ontology."""
        rudof, pyrudof = self.rudof, self.pyrudof
        VALIDATED_IN.add(os.getpid())
        rudof.begin_staging()
        try:
            rudof.read_data(text, pyrudof.RDFFormat.NTriples, merge=True,
                            reader_mode=pyrudof.ReaderMode.Strict)
            return list(rudof.validate_shacl())
        finally:
            rudof.rollback_staging()


VALIDATED_IN: set[int] = set()
"""The processes that have validated with pyrudof. It validates with threads of its own,
which a forked child does not inherit: in a fork of such a process (a build's workers,
when the same process validated before) a call to pyrudof would wait for them forever,
so pySHACL validates there instead."""


def usable_here() -> bool:
    return not VALIDATED_IN or os.getpid() in VALIDATED_IN


SESSIONS: dict[tuple[int, int, int], Session] = {}
"""One session per process (a forked worker makes its own) and shapes and ontology."""


def session(shapes: Shapes, ontology: Graph) -> Session:
    key = (os.getpid(), id(shapes), id(ontology))
    if key not in SESSIONS:
        SESSIONS[key] = Session(shapes, ntriples_rows(ontology))
    return SESSIONS[key]


def focus_term(text: str) -> Node | None:
    """pyrudof's name of a focus node as an rdflib term (None for a literal)."""
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith('"'):
        return None
    return URIRef(text)


def results(text: str, shapes_graph: Graph, ontology: Graph) -> list[Result] | None:
    """pyrudof's results for the data `text` (N-Triples, validated with `ontology`), each
    read back; None when any cannot be read back as pySHACL would report it, or pyrudof
    cannot be used (not installed, shapes it cannot stand in for, input it rejects)."""
    shapes = prepared_shapes(shapes_graph)
    if shapes is None or not available() or not usable_here() \
            or text.count("\n") > MAX_LINES:
        return None
    try:
        found = session(shapes, ontology).validate(text)
    except Exception:  # pyrudof raises its own error types for input it rejects
        return None
    read: list[Result] = []
    for result in found:
        shape = shapes.by_iri.get(result.source_shape)
        focus = focus_term(result.focus_node)
        if shape is None or shape.message is None or focus is None:
            return None
        read.append(Result(focus, shape))
    return read
