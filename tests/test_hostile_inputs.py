"""Hostile and broken inputs, and faults part way through a write (issue 11, input side).

Every case gives one line naming the file and what is wrong, with the README's exit code,
and never a traceback, a hang or a lost document. Inputs are small and generated, so the
whole file runs in seconds.
"""

from __future__ import annotations

import http.server
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from graph import files
from graph.cli import app
from graph.errors import InputError
from graph.files import load_graph
from graph.ingest import html_text, input_files, read_document
from graph.viz.html import page_data
from graph.viz.network import build_network
from graph.vocab import OA, OKG, PROV

runner = CliRunner()

FINDING = "Ofsted found that the plans for children in care were not yet effective.\n"


def invoke(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def no_traceback(result) -> None:
    """The command ended through its own exit, not an uncaught exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def documents(out: Path) -> dict[str, URIRef]:
    graph = Graph().parse(out)
    return {str(graph.value(doc, DCTERMS.identifier)): doc
            for doc in graph.subjects(RDF.type, OKG.SourceDocument)}


# 1. Documents are named by their path; --out never overwrites or feeds the input.

def test_hostile_same_name_in_two_folders_stays_two_documents(tmp_path: Path) -> None:
    write(tmp_path / "in" / "2023" / "minutes.txt", "Trafford Council.\n" + FINDING)
    write(tmp_path / "in" / "2024" / "minutes.txt", "Halton Borough Council.\n" + FINDING)
    out = tmp_path / "g.ttl"
    result = invoke("build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    docs = documents(out)
    assert set(docs) == {"2023/minutes.txt", "2024/minutes.txt"}
    assert str(docs["2023/minutes.txt"]).endswith("/document/2023-minutes-txt")
    graph = Graph().parse(out)
    sources = sorted(str(graph.value(graph.value(finding, PROV.wasDerivedFrom), OA.hasSource))
                     for finding in graph.subjects(RDF.type, OKG.Finding))
    assert sources == sorted(str(doc) for doc in docs.values())  # one finding in each


def test_hostile_same_name_under_two_input_folders_is_qualified(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "minutes.txt", FINDING)
    second = write(tmp_path / "b" / "minutes.txt", FINDING.replace("care", "need"))
    files, warnings, skipped = input_files([tmp_path / "a", tmp_path / "b"])
    assert files == [(first, "a/minutes.txt"), (second, "b/minutes.txt")]
    assert warnings == [] and skipped == []


def test_hostile_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    minutes = write(tmp_path / "in" / "m.txt", FINDING)
    files = input_files([tmp_path / "in", minutes]).files
    assert files == [(minutes, "m.txt")]


def test_hostile_out_that_is_an_input_file_is_refused(tmp_path: Path) -> None:
    minutes = write(tmp_path / "m.txt", FINDING)
    result = invoke("build", minutes, "--out", minutes)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --out {minutes} is one of the input files; writing it "
                             "would destroy the minutes: choose another output path\n")
    assert minutes.read_text() == FINDING
    linked = tmp_path / "hard-link.ttl"
    os.link(minutes, linked)
    assert invoke("build", minutes, "--out", linked).exit_code == 2


def test_hostile_out_that_the_next_build_would_read_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "m.txt", FINDING)
    out = folder / "graph.TXT"
    result = invoke("build", folder, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --out {out} is inside the input folder {folder} and "
                             "would be read as minutes by the next build: choose a .ttl name "
                             "or another folder\n")
    assert not out.exists()
    assert invoke("build", folder, "--out", folder / "graph.ttl").exit_code == 0


DATA_COMMANDS = [
    ["export", "--data", "{data}", "--out", "{out}"],
    ["export", "--data", "{data}", "--out", "{elsewhere}/graph.jsonld", "--out", "{out}"],
    ["viz", "--data", "{data}", "--out", "{out}"],
    ["query", "--sparql", "ASK {{ ?s ?p ?o }}", "--data", "{data}", "--out", "{out}"],
]
"""Every command that reads `--data` graph files and writes `--out` (publish and serve
write no file)."""
DATA_COMMAND_IDS = ["export", "export-second-out", "viz", "query"]


def data_command(args: list[str], data: Path, out: Path, elsewhere: Path) -> list[str]:
    return [arg.format(data=data, out=out, elsewhere=elsewhere) for arg in args]


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=DATA_COMMAND_IDS)
def test_hostile_out_that_is_a_data_file_is_refused(args: list[str], tmp_path: Path,
                                                     handmade_path: Path) -> None:
    data = write(tmp_path / "graph.ttl", handmade_path.read_bytes())
    result = invoke(*data_command(args, data, data, tmp_path / "site"))
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: --out {data} is one of the input files; writing it "
                             "would destroy the graph data: choose another output path\n")
    assert data.read_bytes() == handmade_path.read_bytes()
    assert not (tmp_path / "site").exists()  # refused before anything is written
    linked = tmp_path / "hard-link.ttl"
    os.link(data, linked)
    assert invoke(*data_command(args, data, linked, tmp_path / "site")).exit_code == 2
    assert data.read_bytes() == handmade_path.read_bytes()


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=DATA_COMMAND_IDS)
def test_hostile_out_that_the_next_read_of_a_data_folder_would_take_is_refused(
        args: list[str], tmp_path: Path, handmade_path: Path) -> None:
    folder = tmp_path / "data"
    write(folder / "graph.ttl", handmade_path.read_bytes())
    out = folder / "more" / "graph.NT"
    result = invoke(*data_command(args, folder, out, tmp_path / "site"))
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: --out {out} is inside the input folder {folder} and "
                             "would be read as graph data the next time the folder is read: "
                             "choose another folder\n")
    assert not out.exists() and not (tmp_path / "site").exists()


def test_hostile_output_a_data_folder_would_not_read_is_written(tmp_path: Path,
                                                                handmade_path: Path) -> None:
    folder = tmp_path / "data"
    write(folder / "graph.ttl", handmade_path.read_bytes())
    result = invoke("viz", "--data", folder, "--out", folder / "graph.html")
    assert result.exit_code == 0, result.output
    assert (folder / "graph.html").exists()


# 2. Size limit and linear time.

def test_hostile_file_over_max_bytes_is_skipped_with_its_size(tmp_path: Path) -> None:
    big = write(tmp_path / "in" / "big.txt", FINDING * 30)
    write(tmp_path / "in" / "ok.txt", FINDING)
    result = invoke("build", tmp_path / "in", "--out", tmp_path / "g.ttl", "--max-bytes", "1k")
    assert result.exit_code == 0, result.output
    assert (f"Warning: skipped {big}: too large ({len(FINDING) * 30} bytes; the limit is 1000 "
            "bytes, raise it with --max-bytes)\n") in result.stderr
    assert "1 document(s)" in result.stdout


def test_hostile_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50_000_000)
    write(tmp_path / "ok.txt", FINDING)
    started = time.monotonic()
    result = invoke("build", big, tmp_path / "ok.txt", "--out", tmp_path / "g.ttl")
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.output
    assert (f"Warning: skipped {big}: too large (50.0 MB; the limit is 20.0 MB, raise it with "
            "--max-bytes)\n") in result.stderr


def test_hostile_bad_max_bytes_is_usage_error(tmp_path: Path) -> None:
    result = invoke("build", tmp_path, "--out", tmp_path / "g.ttl", "--max-bytes", "lots")
    assert result.exit_code == 2
    assert "'lots' is not a size (e.g. 20MB, 500k, 1000000)" in result.stderr


def test_hostile_flat_html_page_is_read_in_linear_time() -> None:
    """Beautiful Soup took 14 s for 1.5 MB of paragraphs (quadratic); this is ~4 MB."""
    page = "<html><body>" + "".join(
        f"<p>Item {n}: Ofsted found that plans were clear.</p>" for n in range(80_000))
    started = time.monotonic()
    text, _ = html_text(page + "</body></html>")
    assert time.monotonic() - started < 20
    assert text.count("Ofsted found") == 80_000


def test_hostile_deeply_nested_html_is_read() -> None:
    depth = 50_000
    text, _ = html_text("<div>" * depth + "Ofsted found that plans were clear." + "</div>" * depth)
    assert text.strip() == "Ofsted found that plans were clear."


def test_hostile_unclosed_html_constructs_are_read_in_time() -> None:
    started = time.monotonic()
    for page in ("<!--" + "x" * 500_000, "<a " * 100_000, "&" * 500_000, "</" * 100_000,
                 "<script>" + "x" * 500_000):
        html_text(page)
    assert time.monotonic() - started < 20


def test_hostile_html_keeps_title_url_and_hides_scripts() -> None:
    text, meta = html_text(
        '<title>Item &amp; notes</title><link rel="canonical" href="javascript:alert(1)">'
        '<meta property="og:url" content="https://example.gov.uk/m"><noscript>x</noscript>'
        "<div>Intro<p>Ofsted found</p></div><script>var a = '</p>';</script>")
    assert meta == {"title": "Item & notes", "source_url": "https://example.gov.uk/m"}
    assert text == "Item & notes\nIntro\nOfsted found\n"


def test_hostile_megabyte_line_without_newline_is_ingested(tmp_path: Path) -> None:
    line = ("word " * 600_000).encode()
    document = read_document(write(tmp_path / "line.txt", line))
    assert len(document.body) == 3_000_000 and "\n" not in document.body


# 3. One bad file or field never stops a build; --strict makes it a failure.

@pytest.mark.parametrize("value", ["2022-13-45", "not-a-date", "2022-02-30", "[2022, 1]"])
def test_hostile_bad_meeting_date_is_dropped_with_a_warning(tmp_path: Path, value: str) -> None:
    bad = write(tmp_path / "in" / "bad.txt", f"---\nmeeting_date: {value}\n---\n{FINDING}")
    write(tmp_path / "in" / "good.txt", f"---\nmeeting_date: 2022-05-23\n---\n{FINDING}")
    out = tmp_path / "g.ttl"
    result = invoke("build", tmp_path / "in", "--out", out)
    assert result.exit_code == 0, result.output
    problem = ("is a list, not text" if value.startswith("[")
               else f"'{value}' is not a date (YYYY-MM-DD)")
    assert result.stderr == f"Warning: {bad}: front matter meeting_date {problem}; field ignored\n"
    graph = Graph().parse(out)
    dates = {str(graph.value(doc, DCTERMS.date)) for doc in documents(out).values()}
    assert dates == {"2022-05-23", "None"}


def test_hostile_bad_field_with_strict_fails_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", f"---\nmeeting_date: 2022-13-45\n---\n{FINDING}")
    out = tmp_path / "g.ttl"
    result = invoke("build", tmp_path / "bad.txt", "--out", out, "--strict")
    assert result.exit_code == 3
    assert result.stderr.endswith(
        "Error: 1 field(s) dropped and --strict is set; nothing written\n")
    assert not out.exists()


@pytest.mark.parametrize("front_matter", [
    "meeting_date: !!timestamp 2022-13-45",
    "authority: !!python/object:os.system echo",
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nauthority: [*c, *c, *c, *c, *c, *c, *c, *c]",
    "authority: " + "[" * 5000 + "]" * 5000,
    "authority: Halton\n\tcommittee: x",
    "\x00\x01",
])
def test_hostile_malformed_front_matter_skips_one_file(tmp_path: Path, front_matter: str) -> None:
    bad = write(tmp_path / "in" / "bad.txt", f"---\n{front_matter}\n---\n{FINDING}")
    write(tmp_path / "in" / "good.txt", FINDING)
    result = invoke("build", tmp_path / "in", "--out", tmp_path / "g.ttl")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "1 document(s)" in result.stdout or "2 document(s)" in result.stdout
    assert all(line.startswith(("Warning: skipped " + str(bad), f"Warning: {bad}: "))
               for line in result.stderr.splitlines())


def test_hostile_random_bytes_never_crash_a_build(tmp_path: Path) -> None:
    generator = random.Random(11)
    folder = tmp_path / "fuzz"
    for n in range(50):
        size = generator.choice((1, 10, 100, 2000))
        write(folder / f"f{n:02}.txt", bytes(generator.randrange(256) for _ in range(size)))
    write(folder / "zz-good.txt", FINDING)
    result = invoke("build", folder, "--out", tmp_path / "g.ttl")
    no_traceback(result)
    assert result.exit_code in (0, 1), result.output
    assert all(line.startswith("Warning: ") for line in result.stderr.splitlines())


# 4. A JSON-LD file never makes a request unless --allow-remote.

class Counter(http.server.BaseHTTPRequestHandler):
    """Serves a JSON-LD context and records every request, to show none is made."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Counter.requests.append(self.path)
        body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def context_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Counter.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("command", [
    ["validate"], ["stats"], ["query", "trace", "--data"],
    ["query", "trace", "--store", "rdflib", "--data"], ["viz", "--out", "g.svg", "--data"],
    ["export", "--out", "site/g.ttl", "--data"],
])
def test_hostile_remote_jsonld_context_is_not_fetched(tmp_path: Path, context_server: str,
                                                      command: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = write(tmp_path / "g.jsonld", json.dumps(
        {"@context": context_server, "@id": "http://example.org/a", "name": "A"}))
    result = invoke(*command, data)
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: {data}: its JSON-LD @context {context_server} is remote "
                             "and is not fetched; give --allow-remote to fetch it\n")
    assert Counter.requests == []


def test_hostile_remote_jsonld_context_is_fetched_when_allowed(tmp_path: Path,
                                                               context_server: str) -> None:
    data = write(tmp_path / "g.jsonld", json.dumps(
        {"@context": [{"okg": str(OKG)}, context_server], "@id": "http://example.org/a",
         "name": "A"}))
    result = invoke("stats", data, "--allow-remote")
    assert result.exit_code == 0, result.output
    assert Counter.requests == ["/context.jsonld"]
    result = invoke("query", "--sparql", "SELECT ?name { ?s <http://schema.org/name> ?name }",
                    "--data", data, "--allow-remote", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["name", "A"]


def test_hostile_remote_context_that_never_answers_times_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Allowed, a remote context is waited for `REMOTE_TIMEOUT` seconds at most: a host that
    accepts the connection and never answers is one line, exit 4, not a hang."""
    monkeypatch.setattr(files, "REMOTE_TIMEOUT", 1.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/context.jsonld"
        data = write(tmp_path / "g.jsonld", json.dumps(
            {"@context": url, "@id": "http://example.org/a", "name": "A"}))
        started = time.monotonic()
        result = invoke("stats", data, "--allow-remote")
    assert time.monotonic() - started < 20
    assert result.exit_code == 4
    assert result.stderr == (f"Error: {data}: its remote JSON-LD @context could not be "
                             "fetched (timed out)\n")


def test_hostile_rdfxml_external_entities_are_not_resolved(tmp_path: Path,
                                                           context_server: str) -> None:
    secret = write(tmp_path / "secret.txt", "s3cret")
    data = write(tmp_path / "g.rdf", f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY web SYSTEM "{context_server}">
                    <!ENTITY local SYSTEM "{secret.as_uri()}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/a"><ex:p>x&web;&local;</ex:p></rdf:Description>
</rdf:RDF>""")
    graph = load_graph([data])
    assert "s3cret" not in {str(value) for value in graph.objects()}
    assert Counter.requests == []


# 5. Only http(s) sources become links.

def test_hostile_javascript_source_url_never_reaches_the_graph(tmp_path: Path) -> None:
    bad = write(tmp_path / "m.txt",
                f"---\nsource_url: \"javascript:alert('x')\"\n---\n{FINDING}")
    out = tmp_path / "g.ttl"
    result = invoke("build", bad, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"Warning: {bad}: front matter source_url "
                             "\"javascript:alert('x')\" is not an http(s) URL; field ignored\n")
    assert "javascript" not in out.read_text()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html;base64,PGI+",
                                 "file:///etc/passwd", "ftp://example.org/m"])
def test_hostile_non_http_source_in_a_graph_is_no_link_in_the_picture(
        handmade_graph: Graph, url: str) -> None:
    for document in handmade_graph.subjects(RDF.type, OKG.SourceDocument):
        handmade_graph.set((document, DCTERMS.source, URIRef(url)))
        handmade_graph.set((document, DCTERMS.identifier, Literal("a|b.txt")))
    nodes = page_data(build_network(handmade_graph))["nodes"]
    assert {node["url"] for node in nodes} == {""}
    assert "a|b.txt" in {node["document"] for node in nodes}


# 7. Errors a user can act on.

def test_hostile_port_out_of_range_is_one_line(handmade_path: Path) -> None:
    result = invoke("serve", "--data", handmade_path, "--port", "99999")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --port 99999 is not a port number: give one from 0 (any "
                             "free port) to 65535\n")


def test_hostile_unwritable_out_folder_is_one_line(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    minutes = write(tmp_path / "m.txt", FINDING)
    out = tmp_path / "locked" / "g.ttl"

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(out.parent / ".g.ttl.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    result = invoke("build", minutes, "--out", out)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {out}: cannot be written (Permission denied); choose a "
                             "writable place\n")


@pytest.mark.parametrize("command", ["build", "export"])
def test_hostile_out_folder_that_cannot_be_made_is_one_line(tmp_path: Path, handmade_path: Path,
                                                            command: str) -> None:
    """A file where `--out`'s folder should be: the folder cannot be made, even by root."""
    blocker = write(tmp_path / "site", "a file, not a folder")
    out = blocker / "graphs" / "g.ttl"
    source = write(tmp_path / "m.txt", FINDING) if command == "build" else handmade_path
    args = [source] if command == "build" else ["--data", source]
    result = invoke(command, *args, "--out", out)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {out}: cannot create folder {out.parent} (Not a "
                             "directory); choose a writable place\n")
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_hostile_read_only_out_folder_is_one_line(tmp_path: Path) -> None:
    minutes = write(tmp_path / "m.txt", FINDING)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = invoke("build", minutes, "--out", locked / "g.ttl")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {locked / 'g.ttl'}: cannot be written (Permission "
                             "denied); choose a writable place\n")


def test_hostile_out_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    minutes = write(tmp_path / "m.txt", FINDING)
    result = invoke("build", minutes, "--out", tmp_path)
    assert result.exit_code == 3
    assert result.stderr == f"Error: {tmp_path}: is a folder; give a file name to write\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_hostile_utf16_minutes_are_decoded(tmp_path: Path, encoding: str) -> None:
    minutes = write(tmp_path / "m.txt", ("---\nauthority: Halton\n---\n" + FINDING)
                    .encode(encoding))
    document = read_document(minutes)
    assert document.body == FINDING and document.authority == "Halton"
    assert document.encoding == "utf-16"
    result = invoke("build", minutes, "--out", tmp_path / "g.ttl")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: {minutes}: not valid UTF-8; decoded as utf-16\n"


def pdf(path: Path, text: str | None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matplotlib.rcParams["pdf.fonttype"] = 42
    figure = pyplot.figure()
    if text:
        figure.text(0.1, 0.5, text)
    else:  # a picture and no text, as a scanner makes
        figure.add_artist(matplotlib.patches.Rectangle((0.1, 0.1), 0.5, 0.5))
    figure.savefig(path)
    pyplot.close(figure)
    return path


def test_hostile_scanned_pdf_says_no_text_layer(tmp_path: Path) -> None:
    scan = pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(InputError) as error:
        read_document(scan)
    assert str(error.value) == (f"{scan}: PDF has no text layer (scanned?); run it through "
                                "OCR and give the text instead")


def test_hostile_truncated_pdf_is_skipped_quietly(tmp_path: Path) -> None:
    whole = pdf(tmp_path / "whole.pdf", "Ofsted found that plans were clear.").read_bytes()
    cut = write(tmp_path / "in" / "cut.pdf", whole[: len(whole) // 2])
    write(tmp_path / "in" / "ok.txt", FINDING)
    result = invoke("build", tmp_path / "in", "--out", tmp_path / "g.ttl")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Warning: skipped {cut}: not a readable PDF (")
    assert result.stderr.count("\n") == 1


def test_hostile_upper_case_suffixes_are_read(tmp_path: Path) -> None:
    write(tmp_path / "MINUTES.TXT", FINDING)
    write(tmp_path / "Page.HTM", f"<p>{FINDING}</p>")
    files = input_files([tmp_path]).files
    assert [identifier for _, identifier in files] == ["MINUTES.TXT", "Page.HTM"]


def test_hostile_symlink_loop_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "sub" / "m.txt", FINDING)
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    result = invoke("build", folder, "--out", tmp_path / "g.ttl")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: skipped {folder / 'self.txt'}: cannot be followed (Too many levels of "
        "symbolic links)\n"
        f"Warning: {folder / 'sub' / 'loop'}: symbolic link loop (leads back to {folder}); "
        "not followed\n")
    assert "1 document(s)" in result.stdout
    # A link that cannot be followed is input lost, as an unreadable file is: --strict
    # fails on it; the loop alone loses nothing (its folder is read) and passes.
    strict = invoke("build", folder, "--out", tmp_path / "strict.ttl", "--strict")
    assert strict.exit_code == 3
    assert strict.stderr.splitlines()[-1] == (
        "Error: 1 file(s) skipped and --strict is set; nothing written")
    assert not (tmp_path / "strict.ttl").exists()
    (folder / "self.txt").unlink()
    loop_only = invoke("build", folder, "--out", tmp_path / "strict.ttl", "--strict")
    assert "1 document(s)" in loop_only.stdout and "0 skipped" in loop_only.stdout
    assert "--strict is set" not in loop_only.output


def test_hostile_validate_takes_a_folder_of_graphs(tmp_path: Path, handmade_path: Path) -> None:
    write(tmp_path / "graphs" / "a.ttl", handmade_path.read_bytes())
    write(tmp_path / "graphs" / "notes.md", "not a graph")
    result = invoke("validate", tmp_path / "graphs")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and "Validation: " in result.stdout
    result = invoke("validate", tmp_path, tmp_path / "graphs" / "a.ttl")  # a.ttl read once
    assert result.exit_code == 0, result.output
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = invoke("validate", empty)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {empty}: folder holds no graph files (.ttl, .nt, .nq, "
                             ".nquads, .trig, .jsonld, ...)\n")


@pytest.mark.parametrize("content", ["", "  \n# only a comment\n", "@prefix a: <urn:a#> .\n"])
def test_hostile_empty_graph_file_is_an_error_not_conforms(tmp_path: Path, content: str) -> None:
    empty = write(tmp_path / "empty.ttl", content)
    for command in (["validate", empty], ["query", "trace", "--data", empty]):
        result = invoke(*command)
        assert result.exit_code == 3
        assert result.stderr == f"Error: {empty}: holds no triples (empty, or only triples " \
                                "already read)\n"


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_hostile_truncated_turtle_names_line_and_column(tmp_path: Path, handmade_path: Path,
                                                       store: str) -> None:
    cut = write(tmp_path / "cut.ttl", handmade_path.read_bytes()[:3000])
    line = cut.read_text().count("\n") + 1
    result = invoke("query", "trace", "--store", store, "--data", cut)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {cut}: cannot be parsed as RDF: line {line}, "
                                    "column ")
    assert result.stderr.count("\n") == 1
    assert invoke("validate", cut).stderr == result.stderr


# 8. Faults part way through a write leave the old output whole.

def test_hostile_interrupted_write_keeps_the_old_output(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    minutes = write(tmp_path / "m.txt", FINDING)
    out = write(tmp_path / "out" / "g.ttl", "# the previous graph\n")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = invoke("build", minutes, "--out", out)
    assert result.exit_code == 130  # Ctrl+C
    assert out.read_text() == "# the previous graph\n"
    # No temporary file is left beside it; the build cache (.ofsted-kg-cache) may be.
    assert sorted(path.name for path in out.parent.iterdir()
                  if path.name != ".ofsted-kg-cache") == ["g.ttl"]


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent`, from the process table in /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc")
def test_hostile_killed_build_leaves_no_workers_behind(tmp_path: Path,
                                                       examples_dir: Path) -> None:
    """`kill -9` of a build cannot stop its workers; they see it is gone and end, instead
    of waiting for work for ever."""
    minutes = tmp_path / "in"
    for n in range(20):
        for path in sorted(examples_dir.glob("*.txt")):
            write(minutes / f"{n:02d}-{path.name}", path.read_bytes())
    build = subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()",
                              "build", str(minutes), "--out", str(tmp_path / "g.ttl"),
                              "--jobs", "2", "--no-cache"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (workers := children(build.pid)) and build.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "the build never started its workers"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 15
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if running(pid)]


def test_hostile_killed_build_leaves_old_or_whole_output(tmp_path: Path,
                                                        examples_dir: Path) -> None:
    out = write(tmp_path / "g.ttl", "# the previous graph\n")
    command = [sys.executable, "-c", "from graph.cli import main; main()", "build",
               str(examples_dir), "--out", str(out)]
    for delay in (0.5, 1.5, 3.0):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        text = out.read_text()
        if text != "# the previous graph\n":
            assert len(Graph().parse(out)) > 0  # whole: it parses
    # A kill can leave a hidden temporary file behind, never a visible half-written one.
    assert [path.name for path in tmp_path.iterdir() if not path.name.startswith(".")] == [
        "g.ttl"]
