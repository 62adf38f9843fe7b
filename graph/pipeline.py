"""The build: files -> documents -> extractions -> one graph written atomically.

`build` is linear in the documents, parallel and incremental:

- each file is read in this process (cheap), and keyed by its content, name, the base
  IRI and the versions of the extractor and of the code and data that map and validate;
- documents whose key the cache (`graph.cache`) lacks are extracted, mapped to triples
  and validated in batches, in worker processes when `jobs` > 1; each document's
  N-Triples lines and problems are kept as plain data, in the cache too;
- the lines of all documents are merged, the few nodes that several documents describe
  (an authority, an inspection) are validated once over their neighbourhood, and the
  sorted lines are written as Turtle by pyoxigraph, never as one rdflib graph.

The same inputs give the same bytes whatever `jobs`, the batches or the cache held.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import multiprocessing
import os
import signal
import threading
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.cache import BuildCache, DocumentResult, SharedCache, document_key, shared_key
from graph.errors import InputError
from graph.export import node_name, ntriples_text, oxigraph_bytes, prefixes, sorted_lines
from graph.extract import ExtractorModel, extract_batch, load_model
from graph.extract.candidates import Candidates
from graph.files import atomic_write_bytes, atomic_writer
from graph.ingest import DEFAULT_MAX_BYTES, input_files, read_document
from graph.model import BuildReport, Document, Extraction
from graph.rdf import Minter, Triples, add_extraction, document_slugs, to_graph
from graph.validate import (
    Problem,
    ValidationResult,
    check_documents,
    problem_order,
    validate_shared,
)
from graph.vocab import DEFAULT_BASE_IRI
from graph.workers import Worker, start_method

BATCH_SIZE = 24
"""Documents extracted and validated together: enough to spread the fixed cost of each
call to scikit-learn (`extract_batch`) and of each validation run (tens of ms)."""

Progress = Callable[[str, int, int | None], None]
"""Called as the build goes with (stage, done, in all or None when not known yet): files
`Reading`, documents `Extracting`, then `Joining` once the documents are all done."""


def extract_all(
    paths: Iterable[Path],
    report: BuildReport,
    on_file: Callable[[Path], None] | None = None,
    model: ExtractorModel | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Extraction]:
    """Read and extract every minutes file; files that cannot be read go to `report.skipped`."""
    extractions = extract_in_batches(read_all(paths, report, on_file, max_bytes), model)
    report.documents = len(extractions)
    return extractions


def extract_in_batches(documents: Sequence[Document], model: ExtractorModel | None = None,
                       candidates: Sequence[Candidates] | None = None) -> list[Extraction]:
    """Each document's extraction, `BATCH_SIZE` documents at a time (`extract_batch`, with
    their `candidates` when already generated): the classifiers' cost per call is spread
    over a batch, and only one batch's candidates are held at once."""
    return [extraction for start in range(0, len(documents), BATCH_SIZE)
            for extraction in extract_batch(
                documents[start:start + BATCH_SIZE], model,
                None if candidates is None else candidates[start:start + BATCH_SIZE])]


def read_all(
    paths: Iterable[Path],
    report: BuildReport,
    on_file: Callable[[Path], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Document]:
    """Every readable minutes file under `paths`; the others go to `report.skipped`."""
    files, warnings, skipped = input_files(paths)
    report.warnings += warnings
    report.skipped += skipped
    documents = []
    for path, identifier in files:
        if on_file:
            on_file(path)
        try:
            document = read_document(path, identifier, max_bytes)
        except InputError as error:
            report.skipped.append((path, str(error)))
            continue
        if document.encoding != "utf-8":
            report.warnings.append(f"{path}: not valid UTF-8; decoded as {document.encoding}")
        report.dropped += document.dropped
        documents.append(document)
    return documents


def build_graph(
    paths: Iterable[Path],
    base_iri: str = DEFAULT_BASE_IRI,
    on_file: Callable[[Path], None] | None = None,
    model: ExtractorModel | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Graph, BuildReport]:
    """Ingest, extract and map: the graph of every readable minutes file under `paths`."""
    report = BuildReport()
    extractions = extract_all(paths, report, on_file, model, max_bytes)
    graph = to_graph(extractions, base_iri)
    report.triples = len(graph)
    return graph, report


def write_turtle(graph: Graph, out: Path) -> None:
    """Serialise as Turtle from sorted triples (so deterministic) and write atomically."""
    atomic_write_bytes(out, oxigraph_bytes([(graph.identifier, graph)], ox.RdfFormat.TURTLE))


@dataclass
class Build:
    """What `build` made: the graph as sorted N-Triples lines, its validation and a report."""

    triples: list[str] = field(default_factory=list)
    """Every triple once, as an N-Triples line, sorted: the order Turtle is written in."""
    validation: ValidationResult = field(default_factory=ValidationResult)
    report: BuildReport = field(default_factory=BuildReport)


def build(
    paths: Iterable[Path],
    base_iri: str = DEFAULT_BASE_IRI,
    jobs: int = 1,
    cache_dir: Path | None = None,
    on_progress: Progress | None = None,
    model_path: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Build:
    """Read, extract, map and validate every readable minutes file under `paths`, with the
    model at `model_path` (the shipped one by default)."""
    store = BuildCache(cache_dir) if cache_dir is not None else None
    early = early_worker(jobs, store, model_path)
    try:
        return build_with(paths, base_iri, jobs, store, on_progress, model_path, max_bytes,
                          early)
    finally:
        if early is not None:
            early.stop()


def build_with(paths: Iterable[Path], base_iri: str, jobs: int, store: BuildCache | None,
               on_progress: Progress | None, model_path: Path | None, max_bytes: int,
               early: Worker | None) -> Build:
    """`build`, given its cache and the worker it may have started early."""
    result = Build()
    documents = read_all(paths, result.report, on_file=(
        None if on_progress is None else counter(lambda n: on_progress("Reading", n, None))),
        max_bytes=max_bytes)
    result.report.documents = len(documents)
    slugs = document_slugs(documents)
    keys = [document_key(d, slugs[d.identifier], base_iri, model_path) for d in documents]
    pending = dict(zip(keys, documents, strict=True))  # a key names a document's content
    total = len(documents)
    del documents  # the bodies still needed are in `pending`; the rest can go
    listed = [key for key in pending if store and store.path(key).exists()]
    if early is not None and not 0 < len(pending) - len(listed) <= BATCH_SIZE:
        early.stop()  # not needed: killed at once, not waited for
        early = None
    with contextlib.ExitStack() as workers:
        pool = None if early is not None else workers.enter_context(
            worker_pool(jobs, len(pending) - len(listed), model_path))
        found: dict[str, DocumentResult] = {}
        for key in listed:
            hit = store.get(key) if store else None
            if hit is not None:
                found[key] = hit
        work = {key: document for key, document in pending.items() if key not in found}
        del pending
        if pool is None and early is None:  # entries that could not be read are extracted again
            pool = workers.enter_context(worker_pool(jobs, len(work), model_path))
        done = total - len(work)
        if on_progress:
            on_progress("Extracting", done, total)
        cache_failed = False
        for batch, outcomes in run_batches(list(work.items()), slugs, base_iri, jobs, model_path,
                                           pool, early):
            for key, outcome in zip(batch, outcomes, strict=True):
                found[key] = outcome
                if store and not cache_failed:
                    try:
                        store.put(key, outcome)
                    except (OSError, InputError) as error:
                        cache_failed = True
                        result.report.warnings.append(
                            f"{store.folder}: cannot write the build cache ({error}); "
                            "this build is not cached")
            done += len(batch)
            if on_progress:
                on_progress("Extracting", done, total)
    del work  # the documents' text: no longer needed, and large
    if on_progress:
        on_progress("Joining", 0, None)
    shared = None
    if store and not cache_failed:
        store.keep_only(keys)
        shared = store.shared
    result.triples, problems = combine([found.pop(key) for key in dict.fromkeys(keys)], shared)
    if shared is not None:
        try:
            shared.save()
        except (OSError, InputError) as error:
            result.report.warnings.append(
                f"{shared.folder}: cannot write the build cache ({error}); "
                "the shared nodes of this build are not cached")
    result.validation = ValidationResult(problems)
    result.report.triples = len(result.triples)
    return result


def counter(report: Callable[[int], None]) -> Callable[[object], None]:
    """A callback that calls `report` with how many times it has been called."""
    calls = 0

    def count(_item: object) -> None:
        nonlocal calls
        calls += 1
        report(calls)

    return count


def batch_size(documents: int, jobs: int) -> int:
    """Documents a batch: `BATCH_SIZE`, or fewer so that every worker gets one."""
    return max(1, min(BATCH_SIZE, math.ceil(documents / max(jobs, 1))))


def early_worker(jobs: int, store: BuildCache | None, model_path: Path | None,
                 ) -> Worker | None:
    """One worker started before the build reads its files, when it has a cache to read
    (a rebuild, which most often re-extracts a few documents) and `jobs` allows workers:
    it imports scikit-learn, loads the model and warms up (about 1.4 s) while the files
    and cache entries are read, instead of after them. The build uses it when the work
    fits one batch, and otherwise kills it at once rather than wait for it to start."""
    if jobs <= 1 or store is None or not store.holds_entries():
        return None
    return Worker(process_task, prepare=functools.partial(prepare_worker, os.getpid(),
                                                          model_path))


@contextlib.contextmanager
def worker_pool(jobs: int, documents: int, model_path: Path | None = None,
                ) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes to extract `documents` documents, or None when this process will
    do (`jobs` is 1, or nothing is to be extracted). They start at once: a single worker
    loads the model while the build reads its cache; several are forked from this process
    once it has loaded the model, and share it instead of each loading a copy (forked
    where `workers.start_method` finds it safe, as every worker of the project is). A
    rebuild of a few documents has its `early_worker` instead."""
    size = batch_size(documents, jobs)
    workers = min(jobs, math.ceil(documents / size))
    if jobs <= 1 or workers < 1:
        yield None
        return
    if workers > 1:
        load_model(model_path)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=prepare_worker,
                               initargs=(os.getpid(), model_path),
                               mp_context=multiprocessing.get_context(start_method()))
    try:
        pool.submit(os.getpid)  # the workers start with the first task
        yield pool
    finally:  # after Ctrl-C or an error, the batches not yet started are dropped
        pool.shutdown(cancel_futures=True)


def run_batches(work: Sequence[tuple[str, Document]], slugs: dict[str, str], base_iri: str,
                jobs: int, model_path: Path | None = None,
                pool: ProcessPoolExecutor | None = None, early: Worker | None = None,
                ) -> Iterator[tuple[list[str], list[DocumentResult]]]:
    """(keys, results) of each batch of `work`: in the `early` worker, or the `pool`'s
    workers, or this process."""
    size = batch_size(len(work), jobs)
    batches = [work[start:start + size] for start in range(0, len(work), size)]
    tasks = [([(document, slugs[document.identifier]) for _, document in batch], base_iri,
              model_path) for batch in batches]
    keys = [[key for key, _ in batch] for batch in batches]
    if pool is None:
        for batch_keys, task in zip(keys, tasks, strict=True):
            yield batch_keys, process_batch(*task) if early is None else early.run(task)
        return
    futures = {pool.submit(process_batch, *task): n for n, task in enumerate(tasks)}
    for future in as_completed(futures):
        yield keys[futures[future]], future.result()


PARENT_CHECK_SECONDS = 0.5
"""How often a worker looks whether its build is still there."""


def exit_with_parent(parent: int) -> None:
    """In a worker: end as soon as the build that started it is gone. A build killed with
    `kill -9` cannot stop its workers, and they would wait for work for ever, each holding
    a loaded model, since they keep the task queue's pipe open themselves."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


WARM_UP = Path(__file__).resolve().parent / "data" / "warm-up.txt"
"""A short page of invented minutes that a worker reads before its first batch."""


def prepare_worker(parent: int, model_path: Path | None) -> None:
    """A worker's start: leave Ctrl-C to the build, which stops its workers (an
    interrupted worker would print a traceback of its own), watch the build
    (`exit_with_parent`), load the model, and read a short page (`WARM_UP`) so that
    compiling the cue patterns and loading the shapes (about 0.2 s) is done before the
    first batch comes, while the build reads its files and cache. A model that cannot be
    loaded is left for the first batch to report, as it would be in one process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(parent)
    try:
        process_batch([(read_document(WARM_UP, WARM_UP.name), "warm-up")], DEFAULT_BASE_IRI,
                      model_path)
    except Exception:  # the first batch reports it, with the real error
        return


def process_task(task: tuple[Sequence[tuple[Document, str]], str, Path | None],
                 ) -> list[DocumentResult]:
    """`process_batch` of one task of `run_batches`, as a `Worker` handles it."""
    return process_batch(*task)


def process_batch(batch: Sequence[tuple[Document, str]], base_iri: str,
                  model_path: Path | None = None) -> list[DocumentResult]:
    """Extract, map and validate documents (given with their IRI segments); runs in workers,
    each loading the model once (`load_model` keeps it)."""
    minter = Minter(base_iri)
    model = load_model(model_path)
    documents, texts = [], []
    extractions = extract_batch([document for document, _ in batch], model)
    for extraction, (_, doc_slug) in zip(extractions, batch, strict=True):
        triples = Triples()
        add_extraction(triples, extraction, minter, doc_slug)
        documents.append(triples)
        texts.append(ntriples_text(triples))
    checks = check_documents(documents, texts)
    return [document_result(tuple(sorted_lines(text)), check.problems, check.unchecked)
            for text, check in zip(texts, checks, strict=True)]


def document_result(lines: tuple[str, ...], problems: tuple[Problem, ...],
                    unchecked: tuple[str, ...]) -> DocumentResult:
    """A document's result, with the nodes its sorted `lines` describe and point to."""
    subjects, linked = set(), set()
    for line in lines:
        subject, obj = split_line(line)
        subjects.add(subject)
        if obj is not None:
            linked.add(obj)
    return DocumentResult(lines, problems, unchecked, tuple(sorted(subjects)),
                          tuple(sorted(linked)))


def split_line(line: str) -> tuple[str, str | None]:
    """(subject, object node or None for a literal) of an N-Triples line, each as `str()`
    of the rdflib term gives it (a blank node without its `_:`)."""
    subject, _predicate, obj = line.split(" ", 2)  # IRIs and blank node labels hold no space
    obj = obj[:-3]
    return node_name(subject), node_name(obj) if obj.startswith(("<", "_:")) else None


def combine(results: Sequence[DocumentResult], cache: SharedCache | None = None,
            ) -> tuple[list[str], list[Problem]]:
    """The sorted, distinct lines of all documents, and all their problems.

    A node that several documents mention, or whose batch left it unchecked, is validated
    here over its neighbourhood (`check_shared`, through `cache` when given); every other
    node's problems come from its document.
    """
    mentions: Counter[str] = Counter()
    for result in results:
        mentions.update({*result.subjects, *result.linked})
    subjects_of = [set(result.subjects) for result in results]
    shared = {node for subjects in subjects_of for node in subjects if mentions[node] > 1}
    shared.update(node for result in results for node in result.unchecked)
    problems = {p for result in results for p in result.problems if p.focus not in shared}
    problems |= check_shared(*neighbourhoods(results, subjects_of, shared), cache)
    # Each document's lines are sorted: list.sort merges those runs, which sorting a set
    # of the lines, in no order, cannot; dict.fromkeys then drops the repeated lines.
    every = [line for result in results for line in result.triples]
    every.sort()
    return list(dict.fromkeys(every)), sorted(problems, key=problem_order)


SHARED_GROUP_LINES = 5_000
"""The most triples validated at once in the pass over shared nodes, which bounds its memory
(pyrudof takes about 10 KB a triple at its peak, an rdflib graph for pySHACL about 1 KB)."""


def check_shared(near: dict[str, set[str]], far: dict[str, set[str]],
                 cache: SharedCache | None = None) -> set[Problem]:
    """The problems of the shared nodes (the keys of `near`; `near` and `far` as
    `neighbourhoods` gives them). A node's problems depend on its neighbourhood alone, so
    `cache` keeps them by its `shared_key`: only nodes whose neighbourhood is new are
    validated, in groups of about `SHARED_GROUP_LINES` lines, and put in `cache`."""
    found: set[Problem] = set()
    todo = set(near)
    keys: dict[str, str] = {}
    if cache is not None:
        for node in near:
            keys[node] = key = shared_key(node, near[node], far.get(node, ()))
            kept = cache.get(key)
            if kept is not None:
                found.update(kept)
                todo.remove(node)
    for nodes, lines in shared_groups({node: near[node] for node in todo}):
        checked = validate_shared(lines, nodes, context=lambda focus: {
            line for node in map(str, focus) for line in far.get(node, ())})
        found |= checked
        if cache is not None:
            by_node: defaultdict[str, list[Problem]] = defaultdict(list)
            for problem in checked:
                by_node[problem.focus].append(problem)
            for node in nodes:
                cache.put(keys[node], sorted(by_node[node], key=problem_order))
    return found


def neighbourhoods(results: Sequence[DocumentResult], subjects_of: Sequence[set[str]],
                   nodes: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """node -> the lines about it and about its values, all that the shapes look at; and
    node -> the lines about its values' values, which describe its problems (the quote
    and document of its evidence).

    The lines about a node come from every document that describes it, and so do those
    about a value that is itself in `nodes` (an inspection's authority): a node's
    problems are then the whole graph's, and the same whichever group validates it. A
    value not in `nodes` is described by one document at most, one that mentions the node.
    """
    own: defaultdict[str, set[str]] = defaultdict(set)
    values: defaultdict[str, set[str]] = defaultdict(set)
    near: defaultdict[str, set[str]] = defaultdict(set)
    far: defaultdict[str, set[str]] = defaultdict(set)
    for result, subjects in zip(results, subjects_of, strict=True):
        lines = result.triples
        for start in subjects & nodes:
            reached = set()
            for line, obj in lines_about(lines, start):
                own[start].add(line)
                if obj is not None and obj != start:
                    reached.add(obj)
            values[start] |= reached
            beyond = set()
            for value in reached:
                for line, obj in lines_about(lines, value):
                    near[start].add(line)
                    if obj is not None and obj != start and obj not in reached:
                        beyond.add(obj)
            for value in beyond:
                far[start].update(line for line, _obj in lines_about(lines, value))
    for node in own:
        near[node] |= own[node]
        for value in values[node] & nodes:
            near[node] |= own[value]
    return near, far


def lines_about(lines: Sequence[str], node: str) -> list[tuple[str, str | None]]:
    """(line, object node) of the lines whose subject is `node` (as `split_line` names it),
    found by bisection: a document's lines are sorted, so a subject's lines lie together
    (an IRI's before a blank node's of the same name)."""
    found = []
    for prefix in (f"<{node}> ", f"_:{node} "):
        index = bisect_left(lines, prefix)
        while index < len(lines) and lines[index].startswith(prefix):
            found.append((lines[index], split_line(lines[index])[1]))
            index += 1
    return found


def shared_groups(found: dict[str, set[str]]) -> Iterator[tuple[list[str], set[str]]]:
    """The shared nodes in groups of about `SHARED_GROUP_LINES` lines, with those lines."""
    nodes: list[str] = []
    lines: set[str] = set()
    for node in sorted(found):
        nodes.append(node)
        lines |= found[node]
        if len(lines) >= SHARED_GROUP_LINES:
            yield nodes, lines
            nodes, lines = [], set()
    if nodes:
        yield nodes, lines


def write_lines_as_turtle(lines: Sequence[str], out: Path) -> None:
    """Sorted N-Triples lines as Turtle, by pyoxigraph, read and written as it goes (the
    text is never whole in memory), atomically."""
    quads = ox.parse(io.BufferedReader(LinesReader(lines)), format=ox.RdfFormat.N_TRIPLES)
    with atomic_writer(out) as handle:
        ox.serialize(quads, handle, format=ox.RdfFormat.TURTLE, prefixes=prefixes())


class LinesReader(io.RawIOBase):
    """Lines of text read as one UTF-8 byte stream, a few thousand lines at a time.

    A read returns what is left of the current chunk at most (a raw stream may return
    less than asked): the chunk is never copied again to drop what was read."""

    LINES_PER_READ = 4096

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self.pending:
            chunk = "".join(islice(self.lines, self.LINES_PER_READ))
            self.pending = memoryview(chunk.encode("utf-8"))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size
