"""Runs the pipeline: per-document stages (read, extract, normalize, entity mentions) in
parallel, then link and rules (and the claim graph when asked for).

The per-document stages run in a process pool. A document that takes longer than the time
limit, raises, or kills its worker process is reported as an input problem and left out;
the other documents are still checked (see ``_run_pool``).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial

from consistency.analyse import Outcome, analyse_or_report, problem
from consistency.config import apply_overrides, reference_date_for
from consistency.corpus import read_paths
from consistency.corpus.discover import discover
from consistency.dask_engine import analyse_documents_dask
from consistency.graph import ClaimGraph
from consistency.link import link_corpus
from consistency.model import Claim, Document, DocumentAnalysis, Finding, ReadError, Report
from consistency.rules import select_rules
from consistency.rules.blocks import BlockKey, document_blocks, judge
from consistency.settings import Settings
from consistency.store import (CHECKER_VERSION, ClaimStore, StoredRun, decode_analysis, document_key,
                               encode_analysis, settings_key)

# Documents handed to a worker at a time: small files should not drown in overhead.
CHUNK_SIZE = 32
# A file modified this recently may change again within the file system's time granularity
# without its stamp changing; a run over it is not kept for reuse.
RACY_SECONDS = 2

Progress = Callable[[int, int], None]


def read_corpus(paths: Sequence[str], settings: Settings) -> tuple[list[Document], list[ReadError]]:
    """Read every document under ``paths``; unreadable inputs come back as ReadErrors."""
    return read_paths(
        paths,
        include=settings.include,
        exclude=settings.exclude,
        reference_date=partial(reference_date_for, settings) if settings.overrides else settings.reference_date,
        max_bytes=settings.max_bytes,
        format_in=settings.format_in,
    )


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
    address, or a local one). ``progress`` is called with (documents finished, documents in
    all) as work completes."""
    def run(todo: Sequence[Document], already: int) -> list[Outcome | _Encoded]:
        if engine == "dask" and todo:
            return analyse_documents_dask(todo, settings, with_entities, scheduler, progress)
        tick = None if progress is None else (lambda done: progress(already + done, len(documents)))
        return _run_local(todo, settings, with_entities, jobs, tick)

    if store is None:
        outcomes = [_decoded(o) for o in run(documents, 0)]
    else:
        version = settings_key(settings)
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
    if jobs <= 1 or len(documents) <= CHUNK_SIZE:
        outcomes = []
        for doc in documents:
            outcomes.append(analyse_or_report(doc, settings, with_entities))
            if tick is not None:
                tick(len(outcomes))
        return outcomes
    return _run_pool(documents, settings, with_entities, jobs, tick)


# States of a document in the array the workers share with the parent (0: not started yet).
_STARTED, _DONE = 1, 2
_state = None  # a worker's view of that array, set by _init_worker


def _run_pool(documents: Sequence[Document], settings: Settings, with_entities: bool, jobs: int,
              tick: Callable[[int], None] | None) -> list[Outcome | _Encoded]:
    """Outcomes of all documents from a process pool, in chunks of CHUNK_SIZE.

    Workers mark each document started and done in a shared array. When a worker dies (a
    crash, the OOM killer), the pool breaks: the documents that had started but not finished
    are the suspects. Each suspect is retried alone in a fresh process and, if that dies too,
    reported; every other unfinished document goes into a new pool. Each round removes its
    suspects, so the loop ends."""
    state = multiprocessing.Array("b", len(documents), lock=False)
    outcomes: dict[int, Outcome | _Encoded] = {}
    todo = list(range(len(documents)))
    while todo:
        chunks = [todo[i:i + CHUNK_SIZE] for i in range(0, len(todo), CHUNK_SIZE)]
        broken = False
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(state,)) as pool:
            futures = {pool.submit(_analyse_chunk, [(i, documents[i]) for i in chunk], settings, with_entities): chunk
                       for chunk in chunks}
            for future in as_completed(futures):
                try:
                    outcomes.update(future.result())
                except BrokenProcessPool:
                    broken = True
                    continue
                if tick is not None:
                    tick(len(outcomes))
        todo = [i for i in todo if i not in outcomes]
        if broken:
            suspects = [i for i in todo if state[i] == _STARTED]
            for i in suspects:
                outcomes[i] = _isolated(documents[i], settings, with_entities)
            todo = [i for i in todo if i not in outcomes]
            if tick is not None:
                tick(len(outcomes))
    return [outcomes[i] for i in range(len(documents))]


def _init_worker(state) -> None:
    global _state
    _state = state


def _analyse_chunk(chunk: list[tuple[int, Document]], settings: Settings,
                   with_entities: bool) -> list[tuple[int, ReadError | _Encoded]]:
    """Runs in a worker: the outcome of each (index, document), marking progress in ``_state``."""
    out: list[tuple[int, ReadError | _Encoded]] = []
    for i, doc in chunk:
        _state[i] = _STARTED
        outcome = analyse_or_report(doc, settings, with_entities)
        out.append((i, outcome if isinstance(outcome, ReadError) else _Encoded(encode_analysis(outcome))))
        _state[i] = _DONE
    return out


def _isolated(doc: Document, settings: Settings, with_entities: bool) -> ReadError | _Encoded:
    """The outcome of one document in a process of its own; a problem if that process dies."""
    state = multiprocessing.Array("b", 1, lock=False)
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(state,)) as pool:
            return pool.submit(_analyse_chunk, [(0, doc)], settings, with_entities).result()[0][1]
    except BrokenProcessPool:
        return problem(doc, "not checked: the worker process analysing it died (crash or out of memory)")


def check_corpus(paths: Sequence[str], settings: Settings, jobs: int = 1,
                 select: Sequence[str] = (), ignore: Sequence[str] = (),
                 progress: Progress | None = None,
                 store: ClaimStore | None = None, engine: str = "local",
                 scheduler: str | None = None, reuse: bool = False,
                 graph: bool = False) -> tuple[Report, ClaimGraph | None]:
    """Read, extract, link and run the selected rules; findings sorted by path, line and rule.

    The claim graph (networkx: documents, entities, subjects, claims and the findings as
    contradicts edges) is built only when ``graph`` is asked for; else None. Rules read the
    subject groups straight from the claims.

    With ``reuse`` and a ``store``, a corpus whose files (by path, size, modification time and
    inode), settings, rules and tool version are those of the last run with the same paths
    and settings is not read at all: the report comes from the store, and its documents and
    claims are read and computed again only if someone iterates them (counting is free).
    Callers that list every claim (the HTML report) pass ``reuse=False``; asking for the graph
    turns reuse off."""
    run = partial(_check, paths, settings, jobs, select, ignore, progress, store, engine, scheduler, graph)
    if store is None or not reuse or graph:
        return run()
    identity, stamp = run_stamp(paths, settings, select_rules(select, ignore))
    stored = store.get_run(identity, stamp) if stamp else None
    if stored is not None:
        # Computed without the store, which may be closed by the time anyone reads them.
        checked = frozenset(stored.document_ids)
        documents = Deferred(len(checked), lambda: [d for d in read_corpus(paths, settings)[0] if d.id in checked])
        claims = Deferred(stored.claims, lambda: _check(paths, settings, jobs, select, ignore, None, None, engine,
                                                        scheduler, False)[0].claims)
        return Report(documents, claims, stored.findings, stored.errors), None
    report, _ = run()
    if stamp:
        store.put_run(identity, stamp, StoredRun(tuple(d.id for d in report.documents), report.findings,
                                                 report.errors, len(report.claims)))
    return report, None


def run_stamp(paths: Sequence[str], settings: Settings, rules: Sequence) -> tuple[str, str | None]:
    """(identity, stamp) of a check: identity names what was asked (paths, settings, rules),
    stamp what it ran on (each file's path, size, times and inode, and the tool version).
    The stamp is None while a file was modified in the last RACY_SECONDS: an edit within the
    file system's time granularity could go unseen, so such a run is not reused."""
    asked = json.dumps([list(paths), repr(settings), [rule.code for rule in rules]])
    identity = hashlib.sha256(asked.encode("utf-8", "surrogatepass")).hexdigest()
    files, errors = discover(paths, settings.include, settings.exclude)
    watched = files + ([settings.fx_table] if settings.fx_table else [])
    now = time.time_ns()
    digest = hashlib.sha256(CHECKER_VERSION.encode())
    for path in watched:
        try:
            st = os.stat(path)
        except OSError as exc:
            digest.update(f"{path}\0{type(exc).__name__}\n".encode("utf-8", "surrogatepass"))
            continue
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9:
            return identity, None
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n"
                      .encode("utf-8", "surrogatepass"))
    for error in errors:
        digest.update(f"{error}\n".encode("utf-8", "surrogatepass"))
    return identity, digest.hexdigest()


class Deferred(Sequence):
    """A sequence whose length is known and whose items are computed on first use."""

    def __init__(self, length: int, compute: Callable[[], Sequence]) -> None:
        self._length, self._compute, self._items = length, compute, None

    def _loaded(self) -> Sequence:
        if self._items is None:
            self._items = self._compute()
        return self._items

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        return self._loaded()[index]

    def __iter__(self):
        return iter(self._loaded())


def _check(paths: Sequence[str], settings: Settings, jobs: int, select: Sequence[str], ignore: Sequence[str],
           progress: Progress | None, store: ClaimStore | None, engine: str,
           scheduler: str | None, want_graph: bool) -> tuple[Report, ClaimGraph | None]:
    rules = select_rules(select, ignore)
    documents, errors = read_corpus(paths, settings)
    analyses, failed = analyse_documents(documents, settings, with_entities=True, jobs=jobs, progress=progress,
                                         store=store, engine=engine, scheduler=scheduler)
    documents = [doc for doc, analysis in zip(documents, analyses) if analysis is not None]
    checked = [analysis for analysis in analyses if analysis is not None]
    claims = [claim for analysis in checked for claim in analysis.claims]
    entities = {doc.id: a.entities for doc, a in zip(documents, checked) if a.entities is not None}
    linked, aliases = link_corpus(documents, claims, settings, entities)
    blocks: dict[BlockKey, list[Claim]] = {}
    by_document: dict[str, list[Claim]] = {}
    for claim in linked:
        by_document.setdefault(claim.document_id, []).append(claim)
    for members in by_document.values():
        for key, found in document_blocks(members).items():
            blocks.setdefault(key, []).extend(found)
    judged = judge(rules, blocks, settings, aliases)
    findings = sorted(apply_overrides((f for key in sorted(judged) for f in judged[key]), settings), key=_finding_order)
    claim_graph = None
    if want_graph:
        claim_graph = ClaimGraph.build(documents, linked, aliases)
        claim_graph.add_findings(findings)
    return Report(tuple(documents), tuple(linked), tuple(findings), tuple(errors + failed)), claim_graph


def _finding_order(finding: Finding) -> tuple:
    first = finding.claims[0].location
    return (first.path, first.line, first.column, finding.rule, finding.fingerprint)
