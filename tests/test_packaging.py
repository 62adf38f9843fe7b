"""The wheel: it ships the data folders, and a non-editable install works from anywhere.

This installs the wheel into a fresh virtual environment (dependencies from the
package registry or pip's cache), so it is the slowest test; it runs once in CI.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True)
    return next(out.glob("ofsted_kg-*.whl"))


def test_packaging_wheel_ships_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("ontology", "shapes", "queries"):
        shipped = {n for n in names if n.startswith(f"graph/_data/{folder}/")}
        in_repo = {f"graph/_data/{folder}/{p.name}" for p in (ROOT / folder).iterdir()
                   if p.is_file()}
        assert shipped == in_repo, folder
    assert any(n.startswith("graph/extract/lexicon/") for n in names)


def test_packaging_fresh_install_builds_from_another_directory(wheel: Path, tmp_path: Path,
                                                               examples_dir: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    command = str(venv / "bin" / "ofsted-kg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    help_run = subprocess.run([command, "--help"], cwd=elsewhere, capture_output=True, text=True)
    assert help_run.returncode == 0 and "build" in help_run.stdout
    build_run = subprocess.run([command, "build", str(examples_dir), "--out", "graph.ttl"],
                               cwd=elsewhere, capture_output=True, text=True)
    assert build_run.returncode == 0, build_run.stdout + build_run.stderr
    assert "Validation: conforms" in build_run.stdout
    assert (elsewhere / "graph.ttl").stat().st_size > 1000
