"""How reading and measuring grow with the size of the input: each scenario
runs at a size n and at 4n, and the script prints the median time of each
and their ratio. Linear growth gives a ratio near 4, quadratic near 16.

The scenarios are the inputs that once cost quadratic time:

- a GENIUS discrete issue of n values, imported and overlapped;
- a case file of 400 positions on a categorical issue of n levels, loaded
  and written back;
- an actor table of n actors whose names all become the same id, read.

Run from the repository root: ``python benchmarks/bench_scaling.py``
(``--smoke`` for small sizes and one run, as CI does).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import positions


def genius_values(folder: Path, n: int) -> Callable[[], object]:
    items = "".join(f'<item index="{k}" value="v{k}"/>' for k in range(1, n + 1))
    rated = "".join(f'<item index="{k}" value="v{k}" evaluation="{k}"/>' for k in range(1, n + 1))
    objective = '<objective index="0" name="m"><issue index="1" type="discrete" name="x">'
    domain = folder / f"d{n}_domain.xml"
    domain.write_text(
        f"<negotiation_template><utility_space>{objective}{items}"
        "</issue></objective></utility_space></negotiation_template>",
        encoding="utf-8",
    )
    profile = folder / f"p{n}.xml"
    profile.write_text(
        f'<utility_space>{objective}{rated}</issue><weight index="1" value="1"/>'
        "</objective></utility_space>",
        encoding="utf-8",
    )

    def run() -> object:
        case = positions.read_genius(domain, [profile])
        return positions.overlap(case.positions[0], case.positions[0])

    return run


def many_levels(folder: Path, n: int) -> Callable[[], object]:
    levels = ", ".join(f'"v{k}"' for k in range(1, n + 1))
    head = (
        '[case]\nid = "many"\ntitle = "Many levels"\n\n'
        '[[sources]]\nid = "s"\ntitle = "Note"\npublisher = "Board"\ndate = "2024"\n\n'
        '[[parties]]\nid = "p"\nname = "P"\n\n'
        f'[[issues]]\nid = "c"\nkind = "categorical"\nlevels = [{levels}]\n'
    )
    rows = "".join(
        f'\n[[positions]]\nid = "p{k}"\nparty = "p"\ndate = 2024-01-01\nsource = "s"\n'
        f'status = "stated"\n[positions.ideal]\nc = "v1"\n'
        for k in range(400)
    )
    path = folder / f"many-{n}.toml"
    path.write_text(head + rows, encoding="utf-8")

    def run() -> object:
        return positions.dumps_case(positions.load_case(path))

    return run


def same_names(folder: Path, n: int) -> Callable[[], object]:
    marks = "!?#$%&*+"
    names = ["a" + "".join(marks[(k >> (3 * j)) & 7] for j in range(6)) for k in range(n)]
    path = folder / f"t{n}.csv"
    path.write_text(
        "Actor,Capability,Position,Salience\n" + "".join(f"{m},1,2,3\n" for m in names),
        encoding="utf-8",
    )
    return lambda: positions.read_actor_table(path)


SCENARIOS = {
    "GENIUS issue of n values": (genius_values, 10_000),
    "400 positions, issue of n levels": (many_levels, 12_500),
    "actor table, n names to one id": (same_names, 1_000),
}


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, one run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per size (median)")
    args = parser.parse_args()
    repeat = 1 if args.smoke else args.repeat
    print(f"{'scenario':34} {'n':>8} {'t(n) s':>9} {'t(4n) s':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (make, n) in SCENARIOS.items():
            if args.smoke:
                n //= 10
            small = median_seconds(make(folder, n), repeat)
            large = median_seconds(make(folder, 4 * n), repeat)
            print(f"{name:34} {n:>8,} {small:9.3f} {large:9.3f} {large / small:6.1f}")


if __name__ == "__main__":
    main()
