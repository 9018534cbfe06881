"""Example tests that pin the headline figures of the bundled Kuril case,
and the rules the bundled data must follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import positions
from positions import ItemsIssue

CASE = positions.load_case("kuril-islands")


def _territory() -> ItemsIssue:
    issue = CASE.issue("territory")
    assert isinstance(issue, ItemsIssue)
    return issue


TERRITORY = _territory()
SRC = Path(positions.__file__).parent


def held_by_japan(offer_id: str, measure: str) -> float:
    shares = CASE.offer(offer_id).value("territory")
    assert isinstance(shares, tuple)
    return sum(w * s for w, s in zip(TERRITORY.weights(measure), shares, strict=True))


def test_areas_are_the_mofa_gsi_2020_figures() -> None:
    assert dict(zip(TERRITORY.item_ids, TERRITORY.weights("area"), strict=True)) == {
        "habomai": 95,
        "shikotan": 251,
        "kunashiri": 1490,
        "etorofu": 3168,
    }
    # MOFA publishes 5,003 km2 in all; its rounded island figures add up to 5,004.
    assert sum(TERRITORY.weights("area")) == pytest.approx(5003, abs=1)


def test_the_1956_framework_gives_two_of_four_islands_and_346_km2() -> None:
    assert held_by_japan("framework-1956", "count") == 2
    assert held_by_japan("framework-1956", "area") == 346
    share = held_by_japan("framework-1956", "area") / sum(TERRITORY.weights("area"))
    assert share == pytest.approx(0.069, abs=0.001)


def test_the_even_split_gives_japan_half_the_land_and_a_fifth_of_etorofu() -> None:
    total = sum(TERRITORY.weights("area"))
    assert held_by_japan("even-split-by-area", "area") == pytest.approx(total / 2, abs=1)
    shares = CASE.offer("even-split-by-area").value("territory")
    assert isinstance(shares, tuple)
    assert shares[TERRITORY.item_ids.index("etorofu")] == pytest.approx(0.21, abs=0.005)


@pytest.mark.parametrize(("measure", "expected"), [("area", 0.9309), ("count", 0.5)])
def test_japans_four_island_concession_to_the_1956_framework(
    measure: str, expected: float
) -> None:
    c = positions.concession(
        CASE.position("japan-2013-four-islands"), CASE.offer("framework-1956"), measure=measure
    )
    assert c.by_issue["territory"] == pytest.approx(expected, abs=5e-5)


def test_count_is_exact() -> None:
    c = positions.concession(
        CASE.position("japan-2013-four-islands"), CASE.offer("framework-1956"), measure="count"
    )
    assert c.by_issue["territory"] == 0.5


def test_the_2022_positions_do_not_overlap_and_territory_blocks() -> None:
    o = positions.overlap(
        CASE.position("japan-2022-inherent-territory"), CASE.position("russia-2022-talks-ended")
    )
    assert o.empty
    assert "territory" in o.blocking
    assert o.issue("territory").gap == 1.0


def test_the_2018_positions_overlap_on_the_1956_basis() -> None:
    o = positions.overlap(
        CASE.position("japan-2018-1956-basis"), CASE.position("russia-2018-1956-basis")
    )
    assert not o.empty
    zone = o.zone
    assert zone is not None
    assert positions.is_acceptable(
        CASE.position("japan-2018-1956-basis"), CASE.offer("framework-1956")
    )


def test_required_positions_and_offers_are_encoded() -> None:
    position_ids = {p.id for p in CASE.positions}
    assert {
        "japan-2013-four-islands",
        "japan-2018-1956-basis",
        "japan-2022-inherent-territory",
        "russia-2016-status-quo",
        "russia-2018-1956-basis",
        "russia-2022-talks-ended",
    } <= position_ids
    offer_ids = {o.id for o in CASE.offers}
    assert {
        "four-islands",
        "framework-1956",
        "three-islands",
        "even-split-by-area",
        "status-quo",
        "eight-point-plan",
    } <= offer_ids
    packages = [
        o
        for o in CASE.offers
        if {"territory", "peace_treaty", "economic_cooperation"} <= set(o.issue_ids)
    ]
    assert packages


def test_verified_dates_replace_the_seed_errors() -> None:
    japan_2018 = CASE.position("japan-2018-1956-basis")
    assert japan_2018.date is not None
    assert japan_2018.date.isoformat() == "2018-11-14"
    assert "2019" in japan_2018.note  # says what the seed claimed
    assert CASE.position("russia-2022-talks-ended").date.isoformat() == "2022-03-21"  # type: ignore[union-attr]


def test_every_judgement_is_marked_with_a_rationale() -> None:
    for p in CASE.positions:
        if len(p.stances) > 1:
            assert p.judgement.salience.startswith("Analyst's judgement:"), p.id
        if p.reservation is not None:
            assert p.judgement.reservation.startswith("Analyst's judgement:"), p.id
        for text in (p.judgement.salience, p.judgement.reservation):
            assert "\n" not in text


def test_every_position_offer_and_event_is_sourced_and_dated() -> None:
    dated: list[positions.Position | positions.Offer | positions.Event] = [
        *CASE.positions,
        *CASE.offers,
        *CASE.events,
    ]
    for obj in dated:
        assert obj.source is not None, obj.id
        assert obj.date is not None, obj.id
    for s in CASE.sources:
        assert s.title
        assert s.author or s.publisher
        assert s.date


def test_the_bundled_case_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "kuril.toml"
    positions.dump_case(CASE, out)
    assert positions.load_case(out) == CASE


NAMES = re.compile(
    r"japan|russia|kuril|habomai|shikotan|kunashir|etorofu|iturup|soviet|ussr|"
    r"northern territor|hokkaido|moscow|tokyo",
    re.IGNORECASE,
)


def test_the_library_names_no_island_or_country() -> None:
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if NAMES.search(line)
    ]
    assert offenders == []
