"""Docs: HTML pages for every class, property and concept of the shipped ontology, offline."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from graph.cli import app
from graph.docs import write_docs
from graph.resources import data_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("docs")
    return {path.name: path.read_text(encoding="utf-8") for path in write_docs(folder)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return data_graph("ontology")


def test_docs_writes_three_linked_pages(pages: dict[str, str]) -> None:
    assert set(pages) == {"index.html", "ontology.html", "concepts.html"}
    assert 'href="ontology.html"' in pages["index.html"]
    assert 'href="concepts.html#theme"' in pages["index.html"]
    assert "Ofsted inspections knowledge graph ontology" in pages["index.html"]


def test_docs_ontology_page_names_every_class_and_property(pages: dict[str, str],
                                                           ontology: Graph) -> None:
    terms = [*ontology.subjects(RDF.type, OWL.Class),
             *ontology.subjects(RDF.type, OWL.ObjectProperty),
             *ontology.subjects(RDF.type, OWL.DatatypeProperty)]
    assert len(terms) > 20
    for term in terms:
        label = str(ontology.value(term, RDFS.label))
        assert label in pages["ontology.html"], term


def test_docs_concepts_page_lists_every_notation_of_every_scheme(pages: dict[str, str],
                                                                 ontology: Graph) -> None:
    rows = set(re.findall(r'<tr id="([^"]+)"', pages["concepts.html"]))
    expected = set()
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        name = str(scheme).rsplit("/", 1)[-1]
        for concept in ontology.subjects(SKOS.inScheme, scheme):
            expected.add(f"{name}-{ontology.value(concept, SKOS.notation)}")
    assert rows == expected
    assert {"theme-workforce", "judgement-requires-improvement",
            "inspection-type-focused-visit"} <= rows


def test_docs_pages_work_offline(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html), name


def test_docs_leave_logging_alone(tmp_path: Path) -> None:
    """pyLODE sets the root logger to DEBUG when imported; in a fresh process, check that
    rendering the docs leaves no such handler behind to flood stderr."""
    script = ("import logging, sys; from graph.docs import write_docs; "
              "write_docs(sys.argv[1]); root = logging.getLogger(); "
              "print(len(root.handlers), root.level)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["0", str(logging.WARNING)]
    assert done.stderr == ""


def test_docs_cli_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "site" / "def"
    result = runner.invoke(app, ["docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Wrote {out / name}" for name in
                                          ("index.html", "ontology.html", "concepts.html")]


@pytest.mark.parametrize("command", ["export", "docs", "publish", "serve"])
def test_docs_every_command_help_ends_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "ofsted-kg " + command in result.output.split("Example:")[1]
