"""Split a minutes body into sentences, clauses and list items, keeping exact offsets.

Minutes mix prose, bullet lists and numbered resolutions, so a line break that ends a
bullet or a list item ends a sentence too. Items are quoted at clause size (the scorer
and a reader both want the words of one point, not a paragraph), so a sentence can be
cut further at clause boundaries and at the separators of an inline list.

Every function returns `Span`s whose text is exactly `body[start:end]`.
"""

from __future__ import annotations

import bisect
import functools
import re

from graph.extract.lexicon import phrases
from graph.model import Span

LINE = re.compile(r"[^\n]+")
BLANK = re.compile(r"\s*")
"""Space, matched where a stage would strip it, to test or skip it without copying text."""
DANGLING_END = re.compile(r"\s(?:of|to|for|in|on|with|by|from|at|into|the|a|an|and|or)$", re.I)
"""A line ending in one of these words runs on, even into a capital ("in\nApril")."""
SPLIT_WORD = re.compile(r"[A-Za-z]-$")
"""A line ending in a word broken by a hyphen ("inspec-\ntion") runs on."""
WRAP_WIDTH = 50
"""In a paragraph the page has already been seen to wrap, a line at least this long that
runs straight into the next without ending a sentence was wrapped too ("... Services and
HM\nInspectorate of ..."); a table's lines ("Overall effectiveness: Good") stay apart."""
SYMBOL_BULLETS = "•·▪◦●○■□➢►▶✓§*"
"""The word processors' bullets as the minutes keep them ("·", "§" and "➢" are Word's
symbol-font bullets pasted as text)."""
BULLETS = SYMBOL_BULLETS + "-–—"
"""What may open a list line: a bullet or a dash. One set for every stage that reads
lists (`bullet_class`)."""


@functools.lru_cache(maxsize=4)
def line_breaks(body: str) -> tuple[int, ...]:
    """Where `body`'s line breaks are, found once a page: every stage asks which line a
    sentence is on, and scanning back to the last break each time cost a page written as
    one long line the square of its length."""
    return tuple(match.start() for match in re.finditer("\n", body))


def line_start(body: str, position: int) -> int:
    """Where the line holding `position` starts: just after the last line break before it."""
    breaks = line_breaks(body)
    before = bisect.bisect_left(breaks, position)
    return breaks[before - 1] + 1 if before else 0


def line_end(body: str, position: int) -> int:
    """Where the line holding `position` ends: its line break, or the end of `body`."""
    breaks = line_breaks(body)
    after = bisect.bisect_left(breaks, position)
    return breaks[after] if after < len(breaks) else len(body)


def bullet_class() -> str:
    """`BULLETS` as a regular-expression character class."""
    return "[" + re.escape(BULLETS) + "]"


SENTENCE_END = re.compile(rf"[.!?][\"'”’)]*(?=\s+[\"'“‘(]*[A-Z0-9{re.escape(SYMBOL_BULLETS)}])")
LIST_MARKER = re.compile(
    rf"^(?:{bullet_class()}+|\(?\d{{1,2}}[.)]|\(?[a-z][.)]|\(?[ivx]{{1,4}}\))(?=\s)", re.I
)
WRAPPED = re.compile(r"[a-z(]")
TRIM_CHARS = " \t\u00a0;:," + BULLETS
TAIL_CONNECTIVE = re.compile(r"(?:[;,:]\s*|\s+)(?:and|or)$", re.I)
LIST_SEPARATOR = re.compile(r"\s*;\s*(?:and\s+|or\s+)?|,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
QUALIFIER = re.compile(r"(?:the latter|the former|which|who|whose|where|whilst|while)\b", re.I)
"""Words opening a piece of a list that only qualifies the point before it."""
VERBS = "|".join(phrases("section-subject-verbs"))
"""Auxiliary and finite verbs: after `and`, they show a new clause with its own subject."""


def abbreviation_pattern() -> re.Pattern[str]:
    """Words ending in a full stop that do not end a sentence (`Mr.`, `e.g.`, `No.`)."""
    words = "|".join(re.escape(word) for word in phrases("section-abbreviations"))
    return re.compile(rf"(?<!\w)(?:{words})$", re.I)


ABBREVIATION = abbreviation_pattern()
ABBREVIATION_REACH = max(map(len, phrases("section-abbreviations")), default=0) + 1
"""How far before a full stop an abbreviation can start, counting the character before
it: a sentence's end is checked over only that much of its line, so a line of many
sentences costs its length once, not once per sentence."""


def leading_connective() -> re.Pattern[str]:
    """A connective and comma opening a clause ("However, ..."): not part of the point."""
    connectives = "|".join(phrases("section-clause-breaks"))
    return re.compile(rf"^(?:{connectives}|also|further(?:more)?|moreover|additionally"
                      rf"|(?:further|in addition) to this|as a result|following this),\s*",
                      re.I)


LEADING_CONNECTIVE = leading_connective()


def trimmed(body: str, start: int, end: int) -> Span | None:
    """`body[start:end]` without surrounding space, bullets, list numbers and dangling `and`.

    None when nothing worth quoting is left.
    """
    while True:
        text = body[start:end]
        stripped = text.lstrip(TRIM_CHARS)
        start += len(text) - len(stripped)
        marker = LIST_MARKER.match(stripped) or LEADING_CONNECTIVE.match(stripped)
        if marker:
            start += marker.end()
            continue
        text = body[start:end]
        stripped = text.rstrip(TRIM_CHARS + ".")
        end -= len(text) - len(stripped)
        tail = TAIL_CONNECTIVE.search(body[start:end])
        if tail and tail.start() > 0:
            end = start + tail.start()
            continue
        break
    text = body[start:end]
    if end - start < 3 or not re.search(r"[A-Za-z]", text):
        return None
    return Span(start, end, text)


def logical_lines(body: str) -> list[tuple[int, int]]:
    """(start, end) of each line, with hard-wrapped lines joined.

    Text copied from a PDF breaks lines inside sentences; a line that does not end a
    sentence, followed by one that starts in lower case (or ends in a word that cannot end
    a sentence, such as "in" or "the"), is the same sentence; so is a line ending in a
    hyphenated word, or a long line of a paragraph already wrapped, followed directly by
    the next.
    """
    lines: list[tuple[int, int]] = []
    last_start = 0  # where the last line joined to `lines[-1]` starts
    for line in LINE.finditer(body):
        text = line.group().strip()
        if not text:
            continue
        if lines and not LIST_MARKER.match(text):
            # How the line before ends, read from its last line (and the break before it)
            # only: reading all the lines joined so far cost a long wrapped paragraph the
            # square of its length.
            previous = body[max(lines[-1][0], last_start - 1):lines[-1][1]].rstrip()
            adjacent = not body[lines[-1][1]:line.start()].strip("\n\r \t") \
                and body.count("\n", lines[-1][1], line.start()) == 1
            if previous and previous[-1] not in ".!?:;" and (
                    WRAPPED.match(text) or DANGLING_END.search(previous)
                    or (adjacent and (SPLIT_WORD.search(previous)
                                      or (last_start > lines[-1][0]
                                          and len(body[last_start:lines[-1][1]].strip())
                                          >= WRAP_WIDTH)))):
                lines[-1] = (lines[-1][0], line.end())
                last_start = line.start()
                continue
        lines.append((line.start(), line.end()))
        last_start = line.start()
    return lines


def split_sentences(body: str) -> list[Span]:
    """Sentences (and list items) of `body`, trimmed of bullets, numbers and surrounding space."""
    spans = []
    for first, last in logical_lines(body):
        start = first
        for end_mark in SENTENCE_END.finditer(body, first, last):
            if ABBREVIATION.search(body, max(first, end_mark.start() - ABBREVIATION_REACH),
                                   end_mark.start()):
                continue
            span = trimmed(body, start, end_mark.end())
            if span:
                spans.append(span)
            start = end_mark.end()
        span = trimmed(body, start, last)
        if span:
            spans.append(span)
    return spans


def cut(body: str, span: Span, boundaries: list[tuple[int, int]]) -> list[Span]:
    """`span` cut at `boundaries` (local (start, end) of each separator), pieces trimmed."""
    pieces, start = [], span.start
    for local_start, local_end in boundaries:
        piece = trimmed(body, start, span.start + local_start)
        if piece:
            pieces.append(piece)
        start = span.start + local_end
    piece = trimmed(body, start, span.end)
    if piece:
        pieces.append(piece)
    return pieces


def split_list(body: str, span: Span) -> list[Span]:
    """The items of an inline list (`X, Y and Z`; `X; Y; and Z`), one span each.

    A piece that only qualifies the one before it (`, the latter to ...`,
    `, which ...`) stays with that item rather than becoming an item of its own.
    """
    separators = [(m.start(), m.end()) for m in LIST_SEPARATOR.finditer(span.text)]
    kept = [(a, b) for a, b in separators if not QUALIFIER.match(span.text[b:])]
    return cut(body, span, kept)


def clause_break_pattern() -> re.Pattern[str]:
    """Where a sentence may be cut into clauses.

    At a connective of `section-clause-breaks`, at a semicolon, at `, and`, before a
    second `that` clause ("found that X and that Y"), and at `and` when the words after
    it reach a verb of their own (a new subject: "... and the team were working ..."),
    not through a relative pronoun ("X and Y which would ...").
    """
    connectives = "|".join(sorted(phrases("section-clause-breaks"), key=len, reverse=True))
    return re.compile(
        rf"\s*;\s*(?:and\s+)?"
        rf"|,?\s+(?:{connectives})\b,?\s*"
        rf"|,\s+(?:and|so)\s+"
        rf"|,?\s+(?:and|but)\s+(?=that\s)"
        rf"|(?P<and>\s+and\s+)(?=(?:(?!(?:which|who|that)\b)[\w’'-]+\s+){{1,5}}?"
        rf"(?:{VERBS})\b)",
        re.I,
    )


CLAUSE_BREAK = clause_break_pattern()
DANGLING = re.compile(r"\b(?:of|to|for|in|on|with|by|from|about|into|the|a|an)\s*$", re.I)
"""Words a clause cannot end with: what follows the break completes it."""
HAS_VERB = re.compile(rf"\b(?:(?i:{VERBS})|[a-z]{{3,}}ed)\b")


@functools.lru_cache(maxsize=1024)
def split_clauses(body: str, sentence: Span) -> tuple[Span, ...]:
    """The clauses of `sentence`, in order; a sentence with no break gives itself.

    A bare `and` only cuts when the words before it (after any "that") have a verb too,
    so "Lunch and Learn sessions had been delivered" and "officers said that a campaign
    with schools and GPs had begun" stay whole. Nothing cuts after a dangling preposition
    ("the identification of, and response to, children ...").

    The answers for the sentences last asked about are kept: the cue-phrase rules and the
    candidates both cut every sentence of a page.
    """
    boundaries: list[tuple[int, int]] = []
    for match in CLAUSE_BREAK.finditer(sentence.text):
        previous_end = boundaries[-1][1] if boundaries else 0
        before = sentence.text[previous_end:match.start()]
        if DANGLING.search(before):
            continue
        if match.group("and") and not HAS_VERB.search(before.rsplit(" that ", 1)[-1]):
            continue
        boundaries.append((match.start(), match.end()))
    return tuple(cut(body, sentence, boundaries)) or (sentence,)

