"""How each red line of each position is known, with the other readings."""

import positions
from positions.plot import evidence_map

evidence_map(positions.load_case("kuril-islands"))
