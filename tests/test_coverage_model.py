"""The model refuses every invalid object with a message that names it: one
check per validator of the issues, stances, positions, offers, events and
cases, each built directly in Python."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import attrs
import pytest

import positions
from positions import (
    Box,
    Case,
    CategoricalIssue,
    Event,
    Evidence,
    Interval,
    Item,
    ItemsIssue,
    Levels,
    Offer,
    OrdinalIssue,
    Party,
    Position,
    Reading,
    ScaleIssue,
    Source,
    Stance,
    Term,
)
from positions._issues import _LevelIssue
from positions.exceptions import ModelError, UnknownMeasureError

PRICE = ScaleIssue("price", low=0, high=10)
PACE = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
SEAT = CategoricalIssue("seat", levels=("geneva", "vienna", "oslo"))
LAND = ItemsIssue(
    "land",
    items=(Item("a", measures={"area": 1}), Item("b", measures={"area": 3}, divisible=True)),
    measures={"area": "km2"},
)
A, B = Party("a", name="A"), Party("b", name="B")
SRC = Source("minutes", title="Minutes", publisher="Council", date="2024")


def position(**kwargs: object) -> Position:
    base: dict[str, object] = {"party": A, "stances": [Stance(PRICE, 2), Stance(PACE, "fast")]}
    base.update(kwargs)
    return Position("p", **base)  # type: ignore[arg-type]


def case(**kwargs: object) -> Case:
    base: dict[str, object] = {
        "title": "T",
        "issues": [PRICE, PACE],
        "parties": [A, B],
        "sources": [SRC],
    }
    base.update(kwargs)
    return Case("t", **base)  # type: ignore[arg-type]


# --- issues ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Levels(frozenset()), "a set of levels must not be empty"),
        (
            lambda: OrdinalIssue("x", levels="abc"),
            r"levels must be a sequence of strings, not one string \(got 'abc'\)",
        ),
        (lambda: OrdinalIssue("x", levels=("a",)), r"issue 'x' needs at least two levels"),
        (
            lambda: CategoricalIssue("x", levels=("a", "")),
            "issue 'x' levels must be non-empty strings",
        ),
        (
            lambda: CategoricalIssue("x", levels=("a", "b", "a")),
            r"issue 'x' levels must be distinct \(repeated: \['a'\]\)",
        ),
        (
            lambda: ScaleIssue("x", low=1, high=1),
            r"issue 'x': needs low < high \(got low=1.0, high=1.0\)",
        ),
        (lambda: PACE.check_set(5), "issue 'pace': an acceptable set must be a list of levels"),
        (
            lambda: PACE.check_set(Levels({"slow", "warp"})),
            r"issue 'pace': unknown levels \['warp'\]",
        ),
        (
            lambda: Item("a", measures={"count": 1}),
            "item 'a': the measure 'count' is implicit and cannot be given",
        ),
        (
            lambda: Item("a", measures=[("area", 1), ("area", 2)]),
            "item 'a': measure names must be distinct",
        ),
        (lambda: ItemsIssue("x", items=()), "issue 'x': needs at least one item"),
        (
            lambda: ItemsIssue("x", items=("a",)),  # type: ignore[arg-type]
            "issue 'x': items must be Item objects",
        ),
        (
            lambda: ItemsIssue("x", items=(Item("a"),), measures={"count": "n"}),
            "issue 'x': the measure 'count' is implicit and cannot be declared",
        ),
        (
            lambda: ItemsIssue(
                "x", items=(Item("a", measures={"area": 1}), Item("b")), measures={"area": "m"}
            ),
            r"item 'b' must give exactly the measures \['area'\] \(got \[\]\)",
        ),
        (
            lambda: ItemsIssue(
                "x", items=(Item("a", measures={"area": 0}),), measures={"area": "m"}
            ),
            "measure 'area' must be positive for at least one item",
        ),
        (lambda: LAND.check_value([1]), r"issue 'land': a value needs 2 shares \(got 1\)"),
        (lambda: LAND.check_set(Box((Interval(0, 1),))), "issue 'land': a box needs 2 bounds"),
        (
            lambda: LAND.check_set(5),
            "issue 'land': an acceptable set must be a table of item bounds",
        ),
        (lambda: PRICE.distance("cheap", 1), r"expected a number \(got 'cheap'\)"),
        (lambda: PACE.distance(3, "slow"), r"expected a level \(got 3\)"),
        (lambda: LAND.distance(1, (1.0, 0.0)), r"expected item shares \(got 1\)"),
        (lambda: PRICE.contains(Levels({"a"}), 3), "expected a Interval"),
    ],
)
def test_an_invalid_issue_or_value_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call()


def test_an_unknown_item_measure_is_its_own_error() -> None:
    assert LAND.items[0].measure("area") == 1.0
    with pytest.raises(UnknownMeasureError, match="item 'a' has no measure 'depth'"):
        LAND.items[0].measure("depth")


def test_an_acceptable_box_can_hold_intervals_for_some_items() -> None:
    box = LAND.check_set({"b": Interval(0.25, 0.5)})
    assert box == Box((Interval(0, 1), Interval(0.25, 0.5)))


def test_an_item_of_no_weight_under_the_measure_leaves_the_overlap_ratio_alone() -> None:
    land = ItemsIssue(
        "land",
        items=(
            Item("a", measures={"area": 0}, divisible=True),
            Item("b", measures={"area": 1}, divisible=True),
        ),
        measures={"area": "km2"},
    )
    s = Box((Interval(0, 0.2), Interval(0, 1)))
    t = Box((Interval(0.1, 1), Interval(0.5, 1)))
    # Item b alone: the intervals [0, 1] and [0.5, 1] share 0.5 of their union.
    assert land.ratio([s, t], measure="area") == pytest.approx(0.5)
    # Counted, item a's 0.1 enters the geometric mean too.
    assert land.ratio([s, t], measure="count") == pytest.approx(math.sqrt(0.1 * 0.5))


@pytest.mark.parametrize("issue", [PACE, SEAT])
def test_the_gap_of_each_level_issue_is_the_gap_by_definition(issue: _LevelIssue) -> None:
    # _LevelIssue.gap is min_x sum_j d(x, S_j) written out; each kind computes
    # it faster, and the two must agree on every pair of acceptable sets.
    subsets = [
        Levels(frozenset(lv for k, lv in enumerate(issue.levels) if mask >> k & 1))
        for mask in range(1, 2 ** len(issue.levels))
    ]
    for s in subsets:
        for t in subsets:
            by_definition = _LevelIssue.gap(issue, [s, t])
            assert issue.gap([s, t]) == pytest.approx(by_definition)
            brute = min(
                sum(min(issue.distance(y, x) for y in u.levels) for u in (s, t))
                for x in issue.levels
            )
            assert by_definition == pytest.approx(brute)


# --- sources, parties, stances -----------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Evidence("certain"),  # type: ignore[arg-type]
            r"Evidence.status must be one of \['stated', 'reported', 'inferred'\] "
            r"\(got 'certain'\)",
        ),
        (
            lambda: position(date="2024-01-01"),
            r"Position.date must be a date \(got '2024-01-01'\)",
        ),
        (
            lambda: position(date=dt.datetime(2024, 1, 1, 12)),
            "Position.date must be a date",
        ),
        (
            lambda: Source("s", title=" ", publisher="P", date="2024"),
            "source 's': title must not be empty",
        ),
        (
            lambda: Source("s", title="T", publisher="P", date=""),
            "source 's': an undated source must say when it was accessed",
        ),
        (
            lambda: Source("s", title="T", publisher="P", date="2024", url="ftp://example.org"),
            "source 's': url must be an http or https address",
        ),
        (
            lambda: Source("s", title="T", publisher="P", date="2024-02-30"),
            "source 's': '2024-02-30' is not a calendar date",
        ),
        (lambda: Party("a", name=" "), "party 'a': name must not be empty"),
        (lambda: Party("a", name="A", capability=-1), r"capability must be >= 0 \(got -1\)"),
        (
            lambda: Stance(PRICE, 2, salience_range=[0, 1, 2]),
            r"a salience range must be \[low, high\] \(got \[0, 1, 2\]\)",
        ),
        (
            lambda: Stance(PRICE, 2).evidence("reservation"),
            "a stance makes ideal, accept and salience claims, not 'reservation'",
        ),
        (
            lambda: Stance(PRICE, 2, salience=-1),
            r"issue 'price': salience must be >= 0 \(got -1\)",
        ),
        (
            lambda: Stance(PRICE, 2, values=(1.0,)),
            "issue 'price': value tables are for ordinal and categorical issues",
        ),
        (
            lambda: Stance(PACE, "fast", values={"fast": 1, "slow": 0}),  # type: ignore[arg-type]
            r"must value every level exactly once \(missing \['medium'\], unknown \[\]\)",
        ),
        (
            lambda: Stance(PACE, "fast", values=(0, 1)),
            "issue 'pace': a value table needs 3 values",
        ),
        (
            lambda: Stance(PACE, "fast", values=0.5),  # type: ignore[arg-type]
            r"a value table must map levels to numbers \(got 0.5\)",
        ),
        (
            lambda: Stance(PACE, "fast", values=(0, 2, 1)),
            r"the value of 'medium' must be in \[0, 1\] \(got 2\)",
        ),
        (
            lambda: Stance(PACE, "fast", values=(0, 1, 0.5)),
            r"the value table must value the ideal 'fast' highest \(at 1.0\)",
        ),
        (
            lambda: Stance(PACE, "fast", accept=Levels({"fast"}), values=(0, 1, 1)),
            "level 'medium' is valued as highly as the ideal and so must be acceptable",
        ),
    ],
)
def test_an_invalid_source_party_or_stance_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call()


# --- positions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: position(discount_factor=1.5),
            r"position 'p': discount_factor must lie in \[0, 1\] \(got 1.5\)",
        ),
        (lambda: position(stances=[]), "position 'p' must address at least one issue"),
        (
            lambda: position(stances=[Stance(PRICE, 2), Stance(PRICE, 3)]),
            r"position 'p' addresses issues more than once: \['price'\]",
        ),
        (
            lambda: position(reservation=2),
            r"position 'p': reservation must lie in \[0, 1\] \(got 2\)",
        ),
        (
            lambda: position(status="certain"),
            r"Position.status must be one of \['stated', 'reported', 'inferred'\] "
            r"\(got 'certain'\)",
        ),
        (
            lambda: position().evidence("reservation", "price"),
            "the reservation level is a claim about no single issue",
        ),
        (lambda: position().evidence("reservation"), "position 'p' has no reservation level"),
        (lambda: position().evidence("accept"), "a accept claim is about one issue: name it"),
    ],
)
def test_an_invalid_position_or_claim_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call()


def nine_readings(ideal: object) -> list[Reading]:
    """One reading of each of the 9 claims of a position on three issues:
    2**9 = 512 combinations, more than the 256 checked one by one."""
    ev = Evidence("reported")
    return [
        Reading("i-price", "ideal", "price", ideal, ev),
        Reading("a-price", "accept", "price", [0, 10], ev),
        Reading("s-price", "salience", "price", 2, ev),
        Reading("i-pace", "ideal", "pace", "medium", ev),
        Reading("a-pace", "accept", "pace", ["medium", "fast"], ev),
        Reading("s-pace", "salience", "pace", 3, ev),
        Reading("i-seat", "ideal", "seat", "oslo", ev),
        Reading("a-seat", "accept", "seat", ["oslo", "geneva"], ev),
        Reading("s-seat", "salience", "seat", 4, ev),
    ]


def three_issue_position(readings: list[Reading]) -> Position:
    return position(
        stances=[
            Stance(PRICE, 2, accept=Interval(0, 5)),
            Stance(PACE, "fast"),
            Stance(SEAT, "geneva", accept=Levels({"geneva", "oslo"})),
        ],
        readings=readings,
    )


def test_with_too_many_combinations_each_reading_is_still_checked_alone() -> None:
    p = three_issue_position(nine_readings(4))
    assert len(p.readings) == 9
    assert p.read("i-price", "s-seat").stance("price").ideal == 4.0
    # An ideal outside the main red line on price does not fit on its own:
    # refused even though the 512 combinations are not all tried.
    with pytest.raises(ModelError, match=r"the reading 'i-price' \(ideal.price\) does not fit"):
        three_issue_position(nine_readings(8))


# --- offers, events, cases ---------------------------------------------------------


OFFER = Offer("o", terms=[Term(PRICE, 5)])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Offer("o", terms=[]), "offer 'o' must settle at least one issue"),
        (
            lambda: Offer("o", terms=[Term(PRICE, 1), Term(PRICE, 2)]),
            r"offer 'o' gives issues more than once: \['price'\]",
        ),
        (
            lambda: Event("e", date=dt.date(2024, 1, 1), label=" "),
            "event 'e': label must not be empty",
        ),
        (lambda: case(parties=[A, A]), r"party ids must be unique \(repeated: \['a'\]\)"),
        (
            lambda: case(agreement_issues=["price", "pay"]),
            r"case 't': agreement_issues names unknown issues \['pay'\]",
        ),
        (
            lambda: case(positions=[position(stances=[Stance(SEAT, "oslo")])]),
            "position 'p': issue 'seat' is not in the case",
        ),
        (
            lambda: case(offers=[Offer("o", terms=[Term(SEAT, "oslo")])]),
            "offer 'o': issue 'seat' is not in the case",
        ),
        (
            lambda: case(
                events=[Event("e", date=dt.date(2024, 1, 1), label="E", parties=[Party("c", "C")])]
            ),
            "event 'e': party 'c' is not in the case",
        ),
        (
            lambda: case(events=[Event("e", date=dt.date(2024, 1, 1), label="E", issues=[SEAT])]),
            "event 'e': issue 'seat' is not in the case",
        ),
        (
            lambda: case(positions=[position(party=Party("c", name="C"))]),
            "position 'p': party 'c' is not in the case",
        ),
    ],
)
def test_an_invalid_offer_event_or_case_is_refused_by_name(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call()


def test_the_value_of_an_issue_an_offer_leaves_open_is_a_key_error() -> None:
    assert OFFER.value("price") == 5.0
    with pytest.raises(KeyError, match="pace"):
        OFFER.value("pace")


def test_a_case_accepts_the_objects_it_was_checked_against() -> None:
    c = case(
        positions=[position(source=SRC)],
        offers=[attrs.evolve(OFFER, proposer=B)],
        events=[Event("e", date=dt.date(2024, 1, 1), label="E", parties=[A], issues=[PACE])],
    )
    assert c.positions_of("a")[0].id == "p"
    assert positions.concession(c.position("p"), c.offer("o")).by_issue == {"price": 0.3}
