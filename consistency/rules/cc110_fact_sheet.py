"""Rule CC110 fact-sheet: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from consistency.model import Claim, Finding, Suggestion
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.facts import fact_claim, facts_about
from consistency.rules.grouping import Statement, cited, grouped_finding, representative, said_figure
from consistency.rules.tolerance import (apart_text, cite, clusters, event_span, format_span, numeric_candidates,
                                         sorted_claims, spans_disagree, stated_value, value_pair_conflict,
                                         yardsticks)
from consistency.settings import Settings


def active(settings: Settings) -> bool:
    """Without declared facts this rule has nothing to compare with."""
    return bool(settings.facts)


def check(ctx: RuleContext) -> Iterable[Finding]:
    """Per subject and declared fact, the claims the fact contradicts, in clusters of agreeing
    values: one finding, whose suggestion is the fact."""
    if not ctx.facts:
        return []
    skip = yardsticks(ctx)
    findings = []
    for subject, members in ctx.groups():
        for fact in sorted(facts_about(subject, ctx.facts, ctx.aliases), key=lambda f: (f.value, f.source)):
            declared = fact_claim(fact.value)
            against = [] if declared is None else _contradicted(declared, members, ctx, skip)
            if declared is None or not against:
                continue
            groups = _clusters(against, ctx)
            shown = [representative(g)[0] for g in groups]
            said = ", ".join(cited(g, format_span(c) if c.kind == "date" else cite(c)) for g, c in zip(groups, shown))
            apart = [apart_text(c, declared).removesuffix(" apart") for c in shown if c.kind != "date"]
            message = f"{said} vs fact sheet {fact.value} (source: {fact.source})"
            message += f" — {', '.join(apart)} apart" if apart else ""
            suggestion = Suggestion(fact.value, "fact sheet", f"source: {fact.source}")
            say = (lambda s: s[0].text) if declared.kind == "date" else said_figure
            findings.append(grouped_finding(RULE, subject, groups, message, say, (suggestion, None),
                                            said_in_message=True))
    return findings


def _clusters(claims: list[Claim], ctx: RuleContext) -> list[list[Statement]]:
    """Contradicting claims grouped: figures whose values agree, dates that name one span."""
    if claims[0].kind == "date":
        spans: dict[str, list[Claim]] = {}
        for claim in sorted_claims(claims):
            spans.setdefault(claim.text.casefold(), []).append(claim)
        return [[(c,) for c in g] for _, g in sorted(spans.items())]
    return [[(c,) for c in g] for g in clusters(list(sorted_claims(claims)), ctx.tolerance.fx, ctx.tolerance.numeric)]


RULE = Rule(
    code="CC110",
    name="fact-sheet",
    severity="error",
    scope=ENTITY,
    min_claims=1,  # a claim can contradict a declared fact alone
    summary="an article contradicts a fact the editor declared in the configuration.",
    options=("facts", "tolerance.numeric", "tolerance.fx"),
    check=check,
    active=active,
    docs="""\
What it flags
    A figure or an event date whose subject (entity, attribute and scope, the entity compared
    case-insensitively and through its aliases) matches a `[[facts]]` entry of the
    configuration, and whose value cannot be the declared one: the intervals are disjoint
    after implied precision and qualifiers ("10 GW" is 5 to 15 GW; write "10.0 GW" to be
    strict), or the date spans do not overlap. The message names the declared source. One
    finding per subject and fact: the contradicting figures in clusters of agreeing values,
    each cited once with how many more articles give it.

Why it matters
    A newsroom knows some facts for sure (a press kit, a filing, an earlier correction). A
    draft that repeats an old or wrong figure should be caught before it is published, and
    the editor should see where the right figure comes from.

Example (bad)
    [[facts]] subject = "Northwind", attribute = "capacity", value = "10 GW",
    source = "press kit 2026-01"
    A: "Northwind plans a 1.2-gigawatt facility."
    -> 1.2 GW ('1.2-gigawatt', A) vs fact sheet 10 GW (source: press kit 2026-01) — 8.3× apart

Not flagged (good)
    "10,000 MW" (same value); "up to 12 GW" (the range holds 10 GW); a figure dated to
    another year than a dated fact ("$157 billion in 2025" vs 2024 revenue); an undated fact
    against a figure dated to a year; rumored figures; figures stated as revised; a fact
    declared with a scope ("Texas") against figures about another scope or none.

Options
    `facts`: the declared facts (subject, attribute, value, source, optional scope).
    `tolerance.numeric`: relative slack around a fact's value.
    `tolerance.fx`: relative slack for amounts converted from another currency.""",
)


def _contradicted(declared: Claim, members: Iterable[Claim], ctx: RuleContext,
                  skip: frozenset[str]) -> list[Claim]:
    """The claims of one subject that the declared fact's claim contradicts."""
    if declared.kind == "date":
        assert declared.time is not None
        dated = [c for c in members if c.kind == "date" and event_span(c) is not None
                 and c.modality not in ("rumored", "revised")]
        return [c for c in dated if spans_disagree(declared.time, event_span(c))]  # type: ignore[arg-type]
    if ctx.tolerance.numeric > 0:
        slack = ctx.tolerance.numeric * abs(stated_value(declared))
        declared = replace(declared, precision=(declared.precision or 0.0) + slack)
    return [c for c in numeric_candidates(members)
            if c.id not in skip and value_pair_conflict(declared, c, ctx.tolerance.fx) is not None]
