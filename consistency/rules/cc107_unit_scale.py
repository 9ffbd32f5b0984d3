"""Rule CC107 unit-scale: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import cite, conflicting_pairs, make_finding, stated_value, yardsticks


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    skip = yardsticks(ctx)
    for subject, members in ctx.groups():
        pairs = (conflicting_pairs(members, ctx.tolerance.fx, "scale", False, skip, ctx.tolerance.numeric)
                 + conflicting_pairs(members, ctx.tolerance.fx, "scale", True, skip, ctx.tolerance.numeric))
        for a, b in pairs:
            high, low = sorted((a, b), key=stated_value, reverse=True)
            message = f"{cite(high)} vs {cite(low)} — 1,000× apart: unit or scale word swapped?"
            findings.append(make_finding(RULE, subject, (a, b), message))
    return findings


RULE = Rule(
    code="CC107",
    name="unit-scale",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="one subject's figures are 1000x apart, a swapped unit prefix or scale word.",
    options=("tolerance.fx", "tolerance.numeric"),
    check=check,
    docs="""\
What it flags
    Two figures about the same subject (in different articles, or in different sentences
    of one article) that would be a CC101/CC108 value mismatch and whose stated values are
    1000x apart within 2%: MW written for GW, million for billion, kg for tonnes.

Why it matters
    A factor of exactly 1000 is almost always a typo of the unit or the scale word, not a
    disagreement about facts; reporting it as such tells the editor what to fix.

Example (bad)
    A: "the 1.2 GW Harbor Point plant"      B: "the 1.2 MW Harbor Point plant"
    -> 1.2 GW ('1.2 GW', A) vs 1.2 MW ('1.2 MW', B) — 1,000× apart: unit or scale word swapped?

Not flagged (good)
    "1,200 MW" vs "1.2 GW" (the same value); a 1000x gap between different subjects,
    different years, or a figure and its explicit revision.

Options
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.""",
)
