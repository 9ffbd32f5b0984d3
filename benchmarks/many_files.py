"""Time `consistency check` on 100,000 one-line files; write benchmarks/results/many_files.{md,json}.

Run with `make bench`, or alone:
    .venv/bin/python benchmarks/many_files.py [--files 100000]

The corpus (``write_many_files``) is N one-line Markdown files in folders of 1,000, each naming
one invented entity, "<Head> <Stem>", and its revenue. There are four heads, so the names fall
in four blocks of N/4 that share their first letters: the layout that made alias typo matching
compare every pair (100,000 such files did not finish in 15 minutes). Every 100th file names an
earlier file's entity with one letter of the stem changed and a revenue three times larger: a
planted typo. When typo matching joins the two names the run reports one CC101 finding on those
two files; nothing else in the corpus contradicts anything.

Measured: the cold check (`check DIR --format json -o OUT --exit-zero --no-cache`, default
--jobs) in a fresh process, wall time with start-up and peak memory (benchmarks/scale.py's
sampler); the planted typos it finds (recall) and any other finding. Target: under 120 s for
100,000 files on two cores. The script exits 0 either way: it reports, it does not gate.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import _cli_script, _fmt, _machine, _run  # noqa: E402
from benchmarks.scale_corpus import STEM_COUNT, stem  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
# Heads the entity key keeps ("Project" would be dropped), long enough with a 7-letter stem for
# a one-letter typo to reach the typo-matching ratio.
HEADS = ("Station", "Harbor", "Mount", "River")
FILES_PER_FOLDER = 1000
TYPO_EVERY = 100
TYPO_FACTOR = 3
TARGET_S = 120.0
_LETTERS = {"consonant": "bcdfghklmnprstvz", "vowel": "aeiou"}


@dataclass(frozen=True)
class ManyFiles:
    """What ``write_many_files`` wrote: the number of files, and each planted typo as the pair
    of files (relative paths) whose names differ by one letter."""

    files: int
    typos: tuple[tuple[str, str], ...]


def write_many_files(directory: Path, files: int, seed: int = 0) -> ManyFiles:
    """``files`` one-line articles under ``directory`` (see the module docstring)."""
    rng = random.Random(seed)
    stems = [stem(i) for i in rng.sample(range(STEM_COUNT), files)]
    taken = {_pattern for s in stems for _pattern in _one_letter_patterns(s)}
    typos = []
    revenues: list[int] = []
    for i in range(files):
        name, revenue = f"{HEADS[i % len(HEADS)]} {stems[i]}", rng.randint(20, 300)
        if i % TYPO_EVERY == TYPO_EVERY - 1:
            original = i - rng.randint(1, TYPO_EVERY - 1)  # an earlier file that is no typo
            name = f"{HEADS[original % len(HEADS)]} {_typo(stems[original], taken, rng)}"
            revenue = revenues[original] * TYPO_FACTOR
            typos.append((_relative(original), _relative(i)))
        revenues.append(revenue)
        path = directory / _relative(i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{name} reported revenue of ${revenue} million in 2024.\n", encoding="utf-8")
    return ManyFiles(files, tuple(typos))


def _relative(index: int) -> str:
    return f"{index // FILES_PER_FOLDER:03d}/{index:06d}.md"


def _one_letter_patterns(word: str) -> list[str]:
    """``word`` with each letter in turn replaced by "*" (two words with a pattern in common
    differ in that letter only)."""
    lower = word.lower()
    return [lower[:i] + "*" + lower[i + 1:] for i in range(len(lower))]


def _typo(original: str, taken: set[str], rng: random.Random) -> str:
    """``original`` with one letter changed (a consonant for a consonant, a vowel for a vowel)
    so that the result is one letter away from no other stem of the corpus, nor from another
    typo (``taken`` holds the one-letter patterns of both)."""
    lower = original.lower()
    while True:
        at = rng.randrange(len(lower))
        letters = _LETTERS["vowel" if lower[at] in _LETTERS["vowel"] else "consonant"]
        variant = lower[:at] + rng.choice([c for c in letters if c != lower[at]]) + lower[at + 1:]
        patterns = _one_letter_patterns(variant)
        if not any(p in taken for i, p in enumerate(patterns) if i != at):
            taken.update(patterns)  # no later typo may come one letter near this one either
            return variant.capitalize()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000, help="files in the corpus (default 100000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help=f"default {RESULTS}")
    args = parser.parse_args(argv)
    machine = _machine()
    with tempfile.TemporaryDirectory(prefix="consistency-many-files-") as tmp:
        corpus, output = Path(tmp, "corpus"), Path(tmp, "findings.json")
        print(f"[many_files] writing {args.files:,} files", file=sys.stderr, flush=True)
        written = write_many_files(corpus, args.files, args.seed)
        run = _run([str(_cli_script(Path(sys.executable))), "check", str(corpus), "--format", "json", "-o",
                    str(output), "--exit-zero", "--no-cache"])
        found = _score(output, written, corpus) if run.error is None else None
    report = {
        "config": {"files": args.files, "heads": len(HEADS), "seed": args.seed, "typo_every": TYPO_EVERY},
        "machine": {**machine, "load_average_1min": {**machine["load_average_1min"],
                                                     "end": round(os.getloadavg()[0], 2)}},
        "run": run.as_dict(args.files),
        "typos": found,
        "target": {"name": f"cold check of {args.files:,} one-line files (s)", "goal": f"< {TARGET_S:g}",
                   "measured": round(run.seconds, 2),
                   "status": "PASS" if run.error is None and run.seconds < TARGET_S else "FAIL"},
    }
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "many_files.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n",
                                                     encoding="utf-8")
    markdown = _markdown(report)
    (args.output_dir / "many_files.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def _score(findings_path: Path, written: ManyFiles, corpus: Path) -> dict:
    """Planted typos reported as a finding on their two files, and the findings that are not."""
    report = json.loads(findings_path.read_text(encoding="utf-8"))
    involved = [tuple(sorted({Path(c["path"]).relative_to(corpus).as_posix() for c in f["claims"]}))
                for f in report["findings"]]
    planted = {tuple(sorted(pair)) for pair in written.typos}
    found = sum(1 for paths in involved if paths in planted)
    return {"planted": len(planted), "found": found, "recall": round(found / len(planted), 3) if planted else None,
            "other_findings": len(involved) - found, "findings": len(involved)}


def _markdown(report: dict) -> str:
    machine, run, typos, target = report["machine"], report["run"], report["typos"], report["target"]
    load = machine["load_average_1min"]
    lines = [
        "# Many files: `consistency check` on one-line files",
        "",
        f"{machine['date']}, commit {machine['commit']}: {machine['python']} on {machine['platform']}, "
        f"{machine['cpu_count']} CPUs (1-minute load average {load['start']} before the run, {load['end']} after). "
        f"Corpus from `benchmarks/many_files.py` (seed {report['config']['seed']}): {report['config']['files']:,} "
        f"one-line files, names in {report['config']['heads']} blocks sharing their first letters, a planted "
        f"typo every {report['config']['typo_every']} files. Wall time of a fresh process, start-up included.",
        "",
        "| files | seconds | files/s | peak RSS main (MB) | peak RSS tree (MB) | error |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {report['config']['files']:,} | {run['seconds']:.2f} | {_fmt(run['articles_per_s'])} | "
        f"{_fmt(run['peak_rss_main_mb'])} | {_fmt(run['peak_rss_tree_mb'])} | {run['error'] or ''} |",
        "",
        "| target | measured | goal | status |",
        "|---|---:|---:|---|",
        f"| {target['name']} | {_fmt(target['measured'])} | {target['goal']} | **{target['status']}** |",
        "",
    ]
    if typos:
        lines.append(f"Planted typos joined (a CC101 finding on their two files): {typos['found']:,} of "
                     f"{typos['planted']:,} (recall {typos['recall']}); other findings: {typos['other_findings']}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
