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
from typing import Any, Literal, TypeAlias, TypeVar

import attrs
import numpy as np

from positions._cluster import check_client, run
from positions._data import Result
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

_R = TypeVar("_R")

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
    >>> from positions import Choice
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
class Conclusion(Result):
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
    >>> from positions import Conclusion
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
class Robustness(Result):
    """The result of :func:`robustness`.

    Examples
    --------
    >>> from positions import Robustness
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


@attrs.frozen(eq=False)
class _Spec:
    """One conclusion to evaluate (see :func:`_conclude`). ``evaluate_one``
    gives, for positions under one combination, the value at the stated
    saliences and, with draws, the value in each draw (an array of 0 and
    1), or ``None`` where the saliences cannot change it. ``here``: it is
    evaluated here, not sent to a cluster (it reads what was computed
    there)."""

    kind: ConclusionKind
    subject: tuple[str, ...]
    statement: Callable[[], str]
    positions: tuple[Position, ...]
    evaluate_one: Callable[[Sequence[Position]], tuple[Any, FloatArray | None]]
    rests: Callable[[Sequence[Position]], Sequence[Claim]]
    here: bool = False


_Evaluated: TypeAlias = list[tuple[Any, float | None]]


def _reads(
    spec: _Spec, s: _Settings, reader: _Reader
) -> tuple[list[_Combo], int, list[list[Position]]]:
    """The combinations of readings ``spec`` is evaluated under (or a
    sample), how many there are, and its positions under each."""
    combos, total = _combos(spec.positions, s.limit, _seed_of(s.seed, spec.kind, *spec.subject))
    reads = [
        [reader(p, c) for p, c in zip(spec.positions, combo, strict=True)] for combo in combos
    ]
    return combos, total, reads


def _evaluations(
    space: OutcomeSpace | None,
    evaluate_one: Callable[[Sequence[Position]], tuple[Any, FloatArray | None]],
    reads: Sequence[Sequence[Position]],
) -> _Evaluated:
    """A conclusion's value under each combination, and the share of the
    draws in which it holds (run where the conclusion is evaluated: here,
    or on a worker of a cluster)."""
    out: _Evaluated = []
    for read in reads:
        value, per_draw = evaluate_one(read)
        out.append((value, None if per_draw is None else float(per_draw.mean())))
    return out


def _conclude(
    spec: _Spec, combos: Sequence[_Combo], total: int, evaluated: _Evaluated
) -> Conclusion:
    """A conclusion from its value under every combination evaluated."""
    kind, positions = spec.kind, spec.positions
    values = [v for v, _ in evaluated]
    shares = [p for _, p in evaluated if p is not None]
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
        subject=spec.subject,
        statement=spec.statement(),
        base=bool(base) if kind not in _POINTS else True,
        verdict=verdict,
        combinations=len(combos),
        total_combinations=total,
        holding=holding,
        flipped_by=_minimal(flips),
        p_min=min(shares) if shares else None,
        p_max=max(shares) if shares else None,
        rests_on=rests_on(spec.rests(positions)),
        alternatives=alternatives,
    )


def _text(text: str) -> Callable[[], str]:
    return lambda: text


def _overlaps(pairs: Sequence[tuple[Position, Position]], s: _Settings) -> Iterator[_Spec]:
    for a, b in pairs:

        def meets(read: Sequence[Position]) -> tuple[bool, None]:
            return not _overlap(read, _union(read), s.measure).empty, None

        def rests(read: Sequence[Position]) -> Sequence[Claim]:
            return _overlap(read, _union(read), s.measure).rests_on

        yield _Spec(
            "overlap", (a.id, b.id), _text(f"{a.id} and {b.id} overlap"), (a, b), meets, rests
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
    positions: Sequence[Position], offers: Sequence[Offer], s: _Settings
) -> Iterator[_Spec]:
    for p in positions:
        for o in offers:
            if not any(o.term(i) is not None for i in p.issue_ids):
                continue

            def ok(read: Sequence[Position], o: Offer = o) -> tuple[bool, FloatArray | None]:
                return _assess(read[0], o, s.measure).acceptable, _acceptable_draws(read[0], o, s)

            def rests(read: Sequence[Position], o: Offer = o) -> Sequence[Claim]:
                return _assess(read[0], o, s.measure).rests_on

            yield _Spec(
                "acceptable",
                (p.id, o.id),
                _text(f"{o.id} is acceptable to {p.id}"),
                (p,),
                ok,
                rests,
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


_Points: TypeAlias = dict[str, int | None]


def _stated(space: OutcomeSpace, read: Sequence[Position], s: _Settings) -> tuple[bool, _Points]:
    """Under the stated saliences: whether the zone of agreement holds an
    outcome, and each solution point (run here, or on a worker)."""
    ev = evaluate(read, space, measure=s.measure)
    reservations = [p.reservation for p in read]
    front = pareto_frontier(ev.utility, reservations=reservations)
    points = {k: f(ev.utility, front, reservations=reservations) for k, f in _POINTS.items()}
    return bool(ev.acceptable.all(axis=0).any()), points


def _drawn(
    space: OutcomeSpace, read: Sequence[Position], s: _Settings, start: int, stop: int
) -> tuple[FloatArray, list[_Points]]:
    """In salience draws ``start`` to ``stop``: whether the zone holds an
    outcome (1.0 or 0.0), and each solution point (run here, or on a
    worker: each draw is computed on its own, wherever it is)."""
    grid = _Space(read, space, s)
    weights = [_weights(p, s)[start:stop] for p in read]
    reservations = [p.reservation for p in read]
    zone = np.zeros(stop - start)
    points: list[_Points] = []
    for d in range(stop - start):
        u = np.stack([w[d] @ cols for w, cols in zip(weights, grid.columns, strict=True)])
        ok = np.ones(len(space), dtype=bool)
        for row, (p, inside) in enumerate(zip(read, grid.inside, strict=True)):
            ok &= inside if p.reservation is None else inside & (u[row] >= p.reservation)
        zone[d] = ok.any()
        front = pareto_frontier(u, reservations=reservations)
        points.append({k: f(u, front, reservations=reservations) for k, f in _POINTS.items()})
    return zone, points


#: Outcomes times salience draws that one piece of the agreement space's
#: draws holds on a cluster (the draws of a combination are split so).
_DRAW_CELLS = 2**22

_Solved: TypeAlias = tuple[tuple[bool, _Points], tuple[FloatArray, list[_Points]] | None]


class _Solutions:
    """The conclusions on the agreement space: whether it has a zone of
    agreement and which outcome each solution point is, under each
    combination of readings; what each combination gives is computed once
    (here when first asked for, or on a cluster beforehand)."""

    def __init__(
        self, chosen: Sequence[Position], space: OutcomeSpace, s: _Settings, reader: _Reader
    ) -> None:
        ids = [i.id for i in space.issues]
        self.restricted = tuple(p.restricted(ids) for p in chosen)
        self.space, self.s, self.reader = space, s, reader
        self.cache: dict[tuple[int, ...], _Solved] = {}
        self.specs = [self._zone(), *(self._point(kind) for kind in _POINTS)]

    def solved(self, read: Sequence[Position]) -> _Solved:
        key = tuple(id(p) for p in read)
        if key not in self.cache:
            stated = _stated(self.space, read, self.s)
            drawn = _drawn(self.space, read, self.s, 0, self.s.draws) if self.s.draws else None
            self.cache[key] = (stated, drawn)
        return self.cache[key]

    def pieces(self) -> list[tuple[tuple[int, ...], int, tuple[Any, ...]]]:
        """What a cluster computes for the cache: for each combination of
        readings the conclusions are evaluated under, the stated saliences
        and the draws in pieces (each with where it goes)."""
        reads: dict[tuple[int, ...], list[Position]] = {}
        for spec in self.specs:
            for read in _reads(spec, self.s, self.reader)[2]:
                reads.setdefault(tuple(id(p) for p in read), read)
        per = max(1, _DRAW_CELLS // len(self.space))
        out: list[tuple[tuple[int, ...], int, tuple[Any, ...]]] = []
        for key, read in reads.items():
            out.append((key, -1, (_stated, read, self.s)))
            for start in range(0, self.s.draws, per):
                stop = min(self.s.draws, start + per)
                out.append((key, start, (_drawn, read, self.s, start, stop)))
        return out

    def fill(self, pieces: Sequence[tuple[tuple[int, ...], int, Any]]) -> None:
        """Put what the cluster computed in the cache."""
        stated: dict[tuple[int, ...], tuple[bool, _Points]] = {}
        drawn: dict[tuple[int, ...], list[tuple[int, tuple[FloatArray, list[_Points]]]]] = {}
        for key, start, value in pieces:
            if start < 0:
                stated[key] = value
            else:
                drawn.setdefault(key, []).append((start, value))
        for key, value in stated.items():
            parts = [v for _, v in sorted(drawn.get(key, []), key=lambda sv: sv[0])]
            zone = np.concatenate([z for z, _ in parts]) if parts else None
            points = [p for _, ps in parts for p in ps]
            self.cache[key] = (value, None if zone is None else (zone, points))

    def _zone(self) -> _Spec:
        names = ", ".join(p.id for p in self.restricted)

        def zone(read: Sequence[Position]) -> tuple[bool, FloatArray | None]:
            (non_empty, _), drawn = self.solved(read)
            return non_empty, None if drawn is None else drawn[0]

        return _Spec(
            "zone",
            tuple(p.id for p in self.restricted),
            _text(f"the agreement space of {names} holds an outcome acceptable to all"),
            self.restricted,
            zone,
            _all_claims,
            here=True,
        )

    def _point(self, kind: str) -> _Spec:
        space = self.space

        def base() -> str:
            (_, points), _ = self.solved(self.restricted)
            return _outcome_text(space, points[kind])

        def point(read: Sequence[Position]) -> tuple[str, FloatArray | None]:
            (_, points), drawn = self.solved(read)
            value = _outcome_text(space, points[kind])
            if drawn is None:
                return value, None
            base_value = base()
            hits = [_outcome_text(space, d[kind]) == base_value for d in drawn[1]]
            return value, np.array(hits, dtype=float)

        return _Spec(
            kind,  # type: ignore[arg-type]
            tuple(p.id for p in self.restricted),
            lambda: f"the {_NAMES[kind]} point is {base()}",
            self.restricted,
            point,
            _all_claims,
            here=True,
        )


def _all_claims(read: Sequence[Position]) -> Sequence[Claim]:
    return [c for p in read for c in p.claims]


def _apply(space: OutcomeSpace | None, fn: Callable[..., _R], *args: Any) -> _R:
    """``fn(space, *args)``: one piece of a cluster's work."""
    return fn(space, *args)


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
    client: Any = None,
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

    With ``client``, a ``dask.distributed.Client`` (the ``dask`` extra),
    the work is spread over its cluster's workers: each conclusion on the
    positions and offers is evaluated under all its combinations of
    readings on one worker, and the agreement space under each combination
    on several, its stated saliences on one and its draws in pieces of
    about four million outcomes on others; the conclusions are then drawn
    here, as without a cluster. The same result as without, for the same
    ``seed``.

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
    if client is not None:
        check_client(client)
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
    specs = [*_overlaps(pairs, s), *_acceptances(chosen, picked, s)]
    solutions = None
    if solve:
        solvers, space = agreement_space(
            case, positions, issues, shares=shares, scale_points=scale_points
        )
        check_measure(space.issues, measure)
        solutions = _Solutions(solvers, space, s, reader)
        specs += solutions.specs
    prepared = [_reads(spec, s, reader) for spec in specs]
    conclusions: dict[int, Conclusion] = {}

    def conclude(i: int, evaluated: _Evaluated) -> None:
        combos, total, _ = prepared[i]
        conclusions[i] = _conclude(specs[i], combos, total, evaluated)
        if progress is not None:
            progress(len(conclusions), len(specs))

    if client is None:
        for i, spec in enumerate(specs):
            conclude(i, _apply(None, _evaluations, spec.evaluate_one, prepared[i][2]))
    else:
        # Every piece at once: the conclusions that need nothing else, and
        # what the agreement space's conclusions read under each combination.
        sent = [i for i, spec in enumerate(specs) if not spec.here]
        calls: list[tuple[Any, ...]] = [
            (_evaluations, specs[i].evaluate_one, prepared[i][2]) for i in sent
        ]
        pieces = [] if solutions is None else solutions.pieces()
        calls += [piece[2] for piece in pieces]
        shared = () if solutions is None else (solutions.space,)
        if solutions is None:
            calls = [(None, *call) for call in calls]
        solved = []
        for k, value in run(client, _apply, calls, shared=shared):
            if k < len(sent):
                conclude(sent[k], value)
            else:
                key, start, _ = pieces[k - len(sent)]
                solved.append((key, start, value))
        if solutions is not None:
            solutions.fill(solved)
            for i, spec in enumerate(specs):
                if spec.here:
                    conclude(i, _evaluations(None, spec.evaluate_one, prepared[i][2]))
    readings = tuple(_choices(p, r) for p in case.positions for r in p.readings)
    return Robustness(
        case=case.id,
        draws=draws,
        seed=seed,
        salience_draws=salience_draws,
        concentration=float(concentration),
        max_combinations=max_combinations,
        readings=readings,
        conclusions=tuple(conclusions[i] for i in range(len(specs))),
    )
