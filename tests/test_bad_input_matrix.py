"""The bad input matrix of docs/robustness.md, through the CLI.

Each bad input sits beside two good articles that contradict each other (3 GW vs 1.2 GW):
the run gives one clear message naming the bad file or option, no traceback, exit code 2,
and (for a bad file) the CC101 finding of the good ones is still reported.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

import consistency.corpus as corpus_formats
from consistency.engine import judging
from consistency.narrow import MAX_FINDINGS_PER_DOCUMENT
from consistency.rules import cc104_currency_conversion as cc104
from helpers import article, cpu_costs, run_cli, run_cli_process, write_two_articles
from snippets import TEXAS_4, TEXAS_9

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_two_articles(tmp_path)
    monkeypatch.chdir(tmp_path)  # relative paths in messages; any cache stays in tmp
    return tmp_path


def run(*args: str):
    """``consistency check ARGS --format json`` in this process; an exception fails the test."""
    return run_cli("check", *args, "--isolated", "--format", "json", "-j", "1")


def assert_still_checked(result, messages: list[str]) -> dict:
    """No traceback, exit 2, each message on stderr, and the good files' CC101 finding reported."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr
    assert result.exit_code == 2, result.stderr
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["findings"]] == ["CC101"]
    assert sorted({c["path"] for c in report["findings"][0]["claims"]}) == ["a.md", "b.md"]
    return report


# name, bytes, the stderr line
SKIPPED_FILES = [
    ("empty.md", b"", "skipped: empty.md: empty file"),
    ("blank.md", b" \n\n\t\n", "skipped: blank.md: empty file"),
    ("image.md", PNG, "skipped: image.md: binary file"),
    ("archive.md", gzip.compress(b"Brisk Energy has 9 GW." * 50, mtime=0), "skipped: archive.md: "),
    ("bad-utf8.md", b"Brisk \xff\xfe Energy has 9 GW.\n",
     "skipped: bad-utf8.md: cannot decode: not UTF-8 or UTF-16 (byte 0xff at offset 6)"),
    # Latin-1 is not guessed: a wrong guess would silently corrupt names and figures.
    ("latin1.md", "Caf\u00e9 Brisk has 9 GW.\n".encode("latin-1"),
     "skipped: latin1.md: cannot decode: not UTF-8 or UTF-16 (byte 0xe9 at offset 3)"),
    ("odd-utf16.md", b"\xff\xfeB\x00r\x00i", "skipped: odd-utf16.md: cannot decode: truncated UTF-16-LE"),
]


@pytest.mark.parametrize("name,data,message", SKIPPED_FILES, ids=[c[0] for c in SKIPPED_FILES])
def test_undecodable_files_are_skipped_with_a_message(corpus: Path, name: str, data: bytes, message: str) -> None:
    (corpus / name).write_bytes(data)
    report = assert_still_checked(run("."), [message])
    assert report["summary"]["documents"] == 2


def test_binary_files_named_explicitly_are_skipped(corpus: Path) -> None:
    (corpus / "image.png").write_bytes(PNG)
    (corpus / "archive.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    assert_still_checked(run("a.md", "b.md", "image.png", "archive.gz"),
                         ["skipped: image.png: binary file", "skipped: archive.gz: binary file"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_files_with_a_bom_are_read(corpus: Path, encoding: str) -> None:
    text = "Brisk Energy is building a 3 GW facility in Ohio.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (corpus / "bom.txt").write_bytes(data)
    result = run_cli("claims", "bom.txt", "--isolated", "--format", "json", "-j", "1", catch_exceptions=True)
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    assert [(c["text"], c["line"], c["column"]) for c in claims] == [("3 GW", 1, 28)]


def test_file_over_max_bytes_is_skipped(corpus: Path) -> None:
    (corpus / "large.md").write_text("Brisk Energy has 9 GW. " * 100, encoding="utf-8")
    assert_still_checked(run(".", "--max-bytes", "2000"),
                         ["skipped: large.md: file is 2300 bytes, over the --max-bytes limit of 2000"])


def _bytes_read() -> int | None:
    """Bytes this process has read through read() calls so far (Linux), else None."""
    try:
        with open("/proc/self/io", encoding="ascii") as io:
            return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))
    except (OSError, StopIteration):
        return None


def test_sparse_100_megabyte_file_is_skipped_without_reading_it(corpus: Path) -> None:
    run(".")  # modules and data files the run loads once are read before the count starts
    with open(corpus / "huge.md", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: no disk used
    before = _bytes_read()
    assert_still_checked(run("."), ["skipped: huge.md: file is 104857600 bytes, over the --max-bytes limit of 10000000"])
    if before is not None:  # the size decides, from stat: not even the first 10 MB are read
        assert _bytes_read() - before < 5_000_000


PROSE = ("Brisk Energy said the plan for the new site is on track and the company expects to hire "
         "more staff over the coming years according to people familiar with the matter ")
LINE_UNIT = PROSE * 10 + "and it spent $5 million on the site "


@pytest.mark.parametrize("size", [pytest.param(250_000, id="250kB"),
                                  pytest.param(1_000_000, id="1MB", marks=pytest.mark.stress),
                                  pytest.param(5_000_000, id="5MB", marks=pytest.mark.stress)])
def test_single_long_line_is_processed_in_linear_time(corpus: Path, size: int) -> None:
    """One line of ``size`` characters: its claims, overlong sentences cut, and work linear in the
    size (CPU time against a line 8 times shorter, both without the cache: 8x is linear, 64x
    quadratic, as was a long sentence of many claims before sentences were cut)."""
    line = (LINE_UNIT * (size // len(LINE_UNIT) + 1))[:size]
    (corpus / "line.txt").write_text(line, encoding="utf-8")
    (corpus / "eighth.txt").write_text(line[:size // 8], encoding="utf-8")
    result = run_cli("claims", "line.txt", "--isolated", "--format", "json", "-j", "1", catch_exceptions=True)
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    assert len(claims) > 0.75 * line.count("$5 million") and {c["text"] for c in claims} == {"$5 million"}
    assert max(len(c["sentence"]) for c in claims) <= 2000  # overlong sentences are cut
    cheap, costly = cpu_costs(lambda name: run_cli("claims", name, "--isolated", "--format", "json", "-j", "1",
                                                   "--no-cache"), ["eighth.txt", "line.txt"], repeat=2)
    assert costly < 24 * cheap + 0.01, f"{cheap:.3f} -> {costly:.3f} CPU s"


def test_deeply_nested_and_broken_html_are_read(corpus: Path) -> None:
    (corpus / "nested.html").write_text(
        "<html><body>" + "<div>" * 10_000 + "<p>Acme Power has 7 GW.</p>" + "</div>" * 10_000 + "</body></html>",
        encoding="utf-8")
    (corpus / "broken.html").write_text(
        "<html><body><p>Zeta Grid <b>has <i>8 GW <table><tr><td>x</p></div></span><!-- never closed\n",
        encoding="utf-8")
    result = run(".")
    assert result.exit_code == 1, result.stderr  # findings, nothing skipped
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 4
    assert [f["rule"] for f in report["findings"]] == ["CC101"]
    out = run_cli("claims", "nested.html", "broken.html", "--isolated", "--format", "json", catch_exceptions=True)
    assert sorted(c["text"] for c in json.loads(out.stdout)["claims"]) == ["7 GW", "8 GW"]


FRONT_MATTER = [
    ("yaml.md", "---\ntitle: [unclosed\ndate: 2025-01-01\n---\nAcme has 5 GW.\n",
     "warning: yaml.md:3: invalid YAML front matter: did not find expected ',' or ']'"),
    ("toml.md", '+++\ntitle = "unclosed\n+++\nAcme has 5 GW.\n',
     "warning: toml.md:2: invalid TOML front matter: Illegal character"),
    ("list.md", "---\n- a\n- b\n---\nAcme has 5 GW.\n", "warning: list.md:1: front matter is not a mapping of fields"),
    ("date.md", "---\ntitle: T\ndate: next tuesday\n---\nAcme has 5 GW.\n",
     "warning: date.md:3: front matter date 'next tuesday' is not a date (use YYYY-MM-DD)"),
    # YAML itself turns 2025-02-30 into a date and fails: the whole front matter is ignored.
    ("baddate.md", "---\ntitle: T\ndate: 2025-02-30\n---\nAcme has 5 GW.\n",
     "warning: baddate.md:1: invalid YAML front matter: day is out of range for month"),
]


@pytest.mark.parametrize("name,text,message", FRONT_MATTER, ids=[c[0] for c in FRONT_MATTER])
def test_bad_front_matter_is_a_warning_and_the_body_is_read(corpus: Path, name: str, text: str, message: str) -> None:
    (corpus / name).write_text(text, encoding="utf-8")
    result = run(".")
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1  # a warning does not skip the file: the finding decides
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 3
    assert [f["rule"] for f in report["findings"]] == ["CC101"]
    claims = run_cli("claims", name, "--isolated", "--format", "json", catch_exceptions=True)
    assert [c["text"] for c in json.loads(claims.stdout)["claims"]] == ["5 GW"]


def test_jsonl_bad_line_is_reported_with_its_number_and_the_others_read(corpus: Path) -> None:
    (corpus / "feed.jsonl").write_text(
        '{"text": "Acme has 5 GW."}\n{bad json\n[1, 2]\n{"title": "no text"}\n{"text": "Zeta has 6 GW."}\n',
        encoding="utf-8")
    result = run(".")
    assert_still_checked(result, [
        "skipped: feed.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "skipped: feed.jsonl:3: not a JSON object",
        "skipped: feed.jsonl:4: no text (text, body or content)",
    ])
    claims = run_cli("claims", "feed.jsonl", "--isolated", "--format", "json", catch_exceptions=True)
    assert [(c["text"], c["line"]) for c in json.loads(claims.stdout)["claims"]] == [("5 GW", 1), ("6 GW", 5)]


def test_directory_symlink_loop_terminates(corpus: Path) -> None:
    (corpus / "loop" / "sub").mkdir(parents=True)
    os.symlink("..", corpus / "loop" / "sub" / "up")
    os.symlink(corpus / "loop", corpus / "loop" / "self")
    os.symlink("missing-target.md", corpus / "dangling.md")
    report = assert_still_checked(run("."), ["skipped: dangling.md: broken symbolic link (to missing-target.md)"])
    assert report["summary"]["documents"] == 2  # symlinked directories are not followed


def test_missing_path_fifo_and_device(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe.md")  # inside a directory: found by the walk, never opened
    os.mkfifo(corpus / "named-pipe")
    assert_still_checked(run(".", "missing.md", "named-pipe", "/dev/null"), [
        "skipped: missing.md: no such file or directory",
        "skipped: named-pipe: not a regular file (a FIFO)",
        "skipped: pipe.md: not a regular file (a FIFO)",
        "skipped: /dev/null: not a regular file (a device)",
    ])


def test_unreadable_file(corpus: Path) -> None:
    path = corpus / "secret.md"
    path.write_text("Acme has 5 GW.\n", encoding="utf-8")
    path.chmod(0)
    try:
        result = run(".")
    finally:
        path.chmod(0o644)
    assert "Traceback" not in result.stderr
    if os.geteuid() == 0:  # root reads it anyway
        assert result.exit_code == 1
        return
    assert_still_checked(result, ["skipped: secret.md: Permission denied"])


# args, config file text (or None), the message; all exit 2 before any file is read.
USAGE_ERRORS = [
    (["--config", "bad.toml"], "[tool\n", "bad.toml:1: not valid TOML: Expected ']' at the end of a table declaration"),
    (["--config", "unknown.toml"], "unknown_key = 3\n", "unknown.toml:1: unknown_key: unknown key; known keys: include"),
    (["--config", "rule.toml"], 'select = ["CC999"]\n', "rule.toml:1: select: no rule matches 'CC999'"),
    (["--config", "absent.toml"], None, "absent.toml"),
    (["--select", "CC999"], None, "Invalid value for '--select': --select: no rule matches 'CC999'; rules are CC101"),
    (["--ignore", "nonsense"], None, "Invalid value for '--ignore'"),
    (["--reference-date", "2025-13-45"], None,
     "Invalid value for '--reference-date': '2025-13-45' is not a date; use YYYY-MM-DD, e.g. 2026-01-31."),
    (["--baseline", "truncated.json"], '{"schema": "consistency.baseline/1", "findings": [',
     "truncated.json: baseline is not valid JSON: Expecting value: line 1 column 51"),
    (["--baseline", "binary.json"], "\x00\x01", "binary.json: baseline is not valid JSON"),
    (["--baseline", "other.json"], '{"findings": []}', "other.json: not a consistency baseline"),
    (["--max-bytes", "0"], None, "Invalid value for '--max-bytes'"),
]


@pytest.mark.parametrize("args,file_text,message", USAGE_ERRORS, ids=[a[1] for a, _, _ in USAGE_ERRORS])
def test_usage_errors_name_the_file_or_option(corpus: Path, args: list[str], file_text: str | None,
                                              message: str) -> None:
    if file_text is not None:
        (corpus / args[1]).write_text(file_text, encoding="utf-8")
    isolated = [] if args[0] == "--config" else ["--isolated"]
    result = run_cli("check", "a.md", "b.md", *args, *isolated, "--format", "json", catch_exceptions=True)
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- Found by trying the CLI as an attacker would (issue #19) ------------------------------------


def alias_bomb(key: str, levels: int = 12) -> str:
    """About 1 KB of YAML front matter whose ``key`` stands for 9**levels strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "---\ntitle: Bomb\n" + "\n".join(lines) + f"\n{key}: *a{levels - 1}\n---\n\nAcme has 5 GW.\n"


def test_yaml_alias_bomb_is_refused_in_front_matter_and_suppressions(corpus: Path) -> None:
    """Formatting the date's alias graph for the warning grew without limit (1.5 GB at 120 s,
    --timeout did nothing): front matter with aliases is now refused, in the reader and in
    the suppressions alike. In a fresh process: a regression would not hang pytest."""
    (corpus / "bomb.md").write_text(alias_bomb("date"), encoding="utf-8")
    (corpus / "quiet.md").write_text(alias_bomb("consistency: {disable: x}\nother"), encoding="utf-8")
    result = run_cli_process("check", ".", "--isolated", "--format", "json", "-j", "1", "--no-cache",
                             cwd=corpus, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "consistency: warning: bomb.md:3: invalid YAML front matter: aliases (*name) are not allowed",
        "consistency: warning: quiet.md:3: invalid YAML front matter: aliases (*name) are not allowed",
    ]
    assert result.returncode == 1  # warnings only: the bodies were read, the finding decides
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 4
    assert [f["rule"] for f in report["findings"]] == ["CC101"]


def test_a_harmless_anchor_without_alias_is_read(corpus: Path) -> None:
    (corpus / "anchor.md").write_text("---\ntitle: &t Anchored\ndate: 2025-03-01\n---\n\nAcme has 5 GW.\n",
                                      encoding="utf-8")
    result = run_cli("claims", "anchor.md", "--isolated", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)["documents"][0]
    assert (document["title"], document["published"]) == ("Anchored", "2025-03-01")


def test_reading_a_file_is_bounded_by_the_time_limit(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading ran in the main process, outside the per-document timer: a file that takes too
    long to read is now reported like a document that takes too long to check. No clock: if
    the limit did not stop it, the read would sleep 60 s and no message would be printed."""
    markdown = corpus_formats.FORMATS["markdown"]

    def slow_markdown(src, reference_date):
        if "SLOW" in src.text:
            time.sleep(60)
        return markdown.read(src, reference_date)

    monkeypatch.setitem(corpus_formats.FORMATS, "markdown", replace(markdown, read=slow_markdown))
    (corpus / "slow.md").write_text("SLOW: Acme has 5 GW.\n", encoding="utf-8")
    for cache in (["--no-cache"], ["--cache-dir", "cache"]):
        assert_still_checked(run(".", "--timeout", "0.5", *cache),
                             ["skipped: slow.md: not checked: took longer than the time limit of 0.5 s (--timeout)"])


def test_directory_tree_thousands_of_levels_deep(corpus: Path) -> None:
    """os.walk recursed once per level (RecursionError at ~1,000): the walk is a loop now. A
    file 1,100 levels down is read; a directory whose path is too long to open is one line."""
    names = ["d"] * 1100 + ["x" * 200] * 12  # 2,200 characters, then past PATH_MAX (4,096)
    with deep_tree(corpus / "deep", names, "far.md"):
        (corpus / "deep" / ("d/" * 1100) / "near.md").write_text("Zeta has 6 GW.\n", encoding="utf-8")
        result = run(".")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("consistency: skipped: deep/" + "d/" * 1100)
    assert lines[0].endswith(": cannot list directory: File name too long")
    assert_still_checked(result, [])
    assert json.loads(result.stdout)["summary"]["documents"] == 3  # a.md, b.md and near.md


@contextmanager
def deep_tree(root: Path, names: list[str], file_name: str) -> Iterator[None]:
    """Directories ``names`` nested under ``root`` (made level by level through directory
    descriptors: the whole path may be too long to name) with ``file_name`` at the bottom;
    removed afterwards bottom-up (shutil.rmtree recurses once per level)."""
    root.mkdir()
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for name in names:
            os.mkdir(name, dir_fd=fds[-1])
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
        with open(file_name, "w", opener=lambda path, flags: os.open(path, flags, dir_fd=fds[-1])) as out:
            out.write("Acme has 5 GW.\n")
        yield
    finally:
        for fd in reversed(fds):
            for entry in os.listdir(fd):
                is_dir = stat.S_ISDIR(os.stat(entry, dir_fd=fd, follow_symlinks=False).st_mode)
                (os.rmdir if is_dir else os.unlink)(entry, dir_fd=fd)
            os.close(fd)


NESTED = 100_000


def test_toml_front_matter_nested_100000_levels_is_one_skipped_file(corpus: Path) -> None:
    (corpus / "nested.md").write_text(f"+++\nx = {'[' * NESTED}{']' * NESTED}\n+++\n\nAcme has 5 GW.\n",
                                      encoding="utf-8")
    assert_still_checked(run("."), ["skipped: nested.md: nested too deeply to read"])


def test_jsonl_line_nested_100000_levels_is_one_skipped_line(corpus: Path) -> None:
    (corpus / "feed.jsonl").write_text('{"text": "Acme has 5 GW."}\n' + "[" * NESTED + "]" * NESTED + "\n",
                                       encoding="utf-8")
    report = assert_still_checked(run("."), ["skipped: feed.jsonl:2: invalid JSON: nested too deeply to read"])
    assert report["summary"]["documents"] == 3


@pytest.mark.parametrize("entry", ["sarif:a.md", "json:../escaped.json", "json:/tmp/consistency-escaped.json",
                                   "json:linked/out.json"])
def test_configured_report_outside_the_configuration_tree_or_over_an_input_is_refused(
        corpus: Path, entry: str) -> None:
    """A configuration arriving in a pull request replaced an article with a SARIF report (the
    next run read it: 39 invented findings) and wrote outside the project. Configured report
    paths must stay inside the configuration's directory, symbolic links resolved."""
    project = corpus / "project"
    write_two_articles(project)
    (project / "linked").symlink_to(corpus)  # inside by name, outside once resolved
    (project / ".consistency.toml").write_text(f'reports = ["{entry}"]\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    result = run_cli("check", "project", "--config", "project/.consistency.toml", "--format", "json",
                     "--no-cache")
    assert result.exit_code == 2 and result.stdout == ""
    if entry == "sarif:a.md":
        assert "Error: the configured report project/a.md is one of the input files" in result.stderr
    else:
        assert f"reports: '{entry}' is outside {project}, the directory of .consistency.toml" in result.stderr
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
    assert not Path("/tmp/consistency-escaped.json").exists()


@pytest.mark.parametrize("option", [["-o", "a.md"], ["--report", "json:./b.md"],
                                    ["--graph", "sub/../notes.json", "--include", "*.json"],
                                    ["--baseline", "b.md", "--update-baseline"]])
def test_output_path_that_is_an_input_file_is_refused(corpus: Path, option: list[str]) -> None:
    (corpus / "notes.json").write_text("Acme has 5 GW.\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    result = run(".", *option)
    assert result.exit_code == 2 and result.stdout == ""
    assert "is one of the input files; refusing to overwrite it." in result.stderr
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_output_outside_the_tree_named_on_the_command_line_is_written(corpus: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "findings.json"
    result = run(".", "--report", f"json:{elsewhere}")
    assert result.exit_code == 1, result.stderr
    assert json.loads(elsewhere.read_text(encoding="utf-8")) == json.loads(result.stdout)


NOT_UTF8 = os.fsdecode(b"caf\xe9-\xff.md")  # Latin-1 bytes in a file name: lone surrogates in Python
SHOWN_NOT_UTF8 = "caf\\xe9-\\xff.md"
OHIO_9 = article("C", "Brisk Energy is building a 9 GW facility in Ohio.", date="2025-03-10")


@pytest.mark.parametrize("cache", [["--no-cache"], ["--cache-dir", "cache"]], ids=["no-cache", "cache"])
def test_file_name_that_is_not_utf8_is_checked_and_shown_escaped_in_every_format(
        corpus: Path, cache: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Such a name gave "internal error" and its claims dropped out of the findings: it is read
    under its own name and shown with each undecodable byte as \\xNN, in every output (and in
    the cache, which gives the same bytes again)."""
    (corpus / NOT_UTF8).write_text(OHIO_9, encoding="utf-8")
    outputs = {"json": "o.json", "sarif": "o.sarif", "junit": "o.xml", "github": "o.github", "gitlab": "o.gitlab",
               "rdjson": "o.rdjson", "html": "o.html", "text": "o.txt"}
    out = tmp_path_factory.mktemp("out")  # not in the corpus: the second run would read the reports
    reports = [f"--report={name}:{out / path}" for name, path in outputs.items()]
    for _ in range(2):  # the second run takes the cache's state, when there is one
        result = run(".", *cache, *reports, "--graph", str(out / "g.graphml"))
        assert result.exit_code == 1, result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        claims = json.loads(result.stdout)["findings"][0]["claims"]
        assert sorted(c["path"] for c in claims) == ["a.md", "b.md", SHOWN_NOT_UTF8]
        written = {name: (out / path).read_bytes() for name, path in outputs.items()}
        assert written["json"] == result.stdout.encode("utf-8")
        assert b'"uri":"caf%E9-%FF.md"' in written.pop("sarif")  # a URI: the name's own bytes
        for name, data in written.items():
            assert SHOWN_NOT_UTF8.encode() in data.replace(b"\\\\", b"\\"), name  # JSON doubles the backslash
        for name in ("json", "gitlab", "rdjson"):
            json.loads(written[name])
        for path in ("o.xml", "g.graphml"):
            ElementTree.parse(out / path)
    claims_out = run_cli("claims", NOT_UTF8, "--isolated", "--format", "csv")
    assert claims_out.exit_code == 0 and SHOWN_NOT_UTF8 in claims_out.stdout


def test_suppression_in_a_file_whose_name_is_not_utf8(corpus: Path) -> None:
    (corpus / NOT_UTF8).write_text(article("C", "<!-- consistency-disable-next-line CC101 -->",
                                           "Brisk Energy is building a 9 GW facility in Ohio."), encoding="utf-8")
    (corpus / "b.md").unlink()
    result = run(".")
    assert result.exit_code == 0, result.stderr
    assert "1 finding hidden: it is suppressed inline" in result.stderr


UNSAFE_NAMES = ["new\nline.md", "esc\x1b[2J\x1b[31mred.md", "rtl\u202edm.txt.md", "pipe|tick`.md"]
SHOWN_UNSAFE = ["new\\nline.md", "esc\\x1b[2J\\x1b[31mred.md", "rtl\\u202edm.txt.md", "pipe|tick`.md"]


def test_file_names_with_line_breaks_escapes_and_overrides_are_printed_escaped(corpus: Path) -> None:
    """Such names were printed raw: a newline forged a second stderr line, ANSI sequences
    reached the terminal, an RTL override made "rtl\u202edm.txt.md" read as "rtlmd.txt.md" backwards, and
    the GitHub summary's table broke. Every printed name is escaped now."""
    for name in UNSAFE_NAMES:
        (corpus / name).write_text(OHIO_9, encoding="utf-8")
        (corpus / ("empty-" + name)).write_bytes(b"")
    summary = corpus / "summary.md"
    result = run_cli("check", ".", "--isolated", "-j", "1", "--format", "github", "--report", "text:out.txt",
                     env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == sorted(
        [f"consistency: skipped: empty-{shown}: empty file" for shown in SHOWN_UNSAFE] + ["consistency: wrote out.txt"])
    unsafe = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
    annotations = result.stdout.splitlines()
    assert len(annotations) == 6 and all(line.startswith("::error file=") for line in annotations)
    text = (corpus / "out.txt").read_text(encoding="utf-8")
    table = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| CC101")]
    for output in (result.stderr, result.stdout, text, summary.read_text(encoding="utf-8")):
        assert not unsafe.search(output)
    listed = [shown for shown in SHOWN_UNSAFE if f"    {shown}:6:28  '9 GW'" in text]
    assert len(listed) == 3 and f"    … and {len(SHOWN_UNSAFE) - 3} more" in text  # three articles per value
    for shown in SHOWN_UNSAFE:
        assert f"`{shown.replace('|', chr(92) + '|').replace('`', chr(39))}:6:28`" in table[0]
    assert len(table) == 1 and table[0].count(" | ") == 3  # four cells: the pipe in a name is escaped


def test_symlink_to_a_file_outside_the_tree_is_skipped_unless_followed(
        corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A link inside the tree to /etc/passwd became a document: links out of the directory
    being read are skipped with one line; --follow-symlinks reads them, and a link named on
    the command line is read as the user asked."""
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(OHIO_9, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "secret.md").symlink_to(outside)
    (corpus / "sub" / "again.md").symlink_to(corpus / "a.md")  # inside the tree: read once, as a.md
    report = assert_still_checked(run("."), [
        "skipped: sub/secret.md: symbolic link to a file outside . (--follow-symlinks reads it)"])
    assert report["summary"]["documents"] == 2
    for args in ([".", "--follow-symlinks"], ["a.md", "b.md", "sub/secret.md"]):
        result = run(*args)
        assert result.exit_code == 1 and result.stderr == ""
        claims = json.loads(result.stdout)["findings"][0]["claims"]
        assert sorted(c["path"] for c in claims) == ["a.md", "b.md", "sub/secret.md"]


def conversions_article(sentences: int) -> str:
    """An article whose every sentence states a currency conversion: six amounts, each written
    with four dollar figures (two of them far from the month's rate)."""
    amounts, factors = (1.5, 2.0, 3.1, 4.2, 5.5, 7.0), (1.05, 1.1, 1.3, 1.6)
    body = " ".join(f"Harbor Wind raised €{amounts[i % 6]} billion (${round(amounts[i % 6] * factors[i // 6 % 4], 1)} "
                    f"billion) for the project." for i in range(sentences))
    return f"---\ntitle: FX\ndate: 2025-03-01\n---\n\n{body}\n"


def test_article_of_thousands_of_currency_conversions_is_bounded(corpus: Path, monkeypatch) -> None:
    """A 2.4 MB article of conversions took 90 s and 680 MB: two conversions of one amount were
    compared for every pair in the corpus, and all of the article's ~19,000 findings were
    written out. Conversions with the same figures are now judged once, and an article shows
    at most MAX_FINDINGS_PER_DOCUMENT findings, with a note counting the rest."""
    (corpus / "fx.md").write_text(conversions_article(6_000), encoding="utf-8")
    judged = []
    disagree = cc104._disagree
    monkeypatch.setattr(cc104, "_disagree", lambda a, b, fx: judged.append(1) or disagree(a, b, fx))
    result = run(".", "--no-cache")
    assert result.exit_code == 1, result.stderr
    hidden = 3_000 - MAX_FINDINGS_PER_DOCUMENT  # every conversion at 1.3 or 1.6 times is off the month's rate
    assert result.stderr == (f"consistency: warning: fx.md: {hidden} more findings not shown "
                             f"(at most {MAX_FINDINGS_PER_DOCUMENT} per article)\n")
    report = json.loads(result.stdout)
    shown = [f for f in report["findings"] if f["claims"][0]["path"] == "fx.md"]
    assert len(shown) == MAX_FINDINGS_PER_DOCUMENT and {f["rule"] for f in shown} == {"CC104"}
    assert [f["rule"] for f in report["findings"] if f not in shown] == ["CC101"]
    assert report["summary"]["errors"][0]["message"].startswith(f"{hidden} more findings not shown")
    assert len(judged) <= 6 * 2 * 2  # per amount, each pair of its two figures near the rate; not 3,000 squared


def test_a_subject_over_the_time_limit_is_reported_and_the_rest_judged(corpus: Path, monkeypatch) -> None:
    """The corpus-wide phase ran unbounded: each subject is now judged within --timeout, and one
    over it is reported (exit 2) while every other subject is judged; with a cache, the next
    run judges it again (and reports it again). No clock: without the limit, the judging of
    the slow subject would sleep 60 s and nothing would be reported."""
    (corpus / "slow.md").write_text(article("S", TEXAS_4), encoding="utf-8")
    (corpus / "slower.md").write_text(article("T", TEXAS_9), encoding="utf-8")
    judge = judging.judge

    def slow_judge(rules, blocks, settings, aliases):
        if any(key[-1].lower() == "coldwater power" for key in blocks):
            time.sleep(60)
        return judge(rules, blocks, settings, aliases)

    monkeypatch.setattr(judging, "judge", slow_judge)
    message = ("skipped: slow.md: not checked: the claims about Coldwater Power took longer than the time limit "
               "of 1 s (--timeout)")
    for cache in (["--no-cache"], ["--cache-dir", "cache"], ["--cache-dir", "cache"]):
        report = assert_still_checked(run(".", "--timeout", "1", *cache), [message])
        assert report["summary"]["documents"] == 4


def test_dates_past_the_calendar_say_so(corpus: Path) -> None:
    """`date: 9999-12-31` left "next year" unresolved with "no publication or reference date",
    and a date reaching past year 9999 ("in 8000 years") was an internal error that dropped
    the article: the cause is said now, and the article's other claims are kept."""
    (corpus / "far.md").write_text(article("Far", "Acme plans 5 GW next year.", date="9999-12-31"), encoding="utf-8")
    (corpus / "ages.md").write_text(article("Ages", "Acme plans 5 GW in 8000 years, over the next 9000 years."),
                                    encoding="utf-8")
    result = run_cli("claims", "far.md", "ages.md", "--isolated", "--no-cache")
    assert result.exit_code == 0 and result.stderr == ""
    assert "next year                       unresolved (from 9999-12-31 it falls outside the years 1 to 9999)" \
        in result.stdout
    assert "in 8000 years                   unresolved (from 2024-03-01 it falls outside the years 1 to 9999)" \
        in result.stdout
    assert result.stdout.count("5 GW  [planned]") == 2


def test_set_as_a_date_is_named_by_its_kind_whatever_the_hash_seed(corpus: Path) -> None:
    """A `!!set` date was printed in hash order, different from run to run."""
    (corpus / "set.md").write_text("---\ntitle: S\ndate: !!set {b, a, d, c}\n---\n\nAcme has 5 GW.\n",
                                   encoding="utf-8")
    runs = [run_cli_process("claims", "set.md", "--isolated", "--no-cache", cwd=corpus,
                            env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2", "3")]
    assert {r.stderr for r in runs} == {
        "consistency: warning: set.md:3: front matter date (a set) is not a date (use YYYY-MM-DD)\n"}


def test_jsonl_escaped_unpaired_surrogate_is_replaced(corpus: Path) -> None:
    """'\\ud800' is valid JSON but no output can encode it (every JSON report crashed)."""
    (corpus / "feed.jsonl").write_text('{"title": "T \\udc00", "text": "Acme has 5 GW \\ud800 now.", "date": "2025-01-01"}\n',
                                       encoding="utf-8")
    for fmt in ("json", "csv", "text"):
        result = run_cli("claims", "feed.jsonl", "--isolated", "--format", fmt)
        assert result.exit_code == 0
        assert "\ufffd" in result.stdout
