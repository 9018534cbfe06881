"""The measures of DESIGN section 3: concession, shortfall, acceptability,
utility, distance, movement and overlap, each with its per-issue breakdown.

Every measure takes ``measure``: which item measure weighs the items of
weighted-item issues. ``None`` uses each issue's ``default_measure``; a
string applies to every weighted-item issue that defines it (``count``
always exists) while the others keep their default, and it is an error if no
weighted-item issue involved defines it; a mapping names the measure per
issue id. The measure used on each issue is reported in the breakdown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

import attrs

from positions._data import Result
from positions._issues import COUNT, AcceptableSet, Issue, ItemsIssue, Value
from positions._model import Claim, ClaimKind, Offer, Position, Stance, Term
from positions.exceptions import InvalidArgumentError, IssueMismatchError, UnknownMeasureError

__all__ = [
    "DISTANCE_METHODS",
    "Assessment",
    "Breakdown",
    "IssueMovement",
    "IssueOverlap",
    "IssueTerm",
    "MeasureChoice",
    "Movement",
    "Overlap",
    "SetChange",
    "assess",
    "concession",
    "distance",
    "is_acceptable",
    "movement",
    "overlap",
    "shortfall",
    "utility",
]

#: Which item measure to use: ``None`` (each issue's default), one name for
#: every weighted-item issue that has it, or a name per issue id.
MeasureChoice: TypeAlias = str | Mapping[str, str] | None

_TINY = math.ulp(0.0)


def check_measure(issues: Iterable[Issue], measure: MeasureChoice) -> None:
    """Raise :class:`~positions.exceptions.UnknownMeasureError` unless ``measure`` can be used with
    ``issues``: a name that at least one of their weighted-item issues
    defines, or a mapping from such issues' ids to measures they define."""
    items = [i for i in issues if isinstance(i, ItemsIssue)]
    if measure is None:
        return
    if isinstance(measure, str):
        if measure == COUNT and items:
            return
        if not any(measure in i.measure_names for i in items):
            known = sorted({n for i in items for n in i.measure_names})
            msg = f"no weighted-item issue here has the measure {measure!r} (known: {known!r})"
            raise UnknownMeasureError(msg)
        return
    by_id = {i.id: i for i in items}
    for issue_id, name in measure.items():
        if issue_id not in by_id:
            msg = f"measure given for {issue_id!r}, which is not a weighted-item issue here"
            raise UnknownMeasureError(msg)
        by_id[issue_id].weights(name)  # raises UnknownMeasureError if unknown


def measure_for(issue: Issue, measure: MeasureChoice) -> str | None:
    """The item measure used on ``issue`` (``None`` for issues without items)."""
    if not isinstance(issue, ItemsIssue):
        return None
    if measure is None:
        return issue.default_measure
    if isinstance(measure, str):
        return measure if measure in issue.measure_names else issue.default_measure
    return measure.get(issue.id, issue.default_measure)


def rests_on(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """The claims that are not ``stated``, each once, in the order given."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for c in claims:
        key = (c.position, c.issue, c.kind)
        if c.status != "stated" and key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


def _claims(
    position: Position, kinds: Sequence[ClaimKind], issue_ids: Iterable[str]
) -> list[Claim]:
    return [position.claim(kind, i) for i in issue_ids for kind in kinds]


def _weights_rest_on(position: Position) -> list[Claim]:
    """The claims a position's normalised weights rest on: its saliences,
    unless it addresses one issue (whose weight is 1 whatever its salience)."""
    if len(position.stances) < 2:
        return []
    return _claims(position, ("salience",), position.issue_ids)


def _same_issue(a: Issue, b: Issue) -> None:
    if a is not b and a != b:
        msg = f"two different issues share the id {a.id!r} (are they from different cases?)"
        raise IssueMismatchError(msg)


def _want(value: object, cls: type, what: str, other: type | None = None) -> None:
    """Refuse an argument of the wrong type with a message that says what
    was expected (and, for a position and an offer, that they may be
    swapped)."""
    if isinstance(value, cls):
        return
    hint = ""
    if other is not None and isinstance(value, other):
        hint = f"; are the {cls.__name__.lower()} and the {other.__name__.lower()} swapped?"
    got = type(value).__name__
    article = "an" if got[:1].lower() in "aeiou" else "a"
    msg = f"{what} must be a {cls.__name__} (got {article} {got}{hint})"
    raise InvalidArgumentError(msg)


def _pairs(position: Position, offer: Offer) -> list[tuple[Stance, Term]]:
    pairs = []
    for stance in position.stances:
        term = offer.term(stance.issue.id)
        if term is not None:
            _same_issue(stance.issue, term.issue)
            pairs.append((stance, term))
    return pairs


@attrs.frozen
class IssueTerm(Result):
    """One issue's part of a measure.

    ``amount`` is unweighted, in ``[0, 1]``; the measure is
    ``sum(weight * amount)`` (for a distance of order ``p``, the ``p``-th
    root of ``sum(weight * amount ** p)``).

    Examples
    --------
    >>> from positions import IssueTerm
    >>> IssueTerm("berths", weight=0.5, amount=0.9, measure="quay").amount
    0.9
    """

    issue: str
    weight: float
    amount: float
    measure: str | None = None


@attrs.frozen
class Breakdown(Result):
    """A measure's value with its per-issue terms and the weight it covered.

    ``covered`` is the total weight of the issues that entered the measure:
    for a partial offer it is below 1, so a cheap-looking concession on a
    partial offer is never mistaken for a cheap deal.

    Examples
    --------
    >>> from positions import Breakdown, IssueTerm
    >>> b = Breakdown(0.25, (IssueTerm("a", 0.5, 0.5),), covered=0.5)
    >>> float(b), b.by_issue
    (0.25, {'a': 0.5})
    """

    value: float
    terms: tuple[IssueTerm, ...]
    covered: float

    def __float__(self) -> float:
        return self.value

    @property
    def by_issue(self) -> dict[str, float]:
        """Issue id to the unweighted amount."""
        return {t.issue: t.amount for t in self.terms}


def _weighted_sum(terms: Sequence[IssueTerm]) -> float:
    # Left to right, in the position's issue order: the batch engine adds in
    # the same order, so both give the same float, bit for bit.
    total = 0.0
    for t in terms:
        total += t.weight * t.amount
    return total


def _utility(position: Position, offer: Offer, measure: MeasureChoice) -> float:
    total = 0.0
    for stance in position.stances:
        m = measure_for(stance.issue, measure)
        total += position.weight(stance.issue.id) * stance.value(
            offer.value(stance.issue.id), measure=m
        )
    return total


def issue_terms(stance: Stance, value: Value, measure: str | None) -> tuple[float, float, bool]:
    """The unweighted concession and shortfall of ``value`` for one stance,
    and whether it lies in the stance's acceptable set. The batch engine
    calls this once per level, so both paths compute the same floats."""
    issue = stance.issue
    c = stance.loss(value, measure=measure)
    inside = issue.contains(stance.accept, value)
    s = 0.0
    if not inside:
        # Decided by membership: a value outside the red line always has a
        # positive shortfall, even where the distance underflows to 0.
        s = max(min(c, issue.set_distance(stance.accept, value, measure=measure)), _TINY)
        c = max(c, s)
    return c, s, inside


def _concession_terms(
    position: Position, offer: Offer, measure: MeasureChoice
) -> list[tuple[IssueTerm, IssueTerm, bool]]:
    """Per issue of the offer that the position addresses: the concession
    term, the shortfall term and whether the value is acceptable."""
    out = []
    for stance, term in _pairs(position, offer):
        issue = stance.issue
        m = measure_for(issue, measure)
        w = position.weight(issue.id)
        c, s, inside = issue_terms(stance, term.value, m)
        out.append((IssueTerm(issue.id, w, c, m), IssueTerm(issue.id, w, s, m), inside))
    return out


def _prepare(position: Position, offer: Offer, measure: MeasureChoice) -> None:
    _want(position, Position, "the position", Offer)
    _want(offer, Offer, "the offer", Position)
    if not position.settled_by(offer):
        msg = (
            f"offer {offer.id!r} settles none of the issues position {position.id!r} "
            f"addresses ({', '.join(position.issue_ids)}): nothing can be measured; is the "
            "offer from another case?"
        )
        raise InvalidArgumentError(msg)
    check_measure([*position.issues, *(t.issue for t in offer.terms)], measure)


def concession(position: Position, offer: Offer, *, measure: MeasureChoice = None) -> Breakdown:
    """How far ``position`` must move from its ideal to accept ``offer``:
    ``C = sum over issues of the offer of w_i * (1 - v_i(o_i))``.

    Issues the offer leaves open contribute nothing; ``covered`` tells the
    weight of the issues it settles.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> city = case.position("city-2024")
    >>> c = positions.concession(city, case.offer("lease-only"))
    >>> c.by_issue, c.covered
    ({'berths': 0.9}, 0.5)
    >>> positions.concession(city, case.offer("lease-only"), measure="count").by_issue
    {'berths': 0.6666666666666666}
    """
    _prepare(position, offer, measure)
    terms = [c for c, _, _ in _concession_terms(position, offer, measure)]
    return Breakdown(_weighted_sum(terms), tuple(terms), math.fsum(t.weight for t in terms))


def shortfall(position: Position, offer: Offer, *, measure: MeasureChoice = None) -> Breakdown:
    """How far beyond its red lines ``position`` must go to accept ``offer``:
    ``S = sum w_i * d_i(A_i, o_i)``; 0 on an issue exactly when the value
    lies in the acceptable set, and never more than the concession.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> s = positions.shortfall(case.position("city-2024"), case.offer("lease-only"))
    >>> s.by_issue
    {'berths': 0.6}
    """
    _prepare(position, offer, measure)
    terms = [s for _, s, _ in _concession_terms(position, offer, measure)]
    return Breakdown(_weighted_sum(terms), tuple(terms), math.fsum(t.weight for t in terms))


def _complete(position: Position, offer: Offer) -> bool:
    return all(offer.settles(i) for i in position.issue_ids)


def utility(position: Position, offer: Offer, *, measure: MeasureChoice = None) -> float:
    """``U(o) = sum_i w_i v_i(o_i)`` for an offer that settles every issue
    the position addresses: ``v_i(x) = 1 - d_i(ideal_i, x)``, or the value
    table's entry. Summed left to right in the position's issue order (as
    the batch engine does). Without value tables ``U = 1 - C`` up to
    rounding.

    Raises
    ------
    InvalidArgumentError
        If the offer leaves open an issue the position addresses.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> p = case.position("city-2024")
    >>> positions.utility(p, p.ideal), positions.utility(p, case.offer("compromise"))
    (1.0, 0.54)
    """
    _prepare(position, offer, measure)
    if not _complete(position, offer):
        msg = f"offer {offer.id!r} leaves open issues that position {position.id!r} addresses"
        raise InvalidArgumentError(msg)
    return _utility(position, offer, measure)


def is_acceptable(position: Position, offer: Offer, *, measure: MeasureChoice = None) -> bool:
    """Whether ``offer`` respects the position's red lines on every issue it
    settles, and, when it settles every issue the position addresses, is
    worth at least the reservation level.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> positions.is_acceptable(case.position("city-2024"), case.offer("lease-only"))
    False
    """
    return assess(position, offer, measure=measure).acceptable


@attrs.frozen
class Assessment(Result):
    """Everything :func:`assess` measures of one position against one offer.

    ``rests_on`` lists the claims of the position that the figures depend on
    and that are not ``stated``: the ideal and acceptable set of each issue
    the offer settles, the saliences (through the weights), and, for a
    complete offer, every ideal and the reservation level.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> a = positions.assess(case.position("city-2024"), case.offer("lease-only"))
    >>> a.acceptable, a.complete, a.unacceptable_issues
    (False, False, ('berths',))
    """

    position: str
    party: str
    offer: str
    concession: Breakdown
    shortfall: Breakdown
    acceptable: bool
    complete: bool
    utility: float | None
    reservation: float | None
    unacceptable_issues: tuple[str, ...]
    rests_on: tuple[Claim, ...] = ()


def assess(position: Position, offer: Offer, *, measure: MeasureChoice = None) -> Assessment:
    """Concession, shortfall, utility and acceptability of ``offer`` for
    ``position`` in one pass.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> a = positions.assess(case.position("operator-2024"), case.offer("compromise"))
    >>> a.acceptable, a.shortfall.value, round(a.utility, 3)
    (True, 0.0, 0.347)
    """
    _prepare(position, offer, measure)
    return _assess(position, offer, measure)


def _assess(position: Position, offer: Offer, measure: MeasureChoice) -> Assessment:
    """:func:`assess` without checking ``measure`` (the caller has)."""
    rows = _concession_terms(position, offer, measure)
    c_terms = tuple(c for c, _, _ in rows)
    s_terms = tuple(s for _, s, _ in rows)
    covered = math.fsum(t.weight for t in c_terms)
    c = Breakdown(_weighted_sum(c_terms), c_terms, covered)
    s = Breakdown(_weighted_sum(s_terms), s_terms, covered)
    outside = tuple(t.issue for t, (_, _, inside) in zip(c_terms, rows, strict=True) if not inside)
    complete = _complete(position, offer)
    u = _utility(position, offer, measure) if complete else None
    ok = not outside
    if ok and u is not None and position.reservation is not None:
        ok = u >= position.reservation
    settled = [t.issue for t in c_terms]
    claims = _claims(position, ("ideal", "accept"), settled) + _weights_rest_on(position)
    if complete:
        claims += _claims(position, ("ideal",), position.issue_ids)
        if position.reservation is not None:
            claims.append(position.claim("reservation"))
    return Assessment(
        position=position.id,
        party=position.party.id,
        offer=offer.id,
        concession=c,
        shortfall=s,
        acceptable=ok,
        complete=complete,
        utility=u,
        reservation=position.reservation,
        unacceptable_issues=outside,
        rests_on=rests_on(claims),
    )


def _check_p(p: float) -> None:
    if isinstance(p, bool) or not isinstance(p, int | float) or not (p >= 1 and math.isfinite(p)):
        msg = f"p must be a finite number >= 1 (got p={p!r})"
        raise InvalidArgumentError(msg)


def distance(
    a: Position,
    b: Position,
    *,
    p: float = 1,
    measure: MeasureChoice = None,
    method: str = "minkowski",
) -> Breakdown:
    """The distance between two positions' ideals: a weighted Minkowski
    distance of order ``p`` over the issues both address, each issue
    weighted by the mean of the two positions' normalised saliences.

    ``p = 1`` (default) is the weighted sum of per-issue distances;
    ``p = 2`` the weighted Euclidean distance. Symmetric, and 0 for equal
    ideals. ``covered`` is the mean weight of the shared issues.

    ``method="ktab"`` gives KTAB's distance between actors instead,
    ``sqrt(sum_k (s_ak d_k)^2 / sum_k s_ak^2)`` with ``d_k`` the normalised
    distance between the ideals on issue ``k`` and ``s_ak`` the saliences of
    ``a`` only: it is asymmetric, and equals the weighted Euclidean distance
    (``p = 2``) with weights ``s_ak^2 / sum_k s_ak^2`` taken from ``a`` alone
    (``p`` is ignored).

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> city, operator = case.position("city-2024"), case.position("operator-2024")
    >>> round(positions.distance(city, operator).value, 3)
    0.842
    >>> positions.distance(city, operator).value == positions.distance(operator, city).value
    True
    >>> ab = positions.distance(city, operator, method="ktab").value
    >>> ba = positions.distance(operator, city, method="ktab").value
    >>> round(ab, 3), round(ba, 3)
    (0.876, 0.85)
    """
    _want(a, Position, "the first position", Offer)
    _want(b, Position, "the second position", Offer)
    if method == "ktab":
        check_measure([*a.issues, *b.issues], measure)
        return _ktab_distance(a, b, measure)
    if method != "minkowski":
        msg = f"unknown distance method {method!r} (use one of {list(DISTANCE_METHODS)!r})"
        raise InvalidArgumentError(msg)
    _check_p(p)
    check_measure([*a.issues, *b.issues], measure)
    return _distance(a, b, p, measure)


#: The methods :func:`distance` offers.
DISTANCE_METHODS = ("minkowski", "ktab")


def _ktab_distance(a: Position, b: Position, measure: MeasureChoice) -> Breakdown:
    """KTAB's distance from ``a`` to ``b``: only ``a``'s saliences count."""
    shared = [(sa, b.stance(sa.issue.id)) for sa in a.stances if b.addresses(sa.issue.id)]
    terms = []
    for sa, sb in shared:
        _same_issue(sa.issue, sb.issue)
        m = measure_for(sa.issue, measure)
        terms.append(
            IssueTerm(
                sa.issue.id,
                a.weight(sa.issue.id),
                sa.issue.distance(sa.ideal, sb.ideal, measure=m),
                m,
            )
        )
    squares = math.fsum(t.weight**2 for t in terms)
    if squares == 0:
        return Breakdown(0.0, tuple(terms), 0.0)
    value = math.sqrt(math.fsum((t.weight * t.amount) ** 2 for t in terms) / squares)
    return Breakdown(value, tuple(terms), math.fsum(t.weight for t in terms))


def _distance(a: Position, b: Position, p: float, measure: MeasureChoice) -> Breakdown:
    """:func:`distance` without checking ``p`` and ``measure`` (the caller has)."""
    shared = [(sa, b.stance(sa.issue.id)) for sa in a.stances if b.addresses(sa.issue.id)]
    for sa, sb in shared:
        _same_issue(sa.issue, sb.issue)
    terms = []
    for sa, sb in shared:
        issue = sa.issue
        m = measure_for(issue, measure)
        w = (a.weight(issue.id) + b.weight(issue.id)) / 2
        terms.append(IssueTerm(issue.id, w, issue.distance(sa.ideal, sb.ideal, measure=m), m))
    total = math.fsum(t.weight * t.amount**p for t in terms)
    value = total if p == 1 else total ** (1 / p)
    return Breakdown(value, tuple(terms), math.fsum(t.weight for t in terms))


Direction: TypeAlias = Literal["towards", "away", "unchanged"]

#: How a red line changed between two positions, compared as sets.
SetChange: TypeAlias = Literal["widened", "narrowed", "shifted", "unchanged", "added", "dropped"]


def _direction(before: float, after: float) -> Direction:
    return "towards" if after < before else "away" if after > before else "unchanged"


def set_change(issue: Issue, before: AcceptableSet, after: AcceptableSet) -> SetChange:
    """How an acceptable set changed: ``unchanged`` (equal), ``widened``
    (the later set contains the earlier one and more), ``narrowed`` (the
    reverse) or ``shifted`` (neither contains the other)."""
    if before == after:
        return "unchanged"
    if issue.includes(after, before):
        return "widened"
    if issue.includes(before, after):
        return "narrowed"
    return "shifted"


@attrs.frozen
class IssueMovement(Result):
    """How a party's stance on one issue changed between two positions.

    ``change`` compares the two acceptable sets as sets, whatever any other
    party holds: ``widened``, ``narrowed``, ``shifted`` (neither contains
    the other) or ``unchanged``; ``added`` or ``dropped`` when only the later
    or only the earlier position addresses the issue. ``ideal_moved`` is the
    distance between the two ideals on the issue (``None`` when one
    position does not address it).

    Relative to a counterpart position that addresses the issue, ``ideal``
    compares the distance from the party's ideal to the counterpart's
    before and after, and ``gap_before`` and ``gap_after`` are the gaps
    between the party's acceptable set and the counterpart's (0 when they
    meet); ``red_line`` compares them, ``towards`` or ``away`` only where
    the gap changed. Without such a counterpart all four are ``None``.

    Examples
    --------
    >>> from positions import IssueMovement
    >>> m = IssueMovement("years", change="widened", ideal_moved=0.0,
    ...                   ideal="unchanged", gap_before=0.2, gap_after=0.0)
    >>> m.change, m.red_line
    ('widened', 'towards')
    """

    issue: str
    change: SetChange
    ideal_moved: float | None
    ideal: Direction | None = None
    gap_before: float | None = None
    gap_after: float | None = None
    rests_on: tuple[Claim, ...] = ()

    @property
    def red_line(self) -> Direction | None:
        """Whether the acceptable set moved towards the counterpart's (by
        the gap between them), or ``None`` without a counterpart."""
        if self.gap_before is None or self.gap_after is None:
            return None
        return _direction(self.gap_before, self.gap_after)

    @property
    def changed(self) -> bool:
        """Whether the ideal or the acceptable set changed at all."""
        return self.change != "unchanged" or bool(self.ideal_moved)


@attrs.frozen
class Movement(Result):
    """A party's movement between two of its positions: how far its ideal
    moved, and per issue how its ideal and its red line changed, and whether
    they moved towards or away from a counterpart position.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> city = case.position("city-2024")
    >>> m = positions.movement(city, city, towards=case.position("operator-2024"))
    >>> m.distance.value, m.directions[0], m.changes
    (0.0, ('berths', 'unchanged'), ())
    """

    party: str
    earlier: str
    later: str
    distance: Breakdown
    towards: str | None
    by_issue: tuple[IssueMovement, ...]
    rests_on: tuple[Claim, ...] = ()

    @property
    def directions(self) -> tuple[tuple[str, Direction], ...]:
        """Issue id and the direction of the ideal, for the issues the
        counterpart addresses."""
        return tuple((m.issue, m.ideal) for m in self.by_issue if m.ideal is not None)

    @property
    def changes(self) -> tuple[IssueMovement, ...]:
        """The issues on which the ideal or the acceptable set changed, or
        which one position addresses and the other does not."""
        return tuple(m for m in self.by_issue if m.changed)


def movement(
    earlier: Position,
    later: Position,
    *,
    towards: Position | None = None,
    p: float = 1,
    measure: MeasureChoice = None,
) -> Movement:
    """How far a party moved between two of its positions, how each of its
    red lines changed, and the per-issue direction relative to ``towards``
    (another party's position).

    The distance is :func:`distance` between the two positions. On every
    issue either position addresses, the red lines are compared as sets
    (:class:`IssueMovement`). On each issue that all three positions
    address, the ideal moved ``towards`` the counterpart when the later
    ideal is closer to the counterpart's ideal than the earlier one,
    ``away`` when it is farther, and is ``unchanged`` otherwise; the red
    line is judged the same way by the gap between the acceptable sets.

    Examples
    --------
    >>> import positions
    >>> import attrs
    >>> case = positions.load_case("harbour")
    >>> before = case.position("city-2024")
    >>> years = before.stance("years")
    >>> after = attrs.evolve(before, id="city-later", stances=[
    ...     attrs.evolve(years, ideal=20.0, accept=positions.Interval(5, 30))])
    >>> m = positions.movement(before, after, towards=case.position("operator-2024"))
    >>> years_moved = m.by_issue[1]
    >>> round(m.distance.value, 3), years_moved.ideal, years_moved.change, years_moved.red_line
    (0.125, 'towards', 'widened', 'unchanged')
    >>> [(i.issue, i.change) for i in m.changes]
    [('berths', 'dropped'), ('years', 'widened'), ('customs', 'dropped')]
    """
    _want(earlier, Position, "the earlier position", Offer)
    _want(later, Position, "the later position", Offer)
    if towards is not None:
        _want(towards, Position, "the counterpart (towards)", Offer)
    _check_p(p)
    check_measure([*earlier.issues, *later.issues, *(towards.issues if towards else ())], measure)
    return _movement(earlier, later, towards, p, measure)


def _movement(
    earlier: Position,
    later: Position,
    towards: Position | None,
    p: float,
    measure: MeasureChoice,
) -> Movement:
    """:func:`movement` without checking ``p`` and ``measure`` (the caller has)."""
    if earlier.party != later.party:
        msg = (
            f"movement compares positions of one party (got {earlier.party.id!r} "
            f"and {later.party.id!r})"
        )
        raise InvalidArgumentError(msg)
    if earlier.date is not None and later.date is not None and earlier.date > later.date:
        msg = f"position {earlier.id!r} is dated after {later.id!r}; swap them"
        raise InvalidArgumentError(msg)
    moved = _distance(earlier, later, p, measure)
    shared = [t.issue for t in moved.terms]
    claims = [
        *_claims(earlier, ("ideal",), shared),
        *_claims(later, ("ideal",), shared),
        *_weights_rest_on(earlier),
        *_weights_rest_on(later),
    ]
    rows: list[IssueMovement] = []
    for issue_id in dict.fromkeys([*earlier.issue_ids, *later.issue_ids]):
        mine = [q for q in (earlier, later) if q.addresses(issue_id)]
        own = [c for q in mine for c in _claims(q, ("ideal", "accept"), [issue_id])]
        if len(mine) == 1:
            change: SetChange = "added" if mine[0] is later else "dropped"
            rows.append(IssueMovement(issue_id, change, None, rests_on=rests_on(own)))
            claims += own
            continue
        before, after = earlier.stance(issue_id), later.stance(issue_id)
        issue = after.issue
        _same_issue(issue, before.issue)
        m = measure_for(issue, measure)
        row = IssueMovement(
            issue_id,
            set_change(issue, before.accept, after.accept),
            issue.distance(before.ideal, after.ideal, measure=m),
        )
        if towards is not None and towards.addresses(issue_id):
            target = towards.stance(issue_id)
            _same_issue(issue, target.issue)
            own += _claims(towards, ("ideal", "accept"), [issue_id])
            row = attrs.evolve(
                row,
                ideal=_direction(
                    issue.distance(before.ideal, target.ideal, measure=m),
                    issue.distance(after.ideal, target.ideal, measure=m),
                ),
                gap_before=issue.gap([before.accept, target.accept], measure=m),
                gap_after=issue.gap([after.accept, target.accept], measure=m),
            )
        claims += own
        rows.append(attrs.evolve(row, rests_on=rests_on(own)))
    return Movement(
        party=later.party.id,
        earlier=earlier.id,
        later=later.id,
        distance=moved,
        towards=None if towards is None else towards.id,
        by_issue=tuple(rows),
        rests_on=rests_on(claims),
    )


@attrs.frozen
class IssueOverlap(Result):
    """The overlap of several positions on one issue.

    ``intersection`` is ``None`` when the acceptable sets do not meet (the
    issue blocks). ``gap`` is ``min_x sum_k d(x, A_k)``: for two sets the
    distance between them, 0 exactly when they meet (for measures that give
    every item a positive weight). ``ratio`` is in ``[0, 1]``: 1 for equal
    sets, 0 for disjoint ones.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> o = positions.overlap(*case.positions)
    >>> o.issue("customs").blocking, round(o.issue("customs").ratio, 3)
    (False, 0.333)
    """

    issue: str
    intersection: AcceptableSet | None
    gap: float
    ratio: float
    measure: str | None = None
    rests_on: tuple[Claim, ...] = ()

    @property
    def blocking(self) -> bool:
        """Whether the acceptable sets have no common point."""
        return self.intersection is None


@attrs.frozen
class Overlap(Result):
    """The overlap of two or more positions: per issue, the intersection of
    their acceptable sets; the zone of possible agreement is the product of
    those intersections, empty when some issue blocks.

    An issue that some position does not address is unconstrained for it.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> o = positions.overlap(*case.positions)
    >>> o.empty, o.blocking, o.gaps["years"]
    (False, (), 0.0)
    """

    positions: tuple[str, ...]
    by_issue: tuple[IssueOverlap, ...]
    _by_id: dict[str, IssueOverlap] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, IssueOverlap] = {}
        for i in self.by_issue:
            by_id.setdefault(i.issue, i)
        object.__setattr__(self, "_by_id", by_id)

    @property
    def rests_on(self) -> tuple[Claim, ...]:
        """The acceptable sets the verdict rests on that are not stated.

        A zone that exists rests on every issue's sets (each one bounds it).
        An empty zone rests on the sets of its blocking issues, and on none
        that is not stated if one issue blocks on stated sets alone (that
        issue keeps the zone empty whatever the others say)."""
        if not self.empty:
            return rests_on(c for i in self.by_issue for c in i.rests_on)
        blocking = [i for i in self.by_issue if i.blocking]
        if any(not i.rests_on for i in blocking):
            return ()
        return rests_on(c for i in blocking for c in i.rests_on)

    @property
    def empty(self) -> bool:
        """Whether the zone of possible agreement is empty."""
        return any(i.blocking for i in self.by_issue)

    @property
    def blocking(self) -> tuple[str, ...]:
        """The ids of the issues whose acceptable sets do not meet."""
        return tuple(i.issue for i in self.by_issue if i.blocking)

    @property
    def gaps(self) -> dict[str, float]:
        """Issue id to gap."""
        return {i.issue: i.gap for i in self.by_issue}

    @property
    def zone(self) -> dict[str, AcceptableSet] | None:
        """Issue id to the common acceptable set, or ``None`` when empty."""
        if self.empty:
            return None
        return {i.issue: i.intersection for i in self.by_issue if i.intersection is not None}

    def issue(self, issue_id: str) -> IssueOverlap:
        """The overlap on one issue; :class:`KeyError` if not covered."""
        try:
            return self._by_id[issue_id]
        except (KeyError, TypeError):
            raise KeyError(issue_id) from None


def _union(positions: Iterable[Position]) -> dict[str, Issue]:
    issues: dict[str, Issue] = {}
    for pos in positions:
        for s in pos.stances:
            if s.issue.id in issues:
                _same_issue(issues[s.issue.id], s.issue)
            else:
                issues[s.issue.id] = s.issue
    return issues


def overlap(*positions: Position, measure: MeasureChoice = None) -> Overlap:
    """Where the acceptable sets of ``positions`` meet, issue by issue, with
    gaps, blocking issues and overlap ratios.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> o = positions.overlap(case.position("city-2024"), case.position("operator-2024"))
    >>> o.empty, o.zone["years"], o.zone["customs"]
    (False, Interval(low=20.0, high=25.0), Levels(levels=frozenset({'joint'})))
    """
    if not positions:
        msg = "overlap needs at least one position"
        raise InvalidArgumentError(msg)
    for k, q in enumerate(positions):
        _want(q, Position, f"argument {k + 1} of overlap", Offer)
    issues = _union(positions)
    check_measure(issues.values(), measure)
    return _overlap(positions, issues, measure)


def _overlap(
    positions: Sequence[Position], issues: Mapping[str, Issue], measure: MeasureChoice
) -> Overlap:
    """:func:`overlap` over the union of the positions' ``issues`` (checked
    by the caller)."""
    rows = []
    for issue_id, issue in issues.items():
        sets = [
            pos.stance(issue_id).accept if pos.addresses(issue_id) else issue.whole()
            for pos in positions
        ]
        m = measure_for(issue, measure)
        rows.append(
            IssueOverlap(
                issue=issue_id,
                intersection=issue.intersect(sets),
                gap=issue.gap(sets, measure=m),
                ratio=issue.ratio(sets, measure=m),
                measure=m,
                rests_on=rests_on(
                    pos.claim("accept", issue_id) for pos in positions if pos.addresses(issue_id)
                ),
            )
        )
    return Overlap(tuple(p.id for p in positions), tuple(rows))
