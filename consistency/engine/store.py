"""An incremental store of what the per-document stages found (claims, entity mentions):
one SQLite file, one entry per document.

An entry is keyed by ``document_key``: a hash of everything that decides a document's
claims (its text, path, title, publication date and line map, the extractor version and
the settings that affect extraction), so a key that is found is up to date by
construction and a re-run extracts only the documents whose key is missing.

The database runs in WAL mode and every batch is one transaction, so a run killed at
any point leaves a usable store. A store of another format version, of another extractor
version, or a file that is not a readable database is rebuilt with a one-line notice in
``ClaimStore.notices``; the store never raises on its own file.
"""
from __future__ import annotations

import json
import operator
import sqlite3
import sys
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from consistency.display import original_path, path_text
from consistency.model import (AliasEvidence, Claim, DocumentAnalysis, DocumentLinks, Finding, LinkedDocument, ReadError,
                               Subject, SubjectRef, block_members)
from consistency.engine.keys import EXTRACTOR_VERSION

# Bump when the tables or the claim encoding change.
SCHEMA_VERSION = "8"
# Milliseconds a connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 10_000
# Documents written per transaction by put_many.
BATCH_SIZE = 256
# zlib level of stored entries: 1 gets most of the size gain at the lowest cost.
ZLIB_LEVEL = 1
# Keys per `IN (...)` query (well below SQLite's bound-parameter limit).
QUERY_CHUNK = 500

# --- claim encoding -----------------------------------------------------------------------------


_Convert = Callable[[Any], Any]


def _codec(hint: Any, intern: bool = False) -> tuple[_Convert, _Convert] | None:
    """(encode, decode) between values of type ``hint`` and their JSON form; None when the
    value is its own JSON form (str, int, float, bool).

    Dataclasses become lists of their fields, dates ISO strings, tuples lists. Decoding fills
    a new instance's ``__dict__`` as pickle does, skipping the slow frozen ``__init__``. With
    ``intern``, decoded strings are interned: entity keys and attributes recur across
    thousands of documents, and one copy of each is enough.
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot encode {hint}")
        codec = _codec(inner[0], intern)
        if codec is None:
            return None
        enc, dec = codec
        return (lambda v: None if v is None else enc(v)), (lambda v: None if v is None else dec(v))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _codec(args[0], intern)
            if item is None:
                return list, tuple
            enc, dec = item
            if enc is _same:
                return list, (lambda v: tuple(map(dec, v)))
            return (lambda v: [enc(x) for x in v]), (lambda v: tuple([dec(x) for x in v]))
        items = [_codec(a, intern) for a in args]
        if not any(items):
            return list, tuple
        return _fixed_tuple_codec(items)
    if origin is typing.Literal:  # one of a few strings
        return (_same, sys.intern) if intern else None
    if hint is date:
        return date.isoformat, date.fromisoformat
    if isinstance(hint, type) and is_dataclass(hint):
        return _dataclass_codec(hint, intern)
    if hint is str and intern:
        return _same, sys.intern
    if hint in (str, int, float, bool):
        return None
    raise TypeError(f"cannot encode {hint}")


def _same(value: Any) -> Any:
    return value


def _fixed_tuple_codec(items: list[tuple[_Convert, _Convert] | None]) -> tuple[_Convert, _Convert]:
    """A fixed-length tuple whose items have codecs of their own, as a list."""
    convert = [(i, codec) for i, codec in enumerate(items) if codec is not None]

    def encode(value: tuple) -> list[Any]:
        row = list(value)
        for i, (enc, _) in convert:
            row[i] = enc(row[i])
        return row

    def decode(row: list[Any]) -> tuple:
        for i, (_, dec) in convert:
            row[i] = dec(row[i])
        return tuple(row)

    return encode, decode


def _dataclass_codec(cls: type, intern: bool = False) -> tuple[_Convert, _Convert]:
    """A dataclass as the list of its field values in field order: compact, and decoded
    without a per-field dictionary lookup (a store of 10,000 documents holds millions)."""
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in fields(cls))
    convert = [(i, codec) for i, name in enumerate(names) if (codec := _codec(hints[name], intern)) is not None]
    new = object.__new__
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def encode(obj: Any) -> list[Any]:
        row = list(values(obj))
        for i, (enc, _) in convert:
            row[i] = enc(row[i])
        return row

    slotted = "__slots__" in cls.__dict__

    def decode(row: list[Any]) -> Any:
        if len(row) != len(names):
            raise ValueError(f"{cls.__name__}: {len(row)} values for {len(names)} fields")
        for i, (_, dec) in convert:
            row[i] = dec(row[i])
        if slotted:  # no __dict__ to fill: the (small) class's own __init__
            return cls(*row)
        obj = new(cls)
        obj.__dict__.update(zip(names, row))
        return obj

    return encode, decode


_encode_claim, _decode_claim = _dataclass_codec(Claim)
_encode_analysis, _decode_analysis = _dataclass_codec(DocumentAnalysis)
_encode_finding, _decode_finding = _dataclass_codec(Finding)
_encode_error, _decode_error = _dataclass_codec(ReadError)
_encode_linked, _decode_linked = _dataclass_codec(LinkedDocument, intern=True)
_encode_evidence, _decode_evidence = _dataclass_codec(AliasEvidence, intern=True)
_encode_ref, _decode_ref = _dataclass_codec(SubjectRef, intern=True)


def serialize_claim(claim: Claim) -> list[Any]:
    """The JSON-ready form of ``claim``: dataclasses as lists of their fields in order, dates
    as ISO strings."""
    return _encode_claim(claim)


def deserialize_claim(data: list[Any]) -> Claim:
    """The Claim ``serialize_claim`` was given (tuples and dates restored)."""
    return _decode_claim(data)


def encode_analysis(analysis: DocumentAnalysis) -> bytes:
    """A document's analysis as compact JSON, zlib-compressed (about 5x smaller, ~3% of the read
    time). Worker processes send this form back: it is cheaper to decode than a pickle."""
    text = json.dumps(_encode_analysis(analysis), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), ZLIB_LEVEL)


def decode_analysis(data: bytes) -> DocumentAnalysis:
    """The analysis ``encode_analysis`` was given."""
    return _decode_analysis(json.loads(zlib.decompress(data)))


def pack(value: Any) -> bytes:
    """Any JSON-ready value as compact JSON, zlib-compressed (the store's blob form)."""
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), ZLIB_LEVEL)


def unpack(data: bytes) -> Any:
    return json.loads(zlib.decompress(data))


def encode_linked(linked: LinkedDocument) -> bytes:
    """A LinkedDocument as compact JSON, zlib-compressed."""
    return pack(_encode_linked(linked))


def decode_linked(data: bytes) -> LinkedDocument:
    return _decode_linked(unpack(data))


_LINKED_FIELDS = [f.name for f in fields(LinkedDocument)]


def linked_claims(data: bytes) -> int:
    """A LinkedDocument's number of claims, from its encoding."""
    return unpack(data)[_LINKED_FIELDS.index("claims")]
_LINKS_FIELDS = [f.name for f in fields(DocumentLinks)]
_decode_subjects = _codec(typing.get_type_hints(DocumentLinks)["subjects"], intern=True)[1]  # type: ignore[index]


def decode_member_subjects(data: bytes) -> tuple[tuple[tuple[int, SubjectRef, str | None], ...], tuple[int, ...]]:
    """From a LinkedDocument's encoding, only what its block members need: its links'
    ``subjects`` and its ``members`` (cheaper than decoding it whole: its frames are not)."""
    row = unpack(data)
    links, blocks = row[_LINKED_FIELDS.index("links")], row[_LINKED_FIELDS.index("blocks")]
    subjects = _decode_subjects(links[_LINKS_FIELDS.index("subjects")])
    return subjects, block_members(blocks)


def encode_member_rows(rows: Iterable[tuple[list[Any], SubjectRef | None, str | None]]) -> bytes:
    """A document's claims in one block, linked with its own names, as the state stores them:
    (encoded claim, subject reference, status) of each, compact JSON, zlib-compressed. A block
    is judged from these alone, without decoding the document's links."""
    return pack([[row, None if ref is None else _encode_ref(ref), status] for row, ref, status in rows])


def decode_member_rows(data: bytes, names: Mapping[str, str]) -> list[Claim]:
    """The claims ``encode_member_rows`` was given, their subjects named with ``names``."""
    subjects: dict[tuple, Subject] = {}
    return [decode_member_row(row, names, subjects) for row in unpack(data)]


def decode_member_row(row: list[Any], names: Mapping[str, str], subjects: dict[tuple, Subject]) -> Claim:
    """The claim of one row of ``encode_member_rows`` (``unpack`` gives them; decoding takes the
    row's lists over), its subject named with ``names`` (``subjects``: the subjects of the
    references decoded so far, filled in)."""
    subject = member_subject(row, names, subjects)
    encoded, _, status = row
    claim = _decode_claim(encoded)
    if subject is not None:
        # The claim is new: its subject and status are filled in as decoding fills every field.
        vars(claim).update(subject=subject, status=status)
    return claim


def member_subject(row: list[Any], names: Mapping[str, str], subjects: dict[tuple, Subject]) -> Subject | None:
    """The subject of the claim of one row of ``encode_member_rows``, without decoding the claim."""
    ref = row[1]
    if ref is None:
        return None
    written = tuple(ref)
    if written not in subjects:
        subjects[written] = _decode_ref(ref).subject(names)
    return subjects[written]


# Where a claim's fields sit in its encoding (``serialize_claim``).
CLAIM_FIELD = {f.name: i for i, f in enumerate(fields(Claim))}


def encode_evidence(evidence: AliasEvidence) -> bytes:
    return pack(_encode_evidence(evidence))


def decode_evidence(data: bytes) -> AliasEvidence:
    return _decode_evidence(unpack(data))


def encode_claims(claims: Iterable[Claim]) -> bytes:
    """Claims as compact JSON, zlib-compressed."""
    return pack([_encode_claim(c) for c in claims])


def decode_claims(data: bytes) -> list[Claim]:
    return [_decode_claim(row) for row in unpack(data)]


def encode_findings(findings: Iterable[Finding]) -> bytes:
    return pack([_encode_finding(f) for f in findings])


def decode_findings(data: bytes) -> list[Finding]:
    return [_decode_finding(row) for row in unpack(data)]


def encode_errors(errors: Iterable[ReadError]) -> list[Any]:
    """ReadErrors in JSON-ready form."""
    return [_encode_error(e) for e in errors]


def decode_errors(rows: Iterable[list[Any]]) -> list[ReadError]:
    return [_decode_error(row) for row in rows]



# --- the store ----------------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Content-addressed: what the per-document stages found in a document (by document_key)...
    "CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
    # ... and how it links under its own names, with its block members (by link_key).
    "CREATE TABLE IF NOT EXISTS links (key TEXT PRIMARY KEY, evidence BLOB NOT NULL, data BLOB NOT NULL,"
    " members BLOB NOT NULL) WITHOUT ROWID",
    # The state of each checked corpus (a run context: paths, settings, rules, tool), which a
    # re-run updates for what changed (consistency/engine/state.py).
    "CREATE TABLE IF NOT EXISTS parses (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS contexts (ctx TEXT PRIMARY KEY, used INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files (ctx TEXT, path TEXT, stamp TEXT NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (ctx, path)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS docs (ctx TEXT, doc TEXT, data BLOB NOT NULL, PRIMARY KEY (ctx, doc)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS names (ctx TEXT, key TEXT, name TEXT NOT NULL, PRIMARY KEY (ctx, key)) WITHOUT ROWID",
    # The names two documents or more give (a document naming none of them may go unparsed).
    "CREATE TABLE IF NOT EXISTS shared (ctx TEXT, name TEXT, PRIMARY KEY (ctx, name)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS known (ctx TEXT, attribute TEXT, scope TEXT, entity TEXT, doc TEXT)",
    "CREATE INDEX IF NOT EXISTS known_by_subject ON known (ctx, attribute, scope)",
    "CREATE INDEX IF NOT EXISTS known_by_doc ON known (ctx, doc)",
    "CREATE TABLE IF NOT EXISTS weak (ctx TEXT, attribute TEXT, scope TEXT, doc TEXT)",
    "CREATE INDEX IF NOT EXISTS weak_by_subject ON weak (ctx, attribute, scope)",
    "CREATE INDEX IF NOT EXISTS weak_by_doc ON weak (ctx, doc)",
    # A document's claims in a block: linked with its own names (``own``, encode_member_rows), or
    # with the corpus's names (encode_claims).
    "CREATE TABLE IF NOT EXISTS members (ctx TEXT, block TEXT, doc TEXT, size INTEGER NOT NULL,"
    " own INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (ctx, block, doc)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS findings (ctx TEXT, block TEXT, data BLOB NOT NULL, PRIMARY KEY (ctx, block))"
    " WITHOUT ROWID",
    # What the last check of a context found besides its findings, and the listing it checked.
    "CREATE TABLE IF NOT EXISTS summary (ctx TEXT PRIMARY KEY, listing TEXT NOT NULL, version INTEGER NOT NULL,"
    " data BLOB NOT NULL) WITHOUT ROWID",
)
# The tables of a run context, emptied for a context that is dropped.
_CONTEXT_TABLES = ("files", "docs", "names", "shared", "known", "weak", "members", "findings", "summary",
                   "contexts")


class _NotAStore(sqlite3.DatabaseError):
    """A sound SQLite file that is not a claim store (no ``meta`` table)."""


_VERSIONS = (("extractor_version", EXTRACTOR_VERSION), ("schema_version", SCHEMA_VERSION))


# Written into a cache directory the store creates, so that git never commits the cache.
CACHE_GITIGNORE = "# Created by consistency: the claim cache is not meant to be committed.\n*\n"


def make_cache_dir(directory: Path) -> None:
    """Create ``directory`` (and its parents) with a .gitignore of ``*`` in it, as ruff and pytest
    do for their caches; a directory that exists already is left as it is. Raises OSError."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ".gitignore").write_text(CACHE_GITIGNORE, encoding="utf-8")


class ClaimStore:
    """Claims per document key in the SQLite file at ``path`` (created with its folder if missing).

    Use as a context manager. One-line notices about a rebuilt or unusable store collect in
    ``notices``; when the file cannot be used at all the store lives in memory for the run.
    """

    def __init__(self, path: Path, runs_again: bool = True) -> None:
        self.path = Path(path)
        self.notices: list[str] = []
        self.in_memory = False  # True when the file could not be used: then nothing outlives the run
        # What the engine keeps in memory between runs on this store, by context (engine/state.py:
        # a context's stored files and alias index, as of one state version). A store opened for
        # one run (``runs_again`` False: the command line's) keeps nothing, so a run frees the
        # alias index, its largest structure, once the names are settled.
        self.runs_again = runs_again
        self.memo: dict[str, Any] = {}
        self._conn = self._open()

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The store's connection, for tests and tools that inspect the tables."""
        return self._conn

    def context(self, ctx: str) -> ContextState:
        """The state tables of the run context ``ctx`` (consistency/engine/state.py)."""
        return ContextState(self._conn, ctx)

    # -- public operations

    def get_many(self, keys: Sequence[str]) -> dict[str, DocumentAnalysis]:
        """The stored analyses of those ``keys`` that have an entry (the others are misses)."""
        found: dict[str, DocumentAnalysis] = {}
        try:
            for key, data in _chunked_rows(self._conn, "SELECT key, data FROM claims WHERE key IN ({})", keys):
                found[key] = decode_analysis(data)
        except sqlite3.DatabaseError as err:
            self._failed("read", err)
            return {}
        except (ValueError, KeyError, TypeError, zlib.error):  # an entry this code cannot decode
            self._rebuild(f"cache {self.path}: an entry could not be decoded; rebuilt")
            return {}
        return found

    def put_many(self, items: Iterable[tuple[str, DocumentAnalysis | bytes]], batch_size: int = BATCH_SIZE) -> None:
        """Store each (key, analysis or its ``encode_analysis`` bytes), replacing any entry of that key; one transaction per batch."""
        iterator = iter(items)
        while batch := [(key, analysis if isinstance(analysis, bytes) else encode_analysis(analysis))
                        for key, analysis in islice(iterator, batch_size)]:
            if not self._write("INSERT OR REPLACE INTO claims (key, data) VALUES (?, ?)", batch):
                return

    def get_links(self, keys: Sequence[str], evidence: bool = True) -> dict[str, tuple[bytes | None, bytes, bytes]]:
        """The stored (evidence, LinkedDocument, members) blobs of those ``keys`` that have an
        entry (evidence None unless asked for)."""
        columns = "evidence" if evidence else "NULL"
        try:
            sql = f"SELECT key, {columns}, data, members FROM links WHERE key IN ({{}})"
            rows = _chunked_rows(self._conn, sql, keys)
            return {key: (ev, data, members) for key, ev, data, members in rows}
        except sqlite3.DatabaseError as err:
            self._failed("read", err)
            return {}

    def put_links(self, items: Iterable[tuple[str, bytes, bytes, bytes]], batch_size: int = BATCH_SIZE) -> None:
        """Store each (link key, evidence, LinkedDocument, members); one transaction per batch."""
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            if not self._write("INSERT OR REPLACE INTO links (key, evidence, data, members) VALUES (?, ?, ?, ?)",
                               batch):
                return

    def get_parses(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored sentence parses of those ``keys`` that have one (link.parse.parse_key)."""
        try:
            return dict(stored_parses(self._conn, keys))
        except sqlite3.DatabaseError as err:
            self._failed("read", err)
            return {}

    def put_parses(self, items: Iterable[tuple[str, bytes]], batch_size: int = BATCH_SIZE) -> None:
        """Store sentence parses (key, encoded parse); one transaction per batch."""
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            if not self._write("INSERT OR IGNORE INTO parses (key, data) VALUES (?, ?)", batch):
                return

    def put_entries(self, analyses: Sequence[tuple[str, bytes]],
                    links: Sequence[tuple[str, bytes, bytes, bytes]], parses: Sequence[tuple[str, bytes]] = ()) -> None:
        """In the open transaction: store each (document key, encoded analysis), each (link key,
        evidence, LinkedDocument, members) and each (parse key, parse). Raises DatabaseError,
        unlike ``put_many``, ``put_links`` and ``put_parses``, which write batches of their own
        and skip a failing one."""
        self._conn.executemany("INSERT OR REPLACE INTO claims (key, data) VALUES (?, ?)", analyses)
        self._conn.executemany("INSERT OR REPLACE INTO links (key, evidence, data, members) VALUES (?, ?, ?, ?)",
                               links)
        self._conn.executemany("INSERT OR IGNORE INTO parses (key, data) VALUES (?, ?)", parses)

    def collect_garbage(self, factor: int, slack: int) -> None:
        """In the open transaction: drop the entries (analyses and links) that no kept context's
        files refer to, once the stored links outnumber ``factor`` times the checked documents
        plus ``slack`` (each edit stores a new version of a document and leaves the old one):
        the store stays about the size of the corpora it serves."""
        stored = self._conn.execute("SELECT count(*) FROM links").fetchone()[0]
        live = self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        if stored <= factor * live + slack:
            return
        rows = self._conn.execute("SELECT stamp, data FROM files").fetchall()
        files = (_decode_file(stamp, data) for stamp, data in rows)
        _drop_entries_except(self._conn, (key for file in files for doc in file.documents
                                         for key in (doc.key, doc.link_key)))

    @contextmanager
    def transaction(self, commit: bool = True) -> Iterator[sqlite3.Connection]:
        """The connection inside one write transaction, committed when the block ends (rolled back
        instead when not ``commit``: a trial whose changes are only read inside it) and rolled
        back if it raises (a killed run leaves the state as it was). Raises DatabaseError."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            if commit:
                conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def failed(self, err: Exception) -> None:
        """Say (and for a damaged file, repair) what went wrong with a state update; the run
        then goes on without the store."""
        if isinstance(err, sqlite3.DatabaseError) and _damaged(err):
            self._rebuild(f"cache {self.path}: damaged ({err}); rebuilt")
        else:
            self.notices.append(f"cache {self.path}: not used for this check ({err})")

    def prune(self, keep_keys: Iterable[str]) -> int:
        """Drop every entry (analysis or links) whose key is not in ``keep_keys``; return how
        many were dropped.

        Only call it with the keys of the whole corpus: a run over part of it would drop the rest.
        """
        try:
            with self.transaction() as conn:
                return _drop_entries_except(conn, keep_keys)
        except sqlite3.DatabaseError as err:
            self._failed("write", err)
            return 0

    def info(self) -> dict[str, Any]:
        """path, entries (documents), corpora (checked corpora whose state is kept), size_bytes
        (database and write-ahead log) and version of the store."""
        try:
            entries = self._conn.execute("SELECT count(*) FROM claims").fetchone()[0]
            corpora = self._conn.execute("SELECT count(*) FROM contexts").fetchone()[0]
        except sqlite3.DatabaseError as err:
            self._failed("read", err)
            entries = corpora = 0
        size = sum(p.stat().st_size for p in self._files() if p.exists())
        return {"path": str(self.path), "entries": entries, "corpora": corpora, "size_bytes": size,
                "version": f"schema {SCHEMA_VERSION}, extractor {EXTRACTOR_VERSION}"}

    def clear(self) -> None:
        """Drop every entry and give the space back to the file system."""
        if all(self._write(f"DELETE FROM {table}", None) for table in ("claims", "links", *_CONTEXT_TABLES)):
            try:
                self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:  # another process holds the database; space comes back later
                pass

    # -- opening, rebuilding, failing

    def _files(self) -> list[Path]:
        return [self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")]

    def _open(self) -> sqlite3.Connection:
        conn = None
        try:
            make_cache_dir(self.path.parent)
            conn = self._connect(str(self.path))
            found = self._versions(conn)
        except OSError as err:
            return self._in_memory(err)
        except sqlite3.DatabaseError as err:
            if conn is not None:
                conn.close()
            if _damaged(err) or isinstance(err, _NotAStore):
                return self._reconnect(f"cache {self.path}: not a readable claim store; rebuilt")
            return self._in_memory(err)  # cannot open, or locked past the timeout
        if found.get("schema_version") != SCHEMA_VERSION:
            conn.close()
            return self._reconnect(
                f"cache {self.path}: format version {found.get('schema_version', 'unknown')}, "
                f"expected {SCHEMA_VERSION}; rebuilt"
            )
        if found.get("extractor_version") != EXTRACTOR_VERSION:
            # Entries of another extractor can never match a key again: drop them now.
            self._conn = conn
            if self._write("DELETE FROM claims", None, meta=True) and all(
                    self._write(f"DELETE FROM {table}", None) for table in ("links", *_CONTEXT_TABLES)):
                self.notices.append(
                    f"cache {self.path}: extractor {found.get('extractor_version')} -> {EXTRACTOR_VERSION}; cleared"
                )
            return self._conn
        return conn

    def _reconnect(self, notice: str) -> sqlite3.Connection:
        """A fresh store in place of the file at ``path``, with ``notice`` said once."""
        self._remove_files()
        self.notices.append(notice)
        try:
            return self._connect(str(self.path))
        except (OSError, sqlite3.DatabaseError) as err:
            return self._in_memory(err)

    @staticmethod
    def _versions(conn: sqlite3.Connection) -> dict[str, str]:
        return dict(conn.execute("SELECT name, value FROM meta").fetchall())

    def _connect(self, target: str) -> sqlite3.Connection:
        """A connection with the schema in place; raises DatabaseError for a file that is not ours."""
        conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "meta" not in tables:
                raise _NotAStore(f"{target} holds other tables")
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", _VERSIONS)
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    def _in_memory(self, err: Exception) -> sqlite3.Connection:
        self.notices.append(f"cache {self.path}: cannot be used ({err}); running without it")
        self.in_memory = True
        return self._connect(":memory:")

    def _remove_files(self) -> None:
        for path in self._files():
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    def _rebuild(self, notice: str) -> None:
        self._conn.close()
        self._conn = self._reconnect(notice)

    def _failed(self, action: str, err: sqlite3.DatabaseError) -> None:
        """A damaged database is rebuilt; a busy or failing one is skipped for this call.
        Misuse (a closed store) is a bug and raises."""
        if _damaged(err):
            self._rebuild(f"cache {self.path}: damaged ({err}); rebuilt")
        elif isinstance(err, sqlite3.OperationalError):
            self.notices.append(f"cache {self.path}: {action} skipped ({err})")
        else:
            raise err

    def _write(self, sql: str, rows: list[tuple[str, bytes]] | None, meta: bool = False) -> bool:
        """Run one write statement (over ``rows`` when given) in its own transaction; ``meta``
        also records this code's versions."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if rows is None:
                    conn.execute(sql)
                else:
                    conn.executemany(sql, rows)
                if meta:
                    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", _VERSIONS)
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.DatabaseError as err:
            self._failed("write", err)
            return False
        return True


def _drop_entries_except(conn: sqlite3.Connection, keep_keys: Iterable[str]) -> int:
    """In an open transaction: delete the analyses and links whose key is not in
    ``keep_keys``; return how many rows went."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.keep")
    conn.executemany("INSERT OR IGNORE INTO temp.keep VALUES (?)", ((k,) for k in sorted(set(keep_keys))))
    dropped = sum(conn.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM temp.keep)").rowcount
                  for table in ("claims", "links"))
    conn.execute("DELETE FROM temp.keep")
    return dropped


def _damaged(err: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file is not a (sound) database."""
    return getattr(err, "sqlite_errorname", None) in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def stored_parses(conn: sqlite3.Connection, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """(key, encoded parse) of the stored sentence parses among ``keys``."""
    return _chunked_rows(conn, "SELECT key, data FROM parses WHERE key IN ({})", keys)


def _chunked_rows(conn: sqlite3.Connection, sql: str, values: Iterable[str], *leading: Any) -> Iterator[tuple]:
    """The rows of ``sql`` (its ``{}`` a list of placeholders) for the distinct ``values``, a
    chunk of values per query; ``leading`` are the parameters before the list."""
    unique = sorted(set(values))
    for i in range(0, len(unique), QUERY_CHUNK):
        chunk = unique[i:i + QUERY_CHUNK]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), (*leading, *chunk)).fetchall()


# --- the state of a run context -----------------------------------------------------------------

# A block key, as consistency/rules/blocks.py makes them: its scope and what identifies it.
BlockKey = tuple[str, ...]
# A scoped subject's (attribute, scope), and (attribute, scope, entity) of one whose entity a
# document gives, as consistency/link makes them for adoption.
Scoped = tuple[str, str]
KnownSubject = tuple[str, str, str]
# Between the parts of a block key in the store: names never hold it (it is whitespace to
# str.split, which normalizes every surface form).
_KEY_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document of a checked file: its id, document key, link key and number of claims."""

    id: str
    key: str
    link_key: str
    claims: int


@dataclass(frozen=True)
class StoredFile:
    """A checked file: its stamp when it was read ("" when it must be read again next time),
    its documents and its problems."""

    stamp: str
    documents: tuple[StoredDocument, ...]
    errors: tuple[ReadError, ...]


class StoredFiles(Mapping[str, StoredFile]):
    """Checked files by path, each decoded from its stored row when first asked for (a re-check
    after one edit decodes the rows of the files it reads again, not 10,000); their stamps are
    at hand without decoding (``stamp``)."""

    def __init__(self, stamps: dict[str, str], files: dict[str, StoredFile | str]) -> None:
        self._stamps = stamps  # by path, in the order of the mapping
        self._files = files  # by path: a decoded file, or its stored row (``_encode_file``)

    def __getitem__(self, path: str) -> StoredFile:
        file = self._files[path]
        if isinstance(file, str):
            file = self._files[path] = _decode_file(self._stamps[path], file)
        return file

    def __iter__(self) -> Iterator[str]:
        return iter(self._stamps)

    def __len__(self) -> int:
        return len(self._stamps)

    def __contains__(self, path: object) -> bool:
        return path in self._stamps

    def stamp(self, path: str) -> str:
        """A file's stamp when it was read ("" when it must be read again)."""
        return self._stamps[path]

    def updated(self, paths: Iterable[str], files: Mapping[str, StoredFile]) -> StoredFiles:
        """The files ``paths``: those of ``files``, else these."""
        stamps: dict[str, str] = {}
        found: dict[str, StoredFile | str] = {}
        for path in paths:
            if path in files:
                file = found[path] = files[path]
                stamps[path] = file.stamp
            else:
                stamps[path], found[path] = self._stamps[path], self._files[path]
        return StoredFiles(stamps, found)


@dataclass(frozen=True)
class DocumentState:
    """What the state keeps of a checked document: the blocks other than its own that it adds
    claims to, and the entity key each claim it adopted takes, as (claim index, key)."""

    blocks: tuple[BlockKey, ...]
    adopted: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True, eq=False)
class BlockMembers:
    """A document's claims in one block: how many, and either their stored rows (linked with
    its own names: ``encode_member_rows``) or the claims (linked with the corpus's names).
    Compared by identity: each is one document's part of one block."""

    size: int
    rows: bytes | None
    claims: list[Claim] | None


@dataclass(frozen=True)
class StateSummary:
    """What the state of a context says of its files besides its findings, as of one check: the
    digest of the listing it checked (paths and stamps), the state version it was saved with,
    the ids of the documents checked (in file order), how many claims they hold, and the files'
    problems. A re-check whose listing has that digest while the state has that version reads,
    links and judges nothing: this and the stored findings are its result."""

    listing: str
    version: int
    document_ids: tuple[str, ...]
    claims: int
    errors: tuple[ReadError, ...]


class ContextState:
    """The state tables of one run context (consistency/engine/state.py), read and written by
    name. Writes belong in the store's open transaction (``ClaimStore.transaction``); a read
    of many keys runs a chunk of keys per query."""

    def __init__(self, conn: sqlite3.Connection, ctx: str) -> None:
        self._conn, self._ctx = conn, ctx

    # -- the context

    def version(self) -> int | None:
        """The store-wide use counter when this context was last updated; None if never."""
        row = self._conn.execute("SELECT used FROM contexts WHERE ctx = ?", (self._ctx,)).fetchone()
        return row[0] if row else None

    def touch(self, keep: int) -> None:
        """Mark this context used last; drop the least recently used contexts beyond ``keep``. The
        use counter never goes back (it is kept in meta too), so a version names one state."""
        latest = self._conn.execute("SELECT COALESCE(MAX(used), 0) FROM contexts").fetchone()[0]
        counted = self._conn.execute("SELECT value FROM meta WHERE name = 'uses'").fetchone()
        latest = max(latest, int(counted[0]) if counted else 0) + 1
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('uses', ?)", (str(latest),))
        self._conn.execute("INSERT OR REPLACE INTO contexts VALUES (?, ?)", (self._ctx, latest))
        old = [(c,) for (c,) in self._conn.execute(
            "SELECT ctx FROM contexts ORDER BY used DESC LIMIT -1 OFFSET ?", (keep,)).fetchall()]
        for table in _CONTEXT_TABLES:
            self._conn.executemany(f"DELETE FROM {table} WHERE ctx = ?", old)

    def forget(self) -> None:
        """Drop everything stored of this context."""
        for table in _CONTEXT_TABLES:
            self._conn.execute(f"DELETE FROM {table} WHERE ctx = ?", (self._ctx,))

    # -- files

    def files(self) -> StoredFiles:
        """Every checked file of the context, by path (each decoded when asked for)."""
        stamps: dict[str, str] = {}
        rows: dict[str, StoredFile | str] = {}
        for path, stamp, data in self._conn.execute("SELECT path, stamp, data FROM files WHERE ctx = ?", (self._ctx,)):
            path = original_path(path)
            stamps[path], rows[path] = stamp, data
        return StoredFiles(stamps, rows)

    def save_files(self, gone: Iterable[str], changed: Mapping[str, StoredFile]) -> None:
        """Drop the files ``gone``; store ``changed`` (by path)."""
        self._conn.executemany("DELETE FROM files WHERE ctx = ? AND path = ?",
                               [(self._ctx, path_text(p)) for p in gone])
        self._conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                               [(self._ctx, path_text(path), file.stamp, _encode_file(file))
                                for path, file in changed.items()])

    # -- names

    def names(self) -> Mapping[str, str]:
        """The entity name of each key, looked up key by key as asked (a re-run touches few)."""
        return _StoredNames(self._conn, self._ctx)

    def all_names(self) -> dict[str, str]:
        """The entity name of every key, in one query."""
        return dict(self._conn.execute("SELECT key, name FROM names WHERE ctx = ?", (self._ctx,)).fetchall())

    def rename(self, keys: Iterable[str], names: Mapping[str, str]) -> None:
        """Give ``keys`` the names ``names`` gives them; drop the keys it lacks."""
        ordered = sorted(keys)
        self._conn.executemany("DELETE FROM names WHERE ctx = ? AND key = ?",
                               [(self._ctx, k) for k in ordered if k not in names])
        self._conn.executemany("INSERT OR REPLACE INTO names VALUES (?, ?, ?)",
                               [(self._ctx, k, names[k]) for k in ordered if k in names])

    def shared_names(self) -> set[str]:
        """The names two documents or more give."""
        return {name for (name,) in self._conn.execute("SELECT name FROM shared WHERE ctx = ?", (self._ctx,))}

    def share(self, before: AbstractSet[str], now: AbstractSet[str]) -> None:
        """Replace the shared names ``before`` (as stored) with ``now``."""
        self._conn.executemany("DELETE FROM shared WHERE ctx = ? AND name = ?",
                               [(self._ctx, name) for name in sorted(before - now)])
        self._conn.executemany("INSERT INTO shared VALUES (?, ?)", [(self._ctx, name) for name in sorted(now - before)])

    # -- known and weak subjects (adoption)

    def subjects_known_by(self, docs: Iterable[str]) -> set[Scoped]:
        """The (attribute, scope) of each scoped subject whose entity one of ``docs`` gives."""
        return set(_chunked_rows(self._conn, "SELECT attribute, scope FROM known WHERE ctx = ? AND doc IN ({})",
                                 docs, self._ctx))

    def known_entities(self, scoped: Scoped) -> frozenset[str]:
        """The entities documents give the scoped subject ``scoped`` (attribute, scope)."""
        rows = self._conn.execute("SELECT entity FROM known WHERE ctx = ? AND attribute = ? AND scope = ?",
                                  (self._ctx, *scoped))
        return frozenset(entity for (entity,) in rows)

    def docs_weak_on(self, subjects: Iterable[Scoped]) -> set[str]:
        """The documents whose title alone gives the entity of one of ``subjects``."""
        found: set[str] = set()
        for attribute, scope in subjects:
            found.update(doc for (doc,) in self._conn.execute(
                "SELECT doc FROM weak WHERE ctx = ? AND attribute = ? AND scope = ?", (self._ctx, attribute, scope)))
        return found

    def replace_subjects(self, docs: Iterable[str], known: Mapping[str, Sequence[KnownSubject]],
                         weak: Mapping[str, Sequence[Scoped]]) -> None:
        """Drop the known and weak subjects of ``docs``; store those ``known`` and ``weak`` give,
        by document."""
        gone = [(self._ctx, doc) for doc in sorted(docs)]
        for table in ("known", "weak"):
            self._conn.executemany(f"DELETE FROM {table} WHERE ctx = ? AND doc = ?", gone)
        self._conn.executemany("INSERT INTO known VALUES (?, ?, ?, ?, ?)",
                               [(self._ctx, attribute, scope, entity, doc) for doc, subjects in known.items()
                                for attribute, scope, entity in subjects])
        self._conn.executemany("INSERT INTO weak VALUES (?, ?, ?, ?)",
                               [(self._ctx, attribute, scope, doc) for doc, subjects in weak.items()
                                for attribute, scope in subjects])

    # -- documents

    def document_states(self, docs: Iterable[str]) -> dict[str, DocumentState]:
        """The stored states of those ``docs`` that have one."""
        rows = _chunked_rows(self._conn, "SELECT doc, data FROM docs WHERE ctx = ? AND doc IN ({})", docs, self._ctx)
        return {doc: _decode_state(data) for doc, data in rows}

    def save_document_states(self, removed: Iterable[str], states: Mapping[str, DocumentState]) -> None:
        """Drop the states of the documents ``removed``; store ``states`` (by document)."""
        self._conn.executemany("DELETE FROM docs WHERE ctx = ? AND doc = ?", [(self._ctx, d) for d in sorted(removed)])
        self._conn.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
                               [(self._ctx, doc, _encode_state(state)) for doc, state in states.items()])

    # -- block members

    def member_blocks(self) -> set[BlockKey]:
        """Every block some document adds claims to."""
        rows = self._conn.execute("SELECT DISTINCT block FROM members WHERE ctx = ?", (self._ctx,))
        return {_block_key(block) for (block,) in rows}

    def members_of(self, blocks: Iterable[BlockKey], skip: AbstractSet[str]) -> Iterator[tuple[BlockKey, str, BlockMembers]]:
        """(block, document, its members) of ``blocks``, but those of the ``skip`` documents."""
        rows = _chunked_rows(self._conn,
                             "SELECT block, doc, size, own, data FROM members WHERE ctx = ? AND block IN ({})",
                             (_block_text(k) for k in blocks), self._ctx)
        for block, doc, size, own, data in rows:
            if doc not in skip:
                yield _block_key(block), doc, _block_members(size, own, data)

    def members_at(self, pairs: Iterable[tuple[BlockKey, str]]) -> Iterator[tuple[BlockKey, str, BlockMembers]]:
        """(block, document, its members) of those (block, document) ``pairs`` that have members."""
        for block, doc in pairs:
            row = self._conn.execute("SELECT size, own, data FROM members WHERE ctx = ? AND block = ? AND doc = ?",
                                     (self._ctx, _block_text(block), doc)).fetchone()
            if row is not None:
                yield block, doc, _block_members(*row)

    def replace_members(self, stale: Iterable[tuple[BlockKey, str]],
                        fresh: Mapping[BlockKey, Mapping[str, BlockMembers]]) -> None:
        """Drop the members of the (block, document) pairs ``stale``; store ``fresh`` (by block,
        then document)."""
        self._conn.executemany("DELETE FROM members WHERE ctx = ? AND block = ? AND doc = ?",
                               [(self._ctx, _block_text(block), doc) for block, doc in stale])
        self._conn.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?, ?)", (
            (self._ctx, _block_text(block), doc, members.size, members.claims is None,
             members.rows if members.claims is None else encode_claims(members.claims))
            for block, by_doc in sorted(fresh.items()) for doc, members in sorted(by_doc.items())))

    # -- the summary

    def summary(self) -> StateSummary | None:
        """The stored summary of the last check, if any."""
        row = self._conn.execute("SELECT listing, version, data FROM summary WHERE ctx = ?", (self._ctx,)).fetchone()
        if row is None:
            return None
        found = unpack(row[2])
        return StateSummary(row[0], row[1], tuple(found["documents"]), found["claims"],
                            tuple(decode_errors(found["errors"])))

    def save_summary(self, summary: StateSummary | None) -> None:
        """Store ``summary`` in place of the stored one (None: drop it)."""
        self._conn.execute("DELETE FROM summary WHERE ctx = ?", (self._ctx,))
        if summary is not None:
            data = pack({"documents": summary.document_ids, "claims": summary.claims,
                         "errors": encode_errors(summary.errors)})
            self._conn.execute("INSERT INTO summary VALUES (?, ?, ?, ?)",
                               (self._ctx, summary.listing, summary.version, data))

    # -- findings

    def findings_of(self, blocks: Iterable[BlockKey]) -> dict[BlockKey, list[Finding]]:
        """The findings of those ``blocks`` that have some."""
        rows = _chunked_rows(self._conn, "SELECT block, data FROM findings WHERE ctx = ? AND block IN ({})",
                             (_block_text(k) for k in blocks), self._ctx)
        return {_block_key(block): decode_findings(data) for block, data in rows}

    def findings(self) -> list[Finding]:
        """The findings of every block, in no particular order."""
        rows = self._conn.execute("SELECT data FROM findings WHERE ctx = ?", (self._ctx,)).fetchall()
        return [finding for (data,) in rows for finding in decode_findings(data)]

    def replace_findings(self, stale: Iterable[BlockKey], found: Mapping[BlockKey, Sequence[Finding]]) -> None:
        """Drop the findings of the blocks ``stale``; store ``found`` (by block)."""
        self._conn.executemany("DELETE FROM findings WHERE ctx = ? AND block = ?",
                               [(self._ctx, _block_text(block)) for block in sorted(stale)])
        self._conn.executemany("INSERT INTO findings VALUES (?, ?, ?)",
                               [(self._ctx, _block_text(block), encode_findings(findings))
                                for block, findings in sorted(found.items())])


class _StoredNames(Mapping[str, str]):
    """The stored entity names of a context, looked up key by key (a re-run touches few)."""

    def __init__(self, conn: sqlite3.Connection, ctx: str) -> None:
        self._conn, self._ctx = conn, ctx
        self._cache: dict[str, str | None] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._cache:
            row = self._conn.execute("SELECT name FROM names WHERE ctx = ? AND key = ?", (self._ctx, key)).fetchone()
            self._cache[key] = row[0] if row else None
        found = self._cache[key]
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self._conn.execute("SELECT key FROM names WHERE ctx = ?", (self._ctx,)))

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        """Every (key, name), in one query (not one per key)."""
        return self._conn.execute("SELECT key, name FROM names WHERE ctx = ?", (self._ctx,)).fetchall()

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM names WHERE ctx = ?", (self._ctx,)).fetchone()[0]


def _encode_file(file: StoredFile) -> str:
    documents = [[doc.id, doc.key, doc.link_key, doc.claims] for doc in file.documents]
    return json.dumps({"documents": documents, "errors": encode_errors(file.errors)})


def _decode_file(stamp: str, data: str) -> StoredFile:
    found = json.loads(data)
    return StoredFile(stamp, tuple(StoredDocument(*doc) for doc in found["documents"]),
                      tuple(decode_errors(found["errors"])))


def _encode_state(state: DocumentState) -> str:
    return json.dumps({"blocks": state.blocks, "adopted": state.adopted})


def _decode_state(data: str) -> DocumentState:
    found = json.loads(data)
    return DocumentState(tuple(tuple(block) for block in found["blocks"]),
                         tuple((int(index), key) for index, key in found["adopted"]))


def _block_members(size: int, own: int, data: bytes) -> BlockMembers:
    """A document's members of a block as a row of the members table holds them."""
    return BlockMembers(size, data, None) if own else BlockMembers(size, None, decode_claims(data))


def _block_text(key: BlockKey) -> str:
    return _KEY_SEPARATOR.join(key)


def _block_key(text: str) -> BlockKey:
    return tuple(text.split(_KEY_SEPARATOR))
