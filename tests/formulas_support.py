"""Small issues, positions and offers for the formula tests
(``tests/test_formulas_*.py``), chosen so that every formula gives a
different number under every item measure and every plausible slip
(a span added instead of subtracted, a root left out, a measure ignored)
changes the result.

The expected values in those tests are worked out by hand in comments, or
computed by a plain re-implementation of the published definition (the
explanation pages ``model.md``, ``measures.md`` and ``solutions.md``), never
by calling the function under test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs
import pytest

from positions import (
    CategoricalIssue,
    Evidence,
    Issue,
    Item,
    ItemsIssue,
    Offer,
    OrdinalIssue,
    Party,
    Position,
    ScaleIssue,
    Stance,
    Status,
    Term,
    Value,
)

# A scale that does not start at 0, so that ``high - low`` and ``high + low``
# differ: span 50.
LEASE = ScaleIssue("lease", low=10, high=60, unit="years")

# Five ordered levels: k - 1 = 4 steps.
TIER = OrdinalIssue("tier", levels=("a", "b", "c", "d", "e"))

# Three unordered levels.
SEAT = CategoricalIssue("seat", levels=("geneva", "vienna", "oslo"))

# Three items, the last divisible. Sizes: count (1, 1, 1), total 3;
# area (1, 3, 4), total 8; pop (0, 1, 3), total 4. The default is area.
LAND = ItemsIssue(
    "land",
    items=(
        Item("a", measures={"area": 1, "pop": 0}),
        Item("b", measures={"area": 3, "pop": 1}),
        Item("c", divisible=True, measures={"area": 4, "pop": 3}),
    ),
    measures={"area": "km2", "pop": "people"},
    default_measure="area",
)

# Item sizes by measure, written out again (not read from LAND).
SIZES: dict[str, tuple[float, ...]] = {
    "count": (1.0, 1.0, 1.0),
    "area": (1.0, 3.0, 4.0),
    "pop": (0.0, 1.0, 3.0),
}

ISSUES: tuple[Issue, ...] = (LAND, LEASE, TIER, SEAT)


def close(x: float) -> object:
    """Equal up to rounding."""
    return pytest.approx(x, rel=1e-12, abs=1e-15)


def items_distance(s: Sequence[float], t: Sequence[float], sizes: Sequence[float]) -> float:
    """``sum_j m_j |s_j - t_j| / sum_j m_j`` (model.md, weighted items)."""
    return sum(m * abs(a - b) for m, a, b in zip(sizes, s, t, strict=True)) / sum(sizes)


def interval_gap(sets: Iterable[tuple[float, float]]) -> float:
    """``min over x of sum_k dist(x, [lo_k, hi_k])``, by brute force over a
    fine grid that holds every bound (the minimum of a convex piecewise
    linear function lies at a bound)."""
    ivs = list(sets)
    points = {lo for lo, _ in ivs} | {hi for _, hi in ivs}
    lo_all = min(points)
    hi_all = max(points)
    points |= {lo_all + (hi_all - lo_all) * k / 200 for k in range(201)}
    return min(sum(max(0.0, lo - x, x - hi) for lo, hi in ivs) for x in points)


def geometric_mean(ratios: Sequence[float], weights: Sequence[float]) -> float:
    """``prod_j r_j ** (m_j / sum m)`` over the items of positive weight."""
    total = sum(weights)
    out = 1.0
    for r, w in zip(ratios, weights, strict=True):
        if w > 0:
            out *= r ** (w / total)
    return out


PARTY_A = Party("alpha", name="Alpha")
PARTY_B = Party("beta", name="Beta")


def position(
    pid: str,
    stances: Sequence[Stance],
    *,
    party: Party = PARTY_A,
    reservation: float | None = None,
) -> Position:
    """A position of ``party`` with the stances given."""
    return Position(pid, party=party, stances=stances, reservation=reservation)


def marked(
    stance: Stance,
    *,
    ideal: Status = "stated",
    accept: Status = "stated",
    salience: Status = "stated",
) -> Stance:
    """``stance`` with evidence on each of its claims, ``stated`` unless
    said otherwise. A claim without evidence would be known as its position
    is, as the weakest of its claims."""
    return attrs.evolve(
        stance,
        ideal_evidence=Evidence(ideal),
        accept_evidence=Evidence(accept),
        salience_evidence=Evidence(salience),
    )


def stance(
    issue: Issue,
    ideal: Value,
    accept: object = None,
    *,
    salience: float = 1.0,
    values: tuple[float, ...] | None = None,
) -> Stance:
    """A stance whose acceptable set may be written as a case file writes
    it (``(15, 30)``, ``["a", "b"]``, ``{"c": (0, 0.5)}``); none is the
    whole issue."""
    if accept is None:
        return Stance(issue, ideal=ideal, salience=salience, values=values)
    return Stance(
        issue, ideal=ideal, accept=issue.check_set(accept), salience=salience, values=values
    )


def offer(oid: str, values: Mapping[Issue, Value]) -> Offer:
    """An offer settling the issues given."""
    return Offer(oid, terms=[Term(issue, v) for issue, v in values.items()])


def first() -> Position:
    """The first worked position, on all four issues.

    ideal: land (0, 1, 0.25), lease 20, tier b, seat geneva;
    red lines: land a = 0, c in [0, 0.75]; lease [15, 30]; tier {a, b, c};
    seat {geneva, oslo}; saliences 4, 2, 1, 1, so weights 0.5, 0.25,
    0.125, 0.125; reservation 0.6.
    """
    return position(
        "first",
        [
            stance(LAND, ideal=(0.0, 1.0, 0.25), accept={"a": 0, "c": (0, 0.75)}, salience=4),
            stance(LEASE, ideal=20, accept=(15, 30), salience=2),
            stance(TIER, ideal="b", accept=["a", "b", "c"], salience=1),
            stance(SEAT, ideal="geneva", accept=["geneva", "oslo"], salience=1),
        ],
        reservation=0.6,
    )


def second() -> Position:
    """The second worked position, of the other party, on three issues.

    ideal: land (1, 1, 1), lease 50, tier e; red lines: land b = 1,
    c in [0.5, 1]; lease [40, 60]; tier {d, e}; saliences 1, 2, 1, so
    weights 0.25, 0.5, 0.25; no reservation level.
    """
    return position(
        "second",
        [
            stance(LAND, ideal=(1.0, 1.0, 1.0), accept={"b": 1, "c": (0.5, 1)}, salience=1),
            stance(LEASE, ideal=50, accept=(40, 60), salience=2),
            stance(TIER, ideal="e", accept=["d", "e"], salience=1),
        ],
        party=PARTY_B,
    )


def deal() -> Offer:
    """A complete offer for :func:`first`: land (1, 1, 1), lease 40,
    tier d, seat oslo."""
    return offer("deal", {LAND: (1.0, 1.0, 1.0), LEASE: 40, TIER: "d", SEAT: "oslo"})
