"""Compare positions with NegMAS on the real GENIUS domains.

For every two-party domain in ``../shared/genius`` (the ``shared`` folder
beside the checkout; another folder can be given as the first argument),
read the domain and its two profiles with :func:`positions.formats.genius.read_genius`
and with NegMAS 0.16, enumerate every outcome, and compare outcome for
outcome (outcomes are matched by their tuples of values, whitespace
stripped):

* the Pareto frontier of the rational outcomes (those every party values at
  least at its reservation level);
* the Nash bargaining point (NegMAS may return several tied points: the
  positions point must be one of them).

NegMAS is compared twice:

``as loaded``
    the utility functions exactly as ``Scenario.from_genius_files`` builds
    them. NegMAS 0.16 keeps a discrete issue's raw evaluations (``5``,
    ``7``, ``9``, ...) instead of dividing them by the issue's largest, as
    GENIUS does, so its utilities live on another scale and the relative
    weight of the issues changes: frontiers can differ;
``GENIUS scaling``
    the same utility functions with each issue's evaluations divided by
    their largest (GENIUS's rule), and the file's weights kept as they are.
    This is GENIUS's own utility: positions should match it except where the
    file's weights do not sum to 1 (positions normalises them).

Discounting is ignored (it depends on time, not on the outcome). Run with
the Python that has NegMAS, defusedxml and positions installed, e.g.
``/tmp/negvenv/bin/python benchmarks/compare_genius.py`` (about a minute;
``--max-outcomes 20000`` skips the three largest domains). The exit status
is 1 if some domain fails to load in either library.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import positions
from positions.formats.genius import find_genius_files, read_genius

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "genius"

Outcome = tuple[str, ...]
Point = tuple[float, ...]


def point(utilities: Any) -> Point:
    """A utility vector, rounded so that equal utilities compare equal."""
    return tuple(round(float(x), 12) for x in utilities)


def positions_side(
    domain: Path, profiles: Sequence[Path]
) -> tuple[list[str], dict[Outcome, Point], set[Outcome], int, np.ndarray[Any, Any]]:
    """Issue names, frontier (outcome to utility vector), Nash point (as a
    set of one), outcome count and the utility matrix, computed by positions."""
    case = read_genius(domain, profiles)
    space = positions.OutcomeSpace.grid(case.issues)
    u = positions.utilities(case.positions, space)
    reservations = [p.reservation for p in case.positions]
    front = positions.pareto_frontier(u, reservations=reservations)
    nash = positions.nash_point(u, front, reservations=reservations)

    def outcome(k: int) -> Outcome:
        offer = space.offer(k)
        return tuple(str(offer.value(issue.id)) for issue in case.issues)

    names = [issue.label or issue.id for issue in case.issues]
    nash_set = set() if nash is None else {outcome(nash)}
    frontier = {outcome(int(k)): point(u[:, k]) for k in front}
    return names, frontier, nash_set, len(space), u


def genius_scaled(ufun: Any, outcome_space: Any) -> Any:
    """``ufun`` with each issue's table divided by its largest entry (GENIUS
    treats a largest entry below 1e-5 as all zeros)."""
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    tables = []
    for fun in ufun.values:
        mapping = dict(fun.mapping)
        top = max(mapping.values())
        tables.append(TableFun({k: (v / top if top >= 1e-5 else 0.0) for k, v in mapping.items()}))
    return LinearAdditiveUtilityFunction(
        values=tables,
        weights=list(ufun.weights),
        outcome_space=outcome_space,
        reserved_value=ufun.reserved_value,
    )


def negmas_side(
    domain: Path, profiles: Sequence[Path], names: Sequence[str]
) -> dict[str, tuple[dict[Outcome, Point], set[Outcome], np.ndarray[Any, Any]]]:
    """Frontier, Nash points and utility matrix (outcomes in positions'
    issue order) for NegMAS as loaded and with GENIUS's scaling."""
    from negmas.inout import Scenario
    from negmas.outcomes import enumerate_issues
    from negmas.preferences import nash_points, pareto_frontier

    scenario = Scenario.from_genius_files(domain, profiles, ignore_discount=True)
    if scenario is None:
        raise RuntimeError("NegMAS could not load the scenario")
    issues = scenario.outcome_space.issues
    order = [[i.name.strip() for i in issues].index(name) for name in names]
    outcomes = list(enumerate_issues(issues))
    ours = [tuple(str(o[j]).strip() for j in order) for o in outcomes]
    result = {}
    variants = {
        "as loaded": list(scenario.ufuns),
        "GENIUS scaling": [genius_scaled(u, scenario.outcome_space) for u in scenario.ufuns],
    }
    for variant, ufuns in variants.items():
        utils, indices = pareto_frontier(ufuns, outcomes=outcomes)
        nash = nash_points(ufuns, utils, outcomes=outcomes)
        matrix = np.array([[float(u(o)) for o in outcomes] for u in ufuns])
        result[variant] = (
            {ours[k]: point(utils[n]) for n, k in enumerate(indices)},
            {ours[indices[k]] for _, k in nash},
            matrix,
        )
    return result


VARIANTS = ("as loaded", "GENIUS scaling")


def compare(
    front: dict[Outcome, Point],
    nash: set[Outcome],
    u: np.ndarray[Any, Any],
    theirs: tuple[dict[Outcome, Point], set[Outcome], np.ndarray[Any, Any]],
) -> tuple[bool, bool, str]:
    """Same frontier, same Nash point, and why not."""
    their_front, their_nash, matrix = theirs
    same_front = front.keys() == their_front.keys()
    same_nash = nash <= their_nash if nash else not their_nash
    gap = float(np.abs(u - matrix).max())
    if same_front and same_nash:
        return True, True, ""
    if gap > 1e-9:
        return (
            same_front,
            same_nash,
            f"the utilities differ (max |dU| = {gap:.2g})",
        )
    if set(front.values()) == set(their_front.values()):
        tied = len(front.keys() - their_front.keys())
        return (
            same_front,
            same_nash,
            f"same utility vectors; {tied} frontier point(s) are exact ties between "
            "outcomes, and the libraries keep different ones",
        )
    return same_front, same_nash, "unexplained"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=SHARED)
    parser.add_argument(
        "--max-outcomes",
        type=int,
        default=None,
        metavar="N",
        help="skip domains with more than N outcomes (for a quick run)",
    )
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message=".*redundant.*")
    folder: Path = args.folder
    if not folder.is_dir():
        print(f"{folder} does not exist: nothing to compare")
        return 1
    failures: list[str] = []
    skipped: list[str] = []
    matched = {v: [0, 0] for v in VARIANTS}
    notes: list[str] = []
    start = time.perf_counter()
    print(
        f"{'domain':24} {'outcomes':>8} {'front':>5} | {'NegMAS as loaded':^22} | "
        f"{'NegMAS, GENIUS scaling':^22}"
    )
    print(f"{'':24} {'':>8} {'':>5} |" + f" {'front':>5} {'same':>5} {'Nash':>9} |" * 2)
    folders = sorted({p.parent for p in folder.rglob("*.xml")})
    for path in folders:
        name = str(path.relative_to(folder))
        try:
            domain, profiles = find_genius_files(path)
            if len(profiles) != 2:
                skipped.append(f"{name} (not two-party)")
                continue
            names, front, nash, n, u = positions_side(domain, profiles)
            if args.max_outcomes is not None and n > args.max_outcomes:
                skipped.append(f"{name} ({n} outcomes)")
                continue
            theirs = negmas_side(domain, profiles, names)
        except Exception as err:  # report every domain, then fail
            failures.append(name)
            print(f"{name:24} FAILED to load: {type(err).__name__}: {err}")
            continue
        cells = []
        for variant in VARIANTS:
            same_front, same_nash, why = compare(front, nash, u, theirs[variant])
            matched[variant][0] += same_front
            matched[variant][1] += same_nash
            nash_cell = f"{yes(same_nash)} ({len(theirs[variant][1])})"
            cells.append(f" {len(theirs[variant][0]):>5} {yes(same_front):>5} {nash_cell:>9} |")
            if why:
                what = ", ".join(
                    w for w, same in (("frontier", same_front), ("Nash", same_nash)) if not same
                )
                verb = "differ" if "," in what else "differs"
                notes.append(f"{name}, NegMAS {variant}: {what} {verb}: {why}")
        print(f"{name:24} {n:>8} {len(front):>5} |" + "".join(cells))
    elapsed = time.perf_counter() - start
    loaded = len(folders) - len(failures) - len(skipped)
    print()
    print(
        f"domains loaded: {loaded} of {len(folders)} "
        f"(failed: {failures or 'none'}; skipped: {skipped or 'none'})"
    )
    for variant in VARIANTS:
        fronts, nashes = matched[variant]
        print(
            f"NegMAS {variant}: matched on frontier {fronts}/{loaded}, on Nash {nashes}/{loaded}"
        )
    print(f"time: {elapsed:.0f} s")
    if notes:
        print()
        print("Differences:")
        for note in notes:
            print(f"  {note}")
    print(EXPLANATION)
    return 1 if failures else 0


EXPLANATION = """
Nash: yes when positions' Nash point is among NegMAS's (the number of NegMAS
points in brackets), or when both have none (no rational outcome).

Why they differ:
  * NegMAS as loaded: NegMAS 0.16 keeps a discrete issue's raw evaluations
    (5, 7, 9, ...) where GENIUS divides them by the issue's largest, so an
    issue whose evaluations run to 10 weighs ten times one whose
    evaluations run to 1, and utilities no longer lie in [0, 1] while the
    reservation values still do. positions follows GENIUS here.
  * NegMAS with GENIUS scaling: the utilities agree (to 5e-5 where a file's
    weights sum to 1.00005, which positions normalises to 1). A frontier
    differs only where several outcomes have exactly the same utilities:
    positions keeps the outcome with the lowest index, NegMAS the one its
    descending sort by welfare happens to put first."""


def yes(flag: bool) -> str:
    return "yes" if flag else "NO"


if __name__ == "__main__":
    sys.exit(main())
