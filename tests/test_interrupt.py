"""Interrupting a run (SIGINT, SIGTERM) leaves no partial report, and the cache stays usable:
the next run gives the same bytes as a clean one."""
import os
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


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("big")
    write_corpus(directory, 400, seed=4)
    return directory


def descendants(pid: int) -> dict[int, int]:
    """The processes descended from ``pid`` now, each with its parent (Linux /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, pending = {}, [pid]
    while pending:
        parent = pending.pop()
        for child in [p for p, of in parents.items() if of == parent]:
            found[child] = parent
            pending.append(child)
    return found


def pool_workers(pid: int) -> set[int]:
    """The pool workers of the run ``pid`` now: the processes its fork server forked (the
    server is the run's child that runs multiprocessing.forkserver; its workers are forked
    from it without a new command line)."""
    tree = descendants(pid)
    servers = set()
    for child in [p for p, parent in tree.items() if parent == pid]:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.forkserver" in command:
            servers.add(child)
    return {p for p, parent in tree.items() if parent in servers}


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` that still run (not exited, not zombies)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_until(condition, guard_seconds: float = 60.0) -> None:
    """Poll ``condition`` until it holds; the guard only stops a hang (the test then fails on
    its own assertion), it is not what the test checks."""
    end = time.monotonic() + guard_seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)


def start_with_workers(corpus: Path, tmp_path: Path) -> tuple[subprocess.Popen, set[int]]:
    """A check with two worker processes, once the workers run (the signal handlers are set
    before any work starts); with them, every process the run has started (the fork server,
    multiprocessing's resource tracker)."""
    proc = subprocess.Popen([*CLI, "check", str(corpus), "--format", "json", "-o", str(tmp_path / "out.json"),
                             "--no-cache", "-j", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    wait_until(lambda: len(pool_workers(proc.pid)) >= 2 or proc.poll() is not None)
    workers = pool_workers(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the run ended before its workers were seen"
    return proc, workers | set(descendants(proc.pid))


@pytest.mark.parametrize(("sig", "to_group", "code"), [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)])
def test_signals_exit_with_their_own_codes_and_stop_the_workers(big_corpus, tmp_path, sig, to_group, code):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) exits 130 and SIGTERM
    143: not 1, which reads as "findings"; no traceback, no partial report, no worker left."""
    proc, workers = start_with_workers(big_corpus, tmp_path)
    if to_group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "out.json").exists() and not list(tmp_path.glob(".out.json*"))
    wait_until(lambda: not alive(workers))
    assert not alive(workers)


def test_workers_exit_when_the_main_process_is_killed(big_corpus, tmp_path):
    """SIGKILL of the main process left its pool workers waiting for work forever (re-parented
    to PID 1): each worker watches its parent and exits when it is gone; the fork server and
    multiprocessing's resource tracker then exit too."""
    proc, workers = start_with_workers(big_corpus, tmp_path)
    proc.kill()
    proc.communicate(timeout=120)  # returns once every holder of the output pipes has exited
    wait_until(lambda: not alive(workers))
    assert not alive(workers)
