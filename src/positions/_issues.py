"""Issues, their values, their acceptable sets, and the distances on them.

Four kinds of issue (DESIGN section 2). Each knows its domain, checks and
normalises values and acceptable sets, and computes the normalised distance
``d(x, y)`` in ``[0, 1]``, the distance from a set to a value, intersections,
gaps and overlap ratios. Everything here is exact and closed-form.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias, TypeVar

import attrs

from positions._limits import as_float, check_number, expected_number, listed, shown
from positions.exceptions import ModelError, UnknownMeasureError

__all__ = [
    "COUNT",
    "AcceptableSet",
    "Box",
    "CategoricalIssue",
    "Interval",
    "Issue",
    "Item",
    "ItemsIssue",
    "Levels",
    "OrdinalIssue",
    "ScaleIssue",
    "Value",
]

_T = TypeVar("_T")
_V = TypeVar("_V", float, str)

#: The item measure every weighted-item issue has: each item weighs 1.
COUNT = "count"

#: The id rule, matched against the whole string (``$`` alone would let a
#: trailing newline through).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

#: A value of an issue: a number (scale), a level (ordinal, categorical), or
#: a tuple of shares in item order (weighted items).
Value: TypeAlias = float | str | tuple[float, ...]


def check_id(what: str, value: object) -> str:
    """Return ``value`` if it is a valid id, else raise
    :class:`~positions.exceptions.ModelError`."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        msg = f"{what} must be an id of letters, digits, '.', '_' or '-' (got {shown(value)})"
        raise ModelError(msg)
    return value


def _strings(value: object) -> Iterable[str]:
    """The strings in a field's value, also inside tuples and sets (not
    inside other objects of the model, which check their own)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | frozenset):
        for v in value:
            yield from _strings(v)


def check_text(obj: attrs.AttrsInstance) -> None:
    """Raise :class:`~positions.exceptions.ModelError` if a string field of
    ``obj`` (or a string in a tuple or set of them) holds a NUL character,
    which no file format, terminal or C library takes as text.

    Examples
    --------
    >>> from positions import Item
    >>> from positions._issues import check_text
    >>> check_text(Item("north", label="North\\x00"))
    Traceback (most recent call last):
      ...
    positions.exceptions.ModelError: Item 'north': label must not contain a NUL character ...
    """
    for field in attrs.fields(type(obj)):
        if not field.init:
            continue  # derived from the other fields
        value = getattr(obj, field.name)
        if any("\0" in s for s in _strings(value)):
            owner = type(obj).__name__
            ident = getattr(obj, "id", None)
            if isinstance(ident, str) and field.name != "id":
                owner = f"{owner} {shown(ident)}"
            msg = f"{owner}: {field.name} must not contain a NUL character (got {shown(value)})"
            raise ModelError(msg)


def _id_validator(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_id(f"{type(inst).__name__}.{attribute.name}", value)


def _finite(what: str, value: object) -> float:
    return check_number(what, value)


# ---------------------------------------------------------------------------
# Acceptable sets. The empty set is represented by ``None`` wherever a set
# may be empty (intersections); a position's own sets are never empty.


@attrs.frozen
class Interval:
    """A closed interval ``[low, high]``: an acceptable set of a scale issue,
    or the bounds on one item's share.

    Examples
    --------
    >>> from positions import Interval
    >>> Interval(0.0, 0.5).contains(0.5)
    True
    """

    low: float = attrs.field(converter=as_float)
    high: float = attrs.field(converter=as_float)

    def __attrs_post_init__(self) -> None:
        for bound in (self.low, self.high):
            expected = expected_number(bound)
            if expected is not None:
                msg = (
                    f"interval bounds must be {expected} each "
                    f"(got [{shown(self.low)}, {shown(self.high)}])"
                )
                raise ModelError(msg)
        if self.low > self.high:
            msg = f"interval needs low <= high (got [{self.low!r}, {self.high!r}])"
            raise ModelError(msg)

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval."""
        return self.low <= x <= self.high

    def distance_to(self, x: float) -> float:
        """The distance from ``x`` to the nearest point of the interval."""
        return max(0.0, self.low - x, x - self.high)

    @property
    def length(self) -> float:
        """``high - low``."""
        return self.high - self.low


def _intersect_intervals(sets: Iterable[Interval]) -> Interval | None:
    items = list(sets)
    low = max(s.low for s in items)
    high = min(s.high for s in items)
    return Interval(low, high) if low <= high else None


def _union_length(sets: Sequence[Interval]) -> float:
    total = 0.0
    current: list[float] | None = None
    for s in sorted(sets, key=lambda s: (s.low, s.high)):
        if current is None or s.low > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = [s.low, s.high]
        else:
            current[1] = max(current[1], s.high)
    if current is not None:  # pragma: no branch - never called with no sets
        total += current[1] - current[0]
    return total


def _interval_ratio(sets: Sequence[Interval]) -> float:
    common = _intersect_intervals(sets)
    union = _union_length(sets)
    if union == 0.0:
        # Every set is a single point: they overlap fully when they agree.
        return 1.0 if common is not None else 0.0
    return 0.0 if common is None else common.length / union


def _interval_gap(sets: Sequence[Interval], candidates: Iterable[float]) -> float:
    """``min over x of sum_j dist(x, S_j)``; piecewise linear and convex, so
    its minimum is at an endpoint of one of the sets."""
    return min(sum(s.distance_to(x) for s in sets) for x in candidates)


def _frozen_levels(levels: Iterable[str]) -> frozenset[str]:
    return frozenset(levels)


def _interval_tuple(bounds: Iterable[Interval]) -> tuple[Interval, ...]:
    return tuple(bounds)


@attrs.frozen
class Levels:
    """A set of levels: an acceptable set of an ordinal or categorical issue.

    Examples
    --------
    >>> from positions import Levels
    >>> sorted(Levels({"b", "a"}).levels)
    ['a', 'b']
    """

    levels: frozenset[str] = attrs.field(converter=_frozen_levels)

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.levels:
            msg = "a set of levels must not be empty"
            raise ModelError(msg)

    def contains(self, x: str) -> bool:
        """Whether ``x`` is one of the levels."""
        return x in self.levels


@attrs.frozen
class Box:
    """Per-item bounds on the shares of a weighted-item issue, in item order.

    Examples
    --------
    >>> from positions import Box, Interval
    >>> Box((Interval(1, 1), Interval(0, 1))).contains((1.0, 0.25))
    True
    """

    bounds: tuple[Interval, ...] = attrs.field(converter=_interval_tuple)

    def contains(self, shares: Sequence[float]) -> bool:
        """Whether every share lies within its bounds."""
        return len(shares) == len(self.bounds) and all(
            b.contains(s) for b, s in zip(self.bounds, shares, strict=True)
        )


#: An acceptable set of some issue.
AcceptableSet: TypeAlias = Interval | Levels | Box


# ---------------------------------------------------------------------------
# Issues


def _levels_converter(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = f"levels must be a sequence of strings, not one string (got {shown(value)})"
        raise ModelError(msg)
    return tuple(value)


def _check_levels(owner: str, levels: tuple[str, ...]) -> None:
    if len(levels) < 2:
        msg = f"{owner} needs at least two levels (got {listed(levels)})"
        raise ModelError(msg)
    if not all(isinstance(x, str) and x for x in levels):
        msg = f"{owner} levels must be non-empty strings (got {listed(levels)})"
        raise ModelError(msg)
    if len(set(levels)) != len(levels):
        dupes = sorted({x for x in levels if levels.count(x) > 1})
        msg = f"{owner} levels must be distinct (repeated: {listed(dupes)})"
        raise ModelError(msg)


class _IssueBase:
    """Behaviour shared by every issue kind (see the concrete classes)."""

    id: str

    def _fail(self, message: str) -> ModelError:
        return ModelError(f"issue {self.id!r}: {message}")


@attrs.frozen
class ScaleIssue(_IssueBase):
    """An issue whose values are numbers in a closed range ``[low, high]``.

    ``d(x, y) = |x - y| / (high - low)``.

    Examples
    --------
    >>> from positions import ScaleIssue
    >>> tariff = ScaleIssue("tariff", low=0, high=20, unit="%")
    >>> tariff.distance(5, 10)
    0.25
    """

    id: str = attrs.field(validator=_id_validator)
    low: float = attrs.field(converter=as_float)
    high: float = attrs.field(converter=as_float)
    unit: str = ""
    label: str = ""
    description: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        for name, bound in (("low", self.low), ("high", self.high)):
            expected = expected_number(bound)
            if expected is not None:
                raise self._fail(f"{name} must be {expected} (got {shown(bound)})")
        if self.low >= self.high:
            msg = f"needs low < high (got low={self.low!r}, high={self.high!r})"
            raise self._fail(msg)

    kind = "scale"

    @property
    def span(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def check_value(self, value: object) -> float:
        """Return ``value`` as a float in range, or raise
        :class:`~positions.exceptions.ModelError`."""
        x = _finite(f"a value of issue {self.id!r}", value)
        if not self.low <= x <= self.high:
            msg = f"value must lie in [{self.low:g}, {self.high:g}] (got {value!r})"
            raise self._fail(msg)
        return x

    def check_set(self, value: object) -> Interval:
        """Return ``value`` as an :class:`Interval` within range."""
        if isinstance(value, Interval):
            interval = value
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
            interval = Interval(
                _finite("an interval bound", value[0]), _finite("an interval bound", value[1])
            )
        else:
            msg = f"an acceptable set must be [low, high] (got {shown(value)})"
            raise self._fail(msg)
        if interval.low < self.low or interval.high > self.high:
            msg = (
                f"acceptable interval [{interval.low:g}, {interval.high:g}] must lie within "
                f"[{self.low:g}, {self.high:g}]"
            )
            raise self._fail(msg)
        return interval

    def whole(self) -> Interval:
        """The whole domain as an acceptable set."""
        return Interval(self.low, self.high)

    def distance(self, x: Value, y: Value, *, measure: str | None = None) -> float:
        """The normalised distance between two values."""
        return abs(_num(x) - _num(y)) / self.span

    def set_distance(self, s: AcceptableSet, x: Value, *, measure: str | None = None) -> float:
        """The distance from the nearest point of ``s`` to ``x``."""
        return _as(s, Interval).distance_to(_num(x)) / self.span

    def contains(self, s: AcceptableSet, x: Value) -> bool:
        """Whether ``x`` lies in ``s``."""
        return _as(s, Interval).contains(_num(x))

    def includes(self, outer: AcceptableSet, inner: AcceptableSet) -> bool:
        """Whether every value of ``inner`` lies in ``outer``."""
        a, b = _as(outer, Interval), _as(inner, Interval)
        return a.low <= b.low and b.high <= a.high

    def intersect(self, sets: Sequence[AcceptableSet]) -> Interval | None:
        """The intersection of ``sets``, or ``None`` when it is empty."""
        return _intersect_intervals(_as(s, Interval) for s in sets)

    def gap(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """``min_x sum_j d(x, S_j)``: for two sets, the distance between them."""
        ivs = [_as(s, Interval) for s in sets]
        ends = [e for s in ivs for e in (s.low, s.high)]
        return _interval_gap(ivs, ends) / self.span

    def ratio(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """Length of the intersection over length of the union."""
        return _interval_ratio([_as(s, Interval) for s in sets])

    def format_value(self, x: Value) -> str:
        """A short human-readable form of ``x``."""
        return f"{_num(x):g}{self.unit and ' ' + self.unit}"


@attrs.frozen
class _LevelIssue(_IssueBase):
    """The fields and behaviour that ordinal and categorical issues share."""

    id: str = attrs.field(validator=_id_validator)
    levels: tuple[str, ...] = attrs.field(converter=_levels_converter)
    label: str = ""
    description: str = ""
    # Level to its index, so that finding a level costs the same with a
    # million levels as with three (GENIUS domains can have that many), and
    # the whole domain, made once rather than for every stance.
    _index: dict[str, int] = attrs.field(init=False, repr=False, eq=False)
    _whole: Levels = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        check_text(self)
        _check_levels(f"issue {self.id!r}", self.levels)
        object.__setattr__(self, "_index", {lv: k for k, lv in enumerate(self.levels)})
        object.__setattr__(self, "_whole", Levels(frozenset(self.levels)))

    def level_index(self, level: str) -> int:
        """The index of ``level`` in :attr:`levels`, found in constant time.

        .. versionadded:: 0.1.0

        Raises
        ------
        ValueError
            If ``level`` is not one of the levels.

        Examples
        --------
        >>> from positions import CategoricalIssue
        >>> CategoricalIssue("seat", levels=("geneva", "vienna")).level_index("vienna")
        1
        """
        try:
            return self._index[level]
        except (KeyError, TypeError):
            raise ValueError(f"{shown(level)} is not a level of issue {self.id!r}") from None

    def check_value(self, value: object) -> str:
        """Return ``value`` if it is one of the levels."""
        if not isinstance(value, str) or value not in self._index:
            msg = f"value must be one of {listed(self.levels)} (got {shown(value)})"
            raise self._fail(msg)
        return value

    def check_set(self, value: object) -> Levels:
        """Return ``value`` as a non-empty :class:`Levels` of this issue."""
        if value is self._whole:
            return self._whole
        if isinstance(value, Levels):
            levels = value
        elif isinstance(value, Iterable) and not isinstance(value, str | Mapping):
            items = list(value)
            if not items:
                msg = "an acceptable set of levels must not be empty"
                raise self._fail(msg)
            levels = Levels(frozenset(self.check_value(x) for x in items))
        else:
            msg = f"an acceptable set must be a list of levels (got {shown(value)})"
            raise self._fail(msg)
        unknown = sorted(lv for lv in levels.levels if lv not in self._index)
        if unknown:
            msg = f"unknown levels {listed(unknown)} (levels are {listed(self.levels)})"
            raise self._fail(msg)
        return levels

    def whole(self) -> Levels:
        """The whole domain as an acceptable set."""
        return self._whole

    def distance(self, x: Value, y: Value, *, measure: str | None = None) -> float:
        raise NotImplementedError

    def set_distance(self, s: AcceptableSet, x: Value, *, measure: str | None = None) -> float:
        """The distance from the nearest level of ``s`` to ``x``."""
        return min(self.distance(y, x) for y in _as(s, Levels).levels)

    def contains(self, s: AcceptableSet, x: Value) -> bool:
        """Whether ``x`` is in ``s``."""
        return _as(s, Levels).contains(_str(x))

    def includes(self, outer: AcceptableSet, inner: AcceptableSet) -> bool:
        """Whether every level of ``inner`` is in ``outer``."""
        return _as(inner, Levels).levels <= _as(outer, Levels).levels

    def intersect(self, sets: Sequence[AcceptableSet]) -> Levels | None:
        """The intersection of ``sets``, or ``None`` when it is empty."""
        common = frozenset.intersection(*(_as(s, Levels).levels for s in sets))
        return Levels(common) if common else None

    def gap(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """``min_x sum_j d(x, S_j)``: for two sets, the distance between them."""
        return min(sum(self.set_distance(s, x) for s in sets) for x in self.levels)

    def ratio(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """Size of the intersection over size of the union (Jaccard)."""
        level_sets = [_as(s, Levels).levels for s in sets]
        union = frozenset.union(*level_sets)
        return len(frozenset.intersection(*level_sets)) / len(union)

    def format_value(self, x: Value) -> str:
        """A short human-readable form of ``x``."""
        return _str(x)


@attrs.frozen
class OrdinalIssue(_LevelIssue):
    """An issue whose values are ordered levels, lowest first.

    ``d(x, y) = |rank(x) - rank(y)| / (k - 1)`` for ``k`` levels.

    Examples
    --------
    >>> from positions import OrdinalIssue
    >>> sanctions = OrdinalIssue("sanctions", levels=("none", "limited", "broad"))
    >>> sanctions.distance("none", "broad"), sanctions.distance("none", "limited")
    (1.0, 0.5)
    """

    kind = "ordinal"

    def rank(self, level: str) -> int:
        """The position of ``level``, 0 for the lowest."""
        return self.level_index(level)

    def _nearest(self, s: AcceptableSet) -> list[int]:
        """For each rank, how many ranks away the nearest level of ``s`` is:
        two sweeps, in time linear in the number of levels."""
        k = len(self.levels)
        member = [False] * k
        for level in _as(s, Levels).levels:
            member[self.level_index(level)] = True
        near = [k] * k
        last = None
        for r in range(k):
            last = r if member[r] else last
            if last is not None:
                near[r] = r - last
        last = None
        for r in reversed(range(k)):
            last = r if member[r] else last
            if last is not None:
                near[r] = min(near[r], last - r)
        return near

    def gap(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """``min_x sum_j d(x, S_j)``: for two sets, the distance between them."""
        span = len(self.levels) - 1
        nears = [self._nearest(s) for s in sets]
        return min(sum(near[r] / span for near in nears) for r in range(len(self.levels)))

    def distance(self, x: Value, y: Value, *, measure: str | None = None) -> float:
        """The normalised distance between two levels."""
        return abs(self.rank(_str(x)) - self.rank(_str(y))) / (len(self.levels) - 1)


@attrs.frozen
class CategoricalIssue(_LevelIssue):
    """An issue whose values are unordered levels: ``d(x, y)`` is 0 if they
    are equal, else 1.

    Examples
    --------
    >>> from positions import CategoricalIssue
    >>> seat = CategoricalIssue("seat", levels=("geneva", "vienna", "oslo"))
    >>> seat.distance("geneva", "oslo")
    1.0
    """

    kind = "categorical"

    def distance(self, x: Value, y: Value, *, measure: str | None = None) -> float:
        """0.0 if the levels are equal, else 1.0."""
        return 0.0 if _str(x) == _str(y) else 1.0

    def set_distance(self, s: AcceptableSet, x: Value, *, measure: str | None = None) -> float:
        """0.0 if ``x`` is in ``s``, else 1.0."""
        return 0.0 if _as(s, Levels).contains(_str(x)) else 1.0

    def gap(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """``min_x sum_j d(x, S_j)``: the number of sets left out by the level
        that the most sets hold."""
        held = Counter(lv for s in sets for lv in _as(s, Levels).levels if lv in self._index)
        return float(len(sets) - max(held.values(), default=0))


def _sorted_pairs(
    value: Mapping[str, _V] | Iterable[tuple[str, _V]],
) -> tuple[tuple[str, _V], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((str(k), v) for k, v in pairs), key=lambda kv: kv[0]))


def _measures_converter(
    value: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    return _sorted_pairs(value)


def _units_converter(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    return _sorted_pairs(value)


@attrs.frozen
class Item:
    """One item of a weighted-item issue: an island, a clause of a package.

    Parameters
    ----------
    id
        The item's id, unique within its issue.
    measures
        Named non-negative sizes of the item (``{"area": 95.0}``); the
        measure ``count`` (1 for every item) is implicit.
    divisible
        Whether shares strictly between 0 and 1 are possible.

    Examples
    --------
    >>> from positions import Item
    >>> Item("north", measures={"area": 3.5}).measure("area")
    3.5
    """

    id: str = attrs.field(validator=_id_validator)
    measures: tuple[tuple[str, float], ...] = attrs.field(
        default=(), converter=_measures_converter
    )
    divisible: bool = False
    label: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        for name, size in self.measures:
            check_id(f"measure name of item {self.id!r}", name)
            if name == COUNT:
                msg = f"item {self.id!r}: the measure 'count' is implicit and cannot be given"
                raise ModelError(msg)
            x = _finite(f"measure {name!r} of item {self.id!r}", size)
            if x < 0:
                msg = f"item {self.id!r}: measure {name!r} must be >= 0 (got {size!r})"
                raise ModelError(msg)
        if len({n for n, _ in self.measures}) != len(self.measures):
            msg = f"item {self.id!r}: measure names must be distinct"
            raise ModelError(msg)
        # Normalise to floats so that equality does not depend on int/float input.
        object.__setattr__(self, "measures", tuple((n, float(v)) for n, v in self.measures))

    def measure(self, name: str) -> float:
        """The item's size under measure ``name`` (``count`` is always 1)."""
        if name == COUNT:
            return 1.0
        for n, v in self.measures:
            if n == name:
                return v
        msg = f"item {self.id!r} has no measure {name!r}"
        raise UnknownMeasureError(msg)


def _item_tuple(items: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(items)


@attrs.frozen
class ItemsIssue(_IssueBase):
    """An issue over weighted items: a value gives each item a share in
    ``[0, 1]`` (0 or 1 for an indivisible item).

    ``d(s, t) = sum_j w_j |s_j - t_j| / sum_j w_j``, where ``w_j`` is the
    item's size under the chosen measure (``count``, or one the items carry
    such as area or population). The measure defaults to
    ``default_measure``.

    Examples
    --------
    >>> from positions import ItemsIssue, Item
    >>> land = ItemsIssue(
    ...     "land",
    ...     items=(Item("a", measures={"area": 1}), Item("b", measures={"area": 3})),
    ...     measures={"area": "km2"},
    ... )
    >>> land.distance((1, 1), (1, 0), measure="count")
    0.5
    >>> land.distance((1, 1), (1, 0), measure="area")
    0.75
    """

    id: str = attrs.field(validator=_id_validator)
    items: tuple[Item, ...] = attrs.field(converter=_item_tuple)
    measures: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_units_converter)
    default_measure: str = COUNT
    label: str = ""
    description: str = ""

    kind = "items"

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.items:
            raise self._fail("needs at least one item")
        if not all(isinstance(i, Item) for i in self.items):
            raise self._fail("items must be Item objects")
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            raise self._fail(f"item ids must be distinct (repeated: {dupes!r})")
        names = {n for n, _ in self.measures}
        if COUNT in names:
            raise self._fail("the measure 'count' is implicit and cannot be declared")
        for item in self.items:
            have = {n for n, _ in item.measures}
            if have != names:
                msg = (
                    f"item {item.id!r} must give exactly the measures {sorted(names)!r} "
                    f"(got {sorted(have)!r})"
                )
                raise self._fail(msg)
        for name in names:
            if sum(i.measure(name) for i in self.items) <= 0:
                raise self._fail(f"measure {name!r} must be positive for at least one item")
        if self.default_measure not in self.measure_names:
            msg = (
                f"default_measure must be one of {list(self.measure_names)!r} "
                f"(got {self.default_measure!r})"
            )
            raise self._fail(msg)

    @property
    def measure_names(self) -> tuple[str, ...]:
        """``count`` followed by the declared measures."""
        return (COUNT, *(n for n, _ in self.measures))

    @property
    def item_ids(self) -> tuple[str, ...]:
        """The item ids in order."""
        return tuple(i.id for i in self.items)

    def weights(self, measure: str | None = None) -> tuple[float, ...]:
        """The items' sizes under ``measure`` (default: ``default_measure``)."""
        name = self.default_measure if measure is None else measure
        if name not in self.measure_names:
            msg = (
                f"issue {self.id!r} has no measure {name!r} (it has {list(self.measure_names)!r})"
            )
            raise UnknownMeasureError(msg)
        return tuple(i.measure(name) for i in self.items)

    def check_value(self, value: object) -> tuple[float, ...]:
        """Return ``value`` (a mapping of item id to share, or a sequence in
        item order) as a tuple of shares, or raise :class:`~positions.exceptions.ModelError`."""
        if isinstance(value, Mapping):
            unknown = sorted(set(map(str, value)) - set(self.item_ids))
            missing = [i for i in self.item_ids if i not in value]
            if unknown or missing:
                parts = []
                if missing:
                    parts.append(f"missing items {missing!r}")
                if unknown:
                    parts.append(f"unknown items {unknown!r}")
                raise self._fail("a value must give every item a share: " + ", ".join(parts))
            raw = [value[i] for i in self.item_ids]
        elif isinstance(value, Sequence) and not isinstance(value, str):
            raw = list(value)
            if len(raw) != len(self.items):
                msg = f"a value needs {len(self.items)} shares (got {len(raw)})"
                raise self._fail(msg)
        else:
            msg = f"a value must be a table of item shares (got {shown(value)})"
            raise self._fail(msg)
        shares = []
        for item, share in zip(self.items, raw, strict=True):
            x = _finite(f"the share of item {item.id!r} of issue {self.id!r}", share)
            if not 0.0 <= x <= 1.0:
                raise self._fail(f"the share of item {item.id!r} must lie in [0, 1] (got {x!r})")
            if not item.divisible and x not in (0.0, 1.0):
                msg = f"item {item.id!r} is indivisible: its share must be 0 or 1 (got {x!r})"
                raise self._fail(msg)
            shares.append(x)
        return tuple(shares)

    def check_set(self, value: object) -> Box:
        """Return ``value`` (a :class:`Box`, or a mapping of item id to
        ``[low, high]`` or a single share; items left out are unconstrained)
        as a :class:`Box` of this issue."""
        if isinstance(value, Box):
            if len(value.bounds) != len(self.items):
                raise self._fail(f"a box needs {len(self.items)} bounds")
            bounds = list(value.bounds)
        elif isinstance(value, Mapping):
            unknown = sorted(set(map(str, value)) - set(self.item_ids))
            if unknown:
                raise self._fail(f"unknown items {unknown!r} in an acceptable set")
            bounds = []
            for item in self.items:
                b = value.get(item.id, (0.0, 1.0))
                if isinstance(b, Interval):
                    bounds.append(b)
                elif isinstance(b, Sequence) and not isinstance(b, str) and len(b) == 2:
                    bounds.append(Interval(_finite("a bound", b[0]), _finite("a bound", b[1])))
                else:
                    x = _finite(f"the bound of item {item.id!r}", b)
                    bounds.append(Interval(x, x))
        else:
            msg = f"an acceptable set must be a table of item bounds (got {shown(value)})"
            raise self._fail(msg)
        for item, b in zip(self.items, bounds, strict=True):
            if b.low < 0 or b.high > 1:
                msg = (
                    f"bounds of item {item.id!r} must lie within [0, 1] (got [{b.low}, {b.high}])"
                )
                raise self._fail(msg)
            if not item.divisible and (b.low not in (0.0, 1.0) or b.high not in (0.0, 1.0)):
                msg = (
                    f"item {item.id!r} is indivisible: its bounds must be 0 or 1 "
                    f"(got [{b.low:g}, {b.high:g}])"
                )
                raise self._fail(msg)
        return Box(tuple(bounds))

    def whole(self) -> Box:
        """The whole domain as an acceptable set."""
        return Box(tuple(Interval(0.0, 1.0) for _ in self.items))

    def distance(self, x: Value, y: Value, *, measure: str | None = None) -> float:
        """The measure-weighted share of items on which ``x`` and ``y`` differ."""
        w = self.weights(measure)
        return sum(
            wj * abs(a - b) for wj, a, b in zip(w, _shares(x), _shares(y), strict=True)
        ) / sum(w)

    def set_distance(self, s: AcceptableSet, x: Value, *, measure: str | None = None) -> float:
        """The distance from the nearest point of the box ``s`` to ``x``."""
        w = self.weights(measure)
        box = _as(s, Box)
        return sum(
            wj * b.distance_to(t) for wj, b, t in zip(w, box.bounds, _shares(x), strict=True)
        ) / sum(w)

    def contains(self, s: AcceptableSet, x: Value) -> bool:
        """Whether every share of ``x`` lies within the bounds of ``s``."""
        return _as(s, Box).contains(_shares(x))

    def _columns(self, sets: Sequence[AcceptableSet]) -> list[list[Interval]]:
        boxes = [_as(s, Box) for s in sets]
        return [[b.bounds[j] for b in boxes] for j in range(len(self.items))]

    def includes(self, outer: AcceptableSet, inner: AcceptableSet) -> bool:
        """Whether every item's bounds in ``inner`` lie within those of
        ``outer``."""
        return all(
            a.low <= b.low and b.high <= a.high
            for a, b in zip(_as(outer, Box).bounds, _as(inner, Box).bounds, strict=True)
        )

    def intersect(self, sets: Sequence[AcceptableSet]) -> Box | None:
        """The intersection of the boxes, or ``None`` when it is empty."""
        bounds = []
        for column in self._columns(sets):
            common = _intersect_intervals(column)
            if common is None:
                return None
            bounds.append(common)
        return Box(tuple(bounds))

    def gap(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """``min_x sum_k d(x, S_k)``, separable by item; for two boxes, the
        distance between them."""
        w = self.weights(measure)
        total = 0.0
        for wj, column in zip(w, self._columns(sets), strict=True):
            ends = [e for s in column for e in (s.low, s.high)]
            total += wj * _interval_gap(column, ends)
        return total / sum(w)

    def ratio(self, sets: Sequence[AcceptableSet], *, measure: str | None = None) -> float:
        """0 when the boxes do not meet; else the measure-weighted geometric
        mean over items of each item's overlap ratio (interval length ratio
        for a divisible item, the ratio of share sets for an indivisible
        one)."""
        if self.intersect(sets) is None:
            return 0.0
        w = self.weights(measure)
        log_sum = 0.0
        for item, wj, column in zip(self.items, w, self._columns(sets), strict=True):
            if wj == 0:
                continue
            if item.divisible:
                r = _interval_ratio(column)
            else:
                share_sets = [{b.low, b.high} for b in column]
                r = len(set.intersection(*share_sets)) / len(set.union(*share_sets))
            if r == 0.0:
                return 0.0
            log_sum += wj * math.log(r)
        return math.exp(log_sum / sum(w))

    def format_value(self, x: Value) -> str:
        """A short human-readable form of ``x``: the items held, with shares
        for partial ones."""
        shares = _shares(x)
        if len(shares) > 3 and all(share == 1.0 for share in shares):
            return f"all {len(shares)} items"
        parts = []
        for item, share in zip(self.items, shares, strict=True):
            if share == 1.0:
                parts.append(item.id)
            elif share > 0.0:
                parts.append(f"{item.id}:{share:.3g}")
        return "+".join(parts) if parts else "none"


#: Any issue.
Issue: TypeAlias = ScaleIssue | OrdinalIssue | CategoricalIssue | ItemsIssue

#: The issue kinds by the name used in case files.
ISSUE_KINDS: dict[str, type[Issue]] = {
    "scale": ScaleIssue,
    "ordinal": OrdinalIssue,
    "categorical": CategoricalIssue,
    "items": ItemsIssue,
}


def _num(x: Value) -> float:
    if isinstance(x, str | tuple):
        msg = f"expected a number (got {shown(x)})"
        raise ModelError(msg)
    return float(x)


def _str(x: Value) -> str:
    if not isinstance(x, str):
        msg = f"expected a level (got {shown(x)})"
        raise ModelError(msg)
    return x


def _shares(x: Value) -> tuple[float, ...]:
    if not isinstance(x, tuple):
        msg = f"expected item shares (got {shown(x)})"
        raise ModelError(msg)
    return x


def _as(s: AcceptableSet, cls: type[_T]) -> _T:
    if not isinstance(s, cls):
        msg = f"expected a {cls.__name__} (got {shown(s)})"
        raise ModelError(msg)
    return s
