"""Extract: a `Document` -> an `Extraction` (plain dataclasses, no RDF).

A pipeline of stages, each its own module:

1. `candidates`: every span that could be quoted (sentences and list lines, clauses,
   phrases around a head noun, the spans the cue-phrase rules quote);
2. `features`: what the model sees of each (its words and a few flags);
3. `learn`: the trained classifiers decide which candidates are findings,
   recommendations, responses, metrics or resolutions, and their theme, polarity and
   link basis (`decide`);
4. `links`: the annotation guide's rules link them, given the inspections and the
   authority, which rules still find (`inspections`, `authority`: dates, judgements, GSS
   codes and place names are well served by patterns and the register).
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.collector import collector_paused
from graph.extract.authority import resolve_authority
from graph.extract.candidates import Candidates, generate
from graph.extract.decide import choose, default_model, load_model, model_card
from graph.extract.features import candidate_row, sentence_facts
from graph.extract.inspections import find_inspections, find_meeting_date
from graph.extract.learn import ExtractorModel
from graph.extract.links import link
from graph.model import Document, Extraction

__all__ = ["ExtractorModel", "default_model", "extract", "extract_batch", "load_model",
           "model_card"]


def extract(document: Document, model: ExtractorModel | None = None,
            candidates: Candidates | None = None) -> Extraction:
    """Everything the extractor finds in one document (with the shipped model by default;
    `candidates`: the document's, when already generated, as cross-validation has them)."""
    return extract_batch([document], model, None if candidates is None else [candidates])[0]


@collector_paused()
def extract_batch(documents: Sequence[Document], model: ExtractorModel | None = None,
                  candidates: Sequence[Candidates] | None = None) -> list[Extraction]:
    """`extract` of each document, the classifiers reading the candidates of all of them
    at once (`ExtractorModel.scores`): the same extractions, at less cost per document."""
    model = model or default_model()
    found_all = candidates or [generate(document) for document in documents]
    pages = []
    for found in found_all:
        facts = sentence_facts(found)
        pages.append([candidate_row(found, candidate, facts) for candidate in found.items])
    extractions = []
    for document, found, scores in zip(documents, found_all, model.scores(pages), strict=True):
        chosen = choose(model, found, scores)
        authority = resolve_authority(document)
        meeting_date = find_meeting_date(document)
        inspections = find_inspections(document, list(found.relevant), meeting_date, authority)
        extractions.append(link(document, found, chosen, inspections, authority,
                                None if document.meeting_date else meeting_date))
    return extractions
