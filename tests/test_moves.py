"""Concession dynamics: each move classified as in the negotiation-dance
analysis, checked by hand on a small fictional case, on the Kuril case and
on a case imported from GENIUS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import MOVE_KINDS, Offer, Party, Position, Stance, move_kind
from positions.exceptions import InvalidArgumentError, UnknownMeasureError

DATA = Path(__file__).parent / "data"
SUPPLY = positions.load_case(str(DATA / "supply-talks.toml"))


def buyer(price: float, rank: int) -> float:
    """The buyer's utility, by hand: weights 2/3 on price, 1/3 on delivery."""
    return 2 / 3 * (1 - price / 100) + 1 / 3 * rank / 2


def seller(price: float, rank: int) -> float:
    """The seller's utility, by hand: weights 1/4 on price, 3/4 on delivery."""
    return 1 / 4 * price / 100 + 3 / 4 * (1 - rank / 2)


# Each offer of the fictional case: price and delivery rank (slow 0,
# normal 1, fast 2).
OFFERS = {
    "s1": (80, 0),
    "b1": (45, 2),
    "s2": (80, 0),
    "b2": (20, 1),
    "s3": (60, 0),
    "b3": (20, 0),
    "s4": (100, 1),
    "s5": (40, 0),
    "b4": (10, 0),
    "s6": (60, 0),
    "b5": (10, 0),
}

# The classes, from the utilities above:
#   b1 -> b2: buyer 0.7 -> 0.7 (0), seller 0.1125 -> 0.425 (+): nice
#   b2 -> b3: buyer 0.7 -> 0.533 (-), seller 0.425 -> 0.8 (+): concession
#   b3 -> b4: buyer 0.533 -> 0.6 (+), seller 0.8 -> 0.775 (-): selfish
#   b4 -> b5: the same offer: silent
#   s1 -> s2: the same offer: silent
#   s2 -> s3: seller 0.95 -> 0.9 (-), buyer 0.133 -> 0.267 (+): concession
#   s3 -> s4: seller 0.9 -> 0.625 (-), buyer 0.267 -> 0.167 (-): unfortunate
#   s4 -> s5: seller 0.625 -> 0.85 (+), buyer 0.167 -> 0.4 (+): fortunate
#   s5 -> s6: seller 0.85 -> 0.9 (+), buyer 0.4 -> 0.267 (-): selfish
EXPECTED = [
    ("buyer", "b1", "b2", "nice"),
    ("buyer", "b2", "b3", "concession"),
    ("buyer", "b3", "b4", "selfish"),
    ("buyer", "b4", "b5", "silent"),
    ("seller", "s1", "s2", "silent"),
    ("seller", "s2", "s3", "concession"),
    ("seller", "s3", "s4", "unfortunate"),
    ("seller", "s4", "s5", "fortunate"),
    ("seller", "s5", "s6", "selfish"),
]


def test_the_fictional_moves_have_the_classes_computed_by_hand() -> None:
    m = positions.moves(SUPPLY)
    assert [(x.proposer, x.earlier, x.later, x.kind) for x in m.moves] == EXPECTED
    own = {"buyer": buyer, "seller": seller}
    other = {"buyer": seller, "seller": buyer}
    for x in m.moves:
        before, after = OFFERS[x.earlier], OFFERS[x.later]
        assert x.d_self == pytest.approx(own[x.proposer](*after) - own[x.proposer](*before))
        assert x.d_other == pytest.approx(
            other[x.proposer](*after) - other[x.proposer](*before), abs=1e-12
        )
        assert x.others[0].party == ("seller" if x.proposer == "buyer" else "buyer")
        assert x.same_issues
        assert x.notes == ()


def test_a_change_within_the_tolerance_counts_as_none() -> None:
    # b1 -> b2 trades 25 of price for one step of delivery: the buyer's
    # utility is 0.7 before and after, up to rounding.
    nice = positions.moves(SUPPLY).moves[0]
    assert nice.d_self == 0.0
    assert nice.kind == "nice"


def test_the_fictional_summaries() -> None:
    m = positions.moves(SUPPLY)
    b, s = m.proposer("buyer"), m.proposer("seller")
    assert (b.moves, s.moves) == (4, 5)
    assert dict(b.counts) == {
        "silent": 1,
        "nice": 1,
        "fortunate": 0,
        "unfortunate": 0,
        "concession": 1,
        "selfish": 1,
    }
    assert [s.count(k) for k in MOVE_KINDS] == [1, 0, 1, 1, 1, 1]
    # Concession rate: the mean utility given up per move.
    assert b.concession_rate == pytest.approx((0.7 - buyer(20, 0)) / 4)
    assert s.concession_rate == pytest.approx((0.05 + 0.275) / 5)
    # Reciprocity. In date order: s1 b1 s2 b2 s3 b3 s4 s5 b4 s6 b5.
    # The buyer's b3 follows the seller's concession s3 with a concession
    # (in kind), and b5 follows the seller's selfish s6 with silence (not);
    # b2 follows a silent move and b4 a fortunate one, which do not count.
    assert (b.answerable, b.reciprocity) == (2, 0.5)
    # The seller's s4 and s5 follow the buyer's concession b3 (neither in
    # kind) and s6 follows the buyer's selfish b4 with a selfish move.
    assert s.answerable == 3
    assert s.reciprocity == pytest.approx(1 / 3)


def test_the_offer_without_a_proposer_is_no_move() -> None:
    m = positions.moves(SUPPLY)
    assert "mediator" not in {x.later for x in m.moves}
    assert "mediator" not in {v.offer for v in m.valuations}


def test_moves_rest_on_the_claims_not_stated() -> None:
    m = positions.moves(SUPPLY)
    for x in m.moves:
        assert [c.path for c in x.rests_on] == ["salience.price", "salience.delivery"]
        assert {c.position for c in x.rests_on} == {"seller-2024"}
    assert m.proposer("buyer").rests_on == m.moves[0].rests_on


def test_a_party_without_a_utility_for_an_offer_is_skipped_and_named() -> None:
    delivery = SUPPLY.issue("delivery")
    price = SUPPLY.issue("price")
    watcher = Party("watcher", name="Watcher")
    watch = Position("watcher-2024", party=watcher, stances=[Stance(delivery, ideal="fast")])
    seller_party = SUPPLY.party("seller")
    price_only = Offer("s7", terms={price: 70}, proposer=seller_party, date=dt.date(2024, 3, 20))
    case = attrs.evolve(
        SUPPLY,
        parties=[*SUPPLY.parties, watcher],
        positions=[*SUPPLY.positions, watch],
        offers=[*SUPPLY.offers, price_only],
    )
    m = positions.moves(case)
    last = next(x for x in m.moves if x.later == "s7")
    assert not last.same_issues
    watching = next(r for r in last.others if r.party == "watcher")
    assert watching.delta is None
    assert watching.kind is None
    assert "settles none of the issues of watcher-2024" in watching.note
    # d_other is then the buyer's change alone: price 60 -> 70.
    buyer_only = next(r for r in last.others if r.party == "buyer")
    assert last.d_other == buyer_only.delta
    assert buyer_only.delta == pytest.approx(1.0 - 0.7 - (1 - 0.6) * 2 / 3 - 1 / 3 * 0)
    # The seller's move is valued on price alone for s7 (its weight 1).
    assert m.valuation("seller", "s7").issues == ("price",)
    assert m.valuation("seller", "s7").utility == pytest.approx(0.7)


def test_a_proposer_without_a_utility_leaves_its_move_unclassified() -> None:
    price = SUPPLY.issue("price")
    delivery = SUPPLY.issue("delivery")
    watcher = Party("watcher", name="Watcher")
    watch = Position("watcher-2024", party=watcher, stances=[Stance(delivery, ideal="fast")])
    offers = [
        Offer(f"w{k}", terms={price: p}, proposer=watcher, date=dt.date(2024, 4, k))
        for k, p in ((1, 30), (2, 40))
    ]
    case = attrs.evolve(
        SUPPLY,
        parties=[*SUPPLY.parties, watcher],
        positions=[*SUPPLY.positions, watch],
        offers=[*SUPPLY.offers, *offers],
    )
    m = positions.moves(case)
    move = next(x for x in m.moves if x.proposer == "watcher")
    assert move.d_self is None
    assert move.kind is None
    assert any("settles none of the issues of watcher-2024" in n for n in move.notes)
    summary = m.proposer("watcher")
    assert (summary.unclassified, summary.concession_rate, summary.reciprocity) == (1, None, None)


# ---------------------------------------------------------------------------
# The Kuril case


KURIL = positions.load_case("kuril-islands")


def test_the_kuril_moves() -> None:
    m = positions.moves(KURIL)
    assert [(x.proposer, x.earlier, x.later, x.kind) for x in m.moves] == [
        ("japan", "kawana-1998", "four-islands", "silent"),
        ("japan", "four-islands", "eight-point-plan", "nice"),
        ("russia", "malik-1955", "putin-eef-2018", "fortunate"),
    ]
    # Each utility is the library's own, under the position each party held
    # at the offer's date, restricted to the issues the offer settles.
    held = {
        ("japan", "kawana-1998"): "japan-2013-four-islands",
        ("japan", "four-islands"): "japan-2013-four-islands",
        ("japan", "eight-point-plan"): "japan-2016-new-approach",
        ("russia", "kawana-1998"): "russia-2013",
        ("russia", "four-islands"): "russia-2013",
        ("russia", "eight-point-plan"): "russia-2013",
        ("japan", "malik-1955"): "japan-2013-four-islands",
        ("japan", "putin-eef-2018"): "japan-2016-new-approach",
        ("russia", "malik-1955"): "russia-2013",
        ("russia", "putin-eef-2018"): "russia-2016-1956-only",
    }
    for (party, offer_id), position_id in held.items():
        v = m.valuation(party, offer_id)
        assert v.position == position_id
        offer = KURIL.offer(offer_id)
        p = KURIL.position(position_id)
        ids = [i for i in p.issue_ids if i in offer.issue_ids]
        assert v.utility == positions.utility(p.restricted(ids), offer)
    for x in m.moves:
        before, after = (m.valuation(x.proposer, o) for o in (x.earlier, x.later))
        assert before.utility is not None
        assert after.utility is not None
        assert x.d_self == pytest.approx(after.utility - before.utility, abs=1e-12)


def test_the_kuril_moves_say_which_positions_stand_in_and_when_agendas_differ() -> None:
    m = positions.moves(KURIL)
    first, second, russia = m.moves
    assert (
        "no position of japan is dated by 1998-04-19: its earliest, "
        "japan-2013-four-islands (2013-04-29), is used"
    ) in first.notes
    assert first.same_issues
    assert not second.same_issues
    assert (
        "japan values four-islands by japan-2013-four-islands and eight-point-plan by "
        "japan-2016-new-approach"
    ) in second.notes
    assert any("settle different issues" in n for n in russia.notes)
    assert all(c.status != "stated" for x in m.moves for c in x.rests_on)


def test_the_kuril_summaries() -> None:
    m = positions.moves(KURIL)
    japan, russia = m.by_proposer
    assert (japan.proposer, japan.moves, japan.count("silent"), japan.count("nice")) == (
        "japan",
        2,
        1,
        1,
    )
    assert (russia.moves, russia.count("fortunate")) == (1, 1)
    assert japan.concession_rate == russia.concession_rate == 0.0
    # No move follows another proposer's concession or selfish move.
    assert japan.reciprocity is None
    assert russia.reciprocity is None


# ---------------------------------------------------------------------------
# A case imported from GENIUS, with the offers of a session


def test_moves_of_a_genius_session() -> None:
    pytest.importorskip("defusedxml")
    genius = DATA / "genius"
    case = positions.read_genius(
        genius / "market_domain.xml", [genius / "market_buyer.xml", genius / "market_seller.xml"]
    )
    buyer_party, seller_party = case.parties
    issues = case.issues
    day = dt.date(2026, 12, 1)

    def offer(k: int, who: Party, values: tuple[str, str, str]) -> Offer:
        terms = dict(zip(issues, values, strict=True))
        return Offer(f"round-{k}", terms=terms, proposer=who, date=day, status="stated")

    session = [
        offer(1, buyer_party, ("next day", "90 days", "1 year")),
        offer(2, seller_party, ("one week", "on delivery", "none")),
        offer(3, buyer_party, ("one week", "90 days", "1 year")),
        offer(4, seller_party, ("one week", "30 days", "none")),
    ]
    # Offers of one day keep the order of the session.
    case = attrs.evolve(case, offers=session)
    m = positions.moves(case)
    assert [(x.proposer, x.earlier, x.later) for x in m.moves] == [
        (buyer_party.id, "round-1", "round-3"),
        (seller_party.id, "round-2", "round-4"),
    ]
    b, s = case.positions
    buyer_move, seller_move = m.moves
    # Buyer: delivery next day -> one week (1.0 -> 0.6 in its table): its
    # utility falls, the seller's rises (0.5 -> 1.0): a concession.
    assert buyer_move.kind == "concession"
    assert buyer_move.d_self == pytest.approx(
        positions.utility(b, session[2]) - positions.utility(b, session[0])
    )
    assert buyer_move.d_other == pytest.approx(
        positions.utility(s, session[2]) - positions.utility(s, session[0])
    )
    # Seller: payment on delivery -> 30 days (1.0 -> 0.8 for it, 0.25 ->
    # 0.75 for the buyer): a concession, answering the buyer's in kind.
    assert seller_move.kind == "concession"
    assert m.proposer(seller_party.id).reciprocity == 1.0
    assert m.proposer(buyer_party.id).reciprocity is None


# ---------------------------------------------------------------------------
# The classes and bad input


@given(st.floats(-1, 1), st.floats(-1, 1))
def test_the_six_classes_partition_the_plane(d_self: float, d_other: float) -> None:
    s = 0.0 if abs(d_self) <= 1e-12 else d_self
    o = 0.0 if abs(d_other) <= 1e-12 else d_other
    holds = {
        "silent": s == 0 and o == 0,
        "nice": s == 0 and o > 0,
        "fortunate": s > 0 and o > 0,
        "unfortunate": s <= 0 and o < 0,
        "concession": s < 0 and o >= 0,
        "selfish": s > 0 and o <= 0,
    }
    assert [k for k, v in holds.items() if v] == [move_kind(d_self, d_other)]


def test_bad_input_is_one_library_error() -> None:
    with pytest.raises(InvalidArgumentError, match="takes a case"):
        positions.moves("kuril-islands")  # type: ignore[arg-type]
    with pytest.raises(UnknownMeasureError):
        positions.moves(KURIL, measure="weight")


def test_a_proposer_with_one_dated_offer_makes_no_move() -> None:
    m = positions.moves(positions.load_case("harbour"))
    assert m.moves == ()
    assert [(p.proposer, p.moves, p.concession_rate) for p in m.by_proposer] == [
        ("city", 0, None),
        ("operator", 0, None),
    ]
