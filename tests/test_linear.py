"""The case-wide reports give the same results as they did when they called
the one-at-a-time measures for every pair (``reference_reports``)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import Case, Offer, Position, Term
from positions import strategies as pst
from positions._report import Report, compare, overlaps, timeline
from reference_reports import old_compare, old_overlaps, old_timeline

STATUS = st.sampled_from(["inferred", "reported", "stated"])


def _same(new: Report, old: Report) -> None:
    """Equal data, tables and flat table, and the same JSON text (so that
    every float is the same, sign of zero included)."""
    assert new == old
    assert json.dumps(new.data, default=repr) == json.dumps(old.data, default=repr)


def _measures(case: Case) -> list[Any]:
    items = [i for i in case.issues if isinstance(i, positions.ItemsIssue)]
    return [None, "count"] if items else [None]


@given(pst.cases(max_issues=5, max_positions=6, max_offers=5), STATUS)
def test_compare_equals_the_pair_by_pair_report(case: Case, min_status: Any) -> None:
    for measure in _measures(case):
        _same(
            compare(case, measure=measure, min_status=min_status),
            old_compare(case, measure=measure, min_status=min_status),
        )


@given(pst.cases(max_issues=4, max_positions=5, max_offers=4), st.data())
def test_compare_of_some_positions_and_offers(case: Case, data: st.DataObject) -> None:
    if not case.positions or not case.offers:
        return
    chosen = data.draw(st.lists(st.sampled_from([p.id for p in case.positions]), unique=True))
    offers = data.draw(st.lists(st.sampled_from([o.id for o in case.offers]), unique=True))
    kwargs: dict[str, Any] = {"positions": chosen or None, "offers": offers or None}
    _same(compare(case, **kwargs), old_compare(case, **kwargs))


@given(pst.cases(max_issues=5, max_positions=6), STATUS)
def test_overlaps_equal_the_pair_by_pair_report(case: Case, min_status: Any) -> None:
    for measure in _measures(case):
        _same(
            overlaps(case, measure=measure, min_status=min_status),
            old_overlaps(case, measure=measure, min_status=min_status),
        )


@given(pst.cases(max_issues=5, max_positions=6), STATUS, st.sampled_from([1, 2, 3.5]))
def test_timeline_equals_the_pair_by_pair_report(case: Case, min_status: Any, p: float) -> None:
    for measure in _measures(case):
        _same(
            timeline(case, measure=measure, p=p, min_status=min_status),
            old_timeline(case, measure=measure, p=p, min_status=min_status),
        )


def test_bundled_cases_report_as_before() -> None:
    for name in positions.bundled_cases():
        case = positions.load_case(name)
        for measure in _measures(case):
            _same(compare(case, measure=measure), old_compare(case, measure=measure))
            _same(overlaps(case, measure=measure), old_overlaps(case, measure=measure))
            _same(timeline(case, measure=measure), old_timeline(case, measure=measure))


def test_a_negative_zero_keeps_its_own_terms() -> None:
    """Two offers whose values differ only in the sign of a zero share no
    memoised terms, so the report writes each as assess gives it."""
    scale = positions.ScaleIssue("x", low=-1, high=1)
    party = positions.Party("a", name="A")
    p = Position("p", party=party, stances=[positions.Stance(scale, 0.0)])
    offers = [Offer("plus", terms=[Term(scale, 0.0)]), Offer("minus", terms=[Term(scale, -0.0)])]
    case = Case("z", title="Zeros", issues=[scale], parties=[party], positions=[p], offers=offers)
    _same(compare(case), old_compare(case))
