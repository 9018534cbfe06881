"""Changing one salience, one red line or one position of a case without
attrs.evolve, and what the change is said to rest on."""

from __future__ import annotations

import pytest

import positions
from positions import Evidence
from positions.exceptions import ModelError

CASE = positions.load_case("harbour")
CITY = CASE.position("city-2024")


def test_with_salience_changes_that_salience_only() -> None:
    new = CITY.with_salience("berths", 9)
    assert new.stance("berths").salience == 9.0
    for i in CITY.issue_ids:
        if i != "berths":
            assert new.stance(i).salience == CITY.stance(i).salience
            assert new.claim("salience", i) == CITY.claim("salience", i)
    # The weights are renormalised over the new saliences.
    total = sum(new.stance(i).salience for i in new.issue_ids)
    assert new.weight("berths") == pytest.approx(9.0 / total)
    assert CITY.stance("berths").salience != 9.0  # the original is untouched


def test_a_change_is_the_analysts_unless_evidence_is_given() -> None:
    new = CITY.with_salience("berths", 9)
    claim = new.claim("salience", "berths")
    assert claim.status == "inferred"
    assert "Position.with_salience" in claim.note
    assert new.status == "inferred"
    sourced = CITY.with_salience("berths", 9, evidence=Evidence("reported", note="minutes"))
    assert sourced.claim("salience", "berths").status == "reported"


def test_with_acceptable_changes_the_red_line() -> None:
    new = CITY.with_acceptable("years", [0, 50])
    assert new.stance("years").accept == positions.Interval(0, 50)
    assert new.claim("accept", "years").status == "inferred"
    assert positions.assess(new, CASE.offer("lease-only")).acceptable in (True, False)


def test_an_issue_the_position_has_no_stance_on_is_named() -> None:
    with pytest.raises(ModelError, match="no stance on 'nowhere'"):
        CITY.with_salience("nowhere", 1)
    with pytest.raises(ModelError, match="must be an Evidence"):
        CITY.with_salience("berths", 1, evidence="stated")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="must lie within"):
        CITY.with_acceptable("years", [0, 99])


def test_case_replace_swaps_objects_by_id_and_fields_by_name() -> None:
    new = CASE.replace(CITY.with_salience("berths", 9), title="What if")
    assert new.title == "What if"
    assert new.position("city-2024").stance("berths").salience == 9.0
    assert [p.id for p in new.positions] == [p.id for p in CASE.positions]
    offer = CASE.offers[0]
    assert CASE.replace(offer) == CASE
    assert CASE.replace(description="x").description == "x"
    if CASE.events:
        assert CASE.replace(CASE.events[0]) == CASE


def test_case_replace_refuses_what_it_cannot_do() -> None:
    with pytest.raises(ModelError, match="positions, offers and events"):
        CASE.replace(CASE.parties[0])  # type: ignore[arg-type]
    ghost = positions.Position(
        "ghost", party=CITY.party, stances=CITY.stances, source=CITY.source, status="stated"
    )
    with pytest.raises(ModelError, match="no position 'ghost'"):
        CASE.replace(ghost)
    with pytest.raises(ModelError, match="not both"):
        CASE.replace(CITY, positions=())
    with pytest.raises(ModelError, match=r"Case\.replace"):
        CASE.replace(colour="red")
