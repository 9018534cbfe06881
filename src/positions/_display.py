"""Short summaries and HTML tables of the model's objects, for notebooks:
``repr`` says what an object is in one line, ``_repr_html_`` shows it as a
table (Jupyter calls it), every cell escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from positions._issues import (
    AcceptableSet,
    CategoricalIssue,
    Interval,
    Issue,
    ItemsIssue,
    Levels,
    OrdinalIssue,
)

#: A table cell: text, a number, ``None`` (shown empty) or a bool.
Cell = str | float | int | bool | None


def cell(value: Cell) -> str:
    """One cell's text: floats to 3 decimals, ``None`` as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def counted(n: int, one: str, many: str) -> str:
    """``1 issue``, ``2 issues``."""
    return f"{n} {one if n == 1 else many}"


def html_table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """An HTML table with ``title`` as its caption, every cell escaped."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{html.escape(title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def set_text(issue: Issue, accept: AcceptableSet) -> str:
    """An acceptable set in a few words: ``[5, 25]``; levels in the
    issue's order; the bounds of each item that has any."""
    if isinstance(accept, Interval):
        return f"[{accept.low:g}, {accept.high:g}]"
    if isinstance(accept, Levels):
        levels = issue.levels if isinstance(issue, OrdinalIssue | CategoricalIssue) else ()
        return ", ".join(lv for lv in levels if lv in accept.levels)
    assert isinstance(issue, ItemsIssue)
    return (
        "; ".join(
            f"{item} [{b.low:g}, {b.high:g}]"
            for item, b in zip(issue.item_ids, accept.bounds, strict=True)
            if (b.low, b.high) != (0.0, 1.0)
        )
        or "any share of each"
    )
