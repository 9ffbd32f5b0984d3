"""Rule CC104 currency-conversion: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding, Interval, Subject
from consistency.normalize.units import USD, format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import AMOUNT
from consistency.rules.tolerance import (format_ratio, is_foreign_money, make_finding, stated_value,
                                         value_ratio, widened)


def check(ctx: RuleContext) -> Iterable[Finding]:
    fx = ctx.tolerance.fx
    by_id = {c.id: c for c in ctx.claims}
    pairs = []
    for claim in ctx.claims:
        other = by_id.get(claim.converts_to or "")
        if (other is not None and is_foreign_money(claim) and other.kind == "money"
                and other.original_unit == USD and claim.fx_rate and claim.value is not None
                and other.value is not None and claim.as_of is not None):  # undated: no month's rate applies
            pairs.append((claim, other))
    findings = []
    flagged: set[str] = set()
    for foreign, usd in pairs:
        table = _scaled(foreign.value, 1 - fx, 1 + fx)
        if not table.overlaps(widened(usd)):
            flagged.add(foreign.id)
            message = (f"{foreign.text} stated as {usd.text} ({foreign.title}); the {_month(foreign)} rate gives "
                       f"{format_quantity(_mid(foreign.value), USD)} — {_apart(usd, _mid(foreign.value))}")
            findings.append(make_finding(RULE, _subject(foreign), (foreign, usd), message))
    for i, (fa, ua) in enumerate(pairs):
        for fb, ub in pairs[i + 1:]:
            if fa.id in flagged or fb.id in flagged or not _same_amount(fa, fb):
                continue
            rate_a, rate_b = fa.fx_rate, fb.fx_rate
            assert rate_a and rate_b
            expected_b = widened(ua).scaled(rate_b / rate_a)
            if not _scaled(expected_b, 1 - fx, 1 + fx).overlaps(widened(ub)):
                message = (f"{fa.text} is {ua.text} ({fa.title}) but {fb.text} is {ub.text} ({fb.title}) — "
                           f"{_apart(ua, _mid(ub.value))}")
                findings.append(make_finding(RULE, _subject(fa), (fa, ua, fb, ub), message))
    return findings


RULE = Rule(
    code="CC104",
    name="currency-conversion",
    severity="warning",
    scope=AMOUNT,
    min_claims=2,  # a finding compares two claims at least
    summary="a stated currency conversion does not match the rate of its month.",
    options=("tolerance.fx",),
    check=check,
    tolerance_band="tolerance.fx",
    docs="""\
What it flags
    1. A figure with its conversion stated beside it ("€3.1 billion ($3.6 billion)") where
       the USD side, widened by its implied precision, is further than `tolerance.fx`
       from the written amount converted at the bundled monthly rate of the claim's date.
    2. Two stated conversions of the same written amount (same currency and value, in any
       documents) whose USD sides disagree beyond both precisions and `tolerance.fx`,
       after allowing for the rate change between their months. Conversions already
       reported under 1 are not reported again.

Why it matters
    A wrong conversion misleads every reader who compares the figure with dollar amounts,
    and two different dollar figures for one amount look like two different facts.

Example (bad)
    A: "Osterholt will invest €2 billion ($3.5 billion)." (October 2025, 1 EUR ≈ 1.16 USD)
    -> €2 billion stated as $3.5 billion (A); the 2025-10 rate gives $2.326 billion — 50% apart

Not flagged (good)
    "1 trillion yen ($6.34 billion)" and elsewhere "$6.3 billion"; "2 trillion yen ($12.7
    billion)" and elsewhere "¥2 trillion ($13 billion)": both within rounding of each other
    and of the rate. The written amount is converted as written (its own rounding is not
    applied: the writer converted that figure). A conversion in an undated article with no
    time of its own is not judged: no month's rate is known to apply to it.

Options
    `tolerance.fx` (default 0.10): relative gap allowed between a stated and a table rate.

Severity
    A warning: monthly rates are averages and writers convert at other dates.""",
)


def _same_amount(a: Claim, b: Claim) -> bool:
    return a.original_unit == b.original_unit and a.original_value == b.original_value


def _subject(foreign: Claim) -> Subject:
    if foreign.subject is not None:
        return foreign.subject
    assert foreign.original_value is not None and foreign.original_unit is not None
    return Subject(format_quantity(_mid(foreign.original_value), foreign.original_unit), "USD conversion")


def _scaled(interval: Interval, low: float, high: float) -> Interval:
    return Interval(None if interval.lo is None else interval.lo * low,
                    None if interval.hi is None else interval.hi * high)


def _mid(interval: Interval | None) -> float:
    assert interval is not None
    ends = [x for x in (interval.lo, interval.hi) if x is not None]
    return sum(ends) / len(ends)


def _month(claim: Claim) -> str:
    return claim.fx_month or "latest"


def _apart(usd: Claim, value: float) -> str:
    return format_ratio(value_ratio(stated_value(usd), value))
