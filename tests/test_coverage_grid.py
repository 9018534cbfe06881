"""grid_solve and chunked_solve on what the other tests leave out: positions
whose orders of issues cannot be merged, capabilities that are all 0, and
misuse."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

import positions
from positions import _report
from positions.exceptions import InvalidArgumentError

HARBOUR = positions.load_case("harbour")
CITY = HARBOUR.position("city-2024")
OPERATOR = HARBOUR.position("operator-2024")
SPACE = positions.case_grid(HARBOUR)


def test_positions_listing_their_issues_in_opposite_orders_cannot_be_solved_issue_by_issue() -> (
    None
):
    backwards = attrs.evolve(OPERATOR, stances=OPERATOR.stances[::-1])
    with pytest.raises(InvalidArgumentError, match="orders no single order keeps"):
        positions.grid_solve([CITY, backwards], SPACE)
    # The materialised path sums each position in its own order and solves.
    assert positions.solve([CITY, backwards], SPACE).frontier.size > 0


def without_capability(p: positions.Position) -> positions.Position:
    return attrs.evolve(p, party=attrs.evolve(p.party, capability=0.0))


def test_with_every_capability_0_there_is_no_asymmetric_nash_point() -> None:
    chosen = [without_capability(p) for p in HARBOUR.positions]
    g = positions.grid_solve(chosen, SPACE)
    s = positions.solve(chosen, SPACE)
    assert g.asymmetric_nash is None
    assert s.asymmetric_nash is None
    assert g.nash is not None
    assert g.index(g.nash) == s.nash
    case = attrs.evolve(HARBOUR, parties=[p.party for p in chosen], positions=chosen, offers=[])
    text = " ".join(_report.render(_report.solve(case), "table").split())
    assert (
        "asymmetric Nash weights none: every capability is 0, so there is no asymmetric Nash point"
        in text
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: positions.chunked_solve([], SPACE),
            "chunked_solve needs at least one position",
        ),
        (
            lambda: positions.chunked_solve(
                HARBOUR.positions,
                SPACE,
                within="all",  # type: ignore[arg-type]
            ),
            r"within must be one of \['rational', 'zone'\] \(got 'all'\)",
        ),
    ],
)
def test_chunked_solve_misused_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()
