"""find_times against the cases in tests/cases/times.yaml, plus a few properties."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency.extract.times import find_times

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "times.yaml").read_text(encoding="utf-8"))


def _as_dict(m) -> dict:
    got = {
        "text": m.text,
        "kind": m.kind,
        "start": m.span.as_list()[0] if m.span else None,
        "end": m.span.as_list()[1] if m.span else None,
        "grain": m.span.grain if m.span else None,
    }
    if m.relation:
        got["relation"] = m.relation
    if m.duration_days:
        got["duration_days"] = [_rounded(x) for x in m.duration_days.as_list()]
    if m.range_span:
        got["range"] = m.range_span.as_list()
    return got


def _rounded(days: float) -> float:
    """A length in days as the cases write it: to the hundredth, or to six significant
    figures under a day (a race result is a small part of one)."""
    return round(days, 2) if abs(days) >= 1 else float(f"{days:.6g}")


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}-{c['text'][:40]}" for i, c in enumerate(CASES)])
def test_times_case(case: dict) -> None:
    reference = date.fromisoformat(case["reference"]) if case.get("reference") else None
    entities = tuple((name, start, named_by) for name, (start, named_by) in case.get("fiscal_entities", {}).items())
    mentions = find_times(case["text"], reference, case.get("fiscal_year_start", 1),
                          case.get("fiscal_year_named_by", "end"), entities)
    assert [_as_dict(m) for m in mentions] == case["expect"]
    for m in mentions:
        assert case["text"][m.start:m.end] == m.text


def test_sorted_and_disjoint() -> None:
    text = " ".join(c["text"] for c in CASES)
    mentions = find_times(text, date(2026, 3, 15), 4)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
