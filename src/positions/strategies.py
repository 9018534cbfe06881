"""Hypothesis strategies for every public type of :mod:`positions`.

Use them to property-test your own position logic: a new distance, a new
solution concept, a new case. Everything they generate is valid: it
constructs without error, passes ``positions validate`` when dumped to a
file, and loads back equal.

Needs the ``hypothesis`` extra (``pip install 'positions[hypothesis]'``).
Once it is installed, ``st.from_type(positions.Position)`` and friends work
without importing this module: the package registers them through its
Hypothesis entry point.

Arguments are keyword-only; those that vary are strategies themselves; bad
arguments raise :class:`hypothesis.errors.InvalidArgument` when the test
runs, not when the strategy is built.

.. versionadded:: 0.1

Examples
--------
>>> from hypothesis import given
>>> import positions
>>> from positions import strategies as pst
>>> @given(pst.issues_and_positions())
... def test_ideal_costs_nothing(pair):
...     issues, position = pair
...     assert positions.concession(position, position.ideal).value == 0
>>> test_ideal_costs_nothing()
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from positions._issues import (
    Box,
    CategoricalIssue,
    Interval,
    Issue,
    Item,
    ItemsIssue,
    Levels,
    OrdinalIssue,
    ScaleIssue,
    Value,
)
from positions._model import (
    OUTCOME_STATUSES,
    REFERENCE_KINDS,
    STATUSES,
    Case,
    Event,
    Evidence,
    Judgement,
    Offer,
    Outcome,
    Party,
    Position,
    Reading,
    ReferencePoint,
    Source,
    Stance,
    Term,
)

__all__ = [
    "KINDS",
    "acceptable_sets",
    "cases",
    "categorical_issues",
    "dates",
    "events",
    "ids",
    "issue_lists",
    "issues",
    "issues_and_offers",
    "issues_and_positions",
    "items",
    "items_issues",
    "offers",
    "ordinal_issues",
    "outcomes",
    "parties",
    "positions",
    "scale_issues",
    "sources",
    "stances",
    "values",
]

#: The issue kinds, as named in case files.
KINDS = ("scale", "ordinal", "categorical", "items")

_T = TypeVar("_T")


# Strategies are built once, when a public function is called; drawing uses
# the helpers ``_draw_*`` below, which create no strategy objects of their
# own (only Hypothesis's cached primitives), so generation and shrinking stay
# fast however deeply cases nest.

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_IDS: st.SearchStrategy[str] = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_LETTERS),
    st.text(alphabet=_LETTERS + "0123456789_-", max_size=7),
)
_LEVEL = st.text(alphabet=_LETTERS, min_size=1, max_size=6)
_MEASURE_NAMES = ("area", "population", "value", "length")
_SALIENCES: st.SearchStrategy[float] = st.integers(0, 10).map(float)
_RESERVATIONS: st.SearchStrategy[float | None] = st.none() | st.floats(
    0.0, 1.0, allow_subnormal=False
)
_UNIT_FLOATS = st.floats(0.0, 1.0, allow_subnormal=False)
_ZERO_ONE = st.sampled_from([0.0, 1.0])

IdChoice = str | st.SearchStrategy[str]


def _check_size(name: str, min_size: int, max_size: int | None, floor: int = 0) -> None:
    if not isinstance(min_size, int) or isinstance(min_size, bool) or min_size < floor:
        msg = f"{name}: min_size must be an integer >= {floor} (got min_size={min_size!r})"
        raise InvalidArgument(msg)
    if max_size is not None and (
        not isinstance(max_size, int) or isinstance(max_size, bool) or max_size < min_size
    ):
        msg = (
            f"{name}: max_size must be an integer >= min_size "
            f"(got min_size={min_size!r}, max_size={max_size!r})"
        )
        raise InvalidArgument(msg)


def _check_strategy(name: str, arg: str, value: object) -> None:
    if not isinstance(value, st.SearchStrategy):
        msg = f"{name}: {arg} must be a strategy (got {arg}={value!r})"
        raise InvalidArgument(msg)


def _check_kinds(name: str, kinds: Sequence[str]) -> None:
    if isinstance(kinds, str) or not kinds or any(k not in KINDS for k in kinds):
        msg = f"{name}: kinds must be a non-empty sequence of {KINDS!r} (got {kinds!r})"
        raise InvalidArgument(msg)


def _lazy(build: Callable[[], st.SearchStrategy[_T]]) -> st.SearchStrategy[_T]:
    """Check the arguments and build the strategy when it is first drawn
    from, so that bad arguments raise when the test runs."""
    return st.deferred(build)


def _from(draw_fn: Callable[..., _T], *args: Any, **kwargs: Any) -> st.SearchStrategy[_T]:
    """A strategy that calls ``draw_fn(draw, *args, **kwargs)``."""

    @st.composite
    def strategy(draw: st.DrawFn) -> _T:
        return draw_fn(draw, *args, **kwargs)

    return strategy()


def _id(draw: st.DrawFn, ident: IdChoice | None) -> str:
    if ident is None:
        return draw(_IDS)
    return ident if isinstance(ident, str) else draw(ident)


_SUFFIXES = st.text(alphabet=_LETTERS + "0123456789_-", max_size=5)


def _unique_ids(draw: st.DrawFn, min_size: int, max_size: int | None) -> list[str]:
    """Distinct ids: the k-th starts with its own prefix (``a``, ``b``, ...),
    then a drawn suffix. Distinct by construction, so that the shrinker can
    delete any element of the list (a list with ``unique=True`` resists
    that, because shrinking one id tends to make it equal to another)."""
    suffixes = draw(st.lists(_SUFFIXES, min_size=min_size, max_size=max_size))
    return [_prefix(k) + suffix for k, suffix in enumerate(suffixes)]


def _prefix(k: int) -> str:
    # Ids from the 27th on carry a '.', which the suffixes never contain.
    return _LETTERS[k] if k < len(_LETTERS) else f"{_LETTERS[k % 26]}{k}."


# ---------------------------------------------------------------------------
# Drawing helpers


def _draw_scale(draw: st.DrawFn, ident: IdChoice | None) -> ScaleIssue:
    low = draw(st.integers(-1000, 1000))
    span = draw(st.integers(1, 1000))
    unit = draw(st.sampled_from(["", "%", "km2", "t"]))
    return ScaleIssue(_id(draw, ident), low=low, high=low + span, unit=unit)


def _draw_level_issue(
    draw: st.DrawFn, cls: type[_T], ident: IdChoice | None, min_levels: int, max_levels: int
) -> _T:
    levels = draw(st.lists(_LEVEL, min_size=min_levels, max_size=max_levels, unique=True))
    return cls(_id(draw, ident), levels=tuple(levels))  # type: ignore[call-arg]


def _draw_item(
    draw: st.DrawFn,
    ident: IdChoice | None,
    measures: Sequence[str],
    divisible: st.SearchStrategy[bool] | None,
) -> Item:
    sizes = {m: float(draw(st.integers(1, 10_000))) for m in measures}
    div = draw(st.booleans() if divisible is None else divisible)
    return Item(_id(draw, ident), measures=sizes, divisible=div)


def _draw_items_issue(
    draw: st.DrawFn,
    ident: IdChoice | None,
    min_items: int = 1,
    max_items: int = 5,
    divisible: st.SearchStrategy[bool] | None = None,
) -> ItemsIssue:
    names = draw(st.lists(st.sampled_from(_MEASURE_NAMES), max_size=2, unique=True))
    its = [_draw_item(draw, i, names, divisible) for i in _unique_ids(draw, min_items, max_items)]
    default = draw(st.sampled_from(["count", *names]))
    return ItemsIssue(
        _id(draw, ident),
        items=tuple(its),
        measures=dict.fromkeys(names, "unit"),
        default_measure=default,
    )


def _draw_issue(draw: st.DrawFn, ident: IdChoice | None, kinds: Sequence[str]) -> Issue:
    kind = draw(st.sampled_from(tuple(dict.fromkeys(kinds))))
    if kind == "scale":
        return _draw_scale(draw, ident)
    if kind == "ordinal":
        return _draw_level_issue(draw, OrdinalIssue, ident, 2, 6)
    if kind == "categorical":
        return _draw_level_issue(draw, CategoricalIssue, ident, 2, 6)
    return _draw_items_issue(draw, ident)


@functools.lru_cache(maxsize=16)
def _issue_elements(kinds: tuple[str, ...]) -> st.SearchStrategy[Issue]:
    # A placeholder first letter keeps the id valid until it is replaced.
    return _from(_draw_issue, _SUFFIXES.map("x".__add__), kinds)


def _draw_issue_list(
    draw: st.DrawFn, min_size: int, max_size: int | None, kinds: Sequence[str]
) -> tuple[Issue, ...]:
    # Each issue is one element of a list, so the shrinker can delete it
    # whole; the ids are made distinct afterwards by a per-index prefix.
    drawn = draw(st.lists(_issue_elements(tuple(kinds)), min_size=min_size, max_size=max_size))
    return tuple(
        attrs.evolve(issue, id=_prefix(k) + issue.id[1:]) for k, issue in enumerate(drawn)
    )


def _subset(draw: st.DrawFn, n: int, min_size: int) -> list[int]:
    """Indices in ``range(n)``, at least ``min_size`` of them: one boolean
    per index, which shrinks towards the first ``min_size`` indices."""
    chosen = [k for k in range(n) if draw(st.booleans())]
    for k in range(n):
        if len(chosen) >= min_size:
            break
        if k not in chosen:
            chosen.append(k)
    return sorted(chosen)


def _draw_value(
    draw: st.DrawFn, issue: Issue, within: Interval | Levels | Box | None = None
) -> Value:
    if isinstance(issue, ScaleIssue):
        low, high = (
            (issue.low, issue.high)
            if within is None
            else (_as(within, Interval).low, _as(within, Interval).high)
        )
        return _between(draw, low, high)
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        levels = (
            issue.levels
            if within is None
            else tuple(lv for lv in issue.levels if lv in _as(within, Levels).levels)
        )
        return draw(st.sampled_from(levels))
    if within is None:
        return tuple(draw(_UNIT_FLOATS if i.divisible else _ZERO_ONE) for i in issue.items)
    return tuple(
        _between(draw, b.low, b.high)
        if i.divisible
        else draw(st.sampled_from(sorted({b.low, b.high})))
        for i, b in zip(issue.items, _as(within, Box).bounds, strict=True)
    )


def _between(draw: st.DrawFn, low: float, high: float) -> float:
    """A number in ``[low, high]``, drawn as a fraction of the way from
    ``low``: the fraction stays valid when the shrinker changes the bounds,
    so examples shrink to round values (the fraction shrinks to 0)."""
    fraction = draw(_UNIT_FLOATS)
    return min(high, max(low, low + fraction * (high - low)))


def _draw_interval(draw: st.DrawFn, low: float, high: float, x: float) -> Interval:
    return Interval(_between(draw, low, x), _between(draw, x, high))


def _draw_set(draw: st.DrawFn, issue: Issue, containing: Value | None) -> Interval | Levels | Box:
    x = _draw_value(draw, issue) if containing is None else issue.check_value(containing)
    if isinstance(issue, ScaleIssue):
        assert isinstance(x, float)
        return _draw_interval(draw, issue.low, issue.high, x)
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        assert isinstance(x, str)
        return Levels(frozenset({x} | draw(st.sets(st.sampled_from(issue.levels)))))
    assert isinstance(x, tuple)
    bounds = []
    for item, share in zip(issue.items, x, strict=True):
        if item.divisible:
            bounds.append(_draw_interval(draw, 0.0, 1.0, share))
        else:
            # An indivisible item's bounds are 0 or 1: just its share, or both.
            bounds.append(Interval(0.0, 1.0) if draw(st.booleans()) else Interval(share, share))
    return Box(tuple(bounds))


def _draw_stance(
    draw: st.DrawFn,
    issue: Issue,
    saliences: st.SearchStrategy[float],
    value_tables: st.SearchStrategy[bool],
) -> Stance:
    ideal = _draw_value(draw, issue)
    accept = _draw_set(draw, issue, ideal)
    table = None
    if isinstance(issue, OrdinalIssue | CategoricalIssue) and draw(value_tables):
        assert isinstance(accept, Levels)
        # The ideal is worth 1; a level outside the red line is worth less.
        table = tuple(
            1.0
            if lv == ideal
            else draw(
                st.floats(0.0, 1.0, exclude_max=lv not in accept.levels, allow_subnormal=False)
            )
            for lv in issue.levels
        )
    return Stance(issue, ideal, accept=accept, salience=draw(saliences), values=table)


def _draw_party(draw: st.DrawFn, ident: IdChoice | None) -> Party:
    name = _id(draw, ident)
    capability = draw(st.none() | st.integers(0, 100).map(float))
    return Party(name, name=name.capitalize(), capability=capability)


def _draw_source(draw: st.DrawFn, ident: IdChoice | None) -> Source:
    name = _id(draw, ident)
    precision = draw(st.sampled_from([4, 7, 10]))
    who = draw(st.sampled_from(["A. Author", "Ministry", "Agency"]))
    date = draw(st.dates(dt.date(1850, 1, 1), dt.date(2100, 12, 31))).isoformat()[:precision]
    # Some sources have an author, some only a publisher.
    author, publisher = (who, "") if precision != 7 else ("", who)
    return Source(name, title=f"Source {name}", date=date, author=author, publisher=publisher)


def _draw_evidence(draw: st.DrawFn, source: st.SearchStrategy[Source | None]) -> Evidence:
    return Evidence(
        draw(_STATUS),
        source=draw(source) if draw(st.booleans()) else None,
        note="Generated by positions.strategies." if draw(st.booleans()) else "",
    )


def _mark(draw: st.DrawFn, stance: Stance, source: st.SearchStrategy[Source | None]) -> Stance:
    """The stance with evidence on some of its claims, and perhaps a range
    around its salience."""
    marks: dict[str, Any] = {
        f"{kind}_evidence": _draw_evidence(draw, source)
        for kind in ("ideal", "accept", "salience")
        if draw(st.booleans())
    }
    if draw(st.booleans()):
        marks["salience_range"] = Interval(stance.salience / 2, stance.salience * 2 + 1)
    return attrs.evolve(stance, **marks)


def _draw_readings(
    draw: st.DrawFn,
    stances: Sequence[Stance],
    reservation: float | None,
    source: st.SearchStrategy[Source | None],
) -> list[Reading]:
    """Alternative readings that fit any combination with the others: no
    red line instead of one, another positive salience (within the range
    if there is one), another reservation level."""
    out = []
    for k, s in enumerate(stances):
        if s.accept != s.issue.whole() and draw(st.booleans()):
            ev = _draw_evidence(draw, source)
            out.append(Reading(f"open-{k}", "accept", s.issue.id, s.issue.whole(), ev))
        if s.salience > 0 and draw(st.booleans()):
            low, high = (
                (s.salience / 2, s.salience * 2)
                if s.salience_range is None
                else (max(s.salience_range.low, s.salience / 2), s.salience_range.high)
            )
            value = draw(st.sampled_from([low, high]))
            if value > 0:  # pragma: no branch - only a subnormal salience halves to 0
                ev = _draw_evidence(draw, source)
                out.append(Reading(f"weight-{k}", "salience", s.issue.id, value, ev))
    if reservation is not None and draw(st.booleans()):
        value = draw(_UNIT_FLOATS)
        out.append(Reading("walk-away", "reservation", None, value, _draw_evidence(draw, source)))
    return out


def _draw_position(
    draw: st.DrawFn,
    pool: Sequence[Issue],
    *,
    party: st.SearchStrategy[Party] | None,
    ident: IdChoice | None,
    source: st.SearchStrategy[Source | None] | None,
    min_issues: int,
    reservations: st.SearchStrategy[float | None],
    saliences: st.SearchStrategy[float],
    value_tables: st.SearchStrategy[bool],
    evidence: st.SearchStrategy[bool],
    readings: st.SearchStrategy[bool],
    dated: bool = False,
) -> Position:
    chosen = _subset(draw, len(pool), min_issues)
    ss = [_draw_stance(draw, pool[k], saliences, value_tables) for k in chosen]
    if all(s.salience == 0 for s in ss):
        ss[0] = attrs.evolve(ss[0], salience=1.0)
    date_strategy = _DATES if dated else st.none() | _DATES
    cited = _NO_SOURCE if source is None else source
    reservation = draw(reservations)
    marked = draw(evidence)
    if marked:
        ss = [_mark(draw, s, cited) for s in ss]
    res_evidence = (
        _draw_evidence(draw, cited)
        if marked and reservation is not None and draw(st.booleans())
        else None
    )
    return Position(
        _id(draw, ident),
        party=_draw_party(draw, None) if party is None else draw(party),
        stances=ss,
        reservation=reservation,
        date=draw(date_strategy),
        # With claims marked, the status is derived from them.
        status=None if marked else draw(_STATUS),
        source=draw(st.none() | _SOURCES) if source is None else draw(source),
        judgement=Judgement(salience="Generated by positions.strategies."),
        reservation_evidence=res_evidence,
        readings=_draw_readings(draw, ss, reservation, cited) if draw(readings) else (),
    )


def _draw_offer(
    draw: st.DrawFn,
    pool: Sequence[Issue],
    *,
    partial: st.SearchStrategy[bool],
    ident: IdChoice | None,
    proposer: st.SearchStrategy[Party | None] | None,
    source: st.SearchStrategy[Source | None] | None,
    dated: bool = False,
) -> Offer:
    chosen = _subset(draw, len(pool), 1) if draw(partial) else list(range(len(pool)))
    terms = [Term(pool[k], _draw_value(draw, pool[k])) for k in chosen]
    date_strategy = _DATES if dated else st.none() | _DATES
    return Offer(
        _id(draw, ident),
        terms=terms,
        proposer=draw(st.none() | _PARTIES) if proposer is None else draw(proposer),
        date=draw(date_strategy),
        status=draw(st.sampled_from(STATUSES)),
        source=draw(st.none() | _SOURCES) if source is None else draw(source),
    )


def _draw_outcome(
    draw: st.DrawFn, issue: Issue | None, source: st.SearchStrategy[Source | None]
) -> Outcome:
    statuses = OUTCOME_STATUSES if issue is not None else OUTCOME_STATUSES[1:]
    status = draw(st.sampled_from(statuses))
    value = _draw_value(draw, issue) if issue is not None and status == "agreed" else None
    return Outcome(
        status,
        issue=issue,
        value=value,
        date=draw(st.none() | _DATES),
        source=draw(source),
    )


def _draw_reference(
    draw: st.DrawFn, issue: Issue, source: st.SearchStrategy[Source | None]
) -> ReferencePoint:
    return ReferencePoint(
        issue,
        _draw_value(draw, issue),
        kind=draw(st.sampled_from(REFERENCE_KINDS)),
        status=draw(st.sampled_from(STATUSES)),
        source=draw(source),
    )


def _draw_records(
    draw: st.DrawFn, pool: Sequence[Issue], source: st.SearchStrategy[Source | None]
) -> tuple[list[Outcome], list[ReferencePoint]]:
    """Outcomes (perhaps one of the whole case, and of some issues) and
    reference points of some issues."""
    outcomes = [_draw_outcome(draw, None, source)] if draw(st.booleans()) else []
    outcomes += [_draw_outcome(draw, pool[k], source) for k in _subset(draw, len(pool), 0)]
    references = [_draw_reference(draw, pool[k], source) for k in _subset(draw, len(pool), 0)]
    return outcomes, references


_DATES = st.dates(dt.date(1850, 1, 1), dt.date(2100, 12, 31))
_STATUS = st.sampled_from(STATUSES)
_NO_SOURCE: st.SearchStrategy[Source | None] = st.none()
_PARTIES = _from(_draw_party, None)
_SOURCES = _from(_draw_source, None)


# ---------------------------------------------------------------------------
# Public strategies


def ids() -> st.SearchStrategy[str]:
    """Short valid ids: a lower-case letter, then letters, digits, ``-`` and
    ``_``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import Party, strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.ids())
    ... def test_every_id_names_a_party(ident):
    ...     assert ident[0].islower() and Party(ident, name="Party").id == ident
    >>> test_every_id_names_a_party()
    """
    return _IDS


def dates(
    *, min_value: dt.date = dt.date(1850, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Calendar dates in a range.

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2009, 12, 31)))
    ... def test_dates_fall_in_the_decade(day):
    ...     assert 2000 <= day.year <= 2009
    >>> test_dates_fall_in_the_decade()
    """
    return st.dates(min_value=min_value, max_value=max_value)


def scale_issues(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[ScaleIssue]:
    """Scale issues with integer bounds (round values shrink well).

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.scale_issues(id=st.just("tariff")))
    ... def test_bounds_are_whole_and_ordered(issue):
    ...     assert issue.id == "tariff" and issue.low.is_integer() and issue.span >= 1
    >>> test_bounds_are_whole_and_ordered()
    """

    def build() -> st.SearchStrategy[ScaleIssue]:
        if id is not None:
            _check_strategy("scale_issues", "id", id)
        return _from(_draw_scale, id)

    return _lazy(build)


def ordinal_issues(
    *, id: st.SearchStrategy[str] | None = None, min_levels: int = 2, max_levels: int = 6
) -> st.SearchStrategy[OrdinalIssue]:
    """Ordinal issues with ``min_levels`` to ``max_levels`` levels.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.ordinal_issues(min_levels=3, max_levels=4))
    ... def test_the_extremes_are_furthest_apart(issue):
    ...     assert 3 <= len(set(issue.levels)) == len(issue.levels) <= 4
    ...     assert issue.distance(issue.levels[0], issue.levels[-1]) == 1.0
    >>> test_the_extremes_are_furthest_apart()
    """

    def build() -> st.SearchStrategy[OrdinalIssue]:
        _check_size("ordinal_issues", min_levels, max_levels, floor=2)
        if id is not None:
            _check_strategy("ordinal_issues", "id", id)
        return _from(_draw_level_issue, OrdinalIssue, id, min_levels, max_levels)

    return _lazy(build)


def categorical_issues(
    *, id: st.SearchStrategy[str] | None = None, min_levels: int = 2, max_levels: int = 6
) -> st.SearchStrategy[CategoricalIssue]:
    """Categorical issues with ``min_levels`` to ``max_levels`` levels.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.categorical_issues(max_levels=3))
    ... def test_different_levels_are_one_apart(issue):
    ...     first, *others = issue.levels
    ...     assert 1 <= len(others) <= 2 and all(issue.distance(first, o) == 1.0 for o in others)
    >>> test_different_levels_are_one_apart()
    """

    def build() -> st.SearchStrategy[CategoricalIssue]:
        _check_size("categorical_issues", min_levels, max_levels, floor=2)
        if id is not None:
            _check_strategy("categorical_issues", "id", id)
        return _from(_draw_level_issue, CategoricalIssue, id, min_levels, max_levels)

    return _lazy(build)


def items(
    *,
    id: st.SearchStrategy[str] | None = None,
    measures: Sequence[str] = (),
    divisible: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Item]:
    """Items carrying each of ``measures`` with a positive integer size.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.items(measures=["area", "population"], divisible=st.just(False)))
    ... def test_every_measure_has_a_size(item):
    ...     assert not item.divisible and item.measure("count") == 1.0
    ...     assert item.measure("area") >= 1 and item.measure("population") >= 1
    >>> test_every_measure_has_a_size()
    """

    def build() -> st.SearchStrategy[Item]:
        if id is not None:
            _check_strategy("items", "id", id)
        if divisible is not None:
            _check_strategy("items", "divisible", divisible)
        if isinstance(measures, str) or "count" in measures:
            msg = f"items: measures must be names other than 'count' (got {measures!r})"
            raise InvalidArgument(msg)
        return _from(_draw_item, id, tuple(measures), divisible)

    return _lazy(build)


def items_issues(
    *,
    id: st.SearchStrategy[str] | None = None,
    min_items: int = 1,
    max_items: int = 5,
    divisible: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[ItemsIssue]:
    """Weighted-item issues with up to two named measures besides ``count``.

    Every item has a positive size under every measure, so the distance is
    a metric under each of them.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.items_issues(min_items=2, max_items=3, divisible=st.just(True)))
    ... def test_items_are_distinct_and_weighty(issue):
    ...     assert 2 <= len(set(issue.item_ids)) == len(issue.items) <= 3
    ...     assert all(w > 0 for name in issue.measure_names for w in issue.weights(name))
    >>> test_items_are_distinct_and_weighty()
    """

    def build() -> st.SearchStrategy[ItemsIssue]:
        _check_size("items_issues", min_items, max_items, floor=1)
        if id is not None:
            _check_strategy("items_issues", "id", id)
        if divisible is not None:
            _check_strategy("items_issues", "divisible", divisible)
        return _from(_draw_items_issue, id, min_items, max_items, divisible)

    return _lazy(build)


def issues(
    *, id: st.SearchStrategy[str] | None = None, kinds: Sequence[str] = KINDS
) -> st.SearchStrategy[Issue]:
    """Issues of any of ``kinds`` (default: all four).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.issues(kinds=["scale", "ordinal"]))
    ... def test_only_the_kinds_asked_for(issue):
    ...     assert issue.kind in {"scale", "ordinal"}
    >>> test_only_the_kinds_asked_for()
    """

    def build() -> st.SearchStrategy[Issue]:
        _check_kinds("issues", kinds)
        if id is not None:
            _check_strategy("issues", "id", id)
        return _from(_draw_issue, id, tuple(kinds))

    return _lazy(build)


def issue_lists(
    *, min_size: int = 1, max_size: int | None = 4, kinds: Sequence[str] = KINDS
) -> st.SearchStrategy[tuple[Issue, ...]]:
    """Tuples of issues with distinct ids.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.issue_lists(min_size=2, max_size=3, kinds=["categorical", "items"]))
    ... def test_issue_ids_are_distinct(issues):
    ...     assert 2 <= len({issue.id for issue in issues}) == len(issues) <= 3
    >>> test_issue_ids_are_distinct()
    """

    def build() -> st.SearchStrategy[tuple[Issue, ...]]:
        _check_size("issue_lists", min_size, max_size, floor=1)
        _check_kinds("issue_lists", kinds)
        return _from(_draw_issue_list, min_size, max_size, tuple(kinds))

    return _lazy(build)


def values(
    issue: Issue, *, within: Interval | Levels | Box | None = None
) -> st.SearchStrategy[Value]:
    """Values of ``issue``: numbers in range, levels, or item shares; only
    values inside the acceptable set ``within`` when it is given (for
    example a zone of agreement from :func:`positions.overlap`).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import Interval, ScaleIssue, strategies as pst
    >>> price = ScaleIssue("price", low=0, high=100)
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.values(price, within=Interval(20, 35)))
    ... def test_values_stay_within_the_set(x):
    ...     assert 20 <= price.check_value(x) <= 35
    >>> test_values_stay_within_the_set()
    """

    def build() -> st.SearchStrategy[Value]:
        _check_issue("values", issue)
        if within is not None:
            _check_set("values", issue, within)
        return _from(_draw_value, issue, within)

    return _lazy(build)


def _check_issue(name: str, issue: object) -> None:
    if not isinstance(issue, ScaleIssue | OrdinalIssue | CategoricalIssue | ItemsIssue):
        msg = f"{name}: expected an issue (got {issue!r})"
        raise InvalidArgument(msg)


def _check_set(name: str, issue: Issue, s: object) -> None:
    try:
        issue.check_set(s)
    except ValueError as err:
        raise InvalidArgument(f"{name}: {err}") from None


def _as(s: object, cls: type[_T]) -> _T:
    if not isinstance(s, cls):  # pragma: no cover - unreachable: values() checks the set first
        msg = f"expected a {cls.__name__} (got {s!r})"
        raise InvalidArgument(msg)
    return s


def acceptable_sets(
    issue: Issue, *, containing: Value | None = None
) -> st.SearchStrategy[Interval | Levels | Box]:
    """Acceptable sets of ``issue`` (never empty), containing the value
    ``containing`` when it is given.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import OrdinalIssue, strategies as pst
    >>> pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.acceptable_sets(pace, containing="medium"))
    ... def test_the_set_accepts_the_value(accept):
    ...     assert pace.check_set(accept) == accept and pace.contains(accept, "medium")
    >>> test_the_set_accepts_the_value()
    """

    def build() -> st.SearchStrategy[Interval | Levels | Box]:
        _check_issue("acceptable_sets", issue)
        if containing is not None:
            try:
                issue.check_value(containing)
            except ValueError as err:
                raise InvalidArgument(f"acceptable_sets: {err}") from None
        return _from(_draw_set, issue, containing)

    return _lazy(build)


def stances(
    issue: Issue,
    *,
    saliences: st.SearchStrategy[float] | None = None,
    value_tables: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Stance]:
    """One position's stance on ``issue``: an ideal, an acceptable set that
    contains it, a salience, and (for ordinal and categorical issues, when
    ``value_tables`` draws ``True``) an explicit value table.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import OrdinalIssue, strategies as pst
    >>> pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.stances(pace, saliences=st.just(2.0), value_tables=st.just(True)))
    ... def test_the_ideal_is_acceptable_and_best(stance):
    ...     assert pace.contains(stance.accept, stance.ideal) and stance.salience == 2.0
    ...     assert stance.value(stance.ideal) == max(stance.value(lv) for lv in pace.levels)
    >>> test_the_ideal_is_acceptable_and_best()
    """

    def build() -> st.SearchStrategy[Stance]:
        _check_issue("stances", issue)
        sal = _SALIENCES if saliences is None else saliences
        tables = st.booleans() if value_tables is None else value_tables
        _check_strategy("stances", "saliences", sal)
        _check_strategy("stances", "value_tables", tables)
        return _from(_draw_stance, issue, sal, tables)

    return _lazy(build)


def parties(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Party]:
    """Parties, some with a capability.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.parties(id=st.sampled_from(["north", "south"])))
    ... def test_parties_are_well_formed(party):
    ...     assert party.id in {"north", "south"} and party.name
    ...     assert party.capability is None or party.capability >= 0
    >>> test_parties_are_well_formed()
    """

    def build() -> st.SearchStrategy[Party]:
        if id is not None:
            _check_strategy("parties", "id", id)
        return _from(_draw_party, id)

    return _lazy(build)


def sources(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Sources with a title, an author or a publisher, and a date that may
    be partial (``2020``, ``2020-04`` or ``2020-04-22``).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.sources())
    ... def test_sources_can_be_cited(source):
    ...     assert source.title and (source.author or source.publisher)
    ...     assert len(source.date) in {4, 7, 10} and 1850 <= int(source.date[:4]) <= 2100
    >>> test_sources_can_be_cited()
    """

    def build() -> st.SearchStrategy[Source]:
        if id is not None:
            _check_strategy("sources", "id", id)
        return _from(_draw_source, id)

    return _lazy(build)


def positions(
    issues: Sequence[Issue],
    *,
    party: st.SearchStrategy[Party] | None = None,
    id: st.SearchStrategy[str] | None = None,
    source: st.SearchStrategy[Source | None] | None = None,
    min_issues: int = 1,
    reservations: st.SearchStrategy[float | None] | None = None,
    saliences: st.SearchStrategy[float] | None = None,
    value_tables: st.SearchStrategy[bool] | None = None,
    evidence: st.SearchStrategy[bool] | None = None,
    readings: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Position]:
    """Positions over a subset of ``issues`` (at least ``min_issues`` of
    them, in the given order), with saliences (at least one positive),
    optional reservation levels and optional value tables; when
    ``evidence`` draws ``True``, evidence on some claims and ranges around
    some saliences (the status is then derived); when ``readings`` draws
    ``True``, some alternative readings.

    Pass ``reservations=st.none()`` for positions without a reservation
    level, ``value_tables=st.just(False)`` for distance-based valuations
    only, ``evidence=st.just(False), readings=st.just(False)`` for positions
    known as a whole.

    .. versionchanged:: 0.1
       ``evidence`` and ``readings``.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import OrdinalIssue, ScaleIssue, strategies as pst
    >>> pool = [ScaleIssue("rent", low=0, high=9), OrdinalIssue("pace", levels=["low", "high"])]
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.positions(pool, min_issues=2, reservations=st.none()))
    ... def test_both_issues_are_addressed_in_order(position):
    ...     assert position.issue_ids == ("rent", "pace") and position.reservation is None
    >>> test_both_issues_are_addressed_in_order()
    """

    def build() -> st.SearchStrategy[Position]:
        pool = _check_pool("positions", issues)
        if (
            isinstance(min_issues, bool)
            or not isinstance(min_issues, int)
            or not (1 <= min_issues <= len(pool))
        ):
            msg = f"positions: min_issues must be in [1, {len(pool)}] (got {min_issues!r})"
            raise InvalidArgument(msg)
        kwargs = _position_args(
            party=party,
            id=id,
            source=source,
            reservations=reservations,
            saliences=saliences,
            value_tables=value_tables,
            evidence=evidence,
            readings=readings,
        )
        return _from(_draw_position, pool, min_issues=min_issues, **kwargs)

    return _lazy(build)


def _check_pool(name: str, issues: Sequence[Issue]) -> tuple[Issue, ...]:
    pool = tuple(issues)
    if not pool:
        raise InvalidArgument(f"{name}: issues must not be empty")
    for issue in pool:
        _check_issue(name, issue)
    if len({i.id for i in pool}) != len(pool):
        raise InvalidArgument(f"{name}: issue ids must be distinct")
    return pool


def _position_args(
    *,
    party: st.SearchStrategy[Party] | None = None,
    id: st.SearchStrategy[str] | None = None,
    source: st.SearchStrategy[Source | None] | None = None,
    reservations: st.SearchStrategy[float | None] | None = None,
    saliences: st.SearchStrategy[float] | None = None,
    value_tables: st.SearchStrategy[bool] | None = None,
    evidence: st.SearchStrategy[bool] | None = None,
    readings: st.SearchStrategy[bool] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of :func:`positions`, checked, with defaults."""
    res = _RESERVATIONS if reservations is None else reservations
    sal = _SALIENCES if saliences is None else saliences
    tables = st.booleans() if value_tables is None else value_tables
    marks = st.booleans() if evidence is None else evidence
    alternatives = st.booleans() if readings is None else readings
    given: dict[str, object] = {"party": party, "id": id, "source": source}
    for name, value in given.items():
        if value is not None:
            _check_strategy("positions", name, value)
    for name, strategy in {
        "reservations": res,
        "saliences": sal,
        "value_tables": tables,
        "evidence": marks,
        "readings": alternatives,
    }.items():
        _check_strategy("positions", name, strategy)
    return {
        "party": party,
        "ident": id,
        "source": source,
        "reservations": res,
        "saliences": sal,
        "value_tables": tables,
        "evidence": marks,
        "readings": alternatives,
    }


def _offer_args(
    *,
    partial: st.SearchStrategy[bool] | None = None,
    id: st.SearchStrategy[str] | None = None,
    proposer: st.SearchStrategy[Party | None] | None = None,
    source: st.SearchStrategy[Source | None] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of :func:`offers`, checked, with defaults."""
    part = st.booleans() if partial is None else partial
    _check_strategy("offers", "partial", part)
    for name, value in (("id", id), ("proposer", proposer), ("source", source)):
        if value is not None:
            _check_strategy("offers", name, value)
    return {"partial": part, "ident": id, "proposer": proposer, "source": source}


def offers(
    issues: Sequence[Issue],
    *,
    partial: st.SearchStrategy[bool] | None = None,
    id: st.SearchStrategy[str] | None = None,
    proposer: st.SearchStrategy[Party | None] | None = None,
    source: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[Offer]:
    """Offers over ``issues``: complete, or (when ``partial`` draws
    ``True``) over a non-empty subset of them.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import OrdinalIssue, ScaleIssue, strategies as pst
    >>> pool = [ScaleIssue("rent", low=0, high=9), OrdinalIssue("pace", levels=["low", "high"])]
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.offers(pool, partial=st.just(True), proposer=st.none()))
    ... def test_offers_settle_only_the_given_issues(offer):
    ...     assert offer.proposer is None and offer.terms
    ...     assert set(offer.issue_ids) <= {"rent", "pace"}
    >>> test_offers_settle_only_the_given_issues()
    """

    def build() -> st.SearchStrategy[Offer]:
        pool = _check_pool("offers", issues)
        return _from(
            _draw_offer,
            pool,
            **_offer_args(partial=partial, id=id, proposer=proposer, source=source),
        )

    return _lazy(build)


def outcomes(issues: Sequence[Issue]) -> st.SearchStrategy[Offer]:
    """Complete offers: a value for every one of ``issues``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import OrdinalIssue, ScaleIssue, strategies as pst
    >>> pool = [ScaleIssue("rent", low=0, high=9), OrdinalIssue("pace", levels=["low", "high"])]
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.outcomes(pool))
    ... def test_every_issue_is_settled(offer):
    ...     assert offer.issue_ids == ("rent", "pace")
    >>> test_every_issue_is_settled()
    """
    return offers(issues, partial=st.just(False))


def _draw_issues_and(
    draw: st.DrawFn,
    what: Callable[..., _T],
    issues: st.SearchStrategy[tuple[Issue, ...]],
    kwargs: dict[str, Any],
) -> tuple[tuple[Issue, ...], _T]:
    pool = draw(issues)
    extra = {"min_issues": 1} if what is _draw_position else {}
    return pool, what(draw, pool, **kwargs, **extra)


def issues_and_positions(
    *, issues: st.SearchStrategy[tuple[Issue, ...]] | None = None, **kwargs: Any
) -> st.SearchStrategy[tuple[tuple[Issue, ...], Position]]:
    """A tuple of issues (from ``issues``, default :func:`issue_lists`) and
    a position over them; other keyword arguments go to :func:`positions`.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import is_acceptable, strategies as pst
    >>> two_or_fewer = pst.issue_lists(max_size=2)
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.issues_and_positions(issues=two_or_fewer, reservations=st.none()))
    ... def test_a_position_accepts_its_own_ideal(pair):
    ...     issues, position = pair
    ...     assert set(position.issues) <= set(issues) and is_acceptable(position, position.ideal)
    >>> test_a_position_accepts_its_own_ideal()
    """

    def build() -> st.SearchStrategy[tuple[tuple[Issue, ...], Position]]:
        pool = issue_lists() if issues is None else issues
        _check_strategy("issues_and_positions", "issues", pool)
        return _from(_draw_issues_and, _draw_position, pool, _position_args(**kwargs))

    return _lazy(build)


def issues_and_offers(
    *, issues: st.SearchStrategy[tuple[Issue, ...]] | None = None, **kwargs: Any
) -> st.SearchStrategy[tuple[tuple[Issue, ...], Offer]]:
    """A tuple of issues (from ``issues``, default :func:`issue_lists`) and
    an offer over them; other keyword arguments go to :func:`offers`.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import strategies as pst
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.issues_and_offers(issues=pst.issue_lists(max_size=3), partial=st.just(False)))
    ... def test_complete_offers_settle_every_issue(pair):
    ...     issues, offer = pair
    ...     assert offer.issue_ids == tuple(issue.id for issue in issues)
    >>> test_complete_offers_settle_every_issue()
    """

    def build() -> st.SearchStrategy[tuple[tuple[Issue, ...], Offer]]:
        pool = issue_lists() if issues is None else issues
        _check_strategy("issues_and_offers", "issues", pool)
        return _from(_draw_issues_and, _draw_offer, pool, _offer_args(**kwargs))

    return _lazy(build)


def _draw_event(
    draw: st.DrawFn,
    pool: Sequence[Issue],
    party_pool: Sequence[Party],
    ident: IdChoice | None,
    source: st.SearchStrategy[Source | None] | None,
) -> Event:
    name = _id(draw, ident)
    ps = draw(st.lists(st.sampled_from(party_pool), unique=True)) if party_pool else []
    iss = draw(st.lists(st.sampled_from(pool), unique=True)) if pool else []
    return Event(
        name,
        date=draw(_DATES),
        label=f"Event {name}",
        parties=ps,
        issues=iss,
        source=draw(st.none() | _SOURCES) if source is None else draw(source),
    )


def events(
    issues: Sequence[Issue],
    parties: Sequence[Party],
    *,
    source: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[Event]:
    """Dated events that name some of ``issues`` and ``parties``.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> from positions import Party, ScaleIssue, strategies as pst
    >>> sides = [Party("north", name="North"), Party("south", name="South")]
    >>> @settings(max_examples=20, database=None)
    ... @given(pst.events([ScaleIssue("rent", low=0, high=9)], sides, source=st.none()))
    ... def test_events_name_only_the_given_parties(event):
    ...     assert set(event.parties) <= set(sides) and event.source is None
    >>> test_events_name_only_the_given_parties()
    """

    def build() -> st.SearchStrategy[Event]:
        if source is not None:
            _check_strategy("events", "source", source)
        return _from(_draw_event, tuple(issues), tuple(parties), None, source)

    return _lazy(build)


def _draw_case(
    draw: st.DrawFn,
    min_issues: int,
    max_issues: int,
    min_parties: int,
    max_parties: int,
    max_positions: int,
    max_offers: int,
    max_events: int,
    kinds: Sequence[str],
) -> Case:
    pool = _draw_issue_list(draw, min_issues, max_issues, kinds)
    ps = tuple(_draw_party(draw, i) for i in _unique_ids(draw, min_parties, max_parties))
    srcs = tuple(_draw_source(draw, i) for i in _unique_ids(draw, 1, 3))
    party, source = st.sampled_from(ps), st.sampled_from(srcs)
    names = iter(_unique_ids(draw, 0, max_positions + max_offers + max_events))
    n_pos = draw(st.integers(0, max_positions))
    n_off = draw(st.integers(0, max_offers))
    pos = [
        _draw_position(
            draw,
            pool,
            party=party,
            ident=name,
            source=source,
            min_issues=1,
            reservations=_RESERVATIONS,
            saliences=_SALIENCES,
            value_tables=st.booleans(),
            evidence=st.booleans(),
            readings=st.booleans(),
            dated=True,
        )
        for name in itertools.islice(names, n_pos)
    ]
    off = [
        _draw_offer(
            draw,
            pool,
            partial=st.booleans(),
            ident=name,
            proposer=st.none() | party,
            source=source,
            dated=True,
        )
        for name in itertools.islice(names, n_off)
    ]
    evs = [_draw_event(draw, pool, ps, name, source) for name in names]
    outcomes, references = _draw_records(draw, pool, source)
    return Case(
        draw(_IDS),
        title="Generated case",
        issues=pool,
        parties=ps,
        sources=srcs,
        positions=pos,
        offers=off,
        events=evs[:max_events],
        outcomes=outcomes,
        references=references,
    )


def cases(
    *,
    min_issues: int = 1,
    max_issues: int = 4,
    min_parties: int = 1,
    max_parties: int = 3,
    max_positions: int = 5,
    max_offers: int = 4,
    max_events: int = 3,
    kinds: Sequence[str] = KINDS,
) -> st.SearchStrategy[Case]:
    """Whole valid cases: every position, offer and event has a date and a
    source from the case, so every generated case can be written as a case
    file, passes ``positions validate``, and reads back equal.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from positions import dumps_case, loads_case, strategies as pst
    >>> @settings(max_examples=10, database=None, deadline=None)
    ... @given(pst.cases(max_issues=2, max_positions=2, kinds=["scale", "categorical"]))
    ... def test_cases_read_back_equal(case):
    ...     assert loads_case(dumps_case(case)) == case
    >>> test_cases_read_back_equal()
    """

    def build() -> st.SearchStrategy[Case]:
        _check_size("cases (issues)", min_issues, max_issues, floor=1)
        _check_size("cases (parties)", min_parties, max_parties, floor=1)
        for name, value in (
            ("max_positions", max_positions),
            ("max_offers", max_offers),
            ("max_events", max_events),
        ):
            _check_size(f"cases ({name})", 0, value)
        _check_kinds("cases", kinds)
        return _from(
            _draw_case,
            min_issues,
            max_issues,
            min_parties,
            max_parties,
            max_positions,
            max_offers,
            max_events,
            tuple(kinds),
        )

    return _lazy(build)
