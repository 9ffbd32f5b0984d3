"""Rule CC104 currency-conversion: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding, Interval, Subject
from consistency.normalize.units import USD, format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import AMOUNT
from consistency.rules.grouping import Statement, cited, grouped_finding, representative
from consistency.rules.tolerance import (UnionFind, claim_order, describe, format_ratio, is_foreign_money,
                                         make_finding, stated_value, sweep, value_ratio, widened)


def check(ctx: RuleContext) -> Iterable[Finding]:
    fx = ctx.tolerance.fx
    by_id = {c.id: c for c in ctx.claims}
    pairs, undated = [], []
    for claim in ctx.claims:
        other = by_id.get(claim.converts_to or "")
        if (other is None or not is_foreign_money(claim) or other.kind != "money" or other.original_unit != USD
                or claim.value is None or other.value is None):
            continue
        if claim.fx_rate:
            pairs.append((claim, other))
        elif claim.as_of is None:  # no date: judged by every rate the table has had
            undated.append((claim, other))
    findings = list(_beyond_every_rate(undated, ctx, fx))
    flagged: set[str] = set()
    for foreign, usd in pairs:
        table = _scaled(foreign.value, 1 - fx, 1 + fx)
        if not table.overlaps(widened(usd)):
            flagged.add(foreign.id)
            message = (f"{foreign.text} stated as {usd.text} ({foreign.title}); the {foreign.fx_month} rate gives "
                       f"{format_quantity(_mid(foreign.value), USD)} — {_apart(usd, _mid(foreign.value))}")
            findings.append(make_finding(RULE, _subject(foreign), (foreign, usd), message))
    amounts: dict[tuple[object, ...], list[Statement]] = {}
    for foreign, usd in pairs:
        if foreign.id not in flagged:
            amounts.setdefault((foreign.original_unit, foreign.original_value), []).append((foreign, usd))
    for conversions in amounts.values():
        groups = _clusters(conversions, fx)
        if len(groups) < 2:
            continue
        shown = [representative(g) for g in groups]
        message = " but ".join(cited(g, f"{f.text} is {u.text} ({f.title})") for g, (f, u) in zip(groups, shown))
        message += f" — {_apart(shown[0][1], _mid(shown[-1][1].value))}"
        first = min(conversions, key=lambda s: claim_order(s[0]))
        findings.append(grouped_finding(RULE, _subject(first[0]), groups, message, lambda s: describe(s[1])))
    return findings


def _beyond_every_rate(pairs: list[tuple[Claim, Claim]], ctx: RuleContext, fx: float) -> Iterable[Finding]:
    """Undated conversions whose USD side no month's rate of the table could give."""
    for foreign, usd in pairs:
        assert foreign.original_unit is not None and foreign.original_value is not None
        rates = ctx.rates.rate_range(foreign.original_unit)
        if rates is None:
            continue
        months = ctx.rates.rates[foreign.original_unit]
        possible = _scaled(foreign.original_value, rates[0] * (1 - fx), rates[1] * (1 + fx))
        if possible.overlaps(widened(usd)):
            continue
        low, high = (format_quantity(_mid(foreign.original_value) * r, USD) for r in rates)
        message = (f"{foreign.text} stated as {usd.text} ({foreign.title}, undated); no monthly rate from "
                   f"{next(iter(months))} to {next(reversed(months))} gives that (they give {low} to {high})")
        yield make_finding(RULE, _subject(foreign), (foreign, usd), message)


def _clusters(conversions: list[Statement], fx: float) -> list[list[Statement]]:
    """The conversions of one written amount in clusters of agreeing ones (transitively), by USD
    value. Whether two agree depends only on each one's widened USD side and rate (its
    signature), so the distinct signatures are clustered, by a sweep over each one's USD side at
    its rate widened by ``fx`` (which two that agree both ways overlap in): an article repeating
    a conversion thousands of times costs the repeats, not their square."""
    signature_of = [(widened(usd), foreign.fx_rate or 1.0) for foreign, usd in conversions]
    signatures = list(dict.fromkeys(signature_of))
    index = {signature: i for i, signature in enumerate(signatures)}
    at_rate = [(_scaled(usd, (1 - fx) / rate, (1 + fx) / rate), i) for i, (usd, rate) in enumerate(signatures)]
    joined = UnionFind(len(signatures))
    sweep(at_rate, lambda i, j: not (_disagree(signatures[i], signatures[j], fx)
                                     or _disagree(signatures[j], signatures[i], fx)), joined.union)
    groups: dict[int, list[Statement]] = {}
    for conversion, signature in zip(conversions, signature_of):
        groups.setdefault(joined.find(index[signature]), []).append(conversion)
    return sorted(groups.values(), key=lambda g: (min(stated_value(u) for _, u in g), claim_order(g[0][0])))


def _disagree(a: tuple[Interval, float], b: tuple[Interval, float], fx: float) -> bool:
    """Whether a conversion with widened USD side and rate ``a`` disagrees with one with ``b``,
    after allowing for the rate change between their months and ``fx``."""
    (usd_a, rate_a), (usd_b, rate_b) = a, b
    expected_b = usd_a.scaled(rate_b / rate_a)
    return not _scaled(expected_b, 1 - fx, 1 + fx).overlaps(usd_b)


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
       from the written amount converted at the bundled monthly rate of the claim's date
       (undated: further than that from what every month's rate gives).
    2. Two stated conversions of the same written amount (same currency and value, in any
       documents) whose USD sides disagree beyond both precisions and `tolerance.fx`,
       after allowing for the rate change between their months: one finding per amount
       names one conversion of each cluster of agreeing ones (with how many more articles
       give it) and ends with the one it suggests (the newest articles', else most
       articles'). Conversions already reported under 1 are not reported again.

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
    time of its own is judged against every monthly rate of the table for its currency
    (1999 on for most): flagged only when no month's rate, widened by `tolerance.fx`, gives
    its USD side. One dated before or after the table is not judged (rates are never
    extrapolated).

Options
    `tolerance.fx` (default 0.10): relative gap allowed between a stated and a table rate.

Severity
    A warning: monthly rates are averages and writers convert at other dates.""",
)


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


def _apart(usd: Claim, value: float) -> str:
    return format_ratio(value_ratio(stated_value(usd), value))
