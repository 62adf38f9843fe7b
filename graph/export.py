"""Export the graph in the syntaxes a linked-data portal takes, byte for byte reproducible.

Every export holds the same triples whatever the syntax: the knowledge graph, the
ontology and concept schemes shipped in `ontology/` (so a reader resolves every
notation offline), and the DCAT description of `graph.dcat`. TriG also says where each
triple belongs, with one named graph per source document (see `named_graphs`).

Determinism: blank nodes get canonical labels (rdflib's RDF canonicalisation), Turtle
comes from rdflib (which sorts), N-Triples lines are sorted, TriG and RDF/XML are
written by pyoxigraph from sorted quads (it writes in the order it is given), and
JSON-LD is compacted by rdflib with the shipped context, then sorted. The prefixes of
every syntax are those of the shipped JSON-LD context, `graph/data/context.jsonld`.
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, BNode, Graph, Node, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS
from rdflib.plugins.serializers.nt import _nt_row

from graph.dcat import DATA_DIR, DatasetSettings, Distribution, dataset_iri, describe
from graph.dcat import is_description_node as is_description
from graph.errors import OfstedKgError, UsageError
from graph.files import atomic_write_bytes
from graph.resources import data_graph
from graph.vocab import DEF, OA, OKG, PROV

CONTEXT_FILE = DATA_DIR / "context.jsonld"
SHAPES_IRI = URIRef(f"{DEF}/shapes")
"""What exports say they conform to besides the ontology: the SHACL shapes in `shapes/`."""
PLACEHOLDER = 73_914_562_800_000_000_000
"""A number no graph holds, written as each `dcat:byteSize` until the true sizes are known."""


@dataclass(frozen=True)
class ExportFormat:
    """One syntax an export can be written in."""

    name: str
    """The `--format` value."""
    media_type: str
    extensions: tuple[str, ...]
    """File extensions that select this format, the usual one first."""


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("ttl", "text/turtle", (".ttl",)),
        ExportFormat("nt", "application/n-triples", (".nt",)),
        ExportFormat("jsonld", "application/ld+json", (".jsonld", ".json")),
        ExportFormat("trig", "application/trig", (".trig",)),
        ExportFormat("xml", "application/rdf+xml", (".rdf", ".xml", ".owl")),
    )
}


@dataclass(frozen=True)
class ExportedFile:
    """A file an export wrote."""

    path: Path
    format: ExportFormat
    byte_size: int


def format_for(path: Path, name: str | None = None) -> ExportFormat:
    """The format asked for by name, else the one `path`'s extension names."""
    if name is not None:
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
        return FORMATS[name]
    suffix = Path(path).suffix.lower()
    for export_format in FORMATS.values():
        if suffix in export_format.extensions:
            return export_format
    known = ", ".join(e for f in FORMATS.values() for e in f.extensions)
    raise UsageError(f"{path}: cannot tell the format from the extension; use --format "
                     f"or one of {known}")


@cache
def jsonld_context() -> dict:
    """The shipped JSON-LD context (its `@context` object)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def prefixes() -> dict[str, str]:
    """prefix -> namespace, from the JSON-LD context, for every syntax that has prefixes."""
    return {k: v for k, v in jsonld_context().items() if isinstance(v, str)}


def new_graph(triples: Iterable[tuple[Node, Node, Node]] = ()) -> Graph:
    """A graph with the shared prefixes bound (and no others, so output never varies)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes().items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def ontology_name(ontology: Graph) -> URIRef:
    """The `owl:Ontology` IRI, which also names the ontology's graph."""
    return next(iter(sorted(ontology.subjects(RDF.type, OWL.Ontology))), URIRef(DEF))


def without_subjects(graph: Graph, unwanted: Iterable[Node]) -> Graph:
    """`graph` less every triple about `unwanted` and about the blank nodes they lead to
    (`graph` itself when there are none)."""
    queue = deque(unwanted)
    dropped = set()
    while queue:
        node = queue.popleft()
        if node in dropped:
            continue
        dropped.add(node)
        queue.extend(o for o in graph.objects(node, None) if isinstance(o, BNode))
    if not any(True for node in dropped for _ in graph.triples((node, None, None))):
        return graph
    return new_graph(t for t in graph if t[0] not in dropped)


def canonical(graph: Graph, label_prefix: str) -> Graph:
    """`graph` with content-derived blank node labels, prefixed so two graphs never share one.

    Without blank nodes there is nothing to relabel and `graph` itself is returned.
    """
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph

    def relabel(term: Node) -> Node:
        return BNode(label_prefix + term) if isinstance(term, BNode) else term

    return new_graph(
        (relabel(s), p, relabel(o)) for s, p, o in to_canonical_graph(graph)  # type: ignore[misc]
    )


def named_graphs(data: Graph, shared_name: URIRef) -> dict[URIRef, Graph]:
    """Split the knowledge graph into one graph per source document (named by its IRI).

    A document's graph holds the document, every evidence node whose `oa:hasSource` is
    the document, every item derived from that evidence (or `dcterms:isPartOf` it), and
    the nodes these lead to that no document owns (authorities, selectors, blank nodes).
    Shared nodes are repeated in every document graph that mentions them, and an item
    mentioned by several documents (an inspection) is repeated without its links to the
    other documents' evidence: each graph can then be replaced on its own (a PUT per
    document) without leaving the store with a dangling half of another document.
    Triples that belong to no document go to `shared_name`.
    """
    documents = sorted(data.subjects(RDF.type, OKG.SourceDocument))
    source_of = {evidence: doc for evidence, doc in data.subject_objects(OA.hasSource)
                 if doc in documents}
    owners: dict[Node, set[Node]] = defaultdict(set)
    for doc in documents:
        owners[doc].add(doc)
    for evidence, doc in source_of.items():
        owners[evidence].add(doc)
    for item, evidence in data.subject_objects(PROV.wasDerivedFrom):
        if evidence in source_of:
            owners[item].add(source_of[evidence])
    for item, doc in data.subject_objects(DCTERMS.isPartOf):
        if doc in documents:
            owners[item].add(doc)

    owned: dict[Node, list[Node]] = defaultdict(list)
    for node, docs in owners.items():
        for doc in docs:
            owned[doc].append(node)

    graphs = {doc: new_graph() for doc in documents}
    placed = set()
    for doc in documents:
        queue = deque(owned[doc])
        seen = set(queue)
        while queue:
            node = queue.popleft()
            for triple in data.triples((node, None, None)):
                _, predicate, obj = triple
                if predicate == PROV.wasDerivedFrom and source_of.get(obj, doc) != doc:
                    continue
                graphs[doc].add(triple)
                placed.add(triple)
                if isinstance(obj, (URIRef, BNode)) and obj not in owners and obj not in seen:
                    seen.add(obj)
                    queue.append(obj)
    leftover = new_graph(t for t in data if t not in placed)
    if len(leftover):
        graphs[shared_name] = leftover
    return graphs


@dataclass(frozen=True)
class PreparedGraph:
    """The parts every export and publish is made of, canonical and in a fixed order."""

    data: Graph
    """The knowledge graph alone (no ontology, no earlier description)."""
    ontology: Graph
    ontology_name: URIRef
    documents: dict[URIRef, Graph]
    """`named_graphs(data)`: one graph per source document (plus unattached triples)."""
    settings: DatasetSettings

    def description(self, distributions: Sequence[Distribution] = ()) -> Graph:
        return describe(self.data, self.settings, distributions,
                        conforms_to=(self.ontology_name, SHAPES_IRI))

    def graphs(self, description: Graph) -> list[tuple[URIRef, Graph]]:
        """Every named graph: ontology, description, then the documents by IRI."""
        return [(self.ontology_name, self.ontology),
                (dataset_iri(self.settings.base_iri), description),
                *sorted(self.documents.items())]


@cache
def shipped_ontology() -> tuple[Graph, URIRef, frozenset[URIRef]]:
    """(the canonical ontology graph, its name, its IRI subjects), read once per process.

    Callers only read the graph; it is shared between exports.
    """
    ontology = data_graph("ontology")
    subjects = frozenset(s for s in ontology.subjects() if isinstance(s, URIRef))
    return canonical(ontology, "o"), ontology_name(ontology), subjects


def prepare(data: Graph, settings: DatasetSettings) -> PreparedGraph:
    """Separate the knowledge graph from any ontology or description it already carries."""
    ontology, name, ontology_subjects = shipped_ontology()
    old_description = {s for s in data.subjects(unique=True)
                       if is_description(s, settings.base_iri)}
    data = canonical(without_subjects(data, ontology_subjects | old_description), "d")
    shared_name = URIRef(str(dataset_iri(settings.base_iri)) + "/unattached")
    return PreparedGraph(
        data=data,
        ontology=ontology,
        ontology_name=name,
        documents=named_graphs(data, shared_name),
        settings=settings,
    )


def sorted_ntriples(graph: Graph) -> list[str]:
    """The graph as sorted N-Triples lines (each ending in a newline)."""
    return sorted_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))


def sorted_lines(text: str) -> list[str]:
    """N-Triples text as sorted lines (each ending in a newline)."""
    return sorted(line + "\n" for line in text.splitlines() if line.strip())


def node_name(term: str) -> str:
    """An IRI or blank node as an N-Triples line writes it, named as `str()` of its rdflib
    term names it: an IRI without its brackets, a blank node without its `_:`."""
    return term[1:-1] if term.startswith("<") else term[2:]


def ntriples_rows(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as N-Triples text, each line as rdflib's N-Triples serialiser writes it."""
    return "".join(map(_nt_row, triples))


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as N-Triples text, written as rdflib writes a graph holding them
    (`graph.serialize(format="nt")`), without the cost of building the graph."""
    text = ntriples_rows(triples)
    text.encode("utf-8")  # rdflib's serialiser fails on a lone surrogate: so does this
    return text


def oxigraph_bytes(graphs: Sequence[tuple[URIRef, Graph]], rdf_format: ox.RdfFormat) -> bytes:
    """Serialise with pyoxigraph, which writes quads in the (sorted) order given."""
    if rdf_format == ox.RdfFormat.TRIG:
        lines = [line[: -len(" .\n")] + f" <{name}> .\n"
                 for name, graph in graphs for line in sorted_ntriples(graph)]
        quads = ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS)
    else:
        lines = sorted({line for _, graph in graphs for line in sorted_ntriples(graph)})
        quads = ox.parse("".join(lines), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(quads, format=rdf_format, prefixes=prefixes())


def sorted_json(value: object, in_list: bool = False) -> object:
    """JSON with every array sorted, except `@list` arrays, whose order is meaningful."""
    if isinstance(value, dict):
        return {k: sorted_json(v, in_list=(k == "@list")) for k, v in value.items()}
    if isinstance(value, list):
        items = [sorted_json(item) for item in value]
        return items if in_list else sorted(items, key=lambda i: json.dumps(i, sort_keys=True))
    return value


def serialize(graphs: Sequence[tuple[URIRef, Graph]], export_format: ExportFormat,
              merged: Graph | None = None) -> bytes:
    """The named graphs in one syntax; all but TriG merge them into one graph (`merged`,
    when the caller has it already)."""
    if export_format.name == "trig":
        return oxigraph_bytes(graphs, ox.RdfFormat.TRIG)
    if export_format.name == "xml":
        return oxigraph_bytes(graphs, ox.RdfFormat.RDF_XML)
    if export_format.name == "ttl":  # pyoxigraph writes sorted Turtle ~7x faster than rdflib
        return oxigraph_bytes(graphs, ox.RdfFormat.TURTLE)
    if merged is None:
        merged = new_graph(t for _, graph in graphs for t in graph)
    if export_format.name == "nt":
        return "".join(sorted_ntriples(merged)).encode("utf-8")
    if export_format.name == "jsonld":
        compacted = json.loads(merged.serialize(format="json-ld", context=jsonld_context()))
        text = json.dumps(sorted_json(compacted), indent=2, sort_keys=True, ensure_ascii=False)
        return (text + "\n").encode("utf-8")
    raise ValueError(f"no serialiser for {export_format.name}")


def render(prepared: PreparedGraph, outputs: Sequence[tuple[Path, ExportFormat]]) -> list[bytes]:
    """Every output's bytes, each carrying a description that gives every output's size.

    A file's size depends on the sizes written inside it. Each output is serialised once
    with a unique placeholder number as every `dcat:byteSize`; the true sizes are then the
    fixed point of "draft length less the digits the placeholders give up", and the
    placeholders are replaced by them. Each placeholder is one literal of one triple whose
    subject is unique, so the replacement moves nothing in any sorted order.
    """
    placeholders = [str(PLACEHOLDER + n) for n in range(len(outputs))]
    distributions = [Distribution(path.name, f.media_type, int(placeholder))
                     for (path, f), placeholder in zip(outputs, placeholders, strict=True)]
    graphs = prepared.graphs(prepared.description(distributions))
    single_graph_formats = {f.name for _, f in outputs} - {"trig", "xml"}
    merged = new_graph(t for _, graph in graphs for t in graph) if single_graph_formats else None
    drafts = [serialize(graphs, f, merged) for _, f in outputs]
    tokens = [placeholder.encode("ascii") for placeholder in placeholders]
    if any(draft.count(token) != 1 for draft in drafts for token in tokens):
        raise OfstedKgError("the data contains the export's placeholder number "
                            f"{PLACEHOLDER}; please report this")
    sizes = [len(draft) for draft in drafts]
    for _ in range(len(str(PLACEHOLDER))):
        given_up = sum(len(token) - len(str(size)) for token, size in zip(tokens, sizes,
                                                                            strict=True))
        sizes = [len(draft) - given_up for draft in drafts]
    contents = []
    for draft in drafts:
        for token, size in zip(tokens, sizes, strict=True):
            draft = draft.replace(token, str(size).encode("ascii"))
        contents.append(draft)
    if [len(content) for content in contents] != sizes:
        raise OfstedKgError("the export's byte sizes did not settle; please report this")
    return contents


def export(data: Graph, outputs: Sequence[tuple[Path, ExportFormat]],
           settings: DatasetSettings | None = None) -> list[ExportedFile]:
    """Write `data` (with ontology and description) to every output, each atomically."""
    names = [path.name for path, _ in outputs]
    if len(set(names)) != len(names):
        raise UsageError("two outputs have the same file name; each needs its own distribution")
    prepared = prepare(data, settings or DatasetSettings())
    contents = render(prepared, outputs)
    written = []
    for (path, export_format), content in zip(outputs, contents, strict=True):
        atomic_write_bytes(path, content)
        written.append(ExportedFile(path, export_format, len(content)))
    return written
