"""The parallel, incremental build: the same bytes and problems whatever the jobs, the
batches or the cache held, and a cache that is never trusted blindly."""

from __future__ import annotations

import json
import shutil
import signal
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node
from typer.testing import CliRunner

import graph.extract
import graph.pipeline
from graph.cache import (
    DEFAULT_CACHE_NAME,
    SHARED_FOLDER,
    BuildCache,
    extractor_version,
)
from graph.cli import app
from graph.export import sorted_ntriples
from graph.extract import extract
from graph.extract.decide import DEFAULT_MODEL
from graph.ingest import read_document
from graph.pipeline import (
    WARM_UP,
    build,
    build_graph,
    combine,
    document_result,
    early_worker,
    process_batch,
    worker_pool,
)
from graph.validate import Problem, check_documents, validate
from graph.vocab import DEFAULT_BASE_IRI, OKG
from graph.workers import Worker

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINUTES_SETS = ("minutes", "blind", "blind2", "blind3", "heldout")


def run_build(folder: Path, out: Path, *options: str) -> bytes:
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def entries(cache: Path) -> set[str]:
    return {path.name for path in cache.glob("*.json")}


@pytest.fixture
def minutes(tmp_path: Path, examples_dir: Path) -> Path:
    """The examples twice over under other names, so documents share inspections."""
    folder = tmp_path / "minutes"
    shutil.copytree(examples_dir, folder)
    for path in sorted(examples_dir.glob("*.txt")):
        shutil.copy(path, folder / f"copy-{path.name}")
    return folder


def test_jobs_give_the_same_bytes(minutes: Path, tmp_path: Path) -> None:
    one = run_build(minutes, tmp_path / "one.ttl", "--jobs", "1", "--no-cache")
    two = run_build(minutes, tmp_path / "two.ttl", "--jobs", "2", "--no-cache")
    assert one == two
    assert not (tmp_path / DEFAULT_CACHE_NAME).exists()


def test_cache_hits_misses_and_removals_give_clean_bytes(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "out" / DEFAULT_CACHE_NAME
    clean = run_build(minutes, tmp_path / "clean.ttl", "--no-cache")
    assert run_build(minutes, tmp_path / "out" / "g.ttl") == clean  # all misses
    assert len(entries(cache)) == 14
    assert run_build(minutes, tmp_path / "out" / "g.ttl", "--jobs", "2") == clean  # all hits

    changed = minutes / "copy-03-trafford-monitoring-visit.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Ofsted", "OFSTED", 3),
                       encoding="utf-8")
    before = entries(cache)
    rebuilt = run_build(minutes, tmp_path / "out" / "g.ttl")
    assert rebuilt == run_build(minutes, tmp_path / "clean2.ttl", "--no-cache")
    assert rebuilt != clean
    assert len(entries(cache)) == 14 and len(entries(cache) - before) == 1

    (minutes / "copy-01-stockport-ilacs-2022.txt").unlink()
    rebuilt = run_build(minutes, tmp_path / "out" / "g.ttl")
    assert rebuilt == run_build(minutes, tmp_path / "clean3.ttl", "--no-cache")
    assert len(entries(cache)) == 13


def test_cache_folder_option_and_other_files_left_alone(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    cache.mkdir()
    (cache / "notes.json").write_text("{}")
    run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache))
    assert len(entries(cache)) == 15 and (cache / "notes.json").exists()
    assert not (tmp_path / DEFAULT_CACHE_NAME).exists()


@pytest.mark.parametrize("damage", [
    b"not json at all",
    b'{"format": 1, "key": "x", "triples": [], "problems": [], "unchecked": []}',
    b'{"format": 1}',
    b"[]",
    b"",
])
def test_a_bad_cache_entry_is_extracted_again(minutes: Path, tmp_path: Path,
                                             damage: bytes) -> None:
    cache = tmp_path / "cache"
    clean = run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache))
    broken = sorted(cache.glob("*.json"))[0]
    good = broken.read_bytes()
    broken.write_bytes(damage)
    assert run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache)) == clean
    # Rewritten: the same triples (what its batch left unchecked may differ).
    assert json.loads(broken.read_bytes())["triples"] == json.loads(good)["triples"]


def test_a_tampered_problem_in_an_entry_is_not_trusted(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache))
    for path in cache.glob("*.json"):
        entry = json.loads(path.read_bytes())
        entry["problems"] = [{"severity": 1}]
        path.write_text(json.dumps(entry))
    assert build([minutes], cache_dir=cache).validation == build([minutes]).validation


def test_an_entry_with_unsorted_lines_is_extracted_again(minutes: Path, tmp_path: Path) -> None:
    """The pass over shared nodes finds a subject's lines by bisection: it needs them sorted."""
    cache = tmp_path / "cache"
    clean = run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache))
    for path in cache.glob("*.json"):
        entry = json.loads(path.read_bytes())
        entry["triples"].reverse()
        path.write_text(json.dumps(entry))
    assert run_build(minutes, tmp_path / "g.ttl", "--cache", str(cache)) == clean
    for path in cache.glob("*.json"):
        triples = json.loads(path.read_bytes())["triples"]
        assert triples == sorted(triples)


def test_the_model_is_part_of_the_key(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build([minutes], cache_dir=cache)
    before = entries(cache)
    other = tmp_path / "retrained.skops"
    shutil.copyfile(DEFAULT_MODEL, other)
    assert extractor_version(other) != extractor_version()
    build([minutes], cache_dir=cache, model_path=other)
    assert entries(cache).isdisjoint(before) and len(entries(cache)) == 14


def test_the_base_iri_is_part_of_the_key(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    default = run_build(minutes, tmp_path / "a.ttl", "--cache", str(cache))
    other = run_build(minutes, tmp_path / "b.ttl", "--cache", str(cache),
                      "--base-iri", "https://data.example.org/okg/")
    assert b"https://data.example.org/okg/" in other and other != default


def test_progress_reaches_every_document(minutes: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    build([minutes], on_progress=lambda *progress: seen.append(progress))
    assert [stage for stage, _, _ in seen] == sorted(
        (stage for stage, _, _ in seen), key=["Reading", "Extracting", "Joining"].index)
    assert ("Reading", 14, None) in seen
    extracting = [(done, total) for stage, done, total in seen if stage == "Extracting"]
    assert extracting[-1] == (14, 14)
    assert extracting == sorted(extracting)


@pytest.mark.parametrize("batch_size", [1, 3, 24])
def test_per_document_validation_matches_whole_graph(minutes: Path, tmp_path: Path,
                                                     batch_size: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "all"
    shutil.copytree(minutes, folder / "examples")
    for name in MINUTES_SETS:
        shutil.copytree(FIXTURES / name, folder / name, ignore=shutil.ignore_patterns("*.json"))
    monkeypatch.setattr(graph.pipeline, "BATCH_SIZE", batch_size)
    monkeypatch.setattr(graph.pipeline, "SHARED_GROUP_LINES", 40 * batch_size)
    whole_graph, _report = build_graph([folder])
    whole = validate(whole_graph)
    built = build([folder])
    assert built.validation.problems == whole.problems
    assert [p.line() for p in built.validation.problems] == [p.line() for p in whole.problems]
    assert built.validation.unanswered_findings  # the comparison is not between empty lists


def test_an_incremental_build_validates_like_a_clean_one(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build([minutes], cache_dir=cache)
    for path in sorted(minutes.glob("copy-*"))[:4]:
        path.unlink()
    assert build([minutes], cache_dir=cache).validation == validate(
        build_graph([minutes])[0])


def test_a_worker_starts_early_only_for_a_rebuild_with_workers(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    assert not store.holds_entries()  # no folder yet
    store.folder.mkdir()
    (store.folder / "notes.json").write_text("{}")
    assert not store.holds_entries()  # other files are no entries
    assert early_worker(2, store, None) is None
    (store.folder / f"{'a' * 64}.json").write_text("{}")
    assert store.holds_entries()
    assert early_worker(1, store, None) is None and early_worker(2, None, None) is None

    early = early_worker(2, store, None)
    assert early is not None
    page = [(read_document(WARM_UP, WARM_UP.name), "page")]
    try:
        assert early.run((page, DEFAULT_BASE_IRI, None)) == process_batch(page, DEFAULT_BASE_IRI)
    finally:
        early.stop()
    assert not early.process.is_alive()


def test_a_build_stops_its_early_worker_whether_it_used_it_or_not(
        minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Worker | None] = []

    def recorded(*arguments: Any) -> Worker | None:
        started.append(early_worker(*arguments))
        return started[-1]

    monkeypatch.setattr(graph.pipeline, "early_worker", recorded)
    cache = tmp_path / "cache"
    clean = build([minutes], jobs=2, cache_dir=cache)  # no entries yet: no early worker
    assert build([minutes], jobs=2, cache_dir=cache).triples == clean.triples  # none needed
    before = entries(cache)
    changed = minutes / "02-halton-focused-visit-2021.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe panel thanked officers.\n",
                       encoding="utf-8")
    rebuilt = build([minutes], jobs=2, cache_dir=cache)  # one document: the early worker's
    assert rebuilt.triples == build([minutes], jobs=1).triples
    assert len(entries(cache)) == 14 and len(entries(cache) - before) == 1
    assert [worker is None for worker in started] == [True, False, False, True]  # --jobs 1 last
    assert not any(worker.process.is_alive() for worker in started if worker is not None)


def test_workers_leave_ctrl_c_to_the_build_which_drops_the_batches_not_started() -> None:
    futures = []
    with pytest.raises(KeyboardInterrupt), worker_pool(2, 100) as pool:
        assert pool is not None
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
        futures = [pool.submit(time.sleep, 0.2) for _ in range(20)]
        raise KeyboardInterrupt
    assert all(future.done() for future in futures)
    assert sum(future.cancelled() for future in futures) >= 10


def test_the_warm_up_page_goes_through_every_stage() -> None:
    """A worker reads it before its first batch (`prepare_worker`), so that every stage's
    patterns, lexicons and shapes are ready: it must reach each of them."""
    extraction = extract(read_document(WARM_UP, WARM_UP.name))
    assert extraction.authority is not None and extraction.authority.name == "Halton"
    assert [(i.type, i.judgement) for i in extraction.inspections] == [("ilacs", "good")]
    assert all(getattr(extraction, kind) for kind in (
        "findings", "recommendations", "responses", "metrics", "resolutions"))


def test_keep_only_removes_only_unused_entries(tmp_path: Path) -> None:
    keep, drop = "a" * 64, "b" * 64
    for name in (f"{keep}.json", f"{drop}.json", "README", f"{'c' * 10}.json"):
        (tmp_path / name).write_text("{}")
    BuildCache(tmp_path).keep_only([keep])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{keep}.json", "README", f"{'c' * 10}.json"])


def test_a_node_two_documents_describe_is_validated_over_both() -> None:
    """The second document gives the first one's inspection another start date: only the
    two together break the shape, and the problem is described by the first's quote."""
    shapes = Path(__file__).resolve().parent / "shapes"
    first = Graph().parse(shapes / "_base.ttl")
    inspection = URIRef("https://example.org/id/inspection/E06000007/2022-11/ilacs-standard")
    second = Graph()
    second.add((inspection, RDF.type, OKG.Inspection))
    second.add((inspection, OKG.startDate, Literal("2022-11-14", datatype=XSD.date)))
    results = [document_result(tuple(sorted_ntriples(graph)), check.problems, check.unchecked)
               for graph in (first, second) for check in check_documents([graph])]
    _lines, problems = combine(results)
    whole = validate(first + second).problems
    assert problems == whole
    assert [(p.severity, p.focus) for p in problems] == [("Violation", str(inspection))]
    assert problems[0].quote == "the inspection in November 2022"


def validated_shared_nodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The nodes the pass over shared nodes validates from now on, in order."""
    seen: list[str] = []
    validate_shared = graph.pipeline.validate_shared

    def counted(lines: Collection[str], nodes: list[str],
                context: Callable[[set[Node]], Iterable[str]]) -> set[Problem]:
        seen.extend(nodes)
        return validate_shared(lines, nodes, context)

    monkeypatch.setattr(graph.pipeline, "validate_shared", counted)
    return seen


def test_a_rebuild_validates_again_only_shared_nodes_whose_neighbourhood_changed(
        minutes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: the problems of each shared node are cached by its neighbourhood, so a
    rebuild validates only the shared nodes whose lines changed, whatever the groups
    they fall in, and finds what a clean build finds."""
    cache = tmp_path / "cache"
    monkeypatch.setattr(graph.pipeline, "SHARED_GROUP_LINES", 50)
    seen = validated_shared_nodes(monkeypatch)
    first = build([minutes], cache_dir=cache)
    every = set(seen)
    assert len(seen) == len(every) > 2
    assert len(entries(cache / SHARED_FOLDER)) == len(every)

    seen.clear()
    assert build([minutes], cache_dir=cache).validation == first.validation
    assert seen == []

    # Every offset of the copy moves, and with them its evidence of the Trafford visit.
    changed = minutes / "copy-03-trafford-monitoring-visit.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Agenda item\n", "Agenda item 7\n"), encoding="utf-8")
    rebuilt = build([minutes], cache_dir=cache)
    assert seen and set(seen) < every
    assert all("/inspection/E08000009/" in node for node in seen)
    assert rebuilt.validation == build([minutes]).validation == validate(
        build_graph([minutes])[0])
    assert len(entries(cache / SHARED_FOLDER)) == len(every)  # the old entries are gone


@pytest.mark.parametrize("damage", [
    b"not json at all",
    b'{"format": 1, "key": "x", "problems": []}',
    b'{"format": 1}',
    b"",
])
def test_a_bad_shared_entry_is_validated_again(minutes: Path, tmp_path: Path, damage: bytes,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    clean = build([minutes], cache_dir=cache).validation
    for path in (cache / SHARED_FOLDER).glob("*.json"):
        path.write_bytes(damage)
    seen = validated_shared_nodes(monkeypatch)
    assert build([minutes], cache_dir=cache).validation == clean
    assert len(seen) == len(entries(cache / SHARED_FOLDER))
    seen.clear()
    assert build([minutes], cache_dir=cache).validation == clean
    assert seen == []  # rewritten


def test_a_tampered_shared_problem_is_not_trusted(minutes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = build([minutes], cache_dir=cache).validation
    for path in (cache / SHARED_FOLDER).glob("*.json"):
        entry = json.loads(path.read_bytes())
        entry["problems"] = [{"severity": "Violation"}]
        path.write_text(json.dumps(entry))
    assert build([minutes], cache_dir=cache).validation == clean


def test_a_shared_cache_that_cannot_be_written_is_a_warning(minutes: Path,
                                                            tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / SHARED_FOLDER).write_text("a file where the folder would be")
    built = build([minutes], cache_dir=cache)
    assert built.validation == build([minutes]).validation
    assert [w for w in built.report.warnings if "shared nodes of this build are not cached" in w]
    assert len(entries(cache)) == 14
