"""Candidates: the spans the trained model chooses among, at the sizes real minutes
quote items at."""

from __future__ import annotations

from pathlib import Path

from graph.extract.candidates import generate
from graph.extract.features import candidate_row, list_points, sentence_facts
from graph.model import Document


def candidates_of(body: str) -> dict[str, str]:
    """Each candidate's text -> its size."""
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=body))
    return {candidate.span.text: candidate.size for candidate in found.items}


def test_one_item_of_a_run_is_a_candidate_of_its_own() -> None:
    found = candidates_of("Inspectors said that children in care were well supported, care "
                          "leavers had a strong offer (including housing) - and staff were "
                          "proud to work in the service.")
    assert found["care leavers had a strong offer"] == "fragment"
    assert found["staff were proud to work in the service"] in ("fragment", "clause")


def test_a_judgement_inside_a_long_sentence_is_a_candidate() -> None:
    found = candidates_of(
        "The report noted that Ofsted re-inspected Children's Services in March 2017, the "
        "outcome was published in June 2017, Children's Services were judged as requires "
        "improvement to be good.")
    assert found["Children's Services were judged as requires improvement to be good"] \
        == "fragment"


def test_two_clauses_in_a_row_are_one_candidate_too() -> None:
    found = candidates_of("Each area of the inspection was highlighted; the multi agency "
                          "arrangements were good and the thresholds were well embedded.")
    assert found["the multi agency arrangements were good"] == "clause"
    assert found["the thresholds were well embedded"] == "clause"
    assert found["the multi agency arrangements were good and the thresholds were well "
                 "embedded"] == "clauses"


def test_short_pieces_and_uncut_sentences_add_no_fragments() -> None:
    found = candidates_of("Caseloads were high (in two teams).\nThe plan was agreed.")
    assert "in two teams" not in found
    assert "fragment" not in found.values()


def test_an_item_of_a_list_knows_what_its_introduction_asks_for() -> None:
    body = ("The inspectors identified further work that was required to improve "
            "consistency in the areas of: decision making for children in need; the "
            "response to children missing from home.")
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=body))
    facts = sentence_facts(found)
    rows = {candidate.span.text: candidate_row(found, candidate, facts)[1]
            for candidate in found.items}
    flags = rows["the response to children missing from home"]
    assert flags["intro=request"] == 1.0
    assert flags["intro=found"] == 1.0
    assert "intro=request" not in rows[body.rstrip(".")]


def test_the_points_of_a_pages_lists() -> None:
    """Bulleted lines (a line's second sentence is part of it) are the points of one
    list until a line opens without a bullet; semicolons divide a sentence into another."""
    body = ("Areas for development were:\n\n"
            "- Return home interviews. Inspectors saw delays.\n\n"
            "- Management oversight of plans.\n\n"
            "The service had begun work on both.\n\n"
            "- A new bullet starts a new list.\n\n"
            "Improvements included ceasing the use of bed and breakfast; reviewing quality "
            "assurance; and reducing offending.\n")
    found = generate(Document(identifier="t.txt", path=Path("t.txt"), body=body))
    points = [(point.list_number, point.span.text) for point in list_points(found)]
    assert points == [
        (0, "Return home interviews"), (0, "Management oversight of plans"),
        (1, "A new bullet starts a new list"),
        (2, "Improvements included ceasing the use of bed and breakfast"),
        (2, "reviewing quality assurance"), (2, "and reducing offending"),
    ]
    assert all(body[p.span.start:p.span.end] == p.span.text for p in list_points(found))
