"""The trained part of the extractor: classifiers learnt from gold-annotated minutes.

One scikit-learn `ColumnTransformer` turns each candidate into features (TF-IDF of its
words and character 4-grams, and one-hot flags, `features.candidate_row`), fitted once on
the candidates the finding classifier learns from (every candidate but the few left out,
`examples`) and shared, so a document is vectorised once; a logistic regression per
question reads them:

- one per quoted kind it decides (`finding`, `recommendation`, `response`, `resolution`;
  metrics are the metric rules', `candidates.LEARNT_KINDS`):
  is this candidate the quote of an item of that kind? A sentence can hold a finding and
  the council's response to it, so the kinds are not exclusive;
- `theme`: the theme of a finding, recommendation or response;
- `basis`: how a response is linked (`named`, `plan`, `theme`, `none`: the guide's rules).

Training is deterministic (sorted input, the Newton-CG solver, no sampling), so the same gold
gives the same model. A model is saved with skops, and loaded with an explicit list of
trusted scikit-learn types, so loading a file a user hands over never unpickles
arbitrary objects.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import InputError
from graph.extract.candidates import LEARNT_KINDS, Candidates, generate
from graph.extract.features import candidate_row, sentence_facts
from graph.files import atomic_write_bytes
from graph.gold import GoldDocument, overlap

if TYPE_CHECKING:  # scikit-learn is imported where a model is made or loaded, not here
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression

Row = tuple[str, dict[str, float]]
"""A candidate as the classifiers see it: its text and its flags."""
Scores = dict[str, list[dict[str, float]]]
"""Per classifier name, the probabilities of each label for every candidate of a page."""
YES, NO = "yes", "no"
ATTRIBUTES = ("theme", "basis")
"""A finding's polarity is left to the polarity lexicons (`themes.polarity_of`): a
classifier for it was tried and was right less often on councils it never saw (0.77
against 0.86 of matched findings, cross-validated by council)."""
CHARACTER_FEATURES = 4000
"""The commonest character 4-grams kept (of about 9,000 seen at least three times): they
score as all of them do under cross-validation, and every vocabulary entry costs time
whenever the model is loaded."""
WORD_FEATURES = 3000
"""The commonest words and word pairs kept (of about 11,000 seen at least twice), for the
same reasons: 1,500 to 6,000 score as all of them do under cross-validation (items F1
0.551 to 0.555 averaged over reshuffled council groupings, against 0.551)."""
WORD_WEIGHT = 1.4
"""The words' TF-IDF is scaled by this beside the character 4-grams and the flags, so the
regressions regularise the words less: council-grouped cross-validation, items F1 0.594
to 0.598 and trace F1 0.294 to 0.297 averaged over ten council groupings (1.3 to 1.5
score alike; 1.2 and 2 as 1, and the characters or the flags weighted up or down score
lower)."""
C_ITEMS, C_ATTRIBUTES = 1.0, 8.0
"""Inverse regularisation strengths, chosen by council-grouped cross-validation."""
TRUSTED_TYPES = [
    "builtins.dict", "builtins.list", "builtins.str", "builtins.tuple",
    "numpy.dtype", "numpy.float32", "numpy.float64", "numpy.int64", "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
]
"""The only types a model file may hold; anything else is refused when loading."""


def vectoriser() -> ColumnTransformer:
    """TF-IDF of the words (unigrams and bigrams) and of the characters (4-grams) beside
    the flags, the words weighted up (`WORD_WEIGHT`). The character 4-grams see a stem in
    its inflections ("recruit" in "recruited" and "recruitment"), a word beside the next,
    and survive the typing slips of minutes: with them, council-grouped cross-validation
    gained about 0.015 items F1, where stemming the words gained nothing."""
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    return ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=WORD_FEATURES,
                                  sublinear_tf=True, dtype=np.float32), 0),
        ("characters", TfidfVectorizer(analyzer="char", ngram_range=(4, 4), min_df=3,
                                       max_features=CHARACTER_FEATURES, sublinear_tf=True,
                                       dtype=np.float32), 0),
        ("flags", DictVectorizer(dtype=np.float32), 1),
    ], transformer_weights={"words": WORD_WEIGHT})


def as_matrix(rows: Sequence[Row]) -> np.ndarray:
    """Rows as the two-column object array the column transformer selects from."""
    import numpy as np

    table = np.empty((len(rows), 2), dtype=object)
    for index, (text, flags) in enumerate(rows):
        table[index, 0], table[index, 1] = text, flags
    return table


@dataclass
class Examples:
    """Rows and labels for one classifier."""

    rows: list[Row] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(self, row: Row, label: str) -> None:
        self.rows.append(row)
        self.labels.append(label)


def best_quotes(found: Candidates, gold: GoldDocument, kind: str
                ) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """({index of the candidate that quotes a gold item of `kind` best: that item}, the
    indices of every candidate that matches one under the guide's rule)."""
    best: dict[int, dict[str, Any]] = {}
    matching: set[int] = set()
    for item in gold.items(kind):
        scored = [(overlap(candidate.span.text, item["quote"]), n)
                  for n, candidate in enumerate(found.items)]
        matching.update(n for score, n in scored if score > 0)
        score, index = max(scored, default=(0.0, -1))
        if score > 0:
            best.setdefault(index, item)
    return best, matching


def examples(golds: Sequence[GoldDocument],
             candidates: Sequence[Candidates] | None = None) -> dict[str, Examples]:
    """The training examples of every classifier. Each gold item gives one positive
    example, the candidate that quotes it best (and its attributes); a candidate matching
    no item of a kind is a negative of that kind; the other candidates that match an item
    (the sentence around a quoted clause, say) are left out of that kind's examples: as
    positives they taught the model that any span around an item will do, and they are no
    negatives. Council-grouped cross-validation: items F1 0.578 to 0.584 (0.540 to 0.550
    averaged over reshuffled groupings), with the thresholds of `decide.THRESHOLDS`."""
    found_all = candidates or [generate(gold.document) for gold in golds]
    data = {name: Examples() for name in (*LEARNT_KINDS, *ATTRIBUTES)}
    for gold, found in zip(golds, found_all, strict=True):
        facts = sentence_facts(found)
        quotes = {kind: best_quotes(found, gold, kind) for kind in LEARNT_KINDS}
        for index, candidate in enumerate(found.items):
            row = candidate_row(found, candidate, facts)
            for kind in LEARNT_KINDS:
                best, matching = quotes[kind]
                item = best.get(index)
                if item is None:
                    if index not in matching:
                        data[kind].add(row, NO)
                    continue
                data[kind].add(row, YES)
                if kind in ("finding", "recommendation", "response") and item.get("theme"):
                    data["theme"].add(row, item["theme"])
                if kind == "response" and item.get("basis"):
                    data["basis"].add(row, item["basis"])
    return data


@dataclass
class ExtractorModel:
    """The shared features, the trained classifiers (by name) and the model's card."""

    features: ColumnTransformer
    classifiers: dict[str, LogisticRegression]
    card: dict[str, Any] = field(default_factory=dict)

    def vectorise(self, rows: Sequence[Row]) -> Any:
        """The feature matrix of `rows` (a sparse matrix), computed once per document."""
        return self.features.transform(as_matrix(rows))

    def probabilities(self, name: str, features: Any) -> list[dict[str, float]]:
        """Per row of `features`, the probability of each label of classifier `name`
        ({} per row when the model has no such classifier)."""
        classifier = self.classifiers.get(name)
        if classifier is None or features.shape[0] == 0:
            return [{} for _ in range(features.shape[0])]
        labels = [str(label) for label in classifier.classes_]
        # `tolist` gives Python floats in one call, not one `float()` per figure
        return [dict(zip(labels, row, strict=True))
                for row in classifier.predict_proba(features).tolist()]

    def scores(self, pages: Sequence[Sequence[Row]]) -> list[Scores]:
        """Per page of rows, every classifier's probabilities for each row (by classifier
        name, `{}` per row for one the model lacks). The pages are vectorised and
        classified together: scikit-learn's fixed cost per call (checking its input,
        the column transformer's dispatch) is then paid once for a batch of documents,
        not once per document; each row's figures are the same either way."""
        every_row = [row for page in pages for row in page]
        features = self.vectorise(every_row) if every_row else None
        names = (*LEARNT_KINDS, *ATTRIBUTES)
        figures = {name: self.probabilities(name, features) if features is not None else []
                   for name in names}
        out, start = [], 0
        for page in pages:
            end = start + len(page)
            out.append({name: figures[name][start:end] for name in names})
            start = end
        return out

    def save(self, path: Path) -> None:
        """Write the model as one skops file, its card inside, atomically."""
        import skops.io
        for _name, transformer, _column in self.features.transformers_:
            # The id() of the stop-word list, kept only to warn if it changes: it would
            # make the same model different bytes in every process.
            vars(transformer).pop("_stop_words_id", None)
            vocabulary = getattr(transformer, "vocabulary_", None)
            if isinstance(vocabulary, dict):
                # A vocabulary cut to its commonest terms maps them to numpy integers,
                # which skops writes one file each (thousands); plain ints are the same
                # columns in a fraction of the file and of the time to load it.
                transformer.vocabulary_ = {term: int(column)
                                           for term, column in vocabulary.items()}
        payload = {"card": json.dumps(self.card, sort_keys=True), "features": self.features,
                   "classifiers": self.classifiers}
        atomic_write_bytes(path, reproducible(skops.io.dumps(payload)))

    @classmethod
    def load(cls, path: Path) -> ExtractorModel:
        """Read a model file; anything but the trusted scikit-learn types is refused.

        skops and scikit-learn are imported here, not with the module: together they take
        about a second to import, which commands that load no model (`query`, `trace`,
        `--help`) need not wait for."""
        import skops.io
        from sklearn.compose import ColumnTransformer
        try:
            payload = skops.io.loads(path.read_bytes(), trusted=TRUSTED_TYPES)
        except FileNotFoundError:
            raise InputError(f"{path}: no such model file") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a folder, not a model file") from None
        except Exception as error:  # skops raises several types for bad or untrusted files
            raise InputError(f"{path}: not an ofsted-kg model ({type(error).__name__}: "
                             f"{str(error).splitlines()[0] if str(error) else ''})") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("card"), str) \
                or not isinstance(payload.get("features"), ColumnTransformer):
            raise InputError(f"{path}: not an ofsted-kg model (no card or features)")
        return cls(payload["features"], payload["classifiers"], json.loads(payload["card"]))


def read_card(path: Path) -> dict[str, Any]:
    """The card of the model file at `path`, read from the archive's schema without loading
    the model: a build that extracts in worker processes, or takes every document from its
    cache, need not import scikit-learn and skops in its own process (about a second) to
    name its model. A file whose schema is not laid out as `save` writes it is loaded in
    full, which refuses it if it is no model."""
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
        card = json.loads(json.loads(schema["content"]["card"]["content"]))
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError):
        card = None
    return card if isinstance(card, dict) else ExtractorModel.load(path).card


def reproducible(archive: bytes) -> bytes:
    """The skops archive with its arrays and object ids numbered in order (`0.npy`, ...)
    and every member dated 1980-01-01, so the same model is the same bytes: skops names
    them after memory addresses and stamps members with the time of writing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        arrays = [name for name in source.namelist() if name != "schema.json"]
        names = {name: f"{n}{Path(name).suffix}" for n, name in enumerate(arrays)}
        schema = source.read("schema.json").decode("utf-8")
        schema = re.sub(r'"file": "([^"]+)"', lambda m: f'"file": "{names[m[1]]}"', schema)
        ids: dict[str, int] = {}
        schema = re.sub(r'"__id__": (\d+)',
                        lambda m: f'"__id__": {ids.setdefault(m[1], len(ids))}', schema)
        target.writestr(zipfile.ZipInfo("schema.json"), schema.encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)
        for name in arrays:
            target.writestr(zipfile.ZipInfo(names[name]), source.read(name),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def train(golds: Sequence[GoldDocument], card: dict[str, Any] | None = None,
          candidates: Sequence[Candidates] | None = None) -> ExtractorModel:
    """Train every classifier on `golds` (candidates may be given, already generated).

    A classifier whose examples hold a single label (a gold folder with no metrics, say)
    is left out, and the model never proposes that kind.
    """
    from sklearn.linear_model import LogisticRegression

    data = examples(golds, candidates)
    features = vectoriser().fit(as_matrix(data[LEARNT_KINDS[0]].rows))
    classifiers = {}
    for name, examples_of in data.items():
        if len(set(examples_of.labels)) < 2:
            continue
        classifier = LogisticRegression(C=C_ITEMS if name in LEARNT_KINDS else C_ATTRIBUTES,
                                        solver="newton-cg", max_iter=3000)
        classifiers[name] = classifier.fit(features.transform(as_matrix(examples_of.rows)),
                                           examples_of.labels)
    return ExtractorModel(features, classifiers, card or {})
