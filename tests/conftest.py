"""Shared fixtures: the hand-made graph, paths to the data folders, a live Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples" / "minutes"
SHARED = ROOT.parent / "shared"
DEV_SET = SHARED / "eval" / "dev"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture
def handmade_path() -> Path:
    """A graph written by hand in the vocabulary (not by our extractor)."""
    return FIXTURES / "handmade.ttl"


@pytest.fixture
def handmade_graph(handmade_path: Path) -> Graph:
    return Graph().parse(handmade_path)


@pytest.fixture
def examples_dir() -> Path:
    """The bundled example minutes (examples/minutes)."""
    return EXAMPLES


@pytest.fixture
def dev_set() -> Path:
    """The shared dev set with gold annotations; tests using it skip when it is absent."""
    if not DEV_SET.is_dir():
        pytest.skip("../shared/eval/dev is not here")
    return DEV_SET


@pytest.fixture
def scorer() -> Path:
    """The project's scorer; tests using it skip when it is absent."""
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score.py is not here")
    return SCORER


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real, empty Oxigraph server on loopback; yields its base URL.

    Graph Store Protocol at `<url>/store`, queries at `<url>/query`, updates at `<url>/update`.
    """
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("oxigraph server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
