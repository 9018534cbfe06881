"""The bridge between the 2022 positions: the red lines it asks each side to relax."""

import positions
from positions.plot import bridge_chart

kuril = positions.load_case("kuril-islands")
late = [kuril.position("japan-2022-inherent-territory"), kuril.position("russia-2022-talks-ended")]
bridge_chart(positions.bridge(late))
