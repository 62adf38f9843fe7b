"""Findings, recommendations and responses, and the links between them.

Each sentence of the parts about an inspection is cut into clauses; each clause is read
for, in this order, a recommendation (what the inspection asked for), a finding (what it
found, attributed to it) and a response (something the council did). Inline lists
("such as X, Y and Z") give one item per point. The cue phrases are data
(`lexicon/finding-*`, `recommendation-*`, `response-*`); this module only says how they
combine.

A response is tied to what it answers by explicit wording first ("in response to the
recommendation", "to address this issue"), then by theme (workforce plans answer
workforce findings), then by proximity, preferring what asks for action
(recommendations, then weaknesses) over strengths.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.extract.cues import Cue, CueSet, any_of, lexicon_cue
from graph.extract.inspections import primary_inspection
from graph.extract.lexicon import phrases, structured
from graph.extract.sentences import (
    HAS_VERB,
    bullet_class,
    line_start,
    split_clauses,
    split_list,
    trimmed,
)
from graph.extract.themes import FALLBACK_THEME as FALLBACK
from graph.extract.themes import (
    overall_verdict,
    polarity_of,
    status_of,
    theme_of,
    theme_scores,
)
from graph.model import Document, Finding, Inspection, Recommendation, Response, Span

FINDING, RECOMMENDATION, RESPONSE = "finding", "recommendation", "response"
LONG_RELATIVE_WORDS = 12
"""A `, which ...` tail longer than this is cut from a quote: it is commentary."""
DETERMINER = re.compile(
    r"(?:\b(?:one|some|two|three|four|several|each|all|most|many|none)\s+of\s+)?"
    r"(?:\b(?:the|a|an|one|two|three|four|five|six|several|both|its|their|these|those|key|main|"
    r"further|new|\d+|ofsted(?:['’]s)?|inspection)\s+){1,3}$",
    re.I,
)
MAX_HEADING_WORDS = 8
"""A line this short, with no full stop, can head the bulleted list below it."""
MARKER_REACH = 20
"""How far after "areas for improvement" or "strengths" its "such as" may come."""
LINK_REACH = 45
"""How far after a clause its link may be stated (" in response to the recommendation")."""
MIN_WORDS_SAID = 3
"""Words after a recommendation cue that make it say something rather than refer back."""
LEAD_CHARS = 30
"""How much of the sentence before a clause is read for a reference back ("in response to")."""
PLAIN_AND = re.compile(r"\s+and\s+")
LIST_AND = re.compile(r",?\s+and\s+")
THAT_WORD = re.compile(r"\bthat\b", re.I)
FRAME_ONLY = re.compile(r"^(?:\S+\s+){1,5}that$")
"""A finding that is only its source and verb ("The review had concluded that"): what it
reported follows in the next clauses."""
ROMAN = r"\(?[ivx]{1,4}[.)]"
"""A point numbered in roman numerals, as sub-points of a lettered paragraph are."""
BULLET_LEAD = re.compile(
    rf"\s*(?:{bullet_class()}+|\(?\d{{1,2}}[.)]|\(?[a-z][.)]|{ROMAN})\s*", re.I)
ROMAN_LEAD = re.compile(rf"\s*{ROMAN}\s*", re.I)
LINE_SPACE = re.compile("[ \t\u00a0]*")
"""What may stand before the first text of a line."""
MAX_ANNOUNCEMENT_WORDS = 14
"""The longest sentence read as only announcing findings ("Inspectors identified areas
where practice was not yet good enough")."""
MIN_SHARED_WORDS = 2
"""Content words an action must share with a finding for the words alone to link them."""
VERBAL_RECOMMENDATION = re.compile(r"\b(?:recommended|required|asked|advised|requested)\b",
                                   re.I)
"""A recommendation cue that is a verb: the clause with its subject is the quote."""
THAT = re.compile(r"that\s+", re.I)
"""A clause opening with "that" continues the report of the clause before it."""
ASKED_ACTION = re.compile(
    r"(?:improve|increase|ensure|strengthen|reduce|develop|address|embed|make sure)\b", re.I)
"""The verb a second point of a recommendation opens with ("should improve X, and increase Y")."""
ANAPHOR = re.compile(r"(?:this|that|these|those|it|he|she|they)\b", re.I)
RELATIVE_TAIL = re.compile(r",\s+which\b")
QUESTION_REACH = 1
"""How many sentences before an officer's answer its member's question may be."""
PARAGRAPH_NUMBER = re.compile(r"^\(?\d{1,3}(?:\.\d{1,3})*[.)]?\s+")
"""The number of a minuted paragraph ("28.5.1", "12.", "(3)") before its text."""
ONE_ANNOUNCED = re.compile(
    r"\b(?:one|a single|the only|an?)\s+(?:\w+\s+)?(?:area|recommendation|priority|APA)\b", re.I)
"""A sentence that announces a single recommendation ("identified one Area for Priority
Action: ... should ensure that X and that Y"): its second "that" clause is the same one."""


REVIEW = re.compile(r"\b(?:DfE|Department for Education|(?:the|a) review|commissioner(?:['’]s)?)\b",
                    re.I)
"""Words that name a DfE review (or its commissioner) in a sentence."""


@dataclass(frozen=True)
class Item:
    """A finding, recommendation or response found in one clause, before linking."""

    kind: str
    quote: Span
    sentence: Span
    link: str | None = None
    """`F` or `R` when the wording ties this response to a finding or recommendation."""
    listed: bool = False
    """One point of an inline list: never merged with its neighbours."""
    attributed: bool = False
    """A finding that names the inspection as its source ("Ofsted had recognised")."""
    paired: int | None = None
    """For a recommendation also stated as a finding (an APA): that finding's item index."""
    lead: str = ""
    """The introduction of the bulleted list this item is a line of: its context."""
    topic: str = ""
    """For a response given in answer to a member's question: what the question was about
    ("In response to a question about X, ..."), read with its quote when linking."""


@functools.cache
def compiled() -> dict[str, Cue]:
    """Every cue pattern this module uses, compiled once."""
    sources = "|".join(phrases("finding-sources"))
    verbs = "|".join(phrases("finding-verbs"))
    reporting = "|".join(phrases("section-reporting-verbs"))
    finite = "|".join(phrases("section-subject-verbs"))
    new_subject = r"(?:the|a|an|he|she|they|it|officers|members|councillors?)"
    listeners = r"(?:the\s+)?(?:committee|board|members|panel|forum|cabinet|him|her|them|officers)"
    return {
        "attributed": Cue(
            rf"\b(?:{sources})(?:\s+(?!and\s+{new_subject}\b)[\w’'-]+){{0,16}}?\s+(?:(?:had|has|have|also|been|was|were)"
            rf"\s+){{0,2}}(?:{verbs})\b"
        ),
        "frame": Cue(
            rf"^(?:(?!\b(?:{finite})\b)[^;]){{0,100}}?\b(?:{reporting})\b(?!\s+to\b)"
            rf"(?:\s+{listeners}\b)?(?P<tail>\s+(?:that|about|of|on)\b)?[\s,]+"
        ),
        "pronoun_source": Cue(
            rf"^(?:they|it|she|he)\s+(?:also\s+|further\s+)?(?:(?:had|has|have)\s+)?"
            rf"(?:also\s+)?(?:{verbs})\b"
        ),
        "source": Cue(rf"(?:the\s+)?\b(?:{sources})\b"),
        "speaker": Cue(r"^(?:" + "|".join(phrases("finding-speakers")) + r")"),
        "procedural": lexicon_cue("finding-speakers-procedural"),
        "list": lexicon_cue("finding-list-markers"),
        "nominal": lexicon_cue("finding-nominal"),
        "passive": lexicon_cue("finding-passive"),
        "object_list": Cue(
            rf"\s+(?!that\b|the following\b)(?:(?!\b(?:{finite})\b)[^,;])+?"
            rf"\s+and\s+(?:the|a|an|its|their)\s+(?:(?!\b(?:{finite})\b)[^;])+$"
        ),
        "predicate": Cue(rf"[,;:]|\b(?:{finite})\b"),
        "finite": Cue(rf"\b(?:{finite})\b"),
        "new_clause": Cue(rf",\s+(?:[\w’'-]+\s+){{0,5}}?(?:{finite})\b"),
        "evaluative": lexicon_cue("finding-evaluative"),
        "not_finding": lexicon_cue("finding-not"),
        "recommendation": lexicon_cue("recommendation-cues"),
        "not_recommendation": lexicon_cue("recommendation-not"),
        "apa": Cue(r"\b(?:areas? for priority action|priority actions?(?! plans?\b)|APA['’]?s)\b"),
        "reference": Cue(
            r"\b(?:" + "|".join(phrases("recommendation-references")) + r")\s+(?:\S+\s+){0,2}$"
        ),
        "action": lexicon_cue("response-actions"),
        "not_response": lexicon_cue("response-not"),
        "noun": lexicon_cue("response-nouns"),
        "finding_intro": lexicon_cue("finding-list-intros"),
        "recommendation_intro": lexicon_cue("recommendation-list-intros"),
        "response_intro": lexicon_cue("response-list-intros"),
        "whole_plan": lexicon_cue("response-whole-plans"),
        "question_topic": Cue(r"^(?:" + "|".join(phrases("response-question-topics")) + r")\b"),
        "asks": Cue(r"\b(?:asked|queried|questioned|enquired|sought|wondered|raised)\b|\?"),
        "judgement": lexicon_cue("finding-judgements"),
        "decision": Cue(r"^(?:" + "|".join(phrases("decision-openings")) + r")"),
        "announcement": Cue(r"\b(?:" + "|".join(phrases("finding-announcements")) + r")\W*$"),
        "graded_line": Cue(r"^[a-z][^:\n]{8,160}:\s*(?:"
                           + "|".join(structured("inspection-judgements")["grades"].values())
                           + r")\W*$"),
        "polar": any_of((*phrases("polarity-weakness"), *phrases("polarity-strength"))),
    }


@functools.cache
def link_cues() -> tuple[tuple[str, ...], CueSet]:
    """(target kind of each line, the lines' patterns) of `response-links.txt`, in file
    order."""
    lines = [line.split(None, 1) for line in phrases("response-links")]
    return tuple(kind for kind, _ in lines), CueSet([[pattern] for _, pattern in lines])


def explicit_link(text: str) -> str | None:
    """`F` or `R` when `text` ties an action to a finding or recommendation (the first
    line of `response-links.txt` that matches says which)."""
    kinds, patterns = link_cues()
    first = next(iter(patterns.matching(text)), None)
    return None if first is None else kinds[first]


def sub(body: str, span: Span, start: int, end: int | None = None) -> Span | None:
    """The trimmed part of `span` from local offset `start` to `end` (default: its end)."""
    return trimmed(body, span.start + start, span.start + (len(span.text) if end is None else end))


def without_frame(body: str, clause: Span, keep_sources: bool) -> tuple[Span, bool]:
    """`clause` without a reporting frame ("Mr Nash explained that"), and whether the frame
    ended in `about`/`of` (what follows is then a list of things).

    With `keep_sources`, a frame that names the inspection ("the letter noted that") is
    kept: it is what makes the clause a finding.
    """
    frame = compiled()["frame"].match(clause.text)
    if not frame or frame.end() >= len(clause.text) - 3:
        return clause, False
    if keep_sources and compiled()["source"].search(frame.group()):
        return clause, False
    rest = sub(body, clause, frame.end())
    if rest is None or len(rest.text.split()) < 3:
        return clause, False
    tail = (frame.group("tail") or "").strip().lower()
    return rest, tail in ("about", "of")


def short_relative(body: str, span: Span) -> Span:
    """`span` without a long `, which ...` commentary tail; but a tail that says what the
    item answers ("the plan, which was structured around the recommendations and ...")
    is kept up to its first `and`."""
    tail = RELATIVE_TAIL.search(span.text)
    if tail and len(span.text[tail.end():].split()) > LONG_RELATIVE_WORDS:
        joined = PLAIN_AND.search(span.text, tail.end())
        if joined and explicit_link(span.text[tail.end():joined.start()]):
            return sub(body, span, 0, joined.start()) or span
        return sub(body, span, 0, tail.start()) or span
    return span


def phrase_start(text: str, cue_start: int) -> int:
    """Where the noun phrase of a cue begins: back over its determiner ("the", "two")."""
    before = DETERMINER.search(text[:cue_start])
    return before.start() if before else cue_start


def list_items(body: str, clause: Span, after: int, first_from: int | None = None) -> list[Span]:
    """The points of an inline list in `clause` after local offset `after`.

    `first_from` extends the first point back to where its cue began ("the Ofsted
    recognition of X" is quoted whole). A list of short names ("Legal Access Meetings,
    Public Law Outline and Homelessness") is one point: it names the topics of one finding.
    """
    region = sub(body, clause, after)
    if region is None:
        return []
    points = split_list(body, region)
    if len(points) > 1 and all(is_name(point.text) for point in points):
        points = [region]
    if first_from is not None and points:
        first = sub(body, clause, first_from, points[0].end - clause.start)
        points[0] = first or points[0]
    return points


NOUN_PHRASE_BREAK = re.compile(r"\s*;\s*(?:and\s+)?|,?\s+and\s+(?=(?:the|a|an|its|their)\s)")
"""Where a list of noun phrases breaks: a semicolon, or `and` before a new determiner
("the stable and committed team and the quality of support": two points, not three)."""


def noun_phrases(body: str, clause: Span, after: int, first_from: int) -> list[Span]:
    """The noun phrases listed in `clause` after local offset `after` ("Strengths
    included X and the Y"); the first runs back to `first_from`."""
    points, start = [], first_from
    for brk in NOUN_PHRASE_BREAK.finditer(clause.text, after):
        points.append(sub(body, clause, start, brk.start()))
        start = brk.end()
    points.append(sub(body, clause, start))
    return [point for point in points if point is not None]


def is_name(text: str) -> bool:
    """A short title-case phrase: a named topic rather than a statement."""
    words = text.split()
    return len(words) <= 5 and all(w[0].isupper() or w.lower() in ("of", "and", "for", "the")
                                   for w in words)


def up_to_next_clause(body: str, span: Span, position: int) -> Span:
    """`span` cut before a `, <subject> <verb>` that starts a new clause after `position`."""
    following = compiled()["new_clause"].search(span.text, position)
    if following is None:
        return span
    return sub(body, span, 0, following.start()) or span


def read_recommendation(body: str, clause: Span, sentence: Span, lead: str) -> list[Item]:
    """A recommendation (and, for an Area for Priority Action, the finding it states).

    After words that refer back ("in response to", "progress against"; `lead` is the
    sentence before the clause), a bare "the recommendation" is a reference, not a
    recommendation; one that says what was recommended is still read.
    """
    patterns = compiled()
    cue = patterns["recommendation"].search(clause.text)
    if cue is None or patterns["not_recommendation"].search(clause.text):
        return []
    if VERBAL_RECOMMENDATION.search(cue.group()):
        quote, _ = without_frame(body, clause, keep_sources=True)
    else:
        quote = sub(body, clause, phrase_start(clause.text, cue.start()))
    if quote is None:
        return []
    quote = up_to_next_clause(body, quote, 0)
    referred = patterns["reference"].search(lead + " " + clause.text[:cue.start()])
    said = len(re.findall(r"\w+", patterns["predicate"].split(clause.text[cue.end():], 1)[0]))
    if referred and said < MIN_WORDS_SAID:
        return []
    items = []
    if patterns["apa"].search(cue.group()) and not referred:
        stated, _ = without_frame(body, clause, keep_sources=True)
        items.append(Item(FINDING, stated, sentence, attributed=True))
    items.append(Item(RECOMMENDATION, quote, sentence, paired=0 if items else None))
    return items


def read_finding(body: str, clause: Span, sentence: Span, lead: str) -> list[Item]:
    """Findings attributed to the inspection, one per point of an inline list.

    `lead` is the sentence before the clause, read for references back to findings.
    """
    patterns = compiled()
    text = clause.text
    if patterns["not_finding"].search(lead[-LEAD_CHARS:] + " " + text):
        return []
    evaluative = patterns["evaluative"].search(text)
    announced = evaluative or patterns["finding_intro"].search(text)
    if announced and patterns["list"].search(announced.group()):
        return [Item(FINDING, point, sentence, listed=True, attributed=True)
                for point in noun_phrases(body, clause, announced.end(), announced.start())]
    if announced:
        marker = patterns["list"].search(text, announced.end())
        if marker and marker.start() - announced.end() <= MARKER_REACH:
            return [Item(FINDING, point, sentence, listed=True)
                    for point in list_items(body, clause, marker.end())]
    attributed = patterns["attributed"].search(text) or patterns["passive"].search(text)
    nominal = patterns["nominal"].search(text)
    if nominal and not attributed:
        phrase = up_to_next_clause(body, clause, nominal.end())
        start = phrase_start(text, nominal.start())
        points = list_items(body, phrase, nominal.end(), first_from=start)
        return [Item(FINDING, point, sentence, listed=len(points) > 1, attributed=True)
                for point in points]
    if not (attributed or evaluative):
        return []
    stated, _ = without_frame(body, clause, keep_sources=True)
    cue = attributed or evaluative
    cue_end = max(0, clause.start + cue.end() - stated.start)
    stated = up_to_next_clause(body, stated, cue_end)
    objects = patterns["object_list"].match(stated.text, cue_end)
    if attributed and objects:
        points = noun_phrases(body, stated, cue_end, 0)
        return [Item(FINDING, point, sentence, listed=True, attributed=True) for point in points]
    return [Item(FINDING, short_relative(body, stated), sentence,
                 attributed=attributed is not None)]


def read_response(body: str, clause: Span, sentence: Span) -> list[Item]:
    """Council actions, one per point of an inline list of actions.

    In a list whose lead-in is an action or names what it answers ("the measures in
    place to address this issue such as X and Y"), every point is an action; in a list
    after "informed Members about", only the points that name an action or a thing put
    in place.
    """
    patterns = compiled()
    if patterns["not_response"].search(clause.text):
        return []
    stated, listed = without_frame(body, clause, keep_sources=False)
    if patterns["source"].match(stated.text) or patterns["not_response"].search(stated.text):
        return []
    marker = patterns["list"].search(stated.text)
    head = stated.text[:marker.start()] if marker else ""
    if marker and not listed and not HAS_VERB.search(head) \
            and not patterns["action"].search(head) and not explicit_link(head) \
            and patterns["finite"].search(stated.text[marker.end():]):
        marker = None  # "a package, including X and Y, would be launched": one action
    action = patterns["action"].search(stated.text)
    if marker or listed:
        after = marker.end() if marker else 0
        lead = stated.text[:after]
        link = explicit_link(lead)
        every = bool(patterns["action"].search(lead) or link
                     or (marker and patterns["response_intro"].search(lead)))
        points = [without_frame(body, point, keep_sources=False)[0]
                  for point in list_items(body, stated, after)]
        actions = [bool(patterns["action"].search(point.text)) for point in points]
        if every or any(actions):
            items = [
                Item(RESPONSE, short_relative(body, point), sentence, link=link, listed=True)
                for point, is_action in zip(points, actions, strict=True)
                if every or is_action or patterns["noun"].search(point.text)
            ]
            if items:
                return items
    if action is None:
        return []
    return [Item(RESPONSE, short_relative(body, stated), sentence)]


def read_clause(body: str, clause: Span, sentence: Span) -> list[Item]:
    """The items of one clause."""
    lead = body[sentence.start:clause.start]
    return (
        read_recommendation(body, clause, sentence, lead)
        or read_finding(body, clause, sentence, lead)
        or read_response(body, clause, sentence)
    )


def extended(body: str, item: Item, end: int) -> Item:
    """`item` with its quote running on to `end`."""
    start = item.quote.start
    return replace(item, quote=Span(start, end, body[start:end]))


def by_member(text: str) -> bool:
    """Whether `text` is a member's question or opinion, after any opening phrase
    ("Following the presentation, Members discussed ...")."""
    speaker = compiled()["speaker"]
    text = PARAGRAPH_NUMBER.sub("", text)
    return bool(speaker.match(text) or speaker.match(text.split(", ", 1)[-1]))


def read_sentence(body: str, sentence: Span) -> list[Item]:
    """The items of one sentence, clause by clause.

    A member's question or opinion gives nothing, and neither do the clauses after it
    until an officer is reported speaking. A second "that" clause after a finding
    ("inspectors found that X but that Y") is a finding too, and so is a clause that goes
    on judging the service ("..., although recording was variable"); so, after a
    recommendation, is a second "that" clause ("should ensure that X, and that Y"). A
    clause joined by a bare
    `and` that states nothing of its own continues the item before it ("Exit interviews
    had been conducted and the feedback received had influenced ..."), as do two actions
    so joined, and what an action answers ("a plan had been prepared in response to the
    recommendations and would be ..."). A clause with no verb after `, and` completes the
    finding before it ("judged good overall, and good in each area"), unless that finding
    is a point of a list ("areas for improvement such as X, Y, and Z"; "two areas for
    improvement: X, and Y"): then it is the list's last point.
    """
    patterns = compiled()
    items: list[Item] = []
    previous: Span | None = None
    silenced = False
    for clause in split_clauses(body, sentence):
        gap = body[previous.end:clause.start] if previous is not None else ""
        joined = previous is not None and PLAIN_AND.fullmatch(gap)
        after_last = last_item_ends_at(items, previous)
        last = items[-1] if items else None
        continues = joined and last is not None and not last.listed \
            and last.quote.end == previous.end and not THAT.match(clause.text)
        previous = clause
        if by_member(clause.text) or clause.text.endswith("?"):
            # "Members considered a report which ..." is procedure, not an opinion: the
            # clauses after it are read.
            silenced = not patterns["procedural"].search(clause.text)
            continue
        if silenced and not patterns["frame"].match(clause.text):
            continue
        silenced = False
        complement = THAT.match(clause.text)
        if complement:
            clause = sub(body, clause, complement.end()) or clause
        found = read_clause(body, clause, sentence)
        if complement and last is not None and last.kind == FINDING and last.attributed \
                and last.sentence == sentence and found and patterns["polar"].search(clause.text) \
                and all(i.kind == RESPONSE for i in found):
            found = []
        if not found and last is not None and last.kind == FINDING and last.attributed \
                and last.sentence == sentence \
                and ((complement and not officer_framed(sentence.text))
                     or reports_on(clause.text)):
            found = [replace(last, quote=clause, listed=True)]
        elif not found and last is not None and last.kind == RECOMMENDATION \
                and last.sentence == sentence and complement:
            if ONE_ANNOUNCED.search(body[sentence.start:clause.start]):
                items[-1] = extended(body, last, clause.end)
                continue
            found = [replace(last, quote=clause, listed=True, paired=None)]
        following = body[clause.end:min(sentence.end, clause.end + LINK_REACH)]
        link = explicit_link(clause.text + following)
        found = [replace(i, link=i.link or link) if i.kind == RESPONSE else i for i in found]
        if not found and after_last and last is not None and last.kind == RESPONSE \
                and explicit_link(gap + clause.text[:LEAD_CHARS]):
            items[-1] = replace(extended(body, last, clause.end), link=last.link or link)
            continue
        if not found and last is not None and last.kind == RECOMMENDATION and after_last \
                and LIST_AND.fullmatch(gap) and (ASKED_ACTION.match(clause.text)
                                                 or not patterns["finite"].search(clause.text)):
            items.append(replace(last, quote=clause, listed=True, paired=None))
            continue
        if not found and last is not None and last.kind == FINDING and after_last \
                and (last.listed or ":" in last.quote.text) and LIST_AND.fullmatch(gap) \
                and not patterns["finite"].search(clause.text) \
                and not THAT_WORD.search(clause.text):
            items.append(replace(last, quote=clause, listed=True, paired=None))
            continue
        if found and len(found) == 1 and found[0].kind == FINDING and last is not None \
                and last.kind == FINDING and after_last and LIST_AND.fullmatch(gap) \
                and not HAS_VERB.search(clause.text) and not THAT_WORD.search(clause.text) \
                and len(clause.text.split()) <= MAX_HEADING_WORDS + 2:
            items[-1] = extended(body, last, clause.end)
            continue
        if continues and (not found or (len(found) == 1 and found[0].kind == last.kind
                                        == RESPONSE and not found[0].listed)):
            items[-1] = extended(body, last, clause.end)
            continue
        items.extend(found)
    if patterns["decision"].match(sentence.text):
        return [i for i in items if i.kind != FINDING]
    return [i for i in items if not (i.kind == FINDING and FRAME_ONLY.search(i.quote.text))]


def officer_framed(text: str) -> bool:
    """Whether `text` opens with someone other than the inspection reporting ("She
    reminded Members that the inspection had judged X, and that since then Y"): its second
    "that" clause is the speaker's, unless it judges the service."""
    frame = compiled()["frame"].match(PARAGRAPH_NUMBER.sub("", text))
    return bool(frame and not compiled()["source"].search(frame.group()))


def last_item_ends_at(items: Sequence[Item], clause: Span | None) -> bool:
    """Whether the last item read so far ends where `clause` ends."""
    return bool(items and clause is not None and items[-1].quote.end == clause.end)


def reports_on(text: str) -> bool:
    """Whether a clause judges the service in its own words: a strength or weakness word,
    no action, and nobody else speaking."""
    patterns = compiled()
    return bool(
        patterns["polar"].search(text)
        and not patterns["action"].search(text)
        and not patterns["speaker"].match(text)
        and not patterns["frame"].match(text)
        and not patterns["not_finding"].search(text)
    )


def continuation(body: str, sentence: Span) -> list[Item]:
    """A finding stated in the sentence right after an attributed one, without attribution:
    a clause with a strength or weakness word and no action in it ("... but pace had been
    hindered by ..."). Not when someone is reported speaking, or the sentence comments on
    the one before ("This was ..."); but "They also found that ..." goes on reporting the
    inspectors."""
    patterns = compiled()
    if patterns["pronoun_source"].match(sentence.text):
        return [Item(FINDING, up_to_next_clause(body, sentence, 0), sentence, attributed=True)]
    if patterns["frame"].match(sentence.text) or ANAPHOR.match(sentence.text):
        return []
    for clause in split_clauses(body, sentence):
        if reports_on(clause.text):
            return [Item(FINDING, short_relative(body, clause), sentence)]
    return []


def bullet_kind(body: str, span: Span) -> str | None:
    """The kind of bullet `span` opens its line after: `symbol` ("•", "-"), `number`
    ("4.", "(2)"), `roman` ("(ii)", so "(i)" too) or `letter` ("(a)"); none when it has no
    bullet."""
    bullet = BULLET_LEAD.fullmatch(body, line_start(body, span.start), span.start)
    if bullet is None:
        return None
    lead = bullet.group()
    if re.search(r"\d", lead):
        return "number"
    if ROMAN_LEAD.fullmatch(lead):
        return "roman"
    return "letter" if re.search(r"[a-z]", lead, re.I) else "symbol"


def on_new_line(body: str, span: Span) -> bool:
    """Whether `span` is the first text of its line."""
    return LINE_SPACE.fullmatch(body, line_start(body, span.start), span.start) is not None


def introduces_list(body: str, sentence: Span) -> bool:
    """Whether `sentence` can introduce a list: it ends in a colon ("The letter noted the
    following:"), or it is a short heading line of its own ("Areas for development")."""
    after = body[sentence.end:sentence.end + 3].lstrip(" \t")
    if after.startswith(":"):
        return True
    return (after[:1] in ("", "\n") and on_new_line(body, sentence)
            and len(sentence.text.split()) <= MAX_HEADING_WORDS)


def block_after(body: str, sentences: Sequence[Span], index: int) -> list[Span]:
    """The bulleted lines after the list introduction `sentences[index]`: lines with one
    kind of bullet, other than the introduction's own (after "4. The report found:", the
    next numbered paragraph "5. ..." is not a point of its list)."""
    block: list[Span] = []
    own = bullet_kind(body, sentences[index])
    kind = None
    for following in range(index + 1, len(sentences)):  # no copy of the rest of the page
        sentence = sentences[following]
        bullet = bullet_kind(body, sentence)
        if block and bullet is None and not on_new_line(body, sentence):
            block.append(sentence)
        elif bullet is not None and bullet != own and bullet == (kind or bullet):
            kind = bullet
            block.append(sentence)
        else:
            break
    return block


def intro_kind(text: str) -> str | None:
    """The kind of item a list introduction announces without being one itself
    ("The key findings were:", "Actions taken since the visit included:"; "the service's
    response to each recommendation:" announces responses); none when members announce
    what they discussed ("Following the presentation, Members
    discussed the following areas:")."""
    patterns = compiled()
    if by_member(text):
        return None
    response = patterns["response_intro"].search(text)
    for kind, cue in ((RECOMMENDATION, "recommendation_intro"), (FINDING, "finding_intro")):
        match = patterns[cue].search(text)
        if match and not (kind == RECOMMENDATION and response
                          and response.start() < match.start()):
            return kind
    return RESPONSE if response else None


def block_kind(found: Sequence[Item]) -> str:
    """The kind of the bulleted lines under an introduction that is itself an item: a
    recommendation when it states one ("Ofsted set out Areas for Priority Action, which
    required the Council to:" is also a finding), else its first item's kind."""
    return RECOMMENDATION if any(i.kind == RECOMMENDATION for i in found) else found[0].kind


def read_block(body: str, kind: str, intro: Span, block: Sequence[Span]) -> list[Item]:
    """Each line of a bulleted list under an introduction of `kind` is an item of that kind."""
    items = []
    for line in block:
        stated, _ = without_frame(body, line, keep_sources=kind == FINDING)
        items.append(Item(kind, short_relative(body, stated), line, listed=True,
                          attributed=kind == FINDING, lead=intro.text,
                          link=explicit_link(intro.text) if kind == RESPONSE else None))
    return items


def read_items(body: str, sentences: Sequence[Span]) -> list[Item]:
    """Every item of the relevant sentences, in document order, before linking.

    A sentence that introduces a bulleted list ("The letter acknowledged the following:")
    gives its kind to the lines of the list instead of being an item itself.
    """
    items: list[Item] = []
    # Whether the sentence before is an attributed finding, or a finding continuing one.
    after_finding = chained = False
    skip_to = 0
    for index, sentence in enumerate(sentences):
        if index < skip_to:
            continue
        found = (graded_area(sentence) or labelled(body, sentence, items)
                 or read_sentence(body, sentence))
        continued = announced = False
        if len(found) == 1 and found[0].kind == FINDING and found[0].attributed \
                and announcement(found[0].quote.text) and not introduces_list(body, sentence):
            found, announced = [], True
        block = block_after(body, sentences, index) if introduces_list(body, sentence) else []
        kind = (block_kind(found) if found else intro_kind(sentence.text)) if block else None
        if kind:
            found = read_block(body, kind, sentence, block)
            skip_to = index + 1 + len(block)
        elif not found and not announced and (
                after_finding or (chained and same_paragraph(body, items[-1].sentence, sentence))):
            found = continuation(body, sentence)
            continued = True
        topic = question_topic(body, sentences, index)
        if topic:
            found = [replace(i, topic=topic) if i.kind == RESPONSE else i for i in found]
        base = len(items)
        items.extend(
            replace(i, paired=base + n - 1) if i.paired is not None else i
            for n, i in enumerate(found)
        )
        after_finding = announced or any(i.kind == FINDING and i.attributed for i in found)
        chained = continued and bool(found)
    return unique(items)


@functools.cache
def item_labels() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern of a line opening with its label) from `lexicon/item-labels.yaml`."""
    labels = structured("item-labels")
    return tuple(
        (kind, re.compile(r"^(?:" + "|".join(labels[kind]) + r")\s*[:\-–]\s*", re.I))
        for kind in (FINDING, RECOMMENDATION, RESPONSE)
    )


@functools.cache
def nothing_done() -> re.Pattern[str]:
    """What a label carries when there is no item ("None required", "N/A")."""
    return re.compile(r"^(?:" + "|".join(structured("item-labels")["nothing"]) + r")\W*$",
                      re.I)


def labelled(body: str, sentence: Span, before: Sequence[Item]) -> list[Item] | None:
    """The item a labelled line of an action log states ("Finding: Supervision is not
    always reflective"; "Action taken: A refreshed supervision policy has been issued"),
    an action answering the labelled finding or recommendation just before it. No item
    for a label with nothing after it ("Action taken: None required"); None when the
    line has no label."""
    for kind, label in item_labels():
        match = label.match(sentence.text)
        if not match:
            continue
        quote = sub(body, sentence, match.end())
        if quote is None or nothing_done().match(quote.text):
            return []
        previous = before[-1] if before else None
        answered = {FINDING: "F", RECOMMENDATION: "R"}.get(previous.kind) \
            if previous is not None and previous.listed and kind == RESPONSE else None
        return [Item(kind, quote, sentence, listed=True, attributed=kind == FINDING,
                     link=answered)]
    return None


def announcement(quote: str) -> bool:
    """Whether a finding's quote only announces the findings that follow it ("The letter
    also identified areas for improvement"), `lexicon/finding-announcements`."""
    return len(quote.split()) <= MAX_ANNOUNCEMENT_WORDS \
        and bool(compiled()["announcement"].search(quote))


def graded_area(sentence: Span) -> list[Item]:
    """A line of an inspection's judgement table ("Overall effectiveness: Good", "The
    experiences and progress of children in care: Requires improvement") is a finding."""
    if compiled()["graded_line"].match(sentence.text):
        return [Item(FINDING, sentence, sentence, attributed=True)]
    return []


def same_paragraph(body: str, before: Span, sentence: Span) -> bool:
    """Whether no blank line separates `sentence` from the sentence `before` it."""
    return "\n\n" not in body[before.end:sentence.start].replace("\r", "")


def question_topic(body: str, sentences: Sequence[Span], index: int) -> str:
    """What the member's question answered by `sentences[index]` was about: the words
    after a lead-in of its own ("In response to a question about X, ..."), else the
    member's question in the sentence just before, in the same paragraph ("Councillor Y
    asked about X. The Director said ..."); empty when it answers no question. (Reading
    further back tied later, unrelated actions to the question.)"""
    patterns = compiled()
    sentence = sentences[index]
    text = PARAGRAPH_NUMBER.sub("", sentence.text)
    lead = patterns["question_topic"].match(text)
    if lead:
        return text[lead.end():].split(",", 1)[0]
    for back in range(index - 1, max(-1, index - 1 - QUESTION_REACH), -1):
        before = sentences[back]
        if "\n\n" in body[before.end:sentences[back + 1].start]:
            return ""
        asks = patterns["asks"].search(before.text)
        if by_member(before.text):
            return before.text[asks.end():] if asks else ""
    return ""


@functools.cache
def word_set(name: str) -> frozenset[str]:
    """The words of the word list `lexicon/<name>.txt`."""
    return frozenset(phrases(name))


@functools.cache
def generic_words() -> frozenset[str]:
    """`lexicon/response-generic-words.txt`, normalised as `content_words` normalises."""
    return frozenset(content_words(" ".join(phrases("response-generic-words"))))


TITLE_WORD = re.compile(r"[A-Z][a-z’'-]")
"""A title-case word of a question ("Councillor Knowles", "Trafford"): a name, not its
topic (acronyms such as "PLO" stay)."""
ACRONYM = re.compile(r"\b[A-Z]{3,5}s?\b")
"""Short names in capitals ("EHC", "IRO") say what an item is about however short."""
STEM_CHARS = 6
"""Content words are compared on their first letters, so "records" meets "recording"."""


@functools.lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The longer words of `text`, lower-cased and cut to a stem: what it is about."""
    words = set(re.findall(r"[a-z]{4,}", text.lower())) - word_set("finding-cue-words")
    acronyms = {word.lower() for word in ACRONYM.findall(text)}
    return frozenset({stem(word) for word in words} | acronyms)


def stem(word: str) -> str:
    """A crude stem: no plural or `-ing`/`-ed` ending, at most `STEM_CHARS` letters
    ("plans", "planning" and "planned" all give "plan")."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[:-len(ending)]
            if ending in ("ing", "ed") and len(word) > 4 and word[-1] == word[-2]:
                word = word[:-1]
            break
    return word[:STEM_CHARS]


def unique(items: list[Item]) -> list[Item]:
    """Drop an item that repeats one already read: same kind, and its content words all
    in the earlier item ("in response to the findings on the Public Law Outline" after
    "the letter noted weaknesses in the use of the Public Law Outline")."""
    kept: list[Item] = []
    remap: dict[int, int] = {}
    for index, item in enumerate(items):
        words = content_words(item.quote.text)
        if any(earlier.kind == item.kind and words <= content_words(earlier.quote.text)
               for earlier in kept):
            continue
        remap[index] = len(kept)
        kept.append(item)
    return [
        replace(i, paired=remap.get(i.paired)) if i.paired is not None else i for i in kept
    ]


def themes_touched(quote: str, theme: str) -> frozenset[str]:
    """Every theme the words of `quote` touch, and its own `theme` (read with context)."""
    return frozenset(theme_scores(quote)) | {theme}


def paragraph_of(body: str, span: Span) -> str:
    """The paragraph (text between blank lines) around `span`: a theme's last context."""
    start = body.rfind("\n\n", 0, span.start)
    end = body.find("\n\n", span.end)
    return body[start + 1 if start >= 0 else 0:end if end >= 0 else len(body)]


EVIDENCE_REACH = 1000
"""How far before a sentence a mention overlapping it may start, at least."""


@functools.lru_cache(maxsize=64)
def names_review(sentence: str) -> bool:
    """Whether `sentence` names a DfE review (`REVIEW`), read once a sentence: a long
    sentence of many items was read again for each."""
    return REVIEW.search(sentence) is not None


def inspection_for(span: Span, sentence: Span, inspections: Sequence[Inspection],
                   primary: int = 0) -> int:
    """The inspection a finding or recommendation belongs to.

    A DfE review when the sentence names one or its commissioner; else one mentioned in
    its own sentence (the nearest mention before the quote, else the nearest after; a DfE
    review only when the sentence names it); else the inspection the page is about
    (`primary`).
    """
    review_named = names_review(sentence.text)
    reviews = [i for i, inspection in enumerate(inspections) if inspection.type == "dfe-review"]
    if review_named and reviews:
        return reviews[0]
    best, best_distance = primary, None
    for index, inspection in enumerate(inspections):
        if inspection.type == "dfe-review" and not review_named:
            continue
        # Evidence is in document order, and is sentences and heading lines, which do not
        # overlap a sentence unless they start within a short reach before it.
        last = bisect.bisect_left(inspection.evidence, sentence.end, key=lambda e: e.start)
        first = bisect.bisect_left(inspection.evidence,
                                   sentence.start - max(len(sentence.text), EVIDENCE_REACH),
                                   key=lambda e: e.start)
        for evidence in inspection.evidence[max(0, first - 1):last]:
            if evidence.end <= sentence.start or evidence.start >= sentence.end:
                continue
            before = evidence.start <= span.start
            distance = (not before, abs(span.start - evidence.start))
            if best_distance is None or distance < best_distance:
                best, best_distance = index, distance
    return best


@functools.lru_cache(maxsize=4096)
def target_themes(text: str) -> dict[str, int]:
    """`theme_scores` of a target's quote, read once (callers must not change it)."""
    return theme_scores(text)


def rank_targets(response: Item, theme: str,
                 targets: list[tuple[str, Item, frozenset[str], str]]) -> list[str]:
    """The best target of a response: the one it shares words with ("a life story toolkit"
    answers "life story work was not completed"), else by how many theme keywords they
    share, then need, then proximity; but among targets on its main theme that share a
    word with it, a recommendation comes first (a recommendation usually restates a
    finding, and the action answers what asked for it);
    an overall judgement ("judged good by Ofsted") is the last resort.
    A plan that answers everything ("an action plan has been developed",
    `response-whole-plans`) and names nothing in particular answers every recommendation
    (with none, every weakness that is not an overall judgement).

    `targets` holds (reference, item, themes, need): the themes the target's words touch,
    and need `R` (a recommendation), `W` (a weakness) or `S` (a strength), since actions
    answer what asks for action first.
    """
    need_order = {"R": 0, "W": 1, "S": 2}
    words = content_words(response.quote.text) - generic_words()

    asked = content_words(" ".join(word for word in response.topic.split()
                                   if not TITLE_WORD.match(word))) - generic_words()

    def shared(item: Item) -> int:
        return len(words & content_words(item.quote.text))

    def on_topic(item: Item) -> bool:
        """Whether the item shares a word with the member's question the action answers."""
        return bool(asked & content_words(item.quote.text))

    if not targets:
        return []
    needs = [t for t in targets
             if t[3] != "S" and not compiled()["judgement"].search(t[1].quote.text)]
    if compiled()["whole_plan"].search(response.quote.text) and needs \
            and all(shared(item) < MIN_SHARED_WORDS for _, item, _, _ in needs):
        needing = min(need_order[need] for *_, need in needs)
        return [ref for ref, _, _, need in needs if need_order[need] == needing]

    own = theme_scores(response.quote.text) or {theme: 1}
    own.pop(FALLBACK, None)
    ranked = [*sorted(own.values(), reverse=True), 0, 0]
    main = max(own, key=own.__getitem__) if ranked[0] > ranked[1] else None
    """The response's one main theme, when it has one ("a retention payment for social
    workers in the care service" is about the workforce first)."""

    def key(target: tuple[str, Item, frozenset[str], str]) -> tuple[bool, bool, bool, int, bool,
                                                                    int, int, bool, bool, int]:
        _, item, themes, need = target
        before = item.quote.start <= response.quote.start
        distance = abs(response.quote.start - item.quote.start)
        judgement = bool(compiled()["judgement"].search(item.quote.text))
        theirs = target_themes(item.quote.text)
        overlap = sum(min(n, max(theirs.get(t, 0), t in themes)) for t, n in own.items())
        on_main = main is not None and (theirs.get(main, 0) > 0 or main in themes)
        return (shared(item) < MIN_SHARED_WORDS and not on_topic(item), judgement,
                not on_main, need_order[need] if shared(item) >= 1 else 3,
                -overlap, not on_topic(item),
                -min(shared(item), 1),
                need_order[need], not priority(item), not before, distance)

    return [min(targets, key=key)[0]]


def priority(item: Item) -> bool:
    """Whether `item` is (or is stated with) an Area for Priority Action: what an action
    that names nothing in particular answers first."""
    return bool(compiled()["apa"].search(item.sentence.text))


def whole_plan_targets(response: Item, kind: str,
                       targets: list[tuple[str, Item, frozenset[str], str]]) -> list[str]:
    """Every target of `kind` when `response` is a plan for them all ("an action plan had
    been prepared in response to the recommendations"); none otherwise."""
    if not compiled()["whole_plan"].search(response.quote.text):
        return []
    return [t[0] for t in targets if t[0][0] == kind and t[3] != "S"
            and not compiled()["judgement"].search(t[1].quote.text)]


def linked_target(response: Item, kind: str,
                  targets: list[tuple[str, Item, frozenset[str], str]]) -> list[str]:
    """The target an explicit link names: in the same sentence, else the nearest before."""
    same_kind = [t for t in targets if t[0][0] == kind]
    for reference, item, _, _ in same_kind:
        if item.sentence == response.sentence:
            return [reference]
    before = [t for t in same_kind if t[1].quote.start <= response.quote.start]
    if before:
        return [max(before, key=lambda t: t[1].quote.start)[0]]
    return []


def find_items(
    document: Document, relevant: Sequence[Span], inspections: Sequence[Inspection]
) -> tuple[tuple[Finding, ...], tuple[Recommendation, ...], tuple[Response, ...]]:
    """Findings, recommendations and responses of `document`, linked.

    Findings and recommendations need an inspection to belong to, so there are none
    when `inspections` is empty; responses need something to answer, so there are none
    without a finding or recommendation.
    """
    if not inspections:
        return (), (), ()
    body = document.body
    items = read_items(body, relevant)
    primary = primary_inspection(inspections)
    finding_index: dict[int, int] = {}
    findings: list[Finding] = []
    recommendations: list[Recommendation] = []
    targets: list[tuple[str, Item, frozenset[str], str]] = []
    for index, item in enumerate(items):
        if item.kind == FINDING:
            polarity = polarity_of(item.quote.text, item.lead, item.sentence.text)
            theme = FALLBACK if overall_verdict(item.quote.text) \
                else theme_of(item.quote.text, item.sentence.text)
            finding_index[index] = len(findings)
            targets.append((f"F{len(findings)}", item, themes_touched(item.quote.text, theme),
                            "W" if polarity == "weakness" else "S"))
            findings.append(Finding(quote=item.quote, polarity=polarity, theme=theme,
                                    inspection=inspection_for(item.quote, item.sentence,
                                                              inspections, primary)))
    for item in items:
        if item.kind == RECOMMENDATION:
            addresses = (finding_index[item.paired],) if item.paired in finding_index else ()
            theme = theme_of(item.quote.text, *(item.sentence.text,
                                                paragraph_of(body, item.sentence)))
            targets.append((f"R{len(recommendations)}", item,
                            themes_touched(item.quote.text, theme), "R"))
            recommendations.append(Recommendation(
                quote=item.quote, addresses=addresses,
                inspection=inspection_for(item.quote, item.sentence, inspections,
                                          primary)))
    responses = []
    if targets:
        for item in items:
            if item.kind != RESPONSE:
                continue
            theme = theme_of(item.quote.text, item.sentence.text,
                             paragraph_of(body, item.sentence))
            responds_to = whole_plan_targets(item, item.link, targets) if item.link else []
            responds_to = responds_to or (linked_target(item, item.link, targets)
                                          if item.link else [])
            responds_to = responds_to or rank_targets(item, theme, targets)
            responses.append(Response(quote=item.quote, responds_to=tuple(responds_to),
                                      theme=theme, status=status_of(item.quote.text)))
    return tuple(findings), tuple(recommendations), tuple(responses)
