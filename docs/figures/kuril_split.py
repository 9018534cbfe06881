"""Each offer's division of the four islands, under each measure."""

import positions
from positions.plot import split_bars

case = positions.load_case("kuril-islands")
split_bars(case, "territory", held="Japanese", rest="Russian")
