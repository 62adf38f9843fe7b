"""Reading graphs from files and writing outputs so that nothing is ever half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from graph.errors import InputError
from graph.text import one_line


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    Missing parent folders are created, so `--out out/graph.ttl` works on a fresh clone.
    """
    with atomic_writer(path) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file beside it, renamed into
    place when the block ends and removed if it raises, so `path` is never half-written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{path}: cannot create folder {path.parent} ({error.strerror})") from None
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            yield temp
        os.chmod(temp_name, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs are shared
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


QUAD_FORMATS = {"trig", "nquads", "trix"}
"""Syntaxes with named graphs: their triples are read from every graph, not the default only."""


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its extension (Turtle when unknown)."""
    return guess_format(str(path)) or "turtle"


def load_graph(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    """Parse RDF files (any syntax rdflib knows, by extension) into one graph.

    Raises `InputError` with the file and the parser's message for a missing or
    unreadable file, so the CLI can print one line.
    """
    graph = into if into is not None else Graph()
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            if rdf_format(path) in QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(path, format=rdf_format(path))
                for subject, predicate, obj, _ in dataset.quads():
                    graph.add((subject, predicate, obj))
            else:
                graph.parse(path, format=rdf_format(path))
        except UnicodeDecodeError:
            raise InputError(f"{path}: not a UTF-8 RDF file") from None
        except Exception as error:  # rdflib raises many parser-specific types
            raise InputError(f"{path}: cannot be parsed as RDF: {one_line(error)}") from None
    return graph
