"""The per-document stages in one call, as worker processes run them: extract and normalize
a document's claims and, for a run that links them, find its entity mentions; for `check`,
also link the document under its own names and find what the corpus-wide steps need.

A per-document time limit stops a document that takes too long (a pathological input) with
``DocumentTimeout``, so the run can report it and go on.
"""
from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence, Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from consistency.corpus import read_file
from consistency.display import path_text
from consistency.link import corpus_names, evidence_of, link_document, resolve, sentences_to_link
from consistency.link.entities import document_entities
from consistency.link.parse import CachedParser, ParseLookup, sentence_parser
from consistency.model import AliasEvidence, Claim, Document, DocumentAnalysis, LinkedDocument, ReadError
from consistency.rules import ALL_RULES
from consistency.rules.blocks import DOCUMENT, ENTITY, document_blocks, judge
from consistency.settings import Settings
from consistency.engine.keys import document_key, extraction_key, link_key
from consistency.engine.store import (BUSY_TIMEOUT_MS, encode_analysis, encode_claims, encode_evidence, encode_linked,
                                      stored_parses)

_DOCUMENT_RULES = tuple(rule for rule in ALL_RULES if rule.scope == DOCUMENT)


# What a worker returns for one document: its analysis, or why there is none.
Outcome = DocumentAnalysis | ReadError


class DocumentTimeout(Exception):
    """A document took longer than the per-document time limit."""


# The timer of a block whose time is up already (a timer of 0 would be none).
_LEAST_SECONDS = 1e-6


def analyse_document(doc: Document, settings: Settings, with_entities: bool) -> DocumentAnalysis:
    """Claims (and entity mentions when ``with_entities``) of ``doc``; raises DocumentTimeout
    after ``settings.document_timeout`` seconds."""
    with time_limit(settings.document_timeout):
        return analysis_of(doc, settings, with_entities)


def analysis_of(doc: Document, settings: Settings, with_entities: bool = True) -> DocumentAnalysis:
    """``analyse_document`` without a time limit."""
    from consistency.normalize.claims import document_claims  # its patterns compile on first use, not in a warm re-run

    claims = tuple(document_claims(doc, settings))
    return DocumentAnalysis(claims, document_entities(doc) if with_entities else None)


def check_document(doc: Document, settings: Settings) -> tuple[DocumentAnalysis, AliasEvidence, LinkedDocument]:
    """``doc``'s analysis (claims and entity mentions), its alias evidence and its links
    under its own names; raises DocumentTimeout after ``settings.document_timeout`` seconds."""
    with time_limit(settings.document_timeout):
        return _checked(doc, analysis_of(doc, settings, with_entities=True), settings)


def _checked(doc: Document, analysis: DocumentAnalysis,
             settings: Settings) -> tuple[DocumentAnalysis, AliasEvidence, LinkedDocument]:
    """``check_document`` of ``doc`` with its analysis made."""
    assert analysis.entities is not None
    evidence = evidence_of(analysis.entities)
    linked, _ = link_locally(doc, analysis, settings, corpus_names([evidence], settings), shared=frozenset())
    return analysis, evidence, linked


def link_locally(doc: Document, analysis: DocumentAnalysis, settings: Settings, names: Mapping[str, str],
                 adopted: Mapping[int, str] | None = None,
                 shared: AbstractSet[str] = frozenset()) -> tuple[LinkedDocument, list[Claim]]:
    """The LinkedDocument of an analysed document whose entity keys ``names`` names (its own
    names, or the corpus's), and its claims with their subjects. ``adopted`` is passed to
    ``link_document``, and so is ``shared`` (the names other documents are known to give:
    none, before the corpus is known) unless the settings declare facts (a claim alone may
    contradict a fact)."""
    assert analysis.entities is not None
    links = link_document(doc, analysis.claims, analysis.entities, names, sentence_parser(settings.parser), adopted,
                          _shared(settings, shared))
    claims = resolve(analysis.claims, links, names)
    key_of = {names.get(members[0], members[0]): members[0] for members in links.classes}
    position = {claim.id: i for i, claim in enumerate(claims)}
    blocks, own = [], {}
    for key, found in document_blocks(claims).items():
        if key[0] == DOCUMENT:
            own[key] = found
            continue
        if key[0] == ENTITY:
            key = (ENTITY, key_of.get(key[1], key[1]))  # an entity of no class of names is its own key
        blocks.append((key, tuple(sorted(position[c.id] for c in found))))
    flagged = judge(_DOCUMENT_RULES, own, settings, names) if own else {}
    rules = sorted({f.rule for found in flagged.values() for f in found})
    return LinkedDocument(len(claims), links, tuple(sorted(blocks)), tuple(rules)), claims


def _shared(settings: Settings, shared: AbstractSet[str]) -> AbstractSet[str] | None:
    """The ``shared`` names ``link_document`` is given: none when the settings declare facts."""
    return None if settings.facts else shared


def analyse_or_report(doc: Document, settings: Settings, with_entities: bool) -> Outcome:
    """``analyse_document``, with a timeout or an unexpected error turned into a problem
    report for the document: one bad document never stops a run."""
    return _or_report(doc, lambda: analyse_document(doc, settings, with_entities))


def _or_report(doc: Document, work: Callable[[], Any]) -> Any:
    try:
        return work()
    except DocumentTimeout as exc:
        return problem(doc, f"not checked: {exc} (--timeout)")
    except RecursionError:
        return problem(doc, "not checked: too deeply nested to analyse")
    except Exception as exc:  # noqa: BLE001 - a bug on one input must not end the run
        return problem(doc, f"not checked: internal error {type(exc).__name__}: {exc}")


def problem(doc: Document, message: str) -> ReadError:
    """A skipped-input report for ``doc`` (naming its record in a multi-document file)."""
    where = f"record {doc.index + 1}: " if doc.multi else ""
    return ReadError(doc.path, where + message)


@contextmanager
def time_limit(seconds: float | None, since: float | None = None) -> Iterator[None]:
    """Raise DocumentTimeout in the block ``seconds`` after ``since`` (a ``time.monotonic()``
    reading; by default, the block's start), with a real-time timer. Only the main thread of
    a process can take the signal; elsewhere, and with no limit, the block runs unbounded."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"took longer than the time limit of {seconds:g} s")

    assert seconds is not None
    left = seconds if since is None else max(seconds - (time.monotonic() - since), _LEAST_SECONDS)
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class DocumentEntry:
    """One document of a file as `check` needs it, in the store's encoding: its ids, its
    alias evidence, its LinkedDocument and block members (its raw claims at
    ``LinkedDocument.members``), its analysis when it was made now (None when the store
    had it), and the sentence parses made to link it, by parse key, for the store."""

    document_id: str
    key: str
    link_key: str
    evidence: bytes
    linked: bytes
    members: bytes
    analysis: bytes | None
    parses: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class FileOutcome:
    """What reading and analysing one file gave: its documents, its problems (unreadable,
    or documents that could not be analysed), and whether all of its documents were."""

    path: str
    documents: tuple[DocumentEntry, ...]
    errors: tuple[ReadError, ...]
    complete: bool = True


def check_files(paths: Sequence[str], settings: Settings, store_path: str | None = None) -> list[FileOutcome]:
    """Read each of ``paths`` and give each of its documents' entries, from the store at
    ``store_path`` (opened read-only) when it holds them, else analysed and linked now (see
    ``documents_outcomes``). A document that fails is reported in ``errors`` and left out."""
    return documents_outcomes([(path, *read_document_file(path, settings)) for path in paths], settings, store_path)


def documents_outcome(path: str, docs: Sequence[Document], errors: Sequence[ReadError], settings: Settings,
                      store_path: str | None = None) -> FileOutcome:
    """The outcome of a file whose documents (and read problems) are ``docs`` and ``errors``:
    each document's entry from the store at ``store_path`` when it holds it, else made now."""
    return documents_outcomes([(path, docs, errors)], settings, store_path)[0]


# A file read: its path, its documents and its read problems.
ReadFile = tuple[str, Sequence[Document], Sequence[ReadError]]


@dataclass(frozen=True)
class _Analysed:
    """A document analysed now, to link: its keys, its analysis, and when its time began."""

    doc: Document
    key: str
    link_key: str
    analysis: DocumentAnalysis
    started: float


def documents_outcomes(files: Sequence[ReadFile], settings: Settings,
                       store_path: str | None = None) -> list[FileOutcome]:
    """``documents_outcome`` of each file. The documents made now are analysed first; the
    sentences that linking them parses are parsed next, in one batch; then each is linked,
    within what its analysis left of its time limit."""
    cached = _cached_links(store_path)
    parser = sentence_parser(settings.parser)
    lookup, parser.lookup = parser.lookup, parser.lookup or _stored_parses(store_path)
    try:
        version = extraction_key(settings)
        steps = [[_stored_or_analysed(doc, settings, version, cached) for doc in docs] for _, docs, _ in files]
        _parse_ahead(parser, [step for found in steps for step in found if isinstance(step, _Analysed)], settings)
        outcomes = []
        for (path, _, errors), found in zip(files, steps):
            entries, failed = [], []
            for step in found:
                outcome = _linked_entry(step, settings) if isinstance(step, _Analysed) else step
                (failed if isinstance(outcome, ReadError) else entries).append(outcome)
            outcomes.append(FileOutcome(path, tuple(entries), (*errors, *failed), not failed))
        return outcomes
    finally:
        parser.lookup = lookup


def _stored_or_analysed(doc: Document, settings: Settings, version: str,
                        cached: Callable[[str], tuple[bytes, bytes, bytes] | None]) -> DocumentEntry | _Analysed | ReadError:
    """``doc``'s entry when the store holds it, else its analysis made now, or a problem report."""
    key = document_key(doc, version)
    link = link_key(key, settings)
    found = cached(link)
    if found:
        return DocumentEntry(doc.id, key, link, *found, None)
    started = time.monotonic()
    analysis = _or_report(doc, lambda: analyse_document(doc, settings, with_entities=True))
    return analysis if isinstance(analysis, ReadError) else _Analysed(doc, key, link, analysis, started)


def _parse_ahead(parser: CachedParser, analysed: Sequence[_Analysed], settings: Settings) -> None:
    """Parse in one batch the sentences that linking the ``analysed`` documents asks for. A
    batch that fails or runs over the time limit is dropped: each document then parses its
    own sentences, and reports its own problem."""
    sentences = [sentence for step in analysed
                 for sentence in sentences_to_link(step.doc, step.analysis.claims, _shared(settings, frozenset()))]
    if not sentences:
        return
    try:
        with time_limit(settings.document_timeout):
            parser.parse_ahead(sentences)
    except Exception:  # noqa: BLE001 - each document parses its own sentences again, and reports its own problem
        return


def _linked_entry(step: _Analysed, settings: Settings) -> DocumentEntry | ReadError:
    """The entry of a document analysed now, linked under its own names, or a problem report."""
    def link() -> tuple[DocumentAnalysis, AliasEvidence, LinkedDocument]:
        with time_limit(settings.document_timeout, since=step.started):
            return _checked(step.doc, step.analysis, settings)

    outcome = _or_report(step.doc, link)
    return outcome if isinstance(outcome, ReadError) else _entry(step.doc, step.key, step.link_key, outcome, settings)


def read_document_file(path: str, settings: Settings) -> tuple[list[Document], list[ReadError]]:
    """The documents and read problems of one file under ``settings``; a file that takes
    longer than ``settings.document_timeout`` to read is a problem, with no documents."""
    try:
        with time_limit(settings.document_timeout):
            return read_file(path, reference_date=settings.reference_date_for(path), max_bytes=settings.max_bytes,
                             format_in=settings.format_in)
    except DocumentTimeout as exc:
        return [], [ReadError(path_text(path), f"not checked: {exc} (--timeout)")]


def document_entry(doc: Document, settings: Settings) -> DocumentEntry | ReadError:
    """The entry of one document, analysed now, or a problem report."""
    key = document_key(doc, extraction_key(settings))
    return entry_or_report(doc, settings, key, link_key(key, settings))


def entry_or_report(doc: Document, settings: Settings, key: str, link: str) -> DocumentEntry | ReadError:
    """``check_document`` of ``doc`` as an entry, or a problem report (see ``analyse_or_report``)."""
    outcome = _or_report(doc, lambda: check_document(doc, settings))
    return outcome if isinstance(outcome, ReadError) else _entry(doc, key, link, outcome, settings)


def _entry(doc: Document, key: str, link: str, checked: tuple[DocumentAnalysis, AliasEvidence, LinkedDocument],
           settings: Settings) -> DocumentEntry:
    """The entry of a document checked now (``check_document``), in the store's encoding."""
    analysis, evidence, linked = checked
    members = encode_claims(analysis.claims[i] for i in linked.members)
    return DocumentEntry(doc.id, key, link, encode_evidence(evidence), encode_linked(linked), members,
                         encode_analysis(analysis), tuple(sentence_parser(settings.parser).take_fresh()))


_store_connection: tuple[str, sqlite3.Connection] | None = None  # a worker's read-only view of the store


def _read_only(store_path: str) -> sqlite3.Connection | None:
    """This process's read-only connection to the store at ``store_path`` (None if it cannot open)."""
    global _store_connection
    if _store_connection is None or _store_connection[0] != store_path:
        try:
            conn = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error:
            return None
        _store_connection = (store_path, conn)
    return _store_connection[1]


def _stored_parses(store_path: str | None) -> ParseLookup | None:
    """A lookup of stored sentence parses, or None without a store."""
    conn = _read_only(store_path) if store_path is not None else None
    if conn is None:
        return None

    def lookup(keys: Sequence[str]) -> dict[str, bytes]:
        try:
            return dict(stored_parses(conn, keys))
        except sqlite3.Error:
            return {}

    return lookup


def _cached_links(store_path: str | None) -> Callable[[str], tuple[bytes, bytes, bytes] | None]:
    """A lookup of stored (evidence, LinkedDocument, members) blobs by link key, or one that finds nothing."""
    conn = _read_only(store_path) if store_path is not None else None
    if conn is None:
        return lambda key: None

    def lookup(key: str) -> tuple[bytes, bytes, bytes] | None:
        try:
            row = conn.execute("SELECT evidence, data, members FROM links WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1], row[2]) if row else None

    return lookup
