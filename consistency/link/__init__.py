"""Link stage: decide what each claim is about (entity, attribute, scope) across documents.

When the text does not say clearly, a claim gets no subject and is compared with nothing:
a missed contradiction costs an editor less than a false one.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import replace

from consistency.extract.sentences import SentenceIndex
from consistency.link.aliases import AliasCounts, alias_evidence, cluster_evidence
from consistency.link.attributes import Attribute, attribute_of
from consistency.link.entities import document_entities
from consistency.link.events import event_dates
from consistency.model import (AliasEvidence, Claim, Document, DocumentEntities, DocumentLinks, EntityMention,
                               SubjectRef)
from consistency.settings import Settings

# Shortest maker name a product name may start with ("Zenta" in "ZentaOne").
MIN_MAKER_NAME = 4
# Sentences back, within one paragraph, in which a claim's entity may have been named.
SENTENCES_BACK = 2
# Deal attributes: the figure belongs to one deal, named by its other party.
COUNTERPARTY_ATTRIBUTES = frozenset(("price", "investment", "funding", "subsidy", "stake"))
_TARGET_GAP = re.compile(r"\s+(?:(?:of|in|into|for|to|from|with)\s+)?(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
# A name right after these words is the source of a statement, not what it is about:
# '"... 3,000 jobs ...," said Jane Roe of the chamber of commerce'.
_SOURCE = re.compile(r"\b(?:said|says|told|according to|wrote|added)\s+(?:the\s+)?\Z", re.IGNORECASE)
_SPREAD = re.compile(r"\b(?:across|throughout|all over)\s+(?:the\s+)?\Z", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")
_PHASE = re.compile(r"\b(phase|stage|unit|block|tranche|series|round)\s+([0-9]+|[ivx]+|[a-h])\b", re.IGNORECASE)


def link_corpus(documents: Sequence[Document], claims: Sequence[Claim], settings: Settings,
                entities: Mapping[str, DocumentEntities] | None = None) -> tuple[list[Claim], dict[str, str]]:
    """Claims with ``subject`` (and ``status`` for event dates) set, and the alias map
    (surface key -> canonical entity name) used to build them.

    ``entities`` maps document ids to their ``document_entities`` when those were computed
    already (in worker processes, or taken from the store); missing ones are found here.
    This is the whole link stage in one call; the engine runs its per-document part
    (``link_document``) in worker processes and the corpus-wide parts (``corpus_names``,
    ``adoptions``) once."""
    found = {doc.id: (entities or {}).get(doc.id) or document_entities(doc) for doc in documents}
    names = corpus_names((evidence_of(found[doc.id]) for doc in documents), settings)
    by_document: dict[str, list[Claim]] = {}
    for claim in claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    links = {doc.id: link_document(doc, by_document.get(doc.id, []), found[doc.id], names) for doc in documents}
    by_id = {doc.id: doc for doc in documents}
    for doc_id, adopted in adoptions(links, names).items():
        links[doc_id] = link_document(by_id[doc_id], by_document.get(doc_id, []), found[doc_id], names, adopted)
    linked = [claim for doc in documents
              for claim in resolve(by_document.get(doc.id, []), links[doc.id], names)]
    return linked, names


def evidence_of(entities: DocumentEntities) -> AliasEvidence:
    """What a document's entity mentions tell alias clustering."""
    return alias_evidence([*entities.body, *entities.title], entities.acronyms)


def corpus_names(evidence: Iterable[AliasEvidence], settings: Settings) -> dict[str, str]:
    """The display name of every entity key of ``evidence``: aliases clustered, and products
    named after their maker pointed at it. One document's evidence gives its local names."""
    return _with_makers(cluster_evidence(evidence, dict(settings.aliases)))


def counted_names(counts: AliasCounts, settings: Settings) -> dict[str, str]:
    """``corpus_names`` of evidence already added up."""
    return _with_makers(counts.names(dict(settings.aliases)))


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
    """A document's claims with the subjects and statuses of ``links``, entities named by ``names``."""
    out = list(claims)
    for index, ref, status in links.subjects:
        out[index] = replace(out[index], subject=ref.subject(names), status=status)
    return out


def link_document(doc: Document, claims: Sequence[Claim], entities: DocumentEntities,
                  names: Mapping[str, str], adopted: Mapping[int, str] | None = None) -> DocumentLinks:
    """The subjects of one document's claims (in text order), with entities as keys.

    ``names`` gives the entity of each key of the document (its local names, or the
    corpus's); keys of one name stand for one entity. ``adopted`` (claim index -> key) sets
    the entity of title-only claims that other documents resolve (see ``adoptions``)."""
    mentions = [*entities.body, *entities.title]
    classes: dict[str, list[str]] = {}
    for key in sorted({m.key for m in mentions}):
        classes.setdefault(names.get(key, key), []).append(key)
    rep = {key: members[0] for members in classes.values() for key in members}
    linker = _DocumentLinker(doc, entities.body, entities.title, rep)
    subjects, statuses = linker.link(claims)
    known = tuple(ref for i, ref in enumerate(subjects) if ref and ref.scoped and i not in linker.weak)
    weak = tuple((i, ref) for i, ref in enumerate(subjects) if ref and ref.scoped and i in linker.weak)
    for index, key in (adopted or {}).items():
        subjects[index] = replace(subjects[index], entity=rep.get(key, key))
        linker.weak.discard(index)
    _restatements(claims, subjects, linker.weak)
    _yardsticks(claims, subjects)
    return DocumentLinks(
        subjects=tuple((i, ref, statuses[i]) for i, ref in enumerate(subjects) if ref is not None),
        known=known, weak=weak, named=tuple(sorted(linker.salience)),
        classes=tuple(tuple(members) for _, members in sorted(classes.items(), key=lambda item: item[1])),
    )


def _with_makers(aliases: dict[str, str]) -> dict[str, str]:
    """Point a product named after its maker ("ZentaOne Max" of "Zenta": the maker's name
    and a capitalised continuation in one word) at the maker: a product's specifications
    are claims about what its maker makes."""
    makers = {name for name in aliases.values() if " " not in name and len(name) >= MIN_MAKER_NAME}
    out = dict(aliases)
    for key, name in aliases.items():
        first = name.split()[0]
        tail = first[MIN_MAKER_NAME:]
        if not tail or tail.isalpha() and tail.islower():
            continue  # no capital or digit to cut at
        for cut in range(MIN_MAKER_NAME, len(first)):
            if (first[cut].isupper() or first[cut].isdigit()) and first[:cut] in makers:
                out[key] = first[:cut]
                break
    return out


def _restatements(claims: Sequence[Claim], subjects: list[SubjectRef | None], weak: set[int]) -> None:
    """A figure restated later in its document ("a 1.2-gigawatt campus ... 1.2 GW is enough
    for ...") is about what the first statement was about, if that one was surer."""
    first: dict[tuple[str | None, float | None, float | None], SubjectRef] = {}
    for i, c in enumerate(claims):
        if c.kind in ("money", "quantity") and c.value is not None:
            key = (c.unit, c.value.lo, c.value.hi)
            earlier = first.get(key)
            ref = subjects[i]
            if earlier is None:
                if ref and i not in weak:
                    first[key] = ref
            elif ref is None or i in weak:
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
            ref = subjects[i]
            if claims[i].kind == "count" and ref:
                subjects[i] = replace(ref, entity=entity)


class _DocumentLinker:
    """Subjects for the claims of one document."""

    def __init__(self, doc: Document, mentions: Sequence[EntityMention], title: Sequence[EntityMention],
                 aliases: Mapping[str, str]) -> None:
        self.doc = doc
        self.weak: set[int] = set()  # indices of claims whose entity is only the title's
        self.sentences = SentenceIndex(doc.text)
        self.aliases = aliases
        self.salience: dict[str, int] = {}
        for m in mentions:
            if m.kind != "place":
                name = aliases.get(m.key, m.text)
                self.salience[name] = self.salience.get(name, 0) + 1
        self.title_entity = self._most_salient(title)
        self.names: dict[int, list[EntityMention]] = {}
        self.places: dict[int, list[EntityMention]] = {}
        for m in mentions:
            target = self.places if m.kind == "place" else self.names
            target.setdefault(self.sentences.index_of(m.start), []).append(m)

    def link(self, claims: Sequence[Claim]) -> tuple[list[SubjectRef | None], list[str | None]]:
        """The subject (or None) and status of each claim, by index; ``weak`` collects the
        indices of claims whose entity only the title gives."""
        subjects: list[SubjectRef | None] = [None] * len(claims)
        statuses: list[str | None] = [None] * len(claims)
        by_sentence: dict[int, list[int]] = {}
        for i, claim in enumerate(claims):
            by_sentence.setdefault(self.sentences.index_of(claim.start), []).append(i)
        for index, members in sorted(by_sentence.items()):
            start, end = self.sentences.bounds[index] if self.sentences.bounds else (0, len(self.doc.text))
            sentence = self.doc.text[start:end]
            dates = [claims[i] for i in members if claims[i].kind == "date"]
            events = {e.claim.id: e for e in event_dates(dates, sentence, start)}
            for i in members:
                claim = claims[i]
                found = self._subject(claim, index, sentence, start, events.get(claim.id))
                if found is not None:
                    subjects[i], statuses[i], from_title = found
                    if from_title:
                        self.weak.add(i)
        return subjects, statuses

    def _subject(self, claim: Claim, index: int, sentence: str, offset: int,
                 event) -> tuple[SubjectRef, str | None, bool] | None:
        """(subject, status, whether the entity is only the title's), or None."""
        counterparty = ""
        if event is not None:
            attribute, status = event.event, event.status
        else:
            found, status = attribute_of(claim, sentence, offset), None
            attribute = found.name if found else None
            if found and found.name in COUNTERPARTY_ATTRIBUTES:
                counterparty = self._counterparty(found, index)
                if not counterparty:
                    return None
        entity, from_title = self._entity(claim, index, counterparty) if attribute else (None, False)
        if event is not None:
            entity = self._event_object(event.phrase_end, index) or entity
        if entity is None or entity == counterparty:
            return None
        subject = SubjectRef(entity, attribute, counterparty, self._scope(claim, index, sentence, offset))
        return subject, status, from_title

    def _entity(self, claim: Claim, index: int, exclude: str = "") -> tuple[str | None, bool]:
        """The most salient entity named in the claim's sentence (before the claim if any
        is, else after it); else in the SENTENCES_BACK sentences before it in the same
        paragraph; else in the title. Salience is how often the document names an entity:
        an article is about its main actors, not every name it passes on the way.
        The flag says whether the entity came from the title only; ``exclude`` is a deal's
        other party, which cannot be the entity too. Names quoted as sources do not count."""
        text = self.doc.text
        here = [m for m in self.names.get(index, [])
                if self.aliases.get(m.key, m.text) != exclude
                and not _SOURCE.search(text, max(0, m.start - 30), m.start)]
        before = [m for m in here if m.end <= claim.start]
        after = [m for m in here if m.start >= claim.end]
        chosen = self._most_salient(before) or self._most_salient(after)
        if chosen is None:
            for back in range(index - 1, max(index - SENTENCES_BACK, 0) - 1, -1):
                if self._paragraph_break_between(back, index):
                    break
                chosen = self._most_salient(self.names.get(back, []))
                if chosen:
                    break
        return (chosen, False) if chosen else (self.title_entity, True)

    def _most_salient(self, mentions: list[EntityMention]) -> str | None:
        """The entity named most often in the document; ties go to the one named last."""
        best: tuple[int, int] | None = None
        chosen = None
        for position, m in enumerate(mentions):
            if m.kind == "place":
                continue
            name = self.aliases.get(m.key, m.text)
            rank = (self.salience.get(name, 0), position)
            if best is None or rank > best:
                best, chosen = rank, name
        return chosen

    def _scoping_places(self, index: int) -> list[EntityMention]:
        places = self.places.get(index, [])
        spread = _spread_over(self.doc.text, places)
        return [m for m in places if m.start not in spread]

    def _event_object(self, phrase_end: int, index: int) -> str | None:
        """The name an event phrase acts on, written right after it ("approve X", "the
        opening of X"): the event is about it rather than about whoever announced it."""
        for m in self.names.get(index, []):
            if m.start >= phrase_end and _TARGET_GAP.fullmatch(self.doc.text, phrase_end, m.start):
                return self.aliases.get(m.key, m.text)
        return None

    def _counterparty(self, found: Attribute, index: int) -> str:
        """The other party of a deal: "acquisition of X", "investment in X", "X acquisition".
        Two deals of one buyer are different subjects unless they name the same target."""
        text = self.doc.text
        names = self.names.get(index, [])
        after = [m for m in names if m.start >= found.cue_end and _TARGET_GAP.fullmatch(text, found.cue_end, m.start)]
        before = [m for m in names if m.end <= found.cue_start and not text[m.end:found.cue_start].strip(" '’s")]
        target = (after or before or [None])[0]
        return self.aliases.get(target.key, target.text) if target else ""

    def _paragraph_break_between(self, earlier: int, later: int) -> bool:
        return "\n\n" in self.doc.text[self.sentences.bounds[earlier][1]:self.sentences.bounds[later][0]]

    def _scope(self, claim: Claim, index: int, sentence: str, offset: int) -> str:
        """A place named nearest to the claim in its sentence (the broadest of "County, State"),
        and a phase/unit/round number if one is written."""
        parts: list[str] = []
        places = self._scoping_places(index)
        if places:
            nearest = min(places, key=lambda m: (_gap(m, claim), m.start))
            chain = [nearest] + [m for m in places if m.start > nearest.end]
            chosen = nearest
            for following in chain[1:]:
                if self.doc.text[chosen.end:following.start].strip() in (",", ""):
                    chosen = following
                else:
                    break
            parts.append(chosen.text)
        phase = _PHASE.search(sentence)
        if phase:
            parts.append(f"{phase.group(1).lower()} {phase.group(2).upper()}")
        return ", ".join(parts)


def _spread_over(text: str, places: list[EntityMention]) -> set[int]:
    """Starts of places a thing is spread over ("across Europe and Latin America"): they
    describe its reach, not which of several things it is."""
    spread: set[int] = set()
    previous: EntityMention | None = None
    for m in places:
        if _SPREAD.search(text, max(0, m.start - 20), m.start) or (
                previous is not None and previous.start in spread
                and _LIST_GAP.fullmatch(text, previous.end, m.start)):
            spread.add(m.start)
        previous = m
    return spread


def _gap(m: EntityMention, claim: Claim) -> int:
    return claim.start - m.end if m.end <= claim.start else m.start - claim.end
