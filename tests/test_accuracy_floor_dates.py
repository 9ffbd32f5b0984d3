"""The date extractor must not fall below its measured accuracy on Recognizers-Text DateTimeModel."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scorers.dates import score_datetime  # noqa: E402

# Reached 0.888 (206/232 in scope) with 0 false positives; floors sit just below.
DATE_ACCURACY_FLOOR = 0.867
DATE_FALSE_POSITIVE_CEILING = 2


def test_date_floor() -> None:
    result = score_datetime()
    assert result["accuracy"] >= DATE_ACCURACY_FLOOR
    assert result["false_positives"] <= DATE_FALSE_POSITIVE_CEILING
