"""Score the link stage and rules on the end-to-end corpora (tests/corpora/<topic>.yaml);
write benchmarks/results/link-cases.md and link-cases.json.

A ``flag`` case is found when the check reports exactly the expected findings (rule and the
claims' surface texts); a ``pass`` case (a near miss: two figures that must not be compared)
is clean when it reports nothing. The test suite runs the same cases, with the ones the tool
gets wrong today marked (``known_miss``, ``known_false_alarm``); this script counts them.

The ``frames-*`` topics were written as hard cases for claim frames (news styles of sport,
courts, crime, disasters, politics...); the other topics are the project's older cases.
Both were written in-house, so the real-news development set (realnews-dev.md) is the
measure that counts; these show where the linker stands on each kind of sentence.
"""
from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import consistency  # noqa: E402

CORPORA = ROOT / "tests" / "corpora"
RESULTS = ROOT / "benchmarks" / "results"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _score_case(case: dict) -> bool:
    """True when the check of the case's articles reports what the case expects."""
    with tempfile.TemporaryDirectory() as folder:
        for article in case["articles"]:
            (Path(folder) / article["path"]).write_text(article["text"], encoding="utf-8")
        report = consistency.check([folder])
    got = {(f.rule, frozenset(_norm(c.text) for c in f.claims)) for f in report.findings}
    expected = {(e["rule"], frozenset(_norm(t) for t in e["texts"])) for e in case["expect"]}
    return got == expected


def main() -> int:
    started = time.perf_counter()
    rows = []
    for path in sorted(CORPORA.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        scored = [(case["kind"], _score_case(case)) for case in cases]
        rows.append({
            "topic": path.stem,
            "flag_cases": sum(kind == "flag" for kind, _ in scored),
            "found": sum(kind == "flag" and ok for kind, ok in scored),
            "pass_cases": sum(kind == "pass" for kind, _ in scored),
            "clean": sum(kind == "pass" and ok for kind, ok in scored),
        })
    elapsed = time.perf_counter() - started
    groups = {"frames-* (hard cases)": [r for r in rows if r["topic"].startswith("frames-")],
              "older topics": [r for r in rows if not r["topic"].startswith("frames-")]}
    lines = ["# The link stage on the end-to-end cases", "",
             f"Python {platform.python_version()}, {elapsed:.1f} s. Produced by `benchmarks/link_cases.py` "
             "(`make bench`). A contradiction is *found* when the check reports exactly the expected "
             "findings; a near miss is *clean* when it reports nothing.", "",
             "| topic | contradictions found | near misses clean |", "|---|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['topic']} | {r['found']}/{r['flag_cases']} | {r['clean']}/{r['pass_cases']} |")
    for name, group in groups.items():
        found, flags = sum(r["found"] for r in group), sum(r["flag_cases"] for r in group)
        clean, passes = sum(r["clean"] for r in group), sum(r["pass_cases"] for r in group)
        lines.append(f"| **{name}** | **{found}/{flags}** ({found / max(flags, 1):.0%}) | "
                     f"**{clean}/{passes}** ({clean / max(passes, 1):.0%}) |")
    lines += ["", __doc__.split("\n\n", 2)[2].strip(), ""]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "link-cases.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "link-cases.json").write_text(json.dumps({"topics": rows}, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
