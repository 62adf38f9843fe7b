"""A read-only SPARQL endpoint on 127.0.0.1 over local graph files.

For exploring a graph with any SPARQL client (YASGUI, Protégé, `curl`, `ofsted-kg query
--endpoint`) without installing a triple store. pyoxigraph (already a dependency) answers
the queries; the standard library's threaded HTTP server speaks the query operation of
the SPARQL 1.1 Protocol: `GET ?query=`, `POST` as `application/sparql-query` or as a
form. It is read-only by construction: pyoxigraph's `Store.query` parses queries only,
and every update request is refused with 403. Loopback only, so nothing is exposed.
"""

from __future__ import annotations

from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import UsageError
from graph.export import sorted_ntriples
from graph.text import one_line

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
QUERY_PATHS = ("/query", "/sparql", "/")
RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
"""Media types for SELECT and ASK results; the first is the default."""
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""Media types for CONSTRUCT and DESCRIBE results; the first is the default."""


def load_store(data: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding `data` in its default graph."""
    store = ox.Store()
    store.load("".join(sorted_ntriples(data)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def negotiate(accept: str | None, offered: dict[str, object]) -> str:
    """The offered media type the Accept header prefers (the first offered by default)."""
    ranked = []
    for position, part in enumerate((accept or "").split(",")):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, position, media_type.lower()))
    for _, _, media_type in sorted(ranked):
        if media_type in offered:
            return media_type
        if media_type in ("*/*", "application/*", "text/*"):
            return next(iter(offered))
    return next(iter(offered))


def run_query(store: ox.Store, query: str, accept: str | None) -> tuple[str, bytes]:
    """(content type, body) of a query's results; `UsageError` for a malformed query."""
    try:
        results = store.query(query)
    except SyntaxError as error:
        raise UsageError(one_line(error, limit=None)) from None
    if isinstance(results, ox.QueryTriples):
        media_type = negotiate(accept, GRAPH_FORMATS)
        return media_type, results.serialize(format=GRAPH_FORMATS[media_type])
    media_type = negotiate(accept, RESULTS_FORMATS)
    results_format = RESULTS_FORMATS[media_type]
    return results_format.media_type, results.serialize(format=results_format)


class SparqlHandler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol query operation over `server.store`; updates get 403."""

    server: SparqlServer

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if "update" in params:
            self.refuse_update()
        elif url.path not in QUERY_PATHS:
            self.reply(HTTPStatus.NOT_FOUND, f"Not found; send queries to {QUERY_PATHS[0]}")
        elif "query" not in params:
            self.reply(HTTPStatus.OK, "ofsted-kg read-only SPARQL endpoint: "
                       "GET /query?query=... or POST a query to /query")
        else:
            self.answer(params["query"][0])

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = parse_qs(body) if content_type == "application/x-www-form-urlencoded" else {}
        if content_type == "application/sparql-update" or "update" in form \
                or url.path == "/update":
            self.refuse_update()
        elif url.path not in QUERY_PATHS:
            self.reply(HTTPStatus.NOT_FOUND, f"Not found; send queries to {QUERY_PATHS[0]}")
        elif content_type == "application/sparql-query":
            self.answer(body)
        elif "query" in form:
            self.answer(form["query"][0])
        else:
            self.reply(HTTPStatus.BAD_REQUEST, "Send the query as application/sparql-query "
                       "or as the query field of a form")

    def do_PUT(self) -> None:
        self.refuse_update()

    do_DELETE = do_PATCH = do_PUT

    def answer(self, query: str) -> None:
        try:
            content_type, body = run_query(self.server.store, query, self.headers.get("Accept"))
        except UsageError as error:
            self.reply(HTTPStatus.BAD_REQUEST, f"Malformed query: {error}")
            return
        self.reply(HTTPStatus.OK, body, content_type)

    def refuse_update(self) -> None:
        self.reply(HTTPStatus.FORBIDDEN, "This endpoint is read-only: updates are refused")

    def reply(self, status: HTTPStatus, body: str | bytes,
              content_type: str = "text/plain; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the library never prints; the CLI says where it listens."""


class SparqlServer(ThreadingHTTPServer):
    """A threaded HTTP server that holds the store its handlers query."""

    daemon_threads = True

    def __init__(self, store: ox.Store, port: int):
        self.store = store
        super().__init__((HOST, port), SparqlHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/query"


def make_server(data: Graph, port: int = DEFAULT_PORT) -> SparqlServer:
    """A server over `data` bound to 127.0.0.1:`port` (0 picks a free port); call
    `serve_forever()` to answer requests."""
    try:
        return SparqlServer(load_store(data), port)
    except OSError as error:
        raise UsageError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None
