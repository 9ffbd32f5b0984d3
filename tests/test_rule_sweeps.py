"""Rules that find conflicting claims by sorting and bisecting, not by comparing every pair,
must find what comparing every pair finds."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.model import Claim, Location, TimeSpan
from consistency.rules import cc102_timeline_mismatch as cc102


def _span(start: int | None, length: int | None) -> TimeSpan:
    """A span of whole months from month ``start`` of 2020 (None: open)."""
    def month(n: int) -> date:
        return date(2020 + n // 12, n % 12 + 1, 1)
    return TimeSpan(None if start is None else month(start),
                    None if start is None or length is None else month(start + length), "month")


@st.composite
def _dated(draw) -> list[Claim]:
    claims = []
    for i in range(draw(st.integers(0, 14))):
        start = draw(st.one_of(st.none(), st.integers(0, 30)))
        length = draw(st.one_of(st.none(), st.integers(1, 12)))
        span = _span(start, length) if start is not None else TimeSpan(None, _span(draw(st.integers(0, 30)), 1).end,
                                                                        "open")
        claims.append(Claim(
            id=f"c{i}", document_id=f"d{draw(st.integers(0, 3))}", title="", location=Location("a.md", 1, 1, 1, 2),
            start=i, end=i + 1, text=str(i), sentence="", kind="date", value=None, unit=None, original_value=None,
            original_unit=None, precision=None, time=span, qualifier=None,
            modality=draw(st.sampled_from(["reported", "planned", "revised"])),
            status=draw(st.sampled_from([None, "done", "planned", "ongoing", "updated"])),
            as_of=draw(st.sampled_from([None, _span(0, 1), _span(5, 1)]))))
    return claims


@settings(max_examples=300, deadline=None)
@given(_dated())
def test_timeline_conflicts_are_those_every_pair_gives(dated: list[Claim]) -> None:
    """CC102's sweep marks a claim exactly when some claim of another document conflicts with it."""
    every_pair = {c.id for a in dated for b in dated for c in (a, b)
                  if a.document_id != b.document_id and cc102._conflict(a, b)}
    assert {c.id for c in cc102._involved(dated)} == every_pair
