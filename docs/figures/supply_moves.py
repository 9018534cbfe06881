"""The negotiation dance of the fictional supply talks of the tests."""

from pathlib import Path

import positions
from positions.plot import moves_chart

# The plot directive runs this in its own folder, docs/figures.
case = positions.load_case(Path("../../tests/data/supply-talks.toml"))
moves_chart(positions.moves(case), parties=["buyer", "seller"])
