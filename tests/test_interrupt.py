"""Interrupting a run (SIGINT, SIGTERM) leaves no partial report, and the cache stays usable:
the next run gives the same bytes as a clean one."""
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.corpus_gen import write_corpus  # noqa: E402

CLI = [sys.executable, "-m", "consistency"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    write_corpus(directory, 60, seed=3)
    return directory


def run(args, cwd, env=None):
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(("sig", "delay"), [
    (signal.SIGINT, 0.8),
    pytest.param(signal.SIGTERM, 1.5, marks=pytest.mark.stress),
    pytest.param(signal.SIGINT, 2.5, marks=pytest.mark.stress),
])
def test_interrupted_run_leaves_no_partial_report(corpus, tmp_path, sig, delay):
    cache = tmp_path / "cache"
    args = ["check", str(corpus), "--format", "json", "-o", str(tmp_path / "out.json"), "--exit-zero",
            "--cache-dir", str(cache), "-j", "1"]
    proc = subprocess.Popen([*CLI, *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")]
    assert leftovers == []
    out = tmp_path / "out.json"
    if out.exists():  # the run finished before the signal: then the report is whole
        assert out.read_text().rstrip().endswith("}")
    again = run(args, tmp_path)
    clean = run([*args[:-3], "--no-cache", "-o", str(tmp_path / "clean.json")], tmp_path)
    assert again.returncode == clean.returncode == 0, again.stderr + clean.stderr
    assert out.read_bytes() == (tmp_path / "clean.json").read_bytes()
