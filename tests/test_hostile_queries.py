"""Hostile queries and clients: `serve` and `query` stay up, bounded and inward-looking.

Each server here runs on 127.0.0.1 with small limits (a 2 s timeout, a 1 MB answer,
300 MB of worker memory) so that every hostile case ends within seconds.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph import workers
from graph.cli import app
from graph.serve import MB, Limits, SparqlServer, make_server
from graph.store import store_from_graph

runner = CliRunner()
ASK = "ASK { ?s ?p ?o }"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""201^4 solutions to count: minutes of work that only the time limit stops."""
NESTED_GROUPS = "SELECT * WHERE " + "{" * 50_000 + " ?s ?p ?o " + "}" * 50_000
NESTED_UNIONS = "SELECT * WHERE " + "{ { ?s ?p ?o } UNION " * 50_000 + "{ }" + " }" * 50_000
CHAINED_UNIONS = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }"
RDFLIB_TOO_DEEP = ("Error: query nested too deeply for the rdflib store; simplify it, or use "
                   "--store oxigraph")


@pytest.fixture
def serve(handmade_graph: Graph) -> Iterator[Callable[..., SparqlServer]]:
    """Start a server over the hand-made graph with the given `Limits` fields."""
    servers: list[SparqlServer] = []

    def start(**limits: object) -> SparqlServer:
        settings = {"timeout": 2.0, "max_result_bytes": MB, "memory_bytes": 300 * MB,
                    "workers": 2, "queue_wait": 5.0, **limits}
        server = make_server(store_from_graph(handmade_graph), port=0, limits=Limits(**settings))  # type: ignore[arg-type]
        servers.append(server)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def ask(url: str, query: str, timeout: float = 30) -> httpx.Response:
    return httpx.get(url, params={"query": query}, timeout=timeout)


def still_answers(server: SparqlServer) -> None:
    response = ask(server.url, ASK, timeout=5)
    assert response.status_code == 200
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(("query", "status", "message"), [
    (NESTED_GROUPS, 400, "Query nested too deeply (more than 100 levels of brackets)"),
    (NESTED_UNIONS, 400, "Query nested too deeply (more than 100 levels of brackets)"),
    (CHAINED_UNIONS, 400, "Query too long (more than 2000 groups, operators and patterns)"),
    ("PREFIX a: <a:> INSERT DATA { a:a a:b a:c }", 403, "Updates are not allowed (read-only)"),
    ("CLEAR ALL", 403, "Updates are not allowed (read-only)"),
    ("CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }", 400,
     "The answer is larger than 1 MB; add a LIMIT"),
    ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i", 500,
     "The query engine stopped on this query (out of memory?)"),
    (CROSS_PRODUCT, 503, "The query did not finish within 2 s and was stopped"),
])
def test_hostile_query_is_refused_and_serve_goes_on(query: str, status: int, message: str,
                                                    serve: Callable[..., SparqlServer]) -> None:
    server = serve()
    started = time.monotonic()
    response = httpx.post(server.url, content=query, timeout=30,
                          headers={"Content-Type": "application/sparql-query"})
    assert time.monotonic() - started < 10
    assert response.status_code == status
    assert response.text.startswith(message)
    still_answers(server)


def test_service_is_refused_and_never_calls_out(serve: Callable[..., SparqlServer]) -> None:
    server = serve()
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.settimeout(0.5)
        query = (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{target.getsockname()[1]}/q> "
                 "{ ?s ?p ?o } }")
        response = ask(server.url, query)
        assert response.status_code == 400
        assert response.text == ("SERVICE calls to other endpoints are refused; give "
                                 "--allow-remote to allow them")
        with pytest.raises(TimeoutError):
            target.accept()


def test_service_in_a_string_or_iri_is_no_call(serve: Callable[..., SparqlServer]) -> None:
    server = serve()
    response = ask(server.url, 'SELECT * WHERE { ?s ?p "SERVICE" . ?s <a:SERVICE> ?o } # SERVICE')
    assert response.status_code == 200


def test_hostile_query_does_not_stop_answers_to_others(
        serve: Callable[..., SparqlServer]) -> None:
    server = serve(timeout=4.0)
    hostile: list[httpx.Response] = []
    attacker = threading.Thread(target=lambda: hostile.append(ask(server.url, CROSS_PRODUCT)))
    attacker.start()
    time.sleep(0.3)
    started = time.monotonic()
    for _ in range(5):
        still_answers(server)
    assert time.monotonic() - started < 3
    attacker.join(20)
    assert hostile[0].status_code == 503


def test_client_that_leaves_has_its_query_stopped(serve: Callable[..., SparqlServer]) -> None:
    server = serve(workers=1, timeout=30.0, queue_wait=20.0)
    client = socket.create_connection(server.server_address)
    client.sendall(f"GET /query?{urlencode({'query': CROSS_PRODUCT})} HTTP/1.0\r\n\r\n".encode())
    time.sleep(0.5)
    client.close()
    started = time.monotonic()
    still_answers(server)  # the only worker is free again long before the 30 s timeout
    assert time.monotonic() - started < 5


def send_one(port: int, query: str) -> str:
    """The status of one answer, or what went wrong at the socket."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/query?" + urlencode({"query": query}))
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except ConnectionResetError:
        return "reset"
    except OSError as error:
        return type(error).__name__
    finally:
        connection.close()


def two_hundred_at_once(port: int, query: str) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    barrier = threading.Barrier(200)

    def client() -> None:
        barrier.wait()
        outcomes[send_one(port, query)] += 1

    threads = [threading.Thread(target=client) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(40)
    return outcomes


def test_two_hundred_concurrent_clients_are_answered_not_reset(
        serve: Callable[..., SparqlServer]) -> None:
    server = serve()
    outcomes = two_hundred_at_once(server.server_address[1], ASK)
    assert sum(outcomes.values()) == 200
    assert set(outcomes) <= {"200", "503"}, outcomes
    assert outcomes["200"] > 0


def test_every_worker_busy_means_503_with_retry_after(
        serve: Callable[..., SparqlServer]) -> None:
    server = serve(workers=1, queue_wait=0.2, timeout=2.0)
    attacker = threading.Thread(target=ask, args=(server.url, CROSS_PRODUCT))
    attacker.start()
    time.sleep(0.3)
    response = ask(server.url, ASK)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.text == "Busy: all 1 query workers are taken; try again shortly"
    attacker.join(20)
    still_answers(server)


def test_oversized_request_is_413(serve: Callable[..., SparqlServer]) -> None:
    server = serve()
    response = httpx.post(server.url, content=b"#" * (9 * MB),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    still_answers(server)


@pytest.mark.parametrize(("args", "message"), [
    (["--sparql", "INSERT DATA { <a:a> <a:b> <a:c> }"],
     "Error: updates are not allowed (read-only): run a SELECT, ASK, CONSTRUCT or DESCRIBE "
     "query"),
    (["--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
     "Error: SERVICE calls to other endpoints are refused; give --allow-remote to allow them"),
    (["--sparql", NESTED_UNIONS],
     "Error: query nested too deeply (more than 100 levels of brackets); simplify it"),
    (["--sparql", CROSS_PRODUCT, "--timeout", "1"],
     "Error: the query did not finish within 1 s; narrow it or raise --timeout"),
    (["--sparql", CROSS_PRODUCT, "--timeout", "1", "--store", "rdflib"],
     "Error: the query did not finish within 1 s; narrow it or raise --timeout"),
    # Under the guard's 100 levels, but past what rdflib's recursive parser survives:
    (["--sparql", "SELECT * WHERE " + "{" * 60 + " ?s ?p ?o " + "}" * 60, "--store", "rdflib"],
     RDFLIB_TOO_DEEP),
    (["--sparql", "SELECT * WHERE " + "{ { ?s ?p ?o } UNION " * 45 + "{ }" + " }" * 45,
      "--store", "rdflib", "--timeout", "20"], RDFLIB_TOO_DEEP),
])
def test_local_query_refusals_are_one_line_exit_2(args: list[str], message: str,
                                                  handmade_path: Path) -> None:
    result = runner.invoke(app, ["query", "--data", str(handmade_path), *args])
    assert result.exit_code == 2
    assert result.output.strip() == message


def test_allow_remote_lets_service_through_to_the_engine(handmade_path: Path) -> None:
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()
        port = target.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}"
        result = runner.invoke(app, ["query", "--data", str(handmade_path), "--sparql", query,
                                     "--allow-remote", "--timeout", "2"])
        target.settimeout(0)
        called = target.accept()[0]  # the engine did call: the target never answers
        called.close()
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: the query did not finish within 2 s; narrow it "
                                     "or raise --timeout")


def test_serve_port_out_of_range_is_a_usage_error(handmade_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--data", str(handmade_path), "--port", "99999"])
    assert result.exit_code == 2
    assert result.output == ("Error: --port 99999 is not a port number: give one from 0 (any "
                             "free port) to 65535\n")


def test_remote_query_gives_up_after_its_timeout(serve: Callable[..., SparqlServer]) -> None:
    server = serve(workers=1, timeout=30.0, queue_wait=20.0)
    started = time.monotonic()
    result = runner.invoke(app, ["query", "--endpoint", server.url, "--sparql", CROSS_PRODUCT,
                                 "--timeout", "1"])
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: the query did not finish within 1 s; narrow it "
                                     "or raise --timeout")
    still_answers(server)  # the only worker was freed when the client left, not after 30 s
    assert time.monotonic() - started < 5


# Workers start where fork is unavailable or unsafe (macOS, a threaded process).

@pytest.fixture
def spawn_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every worker as macOS and Windows would: a fresh interpreter, no fork."""
    monkeypatch.setattr(workers, "start_method", lambda: "spawn")


def worker_methods(server: SparqlServer) -> list[str]:
    return [worker.method for worker in list(server.pool.idle.queue)]


def test_serve_with_spawned_workers_answers_stops_and_recovers(
        spawn_only: None, serve: Callable[..., SparqlServer]) -> None:
    server = serve(workers=1, timeout=2.0)
    assert worker_methods(server) == ["spawn"]
    still_answers(server)
    started = time.monotonic()
    response = ask(server.url, CROSS_PRODUCT)
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response.text.startswith("The query did not finish within 2 s and was stopped")
    assert worker_methods(server) == ["spawn"]  # a fresh worker, with its own copy
    still_answers(server)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_local_query_timeout_with_a_spawned_worker(spawn_only: None, store: str,
                                                   handmade_path: Path) -> None:
    base = ["query", "--data", str(handmade_path), "--store", store, "--timeout"]
    result = runner.invoke(app, [*base, "1", "--sparql", CROSS_PRODUCT])
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: the query did not finish within 1 s; narrow it "
                                     "or raise --timeout")
    result = runner.invoke(app, [*base, "30", "--sparql", "SELECT (COUNT(*) AS ?n) "
                                 "WHERE { ?s ?p ?o }", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "201"]


def test_workers_fork_only_in_a_single_threaded_process() -> None:
    alone = subprocess.run([sys.executable, "-c", "from graph.workers import start_method; "
                            "print(start_method())"], capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == ("fork" if sys.platform == "linux" else "spawn")
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert workers.start_method() == "spawn"
    finally:
        release.set()
        other.join()


def test_serve_replaces_a_worker_from_a_handler_thread_by_spawning(
        serve: Callable[..., SparqlServer]) -> None:
    """Issue 11: no fork from a threaded process (a DeprecationWarning on Python 3.12+)."""
    server = serve(workers=1, timeout=1.0)
    assert ask(server.url, CROSS_PRODUCT).status_code == 503
    assert worker_methods(server) == ["spawn"]
    still_answers(server)
