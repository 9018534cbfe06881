"""Reading and writing GeniusWeb negotiation domains and profiles (JSON).

GeniusWeb, the web-based successor of GENIUS, describes a negotiation in
JSON: one *domain* file, ``{"name": ..., "issuesValues": {...}}``, gives
each issue either a list of values (``{"values": [...]}``) or a range of
numbers (``{"range": {"low": ..., "high": ..., "step": ...}}``); one
*profile* file per party, ``{"LinearAdditiveUtilitySpace": {...}}``, holds
its name, a copy of the domain, a utility function per issue, a weight per
issue and, optionally, a reservation bid. Two dialects are in use, which
differ only in how an issue's utilities are tagged: the Java original
writes ``discreteutils`` and ``numberutils``, GeniusWeb's Python port
``DiscreteValueSetUtilities`` and ``NumberValueSetUtilities``. Both are
read, in any mixture, and either is written.

The semantics follow GeniusWeb, whose utility of a bid is
``sum over issues of weight * utility(value)``:

* a list of values becomes a categorical issue (GeniusWeb does not order
  them); a range becomes an ordinal issue whose levels are its numbers
  (``low``, ``low + step``, ... up to ``high``) written as decimals, or,
  when it has more than 1,000 of them, a scale issue ``[low, high]`` (of
  every number between: the step is not kept);
* the utilities of the values become the stance's value table as they are:
  GeniusWeb does not rescale them, so an issue whose best value is worth
  0.8 keeps 0.8; number utilities, linear from ``lowUtility`` at ``low``
  to ``highUtility`` at ``high``, give the table's entry of each number, and
  on a scale issue must run from 0 at one end to 1 at the other (that is the
  scale's own valuation); the ideal is the best-valued level, the first on
  a tie, and every acceptable set is the whole domain;
* the weights become saliences, which a position normalises to sum 1
  (GeniusWeb requires weights that sum to 1, so nothing changes for a
  valid profile);
* the reservation bid becomes the reservation level: the bid's utility, a
  value it leaves out counting 0 as in GeniusWeb, so that an outcome is
  acceptable exactly when it is worth at least the reservation bid.

Files are parsed by the standard library's :mod:`json` (which runs no code
and fetches nothing), with NaN, Infinity and repeated keys refused, files
over 32 MB refused before they are parsed, and numbers held exactly as the
file writes them until they are checked against the model's limits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
import json
import json.decoder
import json.scanner
import math
import os
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np

from positions._issues import (
    CategoricalIssue,
    Issue,
    ItemsIssue,
    OrdinalIssue,
    ScaleIssue,
    Value,
    check_id,
)
from positions._limits import IN_RANGE, MAX_MAGNITUDE, MAX_OUTCOMES, listed, shown
from positions._model import Case, Party, Position, Source, Stance
from positions._output import write_files
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats import Format, _domain_and_profiles, domain_and_profiles
from positions.formats.case import file_date
from positions.formats.genius import (
    DATE_NOTE,
    MAX_LEVELS,
    _issue_name,
    _make_id,
    _sanitised,
    _short,
    _stance_or_none,
    _table_stance,
)

__all__ = ["DIALECTS", "read_geniusweb", "write_geniusweb"]

#: The dialects :func:`write_geniusweb` writes: GeniusWeb's Java original
#: and its Python port.
DIALECTS: Final = ("java", "python")
#: Publisher of the sources made for imported files.
PUBLISHER: Final = "GeniusWeb domain or profile file"
#: The largest file read, in bytes: far above any real domain or profile,
#: and small enough to parse in seconds.
MAX_FILE_BYTES: Final = 32 * 1024 * 1024
#: How far a value table may be from a line and still be written as number
#: utilities (the tables positions computes are lines up to rounding).
TOLERANCE: Final = 1e-12

_PROFILE = "LinearAdditiveUtilitySpace"
#: GeniusWeb's other kinds of profile, which hold no utilities to read.
_OTHER_PROFILES = ("DefaultPartialOrdering", "SumOfGroupsUtilitySpace")
_DISCRETE = {"java": "discreteutils", "python": "DiscreteValueSetUtilities"}
_NUMBER = {"java": "numberutils", "python": "NumberValueSetUtilities"}
_NUMBER_KEYS = ("lowValue", "lowUtility", "highValue", "highUtility")
_MAX = Decimal(int(MAX_MAGNITUDE))
#: Exact decimal arithmetic for the numbers of the files: wide enough for
#: every sum and product of them, with no overflow or underflow.
_EXACT = decimal.Context(prec=100, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The pure-Python parts of the json module, which the typing stubs omit: the
# pure-Python scanner calls back for every object and array, so their places
# in the text can be kept.
_JSON_DECODER: Any = json.decoder
_JSON_SCANNER: Any = json.scanner


# ---------------------------------------------------------------------------
# Parsing JSON, keeping where each object and array starts


class _Object(dict[str, Any]):
    """A JSON object: the first value of each key, every pair in the order
    of the file, and the keys given more than once."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.pairs = pairs
        self.repeated: list[str] = []
        for key, value in pairs:
            if key in self:
                self.repeated.append(key)
            else:
                self[key] = value


@attrs.frozen
class _NonFinite:
    """``NaN``, ``Infinity`` or ``-Infinity``, which Python's json reads but
    JSON does not have."""

    token: str

    def __repr__(self) -> str:
        return self.token


def _decode(text: str) -> tuple[Any, dict[int, tuple[int, int]]]:
    """The JSON value of ``text`` (numbers as :class:`~decimal.Decimal`)
    and the span in ``text`` of each object and array, by ``id``."""
    spans: dict[int, tuple[int, int]] = {}
    kept: list[object] = []  # every container stays alive, so ids stay unique

    def container(parse: Any) -> Any:
        def parse_and_keep(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            value, end = parse(s_and_end, *args)
            kept.append(value)
            spans[id(value)] = (s_and_end[1] - 1, end)
            return value, end

        return parse_and_keep

    decoder: Any = json.JSONDecoder(
        object_pairs_hook=_Object,
        parse_float=Decimal,
        parse_int=Decimal,
        parse_constant=_NonFinite,
    )
    decoder.parse_object = container(_JSON_DECODER.JSONObject)
    decoder.parse_array = container(_JSON_DECODER.JSONArray)
    decoder.scan_once = _JSON_SCANNER.py_make_scanner(decoder)
    return decoder.decode(text), spans


#: A place in a JSON document: the keys and indexes that lead to it.
_Path = tuple[str | int, ...]


def _path_text(path: _Path) -> str:
    """``LinearAdditiveUtilitySpace.issueWeights["lease car"]``, say."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif _SIMPLE_KEY.fullmatch(step):
            text += f".{step}" if text else step
        else:
            text += f"[{_short(json.dumps(step, ensure_ascii=False))}]"
    return text


@attrs.frozen
class _Doc:
    """A parsed file: its text, its JSON value and where its parts are."""

    path: Path
    text: str
    root: Any
    spans: Mapping[int, tuple[int, int]]
    modified: dt.date
    # Made when first asked for: where each key is, where each line starts.
    _keys: dict[int, dict[str, list[int]]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )
    _line_starts: list[int] = attrs.field(init=False, factory=list, eq=False, repr=False)

    def _key_offsets(self, obj: _Object) -> dict[str, list[int]]:
        """Where each key of ``obj`` is written, in order (as far as the
        keys are written as the json module writes them)."""
        found = self._keys.get(id(obj))
        if found is None:
            found = {}
            at, end = self.spans[id(obj)]
            at += 1
            for key, value in obj.pairs:
                quoted = re.escape(json.dumps(key, ensure_ascii=False))
                match = re.compile(rf"(?<!\\){quoted}\s*:").search(self.text, at, end)
                if match is None:
                    break
                found.setdefault(key, []).append(match.start())
                at = self.spans.get(id(value), (0, match.end()))[1]
            self._keys[id(obj)] = found
        return found

    def line(self, path: _Path, *, repeat: bool = False) -> int | None:
        """The line of the place ``path``: of its key, or of the object or
        array it is in; ``repeat`` for the second of a key given twice."""
        node = self.root
        span = self.spans.get(id(node))
        if span is None:
            return None
        at = span[0]
        for k, step in enumerate(path):
            if isinstance(step, str):
                offsets = self._key_offsets(node).get(step)
                if offsets is None:  # a key written with escapes
                    break
                second = repeat and k == len(path) - 1
                at = offsets[min(1, len(offsets) - 1) if second else 0]
                node = node[step]
            else:
                node = node[step]
                at = self.spans.get(id(node), (at, 0))[0]
        if not self._line_starts:
            self._line_starts.append(0)
            self._line_starts.extend(m.end() for m in re.finditer("\n", self.text))
        return bisect.bisect_right(self._line_starts, at)


class _Problems:
    """Collects the problems of one file, each with its JSON path and line."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.list: list[Problem] = []

    def add(self, path: _Path, message: str, *, repeat: bool = False) -> None:
        where = _path_text(path)
        line = self.doc.line(path, repeat=repeat)
        named = "" if line is None else f"{where} (line {line})" if where else f"line {line}"
        self.list.append(Problem(where, message, named=named))

    def check(self) -> None:
        if self.list:
            raise CaseFileError(self.doc.path, self.list)


def _parse(path: Path) -> _Doc:
    """Read and parse one file; :class:`CaseFileError` if it is not JSON."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        modified = file_date(path)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CaseFileError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    if len(data) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES:,} bytes, far more than any GeniusWeb "
            "domain or profile: it is not read"
        )
        raise CaseFileError(path, [Problem("", message)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        where = f"line {line} (byte {err.start})"
        raise CaseFileError(path, [Problem(where, "the file is not valid UTF-8")]) from None
    try:
        root, spans = _decode(text)
    except json.JSONDecodeError as err:
        problem = Problem(f"line {err.lineno}, column {err.colno}", f"not valid JSON: {err.msg}")
        raise CaseFileError(path, [problem]) from None
    except RecursionError:
        message = "the JSON is nested too deeply to be a GeniusWeb file"
        raise CaseFileError(path, [Problem("", message)]) from None
    return _Doc(path, text, root, spans, modified)


# ---------------------------------------------------------------------------
# Checking JSON values


def _kind(value: object) -> str:
    """What a JSON value is, for a message."""
    if isinstance(value, _Object):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {shown(value)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return shown(value) if isinstance(value, _NonFinite) else f"the number {shown(value)}"


def _check_tokens(problems: _Problems, root: object) -> None:
    """Report every NaN or Infinity and every key given twice, anywhere, in
    the order of the file."""
    found: list[tuple[_Path, str, bool]] = []
    stack: list[tuple[_Path, object]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _NonFinite):
            found.append(
                (path, f"{node.token} is not a number JSON has (GeniusWeb writes none)", False)
            )
        elif isinstance(node, _Object):
            for key in dict.fromkeys(node.repeated):
                found.append(((*path, key), f"the key {shown(key)} is given twice", True))
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, k), value) for k, value in enumerate(node))
    for path, message, repeat in sorted(
        found, key=lambda f: problems.doc.line(f[0], repeat=f[2]) or 0
    ):
        problems.add(path, message, repeat=repeat)


def _object(problems: _Problems, path: _Path, value: object, what: str) -> _Object | None:
    if isinstance(value, _Object):
        return value
    problems.add(path, f"{what} must be a JSON object {{...}} (got {_kind(value)})")
    return None


def _fields(
    problems: _Problems,
    path: _Path,
    obj: _Object,
    required: Sequence[str],
    optional: Sequence[str] = (),
) -> bool:
    """Report the keys of ``obj`` that are missing or unknown; whether
    there were none."""
    known = (*required, *optional)
    missing = [key for key in required if key not in obj]
    for key in missing:
        problems.add(path, f"the key {key!r} is missing")
    unknown = [key for key in obj if key not in known]
    for key in unknown:
        expected = ", ".join(repr(k) for k in known)
        problems.add((*path, key), f"unknown key {shown(key)} (the keys here are {expected})")
    return not missing and not unknown


def _number(problems: _Problems, path: _Path, value: object, what: str) -> Decimal | None:
    """``value`` if it is a number the model can hold; else ``None``, and a
    problem (NaN and Infinity are reported by :func:`_check_tokens`)."""
    if isinstance(value, _NonFinite):
        return None
    if not isinstance(value, Decimal):
        problems.add(path, f"{what} must be a number (got {_kind(value)})")
        return None
    if value.copy_abs() > _MAX:
        problems.add(path, f"{what} must be {IN_RANGE} (got {shown(value)})")
        return None
    return value


def _unit(problems: _Problems, path: _Path, value: object, what: str) -> Decimal | None:
    """``value`` if it is a number in ``[0, 1]``."""
    x = _number(problems, path, value, what)
    if x is not None and not 0 <= x <= 1:
        problems.add(path, f"{what} must lie in [0, 1] (got {x})")
        return None
    return x


def _text(problems: _Problems, path: _Path, value: object, what: str) -> str | None:
    if isinstance(value, str) and value:
        return value
    problems.add(path, f"{what} must be a non-empty string (got {_kind(value)})")
    return None


def _decimal_text(x: Decimal) -> str:
    """A number as a level: plain decimal notation, no trailing zeros."""
    if x.is_zero():
        return "0"
    return format(x.normalize(_EXACT), "f")


# ---------------------------------------------------------------------------
# Domains


@attrs.frozen
class _DomainIssue:
    """One issue of a domain: its name in the file, the issue made of it,
    and its values (a list) or its range ``(low, high, step)``."""

    name: str
    issue: Issue
    values: tuple[str, ...] | None = None
    bounds: tuple[Decimal, Decimal, Decimal] | None = None
    #: Each number of a range of at most 1,000, to its level.
    grid: Mapping[Decimal, str] = attrs.field(factory=dict)

    def same_values(self, other: _DomainIssue) -> bool:
        """Whether both have the same values (in any order) or range."""
        if self.values is None or other.values is None:
            return self.values is None and other.values is None and self.bounds == other.bounds
        return set(self.values) == set(other.values)


@attrs.frozen
class _Domain:
    name: str
    issues: tuple[_DomainIssue, ...]
    _by_name: dict[str, _DomainIssue] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def issue(self, name: str) -> _DomainIssue | None:
        if not self._by_name:
            self._by_name.update((d.name, d) for d in self.issues)
        return self._by_name.get(name)


def _values_issue(
    problems: _Problems, path: _Path, name: str, values: object, issue_id: str
) -> _DomainIssue | None:
    if not isinstance(values, list):
        problems.add(path, f"'values' must be a list of strings (got {_kind(values)})")
        return None
    levels: dict[str, None] = {}  # a set that keeps the order
    for k, value in enumerate(values):
        if not isinstance(value, str) or not value:
            problems.add((*path, k), f"a value must be a non-empty string (got {_kind(value)})")
        elif value in levels:
            problems.add((*path, k), f"the value {shown(value)} is given twice")
        else:
            levels[value] = None
    if len(levels) < len(values):
        return None
    if len(levels) < 2:
        problems.add(path, f"an issue needs at least two values (got {len(levels)})")
        return None
    issue = CategoricalIssue(issue_id, tuple(levels), label=_label(name, issue_id))
    return _DomainIssue(name, issue, values=issue.levels)


def _label(name: str, issue_id: str) -> str:
    """The issue's label: its name, when the id had to change it."""
    return name if name != issue_id else ""


def _range_issue(
    problems: _Problems, path: _Path, name: str, spec: object, issue_id: str
) -> _DomainIssue | None:
    bounds = _object(problems, path, spec, "a range")
    if bounds is None or not _fields(problems, path, bounds, ("low", "high", "step")):
        return None
    low = _number(problems, (*path, "low"), bounds["low"], "low")
    high = _number(problems, (*path, "high"), bounds["high"], "high")
    step = _number(problems, (*path, "step"), bounds["step"], "step")
    if low is None or high is None or step is None:
        return None
    if step <= 0:
        problems.add((*path, "step"), f"the step must be > 0 (got {step})")
        return None
    label = _label(name, issue_id)
    with decimal.localcontext(_EXACT):
        span = high - low
        if span < step:
            problems.add(
                path,
                f"a range needs at least two values, so low + step <= high "
                f"(got low {low}, high {high}, step {step})",
            )
            return None
        if span >= step * MAX_LEVELS:
            issue: Issue = ScaleIssue(issue_id, float(low), float(high), label=label)
            return _DomainIssue(name, issue, bounds=(low, high, step))
        numbers = [low + k * step for k in range(int(span // step) + 1)]
    levels = [_decimal_text(x) for x in numbers]
    issue = OrdinalIssue(issue_id, tuple(levels), label=label)
    return _DomainIssue(
        name, issue, bounds=(low, high, step), grid=dict(zip(numbers, levels, strict=True))
    )


def _domain_issue(
    problems: _Problems, path: _Path, name: str, spec: object, taken: dict[str, int]
) -> _DomainIssue | None:
    value_set = _object(problems, path, spec, f"issue {shown(name)}")
    if value_set is None or not _fields(problems, path, value_set, (), ("values", "range")):
        return None
    if len(value_set) != 1:
        problems.add(path, "an issue has either 'values' (a list) or 'range' (low, high, step)")
        return None
    issue_id = _make_id(name, "issue", taken)
    try:
        if "values" in value_set:
            return _values_issue(problems, (*path, "values"), name, value_set["values"], issue_id)
        return _range_issue(problems, (*path, "range"), name, value_set["range"], issue_id)
    except ModelError as err:
        problems.add(path, str(err))
        return None


def _read_domain(problems: _Problems, path: _Path, value: object) -> _Domain | None:
    """The domain ``value`` (at ``path``), or ``None`` and problems."""
    before = len(problems.list)
    obj = _object(problems, path, value, "a GeniusWeb domain")
    if obj is None:
        return None
    _fields(problems, path, obj, ("name", "issuesValues"))
    name = _text(problems, (*path, "name"), obj["name"], "the name") if "name" in obj else None
    issues: list[_DomainIssue] = []
    if "issuesValues" in obj:
        spec = _object(problems, (*path, "issuesValues"), obj["issuesValues"], "issuesValues")
        if spec is not None and not spec:
            problems.add((*path, "issuesValues"), "the domain has no issues")
        taken: dict[str, int] = {}
        for issue_name, value_set in (spec or {}).items():
            here = (*path, "issuesValues", issue_name)
            if not issue_name:
                problems.add(here, "an issue needs a non-empty name")
                continue
            found = _domain_issue(problems, here, issue_name, value_set, taken)
            if found is not None:
                issues.append(found)
    if len(problems.list) > before or name is None:
        return None
    return _Domain(name, tuple(issues))


def _read_domain_file(doc: _Doc) -> _Domain:
    problems = _Problems(doc)
    _check_tokens(problems, doc.root)
    if isinstance(doc.root, _Object) and _PROFILE in doc.root:
        problems.add(
            (), f"expected a GeniusWeb domain, found a profile ({_PROFILE}): is this a profile?"
        )
        problems.check()
    domain = _read_domain(problems, (), doc.root)
    problems.check()
    assert domain is not None
    return domain


def _compare_domains(problems: _Problems, path: _Path, given: _Domain, domain: _Domain) -> None:
    """Report how the domain a profile holds differs from the domain file's."""
    if given.name != domain.name:
        problems.add(
            (*path, "name"),
            f"the profile is for the domain {given.name!r}, but the domain file is "
            f"{domain.name!r}",
        )
    names = [d.name for d in domain.issues]
    extra = [d.name for d in given.issues if d.name not in names]
    missing = [n for n in names if given.issue(n) is None]
    if extra or missing:
        problems.add(
            (*path, "issuesValues"),
            f"the profile's domain has other issues than the domain file: it adds "
            f"{listed(extra)} and lacks {listed(missing)}",
        )
    for mine in given.issues:
        theirs = domain.issue(mine.name)
        if theirs is not None and not mine.same_values(theirs):
            problems.add(
                (*path, "issuesValues", mine.name),
                f"the values of issue {mine.name!r} differ from the domain file's",
            )


# ---------------------------------------------------------------------------
# Profiles


def _discrete_stance(
    problems: _Problems, path: _Path, inner: _Object, known: _DomainIssue, weight: float
) -> Stance | None:
    if not _fields(problems, path, inner, ("valueUtilities",)):
        return None
    here = (*path, "valueUtilities")
    table = _object(problems, here, inner["valueUtilities"], "valueUtilities")
    if table is None:
        return None
    assert known.values is not None
    assert isinstance(known.issue, CategoricalIssue)
    before = len(problems.list)
    values = set(known.values)
    utilities: dict[str, Decimal] = {}
    for value, u in table.items():
        if value not in values:
            problems.add(
                (*here, value),
                f"{shown(value)} is not a value of issue {known.name!r} in the domain "
                f"(its values: {listed(known.values)})",
            )
            continue
        x = _unit(problems, (*here, value), u, f"the utility of {shown(value)}")
        if x is not None:
            utilities[value] = x
    missing = [v for v in known.values if v not in table]
    if missing:
        problems.add(here, f"no utility is given for the values {listed(missing)}")
    if len(problems.list) > before:
        return None
    return _table_stance(known.issue, [float(utilities[v]) for v in known.values], weight)


def _number_stance(
    problems: _Problems, path: _Path, inner: _Object, known: _DomainIssue, weight: float
) -> Stance | None:
    if not _fields(problems, path, inner, _NUMBER_KEYS):
        return None
    low_value = _number(problems, (*path, "lowValue"), inner["lowValue"], "lowValue")
    high_value = _number(problems, (*path, "highValue"), inner["highValue"], "highValue")
    low_u = _unit(problems, (*path, "lowUtility"), inner["lowUtility"], "lowUtility")
    high_u = _unit(problems, (*path, "highUtility"), inner["highUtility"], "highUtility")
    if low_value is None or high_value is None or low_u is None or high_u is None:
        return None
    assert known.bounds is not None
    low, high, _ = known.bounds
    if (low_value, high_value) != (low, high):
        problems.add(
            path,
            f"the utilities run from {low_value} to {high_value}, but the domain's range of "
            f"issue {known.name!r} from {low} to {high}",
        )
        return None
    issue = known.issue
    # From the utilities as floats, so that writing them back reads back the same.
    lo, hi = Decimal(float(low_u)), Decimal(float(high_u))
    if isinstance(issue, OrdinalIssue):
        with decimal.localcontext(_EXACT):
            table = [float(lo + (hi - lo) * (x - low) / (high - low)) for x in known.grid]
        return _table_stance(issue, table, weight)
    assert isinstance(issue, ScaleIssue)
    if {lo, hi} == {0, 1} or weight == 0:
        return Stance(issue, ideal=issue.low if lo > hi else issue.high, salience=weight)
    problems.add(
        path,
        f"issue {known.name!r} has more than {MAX_LEVELS:,} values, so positions makes it a "
        f"scale issue, whose valuation runs linearly from 0 at one end to 1 at the other; "
        f"these utilities run from {low_u} to {high_u}",
    )
    return None


def _stance(
    problems: _Problems, path: _Path, spec: object, known: _DomainIssue, weight: float
) -> Stance | None:
    wrapper = _object(problems, path, spec, f"the utilities of issue {shown(known.name)}")
    if wrapper is None:
        return None
    kinds = (*_DISCRETE.values(), *_NUMBER.values())
    key = next(iter(wrapper), None)
    if len(wrapper) != 1 or key not in kinds:
        expected = ", ".join(repr(k) for k in kinds)
        problems.add(path, f"expected one key of {expected} (got {listed(wrapper)})")
        return None
    assert key is not None
    discrete = key in _DISCRETE.values()
    if discrete != (known.values is not None):
        has = "a list of values" if known.values is not None else "a range of numbers"
        wanted = _DISCRETE if known.values is not None else _NUMBER
        problems.add(
            (*path, key),
            f"issue {known.name!r} has {has} in the domain, so its utilities are "
            f"{wanted['java']!r} (or {wanted['python']!r}), not {key!r}",
        )
        return None
    inner = _object(problems, (*path, key), wrapper[key], key)
    if inner is None:
        return None
    read = _discrete_stance if discrete else _number_stance
    return read(problems, (*path, key), inner, known, weight)


def _weights(problems: _Problems, path: _Path, value: object, domain: _Domain) -> dict[str, float]:
    weights: dict[str, float] = {}
    obj = _object(problems, path, value, "issueWeights")
    if obj is None:
        return weights
    for name, w in obj.items():
        if domain.issue(name) is None:
            problems.add((*path, name), f"no issue of the domain is called {shown(name)}")
            continue
        x = _number(problems, (*path, name), w, "a weight")
        if x is not None and x < 0:
            problems.add((*path, name), f"weights must be >= 0 (got {x})")
        elif x is not None:
            weights[name] = float(x)
    for known in domain.issues:
        if known.name not in obj:
            problems.add(path, f"no weight is given for issue {known.name!r}")
    return weights


def _bid(problems: _Problems, path: _Path, value: object, domain: _Domain) -> dict[str, Value]:
    """The values of a bid, by issue id; the issues it leaves out are left out."""
    bid: dict[str, Value] = {}
    obj = _object(problems, path, value, "a bid")
    if obj is None or not _fields(problems, path, obj, ("issuevalues",)):
        return bid
    here = (*path, "issuevalues")
    values = _object(problems, here, obj["issuevalues"], "issuevalues")
    for name, given in (values or {}).items():
        known = domain.issue(name)
        if known is None:
            problems.add((*here, name), f"no issue of the domain is called {shown(name)}")
        elif known.values is not None:
            if isinstance(given, str) and given in known.values:
                bid[known.issue.id] = given
            else:
                problems.add(
                    (*here, name),
                    f"{_kind(given)} is not a value of issue {name!r} "
                    f"(its values: {listed(known.values)})",
                )
        else:
            x = _number(problems, (*here, name), given, f"the value of issue {name!r}")
            issue = known.issue
            if x is None:
                continue
            if isinstance(issue, OrdinalIssue) and x in known.grid:
                bid[issue.id] = known.grid[x]
            elif isinstance(issue, ScaleIssue) and issue.low <= x <= issue.high:
                bid[issue.id] = float(x)
            else:
                assert known.bounds is not None
                low, high, step = known.bounds
                problems.add(
                    (*here, name),
                    f"{x} is not a value of issue {name!r} (from {low} to {high} by {step})",
                )
    return bid


def _worth(position: Position, bid: Mapping[str, Value]) -> float:
    """The utility of a bid, as GeniusWeb has it: an issue it leaves out
    counts 0. Summed as :func:`positions.utility` sums."""
    total = 0.0
    for stance in position.stances:
        if stance.issue.id in bid:
            total += position.weight(stance.issue.id) * stance.value(bid[stance.issue.id])
    return min(1.0, total)


def _stances(
    problems: _Problems, path: _Path, value: object, domain: _Domain, weights: dict[str, float]
) -> list[Stance]:
    """The stance on each issue of the domain that ``issueUtilities`` gives."""
    stances: list[Stance] = []
    utilities = _object(problems, path, value, "issueUtilities")
    if utilities is None:
        return stances
    for name in utilities:
        if domain.issue(name) is None:
            problems.add((*path, name), f"no issue of the domain is called {shown(name)}")
    for known in domain.issues:
        if known.name not in utilities:
            problems.add(path, f"no utilities are given for issue {known.name!r}")
            continue
        # An invalid weight is reported, and the utilities checked all the same.
        w = weights.get(known.name, 0.0)
        stance = _stance(problems, (*path, known.name), utilities[known.name], known, w)
        if stance is not None:
            stances.append(stance)
    return stances


def _profile_space(problems: _Problems, value: object) -> _Object | None:
    """The linear additive utility space a profile holds, or ``None``."""
    root = _object(problems, (), value, "a GeniusWeb profile")
    if root is None:
        return None
    if "issuesValues" in root:
        problems.add(
            (),
            f"expected a GeniusWeb profile ({_PROFILE}), found a domain: is this the domain file?",
        )
        return None
    if list(root) != [_PROFILE]:
        others = [k for k in root if k in _OTHER_PROFILES]
        hint = f": {others[0]} profiles hold no utilities positions can read" if others else ""
        problems.add((), f"expected one key, {_PROFILE!r} (got {listed(root)}){hint}")
        return None
    return _object(problems, (_PROFILE,), root[_PROFILE], "a linear additive profile")


def _read_profile(
    doc: _Doc, domain: _Domain, party_ids: dict[str, int], source: Source
) -> Position:
    problems = _Problems(doc)
    _check_tokens(problems, doc.root)
    space = _profile_space(problems, doc.root)
    if space is None:
        raise CaseFileError(doc.path, problems.list)
    here: _Path = (_PROFILE,)
    _fields(
        problems,
        here,
        space,
        ("name", "domain", "issueUtilities", "issueWeights"),
        ("reservationBid",),
    )
    name = (
        _text(problems, (*here, "name"), space.get("name"), "the name")
        if "name" in space
        else None
    )
    if "domain" in space:
        given = _read_domain(problems, (*here, "domain"), space["domain"])
        if given is not None:
            _compare_domains(problems, (*here, "domain"), given, domain)
    weights: dict[str, float] = {}
    if "issueWeights" in space:
        weights = _weights(problems, (*here, "issueWeights"), space["issueWeights"], domain)
    stances: list[Stance] = []
    if "issueUtilities" in space:
        path = (*here, "issueUtilities")
        stances = _stances(problems, path, space["issueUtilities"], domain, weights)
    bid = None
    if space.get("reservationBid") is not None:
        bid = _bid(problems, (*here, "reservationBid"), space["reservationBid"], domain)
    party = None
    if name is not None:
        try:
            party = Party(_make_id(name, "party", party_ids), name=name)
        except ModelError as err:
            problems.add((*here, "name"), str(err))
    problems.check()
    assert party is not None
    try:
        position = Position(
            party.id,
            party=party,
            stances=stances,
            date=doc.modified,
            status="stated",
            source=source,
            label=f"GeniusWeb profile {doc.path.name}",
        )
    except ModelError as err:
        problems.add((*here, "issueWeights"), str(err))
        raise CaseFileError(doc.path, problems.list) from None
    if bid is not None:
        position = attrs.evolve(position, reservation=_worth(position, bid))
    return position


# ---------------------------------------------------------------------------
# Public: reading


def _source(doc: _Doc, taken: dict[str, int]) -> Source:
    return Source(
        _make_id(doc.path.name, "file", taken),
        title=doc.path.name,
        date=doc.modified.isoformat(),
        publisher=PUBLISHER,
        note=DATE_NOTE,
    )


def read_geniusweb(
    domain: str | os.PathLike[str],
    profiles: Sequence[str | os.PathLike[str]],
    *,
    case_id: str | None = None,
) -> Case:
    """Read a GeniusWeb domain file and its profiles (JSON) into a case.

    Each profile becomes a party and one position of it, both with an id
    made from the profile's ``name``. A domain's list of values becomes a
    categorical issue; a range of at most 1,000 numbers an ordinal issue
    whose levels are the numbers (``"2"``, ``"2.5"``, ...), a wider one a
    scale issue ``[low, high]``. The utilities of the values become the
    stance's value table unchanged (GeniusWeb does not rescale them), number
    utilities the line from ``lowUtility`` to ``highUtility`` at each number
    (on a scale issue, only a line from 0 at one end to 1 at the other, which
    is the scale's own valuation, or any line at weight 0). The weights
    become saliences; the reservation bid, the reservation level: its
    utility, a value it leaves out counting 0, so that an outcome is
    acceptable exactly when it is worth at least the reservation bid.
    GeniusWeb has no red lines: every acceptable set is the whole domain.
    Every file becomes a source, dated by the file's modification date (UTC).

    Issue ids are made from the issue names (characters other than letters,
    digits, ``.``, ``_`` and ``-`` become ``_``); a name that changes is kept
    as the issue's label. Both dialects are read: the utilities of an issue
    may be tagged ``discreteutils`` / ``numberutils`` (Java) or
    ``DiscreteValueSetUtilities`` / ``NumberValueSetUtilities`` (Python).

    Raises
    ------
    CaseFileError
        For the first file that cannot be read, with every problem found in
        it, each at its JSON path (``LinearAdditiveUtilitySpace.issueWeights.
        price``) and line: not JSON (with the line and column), NaN or
        Infinity, a key given twice, a missing, unknown or mistyped key, a
        value or issue the domain does not have, a utility outside [0, 1], a
        negative weight, a profile whose domain differs from the domain
        file's, a file over 32 MB. No partial case is returned.
    InvalidArgumentError
        If ``case_id`` is not a valid id.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from positions import read_geniusweb
    >>> domain = '{"name": "trip", "issuesValues": {"city": {"values": ["Oslo", "Rome"]},'
    >>> domain += ' "nights": {"range": {"low": 1, "high": 3, "step": 1}}}}'
    >>> profile = ('{"LinearAdditiveUtilitySpace": {"name": "ann", "domain": ' + domain + ','
    ...     ' "issueUtilities": {"city": {"discreteutils": {"valueUtilities":'
    ...     ' {"Oslo": 0.2, "Rome": 0.8}}}, "nights": {"numberutils": {"lowValue": 1,'
    ...     ' "lowUtility": 0, "highValue": 3, "highUtility": 1}}},'
    ...     ' "issueWeights": {"city": 0.5, "nights": 0.5},'
    ...     ' "reservationBid": {"issuevalues": {"city": "Rome", "nights": 1}}}}')
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = pathlib.Path(tmp)
    ...     _ = (folder / "trip.json").write_text(domain)
    ...     _ = (folder / "ann.json").write_text(profile)
    ...     case = read_geniusweb(folder / "trip.json", [folder / "ann.json"])
    >>> ann = case.position("ann")
    >>> ann.stance("city").values, ann.stance("nights").values, ann.reservation
    ((0.2, 0.8), (0.0, 0.5, 1.0), 0.4)
    """
    if case_id is not None:
        try:
            check_id("case_id", case_id)
        except ModelError as err:
            raise InvalidArgumentError(str(err)) from None
    domain_doc = _parse(Path(domain))
    known = _read_domain_file(domain_doc)
    source_ids: dict[str, int] = {}
    party_ids: dict[str, int] = {}
    sources = [_source(domain_doc, source_ids)]
    positions: list[Position] = []
    for profile in profiles:
        doc = _parse(Path(profile))
        source = _source(doc, source_ids)
        positions.append(_read_profile(doc, known, party_ids, source))
        sources.append(source)
    names = ", ".join(Path(p).name for p in profiles) or "none"
    return Case(
        case_id or _sanitised(known.name) or _sanitised(domain_doc.path.stem) or "geniusweb",
        title=f"GeniusWeb domain {known.name}",
        description=f"Imported from the GeniusWeb domain {domain_doc.path.name} "
        f"and the profiles {names}.",
        issues=[d.issue for d in known.issues],
        parties=[p.party for p in positions],
        sources=sources,
        positions=positions,
    )


# ---------------------------------------------------------------------------
# Writing


def _dec(x: float) -> Decimal:
    """A float as the shortest decimal that reads back as it."""
    return Decimal(repr(float(x)))


def _json(value: object, indent: str = "") -> str:
    """JSON text of dicts, lists, strings and decimals, indented by two."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_json(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list):
        return "[\n" + ",\n".join(f"{inner}{_json(v, inner)}" for v in value) + f"\n{indent}]"
    if isinstance(value, Decimal):
        # Plain notation, but not hundreds of zeros for a tiny number.
        return format(value, "f") if -20 <= value.adjusted() <= 20 else str(value)
    return json.dumps(value, ensure_ascii=False)


def _arithmetic(issue: OrdinalIssue) -> list[Decimal] | None:
    """The levels as numbers, if they are numbers written as positions
    writes them (``"2"``, ``"2.5"``), rising by one step, at most 1,000."""
    numbers = []
    for level in issue.levels:
        try:
            x = Decimal(level)
        except decimal.InvalidOperation:
            return None
        if not x.is_finite() or x.copy_abs() > _MAX or _decimal_text(x) != level:
            return None
        numbers.append(x)
    if len(numbers) > MAX_LEVELS:
        return None
    with decimal.localcontext(_EXACT):
        steps = {b - a for a, b in itertools.pairwise(numbers)}
    return numbers if len(steps) == 1 and min(steps) > 0 else None


def _linear(table: Sequence[float]) -> bool:
    last = len(table) - 1
    line = [table[0] + (table[-1] - table[0]) * k / last for k in range(last + 1)]
    return all(abs(a - b) <= TOLERANCE for a, b in zip(table, line, strict=True))


@attrs.frozen
class _Plan:
    """How one issue is written: as a list of values (``discrete``) or a
    range (``number``, ``scale``), the values an outcome may take (as
    positions holds them, and as a bid writes them), and each position's
    utilities (a table, or the utilities at the two ends)."""

    issue: Issue
    name: str
    kind: str
    values: tuple[Value, ...]
    texts: tuple[str | Decimal, ...]
    bounds: tuple[Decimal, Decimal, Decimal] | None
    per_position: tuple[Any, ...]


def _scale_plan(case: Case, issue: ScaleIssue, problems: list[str]) -> _Plan:
    ends = []
    for position in case.positions:
        stance = _stance_or_none(position, issue.id)
        if stance is None:
            ends.append((0.0, 0.0))
        elif stance.ideal in (issue.low, issue.high):
            ends.append((1.0, 0.0) if stance.ideal == issue.low else (0.0, 1.0))
        else:
            problems.append(
                f"position {position.id!r}, issue {issue.id!r}: the ideal {stance.ideal!r} is "
                "inside the range, so the valuation is not linear; GeniusWeb's number "
                "utilities are linear"
            )
            ends.append((0.0, 0.0))
    low, high = _dec(issue.low), _dec(issue.high)
    with decimal.localcontext(_EXACT):
        # 1,001 numbers: read back, more than 1,000 make a scale again.
        step = (high - low).scaleb(-3).normalize()
        grid = tuple(low + k * step for k in range(MAX_LEVELS + 1))
    values = tuple(float(x) for x in grid)
    return _Plan(issue, _issue_name(issue), "scale", values, grid, (low, high, step), tuple(ends))


def _plan(case: Case, problems: list[str]) -> list[_Plan]:
    plans: list[_Plan] = []
    for issue in case.issues:
        if isinstance(issue, ItemsIssue):
            continue
        if isinstance(issue, ScaleIssue):
            plans.append(_scale_plan(case, issue, problems))
            continue
        tables = []
        for position in case.positions:
            stance = _stance_or_none(position, issue.id)
            levels = issue.levels
            tables.append([stance.value(lv) for lv in levels] if stance else [0.0] * len(levels))
        numbers = _arithmetic(issue) if isinstance(issue, OrdinalIssue) else None
        name = _issue_name(issue)
        if numbers is not None and all(_linear(t) for t in tables):
            bounds = (numbers[0], numbers[-1], numbers[1] - numbers[0])
            ends = tuple((t[0], t[-1]) for t in tables)
            plans.append(_Plan(issue, name, "number", issue.levels, tuple(numbers), bounds, ends))
        else:
            plans.append(
                _Plan(issue, name, "discrete", issue.levels, issue.levels, None, tuple(tables))
            )
    return plans


def _weights_json(position: Position, plans: Sequence[_Plan]) -> dict[str, Decimal]:
    """Weights that sum to exactly 1 in decimal, as GeniusWeb requires: the
    saliences if they do, else the normalised weights with the rounding
    given to the largest."""
    with decimal.localcontext(_EXACT):
        raw = {}
        for plan in plans:
            stance = _stance_or_none(position, plan.issue.id)
            raw[plan.name] = _dec(stance.salience if stance else 0.0)
        if sum(raw.values()) == 1:
            return raw
        weights = {plan.name: _dec(position.weight(plan.issue.id)) for plan in plans}
        largest = max(weights, key=weights.__getitem__)
        weights[largest] += 1 - sum(weights.values())
    return weights


def _reservation_bid(
    position: Position, plans: Sequence[_Plan], problems: list[str]
) -> dict[str, str | Decimal] | None:
    """The least outcome worth at least the reservation level: an outcome
    is worth at least it exactly when it is worth at least the reservation
    level. ``None`` without a reservation level, or if there is none."""
    r = position.reservation
    if r is None:
        return None
    by_id = {plan.issue.id: plan for plan in plans}
    chosen = dict.fromkeys(by_id, 0)
    parts = [by_id[s.issue.id] for s in position.stances]
    size = math.prod(len(plan.values) for plan in parts)
    if size > MAX_OUTCOMES:
        problems.append(
            f"position {position.id!r}: GeniusWeb gives a reservation as a bid, and choosing "
            f"it searches the {size:,} outcomes of the issues the position addresses, more "
            f"than {MAX_OUTCOMES:,}"
        )
        return None
    # Summed in the position's order, as positions.utility sums: the same floats.
    total: Any = np.float64(0.0)
    for plan, stance in zip(parts, position.stances, strict=True):
        w = position.weight(stance.issue.id)
        total = np.add.outer(total, np.array([w * stance.value(v) for v in plan.values]))
    worth = np.where(total >= r, total, np.inf)
    best = int(np.argmin(worth))
    if not np.isfinite(worth.flat[best]):
        problems.append(
            f"position {position.id!r}: no outcome is worth its reservation level {r:g} (the "
            f"best is worth {float(total.max()):g}); GeniusWeb gives a reservation as a bid"
        )
        return None
    for plan, k in zip(parts, np.unravel_index(best, total.shape), strict=True):
        chosen[plan.issue.id] = int(k)
    return {plan.name: plan.texts[chosen[plan.issue.id]] for plan in plans}


def _domain_json(case: Case, plans: Sequence[_Plan]) -> dict[str, Any]:
    issues: dict[str, Any] = {}
    for plan in plans:
        if plan.bounds is None:
            issues[plan.name] = {"values": list(plan.values)}
        else:
            low, high, step = plan.bounds
            issues[plan.name] = {"range": {"low": low, "high": high, "step": step}}
    return {"name": case.id, "issuesValues": issues}


def _profile_json(
    position: Position,
    row: int,
    plans: Sequence[_Plan],
    domain: Mapping[str, Any],
    bid: Mapping[str, Any] | None,
    dialect: str,
) -> dict[str, Any]:
    utilities: dict[str, Any] = {}
    for plan in plans:
        how = plan.per_position[row]
        if plan.bounds is None:
            table = {level: _dec(v) for level, v in zip(plan.values, how, strict=True)}
            utilities[plan.name] = {_DISCRETE[dialect]: {"valueUtilities": table}}
        else:
            low, high, _ = plan.bounds
            ends = {"lowValue": low, "lowUtility": _dec(how[0])}
            ends |= {"highValue": high, "highUtility": _dec(how[1])}
            utilities[plan.name] = {_NUMBER[dialect]: ends}
    space: dict[str, Any] = {
        "issueUtilities": utilities,
        "issueWeights": _weights_json(position, plans),
        "domain": domain,
        "name": position.id,
    }
    if bid is not None:
        space["reservationBid"] = {"issuevalues": bid}
    return {_PROFILE: space}


def write_geniusweb(
    case: Case, directory: str | os.PathLike[str], *, dialect: str = "java"
) -> list[Path]:
    """Write a case as GeniusWeb files: the domain ``<case id>.json`` and one
    profile ``<position id>.json`` per position; return their paths, domain
    first.

    ``dialect`` is ``"java"`` (GeniusWeb itself: ``discreteutils`` and
    ``numberutils``) or ``"python"`` (its Python port:
    ``DiscreteValueSetUtilities`` and ``NumberValueSetUtilities``).

    Categorical issues, and ordinal ones that cannot be ranges, become lists
    of values (the order of an ordinal issue is then lost); an ordinal issue
    whose levels are numbers rising by one step (``"2"``, ``"3"``, ``"4"``,
    as positions writes numbers) becomes a range when every position values
    it linearly; a scale issue becomes a range of 1,001 numbers, which reads
    back as the same scale. A profile holds the position's value of each
    value (0 on an issue it does not address), its weights, summing to
    exactly 1 as GeniusWeb requires, and, for a reservation level, the
    reservation bid: the least outcome worth at least the level, so that the
    same outcomes are acceptable (reading it back gives that outcome's
    utility as the level). Red lines, discount factors, party names, sources
    and dates have no place in GeniusWeb and are not written. Reading the
    files back with :func:`read_geniusweb` gives the same utility for every
    outcome.

    The files are all written or none is: they are prepared beside their
    targets and moved into place together, and a failure puts back what was
    there. A symbolic link where a file would go is refused.

    Raises
    ------
    InvalidArgumentError
        If ``dialect`` is neither, or naming everything GeniusWeb cannot
        represent: weighted-item issues, a scale ideal inside the range (its
        valuation is not linear), a reservation level above every outcome's
        utility (or too many outcomes to choose its bid from), a position
        whose file would be the domain's; or if a file would go where a
        symbolic link is. Nothing is written then.
    OSError
        If a file cannot be written; the folder is then as it was.

    Examples
    --------
    >>> import tempfile, positions
    >>> from positions import read_geniusweb, write_geniusweb
    >>> seat = positions.CategoricalIssue("seat", levels=("oslo", "rome"))
    >>> days = positions.OrdinalIssue("days", levels=("1", "2", "3"))
    >>> a = positions.Party("a", name="A")
    >>> case = positions.Case("talks", title="Talks", issues=[seat, days], parties=[a],
    ...     positions=[positions.Position("a-1", party=a, reservation=0.4, stances=[
    ...         positions.Stance(seat, ideal="rome"), positions.Stance(days, ideal="3")])])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_geniusweb(case, tmp, dialect="python")
    ...     back = read_geniusweb(paths[0], paths[1:])
    >>> [p.name for p in paths], back.position("a-1").reservation
    (['talks.json', 'a-1.json'], 0.5)
    """
    if dialect not in DIALECTS:
        msg = f"dialect must be one of {listed(DIALECTS)} (got {shown(dialect)})"
        raise InvalidArgumentError(msg)
    problems: list[str] = []
    items = [i.id for i in case.issues if isinstance(i, ItemsIssue)]
    if items:
        problems.append(f"weighted-item issues cannot be written as GeniusWeb issues: {items!r}")
    plans = _plan(case, problems)
    if not plans and not items:
        problems.append("the case has no issues")
    domain_name = f"{case.id}.json"
    names = [f"{p.id}.json" for p in case.positions]
    if domain_name in names:
        problems.append(f"a position's file would be the domain file {domain_name!r}")
    bids = [] if items else [_reservation_bid(p, plans, problems) for p in case.positions]
    if problems:
        raise InvalidArgumentError(
            f"case {case.id!r} cannot be written as GeniusWeb files: " + "; ".join(problems)
        )
    domain = _domain_json(case, plans)
    files = [(domain_name, _json(domain).encode("utf-8") + b"\n")]
    for row, (position, name) in enumerate(zip(case.positions, names, strict=True)):
        profile = _profile_json(position, row, plans, domain, bids[row], dialect)
        files.append((name, _json(profile).encode("utf-8") + b"\n"))
    return write_files(directory, files)


_import_arguments, _import_call = domain_and_profiles("GeniusWeb", "JSON", read_geniusweb)


FORMAT = Format(
    name="geniusweb",
    title="GeniusWeb JSON",
    description="A GeniusWeb domain file and one linear additive profile per party, in the "
    "Java or the Python dialect: issues, weights, utilities and reservation bids.",
    reader=read_geniusweb,
    writer=write_geniusweb,
    output="DIR",
    howto="how-to/import-geniusweb",
    add_arguments=_import_arguments,
    import_call=_import_call,
    inputs=_domain_and_profiles,
)
