"""The limits that keep every computation exact, finite and in memory.

One place decides them, and every validator and reader of the library asks
here (the reasons are in ``docs/explanation/limitations.md``):

* every number of the model (scale bounds and values, interval bounds,
  saliences, capabilities, item measures, shares, value tables) is a real
  number, finite, and at most :data:`MAX_MAGNITUDE` in magnitude, so that
  spans, sums and products of them can neither overflow nor lose the
  precision the measures need;
* commands that enumerate refuse, before they allocate anything, sizes
  above :data:`MAX_OUTCOMES` (an agreement space) and :data:`MAX_SAMPLES`
  (the saliences drawn by a sensitivity run); their options raise them;
* values are shown in messages by :func:`shown`, which cuts long ones short.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any, Final

from positions.exceptions import ModelError

__all__ = [
    "IN_RANGE",
    "MAX_MAGNITUDE",
    "MAX_OUTCOMES",
    "MAX_SAMPLES",
    "as_float",
    "check_number",
    "digits",
    "expected_number",
    "listed",
    "number_from_text",
    "shown",
]

#: The largest magnitude of a number of the model. Spans (``high - low``)
#: stay below 2e15 and sums of a million such numbers below 1e22, far from
#: overflow; and below 2**53 (about 9e15) a float still resolves steps of
#: 1/8 at the largest magnitude, so integers and the usual decimal
#: fractions of a scale keep their relative precision.
MAX_MAGNITUDE: Final = 1e15

#: The default limit on the outcomes of an agreement space that the
#: command line enumerates (``positions solve --max-outcomes``).
MAX_OUTCOMES: Final = 5_000_000

#: The default limit on the saliences a sensitivity run draws, draws times
#: the issues of the positions (``positions sensitivity --max-samples``).
MAX_SAMPLES: Final = 20_000_000

_SHOWN = 60
_LIMIT = f"{MAX_MAGNITUDE:.0e}".replace("e+", "e")
#: What a number of the model must be, in words.
IN_RANGE: Final = f"a number between -{_LIMIT} and {_LIMIT}"


def expected_number(value: object) -> str | None:
    """What a number of the model must be, when ``value`` is not one; else
    ``None``.

    Examples
    --------
    >>> from positions._limits import expected_number
    >>> expected_number(2.5) is None, expected_number(10**20)
    (True, 'a number between -1e15 and 1e15')
    >>> expected_number(float("nan")), expected_number(True)
    ('a finite number', 'a number')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return "a number"
    if isinstance(value, numbers.Integral):
        # Compare an int as an int: float() of a huge one overflows.
        large = abs(int(value)) > MAX_MAGNITUDE
    else:
        try:
            x = float(value)
        except OverflowError:
            x = math.inf
        if math.isnan(x) or (math.isinf(x) and isinstance(value, float)):
            return "a finite number"
        large = abs(x) > MAX_MAGNITUDE
    return IN_RANGE if large else None


def number_from_text(text: str) -> float:
    """The number that ``text`` writes, if the model can hold it; else
    :class:`ValueError` whose message says what is expected. A decimal
    too large for a float is too large, not infinite.

    Examples
    --------
    >>> from positions._limits import number_from_text
    >>> number_from_text(" 2.5 ")
    2.5
    >>> number_from_text("1" + "0" * 400)
    Traceback (most recent call last):
      ...
    ValueError: a number between -1e15 and 1e15
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError("a number") from None
    if math.isinf(value) and not text.strip().lstrip("+-").lower().startswith("inf"):
        raise ValueError(IN_RANGE)
    expected = expected_number(value)
    if expected is not None:
        raise ValueError(expected)
    return value


def as_float(value: Any) -> Any:
    """An attrs converter: ``value`` as a float when it is a number the
    model can hold, else ``value`` unchanged for the class's own check to
    report with its context (a converter cannot name the object).

    Examples
    --------
    >>> from positions._limits import as_float
    >>> as_float(3), as_float("three")
    (3.0, 'three')
    """
    return float(value) if expected_number(value) is None else value


def check_number(what: str, value: object) -> float:
    """``value`` as a float if it is a number the model can hold (see
    :func:`expected_number`); else :class:`~positions.exceptions.ModelError`
    naming ``what``.

    Examples
    --------
    >>> from positions._limits import check_number
    >>> check_number("salience", 3)
    3.0
    >>> check_number("salience", 1e308)
    Traceback (most recent call last):
      ...
    positions.exceptions.ModelError: salience must be a number between -1e15 and 1e15 (got 1e+308)
    """
    expected = expected_number(value)
    if expected is not None:
        msg = f"{what} must be {expected} (got {shown(value)})"
        raise ModelError(msg)
    assert isinstance(value, numbers.Real)
    return float(value)


def digits(n: int) -> int:
    """The number of decimal digits of ``n``, counted without writing it
    (Python refuses to write ints of more than a few thousand digits).

    Examples
    --------
    >>> from positions._limits import digits
    >>> digits(0), digits(999), digits(-1000), digits(10**5000)
    (1, 3, 4, 5001)
    """
    magnitude = abs(n)
    count = max(1, math.floor(magnitude.bit_length() * math.log10(2)) + 1)
    return count - 1 if count > 1 and 10 ** (count - 1) > magnitude else count


def listed(values: Iterable[object], limit: int = 8) -> str:
    """A list of values for a message, each :func:`shown`, the first
    ``limit`` only.

    Examples
    --------
    >>> from positions._limits import listed
    >>> listed(["low", "high"])
    "['low', 'high']"
    >>> listed(range(1000), limit=3)
    '[0, 1, 2, ... (997 more)]'
    """
    items = list(values)
    text = ", ".join(shown(v) for v in items[:limit])
    if len(items) > limit:
        text += f", ... ({len(items) - limit:,} more)"
    return f"[{text}]"


def shown(value: object, limit: int = _SHOWN) -> str:
    """``repr(value)`` for a message, cut short when it is long.

    Examples
    --------
    >>> from positions._limits import shown
    >>> shown("north")
    "'north'"
    >>> shown("x" * 1_000_000, limit=10)
    "'xxxxxxxxx... (1,000,002 characters)"
    >>> shown(10**5000)
    'an integer of 5,001 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        # Python refuses to write very long ints as text: count the digits.
        return f"an integer of {digits(value):,} digits"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__} too large to show"
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"
