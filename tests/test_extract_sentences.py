"""Sentences, clauses and inline lists keep exact offsets and cut where minutes do."""

from __future__ import annotations

import pytest

from graph.extract.sentences import split_clauses, split_list, split_sentences
from graph.model import Span


def texts(spans: list[Span]) -> list[str]:
    return [span.text for span in spans]


def assert_exact(body: str, spans: list[Span]) -> None:
    for span in spans:
        assert body[span.start:span.end] == span.text
        assert span.end > span.start


def test_sentences_split_at_full_stops_and_lines() -> None:
    body = "The visit took place in May. Inspectors met staff.\nA second line"
    spans = split_sentences(body)
    assert texts(spans) == ["The visit took place in May", "Inspectors met staff", "A second line"]
    assert_exact(body, spans)


def test_sentences_keep_abbreviations_whole() -> None:
    body = ("Intro.\nMr. Okafor said e.g. the panel met. Dr. Reid agreed. Partners, e.g. "
            "Health, attended, i.e. Ofsted did not.")
    assert texts(split_sentences(body)) == [
        "Intro", "Mr. Okafor said e.g. the panel met", "Dr. Reid agreed",
        "Partners, e.g. Health, attended, i.e. Ofsted did not",
    ]


def test_abbreviations_are_read_at_the_end_of_a_long_line() -> None:
    body = "The panel met. " * 2000 + "Cllr. Reid agreed. Ofsted's visit.No. 3 followed."
    sentences = texts(split_sentences(body))
    assert len(sentences) == 2002
    assert sentences[-2:] == ["Cllr. Reid agreed", "Ofsted's visit.No. 3 followed"]


def test_sentences_drop_bullets_numbers_and_dangling_and() -> None:
    body = "  •  the first point;\n  ·  the second point; and\n1)    That the report be noted"
    spans = split_sentences(body)
    assert texts(spans) == ["the first point", "the second point", "That the report be noted"]
    assert_exact(body, spans)


def test_symbol_font_bullets_open_list_lines() -> None:
    # Word's symbol-font bullets reach the minutes as "§" or "➢": each opens a point.
    body = ("Ofsted noted these strengths:\n§  stable social work teams\n"
            "➢  a strong early help offer\n●  timely strategy meetings")
    spans = split_sentences(body)
    assert texts(spans) == ["Ofsted noted these strengths", "stable social work teams",
                            "a strong early help offer", "timely strategy meetings"]
    assert_exact(body, spans)
    inline = "Ofsted noted two strengths. ➢ stable teams. ➢ timely visits."
    assert texts(split_sentences(inline)) == [
        "Ofsted noted two strengths", "stable teams", "timely visits"]


def test_sentences_join_hard_wrapped_lines() -> None:
    body = "Inspectors found that the front door\nworked well. Next point."
    spans = split_sentences(body)
    assert texts(spans) == ["Inspectors found that the front door\nworked well", "Next point"]
    assert_exact(body, spans)


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        ("The board had accepted the recommendation and the team were working to meet it",
         ["The board had accepted the recommendation", "the team were working to meet it"]),
        ("Training had been delivered to managers and sessions had been held",
         ["Training had been delivered to managers", "sessions had been held"]),
        ("Lunch and Learn sessions had been delivered",
         ["Lunch and Learn sessions had been delivered"]),
        ("Staff were keen but progress had been slow; audits continued",
         ["Staff were keen", "progress had been slow", "audits continued"]),
        ("The letter was published in May, and gave one area for priority action",
         ["The letter was published in May", "gave one area for priority action"]),
        ("Plans were in place to reduce turnover in response to the recommendations made",
         ["Plans were in place to reduce turnover", "the recommendations made"]),
        ("a panel and a board which would meet monthly",
         ["a panel and a board which would meet monthly"]),
        ("The Ofsted Improvement Plan and how improvements were being made",
         ["The Ofsted Improvement Plan and how improvements were being made"]),
        ("Inspectors found that visits were timely and that plans were clear",
         ["Inspectors found that visits were timely", "that plans were clear"]),
    ],
)
def test_clauses_cut_at_connectives_and_new_subjects(sentence: str, clauses: list[str]) -> None:
    spans = split_clauses(sentence, Span(0, len(sentence), sentence))
    assert texts(spans) == clauses
    assert_exact(sentence, spans)


def test_list_gives_one_span_per_point() -> None:
    body = "X: the new strategy, the recruitment campaign and the academy for new staff"
    region = Span(3, len(body), body[3:])
    spans = split_list(body, region)
    assert texts(spans) == [
        "the new strategy", "the recruitment campaign", "the academy for new staff",
    ]
    assert_exact(body, spans)


def test_list_keeps_qualifier_with_its_point() -> None:
    body = "a Practice Panel, a Quality Board, the latter to oversee the plan, and a new post"
    spans = split_list(body, Span(0, len(body), body))
    assert texts(spans) == [
        "a Practice Panel", "a Quality Board, the latter to oversee the plan", "a new post",
    ]


def test_a_line_ending_in_a_preposition_runs_on_into_a_capital() -> None:
    body = "The new toolkit was launched in\nMarch across all teams.\n"
    assert texts(split_sentences(body)) == [
        "The new toolkit was launched in\nMarch across all teams"]


def test_no_clause_break_after_a_dangling_preposition() -> None:
    body = "Leaders should improve the tracking of, and response to, children who go missing."
    assert texts(split_clauses(body, Span(0, len(body) - 1, body[:-1]))) == [body[:-1]]


def test_bare_and_after_that_needs_a_verb_of_its_own_to_cut() -> None:
    body = "Officers said that a campaign with schools and GP surgeries had started."
    sentence = Span(0, len(body) - 1, body[:-1])
    assert texts(split_clauses(body, sentence)) == [body[:-1]]


def test_a_word_broken_by_a_hyphen_at_a_line_end_runs_on() -> None:
    body = "The focused visit looked at the multi-agency re-\nSponse to referrals.\n"
    assert texts(split_sentences(body)) == [
        "The focused visit looked at the multi-agency re-\nSponse to referrals"]


def test_a_long_line_of_a_wrapped_paragraph_runs_on_into_a_capital() -> None:
    body = (
        "The Director presented the letter from the joint inspection carried\n"
        "out by Ofsted, the Care Quality Commission and the inspectorates of Police and HM\n"
        "Inspectorate of Probation in May 2024. The next item followed.\n"
    )
    spans = split_sentences(body)
    assert len(spans) == 2
    assert spans[0].text.endswith("Inspectorate of Probation in May 2024")
    assert_exact(body, spans)


def test_lines_of_a_judgement_table_stay_apart() -> None:
    body = (
        "The impact of leaders on social work practice with children and families: Good\n"
        "The experiences and progress of children in care and care leavers: Outstanding\n"
    )
    assert len(split_sentences(body)) == 2
