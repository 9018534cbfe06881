"""Concession of every position to every offer, islands measured by count."""

import positions
from positions.plot import concession_heatmap

concession_heatmap(positions.load_case("kuril-islands"), measure="count")
