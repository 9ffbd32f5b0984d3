"""Rule CC111 headline-mismatch: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import (apart_text, conflicting_pairs, describe, make_finding, sorted_claims,
                                         yardsticks)


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for subject, members in ctx.groups():
        pairs = conflicting_pairs(members, ctx.tolerance.fx, "value", True, yardsticks(ctx), ctx.tolerance.numeric,
                                  headline=True)
        leads: dict[str, Claim] = {}
        against: dict[str, list[Claim]] = {}
        for a, b in pairs:
            lead, body = (a, b) if a.headline else (b, a)
            leads[lead.id] = lead
            against.setdefault(lead.id, []).append(body)
        for lead in sorted_claims(leads.values()):
            body = sorted_claims(against[lead.id])
            said = "; ".join(f"{describe(c)} (line {c.location.line})" for c in body)
            message = (f"the {_part(lead)} says {describe(lead)} but the article says {said} "
                       f"— {apart_text(lead, body[0])} ({lead.title})")
            findings.append(make_finding(RULE, subject, (lead, *body), message))
    return findings


RULE = Rule(
    code="CC111",
    name="headline-mismatch",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a headline figure and a body figure
    summary="a figure in the headline or dek contradicts the article's body.",
    options=("tolerance.fx", "tolerance.numeric"),
    check=check,
    docs="""\
What it flags
    A figure in the headline or dek that Markdown front matter gives (`title`;
    `description`, `summary`, `dek`, `subtitle` or `excerpt`) or HTML meta tags give
    (`og:title`; `og:description`, `description`) and a figure of the same subject in the
    article, with the same unit and overlapping time scopes, whose intervals (qualifiers
    and implied precision applied) are disjoint.

Why it matters
    Readers see the headline and the dek first, and many see nothing else: a headline that
    says $3.1 billion over a story that says $2.4 billion is among the commonest errors a
    correction has to fix.

Example (bad)
    title: "Pellam Rail to buy Tavrin Freight for $3.1 billion"
    body:  "Pellam Rail agreed on Monday to buy Tavrin Freight for $2.4 billion in cash."
    -> the headline says $3.1 billion but the article says $2.4 billion (line 6) — 29% apart

Not flagged (good)
    A rounded headline ("$2bn") over a precise body ("$2.35 billion"); a headline that
    gives this year's figure over a body that also gives last year's ("revenue rose to
    $4 billion from $3.2 billion"); a body that opens with the headline's own words
    (it is read once).

Options
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.

Severity
    An error: the headline is the sentence most readers take away.""",
)


def _part(claim: Claim) -> str:
    """"headline" when the claim is in its article's title, else "dek"."""
    title = " ".join(claim.title.rstrip("…").split())
    return "headline" if " ".join(claim.sentence.split()).startswith(title) else "dek"
