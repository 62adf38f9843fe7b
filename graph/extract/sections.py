"""Keep only the parts of a minutes page that are about an inspection.

A ModernGov "printed minutes" page holds every item of a meeting: apologies,
declarations of interest, the minutes of the last meeting, then the substantive items.
Items are found by their headings (a numbered title, or a title in capitals that is not
one of a report's own subheadings, such as "NEXT STEPS"; on a page with ModernGov's table
of items, the item numbers standing alone on their lines); a
section is kept when its heading or its text is about an inspection and it is not one
of the routine items. A page with no headings is one item and is kept whole, and so are
the substantive items of a page none of whose items names an inspection (the page was
collected for one, in words the cues do not know).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.intervals import Intervals
from graph.extract.lexicon import phrase_pattern, phrases
from graph.model import Document, Span

NUMBERED_HEADING = re.compile(
    r"^\s*(?:item\s+)?(?:[A-Z]{1,6}[\s/]*)?\d{1,3}(?:[./]\d{1,3})?[.):]?\s+(?P<title>[A-Z].*)$",
    re.I,
)
DECISION = re.compile(r"(?:RESOLVED|AGREED|DECIDED|DECISIONS?|NOTED|RECOMMENDED)\b")
"""A line in capitals that records a decision, not an item heading."""
MAX_HEADING_CHARS = 160
OPEN_ENDING = re.compile(
    r"\b(?:a|an|and|at|by|for|from|in|of|on|or|that|the|to|was|were|which|with)$", re.I)
"""A line ending in one of these words runs on ("1.2 Apologies were received from"): a
numbered paragraph cut by the page's line breaks, not a title."""
DURATION = re.compile(r"\d{1,3}\s+(?:minutes|mins|hours?)")
"""The time allowed for an agenda item ("10 minutes"), not a "Minutes" heading."""
ITEM_TABLE = re.compile(r"^[ \t]*No\.[ \t]+Item[ \t]*$", re.M)
"""The header of ModernGov's table of items ("No. Item")."""
ITEM_NUMBER = re.compile(r"^[ \t]*(?:[A-Z]{0,3}\d{1,3})\.?[ \t]*\n\s*(?P<title>\S[^\n]*)", re.M)
"""An item number alone on its line, the item's title on the next line with text."""
DOCUMENT_TITLE = re.compile(r"^[ \t]*\S[^\n]*\bpdf icon PDF\b[^\n]*$", re.M)
"""An item's title with its report attached ("Permanence – Ofsted Focused Visit pdf icon
PDF 128 KB")."""
MENTIONS_TO_KEEP = 2


@dataclass(frozen=True)
class Section:
    """One item of a minutes page: its heading (empty for the preamble) and its extent."""

    title: str
    start: int
    end: int


def procedural_title() -> re.Pattern[str]:
    """Headings of routine meeting items, anchored at the start of the title."""
    return re.compile(r"^(?:" + "|".join(phrases("section-procedural")) + r")\b", re.I)


def boilerplate_line() -> re.Pattern[str]:
    """Page furniture lines, matched whole."""
    return re.compile(r"^(?:" + "|".join(phrases("section-boilerplate")) + r")$", re.I)


PROCEDURAL = procedural_title()
SUBHEADING = re.compile(r"^(?:" + "|".join(phrases("section-subheadings")) + r")\W*$", re.I)
BOILERPLATE = boilerplate_line()


def title_case_share(title: str) -> float:
    """Share of the longer words that start with a capital: high for headings."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", title) if len(w) > 3]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def heading_title(line: str) -> str | None:
    """The title when `line` is an item heading, else None."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith((".", ":", ";", ",")) \
            or OPEN_ENDING.search(text) or DURATION.fullmatch(text):
        return None
    numbered = NUMBERED_HEADING.match(text)
    if numbered:
        title = numbered.group("title")
        if PROCEDURAL.match(title) or title_case_share(title) >= 0.5:
            return title
        return None
    letters = [c for c in text if c.isalpha()]
    words = re.findall(r"[A-Za-z]{2,}", text)
    if (
        len(words) >= 2 and all(c.isupper() for c in letters)
        and not DECISION.match(text) and not SUBHEADING.match(text)
    ):
        return text
    return None


def headings(body: str) -> list[tuple[int, str]]:
    """(offset, title) of each item heading of the page.

    On a page laid out as ModernGov's table of items, an item's number stands alone on
    its line with the title on the next ("29." then "Ofsted Inspection of ..."): those
    numbers are the items, and the minute's own numbered paragraphs ("29.1 The Cabinet
    considered a report") are not. Where such a page numbers no items, the titles its
    reports are attached to ("... pdf icon PDF 128 KB") start items beside the lines that
    read as headings. Elsewhere a heading is a line that reads as one (`heading_title`)."""
    if ITEM_TABLE.search(body):
        numbered = [(found.start(), found["title"].strip()) for found in ITEM_NUMBER.finditer(body)]
        if len(numbered) >= 2:
            return numbered
        titled = [(line.start(), line.group().strip()) for line in DOCUMENT_TITLE.finditer(body)]
        if len(titled) >= 2:
            return sorted((dict(ordinary_headings(body)) | dict(titled)).items())
    return ordinary_headings(body)


def ordinary_headings(body: str) -> list[tuple[int, str]]:
    """(offset, title) of each line of `body` that reads as a heading."""
    return [(line.start(), title) for line in re.finditer(r"[^\n]+", body)
            if (title := heading_title(line.group())) is not None]


def split_sections(body: str) -> list[Section]:
    """The items of a page in order; the text before the first heading is the preamble."""
    sections, title, start = [], "", 0
    for offset, found in headings(body):
        if offset > start:
            sections.append(Section(title, start, offset))
        title, start = found, offset
    sections.append(Section(title, start, len(body)))
    return sections


def relevant_sections(body: str) -> list[Section]:
    """The sections about an inspection; the whole page when it is a single item."""
    sections = split_sections(body)
    substantive = [s for s in sections if not PROCEDURAL.match(s.title)]
    if len(sections) == 1:
        return sections
    cues = phrase_pattern("section-relevant")
    kept = [
        s for s in substantive
        if cues.search(s.title) or len(cues.findall(body, s.start, s.end)) >= MENTIONS_TO_KEEP
    ]
    if not kept:
        kept = [s for s in substantive if cues.search(body, s.start, s.end)]
    if not kept:  # an item whose heading was not recognised ran into a routine one
        kept = [s for s in sections if cues.search(body, s.start, s.end)]
    return kept or substantive or sections


def relevant_spans(document: Document, sentences: list[Span]) -> list[Span]:
    """The sentences of `document` that belong to the parts about an inspection.

    Page furniture (`Supporting documents:`, `Minutes:`) is dropped everywhere.
    """
    # Searched by bisection: a long page with many items is read in linear time, not
    # sentences times sections.
    sections = Intervals((section.start, section.end) for section in relevant_sections(
        document.body))
    return [s for s in sentences if s.start in sections and not BOILERPLATE.match(s.text)]
