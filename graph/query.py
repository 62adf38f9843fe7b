"""The library of named SPARQL queries, safe parameters, and running a query anywhere.

A named query is a `queries/<name>.rq` file whose opening comment says what it is:

    # title: Findings nobody answered
    # description: Each finding with no response, ...
    # param authority: authority name (any case) or GSS code; default every authority
    # param since (date) = 2020-01-01: only inspections on or after this date

`--param name=value` binds the variable `?param_<name>`. Values never touch the query
text as typed: each becomes an rdflib term (a literal, a date, a concept IRI) whose
escaped N-Triples form goes into one VALUES block at the start of the outermost WHERE
group, unset parameters as UNDEF. The same text runs on every local store and on any
remote SPARQL 1.1 endpoint, so local and remote rows agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx
from rdflib import Graph, Literal
from rdflib.term import Node

from graph.errors import InputError, RemoteError, UsageError
from graph.formats import QueryResult, result_from_json, triples_to_result
from graph.guard import tokens
from graph.rdf import date_literal
from graph.resources import data_dir
from graph.store import LocalStore, check_query
from graph.text import one_line
from graph.vocab import SCHEMES, concept
from graph.workers import WorkerLost, run_with_deadline

PARAMETER_TYPES = ("text", "date", *SCHEMES)
"""`text` binds a plain literal, `date` an ISO 8601 date, a scheme name that scheme's concept."""

PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
HEADER_FIELD = re.compile(r"#\s*(title|description):\s*(.*)")
HEADER_PARAM = re.compile(
    rf"#\s*param\s+(?P<name>{PARAMETER_NAME.pattern})"
    r"(?:\s*\((?P<type>[a-z-]+)\))?(?:\s*=\s*(?P<default>[^:]*?))?\s*:\s*(?P<description>.*)"
)
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
QUERY_FILE_SUFFIX = ".rq"
REMOTE_TIMEOUT = 60.0


@dataclass(frozen=True)
class QueryParameter:
    """One parameter a named query accepts."""

    name: str
    """`--param <name>=...`; binds `?param_<name>` in the query."""
    type: str = "text"
    """One of `PARAMETER_TYPES`: how the value is turned into an RDF term."""
    default: str | None = None
    """The value used when the parameter is not given; None leaves it unbound."""
    description: str = ""

    @property
    def variable(self) -> str:
        return f"param_{self.name}"


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a query file or inline text) with what its header says."""

    name: str
    title: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str
    path: Path | None = None
    """The `.rq` file it was read from; None for an inline `--sparql` query."""


def parse_query_text(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read the comment header of a query: title, description and parameters.

    Only the comment lines before the first line of SPARQL count; a query without a
    header is still a query (its name is its title).
    """
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if field := HEADER_FIELD.fullmatch(stripped):
            fields.setdefault(field.group(1), field.group(2).strip())
        elif param := HEADER_PARAM.fullmatch(stripped):
            parameter_type = param.group("type") or "text"
            if parameter_type not in PARAMETER_TYPES:
                raise UsageError(f"{path or name}: parameter {param.group('name')} has unknown "
                                 f"type {parameter_type!r}; use one of: "
                                 f"{', '.join(PARAMETER_TYPES)}")
            default = param.group("default")
            parameters.append(QueryParameter(
                name=param.group("name"),
                type=parameter_type,
                default=default.strip() if default is not None else None,
                description=param.group("description").strip(),
            ))
    return NamedQuery(name=name, title=fields.get("title", name),
                      description=fields.get("description", ""),
                      parameters=tuple(parameters), text=text, path=path)


def read_query_file(path: Path) -> NamedQuery:
    """A query from a `.rq` file, with one-line errors for missing or unreadable files."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file") from None
    if "\x00" in text:
        raise InputError(f"{path}: a binary file, not a SPARQL query")
    return parse_query_text(path.stem, text, path)


def load_library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every `.rq` file of the queries folder, by name (the file's stem), sorted by name."""
    folder = folder if folder is not None else data_dir("queries")
    return {path.stem: read_query_file(path)
            for path in sorted(folder.glob(f"*{QUERY_FILE_SUFFIX}"))}


def resolve_query(name_or_file: str, library: Mapping[str, NamedQuery] | None = None) -> NamedQuery:
    """A library query by name, or a query file by path (anything ending `.rq` or existing)."""
    library = library if library is not None else load_library()
    if name_or_file in library:
        return library[name_or_file]
    path = Path(name_or_file)
    if name_or_file.endswith(QUERY_FILE_SUFFIX) or path.exists():
        return read_query_file(path)
    raise UsageError(f"no query named {name_or_file!r}; the library has: {', '.join(library)} "
                     f"(or give a .rq file)")


def inline_query(text: str) -> NamedQuery:
    """A query given on the command line (`--sparql`)."""
    return parse_query_text("inline", text)


def parse_param_options(options: list[str]) -> dict[str, str]:
    """`["authority=Trafford", ...]` -> `{"authority": "Trafford"}`; the value may hold `=`."""
    values = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip()
        if not sep or not PARAMETER_NAME.fullmatch(name):
            raise UsageError(f"--param {option!r} is not NAME=VALUE with a NAME of letters, "
                             f"digits and _")
        values[name] = value
    return values


def parameter_term(parameter: QueryParameter, value: str) -> Node:
    """The RDF term a parameter value stands for.

    Concept notations are percent-encoded into the IRI, so a value that is no notation
    gives an IRI that matches nothing (no rows) rather than a broken query.
    """
    if parameter.type == "date":
        if not ISO_DATE.fullmatch(value) or not valid_date(value):
            raise UsageError(f"--param {parameter.name}={value!r} is not a date like 2021-01-31, "
                             f"2021-01 or 2021")
        return date_literal(value)
    if parameter.type in SCHEMES:
        return concept(parameter.type, quote(value, safe=""))
    return Literal(value)


def valid_date(value: str) -> bool:
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return False
    return True


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node | None]:
    """Variable name -> term for every parameter of `query` (None when unset).

    A query without declared parameters (a file or `--sparql`) takes any name and
    binds it as a plain literal, as long as the query mentions `?param_<name>`.
    """
    declared = {parameter.name: parameter for parameter in query.parameters}
    bindings: dict[str, Node | None] = {}
    for name in values:
        if name not in declared and (query.parameters or not mentions(query.text, name)):
            accepted = ", ".join(declared) or f"none (write ?param_{name} in the query to use one)"
            raise UsageError(f"query {query.name!r} has no parameter {name!r}; it accepts: "
                             f"{accepted}")
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        bindings[parameter.variable] = None if value is None else parameter_term(parameter, value)
    for name, value in values.items():
        if name not in declared:
            bindings[f"param_{name}"] = Literal(value)
    return bindings


def mentions(text: str, name: str) -> bool:
    return re.search(rf"[?$]param_{re.escape(name)}\b", text) is not None


def values_block(bindings: Mapping[str, Node | None]) -> str:
    """`VALUES (?a ?b) { ("x" UNDEF) }` from terms serialised by rdflib (escaped)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join("UNDEF" if term is None else term.n3() for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def where_brace(text: str) -> int:
    """The offset of the `{` opening the outermost WHERE group (or the first group).

    Reads SPARQL tokens, so braces and the word WHERE in comments, strings and IRIs
    mean nothing.
    """
    first_brace = -1
    after_where = False
    for token in tokens(text):
        if token.text == "{":
            if after_where:
                return token.start
            if first_brace < 0:
                first_brace = token.start
        after_where = token.kind == "word" and token.text == "WHERE"
    if first_brace < 0:
        raise UsageError("malformed query: no { ... } group to bind parameters in")
    return first_brace


def with_bindings(text: str, bindings: Mapping[str, Node | None]) -> str:
    """The query text with its parameters bound; unchanged when there are none."""
    if not bindings:
        return text
    brace = where_brace(text)
    return f"{text[:brace + 1]}\n  {values_block(bindings)}{text[brace + 1:]}"


def prepare(query: NamedQuery, values: Mapping[str, str] | None = None,
            allow_remote: bool = False) -> str:
    """The complete text to run: checked (UsageError if malformed, an update, too deeply
    nested, or calling SERVICE without `allow_remote`), parameters bound.

    The check runs on the text as written so that error positions point into it.
    """
    check_query(query.text, allow_remote)
    return with_bindings(query.text, bind_parameters(query, values or {}))


def run_query(query: NamedQuery, values: Mapping[str, str] | None = None, *,
              store: LocalStore | None = None, endpoint: str | None = None,
              timeout: float | None = None, allow_remote: bool = False) -> QueryResult:
    """Run a query with its parameters on a remote endpoint when given, else on `store`.

    With `timeout` (seconds) a local query runs in a worker process that is killed when
    time is up, and a remote one waits no longer for the endpoint.
    """
    text = prepare(query, values, allow_remote)
    if endpoint:
        return run_remote(endpoint, text, timeout=timeout, allow_remote=allow_remote)
    if store is None:
        raise UsageError("nothing to query: give --data FILE or --endpoint URL")
    if timeout is None:
        return store.query(text)
    try:
        return run_with_deadline(functools.partial(query_materialized, store, text), timeout)
    except WorkerLost as lost:
        if lost.reason == "timeout":
            raise UsageError(timed_out(timeout)) from None
        raise UsageError("the query engine crashed on this query (out of memory?)") from None


def timed_out(timeout: float) -> str:
    return f"the query did not finish within {timeout:g} s; narrow it or raise --timeout"


def query_materialized(store: LocalStore, text: str) -> QueryResult:
    """`store.query(text)` with every row converted, so that it can be sent between
    processes."""
    result = store.query(text)
    return QueryResult(result.variables, tuple(result.rows), result.boolean)


def run_remote(endpoint: str, query_text: str,
               bindings: Mapping[str, Node | None] | None = None, *,
               timeout: float | None = None, allow_remote: bool = False) -> QueryResult:
    """Run a query on a SPARQL 1.1 endpoint (the Protocol's POST of `application/sparql-query`).

    `bindings` (variable name -> term, None for unbound) are added as a VALUES block,
    the same way named-query parameters are. Raises `RemoteError` (exit 4) when the
    endpoint cannot be reached or answers with an error, `UsageError` for a malformed
    query, one that does not finish within `timeout` seconds, or one calling SERVICE
    without `allow_remote`.
    """
    text = with_bindings(query_text, bindings or {})
    form = check_query(text, allow_remote)
    accept = "application/n-triples" if form == "construct" else "application/sparql-results+json"
    try:
        response = httpx.post(
            endpoint, content=text.encode("utf-8"), timeout=timeout or REMOTE_TIMEOUT,
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )
    except httpx.TimeoutException:
        if timeout is None:
            raise RemoteError(f"SPARQL endpoint {endpoint} did not answer within "
                              f"{REMOTE_TIMEOUT:g} s") from None
        raise UsageError(timed_out(timeout)) from None
    except httpx.HTTPError as error:
        raise RemoteError(f"cannot reach SPARQL endpoint {endpoint}: "
                          f"{one_line(error) or type(error).__name__}") from None
    if response.status_code >= 400:
        raise RemoteError(f"SPARQL endpoint {endpoint} answered {response.status_code}: "
                          f"{one_line(response.text, 200)}")
    try:
        if form == "construct":
            return triples_result(response.text)
        return result_from_json(response.json())
    except (ValueError, KeyError, TypeError) as error:
        raise RemoteError(f"SPARQL endpoint {endpoint} sent an answer that is not SPARQL "
                          f"results: {one_line(error, 200)}") from None


def triples_result(ntriples: str) -> QueryResult:
    """CONSTRUCT/DESCRIBE triples as a three-column result, the shape local stores give."""
    return triples_to_result(Graph().parse(data=ntriples, format="nt"))
