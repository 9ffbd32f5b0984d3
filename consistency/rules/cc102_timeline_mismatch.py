"""Rule CC102 timeline-mismatch: its check and its documentation."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date
from itertools import chain

from consistency.model import Claim, Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import (event_span, format_span, is_revision, make_finding, newest_note, sorted_claims,
                                         spans_disagree)


_STARTED = ("done", "ongoing")


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for subject, members in ctx.groups():
        dated = [c for c in members if c.kind == "date" and event_span(c) is not None and c.modality != "rumored"]
        involved = _involved(dated)
        if involved:
            claims = sorted_claims(involved)
            first, last = min(claims, key=_start_key), max(claims, key=_start_key)
            message = (f"{subject.attribute}: {format_span(first)} vs {format_span(last)} — the dates do not overlap"
                       + newest_note(claims, lambda c: c.text))
            findings.append(make_finding(RULE, subject, claims, message))
    return findings


RULE = Rule(
    code="CC102",
    name="timeline-mismatch",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="two articles date one event to times that do not overlap.",
    options=(),
    check=check,
    docs="""\
What it flags
    Dates of the same event (an event subject: "first power", "IPO", "pilot production")
    in different documents whose time spans are disjoint, when both have the same status
    (both planned, or both done). "by 2029" is any time up to the end of 2029; "as of
    January 2026" is any time up to the end of January; "late 2026" is September to
    December. A done date against a planned one is CC103's business. When the articles
    were published on different days the message ends with the newest one's date.

Why it matters
    "Commercial operation in Q1 2026" in one story and "in 2027" in another cannot both be
    right; either the schedule slipped (say so) or one story is wrong.

Example (bad)
    A: "Kestrel Bank will reach first power in March 2026."
    B: "Kestrel Bank is expected to reach first power in 2027."
    -> first power: March 2026 (A) vs 2027 (B) — the dates do not overlap

Not flagged (good)
    "early 2027" vs "in 2027"; "by 2029" vs "2027"; "November 25, 2025" vs "late November
    2025"; "late-2026 IPO" vs "IPO in late 2026"; rumored dates; a date stated as revised
    ("pushed back from 2026 to 2027").

Options
    None.""",
)


def _involved(dated: list[Claim]) -> list[Claim]:
    """The claims that conflict with a claim of another document. Only the claims whose spans
    lie wholly after or before a claim's own can, found by bisecting the sorted starts and
    ends: a subject whose dates agree costs O(m log m), not a comparison of every pair."""
    spans = [event_span(c) for c in dated]
    by_start = sorted((span.start, i) for i, span in enumerate(spans) if span is not None and span.start is not None)
    by_end = sorted((span.end, i) for i, span in enumerate(spans) if span is not None and span.end is not None)
    starts, ends = [start for start, _ in by_start], [end for end, _ in by_end]
    involved = []
    for a, span in zip(dated, spans):
        assert span is not None
        later = by_start[bisect_left(starts, span.end):] if span.end is not None else []
        earlier = by_end[:bisect_right(ends, span.start)] if span.start is not None else []
        if any(dated[j].document_id != a.document_id and _conflict(a, dated[j]) for _, j in chain(later, earlier)):
            involved.append(a)
    return involved


def _conflict(a: Claim, b: Claim) -> bool:
    if is_revision(a, b):
        return False
    if (a.status in _STARTED and b.status == "planned") or (b.status in _STARTED and a.status == "planned"):
        return False
    span_a, span_b = event_span(a), event_span(b)
    assert span_a is not None and span_b is not None
    return spans_disagree(span_a, span_b)


def _start_key(claim: Claim) -> tuple[date, str, int]:
    span = event_span(claim)
    assert span is not None
    return (span.start or span.end or date.min, claim.document_id, claim.start)
