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

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec

from consistency import __version__
from consistency.desk.session import Desk
from consistency.desk.triage import ARCHIVE_WRONG, FIGURE_CHANGED, FileEdit, TriageError, triage_edit
from consistency.display import path_text
from consistency.model import Claim, Finding, ReadError, Report
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


@dataclass
class Archive:
    """What the server checks buffers against: the desk (the archive in the claim store), the
    configuration file a fact from triage goes to (the one found, else a new one at the
    archive's root), and how the settings are read again once that file is saved."""

    desk: Desk
    config_path: str | None  # None: no configuration is read (--isolated), so no fact is offered
    read_settings: Callable[[], Settings]
    baseline_path: str  # where "figure changed, OK" records a finding of a file that takes no comment

    def archive_path(self, fs_path: str) -> str | None:
        """The archive's name of the file at ``fs_path``, or None when the server leaves it alone:
        not Markdown, HTML or text, outside the archive, or left out by its globs and ignore
        files. A new file not yet saved inside the archive is checked under its own path."""
        if os.path.splitext(fs_path)[1].lower() not in EDITED_EXTENSIONS or not self.desk.holds(fs_path):
            return None
        if not os.path.exists(fs_path):
            return path_text(fs_path)
        return self.desk.archive_file(fs_path)


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
    page = RULE_DOCS / f"{finding.rule}.md"
    related = [types.DiagnosticRelatedInformation(
                   location=types.Location(uri=from_fs_path(os.path.abspath(other.location.path)),
                                           range=_claim_range(other)),
                   message=_claim_note(other))
               for other in finding.claims if other is not claim]
    return types.Diagnostic(range=codec.range_to_client_units(lines, _claim_range(claim)),
                            message=f"{finding.subject.label}: {finding.message}",
                            severity=_SEVERITY[finding.severity], code=finding.rule, source=SOURCE,
                            code_description=types.CodeDescription(href=page.as_uri()) if page.is_file() else None,
                            related_information=related or None)


def _claim_range(claim: Claim) -> types.Range:
    """A claim's range in its file, in characters (code points): the buffer's are converted to
    the client's units; another file's are sent as they are (it is not read to count them)."""
    loc = claim.location
    return types.Range(start=types.Position(line=loc.line - 1, character=loc.column - 1),
                       end=types.Position(line=loc.end_line - 1, character=loc.end_column - 1))


def _claim_note(claim: Claim) -> str:
    dated = f" ({claim.published.isoformat()})" if claim.published else ""
    return f"'{claim.text}' in {claim.title}{dated}"


@dataclass(frozen=True)
class Checked:
    """The last report published for an open buffer: the archive's name of its file, the buffer's
    version and text it was made on, and the report (code actions are computed from it)."""

    path: str
    version: int | None
    text: str
    report: Report


class ConsistencyServer(LanguageServer):
    """The language server: buffers in, diagnostics and triage actions out. ``open_archive``
    opens the archive (``paths``, else the workspace root the client gives at initialize); it
    runs on the check thread after initialization, so that the first check finds it ready."""

    def __init__(self, open_archive: Callable[[Sequence[str]], Archive], paths: Sequence[str] = ()) -> None:
        super().__init__("consistency", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.open_archive = open_archive
        self.paths = tuple(paths)
        self.archive: Archive | None = None
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consistency-check")
        self.pending: dict[str, asyncio.Task] = {}
        self.paths_of: dict[str, str | None] = {}  # uri -> archive path (None: not the archive's)
        self.checked: dict[str, Checked] = {}


def _open(server: ConsistencyServer) -> None:
    """Runs on the check thread: open the archive once."""
    server.archive = server.open_archive(server.paths)


async def _in_check_thread(server: ConsistencyServer, function: Callable, *args):
    return await asyncio.get_running_loop().run_in_executor(server.checks, function, *args)


async def _open_archive(server: ConsistencyServer) -> None:
    try:
        await _in_check_thread(server, _open, server)
    except Exception as error:  # a bad configuration, a missing parser: said once, then nothing is checked
        log.error("consistency: cannot open the archive %s: %s", ", ".join(server.paths), error)
        server.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Error, message=f"consistency: cannot open the archive: {error}"))


def _archive_path(server: ConsistencyServer, uri: str) -> str | None:
    """Runs on the check thread: ``uri``'s name in the archive, found once per open."""
    if uri not in server.paths_of:
        fs_path = _fs_path(uri)
        server.paths_of[uri] = server.archive.archive_path(fs_path) if fs_path and server.archive else None
    return server.paths_of[uri]


def _fs_path(uri: str) -> str | None:
    """The file a ``file:`` URI names; None for any other URI or one that names no file."""
    try:
        path = to_fs_path(uri) if uri.startswith("file:") else None
    except ValueError:
        return None
    return path if path and "\0" not in path else None


def _check(server: ConsistencyServer, uri: str, text: str) -> tuple[str | None, Report | None]:
    """Runs on the check thread: the archive path of ``uri`` and the report on ``text`` (None
    for a file the server does not check)."""
    path = _archive_path(server, uri)
    if path is None:
        return None, None
    limit = server.archive.desk.settings.max_bytes
    if len(text.encode("utf-8", errors="surrogatepass")) > limit:  # as a file over --max-bytes is
        return path, Report((), (), (), (ReadError(path, f"over the max_bytes limit of {limit}; not checked"),), 0, 0)
    return path, server.archive.desk.check_draft(text, path)


def _refresh(server: ConsistencyServer, uri: str) -> None:
    """Runs on the check thread: after ``uri`` was saved, the archive's store is brought up to
    date with it, and the settings are read again when it is the configuration file."""
    fs_path = _fs_path(uri)
    if server.archive is None or fs_path is None:
        return
    config = server.archive.config_path
    if config is not None and os.path.realpath(fs_path) == os.path.realpath(config):
        server.archive.desk.use_settings(server.archive.read_settings())
    else:
        server.archive.desk.refresh([fs_path])


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
        path, report = await _in_check_thread(server, _check, server, uri, text)
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
    server.checked[uri] = Checked(path, version, text, report)
    server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=diagnostics(report, path, lines, server.workspace.position_codec)))


async def _saved(server: ConsistencyServer, uri: str) -> None:
    server.paths_of.pop(uri, None)  # a new file, once saved, is the archive's under its listed name
    try:
        await _in_check_thread(server, _refresh, server, uri)
    except Exception as error:
        log.exception("consistency: updating the archive after %s was saved failed", uri)
        server.window_log_message(types.LogMessageParams(
            type=types.MessageType.Error, message=f"consistency: updating the archive after {uri} failed: {error}"))
    for open_uri in list(server.workspace.text_documents):
        _schedule(server, open_uri, 0)


# --- triage: code actions ------------------------------------------------------------------------

FIGURE_CHANGED_TITLE = "Figure changed, OK"
ARCHIVE_WRONG_TITLE = "The archive is wrong"


def code_actions(server: ConsistencyServer, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """The triage actions of the findings with a claim of the buffer within ``wanted`` (by line),
    as of the last published check: "figure changed, OK" (an inline suppression edited into the
    buffer, or a baseline entry) and "the archive is wrong" (a fact in the configuration)."""
    checked = server.checked.get(uri)
    if checked is None or server.archive is None:
        return []
    here = os.path.realpath(checked.path)
    actions = []
    for finding in checked.report.findings:
        claims = [c for c in finding.claims if os.path.realpath(c.location.path) == here]
        if not any(c.location.line - 1 <= wanted.end.line and c.location.end_line - 1 >= wanted.start.line
                   for c in claims):
            continue
        config = server.archive.config_path
        for triage, title in ((FIGURE_CHANGED, FIGURE_CHANGED_TITLE), (ARCHIVE_WRONG, ARCHIVE_WRONG_TITLE)):
            if triage == ARCHIVE_WRONG and config is None:
                continue
            try:
                edit = triage_edit(finding, triage, target=checked.path, text=checked.text, config_path=config or "",
                                   baseline_path=server.archive.baseline_path)
            except TriageError as error:
                log.info("consistency: no %s action: %s", triage, error)
                continue
            actions.append(types.CodeAction(
                title=f"{title}: {edit.summary}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[d for d in diagnostics(replace(checked.report, findings=(finding,)), checked.path,
                                                    checked.text.splitlines(), server.workspace.position_codec)],
                edit=_workspace_edit(edit, uri if edit.path == checked.path else None, checked.version,
                                     server.workspace.position_codec)))
    return actions


def _workspace_edit(edit: FileEdit, buffer_uri: str | None, version: int | None,
                    codec: PositionCodec) -> types.WorkspaceEdit:
    """``edit`` as the client applies it: in the open buffer ``buffer_uri`` at ``version`` (the
    client refuses it when the buffer moved on), else in the file, created first when missing."""
    uri = buffer_uri or from_fs_path(os.path.abspath(edit.path))
    changes: list = []
    if edit.old is None:
        changes.append(types.CreateFile(uri=uri))
    changes.append(types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version if buffer_uri else None),
        edits=[text_edit(edit.old or "", edit.new, codec)]))
    return types.WorkspaceEdit(document_changes=changes)


def text_edit(old: str, new: str, codec: PositionCodec | None = None) -> types.TextEdit:
    """The one edit that turns ``old`` into ``new``: the lines between their common first and
    last lines replaced (positions in the client's units, ``codec``)."""
    codec = codec or PositionCodec()
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    replaced = "".join(before[head:len(before) - tail])
    lines = old.splitlines() or [""]
    end_line = head + replaced.count("\n")
    end_character = len(replaced) - (replaced.rfind("\n") + 1)
    where = codec.range_to_client_units(lines, types.Range(
        start=types.Position(line=head, character=0),
        end=types.Position(line=end_line, character=end_character if end_line < len(lines) else 0)))
    return types.TextEdit(range=where, new_text="".join(after[head:len(after) - tail]))


def build_server(open_archive: Callable[[Sequence[str]], Archive], paths: Sequence[str] = ()) -> ConsistencyServer:
    """The server with its features; ``paths`` the archive (default: the workspace root)."""
    server = ConsistencyServer(open_archive, paths)

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
    async def did_save(ls: ConsistencyServer, params: types.DidSaveTextDocumentParams) -> None:
        await _saved(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ConsistencyServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.checked.pop(uri, None)
        if ls.paths_of.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: ConsistencyServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(ls, params.text_document.uri, params.range)

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: ConsistencyServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        await _in_check_thread(ls, _close, ls)

    return server


def _close(server: ConsistencyServer) -> None:
    if server.archive is not None:
        server.archive.desk.close()
        server.archive = None


def serve(open_archive: Callable[[Sequence[str]], Archive], paths: Sequence[str] = ()) -> None:
    """Run the language server on standard input and output until the client says exit."""
    build_server(open_archive, paths).start_io()
