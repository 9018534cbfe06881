"""Hypothesis strategies for every public type of :mod:`positions`.

Use them to property-test your own position logic: a new distance, a new
solution concept, a new case. Everything they generate is valid: it
constructs without error, passes ``positions validate`` when dumped to a
file, and loads back equal.

Needs the ``hypothesis`` extra (``pip install 'positions[hypothesis]'``).
Once it is installed, ``st.from_type(positions.Position)`` and friends work
without importing this module (see :mod:`positions._hypothesis_plugin`).

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
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

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
    STATUSES,
    Case,
    Event,
    Judgement,
    Offer,
    Party,
    Position,
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

_SHARED_ISSUES_KEY = "positions.strategies.from_type.issues"


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


def _lazy(build: Callable[[], st.SearchStrategy[_T]]) -> st.SearchStrategy[_T]:
    """Validate arguments and build the strategy when it is first drawn from."""
    return st.deferred(build)


def ids() -> st.SearchStrategy[str]:
    """Short valid ids (lower-case letters, digits, ``-`` and ``_``)."""
    return st.from_regex(r"[a-z][a-z0-9_-]{0,7}", fullmatch=True)


def dates(
    *, min_value: dt.date = dt.date(1850, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Calendar dates in a range."""
    return st.dates(min_value=min_value, max_value=max_value)


_measure_names = st.sampled_from(["area", "population", "value", "length"])


def scale_issues(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[ScaleIssue]:
    """Scale issues with integer bounds (round values shrink well)."""

    def build() -> st.SearchStrategy[ScaleIssue]:
        ident = ids() if id is None else id
        _check_strategy("scale_issues", "id", ident)
        return st.builds(
            lambda i, low, span, unit: ScaleIssue(i, low=low, high=low + span, unit=unit),
            ident,
            st.integers(-1000, 1000),
            st.integers(1, 1000),
            st.sampled_from(["", "%", "km2", "t"]),
        )

    return _lazy(build)


def _level_names(min_levels: int, max_levels: int) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(
        st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
        min_size=min_levels,
        max_size=max_levels,
        unique=True,
    ).map(tuple)


def ordinal_issues(
    *,
    id: st.SearchStrategy[str] | None = None,
    min_levels: int = 2,
    max_levels: int = 6,
) -> st.SearchStrategy[OrdinalIssue]:
    """Ordinal issues with ``min_levels`` to ``max_levels`` levels."""

    def build() -> st.SearchStrategy[OrdinalIssue]:
        _check_size("ordinal_issues", min_levels, max_levels, floor=2)
        ident = ids() if id is None else id
        _check_strategy("ordinal_issues", "id", ident)
        return st.builds(
            lambda i, lv: OrdinalIssue(i, levels=lv),
            ident,
            _level_names(min_levels, max_levels),
        )

    return _lazy(build)


def categorical_issues(
    *,
    id: st.SearchStrategy[str] | None = None,
    min_levels: int = 2,
    max_levels: int = 6,
) -> st.SearchStrategy[CategoricalIssue]:
    """Categorical issues with ``min_levels`` to ``max_levels`` levels."""

    def build() -> st.SearchStrategy[CategoricalIssue]:
        _check_size("categorical_issues", min_levels, max_levels, floor=2)
        ident = ids() if id is None else id
        _check_strategy("categorical_issues", "id", ident)
        return st.builds(
            lambda i, lv: CategoricalIssue(i, levels=lv),
            ident,
            _level_names(min_levels, max_levels),
        )

    return _lazy(build)


def items(
    *,
    id: st.SearchStrategy[str] | None = None,
    measures: Sequence[str] = (),
    divisible: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Item]:
    """Items carrying each of ``measures`` with a positive size."""

    def build() -> st.SearchStrategy[Item]:
        ident = ids() if id is None else id
        div = st.booleans() if divisible is None else divisible
        _check_strategy("items", "id", ident)
        _check_strategy("items", "divisible", div)
        sizes = st.fixed_dictionaries(
            {m: st.integers(1, 10_000).map(float) for m in measures}
        )
        return st.builds(
            lambda i, ms, d: Item(i, measures=ms, divisible=d), ident, sizes, div
        )

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
    """

    def build() -> st.SearchStrategy[ItemsIssue]:
        _check_size("items_issues", min_items, max_items, floor=1)
        ident = ids() if id is None else id
        _check_strategy("items_issues", "id", ident)

        @st.composite
        def draw_issue(draw: st.DrawFn) -> ItemsIssue:
            names = draw(st.lists(_measure_names, max_size=2, unique=True))
            item_ids = draw(st.lists(ids(), min_size=min_items, max_size=max_items, unique=True))
            its = [draw(items(id=st.just(i), measures=names, divisible=divisible))
                   for i in item_ids]
            default = draw(st.sampled_from(["count", *names]))
            return ItemsIssue(
                draw(ident), items=tuple(its), measures={n: "unit" for n in names},
                default_measure=default,
            )

        return draw_issue()

    return _lazy(build)


def issues(
    *,
    id: st.SearchStrategy[str] | None = None,
    kinds: Sequence[str] = KINDS,
) -> st.SearchStrategy[Issue]:
    """Issues of any of ``kinds`` (default: all four)."""

    def build() -> st.SearchStrategy[Issue]:
        unknown = [k for k in kinds if k not in KINDS]
        if not kinds or unknown or isinstance(kinds, str):
            msg = f"issues: kinds must be a non-empty sequence of {KINDS!r} (got {kinds!r})"
            raise InvalidArgument(msg)
        makers: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
            "scale": lambda: scale_issues(id=id),
            "ordinal": lambda: ordinal_issues(id=id),
            "categorical": lambda: categorical_issues(id=id),
            "items": lambda: items_issues(id=id),
        }
        return st.one_of(*(makers[k]() for k in dict.fromkeys(kinds)))

    return _lazy(build)


def issue_lists(
    *, min_size: int = 1, max_size: int | None = 4, kinds: Sequence[str] = KINDS
) -> st.SearchStrategy[tuple[Issue, ...]]:
    """Tuples of issues with distinct ids."""

    def build() -> st.SearchStrategy[tuple[Issue, ...]]:
        _check_size("issue_lists", min_size, max_size, floor=1)

        @st.composite
        def draw_list(draw: st.DrawFn) -> tuple[Issue, ...]:
            names = draw(st.lists(ids(), min_size=min_size, max_size=max_size, unique=True))
            return tuple(draw(issues(id=st.just(n), kinds=kinds)) for n in names)

        return draw_list()

    return _lazy(build)


def values(
    issue: Issue, *, within: Interval | Levels | Box | None = None
) -> st.SearchStrategy[Value]:
    """Values of ``issue``: numbers in range, levels, or item shares; only
    values inside the acceptable set ``within`` when it is given (for
    example a zone of agreement from :func:`positions.overlap`)."""
    if within is not None:
        issue.check_set(within)
    if isinstance(issue, ScaleIssue):
        low, high = (issue.low, issue.high) if within is None else (
            _as(within, Interval).low, _as(within, Interval).high)
        return st.floats(low, high, allow_subnormal=False)
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        levels = issue.levels if within is None else tuple(
            lv for lv in issue.levels if lv in _as(within, Levels).levels)
        return st.sampled_from(levels)
    if isinstance(issue, ItemsIssue):
        if within is None:
            return st.tuples(*(_share(i.divisible) for i in issue.items))
        return st.tuples(*(
            st.floats(b.low, b.high, allow_subnormal=False) if i.divisible
            else st.sampled_from(sorted({b.low, b.high}))
            for i, b in zip(issue.items, _as(within, Box).bounds, strict=True)
        ))
    msg = f"values: not an issue: {issue!r}"
    raise InvalidArgument(msg)


def _as(s: object, cls: type[_T]) -> _T:
    if not isinstance(s, cls):
        msg = f"expected a {cls.__name__} (got {s!r})"
        raise InvalidArgument(msg)
    return s


def _share(divisible: bool) -> st.SearchStrategy[float]:
    if divisible:
        return st.floats(0.0, 1.0, allow_subnormal=False)
    return st.sampled_from([0.0, 1.0])


@st.composite
def _interval_around(draw: st.DrawFn, low: float, high: float, x: float) -> Interval:
    return Interval(
        draw(st.floats(low, x, allow_subnormal=False)),
        draw(st.floats(x, high, allow_subnormal=False)),
    )


def acceptable_sets(
    issue: Issue, *, containing: Value | None = None
) -> st.SearchStrategy[Interval | Levels | Box]:
    """Acceptable sets of ``issue`` (never empty), containing the value
    ``containing`` when it is given."""

    @st.composite
    def draw_set(draw: st.DrawFn) -> Interval | Levels | Box:
        x = draw(values(issue)) if containing is None else issue.check_value(containing)
        if isinstance(issue, ScaleIssue):
            assert isinstance(x, float)
            return draw(_interval_around(issue.low, issue.high, x))
        if isinstance(issue, OrdinalIssue | CategoricalIssue):
            assert isinstance(x, str)
            more = draw(st.sets(st.sampled_from(issue.levels)))
            return Levels(frozenset({x} | more))
        assert isinstance(issue, ItemsIssue) and isinstance(x, tuple)
        bounds = []
        for item, share in zip(issue.items, x, strict=True):
            if item.divisible:
                bounds.append(draw(_interval_around(0.0, 1.0, share)))
            else:
                # An indivisible item's bounds are 0 or 1: just its share, or both.
                wide = draw(st.booleans())
                bounds.append(Interval(0.0, 1.0) if wide else Interval(share, share))
        return Box(tuple(bounds))

    return draw_set()


def stances(
    issue: Issue,
    *,
    saliences: st.SearchStrategy[float] | None = None,
    value_tables: st.SearchStrategy[bool] | None = None,
) -> st.SearchStrategy[Stance]:
    """One position's stance on ``issue``: an ideal, an acceptable set that
    contains it, a salience, and (for ordinal and categorical issues, when
    ``value_tables`` draws ``True``) an explicit value table."""

    def build() -> st.SearchStrategy[Stance]:
        sal = st.integers(0, 10).map(float) if saliences is None else saliences
        tables = st.booleans() if value_tables is None else value_tables
        _check_strategy("stances", "saliences", sal)
        _check_strategy("stances", "value_tables", tables)

        @st.composite
        def draw_stance(draw: st.DrawFn) -> Stance:
            ideal = draw(values(issue))
            accept = draw(acceptable_sets(issue, containing=ideal))
            table = None
            if isinstance(issue, OrdinalIssue | CategoricalIssue) and draw(tables):
                assert isinstance(accept, Levels)
                table = tuple(
                    1.0 if lv == ideal else draw(
                        st.floats(0.0, 1.0, exclude_max=lv not in accept.levels,
                                  allow_subnormal=False)
                    )
                    for lv in issue.levels
                )
            return Stance(issue, ideal, accept=accept, salience=draw(sal), values=table)

        return draw_stance()

    return _lazy(build)


def parties(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Party]:
    """Parties, some with a capability."""

    def build() -> st.SearchStrategy[Party]:
        ident = ids() if id is None else id
        _check_strategy("parties", "id", ident)
        return st.builds(
            lambda i, cap: Party(i, name=i.capitalize(), capability=cap),
            ident,
            st.none() | st.integers(0, 100).map(float),
        )

    return _lazy(build)


def sources(*, id: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Sources with a title, an author or publisher, and a partial date."""

    def build() -> st.SearchStrategy[Source]:
        ident = ids() if id is None else id
        _check_strategy("sources", "id", ident)
        partial = st.sampled_from([4, 7, 10])
        return st.builds(
            lambda i, d, n, who: Source(
                i, title=f"Source {i}", date=d.isoformat()[:n],
                author=who if n != 7 else "", publisher="" if n != 7 else who,
            ),
            ident, dates(), partial, st.sampled_from(["A. Author", "Ministry", "Agency"]),
        )

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
) -> st.SearchStrategy[Position]:
    """Positions over a subset of ``issues`` (at least ``min_issues`` of
    them, in the given order), with saliences (at least one positive),
    optional reservation levels and optional value tables."""

    def build() -> st.SearchStrategy[Position]:
        pool = tuple(issues)
        if not pool:
            raise InvalidArgument("positions: issues must not be empty")
        if not isinstance(min_issues, int) or not 1 <= min_issues <= len(pool):
            msg = f"positions: min_issues must be in [1, {len(pool)}] (got {min_issues!r})"
            raise InvalidArgument(msg)
        who = parties() if party is None else party
        ident = ids() if id is None else id
        src = (st.none() | sources()) if source is None else source
        res = (st.none() | st.floats(0.0, 1.0, allow_subnormal=False)) if (
            reservations is None) else reservations
        for name, value in (("party", who), ("id", ident), ("source", src),
                            ("reservations", res)):
            _check_strategy("positions", name, value)

        @st.composite
        def draw_position(draw: st.DrawFn) -> Position:
            chosen = draw(st.lists(st.sampled_from(range(len(pool))), min_size=min_issues,
                                   max_size=len(pool), unique=True))
            ss = [draw(stances(pool[k], saliences=saliences, value_tables=value_tables))
                  for k in sorted(chosen)]
            if all(s.salience == 0 for s in ss):
                ss[0] = Stance(ss[0].issue, ss[0].ideal, accept=ss[0].accept, salience=1.0,
                               values=ss[0].values)
            return Position(
                draw(ident), party=draw(who), stances=ss, reservation=draw(res),
                date=draw(st.none() | dates()),
                status=draw(st.sampled_from(STATUSES)), source=draw(src),
                judgement=Judgement(salience="generated"),
            )

        return draw_position()

    return _lazy(build)


def outcomes(issues: Sequence[Issue]) -> st.SearchStrategy[Offer]:
    """Complete offers: a value for every one of ``issues``."""
    return offers(issues, partial=st.just(False))


def offers(
    issues: Sequence[Issue],
    *,
    partial: st.SearchStrategy[bool] | None = None,
    id: st.SearchStrategy[str] | None = None,
    proposer: st.SearchStrategy[Party | None] | None = None,
    source: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[Offer]:
    """Offers over ``issues``: complete, or (when ``partial`` draws
    ``True``) over a non-empty subset of them."""

    def build() -> st.SearchStrategy[Offer]:
        pool = tuple(issues)
        if not pool:
            raise InvalidArgument("offers: issues must not be empty")
        part = st.booleans() if partial is None else partial
        ident = ids() if id is None else id
        who = (st.none() | parties()) if proposer is None else proposer
        src = (st.none() | sources()) if source is None else source
        for name, value in (("partial", part), ("id", ident), ("proposer", who),
                            ("source", src)):
            _check_strategy("offers", name, value)

        @st.composite
        def draw_offer(draw: st.DrawFn) -> Offer:
            if draw(part):
                chosen = sorted(draw(st.lists(st.sampled_from(range(len(pool))), min_size=1,
                                              max_size=len(pool), unique=True)))
            else:
                chosen = list(range(len(pool)))
            terms = [Term(pool[k], draw(values(pool[k]))) for k in chosen]
            return Offer(
                draw(ident), terms=terms, proposer=draw(who), date=draw(st.none() | dates()),
                status=draw(st.sampled_from(STATUSES)), source=draw(src),
            )

        return draw_offer()

    return _lazy(build)


def issues_and_positions(
    **kwargs: Any,
) -> st.SearchStrategy[tuple[tuple[Issue, ...], Position]]:
    """A tuple of issues and a position over them (keyword arguments go to
    :func:`positions`)."""
    return issue_lists().flatmap(lambda iss: st.tuples(st.just(iss), positions(iss, **kwargs)))


def issues_and_offers(
    **kwargs: Any,
) -> st.SearchStrategy[tuple[tuple[Issue, ...], Offer]]:
    """A tuple of issues and an offer over them (keyword arguments go to
    :func:`offers`)."""
    return issue_lists().flatmap(lambda iss: st.tuples(st.just(iss), offers(iss, **kwargs)))


def events(
    issues: Sequence[Issue],
    party_pool: Sequence[Party],
    *,
    source: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[Event]:
    """Dated events that name some of ``issues`` and ``party_pool``."""
    src = (st.none() | sources()) if source is None else source
    return st.builds(
        lambda i, d, ps, iss, s: Event(i, date=d, label=f"Event {i}", parties=ps, issues=iss,
                                       source=s),
        ids(),
        dates(),
        st.lists(st.sampled_from(party_pool), unique=True).map(tuple)
        if party_pool else st.just(()),
        st.lists(st.sampled_from(issues), unique=True).map(tuple) if issues else st.just(()),
        src,
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
    file and read back equal."""

    def build() -> st.SearchStrategy[Case]:
        _check_size("cases (issues)", min_issues, max_issues, floor=1)
        _check_size("cases (parties)", min_parties, max_parties, floor=1)
        for name, value in (("max_positions", max_positions), ("max_offers", max_offers),
                            ("max_events", max_events)):
            _check_size(f"cases ({name})", 0, value)

        @st.composite
        def draw_case(draw: st.DrawFn) -> Case:
            iss = draw(issue_lists(min_size=min_issues, max_size=max_issues, kinds=kinds))
            party_ids = draw(st.lists(ids(), min_size=min_parties, max_size=max_parties,
                                      unique=True))
            ps = tuple(draw(parties(id=st.just(i))) for i in party_ids)
            source_ids = draw(st.lists(ids(), min_size=1, max_size=3, unique=True))
            srcs = tuple(draw(sources(id=st.just(i))) for i in source_ids)
            src = st.sampled_from(srcs)
            unique_ids = st.lists(ids(), unique=True, max_size=max_positions + max_offers +
                                  max_events)
            pool = iter(draw(unique_ids))
            n_pos = draw(st.integers(0, max_positions))
            n_off = draw(st.integers(0, max_offers))
            n_ev = draw(st.integers(0, max_events))
            pos = []
            for ident in _take(pool, n_pos):
                p = draw(positions(iss, party=st.sampled_from(ps), id=st.just(ident),
                                   source=src))
                pos.append(_with_date(p, draw(dates())) if p.date is None else p)
            off = []
            for ident in _take(pool, n_off):
                o = draw(offers(iss, id=st.just(ident), source=src,
                                proposer=st.none() | st.sampled_from(ps)))
                off.append(_with_date(o, draw(dates())) if o.date is None else o)
            evs = []
            for ident in _take(pool, n_ev):
                e = draw(events(iss, ps, source=src))
                evs.append(_evolve(e, id=ident))
            return Case(
                draw(ids()), title="Generated case", issues=iss, parties=ps, sources=srcs,
                positions=pos, offers=off, events=evs,
            )

        return draw_case()

    return _lazy(build)


def _take(pool: Any, n: int) -> list[str]:
    out = []
    for _ in range(n):
        nxt = next(pool, None)
        if nxt is None:
            break
        out.append(nxt)
    return out


def _evolve(obj: _T, **changes: Any) -> _T:
    import attrs

    return attrs.evolve(obj, **changes)  # type: ignore[misc]


def _with_date(obj: _T, date: dt.date) -> _T:
    return _evolve(obj, date=date)
