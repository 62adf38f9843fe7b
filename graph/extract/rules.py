"""The cue-phrase rules alone, as the extractor was before it was trained: the baseline
that `ofsted-kg evaluate --rules` scores beside the trained model."""

from __future__ import annotations

from graph.extract.authority import resolve_authority
from graph.extract.inspections import find_inspections, find_meeting_date
from graph.extract.items import find_items
from graph.extract.metrics import find_metrics
from graph.extract.resolutions import find_resolutions
from graph.extract.sections import relevant_spans
from graph.extract.sentences import split_sentences
from graph.model import Document, Extraction


def extract_by_rules(document: Document) -> Extraction:
    """Everything the cue-phrase rules find in one document."""
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
