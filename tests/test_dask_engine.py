"""The Dask engine gives the local engine's claims and byte-identical findings on a small corpus."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from consistency import engine
from consistency.engine.dask_cluster import MISSING_EXTRA, analyse_documents_dask, partitions
from consistency.report.findings_report import render_findings_json
from consistency.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["fixtures/content", "fixtures/news"]


@pytest.fixture(scope="module")
def corpus():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        documents, _errors = engine.read_corpus(PATHS, Settings())
    return documents


@pytest.fixture(scope="module")
def scheduler():
    """Address of a running cluster, as a user would pass with --scheduler tcp://host:port."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra: dask)")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def test_claims_equal_local_engine_on_own_local_cluster(corpus):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra: dask)")
    settings = Settings()
    local, _failed = engine.analyse_documents(corpus, settings, with_entities=True)
    assert len(corpus) == 15 and sum(len(a.claims) for a in local) > 200
    ticks = []
    assert analyse_documents_dask(corpus, settings, True,
                                  progress=lambda done, total: ticks.append((done, total))) == local
    assert [total for _, total in ticks] == [15] * 4 and sorted(ticks)[-1] == (15, 15)


@pytest.mark.stress  # starts a cluster of worker processes: seconds, more on a busy machine
def test_large_corpus_local_cluster_uses_processes_same_claims(corpus, monkeypatch):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra: dask)")
    monkeypatch.setattr("consistency.engine.dask_cluster.LOCAL_PROCESSES_FROM", len(corpus))
    local, _failed = engine.analyse_documents(corpus, Settings(), with_entities=False)
    assert analyse_documents_dask(corpus, Settings(), False) == local


def test_findings_byte_identical_via_scheduler_address(corpus, scheduler, monkeypatch):
    monkeypatch.chdir(ROOT)
    local_report, _graph = engine.check_corpus(PATHS, Settings())
    dask_report, _graph = engine.check_corpus(PATHS, Settings(), engine="dask", scheduler=scheduler)
    assert scheduler.startswith("tcp://")
    assert len(local_report.findings) >= 4
    assert render_findings_json(dask_report) == render_findings_json(local_report)


def test_empty_corpus_needs_no_cluster():
    assert analyse_documents_dask([], Settings(), True, scheduler="tcp://127.0.0.1:9") == []


def test_partitions_keep_order_about_two_per_thread(corpus):
    parts = partitions(corpus, threads=2)
    assert [len(p) for p in parts] == [4, 4, 4, 3]
    assert [doc for part in parts for doc in part] == list(corpus)
    assert len(partitions(corpus * 40, threads=1)) == 3  # 600 documents: none over 256


def test_unreachable_scheduler_is_one_clear_error(corpus, monkeypatch):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra: dask)")
    monkeypatch.setattr("consistency.engine.dask_cluster.CONNECT_TIMEOUT", 0.5)
    with pytest.raises(RuntimeError, match=r"^cannot connect to the Dask scheduler at tcp://127\.0\.0\.1:9: "):
        analyse_documents_dask(corpus, Settings(), True, scheduler="tcp://127.0.0.1:9")


def test_missing_extra_names_the_install_command(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(RuntimeError) as error:
        analyse_documents_dask(corpus, Settings(), True)
    assert str(error.value) == MISSING_EXTRA
    assert MISSING_EXTRA == "--engine dask needs the optional extra: pip install 'consistency[dask]'"


def test_incremental_checks_on_dask_equal_the_local_engine(scheduler, tmp_path):
    """The stored state path: a cold check and a check after an edit, on Dask and locally."""
    import shutil

    from consistency.engine.store import ClaimStore
    corpus = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", corpus)
    with ClaimStore(tmp_path / "dask.sqlite") as on_dask, ClaimStore(tmp_path / "local.sqlite") as local:
        for step in range(2):
            if step:
                post = sorted((corpus / "content").rglob("*.md"))[2]
                post.write_text(post.read_text(encoding="utf-8").replace("1", "7", 1), encoding="utf-8")
            remote, _ = engine.check_corpus([str(corpus)], Settings(), store=on_dask, reuse=True, engine="dask",
                                            scheduler=scheduler)
            here, _ = engine.check_corpus([str(corpus)], Settings(), store=local, reuse=True)
            assert render_findings_json(remote) == render_findings_json(here)
            assert len(here.findings) >= 4


def test_fx_table_reaches_dask_worker_processes(tmp_path, monkeypatch):
    """Workers in processes of their own (started by Dask's nannies) convert with the run's table."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra: dask)")
    monkeypatch.setattr("consistency.engine.dask_cluster.LOCAL_PROCESSES_FROM", 1)
    (tmp_path / "a.md").write_text("---\ntitle: Financing\ndate: 2026-01-15\n---\n"
                                   "The wind farm closed a €3.1 billion financing.\n", encoding="utf-8")
    (tmp_path / "rates.csv").write_text("month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n",
                                        encoding="utf-8")
    settings = Settings(fx_table=str(tmp_path / "rates.csv"))
    report, _graph = engine.check_corpus([str(tmp_path / "a.md")], settings, engine="dask")
    assert [c.value.lo for c in report.claims if c.original_unit == "EUR"] == [6.2e9]
