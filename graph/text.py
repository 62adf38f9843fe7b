"""Text for people: a message or quote on one line, cut to a width."""

from __future__ import annotations


def one_line(text: object, limit: int | None = 300) -> str:
    """`text` with its white space folded to single spaces, at most `limit` characters."""
    folded = " ".join(str(text).split())
    return folded if limit is None else folded[:limit]


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut at a word boundary so that with its `…` it fits `width`."""
    text = one_line(text, limit=None)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]
    return cut.rstrip(",;:.") + "…"
