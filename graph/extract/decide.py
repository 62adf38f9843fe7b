"""Decide: which candidates are items, of which kind, theme, polarity and link basis.

Each kind's classifier scores every candidate; a candidate above its kind's threshold is
proposed, and proposals are taken strongest first, each only where it overlaps no span
already taken (so a sentence and its own clause are never both quoted; a resolution
may overlap items of other kinds, as in the annotated minutes; metrics are the metric
rules', which may overlap anything, `candidates.LEARNT_KINDS`). An
item's theme is decided, in turn, by the guide's fixed themes (an overall verdict is
`other`, an improvement plan or board `leadership-and-governance`), a theme keyword in
the quote itself (`lexicon/theme-keywords.yaml`), the page (a page about SEND), and only
then the theme classifier: on councils the model never saw, that order is right most
often (0.75 of matched items against 0.63 for the classifier alone). The model that
decides ships in the package (`graph/data/model/`); `--model` gives another.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from graph.extract.candidates import LEARNT_KINDS, Candidate, Candidates
from graph.extract.learn import YES, ExtractorModel, Scores
from graph.extract.themes import best_theme, guide_theme, page_theme, polarity_of, theme_of

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "model" / "extractor.skops"
DEFAULT_THRESHOLD = 0.18
"""A candidate is proposed as a kind when its classifier gives it at least this
probability (a model's card may set one per kind). Chosen by council-grouped
cross-validation on the real minutes of `shared/eval/dev`: 0.16 to 0.2 score alike
(a model learns one positive per gold item, `learn.examples`, so its probabilities run
lower than one that counted every matching span)."""
THRESHOLDS = {**dict.fromkeys(LEARNT_KINDS, DEFAULT_THRESHOLD), "recommendation": 0.13}
"""Per kind, when a model's card sets none. Recommendations, the rarest kind, are
missed more often than wrongly proposed: proposing them from a lower probability raised
cross-validated recommendations F1 (0.53 to 0.57 when the threshold was 0.25 and theirs
0.2; the same gap now)."""


@functools.cache
def default_model() -> ExtractorModel:
    """The model trained on the project's real annotated minutes, shipped in the package."""
    return ExtractorModel.load(DEFAULT_MODEL)


@functools.lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> ExtractorModel:
    """The model at `path`, or the shipped one; each read once per process (a build's
    worker processes extract many batches with it)."""
    return default_model() if path is None else ExtractorModel.load(path)


@dataclass(frozen=True)
class Chosen:
    """A candidate the model took as an item, with its attributes."""

    kind: str
    candidate: Candidate
    theme: str | None = None
    polarity: str | None = None
    basis: str | None = None


def best(probabilities: dict[str, float]) -> str | None:
    """The most probable label (the first in sorted order on a tie), None when untrained."""
    return max(sorted(probabilities), key=probabilities.__getitem__) if probabilities else None


def overlaps(one: Candidate, other: Candidate) -> bool:
    return one.span.start < other.span.end and other.span.start < one.span.end


SHARE_SPANS = frozenset({"resolution"})
"""Kinds whose quotes may overlap another kind's: a resolution that endorses a plan."""


def conflict(kind: str, other: str) -> bool:
    """Whether items of these kinds may not overlap."""
    return kind == other or not {kind, other} & SHARE_SPANS


def choose(model: ExtractorModel, found: Candidates, scores: Scores) -> list[Chosen]:
    """The items of one document, in document order (`scores`: its candidates',
    `ExtractorModel.scores`)."""
    thresholds = model.card.get("thresholds", {})
    proposals = []
    for kind in LEARNT_KINDS:
        threshold = thresholds.get(kind, THRESHOLDS[kind])
        for index, probabilities in enumerate(scores[kind]):
            probability = probabilities.get(YES, 0.0)
            if probability >= threshold:
                proposals.append((probability, index, kind))
    proposals.sort(key=lambda proposal: (-proposal[0], found.items[proposal[1]].span.start,
                                         proposal[2]))
    taken: list[tuple[int, str]] = []
    # A candidate lies in its sentence (a rule's span may run into the next), so only
    # what was taken around the same sentence can overlap it: linear in the page.
    near: dict[int, list[tuple[int, str]]] = {}
    for _probability, index, kind in proposals:
        candidate = found.items[index]
        around = (other for sentence in range(candidate.sentence - 1, candidate.sentence + 2)
                  for other in near.get(sentence, ()))
        if not any(overlaps(candidate, found.items[other]) and conflict(kind, other_kind)
                   for other, other_kind in around):
            taken.append((index, kind))
            near.setdefault(candidate.sentence, []).append((index, kind))
    taken.sort()
    chosen, on_page = [], page_theme(found.document.body)
    for index, kind in taken:
        candidate = found.items[index]
        sentence = found.sentences[candidate.sentence].text if found.sentences else ""
        chosen.append(Chosen(
            kind=kind, candidate=candidate,
            theme=(guide_theme(candidate.span.text) or best_theme(candidate.span.text)
                   or on_page or best(scores["theme"][index])
                   or theme_of(candidate.span.text, sentence))
            if kind in ("finding", "recommendation", "response") else None,
            polarity=polarity_of(candidate.span.text, sentence) if kind == "finding" else None,
            basis=(best(scores["basis"][index]) or "plan") if kind == "response" else None,
        ))
    return chosen
