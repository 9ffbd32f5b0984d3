"""Faults in the per-document stages: a worker that dies, a document over the time limit, a
bug on one input. Each is reported for its document and the run completes with the rest."""
from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from consistency import engine
from consistency.engine import pool
from consistency.normalize import claims as normalize_claims
from consistency.model import Document, DocumentAnalysis, OffsetMap, ReadError
from consistency.settings import Settings

real_document_claims = normalize_claims.document_claims


def _doc(i: int, marker: str = "") -> Document:
    text = f"Northgale Energy said its plant {i} will cost ${i + 1} million by 2027. {marker}"
    return Document(path=f"doc{i:03}.md", index=0, title=f"Doc {i}", text=text,
                    offsets=OffsetMap(((0, 0),), (0,)))


def _faulty(doc: Document, settings: Settings):
    """document_claims, except on marked documents: CRASH kills the process, SLOW hangs, BUG raises."""
    if "CRASH" in doc.text:
        os._exit(3)
    if "SLOW" in doc.text:
        time.sleep(60)
    if "BUG" in doc.text:
        raise ValueError("unexpected input")
    return real_document_claims(doc, settings)


@pytest.fixture()
def faulty(monkeypatch):
    """Workers are forked from this process (not from the fork server, which has imported
    nothing), so they inherit the patched stage."""
    monkeypatch.setattr(pool, "START_METHOD", "fork")
    monkeypatch.setattr(normalize_claims, "document_claims", _faulty)


def _clean(documents, settings):
    analyses, errors = engine.analyse_documents(documents, settings, with_entities=True, jobs=1)
    assert errors == []
    return analyses


@pytest.mark.parametrize("jobs", [1, 2])
def test_bug_on_one_document_is_reported_and_the_rest_is_analysed(faulty, jobs):
    documents = [_doc(i, "BUG" if i == 40 else "") for i in range(70)]
    analyses, errors = engine.analyse_documents(documents, Settings(), with_entities=True, jobs=jobs)
    assert errors == [ReadError("doc040.md", "not checked: internal error ValueError: unexpected input")]
    assert analyses[40] is None
    expected = _clean(documents[:40] + documents[41:], Settings())
    assert analyses[:40] + analyses[41:] == expected
    assert all(isinstance(a, DocumentAnalysis) and a.claims for a in expected)


def test_crashing_worker_is_isolated_and_reported(faulty):
    documents = [_doc(i, "CRASH" if i in (5, 50) else "") for i in range(100)]
    analyses, errors = engine.analyse_documents(documents, Settings(), with_entities=True, jobs=2)
    died = "not checked: the worker process analysing it died (crash or out of memory)"
    assert errors == [ReadError("doc005.md", died), ReadError("doc050.md", died)]
    assert [i for i, a in enumerate(analyses) if a is None] == [5, 50]
    kept = [d for i, d in enumerate(documents) if i not in (5, 50)]
    assert [a for a in analyses if a is not None] == _clean(kept, Settings())


@pytest.mark.parametrize("jobs", [1, 2])
def test_document_over_the_time_limit_is_reported(faulty, jobs):
    documents = [_doc(i, "SLOW" if i == 3 else "") for i in range(40)]
    settings = replace(Settings(), document_timeout=0.5)
    # No clock here: if the limit did not stop the SLOW document, its sleep would end after
    # 60 s and no error would be reported for it.
    analyses, errors = engine.analyse_documents(documents, settings, with_entities=True, jobs=jobs)
    assert errors == [ReadError("doc003.md", "not checked: took longer than the time limit of 0.5 s (--timeout)")]
    assert analyses[3] is None and all(a is not None for i, a in enumerate(analyses) if i != 3)


def test_failed_documents_are_not_cached(faulty, tmp_path):
    from consistency.engine.store import ClaimStore
    documents = [_doc(i, "BUG" if i == 1 else "") for i in range(3)]
    with ClaimStore(tmp_path / "c.sqlite") as store:
        engine.analyse_documents(documents, Settings(), with_entities=True, store=store)
        assert store.info()["entries"] == 2


def test_cli_timeout_names_each_document_and_exits_2(tmp_path):
    import subprocess
    import sys
    (tmp_path / "a.md").write_text("The plant will cost $2 billion, Northgale said.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "consistency", "check", str(tmp_path), "--no-cache",
                          "--timeout", "0.000001"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr == (f"consistency: skipped: {tmp_path}/a.md: not checked: took longer than the time "
                          "limit of 1e-06 s (--timeout)\n")
    bad = subprocess.run([sys.executable, "-m", "consistency", "check", str(tmp_path), "--timeout", "0"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "--timeout" in bad.stderr and "Traceback" not in bad.stderr
