"""Each shape against a graph that breaks it, one self-describing case per file.

A case in `tests/shapes/` adds a few triples to `tests/shapes/_base.ttl` (a small graph
that validates with no result) and states every result it expects as
`[] expect:severity "Violation" ; expect:focus <node> ; expect:message "words" .`:
the validation must give exactly those results, each message containing the words.
A case with no `expect:` statement expects no result at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from graph.validate import validate

CASES = Path(__file__).resolve().parent / "shapes"
BASE = CASES / "_base.ttl"
EXPECT = Namespace("https://w3id.org/ofsted-kg/test/expect#")


def case_files() -> list[Path]:
    return sorted(path for path in CASES.glob("*.ttl") if not path.name.startswith("_"))


def expectations(case: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus IRI, message words) for each expectation node, then removes them."""
    expected = []
    for node in set(case.subjects(EXPECT.severity, None)):
        expected.append((str(case.value(node, EXPECT.severity)),
                         str(case.value(node, EXPECT.focus)),
                         str(case.value(node, EXPECT.message))))
        case.remove((node, None, None))
    return sorted(expected)


@pytest.mark.parametrize("path", case_files(), ids=lambda path: path.stem)
def test_shape_case(path: Path) -> None:
    data = Graph().parse(BASE)
    case = Graph().parse(path)
    expected = expectations(case)
    data += case
    assert path.read_text(encoding="utf-8").startswith("# "), "say what the case is about"

    problems = validate(data).problems

    found = [(p.severity, p.focus, p.message) for p in problems]
    assert len(found) == len(expected), "\n".join(p.line() for p in problems)
    unmatched = Counter(found)
    for severity, focus, words in expected:
        match = next((key for key in unmatched
                      if unmatched[key] and key[:2] == (severity, focus) and words in key[2]),
                     None)
        assert match, f"expected {severity} on {focus} saying {words!r}; got {found}"
        unmatched[match] -= 1


def test_shape_cases_cover_every_named_shape() -> None:
    """Every named shape of shapes/*.ttl is broken by at least one case."""
    from graph.validate import shapes_graph

    shapes = shapes_graph()
    sh = Namespace("http://www.w3.org/ns/shacl#")
    targeted = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(sh.targetClass, None)}
    covered = " ".join(path.stem for path in case_files())
    topics = {
        "SourceDocumentShape": "document-", "AuthorityShape": "authority-without-code",
        "UnidentifiedAuthorityShape": "authority-unidentified-with-code",
        "InspectionShape": "inspection-", "FindingShape": "finding-",
        "RecommendationShape": "recommendation-", "ResponseShape": "response-",
        "MetricShape": "metric-", "ResolutionShape": "resolution-",
        "EvidenceShape": "evidence-", "TextQuoteSelectorShape": "quote-",
        "TextPositionSelectorShape": "position-", "FindingHasResponse": "finding-unanswered",
        "AuthorityNotIdentified": "authority-unidentified",
        "ResponseAnswersSomething": "response-without-target",
    }
    assert targeted == set(topics)
    assert all(topic in covered for topic in topics.values())
