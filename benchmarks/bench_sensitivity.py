"""Time positions.sensitivity from 10**4 to 10**6 salience draws on the
bundled Kuril case, side by side with the computation as it was before
(one quantile call per position and offer), check that both give the same
numbers, and time the whole command at 10**6 draws (target: under 1 s).

Run from the repository root::

    python benchmarks/bench_sensitivity.py
    python benchmarks/bench_sensitivity.py --baseline OLD/src   # the command of an older tree too

The earlier computation is ``old_sensitivity`` in tests/reference_reports.py
(the library's code before the change, kept for the tests). For each number
of draws the script times the latest position of each party against every
offer of the case, both ways, alternating, and prints the median of
--repeat runs of each and their ratio. Then it runs
``positions sensitivity --draws 1000000 --seed 0`` (the bundled case is the
default) --repeat times as a new process and prints the median wall-clock
time of the whole process, start-up included; with --baseline, the same
command of the older tree, alternating, whose output must be the same.

Exit status: 0 when every answer agreed, 1 when one did not.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import positions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reference_reports import old_sensitivity  # noqa: E402

CASE = "kuril-islands"
DRAWS = (10_000, 100_000, 1_000_000)
COMMAND = ["-m", "positions", "sensitivity", "--draws", "1000000", "--seed", "0"]


def _time(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def _command(src: Path | None) -> tuple[float, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *COMMAND], env=env, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (median)")
    parser.add_argument("--draws", type=int, nargs="+", default=list(DRAWS))
    parser.add_argument("--baseline", type=Path, help="the src folder of an older tree")
    parser.add_argument("--smoke", action="store_true", help="10**4 draws, one run, no command")
    args = parser.parse_args()
    repeat = 1 if args.smoke else args.repeat
    draws = [10_000] if args.smoke else args.draws
    case = positions.load_case(CASE)
    latest = [case.positions_of(p.id)[-1] for p in case.parties]
    offers = case.offers
    print(f"machine:  {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"versions: Python {platform.python_version()}, numpy {np.__version__}")
    print(
        f"case:     {CASE}, {len(latest)} positions ({', '.join(p.id for p in latest)}), "
        f"{len(case.offers)} offers, seed 0"
    )
    print(f"timing:   wall clock, median of {repeat} runs, the two ways alternating")
    print()
    head = f"{'draws':>10} {'before s':>9} {'now s':>8} {'before/now':>11} {'same':>5}"
    print(head)
    print("-" * len(head))
    ok = True
    for n in draws:
        before, now = [], []
        for _ in range(repeat):
            before.append(_time(lambda n=n: old_sensitivity(latest, offers, draws=n, seed=0)))
            now.append(_time(lambda n=n: positions.sensitivity(latest, offers, draws=n, seed=0)))
        new = positions.sensitivity(latest, offers, draws=n, seed=0)
        same = new == old_sensitivity(latest, offers, draws=n, seed=0)
        ok = ok and same
        b, m = statistics.median(before), statistics.median(now)
        print(f"{n:>10,} {b:9.3f} {m:8.3f} {b / m:11.1f} {'yes' if same else 'NO':>5}")
    print()
    print(f"agree:    the same results for every offer and position, bit for bit: {ok}")
    if args.smoke:
        return 0 if ok else 1
    runs, old_runs = [], []
    _command(None)  # one run to warm the file cache, not counted
    for _ in range(repeat):
        seconds, out = _command(None)
        runs.append(seconds)
        if args.baseline:
            old_seconds, old_out = _command(args.baseline)
            old_runs.append(old_seconds)
            ok = ok and old_out == out
    t = statistics.median(runs)
    shown = "python " + " ".join(COMMAND)
    print(f"command:  {shown}: median of {repeat}: {t:.3f} s (whole process)")
    if args.baseline:
        o = statistics.median(old_runs)
        print(
            f"          the older tree: {o:.3f} s; before/now {o / t:.1f}; "
            f"same output: {'yes' if ok else 'NO'}"
        )
    print(f"target:   the command under 1 s: {'met' if t < 1.0 else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
