"""`consistency serve`: the desk as a local web app and an HTTP API (Starlette).

- ``GET /``: the page. Paste a draft or drop a file; its findings are the HTML report's cards
  (draft side first, each claim's place linked to the archive article); each finding has a
  one-click triage (desk/triage.py) whose diff is shown, and written only when the person
  confirms it.
- ``POST /api/check`` (JSON ``{text, title?, date?, path?, format?}`` or a multipart ``file``
  with the same fields): the draft's findings as the ``consistency.report/1`` JSON the CLI
  writes. ``GET /api/subjects?q=&limit=``: the archive's subjects and their values.
  ``GET /openapi.json``: the API's OpenAPI 3.0 schema. The API never writes a file.
- ``GET /archive/{path}``: an archive file, read-only, as numbered lines; only files the
  archive check reads, and only inside the archive paths (symbolic links resolved).

Bad input gets a 400 (413 over the size limit) with ``{"error": "..."}``. With a token, every
route but the page's sign-in asks for it (``Authorization: Bearer TOKEN``, or the cookie the
page sets when opened once as ``/?token=TOKEN``); without one the server answers only
requests addressed to a loopback name. Page writes need a JSON request from the page's own
origin.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from watchfiles import watch as watch_files

from consistency import __version__
from consistency.corpus import INPUT_FORMATS
from consistency.desk.session import Desk
from consistency.desk.triage import (ARCHIVE_WRONG, FIGURE_CHANGED, EditConflict, FileEdit, TriageError, apply,
                                     kept_value, triage_edit)
from consistency.model import Claim, Finding, Report
from consistency.report.formats import FORMATS
from consistency.report.html import render_cards, report_style
from consistency.settings import Settings

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
DEFAULT_MAX_REQUEST_BYTES = 5_000_000
TOKEN_COOKIE = "consistency_token"
# Checks and shown edits the page may still act on (the oldest are forgotten).
KEPT = 64
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
TRIAGE_LABELS = {FIGURE_CHANGED: "Figure changed, OK", ARCHIVE_WRONG: "The archive is wrong"}


class BadRequest(Exception):
    """A request the API cannot serve: the HTTP status and a message for the error JSON."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Draft:
    """A draft as a request gives it."""

    data: bytes
    path: str
    title: str | None
    published: date | None
    fmt: str | None


@dataclass(frozen=True)
class Checked:
    """A draft the page checked, kept so that its findings can be triaged."""

    draft: Draft
    report: Report


@dataclass(frozen=True)
class Shown:
    """An edit the page showed, and whether writing it changes the settings."""

    edit: FileEdit
    settings_change: bool
    in_page: bool


def create_app(desk: Desk, *, config_path: str, reload_settings: Callable[[], Settings],
               token: str | None = None, loopback: bool = True,
               max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES, watch: bool = True) -> Starlette:
    """The app over an open ``desk``. ``config_path``: where a fact from triage is written (and
    beside it the baseline, ``consistency-baseline.json``); ``reload_settings`` loads the
    settings again after such a write. ``token``: required of every request when given;
    ``loopback``: the server listens on a loopback address only (without a token it then
    answers only loopback host names). ``watch``: keep the archive current as files change."""
    server = _Server(desk, config_path, reload_settings, token, max_request_bytes)
    routes = [
        Route("/", server.page, methods=["GET"]),
        Route("/api/check", server.api_check, methods=["POST"]),
        Route("/api/subjects", server.api_subjects, methods=["GET"]),
        Route("/openapi.json", server.openapi, methods=["GET"]),
        Route("/archive/{path:path}", server.archive, methods=["GET"]),
        Route("/ui/check", server.ui_check, methods=["POST"]),
        Route("/ui/triage", server.ui_triage, methods=["POST"]),
        Route("/ui/apply", server.ui_apply, methods=["POST"]),
    ]
    middleware = [] if token else [Middleware(TrustedHostMiddleware, allowed_hosts=list(LOOPBACK_HOSTS))]
    if not token and not loopback:
        raise ValueError("a server listening beyond loopback needs a token")

    @asynccontextmanager
    async def lifespan(app: Starlette):
        watcher = _Watcher(desk) if watch else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                     exception_handlers={BadRequest: _bad_request})


async def _bad_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, BadRequest)
    return JSONResponse({"error": error.message}, status_code=error.status)


class _Watcher:
    """Refreshes the desk's store when archive files change (watchfiles, in a thread of its own)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="consistency-watch", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for changes in watch_files(*self.desk.paths, stop_event=self.stopping, raise_interrupt=False):
            changed = [path for _, path in changes
                       if not any(part.startswith(".") for part in Path(path).parts[-3:])]
            if changed:
                self.desk.refresh(changed)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)


class _Server:
    def __init__(self, desk: Desk, config_path: str, reload_settings: Callable[[], Settings], token: str | None,
                 max_request_bytes: int) -> None:
        self.desk, self.config_path, self.reload_settings = desk, config_path, reload_settings
        self.token, self.max_request_bytes = token, max_request_bytes
        self.baseline_path = str(Path(config_path).parent / "consistency-baseline.json")
        desk.baseline_path = self.baseline_path
        self.checks: OrderedDict[str, Checked] = OrderedDict()
        self.edits: OrderedDict[str, Shown] = OrderedDict()
        self.lock = threading.Lock()

    # -- access

    def _allowed(self, request: Request) -> bool:
        if not self.token:
            return True
        given = request.headers.get("authorization", "")
        offered = given[7:] if given.lower().startswith("bearer ") else request.cookies.get(TOKEN_COOKIE, "")
        return hmac.compare_digest(offered.encode("utf-8", "replace"), self.token.encode("utf-8"))

    def _require(self, request: Request) -> None:
        if not self._allowed(request):
            raise BadRequest("a bearer token is required: Authorization: Bearer TOKEN", 401)

    def _same_origin(self, request: Request) -> None:
        """Page writes come from the page: JSON, and from this origin when the browser says one."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise BadRequest("send JSON (Content-Type: application/json)", 415)
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            raise BadRequest("cross-origin requests are refused", 403)

    # -- page

    async def page(self, request: Request) -> Response:
        offered = request.query_params.get("token")
        if self.token and offered is not None:
            if not hmac.compare_digest(offered.encode("utf-8", "replace"), self.token.encode("utf-8")):
                return HTMLResponse(_sign_in_page("That token is not this server's."), status_code=401)
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        if not self._allowed(request):
            return HTMLResponse(_sign_in_page("This server asks for its token."), status_code=401)
        page = _environment().get_template("desk.html.j2").render(
            style=report_style(), version=__version__, archive=", ".join(self.desk.paths),
            documents=self.desk.archive.document_count, formats=INPUT_FORMATS)
        return HTMLResponse(page, headers=_page_headers())

    async def ui_check(self, request: Request) -> Response:
        self._require(request)
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            raise BadRequest("cross-origin requests are refused", 403)
        draft = await self._draft(request)
        report = await run_in_threadpool(self._check, draft)
        key = _key(draft.path, draft.data, draft.title or "", str(draft.published or ""), draft.fmt or "")
        with self.lock:
            _keep(self.checks, key, Checked(draft, report))
        findings = [{"anchor": f"f-{i + 1}", "rule": f.rule, "subject": f.subject.label,
                     "triages": [{"kind": kind, "label": TRIAGE_LABELS[kind]} for kind in (FIGURE_CHANGED, ARCHIVE_WRONG)]}
                    for i, f in enumerate(report.findings)]
        return JSONResponse({"check": key, "cards": render_cards(report, self.desk.settings, _article_links(report)),
                             "findings": findings, "summary": _summary(report),
                             "errors": [str(e) for e in report.errors]})

    async def ui_triage(self, request: Request) -> Response:
        self._require(request)
        self._same_origin(request)
        body = _json_object(await self._body(request))
        with self.lock:
            checked = self.checks.get(str(body.get("check")))
        if checked is None:
            raise BadRequest("that check is no longer known; check the draft again", 409)
        index, kind = body.get("finding"), body.get("triage")
        if not isinstance(index, int) or not 0 <= index < len(checked.report.findings):
            raise BadRequest("\"finding\" must be the index of one of the check's findings")
        finding = checked.report.findings[index]
        try:
            shown = await run_in_threadpool(self._triage, checked, finding, str(kind))
        except TriageError as error:
            raise BadRequest(str(error)) from None
        key = _key(shown.edit.path, (shown.edit.old or "").encode(), shown.edit.new.encode())
        with self.lock:
            _keep(self.edits, key, shown)
        return JSONResponse({"edit": key, "path": shown.edit.path, "diff": shown.edit.diff,
                             "summary": shown.edit.summary, "in_page": shown.in_page,
                             "text": shown.edit.new if shown.in_page else None})

    async def ui_apply(self, request: Request) -> Response:
        self._require(request)
        self._same_origin(request)
        body = _json_object(await self._body(request))
        with self.lock:
            shown = self.edits.get(str(body.get("edit")))
        if shown is None or shown.in_page:
            raise BadRequest("that edit is not one this page can write; triage the finding again", 409)
        try:
            await run_in_threadpool(apply, shown.edit)
        except EditConflict as error:
            raise BadRequest(str(error), 409) from None
        except OSError as error:
            raise BadRequest(f"{shown.edit.path}: cannot write: {error.strerror or error}", 500) from None
        with self.lock:
            self.edits.pop(str(body.get("edit")), None)
        if shown.settings_change:
            await run_in_threadpool(lambda: self.desk.use_settings(self.reload_settings()))
        else:
            await run_in_threadpool(self.desk.refresh, [shown.edit.path])
        return JSONResponse({"written": shown.edit.path, "summary": shown.edit.summary})

    def _check(self, draft: Draft) -> Report:
        return self.desk.check_bytes(draft.data, draft.path, title=draft.title, published=draft.published,
                                     fmt=draft.fmt)

    def _triage(self, checked: Checked, finding: Finding, kind: str) -> Shown:
        """The edit of a triage from the page: a suppression goes into the archive article the
        draft disagrees with (into the draft itself when the finding is the draft's alone: on
        disk when the draft is that archive file unchanged, else in the page); a fact into
        the configuration."""
        draft = checked.report.drafts or frozenset()
        mine = next(c.location.path for c in finding.claims if c.location.path in draft)
        if kind == ARCHIVE_WRONG:
            edit = triage_edit(finding, kind, target=mine, config_path=self.config_path,
                               baseline_path=self.baseline_path, keep=kept_value(finding, mine))
            return Shown(edit, settings_change=True, in_page=False)
        other = next((c.location.path for c in finding.claims if c.location.path not in draft), None)
        if other is not None:
            edit = triage_edit(finding, kind, target=other, config_path=self.config_path,
                               baseline_path=self.baseline_path)
            return Shown(edit, settings_change=False, in_page=False)
        text = checked.draft.data.decode("utf-8", "replace")
        on_disk = self.desk.archive_file(mine) is not None and _read_text(mine) == text
        edit = triage_edit(finding, kind, target=mine, config_path=self.config_path,
                           baseline_path=self.baseline_path, text=None if on_disk else text)
        return Shown(edit, settings_change=False, in_page=not on_disk and edit.path == mine)

    # -- API

    async def api_check(self, request: Request) -> Response:
        self._require(request)
        report = await run_in_threadpool(self._check, await self._draft(request))
        text = FORMATS["json"](report, self.desk.settings, False)
        return Response(text, media_type="application/json")

    async def api_subjects(self, request: Request) -> Response:
        self._require(request)
        query = request.query_params.get("q", "")
        try:
            limit = int(request.query_params.get("limit", "20"))
        except ValueError:
            raise BadRequest("\"limit\" must be a whole number") from None
        if not 1 <= limit <= 500:
            raise BadRequest("\"limit\" must be between 1 and 500")
        found = await run_in_threadpool(self.desk.subjects, query, limit)
        return JSONResponse({"schema": "consistency.subjects/1", "query": query, "subjects": [
            {"label": s.label, "entity": s.entity, "attribute": s.attribute, "scope": s.scope,
             "values": [{"path": v.path, "title": v.title, "date": v.published.isoformat() if v.published else None,
                         "text": v.text, "line": v.line} for v in s.values]} for s in found]})

    async def openapi(self, request: Request) -> Response:
        self._require(request)
        return JSONResponse(openapi_schema(self.max_request_bytes))

    async def archive(self, request: Request) -> Response:
        self._require(request)
        path = request.path_params["path"]
        found = await run_in_threadpool(self._archive_file, path)
        if found is None:
            raise BadRequest(f"{path!r} is not a file of the archive", 404)
        name, text = found
        return HTMLResponse(_article_page(name, text), headers=_page_headers())

    def _archive_file(self, path: str) -> tuple[str, str] | None:
        """The archive file shown as ``path`` and its text: only a file the archive check reads
        whose real path is inside an archive path."""
        if "\0" in path:
            return None
        name = self.desk.archive_file(path)
        if name != path or not self.desk.holds(name) or not os.path.isfile(name):
            return None
        text = _read_text(name)
        return None if text is None else (name, text)

    async def _draft(self, request: Request) -> Draft:
        """The draft a request sends: JSON or multipart."""
        body = await self._body(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            return await _form_draft(request, body)
        if kind in ("application/json", ""):
            return _json_draft(body)
        raise BadRequest(f"unsupported Content-Type {kind!r}: send application/json or multipart/form-data", 415)

    async def _body(self, request: Request) -> bytes:
        """The request's body, refused (413) past the size limit."""
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_request_bytes:
            raise _too_large(self.max_request_bytes)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_request_bytes:
                raise _too_large(self.max_request_bytes)
            chunks.append(chunk)
        return b"".join(chunks)


def _too_large(limit: int) -> BadRequest:
    return BadRequest(f"request body over the limit of {limit} bytes", 413)


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadRequest(f"the body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    return data


def _json_draft(body: bytes) -> Draft:
    data = _json_object(body)
    unknown = sorted(set(data) - {"text", "title", "date", "path", "format"})
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r}; fields: text, title, date, path, format")
    text = data.get("text")
    if not isinstance(text, str):
        raise BadRequest("\"text\" (the draft, a string) is required")
    return _draft(text.encode("utf-8"), data.get("path"), data.get("title"), data.get("date"), data.get("format"))


async def _form_draft(request: Request, body: bytes) -> Draft:
    async def replay() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=8)
    except Exception as error:  # the multipart parser's errors have no common base
        raise BadRequest(f"the multipart body cannot be read: {error}") from None
    upload = form.get("file")
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    if isinstance(upload, UploadFile):
        data = await upload.read()
        path = fields.get("path") or os.path.basename(upload.filename or "") or "draft.md"
    elif "text" in fields:
        data, path = fields["text"].encode("utf-8"), fields.get("path")
    else:
        raise BadRequest("send the draft as a \"file\" part (or a \"text\" field)")
    return _draft(data, path, fields.get("title"), fields.get("date"), fields.get("format"))


def _draft(data: bytes, path: object, title: object, when: object, fmt: object) -> Draft:
    for name, value in (("path", path), ("title", title), ("date", when), ("format", fmt)):
        if value is not None and not isinstance(value, str):
            raise BadRequest(f"\"{name}\" must be a string")
    path = path or "draft.md"
    assert isinstance(path, str)
    if "\0" in path or len(path) > 1024 or not path.strip():
        raise BadRequest("\"path\" must be a file name (at most 1024 characters, no NUL)")
    published = None
    if when:
        try:
            published = date.fromisoformat(str(when))
        except ValueError:
            raise BadRequest(f"\"date\" {when!r} is not a date; use YYYY-MM-DD") from None
    if fmt and fmt not in INPUT_FORMATS:
        raise BadRequest(f"\"format\" {fmt!r} is not one of: {', '.join(INPUT_FORMATS)}")
    return Draft(data, path, title if title else None, published, fmt or None)  # type: ignore[arg-type]


def _summary(report: Report) -> str:
    n = len(report.findings)
    if n == 0:
        return "No contradiction with the archive."
    return "1 finding involves this draft." if n == 1 else f"{n} findings involve this draft."


def _article_links(report: Report) -> Callable[[Claim], str | None]:
    """Where a claim's place links to: its archive article's line (a draft's claims link nowhere)."""
    drafts = report.drafts or frozenset()

    def link(claim: Claim) -> str | None:
        if claim.location.path in drafts:
            return None
        return f"/archive/{quote(claim.location.path)}#L{claim.location.line}"
    return link


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:20]


def _keep(kept: OrderedDict, key: str, value: object) -> None:
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > KEPT:
        kept.popitem(last=False)


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _page_headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}


def _sign_in_page(reason: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>consistency serve</title>"
            f"<p>{html.escape(reason)} Open the address <code>consistency serve</code> printed, with "
            f"<code>?token=TOKEN</code>.</p></html>")


def _article_page(name: str, text: str) -> str:
    lines = "".join(f"<span id=\"L{n}\"><a href=\"#L{n}\">{n}</a>{html.escape(line)}</span>\n"
                    for n, line in enumerate(text.splitlines(), 1))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            f"content=\"width=device-width, initial-scale=1\"><title>{html.escape(name)}</title><style>"
            "body{font:14px/1.5 ui-monospace,Menlo,monospace;margin:1rem}pre{white-space:pre-wrap}"
            "pre a{display:inline-block;width:3.5em;color:#57606a;text-decoration:none;user-select:none}"
            ":target{background:#fff0a8}</style></head><body>"
            f"<h1 style=\"font-size:1rem\">{html.escape(name)} <small>(read-only)</small></h1><pre>{lines}</pre>"
            "</body></html>")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("consistency.desk", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def openapi_schema(max_request_bytes: int) -> dict:
    """The API's OpenAPI 3.0 description (kept by hand; tests validate it)."""
    error = {"description": "Bad input, with what is wrong",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    draft_fields = {
        "title": {"type": "string", "description": "the headline, over what the text says"},
        "date": {"type": "string", "format": "date", "description": "publication date (YYYY-MM-DD)"},
        "path": {"type": "string", "description": "the file name the draft is checked as; an archive file's "
                                                  "name checks the text in place of that file (nothing is "
                                                  "written). Default: draft.md"},
        "format": {"type": "string", "enum": list(INPUT_FORMATS), "description": "the reader, over the extension"},
    }
    secured = [{"bearer": []}]
    return {
        "openapi": "3.0.3",
        "info": {"title": "consistency serve", "version": __version__,
                 "description": "Check a draft against the archive the server keeps current. Requests are "
                                f"limited to {max_request_bytes} bytes (413 beyond). With --token, every "
                                "request needs Authorization: Bearer TOKEN."},
        "paths": {
            "/api/check": {"post": {
                "summary": "The draft's findings against the archive",
                "security": secured,
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"type": "object", "required": ["text"],
                                                     "additionalProperties": False,
                                                     "properties": {"text": {"type": "string"}, **draft_fields}}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": "a .md, .html, .txt or .docx draft"},
                        "text": {"type": "string"}, **draft_fields}}}}},
                "responses": {
                    "200": {"description": "The consistency.report/1 JSON (docs/report-json.md); the draft's "
                                           "claims come first in each finding and have role \"draft\"",
                            "content": {"application/json": {"schema": {"type": "object", "required": ["schema"],
                                                                        "properties": {"schema": {"type": "string"}}}}}},
                    "400": error, "401": error, "413": error, "415": error}}},
            "/api/subjects": {"get": {
                "summary": "Known subjects and their values over time",
                "security": secured,
                "parameters": [
                    {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "words that each subject label must hold (an entity's name one of them)"},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 20}}],
                "responses": {"200": {"description": "The subjects, by label",
                                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Subjects"}}}},
                              "400": error, "401": error}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Subjects": {"type": "object", "properties": {
                    "schema": {"type": "string"}, "query": {"type": "string"},
                    "subjects": {"type": "array", "items": {"type": "object", "properties": {
                        "label": {"type": "string"}, "entity": {"type": "string"}, "attribute": {"type": "string"},
                        "scope": {"type": "string"},
                        "values": {"type": "array", "items": {"type": "object", "properties": {
                            "path": {"type": "string"}, "title": {"type": "string"},
                            "date": {"type": "string", "format": "date", "nullable": True},
                            "text": {"type": "string"}, "line": {"type": "integer"}}}}}}}}},
            },
        },
    }

