"""The quantity extractor must not fall below its measured F1 on peers' suites.

Measured with benchmarks/scorers/quantities.py (see benchmarks/results/accuracy.md);
each floor sits 0.02-0.03 below the value reached.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scorers.quantities import (  # noqa: E402
    score_currency,
    score_dimension,
    score_number,
    score_percent,
    score_quantulum,
)

QUANTITY_F1_FLOORS = {
    "CurrencyModel": 0.85,
    "NumberModel": 0.58,
    "PercentModel": 0.77,
    "DimensionModel": 0.75,
    "quantulum3 quantities.json": 0.85,
}


def test_quantity_floors() -> None:
    results = {r["model"]: r for r in (
        score_currency(), score_number(), score_percent(), score_dimension(), score_quantulum()
    )}
    assert set(results) == set(QUANTITY_F1_FLOORS)
    for model, floor in QUANTITY_F1_FLOORS.items():
        assert results[model]["f1"] >= floor, (model, results[model]["f1"])
