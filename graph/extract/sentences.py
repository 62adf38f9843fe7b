"""Split a minutes body into sentence spans with exact offsets.

Minutes mix prose, bullet lists and numbered resolutions, so a line break that ends
a bullet or a list item ends a sentence too.
"""

from __future__ import annotations

import re

from graph.model import Span

SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s)|[.!?]?$)", re.M)
TRIM = " \t\u00a0•·*-–—;:"


def split_sentences(body: str) -> list[Span]:
    """Sentences (and list items) of `body`, trimmed of bullets and surrounding space."""
    spans = []
    for match in SENTENCE.finditer(body):
        raw = match.group()
        text = raw.strip(TRIM).rstrip(".")
        if len(text) < 3:
            continue
        start = match.start() + raw.index(text)
        spans.append(Span(start, start + len(text), text))
    return spans
