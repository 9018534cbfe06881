"""Reading and writing case files (TOML; the format is documented in
``docs/reference/case-file.md``).

Reading goes in three steps, each collecting every problem it finds with
its place in the file before anything is returned:

1. ``tomllib`` parses the text (a syntax error names its line and column);
2. cattrs structures the plain data into the file's schema (wrong types,
   missing and unknown keys, with paths such as ``positions[3].salience``);
3. the schema is resolved into the model (references, domains, red lines),
   where each object's own validation speaks.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import cattrs.cols
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from positions import _toml
from positions._issues import (
    _ID,
    AcceptableSet,
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
from positions._limits import IN_RANGE, expected_number, shown
from positions._model import (
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
from positions._output import write_file
from positions.exceptions import CaseFileError, ModelError, Problem
from positions.formats import Format

__all__ = [
    "bundled_cases",
    "default_case",
    "dump_case",
    "dumps_case",
    "load_case",
    "loads_case",
]

FILE_FORMAT = 1

# ---------------------------------------------------------------------------
# The file's schema: plain attrs classes that cattrs structures strictly.


@attrs.define
class _CaseDoc:
    id: str
    title: str
    description: str = ""
    format: int = FILE_FORMAT
    agreement_issues: list[str] = attrs.Factory(list)


@attrs.define
class _SourceDoc:
    id: str
    title: str
    date: str = ""
    author: str = ""
    publisher: str = ""
    url: str = ""
    note: str = ""
    accessed: str = ""


@attrs.define
class _PartyDoc:
    id: str
    name: str
    note: str = ""
    capability: float | None = None


@attrs.define
class _ItemDoc:
    id: str
    label: str = ""
    divisible: bool = False
    measures: dict[str, float] = attrs.Factory(dict)
    source: str = ""


@attrs.define
class _IssueDoc:
    id: str
    kind: Literal["scale", "ordinal", "categorical", "items"]
    label: str = ""
    description: str = ""
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    levels: list[str] | None = None
    measures: dict[str, str] | None = None
    default_measure: str | None = None
    items: list[_ItemDoc] | None = None


@attrs.define
class _JudgementDoc:
    salience: str = ""
    reservation: str = ""
    accept: str = ""


Precision = Literal["day", "month", "year"]
StatusDoc = Literal["stated", "reported", "inferred"]


@attrs.define
class _EvidenceDoc:
    status: StatusDoc
    source: str | None = None
    locator: str = ""
    note: str = ""


@attrs.define
class _ReadingDoc:
    id: str
    claim: str
    value: Any
    status: StatusDoc
    source: str | None = None
    locator: str = ""
    note: str = ""
    label: str = ""


@attrs.define
class _PositionDoc:
    id: str
    party: str
    date: dt.date
    source: str
    ideal: dict[str, Any]
    status: StatusDoc | None = None
    date_precision: Precision = "day"
    label: str = ""
    locator: str = ""
    note: str = ""
    accept: dict[str, Any] = attrs.Factory(dict)
    salience: dict[str, float] | None = None
    reservation: float | None = None
    values: dict[str, dict[str, float]] = attrs.Factory(dict)
    judgement: _JudgementDoc = attrs.Factory(_JudgementDoc)
    discount_factor: float | None = None
    evidence: dict[str, dict[str, Any]] = attrs.Factory(dict)
    readings: list[_ReadingDoc] = attrs.Factory(list)
    salience_range: dict[str, list[float]] = attrs.Factory(dict)


@attrs.define
class _OfferDoc:
    id: str
    date: dt.date
    status: StatusDoc
    source: str
    terms: dict[str, Any]
    proposer: str | None = None
    date_precision: Precision = "day"
    label: str = ""
    locator: str = ""
    note: str = ""


@attrs.define
class _EventDoc:
    id: str
    date: dt.date
    label: str
    source: str
    date_precision: Precision = "day"
    parties: list[str] = attrs.Factory(list)
    issues: list[str] = attrs.Factory(list)
    locator: str = ""
    note: str = ""


@attrs.define
class _OutcomeDoc:
    status: Literal["agreed", "no-agreement", "open"]
    source: str
    issue: str | None = None
    value: Any = None
    date: dt.date | None = None
    date_precision: Precision = "day"
    locator: str = ""
    note: str = ""


@attrs.define
class _ReferenceDoc:
    issue: str
    value: Any
    source: str
    kind: Literal["status-quo", "reversion"] = "status-quo"
    status: StatusDoc = "stated"
    locator: str = ""
    note: str = ""


@attrs.define
class _FileDoc:
    case: _CaseDoc
    issues: list[_IssueDoc]
    parties: list[_PartyDoc]
    sources: list[_SourceDoc] = attrs.Factory(list)
    positions: list[_PositionDoc] = attrs.Factory(list)
    offers: list[_OfferDoc] = attrs.Factory(list)
    events: list[_EventDoc] = attrs.Factory(list)
    outcomes: list[_OutcomeDoc] = attrs.Factory(list)
    references: list[_ReferenceDoc] = attrs.Factory(list)


class _TypeProblem(ValueError):
    """A value of the wrong type, with a message for the reader."""


def _strict(kind: str, check: Callable[[Any], bool]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        if not check(value):
            raise _TypeProblem(f"expected {kind} (got {shown(value)})")
        return value

    return hook


def _number(value: Any, _: Any) -> float:
    expected = expected_number(value)
    if expected is not None:
        raise _TypeProblem(f"expected {expected} (got {shown(value)})")
    return float(value)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict("a string", lambda v: isinstance(v, str)))
    conv.register_structure_hook(bool, _strict("true or false", lambda v: isinstance(v, bool)))
    conv.register_structure_hook(
        int, _strict("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool))
    )
    conv.register_structure_hook(float, _number)
    conv.register_structure_hook(
        dt.date,
        _strict(
            "a date such as 2018-11-14 (unquoted)",
            lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
        ),
    )
    conv.register_structure_hook(Any, lambda v, _: v)

    def guarded(
        pytype: type, label: str, make_inner: Callable[[Any], Callable[[Any, Any], Any]]
    ) -> Callable[[Any], Callable[[Any, Any], Any]]:
        """A hook factory that refuses anything but ``pytype`` (cattrs would
        iterate a string as a list) before structuring as usual."""

        def factory(type_: Any) -> Callable[[Any, Any], Any]:
            inner = make_inner(type_)

            def hook(value: Any, t: Any) -> Any:
                if not isinstance(value, pytype):
                    raise _TypeProblem(f"expected {label} (got {shown(value)})")
                return inner(value, t)

            return hook

        return factory

    def origin_is(kind: object) -> Callable[[Any], bool]:
        return lambda t: getattr(t, "__origin__", None) is kind

    conv.register_structure_hook_factory(
        origin_is(list),
        guarded(list, "a list", lambda t: cattrs.cols.list_structure_factory(t, conv)),
    )
    conv.register_structure_hook_factory(
        origin_is(dict), guarded(dict, "a table", conv.gen_structure_mapping)
    )

    def one_of(type_: Any) -> Callable[[Any, Any], Any]:
        choices = get_args(type_)

        def hook(value: Any, _: Any) -> Any:
            if value not in choices or not isinstance(value, str):
                raise _TypeProblem(f"must be one of {list(choices)!r} (got {shown(value)})")
            return value

        return hook

    conv.register_structure_hook_factory(origin_is(Literal), one_of)
    return conv


_CONVERTER = _make_converter()

_KEY = re.compile(r"\['((?:[^'\\]|\\.)*)'\]")


def _schema_problems(err: BaseException) -> list[Problem]:
    problems = []
    for line in cattrs.transform_error(err, path="$", format_exception=_format_exception):
        message, _, where = line.rpartition(" @ ")
        where = _KEY.sub(r".\1", where).removeprefix("$").removeprefix(".")
        problems.append(Problem(where, message))
    return problems


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, _TypeProblem):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown keys {sorted(exc.extra_fields)!r}"
    if isinstance(exc, TypeError | AttributeError):
        return f"expected {_describe(type_)} here"
    return f"invalid value ({exc})"


def _describe(type_: Any) -> str:
    """A reader's name for a schema type: 'a table', 'a number', ..."""
    origin = get_origin(type_)
    if origin is dict or attrs.has(type_):
        return "a table"
    if origin is list:
        return "a list"
    if origin in (Union, UnionType):
        return " or ".join(_describe(t) for t in get_args(type_) if t is not type(None))
    names = {
        str: "a string",
        float: "a number",
        int: "an integer",
        bool: "true or false",
        dt.date: "a date",
    }
    return names.get(type_, getattr(type_, "__name__", str(type_)))


# ---------------------------------------------------------------------------
# From the schema to the model.


class _Broken(Exception):
    """A reference to an object that was declared but is itself invalid: its
    own problem is reported already, so the reference adds none."""


class _Collector:
    """Collects problems with their place in the file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.broken: set[tuple[str, str]] = set()

    @contextmanager
    def at(self, where: str) -> Iterator[None]:
        try:
            yield
        except ModelError as err:
            self.problems.append(Problem(where, str(err)))
        except KeyError as err:
            self.problems.append(Problem(where, str(err.args[0])))
        except _Broken:
            pass


_T = TypeVar("_T")


def _lookup(table: Mapping[str, _T], kind: str, key: str, broken: set[tuple[str, str]]) -> _T:
    try:
        return table[key]
    except KeyError:
        if (kind, key) in broken:
            raise _Broken from None
        names = sorted(table)
        known = ", ".join(names[:20]) + (f", ... ({len(names) - 20:,} more)" if names[20:] else "")
        msg = f"unknown {kind} {shown(key)} (known: {known or 'none'})"
        raise KeyError(msg) from None


def _build_issue(doc: _IssueDoc) -> Issue:
    allowed = {
        "scale": {"low", "high", "unit"},
        "ordinal": {"levels"},
        "categorical": {"levels"},
        "items": {"measures", "default_measure", "items"},
    }[doc.kind]
    extra = sorted(
        k
        for k in ("low", "high", "unit", "levels", "measures", "default_measure", "items")
        if getattr(doc, k) is not None and k not in allowed
    )
    if extra:
        msg = f"keys {extra!r} do not belong to a {doc.kind} issue"
        raise ModelError(msg)
    if doc.kind == "scale":
        if doc.low is None or doc.high is None:
            raise ModelError("a scale issue needs 'low' and 'high'")
        return ScaleIssue(
            doc.id,
            doc.low,
            doc.high,
            unit=doc.unit or "",
            label=doc.label,
            description=doc.description,
        )
    if doc.kind in ("ordinal", "categorical"):
        if doc.levels is None:
            raise ModelError(f"an {doc.kind} issue needs 'levels'")
        cls = OrdinalIssue if doc.kind == "ordinal" else CategoricalIssue
        return cls(doc.id, tuple(doc.levels), label=doc.label, description=doc.description)
    if not doc.items:
        raise ModelError("an items issue needs at least one [[issues.items]] table")
    items = tuple(
        Item(i.id, measures=i.measures, divisible=i.divisible, label=i.label, source=i.source)
        for i in doc.items
    )
    return ItemsIssue(
        doc.id,
        items=items,
        measures=doc.measures or {},
        default_measure=doc.default_measure or "count",
        label=doc.label,
        description=doc.description,
    )


def _resolve(doc: _FileDoc, errors: _Collector) -> Case | None:
    sources: dict[str, Source] = {}
    errors.broken.update(("source", s.id) for s in doc.sources)
    errors.broken.update(("party", p.id) for p in doc.parties)
    errors.broken.update(("issue", i.id) for i in doc.issues)
    for n, s in enumerate(doc.sources):
        with errors.at(f"sources[{n}]"):
            sources[s.id] = Source(
                s.id,
                title=s.title,
                date=s.date,
                author=s.author,
                publisher=s.publisher,
                url=s.url,
                note=s.note,
                accessed=s.accessed,
            )
    parties: dict[str, Party] = {}
    for n, p in enumerate(doc.parties):
        with errors.at(f"parties[{n}]"):
            parties[p.id] = Party(p.id, name=p.name, note=p.note, capability=p.capability)
    issues: dict[str, Issue] = {}
    for n, i in enumerate(doc.issues):
        with errors.at(f"issues[{n}]"):
            issue = _build_issue(i)
            for k, item in enumerate(i.items or ()):
                if item.source:
                    with errors.at(f"issues[{n}].items[{k}].source"):
                        _lookup(sources, "source", item.source, errors.broken)
            issues[issue.id] = issue

    positions = [
        _build_position(n, p, parties, sources, issues, errors)
        for n, p in enumerate(doc.positions)
    ]
    offers = [
        _build_offer(n, o, parties, sources, issues, errors) for n, o in enumerate(doc.offers)
    ]
    events = []
    for n, e in enumerate(doc.events):
        where = f"events[{n}]"
        refs: dict[str, Any] = {}
        with errors.at(f"{where}.source"):
            refs["source"] = _lookup(sources, "source", e.source, errors.broken)
        refs["parties"] = []
        for k, pid in enumerate(e.parties):
            with errors.at(f"{where}.parties[{k}]"):
                refs["parties"].append(_lookup(parties, "party", pid, errors.broken))
        refs["issues"] = []
        for k, iid in enumerate(e.issues):
            with errors.at(f"{where}.issues[{k}]"):
                refs["issues"].append(_lookup(issues, "issue", iid, errors.broken))
        with errors.at(where):
            if "source" in refs:
                events.append(
                    Event(
                        e.id,
                        date=e.date,
                        label=e.label,
                        date_precision=e.date_precision,
                        parties=refs["parties"],
                        issues=refs["issues"],
                        source=refs["source"],
                        locator=e.locator,
                        note=e.note,
                    )
                )
    for k, issue_id in enumerate(doc.case.agreement_issues):
        with errors.at(f"case.agreement_issues[{k}]"):
            _lookup(issues, "issue", issue_id, errors.broken)
    outcomes = [_build_outcome(n, o, sources, issues, errors) for n, o in enumerate(doc.outcomes)]
    references = [
        _build_reference(n, r, sources, issues, errors) for n, r in enumerate(doc.references)
    ]
    if errors.problems:
        return None
    with errors.at("case"):
        return Case(
            doc.case.id,
            title=doc.case.title,
            description=doc.case.description,
            agreement_issues=doc.case.agreement_issues,
            issues=tuple(issues.values()),
            parties=tuple(parties.values()),
            sources=tuple(sources.values()),
            positions=positions,
            offers=offers,
            events=events,
            outcomes=outcomes,
            references=references,
        )
    return None


def _build_outcome(
    n: int,
    o: _OutcomeDoc,
    sources: Mapping[str, Source],
    issues: Mapping[str, Issue],
    errors: _Collector,
) -> Outcome:
    where = f"outcomes[{n}]"
    issue = source = None
    with errors.at(f"{where}.source"):
        source = _lookup(sources, "source", o.source, errors.broken)
    if o.issue is not None:
        with errors.at(f"{where}.issue"):
            issue = _lookup(issues, "issue", o.issue, errors.broken)
    # A reference that failed (or names a broken object) leaves its None.
    if source is None or (o.issue is not None and issue is None):
        return None  # type: ignore[return-value]  # never returned: the case fails
    with errors.at(where):
        return Outcome(
            o.status,
            issue=issue,
            value=o.value,
            date=o.date,
            date_precision=o.date_precision,
            source=source,
            locator=o.locator,
            note=o.note,
        )
    return None


def _build_reference(
    n: int,
    r: _ReferenceDoc,
    sources: Mapping[str, Source],
    issues: Mapping[str, Issue],
    errors: _Collector,
) -> ReferencePoint:
    where = f"references[{n}]"
    issue = source = None
    with errors.at(f"{where}.source"):
        source = _lookup(sources, "source", r.source, errors.broken)
    with errors.at(f"{where}.issue"):
        issue = _lookup(issues, "issue", r.issue, errors.broken)
    if source is None or issue is None:
        return None  # never returned: the case fails
    with errors.at(f"{where}.value"):
        return ReferencePoint(
            issue,
            r.value,
            kind=r.kind,
            status=r.status,
            source=source,
            locator=r.locator,
            note=r.note,
        )
    return None


def _build_position(
    n: int,
    p: _PositionDoc,
    parties: Mapping[str, Party],
    sources: Mapping[str, Source],
    issues: Mapping[str, Issue],
    errors: _Collector,
) -> Position:
    where = f"positions[{n}]"
    before = len(errors.problems)
    party = source = None
    with errors.at(f"{where}.party"):
        party = _lookup(parties, "party", p.party, errors.broken)
    with errors.at(f"{where}.source"):
        source = _lookup(sources, "source", p.source, errors.broken)
    for key in ("accept", "values", "salience_range") + (
        ("salience",) if p.salience is not None else ()
    ):
        table = getattr(p, key)
        for issue_id in table:
            if issue_id not in p.ideal:
                errors.problems.append(
                    Problem(
                        f"{where}.{key}.{issue_id}",
                        "this issue has no ideal in the position (every issue the position "
                        "addresses needs an ideal)",
                    )
                )
    if p.salience is not None:
        missing = [i for i in p.ideal if i not in p.salience]
        if missing:
            errors.problems.append(
                Problem(
                    f"{where}.salience",
                    "when saliences are given, every addressed issue needs one "
                    f"(missing {missing!r})",
                )
            )
    evidence = _claim_evidence(p, where, sources, errors)
    readings = [_build_reading(p, where, k, r, sources, errors) for k, r in enumerate(p.readings)]
    stances = []
    for issue_id, ideal in p.ideal.items():
        with errors.at(f"{where}.ideal.{issue_id}"):
            issue = _lookup(issues, "issue", issue_id, errors.broken)
        if issue_id not in issues:
            continue
        kwargs: dict[str, Any] = {}
        if p.salience is not None and issue_id in p.salience:
            kwargs["salience"] = p.salience[issue_id]
            if kwargs["salience"] < 0:
                errors.problems.append(
                    Problem(
                        f"{where}.salience.{issue_id}",
                        f"salience must be >= 0 (got {kwargs['salience']!r})",
                    )
                )
                continue
        ok = True
        with errors.at(f"{where}.ideal.{issue_id}"):
            kwargs["ideal"] = issue.check_value(ideal)
        if "ideal" not in kwargs:
            continue
        if issue_id in p.accept:
            ok = False
            with errors.at(f"{where}.accept.{issue_id}"):
                kwargs["accept"] = issue.check_set(p.accept[issue_id])
                ok = True
        if issue_id in p.values:
            kwargs["values"] = p.values[issue_id]
        for kind in ("ideal", "accept", "salience"):
            if (kind, issue_id) in evidence:
                kwargs[f"{kind}_evidence"] = evidence[kind, issue_id]
        if issue_id in p.salience_range:
            bounds = p.salience_range[issue_id]
            if len(bounds) != 2:
                errors.problems.append(
                    Problem(
                        f"{where}.salience_range.{issue_id}",
                        f"a salience range is [low, high] (got {bounds!r})",
                    )
                )
                continue
            ok = False
            with errors.at(f"{where}.salience_range.{issue_id}"):
                kwargs["salience_range"] = Interval(*bounds)
                ok = True
        if ok:
            place = (
                f"{where}.values.{issue_id}"
                if "values" in kwargs
                else f"{where}.salience_range.{issue_id}"
                if "salience_range" in kwargs
                else f"{where}.accept.{issue_id}"
            )
            with errors.at(place):
                stances.append(Stance(issue, **kwargs))
    if p.reservation is not None and not 0 <= p.reservation <= 1:
        errors.problems.append(
            Problem(
                f"{where}.reservation", f"reservation must lie in [0, 1] (got {p.reservation!r})"
            )
        )
    if ("reservation", None) in evidence and p.reservation is None:
        errors.problems.append(
            Problem(f"{where}.evidence.reservation", "the position gives no reservation level")
        )
    if len(errors.problems) > before or party is None:
        return None  # type: ignore[return-value]  # never returned: the case fails
    j = p.judgement
    base = None
    with errors.at(where):
        base = Position(
            p.id,
            party=party,
            stances=stances,
            reservation=p.reservation,
            date=p.date,
            date_precision=p.date_precision,
            label=p.label,
            status=p.status,
            source=source,
            locator=p.locator,
            note=p.note,
            judgement=Judgement(salience=j.salience, reservation=j.reservation, accept=j.accept),
            discount_factor=p.discount_factor,
            reservation_evidence=evidence.get(("reservation", None)),
        )
    if base is None or not readings:
        return base  # None only when the case fails
    # Each reading alone, then all of them together (their combinations).
    for k, r in enumerate(readings):
        with errors.at(f"{where}.readings[{k}]"):
            attrs.evolve(base, readings=[r])
    if len(errors.problems) > before:
        return None  # type: ignore[return-value]
    with errors.at(f"{where}.readings"):
        return attrs.evolve(base, readings=readings)
    return None


_EVIDENCE_KEYS = {f.name for f in attrs.fields(_EvidenceDoc)}


def _evidence(
    table: Any, where: str, sources: Mapping[str, Source], errors: _Collector
) -> Evidence | None:
    """One evidence table (status, source, locator, note) as an
    :class:`Evidence`, or ``None`` after reporting its problems."""
    try:
        doc = _CONVERTER.structure(table, _EvidenceDoc)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as err:
        for problem in _schema_problems(err):
            errors.problems.append(
                Problem(f"{where}.{problem.where}".rstrip("."), problem.message)
            )
        return None
    source = None
    if doc.source is not None:
        before = len(errors.problems)
        with errors.at(f"{where}.source"):
            source = _lookup(sources, "source", doc.source, errors.broken)
        if source is None and len(errors.problems) > before:
            return None
    with errors.at(where):
        return Evidence(doc.status, source=source, locator=doc.locator, note=doc.note)
    return None


def _claim_evidence(
    p: _PositionDoc, where: str, sources: Mapping[str, Source], errors: _Collector
) -> dict[tuple[str, str | None], Evidence]:
    """The ``evidence`` table of a position, by claim: ``ideal``, ``accept``
    and ``salience`` take one evidence table for every issue, or a table of
    them by issue id; ``reservation`` takes one evidence table."""
    out: dict[tuple[str, str | None], Evidence | None] = {}
    for kind, table in p.evidence.items():
        place = f"{where}.evidence.{kind}"
        if kind not in ("ideal", "accept", "salience", "reservation"):
            errors.problems.append(
                Problem(place, "expected one of 'ideal', 'accept', 'salience', 'reservation'")
            )
            continue
        per_issue = (
            kind != "reservation"
            and bool(table)
            and all(isinstance(v, dict) for v in table.values())
        )
        if not per_issue:
            if kind == "reservation" or set(table) <= _EVIDENCE_KEYS:
                ev = _evidence(table, place, sources, errors)
                issues: list[str | None] = [None] if kind == "reservation" else list(p.ideal)
                for issue_id in issues:
                    out[kind, issue_id] = ev
                continue
            errors.problems.append(
                Problem(
                    place,
                    "expected an evidence table (status, source, locator, note) or a table "
                    "of them by issue id",
                )
            )
            continue
        for issue_id, sub in table.items():
            if issue_id not in p.ideal:
                errors.problems.append(
                    Problem(f"{place}.{issue_id}", "this issue has no ideal in the position")
                )
                continue
            out[kind, issue_id] = _evidence(sub, f"{place}.{issue_id}", sources, errors)
    return {k: v for k, v in out.items() if v is not None}


def _build_reading(
    p: _PositionDoc,
    where: str,
    k: int,
    r: _ReadingDoc,
    sources: Mapping[str, Source],
    errors: _Collector,
) -> Reading:
    place = f"{where}.readings[{k}]"
    kind, _, issue_id = r.claim.partition(".")
    if not (
        (kind == "reservation" and not issue_id)
        or (kind in ("ideal", "accept", "salience") and issue_id)
    ):
        errors.problems.append(
            Problem(
                f"{place}.claim",
                "expected 'ideal.ISSUE', 'accept.ISSUE', 'salience.ISSUE' or 'reservation' "
                f"(got {r.claim!r})",
            )
        )
        return None  # type: ignore[return-value]  # never returned: the case fails
    if issue_id and issue_id not in p.ideal:
        errors.problems.append(
            Problem(f"{place}.claim", f"the position has no ideal for issue {issue_id!r}")
        )
        return None  # type: ignore[return-value]
    table = {
        "status": r.status,
        "locator": r.locator,
        "note": r.note,
        **({} if r.source is None else {"source": r.source}),
    }
    ev = _evidence(table, place, sources, errors)
    if ev is None:
        return None  # type: ignore[return-value]
    with errors.at(place):
        return Reading(
            r.id,
            kind=kind,  # type: ignore[arg-type]  # checked above
            issue=issue_id or None,
            value=r.value,
            evidence=ev,
            label=r.label,
        )
    return None


def _build_offer(
    n: int,
    o: _OfferDoc,
    parties: Mapping[str, Party],
    sources: Mapping[str, Source],
    issues: Mapping[str, Issue],
    errors: _Collector,
) -> Offer:
    where = f"offers[{n}]"
    before = len(errors.problems)
    proposer = source = None
    if o.proposer is not None:
        with errors.at(f"{where}.proposer"):
            proposer = _lookup(parties, "party", o.proposer, errors.broken)
    with errors.at(f"{where}.source"):
        source = _lookup(sources, "source", o.source, errors.broken)
    terms = []
    for issue_id, value in o.terms.items():
        with errors.at(f"{where}.terms.{issue_id}"):
            terms.append(Term(_lookup(issues, "issue", issue_id, errors.broken), value))
    if len(errors.problems) > before:
        return None  # type: ignore[return-value]  # never returned: the case fails
    with errors.at(where):
        return Offer(
            o.id,
            terms=terms,
            proposer=proposer,
            date=o.date,
            date_precision=o.date_precision,
            label=o.label,
            status=o.status,
            source=source,
            locator=o.locator,
            note=o.note,
        )
    return None


# ---------------------------------------------------------------------------
# Public functions


def file_date(path: Path) -> dt.date:
    """The day a file was last modified (UTC): the date importers give a
    source and its positions when the file itself gives none.

    Examples
    --------
    >>> import datetime as dt
    >>> from positions.formats.case import file_date
    >>> import pathlib, tempfile
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     isinstance(file_date(pathlib.Path(f.name)), dt.date)
    True
    """
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()


def _bundled_dir() -> Path:
    packaged = importlib.resources.files("positions") / "_cases"
    if packaged.is_dir():
        return Path(str(packaged))
    # Running from a source checkout: the cases live in the repo's seeds/.
    return Path(__file__).resolve().parents[3] / "seeds"


def bundled_cases() -> tuple[str, ...]:
    """The names of the cases that ship with the library.

    Examples
    --------
    >>> from positions import bundled_cases
    >>> "harbour" in bundled_cases()
    True
    """
    return tuple(sorted(p.stem for p in _bundled_dir().glob("*.toml") if p.stem != "index"))


def default_case() -> str:
    """The name of the bundled case the command line uses when none is named
    (set in the bundled cases' ``index.toml``).

    Examples
    --------
    >>> from positions.formats.case import default_case
    >>> from positions import bundled_cases
    >>> default_case() in bundled_cases()
    True
    """
    with (_bundled_dir() / "index.toml").open("rb") as f:
        name = tomllib.load(f)["default"]
    assert isinstance(name, str)
    return name


def _looks_like_a_name(path_or_name: str | os.PathLike[str]) -> bool:
    """Whether ``path_or_name`` may name a bundled case: a string with no
    folder and no ``.toml`` suffix."""
    if isinstance(path_or_name, os.PathLike):
        return False
    name = str(path_or_name)
    return "/" not in name and os.sep not in name and not name.endswith(".toml")


def _locate(path_or_name: str | os.PathLike[str]) -> Path:
    path = Path(path_or_name)
    if path.exists() or isinstance(path_or_name, os.PathLike):
        return path
    name = str(path_or_name)
    if _looks_like_a_name(name):
        bundled = _bundled_dir() / f"{name}.toml"
        if bundled.exists():
            return bundled
    return path


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_INTEGER = re.compile(rf"[0-9][0-9_]{{{sys.get_int_max_str_digits() - 1},}}")
#: How deep arrays and inline tables may nest before the error names the
#: place: far deeper than any case file, far shallower than the parser's.
_DEEP = 64


def _place(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"line {line}, column {at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _too_deep(text: str) -> str:
    """Where arrays and inline tables first nest more than ``_DEEP`` deep,
    outside strings and comments; ``""`` if nowhere."""
    depth, k, n = 0, 0, len(text)
    while k < n:
        c = text[k]
        if c in "\"'":
            quote = text[k : k + 3] if text[k : k + 3] in ('"""', "'''") else c
            k += len(quote)
            while k < n and not text.startswith(quote, k):
                k += 2 if c == '"' and text[k] == "\\" else 1
            k += len(quote)
            continue
        if c == "#":
            end = text.find("\n", k)
            k = n if end < 0 else end
            continue
        if c in "[{":
            depth += 1
            if depth > _DEEP:
                return _place(text, k)
        elif c in "]}":
            depth = max(0, depth - 1)
        k += 1
    return ""


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, with every way it can fail as one problem."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        place = _TOML_PLACE.search(message)
        where = f"line {place[1]}, column {place[2]}" if place else ""
        if "(at end of document)" in message:
            where = "end of file"
        message = _TOML_PLACE.sub("", message).replace("(at end of document)", "").strip()
        problem = Problem(where, f"TOML syntax error: {message}")
    except RecursionError:
        problem = Problem(
            _too_deep(text),
            f"arrays or tables nested too deeply to read (a case file needs at most a few "
            f"levels; this one nests more than {_DEEP})",
        )
    except ValueError:
        # Python converts at most a few thousand digits to an int.
        long = _LONG_INTEGER.search(text)
        digits = sys.get_int_max_str_digits()
        problem = Problem(
            _place(text, long.start()) if long else "",
            f"an integer of more than {digits:,} digits (expected {IN_RANGE})",
        )
    raise CaseFileError(name, [problem]) from None


def loads_case(text: str, *, name: str = "<string>") -> Case:
    """Read a case from TOML text; ``name`` is used in error messages.

    Raises
    ------
    CaseFileError
        With every problem found, each with its place in the text.

    Examples
    --------
    >>> from positions import loads_case
    >>> case = loads_case('''
    ... [case]
    ... id = "tiny"
    ... title = "A tiny case"
    ... [[issues]]
    ... id = "price"
    ... kind = "scale"
    ... low = 0
    ... high = 10
    ... [[parties]]
    ... id = "buyer"
    ... name = "Buyer"
    ... ''')
    >>> case.issue("price").high
    10.0
    """
    # A byte order mark is not TOML, but editors on some systems write one.
    raw = _parse_toml(text.removeprefix("\ufeff"), name)
    return _from_raw(raw, name)


def _from_raw(raw: Mapping[str, Any], name: str) -> Case:
    try:
        doc = _CONVERTER.structure(raw, _FileDoc)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as err:
        raise CaseFileError(name, _named(raw, _schema_problems(err))) from None
    errors = _Collector()
    if doc.case.format != FILE_FORMAT:
        errors.problems.append(Problem("case.format", f"unknown format {doc.case.format!r}"))
    for section in ("sources", "parties", "issues", "positions", "offers", "events"):
        seen: dict[str, int] = {}
        for n, obj in enumerate(getattr(doc, section)):
            if obj.id in seen:
                errors.problems.append(
                    Problem(
                        f"{section}[{n}].id",
                        f"duplicate id {obj.id!r} (first at {section}[{seen[obj.id]}])",
                    )
                )
            seen.setdefault(obj.id, n)
    case = _resolve(doc, errors)
    if case is None or errors.problems:
        raise CaseFileError(name, _named(raw, errors.problems))
    return case


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _named(raw: Mapping[str, Any], problems: Iterable[Problem]) -> list[Problem]:
    """The problems with the id of each listed object in their places as
    shown (``named``):
    ``positions[3] (city-2024).accept.berths``, so that a reader finds
    the object by what they wrote, not by counting."""
    return [Problem(p.where, p.message, named=_with_ids(raw, p.where)) for p in problems]


def _with_ids(raw: Mapping[str, Any], where: str) -> str:
    out: list[str] = []
    node: Any = raw
    at = 0
    for m in _SEGMENT.finditer(where):
        key, index = m.group(1), m.group(2)
        out.append(where[at : m.end()])
        at = m.end()
        if index is None:
            node = node.get(key) if isinstance(node, Mapping) else None
            continue
        k = int(index)
        node = node[k] if isinstance(node, list) and k < len(node) else None
        ident = node.get("id") if isinstance(node, Mapping) else None
        # Only an id that is one (a bad id is the problem being reported).
        if isinstance(ident, str) and len(ident) <= 80 and _ID.fullmatch(ident):
            out.append(f" ({ident})")
    out.append(where[at:])
    return "".join(out)


def load_case(path_or_name: str | os.PathLike[str]) -> Case:
    """Read a case file, or a bundled case by name (see :func:`bundled_cases`).

    Raises
    ------
    CaseFileError
        If the file cannot be read or is not a valid case; the message names
        the file and lists every problem found with its place in the file.
        No partial case is ever returned.

    Examples
    --------
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> [p.id for p in case.parties]
    ['city', 'operator']
    """
    path = _locate(path_or_name)
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        if isinstance(err, FileNotFoundError) and _looks_like_a_name(path_or_name):
            names = ", ".join(bundled_cases())
            reason += f", and no bundled case has that name (the bundled cases: {names})"
        raise CaseFileError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        problem = Problem(f"byte {err.start}", "the file is not valid UTF-8")
        raise CaseFileError(path, [problem]) from None
    return loads_case(text, name=str(path))


# ---------------------------------------------------------------------------
# Writing


def _dump_value(issue: Issue, value: Value) -> Any:
    if isinstance(issue, ItemsIssue):
        assert isinstance(value, tuple)
        return dict(zip(issue.item_ids, value, strict=True))
    return value


def set_to_data(issue: Issue, s: AcceptableSet) -> Any:
    """An acceptable set as plain data: ``[low, high]``, a list of levels in
    the issue's order, or a table of item bounds."""
    if isinstance(s, Interval):
        return [s.low, s.high]
    if isinstance(s, Levels):
        assert isinstance(issue, OrdinalIssue | CategoricalIssue)
        return [lv for lv in issue.levels if lv in s.levels]
    assert isinstance(s, Box)
    assert isinstance(issue, ItemsIssue)
    return {i: [b.low, b.high] for i, b in zip(issue.item_ids, s.bounds, strict=True)}


def _drop_defaults(d: dict[str, Any], **defaults: Any) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and defaults.get(k, object()) != v}


def _dump_issue(issue: Issue) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": issue.id,
        "kind": issue.kind,
        "label": issue.label,
        "description": issue.description,
    }
    if isinstance(issue, ScaleIssue):
        out |= {"low": issue.low, "high": issue.high, "unit": issue.unit}
    elif isinstance(issue, OrdinalIssue | CategoricalIssue):
        out["levels"] = list(issue.levels)
    else:
        out["measures"] = dict(issue.measures)
        out["default_measure"] = issue.default_measure
        out["items"] = [
            _drop_defaults(
                {
                    "id": i.id,
                    "label": i.label,
                    "divisible": i.divisible,
                    "measures": dict(i.measures),
                    "source": i.source,
                },
                label="",
                divisible=False,
                measures={},
                source="",
            )
            for i in issue.items
        ]
    return _drop_defaults(
        out, label="", description="", unit="", measures={}, default_measure="count"
    )


def _evidence_data(ev: Evidence) -> dict[str, Any]:
    return _drop_defaults(
        {
            "status": ev.status,
            "source": None if ev.source is None else ev.source.id,
            "locator": ev.locator,
            "note": ev.note,
        },
        locator="",
        note="",
    )


def _dump_evidence(p: Position) -> dict[str, Any]:
    """The claims of ``p`` that carry evidence of their own, as the
    ``evidence`` table of a case file."""
    out: dict[str, Any] = {}
    for kind in ("ideal", "accept", "salience"):
        marked = {
            s.issue.id: _evidence_data(ev)
            for s in p.stances
            if (ev := s.evidence(kind)) is not None
        }
        if marked:
            out[kind] = marked
    if p.reservation_evidence is not None:
        out["reservation"] = _evidence_data(p.reservation_evidence)
    return out


def _dump_reading(p: Position, r: Reading) -> dict[str, Any]:
    value: Any = r.value
    if r.kind in ("ideal", "accept"):
        assert r.issue is not None
        issue = p.stance(r.issue).issue
        value = _dump_value(issue, value) if r.kind == "ideal" else set_to_data(issue, value)
    return _drop_defaults(
        {"id": r.id, "claim": r.path, "label": r.label, "value": value}
        | _evidence_data(r.evidence),
        label="",
    )


def _accepts_all(stance: Stance) -> bool:
    """Whether the stance accepts the whole domain (checked by identity
    first: comparing a set of a million levels with itself takes long)."""
    whole = stance.issue.whole()
    return stance.accept is whole or stance.accept == whole


def _unstructure(case: Case) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "case": _drop_defaults(
            {
                "id": case.id,
                "title": case.title,
                "description": case.description,
                "format": FILE_FORMAT,
                "agreement_issues": list(case.agreement_issues),
            },
            description="",
            agreement_issues=[],
        )
    }
    doc["sources"] = [
        _drop_defaults(attrs.asdict(s), author="", publisher="", url="", note="", accessed="")
        for s in case.sources
    ]
    doc["parties"] = [_drop_defaults(attrs.asdict(p), note="") for p in case.parties]
    doc["issues"] = [_dump_issue(i) for i in case.issues]
    common = {"date_precision": "day", "label": "", "locator": "", "note": ""}
    positions = []
    for p in case.positions:
        stances = p.stances
        row: dict[str, Any] = {
            "id": p.id,
            "party": p.party.id,
            "date": p.date,
            "date_precision": p.date_precision,
            "label": p.label,
            "status": p.status,
            "source": p.source.id if p.source else None,
            "locator": p.locator,
            "note": p.note,
            "reservation": p.reservation,
            "discount_factor": p.discount_factor,
            "ideal": {s.issue.id: _dump_value(s.issue, s.ideal) for s in stances},
            "accept": {
                s.issue.id: set_to_data(s.issue, s.accept) for s in stances if not _accepts_all(s)
            },
            "salience": {s.issue.id: s.salience for s in stances},
            "values": {
                s.issue.id: dict(zip(s.issue.levels, s.values, strict=True))
                for s in stances
                if s.values is not None and isinstance(s.issue, OrdinalIssue | CategoricalIssue)
            },
            "judgement": _drop_defaults(
                attrs.asdict(p.judgement), salience="", reservation="", accept=""
            ),
            "salience_range": {
                s.issue.id: [s.salience_range.low, s.salience_range.high]
                for s in stances
                if s.salience_range is not None
            },
            "evidence": _dump_evidence(p),
            "readings": [_dump_reading(p, r) for r in p.readings],
        }
        positions.append(
            _drop_defaults(
                row,
                accept={},
                values={},
                judgement={},
                salience_range={},
                evidence={},
                readings=[],
                **common,
            )
        )
    doc["positions"] = positions
    doc["offers"] = [
        _drop_defaults(
            {
                "id": o.id,
                "proposer": o.proposer.id if o.proposer else None,
                "date": o.date,
                "date_precision": o.date_precision,
                "label": o.label,
                "status": o.status,
                "source": o.source.id if o.source else None,
                "locator": o.locator,
                "note": o.note,
                "terms": {t.issue.id: _dump_value(t.issue, t.value) for t in o.terms},
            },
            **common,
        )
        for o in case.offers
    ]
    doc["events"] = [
        _drop_defaults(
            {
                "id": e.id,
                "date": e.date,
                "date_precision": e.date_precision,
                "label": e.label,
                "parties": [p.id for p in e.parties],
                "issues": [i.id for i in e.issues],
                "source": e.source.id if e.source else None,
                "locator": e.locator,
                "note": e.note,
            },
            parties=[],
            issues=[],
            **common,
        )
        for e in case.events
    ]
    doc["outcomes"] = [
        _drop_defaults(
            {
                "issue": o.issue.id if o.issue is not None else None,
                "status": o.status,
                "value": None
                if o.issue is None or o.value is None
                else _dump_value(o.issue, o.value),
                "date": o.date,
                "date_precision": o.date_precision,
                "source": o.source.id if o.source else None,
                "locator": o.locator,
                "note": o.note,
            },
            date_precision="day",
            locator="",
            note="",
        )
        for o in case.outcomes
    ]
    doc["references"] = [
        _drop_defaults(
            {
                "issue": r.issue.id,
                "value": _dump_value(r.issue, r.value),
                "kind": r.kind,
                "status": r.status,
                "source": r.source.id if r.source else None,
                "locator": r.locator,
                "note": r.note,
            },
            kind="status-quo",
            status="stated",
            locator="",
            note="",
        )
        for r in case.references
    ]
    # The file needs its issues and parties even when there are none.
    return {k: v for k, v in doc.items() if v != [] or k in ("issues", "parties")}


def _check_writable(case: Case) -> None:
    problems = []
    sections: tuple[tuple[str, Sequence[Position | Offer | Event]], ...] = (
        ("positions", case.positions),
        ("offers", case.offers),
        ("events", case.events),
    )
    for kind, objs in sections:
        for n, obj in enumerate(objs):
            if obj.source is None:
                problems.append(Problem(f"{kind}[{n}].source", "a case file needs a source"))
            if obj.date is None:
                problems.append(Problem(f"{kind}[{n}].date", "a case file needs a date"))
    records: tuple[tuple[str, Sequence[Outcome | ReferencePoint]], ...] = (
        ("outcomes", case.outcomes),
        ("references", case.references),
    )
    for kind, recorded in records:
        for n, record in enumerate(recorded):
            if record.source is None:
                problems.append(Problem(f"{kind}[{n}].source", "a case file needs a source"))
    if problems:
        raise CaseFileError(f"<case {case.id!r}>", problems)


def dumps_case(case: Case) -> str:
    """The case as TOML text, in the case-file format.

    Raises
    ------
    CaseFileError
        If the case lacks what a case file requires (a source and a date
        on every position, offer and event).

    Examples
    --------
    >>> from positions import dumps_case
    >>> import positions
    >>> case = positions.load_case("harbour")
    >>> positions.loads_case(dumps_case(case)) == case
    True
    """
    _check_writable(case)
    header = f"Case file (format {FILE_FORMAT}) written by positions.dump_case."
    return _toml.dumps(_unstructure(case), header=header)


def dump_case(case: Case, path: str | os.PathLike[str]) -> None:
    """Write ``case`` to ``path`` as a TOML case file.

    The file is written to a temporary file beside ``path`` and then
    renamed, so ``path`` is never left half-written. A new file gets the
    permissions the umask gives, a replaced one keeps its own.

    Raises
    ------
    CaseFileError
        If the case lacks what a case file requires (see :func:`dumps_case`).
    InvalidArgumentError
        If ``path`` is a symbolic link: it is neither written through nor
        replaced.
    OSError
        If the file cannot be written; ``path`` is then unchanged.

    Examples
    --------
    >>> import pathlib, tempfile, positions
    >>> case = positions.load_case("harbour")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp) / "copy.toml"
    ...     positions.dump_case(case, out)
    ...     positions.load_case(out) == case
    True
    """
    write_file(path, dumps_case(case).encode("utf-8"))


def _write_case(case: Case, path: str | os.PathLike[str]) -> list[Path]:
    dump_case(case, path)
    return [Path(path)]


FORMAT = Format(
    name="case",
    title="positions case file (TOML)",
    description="The library's own format: every issue, party, source, position, offer and "
    "event of a case, with the evidence for each claim (see the case-file reference).",
    reader=load_case,
    writer=_write_case,
    output="FILE",
    howto="how-to/encode-a-case",
    convert=False,
)
