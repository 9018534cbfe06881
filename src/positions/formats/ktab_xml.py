"""KTAB spatial-model (SMP) scenarios in XML: read into a case and write
back. The format is documented in ``docs/how-to/import-ktab-xml.md``.

A scenario is a ``<Scenario>`` element holding the scenario's ``<name>``
and ``<desc>``, the seed of KTAB's random numbers (``<prngSeed>``), the
model's settings (``<ModelParameters>``, optional), the dimensions
(``<Dimensions>``, one ``<dName>`` each), the actors (``<Actors>``: each
``<Actor>`` with a ``<name>``, a ``<description>``, a ``<capability>``, a
``<Position>`` of one ``<dCoord>`` per dimension and a ``<Salience>`` of
one ``<dSal>`` per dimension) and, optionally, how far each actor's ideal
moves towards another's position (``<IdealAdjustment>`` of ``<iaPair>``).

The case made of it is the one :func:`~positions.read_ktab` makes of the
same scenario in CSV: one scale issue on ``[0, 100]`` per dimension, one
party (the actor's capability as its capability) and one position per
actor, and one source for the file. The seed, the model parameters and the
ideal adjustments have no place among issues and positions; they are kept,
as one line of JSON after ``KTAB settings:``, in the note of that source,
from which :func:`write_ktab_xml` writes them back.

Reading collects every problem it finds, each with its line and element
path in the file, and raises one :class:`~positions.exceptions.CaseFileError`
listing them all; no partial case is ever returned. Files are parsed with
:mod:`defusedxml`: a document type declaration, and so every entity
declaration and external reference, is refused before anything is expanded
or fetched.
"""

from __future__ import annotations

import collections
import json
import math
import os
import re
import xml.etree.ElementTree as StdET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from positions._issues import ScaleIssue
from positions._limits import expected_number, listed, shown
from positions._model import Case, Party, Position, Source, Stance
from positions._output import write_file
from positions.exceptions import CaseFileError, InvalidArgumentError, ModelError, Problem
from positions.formats import Format
from positions.formats._csv import (
    _MTIME_NOTE,
    _case_id,
    _check_case_id,
    _not_a_number,
    _number,
    _unique_ids,
)
from positions.formats._xml import LineTarget, line_of
from positions.formats.case import file_date

if TYPE_CHECKING:
    import datetime as dt
    from xml.etree.ElementTree import Element

__all__ = ["read_ktab_xml", "write_ktab_xml"]

#: The id of the source made for a scenario (the same as for a CSV scenario).
SOURCE_ID = "ktab-scenario"
#: The publisher of that source.
PUBLISHER = "KTAB scenario file"
#: What starts the line of that source's note that holds the KTAB settings.
SETTINGS = "KTAB settings: "
#: The parameters a ``<ModelParameters>`` element must give, as KTAB reads them.
MODEL_PARAMETERS = (
    "VictoryProbModel",
    "PCEModel",
    "StateTransitions",
    "VotingRule",
    "BigRAdjust",
    "BigRRange",
    "ThirdPartyCommit",
    "InterVecBrgn",
    "BargnModel",
)
#: The seed written for a case whose source holds no settings: KTAB takes 0
#: as "draw a seed at random".
DEFAULT_SEED = "0"

_DATE_NOTE = _MTIME_NOTE.format(what="scenario")
_INSTALL = (
    "reading KTAB XML scenarios needs defusedxml: pip install 'positions[genius]' "
    "(or pip install defusedxml)"
)
_LARGEST_SEED = 2**64 - 1
_SEED = re.compile(r"[0-9]+")
_HEX_SEED = re.compile(r"[+-]?0[xX][0-9A-Fa-f]+")
#: A name the writer can use for an element (the reader keeps what it finds).
_TAG = re.compile(r"[^\W\d][\w.-]*")
#: Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# ---------------------------------------------------------------------------
# Parsing XML safely, with the line of each element


def _refusal(data: bytes) -> Problem:
    """The problem to report for a file with a document type declaration."""
    external = re.search(
        rb"<!ENTITY[^>]*?\s(?:SYSTEM|PUBLIC)\s+[\"']([^\"']*)", data
    ) or re.search(rb"<!DOCTYPE[^>\[]*?\s(?:SYSTEM|PUBLIC)\s+[\"']([^\"']*)", data)
    if external:
        where = line_of(data, external[0])
        name = external[1].decode("utf-8", "replace")
        message = (
            f"the file refers to an external resource ({shown(name)}): external references "
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
            "the file has a document type declaration: KTAB scenarios have none, and they "
            "are refused because they can declare entities"
        )
    return Problem(where or "document type declaration", message)


def _parse(path: Path) -> tuple[Element, dict[int, int], dt.date]:
    """The root element of the file, the line of each element (by ``id``)
    and the day the file was last modified."""
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
    parser = SafeET.DefusedXMLParser(target=target, forbid_dtd=True)
    target.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        root = parser.close()
    except defusedxml.DefusedXmlException:
        raise CaseFileError(path, [_refusal(data)]) from None
    except SafeET.ParseError as err:
        line, column = err.position
        message = re.sub(r": line \d+, column \d+$", "", str(err))
        problem = Problem(f"line {line}, column {column + 1}", f"not well-formed XML: {message}")
        raise CaseFileError(path, [problem]) from None
    except (LookupError, ValueError) as err:
        # Expat asks Python for an encoding other than UTF-8, UTF-16, ASCII
        # and Latin-1 that the XML declaration names; it may not exist or not
        # be one expat can use.
        named = re.search(rb"encoding\s*=\s*[\"']([^\"']*)", data)
        encoding = f" {shown(named[1].decode('ascii', 'replace'))}" if named else ""
        where = line_of(data, named[0]) if named else ""
        problem = Problem(
            where or "line 1",
            f"cannot read the file in the encoding{encoding} that it declares "
            f"({err}): save it as UTF-8",
        )
        raise CaseFileError(path, [problem]) from None
    return root, target.lines, modified


def _cut(text: str) -> str:
    """``text`` for a message: as it is when short and printable, else
    quoted and cut short."""
    return text if len(text) <= 40 and text.isprintable() else shown(text, 40)


def _local(tag: str) -> str:
    """An element's name without its namespace (KTAB uses none)."""
    return tag.rpartition("}")[2]


# ---------------------------------------------------------------------------
# Reading


@attrs.frozen
class _Place:
    """An element and its path from the root (``Scenario/Actors/Actor[2]``);
    ``named`` is the same path with the actor's name, where there is one."""

    element: Element
    path: str
    named: str = ""

    def child(self, element: Element, step: str) -> _Place:
        return _Place(element, f"{self.path}/{step}", f"{self.named}/{step}" if self.named else "")


@attrs.frozen
class _Actor:
    place: _Place
    name: str
    description: str
    capability: float
    coordinates: tuple[float, ...]
    saliences: tuple[float, ...]


def _unknown(tag: str, expected: Sequence[str]) -> str:
    """The problem of an unknown element, with the name it may have meant."""
    folded = tag.casefold()
    near = [t for t in expected if t.casefold() in (folded, folded.rstrip("s"), folded + "s")]
    message = f"unknown element <{_cut(tag)}> (expected {listed(expected)})"
    return message + (f": did you mean <{near[0]}>?" if near else "")


class _Reader:
    """Reads one parsed scenario, collecting every problem."""

    def __init__(self, lines: Mapping[int, int]) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, place: _Place, message: str) -> None:
        line = self.lines.get(id(place.element))
        prefix = f"line {line}, " if line is not None else ""
        named = prefix + place.named if place.named else ""
        self.problems.append(Problem(prefix + place.path, message, named=named))

    def children(
        self, place: _Place, singles: Sequence[str], lists: Sequence[str] = ()
    ) -> dict[str, list[_Place]]:
        """The child elements of ``place`` by name: each of ``singles`` at
        most once, each of ``lists`` numbered; any other is a problem."""
        found: dict[str, list[_Place]] = {tag: [] for tag in (*singles, *lists)}
        for element in place.element:
            tag = _local(element.tag)
            if tag not in found:
                self.add(place.child(element, tag), _unknown(tag, list(found)))
                continue
            step = f"{tag}[{len(found[tag]) + 1}]" if tag in lists else tag
            found[tag].append(place.child(element, step))
        for tag in singles:
            if len(found[tag]) > 1:
                first = self.lines.get(id(found[tag][0].element))
                self.add(found[tag][1], f"<{tag}> is given more than once (first on line {first})")
        return found

    def one(
        self, place: _Place, found: Mapping[str, list[_Place]], tag: str, why: str = ""
    ) -> _Place | None:
        """The element ``tag`` of ``found``; a problem if it is missing."""
        if not found[tag]:
            self.add(place, f"<{tag}> is missing" + (f": {why}" if why else ""))
            return None
        return found[tag][0]

    def text(self, place: _Place) -> str | None:
        """The text of a leaf element, stripped; ``None`` (and a problem)
        if it holds elements."""
        inner = list(place.element)
        if inner:
            tag = _cut(_local(inner[0].tag))
            self.add(place, f"expected text only, found the element <{tag}>")
            return None
        return (place.element.text or "").strip()

    def name(self, place: _Place, what: str) -> str | None:
        """Text that must not be empty."""
        text = self.text(place)
        if text == "":
            self.add(place, f"the {what} must not be empty")
            return None
        return text

    def number(self, place: _Place, low: float, high: float | None = None) -> float | None:
        """A number in ``[low, high]`` (``low`` excluded when ``high`` is None)."""
        text = self.text(place)
        if text is None:
            return None
        if not text:
            self.add(place, "expected a number (the element is empty)")
            return None
        x = _number(text)
        if x is None:
            self.add(place, _not_a_number(text))
            return None
        if high is None:
            if not x > low:
                self.add(place, f"must be above {low:g} (got {_cut(text)})")
                return None
        elif not low <= x <= high:
            self.add(place, f"must lie in [{low:g}, {high:g}] (got {_cut(text)})")
            return None
        return x

    # --- the parts of a scenario ---------------------------------------------

    def seed(self, place: _Place) -> str | None:
        text = self.text(place)
        if text is None:
            return None
        if _SEED.fullmatch(text) and len(text.lstrip("0")) <= 20 and int(text) <= _LARGEST_SEED:
            return text
        hint = ""
        if _HEX_SEED.fullmatch(text):
            hint = ": KTAB reads the seed as a decimal number, and would read this one as 0"
        got = "the element is empty" if not text else f"got {shown(text)}"
        self.add(
            place,
            f"expected a whole number from 0 to {_LARGEST_SEED} ({got}){hint}",
        )
        return None

    def parameters(self, place: _Place) -> dict[str, str] | None:
        values: dict[str, str] = {}
        first: dict[str, int | None] = {}
        ok = True
        for element in place.element:
            tag = _local(element.tag)
            child = place.child(element, tag)
            if tag in first:
                self.add(child, f"<{tag}> is given more than once (first on line {first[tag]})")
                ok = False
                continue
            first[tag] = self.lines.get(id(element))
            value = self.name(child, "parameter's value")
            if value is None:
                ok = False
                continue
            values[tag] = value
        missing = [p for p in MODEL_PARAMETERS if p not in first]
        if missing:
            hint = ""
            if "PCEModel" in missing and "ProbCondorcetElection" in first:
                hint = " (KTAB reads the probabilistic Condorcet election model from <PCEModel>)"
            self.add(
                place,
                f"KTAB needs every model parameter or none; missing: {', '.join(missing)}{hint}",
            )
            ok = False
        return values if ok else None

    def dimensions(self, place: _Place) -> list[str]:
        found = self.children(place, (), ("dName",))
        names: list[str] = []
        seen: dict[str, _Place] = {}
        if not found["dName"]:
            self.add(place, "expected at least one <dName>")
        for child in found["dName"]:
            name = self.name(child, "dimension's name")
            if name is None:
                continue
            if name in seen:
                first = self.lines.get(id(seen[name].element))
                self.add(child, f"duplicate dimension {shown(name)} (first on line {first})")
                continue
            seen[name] = child
            names.append(name)
        return names

    def vector(self, place: _Place, tag: str, dims: int | None) -> tuple[float, ...] | None:
        found = self.children(place, (), (tag,))
        values = [self.number(child, 0, 100) for child in found[tag]]
        if dims is not None and len(values) != dims:
            self.add(
                place,
                f"expected {dims} <{tag}> (one per <dName> of <Dimensions>), found {len(values)}",
            )
            return None
        if any(v is None for v in values):
            return None
        return tuple(v for v in values if v is not None)

    def actor(self, place: _Place, dims: int | None) -> _Actor | None:
        before = len(self.problems)
        given = [e for e in place.element if _local(e.tag) == "name" and not len(e)]
        label = (given[0].text or "").strip() if given else ""
        if label:
            place = _Place(place.element, place.path, f"{place.path} ({_cut(label)})")
        found = self.children(place, ("name", "description", "capability", "Position", "Salience"))
        name_place = self.one(place, found, "name")
        name = self.name(name_place, "actor's name") if name_place else None
        described = self.one(place, found, "description", "KTAB needs one for every actor")
        description = self.name(described, "description") if described else None
        capable = self.one(place, found, "capability")
        capability = self.number(capable, 0) if capable else None
        positioned = self.one(place, found, "Position")
        coordinates = self.vector(positioned, "dCoord", dims) if positioned else None
        salient = self.one(place, found, "Salience")
        saliences = self.vector(salient, "dSal", dims) if salient else None
        if saliences is not None and salient is not None and not any(s > 0 for s in saliences):
            self.add(
                salient,
                "every salience is 0: an actor needs a positive salience on at least one "
                "dimension",
            )
            return None
        if len(self.problems) > before:
            return None
        assert name
        assert description
        assert capability is not None
        assert coordinates is not None
        assert saliences is not None
        return _Actor(place, name, description, capability, coordinates, saliences)

    def actors(self, place: _Place, dims: int | None) -> list[_Actor]:
        found = self.children(place, (), ("Actor",))
        if not found["Actor"]:
            self.add(place, "expected at least one <Actor>")
        actors: list[_Actor] = []
        seen: dict[str, _Actor] = {}
        for child in found["Actor"]:
            actor = self.actor(child, dims)
            if actor is None:
                continue
            if actor.name in seen:
                first = self.lines.get(id(seen[actor.name].place.element))
                self.add(
                    actor.place, f"duplicate actor {shown(actor.name)} (first on line {first})"
                )
                continue
            seen[actor.name] = actor
            actors.append(actor)
        return actors

    def adjustments(
        self, place: _Place, names: Mapping[str, str] | None
    ) -> list[tuple[str, str, float]]:
        """The ``iaPair`` elements, each as (adjusting party id, reference
        party id, adjustment); ``names`` maps actor names to party ids, or
        is ``None`` if the actors could not be read."""
        found = self.children(place, (), ("iaPair",))
        if not found["iaPair"]:
            self.add(place, "expected at least one <iaPair>")
        pairs: list[tuple[str, str, float]] = []
        seen: dict[tuple[str, str], _Place] = {}
        for child in found["iaPair"]:
            before = len(self.problems)
            parts = self.children(child, ("adjustingIdeal", "referencePos", "adjust"))
            ids: list[str] = []
            for tag in ("adjustingIdeal", "referencePos"):
                at = self.one(child, parts, tag)
                if at is None:
                    continue
                actor = self.name(at, "actor's name")
                if actor is None or names is None:
                    continue
                if actor not in names:
                    self.add(at, f"no <Actor> is named {shown(actor)}")
                    continue
                ids.append(names[actor])
            at = self.one(child, parts, "adjust")
            adjust = self.number(at, -math.inf, math.inf) if at else None
            if len(self.problems) > before or names is None:
                continue
            assert adjust is not None
            assert len(ids) == 2
            key = (ids[0], ids[1])
            if key in seen:
                first = self.lines.get(id(seen[key].element))
                self.add(child, f"the same pair is adjusted twice (first on line {first})")
                continue
            seen[key] = child
            pairs.append((ids[0], ids[1], adjust))
        return pairs


def read_ktab_xml(path: str | os.PathLike[str], *, case_id: str | None = None) -> Case:
    """Read a KTAB spatial-model (SMP) scenario from an XML file.

    Each ``<dName>`` becomes a scale issue on ``[0, 100]`` (its id made from
    the name, the name as its label), each ``<Actor>`` a party (its
    ``<description>`` as the party's note, its ``<capability>`` as the
    party's capability) with one position: on each dimension the
    ``<dCoord>`` as the ideal and the ``<dSal>`` as the salience, no red
    line, no reservation level. The case's title is the ``<name>`` (or the
    file's name), its description the ``<desc>``. This is the case
    :func:`~positions.read_ktab` makes of the same scenario in CSV.

    The file is one source, dated the day the file was last modified, which
    every position cites (its locator is the actor's element path). The
    ``<prngSeed>``, the ``<ModelParameters>`` and the ``<IdealAdjustment>``
    pairs are kept in that source's note, on a line ``KTAB settings:``
    followed by JSON, so that :func:`write_ktab_xml` writes them back; the
    measures of positions do not use them.

    Parameters
    ----------
    path
        The XML file.
    case_id
        The case's id; by default made from the scenario's name.

    Raises
    ------
    CaseFileError
        With every problem found, each with its line and element path: XML
        that is not well-formed, a document type declaration (and so any
        entity), a missing or repeated element, an unknown element, a
        number of ``<dCoord>`` or ``<dSal>`` other than the number of
        dimensions, a number that is not one (or is NaN or infinite), a
        position or salience outside ``[0, 100]``, a capability that is
        not above 0, an actor named twice or with no positive salience, an
        incomplete ``<ModelParameters>``, an ``<iaPair>`` naming an
        unknown actor.
    InvalidArgumentError
        If defusedxml is not installed, or ``case_id`` is not a valid id.

    Examples
    --------
    >>> from positions import read_ktab_xml
    >>> import pathlib, tempfile
    >>> scenario = '''<Scenario>
    ...   <name>Tiny scenario</name><desc>Two actors, one dimension</desc>
    ...   <prngSeed>42</prngSeed>
    ...   <Dimensions><dName>Tax</dName></Dimensions>
    ...   <Actors>
    ...     <Actor><name>Left</name><description>Left bloc</description>
    ...       <capability>40</capability>
    ...       <Position><dCoord>20</dCoord></Position><Salience><dSal>100</dSal></Salience>
    ...     </Actor>
    ...     <Actor><name>Right</name><description>Right bloc</description>
    ...       <capability>60</capability>
    ...       <Position><dCoord>80</dCoord></Position><Salience><dSal>50</dSal></Salience>
    ...     </Actor>
    ...   </Actors>
    ... </Scenario>'''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "tiny.xml"
    ...     _ = path.write_text(scenario, encoding="utf-8")
    ...     case = read_ktab_xml(path)
    >>> case.id, case.issues[0].id, case.issues[0].high
    ('Tiny-scenario', 'Tax', 100.0)
    >>> [(p.party.id, p.party.capability, p.stance("Tax").salience) for p in case.positions]
    [('Left', 40.0, 100.0), ('Right', 60.0, 50.0)]
    >>> case.sources[0].note.splitlines()[1]
    'KTAB settings: {"prngSeed": "42"}'
    """
    _check_case_id(case_id)
    file = Path(path)
    root, lines, modified = _parse(file)
    reader = _Reader(lines)
    scenario = _Place(root, _local(root.tag))
    if _local(root.tag) != "Scenario":
        hint = ""
        if _local(root.tag) in ("negotiation_template", "utility_space"):
            hint = ": is this a GENIUS file?"
        reader.add(
            scenario,
            f"expected a KTAB scenario (root element <Scenario>), found "
            f"<{_cut(_local(root.tag))}>{hint}",
        )
        raise CaseFileError(file, reader.problems)
    found = reader.children(
        scenario,
        (
            "name",
            "desc",
            "prngSeed",
            "ModelParameters",
            "Dimensions",
            "Actors",
            "IdealAdjustment",
        ),
    )
    name = reader.text(found["name"][0]) if found["name"] else ""
    description = reader.text(found["desc"][0]) if found["desc"] else ""
    seeded = reader.one(scenario, found, "prngSeed", "KTAB needs one (0 draws one at random)")
    seed = reader.seed(seeded) if seeded else None
    parameters = reader.parameters(found["ModelParameters"][0]) if found["ModelParameters"] else {}
    dimensions = reader.one(scenario, found, "Dimensions")
    dims_before = len(reader.problems)
    dim_names = reader.dimensions(dimensions) if dimensions else []
    dims = len(dim_names) if dimensions and len(reader.problems) == dims_before else None
    listing = reader.one(scenario, found, "Actors")
    actors_before = len(reader.problems)
    actors = reader.actors(listing, dims) if listing else []
    party_ids = _unique_ids((a.name for a in actors), "actor")
    names = None
    if listing and len(reader.problems) == actors_before:
        names = {a.name: pid for a, pid in zip(actors, party_ids, strict=True)}
    adjustments = (
        reader.adjustments(found["IdealAdjustment"][0], names) if found["IdealAdjustment"] else []
    )
    if reader.problems:
        raise CaseFileError(file, reader.problems)
    assert seed is not None
    assert parameters is not None
    settings: dict[str, Any] = {"prngSeed": seed}
    if found["ModelParameters"]:
        settings["ModelParameters"] = parameters
    if found["IdealAdjustment"]:
        settings["IdealAdjustment"] = [list(pair) for pair in adjustments]
    title = name or file.stem.strip() or "KTAB scenario"
    source = Source(
        SOURCE_ID,
        title=title,
        publisher=PUBLISHER,
        date=modified.isoformat(),
        note=f"{_DATE_NOTE}\n{SETTINGS}{json.dumps(settings, ensure_ascii=False)}",
    )
    issue_ids = _unique_ids(dim_names, "dimension")
    issues = [ScaleIssue(i, 0, 100, label=d) for i, d in zip(issue_ids, dim_names, strict=True)]
    try:
        parties = [
            Party(pid, name=a.name, note=a.description, capability=a.capability)
            for a, pid in zip(actors, party_ids, strict=True)
        ]
        positions = [
            Position(
                party.id,
                party=party,
                stances=[
                    Stance(issue, ideal=x, salience=s)
                    for issue, x, s in zip(issues, a.coordinates, a.saliences, strict=True)
                ],
                date=modified,
                status="stated",
                source=source,
                locator=a.place.path,
            )
            for a, party in zip(actors, parties, strict=True)
        ]
        return Case(
            _case_id(case_id, title, file),
            title=title,
            description=description or "",
            issues=issues,
            parties=parties,
            sources=[source],
            positions=positions,
        )
    except ModelError as err:  # pragma: no cover - unreachable: every value is checked first
        raise CaseFileError(file, [Problem("", str(err))]) from None


# ---------------------------------------------------------------------------
# Writing


@attrs.frozen
class _Settings:
    seed: str = DEFAULT_SEED
    parameters: Mapping[str, str] | None = None
    adjustments: Sequence[tuple[str, str, float]] = ()


def _settings_of(case: Case, problems: list[str]) -> _Settings:
    """The KTAB settings kept in the case's sources; the defaults if none."""
    found = [
        (source, line[len(SETTINGS) :])
        for source in case.sources
        for line in source.note.splitlines()
        if line.startswith(SETTINGS)
    ]
    if not found:
        return _Settings()
    if len(found) > 1:
        holders = listed(source.id for source, _ in found)
        problems.append(f"the sources {holders} each hold KTAB settings: keep one")
        return _Settings()
    source, text = found[0]
    where = f"the KTAB settings in the note of source {source.id!r}"
    try:
        data = json.loads(text)
    except ValueError as err:
        problems.append(f"{where} are not valid JSON ({err})")
        return _Settings()
    if not isinstance(data, dict):
        problems.append(f"{where} must be a JSON object (got {shown(data)})")
        return _Settings()
    bad: list[str] = []
    unknown = sorted(set(data) - {"prngSeed", "ModelParameters", "IdealAdjustment"})
    if unknown:
        bad.append(f"unknown keys {listed(unknown)}")
    seed = data.get("prngSeed", DEFAULT_SEED)
    if not (
        isinstance(seed, str)
        and _SEED.fullmatch(seed)
        and len(seed.lstrip("0")) <= 20
        and int(seed) <= _LARGEST_SEED
    ):
        bad.append(f"prngSeed must be a whole number from 0 to {_LARGEST_SEED}, as text")
    parameters = data.get("ModelParameters")
    if parameters is not None:
        if not isinstance(parameters, dict) or not all(
            isinstance(k, str)
            and _TAG.fullmatch(k)
            and isinstance(v, str)
            and v.strip()
            and not _NOT_XML.search(v)
            for k, v in parameters.items()
        ):
            bad.append("ModelParameters must map element names to values, as text")
        else:
            missing = [p for p in MODEL_PARAMETERS if p not in parameters]
            if missing:
                bad.append(f"ModelParameters lacks {', '.join(missing)}")
    pairs = data.get("IdealAdjustment", [])
    if not isinstance(pairs, list) or not all(
        isinstance(p, list)
        and len(p) == 3
        and isinstance(p[0], str)
        and isinstance(p[1], str)
        and expected_number(p[2]) is None
        for p in pairs
    ):
        bad.append("IdealAdjustment must be a list of [party id, party id, number]")
    if bad:
        problems.append(f"{where}: " + "; ".join(bad))
        return _Settings()
    return _Settings(seed, parameters, [(a, b, float(x)) for a, b, x in pairs])


def _number_text(x: float) -> str:
    """A number as text that reads back to the same float, whole numbers
    without a decimal point."""
    return str(int(x)) if x.is_integer() else repr(x)


def _coordinate(issue: ScaleIssue, x: float) -> float:
    """``x`` on KTAB's scale from 0 to 100."""
    if (issue.low, issue.high) == (0.0, 100.0):
        return x
    return min(100.0, max(0.0, (x - issue.low) / issue.span * 100))


def _xml_problems(what: str, text: str) -> list[str]:
    bad = _NOT_XML.search(text)
    if bad is None:
        return []
    return [f"{what} holds the character {bad[0]!r}, which XML cannot hold"]


def _leaf(parent: Element, tag: str, text: str) -> None:
    StdET.SubElement(parent, tag).text = text


def write_ktab_xml(case: Case, path: str | os.PathLike[str]) -> list[Path]:
    """Write a case as a KTAB spatial-model (SMP) scenario in XML; return
    the path written, in a list.

    The case's title is the scenario's ``<name>``, its description the
    ``<desc>``; each scale issue is a dimension (its label, or its id where
    it has none, as the ``<dName>``); each position an ``<Actor>`` named by
    its party's name, described by the party's note (by its name where the
    note is empty, since KTAB needs a description), with the party's
    capability (1, what positions assumes, where it has none) and the
    position's ideal and salience on each dimension. A scale issue on a
    range other than ``[0, 100]`` is mapped linearly onto it.

    The seed, model parameters and ideal adjustments are those kept by
    :func:`read_ktab_xml` in a source's note. A case that holds none is
    written with the seed 0, which KTAB takes as "draw a seed at random",
    without ``<ModelParameters>`` (KTAB then uses its defaults) and without
    ``<IdealAdjustment>`` (KTAB's default then holds: each actor's ideal
    adjusts to its own position only). KTAB
    has no red lines, reservation levels, offers, events or dates: they are
    not written. Reading the file back with :func:`read_ktab_xml` gives the
    same case for a case read with it.

    The file is written whole or not at all: it is prepared beside its
    target and moved into place. A symbolic link at the target is refused.

    Raises
    ------
    InvalidArgumentError
        Naming everything a KTAB scenario cannot hold, or that KTAB would
        refuse: an issue that is not a scale, a case without issues or
        positions, two positions of one party (a KTAB actor has one), two
        parties or dimensions of one name, a position without a stance on
        some issue, a salience above 100 or saliences that add up to more
        than 100, a capability of 0, text that XML cannot hold, and KTAB
        settings that do not fit the case; or if the target is a symbolic
        link. Nothing is written then.
    OSError
        If the file cannot be written; it is then as it was.

    Examples
    --------
    >>> from positions import read_ktab_xml, write_ktab_xml
    >>> import pathlib, tempfile, positions
    >>> tax = positions.ScaleIssue("Tax", low=0, high=100, label="Tax")
    >>> left = positions.Party("Left", name="Left", note="Left bloc", capability=40)
    >>> right = positions.Party("Right", name="Right", note="Right bloc", capability=60)
    >>> case = positions.Case("tiny", title="Tiny", issues=[tax], parties=[left, right],
    ...     positions=[positions.Position("Left", party=left,
    ...                                   stances=[positions.Stance(tax, 20, salience=100)]),
    ...                positions.Position("Right", party=right,
    ...                                   stances=[positions.Stance(tax, 80, salience=50)])])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [path] = write_ktab_xml(case, pathlib.Path(tmp) / "tiny.xml")
    ...     back = read_ktab_xml(path)
    ...     print(path.read_text(encoding="utf-8").splitlines()[4])
      <prngSeed>0</prngSeed>
    >>> [(p.party.id, p.stance("Tax").ideal) for p in back.positions]
    [('Left', 20.0), ('Right', 80.0)]
    """
    if not isinstance(case, Case):
        msg = f"write_ktab_xml() needs a Case, not {type(case).__name__}"
        raise InvalidArgumentError(msg)
    problems: list[str] = []
    others = [i for i in case.issues if not isinstance(i, ScaleIssue)]
    if others:
        kinds = listed(f"{i.id} ({i.kind})" for i in others)
        problems.append(f"KTAB dimensions are scales: the issues {kinds} are not")
    scales = [i for i in case.issues if isinstance(i, ScaleIssue)]
    if not case.issues:
        problems.append("the case has no issues: a KTAB scenario needs a dimension")
    if not case.positions:
        problems.append("the case has no positions: a KTAB scenario needs an actor")
    dim_names = [issue.label.strip() or issue.id for issue in scales]
    problems += _xml_problems("the title", case.title)
    problems += _xml_problems("the description", case.description)
    for issue, name in zip(scales, dim_names, strict=True):
        problems += _xml_problems(f"the label of issue {issue.id!r}", name)
    twice = sorted(n for n, count in collections.Counter(dim_names).items() if count > 1)
    if twice:
        problems.append(f"two dimensions would have the same name: {listed(twice)}")
    settings = _settings_of(case, problems)

    actors: list[tuple[Position, float, list[tuple[float, float]]]] = []
    by_party: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for position in case.positions:
        party = position.party
        label = f"position {position.id!r}"
        if party.id in by_party:
            problems.append(
                f"{label} and position {by_party[party.id]!r} are both of party {party.id!r}: "
                "a KTAB actor has one position"
            )
            continue
        by_party[party.id] = position.id
        name = party.name.strip()
        if name in by_name:
            problems.append(
                f"parties {by_name[name]!r} and {party.id!r} have the same name {shown(name)}: "
                "KTAB tells actors apart by name"
            )
        by_name.setdefault(name, party.id)
        problems += _xml_problems(f"the name of party {party.id!r}", party.name)
        problems += _xml_problems(f"the note of party {party.id!r}", party.note)
        capability = 1.0 if party.capability is None else float(party.capability)
        if capability == 0:
            problems.append(
                f"party {party.id!r} has a capability of 0, which KTAB refuses: an actor "
                "needs a capability above 0"
            )
        pairs: list[tuple[float, float]] = []
        total = 0.0
        for issue in scales:
            try:
                stance = position.stance(issue.id)
            except KeyError:
                problems.append(
                    f"{label} takes no stance on issue {issue.id!r}: a KTAB actor needs a "
                    "position and a salience on every dimension"
                )
                continue
            if stance.salience > 100:
                problems.append(
                    f"{label}, issue {issue.id!r}: the salience {stance.salience:g} is above "
                    "100, the most KTAB takes"
                )
            total += stance.salience
            ideal = stance.ideal
            assert isinstance(ideal, float)
            pairs.append((_coordinate(issue, ideal), stance.salience))
        if total > 100:
            problems.append(
                f"{label}: the saliences add up to {total:g}, and KTAB refuses an actor whose "
                "saliences add up to more than 100"
            )
        actors.append((position, capability, pairs))

    party_ids = set(by_party)
    for adjusting, reference, _ in settings.adjustments:
        for pid in (adjusting, reference):
            if pid not in party_ids:
                problems.append(
                    f"the KTAB settings adjust the ideal of party {pid!r} or towards it, "
                    "but no position of the case is of that party"
                )
    if problems:
        msg = f"case {case.id!r} cannot be written as a KTAB scenario: " + "; ".join(problems)
        raise InvalidArgumentError(msg)

    root = StdET.Element("Scenario")
    _leaf(root, "name", case.title.strip())
    _leaf(root, "desc", case.description)
    _leaf(root, "prngSeed", settings.seed)
    if settings.parameters is not None:
        parameters = StdET.SubElement(root, "ModelParameters")
        for key, value in settings.parameters.items():
            _leaf(parameters, key, value)
    dimensions = StdET.SubElement(root, "Dimensions")
    for name in dim_names:
        _leaf(dimensions, "dName", name)
    listing = StdET.SubElement(root, "Actors")
    names = {}
    for position, capability, pairs in actors:
        party = position.party
        names[party.id] = party.name.strip()
        element = StdET.SubElement(listing, "Actor")
        _leaf(element, "name", party.name.strip())
        _leaf(element, "description", party.note.strip() or party.name.strip())
        _leaf(element, "capability", _number_text(capability))
        coordinates = StdET.SubElement(element, "Position")
        for x, _ in pairs:
            _leaf(coordinates, "dCoord", _number_text(x))
        saliences = StdET.SubElement(element, "Salience")
        for _, s in pairs:
            _leaf(saliences, "dSal", _number_text(s))
    if settings.adjustments:
        adjustment = StdET.SubElement(root, "IdealAdjustment")
        for adjusting, reference, x in settings.adjustments:
            pair = StdET.SubElement(adjustment, "iaPair")
            _leaf(pair, "adjustingIdeal", names[adjusting])
            _leaf(pair, "referencePos", names[reference])
            _leaf(pair, "adjust", _number_text(x))
    StdET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + StdET.tostring(root, encoding="unicode")
    target = Path(path)
    write_file(target, (text + "\n").encode("utf-8"))
    return [target]


FORMAT = Format(
    name="ktab-xml",
    title="KTAB XML",
    description="A KTAB spatial-model (SMP) scenario in XML: actors with a capability, and a "
    "position and a salience on each dimension; the seed, model parameters and ideal "
    "adjustments are kept in the source's note and written back.",
    reader=read_ktab_xml,
    writer=write_ktab_xml,
    output="FILE",
    extra="genius",
    howto="how-to/import-ktab-xml",
)
