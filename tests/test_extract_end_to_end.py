"""The whole extractor on example minutes written for these tests (tests/fixtures/minutes).

Each file is in the style of a different council's minutes: a multi-item ModernGov page,
bulleted lists under "the letter acknowledged the following:", a narrative JTAI item and a
short item with a judgement and a single recommendation.

The trained extractor is checked for what must always hold (exact anchors, valid links,
determinism, a conforming graph) and held to floors on the written gold sets; the exact
items are checked for the cue-phrase rules (`extract_by_rules`), whose spans and kinds
are the trained model's candidates and flags. Written minutes test behaviour; the measure
is cross-validation on real minutes (tests/test_evaluate.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from graph.extract import extract, extract_batch
from graph.extract.rules import extract_by_rules
from graph.ingest import input_files, read_document
from graph.model import Extraction
from graph.pipeline import build_graph, write_turtle
from graph.rdf import to_graph
from graph.validate import validate

MINUTES = Path(__file__).resolve().parent / "fixtures" / "minutes"
THEMES_AND_OTHER = {
    "workforce", "caseloads", "management-oversight", "front-door", "assessment-and-planning",
    "child-protection", "children-in-care", "care-leavers", "early-help", "disabled-children",
    "domestic-abuse", "voice-of-the-child", "partnership", "leadership-and-governance",
    "systems-and-recording", "exploitation", "legal", "covid", "other",
}


def extraction(name: str) -> Extraction:
    """What the cue-phrase rules read in one written minutes file."""
    return extract_by_rules(read_document(MINUTES / name))


def quotes(items: tuple) -> list[str]:
    return [item.quote.text for item in items]


@pytest.mark.parametrize("path", sorted(MINUTES.glob("*.txt")), ids=lambda p: p.name)
def test_every_item_is_anchored_and_linked_validly(path: Path) -> None:
    result = extract(read_document(path))
    body = result.document.body
    spans = [i.quote for i in (*result.findings, *result.recommendations, *result.responses)]
    for span in spans:
        assert span.text and span.end > span.start
        assert body[span.start:span.end] == span.text
    for item in (*result.findings, *result.recommendations):
        assert 0 <= item.inspection < len(result.inspections)
    for recommendation in result.recommendations:
        assert all(0 <= n < len(result.findings) for n in recommendation.addresses)
    targets = {f"F{n}" for n in range(len(result.findings))}
    targets |= {f"R{n}" for n in range(len(result.recommendations))}
    for response in result.responses:
        assert set(response.responds_to) <= targets
        assert bool(response.responds_to) == (response.basis != "none")
        assert response.basis in ("named", "plan", "theme", "none")
        assert response.theme in THEMES_AND_OTHER
    for finding in result.findings:
        assert finding.polarity in ("strength", "weakness")
        assert finding.theme in THEMES_AND_OTHER


def test_multi_item_page_reads_only_the_inspection_item() -> None:
    result = extraction("wirral-multi-item-2023.txt")
    assert quotes(result.findings) == [
        "Services had been judged as requires improvement to be good overall",
        "Inspectors found that senior leaders had a good understanding of the quality of practice",
        "the timeliness of initial health assessments for children entering care",
        "the quality of supervision for frontline social workers",
        "the consistency of return home interviews for children who go missing",
    ]
    assert [f.polarity for f in result.findings] == ["weakness", "strength", "weakness",
                                                     "weakness", "weakness"]
    assert quotes(result.recommendations) == [
        "Ofsted recommended that the local authority strengthen management oversight of "
        "children on child protection plans",
    ]
    by_quote = {r.quote.text: r for r in result.responses}
    assert by_quote["A missing children coordinator had been appointed in February"].responds_to \
        == ("F4",)
    assert by_quote["a joint action plan with the integrated care board had been agreed"]
    everything = " ".join(quotes((*result.findings, *result.responses)))
    assert "school" not in everything.lower() and "foster carer" not in everything


def test_bulleted_lists_take_the_kind_of_their_introduction() -> None:
    result = extraction("lancashire-monitoring-bullets.txt")
    assert quotes(result.findings) == [
        "Children in care were visited regularly by social workers who knew them well",
        "Placement stability had improved for older children",
        "Life story work was not routinely completed",
    ]
    assert [f.polarity for f in result.findings] == ["strength", "strength", "weakness"]
    assert quotes(result.responses) == [
        "A life story work toolkit had been launched for all social workers",
        "The fostering recruitment campaign had been relaunched in partnership with "
        "neighbouring authorities",
    ]
    assert result.responses[0].responds_to == ("F2",)


def test_narrative_item_splits_strength_from_weakness_and_links_actions() -> None:
    result = extraction("kent-jtai-narrative.txt")
    assert quotes(result.findings) == [
        "The inspectorates had praised the strong partnership working between the police and "
        "children's social care",
        "the quality of information sharing with health partners was judged to be inconsistent",
        "Ofsted had also identified that the voice of the child was not always captured in "
        "strategy discussions",
    ]
    assert [f.polarity for f in result.findings] == ["strength", "weakness", "weakness"]
    by_quote = {r.quote.text: r.responds_to for r in result.responses}
    assert by_quote["a multi-agency exploitation hub had been established to improve "
                    "information sharing with health partners"] == ("F1",)
    assert by_quote["practitioners had received training on direct work with children, to "
                    "address the concerns raised about the voice of the child"] == ("F2",)
    assert "Councillor" not in " ".join(quotes(result.findings))


def test_single_recommendation_and_the_action_that_meets_it() -> None:
    result = extraction("essex-good-judgement.txt")
    assert result.inspections[0].judgement == "outstanding"
    assert quotes(result.findings)[1:] == [
        "The inspectors highlighted the effective early help offer",
        "the high quality of support for care leavers",
    ]
    assert quotes(result.recommendations) == [
        "the only recommendation was that the quality of pathway plans should be more consistent",
    ]
    assert [r.responds_to for r in result.responses] == [("R0",)]


def test_built_graph_of_the_examples_conforms_to_the_shapes() -> None:
    graph, report = build_graph([MINUTES])
    assert report.documents == len(list(MINUTES.glob("*.txt")))
    assert validate(graph).conforms


def test_extraction_is_deterministic() -> None:
    paths = sorted(MINUTES.glob("*.txt"))
    first = [extract(read_document(path)) for path in paths]
    assert first == [extract(read_document(path)) for path in paths]
    assert first != [extract_by_rules(read_document(path)) for path in paths]


def test_a_batch_is_extracted_as_its_documents_are_one_by_one() -> None:
    paths = sorted(MINUTES.glob("*.txt")) + sorted((MINUTES.parent / "heldout").glob("*.txt"))[:6]
    documents = [read_document(path) for path in paths]
    batch = extract_batch(documents)
    assert [result.document.identifier for result in batch] == \
        [document.identifier for document in documents]
    assert sum(len(result.findings) + len(result.responses) for result in batch) > 10
    assert batch == [extract(document) for document in documents]
    assert extract_batch([]) == []


def shared_scores(gold: Path, scorer_path: Path, tmp_path: Path, rules: bool = False) -> dict:
    """Extract `gold`'s minutes (by the model, or the rules) and score them with the shared
    scorer itself."""
    spec = importlib.util.spec_from_file_location("shared_score", scorer_path)
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    extractor = extract_by_rules if rules else extract
    graph = to_graph([extractor(read_document(path, identifier))
                      for path, identifier in input_files([gold])[0]])
    graph_file, figures_file = tmp_path / "graph.ttl", tmp_path / "figures.json"
    write_turtle(graph, graph_file)
    with contextlib.redirect_stdout(io.StringIO()):
        scorer.main(["--gold", str(gold), "--graph", str(graph_file),
                     "--json", str(figures_file)])
    return json.loads(figures_file.read_text(encoding="utf-8"))


FLOORS = {
    ("heldout", "rules"): (0.90, 0.62),
    ("blind", "rules"): (0.90, 0.70),
    ("blind2", "rules"): (0.80, 0.52),
    ("blind3", "rules"): (0.74, 0.36),
    ("heldout", "model"): (0.75, 0.09),
    ("blind", "model"): (0.78, 0.06),
    ("blind2", "model"): (0.68, 0.12),
    ("blind3", "model"): (0.70, 0.15),
}
"""(items_f1, trace_f1) each written gold set stays at or above, for the rules and for the
shipped model: a little under what each scored, so a change that helps one set but
breaks another is caught. The sets' gold is of annotation guide version 1 (links named
per response, no basis), which the model, following version 2, is not trained to give:
its trace figures here are low by construction."""


@pytest.mark.parametrize(("gold_set", "extractor"), sorted(FLOORS))
def test_written_sets_keep_their_scores(gold_set: str, extractor: str, dev_set: Path,
                                       tmp_path: Path) -> None:
    """Regression guard on the project's own gold sets (tests/fixtures/<gold_set>)."""
    gold = Path(__file__).resolve().parent / "fixtures" / gold_set
    figures = shared_scores(gold, dev_set.parent / "score.py", tmp_path,
                            rules=extractor == "rules")
    items_floor, trace_floor = FLOORS[(gold_set, extractor)]
    assert figures["overall"]["items_f1"] >= items_floor
    assert figures["overall"]["trace_f1"] >= trace_floor
    assert figures["classes"]["inspections"]["f1"] >= 0.85
    assert figures["accuracy"]["authority"] == 1.0
