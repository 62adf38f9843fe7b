"""`ofsted-kg query`, `queries` and `trace` in process: formats, errors and exit codes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()


def invoke(*args: str | Path):
    return runner.invoke(app, [str(arg) for arg in args])


def test_query_cli_lists_the_library() -> None:
    result = invoke("queries")
    assert result.exit_code == 0, result.output
    assert "trace: Trace every finding to the actions that answer it\n" in result.stdout
    assert ("    --param authority=<text>: authority name or GSS code (any case); "
            "default every authority\n") in result.stdout
    assert "search: Search the quotes\n" in result.stdout


def test_query_cli_json_is_sparql_results_json(handmade_path: Path) -> None:
    result = invoke("query", "trace", "--data", handmade_path, "--param", "authority=Halton",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:3] == ["authority", "authorityLabel", "inspection"]
    bindings = document["results"]["bindings"]
    assert [b["response"]["value"].rsplit("/", 1)[1] for b in bindings] == ["a1", "a2"]
    assert bindings[0]["authorityLabel"] == {"type": "literal", "value": "Halton"}
    assert bindings[0]["inspectionDate"] == {
        "type": "literal", "value": "2021-10-13",
        "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert "recommendation" not in bindings[0]


def test_query_cli_csv_tsv_md_and_table(handmade_path: Path) -> None:
    base = ["query", "search", "-d", handmade_path, "-p", "words=market supplement"]
    csv_out = invoke(*base, "-f", "csv").stdout  # the runner turns CRLF into LF
    assert csv_out == (
        "item,class,quote,source,start\n"
        "https://w3id.org/ofsted-kg/id/response/halton-2022-01/a1,"
        "https://w3id.org/ofsted-kg/def#Response,a market supplement for social workers,"
        "halton-2022-01.txt,200\n")
    tsv_out = invoke(*base, "-f", "tsv").stdout
    assert tsv_out.splitlines()[0] == "?item\t?class\t?quote\t?source\t?start"
    assert tsv_out.splitlines()[1].split("\t")[2] == '"a market supplement for social workers"'
    assert invoke(*base, "-f", "md").stdout == (
        "| item | class | quote | source | start |\n"
        "|---|---|---|---|---|\n"
        "| id:response/halton-2022-01/a1 | okg:Response | a market supplement for social workers "
        "| halton-2022-01.txt | 200 |\n")
    table = invoke(*base).stdout.splitlines()
    assert table[0].split() == ["item", "class", "quote", "source", "start"]
    assert table[2].startswith("id:response/halton-2022-01/a1  okg:Response  a market")
    assert table[-1] == "(1 row)"


def test_query_cli_same_output_on_both_stores(handmade_path: Path) -> None:
    outputs = {invoke("query", "trace", "-d", handmade_path, "--store", store, "-f", "json").stdout
               for store in ("oxigraph", "rdflib")}
    assert len(outputs) == 1


def test_query_cli_inline_sparql_and_ask(handmade_path: Path) -> None:
    count = invoke("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                   "-d", handmade_path, "-f", "csv")
    assert count.exit_code == 0, count.output
    assert count.stdout == "n\n201\n"
    ask = invoke("query", "--sparql", "ASK { ?s ?p ?o }", "-d", handmade_path, "-f", "json")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}


def test_query_cli_runs_a_query_file_and_writes_out(tmp_path: Path, handmade_path: Path) -> None:
    query_file = tmp_path / "labels.rq"
    query_file.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                          "SELECT ?label WHERE { ?a rdfs:label ?label } ORDER BY ?label\n")
    out = tmp_path / "labels.csv"
    result = invoke("query", query_file, "-d", handmade_path, "-f", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_bytes() == b"label\r\nHalton\r\nTrafford\r\n"  # CSV lines end CRLF


@pytest.mark.parametrize(("args", "message"), [
    (["--sparql", "SELEC ?x WHERE { ?x ?p ?o }"],
     "Error: malformed query: expected CONSTRUCT at line 1, column 10\n"),
    (["--sparql", "SELECT ?x WHERE {\n  ?x ?p }"],
     "Error: malformed query: expected one of LATERAL, SERVICE, [_] at line 2, column 10\n"),
])
def test_query_cli_malformed_query_is_one_line_exit_2(handmade_path: Path, args: list[str],
                                                      message: str) -> None:
    result = invoke("query", *args, "-d", handmade_path)
    assert result.exit_code == 2
    assert result.stderr == message


def test_query_cli_malformed_query_file_exit_2(tmp_path: Path, handmade_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Broken\nSELECT ?x WHERE { ?x ?p ?o \n")
    result = invoke("query", bad, "-d", handmade_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: malformed query: ")
    assert result.stderr.endswith(" at line 3, column 1\n")


def test_query_cli_unknown_query_lists_names(handmade_path: Path) -> None:
    result = invoke("query", "tracer", "-d", handmade_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no query named 'tracer'; the library has: ")
    assert "inspection-timeline" in result.stderr and "search" in result.stderr


@pytest.mark.parametrize(("args", "code", "message"), [
    (["trace"], 2, "Error: nothing to query: give --data FILE or --endpoint URL\n"),
    (["trace", "-d", "graph.ttl", "-e", "http://localhost:1/query"], 2,
     "Error: give --data files or --endpoint, not both\n"),
    ([], 2, "Error: which query? give a name (see `ofsted-kg queries`), a .rq file or --sparql\n"),
    (["trace", "-d", "missing.ttl"], 3, "Error: missing.ttl: no such file\n"),
    (["trace", "-d", "x.ttl", "-p", "since=soon"], 2,
     "Error: --param since='soon' is not a date like 2021-01-31, 2021-01 or 2021\n"),
])
def test_query_cli_usage_and_input_errors(tmp_path: Path, args: list[str], code: int,
                                          message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    result = invoke("query", *args)
    assert result.exit_code == code
    assert result.stderr == message


def test_query_cli_binary_and_broken_data_files(tmp_path: Path) -> None:
    binary = tmp_path / "graph.ttl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    result = invoke("query", "trace", "-d", binary)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {binary}: ")
    assert result.stderr.count("\n") == 1
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    result = invoke("query", "trace", "-d", broken, "--store", "rdflib")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {broken}: cannot be parsed as RDF: ")


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_query_cli_unreachable_endpoint_exit_4() -> None:
    endpoint = f"http://127.0.0.1:{unused_port()}/query"
    result = invoke("query", "trace", "--endpoint", endpoint)
    assert result.exit_code == 4
    assert result.stderr.startswith(f"Error: cannot reach SPARQL endpoint {endpoint}: ")
    assert result.stderr.count("\n") == 1


def test_query_cli_trace_view(handmade_path: Path) -> None:
    result = invoke("trace", "--data", handmade_path, "--theme", "care-leavers")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "   └─ ✗ no response recorded",
        "",
        "1 inspection(s), 1 finding(s), 0 answered, 0 strength(s) needing none, 1 with no "
        "response recorded.",
    ]


@pytest.mark.parametrize("command", ["query", "queries", "trace"])
def test_query_cli_help_ends_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"ofsted-kg {command}" in result.stdout.split("Example:")[1]


def test_query_cli_does_not_load_scikit_learn(handmade_path: Path) -> None:
    """Commands that read a graph never load the extractor's libraries (about a second of
    start-up): scikit-learn and skops are imported only where a model is made or loaded."""
    code = ("import sys\n"
            "from graph.cli import main\n"
            "sys.argv = ['ofsted-kg', 'query', 'trace', '--data', sys.argv[1], '-f', 'json']\n"
            "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
            "loaded = sorted({name.split('.')[0] for name in sys.modules} & {'sklearn', 'skops'})\n"
            "print('loaded:', loaded, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code, str(handmade_path)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["results"]["bindings"]
    assert "loaded: []" in result.stderr
