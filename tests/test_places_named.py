"""A problem's place shows the id of each listed table after its index, as
the reader wrote it; ``where`` stays the plain path."""

from __future__ import annotations

import pytest

import positions
from positions.exceptions import CaseFileError, Problem
from positions.formats.case import _bundled_dir

TEXT = (_bundled_dir() / "harbour.toml").read_text(encoding="utf-8")


def _problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(CaseFileError) as info:
        positions.loads_case(text, name="h.toml")
    return info.value.problems


def test_a_value_problem_names_the_position_by_its_id() -> None:
    (p,) = _problems(TEXT.replace("years = [5, 25]", "years = [5, 99]", 1))
    assert p.where == "positions[0].accept.years"
    assert p.named == "positions[0] (city-2024).accept.years"
    assert str(p).startswith("positions[0] (city-2024).accept.years: issue 'years'")


def test_a_schema_problem_names_it_too() -> None:
    text = TEXT.replace("[positions.salience]", "[positions.salence]", 1)
    (p,) = _problems(text)
    assert (p.where, p.named) == ("positions[0]", "positions[0] (city-2024)")


def test_nested_lists_name_every_level() -> None:
    # An item of an items issue: the issue's id and the item's.
    text = TEXT.replace("[[issues.items]]\nid", "[[issues.items]]\nflavour = 1\nid", 1)
    (p,) = _problems(text)
    assert p.where.startswith("issues[0].items[0]")
    issue = positions.load_case("harbour").issues[0]
    item = issue.items[0]  # type: ignore[union-attr]
    assert p.named.startswith(f"issues[0] ({issue.id}).items[0] ({item.id})")


def test_a_bad_id_is_not_repeated_as_a_name() -> None:
    problems = _problems(TEXT.replace('id = "city-2024"', 'id = "city 2024"', 1))
    assert problems
    for p in problems:
        assert "(city 2024)" not in p.named


def test_problems_compare_by_place_and_message() -> None:
    assert Problem("a[0]", "m", named="a[0] (x)") == Problem("a[0]", "m")
