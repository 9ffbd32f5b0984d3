"""Rule CC105 implied-rate: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding, Subject
from consistency.normalize.units import format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import format_ratio, make_finding, shared_power_count_pairs, stated_value, value_ratio


_POWER_SCALES = ((1e9, "GW"), (1e6, "MW"), (1e3, "kW"), (1.0, "W"))


def check(ctx: RuleContext) -> Iterable[Finding]:
    rates: dict[tuple[str, str], list[tuple[float, Claim, Claim]]] = {}
    for power, count in shared_power_count_pairs(ctx):
        assert count.subject is not None and count.unit
        rate = stated_value(count) / stated_value(power)
        rates.setdefault((count.subject.entity, count.unit), []).append((rate, power, count))
    findings = []
    tolerance = ctx.tolerance.ratio
    for (entity, noun), found in sorted(rates.items()):
        for i, (rate_a, power_a, count_a) in enumerate(found):
            for rate_b, power_b, count_b in found[i + 1:]:
                if count_a.document_id == count_b.document_id or value_ratio(rate_a, rate_b) - 1 <= tolerance:
                    continue
                per, label = _scale(min(stated_value(power_a), stated_value(power_b)))
                low, high = sorted(((rate_a, power_a, count_a), (rate_b, power_b, count_b)), key=lambda r: r[0])
                plural = _plural(noun)
                subject = Subject(entity, f"{plural} per {label}")
                message = " vs ".join(
                    f"{format_quantity(r * per, noun)} per {label} ('{p.text}' ≈ '{c.text}', {c.title})"
                    for r, p, c in (low, high)) + f" — {format_ratio(value_ratio(rate_a, rate_b))}"
                findings.append(make_finding(RULE, subject,
                                             (power_a, count_a, power_b, count_b), message))
    return findings


RULE = Rule(
    code="CC105",
    name="implied-rate",
    severity="warning",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="a power and a count stated together imply a rate that other articles contradict.",
    options=("tolerance.ratio",),
    check=check,
    tolerance_band="tolerance.ratio",
    docs="""\
What it flags
    A sentence with exactly one power figure (W) and one count of a noun ("homes") gives a
    rate (homes per GW). The same entity and count noun in another document giving a rate
    more than `tolerance.ratio` (relative) away is flagged. Rates use the numbers as
    written ("up to 5 GW" is 5 GW, "about 750,000" is 750,000); the tolerance covers the
    rounding of such round figures.

Why it matters
    "1.2 GW powers 750,000 homes" and "5 GW powers five million homes" cannot use the same
    yardstick (625,000 vs 1 million homes per GW); at least one comparison is misleading.

Example (bad)
    A: "Its 2 GW campus can power about 1.5 million homes."
    B: "Its 4 GW expansion will supply four million homes."
    -> 750,000 homes per GW (A) vs 1 million homes per GW (B) — 33% apart

Not flagged (good)
    Rates within 25% of each other ("1.2 GW ≈ 900,000 homes" vs "2 GW ≈ 1.6 million
    homes"); sentences with two powers or two counts (ambiguous pairing); figures of
    different entities; rumored figures.

Options
    `tolerance.ratio` (default 0.25): relative gap allowed between two rates.

Severity
    A warning: such yardsticks are rough by nature.""",
)


def _scale(watts: float) -> tuple[float, str]:
    return next(((f, label) for f, label in _POWER_SCALES if watts >= f * 0.9995), _POWER_SCALES[-1])


def _plural(noun: str) -> str:
    return format_quantity(2, noun).split(" ", 1)[1]
