"""The extractor's fast paths past scikit-learn's input checks give its numbers exactly."""

from __future__ import annotations

from pathlib import Path

from graph.extract import extract, generate, load_model
from graph.extract.features import candidate_row, sentence_facts
from graph.extract.learn import FAST, as_matrix, identical, predict_proba, transform
from graph.ingest import input_files, read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_features_and_probabilities_are_scikit_learns_to_the_bit(examples_dir: Path) -> None:
    model = load_model(None)
    documents = [read_document(path, name)
                 for path, name in input_files([examples_dir, FIXTURES / "minutes"])[0]]
    checked = 0
    for document in documents:
        found = generate(document)
        facts = sentence_facts(found)
        rows = [candidate_row(found, candidate, facts) for candidate in found.items]
        if not rows:
            continue
        table = as_matrix(rows)
        features = model.features.transform(table)
        assert identical(transform(model.features, table), features)
        for classifier in model.classifiers.values():
            assert identical(predict_proba(classifier, features),
                             classifier.predict_proba(features))
        checked += 1
    assert checked > 10


def test_the_shipped_model_takes_the_fast_paths(examples_dir: Path) -> None:
    model = load_model(None)
    for path, name in input_files([examples_dir])[0]:
        extract(read_document(path, name), model)
    assert FAST.get(model.features) is True
    assert all(FAST.get(classifier) is True for classifier in model.classifiers.values())


def test_a_difference_keeps_scikit_learns_own_method() -> None:
    from graph.extract.learn import checked

    class Estimator:
        def predict_proba(self, matrix: object) -> object:
            import numpy as np
            return np.array([[0.25, 0.75]])

    estimator = Estimator()

    def wrong(_estimator: object, _matrix: object) -> object:
        import numpy as np
        return np.array([[0.5, 0.5]])

    assert checked(estimator, wrong, None).tolist() == [[0.25, 0.75]]
    assert FAST[estimator] is False
    assert checked(estimator, wrong, None).tolist() == [[0.25, 0.75]]
