"""A draft piped to standard input (check -, claims -, --stdin-filename) and --watch."""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import article, run_cli, write_file, write_two_articles
from snippets import OHIO_3, OHIO_12, TEXAS_4

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def archive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path / "content" / "a.md", article("A", OHIO_3, date="2025-01-10"))
    write_file(tmp_path / "content" / "c.md", article("C", TEXAS_4, date="2025-01-12"))
    return tmp_path


def finding_paths(result) -> list[list[str]]:
    return [sorted(c["path"] for c in f["claims"]) for f in json.loads(result.stdout)["findings"]]


def test_check_a_draft_from_stdin_against_the_archive(archive):
    draft = article("Draft", OHIO_12, date="2025-02-01")
    result = run_cli("check", "-", "--against", "content", "--stdin-filename", "drafts/ohio.md", "--format", "json",
                     input=draft)
    assert result.exit_code == 1, result.output
    assert finding_paths(result) == [["content/a.md", "drafts/ohio.md"]]
    unnamed = run_cli("check", "-", "--against", "content", input=draft)
    assert "<stdin>:6:28  '1.2 GW'" in unnamed.stdout


def test_stdin_takes_the_place_of_the_file_it_names(archive):
    # The unsaved buffer of content/a.md now agrees with nothing else: its saved version is not read.
    write_file(archive / "content" / "b.md", article("B", OHIO_12, date="2025-02-10"))
    assert run_cli("check", "content").exit_code == 1
    fixed = article("A", OHIO_12, date="2025-01-10")
    result = run_cli("check", "-", "--against", "content", "--stdin-filename", "content/a.md", "--format", "json",
                     input=fixed)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["documents"] == 3


def test_stdin_filename_chooses_the_reader_and_the_configuration(archive):
    html = f"<html><head><title>Draft</title></head><body><p>{OHIO_12}</p></body></html>"
    write_file(archive / ".consistency.toml", '[[overrides]]\npaths = ["drafts/**"]\nreference_date = 2024-05-06\n')
    claims = run_cli("claims", "-", "--stdin-filename", "drafts/ohio.html", "--format", "json", input=html)
    [doc] = json.loads(claims.stdout)["documents"]
    assert (doc["path"], doc["format"], doc["title"], doc["published"]) == (
        "drafts/ohio.html", "html", "Draft", "2024-05-06")


def test_an_inline_suppression_in_stdin_counts(archive):
    draft = article("Draft", "<!-- consistency-disable-next-line CC101 -->\n" + OHIO_12)
    result = run_cli("check", "-", "--against", "content", "--stdin-filename", "drafts/ohio.md", input=draft)
    assert result.exit_code == 0, result.output
    assert "1 finding hidden: it is suppressed inline" in result.stderr


@pytest.mark.parametrize("args,message", [
    (["content", "--stdin-filename", "x.md"], "--stdin-filename names the document read from standard input"),
    (["-", "content", "--diff", "HEAD"], "standard input (-) cannot be used with --diff"),
    (["-", "-"], "- (standard input) can be given once"),
    (["content", "--watch", "--format", "json"], "--watch prints text to the terminal"),
])
def test_stdin_and_watch_usage_errors(archive, args, message):
    result = run_cli("check", *args, input="")
    assert result.exit_code == 2 and message in result.stderr


def test_empty_stdin_is_an_input_problem(archive):
    result = run_cli("claims", "-", input="")
    assert result.exit_code == 2 and "<stdin>: empty file" in result.stderr


class Lines:
    """The lines a child process prints, read by a thread; ``until`` waits for one."""

    def __init__(self, stream) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self._queue.put(line) for line in stream], daemon=True).start()

    def until(self, fragment: str, limit: float = 60) -> list[str]:
        """The lines up to the first one holding ``fragment`` (fails after ``limit`` seconds without it)."""
        got = []
        while True:
            line = self._queue.get(timeout=limit)
            got.append(line)
            self.seen.append(line)
            if fragment in line:
                return got


def test_watch_prints_the_findings_then_only_what_changed(tmp_path):
    write_two_articles(tmp_path / "content")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    child = subprocess.Popen([sys.executable, "-m", "consistency", "check", "content", "--watch"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        out = Lines(child.stdout)
        first = out.until("watching for changes")
        assert any("1 finding (1 error, 0 warnings) in 2 documents" in line for line in first)
        b = tmp_path / "content" / "b.md"
        b.write_text(b.read_text().replace("1.2 GW", "3 GW"))  # the contradiction is fixed
        fixed = out.until("resolved;")
        assert fixed[0] == "consistency: changed: content/b.md\n"
        assert fixed[1].startswith("resolved  error    CC101 value-mismatch  Brisk Energy (Ohio) · capacity: ")
        assert fixed[-1] == "0 new findings, 1 resolved; now 0 findings (0 errors, 0 warnings) in 2 documents, 2 claims\n"
        write_file(tmp_path / "content" / "c.md", article("C", OHIO_12, date="2025-03-01"))  # a new one
        again = out.until("resolved;")
        assert "content/c.md:6:28  '1.2 GW'" in "".join(again)
        assert again[-1].startswith("1 new finding, 0 resolved; now 1 finding (1 error, 0 warnings) in 3 documents")
    finally:
        child.send_signal(signal.SIGINT)
        child.wait(timeout=60)
    assert child.returncode == 0, "".join(out.seen)
