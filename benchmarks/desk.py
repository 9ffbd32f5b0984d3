"""Time the editors' desk (`consistency serve`'s engine) on a large cached archive; write
benchmarks/results/desk.md.

Run alone (not part of `make bench`; about 6 minutes at 10,000 articles on 2 CPUs):
    .venv/bin/python benchmarks/desk.py [--articles 10000] [--drafts 5] [--output benchmarks/results/desk.md]

The synthetic archive of benchmarks/scale_corpus.py (``--articles`` articles, seed 0) is
written to a temporary directory and indexed once into an empty claim cache (``Desk.open``,
``--jobs 2``). Measured, wall time in this process:

- start-up on the cached archive: ``Desk.open`` in a new desk (what `serve` waits for before it
  answers), and the time until the archive's names are indexed in the background as well;
- a new draft: ``Desk.check_draft`` of a draft never seen (an archive article with one figure
  changed and half of another article added, about 1,500 words, its wording varied so that no
  sentence of it is in the cache), checked as a file outside the archive; the median and the worst
  of ``--drafts`` drafts;
- the same draft again, and the draft with one more figure changed (an editor's next keystroke).

The script reports; it does not gate.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import _machine, write_report  # noqa: E402
from benchmarks.scale_corpus import write_corpus  # noqa: E402
from consistency.desk.session import Desk  # noqa: E402
from consistency.engine import RACY_SECONDS  # noqa: E402
from consistency.settings import Settings  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
FIGURE = re.compile(r"\b[1-9]\d{2,}\b")
WORDINGS = {"said": ("said", "stated", "noted", "added"), "the": ("the", "the", "this"), "will": ("will", "is set to")}


def _draft(articles: list[Path], i: int) -> str:
    """Draft ``i``: an article with its first figure of three digits or more changed by a third,
    half of another article's body added, and its wording varied (seeded by ``i``)."""
    rng = random.Random(i)
    base, other = rng.sample(articles, 2)
    text = base.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5
    figure = FIGURE.search(text, body)
    if figure is not None:
        text = text[:figure.start()] + str(int(figure.group()) * 4 // 3) + text[figure.end():]
    extra = other.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    text += "\n\n" + extra[:len(extra) // 2].rsplit("\n\n", 1)[0]
    return re.sub(r"\b(said|the|will)\b", lambda m: rng.choice(WORDINGS[m.group()]), text)


def _timed(function, *args) -> tuple[float, object]:
    begun = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - begun, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--drafts", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS / "desk.md")
    args = parser.parse_args()
    machine = _machine()
    with tempfile.TemporaryDirectory() as tmp:
        archive, cache = Path(tmp) / "archive", Path(tmp) / "cache"
        write_corpus(archive, args.articles, seed=0, contradiction_rate=0.1)
        time.sleep(RACY_SECONDS + 1)  # else the files written last are read again by the next check
        indexed, desk = _timed(Desk.open, [str(archive)], Settings(), cache, None, 2)
        desk.close()
        opened, desk = _timed(Desk.open, [str(archive)], Settings(), cache)
        names, _ = _timed(desk._call, lambda: None)  # the archive's names, indexed in the background
        articles = sorted(archive.rglob("*.md"))
        drafts = [_draft(articles, i) for i in range(args.drafts)]
        outside = Path(tmp) / "drafts" / "draft.md"
        new, again, edited, findings = [], [], [], []
        for draft in drafts:
            seconds, report = _timed(desk.check_draft, draft, str(outside))
            new.append(seconds)
            findings.append(len(report.findings))
            again.append(_timed(desk.check_draft, draft, str(outside))[0])
            figure = FIGURE.search(draft, len(draft) // 2)
            changed = draft[:figure.start()] + str(int(figure.group()) + 7) + draft[figure.end():] if figure else draft
            edited.append(_timed(desk.check_draft, changed, str(outside))[0])
        desk.close()
    words = statistics.median(len(draft.split()) for draft in drafts)
    lines = [
        "# The editors' desk on a large cached archive",
        "",
        f"Archive: {args.articles:,} synthetic articles (`benchmarks/scale_corpus.py`, seed 0). "
        f"{machine['date']}, commit {machine['commit']}, {machine['cpu_count']} CPUs, {machine['python']}, "
        f"load average {machine['load_average_1min']['start']} at the start. "
        f"`benchmarks/desk.py --articles {args.articles} --drafts {args.drafts}`.",
        "",
        "| measure | seconds |",
        "|---|---|",
        f"| indexing the archive into an empty cache (`--jobs 2`) | {indexed:.1f} |",
        f"| start-up on the cached archive (`Desk.open`; the target is < 5 s) | {opened:.2f} |",
        f"| then the archive's names indexed in the background | {names:.2f} |",
        f"| a new draft ({words:,.0f} words, median of {len(new)}; the target is < 1 s) | {statistics.median(new):.2f} |",
        f"| a new draft, worst of {len(new)} | {max(new):.2f} |",
        f"| the same draft again, median | {statistics.median(again):.2f} |",
        f"| the draft with one more figure changed, median | {statistics.median(edited):.2f} |",
        "",
        f"Findings per draft: {', '.join(map(str, findings))}.",
        "",
    ]
    write_report(args.output, lines)


if __name__ == "__main__":
    main()
