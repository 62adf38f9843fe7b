"""Candidates: every passage of a document that could be quoted as an item.

The trained model decides what each candidate is; this stage only proposes spans at the
sizes items are quoted at in real minutes: whole sentences (and list lines), their
clauses, and the spans the cue-phrase rules (`graph.extract.items`, `metrics`,
`resolutions`) would quote, each remembering which kind the rules gave it. What the
rules say becomes a feature, never the decision, with one exception: metrics, which the
metric rules quote better than the model learns to (see `LEARNT_KINDS`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.extract.items import read_items
from graph.extract.metrics import find_metrics
from graph.extract.resolutions import find_resolutions
from graph.extract.sections import relevant_spans
from graph.extract.sentences import cut, split_clauses, split_sentences
from graph.model import Document, Metric, Span

KINDS = ("finding", "recommendation", "response", "metric", "resolution")
"""The quoted classes (the kinds the rules give, as flags)."""
LEARNT_KINDS = ("finding", "recommendation", "response", "resolution")
"""The classes the model decides, one classifier each, proposed in this order. Metrics
are the metric rules' (`Candidates.metrics`): a number with its measure is a pattern,
and council-grouped cross-validation scored the rules' metrics at F1 0.62 against 0.47
for a metric classifier (items F1 0.565 against 0.559)."""
HEAD_NOUN = re.compile(
    r"\b(?:recommendations?|areas? (?:for|of|requiring|that required|which required)"
    r"(?: priority| further| significant)? (?:improvement|development|action|concern|focus)s?"
    r"|(?:priority|further) actions?|action points?|(?:improvement|action) plans?"
    r"|written statement of action|improvement board|next steps)\b", re.I)
"""Nouns that name an item by its kind ("the Ofsted recommendations", "the areas for
improvement", "the improvement plan"): real minutes often quote just that phrase."""
PHRASE_STOP = re.compile(r"[,.;:()\n]|\b(?:that|which|and|but|whilst|while|who)\b", re.I)
PHRASE_WORDS = 6
"""At most this many words on each side of a head noun belong to its phrase."""
FRAGMENT_CUT = re.compile(r",\s+|\s*[–—-]\s+|\s*[()]\s*"
                          r"|\s+(?:and|but|whilst|while|which|despite|with)\s+", re.I)
"""Where a sentence is cut into fragments: finer than its clauses, because real minutes
often quote one item of a run ("the multi agency arrangements were good and the thresholds
well embedded") or a judgement inside a longer sentence."""
FINER = frozenset({"fragment", "clauses"})
"""Sizes proposed only where no sentence, clause, phrase or rule span already is, and
given no rule kinds: a piece cut across a rule's span rarely is what the rule quoted
(with the kinds, cross-validated items F1 was 0.01 lower)."""
FRAGMENT_WORDS = 5
"""Fragments shorter than this are left out: too short to be an item on their own.
Council-grouped cross-validation, averaged over five reshuffled groupings: items F1
0.568 at 5 words, 0.561 at 4, 0.565 at 6; 2 or 3 add noise."""


@dataclass(frozen=True)
class Candidate:
    """One span the model classifies."""

    span: Span
    sentence: int
    """Index of the sentence (in `Candidates.sentences`) the span lies in."""
    size: str
    """`sentence`, `clause`, `clauses` (two clauses in a row), `fragment` (between commas,
    brackets, dashes and conjunctions), `phrase` (around a head noun) or `rule` (a span
    the cue-phrase rules quote)."""
    rule_kinds: frozenset[str]
    """The kinds the rules gave to spans overlapping this one."""
    relevant: bool
    """Whether the span lies in a part of the page about an inspection."""


@dataclass(frozen=True)
class Candidates:
    """The candidates of one document and the sentences they lie in."""

    document: Document
    sentences: tuple[Span, ...]
    relevant: tuple[Span, ...]
    """The sentences in the parts of the page about an inspection."""
    items: tuple[Candidate, ...]
    metrics: tuple[Metric, ...] = ()
    """The metrics the metric rules find in the relevant sentences."""


def rule_spans(document: Document, sentences: list[Span], relevant: list[Span],
               metrics: tuple[Metric, ...]) -> list[tuple[str, Span]]:
    """(kind, span) for every item the cue-phrase rules find (`metrics`: the metric
    rules' finds)."""
    spans = [(item.kind, item.quote) for item in read_items(document.body, relevant)]
    spans += [("metric", metric.quote) for metric in metrics]
    spans += [("resolution", resolution.quote)
              for resolution in find_resolutions(document, sentences)]
    return spans


def noun_phrases(sentence: Span) -> list[Span]:
    """The phrase around each head noun of `sentence`, up to the nearest clause break and
    at most `PHRASE_WORDS` words either side."""
    text, phrases = sentence.text, []
    for match in HEAD_NOUN.finditer(text):
        left_words = list(re.finditer(r"\S+", text[:match.start()]))[-PHRASE_WORDS:]
        start = match.start()
        for word in reversed(left_words):
            if PHRASE_STOP.search(word.group()):
                break
            start = word.start()
        right = PHRASE_STOP.search(text, match.end())
        end = right.start() if right else len(text)
        tail = list(re.finditer(r"\S+", text[match.end():end]))[:PHRASE_WORDS]
        end = match.end() + tail[-1].end() if tail else match.end()
        phrases.append(Span(sentence.start + start, sentence.start + end, text[start:end]))
    return phrases


def fragments(body: str, sentence: Span) -> list[Span]:
    """The pieces of `sentence` between `FRAGMENT_CUT`s, trimmed as clauses are (none
    when it has no cut)."""
    cuts = [(match.start(), match.end()) for match in FRAGMENT_CUT.finditer(sentence.text)]
    return cut(body, sentence, cuts) if cuts else []


def clause_pairs(body: str, clauses: Sequence[Span]) -> list[Span]:
    """Each two clauses in a row as one span: an item quoted across a clause break."""
    return [Span(first.start, second.end, body[first.start:second.end])
            for first, second in itertools.pairwise(clauses)]


def spans_whole_sentence(found: Candidates, candidate: Candidate) -> bool:
    """Whether `candidate` quotes the whole of its sentence (as any does on a page of no
    sentences)."""
    if not found.sentences:
        return True
    sentence = found.sentences[candidate.sentence]
    return (candidate.span.start, candidate.span.end) == (sentence.start, sentence.end)


def sentence_of(sentences: list[Span], span: Span, hint: int = 0) -> int:
    """Index of the sentence containing `span`'s start (the nearest one before it)."""
    index = hint
    while index + 1 < len(sentences) and sentences[index + 1].start <= span.start:
        index += 1
    return index


def generate(document: Document) -> Candidates:
    """Every candidate of `document`, in document order, each span once."""
    body = document.body
    sentences = split_sentences(body)
    relevant = relevant_spans(document, sentences)
    relevant_starts = {span.start for span in relevant}
    metrics = find_metrics(relevant)
    rules = sorted(rule_spans(document, sentences, relevant, metrics),
                   key=lambda pair: (pair[1].start, pair[1].end))
    proposed: dict[tuple[int, int], tuple[Span, int, str]] = {}
    clauses = [split_clauses(body, sentence) for sentence in sentences]
    for index, sentence in enumerate(sentences):
        proposed[(sentence.start, sentence.end)] = (sentence, index, "sentence")
        for clause in clauses[index]:
            proposed.setdefault((clause.start, clause.end), (clause, index, "clause"))
        for phrase in noun_phrases(sentence):
            proposed.setdefault((phrase.start, phrase.end), (phrase, index, "phrase"))
    by_sentence: dict[int, list[tuple[str, Span]]] = {}
    hint = 0
    for kind, span in rules:
        hint = sentence_of(sentences, span, hint) if sentences else 0
        proposed.setdefault((span.start, span.end), (span, hint, "rule"))
        by_sentence.setdefault(hint, []).append((kind, span))
    for index, sentence in enumerate(sentences):  # the finer spans, where nothing else is
        for size, spans in (("fragment", fragments(body, sentence)),
                            ("clauses", clause_pairs(body, clauses[index]))):
            for span in spans:  # sizes of FINER
                if len(span.text.split()) >= FRAGMENT_WORDS:
                    proposed.setdefault((span.start, span.end), (span, index, size))
    items = []
    for key in sorted(proposed):
        span, index, size = proposed[key]
        nearby = by_sentence.get(index - 1, []) + by_sentence.get(index, []) \
            + by_sentence.get(index + 1, [])
        kinds = frozenset() if size in FINER else frozenset(
            kind for kind, rule in nearby if rule.start < span.end and span.start < rule.end)
        relevant_here = bool(sentences) and sentences[index].start in relevant_starts
        items.append(Candidate(span, index, size, kinds, relevant_here))
    return Candidates(document, tuple(sentences), tuple(relevant), tuple(items), metrics)
