"""Resolutions: what the committee resolved or decided, one per point.

A marker line ("RESOLVED:", "RESOLVED that ...", "Decisions", "AGREED -") opens a block.
The block's numbered or bulleted items are one resolution each, the first of them
perhaps on the marker line ("RESOLVED – (a) That ..."); without a list, the text after
the marker (or the next paragraph) is one resolution. Outside such blocks, a sentence
like "That the report be noted" stands on its own. Quotes drop the item number and a
trailing "; and".
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from graph.extract.intervals import Intervals
from graph.extract.lexicon import phrases
from graph.extract.sections import Section, relevant_sections
from graph.extract.sentences import bullet_class
from graph.model import Document, Resolution, Span

PARAGRAPH_NUMBER = r"\d{1,2}(?:\.\d{1,2})+\.?"
"""A paragraph number ("2.1 Note the outcome ..."): the items of a resolution when its
first item has one, else the next paragraph ("47.3 The Council's ...")."""
DOTTED = re.compile(rf"^\s*{PARAGRAPH_NUMBER}\s+")
ITEM = re.compile(rf"^\s*(?:\(?(?:\d{{1,2}}|[a-h]|[ivx]{{1,4}})[.)]|{PARAGRAPH_NUMBER}"
                  rf"|{bullet_class()})\s+", re.I)
INLINE_ITEM = re.compile(r"(?:^|\s)\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s+", re.I)
TRAILING = re.compile(r"(?:[\s;,.:]+|\s+and|\s*;\s*and|\s+or)+$", re.I)
STEM = re.compile(r"^(?:that|to|(?:that\s+)?(?:the\s+)?(?:[\w-]+\s+){0,8}?(?:committee|board|panel|"
                  r"cabinet|council|members|sub-committee|commission))\s*"
                  r"(?:[:;\-–—]+|\bto\b[:;\-–—]*|\bagreed\b[:;\-–—]*)?$",
                  re.I)
"""Words before a list that only introduce it: "That the Board", "That the Committee:",
"that:-", "to:"."""
NUMBER = r"(?:(?:\d{1,2}(?:\.\d{1,2})*[.)]?|\(?(?:[a-h]|[ivx]{1,4})[.)])[ \t]+)?"
"""An item or paragraph number before a marker: "8. RESOLVED", "5.7 The Committee resolved"."""
TITLE_SHARE = 0.75
"""Share of capitalised longer words from which a short line reads as a heading."""
GAP = 4
"""Characters of white space allowed between an item's text and its RESOLVED line."""


@functools.cache
def marker() -> re.Pattern[str]:
    words = "|".join(phrases("resolution-markers"))
    return re.compile(
        rf"^[ \t]*{NUMBER}(?:{words})(?:\b|(?<=\)))[ \t]*"
        rf"(?:[:\-–—]+[ \t]*|(?=that\b|to\b|\(\d|$))(?P<rest>.*)$",
        re.I | re.M,
    )


@functools.cache
def inline_marker() -> re.Pattern[str]:
    """RESOLVED or AGREED in capitals inside a line: "After discussion it was RESOLVED
    that the report be noted." (in lower case these words have other meanings)."""
    return re.compile(r"\b(?:RESOLVED|AGREED)\b[ \t]*[:\-–]?[ \t]*(?P<rest>[^\n]+)")


@functools.cache
def block_end() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{'|'.join(phrases('resolution-block-ends'))})", re.I)


@functools.cache
def standalone() -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(phrases('resolution-standalone'))})$", re.I | re.S)


def lines_after(body: str, offset: int) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line from `offset` on."""
    for match in re.finditer(r"[^\n]*", body[offset:]):
        if match.start() and body[offset + match.start() - 1] != "\n":
            continue
        yield offset + match.start(), match.group()


def clean_span(body: str, start: int, end: int) -> Span | None:
    """The trimmed quote of body[start:end]: no item number, no trailing "; and"."""
    text = body[start:end]
    number = ITEM.match(text)
    if number:
        start, text = start + number.end(), text[number.end() :]
    stripped = TRAILING.sub("", text)
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.strip()
    if len(stripped.split()) < 2:
        return None
    return Span(start + lead, start + lead + len(stripped), stripped)


def inline_items(body: str, start: int, end: int) -> list[Span]:
    """"(1) That ... (2) That ..." written on one line, split at the numbers."""
    text = body[start:end]
    cuts = [m.end() for m in INLINE_ITEM.finditer(text)]
    if len(cuts) < 2:
        return []
    bounds = [*cuts, len(text) + len(text)]
    spans = []
    for item_start, next_start in zip(cuts, bounds[1:], strict=False):
        item_end = min(next_start, len(text))
        following = INLINE_ITEM.search(text, item_start)
        if following and following.start() < item_end:
            item_end = following.start()
        span = clean_span(body, start + item_start, start + item_end)
        if span:
            spans.append(span)
    return spans


WRAP_LINES = 3
"""Lines a resolution wrapped by a PDF's line breaks may run on for."""


def wrapped_end(body: str, end: int) -> int:
    """The end of a resolution that runs on over wrapped lines ("... and the actions\n
    taken in response."): up to its full stop, over lines that are no item or heading."""
    for _ in range(WRAP_LINES):
        if body[:end].rstrip().endswith((".", ";", ":")):
            break
        following = re.match(r"\n([^\n]+)", body[end:])
        if not following:
            break
        line = following.group(1)
        if (ITEM.match(line) or marker().match(line) or block_end().match(line)
                or is_heading(line) or not line[:1].islower()):
            break
        end += following.end()
    return end


def block_resolutions(body: str, found: re.Match[str]) -> list[Span]:
    """The resolutions of the block a marker line opens."""
    rest_start, rest_end = found.start("rest"), found.end("rest")
    rest = found.group("rest").strip()
    inline = inline_items(body, rest_start, rest_end)
    if inline:
        return inline
    items: list[Span] = []
    dotted = False
    if rest and not STEM.match(rest):
        span = clean_span(body, rest_start, wrapped_end(body, rest_end))
        if not ITEM.match(rest):
            return [span] if span else []
        # "RESOLVED – (a) That the report be received and noted." opens a list whose
        # other points follow on lines of their own: "(b) That the actions ...".
        items += [span] if span else []
        dotted = bool(DOTTED.match(rest))
    for offset, line in lines_after(body, found.end() + 1):
        if not line.strip():
            continue
        if not items and STEM.match(line.strip()):
            continue  # "That the Select Committee:" on a line of its own introduces the list
        if block_end().match(line) or marker().match(line) or is_heading(line):
            break
        if ITEM.match(line):
            if items and bool(DOTTED.match(line)) != dotted:
                break
            dotted = bool(DOTTED.match(line))
            span = clean_span(body, offset, offset + len(line))
            items += [span] if span else []
            continue
        if not items and not rest:
            span = clean_span(body, offset, offset + len(line))
            return [span] if span else []
        break
    return items


def is_heading(line: str) -> bool:
    """The next item's title ("4. OFSTED FOCUSED VISIT", "5. School Attendance"), which
    ends a block: capitals throughout, or a short line of capitalised words."""
    text = ITEM.sub("", line).strip()
    if text[:1].islower():
        return False  # "(2) note the Written Statement of Action; and" is an item
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
    return (0 < len(words) <= 8 and not text.endswith((".", ";"))
            and sum(w[0].isupper() for w in words) / len(words) >= TITLE_SHARE)


def find_resolutions(document: Document, sentences: list[Span]) -> tuple[Resolution, ...]:
    """The resolutions of the parts of the page about an inspection, in order, each once.

    A page of several items ("Apologies", "Minutes of the last meeting", "Highways")
    keeps only the resolutions of the items `sections.relevant_sections` keeps.
    """
    body = document.body
    sections = relevant_sections(body)
    spans: dict[tuple[int, int], Span] = {}
    blocks = Intervals()

    def take_block(found: re.Match[str]) -> None:
        """The resolutions of the list a marker opens, the list then read as one block."""
        block = block_resolutions(body, found)
        for span in block:
            spans.setdefault((span.start, span.end), span)
        if block:
            blocks.add(found.start(), max(span.end for span in block))

    for found in marker().finditer(body):
        if in_sections(found.start(), sections, body):
            take_block(found)
    for found in inline_marker().finditer(body):
        if found.start() in blocks or not in_sections(found.start(), sections, body):
            continue
        if STEM.match(found.group("rest").strip()):
            # "The Executive Mayor and Cabinet, RESOLVED to;" and the list below it
            take_block(found)
        else:
            sentence_end = re.search(r"\.(?:\s|$)", found.group("rest"))
            end = found.start("rest") + (sentence_end.start() if sentence_end
                                         else len(found.group("rest")))
            span = clean_span(body, found.start("rest"), end)
            if span:
                spans.setdefault((span.start, span.end), span)
                blocks.add(found.start(), span.end)
    for sentence in sentences:
        inside = sentence.start in blocks
        if not inside and in_sections(sentence.start, sections, body) and standalone().match(
                sentence.text):
            for start, end in split_decisions(sentence):
                span = clean_span(body, start, end)
                if span:
                    spans.setdefault((span.start, span.end), span)
    return tuple(Resolution(quote=spans[key]) for key in sorted(spans))


@functools.cache
def decision_split() -> re.Pattern[str]:
    return re.compile(rf",?\s+and\s+(?=(?:{'|'.join(phrases('resolution-splits'))})\b)", re.I)


def split_decisions(sentence: Span) -> list[tuple[int, int]]:
    """[start, end) of each decision of a prose sentence: "The Panel noted the report, and
    agreed to review the plan at each meeting" holds two."""
    cuts = [(m.start(), m.end()) for m in decision_split().finditer(sentence.text)]
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(sentence.text)]
    return [(sentence.start + a, sentence.start + b) for a, b in zip(starts, ends, strict=True)]


def in_sections(offset: int, sections: list[Section], body: str) -> bool:
    """True when `offset` falls in a kept section, or in the white space just after one
    (a RESOLVED line a splitter took for the next heading). `sections` are in order and
    do not overlap, so only the last one starting at or before `offset` can hold it."""
    index = bisect.bisect_right(sections, offset, key=lambda section: section.start) - 1
    if index < 0:
        return False
    section = sections[index]
    return offset < section.end or (
        offset - section.end <= GAP and not body[section.end:offset].strip())
