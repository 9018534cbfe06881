"""The model finds issues, stances, terms and a case's objects by id, in
constant time, and keeps finding them after ``attrs.evolve``."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

import positions
from positions import Case
from positions import strategies as pst


def test_case_finds_its_objects_by_id() -> None:
    case = positions.load_case("kuril-islands")
    for kind in ("issue", "party", "position", "offer"):
        objs = getattr(case, f"{kind}s" if kind != "party" else "parties")
        find = getattr(case, kind)
        for obj in objs:
            assert find(obj.id) is obj
        with pytest.raises(KeyError, match=f"has no {kind} 'nothing'"):
            find("nothing")
        with pytest.raises(KeyError):
            find(["not", "hashable"])


def test_offer_and_position_lookups() -> None:
    case = positions.load_case("harbour")
    city = case.position("city-2024")
    offer = case.offer("lease-only")
    assert city.issue_ids == tuple(s.issue.id for s in city.stances)
    assert offer.issue_ids == tuple(t.issue.id for t in offer.terms)
    for s in city.stances:
        assert city.stance(s.issue.id) is s
        assert city.addresses(s.issue.id)
    for t in offer.terms:
        assert offer.term(t.issue.id) is t
        assert offer.settles(t.issue.id)
    assert offer.term("years") is None
    assert offer.term(["unhashable"]) is None  # type: ignore[arg-type]
    assert not offer.settles("years")
    assert not city.addresses("tolls")
    with pytest.raises(KeyError, match="tolls"):
        city.stance("tolls")
    with pytest.raises(KeyError):
        city.stance(["unhashable"])  # type: ignore[arg-type]
    o = positions.overlap(*case.positions)
    assert o.issue("years") is o.by_issue[[i.issue for i in o.by_issue].index("years")]
    with pytest.raises(KeyError, match="tolls"):
        o.issue("tolls")


@given(pst.cases(max_issues=4, max_positions=4, max_offers=3))
def test_lookups_survive_evolve(case: Case) -> None:
    """The id tables are rebuilt with the object: an evolved position,
    offer or case finds what it now holds."""
    for p in case.positions:
        kept = next(s for s in p.stances if s.salience > 0)
        q = attrs.evolve(p, stances=[kept], readings=(), status=None)
        assert q.issue_ids == (kept.issue.id,)
        assert q.stance(kept.issue.id) is kept
        assert all(not q.addresses(i) for i in p.issue_ids if i != kept.issue.id)
    for o in case.offers:
        later = attrs.evolve(o, terms=o.terms[-1:])
        assert later.issue_ids == (o.terms[-1].issue.id,)
        assert later.term(o.terms[-1].issue.id) is o.terms[-1]
    if case.positions:
        fewer = attrs.evolve(case, positions=case.positions[1:])
        with pytest.raises(KeyError):
            fewer.position(case.positions[0].id)
