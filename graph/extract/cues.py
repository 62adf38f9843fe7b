"""Case-insensitive cue patterns that run fast.

Python's `re.IGNORECASE` makes long alternations of cue phrases about three times
slower. A `Cue` instead lower-cases its pattern once and the text at each call (ASCII
letters only, so every offset stays the same), then matches case-sensitively.

Where only *which* of several lexicons a text holds matters (a candidate's cue flags),
a `CueSet` asks RE2 (google-re2) for all of them in one pass over the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

import re2

from graph.extract.lexicon import bounded, phrases

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
    return Cue(bounded(sorted(entries, key=len, reverse=True)))


@functools.cache
def lexicon_cue(name: str) -> Cue:
    """A cue matching any entry of `lexicon/<name>.txt` on word bounds."""
    return any_of(phrases(name))


UNICODE_SENSITIVE = re.compile(r"[^\W\x00-\x7f]|[^\S\x00-\x7f]|[\x0b\x1c-\x1f]")
r"""What RE2 reads otherwise than Python's `re`: letters, digits and spaces beyond ASCII
(RE2's `\b`, `\w`, `\s` and `\d` are ASCII's), the vertical tab and the separators
`\x1c`-`\x1f` (spaces to Python)."""


class CueSet:
    """Which of several groups of cue phrases a text holds a match of, in one pass.

    Python's `re` reads a text once per lexicon; RE2's set matching reads it once for
    all of them, about six times faster on the cue lexicons of the features. The answer
    is `re`'s: a text that RE2 would read otherwise (`UNICODE_SENSITIVE`) goes to `re`,
    and so do the phrases RE2 cannot run (lookarounds) or would (`$`); whether a group
    matches is whether any of its phrases does, so the split answers as one alternation
    would.
    """

    def __init__(self, groups: Sequence[Sequence[str]]):
        options = re2.Options()
        options.log_errors = False
        self.matcher = re2.Set.SearchSet(options)
        self.member_group: list[int] = []
        self.rest: list[tuple[int, Cue]] = []
        self.whole = [Cue(bounded(entries)) for entries in groups]
        for index, entries in enumerate(groups):
            runnable = [entry for entry in entries if runs_in_re2(entry, options)]
            others = [entry for entry in entries if entry not in runnable]
            if runnable:
                self.matcher.Add(lower_pattern(bounded(runnable)))
                self.member_group.append(index)
            if others:
                self.rest.append((index, Cue(bounded(others))))
        self.matcher.Compile()

    def matching(self, text: str) -> list[int]:
        """The indices of the groups with a match in `text`, in order."""
        if UNICODE_SENSITIVE.search(text):
            return [index for index, cue in enumerate(self.whole) if cue.search(text)]
        found = {self.member_group[member] for member in self.matcher.Match(lower(text)) or ()}
        found.update(index for index, cue in self.rest if index not in found and cue.search(text))
        return sorted(found)


def runs_in_re2(entry: str, options: re2.Options) -> bool:
    """Whether RE2 matches `entry` as `re` does: it compiles (no lookarounds, no
    backreferences) and has no `$`."""
    if "$" in entry:
        return False
    try:
        re2.compile(lower_pattern(bounded([entry])), options=options)
    except re2.error:
        return False
    return True


@functools.cache
def lexicon_set(names: tuple[str, ...]) -> CueSet:
    """A `CueSet` of the lexicons `lexicon/<name>.txt`, one group each, in order."""
    return CueSet([phrases(name) for name in names])
