"""The scale benchmark's helpers: one-figure edits, run recording, memory sampling, targets."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import scale  # noqa: E402

ARTICLE = "---\ntitle: Plant 7\ndate: 2025-03-01\n---\n# Plant\n\nThe plant cost $40 million in 2024.\n"


def test_edit_changes_one_figure_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    described = scale._edit_one_article(path)
    assert path.read_text(encoding="utf-8") == ARTICLE.replace("$40", "$41")
    assert described == f"{tmp_path.name}/a.md line 7: 40 -> 41"


def test_run_records_time_memory_and_children(tmp_path: Path, monkeypatch) -> None:
    """The clock is read before the command starts and after its whole process tree has ended
    (a stand-in clock, so the test does not depend on how busy the machine is); memory is
    sampled from the tree."""
    done = tmp_path / "grandchild-done"
    readings: list[bool] = []

    def clock() -> float:
        readings.append(done.exists())
        return 100.0 + 2.5 * (len(readings) - 1)

    monkeypatch.setattr(scale, "time", SimpleNamespace(perf_counter=clock))
    grandchild = f"import pathlib, time; time.sleep(0.3); pathlib.Path({str(done)!r}).touch()"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    run = scale._run([sys.executable, "-c", child])
    assert run.error is None and run.exit_code == 0
    assert readings == [False, True]
    assert run.as_dict(10)["articles_per_s"] == 4.0  # 10 articles in the 2.5 s between the readings
    assert run.peak_rss_tree_mb >= run.peak_rss_main_mb > 0


def test_the_tree_s_pss_is_sampled_over_a_run_of_seconds() -> None:
    child = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'import time; time.sleep(1.5)'])"
    run = scale._run([sys.executable, "-c", child])
    assert run.peak_pss_tree_mb is not None and 0 < run.peak_pss_tree_mb <= run.peak_rss_tree_mb
    assert scale._run([sys.executable, "-c", "pass"]).peak_pss_tree_mb is None  # too short to sample


def test_a_failed_run_is_recorded_not_raised() -> None:
    run = scale._run([sys.executable, "-c", "import sys; sys.exit('broken input')"])
    assert run.exit_code == 1
    assert run.error == "exit 1: broken input"
    assert run.as_dict(10)["articles_per_s"] is None


def test_targets_pass_fail_and_skip() -> None:
    def size(cold: float, warm: float, edit: float) -> dict:
        row = {"error": None}
        return {"runs": {"cold": {**row, "seconds": cold}, "warm": {**row, "seconds": warm},
                         "one_edit": {**row, "seconds": edit}}}

    targets = scale._targets({"1000": size(5.0, 0.5, 0.5), "10000": size(65.0, 1.5, 0.4)})
    assert [t["status"] for t in targets] == ["FAIL", "PASS", "PASS", "FAIL"]
    assert targets[3]["measured"] == 13.0
    assert {t["status"] for t in scale._targets({"200": size(1.0, 0.2, 0.2)})} == {"SKIP"}


def test_rename_replaces_one_invented_name_everywhere_in_the_article(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Kalorin grows\n---\n\nKalorin Energy said Kalorin would hire.\n", encoding="utf-8")
    described = scale._rename_in_one_article(path)
    assert path.read_text(encoding="utf-8") == ("---\ntitle: Quorvale grows\n---\n\n"
                                                "Quorvale Energy said Quorvale would hire.\n")
    assert described == f"{tmp_path.name}/a.md: Kalorin -> Quorvale"


def test_block_sizes_come_from_the_stored_state(tmp_path: Path) -> None:
    from consistency import engine
    from consistency.settings import Settings
    from consistency.engine.store import ClaimStore
    (tmp_path / "a.md").write_text("Tarn Energy has 400 employees.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Tarn Energy has 650 employees.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("Orla Power has 90 employees and 3 plants.\n", encoding="utf-8")
    (tmp_path / "d.md").write_text("Brisk Mills has 75 employees.\n", encoding="utf-8")  # alone: never parsed
    with ClaimStore(tmp_path / "cache" / "claims.sqlite") as store:
        engine.check_corpus([str(tmp_path)], Settings(), store=store, reuse=True)
    blocks = scale._block_sizes(tmp_path / "cache" / "claims.sqlite")
    assert blocks == {"blocks": 2, "claims_in_blocks": 4, "documents": 4, "judged_blocks": 2, "judged_claims": 4,
                      "max": 2, "mean": 2.0, "p99": 2, "pairs_within_blocks": 2}
