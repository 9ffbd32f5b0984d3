"""Rule CC105 implied-rate: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding, Subject
from consistency.normalize.units import format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.grouping import Statement, cited, grouped_finding, representative
from consistency.rules.tolerance import format_ratio, shared_power_count_pairs, stated_value, value_ratio


_POWER_SCALES = ((1e9, "GW"), (1e6, "MW"), (1e3, "kW"), (1.0, "W"))


def check(ctx: RuleContext) -> Iterable[Finding]:
    rates: dict[tuple[str, str], list[tuple[float, Claim, Claim]]] = {}
    for power, count in shared_power_count_pairs(ctx):
        assert count.subject is not None and count.unit
        rate = stated_value(count) / stated_value(power)
        rates.setdefault((count.subject.entity, count.unit), []).append((rate, power, count))
    findings = []
    for (entity, noun), found in sorted(rates.items()):
        groups = _clusters(found, ctx.tolerance.ratio)
        if len(groups) < 2 or len({count.document_id for _, _, count in found}) < 2:
            continue
        per, label = _scale(min(stated_value(power) for _, power, _ in found))
        rate_of = {(power.id, count.id): rate for rate, power, count in found}

        def say(statement: Statement) -> str:
            return f"{format_quantity(rate_of[statement[0].id, statement[1].id] * per, noun)} per {label}"

        statements = [[(power, count) for _, power, count in g] for g in groups]
        shown = [representative(g) for g in statements]
        message = " vs ".join(cited(g, f"{say(s)} ('{s[0].text}' ≈ '{s[1].text}', {s[1].title})")
                              for g, s in zip(statements, shown))
        low, high = (rate_of[s[0].id, s[1].id] for s in (shown[0], shown[-1]))
        message += f" — {format_ratio(value_ratio(low, high))}"
        findings.append(grouped_finding(RULE, Subject(entity, f"{_plural(noun)} per {label}"), statements,
                                        message, say))
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
    more than `tolerance.ratio` (relative) away is flagged: one finding per entity and noun
    names one rate of each cluster of rates within `tolerance.ratio` of each other (with how
    many more articles give it) and ends with the rate it suggests (the newest articles',
    else most articles'). Rates use the numbers as
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


def _clusters(rates: list[tuple[float, Claim, Claim]], tolerance: float) -> list[list[tuple[float, Claim, Claim]]]:
    """The rates in clusters, lowest first: sorted, a rate joins the cluster of the one before it
    when it is within ``tolerance`` (relative) of it."""
    ordered = sorted(rates, key=lambda r: (r[0], r[2].document_id, r[2].start))
    groups = [[ordered[0]]]
    for rate in ordered[1:]:
        if value_ratio(groups[-1][-1][0], rate[0]) - 1 <= tolerance:
            groups[-1].append(rate)
        else:
            groups.append([rate])
    return groups


def _scale(watts: float) -> tuple[float, str]:
    return next(((f, label) for f, label in _POWER_SCALES if watts >= f * 0.9995), _POWER_SCALES[-1])


def _plural(noun: str) -> str:
    return format_quantity(2, noun).split(" ", 1)[1]
