"""Only the items of a minutes page about an inspection are read."""

from __future__ import annotations

from pathlib import Path

from graph.extract.sections import (
    heading_title,
    relevant_sections,
    relevant_spans,
    split_sections,
)
from graph.extract.sentences import split_sentences
from graph.model import Document

PAGE = """Minutes of the meeting

1. Apologies for Absence

Apologies were received from Councillor Ward, who had an Ofsted inspection at her school.

2. Declarations of Interest

None were declared.

3. Minutes of the Previous Meeting

RESOLVED: That the minutes be agreed, including the Ofsted update.

4. Ofsted Focused Visit to Children's Services

The Director reported that inspectors found that leaders knew their services well.

5. Library Opening Hours

The Committee considered changes to library opening hours.

RESOLVED: That the changes be approved.
"""


def document(body: str) -> Document:
    return Document(identifier="page.txt", path=Path("page.txt"), body=body)


def kept(body: str) -> list[str]:
    return [s.text for s in relevant_spans(document(body), split_sentences(body))]


def test_multi_item_page_keeps_only_the_inspection_item() -> None:
    assert kept(PAGE) == [
        "Ofsted Focused Visit to Children's Services",
        "The Director reported that inspectors found that leaders knew their services well",
    ]


def test_sections_follow_numbered_headings() -> None:
    titles = [s.title for s in split_sections(PAGE)]
    assert titles == [
        "", "Apologies for Absence", "Declarations of Interest", "Minutes of the Previous Meeting",
        "Ofsted Focused Visit to Children's Services", "Library Opening Hours",
    ]


def test_single_item_page_is_kept_whole_without_page_furniture() -> None:
    body = (
        "Agenda item\n\nMinutes:\n\nOfsted found that practice had improved.\n\n"
        "Supporting documents:\n"
    )
    assert kept(body) == ["Ofsted found that practice had improved"]


def test_capitals_heading_and_item_text_mentions_decide() -> None:
    body = (
        "APOLOGIES FOR ABSENCE\n\nApologies from Councillor Lee.\n\n"
        "IMPROVEMENT UPDATE\n\nThe Ofsted monitoring visit found stronger plans. "
        "Inspectors saw better supervision.\n"
    )
    assert kept(body) == [
        "IMPROVEMENT UPDATE",
        "The Ofsted monitoring visit found stronger plans",
        "Inspectors saw better supervision",
    ]


def test_resolution_lines_are_not_headings() -> None:
    assert heading_title("1)    That the report be noted.") is None
    assert heading_title("2)    note the steps that have been taken") is None
    assert heading_title("RESOLVED:") is None
    assert heading_title("RESOLVED –") is None
    assert heading_title("RESOLVED UNANIMOUSLY") is None
    assert heading_title("25 Ofsted Focused Visit 13th and 14th November 2021 pdf icon PDF 57 KB")


def test_report_subheadings_in_capitals_stay_in_their_item() -> None:
    body = (
        "OFSTED FOCUSED VISIT\n\nOfsted found that plans had improved.\n\n"
        "NEXT STEPS\n\nA new audit programme had been launched.\n\n"
        "HIGHWAYS UPDATE\n\nPotholes were discussed.\n"
    )
    assert kept(body) == [
        "OFSTED FOCUSED VISIT", "Ofsted found that plans had improved", "NEXT STEPS",
        "A new audit programme had been launched",
    ]


def test_a_page_of_many_items_keeps_the_sentences_of_the_kept_items() -> None:
    """Each sentence is placed in its item by bisection, not by trying every item."""
    body = "".join(
        f"{n}. Ofsted Monitoring Visit {n}\n\nOfsted found that plans were clear.\n\n"
        if n % 3 else f"{n}. Library Opening Hours {n}\n\nThe hours were discussed.\n\n"
        for n in range(1, 301))
    sentences = split_sentences(body)
    sections = relevant_sections(body)
    expected = [s.text for s in sentences
                if any(section.start <= s.start < section.end for section in sections)]
    assert kept(body) == expected
    assert len(expected) == 2 * 200


def test_numbered_paragraphs_that_run_on_and_item_durations_are_not_headings() -> None:
    assert heading_title("1.2 Apologies for lateness had come from") is None
    assert heading_title("3.1 Updates were given by the Director and the") is None
    assert heading_title("15 minutes") is None
    assert heading_title("12. Minutes") == "Minutes"
    assert heading_title("1. Apologies for Absence") == "Apologies for Absence"


def test_an_item_run_into_a_routine_heading_is_still_read() -> None:
    # The inspection item's own heading is in sentence case and so not taken for one:
    # the item runs on under "Declarations of Interest", and the page would keep nothing.
    body = (
        "7. Minutes\n\nThe minutes were agreed.\n\n8. Declarations of Interest\n\n"
        "None were declared.\n\n"
        "9. Report on the progress made since the Ofsted inspection of help and protection\n\n"
        "Inspectors had found that strategy meetings were not always timely.\n"
    )
    assert "Inspectors had found that strategy meetings were not always timely" in kept(body)


MODERNGOV_TABLE = """Agenda and minutes

Items
No. Item

14.

Budget Monitoring: Quarter 2 pdf icon PDF 2 MB

Minutes:

14.1     The Cabinet considered a report by the Chief Finance Officer.

14.2     It was RESOLVED to –

            1) note the spending position; and

            2) approve the revised fees

15.

Ofsted Inspection of Children's Services pdf icon PDF 220 KB

Minutes:

15.1     The Cabinet considered a report by the Director of Children's Services.

15.2     It was RESOLVED to –

            1) welcome the inspection report; and

            2) thank the staff of the service
"""


def test_a_moderngov_table_of_items_is_split_at_the_item_numbers() -> None:
    # "14.1 The Cabinet considered a report by the Chief Finance Officer" reads as a
    # title-case heading; on a page with ModernGov's table of items, only the numbers
    # standing alone on their lines start items.
    titles = [s.title for s in split_sections(MODERNGOV_TABLE)]
    assert titles == ["", "Budget Monitoring: Quarter 2 pdf icon PDF 2 MB",
                      "Ofsted Inspection of Children's Services pdf icon PDF 220 KB"]
    assert "welcome the inspection report" in kept(MODERNGOV_TABLE)
    assert not [text for text in kept(MODERNGOV_TABLE) if "spending" in text or "fees" in text]


def test_a_page_of_items_none_naming_an_inspection_keeps_its_substantive_items() -> None:
    body = ("1. Apologies for Absence\n\nNone.\n\n"
            "2. Accelerated Progress Plan Update\n\nThe Board welcomed the review's feedback.\n")
    assert [s.title for s in relevant_sections(body)] == ["Accelerated Progress Plan Update"]
    body = body.replace("Accelerated Progress Plan", "Written Statement Progress")
    assert [s.title for s in relevant_sections(body)] == ["Written Statement Progress Update"]


def test_item_numbers_may_carry_a_letter() -> None:
    body = MODERNGOV_TABLE.replace("\n14.\n", "\nF14\n").replace("\n15.\n", "\nF15\n")
    assert [s.title for s in split_sections(body)][1:] == [
        "Budget Monitoring: Quarter 2 pdf icon PDF 2 MB",
        "Ofsted Inspection of Children's Services pdf icon PDF 220 KB"]


def test_unnumbered_items_start_at_the_titles_their_reports_are_attached_to() -> None:
    body = ("Items\nNo. Item\n\nApologies were received from Councillor Ward.\n\n"
            "Minutes of the last meeting pdf icon PDF 211 KB\n\n"
            "Resolved: That the minutes be confirmed as an accurate record.\n\n"
            "Permanence – Ofsted Focused Visit pdf icon PDF 128 KB\n\n"
            "Inspectors found that permanence was a priority for children in care.\n")
    assert [s.title for s in relevant_sections(body)] == [
        "Permanence – Ofsted Focused Visit pdf icon PDF 128 KB"]
    assert not [text for text in kept(body) if "minutes" in text.lower()]
