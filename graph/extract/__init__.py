"""Extract: a `Document` -> an `Extraction` (plain dataclasses, no RDF).

The stages, each a plain function with its own module and lexicons:

- `sentences`: sentences and list items with exact offsets;
- `sections`: only the parts of a page about an inspection (not apologies, declarations
  or unrelated items);
- `authority`: the local authority and its GSS code;
- `inspections`: the meeting date, and each inspection once with all its mentions;
- `metrics`, `resolutions`: numbers about the service, what the committee resolved;
- `items`: findings, recommendations and responses, linked to each other.
"""

from __future__ import annotations

from graph.extract.authority import resolve_authority
from graph.extract.inspections import find_inspections, find_meeting_date
from graph.extract.items import find_items
from graph.extract.metrics import find_metrics
from graph.extract.resolutions import find_resolutions
from graph.extract.sections import relevant_spans
from graph.extract.sentences import split_sentences
from graph.model import Document, Extraction


def extract(document: Document) -> Extraction:
    """Everything the extractor finds in one document."""
    sentences = split_sentences(document.body)
    relevant = relevant_spans(document, sentences)
    authority = resolve_authority(document)
    meeting_date = find_meeting_date(document)
    inspections = find_inspections(document, relevant, meeting_date, authority)
    findings, recommendations, responses = find_items(document, relevant, inspections)
    return Extraction(
        document=document,
        authority=authority,
        meeting_date=None if document.meeting_date else meeting_date,
        inspections=inspections,
        findings=findings,
        recommendations=recommendations,
        responses=responses,
        metrics=find_metrics(relevant),
        resolutions=find_resolutions(document, sentences),
    )
