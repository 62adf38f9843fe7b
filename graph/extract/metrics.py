"""Metrics: numbers reported about the service, each with the clause it came from.

A percentage is always a metric ("62% of staff ...", "turnover of around 18%"); a
count is one when a noun of the service follows it ("10 recruits", "nine posts") or a
caseload cue precedes it ("an average caseload of 18"). Dates, years, times, item
numbers, durations and sizes are not. "From 30% to 19%" is one metric, the latest
value, with the earlier one kept in its `measure`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from graph.extract.inspections import parse_dates
from graph.extract.lexicon import phrases, structured
from graph.model import Metric, Span

PERCENT = r"\s?(?:%|per\s?cent\b)"
MIN_QUOTE_WORDS = 3
LIST_COMMA = re.compile(r"\s*[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:or|and)\s+[\w'’-]+(?:\s+[\w'’-]+)?"
                        r"\s+(?:was|were|is|are|had|has|stood|rose|fell)\b")
"""A comma inside a short list that is the subject of the clause ("the rate in education,
employment or training was 58%"): no clause break."""


@functools.cache
def number_pattern() -> re.Pattern[str]:
    """Digits (with an optional % or £) or a number word."""
    words = "|".join(sorted(structured("metric-number-words"), key=len, reverse=True))
    return re.compile(
        rf"(?P<pounds>£\s?)?(?<![\w.,/-])(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        rf"(?P<percent>{PERCENT})?(?P<scale>\s?(?:m|million|k|bn)\b)?(?![\w/]|\.\d|,\d)"
        rf"|\b(?P<word>{words})\b",
        re.I,
    )


@functools.cache
def count_noun_after() -> re.Pattern[str]:
    """Up to three words, then a noun of the service, right after a number."""
    nouns = "|".join(phrases("metric-count-nouns"))
    return re.compile(rf"^\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})\b", re.I)


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
    after, before = text[match.end() :], text[max(0, match.start() - 60) : match.start()]
    if starting_with("metric-not-after").match(after):
        return False
    return bool(count_noun_after().match(after) or ending_with("metric-count-cues").search(before))


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """[left, right) of the clause around `text[start:end]` (widened when too short)."""
    left, right = 0, len(text)
    for brk in clause_break().finditer(text):
        if brk.end() <= start:
            if brk.group() == "," and LIST_COMMA.match(text, brk.end()):
                continue  # "in education, employment or training was 58%": one clause
            left = brk.end()
        elif brk.start() >= end and right == len(text):
            right = brk.start()
    if len(text[left:right].split()) < MIN_QUOTE_WORDS:
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
                       and re.search(r"\band\s+$", text[last_count_end : match.start()])
                       and re.match(r"\s+for\b", text[match.end() :]))
        if not (is_metric(text, match) or coordinated):
            continue
        if ending_with("metric-earlier-values").search(text[max(0, match.start() - 30) :
                                                            match.start()]) \
                and not opens_clause(text, match.start()):
            continue  # "672 up from 640": the current value only
        left, right = clause_of(text, match.start(), match.end())
        quote_text = re.sub(r"\s+(?:and|but|or)$", "", text[left:right].strip(" ,;:."))
        offset = span.start + left + text[left:right].index(quote_text)
        if metrics and unit_of(match) == "count" and metrics[-1].unit != "count" \
                and metrics[-1].quote.start == offset:
            continue  # "£2.1m in two new homes": the two homes are what the money bought
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
