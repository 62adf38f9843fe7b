"""Decide: which of the proposed candidates are quoted, when they overlap."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from graph.extract.candidates import LEARNT_KINDS, Candidate, Candidates, generate
from graph.extract.decide import (
    THRESHOLDS,
    WHOLE_PLAN_CONFIDENCE,
    PointIndex,
    Proposal,
    asks,
    choose,
    heaviest_disjoint,
    names_judgement_area,
)
from graph.extract.features import list_points
from graph.extract.learn import YES, Scores
from graph.model import Document

SENTENCE = ("Early help was found to be good and there was recognition of good "
            "relationships between social workers and families.")
FIRST, SECOND = "Early help was found to be good", \
    "there was recognition of good relationships between social workers and families"


def no_scores(found: Candidates) -> Scores:
    """Every classifier's figures for the candidates of `found`: none yet."""
    return {name: [{} for _ in found.items] for name in (*LEARNT_KINDS, "theme", "basis")}


def chosen_quotes(probability: dict[str, float]) -> list[tuple[str, str]]:
    """(kind, quote) chosen when the finding classifier gives the candidates quoted in
    `probability` those figures and every other candidate nothing."""
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=SENTENCE))
    assert {FIRST, SECOND, SENTENCE.rstrip(".")} <= {c.span.text for c in found.items}
    scores = no_scores(found)
    scores["finding"] = [{YES: probability.get(c.span.text, 0.0)} for c in found.items]
    return [(item.kind, item.candidate.span.text)
            for item in choose(SimpleNamespace(card={}), found, scores)]


def test_two_clauses_that_are_each_an_item_are_quoted_rather_than_their_sentence() -> None:
    assert chosen_quotes({SENTENCE.rstrip("."): 0.5, FIRST: 0.4, SECOND: 0.4}) == [
        ("finding", FIRST), ("finding", SECOND)]


def test_a_sentence_is_quoted_whole_when_only_one_of_its_clauses_is_likely() -> None:
    threshold = THRESHOLDS["finding"]
    assert chosen_quotes({SENTENCE.rstrip("."): 0.5, FIRST: 0.4, SECOND: threshold / 2}) == [
        ("finding", SENTENCE.rstrip("."))]


def test_the_heaviest_disjoint_proposals_never_overlap() -> None:
    proposals = [Proposal(0, 100, 0.3, 0, "finding"), Proposal(0, 40, 0.2, 1, "finding"),
                 Proposal(40, 100, 0.2, 2, "response"), Proposal(90, 120, 0.05, 3, "finding"),
                 Proposal(120, 130, 0.01, 4, "finding")]
    taken = sorted(proposal.index for proposal in heaviest_disjoint(proposals))
    assert taken == [1, 2, 4]  # 0.41, against 0.31 for the sentence and the last
    assert heaviest_disjoint([]) == []


def test_a_statement_the_page_repeats_is_one_item() -> None:
    # ModernGov prints an item's decision above its minutes: the same words twice.
    body = ("Decision: RESOLVED that the improvement plan be endorsed.\n\n"
            "Minutes: The Director presented the report.\n\n"
            "RESOLVED that the improvement plan be endorsed.\n")
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=body))
    scores = no_scores(found)
    quote = "RESOLVED that the improvement plan be endorsed"
    scores["resolution"] = [{YES: 0.9 if c.span.text == quote else 0.0} for c in found.items]
    twice = [c.span.start for c in found.items if c.span.text == quote]
    assert len(twice) == 2  # both places are candidates
    chosen = choose(SimpleNamespace(card={}), found, scores)
    assert [(item.kind, item.candidate.span.start) for item in chosen] == [
        ("resolution", twice[0])]


def test_only_a_likely_response_answers_the_whole_plan() -> None:
    # A response proposed wrongly with a whole-plan basis would make a false link to every
    # recommendation of the page; below WHOLE_PLAN_CONFIDENCE it answers those of its theme.
    quote = "The council had written an improvement plan"
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=quote + ".\n"))
    index = [c.span.text for c in found.items].index(quote)
    scores = no_scores(found)
    scores["basis"][index] = {"plan": 0.7, "named": 0.2, "theme": 0.1}
    for probability, basis in ((WHOLE_PLAN_CONFIDENCE + 0.1, "plan"),
                               (WHOLE_PLAN_CONFIDENCE - 0.02, "theme")):
        scores["response"] = [{YES: probability if n == index else 0.0}
                              for n in range(len(found.items))]
        chosen = choose(SimpleNamespace(card={}), found, scores)
        assert [(item.kind, item.candidate.span.text, item.basis) for item in chosen] == [
            ("response", quote, basis)]


def page(body: str) -> Candidates:
    """The candidates of a page of minutes."""
    return generate(Document(identifier="t.txt", path=Path("t.txt"), body=body))


def chosen_from(found: Candidates, probability: Callable[[Candidate], float],
                kinds: Sequence[str]) -> list[str]:
    """The quotes chosen when the classifier of each of `kinds` gives each candidate of
    `found` its `probability`, and every other classifier nothing."""
    scores = no_scores(found)
    for kind in kinds:
        scores[kind] = [{YES: probability(candidate)} for candidate in found.items]
    return [item.candidate.span.text
            for item in choose(SimpleNamespace(card={}), found, scores)]


def likely_if(texts: set[str]) -> Callable[[Candidate], float]:
    """0.9 for a candidate whose text (less a leading bullet) is one of `texts`, else 0."""
    return lambda candidate: 0.9 if candidate.span.text.lstrip("- ") in texts else 0.0


def whole_sentences(found: Candidates) -> Callable[[Candidate], float]:
    """0.9 for a candidate that is a whole sentence of `found`, else 0."""
    return lambda candidate: 0.9 if candidate.span == found.sentences[candidate.sentence] \
        else 0.0


ASK = ("Ensure that the safeguarding partnership helps partners to understand and "
       "consistently apply thresholds at every stage, including the early help pathway.")


def whole_over_parts(whole: float, part: float) -> Callable[[Candidate], float]:
    """`whole` for a candidate that is the sentence of `ASK`, `part` for any other."""
    return lambda candidate: whole if candidate.span.text == ASK.rstrip(".") else part


def test_one_ask_is_one_recommendation_though_its_sentence_has_parts() -> None:
    found = page(ASK + "\n")
    assert len({c.span.text for c in found.items}) > 2  # the sentence and its parts
    assert chosen_from(found, whole_over_parts(0.9, 0.8), ["recommendation"]) == [
        ASK.rstrip(".")]
    # A part likelier than the sentence keeps the parts in play, and findings may
    # always split: a sentence often reports two.
    assert len(chosen_from(found, whole_over_parts(0.7, 0.8), ["recommendation"])) > 1
    assert len(chosen_from(found, whole_over_parts(0.9, 0.8), ["finding"])) > 1


def test_saying_there_are_no_recommendations_is_not_one() -> None:
    found = page("No priority areas for action were raised as a result of this visit.\n\n"
                 "Ofsted recommended that supervision be strengthened.\n")
    sentences = {"No priority areas for action were raised as a result of this visit",
                 "Ofsted recommended that supervision be strengthened"}
    assert chosen_from(found, likely_if(sentences), ["recommendation"]) == [
        "Ofsted recommended that supervision be strengthened"]


def test_a_judgement_area_named_alone_is_no_item() -> None:
    found = page("Ofsted judged the council to be good in the areas of:\n\n"
                 "- The impact of leaders on social work practice with children and families"
                 "\n\n- The experiences and progress of children in care and care leavers\n\n"
                 "The experiences and progress of children in care and care leavers were "
                 "good.\n")
    lines = {"The impact of leaders on social work practice with children and families",
             "The experiences and progress of children in care and care leavers",
             "The experiences and progress of children in care and care leavers were good"}
    assert lines <= {c.span.text.lstrip("- ") for c in found.items}
    assert chosen_from(found, likely_if(lines), ["finding", "recommendation", "response"]) \
        == ["The experiences and progress of children in care and care leavers were good"]


def test_the_introduction_of_a_list_of_recommendations_is_not_one() -> None:
    found = page("The Ofsted inspection report made 2 recommendations for improvement:\n\n"
                 "1. Improve the quality of supervision.\n\n"
                 "2. Ensure that care plans are reviewed on time.\n\n"
                 "The inspectors made one further recommendation about the front door.\n")
    sentences = {"The Ofsted inspection report made 2 recommendations for improvement",
                 "Improve the quality of supervision",
                 "The inspectors made one further recommendation about the front door"}
    assert sentences <= {c.span.text for c in found.items}
    assert chosen_from(found, likely_if(sentences), ["recommendation"]) == [
        "Improve the quality of supervision",
        "The inspectors made one further recommendation about the front door"]


def test_a_question_is_no_item_but_the_answer_beside_it_can_be() -> None:
    found = page("Councillor Smith asked whether agency staff would be offered permanent "
                 "posts. Asked about recruitment, the Director said that a recruitment "
                 "campaign had begun in May.\n")
    question = "Councillor Smith asked whether agency staff would be offered permanent posts"
    answer = "a recruitment campaign had begun in May"
    assert question in {c.span.text for c in found.items}
    assert any(answer in c.span.text and "Asked" not in c.span.text for c in found.items)

    def probability(candidate: Candidate) -> float:
        text = candidate.span.text
        return 0.9 if text == question or text.startswith("Asked about") \
            else 0.5 if answer in text else 0.0

    chosen = chosen_from(found, probability, ["response"])
    assert chosen and all("asked" not in text.lower() for text in chosen)
    assert any(answer in text for text in chosen)


@pytest.mark.parametrize(("rule", "text", "expected"), [
    (names_judgement_area, "-  Overall effectiveness.", True),
    (names_judgement_area, "• the experience and progress of children who need help and "
                           "protection;", True),
    (names_judgement_area, "Overall effectiveness was judged to be good", False),
    (names_judgement_area, "children in care and care leavers: good", False),
    (asks, "Is the service on track?", True),
    (asks, "Members sought clarification about caseloads", True),
    (asks, "She asked whether exit interviews were held", True),
    (asks, "Inspectors questioned the robustness of the plan", False),
    (asks, "Ofsted asked the council to strengthen supervision", False),
])
def test_the_guide_rules_read_the_whole_text(rule: Callable[[str], bool], text: str,
                                             expected: bool) -> None:
    """A judgement area's name counts only as the whole text, bullets aside; a question
    only as a member's, or with a question mark."""
    assert rule(text) is expected


def test_the_committee_noting_something_is_no_recommendation_or_response() -> None:
    found = page("That the report be noted.\n\n"
                 "To note that the areas for improvement will be incorporated into the "
                 "plan.\n\n"
                 "A recruitment campaign had been launched to attract social workers.\n")
    assert chosen_from(found, whole_sentences(found), ["recommendation", "response"]) == [
        "A recruitment campaign had been launched to attract social workers"]


def test_approving_the_last_meetings_minutes_is_no_resolution() -> None:
    found = page("RESOLVED: That the minutes of the last meeting held on 8 December 2022 be "
                 "signed by the Chairman as a true and correct record.\n\n"
                 "RESOLVED: That the Ofsted letter be noted.\n")
    chosen = chosen_from(found, whole_sentences(found), ["resolution"])
    assert chosen and all("minutes" not in text for text in chosen)
    assert any("Ofsted letter be noted" in text for text in chosen)


def test_how_the_inspection_went_and_inspections_to_come_are_no_findings() -> None:
    found = page("Inspectors spoke with social workers, partners and care leavers.\n\n"
                 "The focus of the inspection had been on the experience of children in "
                 "care.\n\n"
                 "The aim was to be rated good at the next Ofsted inspection.\n\n"
                 "Inspectors found that supervision was regular and reflective.\n")
    assert chosen_from(found, whole_sentences(found), ["finding"]) == [
        "Inspectors found that supervision was regular and reflective"]


NAMED_PAGE = ("The inspection report contained four recommendations for the service.\n\n"
              "A recruitment campaign had been launched to attract social workers.\n")
NAMING = "The inspection report contained four recommendations for the service"
ACTION = "A recruitment campaign had been launched to attract social workers"


@pytest.mark.parametrize(("response", "recommendation", "expected"), [
    (0.9, 0.02, [("recommendation", NAMING), ("response", ACTION)]),  # taken, though unlikely
    (0.0, 0.02, []),  # a page that answers nothing: nothing to ask for
    (0.9, 0.0, [("recommendation", NAMING), ("response", ACTION)]),  # on a tie, the first
])
def test_a_page_that_answers_an_inspection_names_what_it_asked(
        response: float, recommendation: float, expected: list[tuple[str, str]]) -> None:
    """Where the model proposes responses but no recommendation, the candidate naming
    the inspection's recommendations that it finds likeliest is one."""
    found = page(NAMED_PAGE)
    scores = no_scores(found)
    scores["response"] = [{YES: response if c.span.text == ACTION else 0.0}
                          for c in found.items]
    scores["recommendation"] = [{YES: recommendation if c.span.text == NAMING else 0.0}
                                for c in found.items]
    assert [(item.kind, item.candidate.span.text)
            for item in choose(SimpleNamespace(card={}), found, scores)] == expected


def test_a_page_whose_recommendation_is_proposed_gets_no_other() -> None:
    found = page(NAMED_PAGE + "\nOfsted recommended that supervision be strengthened.\n")
    proposed = "Ofsted recommended that supervision be strengthened"
    scores = no_scores(found)
    scores["response"] = [{YES: 0.9 if c.span.text == ACTION else 0.0} for c in found.items]
    scores["recommendation"] = [{YES: 0.9 if c.span.text == proposed else 0.05}
                                for c in found.items]
    assert [(item.kind, item.candidate.span.text)
            for item in choose(SimpleNamespace(card={}), found, scores)] == [
        ("response", ACTION), ("recommendation", proposed)]


LIST_PAGE = ("Ofsted identified these areas for improvement:\n\n"
             "- The timeliness of return home interviews for missing children.\n\n"
             "- The clarity of the local offer for care leavers.\n\n"
             "- Management oversight of case records.\n\n"
             "The clarity of the local offer was discussed at length.\n")
FIRST_POINT = "The timeliness of return home interviews for missing children"


@pytest.mark.parametrize(("body", "probabilities", "expected"), [
    # a point the model finds somewhat likely takes the kind of the list's others
    (LIST_PAGE, {FIRST_POINT: 0.9, "The clarity of the local offer for care leavers": 0.08,
                 "Management oversight of case records": 0.03,
                 "The clarity of the local offer was discussed at length": 0.08},
     [FIRST_POINT, "The clarity of the local offer for care leavers"]),
    # a list none of whose points is taken is left as it is
    (LIST_PAGE, {"The clarity of the local offer for care leavers": 0.08}, []),
    # so are the parts of a sentence that semicolons divide
    ("Improvements were needed in the timeliness of return home interviews; the clarity "
     "of the local offer for care leavers; and management oversight.\n",
     {"Improvements were needed in the timeliness of return home interviews": 0.9,
      "the clarity of the local offer for care leavers": 0.08},
     ["Improvements were needed in the timeliness of return home interviews",
      "the clarity of the local offer for care leavers"]),
])
def test_the_points_of_a_list_share_a_kind(body: str, probabilities: dict[str, float],
                                           expected: list[str]) -> None:
    found = page(body)
    assert set(probabilities) <= {c.span.text.lstrip("- ") for c in found.items}
    assert chosen_from(found, lambda c: probabilities.get(c.span.text.lstrip("- "), 0.0),
                       ["recommendation"]) == expected


def test_a_span_lies_within_a_list_line_and_its_semicolon_part() -> None:
    found = page("The areas were:\n\n- the front door; care plans; supervision of staff.\n\n"
                 "- Return home interviews.\n")
    index, line = PointIndex(list_points(found)), found.sentences[1]
    inside = next(c.span for c in found.items if c.span.text == "care plans")
    assert [(p.list_number, p.span.text) for p in index.holding(1, inside)] == [
        (0, line.text), (1, "care plans")]
    assert [p.span.text for p in index.holding(1, line)] == [line.text]
    assert index.holding(0, found.sentences[0]) == []  # the introduction is no point
