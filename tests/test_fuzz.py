"""Fuzz tests of every reader: case files (TOML), GENIUS XML, KTAB scenarios
and actor tables (CSV); and the inputs that they found a reader to break on."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


# ---------------------------------------------------------------------------
# What the fuzz tests found


def test_a_case_without_parties_or_issues_reads_back() -> None:
    """A GENIUS domain read without profiles has no parties: the case file
    written from it used to leave out the section, which the reader needs."""
    pytest.importorskip("defusedxml")
    case = positions.read_genius(DATA / "genius" / "market_domain.xml", [])
    assert case.parties == ()
    assert positions.loads_case(positions.dumps_case(case)) == case
    empty = positions.Case("empty", title="Empty", issues=[], parties=[])
    text = positions.dumps_case(empty)
    assert "parties = []" in text
    assert "issues = []" in text
    assert positions.loads_case(text) == empty
