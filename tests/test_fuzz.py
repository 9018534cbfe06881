"""Fuzz tests of every reader: case files (TOML), GENIUS XML, KTAB scenarios
(CSV and XML) and actor tables (CSV).

Each reader gets inputs two ways:

* structure-aware: valid files (cases drawn by :func:`positions.strategies.cases`
  and written by :func:`positions.dumps_case` or :func:`positions.write_genius`,
  the bundled cases, the files under ``tests/data`` and, where it exists, the
  real GENIUS files of ``../shared/genius``), changed by a seeded mutator. It
  changes the parsed file (keys, attributes, cells, rows and elements deleted,
  duplicated, swapped or given huge numbers, NaN, infinity, values of the
  wrong type, unknown keys and odd Unicode) and writes it again, or changes
  the bytes (lines deleted, duplicated or swapped, bits flipped, the file cut
  short, deep nesting, NUL, byte order marks, other encodings);
* unstructured: text and bytes drawn by Hypothesis, some of it from the
  characters and names that mean something to the format.

The property is the same for every input: the reader returns a valid case,
or raises one :class:`~positions.exceptions.CaseFileError` (the library's
error for a file it cannot read) that names the file it was given; never
another exception, never a hang. A case it returns is written and read back
equal, and holds no NaN or infinity. A sample of the inputs also goes
through the command line (``positions validate`` and ``positions import``):
the exit status is 0, 1 or 2, nothing prints a traceback, the input file is
left as it was, and an import writes its output only when it succeeds.

The files under ``tests/data/fuzz`` are inputs that once broke a reader,
one folder per reader; every run reads them again.

Budget: under the default profile the module takes about 20 seconds of one
core, under ``HYPOTHESIS_PROFILE=ci`` (three times as many examples) about a
minute. A longer campaign sets ``POSITIONS_FUZZ_EXAMPLES``, the examples of
each Hypothesis test and the mutants of each seed, and ``POSITIONS_FUZZ_SEED``
to try other mutants than CI does::

    POSITIONS_FUZZ_EXAMPLES=5000 POSITIONS_FUZZ_SEED=7 pytest tests/test_fuzz.py -x

(5,000 take about an hour; the number grows the time in proportion.)

A failing mutant is named by its reader, seed and number, with the changes
that made it and the start of its bytes; the same seed and number make it
again.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import importlib.util
import io
import math
import os
import pickle
import random
import re
import signal
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

import positions
from positions import Case
from positions import strategies as pst
from positions.__main__ import main
from positions.exceptions import CaseFileError, InvalidArgumentError

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BUNDLED = HERE.parent / "seeds"
CORPUS = DATA / "fuzz"
SHARED = (HERE.parent / ".." / "shared" / "genius").resolve()
HAS_DEFUSEDXML = importlib.util.find_spec("defusedxml") is not None
needs_defusedxml = pytest.mark.skipif(not HAS_DEFUSEDXML, reason="needs defusedxml")

# ---------------------------------------------------------------------------
# The budget

#: Examples of each Hypothesis test and mutants of each seed, when set.
CAMPAIGN = int(os.environ.get("POSITIONS_FUZZ_EXAMPLES", "") or 0)
#: Shifts every seed, so that a campaign can try other mutants than CI.
SEED = int(os.environ.get("POSITIONS_FUZZ_SEED", "") or 0)
#: 1 under the default profile (100 examples), 3 under ``ci`` (300).
SCALE = max(1, settings().max_examples // 100)
#: The seeds of the mutators; each gives its own mutants.
SEEDS = [SEED * 1000 + k for k in range(4)]
#: How long one input may take to read before it counts as a hang: far
#: longer than any needs, so that a slow machine passes.
TIME_LIMIT = 20.0


def budget(base: int) -> int:
    """The examples (or mutants per seed) of a test: ``base`` under the
    default profile, three times that under ``ci``, and the campaign's
    number when ``POSITIONS_FUZZ_EXAMPLES`` is set."""
    return CAMPAIGN or base * SCALE


def fuzz_settings(base: int) -> settings:
    return settings(
        max_examples=budget(base),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


# ---------------------------------------------------------------------------
# The property


class Hang(BaseException):
    """A reader took longer than :data:`TIME_LIMIT`: a BaseException, so
    that no ``except Exception`` in the library can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds``, where the
    platform has interval timers."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not POSIX
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def not_finite(value: object, where: str = "") -> list[str]:
    """The places in parsed TOML that hold NaN or an infinity."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [where]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in not_finite(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for k, v in enumerate(value) for p in not_finite(v, f"{where}[{k}]")]
    return []


def check_case(case: Case) -> None:
    """A case a reader returned writes, reads back equal, and holds only
    finite numbers."""
    assert isinstance(case, Case)
    text = positions.dumps_case(case)
    assert not_finite(tomllib.loads(text)) == []
    assert positions.loads_case(text, name="<dumped>") == case


def check_refusal(err: CaseFileError, names: Sequence[str]) -> None:
    """A refusal is one error that names a file it read and its problems."""
    assert err.path in names, (err.path, names)
    message = str(err)
    assert message.startswith(f"{err.path}: "), message
    assert err.problems, message
    # One exception, not one raised while another was being handled.
    assert err.__cause__ is None, repr(err.__cause__)
    assert err.__context__ is None or err.__suppress_context__, repr(err.__context__)


def read_or_refuse(read: Callable[[], Case], names: Sequence[str | Path]) -> Case | None:
    """Run ``read`` and check the property; return the case, if one was read."""
    with time_limit(TIME_LIMIT):
        try:
            case = read()
        except CaseFileError as err:
            check_refusal(err, [str(n) for n in names])
            return None
        check_case(case)
    return case


# ---------------------------------------------------------------------------
# What the mutator puts in

#: Numbers, as text, that readers have to refuse or take exactly.
NUMBERS = [
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "1e308",
    "4e-324",
    "1e-400",
    "1e16",
    "1e15",
    "-1e15",
    "1000000000000001",
    "9" * 400,
    "9" * 5000,
    "-" + "9" * 30,
    "0",
    "-0",
    "-0.0",
    "00",
    "0x10",
    "0o7",
    "0b1",
    "1_000",
    "1.",
    ".5",
    "1e",
    "1e+",
    "--1",
    "+-1",
    "\u0661\u0662",  # Arabic-Indic digits
    "\uff11",  # a full-width digit
    "1\u00a0",  # a no-break space after it
    "true",
    "",
]

#: Strings that readers have to refuse or keep exactly.
STRINGS = [
    "",
    " ",
    "\t",
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\u2028",  # line separator
    "\u0085",  # next line
    "\ufeff",
    "e\u0301",  # a combining accent
    "\u00c5ngstr\u00f6m",
    "\u0130",  # dotted capital I: its lower case is two characters
    "\u00df",
    "\ufb01",
    "\U0001f600",
    "\x00",
    "\x7f",
    "\x1b[31m",
    "a\rb",
    "a\nb",
    "\\",
    '"',
    "'",
    "x" * 5000,
    "actor",
    "Actor",
    "#",
    "# title: x",
    "<",
    "&amp;",
    "&bogus;",
    "]]>",
    "a" * 100 + "-2",
]

#: Bytes spliced in as they are: not all of them are UTF-8.
BYTES = [
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc0\x80",  # an overlong NUL
    b"\x80",
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\r",
    b"\r\n",
    b"\x0c",
    b"\x1a",
]


def nest(depth: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(depth):
        out = [out]
    return out


#: Values put into a parsed case file.
VALUES: list[object] = [
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -1e308,
    1e16,
    1e15,
    -1e15,
    5e-324,
    -0.0,
    0,
    1,
    -1,
    2,
    10**16,
    10**400,
    True,
    False,
    "",
    "x",
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.datetime(2024, 1, 1, 12, 30),
    dt.time(12, 30),
    [],
    {},
    [1, "a"],
    [[]],
    {"a": {}},
    [0.0] * 10_000,
    {f"k{k}": k for k in range(1000)},
    nest(10),
    nest(70),
    nest(300),
    *STRINGS,
]

#: Keys put into a parsed case file: unknown ones and known ones out of place.
KEYS = [
    "unknown",
    "",
    "Id",
    "id ",
    "id",
    "kind",
    "low",
    "high",
    "levels",
    "items",
    "measures",
    "ideal",
    "accept",
    "salience",
    "values",
    "reservation",
    "readings",
    "evidence",
    "format",
    "date",
    "source",
    "parties",
    "\u0000",
]

GENIUS_TAGS = [
    "negotiation_template",
    "utility_space",
    "objective",
    "issue",
    "item",
    "weight",
    "evaluator",
    "range",
    "reservation",
    "discount_factor",
]

GENIUS_KEYS = [
    "index",
    "name",
    "value",
    "type",
    "vtype",
    "evaluation",
    "lowerbound",
    "upperbound",
    "ftype",
    "slope",
    "offset",
    "parameter0",
    "parameter1",
    "description",
]

GENIUS_VALUES = ["discrete", "integer", "real", "linear", "objective", "0", "1", "2", "-1", "0.5"]

TABLE_HEADERS = [
    "Actor",
    "actor",
    "ACTOR ",
    "Description",
    "Power",
    "Influence",
    "Capability",
    "Position",
    "Salience",
    "X Position",
    "X Salience",
    "Position Position",
    "Salience Salience",
    "# low: 50",
    "# high: 0",
    "# issue:",
    "# unknown: 1",
]


# ---------------------------------------------------------------------------
# Writing parsed files again (able to write what the library's writers refuse)


_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape(m: re.Match[str]) -> str:
    c = m[0]
    return "\\" + c if c in '"\\' else f"\\u{ord(c):04x}"


def toml_string(s: str) -> str:
    """``s`` as a TOML basic string."""
    return '"' + _ESCAPED.sub(_escape, s) + '"'


def toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def toml_text(doc: dict[str, Any]) -> str:
    """``doc`` as TOML: top-level tables and arrays of tables, inline below."""
    head: list[str] = []
    body: list[str] = []
    for key, value in doc.items():
        if isinstance(value, dict):
            body.append(f"\n[{toml_string(key)}]")
            body.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            for table in value:
                body.append(f"\n[[{toml_string(key)}]]")
                body.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items())
        else:
            head.append(f"{toml_string(key)} = {toml_value(value)}")
    return "\n".join(head + body) + "\n"


def places(node: object) -> Iterator[tuple[dict[str, Any] | list[Any], Any]]:
    """Every (container, key) of a parsed TOML document, depth first."""
    stack = [node]
    while stack:
        here = stack.pop()
        keys: Sequence[Any]
        if isinstance(here, dict):
            keys = list(here)
        elif isinstance(here, list):
            keys = range(len(here))
        else:
            continue
        for key in keys:
            yield here, key
            stack.append(here[key])


# ---------------------------------------------------------------------------
# The mutator

_NUMBER = re.compile(rb"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
_QUOTED = re.compile(rb'"[^"\n]*"')
_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")
#: How large a mutant may grow, so that every input stays quick to read.
_LARGEST = 400_000


class Mutator:
    """Seeded changes to one kind of file (``toml``, ``xml`` or ``csv``).

    Half the changes are made to the parsed file, which is then written
    again; the others to its bytes. Every mutant is a function of the seed,
    so that a failing one is made again by its seed and number."""

    def __init__(self, kind: str, seed: int, corpus: Sequence[bytes]) -> None:
        assert corpus
        self.kind = kind
        self.rng = random.Random(f"{kind}-{seed}")
        self.corpus = list(corpus)
        self.log: list[str] = []
        self.parsed: dict[bytes, bytes] = {}
        self.originals = set(self.corpus)
        self.structure: Callable[[bytes], bytes] = {
            "toml": self.toml_tree,
            "xml": self.xml_tree,
            "csv": self.csv_table,
        }[kind]
        self.byte_operations: list[Callable[[bytes], bytes]] = [
            self.delete_line,
            self.duplicate_line,
            self.swap_lines,
            self.flip_bit,
            self.set_byte,
            self.delete_bytes,
            self.truncate,
            self.number,
            self.string,
            self.splice_bytes,
            self.bom,
            self.nesting,
            self.unknown,
            self.wrong_type,
            self.line_endings,
            self.repeat,
            self.crossover,
            self.swap_tokens,
            self.encoding,
        ]

    def mutants(self, count: int) -> Iterator[tuple[int, bytes, list[str]]]:
        """``count`` mutants of the corpus: (number, bytes, what was done)."""
        for n in range(count):
            data = self.rng.choice(self.corpus)
            self.log = []
            for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3, 4, 8])):
                data = self.mutate(data)
            yield n, data, self.log

    def mutate(self, data: bytes) -> bytes:
        if self.rng.random() < 0.5:
            return self.structure(data)[:_LARGEST]
        return self.raw(data)

    def raw(self, data: bytes) -> bytes:
        op = self.rng.choice(self.byte_operations)
        self.log.append(op.__name__)
        return op(data)[:_LARGEST]

    # --- helpers -------------------------------------------------------------

    def _lines(self, data: bytes) -> list[bytes]:
        return _LINE.findall(data) or [data]

    def _at(self, data: bytes) -> int:
        return self.rng.randrange(len(data) + 1)

    def _insert(self, data: bytes, piece: bytes) -> bytes:
        at = self._at(data)
        return data[:at] + piece + data[at:]

    def _insert_line(self, data: bytes, line: bytes) -> bytes:
        starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
        at = self.rng.choice(starts)
        return data[:at] + line + data[at:]

    def _replace_match(self, data: bytes, pattern: re.Pattern[bytes], piece: bytes) -> bytes:
        found = list(pattern.finditer(data))
        if not found:
            return self._insert(data, piece)
        m = self.rng.choice(found)
        return data[: m.start()] + piece + data[m.end() :]

    # --- changes to the bytes ------------------------------------------------

    def delete_line(self, data: bytes) -> bytes:
        lines = self._lines(data)
        del lines[self.rng.randrange(len(lines))]
        return b"".join(lines)

    def duplicate_line(self, data: bytes) -> bytes:
        lines = self._lines(data)
        k = self.rng.randrange(len(lines))
        lines.insert(self.rng.randrange(len(lines) + 1), lines[k])
        return b"".join(lines)

    def swap_lines(self, data: bytes) -> bytes:
        lines = self._lines(data)
        i, j = self.rng.randrange(len(lines)), self.rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)

    def flip_bit(self, data: bytes) -> bytes:
        if not data:
            return data
        at = self.rng.randrange(len(data))
        return data[:at] + bytes([data[at] ^ (1 << self.rng.randrange(8))]) + data[at + 1 :]

    def set_byte(self, data: bytes) -> bytes:
        if not data:
            return bytes([self.rng.randrange(256)])
        at = self.rng.randrange(len(data))
        return data[:at] + bytes([self.rng.randrange(256)]) + data[at + 1 :]

    def delete_bytes(self, data: bytes) -> bytes:
        at = self._at(data)
        return data[:at] + data[at + self.rng.randint(1, 16) :]

    def truncate(self, data: bytes) -> bytes:
        return data[: self._at(data)]

    def number(self, data: bytes) -> bytes:
        return self._replace_match(data, _NUMBER, self.rng.choice(NUMBERS).encode())

    def string(self, data: bytes) -> bytes:
        text = self.rng.choice(STRINGS)
        if self.kind == "csv":
            return self._replace_match(data, re.compile(rb"[^,\n]+"), text.encode())
        if self.rng.random() < 0.7:  # written as the format would, or raw
            text = toml_string(text)[1:-1] if self.kind == "toml" else _xml_escape(text)
        return self._replace_match(data, _QUOTED, f'"{text}"'.encode())

    def splice_bytes(self, data: bytes) -> bytes:
        return self._insert(data, self.rng.choice(BYTES))

    def bom(self, data: bytes) -> bytes:
        return self.rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe"]) + data

    def encoding(self, data: bytes) -> bytes:
        text = data.decode("utf-8", "replace")
        codec = self.rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"])
        return text.encode(codec, "replace")

    def line_endings(self, data: bytes) -> bytes:
        return data.replace(b"\n", self.rng.choice([b"\r\n", b"\r", b"\n\n", b"\xc2\x85"]))

    def repeat(self, data: bytes) -> bytes:
        lines = self._lines(data)
        k = self.rng.randrange(len(lines))
        block = b"".join(lines[k : k + self.rng.randint(1, 20)])
        times = min(self.rng.choice([2, 10, 1000, 10_000]), 1 + _LARGEST // max(1, len(block)))
        return b"".join(lines[:k]) + block * times + b"".join(lines[k:])

    def crossover(self, data: bytes) -> bytes:
        """Lines of another file of the corpus, put in."""
        other = self._lines(self.rng.choice(self.corpus))
        k = self.rng.randrange(len(other))
        return self._insert_line(data, b"".join(other[k : k + self.rng.randint(1, 10)]))

    def swap_tokens(self, data: bytes) -> bytes:
        found = list(_QUOTED.finditer(data)) + list(_NUMBER.finditer(data))
        if len(found) < 2:
            return data
        a, b = sorted(self.rng.sample(found, 2), key=lambda m: m.start())
        if a.end() > b.start():
            return data
        return data[: a.start()] + b[0] + data[a.end() : b.start()] + a[0] + data[b.end() :]

    def nesting(self, data: bytes) -> bytes:
        depth = self.rng.choice([10, 65, 100, 1000, 30_000])
        if self.kind == "toml":
            open_, close = self.rng.choice([("[", "]"), ("{a = ", "}")])
            return self._insert_line(data, f"v = {open_ * depth}{close * depth}\n".encode())
        if self.kind == "xml":
            tag = self.rng.choice(["objective", "issue", "a"])
            return self._insert(data, (f"<{tag}>" * depth + f"</{tag}>" * depth).encode())
        return self._insert_line(data, b'"' * depth + b"," * depth + b"\n")

    def unknown(self, data: bytes) -> bytes:
        if self.kind == "toml":
            line = self.rng.choice(
                [
                    "unknown_key = 1\n",
                    '"" = 1\n',
                    "[unknown]\n",
                    "[[positions]]\n",
                    "[case]\n",
                    "format = 2\n",
                ]
            )
            return self._insert_line(data, line.encode())
        if self.kind == "xml":
            piece = self.rng.choice(
                [
                    ' unknown="1"',
                    ' index="1"',
                    ' type="real"',
                    "<unknown/>",
                    '<weight index="1" value="0.5"/>',
                    '<item index="9" value="z" evaluation="1"/>',
                    '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="5"/>',
                    '<reservation value="0.5"/>',
                    "<?xml version='1.0'?>",
                    '<?xml version="1.0" encoding="x-unknown"?>',
                    "<!DOCTYPE x>",
                    "<!-- comment -->",
                    "<![CDATA[x]]>",
                ]
            )
            return self._insert(data, piece.encode())
        line = self.rng.choice(
            ["# unknown: 1\n", "# low: 50\n", "# high: -1\n", "#\n", ",,,,\n", "\n", "a,b,c,d\n"]
        )
        return self._insert_line(data, line.encode())

    def wrong_type(self, data: bytes) -> bytes:
        if self.kind == "toml":
            value = self.rng.choice(
                ["1", '"x"', "[]", "{}", "true", "1979-05-27", "07:32:00", '[1, "a"]', "[[1]]"]
            )
            return self._replace_match(data, re.compile(rb"(?<== )[^\n]*"), value.encode())
        if self.kind == "xml":
            value = self.rng.choice(["abc", "", " 1 ", "1.5", "2147483648"])
            return self._replace_match(data, _QUOTED, f'"{value}"'.encode())
        cell = self.rng.choice(["x", "", '"1,2"', "1;2", "\t", "-5", "101", "1e2", '"'])
        return self._replace_match(data, re.compile(rb"(?<=,)[^,\n]*"), cell.encode())

    # --- changes to the parsed file -------------------------------------------

    def _value(self, found: Sequence[tuple[Any, Any]]) -> object:
        """A value to put in: an odd one, or one copied from ``found``."""
        if found and self.rng.random() < 0.25:
            parent, key = self.rng.choice(found)
            return copy.deepcopy(parent[key])
        return copy.deepcopy(self.rng.choice(VALUES))

    def _tweak(self, old: object) -> object:
        """``old``, changed a little."""
        r = self.rng
        if isinstance(old, bool):
            return not old
        if isinstance(old, int | float):
            return r.choice([-old, old + 1, old * 1e10, old / 3, 0, str(old), float("nan")])
        if isinstance(old, str):
            odd = r.choice(STRINGS)
            return r.choice([old + odd, odd + old, old.upper(), old[:-1], old * 2, old + "\n"])
        if isinstance(old, dt.date):
            return r.choice([old.isoformat(), dt.date(1, 1, 1), str(old.year)])
        if isinstance(old, list):
            return r.choice([old[::-1], old + copy.deepcopy(old), old[:1], [old]])
        if isinstance(old, dict):
            return {k: v for k, v in old.items() if r.random() < 0.7}
        return old

    def toml_tree(self, data: bytes) -> bytes:
        if data not in self.parsed:  # the files of the corpus are parsed once
            try:
                doc = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
                return self.raw(data)
            if data in self.originals:
                self.parsed[data] = pickle.dumps(doc)
        else:
            doc = pickle.loads(self.parsed[data])
        for _ in range(self.rng.randint(1, 3)):
            self._change_tree(doc)
        try:
            return toml_text(doc).encode("utf-8")
        except (RecursionError, ValueError):
            return self.raw(data)

    def _change_tree(self, doc: dict[str, Any]) -> None:
        found = list(places(doc))
        if not found:
            doc[self.rng.choice(KEYS)] = self._value(found)
            return
        parent, key = self.rng.choice(found)
        action = self.rng.choice(
            [
                "delete",
                "replace",
                "replace",
                "tweak",
                "tweak",
                "duplicate",
                "add",
                "swap",
                "rename",
            ]
        )
        self.log.append(f"toml {action} {key!r}")
        old = parent[key]
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = self._value(found)
        elif action == "tweak":
            parent[key] = self._tweak(old)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(self.rng.randrange(len(parent) + 1), copy.deepcopy(old))
        elif action == "swap":
            other_parent, other_key = self.rng.choice(found)
            mine, theirs = copy.deepcopy(old), copy.deepcopy(other_parent[other_key])
            parent[key] = theirs
            other_parent[other_key] = mine
        elif action == "rename" and isinstance(parent, dict):
            parent[str(self._tweak(key))] = parent.pop(key)
        else:
            table = old if isinstance(old, dict) else parent
            if isinstance(table, dict):
                table[self.rng.choice(KEYS)] = self._value(found)
            else:
                table.append(self._value(found))

    def xml_tree(self, data: bytes) -> bytes:
        import defusedxml.ElementTree as SafeET

        try:
            root = SafeET.fromstring(data, forbid_dtd=True)
        except Exception:  # anything the mutated bytes make the parser do
            return self.raw(data)
        for _ in range(self.rng.randint(1, 3)):
            self._change_element(root)
        try:
            text = ET.tostring(root, encoding="unicode")
        except (RecursionError, ValueError):
            return self.raw(data)
        if self.rng.random() < 0.5:
            text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
        return text.encode("utf-8", "surrogatepass")

    def _change_element(self, root: ET.Element) -> None:
        r = self.rng
        elements = list(root.iter())
        parents = {child: parent for parent in elements for child in parent}
        element = r.choice(elements)
        parent = parents.get(element)
        action = r.choice(
            ["set", "set", "set", "unset", "remove", "duplicate", "move", "rename", "text", "wrap"]
        )
        self.log.append(f"xml {action} <{element.tag}>")
        if action == "set":
            key = r.choice([*element.attrib, *GENIUS_KEYS])
            values = [*GENIUS_VALUES, *NUMBERS, *STRINGS]
            values += [v for e in elements for v in e.attrib.values()]
            element.set(key, r.choice(values))
        elif action == "unset" and element.attrib:
            del element.attrib[r.choice(list(element.attrib))]
        elif action == "remove" and parent is not None:
            parent.remove(element)
        elif action == "duplicate" and parent is not None:
            parent.insert(r.randrange(len(parent) + 1), copy.deepcopy(element))
        elif action == "move" and parent is not None:
            inside = set(element.iter())
            target = r.choice([e for e in elements if e not in inside])
            parent.remove(element)
            target.append(element)
        elif action == "rename":
            element.tag = r.choice([*GENIUS_TAGS, "Issue", "x"])
        elif action == "text":
            element.text = r.choice(STRINGS)
        elif action == "wrap" and parent is not None:
            inner = element
            for _ in range(r.choice([1, 2, 50, 300])):
                wrapper = ET.Element(r.choice(["objective", "issue", "a"]))
                wrapper.append(inner)
                inner = wrapper
            parent[list(parent).index(element)] = inner

    def csv_table(self, data: bytes) -> bytes:
        try:
            text = data.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except (UnicodeDecodeError, csv.Error):
            return self.raw(data)
        if not rows:
            rows = [[]]
        for _ in range(self.rng.randint(1, 3)):
            self._change_table(rows)
        out = io.StringIO()
        writer = csv.writer(
            out,
            lineterminator=self.rng.choice(["\n", "\r\n"]),
            quoting=self.rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
        )
        try:
            writer.writerows(rows)
        except csv.Error:
            return self.raw(data)
        return out.getvalue().encode("utf-8", "surrogatepass")

    def _change_table(self, rows: list[list[str]]) -> None:
        r = self.rng
        k = r.randrange(len(rows))
        row = rows[k]
        j = r.randrange(len(row) + 1)
        action = r.choice(
            [
                "cell",
                "cell",
                "cell",
                "number",
                "header",
                "delete cell",
                "insert cell",
                "delete row",
                "duplicate row",
                "swap rows",
                "swap columns",
                "delete column",
                "blank row",
            ]
        )
        self.log.append(f"csv {action} at line {k + 1}, column {j + 1}")
        cells = [c for line in rows for c in line]
        if action == "cell" and j < len(row):
            row[j] = r.choice([*NUMBERS, *STRINGS, *(cells or [""])])
        elif action == "number" and j < len(row):
            try:
                x = float(row[j])
            except ValueError:
                x = 1.0
            row[j] = repr(r.choice([-x, x * 1e20, x + 0.5, x / 3, 100 - x, 100.0001]))
        elif action == "header" and j < len(row):
            row[j] = r.choice(TABLE_HEADERS)
        elif action == "delete cell" and j < len(row):
            del row[j]
        elif action == "insert cell":
            row.insert(j, r.choice([*NUMBERS, *STRINGS]))
        elif action == "delete row" and len(rows) > 1:
            del rows[k]
        elif action == "duplicate row":
            rows.insert(r.randrange(len(rows) + 1), list(row))
        elif action == "swap rows":
            m = r.randrange(len(rows))
            rows[k], rows[m] = rows[m], rows[k]
        elif action == "swap columns":
            m = r.randrange(len(row) + 1)
            for line in rows:
                if max(j, m) < len(line):
                    line[j], line[m] = line[m], line[j]
        elif action == "delete column":
            for line in rows:
                if j < len(line):
                    del line[j]
        else:
            rows.insert(k, [""] * r.randint(0, 3))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# ---------------------------------------------------------------------------
# Corpora


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file()) if folder.is_dir() else []


def case_corpus() -> list[bytes]:
    files = [*_files(BUNDLED, "*.toml"), DATA / "supply-talks.toml"]
    return [f.read_bytes() for f in files if f.name != "index.toml"]


def table_corpus(reader: str) -> list[bytes]:
    files = _files(DATA / "tables", "*.csv")
    return [f.read_bytes() for f in files if (reader == "ktab") == ("ktab" in f.name)]


def ktab_xml_corpus() -> list[bytes]:
    here = DATA / "ktab-xml"
    return [f.read_bytes() for f in (*_files(here, "*.xml"), *_files(here / "public", "*.xml"))]


GeniusGroup = tuple[bytes, list[bytes]]


def genius_groups(*, shared: bool = True) -> list[GeniusGroup]:
    """(domain, profiles) of the GENIUS files of ``tests/data`` and, where
    it exists and ``shared`` is true, of ``../shared/genius``."""
    here = DATA / "genius"
    groups = [
        (
            (here / f"{stem}_domain.xml").read_bytes(),
            [(here / f"{stem}_{who}.xml").read_bytes() for who in ("buyer", "seller")],
        )
        for stem in ("market", "supply")
    ]
    if shared and SHARED.is_dir():
        for folder in sorted({p.parent for p in SHARED.rglob("*.xml")}):
            domain, profiles = positions.find_genius_files(folder)
            groups.append((domain.read_bytes(), [p.read_bytes() for p in profiles]))
    return groups


# ---------------------------------------------------------------------------
# Reading one input


def describe(what: str, seed: int, n: int, done: Sequence[str], data: bytes) -> str:
    return f"{what}, seed {seed}, mutant {n} ({'; '.join(done)}): {data[:300]!r}"


@contextlib.contextmanager
def naming(what: str) -> Iterator[None]:
    """Name the input in any failure inside the block."""
    try:
        yield
    except (Exception, Hang) as err:
        raise AssertionError(f"{what}\n{type(err).__name__}: {err}") from err


def read_case_bytes(folder: Path, data: bytes) -> Case | None:
    path = folder / "case.toml"
    path.write_bytes(data)
    return read_or_refuse(lambda: positions.load_case(path), [path])


def read_case_text(text: str) -> Case | None:
    return read_or_refuse(lambda: positions.loads_case(text, name="fuzz.toml"), ["fuzz.toml"])


def read_table_bytes(folder: Path, data: bytes, reader: str) -> Case | None:
    path = folder / f"{reader}.csv"
    path.write_bytes(data)
    read = positions.read_ktab if reader == "ktab" else positions.read_actor_table
    return read_or_refuse(lambda: read(path), [path])


def read_ktab_xml_bytes(folder: Path, data: bytes) -> Case | None:
    """Read a KTAB XML scenario; one that reads is written and read back equal."""
    path = folder / "ktab.xml"
    path.write_bytes(data)
    case = read_or_refuse(lambda: positions.read_ktab_xml(path), [path])
    if case is not None:
        if any(sum(s.salience for s in p.stances) > 100 for p in case.positions):
            # Read, as read_ktab reads it, but refused by KTAB and so by the writer.
            with pytest.raises(InvalidArgumentError, match="add up to more than 100"):
                positions.write_ktab_xml(case, folder / "again.xml")
            return case
        [again] = positions.write_ktab_xml(case, folder / "again.xml")
        os.utime(again, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
        assert positions.read_ktab_xml(again) == case
    return case


def read_genius_bytes(folder: Path, domain: bytes, profiles: Sequence[bytes]) -> Case | None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xml"):
        old.unlink()
    domain_path = folder / "fuzz_domain.xml"
    domain_path.write_bytes(domain)
    paths = [folder / f"party{k}.xml" for k in range(len(profiles))]
    for path, data in zip(paths, profiles, strict=True):
        path.write_bytes(data)
    case = read_or_refuse(lambda: positions.read_genius(domain_path, paths), [domain_path, *paths])
    if case is not None:
        assert len(case.positions) == len(profiles)
    return case


# ---------------------------------------------------------------------------
# (a) Valid files, changed by the seeded mutator


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_case_files(tmp_path: Path, seed: int) -> None:
    for n, data, done in Mutator("toml", seed, case_corpus()).mutants(budget(50)):
        with naming(describe("case file", seed, n, done, data)):
            read_case_bytes(tmp_path, data)


@pytest.mark.parametrize("reader", ["ktab", "actors"])
@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_tables(tmp_path: Path, seed: int, reader: str) -> None:
    for n, data, done in Mutator("csv", seed, table_corpus(reader)).mutants(budget(100)):
        with naming(describe(reader, seed, n, done, data)):
            read_table_bytes(tmp_path, data, reader)


def _mutated_genius(tmp_path: Path, seed: int, groups: Sequence[GeniusGroup], count: int) -> None:
    files = [f for domain, profiles in groups for f in (domain, *profiles)]
    pick = random.Random(seed)
    for n, data, done in Mutator("xml", seed, files).mutants(count):
        domain, profiles = pick.choice(groups)
        if pick.random() < 0.4:
            domain = data
        else:
            profiles = list(profiles)
            profiles[pick.randrange(len(profiles))] = data
        with naming(describe("genius", seed, n, done, data)):
            read_genius_bytes(tmp_path, domain, profiles)


@needs_defusedxml
@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_genius_files(tmp_path: Path, seed: int) -> None:
    _mutated_genius(tmp_path, seed, genius_groups(shared=False), budget(100))


@needs_defusedxml
@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_shared_genius_files(tmp_path: Path, seed: int) -> None:
    """The real GENIUS files, where ``../shared/genius`` exists."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} does not exist")
    _mutated_genius(tmp_path, seed, genius_groups()[2:], budget(60))


@needs_defusedxml
@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_ktab_xml_files(tmp_path: Path, seed: int) -> None:
    for n, data, done in Mutator("xml", seed, ktab_xml_corpus()).mutants(budget(60)):
        with naming(describe("ktab-xml", seed, n, done, data)):
            read_ktab_xml_bytes(tmp_path, data)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the inputs of the Hypothesis tests: one for all their
    examples, since a function-scoped fixture would be shared by them anyway."""
    return tmp_path_factory.mktemp("fuzz")


_SEED = st.integers(0, 2**32 - 1)


@fuzz_settings(50)
@given(case=pst.cases(), seed=_SEED)
def test_generated_cases_mutated(scratch: Path, case: Case, seed: int) -> None:
    original = positions.dumps_case(case).encode("utf-8")
    assert read_case_bytes(scratch, original) == case
    for n, data, done in Mutator("toml", seed, [original]).mutants(4):
        note(describe("generated case", seed, n, done, data))
        read_case_bytes(scratch, data)


@needs_defusedxml
@fuzz_settings(40)
@given(case=pst.cases(kinds=["scale", "ordinal", "categorical"]), seed=_SEED)
def test_generated_genius_files_mutated(scratch: Path, case: Case, seed: int) -> None:
    folder = scratch / "written"
    for old in _files(folder):
        old.unlink()
    try:
        domain, *profiles = positions.write_genius(case, folder)
    except InvalidArgumentError:
        assume(False)
        return
    files = [domain.read_bytes(), *(p.read_bytes() for p in profiles)]
    read_genius_bytes(scratch / "read", files[0], files[1:])
    pick = random.Random(seed)
    for n, data, done in Mutator("xml", seed, files).mutants(4):
        note(describe("generated genius", seed, n, done, data))
        changed = list(files)
        changed[pick.randrange(len(changed))] = data
        read_genius_bytes(scratch / "read", changed[0], changed[1:])


_NAMES = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
_CELLS = _NAMES | st.sampled_from(NUMBERS) | st.integers(-5, 120).map(str)
_SHARES = st.integers(0, 100).map(str) | st.floats(0, 100).map(repr) | _CELLS


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def ktab_files(draw: st.DrawFn) -> str:
    """A KTAB scenario, often valid: its cells are drawn from valid values,
    odd names and :data:`NUMBERS`."""
    dims = draw(st.integers(1, 3))
    names = draw(st.lists(_NAMES, min_size=1, max_size=5))
    rows = [
        [draw(_NAMES), draw(_NAMES), str(len(names)), str(dims)],
        ["Actor", "Description", "Power"]
        + [h for k in range(dims) for h in (f"D{k} Position", f"D{k} Salience")],
    ]
    for name in names:
        rows.append([name, draw(_NAMES), draw(_SHARES)] + [draw(_SHARES) for _ in range(2 * dims)])
    if draw(st.booleans()):
        rows = [[*row, ""] for row in rows]  # as KTAB writes them
    return _csv_text(rows)


@st.composite
def actor_tables(draw: st.DrawFn) -> str:
    """An actor table, often valid, with metadata lines."""
    columns = draw(st.permutations(["Actor", "Capability", "Position", "Salience"]))
    keys = st.sampled_from(["issue", "unit", "low", "high", "title", "description", "x"])
    meta = draw(st.lists(st.tuples(keys, _CELLS), max_size=3))
    lines = "".join(f"# {k}: {v}\n".replace("\r", "") for k, v in meta)
    rows: list[list[str]] = [list(columns)]
    for _ in range(draw(st.integers(0, 5))):
        rows.append([draw(_NAMES) if c == "Actor" else draw(_SHARES) for c in columns])
    return lines + _csv_text(rows)


@fuzz_settings(100)
@given(text=ktab_files(), seed=_SEED)
def test_generated_ktab_files_mutated(scratch: Path, text: str, seed: int) -> None:
    data = text.encode("utf-8")
    read_table_bytes(scratch, data, "ktab")
    for n, mutant, done in Mutator("csv", seed, [data]).mutants(2):
        note(describe("generated ktab", seed, n, done, mutant))
        read_table_bytes(scratch, mutant, "ktab")


@fuzz_settings(100)
@given(text=actor_tables(), seed=_SEED)
def test_generated_actor_tables_mutated(scratch: Path, text: str, seed: int) -> None:
    data = text.encode("utf-8")
    read_table_bytes(scratch, data, "actors")
    for n, mutant, done in Mutator("csv", seed, [data]).mutants(2):
        note(describe("generated actors", seed, n, done, mutant))
        read_table_bytes(scratch, mutant, "actors")


# ---------------------------------------------------------------------------
# (b) Text and bytes drawn by Hypothesis

#: Characters that mean something to TOML, and any others.
_TOML_CHARS = st.sampled_from(list("[]{}=\"'#.,-_:+ \n\t\\01239eEinfatrusxyz")) | st.characters()
_CSV_CHARS = st.sampled_from(list(',"#\n\r:- 0123456789.eE')) | st.characters()


@fuzz_settings(200)
@given(data=st.binary(max_size=2000))
def test_bytes_as_a_case_file(scratch: Path, data: bytes) -> None:
    read_case_bytes(scratch, data)


@fuzz_settings(200)
@given(text=st.text(_TOML_CHARS, max_size=400))
def test_text_as_a_case_file(text: str) -> None:
    read_case_text(text)


@fuzz_settings(100)
@given(text=st.text(_TOML_CHARS, max_size=200), seed=_SEED)
def test_text_put_into_a_case_file(text: str, seed: int) -> None:
    rng = random.Random(seed)
    base = rng.choice(case_corpus()).decode("utf-8")
    at = rng.randrange(len(base) + 1)
    read_case_text(base[:at] + text + base[at:])


@fuzz_settings(150)
@given(data=st.binary(max_size=2000), reader=st.sampled_from(["ktab", "actors"]))
def test_bytes_as_a_table(scratch: Path, data: bytes, reader: str) -> None:
    read_table_bytes(scratch, data, reader)


@fuzz_settings(150)
@given(text=st.text(_CSV_CHARS, max_size=400), reader=st.sampled_from(["ktab", "actors"]))
def test_text_as_a_table(scratch: Path, text: str, reader: str) -> None:
    read_table_bytes(scratch, text.encode("utf-8", "surrogatepass"), reader)


_XML_VALUES = st.sampled_from(GENIUS_VALUES) | st.sampled_from(NUMBERS) | _NAMES


@st.composite
def genius_elements(draw: st.DrawFn, depth: int = 0) -> str:
    """An element of GENIUS's vocabulary, with attributes and children."""
    tag = draw(st.sampled_from(GENIUS_TAGS))
    attributes = draw(st.dictionaries(st.sampled_from(GENIUS_KEYS), _XML_VALUES, max_size=4))
    text = "".join(f' {k}="{_xml_escape(v)}"' for k, v in attributes.items())
    children = draw(st.lists(genius_elements(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}{text}>{''.join(children)}</{tag}>"


@needs_defusedxml
@fuzz_settings(60)
@given(domain=genius_elements(), profile=genius_elements())
def test_generated_xml_as_genius_files(scratch: Path, domain: str, profile: str) -> None:
    domain = (
        f"<negotiation_template><utility_space>{domain}</utility_space></negotiation_template>"
    )
    profile = f"<utility_space>{profile}</utility_space>"
    read_genius_bytes(scratch / "xml", domain.encode(), [profile.encode()])


@needs_defusedxml
@fuzz_settings(150)
@given(data=st.binary(max_size=1000), as_domain=st.booleans())
def test_bytes_as_genius_files(scratch: Path, data: bytes, as_domain: bool) -> None:
    domain, profiles = genius_groups(shared=False)[0]
    if as_domain:
        read_genius_bytes(scratch / "bytes", data, profiles)
    else:
        read_genius_bytes(scratch / "bytes", domain, [profiles[0], data])


# ---------------------------------------------------------------------------
# Inputs that once broke a reader: tests/data/fuzz/<reader>/


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.glob("*/*") if p.is_file()),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_the_corpus(tmp_path: Path, path: Path) -> None:
    data = path.read_bytes()
    reader = path.parent.name
    if reader == "case":
        read_case_bytes(tmp_path, data)
    elif reader in ("ktab", "actors"):
        read_table_bytes(tmp_path, data, reader)
    else:
        assert reader in ("genius-domain", "genius-profile"), reader
        pytest.importorskip("defusedxml")
        domain, profiles = genius_groups(shared=False)[1]
        if reader == "genius-domain":
            read_genius_bytes(tmp_path, data, profiles)
        else:
            read_genius_bytes(tmp_path, domain, [profiles[0], data])


# ---------------------------------------------------------------------------
# The command line, on a sample


def run_cli(capsys: pytest.CaptureFixture[str], inputs: Sequence[Path], *argv: str) -> int:
    """Run the command line; check the exit status, that no traceback was
    printed and that no input changed; return the status."""
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in inputs]
    with time_limit(TIME_LIMIT):
        try:
            status: object = main(list(argv))
        except SystemExit as exc:
            status = exc.code
    out, err = capsys.readouterr()
    assert status in (0, 1, 2), (status, err)
    assert isinstance(status, int)
    assert "Traceback" not in out + err
    if status:
        assert err.strip()
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in inputs] == before
    return status


def check_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, inputs: Sequence[Path], *argv: str
) -> None:
    out = tmp_path / "out.toml"
    out.unlink(missing_ok=True)
    status = run_cli(capsys, inputs, "import", *argv, *map(str, inputs), "-o", str(out))
    if status == 0:
        check_case(positions.load_case(out))
    else:
        assert not out.exists()


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_the_cli_on_mutated_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed: int
) -> None:
    seed += 100  # other mutants than the readers' own tests
    for n, data, done in Mutator("toml", seed, case_corpus()).mutants(budget(10)):
        path = tmp_path / "case.toml"
        path.write_bytes(data)
        with naming(describe("positions validate", seed, n, done, data)):
            run_cli(capsys, [path], "validate", str(path))
    for reader in ("ktab", "actors"):
        for n, data, done in Mutator("csv", seed, table_corpus(reader)).mutants(budget(10)):
            path = tmp_path / f"{reader}.csv"
            path.write_bytes(data)
            with naming(describe(f"positions import {reader}", seed, n, done, data)):
                check_import(capsys, tmp_path, [path], reader)
    if not HAS_DEFUSEDXML:
        return
    for n, data, done in Mutator("xml", seed, ktab_xml_corpus()).mutants(budget(10)):
        path = tmp_path / "scenario.xml"
        path.write_bytes(data)
        with naming(describe("positions import ktab-xml", seed, n, done, data)):
            check_import(capsys, tmp_path, [path], "ktab-xml")
    domain, profiles = genius_groups(shared=False)[1]
    paths = [tmp_path / name for name in ("d_domain.xml", "a.xml", "b.xml")]
    for n, data, done in Mutator("xml", seed, [domain, *profiles]).mutants(budget(10)):
        files = [domain, *profiles]
        files[n % len(files)] = data
        for path, content in zip(paths, files, strict=True):
            path.write_bytes(content)
        with naming(describe("positions import genius", seed, n, done, data)):
            check_import(capsys, tmp_path, paths, "genius")


# ---------------------------------------------------------------------------
# What the fuzz tests found


def test_a_case_without_parties_or_issues_reads_back() -> None:
    """A GENIUS domain read without profiles has no parties: the case file
    written from it used to leave out the section, which the reader needs."""
    pytest.importorskip("defusedxml")
    case = positions.read_genius(DATA / "genius" / "market_domain.xml", [])
    assert case.parties == ()
    assert positions.loads_case(positions.dumps_case(case)) == case
    empty = positions.Case("empty", title="Empty", issues=[], parties=[])
    text = positions.dumps_case(empty)
    assert "parties = []" in text
    assert "issues = []" in text
    assert positions.loads_case(text) == empty


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [
        ("UTF4e-324", "unknown encoding: UTF4e-324"),
        ("rot13", "'rot13' is not a text encoding"),
        ("shift_jis", "multi-byte encodings are not supported"),
        ("idna", "decoding with 'idna' codec failed"),
    ],
)
def test_a_genius_file_in_an_encoding_that_cannot_be_read_is_refused(
    tmp_path: Path, encoding: str, reason: str
) -> None:
    """The XML parser asks Python for the encoding a file declares; an
    unknown one, or one the parser cannot use, used to escape as a
    LookupError or ValueError."""
    pytest.importorskip("defusedxml")
    domain = (DATA / "genius" / "supply_domain.xml").read_bytes()
    path = tmp_path / "d_domain.xml"
    path.write_bytes(domain.replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode()))
    with pytest.raises(CaseFileError) as info:
        positions.read_genius(path, [])
    assert info.value.path == str(path)
    (problem,) = info.value.problems
    assert problem.where == "line 1, column 21"
    assert problem.message.startswith(
        f"cannot read the file in the encoding {encoding!r} that it declares ({reason}"
    )
    assert problem.message.endswith("): save it as UTF-8")


def test_a_ktab_count_of_5000_digits_is_refused_at_its_cell(tmp_path: Path) -> None:
    """Python converts at most 4,300 digits to an int: a longer number of
    actors or dimensions used to escape as a ValueError."""
    text = (DATA / "tables" / "water-reform-ktab.csv").read_text(encoding="utf-8")
    path = tmp_path / "k.csv"

    def write(column: int, cell: str) -> None:
        rows = list(csv.reader(io.StringIO(text)))
        rows[0][column - 1] = cell
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    for column, name in ((3, "number of actors"), (4, "number of dimensions")):
        write(column, "9" * 5000)
        with pytest.raises(CaseFileError) as info:
            positions.read_ktab(path)
        (problem,) = info.value.problems
        assert problem.where == f"line 1, column {column} ({name})"
        assert problem.message.startswith("expected a whole number below 1e15 (got '999")
    write(3, "0" * 5000 + "5")  # leading zeros do not count
    assert len(positions.read_ktab(path).positions) == 5
