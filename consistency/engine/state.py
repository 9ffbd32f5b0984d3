"""The checked state of a corpus, kept in the store, so that a re-run redoes only what changed.

A run context (``context_id``: the paths asked for, the settings, the rules and this code)
keeps in the store (its tables and their SQL: ``ContextState`` in store.py):

- files: each file's stamp (path, size, times, inode) when it was read, its documents (id,
  document key, link key, claims) and its problems; a file whose stamp is unchanged is not
  read again;
- names: the entity name of every entity key (alias clustering over the whole corpus);
- known / weak: the scoped subjects whose entity a document's text gives, and those whose
  entity only its title gives (which the corpus-wide adoption step may resolve);
- docs: per document, the blocks it adds claims to and the entities it adopted;
- members: per block (rules/blocks.py), each document's linked claims in it;
- findings: per block with findings, its findings;
- summary: the digest of the files' paths and stamps the last check saw, with what it found
  besides the findings (documents, claims, problems), valid for one state version.

``check_state`` brings the state up to date and returns the corpus's findings, in steps
(``_Update``): read the changed files (only those whose stamp changed; only documents whose
content changed are analysed, the others come from the store's content tables); see which
documents changed; cluster the names again, only when a changed document names other things
than before; refresh the adoptions, only for subjects whose known entities changed (the
decision is the link stage's ``adopted_entities``, as for a check in memory); update the
blocks of the documents whose links changed; judge again only the blocks they add claims to
or took claims from (of an entity block, when the names stay as they were, only the claims
tied to a claim they changed: rules/blocks.py ``ties``; its other findings stand); save. A run from no state does all of it, once. A run whose files have
the paths and stamps of the summary's listing, on the state the summary was saved with, does
none of it: it reads the summary and the findings (a warm re-check of 10,000 articles decodes
no file row). A run's state is
written in one transaction: a killed run leaves the previous state.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache

from consistency.engine.analyse import DocumentEntry, FileOutcome, analysis_of, link_locally, read_document_file
from consistency.engine.judging import judge_each
from consistency.engine.keys import CHECKER_VERSION, context_settings, document_key, extraction_key
from consistency.engine.progress import JUDGING, LINKING, Progress, begin, in_phase
from consistency.display import original_path
from consistency.engine.store import (CLAIM_FIELD, QUERY_CHUNK, BlockKey, BlockMembers, ClaimStore, DocumentState,
                                      StateSummary, StoredDocument, StoredFile, StoredFiles, decode_evidence,
                                      decode_linked, decode_member_row, decode_member_rows, decode_member_subjects,
                                      encode_member_rows, linked_claims, member_subject, unpack)
from consistency.link import adopted_entities, known_subjects, names_agree, resolve, weak_subjects
from consistency.link.aliases import AliasIndex
from consistency.model import (AliasEvidence, Claim, Document, DocumentAnalysis, DocumentLinks, Finding, LinkedDocument,
                               ReadError, SubjectRef)
from consistency.rules.base import Rule
from consistency.rules.blocks import DOCUMENT, ENTITY, SCOPES, document_blocks, fewest_claims, judge, ties
from consistency.settings import Settings

# Run contexts kept in the store; the least recently used beyond these are dropped.
MAX_CONTEXTS = 8
# Stored documents beyond GARBAGE_FACTOR times those of the kept contexts, plus GARBAGE_SLACK,
# send the run collecting the ones no context refers to.
GARBAGE_FACTOR = 2
GARBAGE_SLACK = 1000
# Documents whose analyses are stored per transaction while files are read.
_BATCH = 256
_NO_EVIDENCE = AliasEvidence(())

Reader = Callable[[Sequence[str]], Iterable[FileOutcome]]


def listing_digest(files: Sequence[str], stamps: Mapping[str, str]) -> str | None:
    """A digest of the files' paths and stamps, in order; None when a file has no stamp (it is
    read again whatever its last stamp was)."""
    digest = hashlib.sha256()
    for path in files:
        stamp = stamps[path]
        if not stamp:
            return None
        digest.update(f"{path}\0{stamp}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def context_id(paths: Sequence[str], settings: Settings, rules: Sequence[Rule]) -> str:
    """What a check is asked to do: the paths, the settings that decide its files and findings
    (not how they are shown or the exit threshold; an FX table by its content), the rules,
    and this code."""
    asked = json.dumps([list(paths), context_settings(settings), [rule.code for rule in rules], CHECKER_VERSION])
    return hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class CheckedCorpus:
    """What a check found: the ids of the documents checked (in file order), how many claims
    they hold, the findings (in no particular order), the problems of the files and the
    corpus's entity names (key -> name) when the settings declare facts or aliases (their only
    use after a check from the stored state: matching facts to entities, and saying which
    match none), else none."""

    document_ids: tuple[str, ...]
    claims: int
    findings: tuple[Finding, ...]
    errors: tuple[ReadError, ...]
    names: Mapping[str, str]


def check_state(store: ClaimStore, ctx: str, files: Sequence[str], stamps: Mapping[str, str], read: Reader,
                settings: Settings, rules: Sequence[Rule], progress: Progress | None = None,
                given: Mapping[str, Sequence[Document]] | None = None) -> CheckedCorpus:
    """Bring the state of ``ctx`` up to date with ``files`` and return what the check finds.

    ``stamps`` are the files' stamps, taken before reading ("" for a file to read whatever
    its last stamp was); ``read`` reads and analyses files (in any order). What it made is
    stored as it comes, in batches; the state is updated in one transaction at the end.
    ``given``: the documents of files held in memory (a draft, an unsaved buffer), by path
    among ``files``; with them, the update is a trial: its transaction is rolled back once the
    findings are read, so the state keeps the files on disk (what reading made, keyed by
    content, stays in the store). Raises sqlite3.DatabaseError when the store fails,
    StaleState when it lost entries the state refers to. ``progress`` hears when linking
    begins and of each block judged."""
    return _Update(store, ctx, settings, rules, progress, given or {}).run(files, stamps, read)


def forget_context(store: ClaimStore, ctx: str) -> None:
    """Drop everything stored of a context (its next check starts from nothing)."""
    with store.transaction():
        store.context(ctx).forget()


def entity_claims(store: ClaimStore, ctx: str, entities: Iterable[str]) -> dict[str, list[Claim]]:
    """The linked claims of each entity (by name) as the state of ``ctx`` holds them, those of
    its subjects only (not their sentence mates), by document then text order; an entity the
    state does not know has none (read from the state's block members alone)."""
    tables = store.context(ctx)
    blocks: dict[BlockKey, dict[str, BlockMembers]] = {}
    for key, doc_id, members in tables.members_of({(ENTITY, name) for name in entities}, skip=set()):
        blocks.setdefault(key, {})[doc_id] = members
    claims = _decoded(tables.names(), blocks)
    return {key[1]: [claim for doc_id in sorted(by_doc) for claim in claims[doc_id, by_doc[doc_id]]
                     if claim.subject is not None and claim.subject.entity == key[1]]
            for key, by_doc in sorted(blocks.items())}


@dataclass
class _KeptState:
    """What this process keeps in memory of a context's stored state between runs on one store
    (``ClaimStore.memo``), as of the state's ``version``: its files, and its alias index once a
    run made one."""

    version: int
    files: StoredFiles
    index: AliasIndex | None = None


def _keep(store: ClaimStore, ctx: str, kept: _KeptState) -> None:
    """Keep ``kept`` for ``ctx``, and nothing of other contexts: a long-running desk whose
    settings change (a fact added by triage) moves to a new context, and an index of a large
    archive is hundreds of megabytes."""
    store.memo.clear()
    store.memo[ctx] = kept


def keep_alias_index(store: ClaimStore, ctx: str, settings: Settings) -> None:
    """Make and keep in ``store.memo`` the alias index of the stored state of ``ctx``, unless
    one is kept: the next check that changes names (a draft tried against the state) then
    clusters only the names it touches. Raises StaleState when the store lost what the state
    refers to."""
    version = store.context(ctx).version()
    kept = store.memo.get(ctx)
    if kept is not None and kept.version != version:
        kept = None
    if version is None or kept is not None and kept.index is not None:
        return
    files = kept.files if kept is not None else store.context(ctx).files()
    index = _indexed(_Entries(store), {doc.id: doc.link_key for file in files.values() for doc in file.documents},
                     settings)
    index.settle()
    _keep(store, ctx, _KeptState(version, files, index))


def _indexed(entries: _Entries, link_keys: Mapping[str, str], settings: Settings) -> AliasIndex:
    """An alias index with the stored evidence of documents (by id: their link keys) tallied."""
    index = AliasIndex(dict(settings.aliases))
    ids = sorted(link_keys)
    for doc_id, (_, evidence) in zip(ids, entries.evidence([link_keys[doc_id] for doc_id in ids])):
        index.add(doc_id, evidence)
    return index


class StaleState(Exception):
    """The store lost content that a context's state refers to: check that context afresh."""


@dataclass(frozen=True)
class _Changes:
    """How the documents of this run's files differ from those the state holds."""

    before: Mapping[str, StoredDocument]  # by id, as the state holds them
    now: Mapping[str, StoredDocument]  # by id, as this run's files hold them
    edited: frozenset[str]  # new, or with another link key than before
    removed: frozenset[str]  # gone since
    from_scratch: bool  # there was no state

    @property
    def changed(self) -> frozenset[str]:
        return self.edited | self.removed

    def link_keys(self, doc_id: str) -> tuple[str | None, str | None]:
        """A document's link key in the state and now (None where it is missing)."""
        old, new = self.before.get(doc_id), self.now.get(doc_id)
        return (old.link_key if old else None), (new.link_key if new else None)


@dataclass(frozen=True)
class _Renaming:
    """What clustering the names again changed: the unchanged documents some of whose keys now
    have another name, and whether every block must be judged again (a fact's subject may
    name another entity now)."""

    documents: frozenset[str]
    rejudge_all: bool


_NOT_RENAMED = _Renaming(frozenset(), False)


@dataclass(frozen=True)
class _TouchedBlocks:
    """The blocks an update touched: the fresh members of the redone documents by block, every
    block to judge again, the findings of the redone documents' own blocks, and the entity
    blocks to judge again in part, each with the members the redone and removed documents had
    in it before (rules/blocks.py ``ties``)."""

    fresh: dict[BlockKey, dict[str, BlockMembers]]
    wanted: set[BlockKey]
    own_findings: dict[BlockKey, list[Finding]]
    in_part: dict[BlockKey, dict[str, BlockMembers]]


class _Update:
    """One run's update of a context's state, in steps: read the changed files, see which
    documents changed, cluster the names again if needed, refresh the adoptions, update the
    blocks, judge them, save."""

    def __init__(self, store: ClaimStore, ctx: str, settings: Settings, rules: Sequence[Rule],
                 progress: Progress | None = None, given: Mapping[str, Sequence[Document]] | None = None) -> None:
        self.store, self.settings, self.progress = store, settings, progress
        self.ctx = ctx
        self.given = given or {}
        self.tables = store.context(ctx)
        self.document_rules = [rule for rule in rules if rule.scope == DOCUMENT]
        self.corpus_rules = [rule for rule in rules if rule.scope != DOCUMENT]
        self.fewest = {scope: fewest_claims(rules, scope, settings) for scope in SCOPES}
        self.entries = _Entries(store)
        self.names: Mapping[str, str] = self.tables.names()
        # The names two documents or more give: stored, or made again when the names are.
        self.shared: AbstractSet[str] | None = None
        # The alias index of the corpus's documents, once the names are clustered again.
        self.index: AliasIndex | None = None
        # The state version this update starts from (``ContextState.version``), and what this
        # process kept in memory of that state (None when it kept nothing of it).
        self.base_version: int | None = None
        self.kept: _KeptState | None = None
        # The documents' changes, and the files as saved (set by the update's steps).
        self._changes: _Changes | None = None
        self._saved = StoredFiles({}, {})
        # The blocks judging left out, over the time limit.
        self.late: list[ReadError] = []

    def run(self, files: Sequence[str], stamps: Mapping[str, str], read: Reader) -> CheckedCorpus:
        """Read the changed files, then update the state in one transaction (reading there what
        another run changed meanwhile)."""
        self.base_version = self.tables.version()
        if not self.given:
            unchanged = self._unchanged(files, stamps)
            if unchanged is not None:
                return unchanged
        kept = self.store.memo.pop(self.ctx, None)  # put back once this run is through
        self.kept = kept if kept is not None and kept.version == self.base_version else None
        before = self.kept.files if self.kept is not None else self.tables.files()
        read_now = self._read_files(read, _files_to_read(files, stamps, before), stamps, in_transaction=False)
        try:
            with self.store.transaction(commit=not self.given):
                if self.tables.version() != self.base_version:  # another run updated this context meanwhile
                    self.base_version, before, self.kept = self.tables.version(), self.tables.files(), None
                    extra = [path for path in _files_to_read(files, stamps, before) if path not in read_now]
                    read_now.update(self._read_files(read, extra, stamps, in_transaction=True))
                checked = self._update(files, before, read_now)
        except BaseException:
            self.store.memo.pop(self.ctx, None)
            raise
        self._keep_state(before)
        return checked

    def _unchanged(self, files: Sequence[str], stamps: Mapping[str, str]) -> CheckedCorpus | None:
        """What the state found, when ``files`` have the paths and stamps of its summary and the
        state is the one the summary was saved with (the context is marked used last); else None."""
        listing = listing_digest(files, stamps)
        summary = self.tables.summary() if listing is not None else None
        if summary is None or summary.listing != listing or summary.version != self.base_version:
            return None
        with self.store.transaction():
            self.tables.touch(MAX_CONTEXTS)
            version = self.tables.version()
            assert version is not None
            self.tables.save_summary(replace(summary, version=version))
            findings = tuple(self.tables.findings())
            names = self._all_names() if self.settings.facts or self.settings.aliases else {}
        kept = self.store.memo.get(self.ctx)
        if kept is not None and kept.version == self.base_version:
            kept.version = version  # the same state, under its new version
        return CheckedCorpus(summary.document_ids, summary.claims, findings, summary.errors, names)

    def _update(self, files: Sequence[str], before: StoredFiles, read_now: Mapping[str, StoredFile]) -> CheckedCorpus:
        """The steps after reading, from the stored files ``before`` to this run's (``before``
        with the files read now)."""
        after = before.updated(files, read_now)
        changes = self._changes = _changes(before, after, read_now)
        begin(self.progress, LINKING)
        renaming = self._recluster_names(changes)
        if not self.store.runs_again:
            self.index = None  # nothing is kept for a next run: free it before linking and judging
        touched, redone, untrusted = self._link(after, changes, renaming)
        self.entries.forget_linked()  # judging needs the blocks' members only
        self._judge_blocks(touched, redone, changes)
        self._save(before, after, read_now.keys(), untrusted)
        ids, claims, errors = self._documents_checked(files, before, read_now)
        found = CheckedCorpus(ids, claims, tuple(self.tables.findings()), (*errors, *self.late),
                              self._all_names() if self.settings.facts or self.settings.aliases else {})
        if self.late:  # a block over the time limit: keep no state, so that the next run judges it again
            self.tables.forget()
        else:
            self._save_summary(files, found)
        return found

    def _documents_checked(self, files: Sequence[str], before: StoredFiles,
                           read_now: Mapping[str, StoredFile]) -> tuple[tuple[str, ...], int, tuple[ReadError, ...]]:
        """The ids of the documents of ``files`` (in file order), how many claims they hold, and
        the files' problems: from the summary of the state this update started from when the
        files are those it checked and the files read now have the documents and problems they
        had (their claims counted again), else from every file's row."""
        summary = self.tables.summary()
        same = (summary is not None and summary.version == self.base_version and len(files) == len(before)
                and all(path in before for path in files)
                and all([doc.id for doc in file.documents] == [doc.id for doc in before[path].documents]
                        and file.errors == before[path].errors for path, file in read_now.items()))
        if same:
            assert summary is not None
            claims = summary.claims + sum(doc.claims for file in read_now.values() for doc in file.documents) - sum(
                doc.claims for path in read_now for doc in before[path].documents)
            return summary.document_ids, claims, summary.errors
        after = [read_now[path] if path in read_now else before[path] for path in files]
        return (tuple(doc.id for file in after for doc in file.documents),
                sum(doc.claims for file in after for doc in file.documents),
                tuple(e for file in after for e in file.errors))

    def _link(self, after: StoredFiles, changes: _Changes,
              renaming: _Renaming) -> tuple[_TouchedBlocks, frozenset[str], set[str]]:
        """Refresh the adoptions and the blocks of the documents whose links or adoptions changed;
        return the blocks touched, those documents, and the files that changed since this run
        read them (what linking made of the documents is not kept)."""
        shared = self.shared if self.shared is not None else self.tables.shared_names()
        documents = _Documents(self.store, self.settings, self.entries, after, self.names, shared,
                               frozenset(rule.code for rule in self.document_rules), self.given)
        relinked = changes.edited | renaming.documents
        adopted = self._refresh_adoptions(documents, relinked, changes)
        redone = relinked | frozenset(adopted)
        return self._update_blocks(documents, redone, changes, adopted, renaming), redone, documents.untrusted

    def _save_summary(self, files: Sequence[str], found: CheckedCorpus) -> None:
        """Store what this update found with the listing of the files as saved (none when a file
        is to be read again)."""
        listing = listing_digest(files, {path: self._saved.stamp(path) for path in files})
        version = self.tables.version()
        self.tables.save_summary(None if listing is None or version is None else StateSummary(
            listing, version, found.document_ids, found.claims, found.errors))

    def _all_names(self) -> dict[str, str]:
        """Every key's name as this update leaves them (a copy: a trial's index is put back)."""
        if isinstance(self.names, dict):
            return dict(self.names)
        if self.kept is not None and self.kept.index is not None:
            return dict(self.kept.index.names)
        return self.tables.all_names()

    def _read_files(self, read: Reader, paths: Sequence[str], stamps: Mapping[str, str],
                    in_transaction: bool) -> dict[str, StoredFile]:
        """Read and analyse ``paths``: keep what this run needs of their documents, and store
        what was made (in batches, or in the open transaction)."""
        out: dict[str, StoredFile] = {}
        analyses: list[tuple[str, bytes]] = []
        links: list[tuple[str, bytes, bytes, bytes]] = []
        parses: list[tuple[str, bytes]] = []
        for outcome in read(paths):
            documents = []
            for entry in outcome.documents:
                claims = self.entries.add(entry)
                if entry.analysis is not None:
                    analyses.append((entry.key, entry.analysis))
                    links.append((entry.link_key, entry.evidence, entry.linked, entry.members))
                parses.extend(entry.parses)
                documents.append(StoredDocument(entry.document_id, entry.key, entry.link_key, claims))
            stamp = stamps[outcome.path] if outcome.complete else ""
            out[outcome.path] = StoredFile(stamp, tuple(documents), outcome.errors)
            if len(analyses) >= _BATCH:
                self._store_entries(analyses, links, parses, in_transaction)
                analyses, links, parses = [], [], []
        self._store_entries(analyses, links, parses, in_transaction)
        return out

    def _store_entries(self, analyses: list[tuple[str, bytes]], links: list[tuple[str, bytes, bytes, bytes]],
                       parses: list[tuple[str, bytes]], in_transaction: bool) -> None:
        """Store what reading made: in the open transaction, or in batches of their own."""
        if in_transaction:
            self.store.put_entries(analyses, links, parses)
        else:
            self.store.put_many(analyses)
            self.store.put_links(links)
            self.store.put_parses(parses)

    def _recluster_names(self, changes: _Changes) -> _Renaming:
        """Cluster the corpus's names again when there is no state or a changed document names
        other things than its previous version did; store them and say what they renamed.

        The alias index of the stored state is kept in memory between runs on one store
        (``ClaimStore.memo``): a changed document re-clusters only the names it touches, so a
        draft tried against a large archive costs no clustering of the archive's names."""
        if not changes.from_scratch and not self._names_changed(changes):
            return _NOT_RENAMED
        self.index = self._alias_index(changes)
        change = self.index.settle()
        self.tables.rename(change.renamed, self.index.names)
        self.tables.share(change.no_longer_shared, change.now_shared)
        self.names, self.shared = self.index.names, self.index.shared
        if changes.from_scratch:
            return _NOT_RENAMED
        # Keys whose name another document now gives, or no longer gives: an unparsed document
        # with one of them is linked again (link.link_document, ``deferred``).
        flipped = change.now_shared | change.no_longer_shared
        unshared = {key for key, name in self.names.items() if name in flipped} - change.renamed if flipped else set()
        holders = self.index.holders
        documents = {doc_id for key in change.renamed for doc_id in holders(key)}
        documents |= {doc_id for key in unshared for doc_id in holders(key)
                      if self._deferred(changes.now[doc_id].link_key)}
        return _Renaming(frozenset(documents - changes.edited), rejudge_all=bool(self.settings.facts and change.renamed))

    def _alias_index(self, changes: _Changes) -> AliasIndex:
        """The alias index of the corpus's documents as this run has them (to settle): with no
        state, their evidence tallied now (after reading, not while: the index is the main
        process's largest structure, and the workers are gone by now); else the stored state's
        with the changed documents' evidence swapped: the kept one, or else one made from the
        state's stored evidence and settled, so that what the next settle reports is what this
        run changes (the names and shared names stored)."""
        if changes.from_scratch:
            return _indexed(self.entries, {doc_id: changes.now[doc_id].link_key for doc_id in changes.now},
                            self.settings)
        if self.kept is not None and self.kept.index is not None:
            index, self.kept.index = self.kept.index, None
        else:
            index = _indexed(self.entries, {doc_id: doc.link_key for doc_id, doc in changes.before.items()},
                             self.settings)
            index.settle()
        self._swap_evidence(index, changes, forward=True)
        return index

    def _swap_evidence(self, index: AliasIndex, changes: _Changes, forward: bool) -> None:
        """Tally in ``index`` the changed documents' evidence as they are now in place of what
        the state holds (``forward``), or back."""
        versions = {doc_id: changes.link_keys(doc_id) for doc_id in sorted(changes.changed)}
        found = dict(self.entries.evidence(sorted({link for pair in versions.values() for link in pair if link})))
        for doc_id, (old, new) in versions.items():
            take, give = (old, new) if forward else (new, old)
            if take is not None:
                index.remove(doc_id, found[take])
            if give is not None:
                index.add(doc_id, found[give])

    def _keep_state(self, before: StoredFiles) -> None:
        """Keep the state's files and alias index for the next run on this store, as of the state
        now stored: a trial's documents are taken out of the index again. A store opened for
        one run keeps nothing."""
        index, self.index = self.index, None  # settled for this run's documents, if their names changed
        if not self.store.runs_again:
            return
        version = self.tables.version()
        if version is None:  # the state was dropped (a block over the time limit)
            return
        if index is not None and self.given and self._changes is not None:
            self._swap_evidence(index, self._changes, forward=False)
            index.settle()
        if index is None and self.kept is not None:
            index = self.kept.index
        if self.given:
            _keep(self.store, self.ctx, _KeptState(version, before, index))
        else:
            _keep(self.store, self.ctx, _KeptState(version, self._saved, index))

    def _deferred(self, link: str) -> bool:
        """Whether a document went unparsed."""
        return self.entries.linked(link).links.deferred

    def _names_changed(self, changes: _Changes) -> bool:
        """Whether a changed document names other things than its previous version did."""
        versions = [changes.link_keys(doc_id) for doc_id in sorted(changes.changed)]
        found = dict(self.entries.evidence([link for pair in versions for link in pair if link is not None]))
        return any(found.get(old, _NO_EVIDENCE) != found.get(new, _NO_EVIDENCE) for old, new in versions)

    def _refresh_adoptions(self, documents: _Documents, redone: frozenset[str],
                           changes: _Changes) -> dict[str, dict[int, str]]:
        """Store the known and weak subjects of the ``redone`` documents (whose links changed);
        return what each document adopts whose adoptions changed (or whose links did)."""
        touched = self.tables.subjects_known_by(redone | changes.removed)
        before = {scoped: self.tables.known_entities(scoped) for scoped in touched}
        known, weak = {}, {}
        for doc_id in sorted(redone):
            links = documents.base_links(doc_id)
            known[doc_id], weak[doc_id] = known_subjects(links, self.names), weak_subjects(links, self.names)
        self.tables.replace_subjects(redone | changes.removed, known, weak)
        known_now = cache(self.tables.known_entities)
        stored: dict[str, dict[int, str]] = {}
        if not changes.from_scratch:  # else every document is redone
            touched |= {(attribute, scope) for subjects in known.values() for attribute, scope, _ in subjects}
            moved = {scoped for scoped in touched if before.get(scoped, frozenset()) != known_now(scoped)}
            revisit = self.tables.docs_weak_on(moved) - redone
            stored = {doc_id: dict(state.adopted) for doc_id, state in self.tables.document_states(revisit).items()}
        out = {}
        for doc_id in sorted(redone | stored.keys()):
            now = adopted_entities(documents.base_links(doc_id), self.names, known_now)
            if doc_id in redone or now != stored[doc_id]:
                out[doc_id] = now
        return out

    def _update_blocks(self, documents: _Documents, redone: frozenset[str], changes: _Changes,
                       adopted: Mapping[str, dict[int, str]], renaming: _Renaming) -> _TouchedBlocks:
        """Store the block members and states of the ``redone`` documents (judging each one's own
        block on the way); return the blocks they add claims to or took claims from, but those
        whose members they left as they were (an edit elsewhere in the article)."""
        removed = changes.removed
        previous = self.tables.document_states(redone | removed)
        own_findings: dict[BlockKey, list[Finding]] = {}
        fresh: dict[BlockKey, dict[str, BlockMembers]] = {}
        states = {}
        for doc_id in sorted(redone):
            mine, own = documents.blocks_of(doc_id, adopted.get(doc_id, {}))
            if own:
                own_findings.update(judge(self.document_rules, {(DOCUMENT, doc_id): own}, self.settings, self.names))
            for key, members in mine.items():
                fresh.setdefault(key, {})[doc_id] = members
            states[doc_id] = DocumentState(tuple(sorted(mine)), tuple(sorted(adopted.get(doc_id, {}).items())))
        before = {key for state in previous.values() for key in state.blocks}
        left = {key for doc_id in removed if doc_id in previous for key in previous[doc_id].blocks}
        # The members the redone and removed documents had (read before they are replaced): when the
        # names stay as they were, the other documents' members are too, and a block whose redone
        # documents kept theirs claim for claim keeps its findings.
        old: dict[BlockKey, dict[str, BlockMembers]] | None = None
        if renaming == _NOT_RENAMED and not changes.from_scratch:
            old = {}
            pairs = [(key, doc_id) for doc_id, state in sorted(previous.items()) for key in state.blocks]
            for key, doc_id, members in self.tables.members_at(pairs):
                old.setdefault(key, {})[doc_id] = members
        unchanged = set() if old is None else _unchanged_blocks((before - left) & fresh.keys(), old, fresh)
        self.tables.replace_members([(key, doc_id) for doc_id, state in previous.items() for key in state.blocks],
                                    fresh)
        self.tables.save_document_states(removed, states)
        wanted = (before | fresh.keys()) - unchanged
        if renaming.rejudge_all:
            wanted |= self.tables.member_blocks()
        in_part = {} if old is None else {key: old.get(key, {}) for key in wanted if key[0] == ENTITY}
        return _TouchedBlocks(fresh, wanted, own_findings, in_part)

    def _judge_blocks(self, touched: _TouchedBlocks, redone: frozenset[str], changes: _Changes) -> None:
        """Judge again the touched blocks that hold enough claims for a rule (their fresh members
        and the other documents' stored ones); store their findings and those of the redone
        documents' own blocks in place of the blocks' previous findings."""
        blocks = touched.fresh
        if not changes.from_scratch:  # else every member is fresh
            blocks = {key: dict(touched.fresh.get(key, {})) for key in touched.wanted}
            for key, doc_id, members in self.tables.members_of(touched.wanted, skip=redone):
                blocks[key][doc_id] = members
        judged = {key: by_doc for key, by_doc in blocks.items() if self.fewest[key[0]] is not None
                  and sum(members.size for members in by_doc.values()) >= self.fewest[key[0]]}
        in_part = {key: previous for key, previous in touched.in_part.items() if key in judged}
        stored = self.tables.findings_of(in_part)
        parts = {key: _judged_in_part(judged[key], previous, redone, stored.get(key, []), self.names)
                 for key, previous in in_part.items()}
        found = dict(touched.own_findings)
        judged_now, self.late = judge_each(
            self.corpus_rules, _BlockClaims(judged, self.names, {key: part.claims for key, part in parts.items()}),
            self.settings, self.names, in_phase(self.progress, JUDGING))
        found.update(judged_now)
        for key, part in parts.items():
            if part.standing or key in judged_now:
                found[key] = [*part.standing, *judged_now.get(key, [])]
        stale = touched.wanted | {(DOCUMENT, doc_id) for doc_id in redone | changes.removed}
        self.tables.replace_findings(stale, found)

    def _save(self, before: StoredFiles, after: StoredFiles, read: AbstractSet[str], untrusted: set[str]) -> None:
        """Save the files read now and drop those gone (the files in ``untrusted`` to be read
        again next time), mark this context used last, and collect the entries no context
        refers to."""
        saved = self._saved = after.updated(after, {path: replace(after[path], stamp="") for path in untrusted})
        self.tables.save_files([path for path in before if path not in saved],
                               {path: saved[path] for path in read | untrusted if before.get(path) != saved[path]})
        self.tables.touch(MAX_CONTEXTS)
        self.store.collect_garbage(GARBAGE_FACTOR, GARBAGE_SLACK)


class _Entries:
    """Stored document entries by link key, as this run needs them: LinkedDocuments and block
    members (from this run's reading, else from the store: decoded whole only when asked for),
    and the alias evidence of the documents read now (that of the others is read from the
    store when asked for)."""

    def __init__(self, store: ClaimStore) -> None:
        self.store = store
        self._linked: dict[str, LinkedDocument] = {}
        self._encoded: dict[str, bytes] = {}  # LinkedDocuments read from the store, not decoded yet
        self._members: dict[str, bytes] = {}
        self._evidence: dict[str, bytes] = {}

    def add(self, entry: DocumentEntry) -> int:
        """Keep what reading gave of a document, encoded; its number of claims."""
        self._linked.pop(entry.link_key, None)
        self._encoded[entry.link_key] = entry.linked
        self._members[entry.link_key] = entry.members
        self._evidence[entry.link_key] = entry.evidence
        return linked_claims(entry.linked)

    def linked(self, link: str) -> LinkedDocument:
        """The LinkedDocument (under the document's own names) of a link key."""
        if link not in self._linked:
            if link not in self._encoded:
                self._load([link])
            self._linked[link] = decode_linked(self._encoded.pop(link))
        return self._linked[link]

    def member_subjects(self, link: str) -> tuple[dict[int, tuple[SubjectRef, str | None]], tuple[int, ...]]:
        """The subjects (and statuses) of a link key's claims by index, and the indices of its
        block members (``LinkedDocument.members``)."""
        if link not in self._linked and link not in self._encoded:
            self._load([link])
        if link in self._linked:
            linked = self._linked[link]
            subjects, members = linked.links.subjects, linked.members
        else:
            subjects, members = decode_member_subjects(self._encoded[link])
        return {i: (ref, status) for i, ref, status in subjects}, members

    def member_rows(self, link: str) -> list:
        """The encoded claims of a link key's block members, in ``LinkedDocument.members`` order."""
        if link not in self._members:
            self._load([link])
        return unpack(self._members[link])

    def forget_linked(self) -> None:
        """Let go of the decoded LinkedDocuments (one per document after a check from no state);
        one asked for again is read from the store."""
        self._linked.clear()
        self._encoded.clear()

    def evidence(self, links: Sequence[str]) -> Iterator[tuple[str, AliasEvidence]]:
        """(link key, alias evidence) of documents, from this run's reading or the store."""
        for start in range(0, len(links), QUERY_CHUNK):
            chunk = links[start:start + QUERY_CHUNK]
            missing = [link for link in chunk if link not in self._evidence]
            stored = self.store.get_links(missing) if missing else {}
            if any(link not in stored for link in missing):
                raise StaleState("the cache lost documents this check refers to")
            for link in chunk:
                yield link, decode_evidence(self._evidence[link] if link in self._evidence else stored[link][0])

    def _load(self, links: Sequence[str]) -> None:
        found = self.store.get_links(links, evidence=False)
        if any(link not in found for link in links):
            raise StaleState("the cache lost documents this check refers to")
        for link, (_, data, members) in found.items():
            if link not in self._linked:
                self._encoded[link] = data
            self._members[link] = members


class _Documents:
    """The documents of this run's files under the corpus's names ``names``: their links and
    block members, linked again (from their files) where the names or adoptions ask for it.
    Files that changed since this run read them collect in ``untrusted``."""

    def __init__(self, store: ClaimStore, settings: Settings, entries: _Entries, files: StoredFiles,
                 names: Mapping[str, str], shared: AbstractSet[str], document_rules: frozenset[str],
                 given: Mapping[str, Sequence[Document]]) -> None:
        self.store, self.settings, self.entries, self.names = store, settings, entries, names
        self.given = given
        self.shared = shared
        self.document_rules = document_rules
        self.stored = _StoredDocuments(files)
        self.untrusted: set[str] = set()
        self._relinked: dict[tuple[str, tuple], tuple[LinkedDocument, list[Claim]] | None] = {}
        self._disagrees: dict[str, bool] = {}
        self._reread: tuple[str, list[Document]] | None = None  # the last file read again

    def own_links(self, doc_id: str) -> LinkedDocument:
        """A document's LinkedDocument under its own names."""
        return self.entries.linked(self.stored[doc_id].link_key)

    def needs_corpus_names(self, doc_id: str) -> bool:
        """Whether the corpus's names group the document's keys otherwise than its own did, or
        it went unparsed and another document gives one of its names."""
        if doc_id not in self._disagrees:
            links = self.own_links(doc_id).links
            self._disagrees[doc_id] = not names_agree(links, self.names) or links.deferred and any(
                self.names.get(members[0]) in self.shared for members in links.classes)
        return self._disagrees[doc_id]

    def base_links(self, doc_id: str) -> DocumentLinks:
        """A document's links before adoption: its own, or made again with the corpus's names."""
        relinked = self.relink(doc_id, {}) if self.needs_corpus_names(doc_id) else None
        return (relinked[0] if relinked else self.own_links(doc_id)).links

    def relink(self, doc_id: str, adopted: Mapping[int, str]) -> tuple[LinkedDocument, list[Claim]] | None:
        """A document linked with the corpus's names (and ``adopted``), and its linked claims;
        None when it cannot be read again."""
        memo = (doc_id, tuple(sorted(adopted.items())))
        if memo not in self._relinked:
            found = self.read_again(doc_id)
            if found is None:
                return None
            doc, analysis = found
            assert analysis.entities is not None
            keys = {m.key for m in (*analysis.entities.body, *analysis.entities.title)}
            names = {key: self.names.get(key, key) for key in keys}
            self._relinked[memo] = link_locally(doc, analysis, self.settings, names, adopted, self.shared)
        return self._relinked[memo]

    def read_again(self, doc_id: str) -> tuple[Document, DocumentAnalysis] | None:
        """A document and its analysis, read again (from memory for a given file; its analysis
        from the store when it has it); None when its file changed since this run read it,
        which is then untrusted (the document keeps what was made of it when it was read)."""
        path = self.stored.path_of(doc_id)
        if self._reread is None or self._reread[0] != path:  # a digest's documents come one after another
            docs = list(self.given[path]) if path in self.given else read_document_file(path, self.settings)[0]
            self._reread = (path, docs)
        doc = next((doc for doc in self._reread[1] if doc.id == doc_id), None)
        key = None if doc is None else document_key(doc, extraction_key(self.settings))
        if doc is None or key != self.stored[doc_id].key:
            self.untrusted.add(path)
            return None
        stored = self.store.get_many([key]).get(key)
        analysis = stored if stored is not None and stored.entities is not None else analysis_of(doc, self.settings)
        return doc, analysis

    def blocks_of(self, doc_id: str, adopted: Mapping[int, str]) -> tuple[dict[BlockKey, BlockMembers], list[Claim]]:
        """The blocks a document's linked claims belong to (other than its own), and the claims
        of its own block when a document-scope rule in use finds something in it."""
        relinked = self.relink(doc_id, adopted) if adopted or self.needs_corpus_names(doc_id) else None
        if relinked is not None:
            blocks = document_blocks(relinked[1])
            own = blocks.pop((DOCUMENT, doc_id), [])
            return {key: BlockMembers(len(claims), None, claims) for key, claims in blocks.items()}, own
        linked = self.own_links(doc_id)
        rows = self.member_rows(doc_id)
        mine = {}
        for key, indices in linked.blocks:
            if key[0] == ENTITY:
                key = (ENTITY, self.names.get(key[1], key[1]))
            mine[key] = BlockMembers(len(indices), encode_member_rows(rows[i] for i in indices), None)
        own = []
        if self.document_rules.intersection(linked.document_rules):
            document = self.read_again(doc_id)
            if document is not None:
                own = resolve(document[1].claims, linked.links, self.names)
        return mine, own

    def member_rows(self, doc_id: str) -> dict[int, tuple[list, SubjectRef | None, str | None]]:
        """(encoded claim, subject reference, status) of each of a document's block members
        linked with its own names, by claim index, from its stored entry."""
        link = self.stored[doc_id].link_key
        subjects, members = self.entries.member_subjects(link)
        return {i: (row, *subjects.get(i, (None, None))) for i, row in zip(members, self.entries.member_rows(link))}


def _files_to_read(files: Sequence[str], stamps: Mapping[str, str], before: StoredFiles) -> list[str]:
    """The files whose stamp is new, unknown, or not to be trusted."""
    return [path for path in files if not stamps[path] or path not in before or before.stamp(path) != stamps[path]]


def _changes(before: StoredFiles, after: StoredFiles, read: Mapping[str, StoredFile]) -> _Changes:
    """Which documents of this run's files (``after``) are new or changed since ``before``, and
    which are gone: only those of the files ``read`` now or gone can be."""
    gone = [path for path in before if path not in after]
    old = {doc.id: doc for path in (*read, *gone) if path in before for doc in before[path].documents}
    new = {doc.id: doc for path in read for doc in after[path].documents}
    removed = frozenset(old.keys() - new.keys())
    edited = frozenset(doc_id for doc_id, doc in new.items()
                       if doc_id not in old or old[doc_id].link_key != doc.link_key)
    return _Changes(_StoredDocuments(before), _StoredDocuments(after), edited, removed, from_scratch=not before)


class _StoredDocuments(Mapping[str, StoredDocument]):
    """The documents of checked files by id, each found through its file: a document's id is
    its file's name as text (``path_text``), after which a file of several documents puts "#"
    and the document's number."""

    def __init__(self, files: StoredFiles) -> None:
        self.files = files

    def path_of(self, doc_id: str) -> str:
        """The path of the file that holds a document; KeyError when none does."""
        shown = doc_id.rpartition("#")[0]
        for path in (doc_id, original_path(doc_id), shown, original_path(shown)):
            if path in self.files and any(doc.id == doc_id for doc in self.files[path].documents):
                return path
        raise KeyError(doc_id)

    def __getitem__(self, doc_id: str) -> StoredDocument:
        return next(doc for doc in self.files[self.path_of(doc_id)].documents if doc.id == doc_id)

    def __iter__(self) -> Iterator[str]:
        return (doc.id for file in self.files.values() for doc in file.documents)

    def __len__(self) -> int:
        return sum(len(file.documents) for file in self.files.values())


def _unchanged_blocks(candidates: set[BlockKey], old: Mapping[BlockKey, Mapping[str, BlockMembers]],
                      fresh: Mapping[BlockKey, Mapping[str, BlockMembers]]) -> set[BlockKey]:
    """The ``candidates`` in which every redone document has the members it had before (``old``),
    claim for claim: their findings stand."""
    return {key for key in candidates if old.get(key, {}).keys() == fresh[key].keys()
            and all(_same_members(old[key][doc_id], fresh[key][doc_id]) for doc_id in old[key])}


@dataclass(frozen=True)
class _Member:
    """One claim of a block as its members hold it: its id, what it is compared by (its encoded
    row, or the claim), its ties (rules/blocks.py) and its stored row, when it has one."""

    id: str
    written: object
    ties: tuple[tuple[object, ...], ...]
    row: list | None


def _members(members: BlockMembers, names: Mapping[str, str], subjects: dict) -> dict[str, _Member]:
    """A document's claims in a block by id, without decoding the stored ones."""
    if members.claims is not None:
        return {c.id: _Member(c.id, c, ties(c.subject, c.document_id, c.sentence, c.kind, c.unit), None)
                for c in members.claims}
    found = {}
    for row in unpack(members.rows):  # type: ignore[arg-type]
        encoded = row[0]
        claim_id = encoded[CLAIM_FIELD["id"]]
        found[claim_id] = _Member(claim_id, row, ties(
            member_subject(row, names, subjects), encoded[CLAIM_FIELD["document_id"]],
            encoded[CLAIM_FIELD["sentence"]], encoded[CLAIM_FIELD["kind"]], encoded[CLAIM_FIELD["unit"]]), row)
    return found


@dataclass(frozen=True)
class _Part:
    """What of an entity block is judged again after an edit: the claims tied to a changed one,
    and the block's previous findings that stand."""

    claims: list[Claim]
    standing: list[Finding]


def _judged_in_part(by_doc: Mapping[str, BlockMembers], previous: Mapping[str, BlockMembers], redone: frozenset[str],
                    findings: Sequence[Finding], names: Mapping[str, str]) -> _Part:
    """The part of an entity block (its members ``by_doc``) to judge again: the claims tied,
    directly or through other claims, to a claim the redone documents changed (their members
    before, ``previous``, against now), decoded; and of its ``findings`` before, those whose
    claims are all tied to none (a finding reads the claims of one part only: ``ties``)."""
    subjects: dict = {}
    now = {doc_id: _members(members, names, subjects) for doc_id, members in by_doc.items()}
    changed = []
    for doc_id in previous.keys() | (by_doc.keys() & redone):
        old = _members(previous[doc_id], names, subjects) if doc_id in previous else {}
        new = now.get(doc_id, {})
        for claim_id in old.keys() | new.keys():
            a, b = old.get(claim_id), new.get(claim_id)
            if a is None or b is None or a.written != b.written:
                changed.extend(member.ties for member in (a, b) if member is not None)
    parent: dict[tuple, tuple] = {}

    def root(tie: tuple) -> tuple:
        while parent[tie] != tie:
            parent[tie] = tie = parent[parent[tie]]
        return tie

    members = [member for by_id in now.values() for member in by_id.values()]
    for member in members:
        first = root(parent.setdefault(member.ties[0], member.ties[0]))
        for tie in member.ties[1:]:
            parent[root(parent.setdefault(tie, tie))] = first
    touched = {root(tie) for found in changed for tie in found if tie in parent}
    part = {member.id for member in members if root(member.ties[0]) in touched}
    claims = [decode_member_row(member.row, names, subjects) if member.row is not None else member.written
              for doc_id in sorted(now) for member in now[doc_id].values() if member.id in part]
    present = {member.id for member in members}
    standing = [finding for finding in findings if all(c.id in present and c.id not in part for c in finding.claims)]
    return _Part(claims, standing)  # type: ignore[arg-type]


def _same_members(old: BlockMembers, new: BlockMembers) -> bool:
    """Whether a document's members of a block before and now are the same claims."""
    if old.size != new.size or (old.claims is None) != (new.claims is None):
        return False
    return old.claims == new.claims if new.claims is not None else old.rows == new.rows


class _BlockClaims(Mapping[BlockKey, list[Claim]]):
    """The linked claims of each block to judge (by document, then text order), decoded from its
    members when asked for and not kept: judging a corpus from no state holds one block's claims
    at a time, not every block's. A block judged in part has the claims ``parts`` gives it."""

    def __init__(self, blocks: Mapping[BlockKey, Mapping[str, BlockMembers]], names: Mapping[str, str],
                 parts: Mapping[BlockKey, list[Claim]]) -> None:
        self._blocks, self._names, self._parts = blocks, names, parts

    def __getitem__(self, key: BlockKey) -> list[Claim]:
        if key in self._parts:
            return self._parts[key]
        by_doc = self._blocks[key]
        claims = _decoded(self._names, {key: by_doc})
        return [claim for doc_id in sorted(by_doc) for claim in claims[doc_id, by_doc[doc_id]]]

    def __iter__(self) -> Iterator[BlockKey]:
        return iter(self._blocks)

    def __len__(self) -> int:
        return len(self._blocks)


def _decoded(names: Mapping[str, str],
             blocks: Mapping[BlockKey, Mapping[str, BlockMembers]]) -> dict[tuple[str, BlockMembers], list[Claim]]:
    """The linked claims of each document's members of ``blocks`` (those stored as rows named
    with ``names``)."""
    return {(doc_id, members): members.claims if members.claims is not None
            else decode_member_rows(members.rows, names)  # type: ignore[arg-type]
            for by_doc in blocks.values() for doc_id, members in by_doc.items()}
