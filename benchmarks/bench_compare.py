"""Time the case-wide reports (compare, overlap, timeline) on generated
cases, and check that their answers agree with the one-at-a-time measures.

Run from the repository root::

    python benchmarks/bench_compare.py                       # this tree only
    python benchmarks/bench_compare.py --baseline OLD/src    # and an older tree, side by side

It prints, for each report and size, the median wall-clock time of
--repeat runs and the cost per pair-issue (the time divided by the number
of position-offer pairs, or position pairs, times the number of issues),
and the ratio of that cost at the largest number of issues to the cost at
the smallest (near 1 when the cost per pair-issue does not grow with the
number of issues). With --baseline, the same measurements are taken in a
subprocess that imports positions from that source tree, the times are
shown side by side with their ratio, and the reports' data must be equal,
bit for bit, to this tree's. Without it, every compare row and every
overlap pair is checked against positions.assess and positions.overlap
called one at a time.

The cases come from generated.py beside this script (10 parties; the
issues cycle through the four kinds). Exit status: 0 when every answer
agreed, 1 when one did not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from generated import generated_case

import positions
from positions import _report

#: (report, positions, offers, issues): the target size, then the scaling runs.
TARGET = ("compare", 200, 200, 20)
SCALING_ISSUES = (10, 20, 40, 80)
SCALING_SIZE = (60, 60)


def _pairs(report: str, case: positions.Case) -> int:
    if report == "compare":
        return len(case.positions) * len(case.offers)
    if report == "overlap":
        return sum(
            1
            for k, a in enumerate(case.positions)
            for b in case.positions[k + 1 :]
            if a.party.id != b.party.id
        )
    # timeline: one movement per party between successive dated positions
    return len(case.positions) - len(case.parties)


def _run(report: str, case: positions.Case) -> _report.Report:
    if report == "compare":
        return _report.compare(case)
    if report == "overlap":
        return _report.overlaps(case)
    return _report.timeline(case)


def _digest(r: _report.Report) -> str:
    text = json.dumps(r.data, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def measure(runs: list[tuple[str, int, int, int]], repeat: int) -> list[dict[str, Any]]:
    """Time each run (median of ``repeat``) and digest its report."""
    out = []
    for report, n_pos, n_off, n_iss in runs:
        case = generated_case(positions=n_pos, offers=n_off, issues=n_iss)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = _run(report, case)
            times.append(time.perf_counter() - start)
        out.append(
            {
                "report": report,
                "size": [n_pos, n_off, n_iss],
                "pairs": _pairs(report, case),
                "median": statistics.median(times),
                "digest": _digest(result),
            }
        )
    return out


def _same(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and np.isnan(a) and np.isnan(b))


def check_one_at_a_time(n_pos: int, n_off: int, n_iss: int) -> list[str]:
    """Where the compare and overlap reports differ from the measures
    called one pair at a time (empty when they agree)."""
    case = generated_case(positions=n_pos, offers=n_off, issues=n_iss)
    problems = []
    rows = {(r["position"], r["offer"]): r for r in _report.compare(case).data["rows"]}
    for p in case.positions:
        for o in case.offers:
            row = rows[p.id, o.id]
            if not p.settled_by(o):
                if row["concession"] is not None:
                    problems.append(f"compare {p.id} {o.id}: measured an unsettled pair")
                continue
            a = positions.assess(p, o)
            got = (row["concession"], row["shortfall"], row["utility"], row["acceptable"])
            want = (a.concession.value, a.shortfall.value, a.utility, a.acceptable)
            by_issue = {
                t.issue: (t.amount, s.amount)
                for t, s in zip(a.concession.terms, a.shortfall.terms, strict=True)
            }
            got_issue = {k: (v["concession"], v["shortfall"]) for k, v in row["by_issue"].items()}
            claims = [c.to_dict() for c in a.rests_on]
            if (
                not all(_same(x, y) for x, y in zip(got, want, strict=True))
                or got_issue != by_issue
                or row["rests_on"] != claims
            ):
                problems.append(f"compare {p.id} {o.id}: {got} != {want}")
    for pair in _report.overlaps(case).data["pairs"]:
        a, b = (case.position(i) for i in pair["positions"])
        o = positions.overlap(a, b)
        if pair["gaps"] != o.gaps or pair["blocking"] != list(o.blocking):
            problems.append(f"overlap {a.id} {b.id}: differs")
    return problems


def _worker(args: argparse.Namespace) -> int:
    runs = json.loads(args.worker)
    result = {"positions": positions.__file__, "runs": measure(runs, args.repeat)}
    print(json.dumps(result))
    return 0


def _baseline(src: Path, runs: list[tuple[str, int, int, int]], repeat: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), str(Path(__file__).parent)]))
    cmd = [sys.executable, __file__, "--worker", json.dumps(runs), "--repeat", str(repeat)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size (median)")
    parser.add_argument("--baseline", type=Path, help="the src folder of an older tree")
    parser.add_argument("--smoke", action="store_true", help="small sizes, one run: CI")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _worker(args)
    repeat = 1 if args.smoke else args.repeat
    target = ("compare", 20, 20, 5) if args.smoke else TARGET
    n_pos, n_off = (12, 12) if args.smoke else SCALING_SIZE
    scaling_issues = (4, 8) if args.smoke else SCALING_ISSUES
    runs = [target] + [
        (report, n_pos, n_off, n_iss)
        for report in ("compare", "overlap", "timeline")
        for n_iss in scaling_issues
    ]
    print(f"machine:  {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"versions: Python {platform.python_version()}, numpy {np.__version__}")
    print(f"timing:   wall clock, median of {repeat} runs; case built untimed")
    new = measure(runs, repeat)
    old = _baseline(args.baseline, runs, repeat)["runs"] if args.baseline else None
    ok = True
    head = f"{'report':9} {'pos x off x iss':>16} {'pairs':>7} {'new s':>8} {'ns/pair-issue':>14}"
    if old:
        head += f" {'old s':>8} {'ns/pair-issue':>14} {'old/new':>8} {'same':>5}"
    print()
    print(head)
    print("-" * len(head))
    for k, r in enumerate(new):
        n_iss = r["size"][2]
        per = r["median"] / (r["pairs"] * n_iss) * 1e9
        line = (
            f"{r['report']:9} {' x '.join(map(str, r['size'])):>16} {r['pairs']:>7,} "
            f"{_fmt(r['median']):>8} {per:14.0f}"
        )
        if old:
            o = old[k]
            same = o["digest"] == r["digest"]
            ok = ok and same
            old_per = o["median"] / (r["pairs"] * n_iss) * 1e9
            line += (
                f" {_fmt(o['median']):>8} {old_per:14.0f} {o['median'] / r['median']:8.1f}"
                f" {'yes' if same else 'NO':>5}"
            )
        print(line)
        if k == 0:
            print("-" * len(head))
    print()
    for report in ("compare", "overlap", "timeline"):
        mine = [r for r in new[1:] if r["report"] == report]
        cost = [r["median"] / (r["pairs"] * r["size"][2]) for r in mine]
        lo, hi = mine[0]["size"][2], mine[-1]["size"][2]
        print(
            f"growth:   {report}: cost per pair-issue at {hi} issues / at {lo}: "
            f"{cost[-1] / cost[0]:.2f}"
        )
    first = new[0]
    if old:
        print(
            f"target:   {first['report']} at {' x '.join(map(str, first['size']))}: "
            f"{old[0]['median'] / first['median']:.1f}x faster than the baseline "
            f"({'met' if old[0]['median'] >= 10 * first['median'] else 'NOT met'}: >= 10x)"
        )
    growth = [r for r in new[1:] if r["report"] == "compare"]
    first_cost = growth[0]["median"] / growth[0]["size"][2]
    g = growth[-1]["median"] / growth[-1]["size"][2] / first_cost
    print(
        f"target:   compare cost per pair-issue at {growth[-1]['size'][2]} issues within 1.3x "
        f"of that at {growth[0]['size'][2]}: {g:.2f} ({'met' if g <= 1.3 else 'NOT met'})"
    )
    if not old:
        problems = check_one_at_a_time(n_pos // 2, n_off // 2, scaling_issues[0])
        for p in problems[:20]:
            print(f"DISAGREES: {p}")
        ok = not problems
        print(f"agree:    compare and overlap equal the one-at-a-time measures: {ok}")
    else:
        print(f"agree:    every report's data equal to the baseline's, bit for bit: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
