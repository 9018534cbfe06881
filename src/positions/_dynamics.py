"""Concession dynamics: each proposer's successive offers, each move
classified by what it does to the proposer's own utility and to the other
parties', after the negotiation-dance analysis of Hindriks, Jonker and
Tykhonov (2007).

A move is one proposer's step from one dated offer to its next. With
``d_self`` the change in the proposer's utility and ``d_other`` the change
in the others' (changes within ``1e-12`` of 0 count as 0), a move is

* silent: ``d_self = 0`` and ``d_other = 0``;
* nice: ``d_self = 0`` and ``d_other > 0``;
* fortunate: ``d_self > 0`` and ``d_other > 0``;
* unfortunate: ``d_self <= 0`` and ``d_other < 0``;
* concession: ``d_self < 0`` and ``d_other >= 0``;
* selfish: ``d_self > 0`` and ``d_other <= 0``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Literal, TypeAlias

import attrs

from positions._data import Result
from positions._measures import MeasureChoice, check_measure, rests_on, utility
from positions._model import Case, Claim, Offer, Position
from positions.exceptions import InvalidArgumentError, ModelError

__all__ = [
    "MOVE_KINDS",
    "Move",
    "MoveKind",
    "Moves",
    "ProposerMoves",
    "Response",
    "Valuation",
    "move_kind",
    "moves",
]

#: The classes of a move.
MoveKind: TypeAlias = Literal[
    "silent", "nice", "fortunate", "unfortunate", "concession", "selfish"
]
MOVE_KINDS: tuple[MoveKind, ...] = (
    "silent",
    "nice",
    "fortunate",
    "unfortunate",
    "concession",
    "selfish",
)

#: Changes of utility within this of 0 count as 0.
ZERO = 1e-12


def _snap(d: float) -> float:
    return 0.0 if abs(d) <= ZERO else d


def move_kind(d_self: float, d_other: float) -> MoveKind:
    """The class of a move from the change in the proposer's own utility
    and in the other side's (each within ``1e-12`` of 0 counts as 0). The
    six classes cover every pair of changes exactly once.

    Examples
    --------
    >>> from positions import move_kind
    >>> move_kind(-0.1, 0.0), move_kind(0.0, 0.2), move_kind(0.1, -0.1), move_kind(0.0, 1e-15)
    ('concession', 'nice', 'selfish', 'silent')
    """
    s, o = _snap(d_self), _snap(d_other)
    if s == 0 and o == 0:
        return "silent"
    if s == 0 and o > 0:
        return "nice"
    if s > 0 and o > 0:
        return "fortunate"
    if s <= 0 and o < 0:
        return "unfortunate"
    if s < 0:
        return "concession"
    return "selfish"


@attrs.frozen
class Valuation(Result):
    """How one party values one offer: the position used (the party's
    latest dated no later than the offer, else its earliest), restricted to
    the issues the offer settles, and the utility under it; ``utility`` is
    ``None`` when the offer settles none of the position's issues (or only
    issues it gives no weight). ``note`` says when the position is not one
    dated by the offer, or why there is no utility.

    Examples
    --------
    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> lease = harbour.offer("lease-only")
    >>> early = attrs.evolve(lease, id="early", date=datetime.date(2024, 2, 1))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[early, *harbour.offers]))
    >>> v = m.valuation("city", "early")
    >>> v.position, v.issues, round(v.utility, 3)
    ('city-2024', ('berths',), 0.1)
    >>> print(v.note)
    no position of city is dated by 2024-02-01: its earliest, city-2024 (2024-03-01), is used
    """

    party: str
    offer: str
    position: str | None
    issues: tuple[str, ...]
    utility: float | None
    note: str = ""
    rests_on: tuple[Claim, ...] = ()


@attrs.frozen
class Response(Result):
    """What a move does for one other party: the change in its utility
    (``None`` when it has no utility for one of the two offers) and the
    class of the move seen from that party alone.

    Examples
    --------
    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> r = m.moves[0].others[0]
    >>> r.party, round(r.delta, 3), r.kind
    ('operator', 0.053, 'concession')
    """

    party: str
    delta: float | None
    kind: MoveKind | None
    note: str = ""


@attrs.frozen
class Move(Result):
    """One proposer's step from one dated offer (``earlier``) to its next
    (``later``): the change in its own utility (``d_self``), in each other
    party's (``others``) and in their mean (``d_other``, over the other
    parties that value both offers), and the class. ``kind`` is ``None``
    when ``d_self`` or ``d_other`` is; ``notes`` say why, and which
    positions stand in for one not dated by an offer. ``same_issues`` is
    ``False`` when the two offers settle different issues: each is then
    valued on its own issues, so the changes compare two agendas as well as
    two offers.

    Examples
    --------
    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> move = m.moves[0]
    >>> move.proposer, move.earlier, move.later, round(move.d_self, 3), move.kind
    ('city', 'compromise', 'longer', -0.04, 'concession')
    """

    proposer: str
    earlier: str
    later: str
    earlier_date: dt.date
    later_date: dt.date
    d_self: float | None
    d_other: float | None
    others: tuple[Response, ...]
    kind: MoveKind | None
    same_issues: bool = True
    notes: tuple[str, ...] = ()
    rests_on: tuple[Claim, ...] = ()


@attrs.frozen
class ProposerMoves(Result):
    """One proposer's moves in summary: how many of each class, the
    concession rate and the reciprocity.

    ``concession_rate`` is the mean, over the moves whose ``d_self`` is
    known, of the utility the proposer gives up (``max(0, -d_self)``).
    ``reciprocity`` is the share of the proposer's classified moves that
    follow a concession or a selfish move of another proposer (the latest
    move of another proposer before it) and answer it in kind, concession
    with concession, selfish with selfish; ``answerable`` counts those
    moves. Either is ``None`` when there is nothing to count.

    Examples
    --------
    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> city = m.proposer("city")
    >>> city.moves, city.count("concession"), round(city.concession_rate, 3), city.reciprocity
    (1, 1, 0.04, None)
    """

    proposer: str
    moves: int
    counts: tuple[tuple[MoveKind, int], ...]
    unclassified: int
    concession_rate: float | None
    reciprocity: float | None
    answerable: int
    rests_on: tuple[Claim, ...] = ()

    def count(self, kind: MoveKind) -> int:
        """How many of the proposer's moves are of this class."""
        return dict(self.counts).get(kind, 0)


@attrs.frozen
class Moves(Result):
    """Every proposer's moves, in date order, with the summaries and how
    each party valued each offer.

    Examples
    --------
    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> [(x.proposer, x.earlier, x.later) for x in m.moves]
    [('city', 'compromise', 'longer')]
    >>> [(p.proposer, p.moves) for p in m.by_proposer]
    [('city', 1), ('operator', 0)]
    """

    case: str
    moves: tuple[Move, ...]
    by_proposer: tuple[ProposerMoves, ...]
    valuations: tuple[Valuation, ...]

    def proposer(self, party_id: str) -> ProposerMoves:
        """The summary of one proposer; :class:`KeyError` if it made no
        dated offer."""
        for p in self.by_proposer:
            if p.proposer == party_id:
                return p
        raise KeyError(party_id)

    def valuation(self, party_id: str, offer_id: str) -> Valuation:
        """How one party values one offer; :class:`KeyError` if the offer
        is not one of the moves."""
        for v in self.valuations:
            if v.party == party_id and v.offer == offer_id:
                return v
        raise KeyError((party_id, offer_id))


def _position_at(case: Case, party_id: str, date: dt.date) -> tuple[Position | None, str]:
    """The party's latest position dated no later than ``date``; else its
    earliest (dated first; if none is dated, its first), with a note."""
    mine = case.positions_of(party_id)
    if not mine:
        return None, f"{party_id} has no position"
    by_then = [p for p in mine if p.date is not None and p.date <= date]
    if by_then:
        return by_then[-1], ""
    first = mine[0]
    if first.date is None:
        return first, f"the positions of {party_id} are undated: {first.id} is used"
    note = (
        f"no position of {party_id} is dated by {date.isoformat()}: its earliest, "
        f"{first.id} ({first.date.isoformat()}), is used"
    )
    return first, note


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _valuation(case: Case, party_id: str, offer: Offer, measure: MeasureChoice) -> Valuation:
    assert offer.date is not None
    position, note = _position_at(case, party_id, offer.date)
    if position is None:
        return Valuation(party_id, offer.id, None, (), None, note)
    ids = tuple(i for i in position.issue_ids if i in offer.issue_ids)
    if not ids:
        why = f"offer {offer.id} settles none of the issues of {position.id}"
        return Valuation(party_id, offer.id, position.id, (), None, _join(note, why))
    try:
        restricted = position.restricted(ids)
    except ModelError:
        why = f"{position.id} gives no weight to the issues offer {offer.id} settles"
        return Valuation(party_id, offer.id, position.id, ids, None, _join(note, why))
    claims = [restricted.claim("ideal", i) for i in ids]
    if len(ids) > 1:
        claims += [restricted.claim("salience", i) for i in ids]
    return Valuation(
        party_id,
        offer.id,
        position.id,
        ids,
        utility(restricted, offer, measure=measure),
        note,
        rests_on(claims),
    )


def _delta(before: Valuation, after: Valuation) -> float | None:
    if before.utility is None or after.utility is None:
        return None
    return _snap(after.utility - before.utility)


def _why_none(before: Valuation, after: Valuation) -> str:
    missing = [v for v in (before, after) if v.utility is None]
    return "; ".join(v.note for v in missing)


def moves(case: Case, *, measure: MeasureChoice = None) -> Moves:
    """Classify every move of every proposer of ``case``.

    The offers that have a proposer and a date are taken in date order
    (offers of the same date in the case's order); each proposer's
    successive offers make its moves. Each party values each offer by its
    latest position dated no later than the offer (if none, its earliest,
    and the output says so), restricted to the issues the offer settles
    (:meth:`positions.Position.restricted`); a party whose position
    addresses none of them has no utility for the offer, and the moves that
    need it are left unclassified for that party, with a note. Changes are
    classified by :func:`move_kind`; ``d_other`` is the mean change over the
    other parties that value both offers (the change of the one other party,
    in a bilateral case).

    Every move rests on the ideal and salience claims of the positions used
    that are not stated (a position restricted to one issue gives it weight
    1 whatever its salience).

    Examples
    --------
    The city's second offer lengthens the lease of its first from 22 to 30
    years, which costs it and pleases the operator:

    >>> import attrs, datetime, positions
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> [(x.proposer, x.kind, round(x.d_self, 3), round(x.d_other, 3)) for x in m.moves]
    [('city', 'concession', -0.04, 0.053)]

    .. versionadded:: 0.1
    """
    if not isinstance(case, Case):
        msg = f"moves takes a case (got {case!r})"
        raise InvalidArgumentError(msg)
    check_measure(case.issues, measure)
    order = {o.id: k for k, o in enumerate(case.offers)}
    dated = sorted(
        (o for o in case.offers if o.proposer is not None and o.date is not None),
        key=lambda o: (o.date, order[o.id]),
    )
    place = {o.id: k for k, o in enumerate(dated)}
    parties = [p.id for p in case.parties if case.positions_of(p.id)]
    cache: dict[tuple[str, str], Valuation] = {}

    def value(party_id: str, offer: Offer) -> Valuation:
        key = (party_id, offer.id)
        if key not in cache:
            cache[key] = _valuation(case, party_id, offer, measure)
        return cache[key]

    proposers = [p.id for p in case.parties if any(o.proposer == p for o in dated)]
    all_moves: list[Move] = []
    for proposer in proposers:
        mine = [o for o in dated if o.proposer is not None and o.proposer.id == proposer]
        for before, after in itertools.pairwise(mine):
            all_moves.append(_move(proposer, before, after, parties, value))
    by_proposer = tuple(_summary(p, all_moves, place) for p in proposers)
    return Moves(case.id, tuple(all_moves), by_proposer, tuple(cache.values()))


def _move(
    proposer: str,
    before: Offer,
    after: Offer,
    parties: Sequence[str],
    value: Callable[[str, Offer], Valuation],
) -> Move:
    assert before.date is not None
    assert after.date is not None
    notes: list[str] = []
    same = set(before.issue_ids) == set(after.issue_ids)
    if not same:
        notes.append(
            f"{before.id} and {after.id} settle different issues: each is valued on its own"
        )
    claims: list[Claim] = []
    deltas: dict[str, float | None] = {}
    responses = []
    for party_id in [proposer, *(p for p in parties if p != proposer)]:
        a, b = value(party_id, before), value(party_id, after)
        for v in (a, b):
            if v.note and v.note not in notes:
                notes.append(v.note)
        if a.position is not None and b.position is not None and a.position != b.position:
            notes.append(
                f"{party_id} values {before.id} by {a.position} and {after.id} by {b.position}"
            )
        claims += [*a.rests_on, *b.rests_on]
        deltas[party_id] = _delta(a, b)
        if party_id != proposer:
            responses.append((party_id, _delta(a, b), _why_none(a, b)))
    d_self = deltas.get(proposer)
    known = [d for _, d, _ in responses if d is not None]
    d_other = _snap(sum(known) / len(known)) if known else None
    others = tuple(
        Response(
            party,
            d,
            None if d is None or d_self is None else move_kind(d_self, d),
            why if d is None else "",
        )
        for party, d, why in responses
    )
    if not responses:
        notes.append("no other party has a position")
    kind = None if d_self is None or d_other is None else move_kind(d_self, d_other)
    return Move(
        proposer=proposer,
        earlier=before.id,
        later=after.id,
        earlier_date=before.date,
        later_date=after.date,
        d_self=d_self,
        d_other=d_other,
        others=others,
        kind=kind,
        same_issues=same,
        notes=tuple(notes),
        rests_on=rests_on(claims),
    )


def _summary(proposer: str, all_moves: Sequence[Move], place: dict[str, int]) -> ProposerMoves:
    mine = [m for m in all_moves if m.proposer == proposer]
    theirs = sorted((m for m in all_moves if m.proposer != proposer), key=lambda m: place[m.later])
    counts = tuple((k, sum(m.kind == k for m in mine)) for k in MOVE_KINDS)
    losses = [max(0.0, -m.d_self) for m in mine if m.d_self is not None]
    answerable = answered = 0
    for m in mine:
        if m.kind is None:
            continue
        before = [x for x in theirs if place[x.later] < place[m.later]]
        if before and before[-1].kind in ("concession", "selfish"):
            answerable += 1
            answered += m.kind == before[-1].kind
    return ProposerMoves(
        proposer=proposer,
        moves=len(mine),
        counts=counts,
        unclassified=sum(m.kind is None for m in mine),
        concession_rate=sum(losses) / len(losses) if losses else None,
        reciprocity=answered / answerable if answerable else None,
        answerable=answerable,
        rests_on=rests_on(c for m in mine for c in m.rests_on),
    )
