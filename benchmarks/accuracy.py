"""Score the extractor on peers' own test suites and write benchmarks/results/accuracy.md.

Run with `make bench` (or `python benchmarks/accuracy.py`). Suites are the bundled copies
in tests/data/external (see its README for provenance and licenses).
"""
from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorers.dates import score_datetime  # noqa: E402
from benchmarks.scorers.quantities import (  # noqa: E402
    score_currency,
    score_dimension,
    score_number,
    score_percent,
    score_quantulum,
)

RESULTS = ROOT / "benchmarks" / "results"
# Targets from the issue; published figures on CurrencyModel for comparison.
TARGETS = {"CurrencyModel": 0.85, "quantulum3 quantities.json": 0.85, "DateTimeModel": 0.85}
PUBLISHED_CURRENCY_F1 = {"CQE": 0.796, "Recognizers-Text": 0.525, "quantulum3": 0.325}


def main() -> int:
    started = time.perf_counter()
    rows = [score_currency(), score_number(), score_percent(), score_dimension(), score_quantulum()]
    dates = score_datetime()
    elapsed = time.perf_counter() - started
    lines = [
        "# Extraction accuracy on peers' test suites",
        "",
        f"Python {platform.python_version()}, {elapsed:.1f} s for all suites. "
        "Produced by `benchmarks/accuracy.py` (`make bench`).",
        "",
        "| suite | cases | TP | FP | FN | precision | recall | F1 | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        target = TARGETS.get(r["model"])
        lines.append(
            f"| {r['model']} | {r['cases']} | {r['tp']} | {r['fp']} | {r['fn']} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} | **{r['f1']:.3f}** | "
            f"{'≥ %.2f' % target if target else ''} |"
        )
    lines += [
        "",
        "| date suite | in scope | correct | accuracy | false positives on negative cases | target |",
        "|---|---:|---:|---:|---:|---:|",
        f"| {dates['model']} | {dates['in_scope']} | {dates['correct']} | **{dates['accuracy']:.3f}** | "
        f"{dates['false_positives']} | ≥ {TARGETS['DateTimeModel']:.2f} |",
        "",
        "Published value+unit F1 on CurrencyModel for comparison: "
        + ", ".join(f"{k} {v:.3f}" for k, v in PUBLISHED_CURRENCY_F1.items()) + ".",
        "",
        "## Scope of each suite",
        "",
    ]
    lines += [f"- **{r['model']}**: {r['scope']}" for r in rows + [dates]]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accuracy.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "accuracy.json").write_text(
        json.dumps({"suites": rows + [dates]}, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print("\n".join(lines))
    print(f"\nwrote {RESULTS / 'accuracy.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
