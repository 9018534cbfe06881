"""Time 10**5 salience draws on the bundled Kuril case (target: under 1 s).

Run: python benchmarks/bench_sensitivity.py [--draws N] [--repeat R]

It times positions.sensitivity for each party's latest position against
every offer of the case (best of --repeat runs, wall clock) and prints the
machine, the time and whether the target is met.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np

import positions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    case = positions.load_case("kuril-islands")
    latest = [case.positions_of(p.id)[-1] for p in case.parties]
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        positions.sensitivity(latest, case.offers, draws=args.draws, seed=0)
        best = min(best, time.perf_counter() - start)
    print(f"machine:  {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"versions: Python {platform.python_version()}, numpy {np.__version__}")
    print(
        f"sensitivity: {args.draws:,} draws, {len(latest)} positions "
        f"({', '.join(p.id for p in latest)}), {len(case.offers)} offers: "
        f"best of {args.repeat}: {best:.3f} s"
    )
    met = best < 1.0
    print(f"target:   under 1 s: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
