"""Runs the pipeline: per-document stages (read, extract, normalize, entity mentions, and
linking under a document's own names) in parallel, then the corpus-wide steps (names,
adoption, blocks and rules), and the claim graph when asked for.

``check_corpus`` has two ways to check a corpus:

- with a store, a check updates the corpus's state in it (consistency/engine/state.py): only the
  files whose stamp changed are read, and only what their changes touch is linked and
  judged again; the first check of a corpus does everything once, and memory holds what
  the corpus-wide steps need, not every claim (the report counts the claims);
- without one, or when every claim is wanted (the claim graph, the HTML report, the Python
  API), everything is read, linked and judged in memory.

Both give the same findings (tests/test_incremental.py). The per-document stages run in a
process pool (consistency/engine/pool.py) or on Dask. A document that takes longer than the time
limit, raises, or kills its worker process is reported as an input problem and left out;
the other documents are still checked.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from contextlib import contextmanager
from functools import partial
from itertools import chain

from consistency.engine.analyse import (DocumentEntry, FileOutcome, Outcome, analyse_or_report, check_files,
                                 document_entry, documents_outcome, problem, read_document_file)
from consistency.corpus.discover import discover
from consistency.engine.dask_cluster import map_documents_dask
from consistency.graph import ClaimGraph
from consistency.link import link_corpus
from consistency.link.parse import ParserMissing, require_parser, sentence_parser

__all__ = ["ParserMissing", "check_corpus", "link_documents", "read_corpus", "with_given"]
from consistency.model import Claim, Document, DocumentAnalysis, Finding, ReadError, Report
from consistency.engine.pool import CHUNK_SIZE, run_isolated, run_pool
from consistency.engine.progress import EXTRACTING, JUDGING, LINKING, READING, Progress, begin, in_phase
from consistency.rules import select_rules
from consistency.rules.blocks import corpus_blocks
from consistency.rules.overrides import apply_overrides
from consistency.settings import Settings
from consistency.engine.judging import judge_each
from consistency.engine.state import CheckedCorpus, StaleState, check_state, context_id, forget_context
from consistency.engine.keys import document_key, extraction_key, link_key
from consistency.engine.store import ClaimStore, decode_analysis, encode_analysis

# Files checked together, in a worker or here: their sentences (8 articles' are more than the
# parser's batch) are parsed at once, and what the batch makes is held until it is done (a
# worker holding 32 files' peaked 50 MB higher, for 1% less CPU time).
FILE_BATCH = 8
# Files (or in-memory documents) a worker checks before a new one replaces it: a worker grows
# with the words and sentences it has seen (from about 170 MB after loading the parser to 210 MB
# over 1,000 articles), a new one imports the checker and loads the parser again (about 1 s of
# CPU). With 250, a cold check of 10,000 articles peaked at about 475 MB for its whole process
# tree during the pool (526 MB with 1,000), for 5% more CPU time than with 500 (292 s, 279 s)
# and 10% more than forked workers replaced after 1,000 (284 s, 257 s; another load around).
FILES_PER_WORKER = 250

# A file modified this recently may change again within the file system's time granularity
# without its stamp changing; it is read again on the next run, whatever its stamp.
RACY_SECONDS = 2


def input_files(paths: Sequence[str], settings: Settings) -> tuple[list[str], list[ReadError]]:
    """The files a run over ``paths`` reads (sorted), and a ReadError for each missing path."""
    return discover(paths, settings.include, settings.exclude, settings.ignore_files, settings.follow_symlinks)


def read_corpus(paths: Sequence[str], settings: Settings,
                progress: Progress | None = None) -> tuple[list[Document], list[ReadError]]:
    """Read every document under ``paths`` (each file within the time limit); unreadable
    inputs come back as ReadErrors. ``progress`` hears of each file read."""
    files, errors = input_files(paths, settings)
    documents: list[Document] = []
    for done, path in enumerate(files, 1):
        docs, file_errors = read_document_file(path, settings)
        documents.extend(docs)
        errors.extend(file_errors)
        if progress is not None:
            progress(READING, done, len(files))
    return documents, list(_sorted_errors(errors))


def with_given(documents: Sequence[Document], given: Sequence[Document]) -> list[Document]:
    """``documents`` with the documents of ``given`` (read from standard input) in place of
    those of the same file, by real path; sorted by path, then index."""
    if not given:
        return list(documents)
    replaced = {os.path.realpath(doc.path) for doc in given}
    kept = [doc for doc in documents if os.path.realpath(doc.path) not in replaced]
    return sorted([*kept, *given], key=lambda doc: (doc.path, doc.index))


def extract_documents(documents: Sequence[Document], settings: Settings, jobs: int = 1,
                      progress: Progress | None = None, store: ClaimStore | None = None,
                      scheduler: str | None = None, engine: str = "local") -> tuple[list[Claim], list[ReadError]]:
    """Claims of all documents, in document order then text order, whatever ``jobs`` is, and
    a problem for each document that could not be extracted (see ``analyse_documents``)."""
    analyses, errors = analyse_documents(documents, settings, with_entities=False, jobs=jobs, progress=progress,
                                         store=store, scheduler=scheduler, engine=engine)
    return [claim for analysis in analyses if analysis is not None for claim in analysis.claims], errors


def analyse_documents(documents: Sequence[Document], settings: Settings, with_entities: bool, jobs: int = 1,
                      progress: Progress | None = None, store: ClaimStore | None = None,
                      scheduler: str | None = None,
                      engine: str = "local") -> tuple[list[DocumentAnalysis | None], list[ReadError]]:
    """One analysis per document, in document order (None for a document that failed), and
    the problems of the documents that failed.

    With a ``store``, documents whose content, extractor version and settings are unchanged
    come from it (when it holds what ``with_entities`` asks for), and only the others are
    analysed and then stored. ``engine`` "dask" runs on a Dask cluster (``scheduler``
    address, or a local one). ``progress`` is called with ("extracting", documents finished,
    documents in all) as work completes."""
    def run(todo: Sequence[Document], already: int) -> list[Outcome | _Encoded]:
        if engine == "dask" and todo:
            work = partial(analyse_or_report, settings=settings, with_entities=with_entities)
            return map_documents_dask(todo, work, scheduler, in_phase(progress, EXTRACTING))
        tick = None if progress is None else (lambda done: progress(EXTRACTING, already + done, len(documents)))
        return _run_local(todo, settings, with_entities, jobs, tick)

    if store is None:
        outcomes = [_decoded(o) for o in run(documents, 0)]
    else:
        version = extraction_key(settings)
        keys = [document_key(doc, version) for doc in documents]
        cached = {key: a for key, a in store.get_many(keys).items() if a.entities is not None or not with_entities}
        missing = [i for i, key in enumerate(keys) if key not in cached]
        fresh = dict(zip(missing, run([documents[i] for i in missing], len(documents) - len(missing))))
        store.put_many((keys[i], o.data if isinstance(o, _Encoded) else o) for i, o in fresh.items()
                       if not isinstance(o, ReadError))
        outcomes = [cached[key] if key in cached else _decoded(fresh[i]) for i, key in enumerate(keys)]
    analyses = [o if isinstance(o, DocumentAnalysis) else None for o in outcomes]
    return analyses, [o for o in outcomes if isinstance(o, ReadError)]


@dataclass(frozen=True)
class _Encoded:
    """An analysis as a worker process sends it back: its store encoding, which the parent
    decodes faster than a pickle and stores as it is."""

    data: bytes


def _decoded(outcome: Outcome | _Encoded) -> Outcome:
    return decode_analysis(outcome.data) if isinstance(outcome, _Encoded) else outcome


def _run_local(documents: Sequence[Document], settings: Settings, with_entities: bool, jobs: int,
               tick: Callable[[int], None] | None) -> list[Outcome | _Encoded]:
    """Outcomes in document order: in this process, or in a pool when there is enough work."""
    work = partial(_analysed, settings=settings, with_entities=with_entities)
    if jobs <= 1 or len(documents) <= CHUNK_SIZE:
        outcomes: list[Outcome | _Encoded] = []
        for doc in documents:
            outcomes.append(analyse_or_report(doc, settings, with_entities))
            if tick is not None:
                tick(len(outcomes))
        return outcomes
    results: dict[int, Outcome | _Encoded] = {}
    for i, outcome in run_pool(documents, work, jobs, _lost_document, items_per_worker=FILES_PER_WORKER):
        results[i] = outcome
        if tick is not None:
            tick(len(results))
    return [results[i] for i in range(len(documents))]


def _analysed(doc: Document, settings: Settings, with_entities: bool) -> ReadError | _Encoded:
    """Runs in a worker: a document's outcome, its analysis in the store's encoding."""
    outcome = analyse_or_report(doc, settings, with_entities)
    return outcome if isinstance(outcome, ReadError) else _Encoded(encode_analysis(outcome))


def _lost_document(doc: Document) -> ReadError:
    return problem(doc, "not checked: the worker process analysing it died (crash or out of memory)")


# --- check -------------------------------------------------------------------------------------


def check_corpus(paths: Sequence[str], settings: Settings, jobs: int = 1,
                 select: Sequence[str] = (), ignore: Sequence[str] = (),
                 progress: Progress | None = None,
                 store: ClaimStore | None = None, engine: str = "local",
                 scheduler: str | None = None, reuse: bool = False, with_documents: bool = False,
                 graph: bool = False, given: Sequence[Document] = (),
                 listed: Sequence[str] | None = None) -> tuple[Report, ClaimGraph | None]:
    """Read, extract, link and run the selected rules; findings sorted by path, line and rule.

    With a ``store`` and ``reuse``, the corpus's state in the store is brought up to date
    (see the module docstring) and the report holds no claims, only their number; its
    documents are read again when ``with_documents`` asks for them (else only their number).
    Callers that list every claim (the HTML report) pass ``reuse=False``: the whole check
    then runs in memory and the report holds every document and claim (with ``reuse``, as
    without a store, the claims of a document that could meet no other keep no subject: it
    is not parsed). The claim graph
    (networkx: documents, entities, subjects, claims and the findings as contradicts edges)
    is built only when ``graph`` is asked for, in memory; else None. ``given`` documents (read
    from standard input, a draft, an unsaved buffer) are checked in place of the files of their
    paths (by real path; a path that is no file of the corpus adds them). With a store and
    ``reuse``, the corpus's files are brought up to date in the store as without them, then the
    given documents are tried in a transaction that is rolled back (engine/state.py): only they
    are analysed, and only the blocks they join or leave are judged again. ``listed``: the
    corpus's files as the caller listed them (``input_files``), not listed again; with given
    documents, the caller keeps the stored state current (a desk with a file watcher) and they
    are tried at once (a file changed since the state was stored is read within the trial).
    Raises ParserMissing (before reading anything) when the settings' spaCy pipeline is not
    installed."""
    require_parser(settings.parser)
    with _stored_parses(store, settings):
        return _check_corpus(paths, settings, jobs, select, ignore, progress, store, engine, scheduler, reuse,
                             with_documents, graph, given, listed)


@contextmanager
def _stored_parses(store: ClaimStore | None, settings: Settings) -> Iterator[None]:
    """Sentence parses for this run's linking in this process come from the store, and the
    ones it makes go to it (workers return theirs with their entries)."""
    parser = sentence_parser(settings.parser)
    parser.lookup = store.get_parses if store is not None else None
    try:
        yield
    finally:
        parser.lookup = None
        fresh = parser.take_fresh()
        if store is not None:
            store.put_parses(fresh)


def _check_corpus(paths: Sequence[str], settings: Settings, jobs: int, select: Sequence[str],
                  ignore: Sequence[str], progress: Progress | None, store: ClaimStore | None, engine: str,
                  scheduler: str | None, reuse: bool, with_documents: bool, graph: bool,
                  given: Sequence[Document], listed: Sequence[str] | None) -> tuple[Report, ClaimGraph | None]:
    if store is None or not reuse or graph:
        return _check(paths, settings, jobs, select, ignore, progress, store, engine, scheduler, graph, given,
                      prune=reuse and not graph)
    rules = select_rules(select, ignore)
    ctx = context_id(paths, settings, rules)
    begin(progress, READING)
    files, missing = (list(listed), []) if listed is not None else input_files(paths, settings)
    stamps = file_stamps(files)
    read = partial(_read_files, settings=settings, jobs=jobs, store=store, engine=engine, scheduler=scheduler,
                   progress=progress)
    try:
        if listed is None or not given:
            checked = _checked_state(store, ctx, files, stamps, read, settings, rules, progress)
        if given:  # the files on disk are stored, then the given documents tried in their place
            held = _given_by_path(files, given)
            files = sorted({*(path for path in files if path not in held.replaced), *held.documents})
            stamps = {path: "" if path in held.documents else stamps[path] for path in files}
            read = partial(read, given=held.documents)
            checked = _checked_state(store, ctx, files, stamps, read, settings, rules, progress, held.documents)
    except (sqlite3.DatabaseError, StaleState) as err:
        store.failed(err)
        return _check(paths, settings, jobs, select, ignore, progress, None, engine, scheduler, False, given,
                      prune=True)
    documents: tuple[Document, ...] = ()
    if with_documents:
        ids = frozenset(checked.document_ids)
        documents = tuple(doc for doc in with_given(read_corpus(paths, settings)[0], given) if doc.id in ids)
    findings = sorted(apply_overrides(checked.findings, settings), key=Finding.order)
    report = Report(documents, (), tuple(findings), _sorted_errors([*missing, *checked.errors]),
                    document_count=len(checked.document_ids), claim_count=checked.claims, names=checked.names)
    return report, None


def _checked_state(store: ClaimStore, ctx: str, files: Sequence[str], stamps: dict[str, str],
                   read: Callable[[Sequence[str]], Iterator[FileOutcome]], settings: Settings, rules: Sequence,
                   progress: Progress | None, given: dict[str, list[Document]] | None = None) -> CheckedCorpus:
    """``check_state``, once more from no state when the store lost what the state refers to."""
    try:
        return check_state(store, ctx, files, stamps, read, settings, rules, progress, given)
    except StaleState:
        forget_context(store, ctx)
        return check_state(store, ctx, files, stamps, read, settings, rules, progress, given)


@dataclass(frozen=True)
class _Given:
    """Documents held in memory, by the path they are checked as, and the corpus files they
    stand in for."""

    documents: dict[str, list[Document]]
    replaced: frozenset[str]


def _given_by_path(files: Sequence[str], given: Sequence[Document]) -> _Given:
    """The given documents by path, and the files of ``files`` that are their files (by real
    path; only files of the same name are resolved, so a large corpus costs no file lookups)."""
    by_path: dict[str, list[Document]] = {}
    for doc in given:
        by_path.setdefault(doc.path, []).append(doc)
    real = {os.path.realpath(path) for path in by_path}
    names = {os.path.basename(path) for path in real}
    return _Given(by_path, frozenset(path for path in files
                                     if os.path.basename(path) in names and os.path.realpath(path) in real))


def file_stamps(files: Sequence[str]) -> dict[str, str]:
    """Each file's stamp: path, size, modification and change times, inode; "" for a file
    modified in the last RACY_SECONDS (an edit within the file system's time granularity could
    leave the stamp unchanged) or that cannot be stat'ed."""
    now = time.time_ns()
    stamps = {}
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            stamps[path] = ""
            continue
        recent = now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9
        stamps[path] = "" if recent else f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
    return stamps


def _read_files(paths: Sequence[str], settings: Settings, jobs: int, store: ClaimStore, engine: str,
                scheduler: str | None, progress: Progress | None,
                given: dict[str, list[Document]] | None = None) -> Iterator[FileOutcome]:
    """Each file read and analysed (documents the store holds are taken from it), in any order;
    ``progress`` counts them as "extracting". The documents of files in ``given`` are those
    held in memory, analysed here."""
    store_path = None if store.in_memory else str(store.path)
    given = given or {}
    for path in paths:
        if path in given:
            yield documents_outcome(path, given[path], [], settings, store_path)
    paths = [path for path in paths if path not in given]
    if engine == "dask":
        yield from _read_files_dask(paths, settings, store, scheduler, progress)
        return
    # Files go to a worker FILE_BATCH at a time, and are checked together: the parser is
    # fastest on the sentences of many documents at once. A pool runs for more than CHUNK_SIZE files.
    work = partial(check_files, settings=settings, store_path=store_path)
    batches = [paths[i:i + FILE_BATCH] for i in range(0, len(paths), FILE_BATCH)]
    if jobs <= 1 or len(paths) <= CHUNK_SIZE:
        outcomes: Iterator[FileOutcome] = chain.from_iterable(map(work, batches))
    else:
        lost = partial(_lost_files, settings=settings, store_path=store_path)
        outcomes = chain.from_iterable(found for _, found in run_pool(batches, work, jobs, lost, chunk_size=1,
                                                                     items_per_worker=FILES_PER_WORKER // FILE_BATCH))
    for done, outcome in enumerate(outcomes, 1):
        yield outcome
        if progress is not None:
            progress(EXTRACTING, done, len(paths))


def _lost_files(paths: Sequence[str], settings: Settings, store_path: str | None) -> list[FileOutcome]:
    """Files whose worker died twice: each half of them in a process of its own, down to one
    file, whose documents then go each alone (``_lost_file``)."""
    if len(paths) == 1:
        return [_lost_file(paths[0], settings)]
    work = partial(check_files, settings=settings, store_path=store_path)
    lost = partial(_lost_files, settings=settings, store_path=store_path)
    half = len(paths) // 2
    return [outcome for part in (paths[:half], paths[half:]) for outcome in run_isolated(part, work, lost)]


def _lost_file(path: str, settings: Settings) -> FileOutcome:
    """A file whose worker died twice: each of its documents alone, in a process of its own."""
    docs, errors = read_document_file(path, settings)
    entries = [run_isolated(doc, partial(document_entry, settings=settings), _lost_document) for doc in docs]
    return FileOutcome(path, tuple(e for e in entries if isinstance(e, DocumentEntry)),
                       tuple(errors + [e for e in entries if isinstance(e, ReadError)]),
                       complete=not any(isinstance(e, ReadError) for e in entries))


def _read_files_dask(paths: Sequence[str], settings: Settings, store: ClaimStore, scheduler: str | None,
                     progress: Progress | None) -> Iterator[FileOutcome]:
    """Files read here, the documents the store lacks analysed on Dask."""
    read = {path: read_document_file(path, settings) for path in paths}
    version = extraction_key(settings)
    keys = {doc.id: document_key(doc, version) for docs, _ in read.values() for doc in docs}
    links = {doc_id: link_key(key, settings) for doc_id, key in keys.items()}
    stored = store.get_links(list(links.values()))
    todo = [doc for docs, _ in read.values() for doc in docs if links[doc.id] not in stored]
    done = dict(zip((doc.id for doc in todo),
                    map_documents_dask(todo, partial(document_entry, settings=settings), scheduler,
                                       in_phase(progress, EXTRACTING))))
    for path, (docs, errors) in read.items():
        entries, failed = [], []
        for doc in docs:
            outcome = done.get(doc.id) or DocumentEntry(doc.id, keys[doc.id], links[doc.id], *stored[links[doc.id]], None)
            (failed if isinstance(outcome, ReadError) else entries).append(outcome)
        yield FileOutcome(path, tuple(entries), tuple(errors + failed), not failed)


def link_documents(documents: Sequence[Document], settings: Settings, jobs: int = 1, progress: Progress | None = None,
                   store: ClaimStore | None = None, engine: str = "local", scheduler: str | None = None,
                   prune: bool = False) -> tuple[list[Document], list[Claim], dict[str, str], list[ReadError]]:
    """Every document analysed and linked in memory: the documents that could be, their
    claims with subjects and frames, the alias map, and the problems of the others. With
    ``prune``, documents none of whose claims could meet another are not parsed (link_corpus)."""
    require_parser(settings.parser)
    with _stored_parses(store, settings):
        analyses, failed = analyse_documents(documents, settings, with_entities=True, jobs=jobs, progress=progress,
                                             store=store, engine=engine, scheduler=scheduler)
        kept = [doc for doc, analysis in zip(documents, analyses) if analysis is not None]
        checked = [analysis for analysis in analyses if analysis is not None]
        claims = [claim for analysis in checked for claim in analysis.claims]
        entities = {doc.id: a.entities for doc, a in zip(kept, checked) if a.entities is not None}
        begin(progress, LINKING)
        linked, aliases = link_corpus(kept, claims, settings, entities, prune)
    return kept, linked, aliases, failed


def _check(paths: Sequence[str], settings: Settings, jobs: int, select: Sequence[str], ignore: Sequence[str],
           progress: Progress | None, store: ClaimStore | None, engine: str,
           scheduler: str | None, want_graph: bool,
           given: Sequence[Document] = (), prune: bool = False) -> tuple[Report, ClaimGraph | None]:
    """The whole check in memory: every claim linked, every block judged. With ``prune`` (for
    a report that lists no claim but those of findings), documents none of whose claims
    could meet another are not parsed and their claims keep no subject."""
    rules = select_rules(select, ignore)
    documents, errors = read_corpus(paths, settings, progress)
    documents, linked, aliases, failed = link_documents(with_given(documents, given), settings, jobs, progress,
                                                        store, engine, scheduler, prune)
    judged, late = judge_each(rules, corpus_blocks(linked), settings, aliases, in_phase(progress, JUDGING))
    findings = sorted(apply_overrides((f for key in sorted(judged) for f in judged[key]), settings), key=Finding.order)
    claim_graph = None
    if want_graph:
        claim_graph = ClaimGraph.build(documents, linked, aliases)
        claim_graph.add_findings(findings)
    report = Report(tuple(documents), tuple(linked), tuple(findings), _sorted_errors(errors + failed + late),
                    document_count=len(documents), claim_count=len(linked), names=aliases)
    return report, claim_graph


def _sorted_errors(errors: Sequence[ReadError]) -> tuple[ReadError, ...]:
    return tuple(sorted(errors, key=lambda e: (e.path, e.line or 0, e.message)))

