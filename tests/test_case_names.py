"""A name that is neither a file nor a bundled case says which cases are
bundled; a path that is missing does not pretend to be a name."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions._cli import main
from positions.exceptions import CaseFileError


def test_an_unknown_name_lists_the_bundled_cases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CaseFileError) as info:
        positions.load_case("kuril")
    message = info.value.problems[0].message
    assert "no bundled case has that name" in message
    for name in positions.bundled_cases():
        assert name in message


@pytest.mark.parametrize("given", ["missing.toml", "sub/missing"])
def test_a_missing_path_is_only_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CaseFileError) as info:
        positions.load_case(given)
    assert "bundled" not in str(info.value)
    with pytest.raises(CaseFileError, match="bundled"):
        positions.load_case("harbor")


def test_the_command_line_lists_them_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "harbor"]) == 1
    err = capsys.readouterr().err
    assert "the bundled cases: council-decisions, eu-emissions, harbour, kuril-islands" in err
    assert "Traceback" not in err


def test_a_path_object_is_never_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CaseFileError) as info:
        positions.load_case(Path("kuril"))
    assert "bundled" not in str(info.value)
