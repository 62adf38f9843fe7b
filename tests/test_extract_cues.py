"""Cue patterns match whatever the case of the text and keep its offsets."""

from __future__ import annotations

from graph.extract.cues import UNICODE_SENSITIVE, Cue, CueSet, any_of, lower, lower_pattern


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


def one_by_one(groups: list[list[str]], text: str) -> list[int]:
    """What `CueSet.matching` must answer: each group searched on its own with `re`."""
    return [index for index, entries in enumerate(groups) if any_of(entries).search(text)]


SET_GROUPS = [
    ["recogni[sz]ed", "found"],
    ["has\\s+been (?:launched|agreed)", "(?<!would )be established"],  # RE2 runs half
    ["priority actions?(?! plans?\\b)"],  # a lookahead: `re` alone
    ["ends here$"],  # `$` reads otherwise in RE2: `re` alone
    ["caf"],
]


def test_cue_set_answers_as_each_group_searched_alone() -> None:
    cues = CueSet(SET_GROUPS)
    texts = [
        "Inspectors RECOGNISED the progress.",
        "A panel has been launched; nothing would be established.",
        "A board will be established and the priority actions set.",
        "The priority action plan was agreed.",
        "It ends here",
        "It ends here\n",
        "Has\u00a0been agreed, and it found that",  # a no-break space is a space to `re`
        "The café found¹ nothing",  # non-ASCII letters and digits are word characters
        "Nothing at all.",
    ]
    for text in texts:
        assert cues.matching(text) == one_by_one(SET_GROUPS, text), text
    assert cues.matching("has\u00a0been launched") == [1]
    assert cues.matching("The café") == []
    assert cues.matching("A board will be established and the priority actions set.") == [1, 2]


def test_cue_set_sends_what_re2_reads_otherwise_to_re() -> None:
    assert not UNICODE_SENSITIVE.search("Children’s services – “good” at £5")
    for text in ("café", "no\u00a0break", "found¹", "vertical\x0btab"):
        assert UNICODE_SENSITIVE.search(text), text
