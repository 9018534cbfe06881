"""Parties, sources, positions, offers, events and cases (DESIGN section 2).

Every class is a frozen attrs class validated on construction: an invalid
position, offer or case cannot exist.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

import attrs

from positions._issues import (
    AcceptableSet,
    CategoricalIssue,
    Issue,
    OrdinalIssue,
    Value,
    check_id,
    check_text,
)
from positions._limits import check_number, shown
from positions.exceptions import ModelError

__all__ = [
    "STATUSES",
    "Case",
    "Event",
    "Judgement",
    "Offer",
    "Party",
    "Position",
    "Source",
    "Stance",
    "Status",
    "Term",
]

#: How we know a position or offer: on the record, reported, or the analyst's reading.
Status: TypeAlias = Literal["stated", "reported", "inferred"]
STATUSES: tuple[Status, ...] = ("stated", "reported", "inferred")

#: How much of a date is known.
Precision: TypeAlias = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")

_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _id(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_id(f"{type(inst).__name__}.{attribute.name}", value)


def _one_of(choices: Sequence[str]) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in choices:
            msg = (
                f"{type(inst).__name__}.{attribute.name} must be one of {list(choices)!r} "
                f"(got {shown(value)})"
            )
            raise ModelError(msg)

    return check


def _optional_date(inst: object, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        msg = f"{type(inst).__name__}.{attribute.name} must be a date (got {shown(value)})"
        raise ModelError(msg)


@attrs.frozen
class Source:
    """A citation: where a position, offer or event is on record.

    ``date`` is an ISO date that may be partial (``"2022"``, ``"2022-04"``,
    ``"2022-04-22"``), as citations often are.

    Examples
    --------
    >>> Source("bluebook-2022", title="Diplomatic Bluebook 2022",
    ...        publisher="Ministry of Foreign Affairs", date="2022-04-22").date
    '2022-04-22'
    """

    id: str = attrs.field(validator=_id)
    title: str
    date: str
    author: str = ""
    publisher: str = ""
    url: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.title.strip():
            msg = f"source {self.id!r}: title must not be empty"
            raise ModelError(msg)
        if not (self.author.strip() or self.publisher.strip()):
            msg = f"source {self.id!r}: give an author or a publisher"
            raise ModelError(msg)
        if not _PARTIAL_DATE.fullmatch(self.date):
            msg = (
                f"source {self.id!r}: date must be YYYY, YYYY-MM or YYYY-MM-DD "
                f"(got {shown(self.date)})"
            )
            raise ModelError(msg)
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError as err:
            msg = f"source {self.id!r}: {self.date!r} is not a calendar date ({err})"
            raise ModelError(msg) from None


@attrs.frozen
class Party:
    """A party to the negotiation.

    Examples
    --------
    >>> Party("north", name="Northland")
    Party(id='north', name='Northland', note='', capability=None)
    """

    id: str = attrs.field(validator=_id)
    name: str
    note: str = ""
    capability: float | None = None

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.name.strip():
            msg = f"party {self.id!r}: name must not be empty"
            raise ModelError(msg)
        if self.capability is not None:
            capability = check_number(f"party {self.id!r}: capability", self.capability)
            if capability < 0:
                msg = f"party {self.id!r}: capability must be >= 0 (got {self.capability!r})"
                raise ModelError(msg)


@attrs.frozen
class Stance:
    """What one position says about one issue.

    Parameters
    ----------
    issue
        The issue.
    ideal
        The most preferred value (normalised by the issue: item shares become
        a tuple in item order).
    accept
        The acceptable set (the red line); default the whole domain. The
        ideal must lie in it.
    salience
        A non-negative raw weight; a position normalises its stances'
        saliences to sum 1.
    values
        Optional explicit value table for an ordinal or categorical issue:
        one number in ``[0, 1]`` per level (a mapping from level, or a
        sequence in level order). The ideal must be valued highest, and every
        level valued as highly must be acceptable. Without it,
        ``v(x) = 1 - d(ideal, x)``.

    Examples
    --------
    >>> from positions import OrdinalIssue
    >>> s = Stance(OrdinalIssue("pace", levels=("slow", "fast")), ideal="fast", accept=["fast"])
    >>> s.value("slow")
    0.0
    """

    issue: Issue
    ideal: Value
    accept: AcceptableSet = attrs.field(default=None)
    salience: float = 1.0
    values: tuple[float, ...] | None = None

    def __attrs_post_init__(self) -> None:
        issue = self.issue
        set_ = object.__setattr__
        set_(self, "ideal", issue.check_value(self.ideal))
        accept = issue.whole() if self.accept is None else issue.check_set(self.accept)
        set_(self, "accept", accept)
        if not issue.contains(accept, self.ideal):
            msg = f"issue {issue.id!r}: the ideal {self.ideal!r} must lie in the acceptable set"
            raise ModelError(msg)
        salience = check_number(f"issue {issue.id!r}: salience", self.salience)
        if salience < 0:
            msg = f"issue {issue.id!r}: salience must be >= 0 (got {self.salience!r})"
            raise ModelError(msg)
        set_(self, "salience", salience)
        if self.values is not None:
            set_(self, "values", self._check_table(self.values))

    def _check_table(self, raw: object) -> tuple[float, ...]:
        issue = self.issue
        if not isinstance(issue, OrdinalIssue | CategoricalIssue):
            msg = f"issue {issue.id!r}: value tables are for ordinal and categorical issues"
            raise ModelError(msg)
        if isinstance(raw, Mapping):
            unknown = sorted(set(raw) - set(issue.levels))
            missing = [lv for lv in issue.levels if lv not in raw]
            if unknown or missing:
                msg = (
                    f"issue {issue.id!r}: a value table must value every level exactly once "
                    f"(missing {missing!r}, unknown {unknown!r})"
                )
                raise ModelError(msg)
            entries = [raw[lv] for lv in issue.levels]
        elif isinstance(raw, Sequence) and not isinstance(raw, str):
            entries = list(raw)
            if len(entries) != len(issue.levels):
                msg = f"issue {issue.id!r}: a value table needs {len(issue.levels)} values"
                raise ModelError(msg)
        else:
            msg = f"issue {issue.id!r}: a value table must map levels to numbers (got {raw!r})"
            raise ModelError(msg)
        table = []
        for level, v in zip(issue.levels, entries, strict=True):
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
                msg = (
                    f"issue {issue.id!r}: the value of {level!r} must be in [0, 1] "
                    f"(got {shown(v)})"
                )
                raise ModelError(msg)
            table.append(float(v))
        top = max(table)
        if table[issue.level_index(str(self.ideal))] != top:
            msg = (
                f"issue {issue.id!r}: the value table must value the ideal {self.ideal!r} "
                f"highest (at {top!r})"
            )
            raise ModelError(msg)
        for level, v in zip(issue.levels, table, strict=True):
            if v == top and not issue.contains(self.accept, level):
                msg = (
                    f"issue {issue.id!r}: level {level!r} is valued as highly as the ideal "
                    "and so must be acceptable"
                )
                raise ModelError(msg)
        return tuple(table)

    @property
    def top(self) -> float:
        """``v(ideal)``: 1, or the highest entry of the value table."""
        return 1.0 if self.values is None else max(self.values)

    def value(self, x: Value, *, measure: str | None = None) -> float:
        """``v(x)``: the value table's entry if there is one, else
        ``1 - d(ideal, x)``."""
        if self.values is not None and isinstance(self.issue, OrdinalIssue | CategoricalIssue):
            return self.values[self.issue.level_index(str(x))]
        return 1.0 - self.issue.distance(self.ideal, x, measure=measure)

    def loss(self, x: Value, *, measure: str | None = None) -> float:
        """``v(ideal) - v(x)``, the unweighted concession on this issue,
        computed directly (``d(ideal, x)`` without a value table) so that a
        tiny distance is not lost to rounding in ``1 - (1 - d)``."""
        if self.values is not None and isinstance(self.issue, OrdinalIssue | CategoricalIssue):
            return self.top - self.values[self.issue.level_index(str(x))]
        return self.issue.distance(self.ideal, x, measure=measure)


@attrs.frozen
class Judgement:
    """One-line rationales for the numbers of a position that are the
    analyst's judgement rather than on the record.

    Examples
    --------
    >>> Judgement(salience="Analyst's judgement: the berths matter most.").salience
    "Analyst's judgement: the berths matter most."
    """

    salience: str = ""
    reservation: str = ""
    accept: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)


def _stances(value: Iterable[Stance]) -> tuple[Stance, ...]:
    return tuple(value)


@attrs.frozen
class Position:
    """One party's stance at a date: ideal, acceptable sets and saliences
    per issue, an optional reservation level, and where it is on record.

    Examples
    --------
    >>> from positions import OrdinalIssue, Party, Stance
    >>> pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    >>> p = Position("p1", party=Party("a", name="A"), stances=[
    ...     Stance(pace, ideal="fast", accept=["medium", "fast"])])
    >>> p.weight("pace"), p.issue_ids
    (1.0, ('pace',))
    """

    id: str = attrs.field(validator=_id)
    party: Party
    stances: tuple[Stance, ...] = attrs.field(converter=_stances)
    reservation: float | None = None
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    label: str = ""
    status: Status = attrs.field(default="stated", validator=_one_of(STATUSES))
    source: Source | None = None
    locator: str = ""
    note: str = ""
    judgement: Judgement = Judgement()
    discount_factor: float | None = None
    _weights: dict[str, float] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        check_text(self)
        d = self.discount_factor
        if d is not None and (
            isinstance(d, bool) or not isinstance(d, int | float) or not 0 <= d <= 1
        ):
            msg = f"position {self.id!r}: discount_factor must lie in [0, 1] (got {shown(d)})"
            raise ModelError(msg)
        if not self.stances:
            msg = f"position {self.id!r} must address at least one issue"
            raise ModelError(msg)
        ids = [s.issue.id for s in self.stances]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            msg = f"position {self.id!r} addresses issues more than once: {dupes!r}"
            raise ModelError(msg)
        if sum(s.salience for s in self.stances) <= 0:
            msg = f"position {self.id!r}: at least one salience must be positive"
            raise ModelError(msg)
        r = self.reservation
        if r is not None:
            if isinstance(r, bool) or not isinstance(r, int | float) or not 0 <= r <= 1:
                msg = f"position {self.id!r}: reservation must lie in [0, 1] (got {shown(r)})"
                raise ModelError(msg)
            object.__setattr__(self, "reservation", float(r))
        # Normalised once: the measures ask for each weight many times.
        total = math.fsum(s.salience for s in self.stances)
        weights = {s.issue.id: s.salience / total for s in self.stances}
        object.__setattr__(self, "_weights", weights)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The ids of the issues the position addresses, in order."""
        return tuple(s.issue.id for s in self.stances)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """The issues the position addresses, in order."""
        return tuple(s.issue for s in self.stances)

    def stance(self, issue_id: str) -> Stance:
        """The stance on issue ``issue_id``; :class:`KeyError` if none."""
        for s in self.stances:
            if s.issue.id == issue_id:
                return s
        raise KeyError(issue_id)

    def weight(self, issue_id: str) -> float:
        """The normalised salience of an issue (0 if not addressed)."""
        return self._weights.get(issue_id, 0.0)

    @property
    def weights(self) -> dict[str, float]:
        """Issue id to normalised salience, summing to 1."""
        return dict(self._weights)

    def restricted(self, issue_ids: Iterable[str]) -> Position:
        """The position on the issues named only, its saliences renormalised
        over them: its stance when the other issues are not at stake.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> city.restricted(["years", "customs"]).weights
        {'years': 0.5, 'customs': 0.5}
        """
        keep = set(issue_ids)
        stances = [s for s in self.stances if s.issue.id in keep]
        if not stances:
            msg = f"position {self.id!r} addresses none of {sorted(keep)!r}"
            raise ModelError(msg)
        if sum(s.salience for s in stances) <= 0:
            msg = f"position {self.id!r} gives no weight to {sorted(keep)!r}"
            raise ModelError(msg)
        return attrs.evolve(self, stances=stances)

    @property
    def ideal(self) -> Offer:
        """The position's ideal as a complete offer (useful as a benchmark)."""
        return Offer(
            id=f"{self.id}.ideal",
            terms=[Term(s.issue, s.ideal) for s in self.stances],
            proposer=self.party,
            date=self.date,
            label=f"ideal of {self.id}",
            status="inferred",
        )


@attrs.frozen
class Term:
    """One issue's value in an offer.

    Examples
    --------
    >>> from positions import ScaleIssue
    >>> Term(ScaleIssue("price", low=0, high=10), 4).value
    4.0
    """

    issue: Issue
    value: Value

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "value", self.issue.check_value(self.value))


def _terms(value: Iterable[Term] | Mapping[Issue, object]) -> tuple[Term, ...]:
    if isinstance(value, Mapping):
        return tuple(Term(issue, v) for issue, v in value.items())  # type: ignore[arg-type]
    return tuple(value)


@attrs.frozen
class Offer:
    """An outcome on the table: a value for some or all issues (issues left
    out are open), with its proposer, date and source.

    ``proposer`` is ``None`` for a package the analyst constructs.

    Examples
    --------
    >>> from positions import ScaleIssue
    >>> price = ScaleIssue("price", low=0, high=10)
    >>> Offer("o1", terms={price: 4}).value("price")
    4.0
    """

    id: str = attrs.field(validator=_id)
    terms: tuple[Term, ...] = attrs.field(converter=_terms)
    proposer: Party | None = None
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    label: str = ""
    status: Status = attrs.field(default="stated", validator=_one_of(STATUSES))
    source: Source | None = None
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.terms:
            msg = f"offer {self.id!r} must settle at least one issue"
            raise ModelError(msg)
        ids = [t.issue.id for t in self.terms]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            msg = f"offer {self.id!r} gives issues more than once: {dupes!r}"
            raise ModelError(msg)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The ids of the issues the offer settles."""
        return tuple(t.issue.id for t in self.terms)

    def term(self, issue_id: str) -> Term | None:
        """The term for ``issue_id``, or ``None`` if the offer leaves it open."""
        for t in self.terms:
            if t.issue.id == issue_id:
                return t
        return None

    def value(self, issue_id: str) -> Value:
        """The offer's value on an issue; :class:`KeyError` if it is open."""
        t = self.term(issue_id)
        if t is None:
            raise KeyError(issue_id)
        return t.value


def _parties(x: Iterable[Party]) -> tuple[Party, ...]:
    return tuple(x)


def _issues(x: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(x)


def _sources(x: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(x)


def _positions(x: Iterable[Position]) -> tuple[Position, ...]:
    return tuple(x)


def _offers(x: Iterable[Offer]) -> tuple[Offer, ...]:
    return tuple(x)


def _events(x: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(x)


def _strings(x: Iterable[str]) -> tuple[str, ...]:
    return tuple(x)


@attrs.frozen
class Event:
    """A dated event of the case: a summit, a declaration, a sanction.

    Examples
    --------
    >>> import datetime
    >>> Event("summit", date=datetime.date(2018, 11, 14), label="Summit").label
    'Summit'
    """

    id: str = attrs.field(validator=_id)
    date: dt.date = attrs.field(validator=_optional_date)
    label: str
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    parties: tuple[Party, ...] = attrs.field(default=(), converter=_parties)
    issues: tuple[Issue, ...] = attrs.field(default=(), converter=_issues)
    source: Source | None = None
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.label.strip():
            msg = f"event {self.id!r}: label must not be empty"
            raise ModelError(msg)


def _unique(kind: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    dupes = sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
    if dupes:
        msg = f"{kind} ids must be unique (repeated: {dupes!r})"
        raise ModelError(msg)


@attrs.frozen
class Case:
    """A whole negotiation case: issues, parties, sources, positions, offers
    and dated events, with every reference checked.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> case.issue("berths").kind, [o.id for o in case.offers]
    ('items', ['compromise', 'lease-only'])
    """

    id: str = attrs.field(validator=_id)
    title: str
    issues: tuple[Issue, ...] = attrs.field(converter=_issues)
    parties: tuple[Party, ...] = attrs.field(converter=_parties)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    positions: tuple[Position, ...] = attrs.field(default=(), converter=_positions)
    offers: tuple[Offer, ...] = attrs.field(default=(), converter=_offers)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    description: str = ""
    agreement_issues: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.title.strip():
            msg = f"case {self.id!r}: title must not be empty"
            raise ModelError(msg)
        for kind, objs in (
            ("issue", self.issues),
            ("party", self.parties),
            ("source", self.sources),
            ("position", self.positions),
            ("offer", self.offers),
            ("event", self.events),
        ):
            _unique(kind, (o.id for o in objs))
        unknown = sorted(set(self.agreement_issues) - {i.id for i in self.issues})
        if unknown:
            msg = f"case {self.id!r}: agreement_issues names unknown issues {unknown!r}"
            raise ModelError(msg)
        # Looked up by id and compared, not hashed: hashing an issue hashes
        # all its levels, for every stance that refers to it.
        issues = _by_id(self.issues)
        parties = _by_id(self.parties)
        sources = _by_id(self.sources)
        for p in self.positions:
            self._check_refs(f"position {p.id!r}", p.party, p.source, parties, sources)
            for s in p.stances:
                if not _has(issues, s.issue):
                    raise ModelError(f"position {p.id!r}: issue {s.issue.id!r} is not in the case")
        for o in self.offers:
            self._check_refs(f"offer {o.id!r}", o.proposer, o.source, parties, sources)
            for t in o.terms:
                if not _has(issues, t.issue):
                    raise ModelError(f"offer {o.id!r}: issue {t.issue.id!r} is not in the case")
        for e in self.events:
            self._check_refs(f"event {e.id!r}", None, e.source, parties, sources)
            for party in e.parties:
                if not _has(parties, party):
                    raise ModelError(f"event {e.id!r}: party {party.id!r} is not in the case")
            for issue in e.issues:
                if not _has(issues, issue):
                    raise ModelError(f"event {e.id!r}: issue {issue.id!r} is not in the case")

    @staticmethod
    def _check_refs(
        what: str,
        party: Party | None,
        source: Source | None,
        parties: Mapping[str, Party],
        sources: Mapping[str, Source],
    ) -> None:
        if party is not None and not _has(parties, party):
            raise ModelError(f"{what}: party {party.id!r} is not in the case")
        if source is not None and not _has(sources, source):
            raise ModelError(f"{what}: source {source.id!r} is not in the case")

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id; :class:`KeyError` if none."""
        return _find(self.id, "issue", self.issues, issue_id)

    def party(self, party_id: str) -> Party:
        """The party with this id; :class:`KeyError` if none."""
        return _find(self.id, "party", self.parties, party_id)

    def position(self, position_id: str) -> Position:
        """The position with this id; :class:`KeyError` if none."""
        return _find(self.id, "position", self.positions, position_id)

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id; :class:`KeyError` if none."""
        return _find(self.id, "offer", self.offers, offer_id)

    def positions_of(self, party_id: str) -> tuple[Position, ...]:
        """A party's positions, oldest first (undated ones last)."""
        mine = [p for p in self.positions if p.party.id == party_id]
        return tuple(sorted(mine, key=lambda p: (p.date is None, p.date or dt.date.min)))


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Identified = TypeVar("_Identified", bound=_HasId)


def _by_id(objs: Iterable[_Identified]) -> dict[str, _Identified]:
    return {o.id: o for o in objs}


def _has(table: Mapping[str, _Identified], obj: _Identified) -> bool:
    """Whether ``obj`` is the object of its id in ``table`` (or equal to it)."""
    known = table.get(obj.id)
    return known is obj or (known is not None and known == obj)


def _find(case_id: str, kind: str, objs: Iterable[_Identified], key: str) -> _Identified:
    for o in objs:
        if o.id == key:
            return o
    msg = f"case {case_id!r} has no {kind} {key!r}"
    raise KeyError(msg)
