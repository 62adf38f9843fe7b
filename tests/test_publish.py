"""Publish: one named graph per document into a live Oxigraph server, idempotent, never half
a graph, clear one-line errors, and the same query rows remotely as locally."""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from rdflib import RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import RemoteError
from graph.export import FORMATS, export
from graph.publish import publish, query_endpoint_for
from graph.vocab import VOID

runner = CliRunner()
ONTOLOGY = "https://w3id.org/ofsted-kg/def"
DATASET = "https://w3id.org/ofsted-kg/id/dataset"
TRAFFORD = "https://w3id.org/ofsted-kg/id/document/trafford-2021-06"
HALTON = "https://w3id.org/ofsted-kg/id/document/halton-2022-01"


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def counts_per_graph(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = httpx.post(f"{url}/query", content=query,
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return {row["g"]["value"]: int(row["n"]["value"])
            for row in response.json()["results"]["bindings"]}


def stored_graph(url: str, name: str) -> Graph:
    response = httpx.get(f"{url}/store", params={"graph": name},
                         headers={"Accept": "application/n-triples"})
    response.raise_for_status()
    return Graph().parse(data=response.text, format="nt")


def test_publish_puts_one_graph_per_document(oxigraph_server: str,
                                             handmade_graph: Graph) -> None:
    published = publish(handmade_graph, f"{oxigraph_server}/store")
    counts = counts_per_graph(oxigraph_server)
    assert set(counts) == {ONTOLOGY, DATASET, TRAFFORD, HALTON}
    assert counts == {str(graph.name): graph.triples for graph in published}
    assert counts[TRAFFORD] + counts[HALTON] == len(handmade_graph)
    assert [str(graph.name) for graph in published][-1] == DATASET


def test_publish_store_holds_every_triple_of_the_trig_export(
        oxigraph_server: str, handmade_graph: Graph, tmp_path: Path) -> None:
    publish(handmade_graph, f"{oxigraph_server}/store")
    export(handmade_graph, [(tmp_path / "g.trig", FORMATS["trig"])])
    exported = Dataset()
    exported.parse(tmp_path / "g.trig", format="trig")
    for name in (ONTOLOGY, TRAFFORD, HALTON):
        assert isomorphic(stored_graph(oxigraph_server, name), exported.graph(URIRef(name)))
    description = stored_graph(oxigraph_server, DATASET)
    assert description.value(URIRef(DATASET), VOID.triples).toPython() == len(handmade_graph)
    assert description.value(URIRef(DATASET), VOID.sparqlEndpoint) == \
        URIRef(f"{oxigraph_server}/query?union-default-graph")


def test_publish_twice_leaves_the_store_as_once(oxigraph_server: str,
                                                handmade_graph: Graph) -> None:
    publish(handmade_graph, f"{oxigraph_server}/store")
    once = counts_per_graph(oxigraph_server)
    trafford_once = stored_graph(oxigraph_server, TRAFFORD)
    publish(handmade_graph, f"{oxigraph_server}/store")
    assert counts_per_graph(oxigraph_server) == once
    assert isomorphic(stored_graph(oxigraph_server, TRAFFORD), trafford_once)


def test_publish_replaces_a_changed_document_and_keeps_the_others(
        oxigraph_server: str, handmade_graph: Graph) -> None:
    publish(handmade_graph, f"{oxigraph_server}/store")
    before = counts_per_graph(oxigraph_server)
    trafford = stored_graph(oxigraph_server, TRAFFORD)
    changed = Graph()
    changed += handmade_graph
    halton = URIRef("https://w3id.org/ofsted-kg/id/authority/E06000006")
    changed.set((halton, RDFS.label, Literal("Halton Borough Council")))
    publish(changed, f"{oxigraph_server}/store")
    labels = set(stored_graph(oxigraph_server, HALTON).objects(halton, RDFS.label))
    assert labels == {Literal("Halton Borough Council")}
    assert counts_per_graph(oxigraph_server) == before
    assert isomorphic(stored_graph(oxigraph_server, TRAFFORD), trafford)


def test_publish_cli_reports_each_graph(oxigraph_server: str, handmade_path: Path) -> None:
    result = runner.invoke(app, ["publish", "--data", str(handmade_path),
                                 "--store", f"{oxigraph_server}/store"])
    assert result.exit_code == 0, result.output
    counts = counts_per_graph(oxigraph_server)
    assert f"Replaced <{TRAFFORD}> ({counts[TRAFFORD]} triples)" in result.output
    assert result.output.strip().endswith(
        f"Published 4 graphs, {sum(counts.values())} triples, to {oxigraph_server}/store")


def test_publish_unreachable_store_exits_4_in_one_line(handmade_path: Path) -> None:
    store = f"http://127.0.0.1:{unused_port()}/store"
    result = runner.invoke(app, ["publish", "--data", str(handmade_path), "--store", store])
    assert result.exit_code == 4
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: cannot reach graph store {store}: ")
    assert lines[0].endswith("; nothing was changed")


def test_publish_wrong_path_says_what_to_give(oxigraph_server: str, handmade_path: Path) -> None:
    store = f"{oxigraph_server}/graphs"
    result = runner.invoke(app, ["publish", "--data", str(handmade_path), "--store", store])
    assert result.exit_code == 4
    assert result.output.strip() == (
        f"Error: no Graph Store endpoint at {store} (HTTP 404); give the store's Graph Store "
        "Protocol URL, e.g. http://localhost:7878/store; nothing was changed")


@pytest.mark.parametrize(("args", "message"), [
    (["--store", "localhost:7878/store"],
     "Error: 'localhost:7878/store' is not an http(s) URL of a graph store"),
    (["--store", "http://127.0.0.1:1/store", "--auth", "admin"],
     "Error: --auth must be user:password"),
])
def test_publish_bad_options_exit_2(args: list[str], message: str, handmade_path: Path) -> None:
    result = runner.invoke(app, ["publish", "--data", str(handmade_path), *args])
    assert result.exit_code == 2
    assert result.output.strip() == message


class StubStore(ThreadingHTTPServer):
    """A real HTTP server standing in for a store: forwards the first `allow` PUTs to
    `upstream` (or accepts them), then answers every PUT with `status`."""

    def __init__(self, status: int, allow: int = 0, body: str = "",
                 upstream: str | None = None):
        self.status, self.allow, self.body, self.upstream = status, allow, body, upstream
        self.authorizations: list[str | None] = []
        super().__init__(("127.0.0.1", 0), StubHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/store"


class StubHandler(BaseHTTPRequestHandler):
    server: StubStore

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.authorizations.append(self.headers.get("Authorization"))
        status, text = self.server.status, self.server.body
        if self.server.allow > 0:
            self.server.allow -= 1
            status, text = 204, ""
            if self.server.upstream:
                query = self.path.partition("?")[2]
                forwarded = httpx.put(f"{self.server.upstream}?{query}", content=body,
                                      headers={"Content-Type": self.headers["Content-Type"]})
                status = forwarded.status_code
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def stub_store() -> Iterator[list[StubStore]]:
    servers: list[StubStore] = []
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def start(servers: list[StubStore], server: StubStore) -> StubStore:
    servers.append(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize(("status", "body", "auth", "message"), [
    (401, "", None, "the graph store {url} needs credentials (HTTP 401); use --auth user:pass"),
    (401, "", "ann:wrong", "the graph store {url} rejected the credentials (HTTP 401)"),
    (403, "", "ann:secret", "the graph store {url} refused to write (HTTP 403 Forbidden)"),
    (500, "disk\nfull", None, "the graph store {url} failed (HTTP 500): disk full"),
])
def test_publish_refusals_are_one_clear_line(status: int, body: str, auth: str | None,
                                             message: str, stub_store: list[StubStore],
                                             handmade_path: Path) -> None:
    server = start(stub_store, StubStore(status, body=body))
    args = ["publish", "--data", str(handmade_path), "--store", server.url]
    result = runner.invoke(app, args + (["--auth", auth] if auth else []))
    assert result.exit_code == 4
    expected = message.format(url=server.url) + "; nothing was changed"
    assert result.output.strip() == f"Error: {expected}"


def test_publish_sends_basic_auth(stub_store: list[StubStore], handmade_graph: Graph) -> None:
    server = start(stub_store, StubStore(500, allow=10))
    publish(handmade_graph, server.url, auth=("ann", "s3cret:x"))
    expected = "Basic " + base64.b64encode(b"ann:s3cret:x").decode()
    assert server.authorizations == [expected] * 4


def test_publish_failing_part_way_leaves_each_graph_old_or_new(
        oxigraph_server: str, handmade_graph: Graph, stub_store: list[StubStore]) -> None:
    publish(handmade_graph, f"{oxigraph_server}/store")
    old = {name: stored_graph(oxigraph_server, name) for name in counts_per_graph(oxigraph_server)}

    changed = Graph()
    changed += handmade_graph
    for authority in ("E06000006", "E08000009"):
        changed.set((URIRef(f"https://w3id.org/ofsted-kg/id/authority/{authority}"),
                     RDFS.label, Literal(f"Renamed {authority}")))
    server = start(stub_store, StubStore(503, allow=1, upstream=f"{oxigraph_server}/store"))
    with pytest.raises(RemoteError) as raised:
        publish(changed, server.url)
    assert str(raised.value).endswith(
        "; 1 of 4 graphs were replaced, the others are unchanged: publish again to finish")

    now = {name: stored_graph(oxigraph_server, name) for name in old}
    assert not isomorphic(now[HALTON], old[HALTON])  # sent first: new
    assert Literal("Renamed E06000006") in set(now[HALTON].objects())
    for name in (TRAFFORD, ONTOLOGY, DATASET):  # never sent: old
        assert isomorphic(now[name], old[name]), name

    publish(changed, f"{oxigraph_server}/store")
    assert Literal("Renamed E08000009") in set(stored_graph(oxigraph_server, TRAFFORD).objects())


def test_publish_knows_where_each_store_answers_queries() -> None:
    assert query_endpoint_for("http://localhost:7878/store") == \
        "http://localhost:7878/query?union-default-graph"
    assert query_endpoint_for("http://localhost:3030/ds/data") == "http://localhost:3030/ds/sparql"
    assert query_endpoint_for(
        "http://localhost:7200/repositories/ofsted/rdf-graphs/service") == \
        "http://localhost:7200/repositories/ofsted"
    assert query_endpoint_for("http://example.org/gsp") is None


CARE_LEAVERS = "care leavers did not always know their entitlements"


@pytest.mark.parametrize(("data", "command", "expected"), [
    ("handmade_path", ["query", "trace"], CARE_LEAVERS),
    ("handmade_path", ["trace"], CARE_LEAVERS),
    ("shared_inspection_path", ["query", "trace"], "trafford-2021-09.txt"),
    ("shared_inspection_path", ["trace"], "trafford-2021-09.txt"),
    ("shared_inspection_path", ["query", "metrics"], "trafford-2021-09.txt"),
    ("shared_inspection_path", ["query", "findings-without-response"], "trafford-2021-09.txt"),
])
def test_publish_then_query_remote_equals_local(data: str, command: list[str], expected: str,
                                                oxigraph_server: str,
                                                request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(data)
    published = runner.invoke(app, ["publish", "--data", str(path),
                                    "--store", f"{oxigraph_server}/store"])
    assert published.exit_code == 0, published.output
    local = runner.invoke(app, [*command, "--data", str(path)])
    remote = runner.invoke(app, [*command, "--endpoint",
                                 f"{oxigraph_server}/query?union-default-graph"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert expected in local.output
    assert remote.output == local.output


@pytest.fixture
def shared_inspection_path(handmade_path: Path, tmp_path: Path) -> Path:
    """The hand-made graph plus a second Trafford document about the same inspection."""
    text = handmade_path.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    graph.parse(data=text.replace("trafford-2021-06", "trafford-2021-09"), format="turtle")
    path = tmp_path / "shared.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_publish_puts_each_shared_triple_in_one_graph(oxigraph_server: str,
                                                      shared_inspection_path: Path) -> None:
    graph = Graph().parse(shared_inspection_path)
    published = publish(graph, f"{oxigraph_server}/store")
    assert str(published[0].name) == f"{DATASET}/shared"
    query = ("SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT *) AS ?triples) "
             "WHERE { GRAPH ?g { ?s ?p ?o } }")
    response = httpx.post(f"{oxigraph_server}/query", content=query,
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
    counts = response.json()["results"]["bindings"][0]
    assert counts["quads"]["value"] == counts["triples"]["value"]
    trafford = URIRef("https://w3id.org/ofsted-kg/id/authority/E08000009")
    shared = stored_graph(oxigraph_server, f"{DATASET}/shared")
    assert (trafford, RDFS.label, Literal("Trafford")) in shared


def test_trig_export_loaded_as_is_gives_the_local_trace(oxigraph_server: str,
                                                        shared_inspection_path: Path,
                                                        tmp_path: Path) -> None:
    """A TriG export repeats the shared inspection per document; loaded straight into a
    store (or given to --data), the named queries still give the rows of the graph."""
    trig = tmp_path / "graph.trig"
    export(Graph().parse(shared_inspection_path), [(trig, FORMATS["trig"])])
    httpx.post(f"{oxigraph_server}/store", content=trig.read_bytes(),
               headers={"Content-Type": "application/trig"}).raise_for_status()
    local = runner.invoke(app, ["query", "trace", "--data", str(shared_inspection_path)])
    from_trig = runner.invoke(app, ["query", "trace", "--data", str(trig)])
    remote = runner.invoke(app, ["query", "trace", "--endpoint",
                                 f"{oxigraph_server}/query?union-default-graph"])
    assert from_trig.output == local.output
    assert remote.output == local.output
