"""The local store `--data` files are loaded into before they are queried.

Two engines answer the same SPARQL with the same rows: pyoxigraph, the default, and
rdflib's memory store (`--store rdflib`), kept as the reference implementation the rest
of the project builds graphs with. `benchmarks/bench_query.py` chose the default: on a
synthetic graph of a million triples shaped like ours pyoxigraph loaded in 4 s against
41 s, peaked at 0.7 GB against 1.5 GB, and answered every named query 15 to 75 times
faster (the full trace of 25,125 rows in 1.1 s, 1.8 s with every row read; filtered by
authority 0.2 s; rdflib had not answered either after 60 s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result
from rdflib.term import Node, Variable

from graph.errors import InputError, UsageError
from graph.files import (
    OXIGRAPH_FORMATS,
    check_remote_contexts,
    graph_files,
    load_graph,
    no_triples,
    rdf_format,
    syntax_error,
)
from graph.formats import (
    RDF_LANG_STRING,
    XSD_STRING,
    LazyRows,
    QueryResult,
    Row,
    triples_to_result,
)
from graph.guard import check_text
from graph.text import one_line

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"

DATASET_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)

OXIGRAPH_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


class LocalStore(Protocol):
    """A loaded graph that answers SPARQL queries."""

    engine: str

    def query(self, text: str) -> QueryResult:
        """Run a complete query; a malformed one raises `UsageError`."""
        ...

    def __len__(self) -> int:
        """The number of triples."""
        ...


def malformed(message: str, line: int, column: int) -> UsageError:
    """The one error every malformed query gives, whichever parser found it."""
    return UsageError(f"malformed query: {one_line(message)} at line {line}, column {column}")


def oxigraph_syntax_error(error: SyntaxError) -> UsageError:
    match = OXIGRAPH_ERROR.match(str(error))
    if match:
        return malformed(match.group(3), int(match.group(1)), int(match.group(2)))
    return UsageError(f"malformed query: {one_line(error)}")


def check_query(text: str, allow_remote: bool = False) -> str:
    """Parse `text` without running it; return its form (`select`, `ask`, `construct`).

    First the guard's scan (updates, `SERVICE` unless `allow_remote`, nesting the parser
    would not survive), then Oxigraph's parser, whose messages name what was expected
    and where. An empty store is enough: pyoxigraph parses eagerly and evaluates lazily,
    except SERVICE calls, which it makes at once: such a query is parsed by rdflib.
    """
    if check_text(text, allow_remote):
        return rdflib_form(text)
    try:
        answer = ox.Store().query(text)
    except SyntaxError as error:
        raise oxigraph_syntax_error(error) from None
    if isinstance(answer, ox.QueryBoolean):
        return "ask"
    return "construct" if isinstance(answer, ox.QueryTriples) else "select"


def rdflib_form(text: str) -> str:
    """The form of a query by rdflib's parser, which never evaluates anything."""
    try:
        name = prepareQuery(text).algebra.name
    except ParseException as error:
        raise malformed(error.msg, error.lineno, error.col) from None
    return {"AskQuery": "ask", "ConstructQuery": "construct",
            "DescribeQuery": "construct"}.get(name, "select")


def from_oxigraph(term: object) -> Node | None:
    """The rdflib term for a pyoxigraph term (plain literals without `xsd:string`)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        # A plain string has nothing to normalise: the same Literal, three times faster.
        return Literal(term.value, normalize=False)
    return Literal(term.value, datatype=URIRef(datatype))


class TermCache(dict):
    """Converts pyoxigraph terms, each distinct one once: rows repeat IRIs, labels and quotes,
    and building an rdflib literal costs more than a dict lookup (half the time on a trace).

    A hit is a plain dict lookup, made in C by `row`; only a miss runs Python code.
    """

    def __missing__(self, term: object) -> Node | None:
        converted = self[term] = from_oxigraph(term)
        return converted

    def __call__(self, term: object) -> Node | None:
        return self[term]

    def row(self, solution: Iterable[object]) -> Row:
        """One solution's terms converted, in projection order (None for unbound)."""
        return tuple(map(self.__getitem__, solution))


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class OxigraphStore:
    """An in-memory pyoxigraph store; named graphs in TriG/N-Quads inputs are merged into
    the default graph."""

    engine = "oxigraph"

    def __init__(self) -> None:
        self.store = ox.Store()

    def load_file(self, path: Path, allow_remote: bool = False) -> None:
        """Load one file, with the same one-line errors as `graph.files.load_graph`.

        Oxigraph cannot fetch a remote JSON-LD context: when that is allowed, rdflib reads it.
        """
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        check_remote_contexts(path, allow_remote)
        if allow_remote and rdf_format(path) == "json-ld":
            self.add_graph(load_graph([path], allow_remote=True))
            return
        rdf = OXIGRAPH_FORMATS[rdf_format(path)]
        base_iri = path.resolve().as_uri()
        before = len(self.store)
        try:
            if rdf in DATASET_FORMATS:
                # Into the default graph, each triple once, as rdflib reads them: a TriG
                # export repeats an inspection in every document's graph that mentions
                # it, and the union of the graphs would repeat its rows as often.
                self.store.extend(ox.Quad(quad.subject, quad.predicate, quad.object)
                                  for quad in ox.parse(path=path, format=rdf, base_iri=base_iri))
            else:
                self.store.bulk_load(path=str(path), format=rdf, base_iri=base_iri)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not a UTF-8 RDF file") from None
        except (SyntaxError, ValueError, OSError) as error:
            raise syntax_error(path, error, from_oxigraph=True) from None
        if len(self.store) == before:
            raise no_triples(path)

    def add_graph(self, graph: Graph) -> None:
        self.store.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())
            for s, p, o in graph
        )

    def query(self, text: str) -> QueryResult:
        try:
            answer = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise oxigraph_syntax_error(error) from None
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult((), (), boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return triples_to_result(
                (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in answer
            )
        variables = tuple(variable.value for variable in answer.variables)
        # Solutions are kept as pyoxigraph made them: their terms become rdflib terms
        # only when the rows are first read (counting them converts nothing).
        return QueryResult(variables, LazyRows(list(answer), TermCache().row))

    def __len__(self) -> int:
        return len(self.store)

    def __getstate__(self) -> bytes:
        """Pickled as N-Quads, for a spawned worker (`graph.workers`) to load its own copy."""
        return self.store.dump(format=ox.RdfFormat.N_QUADS)

    def __setstate__(self, state: bytes) -> None:
        self.store = ox.Store()
        self.store.bulk_load(state, format=ox.RdfFormat.N_QUADS)


class RdflibStore:
    """rdflib's memory store: slower, but the reference SPARQL implementation."""

    engine = "rdflib"

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()

    def load_file(self, path: Path, allow_remote: bool = False) -> None:
        load_graph([path], into=self.graph, allow_remote=allow_remote)

    def add_graph(self, graph: Graph) -> None:
        self.graph += graph

    def query(self, text: str) -> QueryResult:
        """Run `text`. rdflib's parser and evaluator recurse in Python, so a query nested
        far less deeply than the guard allows (about 40 brackets) exhausts the recursion
        limit: that is the user's to fix, in one line, not a traceback."""
        try:
            return self.answer(text)
        except RecursionError:
            raise UsageError("query nested too deeply for the rdflib store; simplify it, "
                             "or use --store oxigraph") from None

    def answer(self, text: str) -> QueryResult:
        try:
            answer: Result = self.graph.query(text)
        except ParseException as error:
            raise malformed(error.msg, error.lineno, error.col) from None
        if answer.type == "ASK":
            return QueryResult((), (), boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return triples_to_result(answer)  # type: ignore[arg-type]
        variables = tuple(str(v) for v in answer.vars or ())
        return QueryResult(
            variables,
            tuple(tuple(row.get(Variable(name)) for name in variables) for row in answer.bindings),
        )

    def __len__(self) -> int:
        return len(self.graph)


def new_store(engine: str = DEFAULT_ENGINE) -> OxigraphStore | RdflibStore:
    """An empty store of the engine named (`oxigraph` or `rdflib`)."""
    if engine == "oxigraph":
        return OxigraphStore()
    if engine == "rdflib":
        return RdflibStore()
    raise UsageError(f"unknown store {engine!r}; choose one of: {', '.join(ENGINES)}")


def open_store(paths: Iterable[Path], engine: str = DEFAULT_ENGINE,
               allow_remote: bool = False) -> OxigraphStore | RdflibStore:
    """A store holding every triple of the graph files (and folders of them) at `paths`;
    a remote JSON-LD context is fetched only when `allow_remote`."""
    store = new_store(engine)
    for path in graph_files(paths):
        store.load_file(path, allow_remote)
    return store


def store_from_graph(graph: Graph, engine: str = DEFAULT_ENGINE) -> OxigraphStore | RdflibStore:
    """A store holding the triples of an rdflib graph (tests, and graphs built in memory)."""
    store = new_store(engine)
    store.add_graph(graph)
    return store
