"""The expected-utility ("challenge") model of Bueno de Mesquita, as
replicated by Scholz, Calbert and Smith (2011).

The actors of one issue each have a capability ``c``, a salience ``s`` in
``[0, 1]`` and a position ``x`` on a line. Every round, each actor weighs
challenging every other actor: how likely it is to win the challenge (the
others vote on the two positions, by capability times salience), and what
it gains or loses. The offers that follow from those expected utilities
move actors towards one another; after the rounds, the weighted median of
the positions is the forecast.

Two variants are implemented (``docs/explanation/expected-utility.md`` has
the equations):

* ``"S"`` (the default) follows the conventions of Scholz's own program,
  as a public replication that follows it reconstructs them, which are
  reported to reproduce the paper's published figures and, within about
  0.1, its Table 2 (the tests check the first-round figures of the
  paper's figure 7): the probability of
  winning uses one normalising constant over all pairs and votes raised to
  each voter's risk exponent; a receiver judges both sides of a challenge
  with its own exponent; among compromises it takes the one with the
  least weighted average of the two positions.
* ``"P"`` takes the paper's printed equations literally: a linear share of
  the votes, each side's utility with its own exponent, and the least
  movement among compromises. On the paper's example its positions
  collapse onto the median within a few rounds.

References
----------
Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno
de Mesquita's group decision model. ICAART 2011, pp. 18-30; a longer
version in *Journal of Theoretical Politics* 23(4), 2011.

Bueno de Mesquita, B. (1994). Political forecasting: an expected utility
method. In B. Bueno de Mesquita and F. N. Stokman (eds.), *European
Community Decision Making*. New Haven: Yale University Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from positions._limits import as_float, expected_number, shown
from positions.exceptions import InvalidArgumentError

__all__ = [
    "ExpectedUtilityOffer",
    "ExpectedUtilityParameters",
    "ExpectedUtilityRound",
    "ExpectedUtilityRun",
    "expected_utility_model",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int_]

#: The most actors one issue may have: the variant-S probabilities take
#: ``n**3`` numbers a round (200 actors: 8 million, 64 MB).
MAX_ACTORS = 200

#: The most rounds a run may ask for.
MAX_ROUNDS = 10_000

_VARIANTS = ("S", "P")


# ---------------------------------------------------------------------------
# Parameters


def _fail(name: str, expected: str, value: object) -> None:
    msg = f"{name!r} must be {expected} (got {name}={shown(value)})"
    raise InvalidArgumentError(msg)


def _check_variant(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or value not in _VARIANTS:
        _fail(attribute.name, "'S' or 'P'", value)


def _check_probability(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, float) or not 0.0 <= value <= 1.0:
        _fail(attribute.name, "a number in [0, 1]", value)


def _check_switch(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
        _fail(attribute.name, "0 or 1", value)


def _check_rounds(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ROUNDS:
        _fail(attribute.name, f"a whole number from 1 to {MAX_ROUNDS:,}", value)


def _check_tolerance(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, float) or not 0.0 <= value <= 1.0:
        _fail(attribute.name, "a number in [0, 1]", value)


def _check_flag(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        _fail(attribute.name, "True or False", value)


@attrs.frozen
class ExpectedUtilityParameters:
    """The settings of one run of :func:`expected_utility_model`.

    The section numbers (§) name the steps of the model as Scholz, Calbert
    and Smith (2011) describe them: §1 the inputs and round 0; §2.1 the
    notation and parameters, §2.2 the median and mean, §2.3 the basic
    utilities, §2.4 the expected utility of a challenge, §2.5 the
    probability of winning and whose exponent counts, §2.6 the risk
    exponents, §2.7 the offers and moves, §2.8 the round loop;
    ``docs/explanation/expected-utility.md`` explains each.

    Parameters
    ----------
    variant
        ``"S"`` (the default): the conventions of Scholz's own program,
        which reproduce the paper's published figures; ``"P"``: the
        paper's printed equations (§2, the steps marked S≠P: the
        probability of winning, whose risk exponent judges the other side
        of a challenge, and the choice among compromises).
    q
        ``Q``, the probability that the status quo holds if no challenge
        is made (§2.1, §2.4), in ``[0, 1]``. The paper chose 1 for its
        example; below 1 the utilities of things getting better or worse
        without a challenge enter, in both variants (Scholz's program
        leaves that term out, which makes no difference at 1).
    t
        ``T``, 1 if the actor expects things to get better without a
        challenge, 0 if worse (§2.1, §2.4); it matters only when
        ``q < 1``. The paper's Figure 11 (``Q = 0.5``) fits ``T = 1`` for
        every pair, the default.
    rounds
        The most rounds to run (§2.8), from 1 to 10,000. The paper's
        Table 2 has 8.
    tolerance
        The run stops after the first round in which no actor moves more
        than ``tolerance`` times the range of the initial positions, and
        is then said to have converged; in ``[0, 1]``. With the default 0
        it stops only when no actor moves at all, which changes no result:
        the rounds after it would repeat it.
    capitulation
        Whether an actor that expects to lose a challenge by more than its
        challenger expects to gain gives in and moves to the challenger's
        position (the "compel" region of figure 6 of the paper, §2.7).
        Scholz's program leaves it out; on the paper's example it changes
        nothing.

    Raises
    ------
    positions.exceptions.InvalidArgumentError
        If a setting is outside the range given above.

    Examples
    --------
    >>> from positions import ExpectedUtilityParameters
    >>> ExpectedUtilityParameters().variant
    'S'
    >>> ExpectedUtilityParameters(variant="P", rounds=8).rounds
    8
    >>> ExpectedUtilityParameters(q=2)
    Traceback (most recent call last):
      ...
    positions.exceptions.InvalidArgumentError: 'q' must be a number in [0, 1] (got q=2.0)

    .. versionadded:: 0.1
    """

    variant: Literal["S", "P"] = attrs.field(default="S", validator=_check_variant)
    q: float = attrs.field(default=1.0, converter=as_float, validator=_check_probability)
    t: int = attrs.field(default=1, validator=_check_switch)
    rounds: int = attrs.field(default=10, validator=_check_rounds)
    tolerance: float = attrs.field(default=0.0, converter=as_float, validator=_check_tolerance)
    capitulation: bool = attrs.field(default=True, validator=_check_flag)

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data (JSON-ready).

        Examples
        --------
        >>> from positions import ExpectedUtilityParameters
        >>> ExpectedUtilityParameters().to_dict()["q"]
        1.0
        """
        return attrs.asdict(self)


# ---------------------------------------------------------------------------
# Results


OfferKind = Literal["confrontation", "compromise", "capitulation"]


@attrs.frozen
class ExpectedUtilityOffer:
    """An offer of one round: what ``proposer`` would have ``receiver`` do.

    The receiver expects the proposer to challenge it, and that the
    proposer would gain from it (§2.7; the regions of
    figure 6 of Scholz, Calbert and Smith, 2011):

    * ``"confrontation"``: the receiver expects to gain from challenging the
      proposer too, but less than the proposer would gain; it would move
      to the proposer's position;
    * ``"compromise"``: the receiver expects to lose, but less than the
      proposer expects to gain; it would move part of the way, in
      proportion to the two expected utilities;
    * ``"capitulation"``: the receiver expects to lose more than the
      proposer gains; it would move to the proposer's position.

    Each receiver accepts at most one offer a round: the nearest
    confrontation if it has any, else a compromise (variant S: the one with
    the least weighted average of the two positions, weighted by the two
    expected utilities; variant P: the least movement), else the nearest
    capitulation; equal candidates go to the lower position.

    Parameters
    ----------
    proposer, receiver
        The names of the two actors.
    kind
        ``"confrontation"``, ``"compromise"`` or ``"capitulation"``.
    position
        Where the receiver would move, on the scale of the positions.
    accepted
        Whether the receiver takes this offer.

    Examples
    --------
    >>> from positions import ExpectedUtilityOffer
    >>> ExpectedUtilityOffer("a", "b", "compromise", 5.5, accepted=True).to_dict()["kind"]
    'compromise'
    """

    proposer: str
    receiver: str
    kind: OfferKind
    position: float
    accepted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The offer as plain data (JSON-ready)."""
        return attrs.asdict(self)


Matrix = tuple[tuple[float, ...], ...]


@attrs.frozen(repr=False)
class ExpectedUtilityRound:
    """What the actors computed in one round, and the offers it made.

    Rows and columns of the matrices follow the actors in the order given;
    ``m[i][j]`` is about actor ``i`` and actor ``j``.

    Parameters
    ----------
    number
        The round, from 1.
    danger
        ``D_i``, the sum of the expected utilities the other actors have
        from challenging actor ``i``, all with risk exponent 1 (§2.6).
    risk
        ``r_i``, the risk exponent of each actor in the round, in
        ``[0.5, 2]`` (§2.6): 0.5 for the actor in most danger, 2 for the
        safest.
    probabilities
        ``P_ij``, the probability that ``i`` wins a challenge of ``j``
        (§2.5; 0 when the two share a position), with the round's risk
        exponents.
    expected_utility
        ``E^i(U_ij)``, what ``i`` expects from challenging ``j`` (§2.4), with
        its own exponent; 0 on the diagonal.
    expected_utility_against
        What ``i`` expects ``j`` to get from challenging ``i``: with ``i``'s
        exponent in variant S, with ``j``'s in variant P (§2.5); 0 on the
        diagonal.
    offers
        The offers made in the round (§2.7), those accepted marked.

    Examples
    --------
    >>> from positions import expected_utility_model
    >>> run = expected_utility_model([1, 1, 1], [0, 4, 10], [0.5, 0.5, 0.5], names=["a", "b", "c"])
    >>> first = run.rounds[0]
    >>> first
    <ExpectedUtilityRound 1: 2 offers, 1 move>
    >>> [round(r, 3) for r in first.risk]
    [0.909, 2.0, 0.5]
    >>> [(o.proposer, o.receiver, o.kind, o.position, o.accepted) for o in first.offers]
    [('a', 'c', 'confrontation', 0.0, False), ('b', 'c', 'confrontation', 4.0, True)]
    """

    number: int
    danger: tuple[float, ...]
    risk: tuple[float, ...]
    probabilities: Matrix
    expected_utility: Matrix
    expected_utility_against: Matrix
    offers: tuple[ExpectedUtilityOffer, ...]

    @property
    def moves(self) -> tuple[ExpectedUtilityOffer, ...]:
        """Who moved where in this round (the offers accepted)."""
        return tuple(o for o in self.offers if o.accepted)

    def to_dict(self) -> dict[str, Any]:
        """The round as plain data (JSON-ready)."""
        return {
            "number": self.number,
            "danger": list(self.danger),
            "risk": list(self.risk),
            "probabilities": [list(row) for row in self.probabilities],
            "expected_utility": [list(row) for row in self.expected_utility],
            "expected_utility_against": [list(row) for row in self.expected_utility_against],
            "offers": [o.to_dict() for o in self.offers],
        }

    def __repr__(self) -> str:
        """One line: the round and its numbers of offers and moves."""
        offers, moves = len(self.offers), len(self.moves)
        return (
            f"<ExpectedUtilityRound {self.number}: {offers} offer{'' if offers == 1 else 's'},"
            f" {moves} move{'' if moves == 1 else 's'}>"
        )


@attrs.frozen(repr=False)
class ExpectedUtilityRun:
    """The result of :func:`expected_utility_model`: every round's positions,
    their weighted median and mean, and what each round computed.

    Parameters
    ----------
    names, capabilities, saliences
        The actors, as given.
    parameters
        The settings of the run.
    range
        ``R``, the range of the initial positions; it stays the unit of
        distance for the whole run (§2.1). 0 when all actors start at one
        position: then no round is run.
    positions
        The actors' positions, round by round; ``positions[0]`` is the
        input, ``positions[t]`` the positions after round ``t``.
    medians, means
        The weighted median and mean of ``positions[t]``, weighted by
        capability times salience (§2.2). The median is the weighted
        median voter's position, which beats every other position held in
        a pairwise vote; when two positions tie, the lower one.
    rounds
        What each round computed (:class:`ExpectedUtilityRound`);
        ``rounds[t - 1]`` is round ``t``.
    converged
        Whether the run stopped on a round in which no actor moved more
        than the tolerance (see :class:`ExpectedUtilityParameters`).

    Examples
    --------
    >>> from positions import expected_utility_model
    >>> run = expected_utility_model([1, 1, 1], [0, 4, 10], [0.5, 0.5, 0.5])
    >>> run
    <ExpectedUtilityRun S: 3 actors, 2 rounds, converged, prediction 4.0>
    >>> run.positions
    ((0.0, 4.0, 10.0), (0.0, 4.0, 4.0), (0.0, 4.0, 4.0))
    """

    names: tuple[str, ...]
    capabilities: tuple[float, ...]
    saliences: tuple[float, ...]
    parameters: ExpectedUtilityParameters
    range: float
    positions: tuple[tuple[float, ...], ...]
    medians: tuple[float, ...]
    means: tuple[float, ...]
    rounds: tuple[ExpectedUtilityRound, ...]
    converged: bool

    @property
    def rounds_run(self) -> int:
        """The number of rounds run."""
        return len(self.rounds)

    @property
    def prediction(self) -> float:
        """The forecast, which is the weighted median of the positions
        after the last round. The literature forecasts the outcome by the median
        voter's position once the challenges are over (Bueno de Mesquita,
        1994; Scholz, Calbert and Smith, 2011)."""
        return self.medians[-1]

    def to_dict(self) -> dict[str, Any]:
        """The run as plain data: numbers as floats, lists, strings and
        booleans, ready for ``json.dumps`` (no NaN).

        Examples
        --------
        >>> import json
        >>> from positions import expected_utility_model
        >>> run = expected_utility_model([1, 2], [0, 1], [1, 1], names=["a", "b"])
        >>> data = run.to_dict()
        >>> data["prediction"], data["medians"], len(json.dumps(data)) > 0
        (1.0, [1.0, 1.0, 1.0], True)
        """
        return {
            "names": list(self.names),
            "capabilities": list(self.capabilities),
            "saliences": list(self.saliences),
            "parameters": self.parameters.to_dict(),
            "range": self.range,
            "positions": [list(p) for p in self.positions],
            "medians": list(self.medians),
            "means": list(self.means),
            "rounds": [r.to_dict() for r in self.rounds],
            "rounds_run": self.rounds_run,
            "converged": self.converged,
            "prediction": self.prediction,
        }

    def __repr__(self) -> str:
        """One line: the variant, the numbers of actors and rounds, whether
        it converged, and the prediction."""
        done = "converged" if self.converged else "not converged"
        rounds = f"{self.rounds_run} round{'' if self.rounds_run == 1 else 's'}"
        return (
            f"<ExpectedUtilityRun {self.parameters.variant}: {len(self.names)} actors,"
            f" {rounds}, {done}, prediction {self.prediction!r}>"
        )


# ---------------------------------------------------------------------------
# Input


def _numbers(name: str, values: object) -> list[float]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence | np.ndarray):
        msg = f"{name!r} must be a sequence of numbers (got {shown(values)})"
        raise InvalidArgumentError(msg)
    if isinstance(values, np.ndarray) and values.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got an array of shape {values.shape})"
        raise InvalidArgumentError(msg)
    out = []
    for k, value in enumerate(values):
        expected = expected_number(value)
        if expected is not None:
            msg = f"{name}[{k}] must be {expected} (got {shown(value)})"
            raise InvalidArgumentError(msg)
        out.append(float(value))
    return out


def _names(names: object, n: int) -> tuple[str, ...]:
    if names is None:
        return tuple(f"actor {k + 1}" for k in range(n))
    if isinstance(names, str | bytes | Mapping) or not isinstance(names, Sequence):
        msg = f"'names' must be a sequence of strings (got {shown(names)})"
        raise InvalidArgumentError(msg)
    found = tuple(names)
    bad = [name for name in found if not isinstance(name, str) or not name]
    if bad:
        msg = f"'names' must be non-empty strings (got {shown(bad[0])})"
        raise InvalidArgumentError(msg)
    if len(found) != n:
        msg = f"give one name per actor: {n} actors, {len(found)} names"
        raise InvalidArgumentError(msg)
    twice = sorted({name for name in found if found.count(name) > 1})
    if twice:
        msg = f"'names' must differ (got {shown(twice[0])} more than once)"
        raise InvalidArgumentError(msg)
    return found


def _check_actors(
    capabilities: list[float], positions: list[float], saliences: list[float]
) -> None:
    counts = (len(capabilities), len(positions), len(saliences))
    if len(set(counts)) != 1:
        msg = (
            "give one capability, position and salience per actor (got"
            f" {counts[0]} capabilities, {counts[1]} positions, {counts[2]} saliences)"
        )
        raise InvalidArgumentError(msg)
    if not positions:
        raise InvalidArgumentError("the model needs at least one actor (got none)")
    if len(positions) > MAX_ACTORS:
        msg = f"the model takes at most {MAX_ACTORS} actors (got {len(positions):,})"
        raise InvalidArgumentError(msg)
    for k, c in enumerate(capabilities):
        if c < 0:
            msg = f"'capabilities' must be >= 0 (got capabilities[{k}]={c!r})"
            raise InvalidArgumentError(msg)
    for k, s in enumerate(saliences):
        if not 0 <= s <= 1:
            msg = f"'saliences' must be in [0, 1], as fractions (got saliences[{k}]={s!r})"
            raise InvalidArgumentError(msg)


# ---------------------------------------------------------------------------
# The computations of one round, in units of the initial range


def _sums(values: FloatArray, axis: int) -> FloatArray:
    """Sums along ``axis`` with the summands in ascending order, so that no
    result depends on the order in which the actors were given."""
    total: FloatArray = np.sort(values, axis=axis).sum(axis=axis)
    return total


def _total(values: FloatArray) -> float:
    """The sum of all of ``values``, in ascending order (see :func:`_sums`)."""
    return float(np.sort(values, axis=None).sum())


def _at_median(z: FloatArray, weight: FloatArray) -> BoolArray:
    """The actors at the weighted median position (§2.2): the lowest
    position with at least half the weight at or below it."""
    levels, group = np.unique(z, return_inverse=True)
    at_level = np.array([_total(weight[group == g]) for g in range(levels.size)])
    below = np.cumsum(at_level)
    median: int = int(np.argmax(2 * below >= below[-1]))
    at: BoolArray = group == median
    return at


def _median(x: FloatArray, z: FloatArray, weight: FloatArray) -> tuple[float, float]:
    """The weighted median, on the input scale and in units of the range."""
    at = _at_median(z, weight)
    return float(x[at].min()), float(z[at].min())


def _mean(x: FloatArray, weight: FloatArray) -> float:
    """The weighted mean (§2.2), kept within the positions it averages."""
    mean = _total(weight * x) / _total(weight)
    return float(np.clip(mean, x.min(), x.max()))


def _utility(rho: FloatArray | float, base: FloatArray | float) -> FloatArray:
    """``2 - 4 * base**rho``, the form of every basic utility (§2.3)."""
    out: FloatArray = 2.0 - 4.0 * np.power(base, rho)
    return out


def _challenge(
    dist: FloatArray,
    away: FloatArray,
    s: FloatArray,
    p: FloatArray,
    rho: FloatArray | float,
    parameters: ExpectedUtilityParameters,
) -> FloatArray:
    """``E[c, t]``: the expected utility of challenger ``c`` challenging
    target ``t`` (§2.4), with exponent ``rho`` (broadcast to the matrix)."""
    success = _utility(rho, 0.5 - 0.5 * dist)
    failure = _utility(rho, 0.5 + 0.5 * dist)
    status_quo = _utility(rho, np.full_like(dist, 0.5))
    e = away[:, None] + dist
    better = _utility(rho, 0.5 - 0.25 * e)
    worse = _utility(rho, 0.5 + 0.25 * e)
    target = s[None, :]
    q, t = parameters.q, parameters.t
    unprompted = t * better + (1 - t) * worse
    out: FloatArray = (
        target * (p * success + (1 - p) * failure)
        + (1 - target) * success
        - q * status_quo
        - (1 - q) * unprompted
    )
    return out


def _probabilities(
    dist: FloatArray, weight: FloatArray, risk: FloatArray, variant: str
) -> FloatArray:
    """``P[i, j]``, the probability that ``i`` wins a challenge of ``j``
    (§2.5): 0 where the two share a position."""
    if variant == "P":
        # arg[i, j, k] = |x_k - x_j| - |x_k - x_i|: voter k's preference
        # for i over j, linear.
        arg = dist[None, :, :] - dist[:, None, :]
        support = _sums(weight * np.maximum(arg, 0.0), axis=2)
        votes = _sums(weight * np.abs(arg), axis=2)
        # Where no voter with weight prefers either side, a fair coin.
        p = np.divide(support, votes, out=np.full_like(support, 0.5), where=votes > 0)
    else:
        # v[a, b, k] = w_k (|x_k - x_b|^r_k - |x_k - x_a|^r_k), with each
        # voter's own exponent, and one normalising sum over all pairs.
        far = np.power(dist, risk[:, None]).T
        v = weight * (far[None, :, :] - far[:, None, :])
        total = _total(np.abs(v))
        # No votes only when every actor is at one position, so no
        # challenge is possible.
        p = _sums(np.maximum(v, 0.0), axis=2) / total if total > 0 else np.zeros_like(dist)
    p[dist == 0] = 0.0
    return p


def _risk(danger: FloatArray) -> FloatArray:
    """The risk exponents from the dangers (§2.6, steps 3 and 4)."""
    high, low = danger.max(), danger.min()
    if high == low:
        level = np.zeros_like(danger)
    else:
        level = np.clip((2 * danger - high - low) / (high - low), -1.0, 1.0)
    out: FloatArray = (1 - level / 3) / (1 + level / 3)
    return out


def _off_diagonal(m: FloatArray) -> FloatArray:
    out = m.copy()
    np.fill_diagonal(out, 0.0)
    return out


_CONFRONT, _COMPROMISE, _CAPITULATE = 0, 1, 2
_KINDS: tuple[OfferKind, ...] = ("confrontation", "compromise", "capitulation")


def _regions(a: FloatArray, b: FloatArray, dist: FloatArray, capitulation: bool) -> IntArray:
    """The kind of offer ``j`` makes ``i`` for each pair (§2.7), or -1."""
    kind = np.full(a.shape, -1)
    apart = dist > 0
    losing = apart & (a < 0) & (b > 0)
    kind[apart & (b > a) & (a > 0)] = _CONFRONT
    kind[losing & (b > -a)] = _COMPROMISE
    if capitulation:
        kind[losing & (b < -a)] = _CAPITULATE
    return kind


def _pick(
    kind: IntArray,
    a: FloatArray,
    b: FloatArray,
    share: FloatArray,
    here: float,
    z: FloatArray,
    variant: str,
    rank: IntArray,
) -> int:
    """The actor whose offer a receiver at ``here`` takes, or -1 (§2.7):
    the nearest confrontation, else the best compromise, else the nearest
    capitulation. Equal candidates go to the lower position, then to the
    proposer expecting more from its challenge, then to the first name in
    sorted order: a choice by value, never by the order of the actors."""
    for region in (_CONFRONT, _COMPROMISE, _CAPITULATE):
        js = np.flatnonzero(kind == region)
        if js.size == 0:
            continue
        reach = here + (z[js] - here) * share[js] if region == _COMPROMISE else z[js]
        if region != _COMPROMISE or variant == "P":
            # The least movement.
            keys = np.abs(reach - here)
        else:
            # Scholz's program: the least average of the two positions,
            # weighted by the two expected utilities.
            keys = (np.abs(a[js]) * here + b[js] * z[js]) / (np.abs(a[js]) + b[js])
        order = np.lexsort((rank[js], -b[js], reach, keys))
        return int(js[order[0]])
    return -1


def _round(
    number: int,
    x: FloatArray,
    z: FloatArray,
    s: FloatArray,
    weight: FloatArray,
    names: tuple[str, ...],
    parameters: ExpectedUtilityParameters,
) -> tuple[FloatArray, FloatArray, ExpectedUtilityRound]:
    """One round (§2.8): the new positions on the input scale and in units
    of the range, and the round's record."""
    variant = parameters.variant
    n = z.size
    dist = np.abs(z[:, None] - z[None, :])
    away = np.abs(z - _median(x, z, weight)[1])
    # Risk (§2.6): the first pass, every exponent 1.
    ones = np.ones(n)
    first = _challenge(dist, away, s, _probabilities(dist, weight, ones, variant), 1.0, parameters)
    danger = _sums(_off_diagonal(first).T, axis=1)
    risk = _risk(danger)
    # The second pass, with the round's exponents (§2.5).
    p = _probabilities(dist, weight, risk, variant)
    a = _challenge(dist, away, s, p, risk[:, None], parameters)
    # What i expects j to get from challenging i: with i's exponent in S,
    # with j's in P.
    b = _challenge(dist, away, s, p, risk[None, :], parameters).T if variant == "S" else a.T
    a, b = _off_diagonal(a), _off_diagonal(b)
    # Offers (§2.7), all taken at once.
    kind = _regions(a, b, dist, parameters.capitulation)
    share = np.ones_like(a)
    compromise = kind == _COMPROMISE
    share[compromise] = -a[compromise] / b[compromise]
    rank = np.argsort(np.argsort(np.array(names)))
    offers = []
    x_next, z_next = x.copy(), z.copy()
    for i in range(n):
        taken = _pick(kind[i], a[i], b[i], share[i], float(z[i]), z, variant, rank)
        for j in np.flatnonzero(kind[i] >= 0).tolist():
            to_x = _between(x[i], x[j], share[i, j])
            if j == taken:
                x_next[i], z_next[i] = to_x, _between(z[i], z[j], share[i, j])
            what = _KINDS[kind[i, j]]
            offers.append(ExpectedUtilityOffer(names[j], names[i], what, to_x, j == taken))
    record = ExpectedUtilityRound(
        number,
        tuple(danger.tolist()),
        tuple(risk.tolist()),
        _rows(p),
        _rows(a),
        _rows(b),
        tuple(offers),
    )
    return x_next, z_next, record


def _between(start: float, end: float, share: float) -> float:
    """The point ``share`` of the way from ``start`` to ``end``, never
    beyond either; ``end`` itself when ``share`` is 1."""
    if share >= 1:
        return float(end)
    point = start + (end - start) * share
    return float(min(max(point, min(start, end)), max(start, end)))


def _rows(m: FloatArray) -> Matrix:
    """A matrix as tuples of floats (``+ 0.0`` writes -0.0 as 0.0)."""
    return tuple(tuple(row) for row in (m + 0.0).tolist())


# ---------------------------------------------------------------------------
# The model


def expected_utility_model(
    capabilities: Sequence[float] | npt.NDArray[Any],
    positions: Sequence[float] | npt.NDArray[Any],
    saliences: Sequence[float] | npt.NDArray[Any],
    *,
    names: Sequence[str] | None = None,
    parameters: ExpectedUtilityParameters | None = None,
) -> ExpectedUtilityRun:
    """Run the expected-utility ("challenge") model of Bueno de Mesquita on
    one issue, as replicated by Scholz, Calbert and Smith (2011).

    Each round (§2.8), every actor's risk exponent is
    found from how attractive a target it is (§2.6); every actor works out
    the expected utility of challenging every other (§2.3 to §2.5); each
    actor then takes at most one of the offers those utilities imply (a
    confrontation, a compromise or a capitulation, §2.7), and all move
    together. The weighted median and mean are recorded after every
    round, and the weighted median after the last round is the forecast
    (:attr:`ExpectedUtilityRun.prediction`).

    All distances are measured in units of the range of the initial
    positions, so a run is unchanged, up to rounding, by moving or
    stretching the scale (``x -> a * x + b`` with ``a > 0``), and its
    result does not depend on the order of the actors. Actors that all
    start at one position stay there: that position is returned exactly,
    and no round is run.

    Parameters
    ----------
    capabilities
        Each actor's capability (its power to influence the issue), >= 0.
    positions
        Each actor's position on the issue's line, finite.
    saliences
        Each actor's salience for the issue as a fraction in ``[0, 1]``
        (the paper's Table 1 prints them from 0 to 100: divide by 100).
    names
        The actors' names, distinct; ``actor 1``, ``actor 2``, ... if not
        given.
    parameters
        The variant, ``Q``, ``T``, the number of rounds and the rest
        (:class:`ExpectedUtilityParameters`; its defaults if not given).

    Returns
    -------
    ExpectedUtilityRun
        The positions, medians and means round by round, each round's
        risk exponents, probabilities, expected utilities and offers, and
        the prediction.

    Raises
    ------
    positions.exceptions.InvalidArgumentError
        If the three sequences are not sequences of numbers of one length
        (at least one actor, at most 200), a position is not finite, a
        capability is negative, a salience is outside ``[0, 1]``, no actor
        has both capability and salience, or the names are not distinct
        strings, one per actor.

    Examples
    --------
    The example of Bueno de Mesquita (1994) that Scholz, Calbert and Smith
    (2011) replicate: ten actors of a council, a date for emission
    standards from 4 to 10.

    >>> from positions import ExpectedUtilityParameters, expected_utility_model
    >>> capabilities = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
    >>> positions = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    >>> saliences = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7]
    >>> eight = ExpectedUtilityParameters(rounds=8)
    >>> run = expected_utility_model(capabilities, positions, saliences, parameters=eight)
    >>> run
    <ExpectedUtilityRun S: 10 actors, 8 rounds, not converged, prediction 9.671129769802057>
    >>> [round(m, 2) for m in run.medians]
    [7.0, 8.42, 9.61, 9.96, 9.96, 9.96, 7.47, 8.82, 9.67]
    >>> [round(m, 2) for m in run.means]
    [7.39, 7.46, 7.55, 7.59, 7.36, 7.35, 7.41, 7.51, 7.57]

    Taken literally, the printed equations (variant P) gather every actor
    at 7 by the fourth round:

    >>> literal = ExpectedUtilityParameters(variant="P")
    >>> run = expected_utility_model(capabilities, positions, saliences, parameters=literal)
    >>> run
    <ExpectedUtilityRun P: 10 actors, 5 rounds, converged, prediction 7.0>
    >>> run.positions[4]
    (7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0)

    .. versionadded:: 0.1
    """
    params = ExpectedUtilityParameters() if parameters is None else parameters
    if not isinstance(params, ExpectedUtilityParameters):
        msg = f"'parameters' must be ExpectedUtilityParameters (got {shown(params)})"
        raise InvalidArgumentError(msg)
    c = _numbers("capabilities", capabilities)
    x0 = _numbers("positions", positions)
    s0 = _numbers("saliences", saliences)
    _check_actors(c, x0, s0)
    actors = _names(names, len(x0))
    raw = np.array(c) * np.array(s0)
    if not (raw > 0).any():
        msg = "at least one actor needs both a capability and a salience above 0"
        raise InvalidArgumentError(msg)
    # The model depends on the weights only through their ratios.
    weight = raw / raw.max()
    s = np.array(s0)
    x = np.array(x0)
    low, high = float(x.min()), float(x.max())
    span = high - low
    first = tuple(x0)
    if span == 0:
        return ExpectedUtilityRun(
            actors, tuple(c), tuple(s0), params, 0.0, (first,), (low,), (low,), (), True
        )
    z = (x - low) / span
    trail = [first]
    medians = [_median(x, z, weight)[0]]
    means = [_mean(x, weight)]
    rounds: list[ExpectedUtilityRound] = []
    converged = False
    for number in range(1, params.rounds + 1):
        x, z_next, record = _round(number, x, z, s, weight, actors, params)
        moved = float(np.abs(z_next - z).max())
        z = z_next
        rounds.append(record)
        trail.append(tuple(x.tolist()))
        medians.append(_median(x, z, weight)[0])
        means.append(_mean(x, weight))
        if moved <= params.tolerance:
            converged = True
            break
    return ExpectedUtilityRun(
        actors,
        tuple(c),
        tuple(s0),
        params,
        span,
        tuple(trail),
        tuple(medians),
        tuple(means),
        tuple(rounds),
        converged,
    )
