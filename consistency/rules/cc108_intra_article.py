"""Rule CC108 intra-article: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.grouping import value_mismatch_findings


def check(ctx: RuleContext) -> Iterable[Finding]:
    return value_mismatch_findings(RULE, ctx, same_document=True, headline=False)


RULE = Rule(
    code="CC108",
    name="intra-article",
    severity="warning",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="one article gives one subject two values that cannot both be true.",
    options=("facts", "tolerance.fx", "tolerance.numeric"),
    check=check,
    docs="""\
What it flags
    Two figures about the same subject in the same document, in different sentences, with
    the same unit and overlapping time scopes, whose intervals (qualifiers and implied
    precision applied) are disjoint.

Why it matters
    An article that contradicts itself is caught by readers at once and is the cheapest
    inconsistency to fix before publication.

Example (bad)
    "Kestrel raised $6.6 billion at a $157 billion valuation. ... The round puts Kestrel's
    valuation at $150 billion."
    -> $157 billion ('$157 billion', T) vs $150 billion ('$150 billion', T) — 4.7% apart

Not flagged (good)
    A figure and its stated conversion ("¥1 trillion ($6.34 billion)"); two figures in one
    sentence ("up from $150 billion to $157 billion"); a range and a value inside it;
    explicit revisions; figures for different years. A headline or dek figure against the
    body is CC111's.

Options
    `facts`: a declared fact about the subject is the value the finding suggests.
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.

Severity
    A warning: two figures for one subject in one article are more often a before/after
    or a part/whole that the subject's scope did not separate.""",
)
