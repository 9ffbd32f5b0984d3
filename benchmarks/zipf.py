"""Time `consistency check` on a Zipf archive; write benchmarks/results/zipf.{md,json}.

Run with `make bench`, or:
    .venv/bin/python benchmarks/zipf.py [--sizes 2000,10000] [--before DIR]

For each size N, two corpora of N articles are written to a temporary directory:
`scale_corpus.generate_zipf` (story sizes follow a Zipf law: a few subjects in hundreds of
articles, most in a handful; big stories restate figures with drift: rounded, a few
conflicting, some changed with a change signal) and, for the ratio, `scale_corpus.generate`
(the small-subject corpus: 2 to 5 articles a story). The CLI runs in fresh processes, wall
time with start-up, peak RSS and the tree's peak PSS sampled from /proc (scale.py's runner):
  - cold: `consistency check DIR --format json -o OUT --exit-zero --cache-dir CACHE`, empty CACHE;
  - warm: the same again, nothing changed;
  - one edit: again after changing one figure in one article of the largest story;
  - cold on the small-subject corpus;
  - with --before DIR: cold on the Zipf corpus with the `consistency` package in DIR first on
    PYTHONPATH (e.g. `git archive COMMIT consistency | tar -x -C DIR`): the code before a change.
From the cold run's findings: how many, on how many subjects, findings per subject, by rule.
A failed run is recorded in the results; the script exits 0 either way.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import (RESULTS, _cli_script, _edit_one_article, _fmt, _machine, _run, _sizes,  # noqa: E402
                              _target)
from benchmarks.scale_corpus import write_corpus, write_zipf_corpus, zipf_sizes  # noqa: E402
from consistency.engine import RACY_SECONDS  # noqa: E402

TARGET_FINDINGS_PER_SUBJECT = 3.0
TARGET_COLD_RATIO = 1.5
TARGET_EDIT_S = 1.0
TARGET_WARM_S = 1.0
TARGET_RSS_MB = 500.0
RUN_LABELS = {
    "cold": "cold (default --jobs, empty cache)",
    "warm": "warm re-check, no change",
    "one_edit": "re-check after one edit (a figure of the largest story)",
    "small_cold": "cold, small-subject corpus of the same size",
    "before_cold": "cold with the code of --before",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=(2000, 10000),
                        help="corpus sizes, comma-separated (default 2000,10000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--before", type=Path, default=None,
                        help="a directory holding another `consistency` package to time cold as well")
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help=f"default {RESULTS}")
    args = parser.parse_args(argv)

    machine = _machine()
    cli = _cli_script(Path(sys.executable))
    sizes: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="consistency-zipf-") as tmp:
        for n in args.sizes:
            sizes[str(n)] = _measure_size(n, Path(tmp, f"n{n}"), args, cli)
    report = {
        "config": {"before": None if args.before is None else str(args.before), "cli": str(cli),
                   "generator": "benchmarks/scale_corpus.py generate_zipf", "seed": args.seed,
                   "sizes": list(args.sizes)},
        "machine": {**machine, "load_average_1min": {**machine["load_average_1min"],
                                                     "end": round(os.getloadavg()[0], 2)}},
        "sizes": sizes,
        "targets": [t for n in args.sizes for t in _targets(n, sizes[str(n)])],
    }
    markdown = _markdown(report)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "zipf.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (args.output_dir / "zipf.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"wrote {args.output_dir / 'zipf.md'} and zipf.json")
    return 0


def _measure_size(n: int, work: Path, args: argparse.Namespace, cli: Path) -> dict:
    """Every measurement for one corpus size."""
    corpus, small = work / "zipf", work / "small"
    _progress(f"n={n}: writing the corpora")
    written = write_zipf_corpus(corpus, n, seed=args.seed)
    write_corpus(small, n, seed=args.seed)
    articles = sorted(corpus.rglob("*.md"))
    time.sleep(RACY_SECONDS + 0.1)  # files modified within RACY_SECONDS are never stamped (see scale.py)

    def check(name: str, directory: Path, cache: str, env: dict[str, str] | None = None) -> dict:
        command = [str(cli), "check", str(directory), "--format", "json", "-o", str(work / f"{name}.json"),
                   "--exit-zero", "--cache-dir", str(work / cache)]
        run = _run(command, env)
        _progress(f"n={n}: {name}: {run.seconds:.2f} s" + (f" ({run.error})" if run.error else ""))
        return run.as_dict(n)

    runs = {"cold": check("cold", corpus, "cache")}
    runs["warm"] = check("warm", corpus, "cache")
    first_story = zipf_sizes(n)[0]  # once: 0.02 s a call, and 10,000 calls left the cache idle for minutes
    largest = [a for a in articles if int(a.name[:5]) < first_story]  # story 0 holds the first articles
    edited = _edit_one_article(largest[len(largest) // 2])
    runs["one_edit"] = check("one_edit", corpus, "cache")
    runs["small_cold"] = check("small_cold", small, "cache-small")
    if args.before is not None:
        env = {**os.environ, "PYTHONPATH": str(args.before.resolve())}
        runs["before_cold"] = check("before_cold", corpus, "cache-before", env)
    return {"corpus": {**{k: written[k] for k in ("articles", "stories", "words")}, "edit": edited,
                       "largest_stories": zipf_sizes(n)[:5]},
            "findings": _findings(work / "cold.json"),
            "runs": runs}


def _findings(path: Path) -> dict | None:
    """How many findings the run reported, on how many subjects, and by rule."""
    if not path.exists():
        return None
    findings = json.loads(path.read_text(encoding="utf-8"))["findings"]
    subjects = {f["subject"] for f in findings}
    return {"by_rule": dict(sorted(Counter(f["rule"] for f in findings).items())), "findings": len(findings),
            "per_subject": round(len(findings) / len(subjects), 2) if subjects else 0.0,
            "subjects": len(subjects)}


def _targets(n: int, size: dict) -> list[dict]:
    runs = size["runs"]

    def seconds(name: str) -> float | None:
        run = runs.get(name)
        return None if run is None or run["error"] else run["seconds"]

    cold, small = seconds("cold"), seconds("small_cold")
    findings = size["findings"]
    return [
        _target(f"findings per subject, {n:,} (mean)", findings and findings["per_subject"],
                TARGET_FINDINGS_PER_SUBJECT, "<="),
        _target(f"cold / small-subject cold, {n:,}", cold / small if cold and small else None, TARGET_COLD_RATIO, "<="),
        _target(f"re-check after one edit, {n:,} (s)", seconds("one_edit"), TARGET_EDIT_S, "<"),
        _target(f"warm re-check, {n:,} (s)", seconds("warm"), TARGET_WARM_S, "<"),
        _target(f"peak RSS of the cold run (tree), {n:,} (MB)", runs["cold"]["peak_rss_tree_mb"], TARGET_RSS_MB, "<"),
        _target(f"peak PSS of the cold run (tree), {n:,} (MB)", runs["cold"].get("peak_pss_tree_mb"), TARGET_RSS_MB,
                "<"),
    ]


def _progress(message: str) -> None:
    print(f"[zipf] {message}", file=sys.stderr, flush=True)


def _markdown(report: dict) -> str:
    machine, config = report["machine"], report["config"]
    lines = ["# Zipf archive benchmark", "",
             f"`benchmarks/zipf.py`, commit {machine['commit']}, {machine['date']}, {machine['cpu_count']} CPUs, "
             f"load {machine['load_average_1min']['start']} → {machine['load_average_1min']['end']}, "
             f"seed {config['seed']}.", "",
             "Targets (PASS/FAIL as measured on this machine):", "", "| target | goal | measured | status |",
             "|---|---|---|---|"]
    lines += [f"| {t['name']} | {t['goal']} | {_fmt(t['measured'])} | {t['status']} |" for t in report["targets"]]
    for n, size in report["sizes"].items():
        corpus, findings = size["corpus"], size["findings"] or {}
        lines += ["", f"## {int(n):,} articles", "",
                  f"{corpus['stories']:,} stories, the largest of {', '.join(map(str, corpus['largest_stories']))} "
                  f"articles; {corpus['words']:,} words. Edit: {corpus['edit']}.", "",
                  f"Findings: {findings.get('findings')} on {findings.get('subjects')} subjects, "
                  f"{findings.get('per_subject')} per subject; by rule: {findings.get('by_rule')}.", "",
                  "| run | seconds | articles/s | peak RSS main (MB) | peak RSS tree (MB) | peak PSS tree (MB) | error |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {RUN_LABELS[name]} | {_fmt(run['seconds'])} | {_fmt(run['articles_per_s'])} | "
                  f"{_fmt(run['peak_rss_main_mb'])} | {_fmt(run['peak_rss_tree_mb'])} | "
                  f"{_fmt(run.get('peak_pss_tree_mb'))} | {run['error'] or ''} |"
                  for name, run in size["runs"].items()]
    if config["before"]:
        lines += ["", f"`before_cold` ran the `consistency` package in {config['before']} on the same corpus."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
