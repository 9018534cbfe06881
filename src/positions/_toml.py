"""A small TOML writer for the plain data a case unstructures to.

Python's standard library reads TOML (``tomllib``) but does not write it.
Case files hold only strings, numbers, booleans, dates, lists and tables,
so this writer covers exactly those; every file it writes is read back by
``tomllib`` in the tests (round trip). It avoids a fourth runtime
dependency for the one function :func:`positions.dump_case`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence

__all__ = ["dumps"]

# Matched against the whole key: "$" alone would let a trailing newline through.
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else _string(k)


def _string(s: str) -> str:
    # JSON escapes every control character TOML forbids except DEL.
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            msg = f"cannot write a non-finite number ({v!r})"
            raise ValueError(msg)
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dt.datetime):
        msg = f"case files hold dates, not date-times ({v!r})"
        raise ValueError(msg)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {_value(x)}" for k, x in v.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(v, Sequence):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    msg = f"cannot write {v!r} as TOML"
    raise TypeError(msg)


def _is_table_list(v: object) -> bool:
    return (
        isinstance(v, Sequence)
        and not isinstance(v, str)
        and len(v) > 0
        and all(isinstance(x, Mapping) for x in v)
    )


def _section(lines: list[str], path: list[str], table: Mapping[str, object], depth: int) -> None:
    """Write a table's plain keys, then its sub-tables and arrays of tables.

    Tables nested deeper than two levels are written inline."""
    sub_tables = []
    for k, v in table.items():
        if (depth < 2 and isinstance(v, Mapping) and v) or (depth < 2 and _is_table_list(v)):
            sub_tables.append((k, v))
        else:
            lines.append(f"{_key(k)} = {_value(v)}")
    for k, v in sub_tables:
        sub_path = [*path, _key(k)]
        if isinstance(v, Mapping):
            lines.extend(["", f"[{'.'.join(sub_path)}]"])
            _section(lines, sub_path, v, depth + 1)
        else:
            assert isinstance(v, Sequence)
            for element in v:
                lines.extend(["", f"[[{'.'.join(sub_path)}]]"])
                assert isinstance(element, Mapping)
                _section(lines, sub_path, element, depth + 1)


def dumps(doc: Mapping[str, object], *, header: str = "") -> str:
    """Write ``doc`` as TOML text.

    Examples
    --------
    >>> from positions._toml import dumps
    >>> print(dumps({"case": {"id": "x"}, "parties": [{"id": "a"}, {"id": "b"}]}))
    [case]
    id = "x"
    <BLANKLINE>
    [[parties]]
    id = "a"
    <BLANKLINE>
    [[parties]]
    id = "b"
    <BLANKLINE>
    """
    lines: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    top_plain = {k: v for k, v in doc.items() if not (isinstance(v, Mapping) or _is_table_list(v))}
    for k, v in top_plain.items():
        lines.append(f"{_key(k)} = {_value(v)}")
    rest = {k: v for k, v in doc.items() if k not in top_plain}
    _section(lines, [], rest, 0)
    text = "\n".join(lines).lstrip("\n")
    return text + "\n"
