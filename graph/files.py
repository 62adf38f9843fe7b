"""Reading graphs from files and writing outputs so that nothing is ever half-written."""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.util import guess_format

from graph.errors import InputError, RemoteError, UsageError
from graph.text import one_line


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    Missing parent folders are created, so `--out out/graph.ttl` works on a fresh clone.
    A folder that cannot be written is one `InputError` naming `path`, not the temp file.
    """
    with atomic_writer(path) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file beside it, renamed into
    place when the block ends and removed if it raises, so `path` is never half-written."""
    path = Path(path)
    make_parent(path)
    try:
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise not_writable(path, error) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            yield temp
        os.chmod(temp_name, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs are shared
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise not_writable(path, error) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{path}: cannot create folder {path.parent} ({error.strerror}); "
                         "choose a writable place") from None


def not_writable(path: Path, error: OSError) -> InputError:
    if path.is_dir():
        return InputError(f"{path}: is a folder; give a file name to write")
    return InputError(f"{path}: cannot be written ({error.strerror}); choose a writable place")


def check_writable(path: Path) -> None:
    """Fail before a long job, not after it, when `path` cannot be written (a read-only
    folder, a folder in its place). Raises `InputError`."""
    path = Path(path)
    make_parent(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as error:
        raise not_writable(path, error) from None


def current_umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


QUAD_FORMATS = {"trig", "nquads", "trix"}
"""Syntaxes with named graphs: their triples are read from every graph, not the default only."""

GRAPH_SUFFIXES = (".ttl", ".nt", ".nq", ".nquads", ".trig", ".jsonld", ".json-ld", ".rdf",
                  ".owl", ".n3", ".trix")
"""Graph files read from a folder given as data (`.json` and `.xml` are left out: too many
files that are not RDF use them; name such a file itself to read it)."""

OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nt11": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
    "json-ld": ox.RdfFormat.JSON_LD,
}
"""rdflib's format names (what `rdf_format` guesses) -> pyoxigraph's."""

OXIGRAPH_POSITION = re.compile(
    r"Parser error at line \d+ (?:between columns \d+ and \d+|column \d+)(?: \(.*?\))?: ")
REMOTE_TIMEOUT = 30.0
"""Seconds to wait for a remote JSON-LD context when `--allow-remote` lets it be fetched."""


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its extension (Turtle when unknown)."""
    return guess_format(str(path)) or "turtle"


def graph_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the graph files (`GRAPH_SUFFIXES`) in every folder named, each
    once (a file named and also in a folder named is read once).

    Raises `InputError` for a missing path or a folder without graph files.
    """
    files: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(Path(folder) / name for folder, _, names in os.walk(path)
                           for name in names if Path(name).suffix.lower() in GRAPH_SUFFIXES)
            if not found:
                raise InputError(f"{path}: folder holds no graph files "
                                 f"({', '.join(GRAPH_SUFFIXES[:6])}, ...)")
        elif path.is_file():
            found = [path]
        else:
            raise InputError(f"{path}: no such file")
        for file in found:
            files.setdefault(os.path.realpath(file), file)
    return list(files.values())


def check_not_input(inputs: Iterable[Path], out: Path, read_suffixes: Iterable[str],
                    what: str, advice: str, option: str = "--out") -> None:
    """Refuse an `--out` (or another `option`) that is one of the `inputs` (writing it
    would destroy the `what` being read), or that a later run over the same input folders
    would read as `what` (its suffix is in `read_suffixes`). `advice` ends the second
    message. Raises `UsageError` (exit 2)."""
    target = Path(os.path.realpath(out))
    suffixes = {suffix.lower() for suffix in read_suffixes}
    for path in inputs:
        real = Path(os.path.realpath(path))
        if real == target or (real.is_file() and target.is_file() and real.samefile(target)):
            raise UsageError(f"{option} {out} is one of the input files; writing it would destroy "
                             f"the {what}: choose another output path")
        if real.is_dir() and real in target.parents and target.suffix.lower() in suffixes:
            raise UsageError(f"{option} {out} is inside the input folder {path} and would be read "
                             f"as {what} {advice}")


def check_data_out(data: Iterable[Path], outs: Iterable[Path]) -> None:
    """`check_not_input` for commands that read graph files (`--data`) and write `--out`:
    an output must not overwrite a graph file, nor land where a folder of them is read."""
    data = list(data)
    for out in outs:
        check_not_input(data, out, GRAPH_SUFFIXES, "graph data",
                        "the next time the folder is read: choose another folder")


def remote_contexts(path: Path) -> list[str]:
    """The remote `@context` (and `@import`) URLs a JSON-LD file refers to."""
    try:
        document = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return []  # not JSON: the parser says so, with the position
    found, stack = [], [document]
    while stack:  # a loop, not recursion: a deeply nested file must not crash the check
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    references = value if isinstance(value, list) else [value]
                    found += [ref for ref in references
                              if isinstance(ref, str) and urlsplit(ref).scheme not in ("", "file")]
                stack.append(value)
    return found


def check_remote_contexts(path: Path, allow_remote: bool) -> None:
    """Refuse a JSON-LD file whose context would be fetched from the network, unless allowed."""
    if allow_remote or rdf_format(path) != "json-ld":
        return
    remote = remote_contexts(path)
    if remote:
        raise UsageError(f"{path}: its JSON-LD @context {remote[0]} is remote and is not "
                         "fetched; give --allow-remote to fetch it")


@contextmanager
def network_timeout(seconds: float) -> Iterator[None]:
    """rdflib fetches remote contexts with no timeout: give its sockets one meanwhile."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def syntax_error(path: Path, error: Exception, from_oxigraph: bool = False) -> InputError:
    """One line for a file that cannot be parsed, with the line and column when known.

    rdflib's messages often lack a usable position (or quote the whole file), so on a
    failure the file is parsed again with Oxigraph, whose errors give both.
    """
    message = one_line(error)
    oxigraph_format = OXIGRAPH_FORMATS.get(rdf_format(path))
    if not from_oxigraph and oxigraph_format is not None:
        try:
            for _ in ox.parse(path=str(path), format=oxigraph_format,
                              base_iri=path.resolve().as_uri()):
                pass
        except SyntaxError as oxigraph_error:
            error = oxigraph_error
        except (ValueError, OSError):
            pass
    if isinstance(error, SyntaxError) and error.lineno and error.msg:
        text = OXIGRAPH_POSITION.sub("", error.msg)
        text = re.sub(r" \([^()]*, line \d+\)$", "", text)
        message = f"line {error.lineno}, column {error.offset or 1}: {one_line(text)}"
    return InputError(f"{path}: cannot be parsed as RDF: {message}")


def load_graph(paths: Iterable[Path], into: Graph | None = None,
               allow_remote: bool = False) -> Graph:
    """Parse RDF files (any syntax rdflib knows, by extension; folders of them) into one graph.

    Raises `InputError` with the file and the parser's message (and position) for a missing,
    unreadable or empty file, so the CLI can print one line; `UsageError` for a JSON-LD
    context on the network unless `allow_remote`.
    """
    graph = into if into is not None else Graph()
    for path in graph_files(paths):
        check_remote_contexts(path, allow_remote)
        before = len(graph)
        try:
            with network_timeout(REMOTE_TIMEOUT) if allow_remote else nullcontext():
                if rdf_format(path) in QUAD_FORMATS:
                    dataset = Dataset()
                    dataset.parse(path, format=rdf_format(path))
                    for subject, predicate, obj, _ in dataset.quads():
                        graph.add((subject, predicate, obj))
                else:
                    graph.parse(path, format=rdf_format(path))
        except UnicodeDecodeError:
            raise InputError(f"{path}: not a UTF-8 RDF file") from None
        except OSError as error:
            if allow_remote and rdf_format(path) == "json-ld":
                raise RemoteError(f"{path}: its remote JSON-LD @context could not be fetched "
                                  f"({one_line(getattr(error, 'reason', error))})") from None
            raise syntax_error(path, error) from None
        except Exception as error:  # rdflib raises many parser-specific types
            raise syntax_error(path, error) from None
        if len(graph) == before:
            raise no_triples(path)
    return graph


def no_triples(path: Path) -> InputError:
    return InputError(f"{path}: holds no triples (empty, or only triples already read)")
