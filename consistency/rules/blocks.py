"""Blocks: the parts of a corpus that rules judge independently of each other.

Every rule declares the ``scope`` it reads, and sees one block (or several at once) of it:

- ``entity``: the claims about one entity (all its attributes and scopes), plus the figures
  that share a sentence with them (CC105 reads a count beside its power figure);
- ``document``: the claims of one document (whether such a rule finds something must not
  depend on how entities are named: workers judge a document under its own names, and the
  engine names the findings with the corpus's);
- ``amount``: the stated currency conversions of one written amount (CC104);
- ``ratio``: the sentences across the corpus that state one ratio of the reference table,
  each by its quantity and its count (CC115: homes per GW).

The findings of a block depend on its claims only, so a re-run after an edit judges again
just the blocks whose claims changed, and comparisons never go beyond a block (no all-pairs
work over the corpus). Judging several blocks together gives the union of their findings:
each finding belongs to one block (``finding_block``), and a finding of a block that was
not asked for (a neighbour's figures seen in a shared sentence) is dropped. A rule's
``min_claims`` says how many claims a block needs before the rule can find anything in it;
smaller blocks are not judged (and, in the engine, not even decoded).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from consistency.model import Claim, Finding, Subject
from consistency.rules.base import Rule, RuleContext, Scope
from consistency.rules.ratios import stated_ratios
from consistency.rules.tolerance import claim_order, is_foreign_money
from consistency.settings import Settings

ENTITY: Scope = "entity"
DOCUMENT: Scope = "document"
AMOUNT: Scope = "amount"
RATIO: Scope = "ratio"
SCOPES = (ENTITY, DOCUMENT, AMOUNT, RATIO)
# A block: its scope and what identifies it (an entity name, a document id, a currency and value).
BlockKey = tuple[str, ...]
# Kinds of figures that join an entity's block when they share a sentence with its claims
# (CC105 reads a count beside a power figure, CC114 a change beside a value).
_SENTENCE_MATES = frozenset(("quantity", "count", "percent"))


def document_blocks(claims: Sequence[Claim]) -> dict[BlockKey, list[Claim]]:
    """The blocks one document's linked claims belong to, each with the claims it adds."""
    blocks: dict[BlockKey, list[Claim]] = {}
    if not claims:
        return blocks
    blocks[(DOCUMENT, claims[0].document_id)] = list(claims)
    by_sentence: dict[str, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    for members in by_sentence.values():
        entities = sorted({c.subject.entity for c in members if c.subject is not None})
        for entity in entities:
            block = blocks.setdefault((ENTITY, entity), [])
            block.extend(c for c in members if c.kind in _SENTENCE_MATES or _about(c, entity))
    by_id = {c.id: c for c in claims}
    for c in claims:
        other = by_id.get(c.converts_to or "")
        if other is not None and is_foreign_money(c):
            blocks.setdefault(amount_key(c), []).extend((c, other))
    for stated in stated_ratios(claims):
        blocks.setdefault((RATIO, stated.reference.name), []).extend((stated.amount, stated.count))
    for key, members in blocks.items():
        members.sort(key=claim_order)
    return blocks


def corpus_blocks(claims: Iterable[Claim]) -> dict[BlockKey, list[Claim]]:
    """The blocks of a whole corpus's linked claims (``document_blocks`` of each document, merged)."""
    by_document: dict[str, list[Claim]] = {}
    for claim in claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    blocks: dict[BlockKey, list[Claim]] = {}
    for members in by_document.values():
        for key, found in document_blocks(members).items():
            blocks.setdefault(key, []).extend(found)
    return blocks


def ties(subject: Subject | None, document_id: str, sentence: str, kind: str,
         unit: str | None) -> tuple[tuple[object, ...], ...]:
    """What ties a claim of an entity block to the claims a finding about it may also read: its
    subject (every entity rule judges a subject's claims together), its sentence (sentence
    mates: CC105's power beside a count, CC114's change beside a value, the yardsticks CC101
    leaves out) and, for a count, its entity and noun (CC105 compares the rates of an entity's
    counts of one noun across subjects). Claims that share no tie, directly or through other
    claims, are judged independently: an entity block's findings are those of each of its
    parts so tied together, judged alone."""
    found: list[tuple[object, ...]] = [("sentence", document_id, sentence)]
    if subject is not None:
        found.append(("subject", subject))
        if kind == "count":
            found.append(("count", subject.entity, unit))
    return tuple(found)


def _about(claim: Claim, entity: str) -> bool:
    return claim.subject is not None and claim.subject.entity == entity


def amount_key(foreign: Claim) -> BlockKey:
    """The block of a stated conversion: the currency and value written."""
    value = foreign.original_value
    return (AMOUNT, foreign.original_unit or "", repr(value.lo if value else None), repr(value.hi if value else None))


def finding_block(scope: str, finding: Finding) -> BlockKey:
    """The block a finding of a rule of ``scope`` belongs to."""
    if scope == ENTITY:
        return (ENTITY, finding.subject.entity)
    if scope == DOCUMENT:
        return (DOCUMENT, finding.claims[0].document_id)
    if scope == RATIO:
        return (RATIO, finding.subject.attribute)
    foreign = next(c for c in finding.claims if c.converts_to and is_foreign_money(c))
    return amount_key(foreign)


def fewest_claims(rules: Sequence[Rule], scope: str, settings: Settings) -> int | None:
    """The fewest claims a block of ``scope`` needs for any of ``rules`` to find something in
    it (None: no rule judges that scope); rules not ``active`` under ``settings`` are left out."""
    return min((r.min_claims for r in rules if r.scope == scope and r.active(settings)), default=None)


def judge(rules: Sequence[Rule], blocks: Mapping[BlockKey, Iterable[Claim]], settings: Settings,
          aliases: Mapping[str, str]) -> dict[BlockKey, list[Finding]]:
    """The findings of each of ``blocks`` (blocks without findings are left out), each
    rule judging the blocks of its scope together. ``aliases`` maps entity keys to names (CC110)."""
    out: dict[BlockKey, list[Finding]] = {}
    for scope in SCOPES:
        chosen = [r for r in rules if r.scope == scope]
        wanted = {key for key in blocks if key[0] == scope}
        if not chosen or not wanted:
            continue
        claims = {c.id: c for key in sorted(wanted) for c in blocks[key]}
        context = RuleContext(claims=tuple(sorted(claims.values(), key=claim_order)), tolerance=settings.tolerance,
                              facts=settings.facts, aliases=aliases, rates=settings.fx)
        for rule in chosen:
            for finding in rule.check(context):
                key = finding_block(scope, finding)
                if key in wanted:
                    out.setdefault(key, []).append(finding)
    return out
