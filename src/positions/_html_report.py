"""One self-contained HTML page about a case, to share or to read offline:
the positions, every offer compared with every position, the overlaps, the
movements, the solutions, the figures (inline PNG) and every source, each
result with the claims that are not stated it rests on. The page loads
nothing: its style is inline, its figures are data, and its only links are
the sources' addresses."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Sequence

from positions import _report
from positions._display import html_table
from positions._measures import MeasureChoice, check_measure
from positions._model import Case
from positions._report import Table
from positions.exceptions import InvalidArgumentError, PositionsError

#: The figures the page draws, when matplotlib is installed.
FIGURES = ("concession", "evidence", "solutions")

_STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em;
       color: #111; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left;
         vertical-align: top; }
th { background: #eee; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
img { max-width: 100%; }
.note { color: #444; font-size: 0.9em; }
"""


def _table(t: Table) -> str:
    return html_table(t.title, t.headers, t.rows)


def _section(title: str, anchor: str, body: str, note: str = "") -> str:
    intro = f'<p class="note">{html.escape(note)}</p>' if note else ""
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{intro}{body}</section>'


def _positions_table(case: Case) -> Table:
    rows = [
        (
            p.id,
            p.party.id,
            p.date.isoformat() if p.date else "",
            r["issue"],
            r["ideal"],
            r["accept"],
            r["weight"],
            f"{r['ideal_status']} / {r['accept_status']} / {r['salience_status']}",
        )
        for p in case.positions
        for r in p._stance_rows()
    ]
    return Table(
        "each position's stance on each issue",
        (
            "position",
            "party",
            "date",
            "issue",
            "ideal",
            "red line",
            "weight",
            "ideal / red line / salience known as",
        ),
        tuple(rows),
    )


def _sources(case: Case) -> str:
    items = []
    for s in case.sources:
        title = html.escape(s.title)
        link = f'<a href="{html.escape(s.url, quote=True)}">{title}</a>' if s.url else title
        rest = ", ".join(html.escape(x) for x in (s.author, s.publisher, s.cited_date) if x)
        items.append(
            f'<li id="source-{html.escape(s.id)}">{link}{", " + rest if rest else ""}'
            f" <code>{html.escape(s.id)}</code></li>"
        )
    return f"<ol>{''.join(items)}</ol>"


def _figure(kind: str, case: Case, measure: str | None) -> str:
    import matplotlib.pyplot as plt

    from positions.plot import figure

    fig = figure(kind, case, measure=measure)  # type: ignore[arg-type]
    drawn = io.BytesIO()
    try:
        fig.savefig(drawn, format="png", dpi=90)
    finally:
        plt.close("all")
    data = base64.b64encode(drawn.getvalue()).decode("ascii")
    return f'<figure><img alt="{kind} figure" src="data:image/png;base64,{data}"></figure>'


def html_report(
    case: Case,
    *,
    measure: MeasureChoice = None,
    figures: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """The page (see the module) as text. With ``figures`` and matplotlib
    installed, the concession, evidence and solutions figures are drawn into it; without
    matplotlib, the page says that they need the ``plot`` extra. A part that
    cannot be computed for this case (a case with no agreement space has no
    solutions) says why in its place.

    Examples
    --------
    >>> import positions
    >>> page = positions.html_report(positions.load_case("harbour"), figures=False)
    >>> page.startswith("<!DOCTYPE html>"), "<h2>Solutions</h2>" in page
    (True, True)
    """
    if not isinstance(case, Case):
        msg = f"html_report needs a Case (got {type(case).__name__})"
        raise InvalidArgumentError(msg)
    check_measure(case.issues, measure)
    item = measure if isinstance(measure, str) or measure is None else None
    parts: list[tuple[str, str, Callable[[], str], str]] = [
        (
            "Positions",
            "positions",
            lambda: _table(_positions_table(case)),
            "Each claim is stated, reported or inferred; inferred ones are the analyst's "
            "reading, and the weights come from the saliences, which are judgements.",
        ),
        (
            "Every offer against every position",
            "compare",
            lambda: _tables(_report.compare(case, measure=measure).tables),
            "Concession and shortfall per position and offer, with the claims that are "
            "not stated each row rests on.",
        ),
        (
            "Overlap of the positions",
            "overlap",
            lambda: _tables(_report.overlaps(case, measure=measure).tables),
            "",
        ),
        (
            "Movement over time",
            "timeline",
            lambda: _tables(_report.timeline(case, measure=measure).tables),
            "",
        ),
        (
            "Solutions",
            "solve",
            lambda: _tables(_report.solve(case, measure=measure).tables),
            "Computed within every party's red lines (the zone) and over the rational "
            "outcomes, for the latest position of each party.",
        ),
    ]
    steps = len(parts) + (len(FIGURES) if figures else 0)
    done = 0
    sections = []
    for title, anchor, build, note in parts:
        try:
            body = build()
        except PositionsError as err:
            body = f'<p class="note">Not computed for this case: {html.escape(str(err))}</p>'
        sections.append(_section(title, anchor, body, note))
        done += 1
        if progress is not None:
            progress(done, steps)
    if figures:
        sections.append(
            _section("Figures", "figures", _figures(case, item, progress, done, steps))
        )
    sections.append(_section("Sources", "sources", _sources(case)))
    description = f"<p>{html.escape(case.description)}</p>" if case.description else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(case.title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(case.title)}</h1>{description}"
        f'<p class="note">Case <code>{html.escape(case.id)}</code>: '
        f"{html.escape(case.summary())}. "
        "Every number below is the library's output for this case file; what each rests on "
        "is given with it.</p>" + "".join(sections) + "</body></html>\n"
    )


def _tables(tables: Sequence[Table]) -> str:
    return "".join(_table(t) for t in tables)


def _figures(
    case: Case,
    measure: str | None,
    progress: Callable[[int, int], None] | None,
    done: int,
    steps: int,
) -> str:
    try:
        import matplotlib
    except ImportError:
        return '<p class="note">The figures need matplotlib: install the plot extra.</p>'
    matplotlib.use("Agg")
    out = []
    for kind in FIGURES:
        try:
            out.append(_figure(kind, case, measure))
        except PositionsError as err:
            out.append(f'<p class="note">No {kind} figure: {html.escape(str(err))}</p>')
        done += 1
        if progress is not None:
            progress(done, steps)
    return "".join(out)
