"""pyrudof and pySHACL give the same problems, line for line.

Validation runs pyrudof where it was found to agree with pySHACL, reading each of its
results back as pySHACL reports it (`graph.rudof_engine`). Each test here validates the
same data both ways (`USE_RUDOF` on and off) and compares the problems whole: severity,
class, label, message, path, quote, document and shape. It also checks that pyrudof
really answered where it should, and that the cases where the engines differ go to
pySHACL.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from test_shapes import BASE, case_files, expectations

import graph.pipeline
import graph.validate
from graph import rudof_engine
from graph.cache import DocumentResult
from graph.export import ntriples_text, sorted_lines, sorted_ntriples
from graph.extract import extract
from graph.ingest import input_files, read_document
from graph.pipeline import build, build_graph, combine, document_result
from graph.rdf import Minter, Triples, add_extraction, document_slugs, new_graph
from graph.validate import check_documents, validate, validate_shared
from graph.vocab import OA, OKG

EX = Namespace("https://example.org/id/")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DIFFERING = {"position-nonnegative-integer-accepted"}
"""Cases pyrudof reads otherwise (an `xsd:nonNegativeInteger` offset): left to pySHACL."""


def both(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> tuple[object, object, int]:
    """`run()` with pyrudof, and with pySHACL alone; and how often pySHACL ran in the first."""
    calls = {"pyshacl": 0}
    run_shapes = graph.validate.run_shapes

    def counted(*args: object, **kwargs: object) -> object:
        calls["pyshacl"] += 1
        return run_shapes(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(graph.validate, "run_shapes", counted)
        fast = run()
    with monkeypatch.context() as patched:
        patched.setattr(graph.validate, "USE_RUDOF", False)
        reference = run()
    return fast, reference, calls["pyshacl"]


def case_graph(path: Path) -> Graph:
    data = Graph().parse(BASE)
    case = Graph().parse(path)
    expectations(case)
    data += case
    return data


@pytest.mark.parametrize("path", case_files(), ids=lambda path: path.stem)
def test_every_shape_case_gives_the_same_problems(path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = case_graph(path)
    fast, reference, pyshacl_runs = both(monkeypatch, lambda: validate(data).problems)
    assert fast == reference
    assert [p.line() for p in fast] == [p.line() for p in reference]
    assert pyshacl_runs == (1 if path.stem in DIFFERING else 0)


def test_shape_cases_hold_problems_of_every_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above is not between empty lists: named and anonymous shapes, paths,
    the three severities, quotes and documents all occur."""
    problems = [p for path in case_files() for p in validate(case_graph(path)).problems]
    assert {p.severity for p in problems} == {"Violation", "Warning", "Info"}
    assert any(p.shape for p in problems) and any(p.shape is None for p in problems)
    assert any(p.path for p in problems) and any(p.path is None for p in problems)
    assert any(p.quote for p in problems) and any(p.document for p in problems)


POSITION = EX["evidence/wbc/0-30#position"]
QUOTE = EX["evidence/wbc/0-30#quote"]
AUTHORITY = EX["authority/E06000007"]
DOCUMENT = EX["document/wbc"]
INSPECTION = EX["inspection/E06000007/2022-11/ilacs-standard"]
METRIC = EX["metric/wbc/m1"]
VARIANTS = [
    *[(POSITION, OA.start, Literal("0", datatype=dt)) for dt in (
        XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.unsignedInt,
        XSD.decimal, XSD.double, XSD.string, None)],
    *[(POSITION, OA.start, Literal(lexical, datatype=dt)) for lexical, dt in (
        ("-1", XSD.integer), ("007", XSD.integer), ("+5", XSD.integer), ("five", XSD.integer),
        ("5.0", XSD.decimal), ("40", XSD.integer), ("29.5", XSD.decimal), (" 5", XSD.integer))],
    *[(POSITION, OA.end, Literal(lexical, datatype=dt)) for lexical, dt in (
        ("31", XSD.int), ("30", XSD.decimal), ("abc", XSD.integer), ("x", None))],
    *[(METRIC, RDF.value, Literal(lexical, datatype=dt, lang=lang)) for lexical, dt, lang in (
        ("71.5", XSD.double, None), ("abc", XSD.decimal, None), ("1e3", XSD.decimal, None),
        ("7", XSD.int, None), ("7", None, None), ("7", None, "en"), ("+7", XSD.integer, None))],
    *[(node, predicate, Literal(lexical, datatype=dt))
      for node, predicate in ((INSPECTION, OKG.startDate), (DOCUMENT, DCTERMS.date))
      for lexical, dt in (("2022-13-45", XSD.date), ("2022-11", XSD.date),
                          ("2022", XSD.gYearMonth), ("2022-02-29", XSD.date),
                          ("2022-11-01Z", XSD.date), ("2022-11-01", None),
                          ("2022-11-01T00:00:00", XSD.dateTime), ("20222", XSD.gYear))],
    *[(AUTHORITY, OKG.gssCode, Literal(lexical, datatype=dt, lang=lang))
      for lexical, dt, lang in (("E06000007\n", None, None), ("E06000007", None, "en"),
                                ("E06000007", XSD.token, None), (" E06000007", None, None),
                                ("E06000007\r", None, None), ("E0600000७", None, None))],
    *[(QUOTE, OA.exact, Literal(lexical, lang=lang)) for lexical, lang in (
        ("\x1c", None), (" ", None), ("\u00a0", None), ("\u200b", None), ("", None),
        ("a", "en"), ("\u2028", None), ("\x1f \x1e", None), ("\t\n", None), ("\x85", None),
        ("\u3000", None), ("\x0b", None), ("\U0001F600", None))],
    *[(DOCUMENT, DCTERMS.identifier, Literal(lexical, datatype=dt, lang=lang))
      for lexical, dt, lang in (("", None, None), ("x", None, "en"), ("5", XSD.integer, None))],
    (DOCUMENT, OKG.committee, URIRef("https://example.org/c")),
    (DOCUMENT, OKG.committee, BNode("committee")),
    (DOCUMENT, DCTERMS.source, Literal("https://example.org/s", datatype=XSD.anyURI)),
    (AUTHORITY, RDFS.label, URIRef("https://example.org/c")),
    (INSPECTION, OKG.judgement, URIRef("https://example.org/not-a-judgement")),
]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v[1]}={v[2]!r}")
def test_values_that_break_or_bend_a_rule_give_the_same_problems(
        variant: tuple[URIRef, URIRef, object], monkeypatch: pytest.MonkeyPatch) -> None:
    """Values of every datatype and odd text, on the properties the shapes check: where the
    engines read them otherwise, pySHACL answers; either way the problems are the same."""
    node, predicate, value = variant
    data = Graph().parse(BASE)
    data.remove((node, predicate, None))
    data.add((node, predicate, value))
    fast, reference, _runs = both(monkeypatch, lambda: validate(data).problems)
    assert fast == reference


def test_a_blank_node_with_a_problem_is_named_as_pyshacl_names_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = Graph().parse(BASE)
    quote = BNode()
    data.add((EX["evidence/wbc/0-30"], OA.hasSelector, quote))
    data.add((quote, RDF.type, OA.TextQuoteSelector))
    data.add((quote, OA.exact, Literal(" ")))
    fast, reference, runs = both(monkeypatch, lambda: validate(data).problems)
    assert fast == reference and runs == 0
    assert str(quote) in {p.focus for p in fast}


def test_literals_the_engines_read_otherwise_are_left_to_pyshacl() -> None:
    agree = rudof_engine.literal_agrees
    assert agree(Literal("a quote")) and agree(Literal(12)) and agree(Literal("2022-11-01",
                                                                            datatype=XSD.date))
    assert not agree(Literal("3", datatype=XSD.nonNegativeInteger))
    assert not agree(Literal("2022-02-30", datatype=XSD.date))
    assert not agree(Literal("E06000007\n"))
    assert not agree(Literal("\x1c"))
    lines = ['<https://a/x> <https://a/p> "x\\ny\\\\" .\n',
             '<https://a/x> <https://a/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\n']
    assert rudof_engine.lines_agree(lines)
    assert not rudof_engine.lines_agree(['<https://a/x> <https://a/p> "x\\n" .\n'])
    assert not rudof_engine.lines_agree(
        ['<https://a/x> <https://a/p> "2022-13-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'])


def example_documents(examples_dir: Path) -> list:
    return [read_document(path, identifier)
            for path, identifier in input_files([examples_dir, FIXTURES / "minutes"])[0]]


def test_mapping_without_a_graph_writes_the_same_lines(examples_dir: Path) -> None:
    """`Triples` and `ntriples_text` give the lines an rdflib graph of the same triples gives."""
    documents = example_documents(examples_dir)
    slugs = document_slugs(documents)
    minter = Minter("https://w3id.org/ofsted-kg/id/")
    for document in documents:
        extraction = extract(document)
        rdflib_graph, triples = new_graph(), Triples()
        add_extraction(rdflib_graph, extraction, minter, slugs[document.identifier])
        add_extraction(triples, extraction, minter, slugs[document.identifier])
        assert set(triples) == set(rdflib_graph)
        text = ntriples_text(triples)
        assert sorted_lines(text) == sorted_ntriples(rdflib_graph)
        assert sorted(text.splitlines()) == sorted(
            rdflib_graph.serialize(format="nt").splitlines())


def test_batches_give_the_same_checks_either_way(examples_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    documents = example_documents(examples_dir)
    slugs = document_slugs(documents)
    minter = Minter("https://w3id.org/ofsted-kg/id/")
    batch = []
    for document in documents:
        triples = Triples()
        add_extraction(triples, extract(document), minter, slugs[document.identifier])
        batch.append(triples)
    texts = [ntriples_text(triples) for triples in batch]
    fast, reference, runs = both(monkeypatch, lambda: check_documents(batch, texts))
    assert fast == reference and runs == 0
    assert any(check.problems for check in fast) and any(check.unchecked for check in fast)


def shared_inspection(extra: list[tuple]) -> tuple[list[DocumentResult], Graph]:
    """Two documents describing the same inspection, the second with `extra` triples; and
    the two as one graph."""
    first = Graph().parse(BASE)
    second = Graph()
    second.add((INSPECTION, RDF.type, OKG.Inspection))
    for triple in extra:
        second.add(triple)
    return [document_result(tuple(sorted_ntriples(g)), check.problems, check.unchecked)
            for g in (first, second) for check in check_documents([g])], first + second


@pytest.mark.parametrize("extra", [
    [],
    [(INSPECTION, OKG.startDate, Literal("2022-11-14", datatype=XSD.date))],
    # Values checked against nested shapes, outside the shared nodes (issue 11).
    [(INSPECTION, OKG.judgement, URIRef("https://example.org/not-a-judgement"))],
    [(INSPECTION, OKG.endDate, Literal("soon"))],
    [(INSPECTION, OKG.inspectionType, OKG.Finding)],
    # Shared nodes of classes with qualified value shapes and inverse paths.
    [(INSPECTION, RDF.type, OKG.Finding)],
    [(INSPECTION, RDF.type, OA.SpecificResource)],
], ids=["none", "two-dates", "judgement", "end-date", "type", "finding", "evidence"])
def test_shared_nodes_give_the_same_problems(extra: list[tuple],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    results, whole = shared_inspection(extra)
    fast, reference, runs = both(monkeypatch, lambda: combine(results)[1])
    assert fast == reference == validate(whole).problems
    assert runs == 0
    if extra:
        assert str(INSPECTION) in {problem.focus for problem in fast}


def test_shared_nodes_are_validated_with_their_values_by_pyrudof() -> None:
    """pyrudof validates every node of the lines; only the shared node's results are kept."""
    text = "".join(sorted_ntriples(Graph().parse(BASE))) + (
        f"<{INSPECTION}> <{OKG.judgement}> <https://example.org/not-a-judgement> .\n")
    found = rudof_engine.results(text, graph.validate.shapes_graph(),
                                 graph.validate.ontology_graph())
    assert found is not None
    assert any(r.focus == INSPECTION and r.shape.path == OKG.judgement for r in found)
    problems = validate_shared(text.splitlines(keepends=True), [str(INSPECTION)],
                               context=lambda _focus: set())
    assert [(p.focus, p.path) for p in problems] == [(str(INSPECTION), "okg:judgement")]


def test_a_build_gives_the_same_problems_either_way(tmp_path: Path, examples_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "all"
    shutil.copytree(examples_dir, folder / "examples")
    for name in ("minutes", "blind", "heldout"):
        shutil.copytree(FIXTURES / name, folder / name, ignore=shutil.ignore_patterns("*.json"))
    monkeypatch.setattr(graph.pipeline, "BATCH_SIZE", 5)
    fast, reference, runs = both(monkeypatch, lambda: build([folder]))
    assert fast.triples == reference.triples
    assert fast.validation == reference.validation
    assert runs == 0
    whole = validate(build_graph([folder])[0])
    assert fast.validation == whole


def test_graphs_too_large_for_pyrudof_go_to_pyshacl(examples_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """pyrudof takes ten times pySHACL's memory a triple: past `MAX_LINES` triples at once
    (a very long document, a whole corpus), pySHACL validates, with the same problems."""
    whole = build_graph([examples_dir])[0]
    monkeypatch.setattr(rudof_engine, "MAX_LINES", 100)
    fast, reference, runs = both(monkeypatch, lambda: validate(whole).problems)
    assert fast == reference and runs == 1
    monkeypatch.setattr(graph.pipeline, "BATCH_SIZE", 2)
    fast, reference, runs = both(monkeypatch, lambda: build([examples_dir]))
    assert fast.validation == reference.validation and runs > 0


def test_a_fork_of_a_process_that_validated_still_validates(examples_dir: Path,
                                                            tmp_path: Path) -> None:
    """pyrudof's threads are not in a forked child: the build's workers, forked after this
    process validated with pyrudof, must not call it (they would wait forever)."""
    validate(case_graph(case_files()[0]))
    assert rudof_engine.VALIDATED_IN
    one = build([examples_dir], jobs=1)
    two = build([examples_dir], jobs=2)
    assert one.triples == two.triples and one.validation == two.validation
