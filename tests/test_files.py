"""Writing outputs atomically, readable by others, and loading graphs with clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.files import atomic_write_bytes, load_graph


def test_files_atomic_write_creates_folders_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "new" / "graph.ttl"
    atomic_write_bytes(out, b"data")
    assert out.read_bytes() == b"data"
    assert [p.name for p in out.parent.iterdir()] == ["graph.ttl"]


def test_files_atomic_write_honours_umask_not_0600(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "g.ttl", b"x")
    finally:
        os.umask(previous)
    assert (tmp_path / "g.ttl").stat().st_mode & 0o777 == 0o644


def test_files_load_graph_reports_unparseable_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(InputError) as error:
        load_graph([bad])
    assert str(error.value).startswith(f"{bad}: cannot be parsed as RDF: ")
    assert "\n" not in str(error.value)


def test_files_load_graph_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "none.ttl"])
