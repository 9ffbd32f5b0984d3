"""Rule CC110 fact-sheet: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from consistency.corpus import text_document
from consistency.link.entities import entity_key
from consistency.model import Claim, Finding, Subject
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import (NUMERIC_KINDS, apart_text, cite, event_span, format_span, make_finding,
                                         numeric_candidates, spans_disagree, stated_value, value_pair_conflict,
                                         yardsticks)
from consistency.settings import Settings, Fact


def active(settings: Settings) -> bool:
    """Without declared facts this rule has nothing to compare with."""
    return bool(settings.facts)


def check(ctx: RuleContext) -> Iterable[Finding]:
    if not ctx.facts:
        return []
    skip = yardsticks(ctx)
    against: dict[str, list[tuple[Fact, str]]] = {}
    claims: dict[str, Claim] = {}
    for subject, members in ctx.groups():
        for fact in facts_about(subject, ctx.facts, ctx.aliases):
            for claim, how in _contradicted(fact, members, ctx, skip):
                against.setdefault(claim.id, []).append((fact, how))
                claims[claim.id] = claim
    findings = []
    for claim_id in sorted(against):
        claim = claims[claim_id]
        said = format_span(claim) if claim.kind == "date" else cite(claim)
        versus = "; ".join(f"fact sheet {fact.value} (source: {fact.source}){how}"
                           for fact, how in sorted(against[claim_id], key=lambda p: (p[0].value, p[0].source)))
        assert claim.subject is not None
        findings.append(make_finding(RULE, claim.subject, [claim], f"{said} vs {versus}"))
    return findings


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
    strict), or the date spans do not overlap. The message names the declared source.

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


def fact_claim(value: str) -> Claim | None:
    """The claim the extractor reads in a fact's value: its first figure, else its first date."""
    return _fact_claim(value)


@lru_cache(maxsize=1024)
def _fact_claim(value: str) -> Claim | None:
    from consistency.normalize.claims import document_claims  # loaded on first use (see engine.analyse)

    found = document_claims(text_document(value, "<fact sheet>"), Settings())
    figures = [c for c in found if c.kind in NUMERIC_KINDS and c.value is not None and c.unit]
    dates = [c for c in found if c.kind == "date" and c.time is not None]
    return (figures or dates or [None])[0]


def _contradicted(fact: Fact, members: Iterable[Claim], ctx: RuleContext,
                  skip: frozenset[str]) -> list[tuple[Claim, str]]:
    """The claims of one subject that the fact contradicts, each with the distance to show."""
    declared = fact_claim(fact.value)
    if declared is None:
        return []
    if declared.kind == "date":
        assert declared.time is not None
        dated = [c for c in members if c.kind == "date" and event_span(c) is not None
                 and c.modality not in ("rumored", "revised")]
        return [(c, "") for c in dated if spans_disagree(declared.time, event_span(c))]  # type: ignore[arg-type]
    if ctx.tolerance.numeric > 0:
        slack = ctx.tolerance.numeric * abs(stated_value(declared))
        declared = replace(declared, precision=(declared.precision or 0.0) + slack)
    return [(c, f" — {apart_text(c, declared)}") for c in numeric_candidates(members)
            if c.id not in skip and value_pair_conflict(declared, c, ctx.tolerance.fx) is not None]


def names_entity_of(fact: Fact, names: Mapping[str, str]) -> bool:
    """Whether a corpus whose entity names are ``names`` (entity key -> name) names the entity of
    ``fact``: when it does not, the fact can match no claim (its subject is mistyped, or no
    article is about it)."""
    return any(_same_entity(fact, entity, names) for entity in set(names.values()))


def facts_about(subject: Subject, facts: Sequence[Fact], names: Mapping[str, str]) -> list[Fact]:
    """The declared facts whose subject is ``subject``, as this rule matches them (``names``:
    entity key -> the corpus's name for the entity, ``Report.names``)."""
    return [fact for fact in facts if _matches(fact, subject.entity, subject.attribute, subject.scope, names)]


def _matches(fact: Fact, entity: str, attribute: str, scope: str, entity_of: Mapping[str, str]) -> bool:
    if fact.attribute.casefold() != attribute.casefold() or fact.scope.casefold() != scope.casefold():
        return False
    return _same_entity(fact, entity, entity_of)


def _same_entity(fact: Fact, entity: str, entity_of: Mapping[str, str]) -> bool:
    if fact.subject.casefold() == entity.casefold():
        return True
    key = entity_key(fact.subject)
    return bool(key) and entity_key(entity) in (key, entity_key(entity_of.get(key, fact.subject)))
