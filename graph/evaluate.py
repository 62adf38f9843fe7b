"""Evaluate: build a folder of gold-annotated minutes and score the graph against the gold.

The figures come from the project's scorer (`shared/eval/score.py`), loaded from its
path and run unchanged, so they are the ones the project is measured by. On top of
them this module lists, for error analysis, every gold item the graph missed and every
predicted item no gold item matched, with its quote, using the scorer's own matching
functions (`overlap`, `greedy`, `type_ok`, `date_ok`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import math
import multiprocessing
import random
import statistics
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from rdflib import Graph, URIRef

from graph.errors import InputError, UsageError
from graph.extract import extract
from graph.extract.candidates import Candidates, generate
from graph.extract.learn import ExtractorModel, train
from graph.extract.rules import extract_by_rules
from graph.gold import GoldDocument, read_gold
from graph.model import BuildReport, Extraction
from graph.pipeline import extract_in_batches, write_turtle
from graph.rdf import to_graph
from graph.resources import data_dir, data_files
from graph.vocab import OKG
from graph.workers import start_method

LINKS = "links: response to finding/recommendation"
"""The scorer's name for the trace links, used as their class in the error lists."""
DEFAULT_SCORER = Path("../shared/eval/score.py")
"""Where the scorer sits relative to a checkout's working directory."""
TRACE = "links: trace (addresses, respondsTo)"
"""The scorer's class whose F1 is its `trace_f1`."""


@dataclass(frozen=True)
class ItemError:
    """One gold item the graph missed, or one predicted item no gold item matched."""

    document: str
    cls: str
    """`inspections`, `findings`, ..., or `authority`."""
    kind: str
    """`missed` or `false positive`."""
    text: str
    """The quote (or, for inspections and authorities, a short description)."""


@dataclass
class Evaluation:
    """The scorer's figures and table, the errors behind them, and the build's report."""

    figures: dict[str, Any]
    """The scorer's JSON: `overall`, `classes`, `accuracy`, `documents`."""
    table: str
    """The scorer's printed table, verbatim."""
    build: BuildReport
    errors: list[ItemError] = field(default_factory=list)
    groupings: list[dict[str, Any]] = field(default_factory=list)
    """With several groupings of the councils into folds (`evaluate(groupings=N)`), the
    scorer's figures for each, the first being `figures`."""
    learning_curve: list[CurvePoint] = field(default_factory=list)
    """With `evaluate(learning_curve=True)`, the figures of models trained on fewer of
    each fold's councils, the smallest share first and all of them last."""


@dataclass(frozen=True)
class CurvePoint:
    """The cross-validated figures of models trained on a share of each fold's councils."""

    share: float
    councils: float
    """How many councils a fold's model learnt from, on average."""
    documents: float
    """How many documents a fold's model learnt from, on average."""
    groupings: list[dict[str, Any]]
    """The scorer's figures for each grouping of the councils into folds."""


def load_scorer(path: Path) -> ModuleType:
    """Import the scorer from its file. Raises `InputError` when it is absent or broken."""
    if not path.is_file():
        raise InputError(f"{path}: scorer not found (give its path with --scorer)")
    spec = importlib.util.spec_from_file_location("ofsted_kg_scorer", path)
    if spec is None or spec.loader is None:
        raise InputError(f"{path}: cannot be loaded as a Python scorer")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # any import-time failure of a foreign file
        raise InputError(f"{path}: cannot be loaded as a Python scorer ({error})") from None
    for name in ("main", "load_gold", "Predicted", "overlap", "greedy", "type_ok", "date_ok"):
        if not hasattr(module, name):
            raise InputError(f"{path}: not the ofsted-kg scorer (it has no {name}())")
    return module


def run_scorer(scorer: ModuleType, gold_dir: Path, graph_file: Path, work: Path
               ) -> tuple[dict[str, Any], str]:
    """The scorer's (figures, printed table) for `graph_file`."""
    figures_file = work / "figures.json"
    argv = ["--gold", str(gold_dir), "--graph", str(graph_file), "--json", str(figures_file)]
    if ontology_files():
        argv += ["--ontology", str(data_dir("ontology"))]
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            scorer.main(argv)
    except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError is a ValueError
        raise InputError(f"{gold_dir}: the scorer cannot read the gold files ({error})") from None
    return json.loads(figures_file.read_text(encoding="utf-8")), printed.getvalue()


def item_errors(scorer: ModuleType, graph: Graph, gold_dir: Path) -> list[ItemError]:
    """Missed gold items and unmatched predictions per document and class."""
    predicted = scorer.Predicted(graph)
    errors: list[ItemError] = []
    for gold in scorer.load_gold(gold_dir):
        name, docs = gold["_file"], predicted.docs_for(gold)
        matches: dict[str, dict[int, URIRef]] = {}
        for cls in scorer.QUOTED:
            golds = gold.get(cls, [])
            items = predicted.items(scorer.CLASS_OF[cls], docs)
            pairs = [(max(scorer.overlap(q, g["quote"]) for q in quotes), gi, pi)
                     for gi, g in enumerate(golds) for pi, (_, quotes) in enumerate(items)]
            matched = scorer.greedy(pairs)
            matches[cls] = {gi: items[pi][0] for gi, pi in matched.items()}
            errors += [ItemError(name, cls, "missed", g["quote"])
                       for gi, g in enumerate(golds) if gi not in matched]
            errors += [ItemError(name, cls, "false positive", " | ".join(quotes))
                       for pi, (_, quotes) in enumerate(items) if pi not in matched.values()]
        errors += link_errors(predicted, gold, docs, matches)
        errors += inspection_errors(scorer, predicted, gold, docs)
        errors += authority_errors(predicted, gold, docs)
    return errors


def link_errors(predicted: Any, gold: dict[str, Any], docs: set,
                matches: dict[str, dict[int, URIRef]]) -> list[ItemError]:
    """Response -> finding/recommendation links missed or made wrongly, as quote pairs.

    Only links whose two ends were matched can be right, as in the scorer.
    """
    def quote(item: URIRef) -> str:
        return " | ".join(q for d, q in predicted.evidence.get(item, []) if d in docs)

    targets = {("F", i): node for i, node in matches["findings"].items()}
    targets |= {("R", i): node for i, node in matches["recommendations"].items()}
    wanted = set()
    errors = []
    for index, response in enumerate(gold.get("responses", [])):
        for ref in response.get("responds_to", []):
            target = (ref[0], int(ref[1:]))
            golds = gold["findings" if ref[0] == "F" else "recommendations"]
            node = matches["responses"].get(index)
            if node is not None and target in targets:
                wanted.add((node, targets[target]))
                if (node, OKG.respondsTo, targets[target]) in predicted.g:
                    continue
            errors.append(ItemError(gold["_file"], LINKS, "missed",
                                    f"{response['quote']} -> {golds[target[1]]['quote']}"))
    for _, node in sorted(matches["responses"].items()):
        for target in sorted(predicted.g.objects(node, OKG.respondsTo)):
            if (node, target) not in wanted:
                errors.append(ItemError(gold["_file"], LINKS, "false positive",
                                        f"{quote(node)} -> {quote(target)}"))
    return errors


def describe(type_: str | None, start: object, end: object, judgement: object) -> str:
    dates = "undated" if not start else f"{start}" + (f"..{end}" if end else "")
    return f"{type_} {dates}" + (f" judged {judgement}" if judgement else "")


def inspection_errors(scorer: ModuleType, predicted: Any, gold: dict[str, Any], docs: set
                      ) -> list[ItemError]:
    """Inspections matched as the scorer does: by type and compatible start date."""
    linked = [item for cls in ("findings", "recommendations")
              for item, _ in predicted.items(scorer.CLASS_OF[cls], docs)]
    nodes = predicted.inspections(docs, linked)
    golds = gold.get("inspections", [])
    pairs = []
    for gi, g in enumerate(golds):
        for pi, node in enumerate(nodes):
            start = predicted.g.value(node, OKG.startDate)
            if scorer.type_ok(g["type"], predicted.note(node, OKG.inspectionType)) and \
                    scorer.date_ok(g.get("start"), None if start is None else str(start)):
                pairs.append((1.0, gi, pi))
    matched = scorer.greedy(pairs)
    errors = [ItemError(gold["_file"], "inspections", "missed",
                        describe(g["type"], g.get("start"), g.get("end"), g.get("judgement")))
              for gi, g in enumerate(golds) if gi not in matched]
    for pi, node in enumerate(nodes):
        if pi not in matched.values():
            errors.append(ItemError(gold["_file"], "inspections", "false positive", describe(
                predicted.note(node, OKG.inspectionType), predicted.g.value(node, OKG.startDate),
                predicted.g.value(node, OKG.endDate), predicted.note(node, OKG.judgement))))
    return errors


def authority_errors(predicted: Any, gold: dict[str, Any], docs: set) -> list[ItemError]:
    """A wrong or missing authority, where the gold says it can be known."""
    want = (gold.get("authority") or {}).get("gss")
    if not want or not (gold.get("authority") or {}).get("inferable", True):
        return []
    got = predicted.authority(docs, predicted.inspections(docs, []), [])
    if got == want:
        return []
    return [ItemError(gold["_file"], "authority", "missed", f"{want} (graph says {got})")]


LEARNING_CURVE_SHARES = (0.25, 0.5, 0.75)
"""The shares of each fold's training councils `evaluate --learning-curve` trains on, beside
all of them: enough points to see whether more annotated councils would still help."""


def training_shares(learning_curve: bool) -> tuple[float, ...]:
    """The shares of each fold's training councils a cross-validation trains on: all of
    them, first, and with `learning_curve` the smaller `LEARNING_CURVE_SHARES` too."""
    return (1.0, *LEARNING_CURVE_SHARES) if learning_curve else (1.0,)


@dataclass(frozen=True)
class Fold:
    """One training of a cross-validation: the documents it learns from and those it reads."""

    share: float
    """The share of the fold's training councils kept (1.0: all of them)."""
    grouping: int
    training: tuple[int, ...]
    testing: tuple[int, ...]


def fold_plan(golds: Sequence[GoldDocument], folds: int, groupings: int = 1,
              shares: Sequence[float] = (1.0,)) -> list[Fold]:
    """Every training of a cross-validation grouped by council, shares outermost: `folds`
    parts per grouping (scikit-learn's `GroupKFold`, deterministic), grouping 0 being
    `GroupKFold`'s own split, which evens out the parts' sizes, and grouping n shuffling
    the councils first, with seed n. A share below 1 keeps that share of the training
    councils (at least one), drawn in an order fixed per grouping and fold, so a smaller
    share's councils are among a larger one's and the curve compares like with like."""
    from sklearn.model_selection import GroupKFold  # imported only when cross-validating

    councils = [gold.council for gold in golds]
    if len(set(councils)) < folds:
        raise UsageError(f"--folds {folds}: the gold folder has only {len(set(councils))} "
                         "council(s); give at most that many folds")
    splits = [(grouping, number, list(training), tuple(testing))
              for grouping in range(groupings)
              for number, (training, testing) in enumerate(GroupKFold(
                  n_splits=folds, shuffle=grouping != 0, random_state=grouping or None,
              ).split(golds, groups=councils))]
    plan = []
    for share in shares:
        for grouping, number, training, testing in splits:
            drawn = sorted({councils[i] for i in training})
            random.Random(f"{grouping}/{number}").shuffle(drawn)
            kept = set(drawn[:max(1, round(len(drawn) * share))])
            plan.append(Fold(share, grouping, tuple(i for i in training if councils[i] in kept),
                             testing))
    return plan


def cross_validated(golds: Sequence[GoldDocument], plan: Sequence[Fold],
                    on_fold: Callable[[int], None] | None = None, jobs: int = 1,
                    ) -> list[list[Extraction]]:
    """Per (share, grouping) of `plan` (`fold_plan`), in its order, each document extracted
    by a model trained without its council. The folds are trained in `jobs` worker
    processes; the extractions are the same for any number (`on_fold` is called with the
    number of folds done). Each document's candidates are generated once, for every fold."""
    candidates = [generate(gold.document) for gold in golds]
    runs = list(dict.fromkeys((fold.share, fold.grouping) for fold in plan))
    extractions: dict[tuple[float, int], dict[int, Extraction]] = {run: {} for run in runs}
    done = trained_folds(golds, candidates, plan, jobs)
    for count, (fold, found) in enumerate(done, start=1):
        extractions[fold.share, fold.grouping].update(zip(fold.testing, found, strict=True))
        if on_fold:
            on_fold(count)
    return [[extractions[run][i] for i in range(len(golds))] for run in runs]


def trained_folds(golds: Sequence[GoldDocument], candidates: Sequence[Candidates],
                  plan: Sequence[Fold], jobs: int) -> Iterator[tuple[Fold, list[Extraction]]]:
    """(fold, its extractions) for every fold of `plan`, as each is done: in this process
    and in order with one job, else in up to `jobs` worker processes."""
    if jobs <= 1 or len(plan) <= 1:
        for fold in plan:
            yield fold, fold_extractions(golds, candidates, fold.training, fold.testing)
        return
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(max_workers=min(jobs, len(plan)), mp_context=context,
                             initializer=hold_fold_input, initargs=(golds, candidates)) as pool:
        futures = {pool.submit(held_fold_extractions, fold.training, fold.testing): fold
                   for fold in plan}
        for future in as_completed(futures):
            yield futures[future], future.result()


def fold_extractions(golds: Sequence[GoldDocument], candidates: Sequence[Candidates],
                     training: Sequence[int], testing: Sequence[int]) -> list[Extraction]:
    """The extractions of the documents `testing` by a model trained on `training`."""
    model = train([golds[i] for i in training], candidates=[candidates[i] for i in training])
    return extract_in_batches([golds[i].document for i in testing], model,
                              [candidates[i] for i in testing])


FOLD_INPUT: list[tuple[Sequence[GoldDocument], Sequence[Candidates]]] = []
"""In a worker of `cross_validated`, the gold documents and their candidates, given once
when it starts (forked, it shares them with the parent) instead of with every fold."""


def hold_fold_input(golds: Sequence[GoldDocument], candidates: Sequence[Candidates]) -> None:
    FOLD_INPUT[:] = [(golds, candidates)]


def held_fold_extractions(training: Sequence[int], testing: Sequence[int]) -> list[Extraction]:
    return fold_extractions(*FOLD_INPUT[0], training, testing)


def evaluate(gold_dir: Path, scorer_path: Path = DEFAULT_SCORER,
             graph_out: Path | None = None, folds: int | None = None,
             model: ExtractorModel | None = None, rules: bool = False,
             on_fold: Callable[[int], None] | None = None,
             golds: Sequence[GoldDocument] | None = None, groupings: int = 1,
             jobs: int = 1, learning_curve: bool = False) -> Evaluation:
    """Extract every minutes file in `gold_dir`, score the graph and collect the errors.

    With `folds`, by cross-validation grouped by council (the figure that predicts
    unseen minutes), repeated over `groupings` groupings of the councils into folds, in
    `jobs` worker processes (`cross_validated`; the errors, the table and `graph_out` are
    the first grouping's), and with `learning_curve` repeated again with models trained
    on shares of each fold's councils (`LEARNING_CURVE_SHARES`); with `rules`, by the
    cue-phrase rules alone; else with `model` (the shipped one by default). `golds`:
    `gold_dir` already read, when the caller has it.
    """
    scorer = load_scorer(scorer_path)
    golds = golds if golds is not None else read_gold(gold_dir)
    shares = training_shares(learning_curve)
    plan = fold_plan(golds, folds, groupings, shares) if folds else []
    if plan:
        runs = cross_validated(golds, plan, on_fold, jobs=jobs)
    else:
        runs = [[extract_by_rules(gold.document) if rules else extract(gold.document, model)
                 for gold in golds]]
    graph = to_graph(runs[0])
    figures, table = score_graph(scorer, gold_dir, graph, graph_out)
    scored = [figures] + [score_graph(scorer, gold_dir, to_graph(extractions))[0]
                          for extractions in runs[1:]]
    curve = curve_points(golds, plan, scored) if plan and len(shares) > 1 else []
    report = BuildReport(documents=len(runs[0]), triples=len(graph))
    for path in ontology_files():
        graph.parse(path)
    return Evaluation(figures=figures, table=table, build=report,
                      errors=item_errors(scorer, graph, gold_dir),
                      groupings=scored[:groupings] if plan and groupings > 1 else [],
                      learning_curve=curve)


def curve_points(golds: Sequence[GoldDocument], plan: Sequence[Fold],
                 scored: Sequence[dict[str, Any]]) -> list[CurvePoint]:
    """The learning curve, the smallest share first, from the scorer's figures of each
    (share, grouping) run in `plan`'s order (`cross_validated`)."""
    shares = list(dict.fromkeys(fold.share for fold in plan))
    groupings = len(scored) // len(shares)
    points = []
    for n, share in enumerate(shares):
        trainings = [fold.training for fold in plan if fold.share == share]
        points.append(CurvePoint(
            share=share, groupings=list(scored[n * groupings:(n + 1) * groupings]),
            councils=sum(len({golds[i].council for i in training})
                         for training in trainings) / len(trainings),
            documents=sum(map(len, trainings)) / len(trainings)))
    return sorted(points, key=lambda point: point.share)


def score_graph(scorer: ModuleType, gold_dir: Path, graph: Graph,
                graph_out: Path | None = None) -> tuple[dict[str, Any], str]:
    """The scorer's (figures, printed table) for `graph`, written to `graph_out` too when
    given."""
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-evaluate-") as work:
        graph_file = graph_out or Path(work) / "graph.ttl"
        write_turtle(graph, graph_file)
        return run_scorer(scorer, gold_dir, graph_file, Path(work))


def grouping_summary(groupings: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per figure (`items_f1`, `trace_f1`, each class's F1, each accuracy), its value in
    the first grouping and its mean, least and greatest over all of them: how much of a
    difference between two models the choice of folds alone can make."""
    def values(figures: dict[str, Any]) -> dict[str, float]:
        found = {name: figures["overall"][name] for name in ("items_f1", "trace_f1")}
        found |= {f"{name} F1": figure["f1"] for name, figure in figures["classes"].items()
                  if name != TRACE}
        found |= {f"{name} accuracy": value for name, value in figures["accuracy"].items()
                  if value is not None}
        return found

    each = [values(figures) for figures in groupings]
    summary = {}
    for name, first in each[0].items():
        seen = [figures[name] for figures in each if name in figures]
        summary[name] = {"first": first, "mean": round(sum(seen) / len(seen), 3),
                         "min": min(seen), "max": max(seen)}
    return summary


def grouping_table(groupings: Sequence[dict[str, Any]]) -> str:
    """`grouping_summary` as a table, one figure a line."""
    title = f"over {len(groupings)} groupings of the councils into folds"
    lines = [f"{title:<48}" + "  ".join(f"{key:>5}" for key in ("first", "mean", "min", "max"))]
    for name, figure in grouping_summary(groupings).items():
        lines.append(f"{name:<48}" + "  ".join(f"{figure[key]:5.3f}"
                                               for key in ("first", "mean", "min", "max")))
    return "\n".join(lines)


def ontology_files() -> list[Path]:
    """The ontology's files, so concept notations resolve as the scorer reads them."""
    try:
        return data_files("ontology")
    except FileNotFoundError:
        return []


CURVE_FIGURES = {"items_f1": "items F1", "trace_f1": "trace F1", "findings F1": "findings",
                 "recommendations F1": "recommendations", "responses F1": "responses"}
"""The figures `curve_table` shows for each share of the training councils, by heading."""


def curve_table(curve: Sequence[CurvePoint]) -> str:
    """The learning curve, a share of the training councils a line (each figure's mean
    over the groupings), and what a doubling of the councils has been worth: the least-
    squares slope of items and trace F1 against log2 of the councils trained on."""
    headings = ("share", "councils", "documents", *CURVE_FIGURES.values())
    widths = [len(heading) + 2 for heading in headings]

    def row(cells: Sequence[str]) -> str:
        return "".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True))

    lines = [f"learning curve: models trained on a share of each fold's councils "
             f"(means over {len(curve[0].groupings)} grouping(s))", row(headings)]
    means = []
    for point in curve:
        summary = grouping_summary(point.groupings)
        means.append([summary[name]["mean"] for name in CURVE_FIGURES])
        cells = [f"{point.share:.2f}", f"{point.councils:.1f}", f"{point.documents:.1f}",
                 *(f"{mean:.3f}" for mean in means[-1])]
        lines.append(row(cells))
    doublings = [math.log2(point.councils) for point in curve]
    if len(set(doublings)) > 1:  # too few councils to share out leave nothing to compare
        gains = [statistics.linear_regression(doublings, [share[n] for share in means]).slope
                 for n in range(2)]
        lines.append(f"each doubling of the councils trained on: items F1 {gains[0]:+.3f}, "
                     f"trace F1 {gains[1]:+.3f} (least squares over the shares)")
    return "\n".join(lines)
