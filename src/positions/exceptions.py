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
    """Base class of every error raised by :mod:`positions`."""


class ModelError(PositionsError, ValueError):
    """An object of the model would be invalid (a value outside its domain,
    a negative salience, an ideal outside its acceptable set, ...)."""


class InvalidArgumentError(PositionsError, ValueError):
    """A function was called with an argument it cannot use."""


class UnknownMeasureError(InvalidArgumentError):
    """An item measure was asked for that no weighted-item issue defines."""


class IssueMismatchError(InvalidArgumentError):
    """Two objects use the same issue id for issues that differ."""


@attrs.frozen
class Problem:
    """One problem found in an input file.

    Parameters
    ----------
    where
        The place inside the file, as a path such as
        ``positions[3].accept.territory`` or ``line 4, column 7``.
    message
        What was expected and what was found.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


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
    """

    def __init__(self, path: object, problems: Iterable[Problem]) -> None:
        self.path = str(path)
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{self.path}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))
