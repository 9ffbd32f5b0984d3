"""CC107 unit-scale: one subject's figures are 1000x apart, a swapped unit prefix or scale word.

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
    ``tolerance.fx``: relative slack for amounts converted from another currency.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

from consistency.model import Finding
from consistency.rules.base import RuleContext
from consistency.rules.tolerance import cite, conflicting_pairs, make_finding, stated_value, yardsticks

code = "CC107"
name = "unit-scale"
severity = "error"
# The block this rule judges at a time (see rules/blocks.py).
scope = "entity"
# Fewest claims a block needs for this rule to find anything in it (a finding compares two claims at least).
min_claims = 2


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    skip = yardsticks(ctx)
    for subject, members in ctx.groups():
        pairs = (conflicting_pairs(members, ctx.tolerance.fx, "scale", False, skip, ctx.tolerance.numeric,
                                   ctx.verdicts)
                 + conflicting_pairs(members, ctx.tolerance.fx, "scale", True, skip, ctx.tolerance.numeric,
                                     ctx.verdicts))
        for a, b in pairs:
            high, low = sorted((a, b), key=stated_value, reverse=True)
            message = f"{cite(high)} vs {cite(low)} — 1,000× apart: unit or scale word swapped?"
            findings.append(make_finding(sys.modules[__name__], subject, (a, b), message))
    return findings
