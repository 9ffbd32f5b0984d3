"""Link stage: decide what each claim is about (entity, attribute, scope) across documents.

When the text does not say clearly, a claim gets no subject and is compared with nothing:
a missed contradiction costs an editor less than a false one.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING

from consistency.link.aliases import alias_evidence, cluster_evidence
from consistency.link.entities import document_entities
from consistency.link.parse import sentence_parser
from consistency.model import (PAST_CLAUSE, AliasEvidence, Claim, Document, DocumentEntities, DocumentLinks,
                               SubjectRef)
from consistency.settings import Settings

if TYPE_CHECKING:
    from consistency.link.document import Parser


def link_corpus(documents: Sequence[Document], claims: Sequence[Claim], settings: Settings,
                entities: Mapping[str, DocumentEntities] | None = None,
                prune: bool = False) -> tuple[list[Claim], dict[str, str]]:
    """Claims with ``subject`` (and ``status`` for event dates) set, and the alias map
    (surface key -> canonical entity name) used to build them.

    ``entities`` maps document ids to their ``document_entities`` when those were computed
    already (in worker processes, or taken from the store); missing ones are found here.
    This is the whole link stage in one call; the engine runs its per-document part
    (``link_document``) in worker processes and the corpus-wide parts (``corpus_names``,
    ``adoptions``) once. With ``prune``, a document none of whose claims could meet another
    is not parsed (see ``link_document``): its claims keep no frame either."""
    found = {doc.id: (entities or {}).get(doc.id) or document_entities(doc) for doc in documents}
    names = corpus_names((evidence_of(found[doc.id]) for doc in documents), settings)
    shared = shared_names(found.values(), names) if prune and not settings.facts else None
    parse = sentence_parser(settings.parser)
    by_document: dict[str, list[Claim]] = {}
    for claim in claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    links = {doc.id: link_document(doc, by_document.get(doc.id, []), found[doc.id], names, parse, shared=shared)
             for doc in documents}
    by_id = {doc.id: doc for doc in documents}
    for doc_id, adopted in adoptions(links, names).items():
        links[doc_id] = link_document(by_id[doc_id], by_document.get(doc_id, []), found[doc_id], names, parse,
                                      adopted, shared)
    linked = [claim for doc in documents
              for claim in resolve(by_document.get(doc.id, []), links[doc.id], names)]
    return linked, names


def shared_names(entities: Iterable[DocumentEntities], names: Mapping[str, str]) -> set[str]:
    """The names (``names`` of their keys) that two of the documents' entity mentions or more give."""
    documents: Counter[str] = Counter()
    for found in entities:
        documents.update({names.get(m.key, m.key) for m in (*found.body, *found.title)})
    return {name for name, count in documents.items() if count > 1}


def evidence_of(entities: DocumentEntities) -> AliasEvidence:
    """What a document's entity mentions tell alias clustering."""
    return alias_evidence([*entities.body, *entities.title], entities.acronyms)


def corpus_names(evidence: Iterable[AliasEvidence], settings: Settings) -> dict[str, str]:
    """The display name of every entity key of ``evidence``: aliases clustered, and products
    named after their maker pointed at it. One document's evidence gives its local names."""
    return cluster_evidence(evidence, dict(settings.aliases))


def names_agree(links: DocumentLinks, names: Mapping[str, str]) -> bool:
    """Whether ``names`` group the document's keys as the names it was linked with did: then
    its links, read with ``names``, are what linking with ``names`` would give (the linker
    only compares entities, it never reads their names)."""
    seen: set[str] = set()
    for members in links.classes:
        name = names.get(members[0])
        if name is None or name in seen or any(names.get(key) != name for key in members[1:]):
            return False
        seen.add(name)
    return True


# A scoped subject's attribute and scope: what adoption matches documents on.
Scoped = tuple[str, str]
# The entities documents give a scoped subject (none known: an empty set).
KnownEntities = Callable[[Scoped], AbstractSet[str]]


def adoptions(links: Mapping[str, DocumentLinks], names: Mapping[str, str]) -> dict[str, dict[int, str]]:
    """For each document whose title-only entities another document resolves, the entity
    key each such claim takes (see ``adopted_entities``), by document id. The incremental
    check (consistency/engine/state.py) makes the same decision with the ``known`` lookup
    in the store, for the documents an edit touches."""
    known = known_entities(links.values(), names)
    return {doc_id: adopted for doc_id, found in sorted(links.items())
            if (adopted := adopted_entities(found, names, known))}


def known_entities(links: Iterable[DocumentLinks], names: Mapping[str, str]) -> KnownEntities:
    """The ``known`` lookup of ``adopted_entities`` over the links of a corpus's documents:
    (attribute, scope) -> the entities they give a scoped subject with it."""
    index: dict[Scoped, set[str]] = {}
    for found in links:
        for attribute, scope, entity in known_subjects(found, names):
            index.setdefault((attribute, scope), set()).add(entity)
    return lambda scoped: index.get(scoped, frozenset())


def known_subjects(links: DocumentLinks, names: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(attribute, scope, entity) of each scoped subject whose entity the document's text gives."""
    subjects = (ref.subject(names) for ref in links.known)
    return [(subject.attribute, subject.scope, subject.entity) for subject in subjects]


def weak_subjects(links: DocumentLinks, names: Mapping[str, str]) -> list[Scoped]:
    """(attribute, scope) of each scoped subject whose entity only the document's title gives:
    what another document's ``known_subjects`` may resolve."""
    subjects = (ref.subject(names) for _, ref in links.weak)
    return [(subject.attribute, subject.scope) for subject in subjects]


def adopted_entities(links: DocumentLinks, names: Mapping[str, str], known: KnownEntities) -> dict[int, str]:
    """Claim index -> entity key, for each claim whose entity was only guessed from its title
    when other documents give the same attribute at the same place one entity only (``known``,
    over the whole corpus), and this document names it too ("a 1.2 GW campus in Texas" in an
    article that mentions X, where another article writes "X's 10 GW facility in Texas")."""
    if not links.weak:
        return {}
    named = {names[key]: key for key in sorted(links.named, reverse=True)}
    out: dict[int, str] = {}
    for (index, _), scoped in zip(links.weak, weak_subjects(links, names)):
        candidates = known(scoped) & named.keys()
        if len(candidates) == 1:
            out[index] = named[next(iter(candidates))]
    return out


def resolve(claims: Sequence[Claim], links: DocumentLinks, names: Mapping[str, str]) -> list[Claim]:
    """A document's claims with the subjects and statuses of ``links``, entities named by ``names``
    (an update's cue-word revision dropped: its status says it)."""
    out = list(claims)
    for index, frame in links.frames:
        out[index] = replace(out[index], frame=frame)
        if PAST_CLAUSE in frame.flags:
            out[index] = out[index].as_reported()
    for index, span in links.periods:
        out[index] = replace(out[index], time=span, as_of=span)
    for index, ref, status in links.subjects:
        claim = out[index]
        # A figure its frame reads as what something changed to ("cut its rate to 32 percent") is
        # an update, whatever cue word ("cut its") marked it revised: two of one day are compared.
        modality = "reported" if status == "updated" and claim.modality == "revised" else claim.modality
        out[index] = replace(claim, subject=ref.subject(names), status=status, modality=modality)
    return out


def link_document(doc: Document, claims: Sequence[Claim], entities: DocumentEntities,
                  names: Mapping[str, str], parse: Parser, adopted: Mapping[int, str] | None = None,
                  shared: AbstractSet[str] | None = None) -> DocumentLinks:
    """The subjects of one document's claims (in text order), with entities as keys, from
    the frames of the claims (``parse`` parses sentences).

    ``names`` gives the entity of each key of the document (its local names, or the
    corpus's); keys of one name stand for one entity. ``adopted`` (claim index -> key) sets
    the entity of title-only claims that other documents resolve (see ``adoptions``).
    ``shared``, when given, holds the names that other documents are known to give too:
    a document that gives none of them, and holds no two claims of one kind, is not parsed
    (its links are ``deferred``), since none of its claims could be compared with another."""
    mentions = [*entities.body, *entities.title]
    classes: dict[str, list[str]] = {}
    for key in sorted({m.key for m in mentions}):
        classes.setdefault(names.get(key, key), []).append(key)
    rep = {key: members[0] for members in classes.values() for key in members}
    deferred = _deferred(classes, claims, shared)
    from consistency.link.document import frame_subjects  # the frames' patterns load on first use, not in a warm re-run

    read = {} if deferred else frame_subjects(doc, claims, entities.body, entities.title, rep, parse)
    found = {i: r.linked for i, r in read.items() if r.linked is not None}
    weak = tuple((i, found[i].subject) for i in sorted(found) if found[i].weak)
    subjects: list[SubjectRef | None] = [found[i].subject if i in found and not found[i].weak else None
                                         for i in range(len(claims))]
    statuses = [found[i].status if i in found else None for i in range(len(claims))]
    for index, key in (adopted or {}).items():
        subjects[index] = replace(found[index].subject, entity=rep.get(key, key))
    _restatements(claims, subjects)
    _yardsticks(claims, subjects)
    known = tuple(ref for i, ref in enumerate(subjects) if ref and ref.scoped and i not in dict(weak))
    named = sorted({rep.get(m.key, m.key) for m in entities.body if m.kind != "place"})
    return DocumentLinks(
        subjects=tuple((i, ref, statuses[i]) for i, ref in enumerate(subjects) if ref is not None),
        known=known, weak=weak, named=tuple(named),
        classes=tuple(tuple(members) for _, members in sorted(classes.items(), key=lambda item: item[1])),
        frames=tuple((i, read[i].frame) for i in sorted(read)),
        periods=tuple((i, span) for i in sorted(read) if (span := read[i].period) is not None),
        deferred=deferred,
    )


def sentences_to_link(doc: Document, claims: Sequence[Claim], shared: AbstractSet[str] | None) -> list[str]:
    """The sentences ``link_document`` parses for ``doc`` when none of the names it gives is
    in ``shared`` (linked under its own names, before the corpus is known)."""
    if _deferred((), claims, shared):
        return []
    from consistency.link.document import sentences_to_parse

    return sentences_to_parse(doc, claims)


def _deferred(names: Iterable[str], claims: Sequence[Claim], shared: AbstractSet[str] | None) -> bool:
    """Whether a document that gives ``names`` is not parsed (see ``link_document``)."""
    return shared is not None and shared.isdisjoint(names) and _kinds_differ(claims)


def _kinds_differ(claims: Sequence[Claim]) -> bool:
    """Whether no two of a document's claims are of one kind: then no rule can compare its
    claims with each other (every rule compares claims of one kind, or a stated conversion,
    which needs no subject)."""
    kinds = [claim.kind for claim in claims]
    return len(kinds) == len(set(kinds))


def _restatements(claims: Sequence[Claim], subjects: list[SubjectRef | None]) -> None:
    """A figure restated later in its document ("a 1.2-gigawatt campus ... 1.2 GW is enough
    for ...") is about what the first statement was about, if that one was surer."""
    first: dict[tuple[str | None, float | None, float | None], SubjectRef] = {}
    for i, c in enumerate(claims):
        if c.kind in ("money", "quantity") and c.value is not None:
            key = (c.unit, c.value.lo, c.value.hi)
            earlier = first.get(key)
            ref = subjects[i]
            if earlier is None:
                if ref:
                    first[key] = ref
            elif ref is None:
                subjects[i] = replace(earlier, attribute=ref.attribute if ref else earlier.attribute)


def _yardsticks(claims: Sequence[Claim], subjects: list[SubjectRef | None]) -> None:
    """A count given as the equivalent of the one power figure of its sentence ("1.2 GW is
    enough to power 750,000 homes") is about the same entity as that power."""
    by_sentence: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_sentence.setdefault(c.sentence, []).append(i)
    for members in by_sentence.values():
        powers = [i for i in members if claims[i].kind == "quantity" and claims[i].unit == "W" and subjects[i]]
        if len(powers) != 1:
            continue
        entity = subjects[powers[0]].entity  # type: ignore[union-attr]
        for i in members:
            if claims[i].kind == "count":
                ref = subjects[i]
                subjects[i] = replace(ref, entity=entity) if ref else SubjectRef(entity, _plural(claims[i].unit or ""))


def _plural(noun: str) -> str:
    from consistency.normalize.units import plural  # loaded on first use, not in a warm re-run

    return plural(noun)
