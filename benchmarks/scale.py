"""Time `consistency check` on 1,000 and 10,000 articles; write benchmarks/results/scale.{md,json}.

Run with `make bench`, or in the bench venv (which also has dateparser and quantulum3):
    benchmarks/.venv-bench/bin/python benchmarks/scale.py [--sizes 1000,10000]

For each size N a synthetic corpus (benchmarks/scale_corpus.py: ~1,000-word Markdown
articles about distinct invented entities, with planted contradictions) is written to a
temporary directory, and the CLI is run in fresh processes, wall time start-up included:
  - cold: `consistency check DIR --format json -o OUT --exit-zero --cache-dir CACHE`, empty CACHE;
  - warm: the same again, nothing changed (the corpus is written RACY_SECONDS before the cold
    run, as an archive's files are not seconds old, so their stamps can be trusted);
  - one edit: again after changing one figure in one article;
  - one rename: again after renaming an entity in one article (names are clustered again);
  - cold with --jobs 1, --jobs 2 and --engine dask (a LocalCluster), each with a fresh cache.
Each run's peak RSS is sampled every 50 ms from /proc: the main process's high-water mark
and the sum over the process tree (workers included); and the tree's peak PSS (each process's
`Pss:` in /proc/PID/smaps_rollup, every TREE_EVERY samples), which counts a page the workers
share (the libraries they map, spaCy's among them) once, not once per process as the RSS sum does. Also measured: the cold run's
findings scored against the planted contradictions, the block sizes in the state the cold
run stored, and dateparser.search.search_dates and quantulum3.parser.parse on the first
--baseline-articles articles of the same corpus.
A failed run is recorded in the results; the script exits 0 either way.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale_corpus import score, write_corpus  # noqa: E402
from consistency.engine import RACY_SECONDS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PROJECT_VENV_CLI = ROOT / ".venv" / "bin" / "consistency"
POLL_S = 0.05
TREE_EVERY = 10
PSS_SAMPLES = 3
RUN_TIMEOUT_S = 1800.0
MIB = 1024 * 1024
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
FIGURE = re.compile(r"\d+")
# An invented name of the corpus generator (consonant-vowel three times and a check letter).
NAME = re.compile(r"\b[BCDFGHKLMNPRSTVZ][aeiou][bcdfghklmnprstvz][aeiou][bcdfghklmnprstvz][aeiou][nrktmxvzbpgfdlsh]\b")
RENAMED = "Quorvale"
EXAMPLES = 5

TARGET_COLD_10K_S = 60.0
TARGET_EDIT_S = 1.0
TARGET_WARM_S = 2.0
TARGET_RATIO = 12.0


@dataclass
class Run:
    """One CLI invocation: wall time, exit code, and peak resident memory."""

    seconds: float
    exit_code: int | None
    peak_rss_main_mb: float | None
    peak_rss_tree_mb: float | None
    peak_pss_tree_mb: float | None
    error: str | None = None

    def as_dict(self, articles: int) -> dict:
        ok = self.error is None
        return {
            "articles_per_s": round(articles / self.seconds, 1) if ok and self.seconds > 0 else None,
            "error": self.error,
            "exit_code": self.exit_code,
            "peak_rss_main_mb": self.peak_rss_main_mb,
            "peak_rss_tree_mb": self.peak_rss_tree_mb,
            "peak_pss_tree_mb": self.peak_pss_tree_mb,
            "seconds": round(self.seconds, 3),
        }


class MemorySampler(threading.Thread):
    """Sample a process's RSS high-water mark and its process tree's total RSS every POLL_S,
    and the tree's total PSS every TREE_EVERY samples (when its members are listed again:
    reading smaps_rollup walks a process's page tables). A PSS peak of fewer than PSS_SAMPLES
    samples (a run of under a second, which has no workers) is not reported."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_main = 0
        self.peak_tree = 0
        self.peak_pss = 0
        self.pss_samples = 0
        self._finished = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self._finished.is_set():
            if tick % TREE_EVERY == 0:  # listing the tree scans all of /proc: not every time
                tree = _tree(self.pid)
                self.peak_pss = max(self.peak_pss, sum(map(_pss, tree)))
                self.pss_samples += 1
            tick += 1
            self.peak_main = max(self.peak_main, _high_water_mark(self.pid))
            # When the main process peaks the tree holds at least that much: the bound
            # covers a peak that falls between two samples.
            self.peak_tree = max(self.peak_tree, self.peak_main, sum(map(_rss, tree)))
            self._finished.wait(POLL_S)

    def stop(self) -> None:
        self._finished.set()
        self.join()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=(1000, 10000),
                        help="corpus sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--baseline-articles", type=int, default=50,
                        help="first N articles given to dateparser and quantulum3 (default 50)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--rate", type=float, default=0.1,
                        help="contradiction rate of the corpus (default 0.1)")
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help=f"default {RESULTS}")
    args = parser.parse_args(argv)

    notes: list[str] = []
    machine = _machine()  # before the runs: the commit measured, the load they start under
    cli = _cli_script(Path(sys.executable))
    dask_cli = _dask_cli(cli, notes)
    baselines = _load_baselines(notes)
    sizes: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="consistency-scale-") as tmp:
        for n in args.sizes:
            work = Path(tmp, f"n{n}")
            sizes[str(n)] = _measure_size(n, work, args, cli, dask_cli, baselines, notes)
            shutil.rmtree(work, ignore_errors=True)  # free the disk before the next size

    report = {
        "config": {
            "baseline_articles": args.baseline_articles,
            "cli": str(cli),
            "contradiction_rate": args.rate,
            "dask_cli": None if dask_cli is None else str(dask_cli),
            "generator": "benchmarks/scale_corpus.py",
            "poll_interval_s": POLL_S,
            "seed": args.seed,
            "sizes": list(args.sizes),
        },
        "machine": {**machine, "load_average_1min": {**machine["load_average_1min"],
                                                     "end": round(os.getloadavg()[0], 2)}},
        "notes": notes,
        "scaling": _scaling(sizes),
        "sizes": sizes,
        "targets": _targets(sizes),
    }
    markdown = _markdown(report)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "scale.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n",
                                                encoding="utf-8")
    (args.output_dir / "scale.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"wrote {args.output_dir / 'scale.md'} and scale.json")
    return 0


def _sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(int(part) for part in text.split(",") if part.strip())
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("expected positive integers, e.g. 1000,10000")
    return sizes


def _measure_size(n: int, work: Path, args: argparse.Namespace, cli: Path, dask_cli: Path | None,
                  baselines: dict[str, Callable], notes: list[str]) -> dict:
    """Every measurement for one corpus size."""
    corpus = work / "corpus"
    _progress(f"n={n}: writing the corpus")
    written = write_corpus(corpus, n, seed=args.seed, contradiction_rate=args.rate)
    truth = json.loads(Path(written["truth"]).read_text(encoding="utf-8"))
    articles = sorted(corpus.rglob("*.md"))
    # An archive's files are not seconds old: files modified within RACY_SECONDS are never
    # stamped, so without this wait the cold run would store no result for the warm run to reuse.
    time.sleep(RACY_SECONDS + 0.1)

    def check(name: str, cache: str, *extra: str, script: Path = cli) -> dict:
        output = work / f"{name}.json"
        command = [str(script), "check", str(corpus), "--format", "json", "-o", str(output),
                   "--exit-zero", "--cache-dir", str(work / cache), *extra]
        run = _run(command)
        _progress(f"n={n}: {name}: {run.seconds:.2f} s" + (f" ({run.error})" if run.error else ""))
        if run.error:
            notes.append(f"n={n} {name} failed: {run.error}")
        return run.as_dict(len(articles))

    runs = {"cold": check("cold", "cache")}
    blocks = _block_sizes(work / "cache" / "claims.sqlite")
    runs["warm"] = check("warm", "cache")
    edited = _edit_one_article(articles[len(articles) // 2])
    runs["one_edit"] = check("one_edit", "cache")
    renamed = _rename_in_one_article(articles[len(articles) // 3])
    runs["one_rename"] = check("one_rename", "cache")
    runs["cold_jobs1"] = check("cold_jobs1", "cache-jobs1", "--jobs", "1")
    runs["cold_jobs2"] = check("cold_jobs2", "cache-jobs2", "--jobs", "2")
    if dask_cli is not None:
        runs["cold_dask"] = check("cold_dask", "cache-dask", "--engine", "dask", script=dask_cli)

    return {
        "accuracy": _accuracy(work / "cold.json", truth),
        "baselines": _time_baselines(articles[:args.baseline_articles], baselines, n, runs),
        "blocks": blocks,
        "corpus": {"articles": len(articles), "edit": edited, "planted": written["planted"], "rename": renamed,
                   "words": written["words"]},
        "runs": runs,
    }


def _run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` in a fresh process group (environment ``env``, default this one's),
    sampling memory; never raises on failure."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env=env)
    sampler = MemorySampler(process.pid)
    sampler.start()
    error = None
    try:
        _, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        error = f"timed out after {RUN_TIMEOUT_S:.0f} s"
    seconds = time.perf_counter() - started
    sampler.stop()
    if error is None and process.returncode != 0:
        last = (stderr.strip().splitlines() or ["no message"])[-1]
        error = f"exit {process.returncode}: {last}"
    pss = _mb(sampler.peak_pss) if sampler.pss_samples >= PSS_SAMPLES else None
    return Run(seconds, process.returncode, _mb(sampler.peak_main), _mb(sampler.peak_tree), pss, error)


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants alive now, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, ()))
    return tree


def _rss(pid: int) -> int:
    """Resident bytes of ``pid`` now (0 when it has exited)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` now, in bytes: its private pages, and each page it
    shares with N processes as 1/N (0 when it has exited)."""
    return _proc_kib(pid, "smaps_rollup", "Pss:")


def _high_water_mark(pid: int) -> int:
    """Peak resident bytes of ``pid`` so far (VmHWM; 0 when it has exited)."""
    return _proc_kib(pid, "status", "VmHWM:")


def _proc_kib(pid: int, name: str, field: str) -> int:
    """Bytes of the kB ``field`` of /proc/``pid``/``name`` (0 when the process has exited)."""
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as lines:
            for line in lines:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _mb(size: int) -> float | None:
    return round(size / MIB, 1) if size else None


def _edit_one_article(path: Path) -> str:
    """Change the first figure of the article's body (front matter untouched); describe the edit."""
    text = path.read_text(encoding="utf-8")
    head = FRONT_MATTER.match(text)
    offset = head.end() if head else 0
    figure = FIGURE.search(text, offset)
    changed = str(int(figure.group()) + 1)
    path.write_text(text[:figure.start()] + changed + text[figure.end():], encoding="utf-8")
    line = text.count("\n", 0, figure.start()) + 1
    return f"{path.parent.name}/{path.name} line {line}: {figure.group()} -> {changed}"


def _rename_in_one_article(path: Path) -> str:
    """Replace the first invented name of the article's body with a name no article uses: the
    corpus's alias clustering must run again (the slow path of a re-check)."""
    text = path.read_text(encoding="utf-8")
    head = FRONT_MATTER.match(text)
    name = NAME.search(text, head.end() if head else 0)
    path.write_text(text.replace(name.group(), RENAMED), encoding="utf-8")
    return f"{path.parent.name}/{path.name}: {name.group()} -> {RENAMED}"


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return FRONT_MATTER.sub("", text, count=1)


def _accuracy(findings_path: Path, truth: list[dict]) -> dict | None:
    """The cold run's findings scored against the planted contradictions, with a few examples
    of misses and false positives."""
    try:
        findings = json.loads(findings_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    result = score(findings, truth)
    result["missed_examples"] = result.pop("missed")[:EXAMPLES]
    result["false_positive_examples"] = result.pop("false_positive_findings")[:EXAMPLES]
    return result


def _block_sizes(store: Path) -> dict | None:
    """Claims per block (rules/blocks.py) in the state the cold run stored: blocks are the
    unit rules compare within, so their sizes bound the comparison work."""
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
            sizes = sorted(size for (size,) in conn.execute("SELECT SUM(size) FROM members GROUP BY block"))
            documents = conn.execute("SELECT COUNT(DISTINCT doc) FROM docs").fetchone()[0]
    except sqlite3.Error:
        return None
    if not sizes:
        return {"blocks": 0}
    judged = [s for s in sizes if s >= 2]
    return {
        "blocks": len(sizes),
        "claims_in_blocks": sum(sizes),
        "documents": documents,
        "judged_blocks": len(judged),
        "judged_claims": sum(judged),
        "max": sizes[-1],
        "mean": round(sum(sizes) / len(sizes), 2),
        "p99": sizes[min(len(sizes) - 1, math.ceil(0.99 * len(sizes)) - 1)],
        "pairs_within_blocks": sum(s * (s - 1) // 2 for s in sizes),
    }


def _load_baselines(notes: list[str]) -> dict[str, Callable]:
    """The baseline extractors that import here, each warmed up on one sentence."""
    found: dict[str, Callable] = {}
    try:
        from dateparser.search import search_dates
        found["dateparser search_dates"] = search_dates
    except ImportError as error:
        notes.append(f"dateparser skipped: {error}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "classifier dependencies not installed": expected
            from quantulum3 import parser as quantulum
        found["quantulum3 parse"] = quantulum.parse
    except ImportError as error:
        notes.append(f"quantulum3 skipped: {error}. It is installed only in the bench venv (make bench).")
    for extract in found.values():
        extract("The farm cost $4.8 billion in March 2025 and produces 1.2 GW for 600,000 homes.")
    return found


def _time_baselines(sample: list[Path], baselines: dict[str, Callable], n: int, runs: dict) -> dict:
    """Articles/s of each baseline on ``sample`` (one core), extrapolated to ``n``, vs our cold runs."""
    texts = [_body(path) for path in sample]
    ours = {"cold": runs["cold"]["articles_per_s"], "cold_jobs1": runs["cold_jobs1"]["articles_per_s"]}
    rows = {}
    for name, extract in baselines.items():
        _progress(f"n={n}: {name} on {len(texts)} articles")
        started = time.perf_counter()
        for text in texts:
            extract(text)
        seconds = time.perf_counter() - started
        rate = len(texts) / seconds
        rows[name] = {
            "articles": len(texts),
            "articles_per_s": round(rate, 2),
            "extrapolated_s_for_n": round(n / rate, 1),
            "seconds": round(seconds, 3),
            **{f"ours_{run}_speedup": None if ours[run] is None else round(ours[run] / rate, 1)
               for run in ours},
        }
    return rows


def _cli_script(python: Path) -> Path:
    """The `consistency` entry point installed beside ``python``."""
    return python.with_name("consistency")


def _dask_cli(cli: Path, notes: list[str]) -> Path | None:
    """A `consistency` whose venv can import distributed: this one, else the project's .venv."""
    if importlib.util.find_spec("distributed") is not None:
        notes.append(f"--engine dask ran with {cli} (this venv has distributed).")
        return cli
    python = PROJECT_VENV_CLI.with_name("python")
    if PROJECT_VENV_CLI.exists() and subprocess.run([str(python), "-c", "import distributed"],
                                                    capture_output=True, check=False).returncode == 0:
        notes.append(f"--engine dask ran with {PROJECT_VENV_CLI.relative_to(ROOT)} "
                     "(the bench venv has no distributed; the project venv has the dask extra).")
        return PROJECT_VENV_CLI
    notes.append("--engine dask skipped: neither this venv nor .venv can import distributed "
                 "(pip install 'consistency[dask]').")
    return None


def _scaling(sizes: dict[str, dict]) -> list[dict]:
    """Cold-time ratio between each pair of consecutive sizes (linear: time ratio = size ratio)."""
    ordered = sorted(sizes, key=int)
    rows = []
    for small, large in zip(ordered, ordered[1:]):
        a, b = sizes[small]["runs"]["cold"], sizes[large]["runs"]["cold"]
        ok = a["error"] is None and b["error"] is None
        rows.append({"from": int(small), "size_ratio": round(int(large) / int(small), 2),
                     "time_ratio": round(b["seconds"] / a["seconds"], 2) if ok else None, "to": int(large)})
    return rows


def _targets(sizes: dict[str, dict]) -> list[dict]:
    def seconds(n: int, run: str) -> float | None:
        row = sizes.get(str(n), {}).get("runs", {}).get(run)
        return row["seconds"] if row and row["error"] is None else None

    cold_1k, cold_10k = seconds(1000, "cold"), seconds(10000, "cold")
    ratio = cold_10k / cold_1k if cold_1k and cold_10k else None
    return [
        _target("cold check, 10,000 articles (s)", cold_10k, TARGET_COLD_10K_S, "<"),
        _target("re-check after one edit, 10,000 articles (s)", seconds(10000, "one_edit"), TARGET_EDIT_S, "<"),
        _target("warm re-check, no change, 10,000 articles (s)", seconds(10000, "warm"), TARGET_WARM_S, "<"),
        _target("cold time 10,000 / 1,000 articles", ratio, TARGET_RATIO, "<="),
    ]


def _target(name: str, measured: float | None, goal: float, operator: str) -> dict:
    if measured is None:
        status = "SKIP"
    else:
        status = "PASS" if (measured < goal if operator == "<" else measured <= goal) else "FAIL"
    return {"goal": f"{operator} {goal:g}", "measured": None if measured is None else round(measured, 2),
            "name": name, "status": status}


def _machine() -> dict:
    def version(package: str) -> str | None:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "commit": _commit(),
        "cpu_count": os.cpu_count(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "load_average_1min": {"start": round(os.getloadavg()[0], 2)},
        "memory_mb": round(os.sysconf("SC_PHYS_PAGES") * PAGE_BYTES / MIB),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": {p: version(p) for p in ("consistency", "dateparser", "quantulum3")},
    }


def write_report(path: Path, lines: Sequence[str]) -> None:
    """Write a results page (Markdown lines) to ``path`` and print it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def _commit() -> str | None:
    """The checked-out commit, marked when the working tree has uncommitted changes."""
    def git(*args: str) -> str | None:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else None

    head = git("rev-parse", "--short", "HEAD")
    return head and head + (" (uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def _progress(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


RUN_LABELS = {
    "cold": "cold (default --jobs, empty cache)",
    "warm": "warm re-check, no change",
    "one_edit": "re-check after one edit (a figure)",
    "one_rename": "re-check after one edit that renames an entity (names clustered again)",
    "cold_jobs1": "cold --jobs 1",
    "cold_jobs2": "cold --jobs 2",
    "cold_dask": "cold --engine dask (LocalCluster)",
}


def _markdown(report: dict) -> str:
    machine, config, sizes = report["machine"], report["config"], report["sizes"]
    load = machine["load_average_1min"]
    versions = ", ".join(f"{k} {v}" for k, v in sorted(machine["versions"].items()) if v)
    lines = [
        "# Scale: `consistency check` on large corpora",
        "",
        f"{machine['date']}, commit {machine['commit']}: {machine['python']} on {machine['platform']}, {machine['cpu_count']} CPUs, "
        f"{machine['memory_mb']:,} MB RAM (1-minute load average {load['start']} before the run, "
        f"{load['end']} after); {versions}. Synthetic corpora from "
        f"`{config['generator']}` (seed {config['seed']}, contradiction rate {config['contradiction_rate']}). "
        "Produced by `benchmarks/scale.py` (`make bench`). Wall time of a fresh process, start-up "
        f"included; peak RSS sampled every {config['poll_interval_s'] * 1000:.0f} ms "
        "(main: the CLI process's high-water mark; tree: the CLI and its workers together).",
        "",
        "| N | run | seconds | articles/s | peak RSS main (MB) | peak RSS tree (MB) | error |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for n, size in sizes.items():
        for key, row in size["runs"].items():
            lines.append(f"| {int(n):,} | {RUN_LABELS[key]} | {row['seconds']:.2f} | {_fmt(row['articles_per_s'])} | "
                         f"{_fmt(row['peak_rss_main_mb'])} | {_fmt(row['peak_rss_tree_mb'])} | {row['error'] or ''} |")
    lines += ["", "| target | measured | goal | status |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['name']} | {_fmt(t['measured'])} | {t['goal']} | **{t['status']}** |")
    lines += ["", "Scaling of the cold check: "
              + ("; ".join(f"{s['from']:,} → {s['to']:,} articles ({s['size_ratio']:g}×): "
                           f"time ×{_fmt(s['time_ratio'])}" for s in report["scaling"]) or "one size only")
              + " (linear: the time ratio equals the size ratio).", ""]
    lines += _accuracy_lines(sizes) + _block_lines(sizes) + _baseline_lines(sizes)
    lines += ["Edited article for the one-edit re-check: "
              + "; ".join(f"N={int(n):,}: {s['corpus']['edit']}" for n, s in sizes.items()) + ". Renamed: "
              + "; ".join(f"N={int(n):,}: {s['corpus']['rename']}" for n, s in sizes.items()) + "."]
    if report["notes"]:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _accuracy_lines(sizes: dict[str, dict]) -> list[str]:
    lines = ["Planted contradictions found by the cold run (`scale_corpus.score`):", "",
             "| N | planted | detected | recall | findings | false positives | precision |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for n, size in sizes.items():
        a = size["accuracy"]
        if a is None:
            lines.append(f"| {int(n):,} | n/a | | | | | |")
            continue
        lines.append(f"| {int(n):,} | {a['planted']:,} | {a['detected']:,} | {_fmt(a['recall'])} | "
                     f"{a['findings']:,} | {a['false_positives']:,} | {_fmt(a['precision'])} |")
    return lines + [""]


def _block_lines(sizes: dict[str, dict]) -> list[str]:
    lines = ["Blocks (the claims of one entity and their sentence mates, or of one stated conversion; "
             "rules compare claims within a block only, and judge only blocks of two claims or more):", "",
             "| N | blocks | claims in blocks | max | p99 | mean | judged blocks | claims judged | "
             "pairs within blocks |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, size in sizes.items():
        b = size["blocks"]
        if not b or not b["blocks"]:
            lines.append(f"| {int(n):,} | n/a | | | | | | | |")
            continue
        lines.append(f"| {int(n):,} | {b['blocks']:,} | {b['claims_in_blocks']:,} | {b['max']:,} | {b['p99']:,} | "
                     f"{b['mean']} | {b['judged_blocks']:,} | {b['judged_claims']:,} | "
                     f"{b['pairs_within_blocks']:,} |")
    return lines + [""]


def _baseline_lines(sizes: dict[str, dict]) -> list[str]:
    lines = ["Baselines on the first articles of the same corpus (one core, in this process), "
             "extrapolated to N, against our cold runs (whole CLI: start-up, reading, extraction, "
             "linking, rules, report):", "",
             "| N | baseline | articles | articles/s | extrapolated for N (s) | ours cold / theirs | "
             "ours --jobs 1 / theirs |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for n, size in sizes.items():
        for name, row in size["baselines"].items():
            lines.append(f"| {int(n):,} | {name} | {row['articles']} | {row['articles_per_s']} | "
                         f"{row['extrapolated_s_for_n']:,} | {_fmt(row['ours_cold_speedup'])}× | "
                         f"{_fmt(row['ours_cold_jobs1_speedup'])}× |")
    return lines + [""]


def _fmt(value: float | int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


if __name__ == "__main__":
    sys.exit(main())
