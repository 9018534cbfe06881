"""Figures of a case, drawn with matplotlib.

Needs the ``plot`` extra (``pip install 'positions[plot]'``). Each kind of
figure is readable in black and white: numbers, labels, markers and
hatching carry the information, and grey levels only repeat it.

- :func:`concession_heatmap`: the concession of every position to every
  offer, with the shortfall where an offer crosses a red line.
- :func:`split_bars`: how each offer divides a weighted-item issue, under
  each of the issue's measures (area, population, count, ...).
- :func:`movement_chart`: each party's ideal and acceptable range on one
  issue, position by position over time.
- :func:`evidence_map`: how each claim of each position is known (stated,
  reported, inferred) and how many other readings it has.
- :func:`robustness_chart`: for each conclusion of
  :func:`positions.robustness`, under what share of the readings (and of
  the salience draws) it holds.
- :func:`bridge_chart`: for a bridging proposal, how far each position
  must relax each red line, weighted by salience.
- :func:`moves_chart`: the negotiation dance, each proposer's successive
  offers in two parties' utilities, each move labelled with its class.
- :func:`solution_chart`: two parties' utilities over an outcome space,
  with the outcomes inside every red line, the Pareto frontier and the
  solution points within the zone and over the rational outcomes, and the
  offers on the table.

Each function draws on axes or a figure you pass, or on a new pyplot figure,
and returns what it drew on. :func:`figure` draws one kind by name, as
``positions plot KIND`` does.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import positions
>>> from positions import plot
>>> case = positions.load_case("harbour")
>>> ax = plot.concession_heatmap(case)
>>> ax.get_xlabel()
'offer'
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from positions._backtest import Backtest
from positions._bridge import Bridge
from positions._dynamics import Moves
from positions._issues import Box, Interval, Issue, ItemsIssue, Levels, OrdinalIssue, ScaleIssue
from positions._measures import MeasureChoice, check_measure, concession, shortfall
from positions._model import Case, ClaimKind, Offer, Party, Position, Stance
from positions._robustness import Robustness
from positions._solutions import POINTS, OfferDistance, Solution
from positions.exceptions import InvalidArgumentError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "KINDS",
    "Kind",
    "backtest_chart",
    "bridge_chart",
    "concession_heatmap",
    "evidence_map",
    "figure",
    "movement_chart",
    "moves_chart",
    "robustness_chart",
    "solution_chart",
    "split_bars",
]

Kind = Literal[
    "concession",
    "split",
    "movement",
    "evidence",
    "robustness",
    "solutions",
    "bridge",
    "moves",
    "backtest",
]
#: The kinds of figure :func:`figure` and ``positions plot`` draw.
KINDS: tuple[str, ...] = get_args(Kind)

_INSTALL = "drawing figures needs matplotlib: pip install 'positions[plot]'"
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINES = ("-", "--", ":", "-.")
_HATCHES = ("//", "..", "\\\\", "xx", "--", "++")


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise InvalidArgumentError(_INSTALL) from None
    return plt


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, new = _pyplot().subplots(figsize=size, layout="constrained")
    return new  # type: ignore[no-any-return]


def _pick(kind: str, wanted: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    if wanted is None:
        return list(known)
    unknown = [w for w in wanted if w not in known]
    if unknown:
        msg = f"no {kind} {', '.join(map(repr, unknown))} in this case (known: {list(known)!r})"
        raise InvalidArgumentError(msg)
    return list(wanted)


def _issue(case: Case, issue_id: str) -> Issue:
    _pick("issue", [issue_id], [i.id for i in case.issues])
    return case.issue(issue_id)


# ------------------------------------------------------------------ concession


def concession_heatmap(
    case: Case,
    *,
    measure: MeasureChoice = None,
    positions: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the concession of each position (rows) to each offer (columns).

    Each cell shows the concession ``C`` (see :func:`positions.concession`)
    as a number and as a grey level, 0 white and 1 black. Where the offer
    crosses one of the position's red lines, the cell is hatched and also
    shows the shortfall ``S`` (:func:`positions.shortfall`). Issues an
    offer leaves open count for nothing, as in :func:`positions.concession`.

    Parameters
    ----------
    case
        The case whose positions and offers are drawn.
    measure
        The item measure, as for :func:`positions.concession`.
    positions, offers
        Ids of the positions and offers to draw, in that order (default:
        all, in the order of the case).
    ax
        The axes to draw on (default: a new pyplot figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import concession_heatmap
    >>> case = positions.load_case("harbour")
    >>> ax = concession_heatmap(case, offers=["lease-only", "compromise"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['lease-only', 'compromise']
    """
    check_measure(case.issues, measure)
    rows = [case.position(p) for p in _pick("position", positions, _ids(case.positions))]
    cols = [case.offer(o) for o in _pick("offer", offers, _ids(case.offers))]
    if not rows or not cols:
        msg = "a concession heat map needs at least one position and one offer"
        raise InvalidArgumentError(msg)
    # An offer that settles none of a position's issues has no concession
    # for it: its cell says so instead of showing 0.
    values = [
        [concession(p, o, measure=measure).value if p.settled_by(o) else None for o in cols]
        for p in rows
    ]
    short = [
        [shortfall(p, o, measure=measure).value if p.settled_by(o) else None for o in cols]
        for p in rows
    ]
    ax = _new_axes(ax, (1.6 + 1.15 * len(cols), 1.4 + 0.55 * len(rows)))
    grid = [[float("nan") if c is None else c for c in row] for row in values]
    image = ax.imshow(grid, cmap="Greys", vmin=0.0, vmax=1.0, aspect="auto")
    for i, row in enumerate(values):
        for j, c in enumerate(row):
            s = short[i][j]
            if c is None or s is None:
                ax.text(j, i, "n/a", ha="center", va="center", color="black", fontsize=7)
                continue
            text = f"{c:.2f}" if s <= 0 else f"{c:.2f}\nS {s:.2f}"
            if s > 0:
                ax.add_patch(_hatched_cell(j, i))
            colour = "white" if c > 0.55 else "black"
            ax.text(j, i, text, ha="center", va="center", color=colour, fontsize=8)
    ax.set_xticks(range(len(cols)), [o.id for o in cols], rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), [p.id for p in rows])
    ax.set_xlabel("offer")
    ax.set_ylabel("position")
    ax.set_title(f"Concession to each offer ({_measure_text(measure)})", fontsize=10)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label("concession C (0 = ideal, 1 = all salience given up)", fontsize=8)
    key = "hatched, with S: the offer crosses a red line (S = shortfall)"
    if any(c is None for row in values for c in row):
        key += "; n/a: the offer settles none of the position's issues"
    # Wrapped to the figure's width, so that the key never pushes the axes
    # out of a narrow figure.
    width = float(getattr(ax.get_figure(root=True), "get_figwidth", lambda: 6.0)())
    ax.annotate(
        "\n".join(textwrap.wrap(key, max(30, int(width * 14)))),
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=7,
    )
    return ax


def _hatched_cell(x: int, y: int) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x - 0.5, y - 0.5), 1, 1, fill=False, hatch="///", edgecolor="0.45", linewidth=0
    )


def _measure_text(measure: MeasureChoice) -> str:
    if measure is None:
        return "each issue's default item measure"
    if isinstance(measure, str):
        return f"item measure: {measure}"
    return "item measures: " + ", ".join(f"{k} by {v}" for k, v in measure.items())


def _ids(objects: Iterable[Position | Offer | Party]) -> list[str]:
    return [o.id for o in objects]


# ----------------------------------------------------------------------- split


def _items_issue(case: Case, issue: str | None) -> ItemsIssue:
    if issue is not None:
        found = _issue(case, issue)
        if not isinstance(found, ItemsIssue):
            msg = f"issue {issue!r} is not a weighted-item issue"
            raise InvalidArgumentError(msg)
        return found
    settled = {i for o in case.offers for i in o.issue_ids}
    candidates = [i for i in case.issues if isinstance(i, ItemsIssue) and i.id in settled]
    candidates.sort(key=lambda i: not i.measures)  # prefer issues with named measures
    if not candidates:
        msg = "no offer of this case settles a weighted-item issue"
        raise InvalidArgumentError(msg)
    return candidates[0]


def _share(issue: ItemsIssue, shares: Sequence[float], measure: str) -> float:
    weights = issue.weights(measure)
    return sum(s * w for s, w in zip(shares, weights, strict=True)) / sum(weights)


def split_bars(
    case: Case,
    issue: str | None = None,
    *,
    measures: Sequence[str] | None = None,
    offers: Sequence[str] | None = None,
    held: str = "share at 1",
    rest: str = "rest",
    fig: Figure | None = None,
) -> Figure:
    """Draw how each offer divides a weighted-item issue, under each measure.

    One panel per measure; in each, one bar per offer that settles the
    issue. The dark part of a bar is the share of the issue's total (by that
    measure) that the offer gives value 1, that is ``sum_j s_j w_j / sum_j
    w_j`` with ``s_j`` the offer's share of item ``j`` and ``w_j`` the
    item's size; the hatched part is the rest. The percentage is printed
    beside each bar.

    Parameters
    ----------
    case
        The case.
    issue
        Id of a weighted-item issue (default: the first one that an offer
        settles, preferring issues with named measures).
    measures
        The measures to compare (default: ``count`` and every measure the
        issue declares).
    offers
        Ids of the offers to draw (default: every offer settling the issue).
    held, rest
        Legend labels of the two parts of a bar: what value 1 of an item
        means in this case, and what value 0 means.
    fig
        The figure to draw on (default: a new pyplot figure).

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import split_bars
    >>> case = positions.load_case("harbour")
    >>> fig = split_bars(case, held="leased", rest="kept by the city")
    >>> [ax.get_title() for ax in fig.axes]
    ['by count', 'by quay (m)']
    """
    items = _items_issue(case, issue)
    names = _pick("measure", measures, items.measure_names)
    if offers is None:
        chosen = [o for o in case.offers if o.term(items.id) is not None]
    else:
        chosen = [case.offer(o) for o in _pick("offer", offers, _ids(case.offers))]
    unsettled = [o.id for o in chosen if o.term(items.id) is None]
    if unsettled:
        msg = f"offers {unsettled!r} leave issue {items.id!r} open"
        raise InvalidArgumentError(msg)
    if not chosen or not names:
        msg = f"no offer settles issue {items.id!r}"
        raise InvalidArgumentError(msg)
    if fig is None:
        fig = _pyplot().figure(
            figsize=(2.2 + 2.6 * len(names), 1.2 + 0.42 * len(chosen)), layout="constrained"
        )
    axes = fig.subplots(1, len(names), sharey=True, squeeze=False)[0]
    units = dict(items.measures)
    ys = range(len(chosen))
    for k, (ax, name) in enumerate(zip(axes, names, strict=True)):
        shares = [100 * _share(items, _shares(o, items.id), name) for o in chosen]
        ax.barh(ys, shares, color="0.25", edgecolor="black", label=held)
        ax.barh(
            ys,
            [100 - s for s in shares],
            left=shares,
            color="white",
            edgecolor="black",
            hatch=_HATCHES[k % len(_HATCHES)],
            label=rest,
        )
        for y, share in zip(ys, shares, strict=True):
            inside = share >= 80  # no room to the right: write on the dark part
            ax.text(
                share - 1.5 if inside else share + 1.5,
                y,
                f"{share:.1f}%",
                va="center",
                ha="right" if inside else "left",
                color="white" if inside else "black",
                fontsize=8,
                bbox=None if inside else {"facecolor": "white", "edgecolor": "none", "pad": 0.6},
            )
        unit = units.get(name, "")
        title = f"by {name}" + (f" ({unit})" if unit else "")
        ax.set_title(textwrap.fill(title, 30), fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of the issue's total")
    axes[0].set_yticks(list(ys), [o.id for o in chosen])
    axes[0].invert_yaxis()
    axes[0].set_ylabel("offer")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8)
    title = items.label or items.id
    fig.suptitle(f"{title}: each offer's split under each measure", fontsize=10)
    return fig


def _shares(offer: Offer, issue_id: str) -> tuple[float, ...]:
    value = offer.value(issue_id)
    assert isinstance(value, tuple)  # a weighted-item issue's value
    return value


# -------------------------------------------------------------------- movement


def _level(stance: Stance, measure: str | None) -> tuple[float, float, float]:
    """The ideal and the acceptable range of a stance, on the issue's axis."""
    issue, accept = stance.issue, stance.accept
    if isinstance(issue, ItemsIssue):
        name = measure or issue.default_measure
        assert isinstance(stance.ideal, tuple)
        assert isinstance(accept, Box)
        low = _share(issue, [b.low for b in accept.bounds], name)
        high = _share(issue, [b.high for b in accept.bounds], name)
        return 100 * _share(issue, stance.ideal, name), 100 * low, 100 * high
    if isinstance(issue, ScaleIssue):
        assert isinstance(stance.ideal, float)
        assert isinstance(accept, Interval)
        return stance.ideal, accept.low, accept.high
    assert isinstance(issue, OrdinalIssue)
    assert isinstance(stance.ideal, str)
    assert isinstance(accept, Levels)
    ranks = [issue.rank(level) for level in accept.levels]
    return float(issue.rank(stance.ideal)), float(min(ranks)), float(max(ranks))


def _axis_issue(case: Case, issue: str | None) -> ItemsIssue | ScaleIssue | OrdinalIssue:
    if issue is None:
        used = {i for p in case.positions for i in p.issue_ids}
        ordered = [i for i in case.issues if i.id in used]
        candidates = sorted(
            (i for i in ordered if not isinstance(i, ItemsIssue) or i.measures),
            key=lambda i: not isinstance(i, ItemsIssue),
        )
        if not candidates:
            msg = "no position of this case takes a stance on an issue with an order"
            raise InvalidArgumentError(msg)
        found = candidates[0]
    else:
        found = _issue(case, issue)
    if not isinstance(found, ItemsIssue | ScaleIssue | OrdinalIssue):
        msg = f"issue {found.id!r} is categorical: its levels have no order to plot along"
        raise InvalidArgumentError(msg)
    return found


def movement_chart(
    case: Case,
    issue: str | None = None,
    *,
    measure: str | None = None,
    parties: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw each party's ideal and acceptable range on one issue over time.

    Every dated position that takes a stance on the issue is a marker at its
    date (the ideal) with a vertical bar over its acceptable range (from the
    lowest to the highest acceptable value, so a bar can hide holes in the
    set); a line joins one party's positions in date order. Parties differ
    by marker and line style, and each marker is labelled with its
    position's id. Markers of different parties on nearly the same date are
    nudged apart by a few days so that neither hides the other.

    The vertical axis depends on the issue: for a weighted-item issue, the
    percentage of the issue's total (by ``measure``) at value 1; for a
    scale issue, its own units; for an ordinal issue, its levels.
    Categorical issues have no order and cannot be drawn.

    Parameters
    ----------
    case
        The case.
    issue
        Id of the issue (default: the first weighted-item issue with named
        measures that positions take a stance on, else the first ordered
        issue).
    measure
        The item measure for a weighted-item issue (default: the issue's
        own default).
    parties
        Ids of the parties to draw (default: all).
    ax
        The axes to draw on (default: a new pyplot figure).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import movement_chart
    >>> case = positions.load_case("harbour")
    >>> ax = movement_chart(case, "years")
    >>> ax.get_ylabel()
    'Length of the lease (years)'
    """
    axis = _axis_issue(case, issue)
    if measure is not None:
        if not isinstance(axis, ItemsIssue):
            msg = f"issue {axis.id!r} has no items, so no measure applies to it"
            raise InvalidArgumentError(msg)
        axis.weights(measure)  # raises UnknownMeasureError if unknown
    chosen = _pick("party", parties, _ids(case.parties))
    ax = _new_axes(ax, (8.0, 4.6))
    drawn = 0
    for k, party_id in enumerate(chosen):
        dated = sorted(
            (p for p in case.positions_of(party_id) if p.date and axis.id in p.issue_ids),
            key=lambda p: p.date or dt.date.min,
        )
        if not dated:
            continue
        drawn += 1
        nudge = dt.timedelta(days=round(25 * (k - (len(chosen) - 1) / 2)))
        xs = [p.date + nudge for p in dated if p.date]
        levels = [_level(p.stance(axis.id), measure) for p in dated]
        ideals = [v[0] for v in levels]
        below = [v[0] - v[1] for v in levels]
        above = [v[2] - v[0] for v in levels]
        ax.errorbar(
            xs,  # type: ignore[arg-type]
            ideals,
            yerr=[below, above],
            color="black",
            marker=_MARKERS[k % len(_MARKERS)],
            markersize=7,
            markerfacecolor="white" if k % 2 else "black",
            linestyle=_LINES[k % len(_LINES)],
            capsize=5,
            elinewidth=1.2,
            label=case.party(party_id).name,
        )
        for n, (x, y, p) in enumerate(zip(xs, ideals, dated, strict=True)):
            # Above the line for even parties, below for odd ones; every other
            # label one step further out, so neighbours do not run together.
            step = 10 * (n % 2)
            ax.annotate(
                p.id,
                (x, y),
                xytext=(6, 6 + step if k % 2 == 0 else -12 - step),
                textcoords="offset points",
                fontsize=7,
            )
    if not drawn:
        msg = f"no dated position of these parties takes a stance on issue {axis.id!r}"
        raise InvalidArgumentError(msg)
    _label_axis(ax, axis, measure)
    left, right = ax.get_xlim()
    ax.set_xlim(left, right + 0.12 * (right - left))  # room for the last labels
    ax.set_xlabel("date of the position")
    ax.legend(fontsize=8, title="party (bar: acceptable range)", title_fontsize=8)
    ax.set_title(f"Ideal and acceptable range over time: {axis.label or axis.id}", fontsize=10)
    return ax


def _label_axis(
    ax: Axes, issue: ItemsIssue | ScaleIssue | OrdinalIssue, measure: str | None
) -> None:
    name = issue.label or issue.id
    if isinstance(issue, ItemsIssue):
        by = measure or issue.default_measure
        unit = dict(issue.measures).get(by, "")
        ax.set_ylabel(f"% of the total at value 1, by {by}" + (f" ({unit})" if unit else ""))
        ax.set_ylim(-14, 112)
    elif isinstance(issue, ScaleIssue):
        ax.set_ylabel(name + (f" ({issue.unit})" if issue.unit else ""))
        margin = 0.05 * issue.span
        ax.set_ylim(issue.low - margin, issue.high + margin)
    else:
        ax.set_yticks(range(len(issue.levels)), list(issue.levels))
        ax.set_ylabel(name)
        ax.set_ylim(-0.5, len(issue.levels) - 0.5)


# -------------------------------------------------------------------- evidence

_STATUS_GREY = {"stated": "1.0", "reported": "0.85", "inferred": "0.65"}
_STATUS_HATCH = {"stated": "", "reported": "..", "inferred": "///"}


def evidence_map(
    case: Case,
    *,
    claim: ClaimKind = "accept",
    positions: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw how one kind of claim of each position (rows) is known, issue
    by issue (columns): each cell names the status (``stated``,
    ``reported``, ``inferred``), greyer and more hatched the weaker it is,
    with ``+n`` where the case holds ``n`` other readings of that claim;
    a blank cell is an issue the position does not address.

    ``claim`` is ``"accept"`` (the red lines, the default), ``"ideal"`` or
    ``"salience"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import evidence_map
    >>> ax = evidence_map(positions.load_case("harbour"))
    >>> sorted({t.get_text() for t in ax.texts})
    ['stated']
    """
    if claim not in ("ideal", "accept", "salience"):
        msg = f"an evidence map draws ideal, accept or salience claims, not {claim!r}"
        raise InvalidArgumentError(msg)
    rows = [case.position(p) for p in _pick("position", positions, _ids(case.positions))]
    if not rows:
        raise InvalidArgumentError("an evidence map needs at least one position")
    addressed = {i for p in rows for i in p.issue_ids}
    cols = [i for i in case.issues if i.id in addressed]
    ax = _new_axes(ax, (1.8 + 0.95 * len(cols), 1.4 + 0.5 * len(rows)))
    from matplotlib.patches import Rectangle

    for y, p in enumerate(rows):
        for x, issue in enumerate(cols):
            if issue.id not in p.issue_ids:
                continue
            status = p.claim(claim, issue.id).status
            others = sum(1 for r in p.readings if r.kind == claim and r.issue == issue.id)
            ax.add_patch(
                Rectangle(
                    (x - 0.5, y - 0.5),
                    1,
                    1,
                    facecolor=_STATUS_GREY[status],
                    hatch=_STATUS_HATCH[status],
                    edgecolor="0.3",
                    linewidth=0.5,
                )
            )
            label = status if not others else f"{status}\n+{others}"
            ax.text(x, y, label, ha="center", va="center", fontsize=7)
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(cols)), [i.id for i in cols], rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), [p.id for p in rows])
    ax.set_xlabel("issue")
    ax.set_ylabel("position")
    what = {"accept": "red line", "ideal": "ideal", "salience": "salience"}[claim]
    ax.set_title(f"How each {what} is known (+n: other readings)", fontsize=10)
    return ax


def robustness_chart(result: Robustness, *, kind: str = "overlap", ax: Axes | None = None) -> Axes:
    """Draw, for each conclusion of one kind in ``result`` (a
    :class:`positions.Robustness`), the share of the combinations of
    readings under which it holds (a bar from 0 to 1, its value printed),
    a filled marker where it holds under the main readings and an open one
    where it does not, and, with salience draws, the lowest and highest
    share of draws in which it holds (a line with end ticks).

    ``kind`` is one of ``overlap``, ``acceptable``, ``zone``, ``nash``,
    ``kalai_smorodinsky`` or ``egalitarian``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import robustness_chart
    >>> r = positions.robustness(positions.load_case("harbour"), draws=0, solve=False)
    >>> ax = robustness_chart(r, kind="acceptable")
    >>> len(ax.get_yticklabels())
    4
    """
    if not isinstance(result, Robustness):
        msg = f"robustness_chart draws a positions.Robustness (got {type(result).__name__})"
        raise InvalidArgumentError(msg)
    rows = [c for c in result.conclusions if c.kind == kind]
    if not rows:
        known = sorted({c.kind for c in result.conclusions})
        msg = f"the result has no conclusion of kind {kind!r} (it has {known!r})"
        raise InvalidArgumentError(msg)
    ax = _new_axes(ax, (8.5, 1.2 + 0.32 * len(rows)))
    for y, c in enumerate(rows):
        share = c.holding / c.combinations
        ax.barh(y, share, height=0.6, color="0.8", edgecolor="0.2", linewidth=0.5)
        ax.plot(
            [share],
            [y],
            marker="o",
            markersize=5,
            color="black",
            markerfacecolor="black" if c.base else "white",
            linestyle="none",
        )
        ax.text(1.02, y, f"{c.holding}/{c.combinations}", va="center", fontsize=7)
        if c.p_min is not None and c.p_max is not None:
            ax.plot(
                [c.p_min, c.p_max],
                [y + 0.25, y + 0.25],
                color="black",
                linewidth=1,
                marker="|",
                markersize=6,
            )
    ax.set_yticks(range(len(rows)), [textwrap.shorten(c.statement, 70) for c in rows], fontsize=7)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the combinations of readings under which it holds")
    drawn = f"; line: share of {result.draws:,} salience draws" if result.draws else ""
    ax.set_title(
        f"Robustness ({kind}): filled marker, holds under the main readings{drawn}",
        fontsize=9,
    )
    return ax


# ------------------------------------------------------------------ solutions

_POINT_MARKERS = dict(zip(POINTS, ("o", "s", "D", "^", "v"), strict=True))
_POINT_LABELS = {
    "nash": "Nash",
    "kalai_smorodinsky": "K-S",
    "egalitarian": "egal.",
    "utilitarian": "util.",
    "asymmetric_nash": "asym. Nash",
}
#: At most this many outcomes are drawn as dots (every k-th beyond it).
_MAX_DOTS = 50_000


def solution_chart(
    solutions: Solution | Sequence[Solution],
    *,
    offers: Sequence[OfferDistance] = (),
    ax: Axes | None = None,
) -> Axes:
    """Draw two parties' utilities over the outcomes of one or more
    :class:`positions.Solution` of the same space (typically one
    ``within="rational"`` and one ``within="zone"``): every outcome a grey
    dot (every k-th of more than 50,000), those inside every red line a
    black cross, each solution's Pareto frontier a line (solid within the
    zone, dashed over the rational outcomes) and its points as labelled
    markers (filled within the zone, open over the rational outcomes), the
    point where both have their ideal with a dotted line to the nearest
    outcome (its length is the opposition), and each offer of ``offers``
    (from :func:`positions.offer_distance`) a labelled star. The first
    position is on the horizontal axis.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import solution_chart
    >>> case = positions.load_case("harbour")
    >>> grid = positions.case_grid(case)
    >>> both = [positions.solve(case.positions, grid, within=w) for w in ("rational", "zone")]
    >>> ax = solution_chart(both)
    >>> ax.get_xlabel()
    'utility to city-2024'
    """
    many = [solutions] if isinstance(solutions, Solution) else list(solutions)
    if not many or not all(isinstance(x, Solution) for x in many):
        raise InvalidArgumentError("solution_chart draws one or more positions.Solution")
    first = many[0]
    if any(x.space is not first.space or x.positions != first.positions for x in many):
        raise InvalidArgumentError(
            "solution_chart draws solutions of one space for the same positions"
        )
    if len(first.positions) != 2:
        msg = (
            f"solution_chart draws two parties' utilities, not {len(first.positions)}: "
            "solve for two positions"
        )
        raise InvalidArgumentError(msg)
    if not all(isinstance(o, OfferDistance) for o in offers):
        raise InvalidArgumentError("offers must be positions.OfferDistance objects")
    u = first.evaluation.utility
    ax = _new_axes(ax, (6.5, 5.5))
    step = max(1, u.shape[1] // _MAX_DOTS)
    ax.scatter(u[0, ::step], u[1, ::step], s=4, color="0.75", linewidths=0, rasterized=True)
    inside = first.red_line_zone
    if inside.size:
        ax.scatter(u[0, inside], u[1, inside], s=18, marker="x", color="black", linewidths=0.8)
    for sol in many:
        zone = sol.within == "zone"
        front = sol.frontier[u[0, sol.frontier].argsort()]
        if front.size:
            ax.plot(
                u[0, front],
                u[1, front],
                linestyle="-" if zone else "--",
                color="black",
                linewidth=1.0,
                marker=".",
                markersize=3,
            )
        # Points at the same outcome share one marker and one label.
        at: dict[int, list[str]] = {}
        for name in POINTS:
            k = getattr(sol, name)
            if k is not None:
                at.setdefault(k, []).append(name)
        for k, names in at.items():
            ax.plot(
                [u[0, k]],
                [u[1, k]],
                marker=_POINT_MARKERS[names[0]],
                markersize=8,
                color="black",
                markerfacecolor="black" if zone else "white",
                linestyle="none",
            )
            label = ", ".join(_POINT_LABELS[n] for n in names) + (" (zone)" if zone else "")
            ax.annotate(
                label,
                (u[0, k], u[1, k]),
                xytext=(7, 3 if zone else -11),
                textcoords="offset points",
                fontsize=7,
            )
    # The opposition: from the point where both have their ideal to the
    # nearest outcome.
    near = int(((1.0 - u) ** 2).sum(axis=0).argmin())
    ax.plot([1.0, u[0, near]], [1.0, u[1, near]], linestyle=":", color="black", linewidth=1)
    ax.plot([1.0], [1.0], marker="P", markersize=8, color="black", linestyle="none")
    ax.annotate(
        f"both ideals; opposition {first.opposition:.3f}"
        if first.opposition is not None
        else "both ideals",
        (1.0, 1.0),
        xytext=(-8, 6),
        textcoords="offset points",
        fontsize=7,
        ha="right",
    )
    for o in offers:
        x, y = o.utilities
        ax.plot([x], [y], marker="*", markersize=11, color="black", markerfacecolor="white")
        ax.annotate(o.offer, (x, y), xytext=(6, -3), textcoords="offset points", fontsize=7)
    ax.set_xlabel(f"utility to {first.positions[0]}")
    ax.set_ylabel(f"utility to {first.positions[1]}")
    ax.set_xlim(-0.03, 1.08)
    ax.set_ylim(-0.03, 1.08)
    lines = [
        "Outcomes (dots), inside every red line (x), frontier within the zone (solid)",
        "and over the rational outcomes (dashed); points filled within the zone",
    ]
    if not inside.size:
        lines.append("No outcome lies inside every red line.")
    if all(sol.frontier.size == 0 for sol in many):
        lines.append("No outcome meets every reservation level: no frontier, no points.")
    ax.set_title("\n".join(lines), fontsize=8)
    return ax


# --------------------------------------------------------------------- bridge


def bridge_chart(bridge: Bridge, *, ax: Axes | None = None) -> Axes:
    """Draw what a bridging proposal (:func:`positions.bridge`) asks of
    each position: one bar per red line it crosses, as long as the
    salience-weighted shortfall (its contribution to the objective), with
    the unweighted distance beyond the red line printed, and the bars of
    each position hatched alike. A bridge inside every red line is said to
    be so.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import bridge_chart
    >>> case = positions.load_case("harbour")
    >>> ax = bridge_chart(positions.bridge(case.positions))
    >>> ax.texts[0].get_text()
    'the bridge lies inside every red line'
    """
    if not isinstance(bridge, Bridge):
        msg = f"bridge_chart draws a positions.Bridge (got {type(bridge).__name__})"
        raise InvalidArgumentError(msg)
    rows = [(p, r) for p in bridge.by_party for r in p.needed]
    ax = _new_axes(ax, (7.5, 1.6 + 0.38 * max(1, len(rows))))
    objective = "total" if bridge.objective == "total" else "largest"
    if not rows:
        ax.text(0.5, 0.5, "the bridge lies inside every red line", ha="center", va="center")
        ax.set_axis_off()
        return ax
    order = [p.position for p in bridge.by_party]
    for y, (p, r) in enumerate(rows):
        hatch = _HATCHES[order.index(p.position) % len(_HATCHES)]
        ax.barh(y, r.amount, height=0.6, color="0.85", edgecolor="black", hatch=hatch)
        ax.text(
            r.amount,
            y,
            f"  {r.amount:.3f} (beyond the red line by {r.distance:.3f})",
            va="center",
            fontsize=7,
        )
    tied = {i.issue for i in bridge.by_issue if i.tied}
    labels = [f"{p.position}: {r.issue}" + (" (tied)" if r.issue in tied else "") for p, r in rows]
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    longest = max(r.amount for _, r in rows)
    ax.set_xlim(0, longest * 1.9 if longest > 0 else 1)
    ax.set_xlabel("salience-weighted shortfall the bridge asks of the red line")
    ax.set_title(
        f"Bridge (least {objective} shortfall, {bridge.value:.3f}): the red lines to relax",
        fontsize=9,
    )
    return ax


# ------------------------------------------------------------------- backtest


def backtest_chart(result: Backtest, *, ax: Axes | None = None) -> Axes:
    """Draw each model's errors in a backtest (:func:`positions.backtest`):
    one row per model, a dot per scored issue at its normalised error
    (jittered up and down a little so that equal errors stay visible), and
    the mean absolute error as a bar with its bootstrap interval, models
    sorted by that error, best on top.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import backtest_chart
    >>> b = positions.backtest([positions.load_case("council-decisions")], ["median", "mean"])
    >>> [t.get_text() for t in backtest_chart(b).get_yticklabels()]
    ['mean (6)', 'median (6)']
    """
    if not isinstance(result, Backtest):
        msg = f"backtest_chart draws a positions.Backtest (got {type(result).__name__})"
        raise InvalidArgumentError(msg)
    scores = sorted(result.scores, key=lambda s: (s.mae, s.model))
    ax = _new_axes(ax, (7.5, 1.4 + 0.45 * len(scores)))
    for y, s in enumerate(scores):
        errs = sorted(r.error for r in result.rows if r.model == s.model)
        offsets = [((k % 5) - 2) * 0.06 for k in range(len(errs))]
        ax.scatter(errs, [y + o for o in offsets], s=14, color="0.35", marker="o", zorder=3)
        low, high = s.mae_interval
        ax.errorbar(
            s.mae,
            y,
            xerr=[[s.mae - low], [high - s.mae]],
            fmt="|",
            color="black",
            markersize=18,
            capsize=4,
            zorder=4,
        )
        ax.text(high, y - 0.28, f"  MAE {s.mae:.3f}", fontsize=7, va="center")
    ax.set_yticks(range(len(scores)), [f"{s.model} ({s.issues})" for s in scores], fontsize=8)
    ax.set_ylim(len(scores) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("absolute error on the issue's normalised scale (0 = the outcome)")
    level = f"{result.confidence:.0%}"
    ax.set_title(
        f"Backtest on {result.scored} issues: errors, and the MAE with its {level} "
        f"bootstrap interval ({result.resamples} resamples, seed {result.seed})",
        fontsize=9,
    )
    return ax


# ---------------------------------------------------------------------- moves

_MOVE_ABBREVIATIONS = {
    "silent": "silent",
    "nice": "nice",
    "fortunate": "fort.",
    "unfortunate": "unfort.",
    "concession": "conc.",
    "selfish": "selfish",
}


def moves_chart(
    moves: Moves, *, parties: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Draw the negotiation dance of :func:`positions.moves`: each offer of
    a proposer at its utility to two parties (``parties``, default the
    first two proposers), the proposer's successive offers joined by arrows
    labelled with the class of the move, each proposer with its own marker.
    A move between offers that settle different issues is dashed: its two
    utilities are over different issues.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import attrs, datetime, positions
    >>> from positions.plot import moves_chart
    >>> harbour = positions.load_case("harbour")
    >>> offer = harbour.offer("compromise")
    >>> terms = {t.issue: t.value for t in offer.terms} | {harbour.issue("years"): 30}
    >>> longer = attrs.evolve(offer, id="longer", terms=terms, date=datetime.date(2024, 3, 15))
    >>> m = positions.moves(attrs.evolve(harbour, offers=[*harbour.offers, longer]))
    >>> ax = moves_chart(m)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('utility to city', 'utility to operator')
    """
    if not isinstance(moves, Moves):
        msg = f"moves_chart draws a positions.Moves (got {type(moves).__name__})"
        raise InvalidArgumentError(msg)
    known = list(
        dict.fromkeys(
            [p.proposer for p in moves.by_proposer] + [v.party for v in moves.valuations]
        )
    )
    axes_parties = list(parties) if parties is not None else known[:2]
    if len(axes_parties) != 2:
        msg = f"moves_chart draws two parties' utilities (got {axes_parties!r})"
        raise InvalidArgumentError(msg)
    _pick("party", axes_parties, known)
    utility = {(v.party, v.offer): v.utility for v in moves.valuations}
    a, b = axes_parties
    ax = _new_axes(ax, (6.5, 5.5))
    for n, proposer in enumerate(p.proposer for p in moves.by_proposer):
        mine = [m for m in moves.moves if m.proposer == proposer]
        marker = _MARKERS[n % len(_MARKERS)]
        for m in mine:
            start = (utility.get((a, m.earlier)), utility.get((b, m.earlier)))
            end = (utility.get((a, m.later)), utility.get((b, m.later)))
            if None in start or None in end:
                continue
            x0, y0 = float(start[0]), float(start[1])  # type: ignore[arg-type]
            x1, y1 = float(end[0]), float(end[1])  # type: ignore[arg-type]
            for x, y, name in ((x0, y0, m.earlier), (x1, y1, m.later)):
                ax.plot([x], [y], marker=marker, color="black", markerfacecolor="white")
                ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=6)
            ax.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "->",
                    "color": "black",
                    "linestyle": "-" if m.same_issues else "--",
                    "shrinkA": 4,
                    "shrinkB": 4,
                },
            )
            label = _MOVE_ABBREVIATIONS.get(m.kind or "", "?")
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, f" {proposer}: {label}", fontsize=7)
    ax.set_xlabel(f"utility to {a}")
    ax.set_ylabel(f"utility to {b}")
    ax.set_xlim(-0.05, 1.1)
    ax.set_ylim(-0.05, 1.1)
    ax.set_title(
        "Each proposer's successive offers (arrows, labelled with the class of the move;\n"
        "dashed: the two offers settle different issues)",
        fontsize=8,
    )
    return ax


# -------------------------------------------------------------------- by name


def figure(
    kind: Kind,
    case: Case,
    *,
    measure: str | None = None,
    issue: str | None = None,
) -> Figure:
    """Draw the figure ``kind`` (one of :data:`KINDS`) of ``case`` on a new
    figure, as ``positions plot KIND`` does, and return the figure.

    ``measure`` is the item measure of ``concession``, ``movement`` and
    ``robustness``, and the only measure drawn by ``split`` (default: all of
    them); ``issue`` chooses the issue of ``split`` and ``movement``.
    ``evidence`` maps how each red line is known; ``robustness`` charts
    each pair's overlap under every reading (no salience draws);
    ``solutions`` draws :func:`solution_chart` for the latest position of
    each of the case's two parties over :func:`positions.case_grid`, with
    every offer that settles all of its issues; ``bridge`` draws
    :func:`bridge_chart` for the latest position of each party,
    ``moves`` :func:`moves_chart` of the case's dated offers, and
    ``backtest`` :func:`backtest_chart` of :func:`positions.backtest` on
    the case with its default models.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import positions
    >>> from positions.plot import figure
    >>> fig = figure("movement", positions.load_case("harbour"), issue="years")
    >>> len(fig.axes)
    1
    """
    if kind == "concession":
        if issue is not None:
            msg = "the concession heat map covers every issue: it takes no issue"
            raise InvalidArgumentError(msg)
        return _figure_of(concession_heatmap(case, measure=measure))
    if kind == "split":
        return split_bars(case, issue, measures=None if measure is None else [measure])
    if kind == "movement":
        return _figure_of(movement_chart(case, issue, measure=measure))
    if kind == "evidence":
        if issue is not None or measure is not None:
            raise InvalidArgumentError("the evidence map takes neither an issue nor a measure")
        return _figure_of(evidence_map(case))
    if kind == "robustness":
        if issue is not None:
            raise InvalidArgumentError(
                "the robustness chart covers every issue: it takes no issue"
            )
        from positions._robustness import robustness

        result = robustness(case, draws=0, solve=False, measure=measure)
        return _figure_of(robustness_chart(result, kind="overlap"))
    if kind == "solutions":
        if issue is not None:
            raise InvalidArgumentError("the solutions chart takes no issue")
        return _figure_of(_solutions_of(case, measure))
    if kind == "bridge":
        if issue is not None:
            raise InvalidArgumentError("the bridge chart covers every issue: it takes no issue")
        from positions._bridge import bridge
        from positions._select import latest_per_party

        return _figure_of(bridge_chart(bridge(latest_per_party(case), measure=measure)))
    if kind == "moves":
        if issue is not None:
            raise InvalidArgumentError("the moves chart covers every issue: it takes no issue")
        from positions._dynamics import moves

        return _figure_of(moves_chart(moves(case, measure=measure)))
    if kind == "backtest":
        if issue is not None or measure is not None:
            raise InvalidArgumentError("the backtest chart takes neither an issue nor a measure")
        from positions._backtest import backtest

        return _figure_of(backtest_chart(backtest([case])))
    msg = f"unknown kind of figure {kind!r} (known: {', '.join(KINDS)})"
    raise InvalidArgumentError(msg)


def _solutions_of(case: Case, measure: str | None) -> Axes:
    from positions._select import agreement_space
    from positions._solutions import offer_distance, solve

    chosen, space = agreement_space(case, None, None)
    if len(chosen) != 2:
        msg = (
            f"the solutions chart draws two parties, and the case has {len(chosen)}: "
            "use positions.plot.solution_chart on a solution for two positions"
        )
        raise InvalidArgumentError(msg)
    ids = [i.id for i in space.issues]
    restricted = [p.restricted(ids) for p in chosen]
    check_measure(space.issues, measure)
    both = [solve(restricted, space, measure=measure, within=w) for w in ("rational", "zone")]
    offers = [
        offer_distance(both[0], restricted, o, measure=measure)
        for o in case.offers
        if all(o.term(i) is not None for i in ids)
    ]
    return solution_chart(both, offers=offers)


def _figure_of(ax: Axes) -> Figure:
    fig = ax.get_figure()
    assert fig is not None
    return fig  # type: ignore[return-value]
