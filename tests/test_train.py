"""Issue 10: a council trains its own extractor. `draft` writes gold to correct,
`evaluate --check` checks it, `train` learns from it, `build --model` uses it; a model
file is untrusted input, loaded only with the trusted scikit-learn types.

The minutes below are written for these tests, in the style of one imaginary council's
committee (a "Findings:" paragraph, an "Our response:" paragraph, a resolution).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import skops.io
from rdflib import RDF, Graph, URIRef
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import InputError, UsageError
from graph.evaluate import cross_validated, fold_plan
from graph.extract import extract
from graph.extract.candidates import generate
from graph.extract.learn import ExtractorModel, read_card, train
from graph.extract.metrics import find_metrics
from graph.gold import check_gold, read_gold, to_gold
from graph.ingest import read_document
from graph.training import describe_model, train_model
from graph.vocab import OA, OKG, PROV

runner = CliRunner()

COUNCILS = [("Stockport", "E08000007"), ("Trafford", "E08000009"), ("Halton", "E06000006"),
            ("Wigan", "E08000010"), ("Bury", "E08000002"), ("Oldham", "E08000004")]
TOPICS = [
    ("the timeliness of assessments for children in need had declined",
     "a new assessment tracker had been introduced for every team"),
    ("supervision of social workers was not always regular",
     "monthly supervision audits had been set up by the principal social worker"),
    ("the turnover of agency social workers remained high",
     "a recruitment campaign for permanent social workers had been launched"),
    ("the voice of the child was not recorded in plans",
     "training on direct work with children had been delivered to all teams"),
    ("return home interviews for missing children were late",
     "a dedicated missing children coordinator had been appointed"),
    ("care leavers did not always have up to date pathway plans",
     "a pathway plan review panel had been established"),
]


def minutes(council: str, finding: str, response: str) -> str:
    return (f"---\nauthority: {council}\nmeeting_date: 2023-03-14\n---\n"
            "OFSTED FOCUSED VISIT\n\n"
            f"The Director reported on the Ofsted focused visit to {council} in January 2023.\n\n"
            f"Findings: inspectors found that {finding}.\n\n"
            f"Our response: {response}.\n\n"
            "Members asked when the next visit would take place.\n\n"
            "RESOLVED: That the report be noted.\n")


def gold(name: str, council: str, gss: str, finding: str, response: str, theme: str) -> dict:
    """What a person correcting the draft writes: the guide's items for these minutes."""
    return {
        "document": name,
        "authority": {"name": council, "gss": gss},
        "inspections": [{"type": "focused-visit", "start": "2023-01", "end": None,
                         "judgement": None}],
        "findings": [{"quote": f"inspectors found that {finding}", "polarity": "weakness",
                      "theme": theme, "inspection": 0}],
        "recommendations": [],
        "responses": [{"quote": response, "theme": theme, "basis": "named",
                       "responds_to": ["F0"]}],
        "metrics": [],
        "resolutions": [{"quote": "That the report be noted"}],
    }


THEMES = ["assessment-and-planning", "management-oversight", "workforce",
          "voice-of-the-child", "exploitation", "care-leavers"]


@pytest.fixture
def council_minutes(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    for n, ((council, _), (finding, response)) in enumerate(zip(COUNCILS, TOPICS, strict=True)):
        (folder / f"{n:02d}-{council.lower()}.txt").write_text(
            minutes(council, finding, response), encoding="utf-8")
    return folder


@pytest.fixture
def gold_dir(council_minutes: Path, tmp_path: Path) -> Path:
    """The minutes drafted by `ofsted-kg draft`, then corrected as a person would."""
    folder = tmp_path / "gold"
    runner.invoke(app, ["draft", str(council_minutes), "--out", str(folder)])
    corrected(folder)
    return folder


def corrected(folder: Path) -> None:
    """Overwrite each drafted gold file with what the person meant (as one would by hand)."""
    for n, ((council, gss), (finding, response)) in enumerate(zip(COUNCILS, TOPICS,
                                                                   strict=True)):
        name = f"{n:02d}-{council.lower()}.txt"
        (folder / f"{name[:-4]}.json").write_text(
            json.dumps(gold(name, council, gss, finding, response, THEMES[n])), encoding="utf-8")


def test_train_draft_correct_train_build_end_to_end(council_minutes: Path,
                                                    tmp_path: Path) -> None:
    gold_dir, model, out = tmp_path / "gold", tmp_path / "council.skops", tmp_path / "g.ttl"
    drafted = runner.invoke(app, ["draft", str(council_minutes), "--out", str(gold_dir)])
    assert drafted.exit_code == 0, drafted.output
    assert sorted(p.name for p in gold_dir.glob("*.json")) == [
        f"{n:02d}-{c.lower()}.json" for n, (c, _) in enumerate(COUNCILS)]
    assert check_gold(gold_dir) == []  # a draft is valid gold, ready to correct
    corrected(gold_dir)
    checked = runner.invoke(app, ["evaluate", "--check", "--gold", str(gold_dir)])
    assert checked.exit_code == 0, checked.output
    trained = runner.invoke(app, ["train", "--gold", str(gold_dir), "--out", str(model)])
    assert trained.exit_code == 0, trained.output
    assert f"Wrote {model}: trained on 6 document(s) from 6 council(s)." in trained.output

    new = tmp_path / "new"
    new.mkdir()
    (new / "wakefield.txt").write_text(minutes(
        "Wakefield", "supervision of social workers was not always regular",
        "a new assessment tracker had been introduced for every team"), encoding="utf-8")
    built = runner.invoke(app, ["build", str(new), "--out", str(out), "--model", str(model)])
    assert built.exit_code == 0, built.output
    graph = Graph().parse(out)
    assert quotes_of(graph, OKG.Finding) == {
        "inspectors found that supervision of social workers was not always regular"}
    assert quotes_of(graph, OKG.Response) == {
        "a new assessment tracker had been introduced for every team"}
    assert quotes_of(graph, OKG.Resolution) == {"That the report be noted"}


def quotes_of(graph: Graph, cls: URIRef) -> set[str]:
    return {str(exact) for item in graph.subjects(RDF.type, cls)
            for evidence in graph.objects(item, PROV.wasDerivedFrom)
            for selector in graph.objects(evidence, OA.hasSelector)
            for exact in graph.objects(selector, OA.exact)}


def test_train_same_gold_gives_the_same_model_bytes(gold_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.skops", tmp_path / "b.skops"
    for out in (first, second):
        result = runner.invoke(app, ["train", "--gold", str(gold_dir), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    card = ExtractorModel.load(first).card
    assert card["training"] == {"folder": "gold", "documents": 6, "councils": 6, "items": {
        "findings": 6, "recommendations": 0, "responses": 6, "metrics": 0, "resolutions": 6}}


def test_a_saved_model_extracts_as_the_trained_one(
        gold_dir: Path, council_minutes: Path, tmp_path: Path) -> None:
    """Saving writes each vocabulary's columns as plain integers (a cut vocabulary holds
    numpy ones, which skops would write a file each): the same columns, the same items."""
    trained = train(read_gold(gold_dir))
    documents = [read_document(path) for path in sorted(council_minutes.glob("*.txt"))]
    before = [extract(document, trained) for document in documents]
    trained.save(tmp_path / "m.skops")
    loaded = ExtractorModel.load(tmp_path / "m.skops")
    vocabularies = [transformer.vocabulary_ for _, transformer, _ in
                    loaded.features.transformers_ if hasattr(transformer, "vocabulary_")]
    assert len(vocabularies) == 3 and all(vocabularies)  # words, characters, flags
    assert all(type(column) is int for vocabulary in vocabularies
               for column in vocabulary.values())
    after = [extract(document, loaded) for document in documents]
    assert after == before
    assert sum(len(result.findings) + len(result.responses) for result in after) >= 6


def test_train_gives_the_same_bytes_in_processes_with_other_hash_seeds(
        gold_dir: Path, tmp_path: Path) -> None:
    """Set and dict orders change with PYTHONHASHSEED: none may reach the model file."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.skops"
        subprocess.run([sys.executable, "-m", "graph.cli", "train", "--gold", str(gold_dir),
                        "--out", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_train_cross_validation_needs_as_many_councils_as_folds(council_minutes: Path,
                                                                tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    runner.invoke(app, ["draft", str(council_minutes), "--out", str(gold_dir)])
    with pytest.raises(UsageError, match=r"--folds 7: the gold folder has only 6 council"):
        fold_plan(read_gold(gold_dir), 7)
    golds = read_gold(gold_dir)
    (extractions,) = cross_validated(golds, fold_plan(golds, 3))
    assert [e.document.identifier for e in extractions] == sorted(
        p.name for p in council_minutes.glob("*.txt"))


def test_draft_keeps_same_named_minutes_of_two_folders_apart(tmp_path: Path) -> None:
    for year, (council, _gss) in (("2023", COUNCILS[0]), ("2024", COUNCILS[1])):
        (tmp_path / "in" / year).mkdir(parents=True)
        (tmp_path / "in" / year / "minutes.txt").write_text(
            minutes(council, *TOPICS[0]), encoding="utf-8")
    result = runner.invoke(app, ["draft", str(tmp_path / "in"), "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "g").iterdir()) == [
        "2023-minutes.json", "2023-minutes.txt", "2024-minutes.json", "2024-minutes.txt"]
    assert [g.gold["authority"]["name"] for g in read_gold(tmp_path / "g")] == [
        "Stockport", "Trafford"]


def test_draft_writes_the_guides_format(council_minutes: Path) -> None:
    path = sorted(council_minutes.glob("*.txt"))[0]
    drafted = to_gold(extract(read_document(path)))
    assert set(drafted) == {"document", "authority", "inspections", "findings",
                            "recommendations", "responses", "metrics", "resolutions"}
    assert drafted["document"] == path.name
    assert drafted["authority"] == {"name": "Stockport", "gss": "E08000007"}
    assert drafted["inspections"][0]["type"] == "focused-visit"
    assert all(r["basis"] in ("named", "plan", "theme", "none") for r in drafted["responses"])
    assert all("responds_to" in r for r in drafted["responses"] if r["basis"] == "named")


BAD_GOLD = {
    "document": "00-stockport.txt",
    "authority": {"name": "Stockport", "gss": "E99999999"},
    "inspections": [{"type": "visit", "start": "Jan 2023", "end": None, "judgement": "fine"}],
    "findings": [{"quote": "words not in the minutes", "polarity": "weakness",
                  "theme": "workforce", "inspection": 3}],
    "recommendations": [{"quote": "That the report be noted", "theme": "staffing",
                         "inspection": 0, "addresses": [5]}],
    "responses": [{"quote": "That the report be noted", "theme": "workforce",
                   "basis": "because", "responds_to": ["X1", "R4"]}],
    "metrics": [{"quote": "That the report be noted", "value": "many", "unit": "count"}],
    "resolutions": [],
    "extra": 1,
}


def test_check_reports_every_problem_in_one_line(council_minutes: Path) -> None:
    (council_minutes / "00-stockport.json").write_text(json.dumps(BAD_GOLD), encoding="utf-8")
    (council_minutes / "01-trafford.json").write_text("{broken", encoding="utf-8")
    problems = check_gold(council_minutes)
    assert problems == [
        "00-stockport.json: unknown key 'extra'",
        "00-stockport.json: authority.gss 'E99999999' is not in the register",
        "00-stockport.json: inspections[0]: unknown type 'visit'",
        "00-stockport.json: inspections[0]: unknown judgement 'fine'",
        "00-stockport.json: inspections[0]: start 'Jan 2023' is not an ISO 8601 date",
        "00-stockport.json: findings[0]: quote is not an exact substring of the minutes: "
        "'words not in the minutes'",
        "00-stockport.json: findings[0]: bad inspection index 3 (1 inspection(s))",
        "00-stockport.json: recommendations[0]: unknown theme 'staffing'",
        "00-stockport.json: recommendations[0]: addresses a finding that is not there: 5",
        "00-stockport.json: responses[0]: unknown basis 'because'",
        "00-stockport.json: responses[0]: responds_to names an item that is not there: 'X1'",
        "00-stockport.json: responses[0]: responds_to names an item that is not there: 'R4'",
        "00-stockport.json: metrics[0]: value 'many' is not a number",
        "01-trafford.json: not valid JSON (Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1))",
    ]
    result = runner.invoke(app, ["evaluate", "--check", "--gold", str(council_minutes)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"14 problem(s) in {council_minutes}"


def test_model_file_that_is_not_a_model_is_refused_in_one_line(tmp_path: Path,
                                                               council_minutes: Path) -> None:
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"\x00\x01 not a zip")
    with pytest.raises(InputError, match=r"junk.skops: not an ofsted-kg model"):
        ExtractorModel.load(junk)
    result = runner.invoke(app, ["build", str(council_minutes), "--out",
                                 str(tmp_path / "g.ttl"), "--model", str(junk)])
    assert result.exit_code == 3
    assert result.output.startswith(f"Error: {junk}: not an ofsted-kg model")
    assert not (tmp_path / "g.ttl").exists()
    with pytest.raises(InputError, match=r"missing.skops: no such model file"):
        ExtractorModel.load(tmp_path / "missing.skops")


def test_model_file_holding_untrusted_types_is_never_loaded(tmp_path: Path,
                                                            council_minutes: Path) -> None:
    """A skops file can name any Python type; only the trusted scikit-learn ones load, in a
    build's workers as in one process (its card alone is read before the files)."""
    hostile = tmp_path / "hostile.skops"
    hostile.write_bytes(skops.io.dumps({"card": "{}", "features": os.system}))
    with pytest.raises(InputError, match=r"hostile.skops: not an ofsted-kg model \(Untrusted"):
        ExtractorModel.load(hostile)
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["build", str(council_minutes), "--out",
                                     str(tmp_path / "g.ttl"), "--model", str(hostile),
                                     "--jobs", jobs, "--no-cache"])
        assert result.exit_code == 3
        assert result.output.startswith(f"Error: {hostile}: not an ofsted-kg model (Untrusted")
        assert not (tmp_path / "g.ttl").exists()


def test_a_model_card_is_read_without_loading_the_model(tmp_path: Path) -> None:
    from graph.extract.decide import DEFAULT_MODEL, default_model

    assert read_card(DEFAULT_MODEL) == default_model().card
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"PK\x03\x04 a broken zip")
    with pytest.raises(InputError, match=r"junk.skops: not an ofsted-kg model"):
        read_card(junk)


def test_model_trained_without_a_kind_never_proposes_it(
        gold_dir: Path, council_minutes: Path) -> None:
    model = train(read_gold(gold_dir))
    assert "recommendation" not in model.classifiers
    result = extract(read_document(sorted(council_minutes.glob("*.txt"))[0]), model)
    assert result.recommendations == ()


def test_metrics_are_the_metric_rules_whatever_the_model(gold_dir: Path, tmp_path: Path) -> None:
    """Metrics are quoted by the metric rules, not learnt: a model trained on gold with
    no metrics still gives them, and no model holds a metric classifier."""
    model = train(read_gold(gold_dir))
    assert "metric" not in model.classifiers
    page = tmp_path / "stockport-2023.txt"
    page.write_text(minutes("Stockport", "the vacancy rate for social workers was 14%",
                            "a recruitment campaign had been launched"), encoding="utf-8")
    document = read_document(page)
    rules = find_metrics(generate(document).relevant)
    assert [metric.value for metric in rules] == [14]
    assert extract(document, model).metrics == rules


def test_shipped_model_is_small_and_names_its_training_data() -> None:
    from graph.extract.decide import DEFAULT_MODEL, default_model

    assert DEFAULT_MODEL.stat().st_size < 2_000_000
    card = default_model().card
    assert card["training"]["folder"] == "dev"
    assert set(card["thresholds"]) == {"finding", "recommendation", "response", "resolution"}
    assert "metric" not in default_model().classifiers


def test_cross_validation_groupings_other_than_the_first_shuffle_the_councils(
        gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Grouping 0 is `GroupKFold`'s own split; grouping n shuffles the councils with seed
    n, so the same grouping always gives the same folds."""
    golds = read_gold(gold_dir)
    trained_on: list[frozenset[str]] = []

    def recording_train(training: list, **kwargs: object) -> ExtractorModel:
        trained_on.append(frozenset(gold.gold["authority"]["name"] for gold in training))
        return train(training, **kwargs)

    monkeypatch.setattr("graph.evaluate.train", recording_train)
    councils = frozenset(name for name, _ in COUNCILS)
    runs = []
    for groupings in (4, 2):
        trained_on.clear()
        every = cross_validated(golds, fold_plan(golds, 3, groupings))
        assert [[e.document.identifier for e in extractions] for extractions in every] == [
            [g.document.identifier for g in golds]] * groupings
        left_out = [councils - trained for trained in trained_on]
        by_grouping = [left_out[start:start + 3] for start in range(0, len(left_out), 3)]
        for folds in by_grouping:  # each council scored once, by a model without it
            assert sorted(council for fold in folds for council in fold) == sorted(councils)
        runs.append([set(folds) for folds in by_grouping])
    assert runs[1] == runs[0][:2]
    assert any(folds != runs[0][0] for folds in runs[0][1:])


def test_cross_validation_in_worker_processes_gives_the_same_extractions(gold_dir: Path) -> None:
    golds = read_gold(gold_dir)
    done: list[int] = []
    plan = fold_plan(golds, 3, 2, (1.0, 0.5))
    in_workers = cross_validated(golds, plan, on_fold=done.append, jobs=2)
    assert done == list(range(1, 13))
    assert in_workers == cross_validated(golds, plan)
    assert sum(len(e.findings) for e in in_workers[0]) >= 3


def test_evaluate_repeats_cross_validation_over_groupings(
        gold_dir: Path, tmp_path: Path, scorer: Path) -> None:
    figures = tmp_path / "figures.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold_dir), "--scorer", str(scorer),
                                 "--folds", "3", "--groupings", "3", "--no-errors",
                                 "--json", str(figures)])
    assert result.exit_code == 0, result.output
    table = result.output.split("over 3 groupings of the councils into folds", 1)[1]
    assert table.splitlines()[0].split() == ["first", "mean", "min", "max"]
    rows = {line[:48].strip(): [float(value) for value in line[48:].split()]
            for line in table.splitlines()[1:] if line.strip()}
    assert {"items_f1", "trace_f1", "findings F1", "responses F1",
            "authority accuracy"} <= set(rows)
    written = json.loads(figures.read_text(encoding="utf-8"))
    each = written["groupings"]["figures"]
    assert len(each) == 3 and each[0]["overall"] == written["overall"]
    items = [figures["overall"]["items_f1"] for figures in each]
    assert written["groupings"]["summary"]["items_f1"] == {
        "first": items[0], "mean": round(sum(items) / 3, 3), "min": min(items),
        "max": max(items)}
    assert rows["items_f1"] == [items[0], round(sum(items) / 3, 3), min(items), max(items)]


def test_evaluate_groupings_need_folds(council_minutes: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(council_minutes),
                                 "--groupings", "3"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: --groupings needs --folds (it repeats the cross-validation)")


def test_learning_curve_trains_on_nested_shares_of_each_folds_councils(gold_dir: Path) -> None:
    """A smaller share's councils are among a larger one's, never the fold's own, and the
    whole share is the plain cross-validation."""
    golds = read_gold(gold_dir)
    plan = fold_plan(golds, 3, 2, (1.0, 0.25, 0.5, 0.75))
    trained: dict[tuple[int, tuple[int, ...]], dict[float, set[str]]] = {}
    for fold in plan:
        trained.setdefault((fold.grouping, fold.testing), {})[fold.share] = {
            golds[i].council for i in fold.training}
    assert len(trained) == 6
    for (_grouping, testing), councils in trained.items():
        assert [len(councils[share]) for share in (0.25, 0.5, 0.75, 1.0)] == [1, 2, 3, 4]
        assert councils[0.25] < councils[0.5] < councils[0.75] < councils[1.0]
        assert not councils[1.0] & {golds[i].council for i in testing}
    assert plan[:6] == fold_plan(golds, 3, 2)
    assert fold_plan(golds, 3, 2, (0.5,)) == plan[12:18]
    whole, half = cross_validated(golds, fold_plan(golds, 3, 1, (1.0, 0.5)))
    assert whole == cross_validated(golds, fold_plan(golds, 3))[0]
    assert [e.document.identifier for e in half] == [g.document.identifier for g in golds]


def test_evaluate_learning_curve_shows_the_figures_by_share_of_the_councils(
        gold_dir: Path, tmp_path: Path, scorer: Path) -> None:
    figures = tmp_path / "figures.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold_dir), "--scorer", str(scorer),
                                 "--folds", "3", "--learning-curve", "--no-errors",
                                 "--json", str(figures)])
    assert result.exit_code == 0, result.output
    curve = result.output.split("learning curve: ", 1)[1].splitlines()
    assert curve[1].split() == ["share", "councils", "documents", "items", "F1", "trace", "F1",
                                "findings", "recommendations", "responses"]
    rows = [line.split() for line in curve[2:6]]
    assert [row[:3] for row in rows] == [["0.25", "1.0", "1.0"], ["0.50", "2.0", "2.0"],
                                         ["0.75", "3.0", "3.0"], ["1.00", "4.0", "4.0"]]
    points = json.loads(figures.read_text(encoding="utf-8"))["learning_curve"]
    assert [point["share"] for point in points] == [0.25, 0.5, 0.75, 1.0]
    assert points[-1]["groupings"][0]["overall"] == json.loads(
        figures.read_text(encoding="utf-8"))["overall"]
    assert [float(row[3]) for row in rows] == [
        point["summary"]["items_f1"]["mean"] for point in points]
    assert curve[6].startswith("each doubling of the councils trained on: items F1 ")


def test_learning_curve_of_too_few_councils_to_share_out_has_no_slope(
        gold_dir: Path, tmp_path: Path, scorer: Path) -> None:
    """With two councils and two folds every share is the one other council: the table
    shows the shares, and no gain per doubling it has nothing to compute from."""
    two = tmp_path / "two"
    two.mkdir()
    for path in sorted(gold_dir.iterdir())[:4]:  # two councils' minutes and gold
        (two / path.name).write_bytes(path.read_bytes())
    result = runner.invoke(app, ["evaluate", "--gold", str(two), "--scorer", str(scorer),
                                 "--folds", "2", "--learning-curve", "--no-errors"])
    assert result.exit_code == 0, result.output
    curve = result.output.split("learning curve: ", 1)[1].splitlines()
    assert [line.split()[:2] for line in curve[2:]] == [
        ["0.25", "1.0"], ["0.50", "1.0"], ["0.75", "1.0"], ["1.00", "1.0"]]


def test_evaluate_learning_curve_needs_folds(council_minutes: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(council_minutes),
                                 "--learning-curve"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: --learning-curve needs --folds (it cross-validates smaller trainings)")


def test_train_writes_the_mean_over_groupings_into_the_card(
        gold_dir: Path, tmp_path: Path, scorer: Path) -> None:
    out = tmp_path / "m.skops"
    card = train_model(gold_dir, out, folds=3, scorer=scorer, groupings=2)
    assert read_card(out) == card
    groupings = card["cross_validation"]["groupings"]
    assert groupings["count"] == 2
    items = groupings["summary"]["items_f1"]
    assert items["first"] == card["cross_validation"]["overall"]["items_f1"]
    assert items["min"] <= items["mean"] <= items["max"]
    assert describe_model(card, out).endswith(
        f"; mean of 2 groupings of the councils: items_f1 {items['mean']:.3f}, "
        f"trace_f1 {groupings['summary']['trace_f1']['mean']:.3f})")


def test_train_cli_prints_the_mean_over_groupings(
        gold_dir: Path, tmp_path: Path, scorer: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "m.skops"
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)  # the scorer's default path
    result = runner.invoke(app, ["train", "--gold", str(gold_dir), "--out", str(out),
                                 "--folds", "3", "--groupings", "2"])
    assert result.exit_code == 0, result.output
    summary = read_card(out)["cross_validation"]["groupings"]["summary"]
    items, trace = summary["items_f1"], summary["trace_f1"]
    assert result.output.splitlines()[-1] == (
        f"Mean of 2 groupings of the councils: items_f1={items['mean']:.3f} "
        f"({items['min']:.3f}-{items['max']:.3f}) trace_f1={trace['mean']:.3f} "
        f"({trace['min']:.3f}-{trace['max']:.3f})")


def test_train_groupings_need_folds(council_minutes: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "--gold", str(council_minutes), "--out",
                                 str(tmp_path / "m.skops"), "--groupings", "2"])
    assert result.exit_code == 2
    assert "Error: --groupings needs --folds" in result.output
    assert not (tmp_path / "m.skops").exists()
