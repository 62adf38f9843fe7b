"""Ingest: front matter, offsets, decoding fallbacks and files that must be skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError
from graph.ingest import decode, input_files, read_document, split_front_matter

MINUTES = """---
source_url: https://moderngov.example.gov.uk/ieIssueDetails.aspx?IId=1
authority: Halton          # a comment YAML drops
committee: Policy and Performance Board
meeting_date: 2022-01-24
---
Ofsted found that plans were clear.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_ingest_front_matter_is_split_and_offsets_count_in_body(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "a.txt", MINUTES))
    assert document.source_url == "https://moderngov.example.gov.uk/ieIssueDetails.aspx?IId=1"
    assert document.authority == "Halton"
    assert document.committee == "Policy and Performance Board"
    assert document.meeting_date == "2022-01-24"
    assert document.body == "Ofsted found that plans were clear.\n"
    assert document.body.index("plans") == 18
    assert document.identifier == "a.txt"


def test_ingest_without_front_matter_keeps_whole_text(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "b.txt", "Agenda item\n\nMinutes: noted.\n"))
    assert document.body.startswith("Agenda item")
    assert document.source_url is None and document.meeting_date is None


def test_ingest_crlf_is_normalised_like_text_mode(tmp_path: Path) -> None:
    raw = MINUTES.replace("\n", "\r\n").encode()
    document = read_document(write(tmp_path, "c.txt", raw))
    assert document.body == "Ofsted found that plans were clear.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (binary content)"),
        ("   \n\n", "empty (no minutes text after the front matter)"),
        ("---\nauthority: [Halton\n---\nText.\n", "broken front matter (line 2): not valid YAML"),
        ("---\n- a list\n---\nText.\n", "broken front matter: expected 'key: value' lines"),
        ("---\nauthority: Halton\nText that never closes.\n",
         "front matter opens with '---' but never closes"),
    ],
)
def test_ingest_unreadable_files_raise_one_line(tmp_path: Path, content: str | bytes,
                                                message: str) -> None:
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: {message}"


def test_ingest_broken_utf8_falls_back_to_cp1252() -> None:
    text, encoding = decode("Ofsted’s letter".encode("cp1252"))
    assert (text, encoding) == ("Ofsted’s letter", "cp1252")


def test_ingest_undecodable_bytes_are_replaced_not_raised() -> None:
    text, encoding = decode(b"caseloads \x81\x8d fell")
    assert encoding == "utf-8 with replacement characters"
    assert text == "caseloads \ufffd\ufffd fell"


def test_ingest_folders_are_read_recursively_and_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "x")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.txt", "x")
    write(tmp_path, "notes.md", "x")
    files, warnings, skipped = input_files([tmp_path])
    assert [identifier for _, identifier in files] == ["b.txt", "sub/a.txt"]
    assert [path for path, _ in files] == [tmp_path / "b.txt", tmp_path / "sub" / "a.txt"]
    assert warnings == [] and skipped == []


def test_ingest_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        input_files([tmp_path / "missing"])


def test_ingest_front_matter_dates_become_iso_strings() -> None:
    meta, body, dropped = split_front_matter("---\nmeeting_date: 2020-02-11\n---\nBody\n", "x")
    assert meta == {"meeting_date": "2020-02-11"} and body == "Body\n" and dropped == []


def test_ingest_saved_html_page_becomes_text_lines(tmp_path: Path) -> None:
    page = """<html><head><title>Agenda item - Ofsted focused visit</title>
    <link rel="canonical" href="https://democracy.example.gov.uk/ieIssueDetails.aspx?IId=7">
    <script>var tracking = 1;</script></head><body>
    <h2>Ofsted focused visit</h2><p>Ofsted found that   plans were clear.</p>
    <ul><li>Caseloads had fallen.</li><li>A panel was set up.</li></ul></body></html>"""
    document = read_document(write(tmp_path, "item.html", page))
    assert document.title == "Agenda item - Ofsted focused visit"
    assert document.source_url == "https://democracy.example.gov.uk/ieIssueDetails.aspx?IId=7"
    lines = [line for line in document.body.splitlines() if line]
    assert lines[-4:] == ["Ofsted focused visit", "Ofsted found that plans were clear.",
                          "Caseloads had fallen.", "A panel was set up."]
    assert "tracking" not in document.body


def test_ingest_pdf_text_is_extracted(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matplotlib.rcParams["pdf.fonttype"] = 42  # embed TrueType so the text can be read back
    figure = pyplot.figure()
    figure.text(0.1, 0.5, "Ofsted found that plans were clear.")
    path = tmp_path / "minutes.pdf"
    figure.savefig(path)
    pyplot.close(figure)
    document = read_document(path)
    assert "Ofsted found that plans were clear." in document.body


def test_ingest_broken_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", b"%PDF-1.4\n\x00garbage")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(path)
