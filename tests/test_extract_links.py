"""The annotation guide's link rules (v2) as `graph.extract.links` applies them, within one
item of a page."""

from __future__ import annotations

from graph.extract.links import response_targets, section_finder, targets_by_section
from graph.model import Finding, Recommendation, Span

PAGE = """OFSTED FOCUSED VISIT

Inspectors found that supervision was irregular. Ofsted recommended better supervision.
Inspectors found that caseloads were high.

HIGHWAYS MAINTENANCE

The Council agreed an action plan for potholes.
"""


def span(text: str) -> Span:
    start = PAGE.index(text)
    return Span(start, start + len(text), text)


FINDINGS = [Finding(span("supervision was irregular"), 0, "weakness", "management-oversight"),
            Finding(span("caseloads were high"), 0, "weakness", "caseloads")]
RECOMMENDATIONS = [Recommendation(span("better supervision"), 0,
                                  theme="management-oversight")]


def targets_at(text: str, basis: str, theme: str | None) -> list[str]:
    section_of = section_finder(PAGE)
    start = PAGE.index(text)
    by_section = targets_by_section(FINDINGS, RECOMMENDATIONS, section_of)
    return response_targets(basis, start, theme, *by_section.get(section_of(start), ([], [])))


def test_links_plan_answers_every_recommendation_of_its_item() -> None:
    assert targets_at("caseloads were high", "plan", None) == ["R0"]


def test_links_theme_answers_recommendations_and_weaknesses_of_its_theme() -> None:
    assert targets_at("caseloads were high", "theme", "management-oversight") == ["R0", "F0"]
    assert targets_at("caseloads were high", "theme", "caseloads") == ["F1"]


def test_links_named_answers_the_nearest_before_it_preferring_its_theme() -> None:
    assert targets_at("Ofsted recommended", "named", "caseloads") == ["F1"]
    assert targets_at("Ofsted recommended", "named", "workforce") == ["F0"]


def test_links_none_answers_nothing() -> None:
    assert targets_at("caseloads were high", "none", "caseloads") == []


def test_links_stay_within_one_item_of_the_page() -> None:
    """A plan under "HIGHWAYS MAINTENANCE" answers nothing of the Ofsted item above it."""
    assert targets_at("an action plan for potholes", "plan", None) == []
    assert targets_at("an action plan for potholes", "named", "caseloads") == []
