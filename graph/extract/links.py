"""Links: the annotation guide's fixed rules (v2), applied to what the model found.

- A finding or recommendation belongs to the inspection its sentence names, else the one
  the page discusses most.
- A recommendation addresses the weakness findings of its inspection with its theme.
- A response answers, by its predicted basis: `plan`, every recommendation of the
  inspections (or, with none, every weakness finding); `theme`, every recommendation
  and weakness finding with its theme; `named`, the nearest recommendation or weakness
  finding before it that shares its theme (else the nearest); `none`, nothing.

The same rules are `derive_links` in the project's scorer, so a basis the model gets
right gives exactly the gold's links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graph.extract.candidates import Candidates
from graph.extract.decide import Chosen
from graph.extract.inspections import primary_inspection
from graph.extract.items import inspection_for
from graph.extract.metrics import sentence_metrics
from graph.extract.themes import status_of
from graph.model import (
    Authority,
    Document,
    Extraction,
    Finding,
    Inspection,
    Metric,
    Recommendation,
    Resolution,
    Response,
)


def weak(findings: Sequence[Finding]) -> list[int]:
    return [n for n, finding in enumerate(findings) if finding.polarity != "strength"]


def addressed(recommendation: Recommendation, findings: Sequence[Finding]) -> tuple[int, ...]:
    """The weakness findings of the recommendation's inspection with its theme."""
    return tuple(n for n in weak(findings)
                 if findings[n].inspection == recommendation.inspection
                 and findings[n].theme == recommendation.theme)


def plan_targets(findings: Sequence[Finding], recommendations: Sequence[Recommendation]
                 ) -> list[str]:
    return [f"R{n}" for n in range(len(recommendations))] or [f"F{n}" for n in weak(findings)]


def theme_targets(theme: str | None, findings: Sequence[Finding],
                  recommendations: Sequence[Recommendation]) -> list[str]:
    return [f"R{n}" for n, r in enumerate(recommendations) if r.theme == theme] + \
        [f"F{n}" for n in weak(findings) if findings[n].theme == theme]


def named_target(start: int, theme: str | None, findings: Sequence[Finding],
                 recommendations: Sequence[Recommendation]) -> list[str]:
    """The nearest recommendation or weakness finding quoted before `start`, preferring
    one of the same theme; the nearest after when none comes before."""
    targets = [(r.quote.start, f"R{n}", r.theme) for n, r in enumerate(recommendations)]
    targets += [(findings[n].quote.start, f"F{n}", findings[n].theme) for n in weak(findings)]
    if not targets:
        return []
    def distance(target: tuple[int, str, str | None]) -> tuple[bool, bool, int]:
        position, _, target_theme = target
        return (target_theme != theme, position > start, abs(start - position))
    return [min(targets, key=distance)[1]]


def response_targets(basis: str, start: int, theme: str | None,
                     findings: Sequence[Finding],
                     recommendations: Sequence[Recommendation]) -> list[str]:
    """What a response at `start` with this basis and theme answers."""
    if basis == "plan":
        return plan_targets(findings, recommendations)
    if basis == "theme":
        return theme_targets(theme, findings, recommendations)
    if basis == "named":
        return named_target(start, theme, findings, recommendations)
    return []


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
    metrics: list[Metric] = []
    resolutions: list[Resolution] = []
    for item in chosen:
        span = item.candidate.span
        sentence = found.sentences[item.candidate.sentence]
        if item.kind in ("finding", "recommendation") and inspections:
            inspection = inspection_for(span, sentence, inspections, primary)
            if item.kind == "finding":
                findings.append(Finding(quote=span, inspection=inspection,
                                        polarity=item.polarity, theme=item.theme))
            else:
                recommendations.append(Recommendation(quote=span, inspection=inspection,
                                                      theme=item.theme))
        elif item.kind == "metric":
            metrics.extend(sentence_metrics(span)[:1])
        elif item.kind == "resolution":
            resolutions.append(Resolution(quote=span))
    recommendations = [replace(r, addresses=addressed(r, findings), addresses_basis="theme")
                       for r in recommendations]
    responses = []
    for item in chosen:
        if item.kind != "response":
            continue
        basis = item.basis or "none"
        targets = response_targets(basis, item.candidate.span.start, item.theme,
                                   findings, recommendations)
        responses.append(Response(quote=item.candidate.span, responds_to=tuple(targets),
                                  basis=basis if targets else "none", theme=item.theme,
                                  status=status_of(item.candidate.span.text)))
    return Extraction(
        document=document, authority=authority, meeting_date=meeting_date,
        inspections=tuple(inspections), findings=tuple(findings),
        recommendations=tuple(recommendations), responses=tuple(responses),
        metrics=tuple(metrics), resolutions=tuple(resolutions))
