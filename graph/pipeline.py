"""The build: files -> documents -> extractions -> one graph written atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pyoxigraph import RdfFormat
from rdflib import Graph

from graph.errors import InputError
from graph.export import oxigraph_bytes
from graph.extract import ExtractorModel, extract
from graph.files import atomic_write_bytes
from graph.ingest import iter_input_files, read_document
from graph.model import BuildReport, Extraction
from graph.rdf import to_graph
from graph.vocab import DEFAULT_BASE_IRI


def extract_all(
    paths: Iterable[Path],
    report: BuildReport,
    on_file: Callable[[Path], None] | None = None,
    model: ExtractorModel | None = None,
) -> list[Extraction]:
    """Read and extract every minutes file; files that cannot be read go to `report.skipped`."""
    files = list(iter_input_files(paths))
    extractions = []
    for path in files:
        if on_file:
            on_file(path)
        try:
            document = read_document(path)
        except InputError as error:
            report.skipped.append((path, str(error)))
            continue
        if document.encoding != "utf-8":
            report.warnings.append(f"{path}: not valid UTF-8; decoded as {document.encoding}")
        extractions.append(extract(document, model))
    report.documents = len(extractions)
    return extractions


def build_graph(
    paths: Iterable[Path],
    base_iri: str = DEFAULT_BASE_IRI,
    on_file: Callable[[Path], None] | None = None,
    model: ExtractorModel | None = None,
) -> tuple[Graph, BuildReport]:
    """Ingest, extract and map: the graph of every readable minutes file under `paths`."""
    report = BuildReport()
    extractions = extract_all(paths, report, on_file, model)
    graph = to_graph(extractions, base_iri)
    report.triples = len(graph)
    return graph, report


def write_turtle(graph: Graph, out: Path) -> None:
    """Serialise as Turtle from sorted triples (so deterministic) and write atomically."""
    atomic_write_bytes(out, oxigraph_bytes([(graph.identifier, graph)], RdfFormat.TURTLE))
