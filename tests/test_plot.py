"""The figures show the library's own numbers, in greys, and the plot
command writes them or fails with one message."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

import positions  # noqa: E402
from positions import plot  # noqa: E402
from positions.exceptions import InvalidArgumentError  # noqa: E402
from test_cli import run, run_ok  # noqa: E402

KURIL = positions.load_case("kuril-islands")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def greys_only(fig: Figure) -> None:
    """Every filled patch and every line is a shade of grey."""
    colours: list[tuple[float, float, float, float]] = []
    for ax in fig.axes:
        colours += [to_rgba(p.get_facecolor()) for p in ax.patches if p.get_fill()]
        colours += [to_rgba(p.get_edgecolor()) for p in ax.patches]
        colours += [to_rgba(str(line.get_color())) for line in ax.get_lines()]
    assert colours
    for r, g, b, _ in colours:
        assert r == pytest.approx(g)
        assert g == pytest.approx(b)


@pytest.mark.parametrize("measure", [None, "area", "count", "population"])
def test_heatmap_cells_show_concession_and_shortfall(measure: str | None) -> None:
    ax = plot.concession_heatmap(KURIL, measure=measure)
    cells = [t for t in ax.texts if not isinstance(t, Annotation)]  # not the note
    texts = {(round(t.get_position()[0]), round(t.get_position()[1])): t for t in cells}
    assert len(texts) == len(KURIL.positions) * len(KURIL.offers)
    hatched = {
        (round(p.get_x() + 0.5), round(p.get_y() + 0.5))
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_hatch()
    }
    unmeasured = 0
    for i, position in enumerate(KURIL.positions):
        for j, offer in enumerate(KURIL.offers):
            if not position.settled_by(offer):
                assert texts[j, i].get_text() == "n/a"
                assert (j, i) not in hatched
                unmeasured += 1
                continue
            c = positions.concession(position, offer, measure=measure).value
            s = positions.shortfall(position, offer, measure=measure).value
            lines = texts[j, i].get_text().split("\n")
            assert lines[0] == f"{c:.2f}"
            assert (len(lines) == 2) == (s > 0) == ((j, i) in hatched)
            if s > 0:
                assert lines[1] == f"S {s:.2f}"
    assert unmeasured > 0  # e.g. the economic plan, for positions that leave it out
    assert [t.get_text() for t in ax.get_yticklabels()] == [p.id for p in KURIL.positions]
    image = ax.images[0].get_array()
    assert image is not None
    assert image.shape == (len(KURIL.positions), len(KURIL.offers))


def test_split_bars_are_the_shares_by_each_measure() -> None:
    fig = plot.split_bars(KURIL, "territory", held="held", rest="rest")
    issue = KURIL.issue("territory")
    assert isinstance(issue, positions.ItemsIssue)
    units = dict(issue.measures)
    assert [ax.get_title().replace("\n", " ") for ax in fig.axes] == [
        "by count",
        *(f"by {name} ({units[name]})" for name in issue.measure_names[1:]),
    ]
    assert len(fig.axes) == 5  # count, area, population, population_1945, prewar_catch
    offers = [o for o in KURIL.offers if o.term("territory") is not None]
    for ax, name in zip(fig.axes, issue.measure_names, strict=True):
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        held = bars[: len(offers)]
        for bar, offer in zip(held, offers, strict=True):
            shares = offer.value("territory")
            assert isinstance(shares, tuple)
            weights = issue.weights(name)
            expected = 100 * sum(s * w for s, w in zip(shares, weights, strict=True))
            assert bar.get_width() == pytest.approx(expected / sum(weights))
    # The 1956 framework: Habomai and Shikotan, 346 of 5,004 km2.
    area = fig.axes[1]
    row = [o.id for o in offers].index("framework-1956")
    first = area.patches[row]
    assert isinstance(first, Rectangle)
    assert first.get_width() == pytest.approx(100 * 346 / 5004)
    greys_only(fig)


def test_movement_chart_plots_ideals_and_acceptable_ranges() -> None:
    ax = plot.movement_chart(KURIL, "territory", measure="count")
    containers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(containers) == len(KURIL.parties)
    for container, party in zip(containers, KURIL.parties, strict=True):
        line = container.lines[0]
        assert line is not None
        ys = np.asarray(line.get_ydata(), dtype=float).tolist()
        dated = sorted(
            (p for p in KURIL.positions_of(party.id) if p.date),
            key=lambda p: str(p.date),
        )
        assert len(ys) == len(dated)
        for y, position in zip(ys, dated, strict=True):
            ideal = position.stance("territory").ideal
            assert isinstance(ideal, tuple)
            assert y == pytest.approx(100 * sum(ideal) / len(ideal))
    assert ax.get_ylabel() == "% of the total at value 1, by count"
    greys_only(ax.figure)  # type: ignore[arg-type]


def test_movement_chart_on_an_ordinal_issue_uses_its_levels() -> None:
    ax = plot.movement_chart(KURIL, "peace_treaty")
    issue = KURIL.issue("peace_treaty")
    assert isinstance(issue, positions.OrdinalIssue)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(issue.levels)


def test_every_figure_is_grey() -> None:
    council = positions.load_case("council-decisions")  # the island case records no agreement
    for kind in plot.KINDS:
        greys_only(plot.figure(kind, council if kind == "backtest" else KURIL))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plot.concession_heatmap(KURIL, offers=["nope"]), "no offer 'nope'"),
        (lambda: plot.concession_heatmap(KURIL, measure="volume"), "volume"),
        (lambda: plot.split_bars(KURIL, "peace_treaty"), "not a weighted-item issue"),
        (lambda: plot.split_bars(KURIL, measures=["volume"]), "no measure 'volume'"),
        (lambda: plot.split_bars(KURIL, offers=["eight-point-plan"]), "leave issue"),
        (lambda: plot.movement_chart(KURIL, "nope"), "no issue 'nope'"),
        (lambda: plot.movement_chart(KURIL, "peace_treaty", measure="area"), "no items"),
        (lambda: plot.movement_chart(KURIL, parties=["nope"]), "no party 'nope'"),
        (lambda: plot.figure("pie", KURIL), "unknown kind"),  # type: ignore[arg-type]
        (lambda: plot.figure("concession", KURIL, issue="territory"), "takes no issue"),
        (lambda: plot.figure("backtest", KURIL, measure="area"), "neither an issue nor"),
        (lambda: plot.backtest_chart(KURIL), "draws a positions.Backtest"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_raise_one_library_error(call: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        call()  # type: ignore[operator]


def test_movement_chart_refuses_categorical_issues() -> None:
    harbour = positions.load_case("harbour")
    with pytest.raises(InvalidArgumentError, match="categorical"):
        plot.movement_chart(harbour, "customs")


def test_draws_on_given_axes() -> None:
    _fig, ax = plt.subplots()
    assert plot.concession_heatmap(KURIL, ax=ax) is ax
    assert plot.movement_chart(KURIL, ax=ax) is ax
    other = plt.figure()
    assert plot.split_bars(KURIL, fig=other) is other
    assert isinstance(ax, Axes)


@pytest.mark.parametrize(("kind", "suffix"), [("concession", "png"), ("split", "svg")])
def test_plot_command_writes_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, suffix: str
) -> None:
    out = tmp_path / f"figure.{suffix}"
    text = run_ok(capsys, "plot", kind, "kuril-islands", "-o", str(out))
    assert text.startswith(str(out))
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data


def test_plot_command_movement_with_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "m.pdf"
    run_ok(capsys, "plot", "movement", "-o", str(out), "--issue", "territory", "--measure", "area")
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["plot", "movement", "-o", "x.unknown"], 2, "cannot tell the format"),
        (["plot", "movement", "--issue", "nope", "-o", "x.png"], 2, "no issue 'nope'"),
        (["plot", "pie", "-o", "x.png"], 2, "invalid choice"),
        (["plot", "split"], 2, "required"),
        (["plot", "split", "missing.toml", "-o", "x.png"], 1, "missing.toml"),
    ],
)
def test_plot_command_fails_with_one_message(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    status: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    got, out, err = run(capsys, *argv)
    assert got == status
    assert message in err
    assert "Traceback" not in err
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_plot_command_without_matplotlib(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    got, _, err = run(capsys, "plot", "split", "-o", str(tmp_path / "x.png"))
    assert got == 2
    assert "pip install 'positions[plot]'" in err


def test_unwritable_output_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    got, _, err = run(capsys, "plot", "split", "-o", str(tmp_path / "no" / "x.png"))
    assert (got, "Traceback" in err) == (2, False)
    assert "cannot write" in err


def test_the_evidence_map_names_the_status_of_every_red_line() -> None:
    ax = plot.evidence_map(KURIL)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert rows == [p.id for p in KURIL.positions]
    cells = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    expected = {}
    for y, p in enumerate(KURIL.positions):
        for x, issue in enumerate(cols):
            if issue in p.issue_ids:
                status = p.claim("accept", issue).status
                others = sum(1 for r in p.readings if r.path == f"accept.{issue}")
                expected[y, x] = status if not others else f"{status}\n+{others}"
    assert cells == expected
    assert "stated\n+1" in cells.values()  # Japan 2018's red line on the islands


def test_the_robustness_chart_draws_the_share_of_readings_that_hold() -> None:
    result = positions.robustness(KURIL, draws=0, solve=False)
    ax = plot.robustness_chart(result, kind="overlap")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    pairs = result.of_kind("overlap")
    assert [b.get_width() for b in bars] == [c.holding / c.combinations for c in pairs]
    assert any(b.get_width() > 0 for b in bars)
    with pytest.raises(InvalidArgumentError, match="no conclusion of kind 'zone'"):
        plot.robustness_chart(result, kind="zone")


def test_the_new_kinds_are_drawn_by_name() -> None:
    for kind in ("evidence", "robustness"):
        fig = plot.figure(kind, KURIL)
        assert fig.axes
    with pytest.raises(InvalidArgumentError, match="neither an issue nor a measure"):
        plot.figure("evidence", KURIL, issue="territory")


def test_the_solution_chart_draws_the_points_where_the_solutions_put_them() -> None:
    case = positions.load_case("harbour")
    grid = positions.case_grid(case)
    both = [positions.solve(case.positions, grid, within=w) for w in ("rational", "zone")]
    offer = positions.offer_distance(both[1], case.positions, case.offer("compromise"))
    ax = plot.solution_chart(both, offers=[offer])
    u = both[0].evaluation.utility
    labels = {t.get_text(): t.xy for t in ax.texts if isinstance(t, Annotation)}
    for sol, suffix in zip(both, ("", " (zone)"), strict=True):
        label = next(k for k in labels if k.startswith("Nash") and k.endswith(suffix))
        assert labels[label] == (float(u[0, sol.nash]), float(u[1, sol.nash]))
    assert labels["compromise"] == offer.utilities
    # A frontier line per solution, through its frontier's utilities.
    drawn = [np.asarray(ln.get_xdata()) for ln in ax.get_lines() if ln.get_linestyle() != ":"]
    assert sorted(x.size for x in drawn if x.size > 1) == sorted(len(s.frontier) for s in both)
    # The dotted line from both ideals is as long as the opposition.
    (dotted,) = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    xs, ys = np.asarray(dotted.get_xdata()), np.asarray(dotted.get_ydata())
    length = ((xs[1] - xs[0]) ** 2 + (ys[1] - ys[0]) ** 2) ** 0.5
    assert length == pytest.approx(both[0].opposition)
    assert plot.figure("solutions", case).axes
    three = [*case.positions, case.positions[0]]
    with pytest.raises(InvalidArgumentError, match="two parties' utilities, not 3"):
        plot.solution_chart(positions.solve(three, grid))
    with pytest.raises(InvalidArgumentError, match="one space"):
        plot.solution_chart([both[0], positions.solve(case.positions, positions.case_grid(case))])


def test_the_bridge_chart_draws_each_relaxation_the_bridge_needs() -> None:
    late = [
        KURIL.position("japan-2022-inherent-territory"),
        KURIL.position("russia-2022-talks-ended"),
    ]
    b = positions.bridge(late)
    ax = plot.bridge_chart(b)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    needed = [r for p in b.by_party for r in p.needed]
    assert [bar.get_width() for bar in bars] == [r.amount for r in needed]
    tied = {i.issue for i in b.by_issue if i.tied}
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        f"{r.position}: {r.issue}" + (" (tied)" if r.issue in tied else "") for r in needed
    ]
    assert "territory" in tied
    inside = plot.bridge_chart(positions.bridge(positions.load_case("harbour").positions))
    assert inside.texts[0].get_text() == "the bridge lies inside every red line"
    assert plot.figure("bridge", KURIL).axes
    with pytest.raises(InvalidArgumentError, match=r"positions\.Bridge"):
        plot.bridge_chart(late)  # type: ignore[arg-type]


def test_the_moves_chart_joins_each_proposers_offers_by_their_utilities() -> None:
    case = positions.load_case(Path(__file__).parent / "data" / "supply-talks.toml")
    m = positions.moves(case)
    ax = plot.moves_chart(m, parties=["buyer", "seller"])
    arrows = [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]
    assert len(arrows) == len(m.moves)
    for arrow, move in zip(arrows, m.moves, strict=True):
        assert arrow.xy == (
            m.valuation("buyer", move.later).utility,
            m.valuation("seller", move.later).utility,
        )
    labels = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    assert " buyer: nice" in labels
    assert " seller: fort." in labels
    with pytest.raises(InvalidArgumentError, match="two parties"):
        plot.moves_chart(m, parties=["buyer"])
    with pytest.raises(InvalidArgumentError, match="no party 'nobody'"):
        plot.moves_chart(m, parties=["buyer", "nobody"])
