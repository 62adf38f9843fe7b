"""Features: what the model sees of a candidate.

Two views, each a column of the model's input: the candidate's own text, and flags that
its n-grams cannot show: its size, whether it is a list line
and what the list's introduction names or asks for, whether it holds a number or a
percentage, and what the cue-phrase rules and the theme and polarity keywords say of it.
(The words of the sentences around a candidate, and the cue lexicons of the sentences
beside it, were tried: they lowered the cross-validated score, fitting the councils
trained on. So did where on the page a candidate lies, and whether a decision word comes
shortly before it: dropping those flags raised it.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.extract.candidates import HEAD_NOUN, Candidate, Candidates, spans_whole_sentence
from graph.extract.cues import lexicon_cue, lexicon_set
from graph.extract.sentences import BLANK, bullet_class, cut, line_start
from graph.extract.themes import best_theme, polarity_cues
from graph.model import Span

LIST_LEAD = re.compile(rf"[ \t]*(?:{bullet_class()}|\(?\d{{1,2}}[.)]|\(?[a-z][.)]"
                       r"|\(?[ivx]{1,4}\))[ \t]*", re.I)
"""What stands between the start of a line and a list line's first word."""
NUMBER = re.compile(r"\d")
SEMICOLON = re.compile(";")
PERCENT = re.compile(r"\d\s?%|per ?cent", re.I)
INSPECTION_WORDS = re.compile(r"ofsted|inspect|monitoring visit|focused visit|jtai|\bvisit\b",
                              re.I)
FOUND_WORDS = re.compile(r"\b(?:found|find|findings?|judged|noted|identified|strengths?)\b", re.I)


def bucket(value: float, edges: tuple[float, ...]) -> int:
    """The index of the first edge above `value` (len(edges) when none is)."""
    return next((index for index, edge in enumerate(edges) if value < edge), len(edges))


CUE_LEXICONS = ("finding-verbs", "finding-sources", "finding-judgements", "finding-evaluative",
                "response-actions", "response-nouns", "response-whole-plans",
                "recommendation-cues", "recommendation-requests", "resolution-markers",
                "inspection-past-cues")
"""Cue-phrase lexicons whose presence (in the candidate, and in its sentence) is a flag:
a word class the model can generalise from where single n-grams are too rare."""
JUDGEMENT = re.compile(r"\b(?:outstanding|good|requires? improvement|inadequate)\b", re.I)
INTRO_REACH = 30
"""A list introduction ("These were:") governs at most this many lines after it."""


def ends_with_colon(body: str, end: int) -> bool:
    """Whether a colon follows `end` (sentences are trimmed of their closing colon)."""
    return body[end:end + 3].lstrip(" \t")[:1] == ":"


def is_list_line(body: str, sentence: Span) -> bool:
    """Whether a bullet or a list number opens the sentence's line."""
    return LIST_LEAD.fullmatch(body, line_start(body, sentence.start), sentence.start) is not None


@dataclass(frozen=True)
class ListPoint:
    """One point of a list on a page (`list_points`)."""

    list_number: int
    """Which list of the page it is a point of."""
    sentence: int
    """The sentence it is, or is a part of."""
    span: Span


def list_points(found: Candidates) -> list[ListPoint]:
    """The points of the page's lists (the guide: "a list is one item per point"): the
    lines of a bulleted or numbered list, a line's further sentences belonging to it, and
    the parts of a sentence that semicolons divide ("areas for improvement included
    ceasing the use of bed and breakfast; reviewing quality assurance"). A sentence that
    opens a line without a bullet ends a list."""
    body, points, lists = found.document.body, [], 0
    lines: int | None = None  # the number of the bulleted or numbered list being read
    for index, sentence in enumerate(found.sentences):
        if is_list_line(body, sentence):
            if lines is None:
                lines, lists = lists, lists + 1
            points.append(ListPoint(lines, index, sentence))
        elif BLANK.fullmatch(body, line_start(body, sentence.start), sentence.start):
            lines = None
        parts = semicolon_parts(body, sentence)
        if len(parts) > 1:
            points += [ListPoint(lists, index, part) for part in parts]
            lists += 1
    return points


def semicolon_parts(body: str, sentence: Span) -> list[Span]:
    """The parts of `sentence` between semicolons, trimmed as clauses are (`sentences.cut`)."""
    return cut(body, sentence, [match.span() for match in SEMICOLON.finditer(sentence.text)])


def intro_of(found: Candidates, index: int) -> str:
    """The sentence ending in a colon that introduces the list sentence `index` is in (or
    the sentence just before it): "Ofsted made eight recommendations in these areas:"."""
    body, sentences = found.document.body, found.sentences
    before = index - 1
    while before >= 0 and index - before <= INTRO_REACH and is_list_line(body, sentences[before]):
        before -= 1
    if before >= 0 and ends_with_colon(body, sentences[before].end):
        return sentences[before].text
    return ""


@dataclass(frozen=True)
class SentenceFacts:
    """What the flags of every candidate of one sentence share, computed once."""

    inspection_distance: int
    """How many sentences away the nearest one naming an inspection is."""
    cues: frozenset[str]
    """The cue lexicons (`CUE_LEXICONS`) with a match in the sentence."""
    intro: str
    """The introduction of the list the sentence is a line of (see `intro_of`)."""
    list_line: bool
    first_colon: int = -1
    """Where the sentence's first colon is in its text (-1 for none): a candidate after it
    is labelled by what precedes it in the sentence, found without copying that text for
    every candidate of a long sentence."""


def cue_lexicons_in(text: str) -> frozenset[str]:
    """The cue lexicons (`CUE_LEXICONS`) with a match in `text`."""
    return frozenset(CUE_LEXICONS[index] for index in lexicon_set(CUE_LEXICONS).matching(text))


def sentence_facts(found: Candidates) -> list[SentenceFacts]:
    """Per sentence of `found`, its `SentenceFacts`, in one pass over the page."""
    body, sentences = found.document.body, found.sentences
    naming = [i for i, sentence in enumerate(sentences) if INSPECTION_WORDS.search(sentence.text)]
    facts, next_index = [], 0
    for index, sentence in enumerate(sentences):
        while next_index < len(naming) and naming[next_index] < index:
            next_index += 1
        around = naming[max(0, next_index - 1):next_index + 1]
        facts.append(SentenceFacts(
            inspection_distance=min((abs(index - i) for i in around), default=99),
            cues=cue_lexicons_in(sentence.text),
            intro=intro_of(found, index),
            list_line=is_list_line(body, sentence),
            first_colon=sentence.text.find(":")))
    return facts


def candidate_row(found: Candidates, candidate: Candidate,
                  facts: Sequence[SentenceFacts]) -> tuple[str, dict[str, float]]:
    """(text, flags) of one candidate (`facts`: `sentence_facts(found)`)."""
    body, span = found.document.body, candidate.span
    sentences = found.sentences
    sentence = sentences[candidate.sentence] if sentences else span
    shared = facts[candidate.sentence] if facts else SentenceFacts(99, frozenset(), "", False)
    words = len(span.text.split())
    weak, strong = polarity_cues(span.text)
    whole = spans_whole_sentence(found, candidate)
    flags: dict[str, float] = {
        f"size={candidate.size}": 1.0,
        f"words={bucket(words, (4, 8, 15, 25, 40, 70))}": 1.0,
        "whole_sentence": float(whole),
        "list_line": float(shared.list_line),
        "after_colon": float(candidate.sentence > 0 and ends_with_colon(
            body, sentences[candidate.sentence - 1].end)),
        "number": float(bool(NUMBER.search(span.text))),
        "percent": float(bool(PERCENT.search(span.text))),
        "relevant": float(candidate.relevant),
        "weakness_cues": float(min(weak, 3)),
        "strength_cues": float(min(strong, 3)),
        f"theme={best_theme(span.text) or 'none'}": 1.0,
        f"inspection_distance={bucket(shared.inspection_distance, (1, 2, 4, 8))}": 1.0,
    }
    own = shared.cues if whole or not shared.cues else cue_lexicons_in(span.text)
    for name in sorted(shared.cues):
        if name in own:
            flags[f"cue={name}"] = 1.0
        else:
            flags[f"cue={name}@sentence"] = 1.0
    if JUDGEMENT.search(span.text):
        flags["judgement_word"] = 1.0
    for kind in sorted(candidate.rule_kinds):
        flags[f"rule={kind}"] = 1.0
        flags[f"rule={kind}&size={candidate.size}"] = 1.0
    before = span.start - sentence.start
    intro = shared.intro + (sentence.text[:before] if 0 <= shared.first_colon < before else "")
    named = {f"intro={noun.lower().split()[0].rstrip('s')}" for noun in HEAD_NOUN.findall(intro)}
    if FOUND_WORDS.search(intro):
        named.add("intro=found")
    if lexicon_cue("recommendation-requests").search(intro):
        named.add("intro=request")
    for name in sorted(named):
        flags[name] = 1.0
        if shared.list_line:
            flags[f"list&{name}"] = 1.0
    return span.text, flags
