"""A warm re-run: an unchanged corpus is not read again; any change to a file, the settings,
the rules or the paths asked for is seen."""
from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from consistency import engine
from consistency.report.findings_report import render_findings_json
from consistency.settings import Settings
from consistency.store import ClaimStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    shutil.copytree(ROOT / "fixtures" / "content", tmp_path / "content")
    return tmp_path / "content"


def _check(store, paths, settings=Settings(), **kwargs):
    return engine.check_corpus([str(p) for p in paths], settings, store=store, reuse=True, **kwargs)


def _reads(monkeypatch) -> list[int]:
    calls = []
    real = engine.read_corpus
    monkeypatch.setattr(engine, "read_corpus", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_unchanged_corpus_is_not_read_and_reports_the_same(corpus, tmp_path, monkeypatch):
    clean, _graph = engine.check_corpus([str(corpus)], Settings())
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first, _ = _check(store, [corpus])
        reads = _reads(monkeypatch)
        second, _ = _check(store, [corpus])
        assert reads == []
        _, graph = _check(store, [corpus], graph=True)
        assert reads == [1] and graph is not None  # the graph lists every claim: never from a stored result
        reads.clear()
    assert render_findings_json(second) == render_findings_json(first) == render_findings_json(clean)
    assert len(second.claims) == len(clean.claims) > 30
    assert reads == []  # counting claims computes nothing
    assert list(second.claims) == list(clean.claims) and reads == [1]  # reading them does
    assert len(second.documents) == len(clean.documents) and list(second.documents) == list(clean.documents)


@pytest.mark.parametrize("change", ["edit", "same_size_same_mtime", "add", "remove"])
def test_any_file_change_is_seen(corpus, tmp_path, monkeypatch, change):
    post = sorted(corpus.rglob("*.md"))[0]
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, [corpus])
        if change == "edit":
            post.write_text(post.read_text(encoding="utf-8") + "\nIt will cost $9 billion.\n", encoding="utf-8")
        elif change == "same_size_same_mtime":
            before = post.stat()
            text = post.read_text(encoding="utf-8")
            post.write_text(text.replace("1.4", "1.9") if "1.4" in text else text[:-1] + "!", encoding="utf-8")
            os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert post.stat().st_size == before.st_size
        elif change == "add":
            (corpus / "new.md").write_text("Harbor Wind will cost $12 billion, its developer said.\n",
                                           encoding="utf-8")
        else:
            post.unlink()
        reads = _reads(monkeypatch)
        warm, _ = _check(store, [corpus])
    assert reads == [1]
    fresh, _ = engine.check_corpus([str(corpus)], Settings())
    assert render_findings_json(warm) == render_findings_json(fresh)


def test_settings_rules_and_paths_are_part_of_the_identity(corpus, tmp_path, monkeypatch):
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, [corpus])
        reads = _reads(monkeypatch)
        _check(store, [corpus], replace(Settings(), fiscal_year_start=4))
        _check(store, [corpus], select=["CC103"])
        _check(store, [corpus / "posts"])
        assert len(reads) == 3
        _check(store, [corpus])
        assert len(reads) == 3  # the first identity is still stored


def test_recently_modified_files_are_never_reused(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "RACY_SECONDS", 3600)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, [corpus])
        reads = _reads(monkeypatch)
        _check(store, [corpus])
    assert reads == [1]


def test_cli_warm_run_is_byte_identical(corpus, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from consistency.cli import main
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["check", str(corpus), "--cache-dir", "cache", "--isolated", "--exit-zero"]
    cold = runner.invoke(main, args + ["--format", "json"])
    reads = _reads(monkeypatch)
    warm = runner.invoke(main, args + ["--format", "json"])
    text = runner.invoke(main, args)
    assert reads == [] and warm.exit_code == cold.exit_code == 0
    assert warm.stdout == cold.stdout and '"findings": 2' in cold.stdout
    assert reads == []
    runner.invoke(main, args + ["--format", "html", "-o", "r.html"])
    assert reads == [1]  # the HTML report lists every claim: never from a stored result
    assert text.stdout == runner.invoke(main, args + ["--no-cache"]).stdout
