"""A read-only SPARQL endpoint on 127.0.0.1 over local graph files.

For exploring a graph with any SPARQL client (YASGUI, Protégé, `curl`, `ofsted-kg query
--endpoint`) without installing a triple store. pyoxigraph (already a dependency) answers
the queries; the standard library's threaded HTTP server speaks the query operation of
the SPARQL 1.1 Protocol: `GET ?query=`, `POST` as `application/sparql-query` or as a
form. Loopback only, so nothing is exposed.

No request can take it down or turn it outwards (see `Limits`): updates are refused
with 403, `SERVICE` unless allowed, and queries nested beyond what the parser survives
with 400. Each query runs in one of a few worker processes (`graph.workers`),
killed when it passes the time limit or its client leaves, or when it outgrows its
memory; a crash takes only the worker. A request that finds every worker busy for a
few seconds is answered 503 with Retry-After, and waiting connections queue in a real
listen backlog rather than being reset.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import BoundedSemaphore
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graph.errors import UsageError
from graph.guard import UPDATE_MESSAGE, check_text
from graph.store import OxigraphStore
from graph.text import one_line
from graph.workers import Busy, WorkerLost, WorkerPool

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MB = 1024 * 1024
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
MAX_REQUEST_BYTES = 8 * MB
"""The largest query accepted: far above any real query, far below a memory problem."""
MAX_CONNECTIONS = 128
"""Connections handled at once; more wait in the listen backlog."""
BACKLOG = 1024
"""Connections the kernel queues before accepting (the standard library's default is 5)."""
CLIENT_SILENCE = 10.0
"""Seconds a client may stay silent while sending its request (or reading the answer)."""


def default_workers() -> int:
    return max(2, os.cpu_count() or 2)


@dataclass(frozen=True)
class Limits:
    """What one query may take of the server."""

    timeout: float | None = 30.0
    """Seconds a query may run before its worker is killed (503); None for no limit."""
    max_result_bytes: int = 100 * MB
    """The largest serialised answer (400 beyond it: add LIMIT)."""
    memory_bytes: int | None = 2048 * MB
    """How much a worker may grow while answering (the shared store is not counted)."""
    workers: int = field(default_factory=default_workers)
    """Queries run at once."""
    queue_wait: float = 5.0
    """Seconds a request waits for a free worker before it is answered 503 busy."""
    allow_remote: bool = False
    """Whether `SERVICE` may make the server query other hosts."""


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


class BoundedOutput:
    """A byte buffer that stops the serialiser (OSError) once it passes `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.overflowed = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.overflowed = True
            raise OSError("result too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered beyond `parts`."""


def run_query(store: ox.Store, query: str, accept: str | None,
              max_bytes: int = Limits.max_result_bytes,
              allow_remote: bool = False) -> tuple[str, bytes]:
    """(content type, body) of a query's results; `UsageError` for a query the guard
    refuses (`graph.guard.check_text`), a malformed one, or an answer over `max_bytes`."""
    check_text(query, allow_remote)
    try:
        results = store.query(query)
    except SyntaxError as error:
        raise UsageError(f"Malformed query: {one_line(error, limit=None)}") from None
    output = BoundedOutput(max_bytes)
    if isinstance(results, ox.QueryTriples):
        media_type = negotiate(accept, GRAPH_FORMATS)
        results_format: ox.RdfFormat | ox.QueryResultsFormat = GRAPH_FORMATS[media_type]
    else:
        results_format = RESULTS_FORMATS[negotiate(accept, RESULTS_FORMATS)]
        media_type = results_format.media_type
    try:
        results.serialize(output, format=results_format)  # type: ignore[arg-type]
    except OSError:
        if not output.overflowed:
            raise
        raise UsageError(f"the answer is larger than {max_bytes / MB:g} MB; add a LIMIT, or "
                         "start serve with a larger --max-result-mb") from None
    return media_type, b"".join(output.parts)


def answer_job(store: OxigraphStore, job: tuple[str, str | None], max_bytes: int,
               allow_remote: bool) -> tuple[str, bytes]:
    """A worker's answer to `(query, Accept header)`: `run_query` on its share of `store`."""
    return run_query(store.store, *job, max_bytes=max_bytes, allow_remote=allow_remote)


def capitalised(message: str) -> str:
    return message[:1].upper() + message[1:]


class SparqlHandler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol query operation over `server.pool`; updates get 403."""

    server: SparqlServer
    timeout = CLIENT_SILENCE

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
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self.close_connection = True
            self.reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       f"Send a Content-Length of at most {MAX_REQUEST_BYTES} bytes")
            return
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
        limits = self.server.limits
        try:
            content_type, body = self.server.pool.run(
                (query, self.headers.get("Accept")), limits.queue_wait, limits.timeout,
                self.connection)
        except UsageError as error:
            if str(error) == UPDATE_MESSAGE:
                self.refuse_update()
            else:
                self.reply(HTTPStatus.BAD_REQUEST, capitalised(str(error)))
            return
        except Busy:
            self.reply(HTTPStatus.SERVICE_UNAVAILABLE,
                       f"Busy: all {limits.workers} query workers are taken; try again shortly",
                       headers={"Retry-After": "1"})
            return
        except WorkerLost as lost:
            if lost.reason == "timeout":
                self.reply(HTTPStatus.SERVICE_UNAVAILABLE,
                           f"The query did not finish within {limits.timeout:g} s and was "
                           "stopped; narrow it, or start serve with a larger --timeout")
            elif lost.reason == "crashed":
                self.reply(HTTPStatus.INTERNAL_SERVER_ERROR,
                           "The query engine stopped on this query (out of memory?); it was "
                           "restarted")
            return  # a client that left gets no answer
        self.reply(HTTPStatus.OK, body, content_type)

    def refuse_update(self) -> None:
        self.reply(HTTPStatus.FORBIDDEN, capitalised(UPDATE_MESSAGE))

    def reply(self, status: HTTPStatus, body: str | bytes,
              content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the library never prints; the CLI says where it listens."""


class SparqlServer(ThreadingHTTPServer):
    """A threaded HTTP server whose handlers hand queries to a pool of workers, each
    holding a copy-on-write share of `store` (or, when spawned, a copy)."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, store: OxigraphStore, port: int, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.connections = BoundedSemaphore(MAX_CONNECTIONS)
        # Started before any handler thread exists, so forked where the platform allows
        # (graph.workers.start_method); a failed bind closes it (server_close). Even the
        # guard's scan runs in a worker: a long query costs the server no time.
        self.pool = WorkerPool(self.limits.workers,
                               functools.partial(answer_job, store,
                                                 max_bytes=self.limits.max_result_bytes,
                                                 allow_remote=self.limits.allow_remote),
                               self.limits.memory_bytes)
        super().__init__((HOST, port), SparqlHandler)

    def process_request(self, request: object, client_address: object) -> None:
        """Start a handler thread once one of `MAX_CONNECTIONS` is free (the backlog
        holds the others)."""
        self.connections.acquire()
        try:
            super().process_request(request, client_address)  # type: ignore[arg-type]
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request: object, client_address: object) -> None:
        try:
            super().process_request_thread(request, client_address)  # type: ignore[misc]
        finally:
            self.connections.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that hangs up mid-answer is no error of the server's."""

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/query"


def make_server(store: OxigraphStore, port: int = DEFAULT_PORT, limits: Limits | None = None
                ) -> SparqlServer:
    """A server over a loaded store bound to 127.0.0.1:`port` (0 picks a free port); call
    `serve_forever()` to answer requests."""
    try:
        return SparqlServer(store, port, limits)
    except OSError as error:
        raise UsageError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None
