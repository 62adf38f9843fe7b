"""Themes and polarity come from the keyword lexicons, quote first, then context."""

from __future__ import annotations

import re

import pytest

from graph.extract.lexicon import structured
from graph.extract.themes import (
    guide_theme,
    overall_verdict,
    page_theme,
    polarity_of,
    status_of,
    theme_of,
)

ANNOTATION_THEMES = {
    "workforce", "caseloads", "management-oversight", "front-door", "assessment-and-planning",
    "child-protection", "children-in-care", "care-leavers", "early-help", "disabled-children",
    "domestic-abuse", "voice-of-the-child", "partnership", "leadership-and-governance",
    "systems-and-recording", "exploitation", "legal", "covid",
}


def test_lexicon_covers_every_theme_with_valid_patterns() -> None:
    lexicon = structured("theme-keywords")
    assert set(lexicon) == ANNOTATION_THEMES
    for keywords in lexicon.values():
        for keyword in keywords:
            assert isinstance(keyword, str), keyword
            re.compile(keyword)


@pytest.mark.parametrize(
    ("quote", "theme"),
    [
        ("a market supplement had been agreed for experienced practitioners", "workforce"),
        ("the re-referral rate had fallen at the MASH", "front-door"),
        ("pathway plans for care leavers were not up to date", "care-leavers"),
        ("the Safe and Together model was used for families", "domestic-abuse"),
        ("the introduction of a new case management system", "systems-and-recording"),
        ("return home interviews after missing episodes", "exploitation"),
        ("EHCPs were completed on time", "disabled-children"),
        ("average caseloads had fallen to 17", "caseloads"),
        ("supervision was regular and reflective", "management-oversight"),
        ("pre-proceedings work under the PLO", "legal"),
        ("the statutory safeguarding partners met as a group", "partnership"),
        ("a designated doctor was appointed for the area", "partnership"),
        # A safeguarding children board is the multi-agency partnership, not casework.
        ("the Safeguarding Children Board was judged to be good", "partnership"),
        ("the LSCB had met four times in the year", "partnership"),
        ("safeguarding visits to children were recorded", "child-protection"),
        # Ofsted's judgement area for children in care names care leavers too.
        ("progress for children in care and care leavers was good", "children-in-care"),
        ("leaders lacked a dashboard of reliable data", "leadership-and-governance"),
        ("waiting lists for autism diagnosis were long", "disabled-children"),
        ("the records kept by the duty desk", "systems-and-recording"),
    ],
)
def test_theme_of_quote(quote: str, theme: str) -> None:
    assert theme_of(quote) == theme


def test_theme_falls_back_on_context_then_other() -> None:
    assert theme_of("this had improved", "the care leavers offer had improved") == "care-leavers"
    assert theme_of("this had improved", "nothing else here") == "other"


def test_curly_apostrophes_match_keywords() -> None:
    assert theme_of("identifying a child’s needs early") == "assessment-and-planning"


@pytest.mark.parametrize(
    ("quote", "polarity"),
    [
        ("practice had improved for children in care", "strength"),
        ("the instability in the workforce", "weakness"),
        ("management oversight was an area which required improvement", "weakness"),
        ("visits were not always timely", "weakness"),
        ("the quality of plans was too variable", "weakness"),
        ("the trust's finances remained unsustainable", "weakness"),
    ],
)
def test_polarity_of_quote(quote: str, polarity: str) -> None:
    assert polarity_of(quote) == polarity


def test_polarity_falls_back_on_context_then_strength() -> None:
    assert polarity_of("findings on legal planning", "two areas for priority action") == "weakness"
    assert polarity_of("findings on legal planning") == "strength"


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        ("There were plans in place to recruit more staff", "planned"),
        ("a campaign which would be launched next month", "planned"),
        ("work was ongoing to reduce agency use", "in-progress"),
        ("two panels had been set up", "done"),
        ("The Council adopted a new strategy", "done"),
        ("the strategy to retain social workers", None),
    ],
)
def test_status_of_an_action(quote: str, status: str | None) -> None:
    assert status_of(quote) == status


def test_cohort_of_children_decides_only_when_nothing_else_does() -> None:
    assert theme_of("supervision of managers in the children in need teams") \
        == "management-oversight"
    assert theme_of("drift for some children in need") == "child-protection"
    assert theme_of("every family re-referred within a year was seen again") == "front-door"


@pytest.mark.parametrize("quote", [
    "Ofsted judged the overall effectiveness of children's services to be good",
    "children's services in the borough were judged inadequate in 2022",
    "Overall effectiveness: Requires improvement to be good",
    "the overall judgement was raised from inadequate to requires improvement",
    "The council was judged 'Good' overall",
    "The authority received 'Good' in all areas, including care leavers",
])
def test_an_overall_verdict_is_about_no_one_theme(quote: str) -> None:
    assert overall_verdict(quote)


def test_a_verdict_on_one_area_keeps_its_theme() -> None:
    assert not overall_verdict("The experiences and progress of care leavers: Good")
    assert theme_of("The experiences and progress of care leavers: Good") == "care-leavers"


@pytest.mark.parametrize(("quote", "theme"), [
    # the guide: an overall judgement is `other`, whatever else its words touch
    ("services were judged good overall and outstanding for children in care", "other"),
    # the guide: an improvement plan or board is `leadership-and-governance`
    ("the Health and Wellbeing Board would oversee the Accelerated Progress Plan",
     "leadership-and-governance"),
    ("a SEND action plan to improve EHC plans", "leadership-and-governance"),
    ("the timeliness of EHC plans", None),
])
def test_guide_fixes_some_themes_before_keywords(quote: str, theme: str | None) -> None:
    assert guide_theme(quote) == theme


def test_a_page_about_send_gives_its_unthemed_items_disabled_children() -> None:
    page = ("Local area SEND inspection: written statement of action. The SEND partnership "
            "reported on progress; work had already started to address the issues raised.")
    assert page_theme(page) == "disabled-children"
    assert page_theme("We will send the report to members. SEND was mentioned once.") is None
