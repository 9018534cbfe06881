"""NegMAS negotiation scenarios: YAML files on disk, and NegMAS objects in
memory.

`NegMAS <https://github.com/yasserfarouk/negmas>`_ saves a scenario as a
folder of YAML files: one *domain* file, whose ``type`` is an outcome space
(``CartesianOutcomeSpace`` or ``DiscreteCartesianOutcomeSpace``) and which
lists the issues, and one file per party, whose ``type`` is a utility
function. This module reads such a folder into a :class:`~positions.Case`
(one party and one position per utility function), writes a case back as
one, and converts a case to and from NegMAS objects in memory.

The semantics keep NegMAS's utilities. NegMAS's linear additive utility is
``u(o) = bias + sum_i w_i f_i(o_i)``, with weights and value functions as
they come; positions' is ``U(o) = sum_i s_i v_i(o_i) / sum_i s_i`` with
each ``v_i`` in ``[0, 1]``. Each issue's value function is split as
``f_i = alpha_i + beta_i v_i``: for a discrete issue ``v_i`` is the value
table, as it is when its values lie in ``[0, 1]`` and else divided by their
range (as GENIUS divides raw evaluations; ``alpha_i`` is 0, or the smallest
value when some are negative); for a continuous issue ``v_i`` is the scale's own valuation
``1 - |x - ideal| / (high - low)``, which the function must be up to
``alpha_i`` and ``beta_i``. The salience is ``s_i = w_i beta_i``. Then
``u = K + S U`` with ``K = bias + sum_i w_i alpha_i`` and ``S = sum_i s_i``
for every outcome, and the reservation level is ``(r - K) / S``: the same
outcomes are acceptable, and the Pareto frontier, the Nash and the
Kalai-Smorodinsky points are NegMAS's.

YAML is parsed with PyYAML's safe loader and checked node by node: only
plain scalars, lists and mappings are read (no tags, so no object is ever
constructed from the file, and no aliases, so a small file cannot expand),
at most :data:`MAX_DEPTH` levels deep and :data:`MAX_BYTES` long.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from positions._issues import (
    CategoricalIssue,
    Issue,
    ItemsIssue,
    OrdinalIssue,
    ScaleIssue,
    check_id,
)
from positions._limits import expected_number, listed, shown
from positions._model import Case, Party, Position, Source, Stance
from positions._output import write_files
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats import Format
from positions.formats.case import file_date
from positions.formats.genius import MAX_LEVELS, _issue_name, _make_id, _sanitised

__all__ = ["from_negmas", "read_negmas", "to_negmas", "write_negmas"]

#: Publisher of the sources made for imported files.
PUBLISHER = "NegMAS scenario file"
#: Note of those sources: the date is the file's, not the scenario's.
DATE_NOTE = "date the file was last modified; the file gives none"
#: The longest YAML file read, in bytes: far more than any scenario needs
#: (a table of a million values is about 20 MB).
MAX_BYTES = 64 * 2**20
#: How deep lists and mappings may nest: a NegMAS file needs six levels.
MAX_DEPTH = 64
#: Tolerance for "the value function is the scale's valuation": the numbers
#: in the files are decimal text, so exact comparisons would fail on rounding.
TOLERANCE = 1e-9
#: The clock (NegMAS's ``factor``) of a written ``ExpDiscountedUFun``:
#: GENIUS's meaning, a discount per unit of the negotiation's relative time.
DISCOUNT_CLOCK = "relative_time"

_INSTALL_YAML = "reading and writing NegMAS files needs PyYAML: pip install 'positions[yaml]'"
_INSTALL_NEGMAS = (
    "converting to and from NegMAS objects needs NegMAS: pip install 'positions[negmas]'"
)
_SUFFIXES = (".yml", ".yaml")
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({"str", "int", "float", "bool", "null"})
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_OUTCOME_SPACES = ("CartesianOutcomeSpace", "DiscreteCartesianOutcomeSpace")
_ADDITIVE = ("LinearAdditiveUtilityFunction", "LinearUtilityFunction", "AffineUtilityFunction")
_DISCOUNTED = "ExpDiscountedUFun"
_ISSUE_TYPES = (
    "CategoricalIssue",
    "ContiguousIssue",
    "ContinuousIssue",
    "DiscreteCardinalIssue",
    "DiscreteOrdinalIssue",
)
#: The keys of each value function: True for a required one.
_FUN_KEYS: dict[str, dict[str, bool]] = {
    "TableFun": {"mapping": True},
    "IdentityFun": {},
    "ConstFun": {"bias": True},
    "LinearFun": {"slope": True},
    "AffineFun": {"slope": True, "bias": False},
    "TriangularFun": {"start": True, "middle": True, "end": True, "bias": False, "scale": False},
}
#: Keys NegMAS writes that carry nothing positions reads.
_IGNORED = frozenset({"id", "path", "stability", "outcome_space"})
_DOMAIN_KEYS = frozenset({"type", "name", "issues"}) | _IGNORED
_ISSUE_KEYS = frozenset({"type", "name", "values", "n_levels", "n_values", "id"})
_UFUN_KEYS = frozenset({"type", "name", "reserved_value", "reserved_outcome"}) | _IGNORED
_DISCOUNT_KEYS = _UFUN_KEYS | {"ufun", "discount", "factor", "dynamic_reservation"}


# ---------------------------------------------------------------------------
# YAML, read safely, each value with its place


@attrs.frozen
class _Node:
    """One value of a YAML file: a scalar, a list of nodes or a mapping of
    scalars to nodes, with its key path and line (``None`` in memory)."""

    value: Any
    path: str
    line: int | None = None

    def where(self) -> str:
        """``line N (key.path)`` for a problem at this node."""
        if self.line is None:
            return self.path
        return f"line {self.line} ({self.path})" if self.path else f"line {self.line}"

    def get(self, key: str) -> _Node | None:
        """The node at ``key`` of a mapping node."""
        assert isinstance(self.value, dict)
        found: _Node | None = self.value.get(key)
        return found

    @classmethod
    def of(cls, value: object, path: str = "") -> _Node:
        """A node made from plain Python data (NegMAS's serialised objects):
        tuples are lists, and NumPy numbers Python ones."""
        if isinstance(value, Mapping):
            return cls({_plain(k): cls.of(v, _child(path, k)) for k, v in value.items()}, path)
        if isinstance(value, list | tuple):
            return cls([cls.of(v, f"{path}[{k}]") for k, v in enumerate(value)], path)
        return cls(_plain(value), path)


def _plain(value: object) -> object:
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def _child(path: str, key: object) -> str:
    if isinstance(key, str) and _KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{shown(key)}]"


class _Problems:
    """The problems of one file, each with its place."""

    def __init__(self, name: object) -> None:
        self.name = name
        self.list: list[Problem] = []

    def add(self, node: _Node, message: str) -> None:
        self.list.append(Problem(node.where(), message))

    def check(self) -> None:
        if self.list:
            raise CaseFileError(self.name, self.list)


class _Bad(Exception):
    """A problem at one node (``node``, or else the one being read)."""

    def __init__(self, message: str, node: _Node | None = None) -> None:
        super().__init__(message)
        self.node = node


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise InvalidArgumentError(_INSTALL_YAML) from None
    return yaml


def _line_at(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _parse(path: Path) -> tuple[_Node, dt.date]:
    """The root node of a YAML file, and the day it was last modified."""
    yaml = _yaml()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = (
                f"the file has {size:,} bytes; NegMAS files of more than {MAX_BYTES:,} "
                "are not read"
            )
            raise CaseFileError(path, [Problem("", message)])
        data = path.read_bytes()
        modified = file_date(path)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CaseFileError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = f"the file is not UTF-8 text (byte {data[err.start]:#04x}): save it as UTF-8"
        raise CaseFileError(path, [Problem(f"line {line}", message)]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        said = " ".join(str(x) for x in (err.context, err.problem) if x)
        raise CaseFileError(path, [Problem(where, f"not valid YAML: {said}")]) from None
    except yaml.reader.ReaderError as err:
        message = f"not valid YAML: {err.reason} (character {err.character:#x})"
        raise CaseFileError(
            path, [Problem(f"line {_line_at(text, err.position)}", message)]
        ) from None
    except RecursionError:
        message = f"lists or mappings nested too deeply to read (at most {MAX_DEPTH} levels)"
        raise CaseFileError(path, [Problem("", message)]) from None
    if root is None:
        raise CaseFileError(path, [Problem("", "the file is empty")])
    problems = _Problems(path)
    node = _Converter(yaml, problems).node(root, "", 0)
    problems.check()
    assert node is not None
    return node, modified


class _Converter:
    """Turns a composed YAML node into :class:`_Node` values, refusing what
    a NegMAS file has no use for: tags (they construct objects), aliases
    (they let a small file expand), complex keys, repeated keys, and
    nesting beyond :data:`MAX_DEPTH`."""

    def __init__(self, yaml: Any, problems: _Problems) -> None:
        self.yaml = yaml
        self.problems = problems
        self.loader = yaml.SafeLoader("")
        self.seen: set[int] = set()

    def refuse(self, node: Any, path: str, message: str) -> None:
        self.problems.add(_Node(None, path, node.start_mark.line + 1), message)

    def node(self, node: Any, path: str, depth: int) -> _Node | None:
        yaml = self.yaml
        if id(node) in self.seen:
            message = (
                "YAML aliases (*name) are not read: NegMAS files have none, and they let a "
                "small file stand for a huge one"
            )
            self.refuse(node, path, message)
            return None
        self.seen.add(id(node))
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            message = f"lists or mappings nested too deeply (at most {MAX_DEPTH} levels are read)"
            self.refuse(node, path, message)
            return None
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node, path)
            return None if value is _REFUSED else _Node(value, path, line)
        if not self.plain_tag(node, path, "seq" if isinstance(node, yaml.SequenceNode) else "map"):
            return None
        if isinstance(node, yaml.SequenceNode):
            items = [self.node(v, f"{path}[{k}]", depth + 1) for k, v in enumerate(node.value)]
            return _Node(items, path, line)
        table: dict[object, _Node | None] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.refuse(key_node, path, "a key must be a plain value, not a list or a mapping")
                continue
            key = self.scalar(key_node, path)
            if key is _REFUSED:
                continue
            where = _child(path, key)
            if key in table:
                self.refuse(key_node, where, f"the key {shown(key)} is given twice")
                continue
            table[key] = self.node(value_node, where, depth + 1)
        return _Node(table, path, line)

    def plain_tag(self, node: Any, path: str, kind: str) -> bool:
        if node.tag == _TAG + kind:
            return True
        self.refuse(node, path, _tag_message(node.tag))
        return False

    def scalar(self, node: Any, path: str) -> object:
        tag = node.tag
        if not tag.startswith(_TAG) or tag[len(_TAG) :] not in _SCALAR_TAGS:
            self.refuse(node, path, _tag_message(tag))
            return _REFUSED
        try:
            return self.loader.construct_object(node)
        except (ValueError, KeyError):
            kind = tag[len(_TAG) :]
            if kind == "int" and re.fullmatch(r"[-+]?[0-9_]+", node.value):
                # Python converts at most a few thousand digits to an int.
                message = f"a number of {len(node.value):,} characters is too long"
            else:
                message = f"{shown(node.value)} is not a YAML {kind}"
            self.refuse(node, path, message)
            return _REFUSED


_REFUSED = object()


def _tag_message(tag: str) -> str:
    return (
        f"the YAML tag {shown(tag)} is not read: NegMAS files hold plain text, numbers, lists "
        "and mappings, and a tag could make the reader build other objects"
    )


# ---------------------------------------------------------------------------
# Reading values


def _a(kind: str) -> str:
    """``kind`` with its article: "a TableFun", "an AffineFun"."""
    return f"{'an' if kind[:1] in 'AEIOU' else 'a'} {kind}"


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value)


def _mapping(node: _Node, what: str) -> dict[object, _Node]:
    if not isinstance(node.value, dict):
        raise _Bad(f"{what} must be a mapping (got {_describe(node.value)})", node)
    return node.value


def _list(node: _Node, what: str) -> list[_Node]:
    if not isinstance(node.value, list):
        raise _Bad(f"{what} must be a list (got {_describe(node.value)})", node)
    return node.value


def _number(node: _Node, what: str) -> float:
    value = node.value
    expected = expected_number(value)
    if expected is not None:
        raise _Bad(f"{what} must be {expected} (got {_describe(value)})", node)
    return float(value)


def _parameter(node: _Node, what: str) -> float:
    """A value function's parameter: any finite number (its values are
    checked where they are used, so a tent may reach beyond the range)."""
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(f"{what} must be a finite number (got {_describe(value)})", node)
    return float(value)


def _text(node: _Node, what: str) -> str:
    if not isinstance(node.value, str) or not node.value.strip():
        raise _Bad(f"{what} must be a non-empty text (got {_describe(node.value)})", node)
    return node.value


def _unknown_keys(node: _Node, known: Iterable[str], what: str, problems: _Problems) -> None:
    table = _mapping(node, what)
    names = sorted(known)
    for key, child in table.items():
        if key not in names:
            problems.add(child, f"{what} has no key {shown(key)} (known: {', '.join(names)})")


def _type_name(node: _Node, what: str) -> str:
    """The class named by a mapping's ``type``, without a ``negmas.`` module."""
    found = node.get("type")
    if found is None:
        raise _Bad(f"{what} needs a 'type'", node)
    name = _text(found, f"the 'type' of {what}")
    if "." in name and not name.startswith("negmas."):
        raise _Bad(f"{shown(name)} is not a NegMAS class", found)
    return name.rsplit(".", 1)[-1]


# ---------------------------------------------------------------------------
# The domain


@attrs.frozen
class _DomainIssue:
    """An issue of the domain: its NegMAS name and type, the positions
    issue, and (a discrete one) its NegMAS values."""

    name: str
    kind: str
    issue: ScaleIssue | OrdinalIssue | CategoricalIssue
    values: tuple[object, ...] = ()

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels of a discrete issue."""
        assert not isinstance(self.issue, ScaleIssue)
        return self.issue.levels


def _level(node: _Node, issue: str) -> str:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        hint = (
            ": in YAML, unquoted yes, no, on, off, true and false are booleans; quote them"
            if isinstance(value, bool)
            else ""
        )
        raise _Bad(
            f"a value of issue {issue!r} must be a text or a number "
            f"(got {_describe(value)}){hint}",
            node,
        )
    if isinstance(value, float):
        if expected_number(value) is not None:
            raise _Bad(f"a value of issue {issue!r} must be a finite number (got {value!r})", node)
        return repr(value)
    return str(value)


def _integer(node: _Node, what: str) -> int:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int) or expected_number(value) is not None:
        raise _Bad(
            f"{what} must be an integer of at most 15 digits (got {_describe(value)})", node
        )
    return value


def _domain_issue(node: _Node, taken: dict[str, int], problems: _Problems) -> _DomainIssue:
    _unknown_keys(node, _ISSUE_KEYS, "an issue", problems)
    name_node = node.get("name")
    if name_node is None:
        raise _Bad("an issue needs a 'name'", node)
    name = _text(name_node, "the name of an issue")
    kind = _type_name(node, f"issue {name!r}")
    if kind not in _ISSUE_TYPES:
        raise _Bad(
            f"issue {name!r} is a {kind}; positions reads {', '.join(_ISSUE_TYPES)}",
            node.get("type"),
        )
    found = node.get("values")
    if found is None:
        raise _Bad(f"issue {name!r} needs its 'values'", node)
    issue_id = _make_id(name, "issue", taken)
    label = name if name != issue_id else ""
    if kind == "ContinuousIssue":
        low, high = _bounds(found, name, _number)
        return _DomainIssue(name, kind, ScaleIssue(issue_id, low, high, label=label))
    if kind == "ContiguousIssue":
        if isinstance(found.value, int) and not isinstance(found.value, bool):
            count = _integer(found, f"the number of values of issue {name!r}")
            if count < 2:
                raise _Bad(f"issue {name!r} needs at least two values (got {count})", found)
            first, last = 0, count - 1
        else:
            first, last = (int(x) for x in _bounds(found, name, _integer))
        if last - first + 1 > MAX_LEVELS:
            return _DomainIssue(name, kind, ScaleIssue(issue_id, first, last, label=label))
        values: tuple[object, ...] = tuple(range(first, last + 1))
        levels = [str(v) for v in values]
        return _DomainIssue(name, kind, OrdinalIssue(issue_id, levels, label=label), values)
    items = _list(found, f"the values of issue {name!r}")
    levels = [_level(item, name) for item in items]
    values = tuple(item.value for item in items)
    cls = CategoricalIssue if kind == "CategoricalIssue" else OrdinalIssue
    return _DomainIssue(name, kind, cls(issue_id, levels, label=label), values)


def _bounds(node: _Node, name: str, cast: Any) -> tuple[float, float]:
    items = _list(node, f"the values of issue {name!r}")
    if len(items) != 2:
        raise _Bad(f"issue {name!r} needs two values, its bounds (got {len(items)})", node)
    low, high = (cast(x, f"a bound of issue {name!r}") for x in items)
    if low >= high:
        raise _Bad(
            f"issue {name!r} needs its lower bound below its upper one (got {low} and {high})",
            node,
        )
    return low, high


@attrs.frozen
class _Domain:
    name: str
    issues: tuple[_DomainIssue, ...]


def _read_domain(root: _Node, problems: _Problems, fallback: str) -> _Domain:
    issues: list[_DomainIssue] = []
    name = fallback
    try:
        _unknown_keys(root, _DOMAIN_KEYS, "the domain", problems)
        kind = _type_name(root, "the domain")
        if kind not in _OUTCOME_SPACES:
            raise _Bad(
                f"the domain is a {kind}; positions reads {' and '.join(_OUTCOME_SPACES)}",
                root.get("type"),
            )
        found = root.get("name")
        if found is not None and found.value is not None:
            name = _text(found, "the name of the domain")
        listed_issues = root.get("issues")
        if listed_issues is None:
            raise _Bad("the domain needs its 'issues'", root)
        nodes = _list(listed_issues, "the issues")
        if not nodes:
            raise _Bad("the domain has no issues", listed_issues)
    except _Bad as err:
        problems.add(err.node or root, str(err))
        problems.check()
    taken: dict[str, int] = {}
    names: set[str] = set()
    for node in nodes:
        try:
            found_issue = _domain_issue(node, taken, problems)
        except (_Bad, ModelError) as err:
            place = err.node if isinstance(err, _Bad) and err.node is not None else node
            problems.add(place, str(err))
            continue
        if found_issue.name in names:
            problems.add(node, f"two issues are named {found_issue.name!r}")
            continue
        names.add(found_issue.name)
        issues.append(found_issue)
    problems.check()
    return _Domain(name, tuple(issues))


# ---------------------------------------------------------------------------
# Value functions


@attrs.frozen
class _Fun:
    """One value function, read: its kind and parameters."""

    kind: str
    node: _Node
    table: dict[object, float] = attrs.field(factory=dict)
    slope: float = 0.0
    bias: float = 0.0
    start: float = 0.0
    middle: float = 0.0
    end: float = 0.0
    scale: float = 1.0

    def at(self, x: float) -> float:
        """The function's value at ``x``, as NegMAS computes it."""
        if self.kind == "IdentityFun":
            return x
        if self.kind == "ConstFun":
            return self.bias
        if self.kind in ("LinearFun", "AffineFun"):
            return x * self.slope + self.bias
        assert self.kind == "TriangularFun"
        # A tent: bias outside (start, end), bias + scale at the middle.
        if x <= self.start or x >= self.end:
            return self.bias
        if x <= self.middle:
            return self.bias + self.scale * (x - self.start) / (self.middle - self.start)
        return self.bias + self.scale * (self.end - x) / (self.end - self.middle)

    @property
    def breaks(self) -> tuple[float, ...]:
        """Where the function may bend or jump."""
        return (self.start, self.middle, self.end) if self.kind == "TriangularFun" else ()


def _read_fun(node: _Node, what: str, problems: _Problems) -> _Fun:
    _mapping(node, what)
    kind = _type_name(node, what)
    if kind not in _FUN_KEYS:
        raise _Bad(f"{what} is a {kind}; positions reads {', '.join(_FUN_KEYS)}", node.get("type"))
    keys = _FUN_KEYS[kind]
    _unknown_keys(node, {"type", *keys}, _a(kind), problems)
    for key, required in keys.items():
        if required and node.get(key) is None:
            raise _Bad(f"{_a(kind)} needs its {key!r}", node)
    numbers_: dict[str, float] = {}
    for key in keys:
        found = node.get(key)
        if found is not None and key != "mapping":
            numbers_[key] = _parameter(found, f"the {key!r} of {_a(kind)}")
    if kind == "IdentityFun":
        numbers_["slope"] = 1.0
    if kind == "TriangularFun" and not (
        numbers_["start"] <= numbers_["middle"] <= numbers_["end"]
    ):
        raise _Bad(f"{_a(kind)} needs start <= middle <= end", node)
    table: dict[object, float] = {}
    mapping = node.get("mapping")
    if mapping is not None:
        for value, child in _mapping(mapping, f"the mapping of a {kind}").items():
            try:
                table[value] = _number(child, f"the value of {shown(value)}")
            except _Bad as err:
                problems.add(child, str(err))
    return _Fun(kind, node, table, **numbers_)


def _tent_fit(fun: _Fun, issue: _DomainIssue) -> tuple[float, float, float]:
    """``(alpha, beta, ideal)`` such that the function is
    ``alpha + beta * (1 - |x - ideal| / (high - low))`` on ``[low, high]``."""
    assert isinstance(issue.issue, ScaleIssue)
    low, high = issue.issue.low, issue.issue.high
    what = (
        f"issue {issue.name!r} is continuous"
        if issue.kind == "ContinuousIssue"
        else f"issue {issue.name!r} has more than {MAX_LEVELS:,} integers and is read as a scale"
    )
    if fun.kind == "TableFun":
        raise _Bad(f"{what}, but a TableFun values listed values only", fun.node)
    span = high - low
    f_low, f_high = fun.at(low), fun.at(high)
    candidates: list[tuple[float, float, float]] = []
    if fun.kind == "TriangularFun" and low <= fun.middle <= high:
        candidates.append((fun.bias, fun.scale, fun.middle))
        if low < fun.middle < high:
            beta = (fun.at(fun.middle) - f_low) * span / (fun.middle - low)
            candidates.append((fun.at(fun.middle) - beta, beta, fun.middle))
    if f_high >= f_low:
        candidates.append((f_low, f_high - f_low, high))
    else:
        candidates.append((f_high, f_low - f_high, low))
    for alpha, beta, ideal in candidates:
        if beta >= 0 and _fits(fun, alpha, beta, ideal, low, high):
            return alpha, beta, ideal
    raise _Bad(
        f"{what}: positions values a scale issue as "
        "1 - |x - ideal| / (high - low), so its value function must be that up to a constant "
        "and a factor >= 0 (a line, or a tent falling by its height over the whole range); "
        f"this {fun.kind} is {f_low:g} at {low:g} and {f_high:g} at {high:g}",
        fun.node,
    )


def _fits(fun: _Fun, alpha: float, beta: float, ideal: float, low: float, high: float) -> bool:
    """Whether the function is the tent on ``[low, high]``: both are linear
    between the points where either bends, so checking those points and two
    inside each piece checks them everywhere (a jump included)."""
    span = high - low
    tol = TOLERANCE * max(abs(alpha) + beta, 1e-300)
    cuts = sorted({low, high, ideal, *(b for b in fun.breaks if low < b < high)})
    points = list(cuts)
    for a, b in itertools.pairwise(cuts):
        points += [a + (b - a) / 3, a + 2 * (b - a) / 3]
    return all(
        abs(fun.at(x) - (alpha + beta * (1 - abs(x - ideal) / span))) <= tol for x in points
    )


def _table_values(fun: _Fun, issue: _DomainIssue) -> list[float]:
    """The function's value at each value of a discrete issue."""
    if fun.kind == "TableFun":
        index = {v: k for k, v in enumerate(issue.values)}
        unknown = [k for k in fun.table if k not in index]
        missing = [issue.levels[k] for k, v in enumerate(issue.values) if v not in fun.table]
        if unknown or missing:
            parts = []
            if missing:
                parts.append(f"it gives no value for {listed(missing)}")
            if unknown:
                parts.append(f"{listed(unknown)} are not values of issue {issue.name!r}")
            raise _Bad(
                "the mapping must value every value of the issue once: " + "; ".join(parts),
                fun.node.get("mapping"),
            )
        return [fun.table[v] for v in issue.values]
    texts = [v for v in issue.values if isinstance(v, bool) or not isinstance(v, int | float)]
    if texts:
        raise _Bad(
            f"{_a(fun.kind)} computes with numbers, but issue {issue.name!r} has the values "
            f"{listed(texts)}",
            fun.node,
        )
    return [fun.at(float(v)) for v in issue.values]  # type: ignore[arg-type]


def _stance(fun: _Fun, issue: _DomainIssue, weight: float) -> tuple[Stance, float, float]:
    """The stance a value function gives, and its ``alpha`` and ``beta``."""
    if isinstance(issue.issue, ScaleIssue):
        alpha, beta, ideal = _tent_fit(fun, issue)
        return Stance(issue.issue, ideal=ideal, salience=weight * beta), alpha, beta
    raw = _table_values(fun, issue)
    for level, x in zip(issue.levels, raw, strict=True):
        if expected_number(x) is not None:
            message = (
                f"the value function gives {x!r} for {level!r}, out of the range positions reads"
            )
            raise _Bad(message, fun.node)
    # Values in [0, 1] are kept; wider ones (raw evaluations) are divided by
    # their range, GENIUS's rule; negative ones are shifted up first.
    alpha = min(0.0, *raw)
    beta = max(1.0, max(raw) - alpha)
    table = [(x - alpha) / beta for x in raw]
    best = issue.levels[table.index(max(table))]
    stance = Stance(issue.issue, ideal=best, salience=weight * beta, values=tuple(table))
    return stance, alpha, beta


# ---------------------------------------------------------------------------
# Utility functions


@attrs.frozen
class _Utility:
    """What a utility function says, as positions holds it."""

    name: str | None
    stances: tuple[Stance, ...]
    offset: float
    scale: float
    reservation: float | None
    discount: float | None


def _per_issue(node: _Node | None, names: Sequence[str], key: str) -> list[_Node | None]:
    """One node (or ``None``) per issue, from a list with one entry per
    issue or a mapping by issue name (an issue left out takes NegMAS's
    default: the weight 1, the identity function)."""
    if node is None or node.value is None:
        return [None] * len(names)
    if isinstance(node.value, dict):
        unknown = [k for k in node.value if k not in names]
        if unknown:
            raise _Bad(f"the {key} name issues the domain does not have: {listed(unknown)}", node)
        return [node.get(name) for name in names]
    items = _list(node, f"the {key}")
    if len(items) != len(names):
        message = (
            f"the {key} must give one entry per issue of the domain ({len(names)}), "
            f"not {len(items)}"
        )
        raise _Bad(message, node)
    return list(items)


def _weight(node: _Node | None, name: str) -> float:
    """An issue's weight: 1 when none is given, as in NegMAS."""
    if node is None:
        return 1.0
    weight = _number(node, f"the weight of issue {name!r}")
    if weight < 0:
        raise _Bad(f"weights must be >= 0 (got {weight:g})", node)
    return weight


def _additive(
    node: _Node, kind: str, domain: _Domain, problems: _Problems
) -> tuple[list[Stance], float, float]:
    """The stances, ``K`` and ``S`` of a linear additive utility function
    (a ``LinearUtilityFunction`` values every issue by the identity)."""
    own = {"weights", "bias"} | ({"values"} if kind == _ADDITIVE[0] else set())
    _unknown_keys(node, _UFUN_KEYS | own, _a(kind), problems)
    names = [d.name for d in domain.issues]
    weights: list[_Node | None] = [None] * len(names)
    funs: list[_Node | None] = [None] * len(names)
    bias = 0.0
    broken = False
    for key in sorted(own):
        found = node.get(key)
        try:
            if key == "weights":
                weights = _per_issue(found, names, key)
            elif key == "values":
                funs = _per_issue(found, names, key)
            elif found is not None:
                bias = _number(found, "the bias")
        except _Bad as err:
            problems.add(err.node or node, str(err))
            broken = True
    if broken:
        problems.check()
    stances: list[Stance] = []
    alphas: list[float] = []
    betas: list[float] = []
    for issue, weight_node, fun_node in zip(domain.issues, weights, funs, strict=True):
        # The weight and the value function are checked apart, so that the
        # problems of both are reported.
        try:
            weight = _weight(weight_node, issue.name)
        except _Bad as err:
            problems.add(err.node or node, str(err))
            weight = 1.0
        try:
            if fun_node is None:
                fun = _Fun("IdentityFun", node, slope=1.0)
            else:
                what = f"the value function of issue {issue.name!r}"
                fun = _read_fun(fun_node, what, problems)
            stance, alpha, beta = _stance(fun, issue, weight)
        except (_Bad, ModelError) as err:
            place = err.node if isinstance(err, _Bad) and err.node is not None else node
            problems.add(place, str(err))
            continue
        stances.append(stance)
        alphas.append(weight * alpha)
        betas.append(weight * beta)
    problems.check()
    return stances, bias + math.fsum(alphas), math.fsum(betas)


def _reserved(node: _Node | None) -> float | None:
    """A reserved value: ``None`` when it is missing, null or ``-inf``."""
    if node is None or node.value is None:
        return None
    value = node.value
    if isinstance(value, float) and value == -math.inf:
        return None
    return _number(node, "the reserved value")


def _read_utility(root: _Node, domain: _Domain, problems: _Problems) -> _Utility:
    try:
        _mapping(root, "a utility function")
        kind = _type_name(root, "a utility function")
        name_node = root.get("name")
        name = None
        if name_node is not None and name_node.value not in (None, ""):
            name = _text(name_node, "the name")
        outer = root.get("reserved_outcome")
        if outer is not None and outer.value is not None:
            raise _Bad(
                "a reserved outcome is not read: give the reserved value, the utility of "
                "no agreement",
                outer,
            )
        discount = None
        core, core_kind = root, kind
        if kind == _DISCOUNTED:
            _unknown_keys(root, _DISCOUNT_KEYS, _a(kind), problems)
            found = root.get("discount")
            if found is not None and found.value is not None:
                discount = _number(found, "the discount")
                if not 0 <= discount <= 1:
                    raise _Bad(f"the discount must lie in [0, 1] (got {discount:g})", found)
            inner = root.get("ufun")
            if inner is None:
                raise _Bad(f"{_a(kind)} needs the 'ufun' it discounts", root)
            _mapping(inner, "the discounted 'ufun'")
            core, core_kind = inner, _type_name(inner, "the discounted 'ufun'")
            inner_outcome = inner.get("reserved_outcome")
            if inner_outcome is not None and inner_outcome.value is not None:
                raise _Bad(
                    "a reserved outcome is not read: give the reserved value", inner_outcome
                )
        if core_kind not in _ADDITIVE:
            hint = (
                ": linear discounting, a cost per unit of time, has no counterpart in positions"
                if core_kind == "LinDiscountedUFun"
                else ""
            )
            raise _Bad(
                f"{_a(core_kind)} is not read: positions reads {', '.join(_ADDITIVE)}, "
                f"each perhaps in an {_DISCOUNTED}{hint}",
                core.get("type"),
            )
        # NegMAS uses the wrapper's reserved value; files converted from
        # GENIUS leave it at -inf and keep the profile's on the wrapped one.
        reserved_node = root.get("reserved_value")
        reserved = _reserved(reserved_node)
        if reserved is None and core is not root:
            reserved_node = core.get("reserved_value")
            reserved = _reserved(reserved_node)
    except _Bad as err:
        problems.add(err.node or root, str(err))
        problems.check()
    stances, offset, scale = _additive(core, core_kind, domain, problems)
    reservation = None
    if scale <= 0:
        problems.add(
            root,
            "the utility function gives every outcome the same utility (no weight is on "
            "an issue whose values differ)",
        )
    elif reserved is not None:
        reservation = (reserved - offset) / scale
        if reservation > 1 + TOLERANCE:
            problems.add(
                reserved_node or root,
                f"the reserved value {reserved:g} is above the best utility, {offset + scale:g}: "
                "no outcome would be acceptable, which a reservation level cannot say",
            )
        reservation = min(1.0, max(0.0, reservation))
    problems.check()
    return _Utility(name, tuple(stances), offset, scale, reservation, discount)


# ---------------------------------------------------------------------------
# Cases


def _note(utility: _Utility) -> str:
    if utility.offset == 0 and utility.scale == 1:
        return ""
    offset = f"{utility.offset:.15g} + " if utility.offset else ""
    return (
        f"NegMAS's utility is {offset}{utility.scale:.15g} times this position's (its "
        "reserved value is scaled alike)."
    )


def _position(utility: _Utility, party: Party, **fields: Any) -> Position:
    return Position(
        party.id,
        party=party,
        stances=utility.stances,
        reservation=utility.reservation,
        discount_factor=utility.discount,
        note=_note(utility),
        **fields,
    )


def _case_id(name: str, fallback: str) -> str:
    return _sanitised(name) or _sanitised(fallback) or "negmas"


def _check_case_id(case_id: str | None) -> None:
    if case_id is not None:
        try:
            check_id("case_id", case_id)
        except ModelError as err:
            raise InvalidArgumentError(str(err)) from None


@attrs.frozen
class _File:
    path: Path
    root: _Node
    modified: dt.date

    @property
    def kind(self) -> str:
        """The file's ``type``, or ``""`` if it names none."""
        value = self.root.value
        said = value.get("type") if isinstance(value, dict) else None
        return said.value if said is not None and isinstance(said.value, str) else ""

    def source(self, taken: dict[str, int]) -> Source:
        return Source(
            _make_id(self.path.name, "file", taken),
            title=self.path.name,
            date=self.modified.isoformat(),
            publisher=PUBLISHER,
            note=DATE_NOTE,
        )


def _files(
    folder_or_files: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> tuple[_File, list[_File]]:
    """The domain file and the utility-function files, parsed."""
    if isinstance(folder_or_files, str | os.PathLike):
        given = Path(folder_or_files)
        if given.is_dir():
            names = sorted(
                p
                for p in given.iterdir()
                if p.suffix in _SUFFIXES and not p.name.startswith((".", "_")) and p.is_file()
            )
            # Files that name no NegMAS type (notes, settings) are skipped;
            # every other one is the domain or a utility function.
            files = [f for f in (_File(p, *_parse(p)) for p in names) if f.kind]
            where = f"the folder {given}"
        else:
            files = [_File(given, *_parse(given))]
            where = str(given)
    else:
        files = [_File(Path(p), *_parse(Path(p))) for p in folder_or_files]
        where = "the files given"
    domains = [f for f in files if "OutcomeSpace" in f.kind]
    if len(domains) != 1:
        names_ = [f.path.name for f in domains]
        msg = (
            f"{where}: expected one NegMAS domain file (a YAML file whose type is an outcome "
            f"space), found {len(domains)}" + (f": {names_!r}" if names_ else "")
        )
        raise InvalidArgumentError(msg)
    return domains[0], [f for f in files if f is not domains[0]]


def read_negmas(
    folder_or_files: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    case_id: str | None = None,
) -> Case:
    """Read a NegMAS scenario (a domain YAML file and one utility-function
    YAML file per party) into a case.

    Give the scenario's folder, or its files. In a folder every ``.yml`` and
    ``.yaml`` file is read except those whose name starts with ``_`` or
    ``.`` (NegMAS's own notes and statistics) and those that name no
    ``type``; the domain is the one file whose ``type`` is an outcome space,
    and the others, utility functions, are read in the order of their
    names. Of files given one by one, the domain is found the same way and
    the utility functions keep their order.

    Each utility function becomes a party (its id made from the file name,
    its name the function's ``name``) and one position of that party, with
    NegMAS's utilities: NegMAS's utility of every outcome is ``K`` plus ``S``
    times the position's, with the offset ``K`` and the scale ``S`` the same for
    all outcomes, and the reservation level is the reserved value on the
    same scale, so the same outcomes are acceptable and the Pareto frontier
    and the Nash point are NegMAS's. A discrete issue's values become a
    value table (as they are when they lie in ``[0, 1]``, else divided by
    their range, GENIUS's rule for raw evaluations), a continuous issue's
    value function the scale's valuation ``1 - |x - ideal| / (high - low)``,
    which it must be up to a constant and a factor, and the weights times
    those factors the saliences; an ``ExpDiscountedUFun``'s discount is the
    discount factor. A position whose ``K`` is not 0 or ``S`` not 1 says so
    in its note. Every file becomes a source, dated by the file's
    modification date (UTC). The how-to page *Import and export NegMAS
    scenarios* has the details.

    Raises
    ------
    CaseFileError
        For the first file that cannot be read, with every problem found in
        it and its place (line and key path). No partial case is returned.
    InvalidArgumentError
        If PyYAML is not installed, there is not exactly one domain file,
        or ``case_id`` is not a valid id.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from positions import read_negmas
    >>> domain = '''
    ... name: lease
    ... type: DiscreteCartesianOutcomeSpace
    ... issues:
    ... - {name: years, type: ContiguousIssue, values: [1, 3]}
    ... - {name: deposit, type: CategoricalIssue, values: [none, one month]}
    ... '''
    >>> tenant = '''
    ... name: tenant
    ... type: LinearAdditiveUtilityFunction
    ... reserved_value: 0.4
    ... weights: [0.6, 0.4]
    ... values:
    ... - {type: AffineFun, slope: 0.5, bias: -0.5}
    ... - {type: TableFun, mapping: {none: 1.0, one month: 0.25}}
    ... '''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = pathlib.Path(tmp)
    ...     _ = (folder / "lease.yml").write_text(domain)
    ...     _ = (folder / "tenant.yml").write_text(tenant)
    ...     case = read_negmas(folder)
    >>> p = case.position("tenant")
    >>> p.stance("years").values, p.weights, p.reservation
    ((0.0, 0.5, 1.0), {'years': 0.6, 'deposit': 0.4}, 0.4)
    """
    _check_case_id(case_id)
    domain_file, ufun_files = _files(folder_or_files)
    problems = _Problems(domain_file.path)
    domain = _read_domain(domain_file.root, problems, domain_file.path.stem)
    source_ids: dict[str, int] = {}
    party_ids: dict[str, int] = {}
    sources = [domain_file.source(source_ids)]
    parties: list[Party] = []
    positions: list[Position] = []
    for file in ufun_files:
        utility = _read_utility(file.root, domain, _Problems(file.path))
        source = file.source(source_ids)
        stem = file.path.stem
        party = Party(_make_id(stem, "party", party_ids), name=utility.name or stem)
        positions.append(
            _position(
                utility,
                party,
                date=file.modified,
                status="stated",
                source=source,
                label=f"NegMAS utility function {file.path.name}",
            )
        )
        parties.append(party)
        sources.append(source)
    names = ", ".join(f.path.name for f in ufun_files) or "none"
    return Case(
        case_id or _case_id(domain.name, domain_file.path.stem),
        title=f"NegMAS scenario {domain.name}",
        description=f"Imported from the NegMAS domain {domain_file.path.name} and the "
        f"utility functions {names}.",
        issues=[d.issue for d in domain.issues],
        parties=parties,
        sources=sources,
        positions=positions,
    )


# ---------------------------------------------------------------------------
# Writing: one plan for the files and for the objects


_INTEGER = re.compile(r"-?[0-9]{1,16}")


def _typed(levels: Sequence[str]) -> tuple[object, ...]:
    """The NegMAS values of some levels: integers or floats when every level
    is one written as Python writes it (so that it reads back as the same
    text), else the levels themselves."""
    if all(_INTEGER.fullmatch(lv) and str(int(lv)) == lv for lv in levels):
        ints = tuple(int(lv) for lv in levels)
        if all(expected_number(x) is None for x in ints):
            return ints
    try:
        floats = tuple(float(lv) for lv in levels)
    except ValueError:
        return tuple(levels)
    canonical = all(
        repr(x) == lv and expected_number(x) is None for x, lv in zip(floats, levels, strict=True)
    )
    return floats if canonical and len(set(floats)) == len(floats) else tuple(levels)


@attrs.frozen
class _IssuePlan:
    """How one issue is written: its NegMAS name, type and values, and the
    NegMAS value of each level."""

    issue: Issue
    name: str
    kind: str
    values: tuple[object, ...]
    keys: tuple[object, ...] = ()

    def domain(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.kind, "values": list(self.values)}


def _issue_plan(issue: Issue) -> _IssuePlan:
    name = _issue_name(issue)
    if isinstance(issue, ScaleIssue):
        return _IssuePlan(issue, name, "ContinuousIssue", (issue.low, issue.high))
    assert isinstance(issue, OrdinalIssue | CategoricalIssue)
    keys = _typed(issue.levels)
    if isinstance(issue, CategoricalIssue):
        return _IssuePlan(issue, name, "CategoricalIssue", keys, keys)
    if all(isinstance(k, int) for k in keys):
        first = keys[0]
        assert isinstance(first, int)
        if keys == tuple(range(first, first + len(keys))) and len(keys) <= MAX_LEVELS:
            return _IssuePlan(issue, name, "ContiguousIssue", (first, keys[-1]), keys)
    if all(isinstance(k, int | float) for k in keys):
        return _IssuePlan(issue, name, "DiscreteCardinalIssue", keys, keys)
    return _IssuePlan(issue, name, "DiscreteOrdinalIssue", keys, keys)


def _scaled(level: float, scale: float) -> float:
    """The reserved value that reads back, divided by ``scale``, as the
    reservation level ``level``: ``level * scale``, or a neighbouring float
    when rounding needs one."""
    x = level * scale
    near = (x, math.nextafter(x, math.inf), math.nextafter(x, -math.inf))
    return min(near, key=lambda y: abs(y / scale - level))


def _stance_or_none(position: Position, issue_id: str) -> Stance | None:
    try:
        return position.stance(issue_id)
    except KeyError:
        return None


def _ufun(position: Position, plans: Sequence[_IssuePlan]) -> dict[str, Any]:
    """The utility function of a position, as NegMAS serialises one."""
    weights: list[float] = []
    funs: list[dict[str, Any]] = []
    for plan in plans:
        stance = _stance_or_none(position, plan.issue.id)
        issue = plan.issue
        if isinstance(issue, ScaleIssue):
            if stance is None:
                fun: dict[str, Any] = {"type": "ConstFun", "bias": 0.0}
            else:
                # The tent 1 - |x - ideal| / span, on the range and beyond.
                c = float(stance.ideal)  # type: ignore[arg-type]
                fun = {
                    "type": "TriangularFun",
                    "start": c - issue.span,
                    "middle": c,
                    "end": c + issue.span,
                    "bias": 0.0,
                    "scale": 1.0,
                }
        else:
            assert isinstance(issue, OrdinalIssue | CategoricalIssue)
            table = (
                [0.0] * len(issue.levels)
                if stance is None
                else [stance.value(lv) for lv in issue.levels]
            )
            fun = {"type": "TableFun", "mapping": dict(zip(plan.keys, table, strict=True))}
        weights.append(0.0 if stance is None else stance.salience)
        funs.append(fun)
    # NegMAS's utility is the sum of the saliences times positions'.
    scale = math.fsum(weights)
    reserved = -math.inf if position.reservation is None else _scaled(position.reservation, scale)
    ufun: dict[str, Any] = {
        "name": position.id,
        "type": "LinearAdditiveUtilityFunction",
        "reserved_value": reserved,
        "weights": weights,
        "values": funs,
    }
    if not position.discount_factor:
        return ufun
    return {
        "name": position.id,
        "type": _DISCOUNTED,
        "discount": float(position.discount_factor),
        "factor": DISCOUNT_CLOCK,
        "dynamic_reservation": True,
        "reserved_value": reserved,
        "ufun": ufun,
    }


def _plan(
    case: Case, chosen: Sequence[Position], what: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The domain and the utility functions of ``chosen``, as NegMAS
    serialises them; :class:`InvalidArgumentError` naming everything NegMAS
    cannot represent."""
    problems: list[str] = []
    items = [i.id for i in case.issues if isinstance(i, ItemsIssue)]
    if items:
        problems.append(f"weighted-item issues have no NegMAS counterpart: {items!r}")
    plans = [_issue_plan(i) for i in case.issues if not isinstance(i, ItemsIssue)]
    if not plans and not items:
        problems.append("the case has no issues")
    ufuns = [_ufun(p, plans) for p in chosen] if plans else []
    if problems:
        raise InvalidArgumentError(f"case {case.id!r} cannot be {what}: " + "; ".join(problems))
    discrete = all(p.kind != "ContinuousIssue" for p in plans)
    domain = {
        "name": case.id,
        "type": _OUTCOME_SPACES[1] if discrete else _OUTCOME_SPACES[0],
        "issues": [p.domain() for p in plans],
    }
    return domain, ufuns


def write_negmas(case: Case, directory: str | os.PathLike[str]) -> list[Path]:
    """Write a case as a NegMAS scenario: ``<case id>.yml`` (the domain) and
    one utility function ``<position id>.yml`` per position; return their
    paths, domain first.

    Scale issues become continuous issues, ordinal issues contiguous ones
    when their levels are consecutive integers (at most 1,000 of them), else
    discrete cardinal (numbers) or ordinal (text) ones, and categorical issues
    categorical ones; levels that are integers or floats as Python writes
    them become numbers. Each position becomes a ``LinearAdditiveUtilityFunction``:
    its saliences as they are (0 for an issue it does not address) as the
    weights, a ``TableFun`` of its value of each level per discrete issue,
    and per scale issue the ``TriangularFun`` that is the scale's valuation
    ``1 - |x - ideal| / (high - low)``. NegMAS does not normalise weights, so
    its utility is positions' times the sum of the saliences, and the
    reserved value is the reservation level times that sum (``-inf``
    without one). A discount factor other than 0
    wraps it in an ``ExpDiscountedUFun`` per unit of relative time, GENIUS's
    meaning; 0, GENIUS's "no discount", is not written. Red lines, party
    names, sources, dates, units and descriptions have no place in the files.
    Reading the files back with :func:`read_negmas` gives the same utility
    for every outcome (and, when every position addresses every issue with a
    value table on each discrete one and no red line, the same stances).

    The files are all written or none is (see :func:`positions.formats.write`).

    Raises
    ------
    InvalidArgumentError
        Naming everything NegMAS files cannot hold: weighted-item issues, a
        case without issues, a position file that would be the domain file;
        or if PyYAML is not installed, or a file would go where a symbolic
        link is. Nothing is written then.
    OSError
        If a file cannot be written; the folder is then as it was.

    Examples
    --------
    >>> import tempfile, positions
    >>> from positions import read_negmas, write_negmas
    >>> price = positions.ScaleIssue("price", low=0, high=100)
    >>> buyer = positions.Party("buyer", name="Buyer")
    >>> case = positions.Case("deal", title="A deal", issues=[price], parties=[buyer],
    ...     positions=[positions.Position("buyer-1", party=buyer,
    ...     stances=[positions.Stance(price, ideal=20.0)], reservation=0.5)])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_negmas(case, tmp)
    ...     back = read_negmas(tmp, case_id="deal")
    >>> [p.name for p in paths], back.position("buyer-1").stance("price").ideal
    (['deal.yml', 'buyer-1.yml'], 20.0)
    """
    yaml = _yaml()
    domain, ufuns = _plan(case, case.positions, "written as NegMAS files")
    domain_name = f"{case.id}.yml"
    names = [f"{p.id}.yml" for p in case.positions]
    if domain_name in names:
        msg = (
            f"case {case.id!r} cannot be written as NegMAS files: a position's file would "
            f"be the domain file {domain_name!r}"
        )
        raise InvalidArgumentError(msg)

    def text(data: dict[str, Any]) -> bytes:
        dumped: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, default_flow_style=False
        )
        return dumped.encode("utf-8")

    files = [(domain_name, text(domain))]
    files.extend((name, text(ufun)) for name, ufun in zip(names, ufuns, strict=True))
    return write_files(directory, files)


# ---------------------------------------------------------------------------
# NegMAS objects in memory


def _negmas() -> Any:
    try:
        import negmas.inout
        import negmas.outcomes
        import negmas.preferences
        import negmas.serialization
    except ImportError:
        raise InvalidArgumentError(_INSTALL_NEGMAS) from None
    return negmas


def _chosen(case: Case, positions: Sequence[str | Position] | None) -> list[Position]:
    if positions is None:
        return list(case.positions)
    ids = {p.id: p for p in case.positions}
    chosen = []
    for p in positions:
        key = p.id if isinstance(p, Position) else p
        if (
            not isinstance(key, str)
            or key not in ids
            or (isinstance(p, Position) and ids[key] != p)
        ):
            msg = (
                f"to_negmas: {shown(p)} is not a position of case {case.id!r} "
                f"(its positions: {listed(ids)})"
            )
            raise InvalidArgumentError(msg)
        chosen.append(ids[key])
    return chosen


def to_negmas(case: Case, positions: Sequence[str | Position] | None = None) -> Any:
    """The case as a NegMAS ``negmas.inout.Scenario``: its outcome
    space (one NegMAS issue per issue of the case) and one utility function
    per position (every position of the case, or those given, by id or as
    objects, in that order), named by the position's id.

    The objects are exactly what NegMAS reads from the files
    :func:`write_negmas` writes (see there for what becomes what): NegMAS
    computes the same utility for every outcome, up to the factor of each
    position's sum of saliences, and the same outcomes are acceptable, so
    its Pareto frontier and Nash point are positions'.

    Raises
    ------
    InvalidArgumentError
        If NegMAS is not installed, a position is not one of the case's, or
        the case holds what NegMAS cannot represent (see
        :func:`write_negmas`).

    Examples
    --------
    >>> import positions
    >>> from positions import to_negmas
    >>> seat = positions.CategoricalIssue("seat", levels=("oslo", "rome"))
    >>> a = positions.Party("a", name="A")
    >>> case = positions.Case("talks", title="Talks", issues=[seat], parties=[a],
    ...     positions=[positions.Position("a-1", party=a,
    ...     stances=[positions.Stance(seat, ideal="rome")], reservation=0.25)])
    >>> scenario = to_negmas(case)
    >>> (ufun,) = scenario.ufuns
    >>> ufun.name, float(ufun(("rome",))), float(ufun(("oslo",))), ufun.reserved_value
    ('a-1', 1.0, 0.0, 0.25)
    """
    if not isinstance(case, Case):
        msg = f"to_negmas needs a Case, not {type(case).__name__}"
        raise InvalidArgumentError(msg)
    negmas = _negmas()
    domain, ufuns = _plan(case, _chosen(case, positions), "converted to NegMAS")
    outcomes, prefs = negmas.outcomes, negmas.preferences
    issues = [
        getattr(outcomes, d["type"])(tuple(d["values"]), name=d["name"]) for d in domain["issues"]
    ]
    space = outcomes.make_os(issues, name=case.id)

    def ufun(data: dict[str, Any]) -> Any:
        fields = {k: v for k, v in data.items() if k != "type"}
        if data["type"] == _DISCOUNTED:
            fields["ufun"] = ufun(fields["ufun"])
        else:
            fields["values"] = [
                getattr(prefs, f["type"])(**{k: v for k, v in f.items() if k != "type"})
                for f in fields["values"]
            ]
        return getattr(prefs, data["type"])(outcome_space=space, **fields)

    return negmas.inout.Scenario(
        outcome_space=space, ufuns=tuple(ufun(u) for u in ufuns), name=case.id
    )


def _with_bias(ufun: Any, data: dict[str, Any]) -> dict[str, Any]:
    """NegMAS's serialised utility function with its bias, which NegMAS
    0.16 leaves out of a linear additive function's data."""
    kind = str(data.get("type", ""))
    inner = data.get("ufun")
    if kind.endswith(_DISCOUNTED) and isinstance(inner, dict):
        data["ufun"] = _with_bias(ufun.ufun, inner)
    elif kind.endswith(_ADDITIVE[0]) and "bias" not in data:
        bias: float = getattr(ufun, "_bias", 0.0)
        if bias:
            data["bias"] = bias
    return data


def from_negmas(scenario: Any, *, case_id: str | None = None) -> Case:
    """A case made of a NegMAS ``negmas.inout.Scenario``: its issues
    and one party and one position per utility function, with the semantics
    of :func:`read_negmas` (NegMAS's utilities, up to the offset and scale
    each position's note gives). The ids come from the utility functions'
    names; no source or date is known.

    Raises
    ------
    InvalidArgumentError
        If NegMAS is not installed, ``scenario`` is not a NegMAS scenario,
        ``case_id`` is not a valid id, or the scenario holds what
        :func:`read_negmas` cannot read (naming every problem and where).

    Examples
    --------
    >>> from negmas.inout import Scenario
    >>> from negmas.outcomes import make_issue, make_os
    >>> from negmas.preferences import LinearAdditiveUtilityFunction, TableFun
    >>> from positions import from_negmas
    >>> space = make_os([make_issue(["oslo", "rome", "vienna"], name="seat")], name="talks")
    >>> ufun = LinearAdditiveUtilityFunction(
    ...     values=[TableFun({"oslo": 2.0, "rome": 4.0, "vienna": 0.0})], weights=[1.0],
    ...     outcome_space=space, reserved_value=1.0, name="host")
    >>> case = from_negmas(Scenario(outcome_space=space, ufuns=(ufun,)))
    >>> host = case.position("host")
    >>> host.stance("seat").values, host.reservation
    ((0.5, 1.0, 0.0), 0.25)
    """
    negmas = _negmas()
    if not isinstance(scenario, negmas.inout.Scenario):
        msg = f"from_negmas needs a NegMAS Scenario, not {type(scenario).__name__}"
        raise InvalidArgumentError(msg)
    _check_case_id(case_id)
    # Each object as NegMAS serialises it (Scenario.serialize would drop
    # the levels named "id" from value tables).
    serialize = negmas.serialization.serialize
    try:
        problems = _Problems("the NegMAS outcome space")
        found = serialize(scenario.outcome_space, python_class_identifier="type")
        domain = _read_domain(_Node.of(found), problems, "negmas")
        party_ids: dict[str, int] = {}
        parties: list[Party] = []
        chosen: list[Position] = []
        for k, ufun in enumerate(scenario.ufuns):
            raw = _with_bias(ufun, serialize(ufun, python_class_identifier="type"))
            utility = _read_utility(
                _Node.of(raw), domain, _Problems(f"NegMAS utility function {k}")
            )
            # A name NegMAS made of a file's path: the file's name, no suffix.
            base = re.split(r"[\\/]", utility.name or "")[-1]
            name = re.sub(r"\.(xml|ya?ml|json)$", "", base, flags=re.IGNORECASE) or f"party{k + 1}"
            party = Party(_make_id(name, f"party{k + 1}", party_ids), name=name)
            chosen.append(_position(utility, party, label=f"NegMAS utility function {name}"))
            parties.append(party)
    except CaseFileError as err:
        raise InvalidArgumentError(f"the NegMAS scenario cannot be converted: {err}") from None
    return Case(
        case_id or _case_id(str(scenario.name or domain.name), "negmas"),
        title=f"NegMAS scenario {scenario.name or domain.name}",
        description="Converted from a NegMAS scenario in memory.",
        issues=[d.issue for d in domain.issues],
        parties=parties,
        positions=chosen,
    )


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FOLDER",
        help="the scenario's folder: a domain YAML file and one utility-function YAML file "
        "per position",
    )


FORMAT = Format(
    name="negmas",
    title="NegMAS YAML",
    description="A NegMAS scenario folder: a domain YAML file (the issues) and one "
    "utility-function YAML file per party: weights, value functions, reserved values and "
    "discounts.",
    reader=read_negmas,
    writer=write_negmas,
    output="DIR",
    extra="yaml",
    howto="how-to/import-negmas",
    add_arguments=_import_arguments,
)
