"""Cue patterns match whatever the case of the text and keep its offsets."""

from __future__ import annotations

from graph.extract.cues import Cue, any_of, lower, lower_pattern


def test_cue_matches_any_case_at_the_original_offsets() -> None:
    cue = any_of(["areas? for priority action", "APA['’]?s"])
    text = "Ofsted gave two Areas for Priority Action (APA’s)."
    found = [(m.start(), m.end()) for m in cue.finditer(text)]
    assert [text[a:b] for a, b in found] == ["Areas for Priority Action", "APA’s"]


def test_pattern_lowering_keeps_escapes_and_group_names() -> None:
    assert lower_pattern(r"\bOfsted\S+(?P<Tail>X)\W") == r"\bofsted\S+(?P<tail>x)\W"
    assert Cue(r"^(?P<who>Ofsted)\s+Found\b").match("OFSTED found that").group("who") == "ofsted"


def test_lowering_keeps_length_even_when_unicode_would_grow() -> None:
    text = "İnspection FOUND"
    assert len(lower(text)) == len(text)
    assert lower(text).endswith("found")


def test_split_returns_pieces_of_the_original_text() -> None:
    assert Cue(r"\s*,\s*").split("Alpha, Beta, Gamma", 1) == ["Alpha", "Beta, Gamma"]
