"""Check a graph against the SHACL shapes and describe each problem in words a person reads.

The shapes (`shapes/*.ttl`) check concept-valued properties against the concept schemes,
so the ontology (`ontology/*.ttl`) is added to a copy of the data before validation.
pySHACL's own `ont_graph` option is not used for that: it copies only class and property
axioms, not the SKOS concepts. Working on our own copy also keeps blank-node identities,
so every focus node of the report can be looked up again to find its label and quote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import DCTERMS, SH, NamespaceManager, split_uri
from rdflib.term import Node

from graph import rudof_engine
from graph.export import node_name, ntriples_rows
from graph.resources import data_graph
from graph.store import TermCache
from graph.text import shorten
from graph.vocab import OA, OKG, PREFIXES, PROV

if TYPE_CHECKING:
    from pyshacl import Validator

OKGSH = Namespace("https://w3id.org/ofsted-kg/shapes#")
"""The namespace of our named shapes."""

UNANSWERED_FINDING_SHAPE = OKGSH.FindingHasResponse
"""The shape whose warnings are findings that no response answers."""

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = tuple(SEVERITIES.values())

CLASS_ORDER = ("Finding", "Recommendation", "Response", "Metric", "Resolution", "Inspection",
               "UnidentifiedAuthority", "Authority", "SourceDocument")
"""Which okg class names a node typed with several (an unidentified authority is both)."""

QUOTE_WIDTH = 80
"""Quotes longer than this many characters are cut in the one-line form."""

USE_RUDOF = True
"""Validate with pyrudof where it gives what pySHACL gives (`graph.rudof_engine`); pySHACL
answers the rest, and everything when this is False."""


@dataclass(frozen=True)
class Problem:
    """One result of the validation report, resolved to readable names."""

    severity: str
    """`Violation`, `Warning` or `Info`."""
    focus: str
    """The IRI (or blank node id) of the node the problem is about."""
    focus_class: str
    """The node's class, short (`Finding`, `TextPositionSelector`)."""
    focus_label: str
    """`rdfs:label`, a document's identifier, or the readable tail of the IRI."""
    message: str
    """What is wrong, from the shape's `sh:message`."""
    path: str | None = None
    """The property concerned, as a prefixed name, when the shape names one."""
    quote: str | None = None
    """The exact words the node was read from, when it has evidence."""
    document: str | None = None
    """The identifier (file name) of the source document, when known."""
    shape: str | None = None
    """The IRI of the shape that reported it, when the shape is named."""

    def line(self) -> str:
        """`Violation  Finding "<label>": <message> — "<quote…>" (<document>)`."""
        text = f'{self.severity:<9}  {self.focus_class} "{self.focus_label}": {self.message}'
        if self.quote:
            text += f' — "{shorten(self.quote, QUOTE_WIDTH)}"'
        if self.document:
            text += f" ({self.document})"
        return text


@dataclass
class ValidationResult:
    """Every problem found, violations first; the graph conforms when none is a violation."""

    problems: list[Problem] = field(default_factory=list)

    def with_severity(self, severity: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == severity]

    @property
    def violations(self) -> list[Problem]:
        return self.with_severity("Violation")

    @property
    def warnings(self) -> list[Problem]:
        return self.with_severity("Warning")

    @property
    def infos(self) -> list[Problem]:
        return self.with_severity("Info")

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def unanswered_findings(self) -> list[Problem]:
        """The warnings about findings that no response answers."""
        return [p for p in self.warnings if p.shape == str(UNANSWERED_FINDING_SHAPE)]

    def summary(self) -> str:
        """One line: `conforms: 0 violations, 3 warnings (3 findings with no response)`."""
        verdict = "conforms" if self.conforms else "does not conform"
        text = (f"{verdict}: {plural(len(self.violations), 'violation')}, "
                f"{plural(len(self.warnings), 'warning')}")
        if self.unanswered_findings:
            text += f" ({plural(len(self.unanswered_findings), 'finding')} with no response)"
        if self.infos:
            text += f", {plural(len(self.infos), 'note')}"
        return text


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@cache
def shapes_graph() -> Graph:
    """All of `shapes/*.ttl`, parsed once per process.

    Kept in rdflib's store without named graphs: pySHACL looks a shape's parameters up
    at every value it checks, and this store answers them a tenth faster."""
    parsed = data_graph("shapes")
    return memory_graph(parsed, parsed)


def memory_graph(source: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """`triples` in rdflib's plain in-memory store (no named graphs: the store pySHACL
    reads shapes fastest from), with `source`'s prefixes."""
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


RDF_TYPE = f" <{RDF.type}> <"


@cache
def shapes_for(classes: frozenset[URIRef]) -> Graph:
    """The part of `shapes_graph()` that can give a node of `classes` a result: the shapes
    that target one of them or a class they are subclasses of (by the ontology), and the
    shapes targeting otherwise than by class, with all they hold and name (property
    shapes, nested shapes, lists).

    The pass over shared nodes validates their neighbourhood and keeps only their own
    results; with every shape it spent half its time on the evidence around them, which
    their documents' batches have already validated."""
    shapes, ontology = shapes_graph(), ontology_graph()
    wanted = {ancestor for cls in classes
              for ancestor in ontology.transitive_objects(cls, RDFS.subClassOf)}
    roots = {shape for shape, cls in shapes.subject_objects(SH.targetClass) if cls in wanted}
    roots.update(cls for cls in wanted if (cls, RDF.type, RDFS.Class) in shapes)  # implicit
    roots.update(shape for target in rudof_engine.OTHER_TARGETS
                 for shape in shapes.subjects(target, None))
    reached, todo = set(), list(roots)
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(o for o in shapes.objects(node, None) if (o, None, None) in shapes)
    return memory_graph(shapes, (triple for node in reached
                                 for triple in shapes.triples((node, None, None))))


def classes_of(nodes: Collection[str], lines: Iterable[str]) -> frozenset[URIRef]:
    """The classes `lines` (N-Triples) give `nodes` (an IRI without its brackets, a blank
    node without its `_:`)."""
    found = set()
    for line in lines:
        subject, typed, cls = line.partition(RDF_TYPE)
        if typed and node_name(subject) in nodes:
            found.add(URIRef(cls[:cls.index(">")]))
    return frozenset(found)


@cache
def ontology_graph() -> Graph:
    """All of `ontology/*.ttl` (classes, properties and concept schemes), parsed once."""
    return data_graph("ontology")


@cache
def ontology_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of `ontology_graph()`, in its order, read from rdflib's store once."""
    return tuple(ontology_graph())


class BoundPrefixesOnly(NamespaceManager):
    """A namespace manager that writes IRIs of unbound namespaces as `<iri>` without
    remembering their namespace.

    rdflib's own inserts the namespace of every IRI it is asked to shorten into a prefix
    trie, and each insertion scans the trie (RDFLib/rdflib#1752): pySHACL shortens every
    focus node it describes, so validation time grew with the square of the evidence
    nodes. An unbound namespace gives `<iri>` either way, so the output is the same.
    """

    def normalizeUri(self, rdfTerm: str) -> str:
        try:
            namespace, _name = split_uri(rdfTerm)
        except ValueError:
            return super().normalizeUri(rdfTerm)
        if self.store.prefix(URIRef(namespace)) is not None:
            return super().normalizeUri(rdfTerm)
        return f"?{rdfTerm}" if isinstance(rdfTerm, Variable) else f"<{rdfTerm}>"


def validation_graph() -> Graph:
    """An empty graph for validating, with our prefixes and the trie-free namespace manager."""
    graph = Graph()
    graph.namespace_manager = BoundPrefixesOnly(graph)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def mixed_graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A validation graph holding `triples` and the ontology: what the shapes are run on."""
    mixed = validation_graph()
    mixed.addN((s, p, o, mixed) for s, p, o in triples)
    mixed += ontology_graph()
    return mixed


def validate(data: Graph) -> ValidationResult:
    """Validate `data` (left unchanged) against the shapes, with the ontology mixed in."""
    mixed = mixed_graph(data)
    found = rudof_results(mixed)
    if found is None:
        problems = run_shapes(shacl_validator(mixed))
    else:
        problems = {describe(mixed, result) for result in found}
    return ValidationResult(sorted(problems, key=problem_order))


def rudof_results(data: Collection[tuple[Node, Node, Node]], text: str | None = None,
                  ) -> list[rudof_engine.Result] | None:
    """pyrudof's results for the triples `data` (`text`: the same as N-Triples, when at
    hand), read back as pySHACL reports them; None where pySHACL must answer instead."""
    if not USE_RUDOF or len(data) > rudof_engine.MAX_LINES \
            or not rudof_engine.triples_agree(data):
        return None
    return rudof_engine.results(ntriples_rows(data) if text is None else text,
                                shapes_graph(), ontology_graph())


def describe(graph: Graph | TripleIndex, result: rudof_engine.Result) -> Problem:
    """A result of pyrudof as the `Problem` pySHACL's report of it gives (`describe_result`)."""
    shape = result.shape
    assert shape.message is not None
    return describe_focus(graph, result.focus, SEVERITIES.get(shape.severity, "Violation"),
                          shape.message, shape.path,
                          shape.node if isinstance(shape.node, URIRef) else None)


def shacl_validator(mixed: Graph) -> Validator:
    """A pySHACL validator of `mixed` (validated in place)."""
    from pyshacl import Validator  # a fifth of a second: load when used
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.monkey import apply_patches

    apply_patches()
    return Validator(DataGraph.from_rdflib(mixed), shacl_graph=shapes_graph(),
                     options={"inference": "none", "inplace": True})


def run_shapes(validator: Validator, keep: Callable[[Node], bool] | None = None,
               context: Callable[[set[Node]], Iterable[tuple[Node, Node, Node]]] | None = None,
               ) -> set[Problem]:
    """Run `validator` and describe each result whose focus node `keep` accepts (all if
    None); `context`, given the focus nodes of the results, gives triples to add to the
    graph first, for describing them (their quotes and documents)."""
    _conforms, report, _text = validator.run()
    graph = validator.data_graph.impl
    # Only the report's own results: nested `sh:detail` results repeat them less readably.
    results = [result for result in report.objects(None, SH.result)
               if keep is None or keep(report.value(result, SH.focusNode))]
    if context is not None:
        for triple in context({report.value(result, SH.focusNode) for result in results}):
            graph.add(triple)
    return {describe_result(graph, report, result) for result in results}


@dataclass(frozen=True)
class DocumentCheck:
    """What validating one document of a batch settled."""

    problems: tuple[Problem, ...]
    """The problems of the nodes that this document alone, of its batch, mentions."""
    unchecked: tuple[str, ...]
    """Nodes it describes that another document of the batch mentions too: whether they
    conform depends on every document that mentions them, so `validate_shared` decides."""


Triples = Collection[tuple[Node, Node, Node]]
"""A document's triples: an rdflib graph, or a set of (s, p, o) as `graph.rdf` collects."""


def check_documents(graphs: Sequence[Triples], texts: Sequence[str] | None = None,
                    ) -> list[DocumentCheck]:
    """One `DocumentCheck` per graph (each one document's triples), in order; `texts`,
    when given, are the same triples as N-Triples text, one per graph.

    The documents are validated together, with the ontology, to spread the cost per run.
    The shapes look at a node, its values and their types, and every node a document
    mints is its own (its IRI holds the document's name); so a node only one document
    mentions gets the same results here as in the whole graph. Nodes several documents
    mention (an authority, an inspection) are left to `validate_shared`.
    """
    subjects = [{str(s) for s, _p, _o in graph} for graph in graphs]
    mentions = Counter(node for graph, own in zip(graphs, subjects, strict=True)
                       for node in own | mentioned_iris(graph))
    owner = {node: n for n, own in enumerate(subjects) for node in own if mentions[node] == 1}
    found: list[list[Problem]] = [[] for _ in graphs]
    every = [triple for graph in graphs for triple in graph]
    results = rudof_results(every, None if texts is None else "".join(texts))
    if results is None:
        problems = run_shapes(shacl_validator(mixed_graph(every)),
                              keep=lambda focus: str(focus) in owner)
    else:
        kept = [result for result in results if str(result.focus) in owner]
        index = TripleIndex([*every, *ontology_triples()]) if kept else None
        problems = {describe(index, result) for result in kept}
    for problem in problems:
        found[owner[problem.focus]].append(problem)
    return [DocumentCheck(tuple(sorted(own_problems, key=problem_order)),
                          tuple(sorted(node for node in own if node not in owner)))
            for own_problems, own in zip(found, subjects, strict=True)]


def mentioned_iris(graph: Triples) -> set[str]:
    """The IRIs a graph's triples point to."""
    return {str(o) for _s, _p, o in graph if isinstance(o, URIRef)}


def validate_shared(lines: Collection[str], nodes: Iterable[str],
                    context: Callable[[set[Node]], Iterable[str]]) -> set[Problem]:
    """The problems of `nodes`, as validating the whole graph gives them, from their
    neighbourhood `lines` (N-Triples): the triples about them and about their values, which
    is all the shapes look at. Every node of `lines` is validated and only the results of
    `nodes` are kept; the others' neighbourhoods are incomplete here. `context` gives, for
    the nodes that have problems, the lines that describe them (their values' values: the
    quote and the document of their evidence). The ontology is added here.

    Not pySHACL's option `focus_nodes`: it skips the nested shapes (`sh:node`, `sh:or`)
    that check values outside the focus nodes, so an ill-typed date or a judgement outside
    its scheme on a shared inspection went unreported (issue 11)."""
    names = set(nodes)
    results = None
    if USE_RUDOF and rudof_engine.lines_agree(lines):
        results = rudof_engine.results("".join(lines), shapes_for(classes_of(names, lines)),
                                       ontology_graph())
    if results is None:
        return run_shapes(shacl_validator(mixed_graph(parse_lines(lines))),
                          keep=lambda focus: str(focus) in names,
                          context=lambda found: parse_lines(context(found)))
    kept = [result for result in results if str(result.focus) in names]
    if not kept:
        return set()
    index = TripleIndex([*parse_lines(lines), *ontology_triples(),
                         *parse_lines(context({result.focus for result in kept}))])
    return {describe(index, result) for result in kept}


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[Node, Node, Node]]:
    """N-Triples lines as rdflib triples (parsed by pyoxigraph: many times faster)."""
    term = TermCache()
    for triple in ox.parse("".join(sorted(lines)), format=ox.RdfFormat.N_TRIPLES):
        yield term(triple.subject), term(triple.predicate), term(triple.object)


def problem_order(problem: Problem) -> tuple:
    return (SEVERITY_ORDER.index(problem.severity), problem.focus_class, problem.focus_label,
            problem.focus, problem.message, problem.path or "")


def describe_result(graph: Graph, report: Graph, result: Node) -> Problem:
    """Turn one `sh:ValidationResult` into a `Problem`, looking its focus node up in `graph`."""
    shape = report.value(result, SH.sourceShape)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    return describe_focus(graph, report.value(result, SH.focusNode),
                          SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
                          messages[0] if messages else "does not conform to its shape",
                          report.value(result, SH.resultPath),
                          shape if isinstance(shape, URIRef) else None)


def describe_focus(graph: Graph | TripleIndex, focus: Node, severity: str, message: str,
                   path: Node | None, shape: URIRef | None) -> Problem:
    """A `Problem` of `focus`, its class, label, quote and document looked up in `graph`."""
    focus_class = class_name(graph, focus)
    quote, document = source_of(graph, focus)
    return Problem(
        severity=severity,
        focus=str(focus),
        focus_class=focus_class,
        focus_label=label_of(graph, focus, focus_class),
        message=message,
        path=graph.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else None,
        quote=quote,
        document=document,
        shape=str(shape) if shape is not None else None,
    )


class TripleIndex:
    """The triples of a batch indexed for `describe_focus`: the few reads it makes of an
    rdflib graph, without the cost of building one (a tenth of the time)."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        for s, p, o in triples:
            self.spo.setdefault(s, {}).setdefault(p, {})[o] = None

    @cached_property
    def ops(self) -> dict[Node, dict[tuple[Node, Node], None]]:
        """What points to each node: seldom needed (a blank node's owner, evidence found
        from its selector), so made on first use. Literals are left out: nothing asks
        what points to one, and hashing them was most of the cost."""
        ops: dict[Node, dict[tuple[Node, Node], None]] = {}
        for s, by_predicate in self.spo.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    if not isinstance(o, Literal):
                        ops.setdefault(o, {})[(s, p)] = None
        return ops

    @cached_property
    def namespace_manager(self) -> NamespaceManager:
        """The prefixes of a validation graph (only problems with a path need them), made
        once per index, not once per problem."""
        return validation_graph().namespace_manager

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self.spo.get(subject, {}).get(predicate, {}))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(self.objects(subject, predicate), None)

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return (s for s, p in self.ops.get(obj, {}) if p == predicate)

    def subject_predicates(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        return iter(self.ops.get(obj, {}))

    def __contains__(self, triple: tuple[Node, Node, Node | None]) -> bool:
        s, p, o = triple
        objects = self.spo.get(s, {}).get(p, {})
        return bool(objects) if o is None else o in objects


def local_name(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def class_name(graph: Graph, node: Node) -> str:
    """The short name of the node's most telling class (`Finding`, `SpecificResource`)."""
    types = sorted(graph.objects(node, RDF.type), key=str)
    names = [local_name(t) for t in types if str(t).startswith(str(OKG))]
    for name in CLASS_ORDER:
        if name in names:
            return name
    if names:
        return names[0]
    return local_name(types[0]) if types else "Node"


def label_of(graph: Graph, node: Node, focus_class: str) -> str:
    """`rdfs:label`, else a document's identifier, else the readable tail of the IRI."""
    for predicate in (RDFS.label, DCTERMS.identifier):
        values = sorted(str(value) for value in graph.objects(node, predicate))
        if values:
            return values[0]
    if isinstance(node, BNode):
        owners = sorted(graph.subject_predicates(node), key=lambda pair: tuple(map(str, pair)))
        if owners:
            owner, predicate = owners[0]
            if not isinstance(owner, BNode):
                return f"{label_of(graph, owner, class_name(graph, owner))} {local_name(predicate)}"
        return "(blank node)"
    return iri_tail(str(node), focus_class)


def iri_tail(iri: str, focus_class: str) -> str:
    """What follows the class's own segment (`.../finding/doc/f1` -> `doc/f1`), else the
    last two segments: instance IRIs are readable by design, only the base is noise."""
    parts = iri.split("/")
    lowered = [part.lower() for part in parts]
    key = focus_class.lower()
    if key in lowered[3:]:
        return "/".join(parts[lowered.index(key, 3) + 1:])
    return "/".join(parts[-2:])


def evidence_nodes(graph: Graph, node: Node) -> list[Node]:
    """The evidence (oa:SpecificResource) nodes behind an item, an evidence node or a selector."""
    derived = sorted(graph.objects(node, PROV.wasDerivedFrom), key=str)
    if derived:
        return derived
    if (node, OA.hasSelector, None) in graph or (node, OA.hasSource, None) in graph:
        return [node]
    return sorted(graph.subjects(OA.hasSelector, node), key=str)


def source_of(graph: Graph, node: Node) -> tuple[str | None, str | None]:
    """(exact quote, document identifier) that a node was read from, when the graph says."""
    if (node, RDF.type, OKG.SourceDocument) in graph:
        return None, document_name(graph, node)
    quote = document = None
    for evidence in evidence_nodes(graph, node):
        for selector in graph.objects(evidence, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if isinstance(exact, Literal) and quote is None:
                quote = str(exact)
        source = graph.value(evidence, OA.hasSource)
        if source is not None and document is None:
            document = document_name(graph, source)
        if quote is not None:
            break
    return quote, document


def document_name(graph: Graph, document: Node) -> str:
    identifier = graph.value(document, DCTERMS.identifier)
    return str(identifier) if identifier is not None else iri_tail(str(document), "document")
