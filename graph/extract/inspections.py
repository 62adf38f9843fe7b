"""Inspections: which Ofsted inspections or visits (or DfE reviews) a document discusses.

Each sentence that names an inspection is a mention: its kind (from
`lexicon/inspection-types.yaml`), the dates near it and whether it is a heading.
Mentions of the same inspection (same kind and compatible dates, or a later "the
visit") are merged into one `Inspection` carrying every mention as evidence. Dates are
kept at the precision the text gives; dates in running text after "took place" or
"received the visit on" win over dates in headings, and a publication date is never
the visit date. Visits still to come ("another visit would take place in October")
are not recorded.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from graph.extract.intervals import Intervals
from graph.extract.lexicon import bounded, phrase_pattern, phrases, structured
from graph.extract.sentences import BLANK, SYMBOL_BULLETS, line_end, line_start
from graph.model import Authority, Document, Inspection, Span

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"((?:19|20)\d\d)"
RANGE = r"\s*(?:and|&|-|–|to)\s*(?:the\s+)?"
"""Between the two days of a range: "5-16", "30 November to 2 December", "the 1st to the
12th of July"."""
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

DATE_FORMS = (
    # "30 November to 2 December 2021", "13th and 14th November 2021", "6th of May"
    re.compile(rf"\b{DAY}(?:\s+(?:of\s+)?({MONTH}))?{RANGE}{DAY}\s+(?:of\s+)?({MONTH}),?(?:\s+{YEAR})?",
               re.I),
    re.compile(rf"\b{DAY}\s+(?:of\s+)?({MONTH}),?(?:\s+{YEAR})?", re.I),
    # "March and April 2022", "October 2021", "in October"
    re.compile(rf"\b({MONTH})(?:{RANGE}({MONTH}))?,?(?:\s+{YEAR})?\b", re.I),
    # "24/01/2022"
    re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b"),
    # "in 2019", "during 2018", "the 2021 inspection", "following the 2019 judgement"
    re.compile(rf"\b(?:in|during|since|of|the|its|following|after)\s+(?:(?:early|late|mid|the)\s+)?"
               rf"(?:(?:spring|summer|autumn|winter)\s+(?:of\s+)?)?{YEAR}\b(?![/\-–]\d)", re.I),
    # "last month", "earlier this year": read against the meeting date
    re.compile(r"\b(?:(last|previous)|(?:earlier\s+)?(this))\s+(month|year)\b", re.I),
)

HEADING_YEAR = re.compile(r"(?<![\w/£$–-])(?<!\d[.,])(?:19|20)\d\d(?![\w/–-]|[.,]\d)")
"""A year on its own, as a title gives it ("Ofsted Inspection of Children's Services
2016"); not part of a span ("2019/20", "2019-2021"), an amount or a number."""

MAY_HOLD_DATE = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|month|year",
                           re.I)
"""A quick test before `DATE_FORMS`: text without any of these holds no date."""

JOINS = {
    "visit": ("focused-visit", "monitoring-visit", "other"),
    "inspection": ("ilacs", "ilacs-standard", "ilacs-short", "sif"),
    "review": ("dfe-review",),
    "area": ("send-area", "jtai"),
}
"""Which named kinds a generic "visit" or "inspection" mention may be merged into. An
`area` mention is "the inspection" in a sentence about a local area's SEND services or
naming the CQC (`lexicon/inspection-send-context.txt`)."""
ALSO_JOINS = {"visit": ("dfe-review",), "inspection": ("jtai", "send-area"), "review": (),
              "area": ()}
"""Further kinds a generic mention may join when none of `JOINS` is there (a dated one
only when the dates fit)."""
GUESS = {"visit": "other", "inspection": "ilacs", "area": "send-area"}
"""The kind given to a generic mention that has no named inspection to join (a `review`
mention without a DfE review to join is dropped)."""

ILACS_BEGAN = "2018"
SIF_BEGAN = "2013"
"""Full inspections of children's services ran under the Single Inspection Framework
(`sif`) from November 2013 and under ILACS from 2018; one dated before 2013 (the
safeguarding and looked-after children inspections) is `other`."""
"""ILACS inspections began in January 2018; an unnamed full inspection dated before then
was under the Single Inspection Framework (`sif`): "judged inadequate in 2015"."""

DATE_LEAD_REACH = 60
"""A date this many characters or more before the first inspection a sentence names, with
no cue that it is when something took place, is the date of something else."""
PAST_DATE_REACH = 15
"""How far before an earlier judgement's clause its date may stand: "since 2020, when"."""

OPENING_DATE = re.compile(r"\W*(?:in|on|during|between)\s+(?:the\s+)?", re.I)
"""What may stand before a date that opens its sentence ("In November 2019 the council's
services ... were inspected by Ofsted"): the date of the sentence's event, however far
the inspection is named after it."""

DATE_WORDS_REACH = 60
"""How far before a date the words that say what it dates are looked for
(`inspection-date-exclusions`, `inspection-date-fallbacks`): "the letter that was finally
sent to the council on 3 May"."""

JUDGEMENT_LEAD = 20
"""Characters before a grade-then-cue judgement within which a date is the judgement's
("since the 2019 inadequate judgement"), not that of an inspection named before it."""

HEADING_MAX = 120
"""Lines this short without a full stop are read as headings, not running text."""


@dataclass(frozen=True)
class DateMention:
    """A date (or range) found in the text, at its own precision."""

    start: str
    end: str | None
    offset: int
    strength: int
    """2 after "took place" and the like, 1 near the mention, 0 in a heading, -1 when it
    dates the letter or report (`inspection-date-fallbacks`): used only when nothing else
    dates the inspection ("the Commissioner's review, published in March 2022")."""
    length: int
    """How many characters of the text the date is written in."""


@dataclass
class Mention:
    """One sentence that names an inspection."""

    span: Span
    type: str | None
    """A notation, or None for "the visit"/"the inspection"."""
    kind: str
    """`visit`, `inspection` or a notation of its own (see `kind_of`): what it can join."""
    dates: list[DateMention] = field(default_factory=list)
    past: bool = False
    """Named as an earlier one ("the previous monitoring visit"): see `inspection-past-cues`."""
    plural: bool = False
    """Named in the plural ("monitoring visits in June and October 2022")."""


@dataclass
class Draft:
    """An inspection being assembled from its mentions."""

    type: str
    evidence: list[Span] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    judgement: str | None = None
    past: bool = False
    """Made from a judgement of an earlier inspection, not from a mention of its own."""

    best: tuple[int, DateMention | None, DateMention | None] | None = field(
        default=None, init=False, repr=False, compare=False)
    """What `best_date()` had read: how many dates, the strongest of them and the finer
    one that fits it, if any. Dates are only ever added, so only the new ones need reading
    (merging a long page asks for it after every mention it adds)."""

    def add(self, mention: Mention) -> None:
        """Take `mention` as one more mention of this inspection (evidence kept in order)."""
        bisect.insort(self.evidence, mention.span, key=lambda span: span.start)
        self.dates.extend(mention.dates)

    def best_date(self) -> DateMention | None:
        """The strongest, then most precise, then earliest-mentioned date; a more precise
        date that fits it wins ("in May" and later "on 10 and 11 May 2022")."""
        read, strongest, finer = self.best or (0, None, None)
        if read < len(self.dates):
            added = self.dates[read:]
            top = max(added, key=strength_order)
            if strongest is None or strength_order(top) > strength_order(strongest):
                strongest, finer, added = top, None, self.dates  # read them all again
            for date in added:  # the first of the finest, as `max` over them all gives
                if (date.strength > 0 and len(date.start) > len(strongest.start)
                        and date.start.startswith(strongest.start)
                        and (finer is None or precision_order(date) > precision_order(finer))):
                    finer = date
            self.best = (len(self.dates), strongest, finer)
        return finer if finer is not None else strongest

    def accepts(self, date: DateMention | None) -> bool:
        """True when a mention with `date` can be this inspection: no dates to compare,
        a heading's date on either side, or compatible dates."""
        best = self.best_date()
        if date is None or best is None:
            return True
        if date.strength <= 0 or best.strength <= 0:
            return True
        return compatible(best.start, date.start)


def strength_order(date: DateMention) -> tuple[int, int, int]:
    """Strongest, then most precise, then earliest: the order a draft's date is chosen by."""
    return date.strength, len(date.start), -date.offset


def precision_order(date: DateMention) -> tuple[int, int, int]:
    """Most precise, then strongest, then earliest: the order a finer date is chosen by."""
    return len(date.start), date.strength, -date.offset


def holds(spans: list[Span], span: Span) -> bool:
    """Whether `spans`, kept in order of their starts, hold `span`: found by bisection,
    since a long page's inspection has evidence all along it."""
    index = bisect.bisect_left(spans, span.start, key=lambda found: found.start)
    while index < len(spans) and spans[index].start == span.start:
        if spans[index] == span:
            return True
        index += 1
    return False


def compatible(one: str, other: str) -> bool:
    """Two ISO dates at any precision that may name the same day (a prefix either way)."""
    return one.startswith(other) or other.startswith(one)


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def month_number(text: str | None) -> int | None:
    return MONTHS.get(text.lower().rstrip(".")) if text else None


def infer_year(month: int, meeting_date: str | None) -> int | None:
    """The year of a month named without one: the latest such month up to the meeting."""
    if not meeting_date:
        return None
    year, meeting_month = int(meeting_date[:4]), int(meeting_date[5:7] or 12)
    return year if month <= meeting_month else year - 1


def parse_dates(text: str, meeting_date: str | None, heading: bool = False
                ) -> list[tuple[int, int, str, str | None]]:
    """(start offset, end offset, ISO start, ISO end) for every date in `text`; in a
    `heading`, a year standing alone counts too (`HEADING_YEAR`)."""
    if not MAY_HOLD_DATE.search(text):
        return []
    found: list[tuple[int, int, str, str | None]] = []
    taken = Intervals()
    for number, form in enumerate(DATE_FORMS):
        for match in form.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            parsed = parse_one(number, match, meeting_date)
            if parsed:
                taken.add(match.start(), match.end())
                found.append((match.start(), match.end(), *parsed))
    if heading:
        found += [(match.start(), match.end(), match.group(), None)
                  for match in HEADING_YEAR.finditer(text)
                  if not taken.overlaps(match.start(), match.end())]
    return sorted(found)


def parse_one(form: int, match: re.Match[str], meeting_date: str | None
              ) -> tuple[str, str | None] | None:
    """ISO (start, end) for a match of `DATE_FORMS[form]`, or None when it is no date."""
    groups = match.groups()
    if form == 0:
        day1, month1, day2, month2, year = groups
        last_month = month_number(month2)
        first_month = month_number(month1) or last_month
        year_number = int(year) if year else infer_year(last_month or 1, meeting_date)
        if year_number is None or not last_month or not first_month:
            return None
        first_year = year_number - (1 if first_month > last_month else 0)
        return iso(first_year, first_month, int(day1)), iso(year_number, last_month, int(day2))
    if form == 1:
        day, month, year = groups
        month_value = month_number(month)
        year_number = int(year) if year else infer_year(month_value or 1, meeting_date)
        if year_number is None or not month_value or not 1 <= int(day) <= 31:
            return None
        return iso(year_number, month_value, int(day)), None
    if form == 2:
        month1, month2, year = groups
        first, last = month_number(month1), month_number(month2)
        if not year:
            preceding = match.string[max(0, match.start() - 10) : match.start()].lower()
            following = match.string[match.end() : match.end() + 12].lower()
            if month1.lower() == "may" and not month2 and (
                    re.match(r"\s+(?:be|have|not|also|well|need|wish|want|require|include)\b",
                             following) or not re.search(r"\b(?:in|the)\s+$", preceding)):
                return None  # "may" is far more often the verb: "in May", "the May visit"
            if not re.search(r"\b(?:in|during|of|from|between|over|since|the)\s+$", preceding):
                return None
        year_number = int(year) if year else infer_year(last or first or 1, meeting_date)
        if year_number is None or not first:
            return None
        if last:
            return iso(year_number - (1 if first > last else 0), first), iso(year_number, last)
        return iso(year_number, first), None
    if form == 3:
        day, month, year = (int(g) for g in groups)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return iso(year, month, day), None
    if form == 5:
        if not meeting_date:
            return None
        back = 1 if groups[0] else 0
        year, month = int(meeting_date[:4]), int(meeting_date[5:7] or 0)
        if groups[2].lower() == "year":
            return iso(year - back), None
        if not month:
            return None
        return (iso(year - 1, 12) if back and month == 1 else iso(year, month - back)), None
    return iso(int(groups[0])), None


def latest_date(body: str) -> str | None:
    """The latest date the page states with its year: a stand-in for an unknown meeting
    date when a month is named without one. Dates with a month come first: a bare year
    is more often a plan or a span ("likely in 2026", "the 2023 to 2026 strategy") than a
    day the page can be later than."""
    dates = [first for _s, _e, first, _last in parse_dates(body, None)]
    return max((d for d in dates if len(d) > 4), default=None) or max(dates, default=None)


EARLIER_MEETING = re.compile(
    r"(?i)\b(?:last|previous|next)\s+meeting\b|\bminutes\b.*?\b(?:approv|agree|confirm|signed"
    r"|correct record|accurate record|pdf|to receive|to consider)")
"""A line about the minutes of another meeting, being agreed or linked as a document ("To
approve the minutes of the meeting held on 9 October 2019"): its date is not this
meeting's. The page's own title ("Minutes of the meeting of Cabinet held on ...") is not
such a line."""


def find_meeting_date(document: Document) -> str | None:
    """The meeting date: the front matter's, else the first dated meeting line of the text.

    Recognises "Meeting: 24/01/2022 - ...", "Meeting of ..., Friday 24th January 2020",
    "held on 5 March 2021" and "Date: ..." near the top of the page.
    """
    if document.meeting_date:
        return document.meeting_date
    head = document.body[:3000]
    for line in head.splitlines():
        if EARLIER_MEETING.search(line):
            continue  # "the minutes of the meeting held on 9 October 2019": an earlier one
        dated_line = re.search(r"(?i)\bmeeting\b|\bheld on\b|^\s*date\b", line) or (
            re.search(rf"(?i)\b{WEEKDAY}\b", line) and len(line) <= HEADING_MAX
            and not any_mention().search(line))
        if dated_line:
            dates = [d for d in parse_dates(line, None) if len(d[2]) == 10]
            if dates:
                return dates[0][2]
    return None


@functools.cache
def type_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(notation, pattern) in the priority order of `inspection-types.yaml`."""
    return [
        (notation, re.compile(bounded(patterns) + "(?!-)", re.I))
        for notation, patterns in structured("inspection-types").items()
    ]


@functools.cache
def generic_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (kind, re.compile(bounded(patterns), re.I))
        for kind, patterns in structured("inspection-generic").items()
    ]


@functools.cache
def other_provider_before() -> re.Pattern[str]:
    """A school, home or other provider named right before a mention ("school inspection")."""
    providers = "|".join(phrases("inspection-other-providers"))
    return re.compile(rf"\b(?:{providers})(?:['’]s?)?\s+(?:ofsted\s+)?$", re.I)


@functools.cache
def visitor_before() -> re.Pattern[str]:
    """Someone other than an inspector named right before a visit ("councillor visits")."""
    visitors = "|".join(phrases("inspection-not-visitors"))
    return re.compile(rf"\b(?:{visitors})(?:['’]s?)?\s+$", re.I)


@functools.cache
def any_mention() -> re.Pattern[str]:
    """Any named or generic mention: a quick test before the kinds are told apart."""
    patterns = [p for _, spec in (*structured("inspection-types").items(),
                                  *structured("inspection-generic").items()) for p in spec]
    return re.compile(bounded(patterns), re.I)


@functools.cache
def judgement_pattern() -> re.Pattern[str]:
    """A cue then a grade ("judged as “good”"), or a grade then a cue ("the inadequate
    judgement"); the grade's notation is the name of the group that matched. After "as"
    the grade may stand further from its cue ("rated the effectiveness of the help
    given to families and to children in care as requiring improvement")."""
    spec = structured("inspection-judgements")
    cues = "|".join(spec["cues"])

    def grades(suffix: str) -> str:
        return "|".join(f"(?P<{name.replace('-', '_')}{suffix}>{regex})"
                        for name, regex in spec["grades"].items())

    return re.compile(
        rf"\b(?:{cues})\b(?:(?:\W+\w+){{0,8}}?|(?:\W+\w+){{0,20}}?\W+as(?:\W+being)?)"
        rf"\W+[“\"'‘]?(?:{grades('')})\b"
        rf"(?=\s*(?:[”\"’'.,;:)(]|$|(?:{'|'.join(spec['grade_ends'])})\b))"
        rf"|\b(?:{grades('_2')})[”\"'’]?\s+(?:{'|'.join(spec['cues_after'])})\b",
        re.I,
    )


@functools.cache
def judgement_context() -> re.Pattern[str]:
    """Words that tie a judgement to an inspection (`context` of the judgement lexicon)."""
    return re.compile("|".join(structured("inspection-judgements")["context"]), re.I)


def is_heading(span: Span, body: str) -> bool:
    """A short line of its own without a full stop: a title, not running text."""
    start, last = line_start(body, span.start), line_end(body, span.end)
    first = BLANK.match(body, start, last).end()  # the line stripped, without copying it
    while last > first and body[last - 1].isspace():
        last -= 1
    return last - first <= HEADING_MAX and not body[first:last].endswith((".", ";", ":", ","))


def heading_lines(body: str) -> list[Span]:
    """Every heading line of the page (see `is_heading`) as a span."""
    spans = []
    for match in re.finditer(r"[^\n]+", body):
        text = match.group().strip(" \t\u00a0" + SYMBOL_BULLETS)
        if text and len(text) <= HEADING_MAX and not text.endswith((".", ";", ":", ",")):
            start = match.start() + match.group().index(text)
            spans.append(Span(start, start + len(text), text))
    return spans


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of `text` holding [start, end): cut at `,;:` and sentence ends."""
    left, right = clause_bounds(text, start, end)
    return text[left:right]


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause of `text` holding [start, end) begins and ends (see `clause_around`)."""
    left = max(text.rfind(mark, 0, start) for mark in ",;:") + 1
    rights = [i for i in (text.find(mark, end) for mark in ",;:") if i >= 0]
    return left, min(rights) if rights else len(text)


JOINT = ("jtai", "send-area")
"""Kinds inspected jointly with other inspectorates (CQC, HMIP, HMICFRS), which may be
named right before them: "Ofsted and the CQC revisited the local area"."""


@functools.cache
def other_provider_after() -> re.Pattern[str]:
    """A school, home or other provider as what was inspected ("inspected the Council's
    children's home", "the inspection of a nursery"): up to three words before it."""
    providers = "|".join(phrases("inspection-other-providers"))
    return re.compile(rf"(?:of\s+)?(?:(?:the|a|an|its|their|one|two|three)\s+)?"
                      rf"(?:[\w'’-]+\s+){{0,3}}?(?:{providers})\b", re.I)


JOINTLY = re.compile(r"(?i)\bofsted\s*(?:/|and|&)\s*(?:the\s+)?$")
"""Ofsted named with another inspectorate right before it ("the Ofsted/CQC inspection"):
the two inspected together, so it is no other provider's inspection."""


def not_a_mention(text: str, start: int, end: int, notation: str | None = None) -> bool:
    """True when the words around a name show a framework, a plan or another provider's
    inspection rather than the authority's."""
    before = text[max(0, start - 40) : start]
    provider = other_provider_before().search(before)
    if notation not in JOINT and provider and not JOINTLY.search(
            text[max(0, start - 60) : max(0, start - 40) + provider.start()]):
        return True
    if visitor_before().search(before):
        return True  # "the councillors' visits to teams in May"
    if re.search(r"\b(?:not|no)\s+(?:an?\s+)?(?:formal\s+)?$", text[max(0, start - 20) : start],
                 re.I):
        return True  # "an annual conversation, which is not an inspection"
    following = re.sub(r"^[\s\"'“”‘’)]*(?:\([^)]{0,20}\)\s*)?", "", text[end : end + 80])
    if notation not in JOINT and other_provider_after().match(following):
        return True  # "Ofsted had inspected the Council's children's home"
    return bool(phrase_pattern("inspection-not-mentions").match(following))


def sentence_mentions(span: Span, heading: bool, meeting_date: str | None,
                      reference: str | None = None) -> list[Mention]:
    """The inspections one sentence names (one mention per kind), each with its dates.

    A date belongs to the closest mention before it in the sentence (else the first
    after it): "the visit in March 2021 and the DfE review in May 2021".
    """
    text = span.text
    if not any_mention().search(text):
        return []
    hits: list[tuple[str | None, str, re.Match[str]]] = []
    for notation, pattern in type_patterns():
        for match in pattern.finditer(text):
            overlaps = any(m.start() < match.end() and match.start() < m.end()
                           for _, _, m in hits)
            new_kind = all(notation != n for n, _, _ in hits)
            if new_kind and not overlaps and not not_a_mention(text, match.start(), match.end(),
                                                               notation):
                hits.append((notation, kind_of(notation), match))
    generic, others = [], []
    for kind, pattern in generic_patterns():
        for match in pattern.finditer(text):
            if any(m.start() <= match.end() + 1 and match.start() <= m.end() + 1
                   for _, _, m in hits):
                continue
            if not_a_mention(text, match.start(), match.end()):
                others.append(match.end())  # "an adoption regulatory inspection"
            else:
                generic.append((kind, match))
    if generic and (re.search(r"(?i)ofsted|inspector|\b(?:the|this) (?:visit|inspection|review)"
                              r"|\bdfe\b|\bcommissioner\b", text)
                    or any(dated_after(text, match.end()) for _, match in generic)):
        area = phrase_pattern("inspection-send-context").search(text)
        hits += [(None, "area" if area and kind == "inspection" else kind, match)
                 for kind, match in generic]
        hits.sort(key=lambda hit: hit[2].start())
    if not hits:
        return []
    # "the plan went to Ofsted and an annual conversation was held on 3 March": not a date
    # of the inspection named before it
    others += [m.end() for m in phrase_pattern("inspection-not-events").finditer(text)]
    past = past_cue()
    mentions = [Mention(span=span, type=notation, kind=kind,
                        past=bool(past.search(text[max(0, match.start() - 30) : match.start()])),
                        plural=bool(re.search(r"(?i)s$", match.group())))
                for notation, kind, match in hits]
    grades = list(judgement_pattern().finditer(text))
    judged = [m.end() - 1 for m in grades]
    attributive = [m.start() for m in grades  # "the inadequate judgement"
                   if any(value and name.endswith("_2") for name, value in m.groupdict().items())]
    for date in mention_dates(text, heading, meeting_date, reference):
        local = date.offset
        if any(0 <= start - local <= JUDGEMENT_LEAD and not re.search(r"[,.;]", text[local:start])
               for start in attributive):
            continue  # "since the 2019 inadequate judgement": the judgement's date
        end = local + date.length
        named = [i for i, (_, _, m) in enumerate(hits)
                 if m.start() >= end and not text[end : m.start()].strip()]
        if named:  # "the May 2019 focused visit": the date is that of the name it qualifies
            mentions[named[0]].dates.append(replace(date, offset=span.start + local))
            continue
        before = [i for i, (_, _, m) in enumerate(hits) if m.end() <= local]
        owner = (max(before, key=lambda i: hits[i][2].end()) if before
                 else min(range(len(hits)), key=lambda i: hits[i][2].start()))
        if not before and date.strength < 2 and hits[owner][2].start() - local > DATE_LEAD_REACH \
                and not OPENING_DATE.fullmatch(text[:local]):
            continue  # "brought in house from 1 August 2022, ... at the time of the inspection"
        if any(hits[owner][2].end() <= j < local for j in judged):
            continue  # "the visit since the authority was judged inadequate in 2019"
        if before and any(hits[owner][2].end() <= end <= local for end in others):
            continue  # "a visit in May and an adoption regulatory inspection in June"
        mentions[owner].dates.append(replace(date, offset=span.start + local))
    held = [mention for mention, (_, _, match) in zip(mentions, hits, strict=True)
            if not to_come(text, match.start(), match.end())]
    return one_per_kind(held)


def to_come(text: str, start: int, end: int) -> bool:
    """Whether the clause naming an inspection at [start, end) of `text` puts it in the
    future ("another visit would take place in October"). A future cue followed by words
    of a report before the name speaks of the report, not of the inspection ("officers
    will bring the findings of the visit held on 5 and 6 May")."""
    left, right = clause_bounds(text, start, end)
    reported = phrase_pattern("inspection-reported")
    return any(not (cue.end() <= start and reported.search(text, cue.end(), start))
               for cue in phrase_pattern("inspection-future-cues").finditer(text, left, right))


def one_per_kind(mentions: list[Mention]) -> list[Mention]:
    """A sentence's generic mentions, one per kind unless each has dates of its own: "the
    inspection in 2011 ... and the inspection in 2016" are two, "the inspection ... the
    inspection" one (the first dated one, else the first)."""
    kept = []
    for mention in mentions:
        if mention.type:
            kept.append(mention)
            continue
        same = [m for m in mentions if not m.type and m.kind == mention.kind]
        dated = [m for m in same if m.dates]
        if mention.dates or (not dated and mention is same[0]):
            kept.append(mention)
    return kept


DATED_REACH = 30
"""How close after a generic name a date makes it an inspection that took place ("the
initial inspection in 2017", "undertaken an inspection of Children's Services 5-16
December 2022") in a sentence that does not name Ofsted."""


def dated_after(text: str, end: int) -> bool:
    """Whether a date begins within `DATED_REACH` characters after `end` in `text`."""
    return any(start <= DATED_REACH for start, *_ in parse_dates(text[end:end + DATED_REACH + 40],
                                                                 None))


@functools.cache
def past_cue() -> re.Pattern[str]:
    """A word of `inspection-past-cues` ending just before a mention ("the previous ")."""
    return re.compile(phrase_pattern("inspection-past-cues").pattern
                      + r"\s+(?:[\w'’-]+\s+){0,3}$", re.I)


def kind_of(notation: str) -> str:
    """`visit`, `inspection` (full inspections) or the notation itself (JTAI, reviews, ...)."""
    for kind, notations in JOINS.items():
        if notation in notations:
            return kind
    return notation


def mention_dates(text: str, heading: bool, meeting_date: str | None,
                  reference: str | None = None, exclude: bool = True) -> list[DateMention]:
    """The dates of a sentence that may be an inspection's (offsets within `text`).

    A month without a year is read against `reference` (the meeting date, else the
    latest date of the page); dates after the meeting are plans and are left out.
    """
    dates = []
    for start, end, first, last in parse_dates(text, reference or meeting_date, heading):
        window = text[max(0, start - DATE_WORDS_REACH) : start]
        named = list(any_mention().finditer(window))
        window = window[named[-1].end() :] if named else window  # "report on the visit of"
        if exclude and phrase_pattern("inspection-date-exclusions").search(window):
            continue
        fallback = phrase_pattern("inspection-date-fallbacks").search(window)
        if meeting_date and first[: len(meeting_date)] > meeting_date:
            continue  # after the meeting: planned, not held
        if heading and first == meeting_date:
            continue  # "24/05/2022 - Ofsted Focused Visit": the item's meeting, not the visit
        strength = -1 if fallback else 0 if heading else (
            2 if date_cue().search(text[max(0, start - 120) : start]) else 1)
        dates.append(DateMention(first, last, start, strength, end - start))
    return dates


@functools.cache
def date_cue() -> re.Pattern[str]:
    """A cue of `inspection-date-cues` ending just before a date ("took place on ")."""
    cues = phrase_pattern("inspection-date-cues").pattern
    return re.compile(cues + r"\s*(?:on|in|between|during|over|of|from)?\s*(?:the\s+)?$", re.I)


def opens(lead: str) -> bool:
    """Whether `lead`, the words before a date, leave the date opening its sentence: nothing
    but `OPENING_DATE`, or nothing at all when the date's own words hold the preposition
    ("In 2017, ...")."""
    return not lead.strip(" \t\n\"'“‘(") or bool(OPENING_DATE.fullmatch(lead))


@functools.cache
def visit_names() -> re.Pattern[str]:
    """Any name of a visit, named or generic: the dates after one are the visit's, not a
    judgement's ("rated good overall, and the next visit came in June 2021")."""
    patterns = [p for kind, spec in (*structured("inspection-types").items(),
                                     *structured("inspection-generic").items())
                if kind in (*JOINS["visit"], "visit") for p in spec]
    return re.compile(bounded(patterns), re.I)


@functools.cache
def judgement_roles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cues of `inspection-judgements.yaml` that a judgement is the overall one, and
    that it is an earlier inspection's."""
    spec = structured("inspection-judgements")
    return re.compile(bounded(spec["overall"]), re.I), re.compile(bounded(spec["past"]), re.I)


def find_judgements(spans: list[Span], meeting_date: str | None, reference: str | None = None
                    ) -> list[tuple[Span, str, DateMention | None, str, Span]]:
    """(sentence, judgement notation, its date if its clause gives one, role, evidence) for
    every stated judgement (evidence: the sentence, or for an earlier inspection only
    the words about it, `past_clause`): "judged good, an improvement on the inadequate
    judgement of 2018" gives two. The role is `overall` when the clause says so ("good
    overall"), `past` when it speaks of an earlier inspection ("having been judged
    inadequate"), else ""."""
    overall, past = judgement_roles()
    future = phrase_pattern("inspection-future-cues")
    found = []
    for span in spans:
        if not judgement_context().search(span.text) or phrase_pattern(
                "inspection-other-providers").search(span.text):
            continue
        dates = mention_dates(span.text, False, meeting_date, reference, exclude=False)
        visits = [m.start() for m in visit_names().finditer(span.text)]
        matches = list(judgement_pattern().finditer(span.text))
        for match in matches:
            grade = next(name for name, value in match.groupdict().items() if value)
            clause = clause_around(span.text, match.start(), match.end())
            if future.search(clause):
                continue  # "to help it achieve a good rating at future inspections"
            left = span.text.find(clause)
            own = [d for d in dates if left <= d.offset < left + len(clause)
                   and date_owner(matches, d.offset, left, left + len(clause)) is match
                   and not any(match.end() <= visit < d.offset for visit in visits)]
            lead = span.text[max(0, left - 40) : match.end()]
            rest = span.text[match.end() : left + len(clause)]
            later = any(match.end() <= m.start() < left + len(clause) for m in matches)
            role = ("past" if past.search(lead) or (past.search(rest) and not later) else
                    "overall" if overall.search(own_part(span.text, matches, match, left,
                                                         left + len(clause))) else "")
            words = past_clause(span, left, left + len(clause), match, past) \
                if role == "past" else span
            if role == "past":  # "the visit in May 2022, the first since 2019 when judged good"
                own = [d for d in own if d.offset >= words.start - span.start] or own
            if role == "past" and not own:  # "since 2020, when it had been judged inadequate"
                own = [d for d in dates if 0 < left - d.offset <= PAST_DATE_REACH]
            if not own:  # "In March 2016, Ofsted rated the service inadequate"
                own = [d for d in dates if opens(span.text[: d.offset])
                       and re.fullmatch(r"[^,;:]{1,30}[,;:]", span.text[d.offset : left])]
            found.append((span, grade.removesuffix("_2").replace("_", "-"),
                          own[0] if own else None, role, words))
    return found


def past_clause(span: Span, left: int, right: int, match: re.Match[str],
                past: re.Pattern[str]) -> Span:
    """The words of an earlier inspection's judgement, from its past cue when that is in
    the clause ("... the fourth monitoring visit since services were judged inadequate in
    2021" gives "since services were judged inadequate in 2021"): the earlier inspection's
    evidence, so that the visit named earlier in the sentence keeps the rest of it."""
    grade = next(name for name, value in match.groupdict().items() if value)
    cues = list(past.finditer(span.text, left, match.start(grade)))
    start = cues[-1].start() if cues else left
    text = span.text[start:right].rstrip(" .;,")
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return span
    return Span(span.start + start + lead, span.start + start + lead + len(text), text)


def own_part(text: str, matches: list[re.Match[str]], match: re.Match[str], left: int,
             right: int) -> str:
    """The part of a clause [left, right) that belongs to one of its judgements: from the
    judgement before it to the one after it, so that "rated leadership as outstanding and
    overall effectiveness as good" makes only "good" the overall judgement."""
    before = [m.end() for m in matches if left <= m.end() <= match.start()]
    after = [m.start() for m in matches if match.end() <= m.start() < right]
    return text[max([left, *before]) : min([right, *after])]


def date_owner(matches: list[re.Match[str]], offset: int, left: int, right: int
               ) -> re.Match[str] | None:
    """The judgement of a clause [left, right) a date at `offset` belongs to: the last one
    before it, else the first after it ("good, up from inadequate in 2016": 2016 is the
    inadequate one's)."""
    inside = [m for m in matches if left <= m.start() < right]
    before = [m for m in inside if m.end() <= offset]
    return before[-1] if before else next((m for m in inside if m.start() > offset), None)


def merge(mentions: list[Mention]) -> list[Draft]:
    """Mentions -> inspections: named kinds first, then generic mentions joined to them.

    Named mentions with a date of their own in running text go first, so that an
    undated or heading-dated mention ("OFSTED MONITORING VISIT - SEPTEMBER 2022") joins
    the inspection its date fits (else the nearest before it), not simply the first one:
    "the previous monitoring visit in May" stays a visit of its own.
    """
    drafts: list[Draft] = []
    named = [one for m in mentions if m.type for one in one_per_date(m)]
    dated = [m for m in named if any(d.strength > 0 for d in m.dates)]
    undated = [m for m in named if not any(d.strength > 0 for d in m.dates)]
    for mention in (*dated, *undated):
        date = max(mention.dates, key=lambda d: (d.strength, len(d.start)), default=None)
        fitting = [d for d in drafts if same_family(d.type, mention.type) and d.accepts(date)]
        target = best_fit(fitting, date, mention.span.start, mention.past)
        if target is None:
            target = Draft(type=mention.type, past=mention.past)
            drafts.append(target)
        elif target.type == "ilacs" and mention.type != "ilacs":
            target.type = mention.type
        target.add(mention)
    generic = [m for m in mentions if not m.type]
    generic_dated = [m for m in generic if any(d.strength > 0 for d in m.dates)]
    generic_undated = [m for m in generic if not any(d.strength > 0 for d in m.dates)]
    for mention in (*generic_dated, *generic_undated):
        date = max(mention.dates, key=lambda d: (d.strength, len(d.start)), default=None)
        joinable = [d for d in drafts if d.type in JOINS[mention.kind] and d.accepts(date)]
        if not joinable:
            joinable = [d for d in drafts if d.type in ALSO_JOINS[mention.kind]
                        and d.accepts(date)]
        if not joinable and date is None and mention.kind in GUESS:
            joinable = drafts
        target = best_fit(joinable, date, mention.span.start, mention.past) or (
            nearest(joinable, mention.span.start) if joinable else None)
        if target is None and mention.kind not in GUESS:
            continue
        if target is None:
            target = Draft(type=named_beside(mention, mentions) or GUESS[mention.kind])
            drafts.append(target)
        target.add(mention)
    return drafts


def named_beside(mention: Mention, mentions: list[Mention]) -> str | None:
    """The kind a generic mention's own sentence names for it, if any: in "focused visits
    began then, and our first visit came in June 2020" the visit is a focused visit,
    though the named mention joined another one."""
    return next((m.type for m in mentions if m.span == mention.span and m.type
                 and m.type in JOINS.get(mention.kind, ())), None)


def one_per_date(mention: Mention) -> list[Mention]:
    """A plural mention with dates that cannot be one inspection's ("earlier monitoring
    visits in June 2022 and October 2022") as one mention per date; else the mention."""
    dates = [d for d in mention.dates if d.strength > 0 and d.end is None]
    apart = len(dates) > 1 and all(not compatible(a.start, b.start)
                                   for i, a in enumerate(dates) for b in dates[i + 1 :])
    if not (mention.plural and apart):
        return [mention]
    return [replace(mention, dates=[date]) for date in dates]


def best_fit(drafts: list[Draft], date: DateMention | None, offset: int,
             past: bool = False) -> Draft | None:
    """Among inspections a mention may join: one whose date its date fits; for an undated
    mention, the most recent inspection ("the inspection" is the one under discussion, not
    an earlier one named in passing); else the nearest before it. A mention of the current
    inspection does not join one named as earlier ("the previous visit in May") unless its
    date fits that one; None when nothing fits."""
    if date is not None:
        fits = [d for d in drafts if d.best_date() and compatible(d.best_date().start, date.start)]
        if fits:
            return nearest(fits, offset)
    drafts = [d for d in drafts if d.past == past]
    if not drafts:
        return None
    if date is not None:
        return nearest(drafts, offset)
    dated = [d for d in drafts if d.best_date() and d.best_date().strength > 0]
    if len(dated) > 1 and len(dated) == len(drafts):
        latest = max(d.best_date().start[:4] for d in dated)
        drafts = [d for d in dated if d.best_date().start.startswith(latest)]
    return nearest(drafts, offset)


def same_family(one: str, other: str) -> bool:
    ilacs = {"ilacs", "ilacs-standard", "ilacs-short"}
    return one == other or (one in ilacs and other in ilacs and "ilacs" in (one, other))


def nearest(drafts: list[Draft], offset: int) -> Draft:
    """The draft whose last mention before `offset` is closest (else the first one)."""
    def distance(draft: Draft) -> int:
        index = bisect.bisect_right(draft.evidence, offset, key=lambda span: span.start) - 1
        return offset - draft.evidence[index].start if index >= 0 else 10**9
    return min(drafts, key=distance)


def attach_judgements(drafts: list[Draft],
                      judgements: list[tuple[Span, str, DateMention | None, str, Span]],
                      reference: str | None = None) -> None:
    """Give each stated judgement to the full inspection it is about (made if need be):
    the one its date fits, else the one named in its sentence, else the latest. An undated
    judgement of an earlier inspection ("having been judged inadequate") is an inspection
    of its own, and so is an undated one where no inspection is named, but said again with
    the same grade it is the same inspection (a page saying "judged good" a thousand times
    had a thousand); an overall judgement wins over one of a single area stated before
    it."""
    settled: set[int] = set()
    for span, grade, date, role, words in judgements:
        graded = [d for d in drafts if d.type in JOINS["inspection"]]
        if date is not None:
            fitting = ([d for d in graded if d.best_date() and d.accepts(date)]
                       or [d for d in graded if d.best_date() and published(d.best_date(), date)]
                       or [d for d in graded if not d.best_date() and not d.past
                           and role != "past"  # "up from inadequate in 2019" is older
                           and recent(date, reference)])
        elif role == "past":
            fitting = [d for d in graded if d.past and not d.best_date()]
        else:
            fitting = [d for d in graded if holds(d.evidence, span) and not d.past] or sorted(
                (d for d in graded if not d.past),
                key=lambda d: d.best_date().start if d.best_date() else "")[-1:] or [
                d for d in graded if d.past and not d.best_date() and d.judgement == grade]
        if fitting:
            target = fitting[0]
            target.dates += [date] if date else []
        else:
            target = Draft(type="ilacs", dates=[date] if date else [], past=True)
            drafts.append(target)
        if target.judgement is None or (role == "overall" and id(target) not in settled):
            target.judgement = grade
            if role == "overall":
                settled.add(id(target))
        evidence = words if role == "past" or target.past else span
        if not holds(target.evidence, span) and not holds(target.evidence, evidence):
            bisect.insort(target.evidence, evidence, key=lambda found: found.start)


RECENT_YEARS = 1
"""How many years before the meeting an inspection it discusses without a date may have
been: a judgement dated earlier is that of an earlier inspection."""


def recent(date: DateMention, reference: str | None) -> bool:
    """Whether `date` may be that of the inspection a meeting on `reference` discusses."""
    return reference is None or int(reference[:4]) - int(date.start[:4]) <= RECENT_YEARS


PUBLICATION_LAG = 3
"""Months within which Ofsted publishes a full inspection's report (it is due about seven
weeks after the inspection ends)."""


def published(held: DateMention, judged: DateMention) -> bool:
    """Whether a judgement dated to a month (or day) is the publication of an inspection
    held up to `PUBLICATION_LAG` months before it: "inspected from 2 to 13 March 2020"
    and "rated good in May 2020" are one inspection."""
    if len(judged.start) < 7 or len(held.start) < 7:
        return False
    months = (int(judged.start[:4]) * 12 + int(judged.start[5:7])
              - int(held.start[:4]) * 12 - int(held.start[5:7]))
    return 0 < months <= PUBLICATION_LAG


def primary_inspection(inspections: Sequence[Inspection]) -> int:
    """The index of the inspection a page is about, for items that name none.

    Among inspections mentioned more than once (an earlier one named in passing, "judged
    inadequate in 2019", is mentioned once), the latest dated, then the most mentioned;
    an undated one comes after the dated ones. 0 when there are none.
    """
    if not inspections:
        return 0
    indexes = range(len(inspections))
    repeated = [i for i in indexes if len(inspections[i].evidence) > 1] or list(indexes)
    return max(repeated, key=lambda i: (inspections[i].start or "",
                                        len(inspections[i].evidence), -i))


def framework(kind: str, start: str | None, reference: str | None, body: str) -> str:
    """The type of a full inspection by its framework: read from its date, or for an
    undated one from the meeting date (it cannot be later than the meeting) or from words
    only SIF reports used (`lexicon/inspection-sif-markers.txt`)."""
    if kind != "ilacs":
        return kind
    if start and start[:4] < SIF_BEGAN:
        return "other"
    when = start or reference
    if when:
        return "sif" if when < ILACS_BEGAN else kind
    return "sif" if phrase_pattern("inspection-sif-markers").search(body) else kind


def find_inspections(
    document: Document,
    relevant: list[Span],
    meeting_date: str | None,
    authority: Authority | None,
) -> tuple[Inspection, ...]:
    """The inspections the relevant parts of `document` discuss, merged and dated.

    Headings anywhere in the document count too (a page titled "OFSTED MONITORING"
    says what kind of visit its minutes discuss). `authority` is not needed to find
    inspections; it is part of the stage's contract for extractors that do.
    """
    body = document.body
    reference = meeting_date or latest_date(body)
    taken = Intervals((span.start, span.end) for span in relevant)
    headings = [h for h in heading_lines(body) if not taken.overlaps(h.start, h.end)]
    spans = sorted({*relevant, *headings}, key=lambda s: (s.start, s.end))
    mentions = [m for span in spans
                for m in sentence_mentions(span, is_heading(span, body), meeting_date, reference)]
    drafts = merge(mentions)
    heading_set = set(headings)
    attach_judgements(drafts, find_judgements([s for s in relevant if s not in heading_set],
                                              meeting_date, reference), reference)
    about_ofsted = [s for s in relevant if re.search(r"(?i)\bofsted\b", s.text)
                    and not phrase_pattern("inspection-other-providers").search(s.text)
                    and not phrase_pattern("inspection-not-events").search(s.text)]
    if not drafts and about_ofsted:
        drafts.append(Draft(type="other", evidence=about_ofsted[:1]))
    inspections = []
    for draft in sorted(drafts, key=lambda d: min(s.start for s in d.evidence)):
        best = draft.best_date()
        evidence = tuple(sorted(set(draft.evidence), key=lambda s: (s.start, s.end)))
        kind = framework(draft.type, best.start if best else None, reference, body)
        inspection = Inspection(type=kind, evidence=evidence, judgement=draft.judgement)
        if best:
            inspection = replace(inspection, start=best.start, end=best.end)
        inspections.append(inspection)
    return tuple(inspections)
