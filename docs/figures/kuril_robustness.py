"""Under what share of the readings each pair of positions overlaps."""

import positions
from positions.plot import robustness_chart

result = positions.robustness(positions.load_case("kuril-islands"), draws=0, solve=False)
robustness_chart(result, kind="overlap")
