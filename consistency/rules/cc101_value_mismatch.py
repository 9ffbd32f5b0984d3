"""Rule CC101 value-mismatch: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.grouping import value_mismatch_findings


def check(ctx: RuleContext) -> Iterable[Finding]:
    return value_mismatch_findings(RULE, ctx, same_document=False)


RULE = Rule(
    code="CC101",
    name="value-mismatch",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="two articles give one subject values that cannot both be true.",
    options=("facts", "tolerance.fx", "tolerance.numeric"),
    check=check,
    docs="""\
What it flags
    Figures about the same subject (entity, attribute, scope) in different documents, in the
    same unit and for overlapping time scopes, whose intervals are disjoint once each is
    widened by its qualifier ("up to", "about") and its implied precision ("$6.3 billion"
    means 6.25 to 6.35 billion), or that only touch with no qualifier on either side
    ("$12 billion" and "$11 billion": no value is written both ways). One finding per
    subject lists one figure of each cluster of agreeing values, with how many more articles
    give it ("and 11 more articles"), and cites every figure involved. It ends with the value
    it suggests keeping (never applied): the fact sheet's ("; fact sheet (source: press kit):
    $1.5 billion"), else, when the articles were published on different days and those of the
    last day agree, what the newest say ("; newest (2026-04-01): $1.5 billion"), else the
    value most articles give ("; 3 of 4 articles: $1.5 billion"). A change the newer article
    signals ("now", "raised to", "after delays") is an update, not a finding; a figure an
    article of the 31 days after such an update gives without a word of change is compared
    with it. Figures that change by nature (a revenue, a toll) are compared as of one day,
    slow ones (a workforce, a population) within one month. A tally that only grows while
    a story develops (the dead, the injured, the arrested, the evacuated) is also compared
    across days, one way: a later article's lower figure, within 14 days, is flagged and
    the message says "a later report gives a lower tally, and a tally only grows" instead
    of suggesting the newest value.

Why it matters
    Readers who see "1.2 GW" in one story and "10 GW" in another for the same campus cannot
    know which is right; one of the articles needs a correction or a clarifying scope.

Example (bad)
    A: "Northwind is building a 10-gigawatt campus in Texas."
    B: "Northwind's flagship 1.2-gigawatt (GW) campus in Texas."
    -> 10 GW ('10-gigawatt', A) vs 1.2 GW ('1.2-gigawatt (GW)', B) — 8.3× apart
    A (June 1): "The ferry Oriel capsized off Carrow Point on Monday, killing 31 people."
    B (June 2): "The sinking killed 13 people, officials said."
    -> 31 people (A) vs 13 people (B) — 2.4× apart; a later report gives a lower tally, and
       a tally only grows

Not flagged (good)
    "$6.3 billion" vs "$6.34 billion" (rounding); "1,200 MW" vs "1.2 GW" (same value);
    "7 to 10 GW" vs "10 GW" (range contains it); 2025 revenue vs 2026 revenue (different
    time scopes); "raised its target from 5 GW to 7 GW" (an explicit revision); an earlier
    article's "$640 million" when a later one says "now $710 million, up from $640 million"
    (the later one reports the change); a toll of 48 on Wednesday and 76 on Friday (the
    tally grew); rumored figures; a figure 1000x off (reported by
    CC107); figures in one article (CC108).

Options
    `facts`: a declared fact about the subject is the value the finding suggests.
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.""",
)
