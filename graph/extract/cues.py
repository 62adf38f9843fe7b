"""Case-insensitive cue patterns that run fast.

Python's `re.IGNORECASE` makes long alternations of cue phrases about three times
slower. A `Cue` instead lower-cases its pattern once and the text at each call (ASCII
letters only, so every offset stays the same), then matches case-sensitively.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from graph.extract.lexicon import phrases

ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@functools.lru_cache(maxsize=2048)
def lower(text: str) -> str:
    """`text` lower-cased with every offset kept (the same clause is read by many cues).

    `str.lower` is used when it keeps the length (it then maps one character to one);
    otherwise only ASCII capitals are lowered.
    """
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(ASCII_LOWER)


def lower_pattern(pattern: str) -> str:
    """A regex with its literal letters lowered; escapes (`\\S`, `\\B`, `\\W`) and named
    groups (`(?P<name>`) are kept."""
    out, escaped = [], False
    for char in pattern:
        out.append(char if escaped else lower(char))
        escaped = char == "\\" and not escaped
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


class Cue:
    """A compiled pattern that matches regardless of the case of the text."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.regex = re.compile(lower_pattern(pattern))

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.search(lower(text), pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.regex.match(lower(text), pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(lower(text))

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        """Pieces of the original `text` (not lowered) between matches."""
        pieces, start = [], 0
        for count, found in enumerate(self.regex.finditer(lower(text)), start=1):
            pieces.append(text[start:found.start()])
            start = found.end()
            if count == maxsplit:
                break
        pieces.append(text[start:])
        return pieces


def any_of(entries: Iterable[str]) -> Cue:
    """A cue matching any of `entries` on word bounds, longest first."""
    alternatives = sorted(entries, key=len, reverse=True)
    return Cue(r"\b(?:" + "|".join(alternatives) + r")\b")


@functools.cache
def lexicon_cue(name: str) -> Cue:
    """A cue matching any entry of `lexicon/<name>.txt` on word bounds."""
    return any_of(phrases(name))
