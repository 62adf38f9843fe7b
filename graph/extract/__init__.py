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

from graph.collector import collector_paused
from graph.extract.authority import resolve_authority
from graph.extract.candidates import Candidates, generate
from graph.extract.decide import choose, default_model, load_model
from graph.extract.features import candidate_row, sentence_facts
from graph.extract.inspections import find_inspections, find_meeting_date
from graph.extract.learn import ExtractorModel
from graph.extract.links import link
from graph.model import Document, Extraction

__all__ = ["ExtractorModel", "default_model", "extract", "load_model"]


@collector_paused()
def extract(document: Document, model: ExtractorModel | None = None,
            candidates: Candidates | None = None) -> Extraction:
    """Everything the extractor finds in one document (with the shipped model by default;
    `candidates`: the document's, when already generated, as cross-validation has them)."""
    model = model or default_model()
    found = candidates or generate(document)
    facts = sentence_facts(found)
    rows = [candidate_row(found, candidate, facts) for candidate in found.items]
    chosen = choose(model, found, rows)
    authority = resolve_authority(document)
    meeting_date = find_meeting_date(document)
    inspections = find_inspections(document, list(found.relevant), meeting_date, authority)
    return link(document, found, chosen, inspections, authority,
                None if document.meeting_date else meeting_date)
