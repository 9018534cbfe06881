"""The invariants of DESIGN section 4, as property tests over the library's
own public strategies (:mod:`positions.strategies`)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import positions
from positions import Issue, ItemsIssue, Offer, Position, Term
from positions import strategies as pst

TOL = 1e-9


def close(x: float) -> object:
    """Equal up to rounding (a few ulps of the values compared)."""
    return pytest.approx(x, rel=1e-9, abs=1e-12)


@st.composite
def issue_with_values(draw: st.DrawFn, n: int) -> tuple[Issue, list[positions.Value]]:
    issue = draw(pst.issues())
    return issue, [draw(pst.values(issue)) for _ in range(n)]


def measures_of(issue: Issue) -> tuple[str | None, ...]:
    return issue.measure_names if isinstance(issue, ItemsIssue) else (None,)


@given(issue_with_values(3))
def test_every_issue_distance_is_a_metric_into_unit_interval(
    drawn: tuple[Issue, list[positions.Value]],
) -> None:
    issue, (x, y, z) = drawn
    for m in measures_of(issue):
        dxy = issue.distance(x, y, measure=m)
        assert 0.0 <= dxy <= 1.0
        assert issue.distance(x, x, measure=m) == 0.0
        assert (dxy == 0.0) == (x == y)
        assert dxy == issue.distance(y, x, measure=m)
        triangle = issue.distance(x, z, measure=m)
        assert triangle <= dxy + issue.distance(y, z, measure=m) + TOL


@st.composite
def position_and_offer(draw: st.DrawFn) -> tuple[tuple[Issue, ...], Position, Offer]:
    issues, position = draw(pst.issues_and_positions())
    # An offer that settles none of the position's issues cannot be measured
    # against it (the measures refuse it; tested in test_bad_input).
    offer = draw(pst.offers(issues).filter(position.settled_by))
    return issues, position, offer


@given(pst.issues_and_positions())
def test_the_ideal_costs_nothing(drawn: tuple[tuple[Issue, ...], Position]) -> None:
    _, position = drawn
    ideal = position.ideal
    assert positions.concession(position, ideal).value == 0.0
    assert positions.shortfall(position, ideal).value == 0.0
    assert positions.utility(position, ideal) == close(1.0)
    assert positions.is_acceptable(position, ideal) == (
        position.reservation is None or position.reservation <= 1.0
    )


@given(position_and_offer())
def test_shortfall_is_at_most_concession_within_unit_interval(
    drawn: tuple[tuple[Issue, ...], Position, Offer],
) -> None:
    _, position, offer = drawn
    c = positions.concession(position, offer)
    s = positions.shortfall(position, offer)
    assert 0.0 <= s.value <= c.value + TOL
    assert c.value <= c.covered + TOL <= 1.0 + 2 * TOL
    for ct, stt in zip(c.terms, s.terms, strict=True):
        assert ct.issue == stt.issue
        assert 0.0 <= stt.amount <= ct.amount <= 1.0


@given(position_and_offer(), st.floats(0.01, 100))
def test_measures_do_not_change_when_saliences_are_scaled(
    drawn: tuple[tuple[Issue, ...], Position, Offer], factor: float
) -> None:
    _, position, offer = drawn

    def scale(s: positions.Stance) -> positions.Stance:
        r = s.salience_range
        wider = None if r is None else positions.Interval(r.low * factor, r.high * factor)
        return attrs.evolve(s, salience=s.salience * factor, salience_range=wider)

    scaled = attrs.evolve(position, stances=[scale(s) for s in position.stances], readings=())
    for measure in (positions.concession, positions.shortfall):
        assert measure(scaled, offer).value == close(measure(position, offer).value)


@given(position_and_offer())
def test_shortfall_is_zero_exactly_when_the_red_lines_hold(
    drawn: tuple[tuple[Issue, ...], Position, Offer],
) -> None:
    _, position, offer = drawn
    a = positions.assess(position, offer)
    inside = {
        s.issue.id: s.issue.contains(s.accept, offer.value(s.issue.id))
        for s in position.stances
        if offer.term(s.issue.id) is not None
    }
    # Per issue, by membership: the unweighted shortfall is 0 exactly inside.
    for term in a.shortfall.terms:
        assert (term.amount == 0.0) == inside[term.issue]
    # In total: an issue of salience 0 keeps its red line but weighs nothing.
    weighed = [i for i in inside if position.weight(i) > 0]
    assert (a.shortfall.value == 0.0) == all(inside[i] for i in weighed)
    assert set(a.unacceptable_issues) == {i for i, ok in inside.items() if not ok}
    if position.reservation is None or not a.complete:
        assert a.acceptable == all(inside.values())


@st.composite
def several_positions(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 3
) -> tuple[tuple[Issue, ...], list[Position]]:
    issues = draw(pst.issue_lists(max_size=3))
    n = draw(st.integers(min_size, max_size))
    return issues, [draw(pst.positions(issues)) for _ in range(n)]


@given(several_positions(min_size=2, max_size=2))
def test_overlap_is_commutative(drawn: tuple[tuple[Issue, ...], list[Position]]) -> None:
    _, (a, b) = drawn
    ab, ba = positions.overlap(a, b), positions.overlap(b, a)
    assert ab.empty == ba.empty
    assert {i.issue: i.intersection for i in ab.by_issue} == {
        i.issue: i.intersection for i in ba.by_issue
    }
    for i in ab.by_issue:
        j = ba.issue(i.issue)
        assert i.gap == close(j.gap)
        assert i.ratio == close(j.ratio)


@given(several_positions(min_size=3, max_size=3))
def test_overlap_is_associative(drawn: tuple[tuple[Issue, ...], list[Position]]) -> None:
    issues, (a, b, c) = drawn
    whole = positions.overlap(a, b, c)
    ab = positions.overlap(a, b)
    for issue in issues:
        if not any(issue.id in p.issue_ids for p in (a, b, c)):
            continue
        left = ab.issue(issue.id).intersection if issue.id in ab.gaps else issue.whole()
        c_set = c.stance(issue.id).accept if issue.id in c.issue_ids else issue.whole()
        expected = None if left is None else issue.intersect([left, c_set])
        assert whole.issue(issue.id).intersection == expected


@given(pst.issues_and_positions())
def test_overlap_of_a_position_with_itself_is_its_acceptable_set(
    drawn: tuple[tuple[Issue, ...], Position],
) -> None:
    _, p = drawn
    for o in (positions.overlap(p), positions.overlap(p, p)):
        assert not o.empty
        assert o.zone == {s.issue.id: s.accept for s in p.stances}
        assert all(i.gap == 0.0 and i.ratio == 1.0 for i in o.by_issue)


@given(several_positions())
def test_zone_lies_inside_every_acceptable_set_and_is_empty_iff_a_gap_is_positive(
    drawn: tuple[tuple[Issue, ...], list[Position]],
) -> None:
    _, ps = drawn
    o = positions.overlap(*ps)
    assert o.empty == any(g > 0 for g in o.gaps.values())
    for row in o.by_issue:
        assert 0.0 <= row.ratio <= 1.0
        assert (row.ratio == 0.0) >= row.blocking  # disjoint sets have ratio 0
    zone = o.zone
    if zone is None:
        return
    for p in ps:
        for s in p.stances:
            assert s.issue.intersect([zone[s.issue.id], s.accept]) == zone[s.issue.id]


@given(several_positions(), st.data())
def test_an_offer_inside_the_zone_respects_every_red_line(
    drawn: tuple[tuple[Issue, ...], list[Position]], data: st.DataObject
) -> None:
    issues, ps = drawn
    zone = positions.overlap(*ps).zone
    assume(zone is not None)
    assert zone is not None
    terms = [
        Term(issue, data.draw(pst.values(issue, within=zone[issue.id])))
        for issue in issues
        if issue.id in zone
    ]
    offer = Offer("in-zone", terms=terms)
    for p in ps:
        a = positions.assess(p, offer)
        assert a.shortfall.value == 0.0
        assert not a.unacceptable_issues
        if p.reservation is None:
            assert a.acceptable


@given(several_positions(min_size=2, max_size=2), st.sampled_from([1, 2, 3.5]))
def test_distance_is_symmetric_and_zero_between_equal_ideals(
    drawn: tuple[tuple[Issue, ...], list[Position]], p: float
) -> None:
    _, (a, b) = drawn
    ab = positions.distance(a, b, p=p).value
    assert ab == close(positions.distance(b, a, p=p).value)
    assert 0.0 <= ab <= 1.0 + TOL
    assert positions.distance(a, a, p=p).value == 0.0


@given(pst.cases())
def test_load_of_dump_is_the_case(case: positions.Case) -> None:
    assert positions.loads_case(positions.dumps_case(case)) == case
