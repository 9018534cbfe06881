"""Case-file errors on a terminal wrap to its width, each problem's
continuation indented under it; piped, each problem stays on one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from positions._cli import main
from positions.formats.case import _bundled_dir

TEXT = (_bundled_dir() / "harbour.toml").read_text(encoding="utf-8")
BAD = TEXT.replace("years = [5, 25]", "years = [5, 99]", 1).replace(
    'customs = ["city", "joint"]', 'customs = ["city", "nowhere-near-any-level"]', 1
)


def _error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    return capsys.readouterr().err


def test_piped_each_problem_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _error(tmp_path, capsys)
    lines = err.splitlines()
    assert lines[0].endswith("2 problems")
    assert [line[:2] for line in lines[1:]] == ["  ", "  "]
    assert any(len(line) > 60 for line in lines[1:])


def test_on_a_terminal_long_problems_wrap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(
        "shutil.get_terminal_size", lambda fallback=(80, 24): os.terminal_size((61, 24))
    )
    err = _error(tmp_path, capsys)
    lines = err.splitlines()
    # The first line names the file (its continuation is 4 spaces in).
    first = next(k for k, x in enumerate(lines) if x.startswith("  ") and x[2] != " ")
    body = lines[first:]
    assert all(len(line) <= 60 for line in body)
    # A problem starts two spaces in, its continuation six: the words are
    # the same as piped, only the line breaks differ.
    starts = [line for line in body if not line.startswith("      ")]
    assert len(starts) == 2
    assert all(line.startswith("  positions[0] (city-2024).accept.") for line in starts)
    assert len(body) > 2
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert " ".join(err.split()) == " ".join(_error(tmp_path, capsys).split())
