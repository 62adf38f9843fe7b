"""Metrics: numbers reported about the service, each with the clause it came from.

A percentage is always a metric ("62% of staff ...", "turnover of around 18%"); a
count is one when a noun of the service follows it ("10 recruits", "nine posts") or a
caseload cue precedes it ("an average caseload of 18"). Dates, years, times, item
numbers, durations and sizes are not. "From 30% to 19%" is one metric, the latest
value, with the earlier one kept in its `measure`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable

from graph.extract.inspections import parse_dates
from graph.extract.lexicon import phrases, structured
from graph.model import Metric, Span

PERCENT = r"\s?(?:%|per\s?cent\b)"
MIN_QUOTE_WORDS = 3
QUOTABLE = re.compile(rf"\s*\S+(?:\s+\S+){{{MIN_QUOTE_WORDS - 1}}}")
"""A clause of at least `MIN_QUOTE_WORDS` words, found by reading only its first words."""
AND_AT_END = re.compile(r"\band\s+$")
CUE_REACH = 100
"""Characters before a count searched for a `metric-count-cues` entry ("the number of
children subject to a child protection plan had fallen to 312")."""
LIST_COMMA = re.compile(r"\s*[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:or|and)\s+[\w'’-]+(?:\s+[\w'’-]+)?"
                        r"\s+(?:was|were|is|are|had|has|stood|rose|fell)\b")
"""A comma inside a short list that is the subject of the clause ("the rate in education,
employment or training was 58%"): no clause break."""


@functools.cache
def number_pattern() -> re.Pattern[str]:
    """Digits (with an optional % or £) or a number word; never a part of a time of day
    ("15:15") or a ratio."""
    words = "|".join(sorted(structured("metric-number-words"), key=len, reverse=True))
    return re.compile(
        rf"(?P<pounds>£\s?)?(?<![\w.,/:-])(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        rf"(?P<percent>{PERCENT})?(?P<scale>\s?(?:m|million|k|bn)\b)?(?![\w/]|[.:]\d|,\d)"
        rf"|\b(?P<word>{words})\b",
        re.I,
    )


@functools.cache
def count_noun_after() -> re.Pattern[str]:
    """Up to three words, then a noun of the service, right after a number."""
    nouns = "|".join(phrases("metric-count-nouns"))
    whole = r"(?:out\s+)?of\s+(?:the\s+|all\s+|its\s+)?[\d,]+\s+"  # "45 of the 60 audits"
    return re.compile(rf"^\s+(?:{whole})?(?:[\w-]+\s+){{0,3}}?(?:{nouns})\b", re.I)


@functools.cache
def action_after() -> re.Pattern[str]:
    """A count's noun (up to four words), then what was done with it (`metric-not-actions`):
    "two additional social workers had been appointed"."""
    actions = "|".join(phrases("metric-not-actions"))
    return re.compile(rf"^\s+(?:[\w'’-]+\s+){{0,4}}?(?:{actions})\b", re.I)


@functools.cache
def ending_with(name: str) -> re.Pattern[str]:
    """Entries of `lexicon/<name>.txt` that end right before a number."""
    return re.compile(rf"\b(?:{'|'.join(phrases(name))})\s*$", re.I)


@functools.cache
def starting_with(name: str) -> re.Pattern[str]:
    """Entries of `lexicon/<name>.txt` that begin right after a number."""
    return re.compile(rf"^\s*(?:{'|'.join(phrases(name))})(?![\w])", re.I)


@functools.cache
def clause_break() -> re.Pattern[str]:
    words = "|".join(phrases("metric-clause-breaks"))
    return re.compile(rf"(?<!\d),|,(?!\d{{3}}\b)|[;:()]|\s(?:{words})\s", re.I)


def value_of(match: re.Match[str]) -> float:
    if match.group("word"):
        return float(structured("metric-number-words")[match.group("word").lower()])
    value = float(match.group("digits").replace(",", ""))
    scale = (match.group("scale") or "").strip().lower()
    return value * {"m": 1e6, "million": 1e6, "k": 1e3, "bn": 1e9}.get(scale, 1)


def is_label_or_date(text: str, match: re.Match[str], dates: list[tuple[int, int]]) -> bool:
    """Numbers that are dates, years, list numbers or labels rather than measurements."""
    start, end = match.span()
    if any(s <= start < e for s, e in dates):
        return True
    if match.group("digits") and not match.group("percent"):
        digits = match.group("digits")
        if re.fullmatch(r"(?:19|20)\d\d", digits) or re.match(r"^\.\d\d", text[end:]):
            return True
        if re.match(r"^\s*[.)]\s", text[end:]) and not text[:start].strip():
            return True
        if re.match(r"^\s+[A-Z]", text[end:]) and not text[:start].strip():
            return True  # a minute number: "42 The Director submitted a report"
    return bool(ending_with("metric-not-before").search(text[max(0, start - 30) : start]))


def is_metric(text: str, match: re.Match[str]) -> bool:
    """A percentage or money always; a count only with a service noun or a caseload cue."""
    if match.group("percent") or match.group("pounds"):
        return True
    after = text[match.end() :]
    before = text[max(0, match.start() - CUE_REACH) : match.start()]
    if starting_with("metric-not-after").match(after) or action_after().match(after):
        return False
    return bool(count_noun_after().match(after) or ending_with("metric-count-cues").search(before))


@functools.lru_cache(maxsize=64)
def clause_breaks(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """The starts and ends of `text`'s clause breaks and, for each, where a clause after
    it may start (its end, or for a list's comma the last such place before it), found
    once a sentence: a sentence of many figures asks `clause_of` for each of them."""
    starts, ends, lefts, left = [], [], [], 0
    for brk in clause_break().finditer(text):
        if not (brk.group() == "," and LIST_COMMA.match(text, brk.end())):
            left = brk.end()  # "in education, employment or training was 58%": one clause
        starts.append(brk.start())
        ends.append(brk.end())
        lefts.append(left)
    return tuple(starts), tuple(ends), tuple(lefts)


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the clause around `text[start:end]` (widened when too short)."""
    starts, ends, lefts = clause_breaks(text)
    before = bisect.bisect_right(ends, start)
    left = lefts[before - 1] if before else 0
    after = bisect.bisect_left(starts, end)
    right = starts[after] if after < len(starts) else len(text)
    if QUOTABLE.match(text, left, right) is None:
        return 0, len(text)
    return left, right


@functools.cache
def measure_pattern() -> re.Pattern[str]:
    """`metric-measures` in file order, so "vacancy rate" wins over "vacancy"."""
    return re.compile(rf"\b(?:{'|'.join(phrases('metric-measures'))})\b", re.I)


def unit_of(match: re.Match[str]) -> str:
    if match.group("percent"):
        return "percent"
    return "pounds" if match.group("pounds") else "count"


def measure_of(clause: str, earlier: str | None) -> str | None:
    """What the clause measures, from `metric-measures` or the noun after the number."""
    found = measure_pattern().search(clause)
    measure = found.group().lower() if found else None
    if measure is None:
        noun = count_noun_after().search(" " + number_pattern().split(clause, 1)[-1])
        measure = re.sub(r"^(?:(?:of|for|more|the|new)\s+)+", "", noun.group().strip().lower()
                         ) if noun else None
    if earlier:
        return f"{measure or 'value'} (from {earlier})"
    return measure


def opens_clause(text: str, start: int) -> bool:
    """True when the words before `start` in its clause are only an earlier-value cue:
    ", compared with 71% at the time of the inspection" is a figure of its own."""
    left, _ = clause_of(text, start, start + 1)
    lead = text[left:start].strip()
    return left > 0 and bool(re.fullmatch(ending_with("metric-earlier-values").pattern,
                                          lead, re.I))


PAIR_GAP = 120
"""Characters at most between two figures that `metric-paired-values` ties together."""


def paired_with(text: str, matches: list[re.Match[str]], index: int,
                dates: list[tuple[int, int]], metrics: list[Metric],
                offset: int) -> Metric | None:
    """When `matches[index]` is the second figure of a pair ("24, against a target of 18",
    "78% ..., compared with 61%"), the first figure's metric with its quote run on over
    the second (a metric of the first even when it is a bare count); None when it is no
    second figure."""
    match = matches[index]
    if not ending_with("metric-paired-values").search(
            text[max(0, match.start() - 40) : match.start()]):
        return None
    previous = next((m for m in reversed(matches[:index])
                     if not is_label_or_date(text, m, dates)
                     and not starting_with("metric-not-after").match(text[m.end() :])), None)
    if previous is None or match.start() - previous.end() > PAIR_GAP \
            or re.search(r"[;:]|\.\s", text[previous.end() : match.start()]):
        return None
    _, right = clause_of(text, match.start(), match.end())
    if text[previous.end() : match.start()].count("(") and text[right : right + 1] == ")":
        right += 1  # "312 children (down from 340)": the bracket closes in the quote
    second = match.group().strip()
    if metrics and metrics[-1].quote.start <= offset + previous.start() < metrics[-1].quote.end:
        first = metrics[-1]
        start = first.quote.start - offset
        measure = first.measure
        value, unit = first.value, first.unit
    else:
        start, _ = clause_of(text, previous.start(), previous.end())
        measure = measure_of(text[start:right], None)
        value, unit = value_of(previous), unit_of(previous)
    quote_text = re.sub(r"\s+(?:and|but|or)$", "", text[start:right].rstrip(" ,;:."))
    quote_text = quote_text.lstrip(" ,;:.")
    start = text.index(quote_text, start)
    measure = f"{measure or 'value'} (against {second})" if "(" not in (measure or "") \
        else measure
    metric = Metric(quote=Span(offset + start, offset + start + len(quote_text), quote_text),
                    value=value, unit=unit, measure=measure)
    return metric


@functools.lru_cache(maxsize=64)
def clause_quote(text: str, left: int, right: int) -> tuple[int, str]:
    """(where it starts in `text`, the quote) of the clause `text[left:right]`, trimmed of
    punctuation and a last conjunction; read once a clause, since every figure of a
    sentence whose clauses are too short to quote alone quotes the whole sentence."""
    quote_text = re.sub(r"\s+(?:and|but|or)$", "", text[left:right].strip(" ,;:."))
    return left + text[left:right].index(quote_text), quote_text


def ends_with_and(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` ends in "and" and space ("12 for ... and 14 for ..."),
    read back from `end` only as far as the word before the space: reading from `start`,
    the last count's end, cost a sentence of many figures the square of its length."""
    space = end
    while space > start and text[space - 1].isspace():
        space -= 1
    return AND_AT_END.search(text[max(start, space - 4) : end]) is not None


def sentence_metrics(span: Span) -> list[Metric]:
    """The metrics of one sentence."""
    text = span.text
    matches = list(number_pattern().finditer(text))
    if not matches:
        return []
    dates = [(start, end) for start, end, _first, _last in parse_dates(text, "2000-01-01")]
    metrics: list[Metric] = []
    last_count_end = -1
    for index, match in enumerate(matches):
        if is_label_or_date(text, match, dates):
            continue
        following = matches[index + 1] if index + 1 < len(matches) else None
        if following and re.fullmatch(r"\s*to\s*", text[match.end() : following.start()]) \
                and re.search(r"\bfrom\s*$", text[: match.start()]):
            continue  # "from 30% to 19%": the later value stands for both
        coordinated = (last_count_end >= 0
                       and ends_with_and(text, last_count_end, match.start())
                       and re.match(r"\s+for\b", text[match.end() :]))
        paired = paired_with(text, matches, index, dates, metrics, span.start)
        if paired is not None:
            if metrics and metrics[-1].quote.start == paired.quote.start:
                metrics[-1] = paired
            else:
                metrics.append(paired)
            continue  # "81%, compared with 64% last spring": one metric, the first value
        if not (is_metric(text, match) or coordinated):
            continue
        if ending_with("metric-earlier-values").search(text[max(0, match.start() - 30) :
                                                            match.start()]) \
                and not opens_clause(text, match.start()):
            continue  # "672 up from 640": the current value only
        left, right = clause_of(text, match.start(), match.end())
        start, quote_text = clause_quote(text, left, right)
        offset = span.start + start
        if metrics and metrics[-1].quote.start == offset and (
                (unit_of(match) == "count" and metrics[-1].unit != "count")
                or metrics[-1].quote.end == offset + len(quote_text)):
            # "£2.1m in two new homes": the two homes are what the money bought; and a
            # quote is one item, so "one or two cases" is not two metrics
            continue
        previous = matches[index - 1] if index else None
        earlier = None
        if previous and re.fullmatch(r"\s*to\s*", text[previous.end() : match.start()]):
            earlier = previous.group().strip()
        metrics.append(Metric(
            quote=Span(offset, offset + len(quote_text), quote_text),
            value=value_of(match),
            unit=unit_of(match),
            measure=measure_of(quote_text, earlier),
        ))
        last_count_end = match.end() if unit_of(match) == "count" else -1
    return metrics


def find_metrics(relevant: Iterable[Span]) -> tuple[Metric, ...]:
    """Every metric in the relevant sentences, in document order."""
    return tuple(metric for span in relevant for metric in sentence_metrics(span))
