"""The fact sheet as the rules read it: the claim a declared fact's value gives, and which
subjects and corpus names a fact is about (CC110 compares them; other rules suggest them)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from consistency.corpus import text_document
from consistency.link.entities import entity_key
from consistency.model import Claim, Subject
from consistency.rules.tolerance import NUMERIC_KINDS
from consistency.settings import Settings, Fact


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
