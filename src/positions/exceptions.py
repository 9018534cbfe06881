"""The exceptions of :mod:`positions`.

Every error the library raises on bad input is a :class:`PositionsError`.
Each specific error also subclasses the built-in exception it refines, so
``except ValueError`` keeps working in code that does not know this library.

Examples
--------
>>> from positions.exceptions import CaseFileError, PositionsError, Problem
>>> err = CaseFileError("case.toml", [Problem("parties[0].id", "missing")])
>>> isinstance(err, PositionsError), isinstance(err, ValueError)
(True, True)
>>> print(err)
case.toml: 1 problem
  parties[0].id: missing
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CaseFileError",
    "InvalidArgumentError",
    "IssueMismatchError",
    "ModelError",
    "PositionsError",
    "Problem",
    "UnknownMeasureError",
]


class PositionsError(Exception):
    """Base class of every error raised by :mod:`positions`.

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import PositionsError
    >>> try:
    ...     positions.load_case("no-such-case")
    ... except PositionsError as err:
    ...     print(type(err).__name__)
    CaseFileError
    """


class ModelError(PositionsError, ValueError):
    """An object of the model would be invalid (a value outside its domain,
    a negative salience, an ideal outside its acceptable set, ...).

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import ModelError
    >>> try:
    ...     positions.Interval(3, 1)
    ... except ModelError as err:
    ...     print(err)
    interval needs low <= high (got [3.0, 1.0])
    """


class InvalidArgumentError(PositionsError, ValueError):
    """A function was called with an argument it cannot use.

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import InvalidArgumentError
    >>> case = positions.load_case("harbour")
    >>> city = case.position("city-2024")
    >>> try:
    ...     positions.distance(city, city, p=0.5)
    ... except InvalidArgumentError as err:
    ...     print("refused")
    refused
    """


class UnknownMeasureError(InvalidArgumentError):
    """An item measure was asked for that no weighted-item issue defines.

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import UnknownMeasureError
    >>> case = positions.load_case("harbour")
    >>> city, offer = case.position("city-2024"), case.offer("compromise")
    >>> try:
    ...     positions.concession(city, offer, measure="volume")
    ... except UnknownMeasureError as err:
    ...     print(err)
    no weighted-item issue here has the measure 'volume' (known: ['count', 'quay'])
    """


class IssueMismatchError(InvalidArgumentError):
    """Two objects use the same issue id for issues that differ.

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import IssueMismatchError
    >>> north, south = positions.Party("n", name="N"), positions.Party("s", name="S")
    >>> a = positions.ScaleIssue("price", low=0, high=10)
    >>> b = positions.ScaleIssue("price", low=0, high=20)
    >>> p = positions.Position("p", party=north, stances=[positions.Stance(a, 5.0)])
    >>> q = positions.Position("q", party=south, stances=[positions.Stance(b, 5.0)])
    >>> try:
    ...     positions.overlap(p, q)
    ... except IssueMismatchError as err:
    ...     print(err)
    two different issues share the id 'price' (are they from different cases?)
    """


#: The longest place or message a problem keeps. Values quoted in messages
#: are cut much shorter where they are quoted; this stops any other.
_LONGEST = 1_000


def _brief(text: str) -> str:
    if not isinstance(text, str) or len(text) <= _LONGEST:
        return text
    return f"{text[:_LONGEST]}... ({len(text):,} characters in all)"


@attrs.frozen
class Problem:
    """One problem found in an input file.

    Parameters
    ----------
    where
        The place inside the file, as a path such as
        ``positions[3].accept.territory`` or ``line 4, column 7``.
    message
        What was expected and what was found. The place and the message
        are each cut short after 1,000 characters, so that a problem
        quoting a huge value stays readable.
    named
        The same place with the id of each listed object after its index,
        as a reader finds it in the file
        (``positions[3] (city-2024).accept.berths``); shown instead of
        ``where`` when given. ``where`` stays the plain path, for code.

    Examples
    --------
    >>> from positions.exceptions import Problem
    >>> print(Problem("parties[1].name", "missing"))
    parties[1].name: missing
    >>> print(Problem("parties[1].name", "missing", named="parties[1] (seller).name"))
    parties[1] (seller).name: missing
    """

    where: str = attrs.field(converter=_brief)
    message: str = attrs.field(converter=_brief)
    named: str = attrs.field(default="", converter=_brief, eq=False)

    def __str__(self) -> str:
        place = self.named or self.where
        return f"{place}: {self.message}" if place else self.message


class CaseFileError(PositionsError, ValueError):
    """A case file (or an imported file) cannot be read into a valid case.

    The message names the file and lists every problem found, each with its
    place inside the file.

    Attributes
    ----------
    path
        The file, as given.
    problems
        The problems found, in the order they were found.

    Examples
    --------
    >>> import positions
    >>> from positions.exceptions import CaseFileError
    >>> try:
    ...     positions.loads_case("this is not TOML", name="inline.toml")
    ... except CaseFileError as err:
    ...     print(err.path, len(err.problems) > 0)
    inline.toml True
    """

    def __init__(self, path: object, problems: Iterable[Problem]) -> None:
        self.path = str(path)
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{self.path}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))
