"""The measures (``positions._measures``) pinned to numbers worked out by
hand from their definitions (``docs/explanation/model.md`` and
``measures.md``): concession, shortfall, utility, acceptability, the
distance between positions (Minkowski of order 1, 2 and 3, and KTAB's),
movement and overlap, each under every item measure, so that a measure
argument that is not passed on shows.

The worked positions are :func:`formulas_support.first` and
:func:`formulas_support.second`; their numbers are in their docstrings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import positions
from formulas_support import (
    LAND,
    LEASE,
    PARTY_A,
    PARTY_B,
    SEAT,
    SIZES,
    TIER,
    close,
    deal,
    first,
    geometric_mean,
    items_distance,
    marked,
    offer,
    position,
    second,
    stance,
)
from positions import Box, Evidence, Interval, Levels
from positions._measures import (
    Breakdown,
    IssueMovement,
    IssueTerm,
    check_measure,
    measure_for,
    rests_on,
    set_change,
)
from positions._model import Claim
from positions.exceptions import InvalidArgumentError, IssueMismatchError, UnknownMeasureError

# ---------------------------------------------------------------------------
# Concession, shortfall, utility: first() against deal().
#
# weights: land 0.5, lease 0.25, tier 0.125, seat 0.125.
# Concession terms, d(ideal, offer):
#   land (0, 1, 0.25) -> (1, 1, 1), differences 1, 0, 0.75:
#     count 1.75 / 3, area (1 + 0 + 3) / 8 = 0.5, pop (0 + 0 + 2.25) / 4 = 0.5625
#   lease 20 -> 40: 20 / 50 = 0.4
#   tier b -> d: 2 / 4 = 0.5
#   seat geneva -> oslo: 1
# Shortfall terms, d(red line, offer):
#   land, box a = 0, b free, c in [0, 0.75]: outside by 1, 0, 0.25:
#     count 1.25 / 3, area (1 + 0 + 1) / 8 = 0.25, pop 0.75 / 4 = 0.1875
#   lease [15, 30] -> 40: 10 / 50 = 0.2
#   tier {a, b, c} -> d: 1 / 4 = 0.25
#   seat {geneva, oslo} -> oslo: 0

LAND_C = {"count": 1.75 / 3, "area": 0.5, "pop": 0.5625}
LAND_S = {"count": 1.25 / 3, "area": 0.25, "pop": 0.1875}
REST_C = 0.25 * 0.4 + 0.125 * 0.5 + 0.125 * 1.0  # 0.2875
REST_S = 0.25 * 0.2 + 0.125 * 0.25 + 0.125 * 0.0  # 0.08125


def test_the_worked_positions_weights() -> None:
    assert first().weights == {"land": 0.5, "lease": 0.25, "tier": 0.125, "seat": 0.125}
    assert second().weights == {"land": 0.25, "lease": 0.5, "tier": 0.25}


def test_concession_by_hand() -> None:
    c = positions.concession(first(), deal())
    assert c.by_issue == pytest.approx({"land": 0.5, "lease": 0.4, "tier": 0.5, "seat": 1.0})
    assert c.value == close(0.5 * 0.5 + REST_C)  # 0.5375
    assert c.value == close(0.5375)
    assert c.covered == 1.0
    assert [t.weight for t in c.terms] == [0.5, 0.25, 0.125, 0.125]
    assert [t.measure for t in c.terms] == ["area", None, None, None]
    assert float(c) == c.value


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_concession_honours_the_measure(measure: str) -> None:
    c = positions.concession(first(), deal(), measure=measure)
    assert c.by_issue["land"] == close(LAND_C[measure])
    assert c.value == close(0.5 * LAND_C[measure] + REST_C)
    assert c.terms[0].measure == measure
    # The same through a per-issue mapping.
    m = positions.concession(first(), deal(), measure={"land": measure})
    assert m.value == close(c.value)


def test_shortfall_by_hand() -> None:
    s = positions.shortfall(first(), deal())
    assert s.by_issue == pytest.approx({"land": 0.25, "lease": 0.2, "tier": 0.25, "seat": 0.0})
    assert s.value == close(0.20625)  # 0.5 * 0.25 + 0.08125
    assert s.covered == 1.0


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_shortfall_honours_the_measure(measure: str) -> None:
    s = positions.shortfall(first(), deal(), measure=measure)
    assert s.by_issue["land"] == close(LAND_S[measure])
    assert s.value == close(0.5 * LAND_S[measure] + REST_S)
    assert s.terms[0].measure == measure


def test_scale_shortfall_is_divided_by_the_span() -> None:
    p = position("p", [stance(LEASE, ideal=20, accept=(15, 30))])
    s = positions.shortfall(p, offer("o", {LEASE: 45}))
    assert s.value == close(0.3)  # (45 - 30) / 50
    s = positions.shortfall(p, offer("o", {LEASE: 11}))
    assert s.value == close(0.08)  # (15 - 11) / 50
    c = positions.concession(p, offer("o", {LEASE: 11}))
    assert c.value == close(0.18)  # (20 - 11) / 50


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_utility_honours_the_measure(measure: str) -> None:
    u = positions.utility(first(), deal(), measure=measure)
    assert u == close(1 - (0.5 * LAND_C[measure] + REST_C))
    assert positions.assess(first(), deal(), measure=measure).utility == close(u)


def test_utility_by_hand() -> None:
    # 0.5 * (1 - 0.5) + 0.25 * (1 - 0.4) + 0.125 * (1 - 0.5) + 0.125 * (1 - 1)
    assert positions.utility(first(), deal()) == close(0.4625)
    assert positions.utility(first(), first().ideal) == 1.0


def test_utility_is_added_in_the_positions_issue_order() -> None:
    # Terms 0.1, 0.2 and 0.3 (weights 1/3): added left to right the sum is
    # (0.1 + 0.2) + 0.3, which differs in the last bit from 0.1 + (0.2 + 0.3).
    a = positions.ScaleIssue("a", low=0, high=1)
    b = positions.ScaleIssue("b", low=0, high=1)
    c = positions.ScaleIssue("c", low=0, high=1)
    p = position("p", [stance(a, ideal=1), stance(b, ideal=1), stance(c, ideal=1)])
    o = offer("o", {a: 0.1, b: 0.2, c: 0.3})
    w = 1 / 3
    total = 0.0
    for x in (0.1, 0.2, 0.3):
        total += w * (1.0 - (1.0 - x))
    assert positions.utility(p, o) == total


def test_acceptability_by_hand() -> None:
    a = positions.assess(first(), deal())
    assert not a.acceptable
    assert a.complete
    assert a.unacceptable_issues == ("land", "lease", "tier")
    assert a.utility == close(0.4625)
    assert a.reservation == 0.6
    assert a.position == "first"
    assert a.party == "alpha"
    assert a.offer == "deal"
    assert not positions.is_acceptable(first(), deal())
    # Inside every red line: land (0, 1, 0.5), lease 25, tier c, seat oslo.
    # Concession 0.5 * 1/8 + 0.25 * 0.1 + 0.125 * 0.25 + 0.125 * 1 = 0.24375.
    good = offer("good", {LAND: (0.0, 1.0, 0.5), LEASE: 25, TIER: "c", SEAT: "oslo"})
    g = positions.assess(first(), good)
    assert g.acceptable
    assert g.unacceptable_issues == ()
    assert g.shortfall.value == 0.0
    assert g.concession.value == close(0.24375)
    assert g.utility == close(0.75625)
    assert positions.is_acceptable(first(), good)


def test_an_offer_inside_the_red_lines_below_the_reservation_is_not_acceptable() -> None:
    # land (0, 0, 0.75): 0.625 by area; lease 30: 0.2; tier a: 0.25; seat
    # oslo: 1. U = 1 - (0.3125 + 0.05 + 0.03125 + 0.125) = 0.48125 < 0.6.
    low = offer("low", {LAND: (0.0, 0.0, 0.75), LEASE: 30, TIER: "a", SEAT: "oslo"})
    a = positions.assess(first(), low)
    assert a.shortfall.value == 0.0
    assert a.unacceptable_issues == ()
    assert a.utility == close(0.48125)
    assert not a.acceptable
    # Without the reservation level it would be acceptable.
    assert positions.is_acceptable(attrs.evolve(first(), reservation=None), low)


def test_acceptability_honours_the_measure() -> None:
    # land (0, 0, 0), lease 20, tier c, seat oslo. The land term is 1.25 / 3
    # by count, (3 + 1) / 8 = 0.5 by area, (1 + 0.75) / 4 by pop; the rest
    # adds 0.125 * 0.25 + 0.125 = 0.15625. U: 0.635 by count, 0.594 by
    # area (below the reservation level 0.6), 0.625 by pop.
    o = offer("o", {LAND: (0.0, 0.0, 0.0), LEASE: 20, TIER: "c", SEAT: "oslo"})
    assert positions.utility(first(), o) == close(1 - (0.25 + 0.15625))
    assert not positions.is_acceptable(first(), o)
    assert not positions.is_acceptable(first(), o, measure="area")
    assert positions.is_acceptable(first(), o, measure="count")
    assert positions.is_acceptable(first(), o, measure="pop")
    assert positions.is_acceptable(first(), o, measure={"land": "pop"})


def test_a_utility_equal_to_the_reservation_is_acceptable() -> None:
    p = position("p", [stance(LEASE, ideal=10)], reservation=1.0 - 20 / 50)
    o = offer("o", {LEASE: 30})
    assert positions.utility(p, o) == p.reservation
    assert positions.is_acceptable(p, o)
    assert not positions.is_acceptable(attrs.evolve(p, reservation=0.61), o)


def test_a_partial_offer_is_judged_on_its_red_lines_only() -> None:
    part = offer("part", {LEASE: 25, SEAT: "oslo"})
    a = positions.assess(first(), part)
    # Concession 0.25 * 5/50 + 0.125 * 1; covered 0.375.
    assert a.concession.value == close(0.15)
    assert a.concession.covered == 0.375
    assert a.shortfall.covered == 0.375
    assert not a.complete
    assert a.utility is None
    assert a.acceptable  # no reservation check: the offer is partial
    out = positions.assess(first(), offer("out", {LEASE: 40}))
    assert not out.acceptable
    assert out.unacceptable_issues == ("lease",)
    assert out.concession.value == close(0.1)
    with pytest.raises(InvalidArgumentError, match="leaves open issues"):
        positions.utility(first(), part)


def test_an_offer_on_other_issues_only_is_refused() -> None:
    p = position("p", [stance(LEASE, ideal=10), stance(TIER, ideal="a")])
    with pytest.raises(
        InvalidArgumentError,
        match=(
            r"^offer 'o' settles none of the issues position 'p' addresses \(lease, tier\): "
            r"nothing can be measured; is the offer from another case\?$"
        ),
    ):
        positions.concession(p, offer("o", {SEAT: "oslo"}))


def test_zero_salience_keeps_the_red_line_and_weighs_nothing() -> None:
    p = position(
        "p",
        [
            stance(LEASE, ideal=20, accept=(15, 30), salience=1),
            stance(SEAT, ideal="geneva", accept=["geneva"], salience=0),
        ],
    )
    a = positions.assess(p, offer("o", {LEASE: 40, SEAT: "oslo"}))
    assert a.shortfall.by_issue == pytest.approx({"lease": 0.2, "seat": 1.0})
    assert a.shortfall.value == close(0.2)
    assert a.concession.value == close(0.4)
    assert a.unacceptable_issues == ("lease", "seat")


def test_a_value_outside_by_less_than_a_float_still_falls_short() -> None:
    wide = positions.ScaleIssue("wide", low=0, high=1e15)
    p = position("p", [stance(wide, ideal=0, accept=(0, 0))])
    tiny = math.ulp(0.0)
    a = positions.assess(p, offer("o", {wide: tiny}))
    # tiny / 1e15 underflows to 0; being outside, the terms are the smallest
    # positive float, concession included (never below the shortfall).
    assert a.shortfall.terms[0].amount == tiny
    assert a.concession.terms[0].amount == tiny
    assert not a.acceptable


def test_the_shortfall_term_never_exceeds_the_concession_term_of_a_value_table() -> None:
    # A value table on tier: the ideal a is worth 1, e only 0.6 less; the
    # red line is {a}. Concession at e: 1 - 0.6 = 0.4; the distance from the
    # red line is 4 / 4 = 1, so the shortfall is min(0.4, 1) = 0.4.
    table = (1.0, 0.9, 0.8, 0.7, 0.6)
    p = position("p", [stance(TIER, ideal="a", accept=["a"], values=table)])
    a = positions.assess(p, offer("o", {TIER: "e"}))
    assert a.concession.by_issue["tier"] == close(0.4)
    assert a.shortfall.by_issue["tier"] == close(0.4)
    assert a.utility == close(0.6)


def test_a_value_table_below_one_at_the_ideal() -> None:
    # v = (0.8, 0.5, 0.2, 0, 0), ideal a: concession at b is 0.8 - 0.5.
    table = (0.8, 0.5, 0.2, 0.0, 0.0)
    p = position("p", [stance(TIER, ideal="a", accept=["a", "b"], values=table)])
    assert positions.concession(p, offer("o", {TIER: "b"})).value == close(0.3)
    assert positions.utility(p, offer("o", {TIER: "b"})) == close(0.5)
    assert positions.utility(p, p.ideal) == close(0.8)
    assert positions.concession(p, p.ideal).value == 0.0


# ---------------------------------------------------------------------------
# The measure argument: checked, resolved issue by issue, reported.


def test_check_measure_accepts_and_refuses() -> None:
    check_measure([LAND, LEASE], None)
    check_measure([LAND, LEASE], "count")
    check_measure([LAND, LEASE], "pop")
    check_measure([LAND], {"land": "pop"})
    with pytest.raises(UnknownMeasureError, match=r"'depth' \(known: \['area', 'count', 'pop'\]"):
        check_measure([LAND, LEASE], "depth")
    with pytest.raises(UnknownMeasureError, match="has the measure 'count'"):
        check_measure([LEASE, TIER], "count")  # no weighted items at all
    with pytest.raises(UnknownMeasureError, match="'lease', which is not a weighted-item"):
        check_measure([LAND, LEASE], {"lease": "count"})
    with pytest.raises(UnknownMeasureError, match="no measure 'depth'"):
        check_measure([LAND], {"land": "depth"})


def test_measure_for_resolves_issue_by_issue() -> None:
    other = positions.ItemsIssue(
        "other", items=[positions.Item("x", measures={"depth": 2})], measures={"depth": "m"}
    )
    assert measure_for(LEASE, "pop") is None
    assert measure_for(LAND, None) == "area"
    assert measure_for(LAND, "pop") == "pop"
    assert measure_for(other, "pop") == "count"  # its default: it has no pop
    assert measure_for(LAND, {"other": "depth"}) == "area"
    assert measure_for(other, {"other": "depth"}) == "depth"


def test_every_measure_refuses_an_unknown_measure() -> None:
    a, b = first(), second()
    for call in (
        lambda: positions.concession(a, deal(), measure="depth"),
        lambda: positions.shortfall(a, deal(), measure="depth"),
        lambda: positions.utility(a, deal(), measure="depth"),
        lambda: positions.assess(a, deal(), measure="depth"),
        lambda: positions.distance(a, b, measure="depth"),
        lambda: positions.distance(a, b, measure="depth", method="ktab"),
        lambda: positions.movement(a, a, measure="depth"),
        lambda: positions.overlap(a, b, measure="depth"),
    ):
        with pytest.raises(UnknownMeasureError):
            call()


# ---------------------------------------------------------------------------
# Distance between positions: first() and second() share land, lease, tier.
#
# Mean weights: land (0.5 + 0.25) / 2 = 0.375, lease (0.25 + 0.5) / 2 =
# 0.375, tier (0.125 + 0.25) / 2 = 0.1875; covered 0.9375.
# Ideal distances: land (0, 1, 0.25) vs (1, 1, 1): count 1.75 / 3, area
# 0.5, pop 0.5625; lease 20 vs 50: 0.6; tier b vs e: 0.75.

MEAN_W = (0.375, 0.375, 0.1875)


def _minkowski(d_land: float, p: float) -> float:
    terms = zip(MEAN_W, (d_land, 0.6, 0.75), strict=True)
    return float(sum(w * d**p for w, d in terms) ** (1 / p))


def test_minkowski_distance_by_hand() -> None:
    a, b = first(), second()
    d1 = positions.distance(a, b)
    assert d1.value == close(0.553125)  # 0.1875 + 0.225 + 0.140625
    assert d1.covered == close(0.9375)
    assert d1.by_issue == pytest.approx({"land": 0.5, "lease": 0.6, "tier": 0.75})
    assert [t.weight for t in d1.terms] == [0.375, 0.375, 0.1875]
    # p = 2: sqrt(0.375 * 0.25 + 0.375 * 0.36 + 0.1875 * 0.5625)
    assert positions.distance(a, b, p=2).value == close(math.sqrt(0.33421875))
    # p = 3: (0.375 * 0.125 + 0.375 * 0.216 + 0.1875 * 0.421875) ** (1 / 3)
    assert positions.distance(a, b, p=3).value == close(0.2069765625 ** (1 / 3))


@pytest.mark.parametrize("p", [1, 2, 3, 1.5])
@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_minkowski_distance_honours_p_and_the_measure(p: float, measure: str) -> None:
    d = positions.distance(first(), second(), p=p, measure=measure)
    assert d.value == close(_minkowski(LAND_C[measure], p))
    assert d.terms[0].measure == measure
    assert positions.distance(second(), first(), p=p, measure=measure).value == close(d.value)


def test_ktab_distance_by_hand() -> None:
    # a's weights on the shared issues: 0.5, 0.25, 0.125; squares sum to
    # 0.328125. sqrt(((0.5 * 0.5)**2 + (0.25 * 0.6)**2 + (0.125 * 0.75)**2)
    # / 0.328125) = sqrt(0.0937890625 / 0.328125).
    ab = positions.distance(first(), second(), method="ktab")
    assert ab.value == close(math.sqrt(0.0937890625 / 0.328125))
    assert ab.covered == close(0.875)
    assert [t.weight for t in ab.terms] == [0.5, 0.25, 0.125]
    # b's weights 0.25, 0.5, 0.25: squares 0.375;
    # (0.25 * 0.5)**2 + (0.5 * 0.6)**2 + (0.25 * 0.75)**2 = 0.14078125.
    ba = positions.distance(second(), first(), method="ktab")
    assert ba.value == close(math.sqrt(0.14078125 / 0.375))
    assert ba.covered == close(1.0)
    # p does not enter it.
    assert positions.distance(first(), second(), method="ktab", p=3).value == ab.value


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_ktab_distance_honours_the_measure(measure: str) -> None:
    d = positions.distance(first(), second(), method="ktab", measure=measure)
    w, dist = (0.5, 0.25, 0.125), (LAND_C[measure], 0.6, 0.75)
    num = sum((wi * di) ** 2 for wi, di in zip(w, dist, strict=True))
    assert d.value == close(math.sqrt(num / sum(x * x for x in w)))
    assert d.terms[0].measure == measure


def test_ktab_distance_without_weight_on_shared_issues_is_zero() -> None:
    a = position(
        "a",
        [stance(LEASE, ideal=10, salience=0), stance(SEAT, ideal="oslo", salience=1)],
    )
    b = position("b", [stance(LEASE, ideal=60)], party=positions.Party("b", name="B"))
    d = positions.distance(a, b, method="ktab")
    assert d.value == 0.0
    assert d.covered == 0.0
    assert d.by_issue == {"lease": 1.0}


def test_distance_refuses_a_bad_order_or_method() -> None:
    a, b = first(), second()
    for bad in (0.5, 0, -1, math.inf, math.nan, True, "2"):
        with pytest.raises(InvalidArgumentError, match="p must be a finite number >= 1"):
            positions.distance(a, b, p=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"unknown distance method 'cosine' \(use one"):
        positions.distance(a, b, method="cosine")
    assert positions.distance(a, b, p=1.0).value == close(0.553125)


def test_distance_needs_two_positions() -> None:
    with pytest.raises(InvalidArgumentError, match="the first position must be a Position"):
        positions.distance(deal(), first())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="the second position must be a Position"):
        positions.distance(first(), deal())  # type: ignore[arg-type]


def test_issues_of_the_same_id_must_be_the_same_issue() -> None:
    other_lease = positions.ScaleIssue("lease", low=0, high=100)
    b = position("b", [stance(other_lease, ideal=50)], party=positions.Party("b", name="B"))
    with pytest.raises(IssueMismatchError, match="two different issues share the id 'lease'"):
        positions.distance(first(), b)
    with pytest.raises(IssueMismatchError):
        positions.distance(first(), b, method="ktab")
    with pytest.raises(IssueMismatchError):
        positions.overlap(first(), b)
    with pytest.raises(IssueMismatchError):
        positions.concession(first(), offer("o", {other_lease: 50}))


def test_an_equal_copy_of_an_issue_is_the_same_issue() -> None:
    # Built again from the same fields (as reading a case file twice does):
    # a different object, equal to LEASE, so nothing is refused.
    lease = positions.ScaleIssue("lease", low=10, high=60, unit="years")
    assert lease is not LEASE
    assert lease == LEASE
    p = position("p", [stance(LEASE, ideal=20)])
    assert positions.concession(p, offer("o", {lease: 45})).value == close(0.5)  # 25 / 50
    q = position("q", [stance(lease, ideal=30)], party=PARTY_B)
    assert positions.distance(p, q).value == close(0.2)  # 10 / 50


# ---------------------------------------------------------------------------
# Movement


def later() -> positions.Position:
    """first(), later: lease ideal 30 and red line [15, 45] (widened), tier
    red line {b, c} (narrowed), seat red line {geneva, vienna} (shifted)."""
    p = first()
    return attrs.evolve(
        p,
        id="later",
        stances=[
            p.stance("land"),
            stance(LEASE, ideal=30, accept=(15, 45), salience=2),
            stance(TIER, ideal="b", accept=["b", "c"], salience=1),
            stance(SEAT, ideal="geneva", accept=["geneva", "vienna"], salience=1),
        ],
    )


def test_movement_by_hand() -> None:
    m = positions.movement(first(), later(), towards=second())
    # The ideal moved on the lease only, 10 / 50, weighted 0.25.
    assert m.distance.value == close(0.05)
    assert m.distance.covered == 1.0
    assert m.party == "alpha"
    assert (m.earlier, m.later, m.towards) == ("first", "later", "second")
    rows = {r.issue: r for r in m.by_issue}
    assert [r.issue for r in m.by_issue] == ["land", "lease", "tier", "seat"]
    assert {k: r.change for k, r in rows.items()} == {
        "land": "unchanged",
        "lease": "widened",
        "tier": "narrowed",
        "seat": "shifted",
    }
    assert rows["lease"].ideal_moved == close(0.2)
    assert rows["land"].ideal_moved == 0.0
    # Lease: 20 -> 30 against 50 is towards (0.6 to 0.4); the gap to
    # [40, 60] closes from 10 / 50 to 0.
    assert rows["lease"].ideal == "towards"
    assert rows["lease"].gap_before == close(0.2)
    assert rows["lease"].gap_after == 0.0
    assert rows["lease"].red_line == "towards"
    # Tier: {a, b, c} and then {b, c} are one step from {d, e} either way.
    assert rows["tier"].gap_before == close(0.25)
    assert rows["tier"].gap_after == close(0.25)
    assert rows["tier"].red_line == "unchanged"
    assert rows["tier"].ideal == "unchanged"
    # Land: the same ideal and red line; the gap (area): a 0 vs free, b
    # free vs 1, c [0, 0.75] vs [0.5, 1]: 0.
    assert rows["land"].gap_before == 0.0
    assert rows["land"].ideal == "unchanged"
    # The counterpart does not address the seat.
    assert rows["seat"].ideal is None
    assert rows["seat"].red_line is None
    assert m.directions == (("land", "unchanged"), ("lease", "towards"), ("tier", "unchanged"))
    assert [r.issue for r in m.changes] == ["lease", "tier", "seat"]


def test_movement_away_from_the_counterpart() -> None:
    p = first()
    away = attrs.evolve(
        p, id="away", stances=[stance(LEASE, ideal=15, accept=(15, 20), salience=2)]
    )
    m = positions.movement(p, away, towards=second())
    lease = next(r for r in m.by_issue if r.issue == "lease")
    assert lease.ideal == "away"  # 0.6 -> 0.7
    assert lease.gap_before == close(0.2)
    assert lease.gap_after == close(0.4)  # [15, 20] to [40, 60]
    assert lease.red_line == "away"
    assert lease.change == "narrowed"
    # Only the lease is shared; the weights are 0.25 and 1: mean 0.625.
    assert m.distance.value == close(0.625 * 0.1)
    dropped = {r.issue: r.change for r in m.by_issue if r.change == "dropped"}
    assert dropped == {"land": "dropped", "tier": "dropped", "seat": "dropped"}
    assert all(r.ideal_moved is None for r in m.by_issue if r.change == "dropped")
    back = positions.movement(away, attrs.evolve(p, id="back"))
    assert {r.issue: r.change for r in back.by_issue if r.change == "added"} == {
        "land": "added",
        "tier": "added",
        "seat": "added",
    }


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_movement_honours_the_measure_and_p(measure: str) -> None:
    p = first()
    moved = attrs.evolve(
        p,
        id="moved",
        stances=[
            stance(LAND, ideal=(1.0, 1.0, 1.0), accept={"c": (0, 1)}, salience=4),
            *p.stances[1:],
        ],
    )
    m = positions.movement(p, moved, towards=second(), measure=measure, p=2)
    land = m.by_issue[0]
    assert land.ideal_moved == close(LAND_C[measure])
    assert m.distance.value == close(math.sqrt(0.5 * LAND_C[measure] ** 2))
    assert land.ideal == "towards"  # now second's ideal
    # Gap from the new red line (a, b free, c free) to second's is 0;
    # before it was 0 too (c meets at [0.5, 0.75]).
    assert land.gap_after == 0.0


def test_movement_gap_honours_the_measure() -> None:
    p = first()
    narrow = attrs.evolve(
        p,
        id="narrow",
        stances=[stance(LAND, ideal=(0.0, 0.0, 0.0), accept={"a": 0, "b": 0, "c": 0}, salience=4)],
    )
    m = positions.movement(p, narrow, towards=second(), measure="pop")
    land = m.by_issue[0]
    # Against b = 1 and c in [0.5, 1]: apart by 1 on b and 0.5 on c.
    assert land.gap_after == close(items_distance((0, 1, 0.5), (0, 0, 0), SIZES["pop"]))
    assert land.gap_after == close(0.625)  # (1 + 1.5) / 4
    assert land.ideal_moved == close(items_distance((0, 1, 0.25), (0, 0, 0), SIZES["pop"]))


def test_movement_direction_honours_the_measure() -> None:
    # Ideal and red line are single points: (0, 0, 0) before, (1, 1, 1)
    # after, against (0, 0, 1). By count 1/3 then 2/3 away; by area 4/8
    # then 4/8, unchanged; by pop 3/4 then 1/4, towards. The gaps between
    # the points are the same distances.
    def point(
        pid: str, x: tuple[float, float, float], party: positions.Party
    ) -> positions.Position:
        box = {"a": x[0], "b": x[1], "c": (x[2], x[2])}
        return position(pid, [stance(LAND, ideal=x, accept=box)], party=party)

    before = point("before", (0.0, 0.0, 0.0), PARTY_A)
    after = point("after", (1.0, 1.0, 1.0), PARTY_A)
    target = point("target", (0.0, 0.0, 1.0), PARTY_B)
    want = {"count": "away", "area": "unchanged", "pop": "towards"}
    gaps = {"count": (1 / 3, 2 / 3), "area": (0.5, 0.5), "pop": (0.75, 0.25)}
    for name, direction in want.items():
        (land,) = positions.movement(before, after, towards=target, measure=name).by_issue
        assert land.ideal == direction
        assert land.red_line == direction
        assert (land.gap_before, land.gap_after) == pytest.approx(gaps[name])
    (land,) = positions.movement(before, after, towards=target).by_issue
    assert land.ideal == "unchanged"  # the default measure, area


def test_movement_direction_uses_one_measure_on_both_sides() -> None:
    # Ideals (1, 0, 0) before and (0, 1, 0) after, against (0, 0, 0). By
    # count both are 1/3 away: unchanged. By area they are 1/8 and 3/8:
    # away, as with either side measured by area and the other by count
    # (1/8 against 1/3, or 1/3 against 3/8).
    before = position("before", [stance(LAND, ideal=(1.0, 0.0, 0.0))])
    after = position("after", [stance(LAND, ideal=(0.0, 1.0, 0.0))])
    target = position("target", [stance(LAND, ideal=(0.0, 0.0, 0.0))], party=PARTY_B)
    (land,) = positions.movement(before, after, towards=target, measure="count").by_issue
    assert land.ideal == "unchanged"
    assert land.ideal_moved == close(2 / 3)
    (land,) = positions.movement(before, after, towards=target).by_issue
    assert land.ideal == "away"
    assert land.ideal_moved == close(4 / 8)


def test_movement_checks_the_measure_against_the_counterpart_too() -> None:
    # Only the counterpart has weighted items: the measure is known there.
    p = position("p", [stance(LEASE, ideal=20)])
    q = attrs.evolve(p, id="q", stances=[stance(LEASE, ideal=30)])
    m = positions.movement(p, q, towards=second(), measure="pop")
    assert m.by_issue[0].ideal == "towards"
    with pytest.raises(UnknownMeasureError):
        positions.movement(p, q, measure="pop")


def test_movement_is_between_positions_of_one_party_in_date_order() -> None:
    import datetime as dt

    p = first()
    with pytest.raises(InvalidArgumentError, match=r"one party \(got 'alpha' and 'beta'\)"):
        positions.movement(p, second())
    early = attrs.evolve(p, date=dt.date(2020, 1, 1))
    late = attrs.evolve(p, id="late", date=dt.date(2021, 1, 1))
    with pytest.raises(InvalidArgumentError, match="'late' is dated after 'first'; swap them"):
        positions.movement(late, early)
    assert positions.movement(early, late).distance.value == 0.0
    same_day = attrs.evolve(p, id="same", date=dt.date(2020, 1, 1))
    assert positions.movement(early, same_day).distance.value == 0.0
    with pytest.raises(InvalidArgumentError, match="the earlier position must be a Position"):
        positions.movement(deal(), p)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="the later position must be a Position"):
        positions.movement(p, deal())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="the counterpart"):
        positions.movement(p, p, towards=deal())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="p must be"):
        positions.movement(p, p, p=0.5)


def test_set_change_compares_the_sets() -> None:
    assert set_change(LEASE, Interval(20, 30), Interval(20, 30)) == "unchanged"
    assert set_change(LEASE, Interval(20, 30), Interval(15, 30)) == "widened"
    assert set_change(LEASE, Interval(15, 30), Interval(20, 30)) == "narrowed"
    assert set_change(LEASE, Interval(15, 30), Interval(20, 35)) == "shifted"
    assert set_change(TIER, Levels({"a"}), Levels({"a", "b"})) == "widened"
    whole = LAND.whole()
    part = Box((Interval(0, 0), Interval(0, 1), Interval(0, 1)))
    assert set_change(LAND, whole, part) == "narrowed"


def test_issue_movement_properties() -> None:
    m = IssueMovement("x", "unchanged", 0.0, "unchanged", 0.3, 0.3)
    assert m.red_line == "unchanged"
    assert not m.changed
    assert IssueMovement("x", "unchanged", 0.1).changed
    assert IssueMovement("x", "widened", 0.0).changed
    assert IssueMovement("x", "added", None).changed
    assert IssueMovement("x", "unchanged", None).red_line is None
    assert IssueMovement("x", "unchanged", 0.0, gap_before=0.2).red_line is None
    assert IssueMovement("x", "unchanged", 0.0, gap_after=0.2).red_line is None
    assert IssueMovement("x", "unchanged", 0.0, gap_before=0.1, gap_after=0.2).red_line == "away"


# ---------------------------------------------------------------------------
# Overlap of first() and second(): per issue the intersection, the gap and
# the ratio.
#
# land: a 0 vs free, b free vs 1, c [0, 0.75] vs [0.5, 1]: they meet in
#   (0, 1, [0.5, 0.75]); ratios a {0} of {0, 1}: 1/2, b 1/2, c 0.25 / 1;
#   count (1/2 * 1/2 * 1/4) ** (1/3) = 2 ** (-4/3), area
#   (2 ** -1 * 2 ** -3 * 2 ** -8) ** (1/8) = 2 ** -1.5, pop (a left out)
#   (2 ** -1 * 2 ** -6) ** (1/4) = 2 ** (-7/4).
# lease: [15, 30] vs [40, 60]: apart by 10 / 50 = 0.2, ratio 0.
# tier: {a, b, c} vs {d, e}: one step, 0.25; ratio 0.
# seat: {geneva, oslo} vs the whole issue: meet in {geneva, oslo}, ratio 2/3.

LAND_RATIO = {"count": 2 ** (-4 / 3), "area": 2**-1.5, "pop": 2 ** (-7 / 4)}


def test_overlap_by_hand() -> None:
    o = positions.overlap(first(), second())
    assert o.positions == ("first", "second")
    assert [i.issue for i in o.by_issue] == ["land", "lease", "tier", "seat"]
    assert o.empty
    assert o.blocking == ("lease", "tier")
    assert o.zone is None
    assert o.gaps == pytest.approx({"land": 0.0, "lease": 0.2, "tier": 0.25, "seat": 0.0})
    land = o.issue("land")
    assert land.intersection == Box((Interval(0, 0), Interval(1, 1), Interval(0.5, 0.75)))
    assert not land.blocking
    assert land.ratio == close(LAND_RATIO["area"])
    assert land.measure == "area"
    assert o.issue("lease").intersection is None
    assert o.issue("lease").blocking
    assert o.issue("lease").ratio == 0.0
    assert o.issue("tier").ratio == 0.0
    assert o.issue("seat").intersection == Levels({"geneva", "oslo"})
    assert o.issue("seat").ratio == close(2 / 3)
    with pytest.raises(KeyError, match="nothing"):
        o.issue("nothing")


@pytest.mark.parametrize("measure", ["count", "area", "pop"])
def test_overlap_honours_the_measure(measure: str) -> None:
    o = positions.overlap(first(), second(), measure=measure)
    assert o.issue("land").ratio == close(LAND_RATIO[measure])
    assert o.issue("land").measure == measure


def test_overlap_gap_honours_the_measure() -> None:
    a = position("a", [stance(LAND, ideal=(0.0, 0.0, 0.0), accept={"a": 0, "b": 0, "c": 0})])
    b = second()
    # Apart on b by 1 and on c by 0.5.
    for name, sizes in SIZES.items():
        gap = positions.overlap(a, b, measure=name).gaps["land"]
        assert gap == close(items_distance((0, 1, 0.5), (0, 0, 0), sizes))


def test_a_zone_that_exists() -> None:
    p = first()
    q = position(
        "q",
        [
            stance(LEASE, ideal=30, accept=(25, 45)),
            stance(TIER, ideal="c", accept=["c", "d"]),
        ],
        party=PARTY_A,
    )
    o = positions.overlap(p, q)
    assert not o.empty
    assert o.blocking == ()
    assert o.zone == {
        "land": p.stance("land").accept,
        "lease": Interval(25, 30),
        "tier": Levels({"c"}),
        "seat": Levels({"geneva", "oslo"}),
    }
    # [25, 30] of [15, 45]: 5 / 30; {c} of {a, b, c, d}: 1/4.
    assert o.issue("lease").ratio == close(5 / 30)
    assert o.issue("tier").ratio == close(0.25)
    # Only p addresses land: its box against the whole issue, item ratios
    # a {0} of {0, 1}: 1/2, b 1, c [0, 0.75] of [0, 1]: 3/4.
    assert o.issue("land").ratio == close(geometric_mean((0.5, 1.0, 0.75), SIZES["area"]))
    assert o.issue("land").ratio == close((0.5 * 0.75**4) ** (1 / 8))


def test_overlap_of_three_positions_sums_the_stretch() -> None:
    a = position("a", [stance(LEASE, ideal=10, accept=(10, 15))])
    b = position("b", [stance(LEASE, ideal=22, accept=(20, 25))])
    c = position("c", [stance(LEASE, ideal=50, accept=(40, 60))])
    # At any x in [20, 25]: (x - 15) + 0 + (40 - x) = 25; 25 / 50.
    assert positions.overlap(a, b, c).gaps["lease"] == close(0.5)


def test_overlap_refuses_non_positions() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^overlap needs at least one position$"):
        positions.overlap()
    with pytest.raises(InvalidArgumentError, match="argument 2 of overlap must be a Position"):
        positions.overlap(first(), deal())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# What results rest on.


def _claim(pos: str, issue: str | None, kind: str, status: str) -> Claim:
    return Claim(pos, issue, kind, status)  # type: ignore[arg-type]


def test_rests_on_keeps_each_claim_that_is_not_stated_once() -> None:
    claims = [
        _claim("p", "x", "accept", "inferred"),
        _claim("p", "x", "accept", "inferred"),
        _claim("p", "x", "ideal", "stated"),
        _claim("p", "y", "accept", "reported"),
        _claim("q", "x", "accept", "inferred"),
        _claim("p", None, "reservation", "inferred"),
    ]
    assert rests_on(claims) == (claims[0], claims[3], claims[4], claims[5])


def test_assess_rests_on_the_claims_it_uses() -> None:
    p = position(
        "p",
        [
            marked(stance(LEASE, ideal=20, accept=(15, 30)), accept="inferred"),
            marked(stance(SEAT, ideal="geneva"), ideal="reported"),
        ],
        reservation=0.5,
    )
    p = attrs.evolve(p, reservation_evidence=Evidence("inferred"))
    # A partial offer on the lease: its ideal and red line, and the
    # saliences (two issues, so the weights depend on them: stated here).
    part = positions.assess(p, offer("o", {LEASE: 25}))
    assert [c.path for c in part.rests_on] == ["accept.lease"]
    # A complete offer also rests on every ideal and the reservation level.
    full = positions.assess(p, offer("o", {LEASE: 25, SEAT: "oslo"}))
    assert [c.path for c in full.rests_on] == ["accept.lease", "ideal.seat", "reservation"]
    assert [c.status for c in full.rests_on] == ["inferred", "reported", "inferred"]


def test_weights_rest_on_saliences_only_with_two_issues_or_more() -> None:
    single = position("p", [marked(stance(LEASE, ideal=20), salience="inferred")])
    assert positions.assess(single, offer("o", {LEASE: 25})).rests_on == ()
    assert positions.movement(single, single).rests_on == ()
    two = position(
        "p",
        [marked(stance(LEASE, ideal=20), salience="inferred"), marked(stance(SEAT, ideal="oslo"))],
    )
    a = positions.assess(two, offer("o", {LEASE: 25}))
    assert [c.path for c in a.rests_on] == ["salience.lease"]
    m = positions.movement(two, two)
    assert [c.path for c in m.rests_on] == ["salience.lease"]


def test_movement_rests_on_ideals_red_lines_and_the_counterpart() -> None:
    p = position("p", [marked(stance(LEASE, ideal=20, accept=(15, 30)), accept="inferred")])
    q = attrs.evolve(p, id="q", stances=[marked(stance(LEASE, ideal=25), ideal="inferred")])
    other = position(
        "o",
        [marked(stance(LEASE, ideal=50, accept=(40, 60)), accept="reported")],
        party=PARTY_B,
    )
    m = positions.movement(p, q, towards=other)
    assert [(c.position, c.path) for c in m.rests_on] == [
        ("q", "ideal.lease"),
        ("p", "accept.lease"),
        ("o", "accept.lease"),
    ]
    assert [(c.position, c.path) for c in m.by_issue[0].rests_on] == [
        ("p", "accept.lease"),
        ("q", "ideal.lease"),
        ("o", "accept.lease"),
    ]
    # Without a counterpart, only the party's own claims.
    alone = positions.movement(p, q)
    assert [(c.position, c.path) for c in alone.by_issue[0].rests_on] == [
        ("p", "accept.lease"),
        ("q", "ideal.lease"),
    ]
    # An issue only one position addresses rests on that position's claims.
    two = attrs.evolve(
        q, stances=[*q.stances, marked(stance(SEAT, ideal="oslo"), accept="inferred")]
    )
    moved = positions.movement(p, two)
    added = moved.by_issue[1]
    assert added.change == "added"
    assert [(c.position, c.path) for c in added.rests_on] == [("q", "accept.seat")]
    # The movement as a whole rests on the claims of every issue.
    assert [(c.position, c.path) for c in moved.rests_on] == [
        ("q", "ideal.lease"),
        ("p", "accept.lease"),
        ("q", "accept.seat"),
    ]


def test_overlap_rests_on_the_red_lines_that_decide_it() -> None:
    a = position(
        "a",
        [
            marked(stance(LEASE, ideal=20, accept=(15, 30))),
            marked(stance(SEAT, ideal="geneva", accept=["geneva"]), accept="inferred"),
        ],
    )
    b = position(
        "b",
        [
            marked(stance(LEASE, ideal=50, accept=(40, 60)), accept="inferred"),
            marked(stance(SEAT, ideal="oslo", accept=["oslo"])),
        ],
        party=PARTY_B,
    )
    o = positions.overlap(a, b)
    assert o.blocking == ("lease", "seat")
    # Both issues block; each blocking issue rests on an inferred red line.
    assert [(c.position, c.path) for c in o.rests_on] == [
        ("b", "accept.lease"),
        ("a", "accept.seat"),
    ]
    assert [(c.position, c.path) for c in o.issue("lease").rests_on] == [("b", "accept.lease")]
    # An issue blocked by stated red lines alone keeps the zone empty
    # whatever the others say: then it rests on nothing.
    c = position(
        "b", [marked(stance(LEASE, ideal=50, accept=(40, 60))), b.stances[1]], party=PARTY_B
    )
    assert positions.overlap(a, c).rests_on == ()
    # A zone that exists rests on every red line that bounds it.
    d = position(
        "b",
        [
            marked(stance(LEASE, ideal=25, accept=(25, 60)), accept="inferred"),
            marked(stance(SEAT, ideal="geneva", accept=["geneva", "oslo"])),
        ],
        party=PARTY_B,
    )
    z = positions.overlap(a, d)
    assert not z.empty
    assert [(c.position, c.path) for c in z.rests_on] == [
        ("b", "accept.lease"),
        ("a", "accept.seat"),
    ]


# ---------------------------------------------------------------------------
# Small pieces.


def test_breakdown_and_issue_term() -> None:
    b = Breakdown(0.25, (IssueTerm("a", 0.5, 0.5, "count"), IssueTerm("b", 0.5, 0.0)), 1.0)
    assert b.by_issue == {"a": 0.5, "b": 0.0}
    assert float(b) == 0.25
    assert b.terms[0].measure == "count"
    assert b.terms[1].measure is None


def test_positions_and_offers_swapped_are_named() -> None:
    o: Any = deal()
    p = first()
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: positions.distance(o, p), "the first position"),
        (lambda: positions.distance(p, o), "the second position"),
        (lambda: positions.distance(o, p, method="ktab"), "the first position"),
        (lambda: positions.movement(o, p), "the earlier position"),
        (lambda: positions.movement(p, o), "the later position"),
        (lambda: positions.movement(p, p, towards=o), "the counterpart (towards)"),
        (lambda: positions.overlap(p, o), "argument 2 of overlap"),
        (lambda: positions.overlap(o), "argument 1 of overlap"),
    ]
    for call, what in cases:
        with pytest.raises(InvalidArgumentError) as info:
            call()
        assert str(info.value) == (
            f"{what} must be a Position (got an Offer; are the position and the offer swapped?)"
        )


def test_wrong_arguments_are_named() -> None:
    with pytest.raises(
        InvalidArgumentError,
        match=r"the position must be a Position \(got an Offer; are the position and the "
        r"offer swapped\?\)",
    ):
        positions.concession(deal(), first())  # type: ignore[arg-type]
    with pytest.raises(
        InvalidArgumentError, match=r"the offer must be an? Offer \(got a Position; are the offer"
    ):
        positions.concession(first(), first())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"the offer must be an? Offer \(got a str\)$"):
        positions.shortfall(first(), "deal")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"\(got an int\)$"):
        positions.utility(1, deal())  # type: ignore[arg-type]
