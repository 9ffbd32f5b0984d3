"""`consistency lsp` driven through the Language Server Protocol over stdio, as an editor drives it:
JSON-RPC messages framed with Content-Length headers, written and read by the test."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from consistency.desk.lsp import RULE_DOCS, text_edit
from lsp_client import WAIT, Client

APPROVED = """---
title: Varden Energy wins approval for Brightwater solar farm
date: 2025-03-01
---
Varden Energy won approval on Monday for the Brightwater solar farm.

The Brightwater solar farm will have a capacity of 400 megawatts, Varden Energy said.
"""

LOAN = """---
title: Kestrel Bank lends to Brightwater solar farm
date: 2025-06-10
---
Kestrel Bank agreed to lend money to Varden Energy for the Brightwater solar farm.

The Brightwater solar farm will have a capacity of {mw} megawatts, Kestrel Bank said.
"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "2025-03-01-brightwater-approved.md").write_text(APPROVED, encoding="utf-8")
    (root / "2025-06-10-brightwater-loan.md").write_text(LOAN.format(mw=400), encoding="utf-8")
    (tmp_path / "elsewhere.md").write_text(LOAN.format(mw=100), encoding="utf-8")
    return root


@pytest.fixture
def client(archive: Path):
    (archive / ".consistency.toml").write_text("", encoding="utf-8")
    client = Client(["--config", str(archive / ".consistency.toml"), "--cache-dir", str(archive.parent / "cache")],
                    archive.parent)
    yield client
    client.close()
    sys.stderr.write(b"".join(client.stderr).decode("utf-8", "replace"))


def start(client: Client, root: Path) -> dict:
    result = client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    return result


def open_file(client: Client, path: Path, text: str) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "markdown",
                                                            "version": 1, "text": text}})


def test_draft_contradiction_published_fixed_and_cleared(client: Client, archive: Path) -> None:
    capabilities = start(client, archive)["capabilities"]
    assert capabilities["textDocumentSync"]["change"] == 2  # incremental
    loan = archive / "2025-06-10-brightwater-loan.md"
    approved = archive / "2025-03-01-brightwater-approved.md"
    # The buffer says 250 MW; the file on disk still says 400 MW, as the other article does.
    open_file(client, loan, LOAN.format(mw=250))
    published = client.diagnostics(loan.as_uri())
    assert published["version"] == 1
    assert published["diagnostics"] == [{
        "range": {"start": {"line": 6, "character": 51}, "end": {"line": 6, "character": 64}},
        "severity": 1,
        "code": "CC101",
        "codeDescription": {"href": (RULE_DOCS / "CC101.md").as_uri()},
        "source": "consistency",
        "message": "Brightwater · capacity: 400 MW ('400 megawatts', Varden Energy wins approval for Brightwater "
                   "solar farm) vs 250 MW ('250 megawatts', Kestrel Bank lends to Brightwater solar farm) — 60% "
                   "apart; newest (2025-06-10): 250 MW",
        "relatedInformation": [{
            "location": {"uri": approved.as_uri(),
                         "range": {"start": {"line": 6, "character": 51}, "end": {"line": 6, "character": 64}}},
            "message": "'400 megawatts' in Varden Energy wins approval for Brightwater solar farm (2025-03-01)"}],
    }]
    # The editor fixes the figure (an incremental change of the three digits): cleared.
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": loan.as_uri(), "version": 2},
        "contentChanges": [{"range": {"start": {"line": 6, "character": 51}, "end": {"line": 6, "character": 54}},
                            "text": "400"}]})
    assert client.diagnostics(loan.as_uri()) == {"uri": loan.as_uri(), "version": 2, "diagnostics": []}
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": loan.as_uri(), "version": 3},
        "contentChanges": [{"text": LOAN.format(mw=250)}]})
    (diagnostic,) = client.diagnostics(loan.as_uri())["diagnostics"]
    # Triage: the two quick fixes of the finding at the cursor's line.
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": loan.as_uri()},
        "range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
        "context": {"diagnostics": [diagnostic]}})
    config = archive / ".consistency.toml"
    fact = ('[[facts]]\nsubject = "Brightwater"\nattribute = "capacity"\nvalue = "250 MW"\n'
            'source = "editor\'s triage of CC101 (')
    assert [action["title"] for action in actions] == [
        f"Figure changed, OK: suppress CC101 (Brightwater · capacity) at {loan}:7",
        f"The archive is wrong: declare Brightwater · capacity = 250 MW in {config}"]
    assert [action["kind"] for action in actions] == ["quickfix", "quickfix"]
    assert [action["diagnostics"] for action in actions] == [[diagnostic], [diagnostic]]
    suppress = {"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
                "newText": "<!-- consistency-disable-next-line CC101 -->\n"}
    assert actions[0]["edit"] == {"documentChanges": [
        {"textDocument": {"uri": loan.as_uri(), "version": 3}, "edits": [suppress]}]}
    (declare,) = actions[1]["edit"]["documentChanges"]
    assert declare["textDocument"] == {"uri": config.as_uri(), "version": None}
    (insert,) = declare["edits"]
    assert insert["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
    assert insert["newText"].startswith(fact) and insert["newText"].endswith(')"\n'), insert["newText"]
    # The editor applies "the archive is wrong" and saves the configuration: the settings are read
    # again, and the open article is checked against the fact sheet.
    config.write_text(insert["newText"], encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    (diagnostic,) = client.diagnostics(loan.as_uri())["diagnostics"]
    assert diagnostic["message"].startswith("Brightwater · capacity: 400 MW ('400 megawatts', Varden Energy wins "
                                            "approval for Brightwater solar farm) vs 250 MW ('250 megawatts', Kestrel "
                                            "Bank lends to Brightwater solar farm) — 60% apart; fact sheet (source: "
                                            "editor's triage of CC101 (")
    assert diagnostic["message"].endswith(")): 250 MW")
    # The editor applies "figure changed, OK" to the buffer: the finding is suppressed there.
    client.notify("textDocument/didChange", {"textDocument": {"uri": loan.as_uri(), "version": 4},
                                             "contentChanges": [{"range": suppress["range"],
                                                                 "text": suppress["newText"]}]})
    assert client.diagnostics(loan.as_uri()) == {"uri": loan.as_uri(), "version": 4, "diagnostics": []}
    client.notify("textDocument/didClose", {"textDocument": {"uri": loan.as_uri()}})
    assert client.diagnostics(loan.as_uri()) == {"uri": loan.as_uri(), "diagnostics": []}
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.process.wait(timeout=WAIT) == 0


def test_files_outside_the_archive_and_bad_buffers_get_nothing(client: Client, archive: Path) -> None:
    start(client, archive)
    outside = archive.parent / "elsewhere.md"
    binary = archive / "2025-07-01-binary.md"
    huge = archive / "2025-07-02-huge.md"
    loan = archive / "2025-06-10-brightwater-loan.md"
    open_file(client, outside, LOAN.format(mw=100))
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:Untitled-1", "languageId": "markdown",
                                                            "version": 1, "text": LOAN.format(mw=100)}})
    client.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///%zz%00", "languageId": "markdown",
                                                            "version": 1, "text": "x"}})
    open_file(client, binary, "\x00\x01 binary")
    open_file(client, huge, "Kestrel Bank lent 250 million euros. " * 300_000)  # 11 MB, over --max-bytes
    open_file(client, archive / "notes.py", "capacity = 250")
    # The last file opened is checked after all the others: only the files of the archive are published.
    open_file(client, loan, LOAN.format(mw=250))
    before: list[dict] = []
    assert [d["code"] for d in client.diagnostics(loan.as_uri(), before)["diagnostics"]] == ["CC101"]
    published = [m["params"] for m in before if m.get("method") == "textDocument/publishDiagnostics"]
    assert published == [{"uri": binary.as_uri(), "version": 1, "diagnostics": []},
                         {"uri": huge.as_uri(), "version": 1, "diagnostics": []}]
    logged = [m["params"]["message"] for m in before if m.get("method") == "window/logMessage"]
    assert any("binary" in line and "2025-07-01-binary.md" in line for line in logged), logged
    assert any("max_bytes" in line and "2025-07-02-huge.md" in line for line in logged), logged
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.process.wait(timeout=WAIT) == 0


@pytest.mark.parametrize("old, new, edit", [
    ("a\nb\nc\n", "a\n<!-- x -->\nb\nc\n", ((1, 0), (1, 0), "<!-- x -->\n")),
    ("", "[[facts]]\n", ((0, 0), (0, 0), "[[facts]]\n")),
    ("a\nb", "a\nb\n\n[[facts]]\n", ((1, 0), (1, 1), "b\n\n[[facts]]\n")),
    ("x = 1\ny = 2\nz = 3\n", "x = 1\ny = 5\nz = 3\n", ((1, 0), (2, 0), "y = 5\n")),
    ("😋 a\n", "😋 b\n", ((0, 0), (1, 0), "😋 b\n")),
])
def test_text_edit_replaces_the_lines_that_differ(old: str, new: str, edit: tuple) -> None:
    (start, end, text) = edit
    found = text_edit(old, new)
    assert ((found.range.start.line, found.range.start.character), (found.range.end.line, found.range.end.character),
            found.new_text) == (start, end, text)
    lines = old.splitlines(keepends=True) + [""]
    offset = [sum(len(line) for line in lines[:n]) for n in range(len(lines) + 1)]
    assert old[:offset[start[0]] + start[1]] + text + old[offset[end[0]] + end[1]:] == new


def test_a_new_text_file_is_checked_and_its_figure_accepted_in_the_baseline(client: Client, archive: Path) -> None:
    start(client, archive)
    note = archive / "2025-07-01-brightwater-note.txt"  # not saved yet: checked under its own path
    open_file(client, note, "Brightwater solar farm update\n\n"
                            "The Brightwater solar farm will have a capacity of 250 megawatts, Kestrel Bank said.\n")
    (diagnostic,) = client.diagnostics(note.as_uri())["diagnostics"]
    assert (diagnostic["code"], diagnostic["range"]["start"]) == ("CC101", {"line": 2, "character": 51})
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": note.as_uri()},
        "range": {"start": {"line": 2, "character": 60}, "end": {"line": 2, "character": 60}},
        "context": {"diagnostics": [diagnostic]}})
    baseline = archive / "consistency-baseline.json"
    assert actions[0]["title"] == f"Figure changed, OK: add CC101 (Brightwater · capacity) to the baseline {baseline}"
    create, add = actions[0]["edit"]["documentChanges"]
    assert create == {"kind": "create", "uri": baseline.as_uri()}
    assert add["textDocument"] == {"uri": baseline.as_uri(), "version": None}
    (insert,) = add["edits"]
    assert insert["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
    # What the editor writes is a baseline that check reads, and it hides the finding.
    baseline.write_text(insert["newText"], encoding="utf-8")
    note.write_text("Brightwater solar farm update\n\nThe Brightwater solar farm will have a capacity of 250 "
                    "megawatts, Kestrel Bank said.\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": note.as_uri()}})
    assert client.diagnostics(note.as_uri())["diagnostics"] == []
    assert client.request("shutdown", None) is None
    client.notify("exit", None)
    assert client.process.wait(timeout=WAIT) == 0


def test_the_archive_is_the_workspace_folder_when_the_client_gives_no_root(client: Client, archive: Path) -> None:
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {},
                                  "workspaceFolders": [{"uri": archive.as_uri(), "name": "archive"}]})
    client.notify("initialized", {})
    loan = archive / "2025-06-10-brightwater-loan.md"
    open_file(client, loan, LOAN.format(mw=250))
    (diagnostic,) = client.diagnostics(loan.as_uri())["diagnostics"]
    # Not the server's working directory (the archive's parent), whose elsewhere.md says 100 MW.
    assert [r["location"]["uri"] for r in diagnostic["relatedInformation"]] == [
        (archive / "2025-03-01-brightwater-approved.md").as_uri()]
    assert client.request("shutdown", None) is None
