"""The cyclic garbage collector is paused while a document is extracted or mapped, and
left as it was found."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph.collector import collector_paused
from graph.extract import extract
from graph.model import Document
from graph.rdf import to_graph

BODY = "Ofsted visited in October 2021. Inspectors found that caseloads were high."


def test_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_extract_and_map_leave_the_collector_on() -> None:
    document = Document(identifier="m.txt", path=Path("m.txt"), body=BODY)
    graph = to_graph([extract(document)])
    assert len(graph) > 0
    assert gc.isenabled()
