"""Named queries on a real Oxigraph server give the same rows as on the local stores."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import RemoteError, UsageError
from graph.query import load_library, prepare, run_query, run_remote
from graph.store import store_from_graph

LIBRARY = load_library()
OURS = ("trace", "findings-without-response", "inspection-timeline", "responses-by-theme",
        "metrics", "recommendations", "search")
PARAMS = {
    "trace": {"authority": "trafford"},
    "findings-without-response": {"theme": "care-leavers"},
    "inspection-timeline": {"since": "2021-06"},
    "responses-by-theme": {"theme": "workforce"},
    "metrics": {"measure": "REFERRAL"},
    "recommendations": {"status": "done"},
    "search": {"words": "social work"},
}


@pytest.fixture
def endpoint(oxigraph_server: str, handmade_graph: Graph) -> str:
    """The server's query endpoint, its default graph holding the hand-made graph."""
    response = httpx.put(f"{oxigraph_server}/store?default",
                         content=handmade_graph.serialize(format="nt", encoding="utf-8"),
                         headers={"Content-Type": "application/n-triples"})
    response.raise_for_status()
    return f"{oxigraph_server}/query"


def test_query_remote_rows_equal_local_rows(endpoint: str, handmade_graph: Graph) -> None:
    store = store_from_graph(handmade_graph)  # rdflib agrees: test_store_engines_give_the_same_rows
    for name in OURS:
        for values in ({}, PARAMS[name]):
            remote = run_query(LIBRARY[name], values, endpoint=endpoint)
            assert remote.rows, (name, values)
            assert run_query(LIBRARY[name], values, store=store) == remote, (name, values)


def test_query_remote_every_library_query_matches_oxigraph(endpoint: str,
                                                           handmade_graph: Graph) -> None:
    store = store_from_graph(handmade_graph)
    for name, query in LIBRARY.items():
        assert run_query(query, endpoint=endpoint) == run_query(query, store=store), name


def test_query_remote_binds_values_safely(endpoint: str) -> None:
    text = prepare(LIBRARY["trace"])
    hostile = Literal('x" } ; DROP ALL ; {"')
    assert run_remote(endpoint, text, {"param_authority": hostile}).rows == ()
    halton = run_remote(endpoint, "SELECT ?a WHERE { ?a ?p ?name }",
                        {"name": Literal("Halton")})
    assert [str(row[0]) for row in halton.rows] == [
        "https://w3id.org/ofsted-kg/id/authority/E06000006"]
    assert run_remote(endpoint, "ASK { ?s ?p ?o }").boolean is True


def test_query_remote_malformed_query_never_leaves(endpoint: str) -> None:
    with pytest.raises(UsageError, match=r"^malformed query: .* at line 1, column 10$"):
        run_remote(endpoint, "SELEC ?x WHERE { ?x ?p ?o }")


def test_query_remote_error_status_is_a_remote_error(oxigraph_server: str) -> None:
    with pytest.raises(RemoteError, match=rf"^SPARQL endpoint {oxigraph_server}/nowhere "
                                          r"answered 404"):
        run_remote(f"{oxigraph_server}/nowhere", "ASK {}")


def test_query_remote_trace_cli_equals_local(endpoint: str, handmade_path: Path) -> None:
    runner = CliRunner()
    remote = runner.invoke(app, ["trace", "--endpoint", endpoint])
    local = runner.invoke(app, ["trace", "--data", str(handmade_path)])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert "✗ no response recorded" in remote.stdout
