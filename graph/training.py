"""Train a model from a gold folder and describe it in a card.

The card travels inside the model file, as spaCy's `meta.json` does beside a pipeline:
what it was trained on, the thresholds it decides with and, when asked for, its
cross-validated figures, so `ofsted-kg` can say which model ran and how well it does on
councils it never saw.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import graph
from graph.evaluate import DEFAULT_SCORER, evaluate, grouping_summary
from graph.extract.decide import THRESHOLDS
from graph.extract.learn import train
from graph.gold import QUOTED, read_gold


def describe_model(card: dict[str, Any], path: Path | None = None) -> str:
    """One line naming the model (its `card`) and how well it does on councils it never
    saw."""
    training = card.get("training", {})
    line = (f"{path or 'shipped'} (trained on {training.get('documents', '?')} document(s) "
            f"from {training.get('councils', '?')} council(s)")
    figures = card.get("cross_validation", {}).get("overall")
    if figures:
        line += (f"; cross-validated by council: items_f1 {figures['items_f1']:.3f}, "
                 f"trace_f1 {figures['trace_f1']:.3f}")
    groupings = card.get("cross_validation", {}).get("groupings")
    if groupings:
        summary = groupings["summary"]
        line += (f"; mean of {groupings['count']} groupings of the councils: items_f1 "
                 f"{summary['items_f1']['mean']:.3f}, trace_f1 {summary['trace_f1']['mean']:.3f}")
    return line + ")"


def training_card(gold_dir: Path, golds: list[Any]) -> dict[str, Any]:
    """What a model was trained on and with, without dates (the same gold gives the same
    bytes)."""
    return {
        "name": "ofsted-kg extractor",
        "ofsted_kg": graph.__version__,
        "scikit_learn": version("scikit-learn"),
        "training": {
            "folder": gold_dir.name,
            "documents": len(golds),
            "councils": len({gold.council for gold in golds}),
            "items": {name: sum(len(gold.gold.get(name) or []) for gold in golds)
                      for name in QUOTED},
        },
        "thresholds": dict(THRESHOLDS),
    }


def train_model(gold_dir: Path, out: Path, folds: int = 0,
                scorer: Path = DEFAULT_SCORER,
                on_step: Callable[[str], None] | None = None,
                groupings: int = 1, jobs: int = 1) -> dict[str, Any]:
    """Train on `gold_dir`, optionally cross-validate (over `groupings` groupings of the
    councils into folds, in `jobs` worker processes: `evaluate`), write the model to
    `out`; the card."""
    golds = read_gold(gold_dir)
    card = training_card(gold_dir, golds)
    if folds:
        if on_step:
            on_step(f"Cross-validating ({folds} folds"
                    + (f", {groupings} groupings)" if groupings > 1 else ")"))
        result = evaluate(gold_dir, scorer, folds=folds, golds=golds, groupings=groupings,
                          jobs=jobs)
        figures = result.figures
        card["cross_validation"] = {"folds": folds, "grouped_by": "council",
                                    "overall": figures["overall"],
                                    "classes": figures["classes"],
                                    "accuracy": figures["accuracy"]}
        if result.groupings:
            card["cross_validation"]["groupings"] = {
                "count": len(result.groupings), "summary": grouping_summary(result.groupings)}
    if on_step:
        on_step("Training")
    model = train(golds, card)
    model.save(out)
    return card
