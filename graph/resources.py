"""Find the data folders (ontology, shapes, queries) whether installed or in a checkout.

In the repository they are top-level folders; the wheel ships copies under
`graph/_data/` (see `[tool.hatch.build.targets.wheel.force-include]`). Nothing is
ever fetched from the network.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` (`ontology`, `shapes` or `queries`), installed copy first."""
    for candidate in (PACKAGE_DIR / "_data" / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} is missing from this installation")


def data_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """The files of a data folder matching `pattern`, sorted for determinism."""
    return sorted(data_dir(name).glob(pattern))


def data_graph(name: str) -> Graph:
    """Every Turtle file of a data folder (`ontology` or `shapes`), parsed into a new graph."""
    graph = Graph()
    for path in data_files(name):
        graph.parse(path, format="turtle")
    return graph
