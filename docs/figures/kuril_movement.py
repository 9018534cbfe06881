"""Each party's ideal and acceptable range on the territory, by land area."""

import positions
from positions.plot import movement_chart

movement_chart(positions.load_case("kuril-islands"), "territory", measure="area")
