"""`ofsted-kg build` end to end, in process: summary, skips, --strict, errors, determinism."""

from __future__ import annotations

import io
import shutil
import sys
import threading
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from typer.testing import CliRunner

from graph.cli import app
from graph.cli.build import progress_bar, shown_on
from graph.vocab import OKG

runner = CliRunner()


def test_cli_build_examples_writes_a_graph(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["build", str(examples_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Built {out}: 7 document(s)" in result.output
    assert "0 skipped" in result.output
    graph = Graph().parse(out)
    identifiers = {str(o) for o in graph.objects(None, OKG.committee)}
    assert "Children and Families Scrutiny Committee" in identifiers
    assert len(set(graph.subjects(RDF.type, OKG.SourceDocument))) == 7


def test_cli_build_is_byte_identical_twice(tmp_path: Path, examples_dir: Path) -> None:
    outs = [tmp_path / "a.ttl", tmp_path / "b.ttl"]
    for out in outs:
        assert runner.invoke(app, ["build", str(examples_dir), "--out", str(out)]).exit_code == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


def copy_examples_with_bad_files(tmp_path: Path, examples: Path) -> Path:
    folder = tmp_path / "minutes"
    shutil.copytree(examples, folder)
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x00\x01binary")
    (folder / "empty.txt").write_text("")
    return folder


def test_cli_build_skips_unreadable_files_with_a_warning(tmp_path: Path,
                                                        examples_dir: Path) -> None:
    folder = copy_examples_with_bad_files(tmp_path, examples_dir)
    out = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Warning: skipped {folder / 'scan.txt'}: not a text file (binary content)" in (
        result.output)
    assert f"Warning: skipped {folder / 'empty.txt'}: empty" in result.output
    assert "7 document(s)" in result.output and "2 skipped" in result.output


def test_cli_build_strict_fails_on_skips_and_writes_nothing(tmp_path: Path,
                                                           examples_dir: Path) -> None:
    folder = copy_examples_with_bad_files(tmp_path, examples_dir)
    out = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--strict"])
    assert result.exit_code == 3
    assert "Error: 2 file(s) skipped and --strict is set; nothing written" in result.output
    assert not out.exists()


def test_cli_build_missing_input_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out",
                                 str(tmp_path / "g.ttl")])
    assert result.exit_code == 3
    assert result.output.strip() == f"Error: {tmp_path / 'nope'}: no such file or folder"


def test_cli_build_broken_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    minutes = tmp_path / "latin.txt"
    minutes.write_bytes("Ofsted found that the council’s plans were clear.\n".encode("cp1252"))
    result = runner.invoke(app, ["build", str(minutes), "--out", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert f"Warning: {minutes}: not valid UTF-8; decoded as cp1252" in result.output


def test_cli_every_command_has_help_with_an_example() -> None:
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert "build" in names
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output, name


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_by_the_build_not_by_a_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The build forks its workers while the bar is up: no thread may be running then."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    threads = threading.active_count()
    with progress_bar() as progress:
        assert threading.active_count() == threads
        task = progress.add_task("Reading", total=None)
        show = shown_on(progress, task)
        show("Reading", 1, None)
        drawn = terminal.getvalue()
        show("Extracting", 3, 14)
        [shown] = progress.tasks
        assert (shown.description, shown.completed, shown.total) == ("Extracting", 3, 14)
    assert "Reading" in drawn  # the first report is drawn at once
