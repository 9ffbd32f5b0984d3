"""A desk: an archive indexed once into the claim store, and drafts checked against it.

``Desk.open`` checks the archive through the store (engine ``check_corpus`` with ``reuse``:
the stored-state path, so a cached archive opens by reading what changed only);
``check_draft`` checks one draft held in memory against it as ``consistency check DRAFT
--against ARCHIVE`` would (only the draft is analysed, only the blocks it joins judged, and
the stored state of the archive is left as it was); ``refresh`` brings the store up to date
when archive files change; ``subjects`` lists the archive's subjects and their values.

The store's SQLite connection belongs to one thread: every call runs on the desk's own
worker thread, one at a time, so a desk may be used from any thread (a web server's, a
watcher's, a language server's).
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from consistency.corpus import read_data
from consistency.display import path_text
from consistency.engine import check_corpus, input_files
from consistency.engine.state import StaleState, context_id, entity_claims, keep_alias_index
from consistency.engine.store import ClaimStore
from consistency.engine.analyse import check_document
from consistency.link.parse import parse_sentences
from consistency.model import Claim, Document, Report
from consistency.narrow import narrow
from consistency.narrow.baseline import read_baseline
from consistency.rules import select_rules
from consistency.settings import Settings

CACHE_DIR_NAME = ".consistency-cache"
# A text whose analysis loads what any draft's does.
WARM_UP = "The new plant will cost $2.4 billion, employ 300 people and deliver 1.2 GW from March 2027."
T = TypeVar("T")


@dataclass(frozen=True)
class SubjectValue:
    """One statement of a subject's value: the article (path, title), its date, the value as
    written, and where (line)."""

    path: str
    title: str
    published: date | None
    text: str
    line: int


@dataclass(frozen=True)
class KnownSubject:
    """A subject of the archive and its values, oldest article first (undated last)."""

    label: str
    entity: str
    attribute: str
    scope: str
    values: tuple[SubjectValue, ...]


class Desk:
    """The archive at ``paths`` under ``settings``, kept in the claim store at ``cache_dir``."""

    def __init__(self, paths: Sequence[str], settings: Settings, store_path: Path,
                 baseline_path: str | None = None, jobs: int = 1) -> None:
        self.paths = tuple(paths)
        self.settings = settings
        self.baseline_path = baseline_path
        self.jobs = jobs
        from concurrent.futures import ThreadPoolExecutor  # here: `consistency check` imports this module too

        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consistency-desk")
        self._store: ClaimStore = self._call(ClaimStore, store_path)
        self.archive: Report = Report((), (), (), (), 0, 0)
        self._by_real_path: dict[str, str] | None = None  # the archive's files by real path, made when asked
        self._listed: list[str] = []  # the archive's files as the last refresh listed them

    @classmethod
    def open(cls, paths: Sequence[str], settings: Settings, cache_dir: str | os.PathLike[str] | None = None,
             baseline_path: str | None = None, jobs: int = 1) -> Desk:
        """A desk on the archive at ``paths``: indexed (or brought up to date) in the store at
        ``cache_dir``/claims.sqlite (default: .consistency-cache/ here). ``baseline_path``: a
        baseline whose findings drafts do not show (when the file exists). ``jobs``: worker
        processes that read many changed files (indexing a new archive). Raises
        ParserMissing when the settings' spaCy pipeline is not installed."""
        desk = cls(paths, settings, Path(cache_dir or CACHE_DIR_NAME) / "claims.sqlite", baseline_path, jobs)
        try:
            desk.refresh()
            # What a first draft's analysis loads (the parser, which a cached archive needs none
            # of, the extractors' patterns, the unit tables) is loaded on the desk's thread while
            # the caller goes on, rather than by the first draft, which waits for it if it comes first.
            desk._worker.submit(desk._warm_up)
        except BaseException:
            desk.close()
            raise
        return desk

    def check_draft(self, text: str, path: str, *, title: str | None = None, published: date | None = None,
                    fmt: str | None = None) -> Report:
        """The findings that involve the draft ``text``, draft claims first, as `consistency check
        DRAFT --against ARCHIVE` reports them (inline suppressions in the draft and the archive
        apply, and the baseline). ``path`` is what the draft is checked and shown as; when it is
        a file of the archive, ``text`` stands in for that file. ``title`` and ``published``
        override what the text says; ``fmt`` (an input format: markdown, html, text...) the
        reader its extension chooses."""
        return self.check_bytes(text.encode("utf-8"), path, title=title, published=published, fmt=fmt)

    def check_bytes(self, data: bytes, path: str, *, title: str | None = None, published: date | None = None,
                    fmt: str | None = None) -> Report:
        """``check_draft`` of a draft file's bytes (a .docx, say); a draft that cannot be read
        has no findings and its problem in the report's errors."""
        return self._call(self._check_bytes, data, path, title, published, fmt)

    def refresh(self, changed_paths: Iterable[str] | None = None) -> Report:
        """Bring the store up to date with the archive's files and return the archive's own check.
        ``changed_paths`` (from a file watcher): when given and none is inside the archive, there
        is nothing to do."""
        if changed_paths is not None and not any(self.holds(path) for path in changed_paths):
            return self.archive
        self._listed, _ = input_files(self.paths, self.settings)
        self._by_real_path = None
        self.archive = self._call(self._check, ())
        # The archive's names are indexed on the desk's thread while the caller goes on (a
        # draft that comes first waits for it): a draft then clusters only its own names.
        self._worker.submit(self._index_names)
        return self.archive

    def use_settings(self, settings: Settings) -> Report:
        """Check with ``settings`` from now on (a changed configuration: a fact added by triage)."""
        self.settings = settings
        return self.refresh()

    def subjects(self, query: str, limit: int) -> list[KnownSubject]:
        """The archive's subjects whose label holds every word of ``query`` (case-insensitive;
        an entity's name must hold one), by label, at most ``limit``, with their values."""
        return self._call(self._subjects, query, limit)

    def holds(self, path: str) -> bool:
        """Whether ``path`` is inside one of the archive's paths (by real path)."""
        real = os.path.realpath(path)
        for root in self.paths:
            top = os.path.realpath(root)
            if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
                return True
        return False

    def archive_file(self, path: str) -> str | None:
        """The archive's name of the file at ``path`` (as a check shows it), or None when it is
        not one of the archive's files (as of the last refresh)."""
        if self._by_real_path is None:
            self._by_real_path = {os.path.realpath(listed): path_text(listed) for listed in self._listed}
        return self._by_real_path.get(os.path.realpath(path))

    def close(self) -> None:
        """Close the store and stop the worker thread."""
        try:
            self._call(self._store.close)
        finally:
            self._worker.shutdown(wait=True)

    # -- on the worker thread

    def _call(self, function: Callable[..., T], *args) -> T:
        return self._worker.submit(function, *args).result()

    def _check(self, given: Sequence[Document]) -> Report:
        """The archive's check (its files as listed last), or the given drafts' against the store
        as the last refresh left it."""
        report, _ = check_corpus(self.paths, self.settings, jobs=self.jobs, select=self.settings.select,
                                 ignore=self.settings.ignore, store=self._store, reuse=True, given=given,
                                 listed=self._listed)
        return report

    def _warm_up(self) -> None:
        parse_sentences([WARM_UP], self.settings.parser)
        documents, _ = read_data("warm-up.md", WARM_UP.encode("utf-8"), reference_date=None, format_in="markdown")
        for doc in documents:
            check_document(doc, self.settings)

    def _index_names(self) -> None:
        try:
            keep_alias_index(self._store, self._context(), self.settings)
        except (StaleState, sqlite3.DatabaseError):
            pass  # the next draft's check makes the index, or finds the state gone

    def _context(self) -> str:
        return context_id(self.paths, self.settings, select_rules(self.settings.select, self.settings.ignore))

    def _check_bytes(self, data: bytes, path: str, title: str | None, published: date | None,
                     fmt: str | None) -> Report:
        shown = self._draft_name(path)
        reference = published or self.settings.reference_date_for(shown)
        documents, errors = read_data(shown, data, reference_date=reference, format_in=fmt or self.settings.format_in)
        documents = [replace(doc, title=title if title is not None else doc.title,
                             published=published or doc.published) for doc in documents]
        if not documents:
            return Report((), (), (), tuple(errors), 0, 0, drafts=frozenset({shown}))
        report = self._check(documents)
        try:
            text = {shown: data.decode("utf-8")}
        except UnicodeDecodeError:
            text = {}
        report = narrow(report, frozenset({shown}), self._baseline(), given=text).report
        mine = {*errors, *(error for error in report.errors if error.path == shown)}  # the archive's are not the draft's
        return replace(report, errors=tuple(sorted(mine, key=lambda e: (e.path, e.line or 0, e.message))))

    def _draft_name(self, path: str) -> str:
        """The name a draft is checked as: the archive's name of its file when it is one."""
        return self.archive_file(path) or path_text(path)

    def _baseline(self) -> frozenset[str] | None:
        if self.baseline_path is None or not os.path.isfile(self.baseline_path):
            return None
        try:
            return read_baseline(self.baseline_path)
        except ValueError:
            return None

    def _subjects(self, query: str, limit: int) -> list[KnownSubject]:
        words = [word.casefold() for word in query.split()]
        if not words or limit < 1:
            return []
        ctx = self._context()
        names = set(self._store.context(ctx).all_names().values())
        wanted = sorted(name for name in names if any(word in name.casefold() for word in words))
        claims = entity_claims(self._store, ctx, wanted)
        by_label: dict[str, list[Claim]] = {}
        for entity_claims_ in claims.values():
            for claim in entity_claims_:
                assert claim.subject is not None
                by_label.setdefault(claim.subject.label, []).append(claim)
        found = []
        for label in sorted(by_label):
            if not all(word in label.casefold() for word in words):
                continue
            subject = by_label[label][0].subject
            assert subject is not None
            values = sorted((SubjectValue(c.location.path, c.title, c.published, c.text, c.location.line)
                             for c in by_label[label]),
                            key=lambda v: (v.published is None, v.published or date.min, v.path, v.line))
            found.append(KnownSubject(label, subject.entity, subject.attribute, subject.scope, tuple(values)))
            if len(found) == limit:
                break
        return found

