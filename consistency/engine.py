"""Runs the pipeline: per-document stages (read, extract, normalize) in parallel, then link, graph and rules."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from consistency.config import apply_overrides, reference_date_for
from consistency.corpus import read_paths
from consistency.dask_engine import extract_documents_dask
from consistency.graph import ClaimGraph
from consistency.link import link_corpus
from consistency.model import Claim, Document, Finding, ReadError, Report
from consistency.normalize.claims import document_claims
from consistency.rules import select_rules
from consistency.rules.base import RuleContext
from consistency.settings import Settings
from consistency.store import ClaimStore, document_key, settings_key

# Documents handed to a worker at a time: small files should not drown in overhead.
CHUNK_SIZE = 32


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
                      progress: Callable[[int, int], None] | None = None,
                      store: ClaimStore | None = None, scheduler: str | None = None,
                      engine: str = "local") -> list[Claim]:
    """Claims of all documents, in document order then text order, whatever ``jobs`` is.

    With a ``store``, documents whose content, extractor version and settings are unchanged
    come from it, and only the others are extracted (and then stored). ``engine`` "dask"
    extracts on a Dask cluster (``scheduler`` address, or a local one). ``progress`` is
    called with (documents finished, documents in all) as work completes."""
    def extract(todo: Sequence[Document], already: int) -> list[list[Claim]]:
        if engine == "dask" and todo:
            claims = extract_documents_dask(todo, settings, scheduler, progress)
            return _split_by_document(todo, claims)
        return _extract(todo, settings, jobs, progress, already, len(documents))

    if store is None:
        per_document = extract(documents, 0)
    else:
        version = settings_key(settings)
        keys = [document_key(doc, version) for doc in documents]
        cached = store.get_many(keys)
        missing = [i for i, key in enumerate(keys) if key not in cached]
        fresh = extract([documents[i] for i in missing], len(documents) - len(missing))
        store.put_many((keys[i], claims) for i, claims in zip(missing, fresh))
        extracted = dict(zip(missing, fresh))
        per_document = [cached[key] if key in cached else extracted[i] for i, key in enumerate(keys)]
    return [claim for claims in per_document for claim in claims]


def _split_by_document(documents: Sequence[Document], claims: list[Claim]) -> list[list[Claim]]:
    """Claims (in document order) regrouped per document, so that they can be stored."""
    per_document: dict[str, list[Claim]] = {doc.id: [] for doc in documents}
    for claim in claims:
        per_document[claim.document_id].append(claim)
    return [per_document[doc.id] for doc in documents]


def _extract(documents: Sequence[Document], settings: Settings, jobs: int,
             progress: Callable[[int, int], None] | None, already: int, total: int) -> list[list[Claim]]:
    """Per-document claims, in a process pool when there is enough work to share."""
    per_document: list[list[Claim]] = []

    def tick() -> None:
        if progress is not None:
            progress(already + len(per_document), total)

    if jobs <= 1 or len(documents) <= CHUNK_SIZE:
        for doc in documents:
            per_document.append(document_claims(doc, settings))
            tick()
    else:
        chunks = [documents[i:i + CHUNK_SIZE] for i in range(0, len(documents), CHUNK_SIZE)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk in pool.map(_extract_chunk, chunks, [settings] * len(chunks)):
                per_document.extend(chunk)
                tick()
    return per_document


def _extract_chunk(documents: Sequence[Document], settings: Settings) -> list[list[Claim]]:
    return [document_claims(doc, settings) for doc in documents]


def check_corpus(paths: Sequence[str], settings: Settings, jobs: int = 1,
                 select: Sequence[str] = (), ignore: Sequence[str] = (),
                 progress: Callable[[int, int], None] | None = None,
                 store: ClaimStore | None = None, engine: str = "local",
                 scheduler: str | None = None) -> tuple[Report, ClaimGraph]:
    """Read, extract, link and run the selected rules; findings sorted by path, line and rule."""
    rules = select_rules(select, ignore)
    documents, errors = read_corpus(paths, settings)
    claims = extract_documents(documents, settings, jobs=jobs, progress=progress, store=store,
                               engine=engine, scheduler=scheduler)
    linked, aliases = link_corpus(documents, claims, settings)
    graph = ClaimGraph.build(documents, linked, aliases)
    context = RuleContext(graph=graph, claims=tuple(linked), tolerance=settings.tolerance, facts=settings.facts)
    found = apply_overrides((f for rule in rules for f in rule.check(context)), settings)
    findings = sorted(found, key=_finding_order)
    graph.add_findings(findings)
    return Report(tuple(documents), tuple(linked), tuple(findings), tuple(errors)), graph


def _finding_order(finding: Finding) -> tuple:
    first = finding.claims[0].location
    return (first.path, first.line, first.column, finding.rule, finding.fingerprint)
