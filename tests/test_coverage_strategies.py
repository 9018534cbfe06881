"""The Hypothesis strategies: the arguments the other tests leave out, given
and misused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import positions
from positions import Interval, Party, Position, ScaleIssue, Source
from positions import strategies as pst

PRICE = ScaleIssue("price", low=0, high=100)
PACE = positions.OrdinalIssue("pace", levels=("slow", "medium", "fast"))
SIDES = [Party("north", name="North"), Party("south", name="South")]
FEW = settings(max_examples=20, database=None)


@FEW
@given(
    st.tuples(
        pst.ordinal_issues(id=st.just("pace")),
        pst.categorical_issues(id=st.just("seat")),
        pst.items_issues(id=st.just("land")),
        pst.issues(id=st.just("any")),
        pst.items(id=st.just("north")),
        pst.sources(id=st.just("minutes")),
    )
)
def test_a_given_id_is_the_id_drawn(drawn: tuple[object, ...]) -> None:
    ids = [getattr(x, "id", None) for x in drawn]
    assert ids == ["pace", "seat", "land", "any", "north", "minutes"]


@FEW
@given(
    pst.positions(
        [PRICE, PACE],
        party=st.just(SIDES[0]),
        id=st.just("north-1"),
        source=st.just(Source("minutes", title="Minutes", publisher="Board", date="2024")),
    )
)
def test_a_given_party_id_and_source_are_the_positions(position: Position) -> None:
    assert (position.party, position.id, position.source.id if position.source else None) == (
        SIDES[0],
        "north-1",
        "minutes",
    )


@FEW
@given(pst.events([PRICE], SIDES))
def test_events_draw_their_own_sources_when_none_is_given(event: positions.Event) -> None:
    assert set(event.parties) <= set(SIDES)
    assert set(event.issues) <= {PRICE}


@FEW
@given(
    pst.positions(
        [PRICE, PACE],
        saliences=st.just(5e-324),
        readings=st.just(True),
        reservations=st.none(),
    )
)
def test_readings_of_the_least_salience_are_never_zero(position: Position) -> None:
    # Half of the least positive float is 0, which no salience reading may be.
    assert all(r.value > 0 for r in position.readings if r.kind == "salience")


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (
            pst.items(measures="area"),
            "items: measures must be names other than 'count' (got 'area')",
        ),
        (
            pst.items(measures=["count"]),
            "items: measures must be names other than 'count' (got ['count'])",
        ),
        (pst.values("price"), "values: expected an issue (got 'price')"),  # type: ignore[arg-type]
        (
            pst.values(PRICE, within=Interval(50, 200)),
            "values: issue 'price': acceptable interval [50, 200] must lie within [0, 100]",
        ),
        (
            pst.acceptable_sets(PRICE, containing=500),
            "acceptable_sets: issue 'price': value must lie in [0, 100] (got 500)",
        ),
        (pst.positions([PRICE], min_issues=2), "positions: min_issues must be in [1, 1] (got 2)"),
        (
            pst.positions([PRICE, ScaleIssue("price", low=0, high=9)]),
            "positions: issue ids must be distinct",
        ),
    ],
)
def test_bad_arguments_are_named_when_the_test_runs(
    strategy: st.SearchStrategy[object], message: str
) -> None:
    @given(strategy)
    def uses_it(x: object) -> None:
        pass

    with pytest.raises(InvalidArgument) as info:
        uses_it()
    assert str(info.value) == message
