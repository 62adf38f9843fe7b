"""Decide: which candidates are items, of which kind, theme, polarity and link basis.

Each kind's classifier scores every candidate; a candidate above its kind's threshold is
proposed (unless a lexicon rules it out, `vetoed`), and of the proposals no two
overlapping are taken, those that clear their thresholds by most in sum (so a sentence
and its own clause are never both quoted, and two clauses that are each an item are
quoted rather than their sentence; a resolution may overlap items of other kinds, as in
the annotated minutes; metrics are the metric rules', which may overlap anything,
`candidates.LEARNT_KINDS`). The page's structure then completes them: the points of a
list take the kind of the list's other points when their classifier finds them somewhat
likely (`list_siblings`), and a page with responses but no recommendation gets the
likeliest candidate naming one (`named_recommendation`). A sentence proposed whole as a
recommendation at least as likely as each of its parts is one recommendation, not its
parts (`whole_recommendations`). A statement the page repeats in the same words
(ModernGov prints an item's decision above its minutes) is one item: council-grouped
cross-validation, items F1 0.569 to 0.572 averaged over five reshuffled groupings, 0.587
to 0.590 on the fixed folds. An item's theme is decided, in turn, by the guide's fixed
themes (an overall verdict is `other`, an improvement plan or board
`leadership-and-governance`), a theme keyword in the quote itself
(`lexicon/theme-keywords.yaml`), the page (a page about SEND), and only then the theme
classifier: on councils the model never saw, that order is right most often (0.75 of
matched items against 0.63 for the classifier alone). The model that decides ships in
the package (`graph/data/model/`); `--model` gives another.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.extract.candidates import LEARNT_KINDS, Candidate, Candidates, spans_whole_sentence
from graph.extract.cues import lexicon_cue
from graph.extract.features import ListPoint, list_points
from graph.extract.learn import YES, ExtractorModel, Scores, read_card
from graph.extract.themes import best_theme, guide_theme, page_theme, polarity_of, theme_of
from graph.gold import WORD
from graph.model import Span

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
WHOLE_PLAN_CONFIDENCE = 0.25
"""A response is let answer every recommendation of its page (basis `plan`) only when its
own classifier gives it at least this probability; below it, it answers the items of its
theme (`theme`, the guide's next rule). A response proposed wrongly with a whole-plan
basis makes as many false links as the page has recommendations. Council-grouped
cross-validation: trace F1 0.317 to 0.331 on the fixed folds, 0.266 to 0.272 averaged
over six reshuffled groupings (of 0.2 to 0.45, 0.25 scored best, with the nearest item
as the fallback); items are unchanged.
Answering the nearest item instead scores alike, but `ofsted-kg trace` would show a link
the rules inferred as one named in the minutes."""


@functools.cache
def default_model() -> ExtractorModel:
    """The model trained on the project's real annotated minutes, shipped in the package."""
    return ExtractorModel.load(DEFAULT_MODEL)


@functools.lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> ExtractorModel:
    """The model at `path`, or the shipped one; each read once per process (a build's
    worker processes extract many batches with it)."""
    return default_model() if path is None else ExtractorModel.load(path)


def model_card(path: Path | None = None) -> dict[str, Any]:
    """The card of the model at `path`, or of the shipped one (`learn.read_card`)."""
    return read_card(path or DEFAULT_MODEL)


@dataclass(frozen=True)
class Chosen:
    """A candidate the model took as an item, with its attributes."""

    kind: str
    candidate: Candidate
    theme: str | None = None
    polarity: str | None = None
    basis: str | None = None
    probability: float = 1.0
    """What the kind's classifier gave the candidate (1.0 for an item it did not score)."""


def best(probabilities: dict[str, float]) -> str | None:
    """The most probable label (the first in sorted order on a tie), None when untrained."""
    return max(sorted(probabilities), key=probabilities.__getitem__) if probabilities else None


OUTER_PUNCTUATION = re.compile(r"^\W+|\W+$")
"""Bullets, dashes and punctuation at either end of a text."""
LIST_INTRODUCTION_END = re.compile(r"[^\S\n]*:[^\S\n]*\n")
"""A colon ending its line: what stands before it introduces the lines after it."""

SHARE_SPANS = frozenset({"resolution"})
"""Kinds whose quotes may overlap another kind's: a resolution that endorses a plan."""


@dataclass(frozen=True)
class Proposal:
    """A candidate proposed as a kind, worth its probability above the kind's threshold."""

    start: int
    end: int
    margin: float
    index: int
    kind: str


def heaviest_disjoint(proposals: list[Proposal]) -> list[Proposal]:
    """The proposals, no two overlapping, whose margins sum highest (weighted interval
    scheduling, in n log n).

    Taking the strongest first quoted a whole sentence where two of its clauses were each
    an item ("early help was found to be good and there was recognition of good
    relationships"): the sum prefers the two clauses when each clears its threshold by
    more than the sentence alone. Council-grouped cross-validation: items F1 0.580 to
    0.586 (0.558 to 0.560 averaged over reshuffled groupings), theme accuracy 0.78 to 0.80.
    """
    ordered = sorted(proposals, key=lambda p: (p.end, p.start, p.kind, p.index))
    ends = [proposal.end for proposal in ordered]
    best_sum = [0.0] * (len(ordered) + 1)
    taken_at: list[int | None] = [None] * (len(ordered) + 1)
    for n, proposal in enumerate(ordered, start=1):
        before = bisect.bisect_right(ends, proposal.start, 0, n - 1)
        with_it = best_sum[before] + proposal.margin
        if with_it > best_sum[n - 1]:
            best_sum[n], taken_at[n] = with_it, before
        else:
            best_sum[n] = best_sum[n - 1]
    chosen, n = [], len(ordered)
    while n > 0:
        before = taken_at[n]
        if before is None:
            n -= 1
        else:
            chosen.append(ordered[n - 1])
            n = before
    return chosen


def vetoed(kind: str, candidate: Candidate, body: str) -> bool:
    """Whether the annotation guide rules `candidate` (of the page `body`) out as a `kind`,
    whatever the model says. Each raised council-grouped cross-validation
    (`docs/extractor-history.md` has the figures):

    - a member's question (`asks`), or the name of a judgement area alone
      (`names_judgement_area`), is no finding, recommendation or response: findings are
      what the inspectors saw, and neither asks for nor does anything;
    - the introduction of a list is no recommendation: the guide counts one per point, not
      the sentence that counts them (`introduces_list`); nor is one the committee notes or
      agrees, or a statement that there are none (`lexicon/recommendation-not`);
    - the committee noting something ("That the report be noted", `lexicon/item-noting`)
      is a resolution, no recommendation or response;
    - approving the last meeting's minutes is about the meeting, no Resolution item
      (`lexicon/resolution-routine`);
    - how the inspectors went about their work, and an inspection still to come, is
      nothing they have seen, so no finding (`lexicon/finding-not-seen`).

    No gold item of the dev set is a question, a list's introduction, a noting, a
    routine resolution or an unseen thing of the kinds ruled out. The rules for judgement
    areas and for statements that there are none were written from the errors of a few
    councils' pages, so their gains are in-sample."""
    text = candidate.span.text
    if kind in ("finding", "recommendation", "response") and (
            asks(text) or names_judgement_area(text)):
        return True
    if kind == "recommendation" and (introduces_list(body, candidate.span.end)
                                     or lexicon_cue("recommendation-not").search(text)):
        return True
    if kind in ("recommendation", "response") and lexicon_cue("item-noting").search(text):
        return True
    if kind == "finding" and lexicon_cue("finding-not-seen").search(text):
        return True
    return kind == "resolution" and lexicon_cue("resolution-routine").search(text) is not None


def asks(text: str) -> bool:
    """Whether `text` holds a question: a question mark, or a member asking, querying or
    seeking clarification (`lexicon/item-questions`)."""
    return "?" in text or lexicon_cue("item-questions").search(text) is not None


def introduces_list(body: str, end: int) -> bool:
    """Whether a colon and a line break follow `end` in `body`: what ends there introduces
    the lines after it (a list, or points the page goes on to give)."""
    return LIST_INTRODUCTION_END.match(body, end) is not None


def names_judgement_area(text: str) -> bool:
    """Whether `text`, but for bullets and punctuation at either end, is the name of one of
    Ofsted's judgement areas (`lexicon/inspection-judgement-areas`): a line of the list of
    areas an inspection judged names an area, not what was found in it."""
    bare = OUTER_PUNCTUATION.sub("", text)
    found = lexicon_cue("inspection-judgement-areas").match(bare)
    return found is not None and found.end() == len(bare)


def disjoint(groups: dict[str, list[Proposal]]) -> list[tuple[int, str]]:
    """(candidate index, kind) of the proposals taken, in document order: of each group,
    the heaviest that do not overlap (`heaviest_disjoint`)."""
    return sorted((proposal.index, proposal.kind) for group in groups.values()
                  for proposal in heaviest_disjoint(group))


def whole_recommendations(found: Candidates, proposals: list[Proposal]) -> list[Proposal]:
    """The `proposals` but for the recommendations that are parts of a sentence proposed
    whole as a recommendation at least as likely as every part of it: one ask, though
    its sentence has commas and an "and" ("Ensure that the Local Safeguarding Children
    Board supports partners to understand and consistently apply appropriate
    thresholds ..."), is one recommendation (the guide: one per point), where summing
    the margins took its fragments as three. Findings stay free to split, as their
    sentences often report two ("early help was found to be good and there was
    recognition of good relationships"): the same rule for them lowered findings F1.
    Council-grouped cross-validation over ten groupings: recommendations F1 0.594 to
    0.610, items F1 0.615 to 0.617 (`docs/extractor-history.md`)."""
    placed = [(proposal, found.items[proposal.index].sentence,
               spans_whole_sentence(found, found.items[proposal.index]))
              for proposal in proposals if proposal.kind == "recommendation"]
    whole: dict[int, float] = {}
    best_part: dict[int, float] = {}
    for proposal, sentence, is_whole in placed:
        margins = whole if is_whole else best_part
        margins[sentence] = max(margins.get(sentence, 0.0), proposal.margin)
    parts_of_whole = {proposal for proposal, sentence, is_whole in placed
                      if not is_whole and whole.get(sentence, -1.0) >= best_part[sentence]}
    return [proposal for proposal in proposals if proposal not in parts_of_whole]


def choose(model: ExtractorModel, found: Candidates, scores: Scores) -> list[Chosen]:
    """The items of one document, in document order (`scores`: its candidates',
    `ExtractorModel.scores`)."""
    on_card, body = model.card.get("thresholds", {}), found.document.body
    thresholds = {kind: on_card.get(kind, THRESHOLDS[kind]) for kind in LEARNT_KINDS}
    groups: dict[str, list[Proposal]] = {}
    for kind, threshold in thresholds.items():
        for index, probabilities in enumerate(scores[kind]):
            probability = probabilities.get(YES, 0.0)
            if probability >= threshold and not vetoed(kind, found.items[index], body):
                span = found.items[index].span
                groups.setdefault(kind if kind in SHARE_SPANS else "", []).append(
                    Proposal(span.start, span.end, probability - threshold, index, kind))
    groups = {name: whole_recommendations(found, group) for name, group in groups.items()}
    taken = disjoint(groups)
    siblings = list_siblings(found, scores, taken, thresholds)
    if siblings:
        groups.setdefault("", []).extend(siblings)
        taken = disjoint(groups)
    named = named_recommendation(found, scores, taken, groups.get("", []))
    if named:
        groups.setdefault("", []).extend(named)
        taken = disjoint(groups)
    chosen, on_page = [], page_theme(body)
    said: set[tuple[str, tuple[str, ...]]] = set()
    for index, kind in taken:
        candidate, probability = found.items[index], scores[kind][index].get(YES, 0.0)
        statement = (kind, tuple(WORD.findall(candidate.span.text.lower())))
        if statement in said:  # the page repeats it: one item, quoted where it first is
            continue
        said.add(statement)
        sentence = found.sentences[candidate.sentence].text if found.sentences else ""
        chosen.append(Chosen(
            kind=kind, candidate=candidate,
            theme=(guide_theme(candidate.span.text) or best_theme(candidate.span.text)
                   or on_page or best(scores["theme"][index])
                   or theme_of(candidate.span.text, sentence))
            if kind in ("finding", "recommendation", "response") else None,
            polarity=polarity_of(candidate.span.text, sentence) if kind == "finding" else None,
            basis=response_basis(scores["basis"][index], probability)
            if kind == "response" else None,
            probability=probability,
        ))
    return chosen


NUDGE_MARGIN = 0.001
"""What an item proposed by a rule of the page's structure (`list_siblings`,
`named_recommendation`) weighs in the decoding: enough to be taken where no proposal
overlaps it, never enough to displace one."""
LIST_KINDS = ("finding", "recommendation", "response")
"""The kinds whose lists `list_siblings` completes."""
SIBLING_SHARE = 0.5
"""A point of a list is proposed as the kind of another point of it from this share of
that kind's threshold: 0.3 to 0.7 score alike (`list_siblings`)."""
POINT_SHARE = 0.9
"""A candidate quotes a point of a list when it lies within it and spans at least this
share of its characters."""


def list_siblings(found: Candidates, scores: Scores, taken: list[tuple[int, str]],
                  thresholds: dict[str, float]) -> list[Proposal]:
    """The points of a page's lists (`features.list_points`) that hold no item yet,
    proposed as the kinds the list's other points were taken as, when their classifier
    gives them at least `SIBLING_SHARE` of its threshold. The guide gives a list one item
    per point, and a list's points are mostly of one kind (the areas for improvement,
    the strengths, the actions), so a point the model finds somewhat likely is likelier
    for the company it keeps. Council-grouped cross-validation over ten groupings:
    items F1 0.610 to 0.615, trace F1 0.320 to 0.330
    (`docs/extractor-history.md`)."""
    body, points = found.document.body, PointIndex(list_points(found))
    kinds: dict[int, set[str]] = {}
    held: set[ListPoint] = set()
    for index, kind in taken:
        item = found.items[index]
        for point in points.holding(item.sentence, item.span):
            held.add(point)
            if kind in LIST_KINDS:
                kinds.setdefault(point.list_number, set()).add(kind)
    proposals: dict[tuple[int, str], Proposal] = {}
    for index, candidate in enumerate(found.items):
        for point in points.holding(candidate.sentence, candidate.span):
            if point in held or not quotes(candidate.span, point.span):
                continue
            for kind in sorted(kinds.get(point.list_number, set())):
                probability = scores[kind][index].get(YES, 0.0)
                if SIBLING_SHARE * thresholds[kind] <= probability < thresholds[kind] \
                        and not vetoed(kind, candidate, body):
                    span = candidate.span
                    proposals[index, kind] = Proposal(span.start, span.end, NUDGE_MARGIN,
                                                      index, kind)
    return list(proposals.values())


class PointIndex:
    """The points of a page's lists by sentence, found for a span in log time: a
    sentence with thousands of semicolons must not cost its candidates times its
    points."""

    def __init__(self, points: list[ListPoint]) -> None:
        self.by_sentence: dict[int, list[ListPoint]] = {}
        for point in points:
            self.by_sentence.setdefault(point.sentence, []).append(point)
        self.starts = {sentence: [point.span.start for point in sentence_points]
                       for sentence, sentence_points in self.by_sentence.items()}

    def holding(self, sentence: int, span: Span) -> list[ListPoint]:
        """The points of `sentence` that `span` lies within: a list line (the whole
        sentence) and the semicolon part it is in, each listed in start order."""
        sentence_points = self.by_sentence.get(sentence, [])
        if not sentence_points:
            return []
        last = bisect.bisect_right(self.starts[sentence], span.start)
        return [point for point in sentence_points[:1] + sentence_points[max(1, last - 1):last]
                if point.span.start <= span.start and span.end <= point.span.end]


def quotes(candidate: Span, point: Span) -> bool:
    """Whether `candidate` quotes the list `point` (`POINT_SHARE`)."""
    return point.start <= candidate.start and candidate.end <= point.end \
        and candidate.end - candidate.start >= POINT_SHARE * (point.end - point.start)


def named_recommendation(found: Candidates, scores: Scores, taken: list[tuple[int, str]],
                         proposals: list[Proposal]) -> list[Proposal]:
    """The recommendation of a page that answers an inspection but, by the model, was
    asked nothing (responses are `taken`, no recommendation is): of its candidates that
    name the inspection's asks (`lexicon/recommendation-names`: "the 14
    recommendations", "areas for improvement") and are not among the `proposals`
    already, the one its classifier finds likeliest. The guide makes such a phrase one
    Recommendation where the points are not given, and a page that reports the
    council's responses often refers to what was asked. About half of those so taken
    are right (25 of 46 over ten council groupings), so recall gains more than precision
    loses: recommendations F1 0.565 to 0.579, trace F1 0.309 to 0.320
    (`docs/extractor-history.md`)."""
    kinds_taken = {kind for _, kind in taken}
    if "response" not in kinds_taken or "recommendation" in kinds_taken:
        return []
    proposed = {proposal.index for proposal in proposals if proposal.kind == "recommendation"}
    body, names = found.document.body, lexicon_cue("recommendation-names")
    named = [(probabilities.get(YES, 0.0), -index)
             for index, probabilities in enumerate(scores["recommendation"])
             if index not in proposed and names.search(found.items[index].span.text)
             and not vetoed("recommendation", found.items[index], body)]
    if not named:
        return []
    index = -max(named)[1]
    span = found.items[index].span
    return [Proposal(span.start, span.end, NUDGE_MARGIN, index, "recommendation")]


def response_basis(basis_probabilities: dict[str, float], probability: float) -> str:
    """How a response is linked: the basis classifier's answer (a whole plan when the
    model has none), `theme` for a whole plan when the response classifier gave the
    response less than `WHOLE_PLAN_CONFIDENCE` (its `probability`)."""
    basis = best(basis_probabilities) or "plan"
    return "theme" if basis == "plan" and probability < WHOLE_PLAN_CONFIDENCE else basis
