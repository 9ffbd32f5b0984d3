"""`consistency lsp`: a language server (LSP over stdio, pygls) that shows the findings of the
article being edited against the archive, as the editor's diagnostics.

When a Markdown, HTML or text file inside the archive is opened, changed or saved, the buffer's
text (saved or not) is checked in place of the file on disk, a short while after the last
keystroke (``DEBOUNCE_SECONDS``), and the findings that involve it are published: one diagnostic
per claim of the file in a finding, at the words of the claim, with the rule's code, the
finding's message, and the other claims of the finding (in other articles, or elsewhere in the
same one) as related information. Closing the file clears them. Files outside the archive get
no diagnostics and are never read; a buffer the readers refuse (binary, too large, empty) is
logged and gets none.

Checks run one at a time on a thread of their own, so the server keeps answering while one runs;
a check that a newer edit makes stale is dropped.
"""
from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec

from consistency import __version__
from consistency.corpus import read_data
from consistency.engine import check_corpus, input_files
from consistency.engine.store import ClaimStore
from consistency.model import Claim, Finding, ReadError, Report
from consistency.narrow import narrow
from consistency.settings import Settings

log = logging.getLogger(__name__)

# Seconds after the last change before a buffer is checked again.
DEBOUNCE_SECONDS = 0.3
# The files the server checks: Markdown, HTML and plain text.
EDITED_EXTENSIONS = (".md", ".markdown", ".html", ".htm", ".txt")
SOURCE = "consistency"
# Where the rule pages are in a source checkout (docs/rules/<CODE>.md); linked from each
# diagnostic when they are there.
RULE_DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "rules"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}


class Checker(Protocol):
    """What the server checks a buffer with: the archive it knows."""

    def archive_path(self, fs_path: str) -> str | None:
        """The path of the file at ``fs_path`` as the archive's reports show it, or None when the
        file is not one the archive holds (outside it, excluded, or not Markdown, HTML or text)."""

    def check(self, path: str, text: str) -> Report:
        """The findings that involve the file ``path`` (an ``archive_path``) whose text is ``text``,
        and the problems of reading that text."""

    def close(self) -> None:
        """Release the archive's resources (the claim store)."""


@dataclass
class ArchiveChecker:
    """A Checker on consistency's engine: each check brings the archive's state in the claim
    store up to date and checks the buffer in place of its file."""

    paths: tuple[str, ...]
    settings: Settings
    store: ClaimStore | None

    def archive_path(self, fs_path: str) -> str | None:
        if os.path.splitext(fs_path)[1].lower() not in EDITED_EXTENSIONS:
            return None
        real = os.path.realpath(fs_path)
        for root in self.paths:
            top = os.path.realpath(root)
            if real == top:
                return root
            if real.startswith(top.rstrip(os.sep) + os.sep):
                if os.path.exists(real):  # a file of the archive: only those its globs and ignore files keep
                    files, _ = input_files([root], self.settings)
                    return next((f for f in files if os.path.realpath(f) == real), None)
                return os.path.join(root, os.path.relpath(real, top)).replace(os.sep, "/")  # a new, unsaved file
        return None

    def check(self, path: str, text: str) -> Report:
        data = text.encode("utf-8", errors="surrogatepass")
        if len(data) > self.settings.max_bytes:
            return _unread(ReadError(path, f"over the max_bytes limit of {self.settings.max_bytes}"))
        documents, errors = read_data(path, data, reference_date=self.settings.reference_date_for(path),
                                      format_in=self.settings.format_in)
        if not documents:
            return _unread(*errors)
        report, _ = check_corpus(self.paths, self.settings, select=self.settings.select, ignore=self.settings.ignore,
                                 store=self.store, reuse=True, given=documents)
        narrowed = narrow(report, frozenset({path}), None, given={path: text}).report
        return replace(narrowed, errors=tuple([*errors, *(e for e in narrowed.errors if e.path == path)]))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _unread(*errors: ReadError) -> Report:
    """The report on a buffer that could not be read: its problems, nothing checked."""
    return Report((), (), (), tuple(errors), document_count=0, claim_count=0)


def diagnostics(report: Report, path: str, lines: Sequence[str],
                codec: PositionCodec | None = None) -> list[types.Diagnostic]:
    """One diagnostic per claim of ``path`` in each finding of ``report``, positioned in the
    buffer ``lines`` (in the client's position units, ``codec``), with the finding's other
    claims as related information."""
    codec = codec or PositionCodec()
    here = os.path.realpath(path)
    found = []
    for finding in report.findings:
        for claim in finding.claims:
            if os.path.realpath(claim.location.path) == here:
                found.append(_diagnostic(finding, claim, lines, codec))
    return found


def _diagnostic(finding: Finding, claim: Claim, lines: Sequence[str], codec: PositionCodec) -> types.Diagnostic:
    loc = claim.location
    where = codec.range_to_client_units(lines, types.Range(
        start=types.Position(line=loc.line - 1, character=loc.column - 1),
        end=types.Position(line=loc.end_line - 1, character=loc.end_column - 1)))
    page = RULE_DOCS / f"{finding.rule}.md"
    related = [types.DiagnosticRelatedInformation(location=types.Location(uri=from_fs_path(os.path.abspath(other.location.path)),
                                                                          range=_claim_range(other)),
                                                  message=_claim_note(other))
               for other in finding.claims if other is not claim]
    return types.Diagnostic(range=where, message=f"{finding.subject.label}: {finding.message}",
                            severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
                            code=finding.rule, source=SOURCE,
                            code_description=types.CodeDescription(href=page.as_uri()) if page.is_file() else None,
                            related_information=related or None)


def _claim_range(claim: Claim) -> types.Range:
    """A claim's range in its file, in characters (the file is not read to count UTF-16 units)."""
    loc = claim.location
    return types.Range(start=types.Position(line=loc.line - 1, character=loc.column - 1),
                       end=types.Position(line=loc.end_line - 1, character=loc.end_column - 1))


def _claim_note(claim: Claim) -> str:
    dated = f" ({claim.published.isoformat()})" if claim.published else ""
    return f"'{claim.text}' in {claim.title}{dated}"


class ConsistencyServer(LanguageServer):
    """The language server: buffers in, diagnostics out. ``open_checker`` opens the archive
    (``paths``, else the workspace root the client gives at initialize); it runs on the check
    thread after initialization, so that the first check finds it ready."""

    def __init__(self, open_checker: Callable[[Sequence[str]], Checker], paths: Sequence[str] = ()) -> None:
        super().__init__("consistency", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.open_checker = open_checker
        self.paths = tuple(paths)
        self.checker: Checker | None = None
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consistency-check")
        self.pending: dict[str, asyncio.Task] = {}
        self.paths_of: dict[str, str | None] = {}  # uri -> archive path (None: not the archive's)


def _open(server: ConsistencyServer) -> None:
    """Runs on the check thread: open the archive once."""
    server.checker = server.open_checker(server.paths)


async def _open_archive(server: ConsistencyServer) -> None:
    try:
        await asyncio.get_running_loop().run_in_executor(server.checks, _open, server)
    except Exception as error:  # a bad configuration, a missing parser: said once, then nothing is checked
        log.error("consistency: cannot open the archive %s: %s", ", ".join(server.paths), error)
        server.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Error, message=f"consistency: cannot open the archive: {error}"))


def _archive_path(server: ConsistencyServer, uri: str) -> str | None:
    """Runs on the check thread: ``uri``'s path in the archive, found once per open."""
    if uri not in server.paths_of:
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        server.paths_of[uri] = server.checker.archive_path(fs_path) if fs_path and server.checker else None
    return server.paths_of[uri]


def _check(server: ConsistencyServer, uri: str, text: str) -> tuple[str | None, Report | None]:
    """Runs on the check thread: the archive path of ``uri`` and the report on ``text`` (None
    for a file the server does not check)."""
    path = _archive_path(server, uri)
    if path is None:
        return None, None
    return path, server.checker.check(path, text)


def _schedule(server: ConsistencyServer, uri: str, delay: float) -> None:
    old = server.pending.pop(uri, None)
    if old is not None:
        old.cancel()
    server.pending[uri] = asyncio.get_running_loop().create_task(_check_later(server, uri, delay))


async def _check_later(server: ConsistencyServer, uri: str, delay: float) -> None:
    await asyncio.sleep(delay)
    try:
        document = server.workspace.text_documents.get(uri)
        if document is None:
            return
        text, version, lines = document.source, document.version, document.lines
        path, report = await asyncio.get_running_loop().run_in_executor(server.checks, _check, server, uri, text)
    except asyncio.CancelledError:
        raise
    except Exception as error:  # a bug or a broken archive must not take the server down
        log.exception("consistency: checking %s failed", uri)
        server.window_log_message(types.LogMessageParams(
            type=types.MessageType.Error, message=f"consistency: checking {uri} failed: {error}"))
        return
    finally:
        if server.pending.get(uri) is asyncio.current_task():
            del server.pending[uri]
    if report is None:
        return
    for error in report.errors:
        server.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                         message=f"consistency: {error}"))
    server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=diagnostics(report, path, lines, server.workspace.position_codec)))


def build_server(open_checker: Callable[[Sequence[str]], Checker], paths: Sequence[str] = ()) -> ConsistencyServer:
    """The server with its features; ``paths`` the archive (default: the workspace root)."""
    server = ConsistencyServer(open_checker, paths)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ConsistencyServer, params: types.InitializedParams) -> None:
        if not ls.paths:  # the workspace's root, else its folders, else where the editor started the server
            folders = [path for folder in ls.workspace.folders.values() if (path := to_fs_path(folder.uri))]
            ls.paths = tuple([ls.workspace.root_path] if ls.workspace.root_path else folders or [os.getcwd()])
        await _open_archive(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ConsistencyServer, params: types.DidOpenTextDocumentParams) -> None:
        _schedule(ls, params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ConsistencyServer, params: types.DidChangeTextDocumentParams) -> None:
        _schedule(ls, params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ConsistencyServer, params: types.DidSaveTextDocumentParams) -> None:
        _schedule(ls, params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ConsistencyServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if ls.paths_of.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ConsistencyServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.checks.submit(_close, ls).result()

    return server


def _close(server: ConsistencyServer) -> None:
    if server.checker is not None:
        server.checker.close()
        server.checker = None


def serve(open_checker: Callable[[Sequence[str]], Checker], paths: Sequence[str] = ()) -> None:
    """Run the language server on standard input and output until the client says exit."""
    build_server(open_checker, paths).start_io()
