"""Property tests: readers and extractors never raise on arbitrary text, and what they return is sane.

Budgets come from tests/conftest.py (60 examples; HYPOTHESIS_PROFILE=fuzz runs 2000).
"""
from __future__ import annotations

import json
import math
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import consistency
from consistency.corpus import read_file
from consistency.extract.quantities import find_quantities
from consistency.extract.times import find_times

# Fragments that exercise the extractors: numbers, separators, currencies, months, units, cue words.
FRAGMENTS = [
    "0", "1", "3", "12", "2025", "1999", "1,000", "1.5", ".5", "10-", "-", "–", "to", "and", ",", ".", " ",
    "\n", "\n\n", "(", ")", "$", "€", "£", "¥", "US$", "%", "per cent", "percentage points", "billion",
    "million", "trillion", "bn", "k", "GW", "MW", "gigawatt", "kWh", "acres", "tons", "jobs", "employees",
    "May", "March", "Q3", "H1", "fiscal", "late", "early", "mid-", "next year", "by", "in", "about",
    "more than", "up to", "between", "plans", "expects", "reportedly", "revised", "Acme", "Ohio",
    "1e308", "0.000", "½", "٣", "\u200b", "\u00a0", "'", "’", "\"", "#", "*", "[", "]", "<b>",
]
mixed = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
texts = st.one_of(st.text(max_size=300), mixed, st.lists(st.one_of(st.text(max_size=8), mixed), max_size=6).map(" ".join))


def _check_claims(text: str, claims: list) -> None:
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text)
        assert c.text == text[c.start:c.end]
        for interval in (c.value, c.original_value):
            if interval is not None:
                for end in (interval.lo, interval.hi):
                    assert end is None or math.isfinite(end)
                if interval.lo is not None and interval.hi is not None:
                    assert interval.lo <= interval.hi, c
        if c.time is not None and c.time.start is not None and c.time.end is not None:
            assert c.time.start <= c.time.end, c


@given(texts)
def test_extract_never_raises_and_spans_match(text: str) -> None:
    claims = consistency.extract(text, published=date(2025, 6, 15))
    _check_claims(text, claims)
    assert claims == consistency.extract(text, published=date(2025, 6, 15))  # deterministic


@given(texts)
def test_extract_without_a_date(text: str) -> None:
    _check_claims(text, consistency.extract(text))


@given(texts)
def test_find_quantities_and_times(text: str) -> None:
    quantities = find_quantities(text)
    for q in quantities:
        assert q.text == text[q.start:q.end]
        if q.lo is not None and q.hi is not None:
            assert q.lo <= q.hi
    assert quantities == find_quantities(text)
    times = find_times(text, date(2025, 6, 15), 1)
    for t in times:
        assert t.text == text[t.start:t.end]
    assert times == find_times(text, date(2025, 6, 15), 1)



@given(texts, st.sampled_from([".md", ".txt", ".html", ".jsonl"]))
def test_readers_never_raise(text: str, suffix: str) -> None:
    if suffix == ".jsonl":
        text = "\n".join(json.dumps({"text": part, "date": "2025-06-15"}) if i % 2 == 0 else part
                         for i, part in enumerate(text.split("\n")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article{suffix}"
        path.write_text(text, encoding="utf-8", newline="")
        docs, errors = read_file(str(path), reference_date=None, max_bytes=10**6, format_in=None)
        again = read_file(str(path), reference_date=None, max_bytes=10**6, format_in=None)
    assert (docs, errors) == again
    for error in errors:
        assert error.message and "\n" not in error.message
    for doc in docs:
        claims = consistency.extract(doc.text, published=doc.published)
        _check_claims(doc.text, claims)
        for claim in claims:  # every claim maps back into the file
            location = doc.offsets.location(doc.path, claim.start, claim.end)
            assert location.line >= 1 and location.column >= 1
