"""Misuse in Python gets one clear library error, never an AttributeError
from deep inside."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import positions
from positions.exceptions import InvalidArgumentError, IssueMismatchError, ModelError

HARBOUR = positions.load_case("harbour")
KURIL = positions.load_case("kuril-islands")
CITY = HARBOUR.position("city-2024")
OFFER = HARBOUR.offer("compromise")


@pytest.mark.parametrize(
    "call",
    [
        lambda: positions.assess(OFFER, CITY),  # type: ignore[arg-type]
        lambda: positions.concession(OFFER, CITY),  # type: ignore[arg-type]
        lambda: positions.shortfall(OFFER, CITY),  # type: ignore[arg-type]
        lambda: positions.utility(OFFER, CITY),  # type: ignore[arg-type]
        lambda: positions.is_acceptable(OFFER, CITY),  # type: ignore[arg-type]
        lambda: positions.movement(CITY, OFFER),  # type: ignore[arg-type]
        lambda: positions.overlap(CITY, OFFER),  # type: ignore[arg-type]
        lambda: positions.distance(CITY, OFFER),  # type: ignore[arg-type]
    ],
)
def test_a_position_and_an_offer_swapped_are_named(call: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgumentError, match="swapped"):
        call()


def test_an_offer_that_settles_none_of_the_issues_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="settles none of the issues"):
        positions.assess(CITY, KURIL.offer("framework-1956"))
    with pytest.raises(InvalidArgumentError, match="from another case"):
        positions.concession(KURIL.position("russia-2019-lavrov"), KURIL.offer("eight-point-plan"))
    assert KURIL.position("russia-2019-lavrov").settled_by(KURIL.offer("eight-point-plan")) == ()


def test_an_issue_of_the_same_id_from_another_case_is_refused() -> None:
    other = positions.ScaleIssue("years", low=0, high=99)
    offer = positions.Offer("o", terms=[positions.Term(other, 20)])
    with pytest.raises(IssueMismatchError, match="different cases"):
        positions.concession(CITY, offer)


def test_terms_given_as_a_plain_dict_say_how_to_write_them() -> None:
    with pytest.raises(ModelError, match=r"keys must be issue objects, not ids \(got 'years'\)"):
        positions.Offer("o", terms={"years": 20})  # type: ignore[arg-type]
    offer = positions.Offer("o", terms={HARBOUR.issue("years"): 20})
    assert positions.concession(CITY, offer).by_issue == {"years": 0.2}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: positions.Stance("years", 3), "Stance.issue must be a ScaleIssue"),  # type: ignore[arg-type]
        (
            lambda: positions.Position("p", party="city", stances=CITY.stances),  # type: ignore[arg-type]
            "Position.party must be a Party",
        ),
        (
            lambda: positions.Position("p", party=CITY.party, stances=["years"]),  # type: ignore[list-item]
            "Position.stances must hold Stance objects",
        ),
        (
            lambda: positions.Position("p", party=CITY.party, stances="years"),  # type: ignore[arg-type]
            "must be a sequence of Stance objects",
        ),
        (
            lambda: positions.Case("c", title="C", issues=["years"], parties=[]),  # type: ignore[list-item]
            "issues must hold",
        ),
        (
            lambda: positions.Evidence("stated", source="minutes"),  # type: ignore[arg-type]
            "Evidence.source must be a Source",
        ),
    ],
)
def test_plain_values_where_objects_belong_are_one_clear_error(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call()


def test_compare_says_when_an_offer_settles_none_of_a_positions_issues() -> None:
    from positions._report import NOTHING_SETTLED, compare

    rows = compare(KURIL, positions=["russia-2019-lavrov"], offers=["eight-point-plan"]).data[
        "rows"
    ]
    assert [(r["concession"], r["acceptable"], r["note"]) for r in rows] == [
        (None, None, NOTHING_SETTLED)
    ]
