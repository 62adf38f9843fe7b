"""Theme and polarity of an item, and status of an action, from keyword lexicons.

The keywords live in `lexicon/theme-keywords.yaml`, `lexicon/polarity-*.txt` and
`lexicon/response-status.yaml`, so another inspectorate's vocabulary can be added
without code. A quote is read first; when it has no keyword, its wider context (the
sentence, then the paragraph) decides.
"""

from __future__ import annotations

import functools

from graph.extract.cues import Cue, CueSet, lexicon_cue, lower
from graph.extract.lexicon import bounded, phrase_pattern, structured

FALLBACK_THEME = "other"
PLAN_THEME = "leadership-and-governance"
SEND_THEME = "disabled-children"
SEND_PAGE_MENTIONS = 2
"""A page naming SEND this often is about it (one mention may be in passing)."""


KEYWORD_LEXICONS = ("theme-keywords", "theme-cohort-keywords")
"""The theme keywords, then the cohort keywords: groups of children ("children in need")
that decide a theme only when no other keyword does."""


@functools.cache
def keyword_groups(name: str) -> tuple[tuple[str, ...], Cue]:
    """(themes, one pattern) for `lexicon/<name>.yaml`: one pattern for every keyword, the
    named group that matched (`t<n>`) says the theme (the n-th).

    One pass over the text instead of one per theme keeps the extractor fast.
    """
    lexicon: dict[str, list[str]] = structured(name)
    groups = (
        f"(?P<t{n}>" + "|".join(keywords) + ")" for n, keywords in enumerate(lexicon.values())
    )
    return tuple(lexicon), Cue(bounded(groups))


def theme_order() -> tuple[str, ...]:
    """The themes in lexicon order, the order of tie-breaks."""
    return keyword_groups(KEYWORD_LEXICONS[0])[0]


@functools.cache
def keyword_sets() -> CueSet:
    """One group per lexicon of `KEYWORD_LEXICONS`, each of all its keywords. Most
    candidates hold none, which one pass of RE2 tells faster than the patterns' searches."""
    return CueSet([[keyword for keywords in structured(name).values() for keyword in keywords]
                   for name in KEYWORD_LEXICONS])


def theme_scores(text: str) -> dict[str, int]:
    """Keyword matches per theme in `text` (themes with none left out); the cohort
    keywords ("children in need") count only when no other keyword matches."""
    text = text.replace("’", "'")
    for index in keyword_sets().matching(text):
        order, pattern = keyword_groups(KEYWORD_LEXICONS[index])
        scores: dict[str, int] = {}
        for match in pattern.finditer(text):
            theme = order[int(match.lastgroup[1:])]
            scores[theme] = scores.get(theme, 0) + 1
        if scores:
            return scores
    return {}


@functools.lru_cache(maxsize=4096)
def best_theme(text: str) -> str | None:
    """The theme with most keyword matches in `text`; the earlier theme wins a tie."""
    scores = theme_scores(text)
    if not scores:
        return None
    order = theme_order()
    return max(scores, key=lambda theme: (scores[theme], -order.index(theme)))


def theme_of(quote: str, *contexts: str) -> str:
    """The theme of `quote`, falling back on each wider context in turn, then `other`."""
    for text in (quote, *contexts):
        theme = best_theme(text)
        if theme:
            return theme
    return FALLBACK_THEME


def overall_verdict(quote: str) -> bool:
    """Whether `quote` is a verdict on the whole service (`lexicon/theme-overall-verdicts`):
    a finding of no one theme."""
    return bool(lexicon_cue("theme-overall-verdicts").search(quote))


def guide_theme(quote: str) -> str | None:
    """The theme the annotation guide fixes whatever the quote's other words: `other` for
    an overall verdict, `leadership-and-governance` for an improvement plan or board
    (`lexicon/theme-plans.txt`); None for any other quote."""
    if overall_verdict(quote):
        return FALLBACK_THEME
    if lexicon_cue("theme-plans").search(quote):
        return PLAN_THEME
    return None


def page_theme(body: str) -> str | None:
    """The theme of a page's items that name none themselves: `disabled-children` on a
    page about SEND (`lexicon/theme-send-pages.txt`), else None."""
    mentions = len(phrase_pattern("theme-send-pages").findall(body))
    return SEND_THEME if mentions >= SEND_PAGE_MENTIONS else None


def polarity_cues(text: str) -> tuple[int, int]:
    """(weakness cues, strength cues) in `text`; a strength word inside a weakness phrase
    ("an area which required improvement") counts only for the weakness, and neutral
    phrases ("strengths and weaknesses") count for neither."""
    text = lexicon_cue("polarity-neutral").regex.sub(lambda m: " " * len(m.group()), lower(text))
    weak = [m.span() for m in lexicon_cue("polarity-weakness").finditer(text)]
    strong = [
        m for m in lexicon_cue("polarity-strength").finditer(text)
        if not any(start < m.end() and m.start() < end for start, end in weak)
    ]
    return len(weak), len(strong)


def polarity_of(quote: str, *contexts: str) -> str:
    """`weakness` when weakness cues are at least as many as strength cues, else `strength`.

    A quote with no cue at all takes the polarity of its context; with none there
    either, a finding is taken as a strength (most reported findings are).
    """
    for text in (quote, *contexts):
        weak, strong = polarity_cues(text)
        if weak or strong:
            return "weakness" if weak >= strong else "strength"
    return "strength"


@functools.cache
def status_cues() -> tuple[tuple[str, Cue], ...]:
    """(status, pattern of its cues) from `lexicon/response-status.yaml`."""
    lexicon: dict[str, list[str]] = structured("response-status")
    return tuple((status, Cue(bounded(cues))) for status, cues in
                 lexicon.items())


def status_of(quote: str) -> str | None:
    """`planned`, `in-progress` or `done`: the status whose cue comes first in `quote`."""
    found = []
    for order, (status, cue) in enumerate(status_cues()):
        match = cue.search(quote)
        if match:
            found.append((match.start(), order, status))
    return min(found)[2] if found else None
