"""Repository hygiene the issue asked for: a LICENSE matching pyproject, and SQLite side files and schemathesis'
cache ignored by git."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_license_file_matches_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert "MIT" in str(declared)
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize(
    "name",
    ["clevertap-mock.sqlite3-wal", "clevertap-mock.sqlite3-shm", "x.db-wal", ".schemathesis/report.json"],
)
def test_gitignore_covers(name):
    result = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
    assert result.returncode == 0, f"{name} is not ignored"
