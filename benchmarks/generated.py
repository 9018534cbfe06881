"""Generated cases for the benchmarks: any number of positions, offers and
issues, reproducible from a seed.

The issues cycle through the four kinds (ordinal, categorical, scale and
weighted items); each position addresses about nine issues in ten, with a
red line on each, some value tables, some claims marked reported or
inferred, and a reservation level for every other position; an offer
settles every issue or, one time in three, about two issues in three.
Only the public API is used, so the same file runs against older versions
of positions.

    >>> case = generated_case(positions=4, offers=3, issues=5, seed=1)
    >>> len(case.positions), len(case.offers), len(case.issues)
    (4, 3, 5)
"""

from __future__ import annotations

import datetime as dt
import random

from positions import (
    Box,
    Case,
    CategoricalIssue,
    Evidence,
    Interval,
    Issue,
    Item,
    ItemsIssue,
    Offer,
    OrdinalIssue,
    Party,
    Position,
    ScaleIssue,
    Stance,
    Value,
)

PARTIES = 10


def _issue(k: int) -> Issue:
    kind = k % 4
    if kind == 0:
        return OrdinalIssue(f"i{k}", levels=tuple(f"l{j}" for j in range(5)))
    if kind == 1:
        return CategoricalIssue(f"i{k}", levels=tuple(f"c{j}" for j in range(4)))
    if kind == 2:
        return ScaleIssue(f"i{k}", low=0, high=100)
    items = (
        Item("a", measures={"area": 1.0}),
        Item("b", measures={"area": 3.0}, divisible=True),
        Item("c", measures={"area": 0.5}),
    )
    return ItemsIssue(f"i{k}", items=items, measures={"area": "km2"}, default_measure="area")


def _value(issue: Issue, rng: random.Random) -> Value:
    if isinstance(issue, OrdinalIssue | CategoricalIssue):
        return rng.choice(issue.levels)
    if isinstance(issue, ScaleIssue):
        return float(rng.randint(0, 100))
    assert isinstance(issue, ItemsIssue)
    return tuple(
        rng.choice((0.0, 0.5, 1.0)) if i.divisible else float(rng.randint(0, 1))
        for i in issue.items
    )


def _stance(issue: Issue, rng: random.Random) -> Stance:
    ideal = _value(issue, rng)
    marked = rng.random()
    evidence = None if marked < 0.6 else Evidence("reported" if marked < 0.85 else "inferred")
    salience = rng.choice((0.0, 0.5, 1.0, 2.0, 3.0)) if rng.random() < 0.9 else 1.0
    common = {"salience": salience, "accept_evidence": evidence}
    if isinstance(issue, OrdinalIssue):
        k = issue.levels.index(str(ideal))
        lo, hi = max(0, k - rng.randint(0, 2)), min(4, k + rng.randint(0, 2))
        accept = issue.levels[lo : hi + 1]
        if rng.random() < 0.3:
            table = [max(0.9 - 0.2 * abs(j - k), 0.0) for j in range(5)]
            table[k] = 1.0
            return Stance(issue, ideal, accept=accept, values=table, **common)
        return Stance(issue, ideal, accept=accept, **common)
    if isinstance(issue, CategoricalIssue):
        others = [lv for lv in issue.levels if lv != ideal]
        accept = [str(ideal), *rng.sample(others, rng.randint(0, 2))]
        return Stance(issue, ideal, accept=accept, **common)
    if isinstance(issue, ScaleIssue):
        x = float(ideal)  # type: ignore[arg-type]
        accept = Interval(max(0.0, x - rng.randint(0, 40)), min(100.0, x + rng.randint(0, 40)))
        return Stance(issue, ideal, accept=accept, **common)
    assert isinstance(issue, ItemsIssue)
    shares = ideal  # type: ignore[assignment]
    bounds = []
    for s, item in zip(shares, issue.items, strict=True):  # type: ignore[arg-type]
        if rng.random() < 0.5:
            bounds.append(Interval(s, s))
        elif item.divisible:
            bounds.append(Interval(min(s, 0.5), 1.0) if s >= 0.5 else Interval(0.0, 0.5))
        else:
            bounds.append(Interval(0.0, 1.0))
    return Stance(issue, ideal, accept=Box(tuple(bounds)), **common)


def generated_case(
    *, positions: int = 200, offers: int = 200, issues: int = 20, seed: int = 0
) -> Case:
    """A case of ``positions`` positions of 10 parties, ``offers`` offers and
    ``issues`` issues, the same for the same arguments."""
    rng = random.Random(seed)
    all_issues = [_issue(k) for k in range(issues)]
    parties = [Party(f"p{k}", name=f"Party {k}") for k in range(PARTIES)]
    start = dt.date(2000, 1, 1)
    made = []
    for n in range(positions):
        chosen = [i for i in all_issues if rng.random() < 0.9] or [all_issues[0]]
        stances = [_stance(i, rng) for i in chosen]
        if all(s.salience == 0 for s in stances):
            stances[0] = Stance(stances[0].issue, stances[0].ideal, accept=stances[0].accept)
        made.append(
            Position(
                f"pos{n}",
                party=parties[n % PARTIES],
                stances=stances,
                reservation=round(rng.uniform(0.2, 0.6), 2) if n % 2 else None,
                date=start + dt.timedelta(days=n),
                status=None if rng.random() < 0.8 else "inferred",
            )
        )
    table = []
    for n in range(offers):
        settled = (
            all_issues
            if rng.random() < 2 / 3
            else [i for i in all_issues if rng.random() < 2 / 3] or [all_issues[-1]]
        )
        table.append(
            Offer(
                f"off{n}",
                terms={i: _value(i, rng) for i in settled},
                proposer=parties[n % PARTIES],
                date=start + dt.timedelta(days=n),
            )
        )
    return Case(
        f"generated-{positions}-{offers}-{issues}",
        title="Generated case",
        issues=all_issues,
        parties=parties,
        positions=made,
        offers=table,
    )
