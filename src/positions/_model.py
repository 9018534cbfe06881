"""Parties, sources, positions, offers, events and cases (DESIGN section 2).

Every class is a frozen attrs class validated on construction: an invalid
position, offer or case cannot exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

import attrs

from positions._display import counted, html_table, set_text
from positions._issues import (
    ISSUE_KINDS,
    AcceptableSet,
    CategoricalIssue,
    Interval,
    Issue,
    OrdinalIssue,
    Value,
    check_id,
    check_text,
)
from positions._limits import check_number, shown
from positions.exceptions import ModelError

__all__ = [
    "CLAIM_KINDS",
    "OUTCOME_STATUSES",
    "REFERENCE_KINDS",
    "STATUSES",
    "Case",
    "Claim",
    "ClaimKind",
    "Event",
    "Evidence",
    "Judgement",
    "Offer",
    "Outcome",
    "OutcomeStatus",
    "Party",
    "Position",
    "Reading",
    "ReferenceKind",
    "ReferencePoint",
    "Source",
    "Stance",
    "Status",
    "Term",
    "weakest",
]

#: How we know a claim, position or offer: on the record, reported, or the
#: analyst's reading.
Status: TypeAlias = Literal["stated", "reported", "inferred"]
#: The statuses, strongest first.
STATUSES: tuple[Status, ...] = ("stated", "reported", "inferred")

#: The claims a position makes about an issue (its ideal, its acceptable set,
#: its salience) and about the whole negotiation (its reservation level).
ClaimKind: TypeAlias = Literal["ideal", "accept", "salience", "reservation"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("ideal", "accept", "salience", "reservation")

#: How much of a date is known.
Precision: TypeAlias = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")

_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
# A scheme, a host (letters, digits, dots, hyphens, an optional port), then
# a path with no spaces and no unexpanded template such as %25name%25 or {x}.
_URL = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?([/?#][^\s{}<>]*)?")
_TEMPLATE = re.compile(r"%25[A-Za-z_]+%25|%[A-Za-z_]{3,}%")


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


def _describe(value: object) -> str:
    text = repr(value)
    return f"{text[:60]}..." if len(text) > 60 else text


def _tuple_of(
    cls: type | tuple[type, ...], what: str
) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    """A converter to a tuple whose every element must be a ``cls``: a
    plain value in the wrong place is one clear error, not an
    ``AttributeError`` later."""
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))

    def convert(value: Iterable[Any]) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            msg = f"{what} must be a sequence of {names} objects (got {_describe(value)})"
            raise ModelError(msg)
        items = tuple(value)
        for x in items:
            if not isinstance(x, cls):
                msg = (
                    f"{what} must hold {names} objects (got {_describe(x)}, a {type(x).__name__})"
                )
                raise ModelError(msg)
        return items

    return convert


def _instance_of(
    cls: type | tuple[type, ...], *, optional: bool = False
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, cls):
            msg = (
                f"{type(inst).__name__}.{attribute.name} must be a {names} "
                f"(got {_describe(value)}, a {type(value).__name__})"
            )
            raise ModelError(msg)

    return check


_ISSUE_CLASSES = tuple(ISSUE_KINDS.values())


def _optional_date(inst: object, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        msg = f"{type(inst).__name__}.{attribute.name} must be a date (got {shown(value)})"
        raise ModelError(msg)


@attrs.frozen
class Source:
    """A citation: where a position, offer or event is on record.

    ``date`` is the publication date, an ISO date that may be partial
    (``"2022"``, ``"2022-04"``, ``"2022-04-22"``), as citations often are;
    ``""`` for a page that carries no date, which must then say when it was
    ``accessed`` (same form). A URL must be ``http`` or ``https`` with a
    host.

    Examples
    --------
    >>> from positions import Source
    >>> Source("bluebook-2022", title="Diplomatic Bluebook 2022",
    ...        publisher="Ministry of Foreign Affairs", date="2022-04-22").date
    '2022-04-22'
    >>> Source("policy", title="Territorial policy", publisher="Ministry", date="",
    ...        accessed="2026-12", url="https://example.org/policy").cited_date
    'n.d. (accessed 2026-12)'
    """

    id: str = attrs.field(validator=_id)
    title: str
    date: str
    author: str = ""
    publisher: str = ""
    url: str = ""
    note: str = ""
    accessed: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.title.strip():
            msg = f"source {self.id!r}: title must not be empty"
            raise ModelError(msg)
        if not (self.author.strip() or self.publisher.strip()):
            msg = f"source {self.id!r}: give an author or a publisher"
            raise ModelError(msg)
        if not self.date and not self.accessed:
            msg = f"source {self.id!r}: an undated source must say when it was accessed"
            raise ModelError(msg)
        for key in ("date", "accessed"):
            value = getattr(self, key)
            if value:
                self._check_date(key, value)
        if self.url and (not _URL.fullmatch(self.url) or _TEMPLATE.search(self.url)):
            msg = (
                f"source {self.id!r}: url must be an http or https address with a host and "
                f"no spaces or template placeholders (got {shown(self.url)})"
            )
            raise ModelError(msg)

    def _check_date(self, key: str, value: str) -> None:
        if not _PARTIAL_DATE.fullmatch(value):
            msg = (
                f"source {self.id!r}: {key} must be YYYY, YYYY-MM or YYYY-MM-DD "
                f"(got {shown(value)})"
            )
            raise ModelError(msg)
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError as err:
            msg = f"source {self.id!r}: {value!r} is not a calendar date ({err})"
            raise ModelError(msg) from None

    @property
    def cited_date(self) -> str:
        """The date as a citation gives it, the publication date or else
        ``n.d.`` with the date of access."""
        return self.date or f"n.d. (accessed {self.accessed})"


@attrs.frozen
class Party:
    """A party to the negotiation.

    Examples
    --------
    >>> from positions import Party
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


def _strength(status: Status) -> int:
    return len(STATUSES) - STATUSES.index(status)


def weakest(items: Iterable[Status | Claim]) -> Status:
    """The weakest of some statuses, or of the statuses of some claims
    (``inferred`` is weaker than ``reported``, which is weaker than
    ``stated``); ``stated`` when there are none.

    A result rests on the claims it depends on, and is only as well founded
    as the weakest of them: keep the results that rest on stated claims
    only with ``weakest(result.rests_on) == "stated"``.

    Examples
    --------
    >>> from positions import weakest
    >>> weakest(["stated", "inferred", "reported"])
    'inferred'
    >>> weakest([])
    'stated'
    """
    statuses = [x if isinstance(x, str) else x.status for x in items]
    return min(statuses, key=_strength, default="stated")


@attrs.frozen
class Evidence:
    """How one claim of a position is known: its status, the source that
    supports it and where in that source, and a note.

    ``source`` ``None`` means the position's own source (and, unless
    ``locator`` is given, its locator).

    Examples
    --------
    >>> from positions import Evidence
    >>> Evidence("inferred", note="Read from the talks, not stated.").status
    'inferred'
    """

    status: Status = attrs.field(validator=_one_of(STATUSES))
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)


@attrs.frozen
class Claim:
    """One claim of a position, as a result rests on it: which position,
    which issue (``None`` for the reservation level), which kind of claim,
    and how it is known.

    Examples
    --------
    >>> from positions import Claim
    >>> c = Claim("p1", "pace", "accept", "inferred")
    >>> c.path, c.to_dict()
    ('accept.pace', {'position': 'p1', 'issue': 'pace', 'claim': 'accept', 'status': 'inferred'})
    """

    position: str
    issue: str | None
    kind: ClaimKind = attrs.field(validator=_one_of(CLAIM_KINDS))
    status: Status = attrs.field(validator=_one_of(STATUSES))
    source: str | None = None
    note: str = ""

    @property
    def path(self) -> str:
        """The claim's place in a position (``accept.ISSUE``,
        ``ideal.ISSUE``, ``salience.ISSUE`` or ``reservation``)."""
        return self.kind if self.issue is None else f"{self.kind}.{self.issue}"

    def to_dict(self) -> dict[str, str | None]:
        """The claim as plain data: position, issue, claim and status."""
        return {
            "position": self.position,
            "issue": self.issue,
            "claim": self.kind,
            "status": self.status,
        }


def _reading_issue(
    inst: Reading, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if (value is None) != (inst.kind == "reservation"):
        msg = f"reading {inst.id!r}: a {inst.kind} reading " + (
            "names no issue" if inst.kind == "reservation" else "needs an issue"
        )
        raise ModelError(msg)


@attrs.frozen
class Reading:
    """Another reading of one claim of a position: another ideal,
    acceptable set or salience for one issue, or another reservation level,
    with its own evidence.

    The position holds its main reading of every claim; a reading is an
    alternative that an analyst wants results checked against (see
    :func:`positions.robustness`). :meth:`Position.read` gives the position
    under some of its readings.

    Examples
    --------
    >>> from positions import Reading, Evidence
    >>> r = Reading("wider", kind="accept", issue="pace", value=["medium", "fast"],
    ...             evidence=Evidence("reported"))
    >>> r.path
    'accept.pace'
    """

    id: str = attrs.field(validator=_id)
    kind: ClaimKind = attrs.field(validator=_one_of(CLAIM_KINDS))
    issue: str | None = attrs.field(validator=_reading_issue)
    value: Any
    evidence: Evidence = attrs.field(validator=_instance_of(Evidence))
    label: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)

    @property
    def path(self) -> str:
        """The claim the reading replaces, as in :attr:`Claim.path`."""
        return self.kind if self.issue is None else f"{self.kind}.{self.issue}"


def _optional_range(value: object) -> Interval | None:
    if value is None or isinstance(value, Interval):
        return value
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        return Interval(*value)
    msg = f"a salience range must be [low, high] (got {value!r})"
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
    ideal_evidence, accept_evidence, salience_evidence
        How each claim of the stance is known (:class:`Evidence`); ``None``
        means as the position that holds the stance is known.
    salience_range
        Optional ``[low, high]`` around the salience (same units, ``low >= 0``):
        the range :func:`positions.sensitivity` draws it from.

    Examples
    --------
    >>> from positions import Stance, OrdinalIssue
    >>> s = Stance(OrdinalIssue("pace", levels=("slow", "fast")), ideal="fast", accept=["fast"])
    >>> s.value("slow")
    0.0
    """

    issue: Issue = attrs.field(validator=_instance_of(_ISSUE_CLASSES))
    ideal: Value
    accept: AcceptableSet = attrs.field(default=None)
    salience: float = 1.0
    values: tuple[float, ...] | None = None
    ideal_evidence: Evidence | None = attrs.field(
        default=None, validator=_instance_of(Evidence, optional=True)
    )
    accept_evidence: Evidence | None = attrs.field(
        default=None, validator=_instance_of(Evidence, optional=True)
    )
    salience_evidence: Evidence | None = attrs.field(
        default=None, validator=_instance_of(Evidence, optional=True)
    )
    salience_range: Interval | None = attrs.field(default=None, converter=_optional_range)

    def evidence(self, kind: ClaimKind) -> Evidence | None:
        """The evidence given for one claim of the stance (``ideal``,
        ``accept`` or ``salience``), or ``None`` where it is not marked."""
        if kind == "ideal":
            return self.ideal_evidence
        if kind == "accept":
            return self.accept_evidence
        if kind == "salience":
            return self.salience_evidence
        msg = f"a stance makes ideal, accept and salience claims, not {kind!r}"
        raise ModelError(msg)

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
        r = self.salience_range
        if r is not None and not (r.low >= 0 and r.low <= self.salience <= r.high):
            msg = (
                f"issue {issue.id!r}: the salience range [{r.low:g}, {r.high:g}] must be "
                f">= 0 and contain the salience {self.salience:g}"
            )
            raise ModelError(msg)
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
    >>> from positions import Judgement
    >>> Judgement(salience="Analyst's judgement: the berths matter most.").salience
    "Analyst's judgement: the berths matter most."
    """

    salience: str = ""
    reservation: str = ""
    accept: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)


def _stances(value: Iterable[Stance]) -> tuple[Stance, ...]:
    return _tuple_of(Stance, "Position.stances")(value)


def _readings(value: Iterable[Reading]) -> tuple[Reading, ...]:
    return _tuple_of(Reading, "Position.readings")(value)


#: The most combinations of readings of one position checked when it is built.
_MAX_CHECKED_COMBINATIONS = 256


@attrs.frozen
class Position:
    """One party's stance at a date: ideal, acceptable sets and saliences
    per issue, an optional reservation level, and where it is on record.

    Every claim of the position (the ideal, acceptable set and salience of
    each stance, and the reservation level) can carry its own
    :class:`Evidence`; a claim without one is known as the position is (its
    status, source and locator). The position's ``status`` is the weakest of
    its claims: leave it out and it is derived; give it and it is checked,
    so a position marked ``stated`` cannot hide an inferred red line.

    ``readings`` are alternative readings of some of its claims
    (:class:`Reading`), each with its own evidence; :meth:`read` applies
    them.

    Examples
    --------
    >>> from positions import Position, Evidence, OrdinalIssue, Party, Stance
    >>> pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
    >>> p = Position("p1", party=Party("a", name="A"), stances=[
    ...     Stance(pace, ideal="fast", accept=["medium", "fast"],
    ...            accept_evidence=Evidence("inferred", note="Read from the talks."))])
    >>> p.weight("pace"), p.issue_ids, p.status
    (1.0, ('pace',), 'inferred')
    >>> [c.path for c in p.claims if c.status != "stated"]
    ['ideal.pace', 'accept.pace', 'salience.pace']
    """

    id: str = attrs.field(validator=_id)
    party: Party = attrs.field(validator=_instance_of(Party))
    stances: tuple[Stance, ...] = attrs.field(converter=_stances)
    reservation: float | None = None
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    label: str = ""
    _status: Status | None = attrs.field(default=None, alias="status")
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""
    judgement: Judgement = attrs.field(default=Judgement(), validator=_instance_of(Judgement))
    discount_factor: float | None = None
    reservation_evidence: Evidence | None = attrs.field(
        default=None, validator=_instance_of(Evidence, optional=True)
    )
    readings: tuple[Reading, ...] = attrs.field(default=(), converter=_readings)
    _claim_cache: dict[tuple[str, str | None], Claim] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False
    )
    _weights: dict[str, float] = attrs.field(init=False, repr=False, eq=False)
    # Issue id to stance, and the ids in order: looking up a stance costs the
    # same with eighty issues as with two.
    _stance_by_id: dict[str, Stance] = attrs.field(init=False, repr=False, eq=False)
    _issue_ids: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

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
        by_id = {s.issue.id: s for s in self.stances}
        if len(by_id) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            msg = f"position {self.id!r} addresses issues more than once: {dupes!r}"
            raise ModelError(msg)
        object.__setattr__(self, "_stance_by_id", by_id)
        object.__setattr__(self, "_issue_ids", tuple(ids))
        if sum(s.salience for s in self.stances) <= 0:
            msg = f"position {self.id!r}: at least one salience must be positive"
            raise ModelError(msg)
        r = self.reservation
        if r is not None:
            if isinstance(r, bool) or not isinstance(r, int | float) or not 0 <= r <= 1:
                msg = f"position {self.id!r}: reservation must lie in [0, 1] (got {shown(r)})"
                raise ModelError(msg)
            object.__setattr__(self, "reservation", float(r))
        if self.reservation_evidence is not None and r is None:
            msg = f"position {self.id!r}: reservation_evidence is given but no reservation"
            raise ModelError(msg)
        # Normalised once: the measures ask for each weight many times.
        total = math.fsum(s.salience for s in self.stances)
        weights = {s.issue.id: s.salience / total for s in self.stances}
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_status", self._derive_status())
        object.__setattr__(self, "readings", self._check_readings())

    def _marked(self) -> list[tuple[str, Evidence]]:
        """The claims that carry evidence of their own, by path."""
        marked = [
            (f"{kind}.{s.issue.id}", ev)
            for s in self.stances
            for kind, ev in (
                ("ideal", s.ideal_evidence),
                ("accept", s.accept_evidence),
                ("salience", s.salience_evidence),
            )
            if ev is not None
        ]
        if self.reservation_evidence is not None:
            marked.append(("reservation", self.reservation_evidence))
        return marked

    def _derive_status(self) -> Status:
        marked = self._marked()
        given = self._status
        if given is None:
            return weakest(ev.status for _, ev in marked)
        if given not in STATUSES:
            msg = f"Position.status must be one of {list(STATUSES)!r} (got {given!r})"
            raise ModelError(msg)
        weaker = [
            (path, ev.status) for path, ev in marked if _strength(ev.status) < _strength(given)
        ]
        unmarked = 3 * len(self.stances) + (self.reservation is not None) - len(marked)
        if weaker or (marked and not unmarked and given != weakest(ev.status for _, ev in marked)):
            detail = (
                ", ".join(f"{path} is {status!r}" for path, status in weaker)
                or f"every claim is at least {weakest(ev.status for _, ev in marked)!r}"
            )
            msg = (
                f"position {self.id!r}: its status {given!r} must be the weakest of its "
                f"claims ({detail}); leave the status out to derive it"
            )
            raise ModelError(msg)
        return given

    def _check_readings(self) -> tuple[Reading, ...]:
        """The readings with their values checked and normalised; every
        reading, and every combination of readings of different claims
        (up to a limit), must give a valid position."""
        if not self.readings:
            return ()
        seen: set[str] = set()
        checked = []
        for r in self.readings:
            if not isinstance(r, Reading):  # pragma: no cover - unreachable: converted first
                msg = f"position {self.id!r}: readings must be Reading objects (got {r!r})"
                raise ModelError(msg)
            if r.id in seen:
                msg = f"position {self.id!r}: reading ids must be unique (repeated: {r.id!r})"
                raise ModelError(msg)
            seen.add(r.id)
            checked.append(attrs.evolve(r, value=self._reading_value(r)))
        out = tuple(checked)
        groups = _reading_groups(out)
        combos = math.prod(len(g) + 1 for g in groups)
        choices: Iterable[Sequence[Reading | None]]
        if combos <= _MAX_CHECKED_COMBINATIONS:
            choices = itertools.product(*([None, *g] for g in groups))
        else:
            choices = ((r,) for g in groups for r in g)
        plain = attrs.evolve(self, readings=())
        for choice in choices:
            chosen = [r for r in choice if r is not None]
            if chosen:
                plain._apply(chosen)
        return out

    def _reading_value(self, r: Reading) -> Any:
        where = f"position {self.id!r}: reading {r.id!r} ({r.path})"
        if r.kind == "reservation":
            v = r.value
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
                msg = f"{where}: a reservation level must lie in [0, 1] (got {v!r})"
                raise ModelError(msg)
            return float(v)
        assert r.issue is not None
        try:
            stance = self.stance(r.issue)
        except KeyError:
            msg = f"{where}: the position does not address issue {r.issue!r}"
            raise ModelError(msg) from None
        try:
            if r.kind == "ideal":
                return stance.issue.check_value(r.value)
            if r.kind == "accept":
                return stance.issue.check_set(r.value)
        except ModelError as err:
            raise ModelError(f"{where}: {err}") from None
        v = check_number(f"{where}: salience", r.value)
        if v < 0:
            msg = f"{where}: a salience must be >= 0 (got {shown(r.value)})"
            raise ModelError(msg)
        return v

    @property
    def status(self) -> Status:
        """How the position is known, the weakest status of its claims."""
        assert self._status is not None
        return self._status

    def evidence(self, kind: ClaimKind, issue_id: str | None = None) -> Evidence:
        """How one claim is known, with what it inherits from the position
        filled in: the claim's own :class:`Evidence` if it has one (its
        source defaulting to the position's), else the position's status,
        source and locator.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> city.evidence("accept", "years").status, city.evidence("reservation").source.id
        ('stated', 'minutes')
        """
        if kind == "reservation":
            if issue_id is not None:
                raise ModelError("the reservation level is a claim about no single issue")
            if self.reservation is None:
                raise ModelError(f"position {self.id!r} has no reservation level")
            own = self.reservation_evidence
        else:
            if issue_id is None:
                raise ModelError(f"a {kind} claim is about one issue: name it")
            own = self.stance(issue_id).evidence(kind)
        if own is None:
            return Evidence(self.status, self.source, self.locator)
        if own.source is None:
            return attrs.evolve(own, source=self.source, locator=own.locator or self.locator)
        return own

    def claim(self, kind: ClaimKind, issue_id: str | None = None) -> Claim:
        """One claim of the position, as results rest on it.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> city.claim("accept", "years").to_dict()
        {'position': 'city-2024', 'issue': 'years', 'claim': 'accept', 'status': 'stated'}
        """
        cached = self._claim_cache.get((kind, issue_id))
        if cached is None:
            cached = self._claim_cache[kind, issue_id] = self._make_claim(kind, issue_id)
        return cached

    def _make_claim(self, kind: ClaimKind, issue_id: str | None) -> Claim:
        ev = self.evidence(kind, issue_id)
        rationale = {
            "accept": self.judgement.accept,
            "salience": self.judgement.salience,
            "reservation": self.judgement.reservation,
        }.get(kind, "")
        return Claim(
            self.id,
            issue_id,
            kind,
            ev.status,
            source=None if ev.source is None else ev.source.id,
            note=ev.note or rationale,
        )

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Every claim of the position, in order (per issue its ideal,
        acceptable set and salience, then the reservation level if it has
        one)."""
        out = [
            self.claim(kind, s.issue.id)
            for s in self.stances
            for kind in ("ideal", "accept", "salience")
        ]
        if self.reservation is not None:
            out.append(self.claim("reservation"))
        return tuple(out)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The ids of the issues the position addresses, in order."""
        return self._issue_ids

    def addresses(self, issue_id: str) -> bool:
        """Whether the position addresses issue ``issue_id``, in constant
        time.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> city.addresses("years"), city.addresses("tolls")
        (True, False)
        """
        return issue_id in self._stance_by_id

    def settled_by(self, offer: Offer) -> tuple[str, ...]:
        """The ids of the issues the position addresses that ``offer``
        settles, in the position's order: the issues the measures compare.
        An offer that settles none of them cannot be measured against the
        position.

        Examples
        --------
        >>> import positions
        >>> case = positions.load_case("harbour")
        >>> case.position("city-2024").settled_by(case.offer("lease-only"))
        ('berths',)
        """
        return tuple(i for i in self._issue_ids if offer.settles(i))

    @property
    def issues(self) -> tuple[Issue, ...]:
        """The issues the position addresses, in order."""
        return tuple(s.issue for s in self.stances)

    def stance(self, issue_id: str) -> Stance:
        """The stance on issue ``issue_id``; :class:`KeyError` if none."""
        try:
            return self._stance_by_id[issue_id]
        except (KeyError, TypeError):
            raise KeyError(issue_id) from None

    def weight(self, issue_id: str) -> float:
        """The normalised salience of an issue (0 if not addressed)."""
        return self._weights.get(issue_id, 0.0)

    @property
    def weights(self) -> dict[str, float]:
        """Issue id to normalised salience, summing to 1."""
        return dict(self._weights)

    def _explicit(self) -> Position:
        """The same position with every claim's evidence written out, so
        that dropping or replacing claims cannot change how the others are
        known."""
        stances = [
            attrs.evolve(
                s,
                ideal_evidence=self.evidence("ideal", s.issue.id),
                accept_evidence=self.evidence("accept", s.issue.id),
                salience_evidence=self.evidence("salience", s.issue.id),
            )
            for s in self.stances
        ]
        return attrs.evolve(
            self,
            stances=stances,
            reservation_evidence=None
            if self.reservation is None
            else self.evidence("reservation"),
            status=None,
        )

    def restricted(self, issue_ids: Iterable[str]) -> Position:
        """The position on the issues named only, its saliences renormalised
        over them: its stance when the other issues are not at stake. Its
        claims keep their evidence, and its status is the weakest of the
        claims it keeps.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> city.restricted(["years", "customs"]).weights
        {'years': 0.5, 'customs': 0.5}
        """
        keep = set(issue_ids)
        stances = [s for s in self._explicit().stances if s.issue.id in keep]
        if not stances:
            msg = f"position {self.id!r} addresses none of {sorted(keep)!r}"
            raise ModelError(msg)
        if sum(s.salience for s in stances) <= 0:
            msg = f"position {self.id!r} gives no weight to {sorted(keep)!r}"
            raise ModelError(msg)
        readings = [r for r in self.readings if r.issue is None or r.issue in keep]
        return attrs.evolve(self._explicit(), stances=stances, readings=readings, status=None)

    def __repr__(self) -> str:
        """One line: the id, the party, the date, the status and the number
        of issues (the fields are the attributes; ``attrs.asdict`` has
        them all)."""
        date = self.date.isoformat() if self.date else "undated"
        issues = counted(len(self.stances), "issue", "issues")
        return f"<Position {self.id!r} of {self.party.id}, {date}, {self.status}: {issues}>"

    def _stance_rows(self) -> list[dict[str, Any]]:
        """One plain row per stance, as the notebook table, the HTML report
        and ``positions.frame(case, "positions")`` show it: the issue, the
        ideal and red line in words, the salience, the weight and how each
        of the three claims is known."""
        return [
            {
                "issue": s.issue.id,
                "ideal": s.issue.format_value(s.ideal),
                "accept": set_text(s.issue, s.accept),
                "salience": s.salience,
                "weight": self.weight(s.issue.id),
                **{
                    f"{kind}_status": self.claim(kind, s.issue.id).status
                    for kind in ("ideal", "accept", "salience")
                },
            }
            for s in self.stances
        ]

    def _repr_html_(self) -> str:
        """The position as a table, one row per issue (for notebooks)."""
        rows = [
            (
                r["issue"],
                r["ideal"],
                r["accept"],
                r["salience"],
                r["weight"],
                f"{r['ideal_status']} / {r['accept_status']} / {r['salience_status']}",
            )
            for r in self._stance_rows()
        ]
        reservation = "" if self.reservation is None else f"; reservation {self.reservation}"
        date = self.date.isoformat() if self.date else "undated"
        return html_table(
            f"Position {self.id} ({self.party.name}, {date}, {self.status}{reservation})",
            ("issue", "ideal", "acceptable", "salience", "weight", "ideal / red line / salience"),
            rows,
        )

    def with_salience(
        self, issue_id: str, salience: float, *, evidence: Evidence | None = None
    ) -> Position:
        """The position with the salience of one issue changed.

        The new salience is the analyst's, not the source's: unless
        ``evidence`` says how it is known, it is marked ``inferred`` with a
        note saying so, and the position's status is derived from its
        claims again (a stated position whose salience is changed this way
        is no longer stated). The other claims keep their evidence.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> heavier = city.with_salience("berths", 9)
        >>> heavier.stance("berths").salience, heavier.claim("salience", "berths").status
        (9.0, 'inferred')
        >>> round(heavier.weight("berths"), 3) > round(city.weight("berths"), 3)
        True
        """
        return self._with_claim(issue_id, "salience", salience, evidence, "with_salience")

    def with_acceptable(
        self, issue_id: str, accept: object, *, evidence: Evidence | None = None
    ) -> Position:
        """The position with the acceptable set (red line) of one issue
        changed, given as a case file gives it (``[low, high]``, a list of
        levels, a table of item bounds) or as an acceptable set. Its
        evidence as for :meth:`with_salience`: ``inferred`` unless given.

        Examples
        --------
        >>> import positions
        >>> city = positions.load_case("harbour").position("city-2024")
        >>> wider = city.with_acceptable("years", [0, 50])
        >>> wider.stance("years").accept, wider.claim("accept", "years").status
        (Interval(low=0.0, high=50.0), 'inferred')
        """
        return self._with_claim(issue_id, "accept", accept, evidence, "with_acceptable")

    def _with_claim(
        self, issue_id: str, kind: str, value: object, evidence: Evidence | None, how: str
    ) -> Position:
        if not isinstance(issue_id, str) or not self.addresses(issue_id):
            known = ", ".join(self.issue_ids)
            msg = f"position {self.id!r} has no stance on {issue_id!r} (its issues: {known})"
            raise ModelError(msg)
        if evidence is None:
            evidence = Evidence("inferred", note=f"set by the analyst (Position.{how})")
        elif not isinstance(evidence, Evidence):
            msg = f"evidence must be an Evidence (got {type(evidence).__name__})"
            raise ModelError(msg)
        base = self._explicit()
        changes: dict[str, Any] = {kind: value, f"{kind}_evidence": evidence}
        stances = [
            attrs.evolve(s, **changes) if s.issue.id == issue_id else s for s in base.stances
        ]
        return attrs.evolve(base, stances=stances, status=None)

    def reading(self, reading_id: str) -> Reading:
        """The reading with this id; :class:`KeyError` if none."""
        for r in self.readings:
            if r.id == reading_id:
                return r
        raise KeyError(reading_id)

    def read(self, *reading_ids: str) -> Position:
        """The position under the readings named (at most one per claim):
        each replaces its claim and brings its own evidence; the result has
        no further readings, and its status is derived from its claims.

        Examples
        --------
        >>> from positions import Evidence, OrdinalIssue, Party, Position, Reading, Stance
        >>> pace = OrdinalIssue("pace", levels=("slow", "medium", "fast"))
        >>> p = Position("p1", party=Party("a", name="A"), status="stated",
        ...     stances=[Stance(pace, ideal="fast", accept=["fast"])],
        ...     readings=[Reading("wider", kind="accept", issue="pace",
        ...                       value=["medium", "fast"], evidence=Evidence("reported"))])
        >>> q = p.read("wider")
        >>> sorted(q.stance("pace").accept.levels), q.status, q.readings
        (['fast', 'medium'], 'reported', ())
        """
        chosen = []
        for rid in reading_ids:
            try:
                chosen.append(self.reading(rid))
            except KeyError:
                known = ", ".join(r.id for r in self.readings) or "none"
                msg = f"position {self.id!r} has no reading {rid!r} (known: {known})"
                raise ModelError(msg) from None
        return attrs.evolve(self, readings=())._apply(chosen)

    def _apply(self, chosen: Sequence[Reading]) -> Position:
        paths = [r.path for r in chosen]
        if len(set(paths)) != len(paths):
            msg = f"position {self.id!r}: choose at most one reading per claim (got {paths!r})"
            raise ModelError(msg)
        base = self._explicit()
        stances = {s.issue.id: s for s in base.stances}
        reservation, reservation_evidence = base.reservation, base.reservation_evidence
        try:
            for r in chosen:
                ev = r.evidence
                if ev.source is None:
                    ev = attrs.evolve(ev, source=self.source, locator=ev.locator or self.locator)
                if r.kind == "reservation":
                    reservation, reservation_evidence = r.value, ev
                    continue
                assert r.issue is not None
                stances[r.issue] = attrs.evolve(
                    stances[r.issue], **{r.kind: r.value, f"{r.kind}_evidence": ev}
                )
            return attrs.evolve(
                base,
                stances=list(stances.values()),
                reservation=reservation,
                reservation_evidence=reservation_evidence,
                readings=(),
                status=None,
            )
        except ModelError as err:
            names = ", ".join(f"{r.id!r} ({r.path})" for r in chosen)
            what = "the reading" if len(chosen) == 1 else "the readings"
            fit = "does not fit" if len(chosen) == 1 else "do not fit together"
            msg = f"position {self.id!r}: {what} {names} {fit}: {err}"
            raise ModelError(msg) from None

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


def _reading_groups(readings: Sequence[Reading]) -> list[list[Reading]]:
    """The readings grouped by the claim they replace, in order."""
    groups: dict[str, list[Reading]] = {}
    for r in readings:
        groups.setdefault(r.path, []).append(r)
    return list(groups.values())


@attrs.frozen
class Term:
    """One issue's value in an offer.

    Examples
    --------
    >>> from positions import Term, ScaleIssue
    >>> Term(ScaleIssue("price", low=0, high=10), 4).value
    4.0
    """

    issue: Issue = attrs.field(validator=_instance_of(_ISSUE_CLASSES))
    value: Value

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "value", self.issue.check_value(self.value))


def _terms(value: Iterable[Term] | Mapping[Issue, object]) -> tuple[Term, ...]:
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, _ISSUE_CLASSES):
                msg = (
                    "Offer.terms maps issues to values: its keys must be issue objects, not ids "
                    f"(got {_describe(key)}); write {{case.issue({key!r}): value}} or "
                    "[Term(issue, value)]"
                )
                raise ModelError(msg)
        return tuple(Term(issue, v) for issue, v in value.items())  # type: ignore[arg-type]
    return _tuple_of(Term, "Offer.terms")(value)


@attrs.frozen
class Offer:
    """An outcome on the table: a value for some or all issues (issues left
    out are open), with its proposer, date and source.

    ``proposer`` is ``None`` for a package the analyst constructs.

    Examples
    --------
    >>> from positions import Offer, ScaleIssue
    >>> price = ScaleIssue("price", low=0, high=10)
    >>> Offer("o1", terms={price: 4}).value("price")
    4.0
    """

    id: str = attrs.field(validator=_id)
    terms: tuple[Term, ...] = attrs.field(converter=_terms)
    proposer: Party | None = attrs.field(
        default=None, validator=_instance_of(Party, optional=True)
    )
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    label: str = ""
    status: Status = attrs.field(default="stated", validator=_one_of(STATUSES))
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""
    # Issue id to term, and the ids in order: finding a term costs the same
    # with eighty issues as with two.
    _term_by_id: dict[str, Term] = attrs.field(init=False, repr=False, eq=False)
    _issue_ids: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.terms:
            msg = f"offer {self.id!r} must settle at least one issue"
            raise ModelError(msg)
        ids = [t.issue.id for t in self.terms]
        by_id = {t.issue.id: t for t in self.terms}
        if len(by_id) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            msg = f"offer {self.id!r} gives issues more than once: {dupes!r}"
            raise ModelError(msg)
        object.__setattr__(self, "_term_by_id", by_id)
        object.__setattr__(self, "_issue_ids", tuple(ids))

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """The ids of the issues the offer settles."""
        return self._issue_ids

    def settles(self, issue_id: str) -> bool:
        """Whether the offer settles issue ``issue_id``, in constant time.

        Examples
        --------
        >>> import positions
        >>> offer = positions.load_case("harbour").offer("lease-only")
        >>> offer.settles("berths"), offer.settles("years")
        (True, False)
        """
        return issue_id in self._term_by_id

    def term(self, issue_id: str) -> Term | None:
        """The term for ``issue_id``, or ``None`` if the offer leaves it open."""
        try:
            return self._term_by_id.get(issue_id)
        except TypeError:  # not a string, so no issue's id
            return None

    def __repr__(self) -> str:
        """One line: the id, the proposer, the date, the status and the
        number of terms."""
        by = f" by {self.proposer.id}" if self.proposer is not None else ""
        date = self.date.isoformat() if self.date else "undated"
        terms = counted(len(self.terms), "term", "terms")
        return f"<Offer {self.id!r}{by}, {date}, {self.status}: {terms}>"

    def _repr_html_(self) -> str:
        """The offer as a table, one row per term (for notebooks)."""
        by = f" by {self.proposer.name}" if self.proposer is not None else ""
        date = self.date.isoformat() if self.date else "undated"
        return html_table(
            f"Offer {self.id}{by} ({date}, {self.status})",
            ("issue", "term"),
            [(t.issue.id, t.issue.format_value(t.value)) for t in self.terms],
        )

    def value(self, issue_id: str) -> Value:
        """The offer's value on an issue; :class:`KeyError` if it is open."""
        t = self.term(issue_id)
        if t is None:
            raise KeyError(issue_id)
        return t.value


def _parties(x: Iterable[Party]) -> tuple[Party, ...]:
    return _tuple_of(Party, "parties")(x)


def _issues(x: Iterable[Issue]) -> tuple[Issue, ...]:
    return _tuple_of(_ISSUE_CLASSES, "issues")(x)


def _sources(x: Iterable[Source]) -> tuple[Source, ...]:
    return _tuple_of(Source, "sources")(x)


def _positions(x: Iterable[Position]) -> tuple[Position, ...]:
    return _tuple_of(Position, "positions")(x)


def _offers(x: Iterable[Offer]) -> tuple[Offer, ...]:
    return _tuple_of(Offer, "offers")(x)


def _events(x: Iterable[Event]) -> tuple[Event, ...]:
    return _tuple_of(Event, "events")(x)


def _strings(x: Iterable[str]) -> tuple[str, ...]:
    return tuple(x)


@attrs.frozen
class Event:
    """A dated event of the case: a summit, a declaration, a sanction.

    Examples
    --------
    >>> from positions import Event
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
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        if not self.label.strip():
            msg = f"event {self.id!r}: label must not be empty"
            raise ModelError(msg)


#: What became of an issue, or of the whole negotiation.
OutcomeStatus: TypeAlias = Literal["agreed", "no-agreement", "open"]
#: ``agreed`` (settled at a value), ``no-agreement`` (the talks ended, or
#: the deadline passed, without one) and ``open`` (still under negotiation
#: when the case was written).
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = ("agreed", "no-agreement", "open")
#: What a reference point is: the state of affairs the parties negotiate
#: from (``status-quo``) or what happens if they fail to agree
#: (``reversion``).
ReferenceKind: TypeAlias = Literal["status-quo", "reversion"]
REFERENCE_KINDS: tuple[ReferenceKind, ...] = ("status-quo", "reversion")


@attrs.frozen
class Outcome:
    """What was decided: on one issue, or (``issue`` None) on the whole
    negotiation, with its date and source.

    ``value`` is the value agreed, given exactly when an issue's status is
    ``agreed``; an outcome of the whole negotiation has no value (the
    issues' own outcomes hold them). An issue with no outcome of its own
    takes the whole negotiation's status when that is ``no-agreement`` or
    ``open`` (see :meth:`Case.outcome`).

    Examples
    --------
    >>> from positions import Outcome, ScaleIssue
    >>> import datetime
    >>> tariff = ScaleIssue("tariff", low=0, high=20)
    >>> Outcome("agreed", issue=tariff, value=7.5, date=datetime.date(2019, 3, 1)).value
    7.5
    >>> Outcome("no-agreement").issue is None
    True
    """

    status: OutcomeStatus = attrs.field(validator=_one_of(OUTCOME_STATUSES))
    issue: Issue | None = attrs.field(
        default=None, validator=_instance_of(_ISSUE_CLASSES, optional=True)
    )
    value: Value | None = None
    date: dt.date | None = attrs.field(default=None, validator=_optional_date)
    date_precision: Precision = attrs.field(default="day", validator=_one_of(PRECISIONS))
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        where = f"outcome of issue {self.issue.id!r}" if self.issue else "outcome of the case"
        if self.issue is None:
            if self.value is not None:
                msg = f"{where}: a value needs an issue (give each issue's outcome its own value)"
                raise ModelError(msg)
            if self.status == "agreed":
                msg = f"{where}: 'agreed' is said of issues, each with its value"
                raise ModelError(msg)
            return
        if (self.value is None) == (self.status == "agreed"):
            need = "needs the value agreed" if self.value is None else "has no value"
            msg = f"{where}: an outcome {self.status!r} {need}"
            raise ModelError(msg)
        if self.value is not None:
            object.__setattr__(self, "value", self.issue.check_value(self.value))

    @property
    def decided(self) -> bool:
        """Whether the outcome is known (agreed, or ended without agreement)."""
        return self.status != "open"

    def __repr__(self) -> str:
        """One line: the issue, the status, the value and the date."""
        of = f"issue {self.issue.id!r}" if self.issue is not None else "the case"
        value = ""
        if self.issue is not None and self.value is not None:
            value = f" at {self.issue.format_value(self.value)}"
        date = self.date.isoformat() if self.date else "undated"
        return f"<Outcome of {of}: {self.status}{value}, {date}>"


@attrs.frozen
class ReferencePoint:
    """An issue's reference point: the status quo the parties negotiate
    from, or the reversion point that holds if they do not agree, with how
    it is known.

    The status-quo baseline of a forecast predicts this value
    (:func:`positions.predict` with ``"reference"``).

    Examples
    --------
    >>> from positions import ReferencePoint, ScaleIssue
    >>> tariff = ScaleIssue("tariff", low=0, high=20)
    >>> ReferencePoint(tariff, 12).value, ReferencePoint(tariff, 12).kind
    (12.0, 'status-quo')
    """

    issue: Issue = attrs.field(validator=_instance_of(_ISSUE_CLASSES))
    value: Value
    kind: ReferenceKind = attrs.field(default="status-quo", validator=_one_of(REFERENCE_KINDS))
    status: Status = attrs.field(default="stated", validator=_one_of(STATUSES))
    source: Source | None = attrs.field(
        default=None, validator=_instance_of(Source, optional=True)
    )
    locator: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check_text(self)
        object.__setattr__(self, "value", self.issue.check_value(self.value))

    def __repr__(self) -> str:
        """One line: the issue, the kind, the value and how it is known."""
        value = self.issue.format_value(self.value)
        return f"<ReferencePoint of issue {self.issue.id!r}: {self.kind} {value}, {self.status}>"


def _outcomes(x: Iterable[Outcome]) -> tuple[Outcome, ...]:
    return _tuple_of(Outcome, "outcomes")(x)


def _references(x: Iterable[ReferencePoint]) -> tuple[ReferencePoint, ...]:
    return _tuple_of(ReferencePoint, "references")(x)


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
    outcomes: tuple[Outcome, ...] = attrs.field(default=(), converter=_outcomes)
    references: tuple[ReferencePoint, ...] = attrs.field(default=(), converter=_references)
    # Kind to id to object, so that finding one costs the same in a case of
    # thousands as in a case of two.
    _by_kind: dict[str, dict[str, Any]] = attrs.field(init=False, repr=False, eq=False)

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
        object.__setattr__(
            self,
            "_by_kind",
            {
                "issue": issues,
                "party": parties,
                "position": _by_id(self.positions),
                "offer": _by_id(self.offers),
            },
        )
        for p in self.positions:
            self._check_refs(f"position {p.id!r}", p.party, p.source, parties, sources)
            cited = [s.evidence(k) for s in p.stances for k in ("ideal", "accept", "salience")]
            cited += [p.reservation_evidence, *(r.evidence for r in p.readings)]
            for ev in cited:
                if ev is not None:
                    self._check_refs(f"position {p.id!r}", None, ev.source, parties, sources)
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
        self._check_outcomes(issues, sources)

    def _check_outcomes(self, issues: Mapping[str, Issue], sources: Mapping[str, Source]) -> None:
        decided: dict[str | None, Outcome] = {}
        for o in self.outcomes:
            key = o.issue.id if o.issue is not None else None
            what = f"outcome of issue {key!r}" if key is not None else "outcome of the case"
            self._check_refs(what, None, o.source, {}, sources)
            if o.issue is not None and not _has(issues, o.issue):
                raise ModelError(f"{what}: issue {key!r} is not in the case")
            if key in decided:
                raise ModelError(f"case {self.id!r}: the {what} is given twice")
            decided[key] = o
        seen: set[str] = set()
        for r in self.references:
            what = f"reference point of issue {r.issue.id!r}"
            self._check_refs(what, None, r.source, {}, sources)
            if not _has(issues, r.issue):
                raise ModelError(f"{what}: issue {r.issue.id!r} is not in the case")
            if r.issue.id in seen:
                raise ModelError(f"case {self.id!r}: the {what} is given twice")
            seen.add(r.issue.id)

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
        found: Issue = self._find("issue", issue_id)
        return found

    def party(self, party_id: str) -> Party:
        """The party with this id; :class:`KeyError` if none."""
        found: Party = self._find("party", party_id)
        return found

    def summary(self) -> str:
        """How many of each kind of object the case holds.

        Examples
        --------
        >>> import positions
        >>> positions.load_case("harbour").summary()
        '3 issues, 2 parties, 2 positions, 2 offers, 0 events, 1 source'
        """
        counts = (
            (self.issues, "issue", "issues"),
            (self.parties, "party", "parties"),
            (self.positions, "position", "positions"),
            (self.offers, "offer", "offers"),
            (self.events, "event", "events"),
            (self.sources, "source", "sources"),
        )
        return ", ".join(counted(len(xs), one, many) for xs, one, many in counts)

    def __repr__(self) -> str:
        """One line: the id and :meth:`summary` (the whole case is in its
        attributes, and ``positions.dumps_case`` writes it out)."""
        return f"<Case {self.id!r}: {self.summary()}>"

    def _repr_html_(self) -> str:
        """The case as a table of its positions and one of its offers (for
        notebooks)."""
        positions = html_table(
            f"Case {self.id}: {self.title} ({self.summary()})",
            ("position", "party", "date", "status", "issues"),
            [
                (p.id, p.party.id, p.date.isoformat() if p.date else "", p.status, len(p.stances))
                for p in self.positions
            ],
        )
        offers = html_table(
            "offers",
            ("offer", "proposer", "date", "status", "terms"),
            [
                (
                    o.id,
                    o.proposer.id if o.proposer is not None else "",
                    o.date.isoformat() if o.date else "",
                    o.status,
                    len(o.terms),
                )
                for o in self.offers
            ],
        )
        return positions + offers

    def replace(self, *objects: Position | Offer | Event, **fields: Any) -> Case:
        """The case with some positions, offers or events replaced by others
        of the same id, and any other fields changed (as
        :func:`attrs.evolve`, validated again).

        Examples
        --------
        >>> import positions
        >>> case = positions.load_case("harbour")
        >>> city = case.position("city-2024")
        >>> changed = case.replace(city.with_salience("berths", 9), title="What if")
        >>> changed.position("city-2024").stance("berths").salience, changed.title
        (9.0, 'What if')
        >>> case.position("city-2024").stance("berths").salience == city.stance("berths").salience
        True
        """
        sections: dict[str, dict[str, Any]] = {"positions": {}, "offers": {}, "events": {}}
        for obj in objects:
            section = {Position: "positions", Offer: "offers", Event: "events"}.get(type(obj))
            if section is None:
                msg = (
                    "Case.replace takes positions, offers and events by position "
                    f"(got {type(obj).__name__}); give other fields by name"
                )
                raise ModelError(msg)
            sections[section][obj.id] = obj
        for section, new in sections.items():
            if not new:
                continue
            if section in fields:
                msg = f"Case.replace: give {section} by name or replace some of them, not both"
                raise ModelError(msg)
            old = getattr(self, section)
            unknown = sorted(set(new) - {o.id for o in old})
            if unknown:
                msg = f"the case has no {section[:-1]} {', '.join(map(repr, unknown))} to replace"
                raise ModelError(msg)
            fields[section] = [new.get(o.id, o) for o in old]
        try:
            return attrs.evolve(self, **fields)
        except TypeError as err:
            raise ModelError(f"Case.replace: {err}") from None

    def position(self, position_id: str) -> Position:
        """The position with this id; :class:`KeyError` if none."""
        found: Position = self._find("position", position_id)
        return found

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id; :class:`KeyError` if none."""
        found: Offer = self._find("offer", offer_id)
        return found

    def _find(self, kind: str, key: str) -> Any:
        try:
            return self._by_kind[kind][key]
        except (KeyError, TypeError):
            msg = f"case {self.id!r} has no {kind} {key!r}"
            raise KeyError(msg) from None

    def outcome(self, issue_id: str | None = None) -> Outcome | None:
        """What was decided on ``issue_id`` (or, with None, on the whole
        negotiation), or None if the case does not say.

        An issue without an outcome of its own takes the whole
        negotiation's when that is ``no-agreement`` or ``open``: talks that
        ended without agreement settled none of their issues.

        Examples
        --------
        >>> import positions
        >>> rent = positions.ScaleIssue("rent", low=0, high=10)
        >>> term = positions.ScaleIssue("term", low=1, high=9)
        >>> case = positions.Case("lease", title="A lease", issues=[rent, term], parties=[],
        ...     outcomes=[positions.Outcome("no-agreement"),
        ...               positions.Outcome("agreed", issue=rent, value=6)])
        >>> case.outcome().status, case.outcome("rent").value, case.outcome("term").status
        ('no-agreement', 6.0, 'no-agreement')
        """
        whole = None
        for o in self.outcomes:
            key = o.issue.id if o.issue is not None else None
            if key == issue_id:
                return o
            if key is None:
                whole = o
        if issue_id is not None and issue_id not in self._by_kind["issue"]:
            msg = f"case {self.id!r} has no issue {issue_id!r}"
            raise KeyError(msg)
        return whole

    def reference(self, issue_id: str) -> ReferencePoint | None:
        """The reference point of ``issue_id``, or None if the case gives none.

        Examples
        --------
        >>> import positions
        >>> rent = positions.ScaleIssue("rent", low=0, high=10)
        >>> case = positions.Case("lease", title="A lease", issues=[rent], parties=[],
        ...     references=[positions.ReferencePoint(rent, 4)])
        >>> case.reference("rent")
        <ReferencePoint of issue 'rent': status-quo 4, stated>
        """
        self.issue(issue_id)
        for r in self.references:
            if r.issue.id == issue_id:
                return r
        return None

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
