"""The measures, the outcome engine, the solutions, the bridge, moves,
sensitivity and robustness: misuse refused by name, and the rarer paths
checked against values worked out by hand."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import attrs
import numpy as np
import pytest

import positions
from positions import (
    Case,
    Evidence,
    Interval,
    Offer,
    OrdinalIssue,
    OutcomeSpace,
    Party,
    Position,
    Reading,
    ScaleIssue,
    Source,
    Stance,
    Term,
)
from positions._select import case_grid_size, case_values, grid_size
from positions.exceptions import InvalidArgumentError, UnknownMeasureError

HARBOUR = positions.load_case("harbour")
CITY = HARBOUR.position("city-2024")
OPERATOR = HARBOUR.position("operator-2024")
COMPROMISE = HARBOUR.offer("compromise")
LEASE_ONLY = HARBOUR.offer("lease-only")
YEARS = HARBOUR.issue("years")
CUSTOMS = HARBOUR.issue("customs")

PRICE = ScaleIssue("price", low=0, high=10)
PACE = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
A, B = Party("a", name="A"), Party("b", name="B")
SRC = Source("minutes", title="Minutes", publisher="Council", date="2024")


def with_years(position: Position, pid: str, accept: Interval) -> Position:
    """``position`` with another red line on the length of the lease."""
    return attrs.evolve(
        position,
        id=pid,
        stances=[
            attrs.evolve(s, accept=accept) if s.issue == YEARS else s for s in position.stances
        ],
    )


# --- measures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: positions.concession(CITY, COMPROMISE, measure={"years": "quay"}),
            UnknownMeasureError,
            "measure given for 'years', which is not a weighted-item issue here",
        ),
        (
            lambda: positions.concession(CITY, "compromise"),  # type: ignore[arg-type]
            InvalidArgumentError,
            r"must be a Offer \(got a str\)$",
        ),
        (
            lambda: positions.utility(CITY, LEASE_ONLY),
            InvalidArgumentError,
            "offer 'lease-only' leaves open issues that position 'city-2024' addresses",
        ),
        (
            lambda: positions.movement(CITY, OPERATOR),
            InvalidArgumentError,
            r"movement compares positions of one party \(got 'city' and 'operator'\)",
        ),
        (
            lambda: positions.movement(
                attrs.evolve(CITY, id="later", date=dt.date(2025, 1, 1)), CITY
            ),
            InvalidArgumentError,
            "position 'later' is dated after 'city-2024'; swap them",
        ),
        (lambda: positions.overlap(), InvalidArgumentError, "overlap needs at least one position"),
    ],
)
def test_a_measure_misused_is_refused_by_name(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_the_ktab_distance_between_positions_on_no_common_issue_is_zero() -> None:
    on_years = CITY.restricted(["years"])
    on_customs = attrs.evolve(OPERATOR.restricted(["customs"]), id="op-customs")
    d = positions.distance(on_years, on_customs, method="ktab")
    assert (d.value, d.terms, d.covered) == (0.0, (), 0.0)


def test_the_overlap_of_an_issue_no_position_addresses_is_a_key_error() -> None:
    o = positions.overlap(CITY, OPERATOR)
    assert o.issue("years").intersection == Interval(20, 25)
    with pytest.raises(KeyError, match="price"):
        o.issue("price")


# --- the outcome engine ------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: OutcomeSpace.grid([YEARS], scale_points=1), "scale_points must be an integer"),
        (lambda: OutcomeSpace((), ()), "needs one tuple of values per issue, and at least one"),
        (
            lambda: OutcomeSpace((YEARS, YEARS), ((0.0,), (1.0,))),
            r"issue ids must be distinct \(got \['years', 'years'\]\)",
        ),
        (lambda: OutcomeSpace((YEARS,), ((),)), "issue 'years' has no values in the space"),
        (
            lambda: OutcomeSpace((YEARS,), ((0.0,),), np.zeros(3, dtype=np.int64)),
            r"codes must have shape \(n, 1\) \(got \(3,\)\)",
        ),
        (
            lambda: OutcomeSpace((YEARS,), ((0.0,),), np.ones((2, 1), dtype=np.int64)),
            "codes must index the issues' values",
        ),
        (
            lambda: OutcomeSpace.of([YEARS, CUSTOMS], [LEASE_ONLY]),
            "offer 'lease-only' leaves issue 'years' open",
        ),
        (
            lambda: OutcomeSpace.of([ScaleIssue("years", low=0, high=99)], [COMPROMISE]),
            "offer 'compromise' uses another 'years'",
        ),
        (
            lambda: positions.evaluate([CITY], OutcomeSpace.grid([YEARS])),
            "the outcome space does not settle issue 'berths', which position 'city-2024'",
        ),
        (
            lambda: positions.utilities(
                [CITY.restricted(["years"])], OutcomeSpace.grid([ScaleIssue("years", 0, 99)])
            ),
            "position 'city-2024' and the outcome space differ on 'years'",
        ),
    ],
)
def test_an_outcome_space_misused_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()


def test_offers_that_share_a_value_share_its_code() -> None:
    later = attrs.evolve(COMPROMISE, id="again")
    longer = attrs.evolve(COMPROMISE, id="longer", terms={YEARS: 30, CUSTOMS: "joint"})
    space = OutcomeSpace.of([YEARS, CUSTOMS], [COMPROMISE, later, longer])
    assert space.values == ((22.0, 30.0), ("joint",))
    assert [space.code(k) for k in range(3)] == [(0, 0), (0, 0), (1, 0)]
    with pytest.raises(IndexError):
        space.code(3)
    with pytest.raises(IndexError):
        space.code(-1)


# --- the grid of a case ------------------------------------------------------------


def test_the_three_counts_of_a_case_grid_agree() -> None:
    for shares, points in [((0.0, 1.0), 11), ((0.0, 0.25, 1.0), 3)]:
        space = positions.case_grid(HARBOUR, shares=shares, scale_points=points)
        values = case_values(HARBOUR, HARBOUR.issues, shares=shares, scale_points=points)
        counted = case_grid_size(HARBOUR, HARBOUR.issues, shares=shares, scale_points=points)
        assert grid_size(HARBOUR.issues, values) == counted == len(space)


def test_a_case_grid_needs_two_scale_points() -> None:
    with pytest.raises(InvalidArgumentError, match=r"scale_points .* at least 2 \(got 1\)"):
        positions.case_grid(HARBOUR, scale_points=1)


# --- solutions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: positions.pareto_frontier([1.0, 2.0]), r"must have shape \(parties, outcomes\)"),
        (
            lambda: positions.pareto_frontier([[1.0], [2.0]], reservations=[0.5]),
            r"give one reservation per party \(2\), not 1",
        ),
        (
            lambda: positions.pareto_frontier([[1.0, 0.0]], among=[True]),
            r"among must be one flag per outcome \(2\), not shape \(1,\)",
        ),
        (
            lambda: positions.asymmetric_nash_point([[1.0], [0.0]], [0, 0]),
            "give one finite weight >= 0 per party, not all 0",
        ),
        (
            lambda: positions.opposition(np.zeros((2, 0))),
            "opposition needs at least one outcome",
        ),
        (
            lambda: positions.opposition([[1.0], [0.0]], best=[1.0]),
            r"give one finite best utility per party \(2\)",
        ),
        (
            lambda: positions.solve([], OutcomeSpace.grid([YEARS])),
            "solve needs at least one position",
        ),
        (
            lambda: positions.solve(
                HARBOUR.positions,
                positions.case_grid(HARBOUR),
                within="all",  # type: ignore[arg-type]
            ),
            r"within must be one of \['rational', 'zone'\] \(got 'all'\)",
        ),
    ],
)
def test_a_solution_misused_is_refused_by_name(call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()


def test_an_offer_distance_misused_is_refused_by_name() -> None:
    solution = positions.solve(HARBOUR.positions, positions.case_grid(HARBOUR))
    with pytest.raises(InvalidArgumentError, match="expected a Solution, not str"):
        positions.offer_distance("s", HARBOUR.positions, COMPROMISE)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="expected an Offer, not str"):
        positions.offer_distance(solution, HARBOUR.positions, "compromise")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"in its order \(\['city-2024', 'operator"):
        positions.offer_distance(solution, HARBOUR.positions[::-1], COMPROMISE)
    d = positions.offer_distance(solution, HARBOUR.positions, COMPROMISE)
    expected = (positions.utility(CITY, COMPROMISE), positions.utility(OPERATOR, COMPROMISE))
    assert d.utilities == pytest.approx(expected)


def test_a_large_two_party_frontier_with_one_first_utility_is_its_best_second() -> None:
    # 5000 outcomes: enough for the frontier to prune by bins first, which
    # has nothing to bin when every outcome gives the first party the same.
    rng = np.random.default_rng(1)
    second = rng.permutation(5000) / 5000
    u = np.stack([np.full(5000, 0.5), second])
    assert positions.pareto_frontier(u).tolist() == [int(second.argmax())]


# --- the bridge --------------------------------------------------------------------


def test_a_bridge_names_what_it_does_not_hold() -> None:
    b = positions.bridge(HARBOUR.positions)
    assert b.party("city-2024").position == "city-2024"
    with pytest.raises(KeyError, match="nobody"):
        b.party("nobody")
    with pytest.raises(KeyError, match="price"):
        b.issue("price")


def test_a_bridge_misused_is_refused_by_name() -> None:
    with pytest.raises(InvalidArgumentError, match="name at least one issue for the bridge"):
        positions.bridge(HARBOUR.positions, issues=[])
    with pytest.raises(InvalidArgumentError, match=r"grid must be an OutcomeSpace \(got 'g'\)"):
        positions.bridge(HARBOUR.positions, objective="max", grid="g")  # type: ignore[arg-type]


# --- moves -------------------------------------------------------------------------


LONGER = attrs.evolve(
    COMPROMISE,
    id="longer",
    terms={t.issue: t.value for t in COMPROMISE.terms} | {YEARS: 30},
    date=dt.date(2024, 3, 15),
)


def test_moves_name_what_they_do_not_hold() -> None:
    m = positions.moves(attrs.evolve(HARBOUR, offers=[*HARBOUR.offers, LONGER]))
    assert m.proposer("city").moves == 1
    assert m.valuation("operator", "longer").position == "operator-2024"
    with pytest.raises(KeyError, match="nobody"):
        m.proposer("nobody")
    with pytest.raises(KeyError, match="nobody"):
        m.valuation("nobody", "longer")


def test_a_proposer_without_a_position_makes_unclassified_moves() -> None:
    case = attrs.evolve(HARBOUR, positions=[OPERATOR], offers=[*HARBOUR.offers, LONGER])
    (move,) = positions.moves(case).moves
    assert (move.d_self, move.kind) == (None, None)
    assert "city has no position" in move.notes
    # The operator gains from the longer lease: 8 years nearer its ideal, on
    # a scale of 50, at weight 1/3.
    assert move.d_other == pytest.approx(8 / 50 / 3)
    assert positions.moves(case).valuation("city", "longer").utility is None


def test_a_move_with_no_other_party_says_so() -> None:
    case = attrs.evolve(HARBOUR, positions=[CITY], offers=[*HARBOUR.offers, LONGER])
    (move,) = positions.moves(case).moves
    assert move.others == ()
    assert (move.d_other, move.kind) == (None, None)
    assert move.d_self == pytest.approx(-8 / 50 / 4)
    assert "no other party has a position" in move.notes


def test_a_position_that_gives_no_weight_to_an_offer_does_not_value_it() -> None:
    # The operator does not care how long the lease is: offers on the
    # length alone have no utility for it.
    indifferent = attrs.evolve(
        OPERATOR,
        stances=[attrs.evolve(s, salience=0) if s.issue == YEARS else s for s in OPERATOR.stances],
    )
    first = Offer("short", terms=[Term(YEARS, 10)], proposer=CITY.party, date=dt.date(2024, 4, 1))
    second = attrs.evolve(first, id="long", terms=[Term(YEARS, 20)], date=dt.date(2024, 5, 1))
    case = attrs.evolve(HARBOUR, positions=[CITY, indifferent], offers=[first, second])
    m = positions.moves(case)
    v = m.valuation("operator", "long")
    assert (v.position, v.issues, v.utility) == ("operator-2024", ("years",), None)
    assert v.note == "operator-2024 gives no weight to the issues offer long settles"
    (move,) = m.moves
    assert move.kind is None
    assert move.d_self == pytest.approx(-0.2)  # 10 years of 50, on the only issue


# --- sensitivity and robustness ----------------------------------------------------


def test_sensitivity_needs_a_position() -> None:
    with pytest.raises(InvalidArgumentError, match="sensitivity needs at least one position"):
        positions.sensitivity([], HARBOUR.offers, draws=10)


def reading(rid: str, kind: str, issue: str | None, value: object) -> Reading:
    return Reading(rid, kind, issue, value, Evidence("reported"))  # type: ignore[arg-type]


def price_case(readings: list[Reading]) -> Case:
    p = Position(
        "p",
        party=A,
        source=SRC,
        stances=[Stance(PRICE, 2, accept=Interval(0, 6)), Stance(PACE, "fast")],
        readings=readings,
    )
    q = Position(
        "q",
        party=B,
        source=SRC,
        stances=[Stance(PRICE, 8, accept=Interval(4, 10)), Stance(PACE, "slow")],
    )
    return Case(
        "t", title="T", issues=[PRICE, PACE], parties=[A, B], sources=[SRC], positions=[p, q]
    )


def test_robustness_reports_progress_and_the_other_outcomes_of_a_point() -> None:
    case = price_case(
        [reading("cheap", "ideal", "price", 0), reading("keen", "salience", "pace", 9)]
    )
    calls: list[tuple[int, int]] = []
    r = positions.robustness(
        case, draws=0, scale_points=3, progress=lambda done, total: calls.append((done, total))
    )
    total = len(r.conclusions)
    assert calls == [(k, total) for k in range(1, total + 1)]
    # The Nash point, found again for each combination of readings.
    (nash,) = r.of_kind("nash")
    chosen = []
    for ideal, pace in itertools.product((None, "cheap"), (None, "keen")):
        p = case.position("p").read(*[x for x in (ideal, pace) if x])
        space = positions.case_grid(case, scale_points=3)
        s = positions.solve([p, case.position("q")], space)
        assert s.nash is not None
        chosen.append(s.space.offer(s.nash))
    base = chosen[0]
    others = [o for o in chosen[1:] if o.terms != base.terms]
    assert nash.combinations == 4
    assert nash.holding == 4 - len(others)
    assert sum(n for _, n in nash.alternatives) == len(others)
