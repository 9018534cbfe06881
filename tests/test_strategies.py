"""Tests of the public strategies themselves: validity, coverage,
shrinking, argument checking and registration with ``st.from_type``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import TypeVar

import pytest
from hypothesis import Phase, assume, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import positions
from positions import Issue, Offer, Position, ScaleIssue
from positions import strategies as pst
from positions._cli import main

# Occurrence checks need an example, not the smallest one: skip shrinking.
SEARCH = settings(database=None, max_examples=2000, phases=[Phase.generate])

_T = TypeVar("_T")


def occurs(strategy: st.SearchStrategy[_T], condition: Callable[[_T], bool]) -> _T:
    """An example from ``strategy`` that meets ``condition`` (not shrunk)."""
    return find(strategy, condition, settings=SEARCH)


@settings(max_examples=25)
@given(pst.cases())
def test_generated_cases_pass_validate_and_load_back_equal(
    tmp_path_factory: pytest.TempPathFactory, case: positions.Case
) -> None:
    path = tmp_path_factory.mktemp("cases") / "generated.toml"
    positions.dump_case(case, path)
    assert main(["validate", str(path)]) == 0
    assert positions.load_case(path) == case


@pytest.mark.parametrize("kind", pst.KINDS)
def test_every_issue_kind_occurs(kind: str) -> None:
    issue = occurs(pst.issues(), lambda i: i.kind == kind)
    assert issue.kind == kind


def test_partial_and_complete_offers_occur() -> None:
    def settled(drawn: tuple[tuple[Issue, ...], Offer]) -> float:
        issues, offer = drawn
        return len(offer.terms) / len(issues)

    assert settled(occurs(pst.issues_and_offers(), lambda d: settled(d) < 1)) < 1
    assert settled(occurs(pst.issues_and_offers(), lambda d: len(d[0]) > 1 and settled(d) == 1))


@st.composite
def two_positions(draw: st.DrawFn) -> tuple[Position, Position]:
    issues = draw(pst.issue_lists(max_size=2))
    return draw(pst.positions(issues)), draw(pst.positions(issues))


def test_empty_and_non_empty_overlaps_occur() -> None:
    empty = occurs(two_positions(), lambda ab: positions.overlap(*ab).empty)
    assert positions.overlap(*empty).empty
    met = occurs(two_positions(), lambda ab: not positions.overlap(*ab).empty)
    assert not positions.overlap(*met).empty


@st.composite
def position_and_offer(draw: st.DrawFn) -> tuple[Position, Offer]:
    issues, position = draw(pst.issues_and_positions())
    return position, draw(pst.offers(issues).filter(position.settled_by))


def test_acceptable_and_unacceptable_offers_occur() -> None:
    yes = occurs(position_and_offer(), lambda po: positions.is_acceptable(*po))
    assert positions.is_acceptable(*yes)
    no = occurs(position_and_offer(), lambda po: not positions.is_acceptable(*po))
    assert not positions.is_acceptable(*no)


def test_value_tables_and_reservations_occur() -> None:
    found = occurs(
        pst.issues_and_positions(),
        lambda d: d[1].reservation is not None and any(s.values for s in d[1].stances),
    )
    assert found[1].reservation is not None


@pytest.mark.parametrize("seed", range(5))
def test_a_failing_property_shrinks_to_a_small_round_example(seed: int) -> None:
    # "Concession is always below 0.3" is false; the counterexample found
    # should be as small as Hypothesis can make it: one or two issues that
    # the position addresses, at round values. (An offer may still settle an
    # issue the position ignores: the shrinker cannot always delete an issue
    # from the list once later draws depend on its place in it.)
    def big(po: tuple[Position, Offer]) -> bool:
        return positions.concession(*po).value >= 0.3

    # No explain phase: it adds time and nothing to what is checked here.
    quick = settings(database=None, phases=[Phase.generate, Phase.shrink])
    position, offer = find(position_and_offer(), big, settings=quick, random=Random(seed))
    assert len(position.stances) <= 2
    for s in position.stances:
        value = offer.value(s.issue.id) if s.issue.id in offer.issue_ids else None
        if isinstance(s.issue, ScaleIssue):
            assert isinstance(s.ideal, float)
            assert s.ideal.is_integer()
            assert value is None or float(str(value)).is_integer()
            assert s.issue.low.is_integer()
            assert s.issue.high.is_integer()


@pytest.mark.parametrize(
    "strategy",
    [
        pst.ordinal_issues(min_levels=1),
        pst.categorical_issues(min_levels=3, max_levels=2),
        pst.issues(kinds=["scale", "bogus"]),
        pst.issue_lists(min_size=0),
        pst.items_issues(min_items=0),
        pst.parties(id="not-a-strategy"),  # type: ignore[arg-type]
        pst.positions([]),
        pst.offers([]),
        pst.cases(max_issues=0),
    ],
)
def test_bad_arguments_raise_invalid_argument_when_the_test_runs(
    strategy: st.SearchStrategy[object],
) -> None:
    @given(strategy)
    def uses_it(x: object) -> None:
        pass

    with pytest.raises(InvalidArgument):
        uses_it()


@given(st.from_type(Position), st.from_type(Offer))
def test_from_type_gives_an_offer_over_the_positions_issues(
    position: Position, offer: Offer
) -> None:
    # Both are drawn over one shared issue list: an issue id they have in
    # common names the same issue (independent lists would clash on ids
    # such as "a" with different definitions).
    for term in offer.terms:
        if term.issue.id in position.issue_ids:
            assert term.issue == position.stance(term.issue.id).issue
    assume(position.settled_by(offer))
    c = positions.concession(position, offer)
    assert 0.0 <= c.value <= 1.0


@pytest.mark.parametrize(
    "cls",
    [
        positions.ScaleIssue,
        positions.OrdinalIssue,
        positions.CategoricalIssue,
        positions.ItemsIssue,
        positions.Party,
        positions.Source,
        positions.Case,
    ],
)
def test_from_type_works_for_every_public_type(cls: type) -> None:
    assert isinstance(occurs(st.from_type(cls), lambda x: True), cls)


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_from_type_case_works_in_a_fresh_process_without_importing_strategies(
    tmp_path: Path,
) -> None:
    code = textwrap.dedent(
        """
        import sys
        import positions
        from hypothesis import Phase, find, settings, strategies as st
        quick = settings(database=None, phases=[Phase.generate])
        case = find(st.from_type(positions.Case), lambda c: len(c.issues) >= 2, settings=quick)
        assert isinstance(case, positions.Case)
        assert positions.loads_case(positions.dumps_case(case)) == case
        print("ok", "positions.strategies" in sys.modules)
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "True"]  # loaded lazily, by the hook


def test_a_users_test_file_runs_with_only_given_and_positions(tmp_path: Path) -> None:
    test_file = tmp_path / "test_user.py"
    test_file.write_text(
        textwrap.dedent(
            """
            from hypothesis import assume, given, strategies as st
            import positions

            @given(st.from_type(positions.Position), st.from_type(positions.Offer))
            def test_concession_is_bounded(position, offer):
                assume(position.settled_by(offer))
                c = positions.concession(position, offer)
                assert 0 <= positions.shortfall(position, offer).value <= c.value <= 1
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_core_does_not_import_hypothesis(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        import positions
        positions.load_case("harbour")
        print("hypothesis" in sys.modules, "positions.strategies" in sys.modules)
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
