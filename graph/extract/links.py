"""Links: the annotation guide's fixed rules (v2), applied to what the model found.

- A finding or recommendation belongs to the inspection its sentence names, else the one
  the page discusses most.
- A recommendation addresses the weakness findings of its inspection with its theme.
- Only a weakness finding the model is fairly sure of (`WEAKNESS_TARGET_CONFIDENCE`) is
  addressed or answered: a wrong one would take a false link from every item of its theme.
- A response answers, by its predicted basis: `plan`, every recommendation of the
  inspections (or, with none, every weakness finding); `theme`, every recommendation
  and weakness finding with its theme; `named`, the nearest recommendation or weakness
  finding before it that shares its theme (else the nearest). As in the guide, a
  response is linked by theme before it is left unlinked (`none`): a basis of `none`
  from the model answers the items of the response's theme, where there are any.

Links stay within one item of the page (`sections.split_sections`): an action minuted
under one agenda item does not answer a finding reported under another, and a long
page of many items gets links in proportion to its length, not to its square.

The same rules are `derive_links` in the project's scorer, so a basis the model gets
right gives exactly the gold's links.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from graph.extract.candidates import Candidates
from graph.extract.decide import Chosen
from graph.extract.inspections import primary_inspection
from graph.extract.items import inspection_for
from graph.extract.sections import split_sections
from graph.extract.themes import status_of
from graph.model import (
    Authority,
    Document,
    Extraction,
    Finding,
    Inspection,
    Recommendation,
    Resolution,
    Response,
)


@dataclass(frozen=True)
class Target:
    """A recommendation or weakness finding a response may answer."""

    label: str
    """`R<n>` or `F<n>`, as `Response.responds_to` names it."""
    start: int
    theme: str | None


WEAKNESS_TARGET_CONFIDENCE = 0.4
"""A weakness finding is addressed by recommendations and answered by responses only when
the model gives it at least this probability (it is an item all the same). A finding
proposed wrongly would take a false link from every recommendation and response of its
theme, and from every whole-plan response where the page has no recommendation.
Council-grouped cross-validation: trace F1 0.331 to 0.353 on the fixed folds, 0.272 to
0.287 averaged over six reshuffled groupings (0.3 and 0.5 gain a little less; leaving
every weakness unlinked scores 0.313); items are unchanged."""


def targets_by_section(findings: Sequence[Finding], recommendations: Sequence[Recommendation],
                       section_of: Callable[[int], int], weak: Iterable[int],
                       ) -> dict[int, tuple[list[Target], list[Target]]]:
    """Per section of the page, (its recommendations, its weakness findings: those
    numbered in `weak`) as targets."""
    sections: dict[int, tuple[list[Target], list[Target]]] = {}
    for n, recommendation in enumerate(recommendations):
        start = recommendation.quote.start
        sections.setdefault(section_of(start), ([], []))[0].append(
            Target(f"R{n}", start, recommendation.theme))
    for n in weak:
        start = findings[n].quote.start
        sections.setdefault(section_of(start), ([], []))[1].append(
            Target(f"F{n}", start, findings[n].theme))
    return sections


def response_targets(basis: str, start: int, theme: str | None,
                     recommendations: list[Target], weaknesses: list[Target]) -> list[str]:
    """What a response at `start` with this basis and theme answers, among the targets of
    its section: `plan`, every recommendation (else every weakness); `theme`, those with
    its theme; `named`, the nearest before it, preferring its theme (else the nearest)."""
    if basis == "plan":
        return [t.label for t in recommendations or weaknesses]
    if basis == "theme":
        return [t.label for t in (*recommendations, *weaknesses) if t.theme == theme]
    if basis == "named" and (recommendations or weaknesses):
        nearest = min((*recommendations, *weaknesses), key=lambda t: (
            t.theme != theme, t.start > start, abs(start - t.start)))
        return [nearest.label]
    return []


def section_finder(body: str) -> Callable[[int], int]:
    """offset -> the index of the item of the page (`sections.split_sections`) it lies in."""
    starts = [section.start for section in split_sections(body)]
    return lambda offset: bisect.bisect_right(starts, offset) - 1


def link(document: Document, found: Candidates, chosen: Sequence[Chosen],
         inspections: Sequence[Inspection], authority: Authority | None,
         meeting_date: str | None) -> Extraction:
    """The extraction of one document: chosen items, linked by the guide's rules.

    Findings and recommendations need an inspection to come from, so a page where none
    is found gives none, and its responses answer nothing (basis `none`).
    """
    primary = primary_inspection(inspections)
    findings: list[Finding] = []
    recommendations: list[Recommendation] = []
    resolutions: list[Resolution] = []
    weak: list[int] = []  # the weakness findings links may reach
    for item in chosen:
        span = item.candidate.span
        sentence = found.sentences[item.candidate.sentence]
        if item.kind in ("finding", "recommendation") and inspections:
            inspection = inspection_for(span, sentence, inspections, primary)
            if item.kind == "finding":
                if item.polarity != "strength" \
                        and item.probability >= WEAKNESS_TARGET_CONFIDENCE:
                    weak.append(len(findings))
                findings.append(Finding(quote=span, inspection=inspection,
                                        polarity=item.polarity, theme=item.theme))
            else:
                recommendations.append(Recommendation(quote=span, inspection=inspection,
                                                      theme=item.theme))
        elif item.kind == "resolution":
            resolutions.append(Resolution(quote=span))
    section_of = section_finder(document.body)
    weak_by_key: dict[tuple[int, int, str | None], list[int]] = {}
    for n in weak:
        finding = findings[n]
        key = (section_of(finding.quote.start), finding.inspection, finding.theme)
        weak_by_key.setdefault(key, []).append(n)
    recommendations = [replace(r, addresses=tuple(weak_by_key.get(
        (section_of(r.quote.start), r.inspection, r.theme), ())), addresses_basis="theme")
        for r in recommendations]
    by_section = targets_by_section(findings, recommendations, section_of, weak)
    responses = []
    for item in chosen:
        if item.kind != "response":
            continue
        # The guide's rules apply in order, "none" only where no other does: a response
        # the model finds neither named nor a whole plan answers the items of its theme
        # when the page has any, which the classifier, reading the response alone, cannot
        # see (cross-validated by council: trace F1 0.291 to 0.317, and 0.223 to 0.269
        # averaged over three reshuffled groupings).
        basis = "theme" if item.basis in (None, "none") else item.basis
        start = item.candidate.span.start
        answers = response_targets(basis, start, item.theme,
                                   *by_section.get(section_of(start), ([], [])))
        responses.append(Response(quote=item.candidate.span, responds_to=tuple(answers),
                                  basis=basis if answers else "none", theme=item.theme,
                                  status=status_of(item.candidate.span.text)))
    return Extraction(
        document=document, authority=authority, meeting_date=meeting_date,
        inspections=tuple(inspections), findings=tuple(findings),
        recommendations=tuple(recommendations), responses=tuple(responses),
        metrics=found.metrics, resolutions=tuple(resolutions))
