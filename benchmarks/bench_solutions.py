"""Benchmark: utilities + Pareto frontier + Nash point over a full grid of outcomes.

The scenario (fixed, reproducible): ``k`` categorical issues with 10 levels
each (``10**k`` outcomes, enumerated in :func:`itertools.product` order of
the issues' levels) and two parties. With ``rng = numpy.random.default_rng(0)``,
for party 0 and then party 1: raw saliences ``rng.random(k)`` (weights are
the saliences divided by their :func:`math.fsum`, exactly as a
:class:`positions.Position` normalises them) and a value table
``rng.random((k, 10))``; each party's reservation level is 0.4.

Semantics (those of NegMAS 0.16, checked against its source):

* ``U_p(o) = sum_i w_p[i] * V_p[i, o_i]``, summed left to right;
* the frontier is the strict Pareto frontier of the *rational* outcomes
  (``U_p >= r_p`` for both parties): weakly dominated outcomes are dropped;
* the Nash point maximises ``prod_p (U_p - d_p)`` over the frontier, with
  ``d_p = max(r_p, min over all outcomes of U_p)``.

Three implementations are timed in one process, best of ``--repeat`` runs,
each run starting from freshly built (untimed) model objects:

* ``positions``: :class:`positions.OutcomeSpace` grid, ``positions.utilities``,
  ``positions.pareto_frontier``, ``positions.nash_point``;
* ``numpy``: the hand-written kernel below (:func:`numpy_kernel`);
* ``negmas``: ``list(os.enumerate())`` + ``pareto_frontier`` (which evaluates
  both utility functions on every outcome) + ``nash_points``.

All three must give the same frontier (the same set of outcome indices) and
the same Nash outcome; otherwise the script prints the differences and exits
with status 1. Status 3 means the benchmark could not run completely (the
positions batch API or NegMAS is missing).

The peak memory of ``positions`` alone for ``10**7`` outcomes is measured in
a fresh subprocess: its peak resident set size (see :func:`peak_rss_bytes`;
it counts the interpreter and imported modules too) and the peak of the
allocations traced by :mod:`tracemalloc` during the computation (NumPy
reports its array buffers to tracemalloc).

Run ``python benchmarks/bench_solutions.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import itertools
import json
import math
import os
import platform
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

LEVELS = 10
PARTIES = 2
RESERVATION = 0.4
SEED = 0
MEMORY_K = 7
MEMORY_TARGET_BYTES = 2 * 1024**3
NEGMAS_BUDGET_S = 120.0
TARGET_SIZE_K = 6
TARGET_POSITIONS_OVER_NUMPY = 1.2
TARGET_NEGMAS_OVER_POSITIONS = 100.0
POSITIONS_API = ("OutcomeSpace", "utilities", "pareto_frontier", "nash_point")

EXIT_DISAGREEMENT = 1
EXIT_INCOMPLETE = 3


# --------------------------------------------------------------------------
# The scenario
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """Two parties over ``k`` issues of ``LEVELS`` levels each."""

    k: int
    saliences: tuple[FloatArray, ...]  # raw, per party: shape (k,)
    weights: tuple[FloatArray, ...]  # normalised to sum 1, per party: shape (k,)
    tables: tuple[FloatArray, ...]  # per party: shape (k, LEVELS), in [0, 1)
    reservations: tuple[float, ...]

    @property
    def n_outcomes(self) -> int:
        return int(LEVELS**self.k)

    def outcome(self, index: int) -> tuple[int, ...]:
        """The level codes of outcome ``index`` (product order)."""
        return tuple(int(c) for c in np.unravel_index(index, (LEVELS,) * self.k))


def make_scenario(k: int) -> Scenario:
    rng = np.random.default_rng(SEED)
    saliences, weights, tables = [], [], []
    for _party in range(PARTIES):
        raw = rng.random(k)
        saliences.append(raw)
        weights.append(raw / math.fsum(raw.tolist()))
        tables.append(rng.random((k, LEVELS)))
    return Scenario(
        k=k,
        saliences=tuple(saliences),
        weights=tuple(weights),
        tables=tuple(tables),
        reservations=(RESERVATION,) * PARTIES,
    )


@dataclass(frozen=True)
class Solution:
    """What one implementation found."""

    frontier: IntArray  # outcome indices, sorted ascending
    nash: int | None  # outcome index; None if the frontier is empty
    nash_ties: frozenset[int]  # every outcome the implementation reports as a Nash point
    utilities: FloatArray | None = None  # (parties, outcomes), if the implementation exposes it


# A "prepare" builds the model objects of one implementation (not timed)
# and returns the function that is timed.
Prepared = Callable[[], Solution]
Prepare = Callable[[Scenario], Prepared]


# --------------------------------------------------------------------------
# (b) The hand-written NumPy kernel
# --------------------------------------------------------------------------


def grid_utilities(weights: FloatArray, table: FloatArray) -> FloatArray:
    """``U(o) = sum_i w[i] * V[i, o_i]`` for every outcome of the grid, as a
    1-D array in product order (the last issue varies fastest).

    Issue ``i``'s weighted values are reshaped to lie along axis ``i`` and
    broadcast-added left to right, so each outcome's sum is formed in the
    same order as a one-at-a-time evaluation.
    """
    k, m = table.shape
    acc: FloatArray = np.zeros((1,) * k)
    for i in range(k):
        shape = [1] * k
        shape[i] = m
        acc = acc + (weights[i] * table[i]).reshape(shape)
    return acc.reshape(-1)


def strict_frontier_2d(u1: FloatArray, u2: FloatArray) -> IntArray:
    """Positions (into ``u1``/``u2``) of the strict Pareto frontier of the
    points ``(u1[j], u2[j])``: no other point is at least as good on both
    coordinates and better on one; of equal points only the first is kept.

    Sort by ``u1`` descending, ties by ``u2`` descending (stable, so equal
    points keep their order); a point is on the frontier iff its ``u2`` is
    strictly greater than the ``u2`` of every point before it.
    """
    order = np.lexsort((-u2, -u1))  # the last key is the primary one
    u2_sorted = u2[order]
    if u2_sorted.size == 0:
        return order
    best_before = np.maximum.accumulate(u2_sorted)
    keep = np.empty(u2_sorted.size, dtype=bool)
    keep[0] = True
    keep[1:] = u2_sorted[1:] > best_before[:-1]
    return order[keep]


def numpy_kernel(
    weights: Sequence[FloatArray], tables: Sequence[FloatArray], reservations: Sequence[float]
) -> tuple[FloatArray, IntArray, int | None]:
    """Utilities ``(2, n)``, the strict frontier of the rational outcomes
    (outcome indices, by ``U_0`` descending) and the Nash outcome index."""
    assert len(weights) == len(tables) == len(reservations) == 2
    u = np.stack([grid_utilities(w, t) for w, t in zip(weights, tables, strict=True)])
    r0, r1 = reservations
    rational = np.flatnonzero((u[0] >= r0) & (u[1] >= r1))
    frontier = rational[strict_frontier_2d(u[0, rational], u[1, rational])]
    if frontier.size == 0:
        return u, frontier, None
    d0 = max(r0, float(u[0].min()))
    d1 = max(r1, float(u[1].min()))
    product = (u[0, frontier] - d0) * (u[1, frontier] - d1)
    return u, frontier, int(frontier[np.argmax(product)])


def prepare_numpy(scenario: Scenario) -> Prepared:
    def run() -> Solution:
        u, frontier, nash = numpy_kernel(scenario.weights, scenario.tables, scenario.reservations)
        ties = frozenset() if nash is None else frozenset({nash})
        return Solution(np.sort(frontier), nash, ties, u)

    return run


# --------------------------------------------------------------------------
# (a) positions
# --------------------------------------------------------------------------


def positions_missing() -> list[str]:
    """The names of the batch API that ``positions`` does not export (yet)."""
    import positions

    return [name for name in POSITIONS_API if not hasattr(positions, name)]


def build_positions(scenario: Scenario) -> tuple[list[Any], list[Any]]:
    """The scenario's issues and positions as ``positions`` objects."""
    import positions

    names = tuple(str(v) for v in range(LEVELS))
    issues = [positions.CategoricalIssue(f"i{j}", levels=names) for j in range(scenario.k)]
    parties = []
    # The raw saliences are given, not the weights: a position divides its
    # saliences by their fsum, and the weights' fsum may be 1 - 2**-53, so
    # that giving the weights would shift them by a rounding error.
    for p, (raw, table) in enumerate(zip(scenario.saliences, scenario.tables, strict=True)):
        stances = [
            positions.Stance(
                issues[j],
                ideal=names[int(np.argmax(table[j]))],
                values=tuple(table[j].tolist()),
                salience=float(raw[j]),
            )
            for j in range(scenario.k)
        ]
        parties.append(
            positions.Position(
                f"p{p}",
                party=positions.Party(f"party-{p}", name=f"Party {p}"),
                stances=stances,
                reservation=scenario.reservations[p],
            )
        )
    for position, weights in zip(parties, scenario.weights, strict=True):
        got = [position.weight(f"i{j}") for j in range(scenario.k)]
        if got != weights.tolist():
            msg = f"positions normalised the saliences to {got}, not {weights.tolist()}"
            raise RuntimeError(msg)
    return issues, parties


def prepare_positions(scenario: Scenario) -> Prepared:
    import positions

    issues, parties = build_positions(scenario)
    reservations = list(scenario.reservations)

    def run() -> Solution:
        space = positions.OutcomeSpace.grid(issues)
        ev = positions.utilities(parties, space)
        front = positions.pareto_frontier(ev, reservations=reservations)
        nash = positions.nash_point(ev, front, reservations=reservations)
        nash_index = None if nash is None else int(nash)
        ties = frozenset() if nash_index is None else frozenset({nash_index})
        return Solution(np.sort(np.asarray(front, dtype=np.intp)), nash_index, ties, ev)

    return run


# --------------------------------------------------------------------------
# (c) NegMAS
# --------------------------------------------------------------------------


def negmas_version() -> str | None:
    try:
        import negmas  # noqa: F401
    except ImportError:
        return None
    return importlib.metadata.version("negmas")


def prepare_negmas(scenario: Scenario) -> Prepared:
    from negmas.outcomes import CategoricalIssue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun
    from negmas.preferences.ops import nash_points, pareto_frontier

    names = [str(v) for v in range(LEVELS)]
    issues = [CategoricalIssue(values=names, name=f"i{j}") for j in range(scenario.k)]
    space = make_os(issues)
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[TableFun(dict(zip(names, row.tolist(), strict=True))) for row in table],
            weights=weights.tolist(),
            reserved_value=r,
            outcome_space=space,
        )
        for weights, table, r in zip(
            scenario.weights, scenario.tables, scenario.reservations, strict=True
        )
    ]

    def run() -> Solution:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NegMAS warns about slow operations
            outcomes = list(space.enumerate())
            utils, indices = pareto_frontier(ufuns, outcomes=outcomes)
            points = nash_points(ufuns, utils, outcome_space=space)
        frontier = np.sort(np.asarray(indices, dtype=np.intp))
        # nash_points returns every frontier point within 1e-12 of the best
        # product, in frontier order; the first is its answer.
        ties = frozenset(int(indices[i]) for _, i in points)
        nash = int(indices[points[0][1]]) if points else None
        return Solution(frontier, nash, ties)

    return run


# --------------------------------------------------------------------------
# Timing and checking
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    best: float
    runs: int
    solution: Solution


def best_of(
    prepare: Prepare, scenario: Scenario, repeat: int, budget: float | None = None
) -> Timing:
    """Best wall time of ``repeat`` runs (fresh model objects for each, built
    untimed); stops early once a run takes longer than ``budget`` seconds."""
    times: list[float] = []
    solution: Solution | None = None
    for _ in range(repeat):
        run = prepare(scenario)
        gc.collect()
        start = time.perf_counter()
        solution = run()
        times.append(time.perf_counter() - start)
        if budget is not None and times[-1] > budget:
            break
    assert solution is not None
    return Timing(min(times), len(times), solution)


def compare(name: str, got: Solution, ref: Solution, scenario: Scenario) -> list[str]:
    """Why ``got`` differs from the NumPy kernel's ``ref`` (empty if it does not)."""
    problems: list[str] = []
    if not np.array_equal(got.frontier, ref.frontier):
        only_got = np.setdiff1d(got.frontier, ref.frontier)
        only_ref = np.setdiff1d(ref.frontier, got.frontier)
        problems.append(
            f"{name}: frontier of {got.frontier.size} outcomes, numpy kernel's of "
            f"{ref.frontier.size}; only in {name}: {only_got[:10].tolist()}, "
            f"only in numpy: {only_ref[:10].tolist()}"
        )
        assert ref.utilities is not None
        for index in itertools.islice(itertools.chain(only_got, only_ref), 10):
            i = int(index)
            line = (
                f"  outcome {i} {scenario.outcome(i)}: numpy U = "
                f"{tuple(float(x) for x in ref.utilities[:, i])}"
            )
            if got.utilities is not None:
                line += f", {name} U = {tuple(float(x) for x in got.utilities[:, i])}"
            problems.append(line)
    if got.nash != ref.nash and ref.nash not in got.nash_ties:
        problems.append(
            f"{name}: Nash outcome {got.nash} (ties: {sorted(got.nash_ties)}), "
            f"numpy kernel's {ref.nash}"
        )
    if got.utilities is not None and problems:
        assert ref.utilities is not None
        diff = np.abs(got.utilities - ref.utilities)
        problems.append(
            f"{name}: utilities bit-identical to the numpy kernel's: "
            f"{np.array_equal(got.utilities, ref.utilities)}; max |difference| = "
            f"{float(diff.max()):.3g}"
        )
    return problems


# --------------------------------------------------------------------------
# Peak memory (in a subprocess)
# --------------------------------------------------------------------------


def peak_rss_bytes() -> tuple[int, str]:
    """This process's peak resident set size so far, and how it was read.

    On Linux, ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` of
    :func:`resource.getrusage` is carried over from the parent into a
    subprocess there, so it would report the benchmark's own peak.
    Elsewhere, ``ru_maxrss`` (the subprocess is started before anything
    large is allocated, to keep that carry-over small).
    """
    try:
        with open("/proc/self/status", encoding="utf-8") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024, "VmHWM of /proc/self/status"
    except OSError:
        pass
    import resource  # not on Windows

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return int(peak) * scale, "ru_maxrss of resource.getrusage"


def memory_child(k: int) -> None:
    """Run positions once on ``10**k`` outcomes and print, as JSON, the
    process's peak RSS before and after the run, then the tracemalloc peak
    of a second, traced run."""
    scenario = make_scenario(k)
    run = prepare_positions(scenario)
    gc.collect()
    before, how = peak_rss_bytes()
    solution = run()
    after, _ = peak_rss_bytes()
    frontier, nash = int(solution.frontier.size), solution.nash
    del solution, run
    gc.collect()
    run = prepare_positions(scenario)
    tracemalloc.start()
    run()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "k": k,
        "rss_before": before,
        "rss_peak": after,
        "rss_how": how,
        "traced_peak": traced_peak,
        "frontier": frontier,
        "nash": nash,
    }
    print(json.dumps(result))


def measure_memory(k: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--memory-child", str(k)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        msg = f"the memory subprocess failed (exit {proc.returncode}):\n{proc.stderr}"
        raise RuntimeError(msg)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_machine(negmas: str | None) -> None:
    import positions

    print(f"machine:   {platform.platform()}, {cpu_model()}, {os.cpu_count()} CPUs")
    print(
        f"versions:  Python {platform.python_version()} ({platform.python_implementation()}), "
        f"numpy {np.__version__}, positions {positions.__version__}, "
        f"negmas {negmas or 'not installed'}"
    )


def fmt_seconds(t: float | None) -> str:
    return "n/a" if t is None else f"{t:.4f}"


def fmt_ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}"


COLUMNS = (
    ("k", 2),
    ("outcomes", 10),
    ("positions s", 12),
    ("numpy s", 10),
    ("negmas s", 10),
    ("pos/numpy", 10),
    ("negmas/pos", 11),
    ("frontier", 9),
    ("nash", 8),
    ("agree", 6),
)


def print_row(cells: Sequence[str]) -> None:
    print("  ".join(c.rjust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)), flush=True)


def memory_lines(m: dict[str, Any] | None) -> str:
    head = f"memory:    positions alone, 10**{MEMORY_K} outcomes, two parties"
    if m is None:
        return f"{head}: n/a (the positions batch API is missing)"
    gib = 1024**3
    met = "met" if m["rss_peak"] < MEMORY_TARGET_BYTES else "NOT met"
    return "\n".join(
        [
            f"{head}, one run in a fresh subprocess (frontier {m['frontier']}, nash {m['nash']}):",
            f"           peak RSS {m['rss_peak'] / gib:.2f} GiB ({m['rss_how']}); "
            f"{m['rss_before'] / gib:.2f} GiB before the run (interpreter, imports, model)",
            f"           tracemalloc peak during the run {m['traced_peak'] / gib:.2f} GiB "
            "(NumPy's buffers included)",
            f"target:    peak RSS at 10**{MEMORY_K} < 2 GiB: {met}",
        ]
    )


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(
            "Time utilities + Pareto frontier + Nash point with positions, a NumPy kernel "
            "and NegMAS, check that they agree, and measure positions' peak memory."
        )
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        metavar="K",
        help="numbers of issues (10**K outcomes each); default 4 5 6 (3 with --smoke)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        help="runs per implementation, best taken; default 5 (1 with --smoke)",
    )
    parser.add_argument(
        "--memory",
        action=argparse.BooleanOptionalAction,
        help=f"measure positions' peak memory for 10**{MEMORY_K} outcomes in a subprocess "
        "(default on; off with --smoke)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a quick check for CI: k=3, one run, NegMAS skipped if not installed",
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = [3] if args.smoke else [4, 5, 6]
    if args.repeat is None:
        args.repeat = 1 if args.smoke else 5
    if args.memory is None:
        args.memory = not args.smoke
    if args.repeat < 1 or any(k < 1 for k in args.sizes):
        parser.error("--repeat and --sizes must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.memory_child is not None:
        memory_child(args.memory_child)
        return 0

    negmas = negmas_version()
    missing = positions_missing()
    incomplete: list[str] = []
    if missing:
        incomplete.append(
            f"positions does not export {', '.join(missing)} yet: the positions column is empty"
        )
    if negmas is None:
        note = "NegMAS is not installed (pip install '.[bench]'): the negmas column is empty"
        if not args.smoke:
            incomplete.append(note)
    print("benchmark: utilities + Pareto frontier + Nash point, two parties, 10 levels per issue")
    print_machine(negmas)
    print(
        f"timing:    wall clock (time.perf_counter), best of {args.repeat} per implementation, "
        "garbage collector on;\n           model objects built untimed, afresh for each run"
    )
    print(
        "timed:     positions: OutcomeSpace.grid + utilities + pareto_frontier + nash_point; "
        "numpy: numpy_kernel;\n"
        "           negmas: list(os.enumerate()) + pareto_frontier (evaluates every outcome) "
        "+ nash_points"
    )
    # The memory subprocess runs first, while this process is still small.
    memory = measure_memory(MEMORY_K) if args.memory and not missing else None

    print()
    print_row([name for name, _ in COLUMNS])
    print_row(["-" * w for _, w in COLUMNS])

    notes: list[str] = []
    if negmas is None and args.smoke:
        notes.append("NegMAS is not installed: skipped (--smoke)")
    results: dict[int, tuple[float | None, float, float | None]] = {}
    for k in args.sizes:
        scenario = make_scenario(k)
        ref = best_of(prepare_numpy, scenario, args.repeat)
        pos = None if missing else best_of(prepare_positions, scenario, args.repeat)
        neg = (
            None
            if negmas is None
            else best_of(prepare_negmas, scenario, args.repeat, budget=NEGMAS_BUDGET_S)
        )
        if neg is not None and neg.runs < args.repeat:
            notes.append(
                f"k={k}: a NegMAS run took over {NEGMAS_BUDGET_S:.0f} s, so it was timed "
                f"{neg.runs} time(s) instead of {args.repeat}"
            )
        problems: list[str] = []
        if pos is not None:
            problems += compare("positions", pos.solution, ref.solution, scenario)
        if neg is not None:
            problems += compare("negmas", neg.solution, ref.solution, scenario)
            if len(neg.solution.nash_ties) > 1:
                notes.append(
                    f"k={k}: NegMAS reports {len(neg.solution.nash_ties)} Nash points within "
                    "its eps of 1e-12"
                )
        t_pos = None if pos is None else pos.best
        t_neg = None if neg is None else neg.best
        results[k] = (t_pos, ref.best, t_neg)
        print_row(
            [
                str(k),
                f"{scenario.n_outcomes:,}",
                fmt_seconds(t_pos),
                fmt_seconds(ref.best),
                fmt_seconds(t_neg),
                fmt_ratio(t_pos, ref.best),
                fmt_ratio(t_neg, t_pos),
                str(ref.solution.frontier.size),
                str(ref.solution.nash),
                "no" if problems else ("n/a" if pos is None and neg is None else "yes"),
            ]
        )
        if problems:
            print()
            print("DISAGREEMENT (compared with the numpy kernel):", file=sys.stderr)
            for line in problems:
                print(line, file=sys.stderr)
            return EXIT_DISAGREEMENT

    print()
    print(
        "agree: same frontier (set of outcome indices, product order) and same Nash outcome "
        "as the numpy kernel"
    )
    for note in notes:
        print(f"note: {note}")

    if TARGET_SIZE_K in results:
        t_pos, t_np, t_neg = results[TARGET_SIZE_K]
        at = f"target:    at 10**{TARGET_SIZE_K},"
        if t_pos is not None:
            ratio = t_pos / t_np
            met = "met" if ratio <= TARGET_POSITIONS_OVER_NUMPY else "NOT met"
            print(f"{at} positions/numpy <= {TARGET_POSITIONS_OVER_NUMPY}: {ratio:.2f} ({met})")
        if t_pos is not None and t_neg is not None:
            ratio = t_neg / t_pos
            met = "met" if ratio >= TARGET_NEGMAS_OVER_POSITIONS else "NOT met"
            print(
                f"{at} negmas/positions >= {TARGET_NEGMAS_OVER_POSITIONS:.0f}: {ratio:.1f} "
                f"({met}; negmas/numpy kernel: {t_neg / t_np:.1f})"
            )

    if args.memory:
        print(memory_lines(memory))

    if incomplete:
        print()
        for line in incomplete:
            print(f"INCOMPLETE: {line}", file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


if __name__ == "__main__":
    sys.exit(main())
