"""The checked state of a corpus, kept in the store, so that a re-run redoes only what changed.

A run context (``context_id``: the paths asked for, the settings, the rules and this code)
keeps in the store (tables in store.py):

- files: each file's stamp (path, size, times, inode) when it was read, its documents (id,
  document key, link key, claims) and its problems; a file whose stamp is unchanged is not
  read again;
- names: the entity name of every entity key (alias clustering over the whole corpus);
- known / weak: the scoped subjects whose entity a document's text gives, and those whose
  entity only its title gives (which the corpus-wide adoption step may resolve);
- docs: per document, the blocks it adds claims to and the entities it adopted;
- members: per block (rules/blocks.py), each document's linked claims in it;
- findings: per block with findings, its findings.

``check_state`` brings the state up to date and returns the corpus's findings. Only the
files whose stamp changed are read, and only documents whose content changed are analysed
(or taken from the store's content tables); names are clustered again only when a changed
document names other things than before; adoptions are revisited only for subjects whose
known entities changed; rules judge again only the blocks that changed documents add claims
to or took claims from. A run from no state does all of it, once. A run's state is written
in one transaction: a killed run leaves the previous state.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import ModuleType

from consistency.engine.analyse import FileOutcome, analysis_of, link_locally, read_document_file
from consistency.link import adopted_entities, counted_names, known_subjects, names_agree, resolve, weak_subjects
from consistency.link.aliases import AliasCounts
from consistency.model import AliasEvidence, Claim, Document, DocumentAnalysis, Finding, LinkedDocument, ReadError
from consistency.rules.blocks import DOCUMENT, ENTITY, SCOPES, BlockKey, document_blocks, fewest_claims, judge
from consistency.settings import Settings
from consistency.engine.store import (CHECKER_VERSION, CONTEXT_TABLES, ClaimStore, decode_claims, decode_errors,
                               decode_evidence, decode_findings, decode_linked, deserialize_claim, document_key,
                               drop_entries_except,
                               encode_claims, encode_errors, encode_findings, settings_key, unpack)

# Run contexts kept in the store; the least recently used beyond these are dropped.
MAX_CONTEXTS = 8
# Stored documents beyond GARBAGE_FACTOR times those of the kept contexts, plus GARBAGE_SLACK,
# send the run collecting the ones no context refers to.
GARBAGE_FACTOR = 2
GARBAGE_SLACK = 1000
# Values per `IN (...)` query.
_CHUNK = 500
# Documents whose analyses are stored per transaction while files are read.
_BATCH = 256
_NO_EVIDENCE = AliasEvidence(())

Reader = Callable[[Sequence[str]], Iterable[FileOutcome]]


def context_id(paths: Sequence[str], settings: Settings, rules: Sequence[ModuleType]) -> str:
    """What a check is asked to do: the paths, the settings that decide findings (not the exit
    threshold or the report files; an FX table by its content), the rules, and this code."""
    decisive = replace(settings, fail_on="", reports=())
    asked = json.dumps([list(paths), repr(decisive), settings_key(settings), [rule.code for rule in rules],
                        CHECKER_VERSION])
    return hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class CheckedCorpus:
    """What a check found: the ids of the documents checked (in file order), how many claims
    they hold, the findings (in no particular order) and the problems of the files."""

    document_ids: tuple[str, ...]
    claims: int
    findings: tuple[Finding, ...]
    errors: tuple[ReadError, ...]


def check_state(store: ClaimStore, ctx: str, files: Sequence[str], stamps: Mapping[str, str], read: Reader,
                settings: Settings, rules: Sequence[ModuleType]) -> CheckedCorpus:
    """Bring the state of ``ctx`` up to date with ``files`` and return what the check finds.

    ``stamps`` are the files' stamps, taken before reading ("" for a file to read whatever
    its last stamp was); ``read`` reads and analyses files (in any order). What it made is
    stored as it comes, in batches; the state is updated in one transaction at the end.
    Raises sqlite3.DatabaseError when the store fails, StaleState when it lost entries the
    state refers to."""
    return _Update(store, ctx, settings, rules).run(files, stamps, read)


def forget_context(store: ClaimStore, ctx: str) -> None:
    """Drop everything stored of a context (its next check starts from nothing)."""
    with store.transaction() as conn:
        for table in CONTEXT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE ctx = ?", (ctx,))


class StaleState(Exception):
    """The store lost content that a context's state refers to: check that context afresh."""


@dataclass(frozen=True, slots=True, eq=False)
class _Members:
    """A document's claims in one block: how many, and either their indices in its stored
    members (linked with its own names) or the claims (linked with the corpus's names)."""

    size: int
    indices: tuple[int, ...]
    claims: list[Claim] | None


@dataclass(frozen=True)
class _File:
    stamp: str  # "" when the file must be read again next time
    documents: tuple[tuple[str, str, str, int], ...]  # (document id, document key, link key, claims)
    errors: tuple[ReadError, ...]


class _Update:
    """One run's update of a context's state."""

    def __init__(self, store: ClaimStore, ctx: str, settings: Settings, rules: Sequence[ModuleType]) -> None:
        self.store, self.ctx, self.settings, self.rules = store, ctx, settings, rules
        self.conn = store.connection
        self.document_rules = frozenset(r.code for r in rules if r.scope == DOCUMENT)
        self.names: Mapping[str, str] = _StoredNames(self.conn, ctx)
        self.known = _KnownSets(self.conn, ctx)
        self._linked: dict[str, LinkedDocument] = {}  # link key -> local LinkedDocument
        self._members: dict[str, bytes] = {}  # link key -> raw block members
        self._evidence: dict[str, bytes] = {}  # link key -> alias evidence, for documents that changed
        # The alias evidence of every document, added up while reading when there is no state yet.
        self.counts: AliasCounts | None = None
        self._relinked: dict[tuple[str, tuple], tuple[LinkedDocument, list[Claim]]] = {}
        self.paths: dict[str, str] = {}  # document id -> its file
        self.keys: dict[str, tuple[str, str]] = {}  # document id -> (document key, link key)
        self.untrusted: set[str] = set()  # files that changed while this run read them
        self._reread: tuple[str, list[Document]] | None = None  # the last file read again
        self.judge_everything = False
        self._disagrees: dict[str, bool] = {}  # document id -> whether it needs the corpus's names

    def run(self, files: Sequence[str], stamps: Mapping[str, str], read: Reader) -> CheckedCorpus:
        version = self._version()
        before = self._load_files()
        if not before:
            self.counts = AliasCounts()
        outcomes = self._read(read, _to_read(files, stamps, before), stamps, in_transaction=False)
        with self.store.transaction():
            if self._version() != version:  # another run updated this context meanwhile
                before, self.counts = self._load_files(), None
                extra = [p for p in _to_read(files, stamps, before) if p not in outcomes]
                outcomes.update(self._read(read, extra, stamps, in_transaction=True))
            after = {p: outcomes[p] if p in outcomes else before[p] for p in files}
            return self._update(files, before, after)

    def _update(self, files: Sequence[str], before: Mapping[str, _File], after: dict[str, _File]) -> CheckedCorpus:
        old_docs = {d[0]: d for f in before.values() for d in f.documents}
        new_docs = {d[0]: d for p in files for d in after[p].documents}
        for p in files:
            for doc_id, key, link, _ in after[p].documents:
                self.paths[doc_id], self.keys[doc_id] = p, (key, link)
        changed = {d for d in old_docs.keys() | new_docs.keys()
                   if (old_docs[d][2] if d in old_docs else None) != (new_docs[d][2] if d in new_docs else None)}
        removed = changed - new_docs.keys()
        everything = not before
        renamed = self._cluster(new_docs, changed) if everything or self._names_change(changed, old_docs, new_docs) \
            else set()
        self.counts = None
        redone = (changed - removed) | renamed
        adopted = self._update_adoptions(redone, removed, everything)
        self._update_blocks(redone | adopted.keys(), removed, adopted, everything)
        for path in self.untrusted & after.keys():
            after[path] = replace(after[path], stamp="")
        self._save_files(before, after)
        self._touch()
        self._collect_garbage()
        documents = [d[0] for p in files for d in after[p].documents]
        errors = [e for p in files for e in after[p].errors]
        return CheckedCorpus(tuple(documents), sum(new_docs[d][3] for d in documents), tuple(self._findings()),
                             tuple(errors))

    def _version(self) -> int | None:
        row = self.conn.execute("SELECT used FROM contexts WHERE ctx = ?", (self.ctx,)).fetchone()
        return row[0] if row else None

    def _read(self, read: Reader, paths: Sequence[str], stamps: Mapping[str, str],
              in_transaction: bool) -> dict[str, _File]:
        """Read and analyse ``paths``; store what was made (in batches, or in the open
        transaction) and keep what this run needs of it."""
        out: dict[str, _File] = {}
        analyses, links = [], []
        for outcome in read(paths):
            for entry in outcome.documents:
                self._linked[entry.link_key] = decode_linked(entry.linked)
                self._members[entry.link_key] = entry.members
                if self.counts is not None:
                    self.counts.add(decode_evidence(entry.evidence))
                else:
                    self._evidence[entry.link_key] = entry.evidence
                if entry.analysis is not None:
                    analyses.append((entry.key, entry.analysis))
                    links.append((entry.link_key, entry.evidence, entry.linked, entry.members))
            documents = tuple((e.document_id, e.key, e.link_key, self._linked[e.link_key].claims)
                              for e in outcome.documents)
            out[outcome.path] = _File(stamps[outcome.path] if outcome.complete else "", documents, outcome.errors)
            if len(analyses) >= _BATCH:
                self._store_content(analyses, links, in_transaction)
                analyses, links = [], []
        self._store_content(analyses, links, in_transaction)
        return out

    def _store_content(self, analyses: list, links: list, in_transaction: bool) -> None:
        if in_transaction:
            self.conn.executemany("INSERT OR REPLACE INTO claims VALUES (?, ?)", analyses)
            self.conn.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?)", links)
        else:
            self.store.put_many(analyses)
            self.store.put_links(links)

    # -- files

    def _load_files(self) -> dict[str, _File]:
        rows = self.conn.execute("SELECT path, stamp, data FROM files WHERE ctx = ?", (self.ctx,)).fetchall()
        out = {}
        for path, stamp, data in rows:
            found = json.loads(data)
            out[path] = _File(stamp, tuple(tuple(d) for d in found["documents"]), tuple(decode_errors(found["errors"])))
        return out

    def _save_files(self, before: Mapping[str, _File], after: Mapping[str, _File]) -> None:
        gone = [(self.ctx, p) for p in before if p not in after]
        self.conn.executemany("DELETE FROM files WHERE ctx = ? AND path = ?", gone)
        rows = [(self.ctx, p, f.stamp, json.dumps({"documents": f.documents, "errors": encode_errors(f.errors)}))
                for p, f in after.items() if before.get(p) != f]
        self.conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)

    # -- what a document is

    def linked(self, link: str) -> LinkedDocument:
        """The local LinkedDocument stored under a link key."""
        if link not in self._linked:
            self._load_links([link])
        return self._linked[link]

    def _load_links(self, links: Iterable[str]) -> None:
        missing = [k for k in links if k not in self._linked]
        for key, (_, data, members) in self.store.get_links(missing, evidence=False).items():
            self._linked[key] = decode_linked(data)
            self._members[key] = members
        if any(k not in self._linked for k in missing):
            raise StaleState("the cache lost documents this check refers to")

    def evidence(self, links: Sequence[str]) -> Iterator[tuple[str, AliasEvidence]]:
        """(link key, alias evidence) of documents, from this run's reading or the store."""
        for chunk in _chunks(links):
            missing = [k for k in chunk if k not in self._evidence]
            stored = self.store.get_links(missing) if missing else {}
            if any(k not in stored for k in missing):
                raise StaleState("the cache lost documents this check refers to")
            for key in chunk:
                data = self._evidence[key] if key in self._evidence else stored[key][0]
                yield key, decode_evidence(data)

    def _needs_corpus_names(self, d: str) -> bool:
        """Whether the corpus's names group the document's keys otherwise than its own did."""
        if d not in self._disagrees:
            self._disagrees[d] = not names_agree(self.linked(self.keys[d][1]).links, self.names)
        return self._disagrees[d]

    def _base(self, d: str) -> LinkedDocument:
        """A document's links before adoption: its own, or made again with the corpus's names."""
        relinked = self._relink(d, {}) if self._needs_corpus_names(d) else None
        return relinked[0] if relinked else self.linked(self.keys[d][1])

    def _relink(self, d: str, adopted: Mapping[int, str]) -> tuple[LinkedDocument, list[Claim]] | None:
        """A document linked with the corpus's names (and ``adopted``), and its linked claims;
        None when it cannot be read again."""
        memo = (d, tuple(sorted(adopted.items())))
        if memo not in self._relinked:
            found = self._document(d)
            if found is None:
                return None
            doc, analysis = found
            assert analysis.entities is not None
            keys = {m.key for m in (*analysis.entities.body, *analysis.entities.title)}
            names = {k: self.names.get(k, k) for k in keys}
            self._relinked[memo] = link_locally(doc, analysis, self.settings, names, adopted)
        return self._relinked[memo]

    def _document(self, d: str) -> tuple[Document, DocumentAnalysis] | None:
        """The document ``d`` and its analysis, read again (its analysis from the store when
        it has it); None when its file changed since this run read it, which is then marked
        to be read again next time (the document keeps what was made of it when it was read)."""
        path = self.paths[d]
        if self._reread is None or self._reread[0] != path:  # a digest's documents come one after another
            self._reread = (path, read_document_file(path, self.settings)[0])
        doc = next((doc for doc in self._reread[1] if doc.id == d), None)
        key = None if doc is None else document_key(doc, settings_key(self.settings))
        if doc is None or key != self.keys[d][0]:
            self.untrusted.add(path)
            return None
        stored = self.store.get_many([key]).get(key)
        analysis = stored if stored is not None and stored.entities is not None else analysis_of(doc, self.settings)
        return doc, analysis

    # -- names

    def _names_change(self, changed: set[str], old_docs: Mapping, new_docs: Mapping) -> bool:
        """Whether a changed document names other things than its previous version did."""
        versions = [(old_docs.get(d, (None,) * 3)[2], new_docs.get(d, (None,) * 3)[2]) for d in sorted(changed)]
        found = dict(self.evidence([k for pair in versions for k in pair if k is not None]))
        return any(found.get(old, _NO_EVIDENCE) != found.get(new, _NO_EVIDENCE) for old, new in versions)

    def _cluster(self, new_docs: Mapping, changed: set[str]) -> set[str]:
        """Cluster the corpus's names again; return the unchanged documents whose keys were renamed."""
        counts, keys_of = self.counts, {}
        if counts is None:
            counts = AliasCounts()
            for link, found in self.evidence([new_docs[d][2] for d in sorted(new_docs)]):
                counts.add(found)
                keys_of[link] = {k for k, _, _ in found.surfaces}
        names = counted_names(counts, self.settings)
        old = dict(self.conn.execute("SELECT key, name FROM names WHERE ctx = ?", (self.ctx,)).fetchall())
        renamed = {k for k in old.keys() | names.keys() if old.get(k) != names.get(k)}
        self.conn.executemany("DELETE FROM names WHERE ctx = ? AND key = ?",
                              [(self.ctx, k) for k in sorted(renamed) if k not in names])
        self.conn.executemany("INSERT OR REPLACE INTO names VALUES (?, ?, ?)",
                              [(self.ctx, k, names[k]) for k in sorted(renamed) if k in names])
        self.names = names
        self._disagrees.clear()
        if self.settings.facts and old and renamed:
            self.judge_everything = True  # a fact's subject may name another entity now
        return {d for d in new_docs if d not in changed and not renamed.isdisjoint(keys_of.get(new_docs[d][2], ()))}

    # -- adoption

    def _update_adoptions(self, redone: set[str], removed: set[str], everything: bool) -> dict[str, dict[int, str]]:
        """Refresh the known and weak subjects of the documents whose links changed; return
        what each document adopts whose adoptions changed (or whose links did)."""
        touched = self.known.subjects_of(redone | removed)
        before = {s: self.known.get(s) for s in touched}
        for table in ("known", "weak"):
            self._delete_by_doc(table, redone | removed)
        known_rows, weak_rows = [], []
        for d in sorted(redone):
            links = self._base(d).links
            known_rows += [(self.ctx, attribute, scope, entity, d)
                           for attribute, scope, entity in known_subjects(links, self.names)]
            weak_rows += [(self.ctx, attribute, scope, d) for attribute, scope in weak_subjects(links, self.names)]
        self.conn.executemany("INSERT INTO known VALUES (?, ?, ?, ?, ?)", known_rows)
        self.conn.executemany("INSERT INTO weak VALUES (?, ?, ?, ?)", weak_rows)
        self.known.clear()
        stored: dict[str, dict[int, str]] = {}
        if not everything:  # else every document is redone
            touched |= {(r[1], r[2]) for r in known_rows}
            moved = {s for s in touched if before.get(s, frozenset()) != self.known.get(s)}
            stored = self._doc_states(self._weak_docs(moved) - redone)
        out = {}
        for d in sorted(redone | stored.keys()):
            now = adopted_entities(self._base(d).links, self.names, self.known.get)
            if d in redone or now != stored[d]:
                out[d] = now
        return out

    def _weak_docs(self, subjects: set[tuple[str, str]]) -> set[str]:
        found: set[str] = set()
        for attribute, scope in subjects:
            found.update(d for (d,) in self.conn.execute(
                "SELECT doc FROM weak WHERE ctx = ? AND attribute = ? AND scope = ?", (self.ctx, attribute, scope)))
        return found

    def _doc_states(self, docs: set[str]) -> dict[str, dict[int, str]]:
        """The adoptions stored for ``docs``."""
        return {d: {int(i): k for i, k in data["adopted"]} for d, data in self._stored_docs(docs).items()}

    def _stored_docs(self, docs: Iterable[str]) -> dict[str, dict]:
        out = {}
        for chunk in _chunks(sorted(docs)):
            rows = self.conn.execute(f"SELECT doc, data FROM docs WHERE ctx = ? AND doc IN ({_marks(chunk)})",
                                     (self.ctx, *chunk))
            out.update((d, json.loads(data)) for d, data in rows)
        return out

    # -- blocks

    def _update_blocks(self, redone: set[str], removed: set[str], adopted: Mapping[str, dict[int, str]],
                       everything: bool) -> None:
        """Store the block members of the documents whose links changed, and judge again every
        block they add claims to or took claims from."""
        previous = self._stored_docs(redone | removed)
        found: dict[BlockKey, list[Finding]] = {}
        fresh: dict[BlockKey, dict[str, _Members]] = {}
        docs_rows = []
        for d in sorted(redone):
            mine, own = self._blocks_of(d, adopted.get(d, {}))
            if own:
                found.update(judge([r for r in self.rules if r.scope == DOCUMENT], {(DOCUMENT, d): own},
                                   self.settings, self.names))
            for key, members in mine.items():
                fresh.setdefault(key, {})[d] = members
            docs_rows.append((self.ctx, d, json.dumps({"blocks": sorted(mine),
                                                       "adopted": sorted(adopted.get(d, {}).items())})))
        self._save_members(previous, fresh)
        self.conn.executemany("DELETE FROM docs WHERE ctx = ? AND doc = ?", [(self.ctx, d) for d in sorted(removed)])
        self.conn.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)", docs_rows)
        wanted = {tuple(k) for data in previous.values() for k in data["blocks"]} | fresh.keys()
        if self.judge_everything:
            wanted |= {_block_key(b) for (b,) in self.conn.execute(
                "SELECT DISTINCT block FROM members WHERE ctx = ?", (self.ctx,))}
        blocks = fresh if everything else {key: dict(fresh.get(key, {})) for key in wanted}
        if not everything:
            for key, d, members in self._stored_members(wanted, redone):
                blocks[key][d] = members
        fewest = {scope: fewest_claims(self.rules, scope, self.settings) for scope in SCOPES}
        judged = {key: by_doc for key, by_doc in blocks.items()
                  if fewest[key[0]] is not None and sum(m.size for m in by_doc.values()) >= fewest[key[0]]}
        claims = self._decoded(judged)
        found.update(judge([r for r in self.rules if r.scope != DOCUMENT],
                           {key: [c for d in sorted(by_doc) for c in claims[d, by_doc[d]]]
                            for key, by_doc in judged.items()},
                           self.settings, self.names))
        stale = wanted | {(DOCUMENT, d) for d in redone | removed}
        self.conn.executemany("DELETE FROM findings WHERE ctx = ? AND block = ?",
                              [(self.ctx, _block_text(k)) for k in sorted(stale)])
        self.conn.executemany("INSERT INTO findings VALUES (?, ?, ?)",
                              [(self.ctx, _block_text(k), encode_findings(v)) for k, v in sorted(found.items())])

    def _save_members(self, previous: Mapping[str, dict], fresh: Mapping[BlockKey, Mapping[str, _Members]]) -> None:
        self.conn.executemany("DELETE FROM members WHERE ctx = ? AND block = ? AND doc = ?",
                              [(self.ctx, _block_text(tuple(k)), d) for d, data in previous.items()
                               for k in data["blocks"]])
        self.conn.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?)", (
            (self.ctx, _block_text(key), d, m.size,
             json.dumps(m.indices) if m.claims is None else encode_claims(m.claims))
            for key, by_doc in sorted(fresh.items()) for d, m in sorted(by_doc.items())))

    def _blocks_of(self, d: str, adopted: Mapping[int, str]) -> tuple[dict[BlockKey, _Members], list[Claim]]:
        """The blocks a document's linked claims belong to (other than its own), and the claims
        of its own block when a document-scope rule in use finds something in it."""
        relinked = self._relink(d, adopted) if adopted or self._needs_corpus_names(d) else None
        if relinked is not None:
            blocks = document_blocks(relinked[1])
            own = blocks.pop((DOCUMENT, d), [])
            return {k: _Members(len(v), (), v) for k, v in blocks.items()}, own
        linked = self.linked(self.keys[d][1])
        mine = {}
        for key, indices in linked.blocks:
            if key[0] == ENTITY:
                key = (ENTITY, self.names[key[1]])
            mine[key] = _Members(len(indices), indices, None)
        own = []
        if self.document_rules.intersection(linked.document_rules):
            document = self._document(d)
            if document is not None:
                own = resolve(document[1].claims, linked.links, self.names)
        return mine, own

    def _decoded(self, blocks: Mapping[BlockKey, Mapping[str, _Members]]) -> dict[tuple[str, _Members], list[Claim]]:
        """The linked claims of each document's members of ``blocks``, decoded one document at
        a time (and each claim once, though it may be in several blocks)."""
        wanted: dict[str, list[_Members]] = {}
        for by_doc in blocks.values():
            for d, members in by_doc.items():
                wanted.setdefault(d, []).append(members)
        out = {}
        for d, all_members in wanted.items():
            local = [m for m in all_members if m.claims is None]
            for m in all_members:
                if m.claims is not None:
                    out[d, m] = m.claims
            if local:
                claims = self._member_claims(d, {i for m in local for i in m.indices})
                for m in local:
                    out[d, m] = [claims[i] for i in m.indices]
        return out

    def _member_claims(self, d: str, indices: set[int]) -> dict[int, Claim]:
        """Claims of a document linked with its own names, by index, from its stored members."""
        linked = self.linked(self.keys[d][1])
        subjects = {i: (ref, status) for i, ref, status in linked.links.subjects}
        out = {}
        for i, row in zip(linked.members, unpack(self._members[self.keys[d][1]])):
            if i in indices:
                claim = deserialize_claim(row)
                if i in subjects:
                    ref, status = subjects[i]
                    claim = replace(claim, subject=ref.subject(self.names), status=status)
                out[i] = claim
        return out

    def _stored_members(self, blocks: Iterable[BlockKey], skip: set[str]) -> Iterator[tuple[BlockKey, str, _Members]]:
        """The stored members of ``blocks``, but those of the ``skip`` documents."""
        for chunk in _chunks(sorted(_block_text(k) for k in blocks)):
            rows = self.conn.execute(
                f"SELECT block, doc, size, data FROM members WHERE ctx = ? AND block IN ({_marks(chunk)})",
                (self.ctx, *chunk)).fetchall()
            for block, d, size, data in rows:
                if d not in skip:
                    members = (_Members(size, tuple(json.loads(data)), None) if isinstance(data, str)
                               else _Members(size, (), decode_claims(data)))
                    yield _block_key(block), d, members

    def _findings(self) -> list[Finding]:
        rows = self.conn.execute("SELECT data FROM findings WHERE ctx = ?", (self.ctx,)).fetchall()
        return [f for (data,) in rows for f in decode_findings(data)]

    # -- bookkeeping

    def _delete_by_doc(self, table: str, docs: Iterable[str]) -> None:
        self.conn.executemany(f"DELETE FROM {table} WHERE ctx = ? AND doc = ?", [(self.ctx, d) for d in sorted(docs)])

    def _collect_garbage(self) -> None:
        """Drop the stored documents no kept corpus refers to (each edit stores a new version
        of a document and leaves the old one), once they outnumber the live ones: the store
        stays about the size of the corpora it serves."""
        stored = self.conn.execute("SELECT count(*) FROM links").fetchone()[0]
        live = self.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        if stored <= GARBAGE_FACTOR * live + GARBAGE_SLACK:
            return
        rows = [json.loads(data)["documents"] for (data,) in self.conn.execute("SELECT data FROM files")]
        drop_entries_except(self.conn, (key for documents in rows for _, doc_key, link, _ in documents
                                        for key in (doc_key, link)))

    def _touch(self) -> None:
        """Mark this context used last; drop the least recently used beyond MAX_CONTEXTS."""
        latest = self.conn.execute("SELECT COALESCE(MAX(used), 0) FROM contexts").fetchone()[0]
        self.conn.execute("INSERT OR REPLACE INTO contexts VALUES (?, ?)", (self.ctx, latest + 1))
        old = [c for (c,) in self.conn.execute("SELECT ctx FROM contexts ORDER BY used DESC LIMIT -1 OFFSET ?",
                                               (MAX_CONTEXTS,))]
        for table in CONTEXT_TABLES:
            self.conn.executemany(f"DELETE FROM {table} WHERE ctx = ?", [(c,) for c in old])


class _StoredNames(Mapping[str, str]):
    """The stored entity names of a context, looked up key by key (a re-run touches few)."""

    def __init__(self, conn: sqlite3.Connection, ctx: str) -> None:
        self.conn, self.ctx = conn, ctx
        self.cache: dict[str, str | None] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self.cache:
            row = self.conn.execute("SELECT name FROM names WHERE ctx = ? AND key = ?", (self.ctx, key)).fetchone()
            self.cache[key] = row[0] if row else None
        found = self.cache[key]
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self.conn.execute("SELECT key FROM names WHERE ctx = ?", (self.ctx,)))

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM names WHERE ctx = ?", (self.ctx,)).fetchone()[0]


class _KnownSets:
    """(attribute, scope) -> the entities documents give that scoped subject, looked up in the
    store: the ``known`` lookup of ``adopted_entities`` (``get``)."""

    def __init__(self, conn: sqlite3.Connection, ctx: str) -> None:
        self.conn, self.ctx = conn, ctx
        self.cache: dict[tuple[str, str], frozenset[str]] = {}

    def get(self, subject: tuple[str, str]) -> frozenset[str]:
        """The entities of ``subject`` (none known: empty)."""
        if subject not in self.cache:
            rows = self.conn.execute("SELECT entity FROM known WHERE ctx = ? AND attribute = ? AND scope = ?",
                                     (self.ctx, *subject))
            self.cache[subject] = frozenset(e for (e,) in rows)
        return self.cache[subject]

    def clear(self) -> None:
        self.cache.clear()

    def subjects_of(self, docs: Iterable[str]) -> set[tuple[str, str]]:
        """The scoped subjects whose entities ``docs`` give."""
        found: set[tuple[str, str]] = set()
        for chunk in _chunks(sorted(docs)):
            found.update(self.conn.execute(
                f"SELECT attribute, scope FROM known WHERE ctx = ? AND doc IN ({_marks(chunk)})", (self.ctx, *chunk)))
        return found


def _to_read(files: Sequence[str], stamps: Mapping[str, str], before: Mapping[str, _File]) -> list[str]:
    """The files whose stamp is new, unknown, or not to be trusted."""
    return [p for p in files if not stamps[p] or p not in before or before[p].stamp != stamps[p]]


# Between the parts of a block key in the store: names never hold it (it is whitespace to
# str.split, which normalizes every surface form).
_KEY_SEPARATOR = "\x1f"


def _block_text(key: BlockKey) -> str:
    return _KEY_SEPARATOR.join(key)


def _block_key(text: str) -> BlockKey:
    return tuple(text.split(_KEY_SEPARATOR))


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))
