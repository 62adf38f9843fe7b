"""Serve: a read-only SPARQL 1.1 Protocol endpoint on loopback over local files."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph.cli import app
from graph.query import run_remote
from graph.serve import SparqlServer, make_server, negotiate
from graph.store import open_store, store_from_graph

runner = CliRunner()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FINDINGS = ("PREFIX okg: <https://w3id.org/ofsted-kg/def#> "
            "SELECT ?f WHERE { ?f a okg:Finding } ORDER BY ?f")


@pytest.fixture
def server(handmade_graph: Graph) -> Iterator[SparqlServer]:
    server = make_server(store_from_graph(handmade_graph), port=0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_serve_listens_on_loopback_only(server: SparqlServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_serve_answers_select_by_get_and_post(server: SparqlServer,
                                              handmade_graph: Graph) -> None:
    by_get = httpx.get(server.url, params={"query": COUNT})
    by_post = httpx.post(server.url, content=COUNT,
                         headers={"Content-Type": "application/sparql-query"})
    by_form = httpx.post(server.url, data={"query": COUNT})
    for response in (by_get, by_post, by_form):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
        count = response.json()["results"]["bindings"][0]["n"]["value"]
        assert int(count) == len(handmade_graph)


def test_serve_gives_csv_tsv_and_xml_by_accept(server: SparqlServer) -> None:
    csv = httpx.get(server.url, params={"query": FINDINGS}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "f"
    assert len(csv.text.splitlines()) == 5
    tsv = httpx.get(server.url, params={"query": FINDINGS},
                    headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[1] == "<https://w3id.org/ofsted-kg/id/finding/halton-2022-01/f1>"
    xml = httpx.get(server.url, params={"query": "ASK { ?s ?p ?o }"},
                    headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text


def test_serve_construct_returns_rdf(server: SparqlServer, handmade_graph: Graph) -> None:
    response = httpx.get(server.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                         headers={"Accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=response.text, format="nt"), handmade_graph)


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "content": "DROP ALL",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "data": {"update": "DROP ALL"}},
    {"method": "GET", "params": {"update": "DROP ALL"}},
    {"method": "PUT", "content": "<a:a> <a:b> <a:c> .",
     "headers": {"Content-Type": "application/n-triples"}},
    {"method": "DELETE"},
    {"method": "POST", "content": "PREFIX a: <a:> INSERT DATA { a:a a:b a:c }",
     "headers": {"Content-Type": "application/sparql-query"}},
    {"method": "GET", "params": {"query": "DROP ALL"}},
])
def test_serve_refuses_updates(request_kwargs: dict, server: SparqlServer,
                               handmade_graph: Graph) -> None:
    response = httpx.request(url=server.url, **request_kwargs)
    assert response.status_code == 403
    assert response.text == ("Updates are not allowed (read-only): run a SELECT, ASK, "
                             "CONSTRUCT or DESCRIBE query")
    count = httpx.get(server.url, params={"query": COUNT}).json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == len(handmade_graph)


def test_serve_malformed_query_is_400(server: SparqlServer) -> None:
    response = httpx.get(server.url, params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert response.text.startswith("Malformed query: error at 1:")


def test_serve_answers_the_query_library_like_a_local_store(server: SparqlServer,
                                                            handmade_path: Path) -> None:
    remote = run_remote(server.url, FINDINGS)
    local = open_store([handmade_path]).query(FINDINGS)
    assert remote.rows == local.rows
    assert len(remote.rows) == 4


def test_serve_negotiates_by_quality() -> None:
    offered = {"text/turtle": 1, "application/n-triples": 2}
    assert negotiate("application/n-triples;q=0.5, text/turtle", offered) == "text/turtle"
    assert negotiate("application/n-triples, */*;q=0.1", offered) == "application/n-triples"
    assert negotiate(None, offered) == "text/turtle"
    assert negotiate("image/png", offered) == "text/turtle"


def test_serve_cli_port_in_use_exits_2(handmade_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--data", str(handmade_path), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: cannot listen on 127.0.0.1:{port}: " \
        "Address already in use"


def test_serve_cli_missing_file_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--data", str(tmp_path / "none.ttl")])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {tmp_path / 'none.ttl'}: no such file"


def test_serve_command_answers_until_stopped(handmade_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "ofsted-kg"), "serve", "--data",
               str(handmade_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        assert response.json()["boolean"] is True
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert out.startswith(f"Serving 201 triples read-only at {url}")
