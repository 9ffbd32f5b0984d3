"""find_quantities against the cases in tests/cases/quantities.yaml, plus lexicon checks."""
from __future__ import annotations

from pathlib import Path

import pint
import pytest
import yaml

from consistency.extract.numbers import find_numbers, parse_number
from consistency.extract.quantities import UNIT_NAMES, UNIT_SYMBOLS, find_quantities

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "quantities.yaml").read_text(encoding="utf-8"))


def _as_dict(m, keys: set[str]) -> dict:
    got = {"text": m.text, "kind": m.kind, "lo": m.lo, "hi": m.hi, "unit": m.unit}
    if m.qualifier:
        got["qualifier"] = m.qualifier
    if m.is_range:
        got["range"] = True
    if m.per:
        got["per"] = m.per
    if "precision" in keys:
        got["precision"] = m.precision
    return got


def _expected(e: dict) -> dict:
    return {k: (pytest.approx(float(v), rel=1e-9) if k in ("lo", "hi", "precision") else v) for k, v in e.items()}


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}-{c['text'][:40]}" for i, c in enumerate(CASES)])
def test_quantities_case(case: dict) -> None:
    mentions = find_quantities(case["text"])
    expect = case["expect"]
    got = [_as_dict(m, set(e)) for m, e in zip(mentions, expect + [{}] * len(mentions))]
    assert got == [_expected(e) for e in expect]
    for m in mentions:
        assert case["text"][m.start:m.end] == m.text


def test_enough_cases() -> None:
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if not c["expect"]) >= 15


def test_sorted_and_disjoint() -> None:
    text = " ".join(c["text"] for c in CASES)
    mentions = find_quantities(text)
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_every_unit_parses_with_pint() -> None:
    """Every physical unit name parses with a default registry (the percent units are labels)."""
    ureg = pint.UnitRegistry()
    units = sorted(set(UNIT_NAMES.values()) | set(UNIT_SYMBOLS.values()))
    assert "gigawatt" in units and "percentage_point" in units and "basis_point" in units
    for unit in units:
        if unit not in ("percentage_point", "basis_point"):
            ureg(unit)  # raises UndefinedUnitError if pint does not know it


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("600,000", 600000, 50000),
        ("1.25", 1.25, 0.005),
        ("two million", 2e6, 0.5e6),
        ("6.3 billion", 6.3e9, 0.05e9),
        ("a dozen", 12, 0.5),
        ("twenty-five", 25, 0.5),
        ("one hundred and two", 102, 0.5),
        ("16.4 million", 16.4e6, 0.05e6),
        ("10 1/2", 10.5, 0.25),
    ],
)
def test_parse_number(text: str, value: float, precision: float) -> None:
    n = parse_number(text)
    assert n is not None
    assert n.value == pytest.approx(value) and n.precision == pytest.approx(precision)


def test_find_numbers() -> None:
    text = "In 2025, 1,000 homes and two million users; GPT-4 on H100, 180ml, 24/7, two three."
    assert [(text[s:e], v) for s, e, v in find_numbers(text)] == [
        ("2025", 2025.0), ("1,000", 1000.0), ("two million", 2e6),
    ]


def test_a_word_ending_in_a_hyphen_before_a_count_reads_it():
    """A hyphen with nothing after it before the number ("A- 0 JOB", found by the property
    test) neither names nor crashes: the count is read."""
    found = find_quantities("A- 0 JOB")
    assert [(q.text, q.kind) for q in found] == [("0 JOB", "count")]
