"""Link stage: decide what each claim is about (entity, attribute, scope) across documents.

When the text does not say clearly, a claim gets no subject and is compared with nothing:
a missed contradiction costs an editor less than a false one.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from consistency.extract.sentences import SentenceIndex
from consistency.link.aliases import cluster_aliases
from consistency.link.attributes import Attribute, attribute_of
from consistency.link.entities import document_entities
from consistency.link.events import event_dates
from consistency.model import Claim, Document, DocumentEntities, EntityMention, Subject
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
    already (in worker processes, or taken from the store); missing ones are found here."""
    found = {doc.id: (entities or {}).get(doc.id) or document_entities(doc) for doc in documents}
    defined: dict[str, str] = {}
    for doc in documents:
        defined.update(found[doc.id].acronyms)
    all_mentions = {doc_id: [*e.body, *e.title] for doc_id, e in found.items()}
    aliases = _with_makers(cluster_aliases(all_mentions, defined, dict(settings.aliases)))
    by_document: dict[str, list[Claim]] = {}
    for claim in claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    linked: list[Claim] = []
    weak: set[str] = set()
    named: dict[str, frozenset[str]] = {}
    for doc in documents:
        linker = _DocumentLinker(doc, found[doc.id].body, found[doc.id].title, aliases)
        linked.extend(linker.link(by_document.get(doc.id, [])))
        weak |= linker.weak
        named[doc.id] = frozenset(linker.salience)
    linked = _adopt_by_place(linked, weak, named)
    linked = _restatements(linked, weak)
    return _yardsticks(linked), aliases


def _with_makers(aliases: dict[str, str]) -> dict[str, str]:
    """Point a product named after its maker ("ZentaOne Max" of "Zenta": the maker's name
    and a capitalised continuation in one word) at the maker: a product's specifications
    are claims about what its maker makes."""
    makers = {name for name in aliases.values() if " " not in name and len(name) >= MIN_MAKER_NAME}
    out = dict(aliases)
    for key, name in aliases.items():
        first = name.split()[0]
        for cut in range(MIN_MAKER_NAME, len(first)):
            if (first[cut].isupper() or first[cut].isdigit()) and first[:cut] in makers:
                out[key] = first[:cut]
                break
    return out


def _adopt_by_place(claims: list[Claim], weak: set[str], named: dict[str, frozenset[str]]) -> list[Claim]:
    """A claim whose entity was only guessed from its title takes the entity that other
    documents give the same attribute at the same place, when exactly one does and this
    document names it too ("a 1.2 GW campus in Texas" in an article that mentions X,
    where another article writes "X's 10 GW facility in Texas")."""
    known: dict[tuple[str, str], set[str]] = {}
    for c in claims:
        if c.subject and c.subject.scope and c.id not in weak:
            known.setdefault((c.subject.attribute, c.subject.scope), set()).add(c.subject.entity)
    out = []
    for c in claims:
        if c.id in weak and c.subject and c.subject.scope:
            candidates = known.get((c.subject.attribute, c.subject.scope), set()) & named[c.document_id]
            if len(candidates) == 1:
                c = replace(c, subject=replace(c.subject, entity=next(iter(candidates))))
                weak.discard(c.id)
        out.append(c)
    return out


def _restatements(claims: list[Claim], weak: set[str]) -> list[Claim]:
    """A figure restated later in its document ("a 1.2-gigawatt campus ... 1.2 GW is enough
    for ...") is about what the first statement was about, if that one was surer."""
    first: dict[tuple[str, str | None, float | None, float | None], Claim] = {}
    out = []
    for c in claims:
        if c.kind in ("money", "quantity") and c.value is not None:
            key = (c.document_id, c.unit, c.value.lo, c.value.hi)
            earlier = first.get(key)
            if earlier is None:
                if c.subject and c.id not in weak:
                    first[key] = c
            elif (c.subject is None or c.id in weak) and earlier.subject:
                c = replace(c, subject=replace(earlier.subject, attribute=c.subject.attribute if c.subject
                                               else earlier.subject.attribute))
        out.append(c)
    return out


def _yardsticks(claims: list[Claim]) -> list[Claim]:
    """A count given as the equivalent of the one power figure of its sentence ("1.2 GW is
    enough to power 750,000 homes") is about the same entity as that power."""
    by_sentence: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault((c.document_id, c.sentence), []).append(c)
    replaced: dict[str, Claim] = {}
    for members in by_sentence.values():
        powers = [c for c in members if c.kind == "quantity" and c.unit == "W" and c.subject]
        if len(powers) != 1:
            continue
        for c in members:
            if c.kind == "count" and c.subject:
                replaced[c.id] = replace(c, subject=replace(c.subject, entity=powers[0].subject.entity))
    return [replaced.get(c.id, c) for c in claims]


class _DocumentLinker:
    """Subjects for the claims of one document."""

    def __init__(self, doc: Document, mentions: Sequence[EntityMention], title: Sequence[EntityMention],
                 aliases: dict[str, str]) -> None:
        self.doc = doc
        self.weak: set[str] = set()  # claims whose entity is only the title's
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

    def link(self, claims: list[Claim]) -> list[Claim]:
        by_sentence: dict[int, list[Claim]] = {}
        for claim in claims:
            by_sentence.setdefault(self.sentences.index_of(claim.start), []).append(claim)
        out: list[Claim] = []
        for index, members in sorted(by_sentence.items()):
            start, end = self.sentences.bounds[index] if self.sentences.bounds else (0, len(self.doc.text))
            sentence = self.doc.text[start:end]
            events = {e.claim.id: e for e in event_dates([c for c in members if c.kind == "date"], sentence, start)}
            for claim in members:
                out.append(self._subject(claim, index, sentence, start, events.get(claim.id)))
        return out

    def _subject(self, claim: Claim, index: int, sentence: str, offset: int, event) -> Claim:
        counterparty = ""
        if event is not None:
            attribute, status = event.event, event.status
        else:
            found, status = attribute_of(claim, sentence, offset), None
            attribute = found.name if found else None
            if found and found.name in COUNTERPARTY_ATTRIBUTES:
                counterparty = self._counterparty(found, index)
                if not counterparty:
                    return claim
        entity, from_title = self._entity(claim, index, counterparty) if attribute else (None, False)
        if event is not None:
            entity = self._event_object(event.phrase_end, index) or entity
        if entity is None or entity == counterparty:
            return claim
        if from_title:
            self.weak.add(claim.id)
        scope = ", ".join(p for p in (counterparty, self._scope(claim, index, sentence, offset)) if p)
        subject = Subject(entity=entity, attribute=attribute, scope=scope)
        return replace(claim, subject=subject, status=status)

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
