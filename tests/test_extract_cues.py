"""Cue patterns match whatever the case of the text and keep its offsets."""

from __future__ import annotations

from pathlib import Path

from graph.extract.cues import (
    UNICODE_SENSITIVE,
    Cue,
    CueSet,
    any_of,
    lexicon_cue,
    lower,
    lower_pattern,
)
from graph.extract.lexicon import structured


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


def test_cue_sets_answer_as_re_on_every_sentence_and_candidate_of_the_minutes(
        examples_dir: Path) -> None:
    """The lexicons as they are, on the example and fixture minutes (texts with curly
    quotes, dashes, no-break spaces and accented names among them)."""
    from graph.extract.candidates import generate
    from graph.extract.features import CUE_LEXICONS, cue_lexicons_in
    from graph.extract.items import explicit_link, link_cues
    from graph.extract.lexicon import phrases
    from graph.extract.themes import KEYWORD_LEXICONS, keyword_sets
    from graph.ingest import input_files, read_document
    files, _warnings, _skipped = input_files([examples_dir, Path(__file__).parent / "fixtures"])
    texts = {span.text for path, identifier in files
             for found in [generate(read_document(path, identifier))]
             for span in (*found.sentences, *(c.span for c in found.items))}
    texts |= {"The café’s review found\u00a0that staff had been recruited.", "found¹ it"}
    assert len(texts) > 1000
    kinds, _patterns = link_cues()
    links = [line.split(None, 1)[1] for line in phrases("response-links")]
    for text in texts:
        expected = {name for name in CUE_LEXICONS if lexicon_cue(name).search(text)}
        assert cue_lexicons_in(text) == expected, text
        first = next((kind for kind, pattern in zip(kinds, links, strict=True)
                      if any_of([pattern]).search(text)), None)
        assert explicit_link(text) == first, text
        themed = text.replace("’", "'")
        assert keyword_sets().matching(themed) == one_by_one(
            [[k for ks in structured(name).values() for k in ks]
             for name in KEYWORD_LEXICONS], themed), text
