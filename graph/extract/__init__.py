"""Extract: a `Document` -> an `Extraction` (plain dataclasses, no RDF).

First version (issue 2): the simplest rules that give every class its final shape.
"""

from __future__ import annotations

import re

from graph.model import (
    Document,
    Extraction,
    Finding,
    Inspection,
    Metric,
    Resolution,
    Response,
    Span,
)

SENTENCE = re.compile(r"[^.;\n]+")


def spans(body: str) -> list[Span]:
    out = []
    for match in SENTENCE.finditer(body):
        text = match.group().strip()
        if text:
            start = match.start() + match.group().index(text)
            out.append(Span(start, start + len(text), text))
    return out


def extract(document: Document) -> Extraction:
    """Find inspections, findings, responses, metrics and resolutions in one document."""
    sentences = spans(document.body)
    mentions = tuple(s for s in sentences if "ofsted" in s.text.lower())
    inspections = (Inspection(type="other", evidence=mentions[:1]),) if mentions else ()
    findings = tuple(
        Finding(quote=s, inspection=0) for s in mentions if re.search(r"found|recognised", s.text)
    )
    responses = tuple(
        Response(quote=s, responds_to=("F0",))
        for s in sentences
        if findings and re.search(r"\bplans?\b|\bstrategy\b", s.text)
    )
    metrics = tuple(
        Metric(quote=s, value=float(m.group(1)), unit="percent")
        for s in sentences
        if (m := re.search(r"(\d+(?:\.\d+)?)%", s.text))
    )
    resolutions = tuple(Resolution(quote=s) for s in sentences if s.text.startswith("That the"))
    return Extraction(document=document, inspections=inspections, findings=findings,
                      responses=responses, metrics=metrics, resolutions=resolutions)
