"""Query results as plain data, and the ways the CLI writes them out.

Every store (pyoxigraph, rdflib, a remote endpoint) returns the same `QueryResult` of
rdflib terms, so the formats and the tests never care where the rows came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.vocab import DEF, DEFAULT_BASE_IRI, OKG, PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TABLE_CELL_WIDTH = 60
"""Cells wider than this are cut (with `…`) in the table view only; other formats are whole."""

SHORT_NAMES = {
    **{f"{scheme}:": f"{DEF}/{scheme}/" for scheme in
       ("inspection-type", "judgement", "polarity", "theme", "status")},
    "okg:": str(OKG),
    "id:": DEFAULT_BASE_IRI,
    **{f"{prefix}:": str(namespace) for prefix, namespace in PREFIXES.items() if prefix != "okg"},
}
"""Prefixes used to shorten IRIs in the human-readable formats (table, md)."""

Row = tuple[Node | None, ...]


class LazyRows(Sequence[Row]):
    """Rows kept in a store's own form and turned into rdflib terms on first use.

    Counting them costs nothing; the first look at a row converts them all, once.
    Compares equal to any sequence of the same rows (a tuple, or another LazyRows).
    """

    def __init__(self, raw: Sequence[Iterable[object]],
                 convert: Callable[[Iterable[object]], Row]) -> None:
        self._raw = raw
        self._convert = convert
        self._rows: tuple[Row, ...] | None = None

    def converted(self) -> tuple[Row, ...]:
        """Every row as a tuple of rdflib terms (converted on the first call)."""
        if self._rows is None:
            convert = self._convert
            self._rows = tuple(convert(row) for row in self._raw)
            self._raw = ()
        return self._rows

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._raw)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self.converted()[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.converted())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyRows):
            other = other.converted()
        return isinstance(other, tuple) and self.converted() == other

    def __hash__(self) -> int:
        return hash(self.converted())

    def __repr__(self) -> str:
        return repr(self.converted())


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: named columns and rows of rdflib terms (None when unbound)."""

    variables: tuple[str, ...]
    """Column names, without `?`, in the order of the query's projection."""
    rows: tuple[Row, ...] | LazyRows
    """One tuple per solution, aligned with `variables` (`LazyRows` from pyoxigraph)."""
    boolean: bool | None = None
    """The answer of an ASK query (then `variables` and `rows` are empty)."""

    def records(self) -> list[dict[str, Node | None]]:
        """Rows as dicts keyed by variable, handy for code that reads a few columns."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def triples_to_result(triples: Iterable[tuple[Node, Node, Node]]) -> QueryResult:
    """CONSTRUCT/DESCRIBE answers as subject/predicate/object rows, sorted for determinism."""
    rows = sorted(triples, key=lambda triple: tuple(term.n3() for term in triple))
    return QueryResult(("subject", "predicate", "object"), tuple(tuple(row) for row in rows))


def term_from_json(binding: Mapping[str, str]) -> Node:
    """An rdflib term from one SPARQL 1.1 results JSON binding."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if not datatype or datatype == XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def result_from_json(document: Mapping[str, object]) -> QueryResult:
    """A `QueryResult` from a parsed SPARQL 1.1 results JSON document (SELECT or ASK)."""
    if "boolean" in document:
        return QueryResult((), (), boolean=bool(document["boolean"]))
    variables = tuple(document["head"]["vars"])  # type: ignore[index]
    rows = tuple(
        tuple(term_from_json(b[name]) if name in b else None for name in variables)
        for b in document["results"]["bindings"]  # type: ignore[index]
    )
    return QueryResult(variables, rows)


def term_to_json(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    binding = {"type": "literal", "value": str(term)}
    if term.language:
        binding["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != XSD_STRING:
        binding["datatype"] = str(term.datatype)
    return binding


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        document: dict[str, object] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {name: term_to_json(term) for name, term in zip(result.variables, row, strict=True)
             if term is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def plain(term: Node | None) -> str:
    """The value alone, as SPARQL 1.1 CSV results write it."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def short(term: Node | None) -> str:
    """A readable value: IRIs shortened with the vocabulary's prefixes, text on one line."""
    if isinstance(term, URIRef):
        for prefix, namespace in SHORT_NAMES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return prefix + term[len(namespace):]
    return " ".join(plain(term).split())


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: a header, then plain values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result_columns(result))
    writer.writerows([plain(term) for term in row] for row in result_rows(result))
    return buffer.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: `?`-prefixed header, terms in their N-Triples form."""
    lines = ["\t".join(f"?{name}" for name in result_columns(result))]
    lines += ["\t".join("" if term is None else term.n3() for term in row)
              for row in result_rows(result)]
    return "\n".join(lines) + "\n"


def to_table(result: QueryResult) -> str:
    """Aligned columns for the terminal, long cells cut, with a row count."""
    header = list(result_columns(result))
    cells = [[cut(short(term)) for term in row] for row in result_rows(result)]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(header)]

    def line(values: list[str]) -> str:
        padded = (value.ljust(width) for value, width in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(header), line(["-" * width for width in widths])]
    lines += [line(row) for row in cells]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def to_markdown(result: QueryResult) -> str:
    """A GitHub-flavoured Markdown table, cells whole, pipes escaped."""
    header = list(result_columns(result))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(short(term).replace("|", "\\|") for term in row) + " |"
              for row in result_rows(result)]
    return "\n".join(lines) + "\n"


def cut(text: str) -> str:
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def result_columns(result: QueryResult) -> tuple[str, ...]:
    """The columns to write; an ASK answer is a one-column table."""
    return ("boolean",) if result.boolean is not None else result.variables


def result_rows(result: QueryResult) -> Sequence[Row]:
    if result.boolean is not None:
        return ((Literal(result.boolean),),)
    return result.rows


FORMATTERS: dict[str, Callable[[QueryResult], str]] = {
    "table": to_table,
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
    "md": to_markdown,
}
"""Output format name -> writer; the `--format` choices of `ofsted-kg query`."""


def format_result(result: QueryResult, format_name: str) -> str:
    """`result` written in one of `FORMATTERS`."""
    return FORMATTERS[format_name](result)
