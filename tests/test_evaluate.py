"""`ofsted-kg evaluate`: build a gold folder, score it with the shared scorer, list errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from graph.cli import app
from graph.evaluate import evaluate, item_errors, load_scorer
from graph.extract import default_model

MINUTES = """Agenda item

OFSTED MONITORING VISIT

Minutes:

The Director reported that Ofsted had carried out a monitoring visit of Stockport on 8 and 9 \
February 2022. Inspectors found that the quality of care plans had improved. The vacancy rate \
for social workers was 14%.

RESOLVED: That the report be noted.
"""

GOLD = {
    "document": "minutes.txt",
    "authority": {"name": "Stockport", "gss": "E08000007"},
    "inspections": [{"type": "monitoring-visit", "start": "2022-02-08", "end": "2022-02-09",
                     "judgement": None}],
    "findings": [],
    "recommendations": [],
    "responses": [],
    "metrics": [
        {"quote": "The vacancy rate for social workers was 14%", "value": 14, "unit": "percent"},
        {"quote": "an average caseload of 19", "value": 19, "unit": "count"},
    ],
    "resolutions": [{"quote": "That the report be noted"}],
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "minutes.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return folder


def test_evaluate_scores_with_the_shared_scorer(gold_dir: Path, scorer: Path) -> None:
    result = evaluate(gold_dir, scorer)
    classes = result.figures["classes"]
    assert classes["inspections"]["tp"] == 1
    assert classes["metrics"]["tp"] == 1 and classes["metrics"]["fn"] == 1
    assert classes["resolutions"]["f1"] == 1.0
    assert result.figures["accuracy"]["authority"] == 1.0
    assert "items_f1=" in result.table


def test_evaluate_lists_missed_items_with_their_quotes(gold_dir: Path, scorer: Path) -> None:
    errors = evaluate(gold_dir, scorer).errors
    missed = [(e.cls, e.text) for e in errors if e.kind == "missed"]
    assert ("metrics", "an average caseload of 19") in missed
    assert all(e.document == "minutes.txt" for e in errors)


def test_evaluate_lists_false_positives_and_wrong_inspections(tmp_path: Path, gold_dir: Path,
                                                               scorer: Path) -> None:
    gold = dict(GOLD, inspections=[{"type": "focused-visit", "start": "2021-10", "end": None,
                                    "judgement": None}], resolutions=[])
    (gold_dir / "minutes.json").write_text(json.dumps(gold), encoding="utf-8")
    errors = {(e.cls, e.kind, e.text) for e in evaluate(gold_dir, scorer).errors}
    assert ("inspections", "missed", "focused-visit 2021-10") in errors
    assert ("inspections", "false positive", "monitoring-visit 2022-02-08..2022-02-09") in errors
    assert ("resolutions", "false positive", "That the report be noted") in errors


def test_cli_prints_figures_and_errors_and_writes_json(tmp_path: Path, gold_dir: Path,
                                                       scorer: Path) -> None:
    figures, graph = tmp_path / "figures.json", tmp_path / "graph.ttl"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), "--scorer",
                                      str(scorer), "--json", str(figures), "--out", str(graph)])
    assert result.exit_code == 0, result.output
    assert "metrics: missed (1)" in result.output
    assert "  [minutes.txt] an average caseload of 19" in result.output
    written = json.loads(figures.read_text(encoding="utf-8"))
    assert written["classes"]["metrics"]["fn"] == 1
    assert {"document": "minutes.txt", "cls": "metrics", "kind": "missed",
            "text": "an average caseload of 19"} in written["errors"]
    assert "okg:Inspection" in graph.read_text(encoding="utf-8")


def test_cli_missing_gold_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(missing)])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {missing}: no such folder"


def test_cli_folder_without_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path)])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {tmp_path}: no gold files (*.json) in this folder"


def test_cli_missing_scorer(gold_dir: Path, tmp_path: Path) -> None:
    scorer = tmp_path / "score.py"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), "--scorer",
                                      str(scorer)])
    assert result.exit_code == 3
    assert result.output.strip() == (
        f"Error: {scorer}: scorer not found (give its path with --scorer)")


def test_cli_broken_gold_json(gold_dir: Path, scorer: Path) -> None:
    (gold_dir / "minutes.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), "--scorer",
                                      str(scorer)])
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: {gold_dir / 'minutes.json'}: not a gold JSON file")
    assert "Traceback" not in result.output


def test_help_ends_with_an_example() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "ofsted-kg evaluate --gold" in result.output


def test_evaluate_cross_validated_dev_set_keeps_its_floor_and_beats_the_rules(
        dev_set: Path, scorer: Path) -> None:
    """Regression floor for issue 10, on the measure that predicts unseen councils."""
    trained = evaluate(dev_set, scorer, folds=5).figures
    rules = evaluate(dev_set, scorer, rules=True).figures
    assert trained["overall"]["items_f1"] >= 0.47
    assert trained["overall"]["items_f1"] > rules["overall"]["items_f1"] + 0.05
    assert trained["classes"]["responses"]["f1"] > rules["classes"]["responses"]["f1"]
    assert trained["accuracy"]["authority"] >= 0.98
    assert trained["accuracy"]["metric value"] >= 0.9
    assert trained["classes"]["inspections"]["f1"] >= 0.7


def test_evaluate_shipped_model_card_holds_its_cross_validated_figures(
        dev_set: Path, scorer: Path) -> None:
    card = default_model().card
    assert card["training"]["documents"] == len(list(dev_set.glob("*.json")))
    assert card["cross_validation"]["grouped_by"] == "council"
    assert card["cross_validation"]["overall"] == evaluate(dev_set, scorer, folds=5).figures[
        "overall"]


LINKED_GRAPH = """
@prefix okg: <https://w3id.org/ofsted-kg/def#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/ofsted-kg/id/> .

id:doc a okg:SourceDocument ; dcterms:identifier "minutes.txt" .
id:f1 a okg:Finding ; prov:wasDerivedFrom id:e1 .
id:f2 a okg:Finding ; prov:wasDerivedFrom id:e2 .
id:a1 a okg:Response ; okg:respondsTo id:f2 ; prov:wasDerivedFrom id:e3 .
id:e1 oa:hasSource id:doc ; oa:hasSelector [ oa:exact "staff turnover was high" ] .
id:e2 oa:hasSource id:doc ; oa:hasSelector [ oa:exact "care plans were weak" ] .
id:e3 oa:hasSource id:doc ; oa:hasSelector [ oa:exact "a recruitment campaign was launched" ] .
"""


def test_link_errors_pair_the_quotes_of_both_ends(gold_dir: Path, scorer: Path) -> None:
    gold = dict(GOLD, metrics=[], resolutions=[], inspections=[],
                findings=[{"quote": "staff turnover was high", "inspection": 0},
                          {"quote": "care plans were weak", "inspection": 0}],
                responses=[{"quote": "a recruitment campaign was launched",
                            "responds_to": ["F0"]}])
    (gold_dir / "minutes.json").write_text(json.dumps(gold), encoding="utf-8")
    graph = Graph().parse(data=LINKED_GRAPH, format="turtle")
    errors = {(e.kind, e.text) for e in item_errors(load_scorer(scorer), graph, gold_dir)
              if e.cls.startswith("links")}
    assert errors == {
        ("missed", "a recruitment campaign was launched -> staff turnover was high"),
        ("false positive", "a recruitment campaign was launched -> care plans were weak"),
    }


@pytest.mark.parametrize("option,name", [("--json", "minutes.json"), ("--json", "figures.json"),
                                         ("--out", "graph.json")])
def test_cli_refuses_to_write_figures_into_the_gold_folder(gold_dir: Path, option: str,
                                                           name: str) -> None:
    """A JSON file written into the gold folder would overwrite an annotation, or be read
    as one the next time: refused before anything runs, the folder left as it was."""
    before = {path.name: path.read_bytes() for path in gold_dir.iterdir()}
    target = gold_dir / name
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), option, str(target)])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"Error: {option} {target} is ")
    assert len(result.output.strip().splitlines()) == 1
    assert {path.name: path.read_bytes() for path in gold_dir.iterdir()} == before
