"""The harbour case in utility space: the solutions within the zone and without."""

import positions
from positions.plot import solution_chart

case = positions.load_case("harbour")
grid = positions.case_grid(case)
both = [positions.solve(case.positions, grid, within=w) for w in ("rational", "zone")]
offer = positions.offer_distance(both[1], case.positions, case.offer("compromise"))
solution_chart(both, offers=[offer])
