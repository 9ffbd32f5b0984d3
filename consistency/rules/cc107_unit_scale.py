"""Rule CC107 unit-scale: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.grouping import cited, fact_suggestion, grouped_finding, representative, said_figure
from consistency.rules.tolerance import cite, clusters, conflicting_pairs, sorted_claims, yardsticks


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    skip = yardsticks(ctx)
    fx, numeric = ctx.tolerance.fx, ctx.tolerance.numeric
    for subject, members in ctx.groups():
        pairs = (conflicting_pairs(members, fx, "scale", False, skip, numeric)
                 + conflicting_pairs(members, fx, "scale", True, skip, numeric))
        if not pairs:
            continue
        involved = list(sorted_claims(c for pair in pairs for c in pair))
        groups = [[(c,) for c in g] for g in clusters(involved, fx, numeric)]
        message = " vs ".join(cited(g, cite(representative(g)[0])) for g in reversed(groups))
        message += " — 1,000× apart: unit or scale word swapped?"
        findings.append(grouped_finding(RULE, subject, groups, message, said_figure,
                                        fact_suggestion(ctx, subject, groups)))
    return findings


RULE = Rule(
    code="CC107",
    name="unit-scale",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="one subject's figures are 1000x apart, a swapped unit prefix or scale word.",
    options=("facts", "tolerance.fx", "tolerance.numeric"),
    check=check,
    docs="""\
What it flags
    Two figures about the same subject (in different articles, or in different sentences
    of one article) that would be a CC101/CC108 value mismatch and whose stated values are
    1000x apart within 2%: MW written for GW, million for billion, kg for tonnes. One finding
    per subject names one figure of each scale (with how many more articles give it) and
    ends with the value it suggests, as CC101's does.

Why it matters
    A factor of exactly 1000 is almost always a typo of the unit or the scale word, not a
    disagreement about facts; reporting it as such tells the editor what to fix.

Example (bad)
    A: "the 1.2 GW Pellam Point plant"      B: "the 1.2 MW Pellam Point plant"
    -> 1.2 GW ('1.2 GW', A) vs 1.2 MW ('1.2 MW', B) — 1,000× apart: unit or scale word swapped?

Not flagged (good)
    "1,200 MW" vs "1.2 GW" (the same value); a 1000x gap between different subjects,
    different years, or a figure and its explicit revision.

Options
    `facts`: a declared fact about the subject is the value the finding suggests.
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.""",
)
