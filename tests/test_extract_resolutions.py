"""Resolutions: what the committee resolved or decided, one per point."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract.resolutions import find_resolutions
from graph.extract.sentences import split_sentences
from graph.model import Document


def resolutions(body: str) -> list[str]:
    document = Document(identifier="test.txt", path=Path("test.txt"), body=body)
    found = find_resolutions(document, split_sentences(body))
    for resolution in found:
        quote = resolution.quote
        assert body[quote.start : quote.end] == quote.text
    return [resolution.quote.text for resolution in found]


def test_numbered_items_after_resolved_are_one_each() -> None:
    body = (
        "Minutes:\n\nThe Committee discussed the Ofsted monitoring visit.\n\nRESOLVED:\n\n"
        "1)    That the report be noted\n\n2)    That the Committee receive further updates\n\n"
        "Supporting documents:\n"
    )
    assert resolutions(body) == ["That the report be noted",
                                 "That the Committee receive further updates"]


def test_inline_resolution_after_resolved_that() -> None:
    body = ("Members discussed the focused visit.\n\nRESOLVED that the report be noted and a "
            "further update be brought to the next meeting.\n")
    assert resolutions(body) == [
        "that the report be noted and a further update be brought to the next meeting"]


def test_a_stem_before_a_list_is_not_a_resolution_and_trailing_and_goes() -> None:
    body = (
        "The Board discussed the Ofsted focused visit.\n\nRESOLVED:  That the Board\n\n"
        "1)    notes the actions taken since the visit; and\n\n"
        "2)    agrees to receive the improvement plan at its next meeting.\n"
    )
    assert resolutions(body) == ["notes the actions taken since the visit",
                                 "agrees to receive the improvement plan at its next meeting"]


def test_decisions_heading_with_numbered_points() -> None:
    body = (
        "The Committee considered the Ofsted inspection.\n\nDecisions\n\n"
        "1.            To ask officers to arrange visits to frontline teams.\n\n"
        "2.            To receive a report on the workforce at a future meeting.\n"
    )
    assert resolutions(body) == ["To ask officers to arrange visits to frontline teams",
                                 "To receive a report on the workforce at a future meeting"]


def test_resolution_on_the_next_paragraph() -> None:
    body = "The Ofsted letter was discussed.\n\nRESOLVED:\n\nThat the letter be noted.\n"
    assert resolutions(body) == ["That the letter be noted"]


def test_inline_numbered_points_on_one_line() -> None:
    body = ("Ofsted's findings were discussed.\n\nRESOLVED - (1) That the report be noted. "
            "(2) That officers report back in six months.\n")
    assert resolutions(body) == ["That the report be noted",
                                 "That officers report back in six months"]


def test_standalone_that_be_noted_sentence() -> None:
    body = "The Ofsted report was presented.\n\nThat the report be noted.\n"
    assert resolutions(body) == ["That the report be noted"]


def test_running_text_agreement_is_not_a_resolution() -> None:
    body = ("The Ofsted visit was discussed. It was agreed that the completed plan would be "
            "presented at the next meeting.\n")
    assert resolutions(body) == []


def test_the_next_item_heading_ends_the_block() -> None:
    body = (
        "4. OFSTED FOCUSED VISIT\n\nThe Ofsted focused visit was presented.\n\n"
        "RESOLVED: That the Board\n\n1) note the findings\n\n5. HIGHWAYS PROGRAMME\n"
    )
    assert resolutions(body) == ["note the findings"]


def test_only_the_items_about_an_inspection_count() -> None:
    body = (
        "1. APOLOGIES FOR ABSENCE\n\nApologies were received from Councillor Lee.\n\n"
        "2. MINUTES OF THE PREVIOUS MEETING\n\nRESOLVED: That the minutes be agreed as a "
        "correct record.\n\n"
        "3. OFSTED FOCUSED VISIT\n\nThe Director presented the Ofsted focused visit letter. "
        "Ofsted found that practice had improved.\n\nRESOLVED: That the letter be noted.\n\n"
        "4. HIGHWAYS MAINTENANCE\n\nThe Committee considered road repairs.\n\n"
        "RESOLVED: That the programme be approved.\n"
    )
    assert resolutions(body) == ["That the letter be noted"]


def test_resolved_that_colon_then_bullets() -> None:
    body = ("The Ofsted inspection outcome was discussed.\n\nRESOLVED that:\n\n"
            "• the outcome of the inspection be noted;\n• officers report back in June.\n")
    assert resolutions(body) == ["the outcome of the inspection be noted",
                                 "officers report back in June"]


def test_capital_resolved_inside_a_line() -> None:
    body = ("Members discussed the Ofsted focused visit. After discussion it was RESOLVED that "
            "the report be noted. The Chair thanked officers.\n")
    assert resolutions(body) == ["that the report be noted"]


def test_lower_case_resolved_inside_a_line_is_not_a_resolution() -> None:
    body = "Ofsted found that the recording issues had been resolved by the service.\n"
    assert resolutions(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "The Ofsted letter.\n\n6. RESOLVED that the Panel:\n(a) note the letter;\n"
        "(b) thank the staff.\n",
        "The Ofsted letter.\n\nRESOLVED that:-\n\n(i) the letter be noted; and\n\n"
        "(ii) the staff be thanked.\n",
        "The Ofsted letter.\n\n3.4 The Board RESOLVED to:\n1. note the letter.\n"
        "2. thank the staff.\n",
        "The Ofsted letter.\n\nAGREED:\n- to note the letter\n- to thank the staff\n",
    ],
)
def test_resolution_blocks_in_other_councils_styles(body: str) -> None:
    found = resolutions(body)
    assert len(found) == 2 and "note" in found[0] and "thank" in found[1]


def test_a_prose_decision_is_a_resolution_but_a_remark_is_not() -> None:
    assert resolutions("The Ofsted visit.\n\nThe Panel noted the update and the next steps.\n"
                       ) == ["The Panel noted the update and the next steps"]
    assert resolutions("The Ofsted visit. The Panel noted that staff were busy.\n") == []


def test_a_prose_decision_with_two_verbs_is_two_resolutions() -> None:
    assert resolutions("The Ofsted visit.\n\nThe Board noted the letter, and agreed to invite "
                       "the Director to its next meeting.\n") == [
        "The Board noted the letter", "agreed to invite the Director to its next meeting"]


def test_a_lower_case_item_in_title_case_words_is_no_heading() -> None:
    body = ("The Ofsted visit.\n\nRESOLVED to:\n\n(1) note the Improvement Plan;\n\n"
            "(2) note the Written Statement of Action; and\n\n(3) receive Quarterly Updates.\n")
    assert len(resolutions(body)) == 3


def test_a_resolution_wrapped_over_lines_runs_to_its_full_stop() -> None:
    body = ("The Ofsted letter.\nRESOLVED - That the Board notes the letter and the steps\n"
            "taken since the visit.\nNext item\n")
    assert resolutions(body) == ["That the Board notes the letter and the steps\n"
                                 "taken since the visit"]


def test_resolved_unanimously_in_brackets() -> None:
    body = ("The Ofsted visit.\n\nRESOLVED (unanimously) that:\n\na) the letter be noted;\n"
            "b) the Chair write to staff.\n")
    assert resolutions(body) == ["the letter be noted", "the Chair write to staff"]


def test_a_stem_on_its_own_line_after_resolved_introduces_the_list() -> None:
    body = (
        "The Scrutiny Panel discussed the Ofsted inspection report.\n\nRESOLVED:\n\n"
        "That the Scrutiny Panel:\n\n"
        "a)\twelcomes the findings of the inspection;\n\n"
        "b)\tasks for the action plan at its March meeting.\n"
    )
    assert resolutions(body) == ["welcomes the findings of the inspection",
                                 "asks for the action plan at its March meeting"]


def test_a_recommendation_agreed_line_opens_a_resolution() -> None:
    body = ("The Forum discussed the Ofsted monitoring visit letter.\n\n"
            "Recommendations approved: That the Forum notes the progress reported.\n")
    assert resolutions(body) == ["That the Forum notes the progress reported"]



@pytest.mark.parametrize(("body", "expected"), [
    pytest.param("The Cabinet considered the Ofsted inspection report.\n\n"
                 "The Executive Mayor and Cabinet, RESOLVED to;\n\n"
                 "2.1 Note the outcome and findings of the inspection.\n\n"
                 "2.2 Note that the improvement plan will be refreshed.\n",
                 ["Note the outcome and findings of the inspection",
                  "Note that the improvement plan will be refreshed"],
                 id="a decision-maker RESOLVED to a list of numbered paragraphs"),
    pytest.param("The Cabinet considered the Ofsted inspection report.\n\nRESOLVED to -\n\n"
                 "1) welcome the findings of the inspection; and\n\n"
                 "2) note the action plan.\n\n"
                 "47.3 The service has been judged to be good overall.\n",
                 ["welcome the findings of the inspection", "note the action plan"],
                 id="the next paragraph number ends a list of plain numbers"),
])
def test_paragraph_numbers_are_items_when_the_list_starts_with_one(
        body: str, expected: list[str]) -> None:
    assert resolutions(body) == expected


def test_a_list_whose_first_point_stands_on_the_resolved_line() -> None:
    body = ("The Cabinet considered the inspection of the local area's SEND services.\n\n"
            "RESOLVED – (a) That the report be received and noted.\n\n \n\n"
            "(b) That the actions set out in the Accelerated Progress Plan be endorsed.\n\n"
            "(c) That the Cabinet Member continue to monitor the plan's delivery.\n\n"
            "SCHOOL TRANSPORT POLICY\n\nThe Cabinet considered a report on transport.\n")
    assert resolutions(body) == [
        "That the report be received and noted",
        "That the actions set out in the Accelerated Progress Plan be endorsed",
        "That the Cabinet Member continue to monitor the plan's delivery"]
    # A RESOLVED line that is not the first point of a list stays one resolution.
    assert resolutions("RESOLVED – That the report be noted.\n\n(b) The next point.\n") == [
        "That the report be noted"]
