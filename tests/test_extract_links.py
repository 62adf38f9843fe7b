"""The annotation guide's link rules (v2) as `graph.extract.links` applies them, within one
item of a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.extract.candidates import generate
from graph.extract.decide import Chosen
from graph.extract.links import (
    WEAKNESS_TARGET_CONFIDENCE,
    link,
    response_targets,
    section_finder,
    targets_by_section,
)
from graph.model import Document, Extraction, Finding, Inspection, Recommendation, Span

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
    by_section = targets_by_section(FINDINGS, RECOMMENDATIONS, section_of, weak=[0, 1])
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


def linked(body: str, items: list[tuple[str, str, dict[str, Any]]]) -> Extraction:
    """The extraction of a page about one focused visit when the model chose `items`
    ((kind, quote, the `Chosen` attributes) each)."""
    document = Document(identifier="t.txt", path=Path("t.txt"), body=body)
    found = generate(document)
    chosen = [Chosen(kind, next(c for c in found.items if c.span.text == quote), **attributes)
              for kind, quote, attributes in items]
    visit = Inspection(type="focused-visit", evidence=(Span(0, 11, body[:11]),))
    return link(document, found, chosen, [visit], None, None)


def test_a_response_the_model_leaves_unlinked_answers_the_items_of_its_theme() -> None:
    """The guide's rules apply in order: `none` only where not even the theme links."""
    extraction = linked(
        "Inspectors found that caseloads were high.\n\n"
        "Caseloads would be reduced by hiring more staff.\n\n"
        "A new website would be launched.\n",
        [("finding", "Inspectors found that caseloads were high",
          {"theme": "caseloads", "polarity": "weakness"}),
         ("response", "Caseloads would be reduced by hiring more staff",
          {"theme": "caseloads", "basis": "none"}),
         ("response", "A new website would be launched",
          {"theme": "systems-and-recording", "basis": "none"})])
    assert [(r.basis, r.responds_to) for r in extraction.responses] == [
        ("theme", ("F0",)), ("none", ())]


def test_a_weakness_the_model_is_unsure_of_is_neither_addressed_nor_answered() -> None:
    """A wrongly proposed finding would take a false link from every item of its theme."""
    links = []
    for probability in (WEAKNESS_TARGET_CONFIDENCE, WEAKNESS_TARGET_CONFIDENCE - 0.05):
        extraction = linked(
            "Inspectors found that caseloads were high.\n\n"
            "Ofsted recommended that caseloads be reduced.\n\n"
            "Caseloads would be reduced by hiring more staff.\n",
            [("finding", "Inspectors found that caseloads were high",
              {"theme": "caseloads", "polarity": "weakness", "probability": probability}),
             ("recommendation", "Ofsted recommended that caseloads be reduced",
              {"theme": "caseloads"}),
             ("response", "Caseloads would be reduced by hiring more staff",
              {"theme": "caseloads", "basis": "theme"})])
        assert len(extraction.findings) == 1  # an item either way
        links.append((extraction.recommendations[0].addresses,
                      extraction.responses[0].responds_to))
    assert links == [((0,), ("R0", "F0")), ((), ("R0",))]
