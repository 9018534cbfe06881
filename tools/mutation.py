"""Mutation testing of the core modules: run mutmut, then report the score
of each module.

mutmut changes the code one small step at a time (a ``+`` into a ``-``, a
``<`` into a ``<=``, an argument dropped) and runs the tests that reach the
changed function; a mutant the tests do not notice *survives*. The modules,
the tests and mutmut's other settings are in the ``[tool.mutmut]`` section
of ``pyproject.toml``; ``docs/testing.md`` explains how to read the result.

Run from the repository root, after ``pip install -e '.[mutation]'``::

    python tools/mutation.py              # every module, two workers
    python tools/mutation.py --module _issues --jobs 4
    python tools/mutation.py --report     # the last results, without running
    python tools/mutation.py --report --show   # with the diff of each survivor
    python tools/mutation.py --survivors  # test again the mutants not killed

The score of a module is ``killed / (total - equivalent)``, where the
equivalent mutants are those listed in ``tools/mutation-equivalent.toml``
with the reason each changes nothing a test could observe. The exit status
is 1 when some module scores below ``--fail-under`` (90 by default).
mutmut keeps its results in ``mutants/``. A second run tests only the
mutants it has no result for, such as those of functions that changed;
``--module`` and ``--survivors`` test theirs again whatever the last result.
Delete ``mutants/`` to start afresh (changing the test selection in
``pyproject.toml`` does that too).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.toml"
MODULES = ("_measures", "_issues", "_solutions", "_engine")
STATUSES = ("killed", "survived", "timeout", "no tests", "suspicious", "not checked")


def equivalent_mutants() -> dict[str, str]:
    """Mutant name to the reason it is equivalent."""
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {e["mutant"]: e["reason"] for e in data.get("equivalent", [])}


def results() -> dict[str, str]:
    """Mutant name to status, as ``mutmut results --all true`` prints them."""
    out = subprocess.run(
        ["mutmut", "results", "--all", "true"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    status = {}
    for line in out.splitlines():
        name, sep, state = line.strip().rpartition(": ")
        if sep and name.startswith("positions."):
            status[name] = state
    return status


def module_of(mutant: str) -> str:
    return mutant.split(".")[1]


def diff(mutant: str) -> str:
    """The change a mutant makes (mutmut's own diff; ``mutmut show`` does
    the same one mutant at a time)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    path = f"src/positions/{module_of(mutant)}.py"
    return get_diff_for_mutant(mutant, path=path)


def report(modules: tuple[str, ...], fail_under: float, show: bool) -> int:
    status = results()
    equivalent = equivalent_mutants()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, state in status.items():
        if module_of(name) in modules:
            counts[module_of(name)][state] += 1
    stale = sorted(m for m in equivalent if status.get(m) not in (None, "survived"))
    missing = sorted(m for m in equivalent if m not in status)
    header = f"{'module':12}{'total':>7}" + "".join(f"{s:>12}" for s in STATUSES)
    print(header + f"{'equivalent':>12}{'score':>9}")
    failed = False
    for module in modules:
        c = counts[module]
        total = sum(c.values())
        eq = sum(1 for m in equivalent if module_of(m) == module and status.get(m) == "survived")
        denominator = total - eq
        score = 100.0 * c["killed"] / denominator if denominator else 100.0
        failed |= score < fail_under
        cells = "".join(f"{c[s]:>12}" for s in STATUSES)
        print(f"{module:12}{total:>7}{cells}{eq:>12}{score:>8.1f}%")
    other = sorted({s for c in counts.values() for s in c} - set(STATUSES))
    if other:
        print(f"also: {', '.join(other)} (see `mutmut results`)")
    for m in stale:
        print(f"listed as equivalent but {status[m]}: {m}")
    for m in missing:
        print(f"listed as equivalent but not a mutant now: {m}")
    survivors = sorted(
        n
        for n, s in status.items()
        if module_of(n) in modules and s not in ("killed", "not checked") and n not in equivalent
    )
    if survivors:
        print(f"\n{len(survivors)} checked, not killed and not listed as equivalent:")
        for n in survivors:
            print(f"  {n}: {status[n]}")
            if show:
                print("    " + diff(n).replace("\n", "\n    "))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--module", action="append", choices=MODULES, help="only this module (repeatable)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--report", action="store_true", help="report the last run only")
    parser.add_argument(
        "--survivors", action="store_true", help="test again only the mutants not killed"
    )
    parser.add_argument("--show", action="store_true", help="print the diff of each survivor")
    parser.add_argument("--fail-under", type=float, default=90.0, metavar="PERCENT")
    args = parser.parse_args(argv)
    modules = tuple(args.module or MODULES)
    if not args.report:
        patterns = [] if args.module is None else [f"positions.{m}.*" for m in modules]
        if args.survivors:
            patterns = [
                n
                for n, s in results().items()
                if module_of(n) in modules and s not in ("killed", "not checked")
            ]
            if not patterns:
                return report(modules, args.fail_under, args.show)
        start = time.monotonic()
        subprocess.run(
            ["mutmut", "run", "--max-children", str(args.jobs), *patterns], cwd=ROOT, check=True
        )
        print(f"\nmutmut ran for {time.monotonic() - start:.0f} s")
    return report(modules, args.fail_under, args.show)


if __name__ == "__main__":
    sys.exit(main())
