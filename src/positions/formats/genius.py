"""Reading and writing GENIUS negotiation domains and preference profiles.

GENIUS (and the ANAC competitions run on it) describes a negotiation with
one *domain* file, which lists the issues and their values, and one
*profile* file per party, which gives each issue a weight and each value an
evaluation. This module turns such files into a :class:`~positions.Case`
(one party and one position per profile) and writes a case back.

The semantics follow GENIUS:

* a discrete evaluation is divided by the largest evaluation of its issue,
  so the best value of each issue is worth 1 (an issue whose evaluations
  are all 0 is worth 0 everywhere); a value the profile leaves out counts 0;
* an integer evaluator is linear, ``offset + slope * (x - lowerbound)``
  (or ``parameter1 * x + parameter0`` in the older form), cut to
  ``[0, 1]``; positions then divides it by its largest value, as for
  discrete issues;
* a real evaluator ``parameter1 * x + parameter0`` is accepted only when,
  divided by its largest value, it is 0 at one end of the range and 1 at the
  other, because that is exactly the valuation ``1 - d(ideal, x)`` of a
  scale issue with its ideal at the better end;
* the weights become saliences, which a position normalises to sum 1.

Files are parsed with :mod:`defusedxml`: entity declarations and external
references are refused, so a hostile file can neither expand to gigabytes
nor read other files.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import xml.etree.ElementTree as StdET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from positions._issues import (
    CategoricalIssue,
    Issue,
    ItemsIssue,
    OrdinalIssue,
    ScaleIssue,
    check_id,
)
from positions._limits import expected_number, listed, number_from_text, shown
from positions._model import Case, Party, Position, Source, Stance
from positions._output import write_files
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats import Format, _domain_and_profiles, domain_and_profiles
from positions.formats._xml import LineTarget, line_of
from positions.formats.case import file_date

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["find_genius_files", "read_genius", "write_genius"]

#: Publisher of the sources made for imported files.
PUBLISHER = "GENIUS negotiation domain file"
#: Note of those sources: the date is the file's, not the document's.
DATE_NOTE = "date the file was last modified; the file gives none"
#: An integer issue with at most this many values becomes an ordinal issue.
MAX_LEVELS = 1000
#: Tolerance for "exactly 0 and 1 at the ends" and "linear": the numbers in
#: the files are decimal text, so exact comparisons would fail on rounding.
TOLERANCE = 1e-9
#: GENIUS treats a discrete issue whose largest evaluation is below this as
#: worth 0 everywhere (it does not divide by a tiny maximum).
_GENIUS_TINY_MAX = 0.00001

_NOT_ID = re.compile(r"[^A-Za-z0-9._-]")
_INSTALL = "reading GENIUS files needs defusedxml: pip install 'positions[genius]'"


# ---------------------------------------------------------------------------
# Ids


def _sanitised(text: str) -> str:
    """``text`` with every character an id cannot have replaced by ``_``
    (and leading ``.``, ``_`` and ``-`` dropped)."""
    return _NOT_ID.sub("_", text.strip()).lstrip("._-")


def _make_id(text: str, fallback: str, taken: dict[str, int]) -> str:
    """A valid id made from ``text`` (other characters become ``_``), unique
    among ``taken`` (a suffix ``-2``, ``-3``, ... is added), and added to it.

    ``taken`` maps each id to the next suffix to try after it, so that many
    names made into one id cost time linear in their number."""
    base = _sanitised(text) or fallback
    candidate, n = base, taken.get(base, 2)
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    if candidate != base:
        taken[base] = n
    taken[candidate] = 2
    return candidate


# ---------------------------------------------------------------------------
# Parsing XML safely, with line numbers


def _short(text: str, limit: int = 40) -> str:
    """``text``, cut short for a message when it is long."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


@attrs.frozen
class _Doc:
    """A parsed file: its root element and where each element starts."""

    path: Path
    root: Element
    lines: Mapping[int, int]
    modified: dt.date

    def where(self, element: Element) -> str:
        """``line N (<tag key="...">)`` for an element of this file."""
        keys = [k for k in ("index", "name", "value") if k in element.attrib]
        attributes = "".join(f' {k}="{_short(element.attrib[k])}"' for k in keys)
        line = self.lines.get(id(element))
        tag = f"<{_short(element.tag)}{attributes}>"
        return f"line {line} ({tag})" if line is not None else tag


def _refusal(data: bytes, err: Exception) -> Problem:
    """The problem to report for a file that defusedxml refused."""
    external = getattr(err, "sysid", None) or getattr(err, "pubid", None)
    entity = re.search(rb"<!ENTITY[^>]*?\s(?:SYSTEM|PUBLIC)\s+[\"']([^\"']*)", data)
    if external or entity:
        if entity:
            where = line_of(data, entity[0])
            external = entity[1].decode("utf-8", "replace")
        else:
            where = line_of(data, b"<!DOCTYPE")
        message = (
            f"the file refers to an external resource ({external!r}): external references "
            "are refused, so that reading a file never reads other files or the network"
        )
    elif b"<!ENTITY" in data:
        where = line_of(data, b"<!ENTITY")
        message = (
            "the file declares entities: entity declarations are refused, because they can "
            "expand to huge text (the 'billion laughs' attack) or read other files"
        )
    else:
        where = line_of(data, b"<!DOCTYPE")
        message = (
            "the file has a document type declaration: GENIUS files have none, and they are "
            "refused because they can declare entities"
        )
    return Problem(where or "document type declaration", message)


def _parse(path: Path) -> _Doc:
    try:
        import defusedxml
        import defusedxml.ElementTree as SafeET
    except ImportError:
        raise InvalidArgumentError(_INSTALL) from None
    try:
        data = path.read_bytes()
        modified = file_date(path)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CaseFileError(path, [Problem("", f"cannot read the file: {reason}")]) from None
    target = LineTarget()
    # GENIUS files have no document type declaration; refusing every one
    # refuses entity declarations (the "billion laughs") and external
    # references before anything is expanded or fetched.
    parser = SafeET.DefusedXMLParser(target=target, forbid_dtd=True)
    target.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        root = parser.close()
    except defusedxml.DefusedXmlException as err:
        raise CaseFileError(path, [_refusal(data, err)]) from None
    except SafeET.ParseError as err:
        line, column = err.position
        message = re.sub(r": line \d+, column \d+$", "", str(err))
        problem = Problem(f"line {line}, column {column + 1}", f"not well-formed XML: {message}")
        raise CaseFileError(path, [problem]) from None
    except (LookupError, ValueError) as err:
        # Expat asks Python for any other encoding than UTF-8, UTF-16, ASCII
        # and Latin-1 that the XML declaration names: it may not exist, not
        # be a text encoding, be one expat cannot use, or not fit the bytes.
        named = re.search(rb"encoding\s*=\s*[\"']([^\"']*)", data)
        encoding = named[1].decode("ascii", "replace") if named else ""
        where = line_of(data, named[0]) if named else ""
        problem = Problem(
            where or "line 1",
            f"cannot read the file in the encoding {shown(encoding)} that it declares "
            f"({err}): save it as UTF-8",
        )
        raise CaseFileError(path, [problem]) from None
    return _Doc(path, root, target.lines, modified)


# ---------------------------------------------------------------------------
# Attributes


class _Bad(Exception):
    """A problem with one element, reported with its place (``element``, or
    else the element being read)."""

    def __init__(self, message: str, element: Element | None = None) -> None:
        super().__init__(message)
        self.element = element


def _number(element: Element, key: str, what: str | None = None) -> float:
    text = element.attrib.get(key)
    name = what or f"attribute {key!r}"
    if text is None:
        raise _Bad(f"{name} is missing")
    try:
        return number_from_text(text)
    except ValueError as err:
        raise _Bad(f"{name} must be {err} (got {shown(text)})") from None


def _integer(element: Element, key: str) -> int:
    text = element.attrib.get(key)
    if text is None:
        raise _Bad(f"attribute {key!r} is missing")
    try:
        value = int(text.strip())
    except ValueError:
        # Also for more digits than Python converts (thousands): none is useful.
        raise _Bad(f"attribute {key!r} must be an integer (got {shown(text)})") from None
    expected = expected_number(value)
    if expected is not None:
        raise _Bad(f"attribute {key!r} must be {expected} (got {shown(value)})")
    return value


def _kind(element: Element) -> str:
    """``discrete``, ``integer`` or ``real``, from ``type`` or ``vtype``."""
    said = {
        element.attrib[k].strip().lower() for k in ("type", "vtype") if k in element.attrib
    } - {""}
    if len(said) > 1:
        raise _Bad(f"attributes 'type' and 'vtype' disagree ({sorted(said)!r})")
    kind = said.pop() if said else "discrete"
    if kind not in ("discrete", "integer", "real"):
        raise _Bad(f"unknown issue type {kind!r} (expected discrete, integer or real)")
    return kind


def _bounds(element: Element, cast: Callable[[Element, str], float]) -> tuple[float, float]:
    """The bounds of an integer or real issue: attributes of the issue or of
    a ``<range>`` child."""
    holder = element
    if "lowerbound" not in element.attrib:
        ranges = element.findall("range")
        if ranges:
            holder = ranges[0]
    return cast(holder, "lowerbound"), cast(holder, "upperbound")


class _Problems:
    """Collects the problems of one file."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.list: list[Problem] = []

    def add(self, element: Element | None, message: str) -> None:
        where = self.doc.where(element) if element is not None else ""
        self.list.append(Problem(where, message))

    def bad(self, element: Element, err: Exception) -> None:
        place = err.element if isinstance(err, _Bad) and err.element is not None else element
        self.add(place, str(err))

    def check(self) -> None:
        if self.list:
            raise CaseFileError(self.doc.path, self.list)


# ---------------------------------------------------------------------------
# The domain


@attrs.frozen
class _DomainIssue:
    index: int
    name: str
    kind: str  # discrete, integer or real
    issue: Issue
    bounds: tuple[float, float] | None


def _domain_issue(element: Element, taken: dict[str, int]) -> _DomainIssue:
    index = _integer(element, "index")
    name = element.attrib.get("name", "").strip()
    if not name:
        raise _Bad("an issue needs a non-empty 'name'")
    kind = _kind(element)
    issue_id = _make_id(name, f"issue{index}", taken)
    label = name if name != issue_id else ""
    description = element.attrib.get("description", "").strip()
    issue: Issue
    bounds: tuple[float, float] | None = None
    if kind == "discrete":
        values: dict[str, None] = {}  # a set that keeps the order
        for item in element.findall("item"):
            value = item.attrib.get("value", "").strip()
            if not value:
                raise _Bad("every <item> needs a non-empty 'value'", item)
            if value in values:
                raise _Bad(f"the value {shown(value)} is given twice", item)
            values[value] = None
        if len(values) < 2:
            raise _Bad(f"a discrete issue needs at least two values (got {len(values)})")
        issue = CategoricalIssue(issue_id, tuple(values), label=label, description=description)
    elif kind == "integer":
        low, high = _bounds(element, _integer)
        if low >= high:
            raise _Bad(f"needs lowerbound < upperbound (got {low} and {high})")
        bounds = (low, high)
        if high - low + 1 <= MAX_LEVELS:
            levels = [str(v) for v in range(int(low), int(high) + 1)]
            issue = OrdinalIssue(issue_id, tuple(levels), label=label, description=description)
        else:
            issue = ScaleIssue(issue_id, low, high, label=label, description=description)
    else:
        low, high = _bounds(element, _number)
        if low >= high:
            raise _Bad(f"needs lowerbound < upperbound (got {low:g} and {high:g})")
        bounds = (low, high)
        issue = ScaleIssue(issue_id, low, high, label=label, description=description)
    return _DomainIssue(index, name, kind, issue, bounds)


def _read_domain(doc: _Doc) -> list[_DomainIssue]:
    problems = _Problems(doc)
    root = doc.root
    if root.tag != "negotiation_template":
        problems.add(
            root,
            f"expected a GENIUS domain file (root element <negotiation_template>), found "
            f"<{root.tag}>" + (": is this a profile?" if root.tag == "utility_space" else ""),
        )
        problems.check()
    issues: list[_DomainIssue] = []
    taken: dict[str, int] = {}
    seen: dict[int, Element] = {}
    elements = list(root.iter("issue"))
    if not elements:
        problems.add(root, "the domain has no <issue> elements")
    for element in elements:
        try:
            found = _domain_issue(element, taken)
        except (_Bad, ModelError) as err:
            problems.bad(element, err)
            continue
        if found.index in seen:
            problems.add(element, f"the issue index {found.index} is used twice")
            continue
        seen[found.index] = element
        issues.append(found)
    problems.check()
    return issues


# ---------------------------------------------------------------------------
# Profiles


def _linear(evaluator: Element, kind: str, low: float) -> Callable[[float], float]:
    """The linear function of an ``<evaluator ftype="linear">``, uncut."""
    ftype = evaluator.attrib.get("ftype", "").strip().lower()
    if ftype != "linear":
        raise _Bad(f"only linear evaluators can be read (got ftype={shown(ftype)})")
    a = evaluator.attrib
    if "slope" in a or "offset" in a:
        slope = _number(evaluator, "slope") if "slope" in a else 0.0
        offset = _number(evaluator, "offset") if "offset" in a else 0.0
        if kind == "integer":
            # GENIUS's integer evaluator measures from the lower bound.
            return lambda x: offset + slope * (x - low)
        return lambda x: offset + slope * x
    if "parameter0" in a or "parameter1" in a:
        constant = _number(evaluator, "parameter0") if "parameter0" in a else 0.0
        coefficient = _number(evaluator, "parameter1") if "parameter1" in a else 0.0
        return lambda x: coefficient * x + constant
    raise _Bad("a linear evaluator needs 'slope' and 'offset' (or 'parameter1' and 'parameter0')")


def _cut(x: float) -> float:
    return min(1.0, max(0.0, x))


def _profile_stance(element: Element, known: _DomainIssue, weight: float) -> Stance:
    """The stance a profile's ``<issue>`` element gives."""
    kind = _kind(element)
    if kind != known.kind:
        raise _Bad(f"the domain says issue {known.name!r} is {known.kind}, the profile {kind}")
    issue = known.issue
    if kind == "discrete":
        assert isinstance(issue, CategoricalIssue)
        evaluations: dict[str, float] = {}
        for item in element.findall("item"):
            value = item.attrib.get("value", "").strip()
            try:
                issue.level_index(value)
            except ValueError:
                raise _Bad(
                    f"the value {shown(value)} is not a value of issue {known.name!r} in the "
                    f"domain (its values: {listed(issue.levels)})",
                    item,
                ) from None
            if value in evaluations:
                raise _Bad(f"the value {shown(value)} is evaluated twice", item)
            if "evaluation" in item.attrib:
                try:
                    e = _number(item, "evaluation", f"the evaluation of {shown(value)}")
                except _Bad as err:
                    raise _Bad(str(err), item) from None
                if e < 0:
                    raise _Bad(f"evaluations must be >= 0 (got {e:g} for {shown(value)})", item)
            else:
                e = 0.0
            evaluations[value] = e
        raw = [evaluations.get(level, 0.0) for level in issue.levels]
        top = max(raw)
        table = [0.0] * len(raw) if top < _GENIUS_TINY_MAX else [e / top for e in raw]
        return _table_stance(issue, table, weight)
    assert known.bounds is not None
    low, high = known.bounds
    for key, bound in (("lowerbound", low), ("upperbound", high)):
        holder = element if key in element.attrib else next(iter(element.findall("range")), None)
        if holder is not None and key in holder.attrib:
            given = _number(holder, key)
            if given != bound:
                raise _Bad(f"{key} {given:g} differs from the domain's {bound:g}")
    evaluators = element.findall("evaluator")
    if len(evaluators) != 1:
        raise _Bad(f"a {kind} issue needs one <evaluator> (found {len(evaluators)})")
    f = _linear(evaluators[0], kind, low)
    if isinstance(issue, OrdinalIssue):
        values = [_cut(f(float(level))) for level in issue.levels]
        top = max(values)
        table = [v / top for v in values] if top > 0 else [0.0] * len(values)
        return _table_stance(issue, table, weight)
    assert isinstance(issue, ScaleIssue)
    at_low, at_high = f(low), f(high)
    top = max(at_low, at_high)
    exact = (
        0 < top <= 1 + TOLERANCE
        and abs(min(at_low, at_high)) <= TOLERANCE * top
        and top - min(at_low, at_high) > TOLERANCE
    )
    if not exact and weight != 0:
        raise _Bad(
            f"the evaluator of issue {known.name!r} is {at_low:g} at {low:g} and {at_high:g} at "
            f"{high:g} (GENIUS cuts it to [0, 1]): positions can represent a {kind} issue "
            "exactly only when its evaluator, divided by its larger end value, runs linearly "
            "from 0 at one end to 1 at the other"
        )
    ideal = low if at_low > at_high else high
    return Stance(issue, ideal=ideal, salience=weight)


def _table_stance(issue: OrdinalIssue | CategoricalIssue, table: list[float], w: float) -> Stance:
    best = max(table)
    ideal = issue.levels[table.index(best)]
    return Stance(issue, ideal=ideal, salience=w, values=tuple(table))


def _single(doc: _Doc, problems: _Problems, tag: str) -> float | None:
    found = list(doc.root.iter(tag))
    if not found:
        return None
    if len(found) > 1:
        problems.add(found[1], f"<{tag}> is given more than once")
        return None
    try:
        value = _number(found[0], "value")
    except _Bad as err:
        problems.add(found[0], str(err))
        return None
    if not 0 <= value <= 1:
        problems.add(found[0], f"the {tag.replace('_', ' ')} must lie in [0, 1] (got {value:g})")
        return None
    return value


def _read_profile(
    doc: _Doc, domain: Sequence[_DomainIssue], party: Party, source: Source
) -> Position:
    problems = _Problems(doc)
    root = doc.root
    if root.tag != "utility_space":
        hint = ": is this the domain file?" if root.tag == "negotiation_template" else ""
        message = "expected a GENIUS profile (root element <utility_space>), found"
        problems.add(root, f"{message} <{root.tag}>{hint}")
        problems.check()
    by_index = {d.index: d for d in domain}
    nested = [o for o in root.iter("objective") if o.find("objective") is not None]
    if nested:
        # Once, however deep: each level would repeat the same problem.
        more = f" ({len(nested):,} objectives hold another)" if len(nested) > 1 else ""
        problems.add(nested[0], f"nested objectives are not supported{more}")
    weights: dict[int, float] = {}
    weighted: set[int] = set()  # every index with a <weight>, valid or not
    for element in root.iter("weight"):
        try:
            index = _integer(element, "index")
        except _Bad as err:
            problems.bad(element, err)
            continue
        if index not in by_index:
            problems.add(element, f"no issue of the domain has index {index}")
            continue
        if index in weighted:
            problems.add(element, f"issue {index} is weighted twice")
            continue
        weighted.add(index)
        try:
            value = _number(element, "value")
        except _Bad as err:
            problems.bad(element, err)
            continue
        if value < 0:
            problems.add(element, f"weights must be >= 0 (got {value:g})")
        else:
            weights[index] = value
    stances: dict[int, Stance] = {}
    seen: set[int] = set()
    for element in root.iter("issue"):
        try:
            index = _integer(element, "index")
        except _Bad as err:
            problems.bad(element, err)
            continue
        known = by_index.get(index)
        name = element.attrib.get("name", "").strip()
        if known is None:
            problems.add(element, f"no issue of the domain has index {index} (name {shown(name)})")
            continue
        if index in seen:
            problems.add(element, f"issue {index} is given twice")
            continue
        seen.add(index)
        if "name" in element.attrib and name != known.name:
            problems.add(
                element,
                f"issue {index} is called {shown(name)} here but {known.name!r} in the domain",
            )
            continue
        try:
            stances[index] = _profile_stance(element, known, weights.get(index, 0.0))
        except (_Bad, ModelError) as err:
            problems.bad(element, err)
    for known in domain:
        if known.index not in seen:
            problems.add(
                root, f"the profile does not evaluate issue {known.index} ({known.name!r})"
            )
        elif known.index not in weighted:
            problems.add(root, f"the profile gives no <weight> for issue {known.index}")
    reservation = _single(doc, problems, "reservation")
    discount = _single(doc, problems, "discount_factor")
    problems.check()
    try:
        return Position(
            party.id,
            party=party,
            stances=[stances[d.index] for d in domain],
            reservation=reservation,
            discount_factor=discount,
            date=doc.modified,
            status="stated",
            source=source,
            label=f"GENIUS profile {doc.path.name}",
        )
    except ModelError as err:
        raise CaseFileError(doc.path, [Problem("weights", str(err))]) from None


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


def _case_id(domain: Path) -> str:
    stem = re.sub(r"[_-]domain$", "", domain.stem, flags=re.IGNORECASE)
    return _sanitised(stem) or _sanitised(domain.stem) or "genius"


def read_genius(
    domain: str | os.PathLike[str],
    profiles: Sequence[str | os.PathLike[str]],
    *,
    case_id: str | None = None,
) -> Case:
    """Read a GENIUS domain file and its profiles into a case.

    Each profile becomes a party (its id made from the file name) and one
    position of that party: the weights become saliences, the evaluations
    value tables (discrete and integer issues) or a scale issue's valuation
    (real issues with a linear evaluator that is 0 at one end and 1 at the
    other), ``<reservation>`` the reservation level and
    ``<discount_factor>`` the discount factor. GENIUS has no red lines: every
    acceptable set is the whole domain. Every file becomes a source, dated
    by the file's modification date (UTC), since GENIUS files carry no date.

    Issue ids are made from the issue names (characters other than letters,
    digits, ``.``, ``_`` and ``-`` become ``_``); a name that changes is
    kept as the issue's label. Item values are stripped of surrounding
    spaces.

    Raises
    ------
    CaseFileError
        For the first file that cannot be read, with every problem found in
        it and its place (line and element). No partial case is returned.
    InvalidArgumentError
        If defusedxml is not installed, or ``case_id`` is not a valid id.

    Examples
    --------
    >>> import pathlib, tempfile, positions
    >>> from positions.formats.genius import read_genius, write_genius
    >>> price = positions.OrdinalIssue("price", levels=("low", "mid", "high"))
    >>> buyer = positions.Party("buyer", name="Buyer")
    >>> src = positions.Source("s", title="Notes", publisher="Me", date="2024")
    >>> case = positions.Case("deal", title="A deal", issues=[price], parties=[buyer],
    ...     sources=[src], positions=[positions.Position("buyer-1", party=buyer,
    ...     stances=[positions.Stance(price, ideal="low")], reservation=0.25, source=src)])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     domain, profile = write_genius(case, tmp)
    ...     back = read_genius(domain, [profile])
    >>> p = back.position("buyer-1")
    >>> p.stance("price").values, p.reservation
    ((1.0, 0.5, 0.0), 0.25)
    """
    if case_id is not None:
        try:
            check_id("case_id", case_id)
        except ModelError as err:
            raise InvalidArgumentError(str(err)) from None
    domain_doc = _parse(Path(domain))
    known = _read_domain(domain_doc)
    source_ids: dict[str, int] = {}
    party_ids: dict[str, int] = {}
    sources = [_source(domain_doc, source_ids)]
    parties: list[Party] = []
    positions: list[Position] = []
    for profile in profiles:
        doc = _parse(Path(profile))
        source = _source(doc, source_ids)
        party = Party(_make_id(doc.path.stem, "party", party_ids), name=doc.path.stem)
        positions.append(_read_profile(doc, known, party, source))
        parties.append(party)
        sources.append(source)
    names = ", ".join(Path(p).name for p in profiles) or "none"
    return Case(
        case_id or _case_id(domain_doc.path),
        title=f"GENIUS domain {domain_doc.path.name}",
        description=f"Imported from the GENIUS domain {domain_doc.path.name} "
        f"and the profiles {names}.",
        issues=[d.issue for d in known],
        parties=parties,
        sources=sources,
        positions=positions,
    )


def find_genius_files(folder: str | os.PathLike[str]) -> tuple[Path, list[Path]]:
    """The domain file and the profiles (sorted) of a GENIUS folder.

    The domain is the one ``*_domain.xml`` or ``*-domain.xml`` file, or
    else the one XML file without ``evaluation=`` attributes; every other
    XML file is a profile.

    Raises
    ------
    InvalidArgumentError
        If no single domain file can be told apart.

    Examples
    --------
    >>> from positions import find_genius_files
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("a.xml", "b.xml", "x_domain.xml"):
    ...         _ = (pathlib.Path(tmp) / name).write_text("<x/>")
    ...     domain, profiles = find_genius_files(tmp)
    ...     domain.name, [p.name for p in profiles]
    ('x_domain.xml', ['a.xml', 'b.xml'])
    """
    files = sorted(p for p in Path(folder).glob("*.xml") if p.is_file())
    named = [p for p in files if re.search(r"[_-]domain\.xml$", p.name, re.IGNORECASE)]
    if len(named) != 1:
        named = [p for p in files if b"evaluation=" not in p.read_bytes()]
    if len(named) != 1:
        msg = (
            f"{folder}: cannot tell the domain file apart "
            f"(candidates: {[p.name for p in named]!r})"
        )
        raise InvalidArgumentError(msg)
    return named[0], [p for p in files if p != named[0]]


# ---------------------------------------------------------------------------
# Writing


def _text(x: float) -> str:
    """A float as text that reads back to the same float."""
    return repr(float(x))


def _integer_levels(issue: OrdinalIssue) -> tuple[int, int] | None:
    try:
        numbers = [int(level) for level in issue.levels]
    except ValueError:
        return None
    if [str(n) for n in numbers] != list(issue.levels):
        return None
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    return numbers[0], numbers[-1]


def _table(stance: Stance) -> list[float]:
    issue = stance.issue
    assert isinstance(issue, OrdinalIssue | CategoricalIssue)
    return [stance.value(level) for level in issue.levels]


def _cut_line(table: Sequence[float]) -> tuple[float, float] | None:
    """``(offset, slope)`` of a line that, cut to ``[0, 1]`` as GENIUS cuts an
    integer evaluator, gives the table at ranks 0, 1, ...; ``None`` if there
    is none. If any line fits, one through two neighbouring entries does:
    either two neighbours lie on its uncut part, or it jumps from 0 to 1
    between two neighbours."""
    for k in range(len(table) - 1):
        slope = table[k + 1] - table[k]
        offset = table[k] - k * slope
        if all(abs(_cut(offset + slope * j) - v) <= TOLERANCE for j, v in enumerate(table)):
            return offset, slope
    return None


@attrs.frozen
class _Plan:
    """How one issue is written: its kind and each position's evaluation."""

    issue: Issue
    name: str
    kind: str
    per_position: tuple[Any, ...]


def _issue_name(issue: Issue) -> str:
    """The name to write: the label when reading it back gives the id."""
    if issue.label and _sanitised(issue.label) == issue.id:
        return issue.label.strip()
    return issue.id


def _plan(case: Case, problems: list[str]) -> list[_Plan]:
    plans: list[_Plan] = []
    for issue in case.issues:
        stances = [_stance_or_none(p, issue.id) for p in case.positions]
        if isinstance(issue, ItemsIssue):
            continue
        if isinstance(issue, ScaleIssue):
            ends = []
            for position, stance in zip(case.positions, stances, strict=True):
                if stance is None:
                    ends.append(issue.high)
                elif stance.ideal in (issue.low, issue.high):
                    ends.append(issue.low if stance.ideal == issue.low else issue.high)
                else:
                    problems.append(
                        f"position {position.id!r}, issue {issue.id!r}: the ideal "
                        f"{stance.ideal!r} is inside the range, so the valuation is not linear; "
                        "GENIUS real issues take linear evaluators only"
                    )
                    ends.append(issue.high)
            plans.append(_Plan(issue, _issue_name(issue), "real", tuple(ends)))
            continue
        tables: list[list[float]] = []
        for position, stance in zip(case.positions, stances, strict=True):
            if stance is None:
                tables.append([0.0] * len(issue.levels))
                continue
            table = _table(stance)
            top = max(table)
            if 0 < top < 1 - 1e-12:
                problems.append(
                    f"position {position.id!r}, issue {issue.id!r}: the value table's best "
                    f"value is {top:g}; GENIUS divides evaluations by the best one, so only "
                    "tables whose best value is 1 (or all 0) can be written exactly"
                )
            tables.append(table)
        bounds = _integer_levels(issue) if isinstance(issue, OrdinalIssue) else None
        lines = [_cut_line(t) for t in tables]
        if bounds is not None and all(line is not None for line in lines):
            plans.append(_Plan(issue, _issue_name(issue), "integer", tuple(lines)))
        else:
            plans.append(_Plan(issue, _issue_name(issue), "discrete", tuple(tables)))
    return plans


def _stance_or_none(position: Position, issue_id: str) -> Stance | None:
    try:
        return position.stance(issue_id)
    except KeyError:
        return None


def _issue_element(parent: Element, index: int, plan: _Plan) -> Element:
    kind = plan.kind
    attrib = {"index": str(index), "name": plan.name}
    if plan.issue.description:
        attrib["description"] = plan.issue.description
    attrib |= {"type": kind, "etype": kind, "vtype": kind}
    element = StdET.SubElement(parent, "issue", attrib)
    issue = plan.issue
    if kind == "integer":
        assert isinstance(issue, OrdinalIssue)
        element.set("lowerbound", issue.levels[0])
        element.set("upperbound", issue.levels[-1])
    elif kind == "real":
        assert isinstance(issue, ScaleIssue)
        StdET.SubElement(
            element, "range", {"lowerbound": _text(issue.low), "upperbound": _text(issue.high)}
        )
    return element


def _objective(parent: Element, case: Case) -> Element:
    attrib = {"index": "0", "name": case.id, "type": "objective", "etype": "objective"}
    return StdET.SubElement(parent, "objective", attrib)


def _domain_xml(case: Case, plans: Sequence[_Plan]) -> Element:
    root = StdET.Element("negotiation_template")
    space = StdET.SubElement(root, "utility_space", {"number_of_issues": str(len(plans))})
    objective = _objective(space, case)
    for index, plan in enumerate(plans, start=1):
        element = _issue_element(objective, index, plan)
        if plan.kind == "discrete":
            assert isinstance(plan.issue, OrdinalIssue | CategoricalIssue)
            for k, level in enumerate(plan.issue.levels, start=1):
                StdET.SubElement(element, "item", {"index": str(k), "value": level})
    return root


def _profile_xml(case: Case, plans: Sequence[_Plan], row: int) -> Element:
    position = case.positions[row]
    root = StdET.Element("utility_space", {"number_of_issues": str(len(plans))})
    objective = _objective(root, case)
    for index, plan in enumerate(plans, start=1):
        element = _issue_element(objective, index, plan)
        how = plan.per_position[row]
        issue = plan.issue
        if plan.kind == "discrete":
            assert isinstance(issue, OrdinalIssue | CategoricalIssue)
            for k, (level, v) in enumerate(zip(issue.levels, how, strict=True), start=1):
                StdET.SubElement(
                    element, "item", {"index": str(k), "value": level, "evaluation": _text(v)}
                )
        elif plan.kind == "integer":
            offset, slope = how
            StdET.SubElement(
                element,
                "evaluator",
                {"ftype": "linear", "slope": _text(slope), "offset": _text(offset)},
            )
        else:
            assert isinstance(issue, ScaleIssue)
            # v(x) = (x - low) / span rising to the high end, or falling from the low end.
            if how == issue.high:
                coefficient, constant = 1 / issue.span, -issue.low / issue.span
            else:
                coefficient, constant = -1 / issue.span, issue.high / issue.span
            StdET.SubElement(
                element,
                "evaluator",
                {
                    "ftype": "linear",
                    "parameter0": _text(constant),
                    "parameter1": _text(coefficient),
                },
            )
    weights = position.weights
    for index, plan in enumerate(plans, start=1):
        weight = weights.get(plan.issue.id, 0.0)
        StdET.SubElement(objective, "weight", {"index": str(index), "value": _text(weight)})
    if position.reservation is not None:
        StdET.SubElement(root, "reservation", {"value": _text(position.reservation)})
    if position.discount_factor is not None:
        StdET.SubElement(root, "discount_factor", {"value": _text(position.discount_factor)})
    return root


def _xml_bytes(root: Element) -> bytes:
    StdET.indent(root)
    out = io.BytesIO()
    StdET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue() + b"\n"


def write_genius(case: Case, directory: str | os.PathLike[str]) -> list[Path]:
    """Write a case as GENIUS files: ``<case id>_domain.xml`` and one profile
    ``<position id>.xml`` per position; return their paths, domain first.

    Scale issues become real issues with linear evaluators; ordinal issues
    whose levels are consecutive integers become integer issues when every
    position values them as GENIUS's integer evaluator can (a line cut to
    ``[0, 1]``); other ordinal and categorical issues become discrete ones
    (GENIUS has no ordered discrete issues, so the order is lost). An issue
    is named by its label when that reads back as its id, else by its id.
    A profile's weights are the position's normalised saliences (0 for an
    issue it does not address), its evaluations the position's value of
    each level, its reservation and discount factor the position's. Red
    lines are not written: GENIUS has none. Reading the files back with
    :func:`read_genius` gives the same utility for every outcome.

    The files are all written or none is: they are prepared beside their
    targets and moved into place together, and a failure puts back what was
    there. A symbolic link where a file would go is refused.

    Raises
    ------
    InvalidArgumentError
        Naming everything that GENIUS cannot represent exactly: weighted-item
        issues, a scale ideal inside the range (its valuation is not
        linear), a value table whose best value is between 0 and 1; or if a
        file would go where a symbolic link is. Nothing is written then.
    OSError
        If a file cannot be written; the folder is then as it was.

    Examples
    --------
    >>> from positions import write_genius
    >>> import tempfile, positions
    >>> seat = positions.CategoricalIssue("seat", levels=("oslo", "rome"))
    >>> a = positions.Party("a", name="A")
    >>> case = positions.Case("talks", title="Talks", issues=[seat], parties=[a],
    ...     positions=[positions.Position("a-1", party=a,
    ...     stances=[positions.Stance(seat, ideal="rome")])])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_genius(case, tmp)]
    ['talks_domain.xml', 'a-1.xml']
    """
    problems: list[str] = []
    items = [i.id for i in case.issues if isinstance(i, ItemsIssue)]
    if items:
        problems.append(f"weighted-item issues cannot be written as GENIUS issues: {items!r}")
    plans = _plan(case, problems)
    if not plans and not items:
        problems.append("the case has no issues")
    domain_name = f"{case.id}_domain.xml"
    names = [f"{p.id}.xml" for p in case.positions]
    if domain_name in names:
        problems.append(f"a position's file would be the domain file {domain_name!r}")
    if problems:
        raise InvalidArgumentError(
            f"case {case.id!r} cannot be written as GENIUS files: " + "; ".join(problems)
        )
    files = [(domain_name, _xml_bytes(_domain_xml(case, plans)))]
    files.extend(
        (name, _xml_bytes(_profile_xml(case, plans, row))) for row, name in enumerate(names)
    )
    return write_files(directory, files)


_import_arguments, _import_call = domain_and_profiles("GENIUS", "XML", read_genius)


FORMAT = Format(
    name="genius",
    title="GENIUS XML",
    description="A GENIUS (ANAC) domain file and one preference profile per party: issues, "
    "weights, evaluations, reservation values and discount factors.",
    reader=read_genius,
    writer=write_genius,
    output="DIR",
    extra="genius",
    howto="how-to/import-genius",
    add_arguments=_import_arguments,
    import_call=_import_call,
    inputs=_domain_and_profiles,
)
