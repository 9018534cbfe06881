"""The ``positions`` command line.

Exit status: 0 on success, 1 when an input (a case file) is invalid, 2 when
the command is misused (an unknown option, measure, position or offer).
Errors are one message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from positions import _report, formats
from positions._backtest import DEFAULT_MODELS
from positions._bridge import OBJECTIVES
from positions._forecast import MODELS
from positions._limits import MAX_OUTCOMES, MAX_SAMPLES
from positions._measures import DISTANCE_METHODS
from positions._model import STATUSES, Case
from positions._output import protecting, write_file
from positions._sensitivity import SALIENCE_DRAWS
from positions.exceptions import CaseFileError, InvalidArgumentError, PositionsError
from positions.formats.case import _locate as locate_case
from positions.formats.case import bundled_cases, default_case, dump_case, load_case
from positions.plot import KINDS  # imports no matplotlib until a figure is drawn

__all__ = ["main"]

_T = TypeVar("_T")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


_OUTPUT_CASE = "the case file (TOML) to write"


def _parser() -> argparse.ArgumentParser:
    default = default_case()
    parser = _Parser(
        prog="positions",
        description=(
            "Compare negotiation positions and offers: concession, shortfall, overlap and "
            f"movement. Without a CASE argument, the bundled case {default!r} is used "
            f"(bundled: {', '.join(bundled_cases())})."
        ),
    )
    from positions import __version__

    parser.add_argument("--version", action="version", version=f"positions {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def case_argument(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "case",
            nargs="?",
            default=default,
            metavar="CASE",
            help=f"a case file, or the name of a bundled case (default: {default})",
        )

    def common(p: argparse.ArgumentParser) -> None:
        case_argument(p)
        p.add_argument(
            "--measure",
            metavar="NAME",
            help="item measure for weighted-item issues, e.g. area, population, count "
            "(default: each issue's own default)",
        )
        p.add_argument(
            "--format",
            choices=_report.FORMATS,
            default="table",
            help="output format (default: table)",
        )

    def model_option(p: argparse.ArgumentParser, text: str) -> None:
        p.add_argument(
            "--model",
            action="append",
            dest="models",
            choices=MODELS,
            metavar="MODEL",
            help=f"{text}; one of {', '.join(MODELS)}",
        )

    def repeated(p: argparse.ArgumentParser, flag: str, dest: str, text: str) -> None:
        p.add_argument(f"--{flag}", action="append", dest=dest, metavar="ID", help=text)

    def grid_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--shares",
            type=_shares,
            default=(0.0, 1.0),
            metavar="S,S,...",
            help="share grid for divisible items (default: 0,1)",
        )
        p.add_argument(
            "--scale-points",
            type=int,
            default=11,
            metavar="N",
            help="points of each scale issue's grid (default: 11)",
        )

    def redrawing(p: argparse.ArgumentParser) -> None:
        """How the saliences are redrawn: the Dirichlet concentration and
        whether to draw within the case's ranges."""
        p.add_argument(
            "--concentration",
            type=float,
            default=50.0,
            metavar="K",
            help="how closely Dirichlet draws stay to the stated weights (default: 50)",
        )
        salience_draws(p)

    def salience_draws(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--salience-draws",
            choices=SALIENCE_DRAWS,
            default="auto",
            help="how saliences are redrawn: dirichlet (around the stated weights), ranges "
            "(uniformly within the salience ranges of the case) or auto (ranges where a "
            "position gives them, else dirichlet; the default)",
        )

    def scheduler(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help=f"run {what} on the dask.distributed cluster whose scheduler is at ADDRESS, "
            "e.g. tcp://10.0.0.5:8786 (needs the dask extra); the same results as on this "
            "machine",
        )

    def min_status(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument(
            "--min-status",
            choices=STATUSES,
            default="inferred",
            help=f"keep only the {what} that rest on claims at least this strong: stated "
            "(on the record only), reported, or inferred (everything; the default)",
        )

    p = sub.add_parser(
        "compare",
        help="every position against every offer",
        description="Concession, shortfall and acceptability of every offer for every "
        "position, per issue.",
    )
    common(p)
    repeated(p, "position", "positions", "only this position (repeatable)")
    repeated(p, "offer", "offers", "only this offer (repeatable)")
    min_status(p, "rows")

    p = sub.add_parser(
        "overlap",
        help="zone of agreement, gaps and blocking issues of pairs of positions",
        description="For each pair of positions of different parties (or each pair of the "
        "positions named): whether their acceptable sets meet, the gap on each issue and "
        "the blocking issues.",
    )
    common(p)
    repeated(p, "position", "positions", "overlap the positions named (repeatable; at least two)")
    min_status(p, "pairs")

    p = sub.add_parser(
        "timeline",
        help="each party's movement between its successive positions",
        description="How far each party's ideal moved between successive dated positions, "
        "and on which issues towards or away from the other party's latest position.",
    )
    common(p)
    p.add_argument(
        "-p",
        type=float,
        default=1.0,
        metavar="P",
        help="order of the weighted Minkowski distance (default 1)",
    )
    min_status(p, "movements")

    p = sub.add_parser(
        "moves",
        help="each proposer's successive offers, classified",
        description="For each proposer's dated offers, in date order, classify each move "
        "(one offer to the next) by the change in the proposer's own utility and in the "
        "other parties': silent, nice, fortunate, unfortunate, concession or selfish; per "
        "proposer, the count of each class, the concession rate and the reciprocity.",
    )
    common(p)

    p = sub.add_parser(
        "predict",
        help="what each forecasting model predicts the case decides",
        description="Predict each issue with one or more models, from one position per party "
        "(default: each party's latest): the compromise and the weighted median, the "
        "unweighted mean and median, the Nash bargaining points, the bridge, the reference "
        "point and the expected-utility model; each prediction with the model's diagnostics "
        "and what it rests on.",
    )
    case_argument(p)
    model_option(p, "a model (repeatable; default: compromise, median and expected-utility)")
    repeated(p, "position", "positions", "use this position (repeatable; one per party)")
    repeated(p, "issue", "issues", "only this issue (repeatable)")
    p.add_argument(
        "--format", choices=_report.FORMATS, default="table", help="output format (default: table)"
    )

    p = sub.add_parser(
        "backtest",
        help="score forecasting models against the outcomes the cases record",
        description="For every issue of the cases whose recorded outcome is agreed, predict it "
        "with each model from each party's latest position and score the error on the issue's "
        "normalised scale: per model the mean and median absolute error, the RMSE and the "
        "share of issues where it beats the reference-point and unweighted-mean baselines, "
        "each with a seeded bootstrap interval.",
    )
    p.add_argument(
        "cases",
        nargs="+",
        metavar="CASE",
        help="case files or names of bundled cases (at least one)",
    )
    model_option(p, f"a model to score (repeatable; default: {', '.join(DEFAULT_MODELS)})")
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the bootstrap resamples (default: 0)"
    )
    p.add_argument(
        "--resamples",
        type=int,
        default=2000,
        metavar="N",
        help="bootstrap resamples (default: 2000)",
    )
    p.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        metavar="C",
        help="level of the bootstrap intervals (default: 0.95)",
    )
    p.add_argument(
        "--format", choices=_report.FORMATS, default="table", help="output format (default: table)"
    )

    p = sub.add_parser(
        "solve",
        help="Pareto frontier and the Nash, Kalai-Smorodinsky, egalitarian, utilitarian "
        "and asymmetric Nash points, within the red lines and without",
        description="Enumerate the agreement space (the case's agreement_issues, or the "
        "issues named) for one position per party (default: each party's latest) and "
        "report the efficient and fair outcomes twice: within the zone of agreement "
        "(every red line and reservation level honoured) and over every rational outcome "
        "(reservation levels only, as NegMAS), naming the red lines each of those crosses; "
        "the parties' opposition; each offer's distance to the frontier and to each point; "
        "and the compromise prediction and weighted median.",
    )
    common(p)
    repeated(
        p,
        "position",
        "positions",
        "a position to include (repeatable; default: each party's latest)",
    )
    repeated(p, "issue", "issues", "an issue of the agreement space (repeatable)")
    grid_options(p)
    p.add_argument(
        "--limit",
        type=_count,
        default=None,
        metavar="N",
        help="list at most N outcomes of each Pareto frontier, saying how many are left out "
        "(default: all in JSON, 10 in the tables)",
    )
    p.add_argument(
        "--max-outcomes",
        type=int,
        default=MAX_OUTCOMES,
        metavar="N",
        help=f"refuse agreement spaces of more than N outcomes (default: {MAX_OUTCOMES})",
    )
    min_status(p, "points and predictions")

    p = sub.add_parser(
        "bridge",
        help="the outcome that asks least of the parties' red lines",
        description="The bridging proposal for one position per party (default: each "
        "party's latest) over the issues named (default: every issue they address): the "
        "outcome that minimises the parties' total shortfall beyond their red lines (or the "
        "largest single shortfall, over a grid), with each red line it crosses, by how much, "
        "and each party's utility and reservation level.",
    )
    common(p)
    repeated(
        p,
        "position",
        "positions",
        "a position to include (repeatable; default: each party's latest)",
    )
    repeated(p, "issue", "issues", "an issue of the bridge (repeatable; default: all)")
    p.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="total",
        help="total: least total shortfall, exact (the default); max: least largest "
        "shortfall, exact over a grid of candidates",
    )
    grid_options(p)

    p = sub.add_parser(
        "sensitivity",
        help="how robust acceptability and concession are to the saliences",
        description="Monte Carlo over the saliences (Dirichlet draws around the stated "
        "weights): per offer, the probability that it is acceptable to each position and "
        "to all at once, and the spread of each concession.",
    )
    common(p)
    repeated(
        p,
        "position",
        "positions",
        "a position to include (repeatable; default: each party's latest)",
    )
    repeated(p, "offer", "offers", "only this offer (repeatable)")
    p.add_argument(
        "--draws", type=int, default=10_000, metavar="N", help="number of draws (default: 10000)"
    )
    p.add_argument(
        "--seed", type=int, default=None, metavar="S", help="random seed, for reproducible results"
    )
    redrawing(p)
    p.add_argument(
        "--max-samples",
        type=int,
        default=MAX_SAMPLES,
        metavar="N",
        help="refuse runs that draw more than N saliences in all, draws times the issues of "
        f"the positions (default: {MAX_SAMPLES})",
    )
    scheduler(p, "the blocks of draws")

    p = sub.add_parser(
        "robustness",
        help="which conclusions hold under every reading of the record",
        description="Evaluate, under every combination of the positions' alternative "
        "readings (a seeded sample when there are too many) and with the saliences "
        "redrawn, whether each pair of positions of different parties overlaps, whether "
        "each offer is acceptable to each position, and whether the agreement space has a "
        "zone of agreement and which outcomes its solution points are; for each, whether "
        "it holds under all readings, none, or which readings flip it.",
    )
    common(p)
    repeated(
        p,
        "position",
        "positions",
        "only these positions (repeatable; for the agreement space, the positions solved "
        "for; default: all, and each party's latest)",
    )
    repeated(p, "offer", "offers", "only this offer (repeatable)")
    repeated(p, "issue", "issues", "an issue of the agreement space (repeatable)")
    p.add_argument(
        "--no-solve",
        dest="solve",
        action="store_false",
        help="leave out the agreement space and its solution points",
    )
    grid_options(p)
    p.add_argument(
        "--draws",
        type=int,
        default=1000,
        metavar="N",
        help="salience draws per combination of readings; 0 varies the readings only "
        "(default: 1000)",
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    redrawing(p)
    p.add_argument(
        "--max-combinations",
        type=int,
        default=1024,
        metavar="N",
        help="evaluate a seeded sample of this many combinations of readings when a "
        "conclusion has more (default: 1024)",
    )
    p.add_argument(
        "--max-samples",
        type=int,
        default=MAX_SAMPLES,
        metavar="N",
        help="refuse runs that draw more than N saliences at once, draws times the issues "
        f"of the positions (default: {MAX_SAMPLES})",
    )
    scheduler(p, "the conclusions and the agreement space's draws")

    p = sub.add_parser(
        "distances",
        help="the distance between every two positions",
        description="The distance from every position to every other: the weighted "
        "Minkowski distance between ideals (symmetric), or KTAB's (asymmetric: only the "
        "first position's saliences count).",
    )
    common(p)
    p.add_argument(
        "--method",
        choices=DISTANCE_METHODS,
        default="minkowski",
        help="distance method (default: minkowski)",
    )
    p.add_argument(
        "-p",
        type=float,
        default=1.0,
        metavar="P",
        help="order of the Minkowski distance (default 1)",
    )
    repeated(p, "position", "positions", "only this position (repeatable)")

    convertible = [f for f in formats.available() if f.convert]
    readable = [f for f in convertible if f.reader is not None]
    writable = [f for f in convertible if f.writer is not None]
    p = sub.add_parser(
        "import",
        help="read another tool's files into a case file",
        description="Read another tool's files and write them as a case file. FORMAT is one "
        "of: " + "; ".join(f"{f.name} ({f.title})" for f in readable) + ".",
    )
    fmt = p.add_subparsers(dest="source_format", metavar="FORMAT", required=True)
    for f in readable:
        q = fmt.add_parser(f.name, help=f.title, description=f.description)
        f.add_arguments(q)
        q.add_argument("-o", "--output", required=True, metavar="CASE.toml", help=_OUTPUT_CASE)

    p = sub.add_parser(
        "export",
        help="write a case in another tool's format",
        description="Write a case's issues and positions in another tool's format. FORMAT is "
        "one of: " + "; ".join(f"{f.name} ({f.title})" for f in writable) + ".",
    )
    fmt = p.add_subparsers(dest="target_format", metavar="FORMAT", required=True)
    for f in writable:
        q = fmt.add_parser(f.name, help=f.title, description=f.description)
        q.add_argument("case", metavar="CASE", help="a case file or the name of a bundled case")
        q.add_argument(
            "-o",
            "--output",
            required=True,
            metavar=f.output,
            help="the folder to write the files to" if f.output == "DIR" else "the file to write",
        )

    p = sub.add_parser(
        "plot",
        help="draw a figure of a case (needs positions[plot])",
        description="Draw one figure of a case to a file whose suffix gives the format "
        "(.png, .svg, .pdf, ...). KIND is 'concession' (heat map of the concession of every "
        "position to every offer), 'split' (how each offer divides a weighted-item issue, "
        "under each measure), 'movement' (each party's ideal and acceptable range on one "
        "issue over time), 'evidence' (how each red line of each position is known), "
        "'robustness' (under what share of the readings each pair of positions overlaps), "
        "'solutions' (the two parties' utilities over the agreement space, with the frontier "
        "and the solution points within the zone and without, and the offers), 'bridge' "
        "(the red lines the bridging proposal asks each party to relax, and by how much), "
        "'moves' (each proposer's successive offers in two parties' utilities, by class) or "
        "'backtest' (each model's errors against the outcomes the case records, with the mean "
        "absolute error and its bootstrap interval).",
    )
    p.add_argument(
        "kind",
        choices=KINDS,
        metavar="KIND",
        help="concession, split, movement, evidence, robustness, solutions, bridge, moves or "
        "backtest",
    )
    case_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    p.add_argument(
        "--measure",
        metavar="NAME",
        help="item measure (for split: draw only this measure; default: all)",
    )
    p.add_argument(
        "--issue",
        metavar="ID",
        help="the issue of a split or movement figure (default: chosen from the case)",
    )

    p = sub.add_parser(
        "report",
        help="write one self-contained HTML page about a case",
        description="Write one HTML page about a case, readable offline and loading nothing: "
        "its positions, every offer against every position, the overlaps, the movements, "
        "the solutions, the figures (with positions[plot]) and every source as a link, each "
        "result with the claims that are not stated it rests on.",
    )
    case_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the page to write")
    p.add_argument("--measure", metavar="NAME", help="item measure (default: each issue's own)")
    p.add_argument(
        "--no-figures", action="store_true", help="leave the figures out (faster; no matplotlib)"
    )

    p = sub.add_parser(
        "validate",
        help="check a case file",
        description="Check a case file; list every problem found.",
    )
    p.add_argument("case", metavar="FILE", help="the case file to check")
    _remember_subcommands(parser)
    return parser


def _remember_subcommands(parser: argparse.ArgumentParser) -> None:
    """Let each subcommand put itself in the parsed arguments, so that an
    error found after parsing prints that subcommand's usage line."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.set_defaults(subcommand_parser=sub)
                _remember_subcommands(sub)


def _shares(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(x) for x in text.split(","))
    except ValueError:
        msg = f"expected numbers separated by commas: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if any(not 0 <= v <= 1 for v in values):
        raise argparse.ArgumentTypeError(f"shares must lie in [0, 1]: {text!r}")
    return values


def _count(text: str) -> int:
    """A whole number >= 0, for options such as ``--limit``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0: {text!r}")
    return value


def _progress(command: str, what: str) -> Callable[[int, int], None] | None:
    """A progress line on standard error, when it is a terminal; cleared
    when the work is done, so it never mixes with the output."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\r\033[K" if done >= total else ""
        print(f"\r{command}: {done}/{total} {what}{end}", end="", file=sys.stderr, flush=True)

    return show


def _wrapped(text: str) -> str:
    """``text`` with each line longer than the terminal wrapped, its
    continuation indented under the line's own text, when standard error is
    a terminal; as it is otherwise, one problem a line for scripts."""
    if not sys.stderr.isatty():
        return text
    width = max(40, shutil.get_terminal_size((100, 24)).columns - 1)
    lines = []
    for line in text.splitlines():
        indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
        lines.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


#: Seconds to wait for the scheduler of ``--scheduler`` to answer.
CONNECT_TIMEOUT = 10.0


class _SchedulerError(PositionsError):
    """The scheduler named with ``--scheduler`` cannot be reached."""


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """A client of the cluster whose scheduler is at ``address`` (``None``
    without one), closed afterwards."""
    if address is None:
        yield None
        return
    try:
        import distributed
        from distributed.comm.core import connect
    except ImportError:
        msg = "--scheduler needs dask.distributed: pip install 'positions[dask]'"
        raise InvalidArgumentError(msg) from None

    async def probe() -> None:
        comm = await connect(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        await comm.close()

    # A client that fails to connect complains again when it is collected:
    # the address is tried on its own first.
    try:
        asyncio.run(probe())
        client = distributed.Client(  # type: ignore[no-untyped-call]
            address, timeout=CONNECT_TIMEOUT, set_as_default=False
        )
    except (OSError, ValueError) as err:
        raise _SchedulerError(f"cannot reach the scheduler at {address!r}: {err}") from None
    with client:
        yield client


def _load(name: str) -> Case:
    return load_case(name)


def _import(args: argparse.Namespace) -> str:
    case = formats.get(args.source_format).read_arguments(args)
    _writing(args.output, lambda: dump_case(case, args.output))
    return (
        f"{args.output}: case {case.id!r} with {len(case.issues)} issues and "
        f"{len(case.positions)} positions"
    )


def _export(args: argparse.Namespace) -> str:
    case = _load(args.case)
    paths = _writing(args.output, lambda: formats.write(args.target_format, case, args.output))
    return "\n".join(str(path) for path in paths)


def _backtest(args: argparse.Namespace) -> str:
    from positions._backtest import backtest
    from positions._forecast_report import backtest_report

    cases = [_load(name) for name in args.cases]
    result = backtest(
        cases,
        list(dict.fromkeys(args.models or DEFAULT_MODELS)),
        seed=args.seed,
        resamples=args.resamples,
        confidence=args.confidence,
        progress=_progress("backtest", "forecasts"),
    )
    return _report.render(backtest_report(result), args.format)


def _writing(output: str, write: Callable[[], _T]) -> _T:
    """Run ``write``; an output that cannot be written is a usage error."""
    try:
        return write()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        msg = f"cannot write {output!r}: {reason}"
        raise InvalidArgumentError(msg) from None


def _plot(args: argparse.Namespace) -> str:
    try:
        import matplotlib
    except ImportError:
        msg = "drawing figures needs matplotlib: pip install 'positions[plot]'"
        raise InvalidArgumentError(msg) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from positions.plot import figure

    suffix = Path(args.output).suffix.lstrip(".").lower()
    known = plt.figure().canvas.get_supported_filetypes()
    plt.close("all")
    if suffix not in known:
        msg = f"cannot tell the format of {args.output!r}: give it one of the suffixes " + (
            ", ".join(f".{k}" for k in sorted(known))
        )
        raise InvalidArgumentError(msg)
    case = _load(args.case)
    fig = figure(args.kind, case, measure=args.measure, issue=args.issue)
    drawn = io.BytesIO()
    try:
        fig.savefig(drawn, format=suffix)
    finally:
        plt.close("all")
    _writing(args.output, lambda: write_file(args.output, drawn.getvalue()))
    return f"{args.output}: {args.kind} figure of case {case.id!r}"


def _html(args: argparse.Namespace) -> str:
    from positions._html_report import html_report

    case = _load(args.case)
    page = html_report(
        case,
        measure=args.measure,
        figures=not args.no_figures,
        progress=_progress("report", "parts"),
    )
    _writing(args.output, lambda: write_file(args.output, page.encode("utf-8")))
    return f"{args.output}: report of case {case.id!r}"


def _inputs(args: argparse.Namespace) -> list[Path]:
    """The files a command reads, which no output may replace."""
    if args.command == "import":
        return [Path(name) for name in formats.get(args.source_format).inputs(args)]
    if args.command == "backtest":
        return [locate_case(name) for name in args.cases]
    return [locate_case(args.case)] if hasattr(args, "case") else []


def _run(args: argparse.Namespace) -> str:
    with protecting(_inputs(args)):
        return _command(args)


def _command(args: argparse.Namespace) -> str:
    if args.command == "import":
        return _import(args)
    if args.command == "plot":
        return _plot(args)
    if args.command == "report":
        return _html(args)
    if args.command == "export":
        return _export(args)
    if args.command == "backtest":
        return _backtest(args)
    case = _load(args.case)
    if args.command == "validate":
        return f"{args.case}: valid case {case.id!r}: {case.summary()}"
    if args.command == "compare":
        report = _report.compare(
            case,
            measure=args.measure,
            positions=args.positions,
            offers=args.offers,
            min_status=args.min_status,
        )
    elif args.command == "overlap":
        report = _report.overlaps(
            case, measure=args.measure, positions=args.positions, min_status=args.min_status
        )
    elif args.command == "distances":
        report = _report.distances(
            case, method=args.method, p=args.p, measure=args.measure, positions=args.positions
        )
    elif args.command == "solve":
        report = _report.solve(
            case,
            positions=args.positions,
            issues=args.issues,
            shares=args.shares,
            scale_points=args.scale_points,
            measure=args.measure,
            min_status=args.min_status,
            limit=args.limit,
            max_outcomes=args.max_outcomes,
        )
    elif args.command == "bridge":
        from positions._bridge_report import bridge_report

        report = bridge_report(
            case,
            positions=args.positions,
            issues=args.issues,
            objective=args.objective,
            measure=args.measure,
            shares=args.shares,
            scale_points=args.scale_points,
        )
    elif args.command == "predict":
        from positions._forecast import predict
        from positions._forecast_report import forecast_report

        models = args.models or ["compromise", "median", "expected-utility"]
        forecasts = [
            predict(case, m, positions=args.positions, issues=args.issues)
            for m in dict.fromkeys(models)
        ]
        report = forecast_report(case, forecasts)
    elif args.command == "moves":
        from positions._moves_report import moves_report

        report = moves_report(case, measure=args.measure)
    elif args.command == "sensitivity":
        with _cluster(args.scheduler) as client:
            report = _report.sensitivity(
                case,
                positions=args.positions,
                offers=args.offers,
                draws=args.draws,
                seed=args.seed,
                concentration=args.concentration,
                measure=args.measure,
                salience_draws=args.salience_draws,
                max_samples=args.max_samples,
                client=client,
                progress=_progress("sensitivity", "blocks of draws"),
            )
    elif args.command == "robustness":
        with _cluster(args.scheduler) as client:
            report = _report.robustness(
                case,
                positions=args.positions,
                offers=args.offers,
                solve=args.solve,
                issues=args.issues,
                shares=args.shares,
                scale_points=args.scale_points,
                draws=args.draws,
                seed=args.seed,
                concentration=args.concentration,
                salience_draws=args.salience_draws,
                max_combinations=args.max_combinations,
                measure=args.measure,
                progress=_progress("robustness", "conclusions"),
                max_samples=args.max_samples,
                client=client,
            )
    else:
        report = _report.timeline(case, measure=args.measure, p=args.p, min_status=args.min_status)
    return _report.render(report, args.format)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        out = _run(args)
    except CaseFileError as err:
        what = "cannot import" if args.command == "import" else "invalid case file"
        print(_wrapped(f"positions: {what} {err}"), file=sys.stderr)
        return 1
    except InvalidArgumentError as err:
        getattr(args, "subcommand_parser", parser).print_usage(sys.stderr)
        print(f"positions: error: {err}", file=sys.stderr)
        return 2
    except _SchedulerError as err:
        print(f"positions: error: {err}", file=sys.stderr)
        return 1
    except PositionsError as err:
        # Any other error of the model comes from what the case holds.
        case = getattr(args, "case", None)
        print(f"positions: {f'{case}: ' if case else ''}{err}", file=sys.stderr)
        return 1
    try:
        print(out)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
    return 0
