"""The frontier and Nash point of large grids, and frontiers of three and
four parties, side by side in one run, with the answers checked to agree.

Scenario (as ``bench_solutions.py``): ``k`` categorical issues of 10 levels
(``10**k`` outcomes), each party with random saliences and value tables
from ``numpy.random.default_rng(seed)`` and a reservation level of 0.4.

Tables printed:

1. two parties, grid, end to end (outcome space, utilities, frontier, Nash
   point): ``positions.grid_solve`` against the plain NumPy pipeline of
   ``bench_solutions.py`` (``numpy_kernel``) and NegMAS 0.16
   (``pareto_frontier`` + ``nash_points``), at ``10**4`` to ``10**7``;
2. two parties, grid: ``grid_solve`` alone at ``10**8`` and ``10**10``
   outcomes, with the peak resident memory of a fresh process;
3. three and four parties, grid, ``10**4`` to ``10**6``: ``grid_solve``
   against the materialised frontier (``utilities`` + ``pareto_frontier``),
   the previous frontier of three or more parties (a Python loop over the
   points, kept here as ``loop_frontier``) and NegMAS's frontier kernel
   (``pareto_frontier_numpy``) on the same points;
4. three and four parties, sampled outcomes (``OutcomeSpace.sample``):
   ``pareto_frontier`` against NegMAS's kernel on the same points.

Each figure is the median of ``--repeat`` runs (wall clock), model objects
built untimed. ``agree`` says the frontier (as a set of outcomes) and the
Nash outcome are the same for every implementation of the row.

    python benchmarks/bench_grid.py            # everything (NegMAS needed for its columns)
    python benchmarks/bench_grid.py --smoke    # small sizes, one run: CI
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import positions

LEVELS = 10
RESERVATION = 0.4
HERE = Path(__file__).resolve().parent


def scenario(k: int, parties: int, seed: int = 0) -> tuple[list[Any], list[Any], list[Any]]:
    """Issues, positions and (weights, tables) of ``parties`` parties."""
    rng = np.random.default_rng(seed)
    names = tuple(str(v) for v in range(LEVELS))
    issues = [positions.CategoricalIssue(f"i{j}", levels=names) for j in range(k)]
    chosen, raw = [], []
    for p in range(parties):
        saliences = rng.random(k)
        tables = rng.random((k, LEVELS))
        stances = [
            positions.Stance(
                issues[j],
                ideal=names[int(np.argmax(tables[j]))],
                values=tuple((tables[j] / tables[j].max()).tolist()),
                salience=float(saliences[j]),
            )
            for j in range(k)
        ]
        chosen.append(
            positions.Position(
                f"p{p}",
                party=positions.Party(f"party-{p}", name=f"Party {p}"),
                stances=stances,
                date=dt.date(2024, 1, 1),
                status="stated",
                reservation=RESERVATION,
            )
        )
        raw.append(
            (
                [chosen[-1].weight(f"i{j}") for j in range(k)],
                tables / tables.max(axis=1, keepdims=True),
            )
        )
    return issues, chosen, raw


def median_of(repeat: int, run: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """The median wall time of ``repeat`` calls ``run(*args)``, and the
    last result."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def numpy_pipeline(raw: Sequence[Any]) -> tuple[set[int], int | None]:
    """The plain NumPy pipeline of bench_solutions.py."""
    sys.path.insert(0, str(HERE))
    from bench_solutions import numpy_kernel

    weights = [np.asarray(w) for w, _ in raw]
    tables = [t for _, t in raw]
    _, front, nash = numpy_kernel(weights, tables, [RESERVATION] * len(raw))
    return set(front.tolist()), nash


def negmas_available() -> bool:
    return importlib.util.find_spec("negmas") is not None


def negmas_pipeline(k: int, raw: Sequence[Any]) -> Callable[[], tuple[set[int], int | None]]:
    from negmas.outcomes import CategoricalIssue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun
    from negmas.preferences.ops import nash_points, pareto_frontier

    names = [str(v) for v in range(LEVELS)]
    space = make_os([CategoricalIssue(values=names, name=f"i{j}") for j in range(k)])
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[TableFun(dict(zip(names, row.tolist(), strict=True))) for row in tables],
            weights=list(weights),
            reserved_value=RESERVATION,
            outcome_space=space,
        )
        for weights, tables in raw
    ]

    def run() -> tuple[set[int], int | None]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcomes = list(space.enumerate())
            utils, indices = pareto_frontier(ufuns, outcomes=outcomes)
            points = nash_points(ufuns, utils, outcome_space=space)
        nash = int(indices[points[0][1]]) if points else None
        return {int(i) for i in indices}, nash

    return run


def grid_run(issues: Sequence[Any], chosen: Sequence[Any]) -> tuple[set[int], int | None, Any]:
    g = positions.grid_solve(chosen, positions.OutcomeSpace.grid(issues))
    return set(g.indices()), (None if g.nash is None else g.index(g.nash)), g


def loop_frontier(u: np.ndarray) -> np.ndarray:
    """The frontier of three or more parties as positions computed it before
    its NumPy kernel: a sweep in order of decreasing welfare, each point
    compared with the points kept."""
    rational = np.flatnonzero(np.all(u >= RESERVATION, axis=0))
    pts = u[:, rational]
    keys = (np.arange(pts.shape[1]), *(-pts[::-1]), -pts.sum(axis=0))
    order = np.lexsort(keys)
    kept: list[int] = []
    for k in order:
        p = pts[:, k]
        if kept and np.any(np.all(pts[:, kept] >= p[:, None], axis=0)):
            continue
        kept.append(int(k))
    return np.sort(rational[np.array(kept, dtype=np.int64)])


def sampled_frontier(u: np.ndarray) -> set[int]:
    return set(positions.pareto_frontier(u, reservations=[RESERVATION] * len(u)).tolist())


def negmas_kernel(u: np.ndarray) -> set[int]:
    from negmas.preferences.ops import pareto_frontier_numpy

    rational = np.flatnonzero(np.all(u >= RESERVATION, axis=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        front = pareto_frontier_numpy(u[:, rational].T)
    return set(rational[np.asarray(front, dtype=np.int64)].tolist())


def points(u: np.ndarray, front: set[int]) -> set[tuple[float, ...]]:
    return {tuple(u[:, k].tolist()) for k in front}


def fmt(t: float | None) -> str:
    return "n/a" if t is None else f"{t:.4f}"


def ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.1f}"


def two_party(sizes: Sequence[int], repeat: int, negmas_max: int) -> bool:
    print("1. two parties, grid, end to end (median seconds)")
    head = (
        "k",
        "outcomes",
        "grid_solve",
        "numpy",
        "negmas",
        "numpy/grid",
        "negmas/grid",
        "front",
        "agree",
    )
    print("  ".join(f"{h:>11}" for h in head))
    ok = True
    for k in sizes:
        issues, chosen, raw = scenario(k, 2)
        t_grid, (front, nash, _) = median_of(repeat, grid_run, issues, chosen)
        t_np, (front_np, nash_np) = median_of(repeat, numpy_pipeline, raw)
        t_neg = None
        agree = front == front_np and nash == nash_np
        if negmas_available() and k <= negmas_max:
            run = negmas_pipeline(k, raw)
            t_neg, (front_neg, nash_neg) = median_of(1 if k >= 6 else repeat, run)
            agree = agree and front == front_neg and nash == nash_neg
        ok &= agree
        row = (
            k,
            f"{10**k:,}",
            fmt(t_grid),
            fmt(t_np),
            fmt(t_neg),
            ratio(t_np, t_grid),
            ratio(t_neg, t_grid),
            len(front),
            "yes" if agree else "NO",
        )
        print("  ".join(f"{c!s:>11}" for c in row))
    return ok


def memory_child(k: int) -> None:
    issues, chosen, _ = scenario(k, 2)
    start = time.perf_counter()
    _, nash, g = grid_run(issues, chosen)
    seconds = time.perf_counter() - start
    peak = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024
    print(
        json.dumps(
            {"seconds": seconds, "peak": peak, "front": len(g.codes), "kept": g.kept, "nash": nash}
        )
    )


def large(sizes: Sequence[int]) -> None:
    print("\n2. two parties, grid_solve alone, a fresh process each")
    print("   (the peak resident memory includes Python, NumPy and positions)")
    head = ("k", "outcomes", "seconds", "peak MiB", "frontier", "kept")
    print("  ".join(f"{h:>16}" for h in head))
    for k in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(k)],
            capture_output=True,
            text=True,
            check=True,
        )
        m = json.loads(out.stdout)
        row = (
            k,
            f"{10**k:,}",
            f"{m['seconds']:.4f}",
            f"{m['peak'] / 2**20:.1f}",
            m["front"],
            m["kept"],
        )
        print("  ".join(f"{c!s:>16}" for c in row))


def many_parties(sizes: Sequence[int], repeat: int, sampled: bool) -> bool:
    title = "4. sampled outcomes" if sampled else "3. grid"
    print(f"\n{title}, three and four parties (median seconds)")
    head = (
        "parties",
        "outcomes",
        "positions",
        "loop",
        "negmas",
        "loop/pos",
        "negmas/pos",
        "front",
        "agree",
    )
    print("  ".join(f"{h:>10}" for h in head))
    ok = True
    for parties in (3, 4):
        for k in sizes:
            issues, chosen, _ = scenario(k, parties)
            full = positions.OutcomeSpace.grid(issues)
            space = positions.OutcomeSpace.sample(issues, 10**k, seed=1) if sampled else full
            u = positions.utilities(chosen, space)
            if sampled:
                t_pos, front = median_of(repeat, sampled_frontier, u)
            else:
                t_pos, (front, _, _) = median_of(repeat, grid_run, issues, chosen)
            t_loop, front_loop = median_of(1, lambda u: set(loop_frontier(u).tolist()), u)
            agree = front == front_loop
            t_neg = None
            if negmas_available():
                t_neg, front_neg = median_of(1, negmas_kernel, u)
                # Of equal points (a sample repeats outcomes) each library
                # keeps its own: compare the points, not the outcomes.
                agree = agree and points(u, front) == points(u, front_neg)
            ok &= agree
            row = (
                parties,
                f"{len(space):,}",
                fmt(t_pos),
                fmt(t_loop),
                fmt(t_neg),
                ratio(t_loop, t_pos),
                ratio(t_neg, t_pos),
                len(front),
                "yes" if agree else "NO",
            )
            print("  ".join(f"{c!s:>10}" for c in row))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, one run")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--negmas-max", type=int, default=7, help="largest k NegMAS runs at")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        memory_child(args.memory_child)
        return 0
    repeat = 1 if args.smoke else args.repeat
    negmas = "installed" if negmas_available() else "not installed"
    print(f"positions {positions.__version__}, numpy {np.__version__}, NegMAS {negmas}")
    ok = two_party([3, 4] if args.smoke else [4, 5, 6, 7], repeat, args.negmas_max)
    large([6] if args.smoke else [8, 10])
    ok &= many_parties([3] if args.smoke else [4, 5, 6], repeat, sampled=False)
    ok &= many_parties([3] if args.smoke else [4, 5, 6], repeat, sampled=True)
    if not ok:
        print("the implementations disagree")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
