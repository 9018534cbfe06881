"""Which conclusions survive competing readings of the record, and redrawn
saliences.

A position can hold alternative readings of some of its claims
(:class:`positions.Reading`). Each conclusion below is a proposition about
a few positions; it is evaluated under every combination of their readings
(the main reading of each claim, or one of its alternatives), or a seeded
sample of them when there are more than ``max_combinations``:

* ``overlap``: the acceptable sets of a pair of positions meet;
* ``acceptable``: an offer is acceptable to a position;
* ``zone``: the agreement space of the solved positions holds an outcome
  acceptable to all;
* ``nash``, ``kalai_smorodinsky``, ``egalitarian``: that point of the
  agreement space is the outcome it is under the main readings.

A conclusion holds under ``all`` combinations, under ``none``, or under
``some``; for the last, ``flipped_by`` lists the smallest sets of
alternative readings that change its value from the main readings' one
(a set none of whose subsets among the combinations evaluated flips it).

With ``draws > 0`` the saliences are redrawn as by
:func:`positions.sensitivity` under every combination, and ``p_min`` and
``p_max`` give the smallest and largest share of draws in which the
conclusion holds; it then holds under ``all`` only if it holds in every
draw of every combination. Overlap does not depend on the saliences.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np

from positions._engine import FloatArray, OutcomeSpace, _axes, _Gather, _per_value, evaluate
from positions._limits import MAX_SAMPLES
from positions._measures import (
    MeasureChoice,
    _assess,
    _overlap,
    _union,
    check_measure,
    issue_terms,
    measure_for,
    rests_on,
)
from positions._model import Case, Claim, Offer, Position, Reading, Status, _reading_groups
from positions._select import agreement_space, pick_offers, pick_positions, position_pairs
from positions._sensitivity import SALIENCE_DRAWS, SalienceDraws, weight_draws
from positions._solutions import (
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    pareto_frontier,
)
from positions.exceptions import InvalidArgumentError

__all__ = ["Choice", "Conclusion", "Robustness", "robustness"]

ConclusionKind: TypeAlias = Literal[
    "overlap", "acceptable", "zone", "nash", "kalai_smorodinsky", "egalitarian"
]
Verdict: TypeAlias = Literal["all", "none", "some"]

_POINTS = {
    "nash": nash_point,
    "kalai_smorodinsky": kalai_smorodinsky_point,
    "egalitarian": egalitarian_point,
}
_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai-Smorodinsky", "egalitarian": "egalitarian"}


@attrs.frozen
class Choice:
    """An alternative reading in force: which position, which claim, which
    reading, and how it is known.

    Examples
    --------
    >>> str(Choice("p1", "accept.pace", "wider", "reported"))
    'p1 accept.pace=wider (reported)'
    """

    position: str
    claim: str
    reading: str
    status: Status

    def __str__(self) -> str:
        return f"{self.position} {self.claim}={self.reading} ({self.status})"

    def to_dict(self) -> dict[str, str]:
        """The choice as plain data."""
        return {
            "position": self.position,
            "claim": self.claim,
            "reading": self.reading,
            "status": self.status,
        }


@attrs.frozen
class Conclusion:
    """One conclusion and how it fares under the readings and the draws.

    ``statement`` is the proposition tested; ``base`` its value under the
    main readings with the stated saliences; ``verdict`` whether it holds
    under ``all`` the combinations of readings evaluated, ``none`` or
    ``some`` (``holding`` of ``combinations``); ``flipped_by`` the smallest
    sets of alternative readings that change ``base``. ``p_min`` and
    ``p_max`` are the smallest and largest share of salience draws in which
    it holds, over the combinations (``None`` without draws, or for a
    conclusion the saliences cannot change). ``rests_on`` lists the claims
    not stated that ``base`` rests on; ``alternatives`` the other outcomes
    a solution point takes, with the number of combinations giving each.

    Examples
    --------
    >>> c = Conclusion("overlap", ("a", "b"), "a and b overlap", False, "none", 4, 4, 0)
    >>> c.robust
    True
    """

    kind: ConclusionKind
    subject: tuple[str, ...]
    statement: str
    base: bool
    verdict: Verdict
    combinations: int
    total_combinations: int
    holding: int
    flipped_by: tuple[tuple[Choice, ...], ...] = ()
    p_min: float | None = None
    p_max: float | None = None
    rests_on: tuple[Claim, ...] = ()
    alternatives: tuple[tuple[str, int], ...] = ()

    @property
    def robust(self) -> bool:
        """Whether the conclusion has the same value under every combination
        of readings evaluated (and every draw)."""
        return self.verdict != "some"

    @property
    def sampled(self) -> bool:
        """Whether only a sample of the combinations was evaluated."""
        return self.combinations < self.total_combinations


@attrs.frozen
class Robustness:
    """The result of :func:`robustness`.

    Examples
    --------
    >>> Robustness("c", draws=0, seed=0, salience_draws="auto", concentration=50.0,
    ...            max_combinations=1024, readings=(), conclusions=()).conclusions
    ()
    """

    case: str
    draws: int
    seed: int
    salience_draws: SalienceDraws
    concentration: float
    max_combinations: int
    readings: tuple[Choice, ...]
    conclusions: tuple[Conclusion, ...]

    def of_kind(self, kind: ConclusionKind) -> tuple[Conclusion, ...]:
        """The conclusions of one kind."""
        return tuple(c for c in self.conclusions if c.kind == kind)


# ---------------------------------------------------------------------------
# Combinations of readings


def _choices(position: Position, reading: Reading) -> Choice:
    return Choice(position.id, reading.path, reading.id, reading.evidence.status)


_Combo: TypeAlias = tuple[tuple[Reading | None, ...], ...]


def _options(position: Position) -> list[list[Reading | None]]:
    return [[None, *group] for group in _reading_groups(position.readings)]


def _combos(
    positions: Sequence[Position], limit: int, rng_seed: Sequence[int]
) -> tuple[list[_Combo], int]:
    """The combinations of readings of ``positions`` to evaluate (the main
    readings first), and how many there are in all."""
    options = [_options(p) for p in positions]
    sizes = [len(g) for groups in options for g in groups]
    total = math.prod(sizes)

    def regroup(flat: Sequence[Reading | None]) -> _Combo:
        out, k = [], 0
        for groups in options:
            out.append(tuple(flat[k : k + len(groups)]))
            k += len(groups)
        return tuple(out)

    flat_groups = [g for groups in options for g in groups]
    if total <= limit:
        return [regroup(c) for c in itertools.product(*flat_groups)], total
    rng = np.random.default_rng(list(rng_seed))
    base = regroup([None] * len(flat_groups))
    picked, out = {base}, [base]
    while len(out) < limit:
        combo = regroup([g[int(rng.integers(len(g)))] for g in flat_groups])
        if combo not in picked:
            picked.add(combo)
            out.append(combo)
    return out, total


class _Reader:
    """Positions under readings, each built once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Position, tuple[str, ...]], Position] = {}

    def __call__(self, position: Position, choice: Sequence[Reading | None]) -> Position:
        ids = tuple(r.id for r in choice if r is not None)
        key = (position, ids)
        if key not in self._cache:
            self._cache[key] = position.read(*ids) if ids else position
        return self._cache[key]


def _chosen(positions: Sequence[Position], combo: _Combo) -> frozenset[Choice]:
    return frozenset(
        _choices(p, r) for p, choice in zip(positions, combo, strict=True) for r in choice if r
    )


def _minimal(sets: list[frozenset[Choice]]) -> tuple[tuple[Choice, ...], ...]:
    kept: list[frozenset[Choice]] = []
    for s in sorted(set(sets), key=lambda x: (len(x), sorted(map(str, x)))):
        if not any(k <= s for k in kept):
            kept.append(s)
    return tuple(tuple(sorted(s, key=str)) for s in kept)


def _seed_of(seed: int, *parts: str) -> list[int]:
    """A seed for the draws of one position under one reading, so that the
    draws do not depend on what else is evaluated, or in which order."""
    return [seed, zlib.crc32("\x1f".join(parts).encode("utf-8"))]


# ---------------------------------------------------------------------------
# Evaluating conclusions


@attrs.frozen
class _Settings:
    draws: int
    seed: int
    concentration: float
    how: SalienceDraws
    measure: MeasureChoice
    limit: int


def _weights(position: Position, s: _Settings) -> FloatArray:
    saliences = repr([(x.salience, x.salience_range) for x in position.stances])
    rng = np.random.default_rng(_seed_of(s.seed, position.id, saliences))
    return weight_draws(position, s.draws, rng, concentration=s.concentration, how=s.how)


def _conclude(
    kind: ConclusionKind,
    subject: Sequence[str],
    statement: str,
    positions: Sequence[Position],
    s: _Settings,
    evaluate_one: Callable[[Sequence[Position]], tuple[Any, FloatArray | None]],
    *,
    rests: Callable[[Sequence[Position]], Sequence[Claim]],
    reader: _Reader,
) -> Conclusion:
    """Evaluate one conclusion under every combination (or a sample).

    ``evaluate_one`` gives, for positions under one combination, the value
    at the stated saliences and, with draws, the value in each draw (an
    array of 0 and 1), or ``None`` where the saliences cannot change it."""
    combos, total = _combos(positions, s.limit, _seed_of(s.seed, kind, *subject))
    values: list[Any] = []
    shares: list[float] = []
    for combo in combos:
        read = [reader(p, c) for p, c in zip(positions, combo, strict=True)]
        value, per_draw = evaluate_one(read)
        values.append(value)
        if per_draw is not None:
            shares.append(float(per_draw.mean()))
    base = values[0]
    truth = [v == base for v in values] if kind in _POINTS else [bool(v) for v in values]
    holding = sum(truth)
    if shares:
        everywhere = all(t and p == 1.0 for t, p in zip(truth, shares, strict=True))
        nowhere = all(not t and p == 0.0 for t, p in zip(truth, shares, strict=True))
    else:
        everywhere, nowhere = holding == len(truth), holding == 0
    verdict: Verdict = "all" if everywhere else "none" if nowhere else "some"
    flips = [
        _chosen(positions, combo) for combo, v in zip(combos, values, strict=True) if v != base
    ]
    alternatives: tuple[tuple[str, int], ...] = ()
    if kind in _POINTS:
        counts: dict[str, int] = {}
        for v in values[1:]:
            if v != base:
                counts[str(v)] = counts.get(str(v), 0) + 1
        alternatives = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return Conclusion(
        kind=kind,
        subject=tuple(subject),
        statement=statement,
        base=bool(base) if kind not in _POINTS else True,
        verdict=verdict,
        combinations=len(combos),
        total_combinations=total,
        holding=holding,
        flipped_by=_minimal(flips),
        p_min=min(shares) if shares else None,
        p_max=max(shares) if shares else None,
        rests_on=rests_on(rests(positions)),
        alternatives=alternatives,
    )


def _overlaps(
    pairs: Sequence[tuple[Position, Position]], s: _Settings, reader: _Reader
) -> Iterator[Conclusion]:
    for a, b in pairs:

        def meets(read: Sequence[Position]) -> tuple[bool, None]:
            return not _overlap(read, _union(read), s.measure).empty, None

        def rests(read: Sequence[Position]) -> Sequence[Claim]:
            return _overlap(read, _union(read), s.measure).rests_on

        yield _conclude(
            "overlap",
            (a.id, b.id),
            f"{a.id} and {b.id} overlap",
            (a, b),
            s,
            meets,
            rests=rests,
            reader=reader,
        )


def _acceptable_draws(position: Position, offer: Offer, s: _Settings) -> FloatArray | None:
    """In each draw of the saliences, whether ``offer`` is acceptable to
    ``position`` (1.0 or 0.0); ``None`` when only the red lines decide."""
    complete = all(offer.term(i) is not None for i in position.issue_ids)
    if not complete or position.reservation is None or s.draws == 0:
        return None
    values = np.empty(len(position.stances))
    inside = True
    for k, stance in enumerate(position.stances):
        term = offer.term(stance.issue.id)
        assert term is not None
        m = measure_for(stance.issue, s.measure)
        inside = inside and issue_terms(stance, term.value, m)[2]
        values[k] = stance.value(term.value, measure=m)
    if not inside:
        return np.zeros(s.draws)
    return ((_weights(position, s) @ values) >= position.reservation).astype(float)


def _acceptances(
    positions: Sequence[Position], offers: Sequence[Offer], s: _Settings, reader: _Reader
) -> Iterator[Conclusion]:
    for p in positions:
        for o in offers:
            if not any(o.term(i) is not None for i in p.issue_ids):
                continue

            def ok(read: Sequence[Position], o: Offer = o) -> tuple[bool, FloatArray | None]:
                return _assess(read[0], o, s.measure).acceptable, _acceptable_draws(read[0], o, s)

            def rests(read: Sequence[Position], o: Offer = o) -> Sequence[Claim]:
                return _assess(read[0], o, s.measure).rests_on

            yield _conclude(
                "acceptable",
                (p.id, o.id),
                f"{o.id} is acceptable to {p.id}",
                (p,),
                s,
                ok,
                rests=rests,
                reader=reader,
            )


class _Space:
    """Per-issue values and red lines of positions over a grid, so that the
    utilities of many salience draws are one product each."""

    def __init__(self, positions: Sequence[Position], space: OutcomeSpace, s: _Settings) -> None:
        gather = _Gather(space)
        self.columns: list[FloatArray] = []
        self.inside: list[Any] = []
        for p in positions:
            axes = _axes(p, space)
            per = _per_value(p, space, axes, s.measure)
            self.columns.append(
                np.stack(
                    [
                        gather.flat(np.broadcast_to(gather.spread(v, j), space.shape))
                        for (_, _, _, v, _), j in zip(per, axes, strict=True)
                    ]
                )
            )
            inside = np.ones(space.shape, dtype=bool)
            for (_, _, _, _, member), j in zip(per, axes, strict=True):
                inside = inside & gather.spread(member, j)
            self.inside.append(gather.flat(inside))


def _outcome_text(space: OutcomeSpace, index: int | None) -> str:
    if index is None:
        return "none (no outcome meets every reservation level)"
    offer = space.offer(index)
    return "; ".join(f"{i.id}={i.format_value(offer.value(i.id))}" for i in space.issues)


def _solutions(
    chosen: Sequence[Position], space: OutcomeSpace, s: _Settings, reader: _Reader
) -> Iterator[Conclusion]:
    ids = [i.id for i in space.issues]
    restricted = [p.restricted(ids) for p in chosen]
    names = ", ".join(p.id for p in restricted)

    def at_stated(read: Sequence[Position]) -> tuple[Any, Any]:
        ev = evaluate(read, space, measure=s.measure)
        reservations = [p.reservation for p in read]
        front = pareto_frontier(ev.utility, reservations=reservations)
        points = {k: f(ev.utility, front, reservations=reservations) for k, f in _POINTS.items()}
        return bool(ev.acceptable.all(axis=0).any()), points

    def per_draw(read: Sequence[Position]) -> tuple[FloatArray, list[dict[str, int | None]]]:
        grid = _Space(read, space, s)
        weights = [_weights(p, s) for p in read]
        reservations = [p.reservation for p in read]
        zone = np.zeros(s.draws)
        points: list[dict[str, int | None]] = []
        for d in range(s.draws):
            u = np.stack([w[d] @ cols for w, cols in zip(weights, grid.columns, strict=True)])
            ok = np.ones(len(space), dtype=bool)
            for row, (p, inside) in enumerate(zip(read, grid.inside, strict=True)):
                ok &= inside if p.reservation is None else inside & (u[row] >= p.reservation)
            zone[d] = ok.any()
            front = pareto_frontier(u, reservations=reservations)
            points.append({k: f(u, front, reservations=reservations) for k, f in _POINTS.items()})
        return zone, points

    cache: dict[tuple[int, ...], tuple[Any, Any]] = {}

    def run(read: Sequence[Position]) -> tuple[Any, Any]:
        key = tuple(id(p) for p in read)
        if key not in cache:
            stated = at_stated(read)
            drawn = per_draw(read) if s.draws else None
            cache[key] = (stated, drawn)
        return cache[key]

    def zone(read: Sequence[Position]) -> tuple[bool, FloatArray | None]:
        (non_empty, _), drawn = run(read)
        return non_empty, None if drawn is None else drawn[0]

    def rests(read: Sequence[Position]) -> Sequence[Claim]:
        return [c for p in read for c in p.claims]

    yield _conclude(
        "zone",
        tuple(p.id for p in restricted),
        f"the agreement space of {names} holds an outcome acceptable to all",
        restricted,
        s,
        zone,
        rests=rests,
        reader=reader,
    )
    (_, base_points), _ = run(restricted)
    for kind in _POINTS:

        def point(read: Sequence[Position], kind: str = kind) -> tuple[str, FloatArray | None]:
            (_, points), drawn = run(read)
            value = _outcome_text(space, points[kind])
            if drawn is None:
                return value, None
            base_value = _outcome_text(space, base_points[kind])
            hits = [_outcome_text(space, d[kind]) == base_value for d in drawn[1]]
            return value, np.array(hits, dtype=float)

        yield _conclude(
            kind,  # type: ignore[arg-type]
            tuple(p.id for p in restricted),
            f"the {_NAMES[kind]} point is {_outcome_text(space, base_points[kind])}",
            restricted,
            s,
            point,
            rests=rests,
            reader=reader,
        )


def robustness(
    case: Case,
    *,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    solve: bool = True,
    issues: Sequence[str] | None = None,
    shares: Sequence[float] = (0.0, 1.0),
    scale_points: int = 11,
    draws: int = 1000,
    seed: int = 0,
    concentration: float = 50.0,
    salience_draws: SalienceDraws = "auto",
    max_combinations: int = 1024,
    measure: MeasureChoice = None,
    progress: Callable[[int, int], None] | None = None,
    max_samples: int = MAX_SAMPLES,
) -> Robustness:
    """Evaluate the case's conclusions under every combination of the
    positions' alternative readings, with redrawn saliences (see the
    module): whether each pair of positions overlaps (pairs of different
    parties, or of the positions named), whether each offer (or those
    named) is acceptable to each position, and, with ``solve``, whether the
    agreement space (as :func:`positions.solve` builds it for each party's
    latest position, or the positions named) has a zone of agreement and
    which outcomes its solution points are.

    A conclusion whose positions have more than ``max_combinations``
    combinations of readings is evaluated on a seeded sample of that many
    (the main readings always among them), and says so. ``draws=0``
    varies the readings only. The same ``seed`` gives the same result.

    ``progress``, if given, is called with the number of conclusions done
    and the number in all. A run that would draw more than ``max_samples``
    saliences at once (``draws`` times the issues of the positions) is
    refused before anything is drawn.

    .. versionadded:: 0.1

    Examples
    --------
    >>> import positions
    >>> r = positions.robustness(positions.load_case("harbour"), draws=0, solve=False)
    >>> [(c.statement, c.verdict) for c in r.of_kind("overlap")]
    [('city-2024 and operator-2024 overlap', 'all')]
    """
    for name, value, low in (("draws", draws, 0), ("max_combinations", max_combinations, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            msg = f"{name} must be an integer >= {low} (got {value!r})"
            raise InvalidArgumentError(msg)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgumentError(f"seed must be an integer >= 0 (got {seed!r})")
    if not (isinstance(concentration, int | float) and 0 < concentration < math.inf):
        msg = f"concentration must be a positive finite number (got {concentration!r})"
        raise InvalidArgumentError(msg)
    if salience_draws not in SALIENCE_DRAWS:
        msg = f"salience_draws must be one of {list(SALIENCE_DRAWS)!r} (got {salience_draws!r})"
        raise InvalidArgumentError(msg)
    check_measure(case.issues, measure)
    s = _Settings(draws, seed, float(concentration), salience_draws, measure, max_combinations)
    reader = _Reader()
    chosen = pick_positions(case, positions)
    if isinstance(max_samples, bool) or not isinstance(max_samples, int) or max_samples < 1:
        raise InvalidArgumentError(
            f"--max-samples must be a positive integer (got {max_samples!r})"
        )
    weights = sum(len(p.stances) for p in chosen)
    if draws * weights > max_samples:
        msg = (
            f"{draws:,} draws of {weights:,} saliences are {draws * weights:,} samples, more "
            f"than the limit of {max_samples:,}: use fewer --draws or positions, or raise the "
            "limit with --max-samples"
        )
        raise InvalidArgumentError(msg)
    pairs = list(position_pairs(case, positions))
    picked = pick_offers(case, offers)
    jobs: list[Iterator[Conclusion]] = [
        _overlaps(pairs, s, reader),
        _acceptances(chosen, picked, s, reader),
    ]
    if solve:
        solvers, space = agreement_space(
            case, positions, issues, shares=shares, scale_points=scale_points
        )
        check_measure(space.issues, measure)
        jobs.append(_solutions(solvers, space, s, reader))
    total = (
        len(pairs)
        + sum(1 for p in chosen for o in picked if any(o.term(i) is not None for i in p.issue_ids))
        + (1 + len(_POINTS) if solve else 0)
    )
    conclusions = []
    for job in jobs:
        for c in job:
            conclusions.append(c)
            if progress is not None:
                progress(len(conclusions), total)
    readings = tuple(_choices(p, r) for p in case.positions for r in p.readings)
    return Robustness(
        case=case.id,
        draws=draws,
        seed=seed,
        salience_draws=salience_draws,
        concentration=float(concentration),
        max_combinations=max_combinations,
        readings=readings,
        conclusions=tuple(conclusions),
    )
