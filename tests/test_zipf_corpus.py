"""The Zipf benchmark's corpus: deterministic, story sizes that follow a Zipf law, big
stories whose figures drift (rounded, conflicting, changed with a change signal)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import scale_corpus as sc  # noqa: E402

N = 60


def test_same_arguments_same_bytes():
    assert sc.generate_zipf(N, seed=2) == sc.generate_zipf(N, seed=2)
    assert sc.generate_zipf(N, seed=2) != sc.generate_zipf(N, seed=3)


def test_sizes_follow_a_zipf_law():
    sizes = sc.zipf_sizes(2000)
    assert sum(sizes) == 2000
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[:4] == [200, 100, 66, 50]  # top / rank
    assert sum(s >= 100 for s in sizes) == 2  # a few subjects in hundreds of articles
    assert sum(s <= 5 for s in sizes) > 0.8 * len(sizes)  # most in a handful
    assert sum(sc.zipf_sizes(N)) == N


def test_articles_in_story_blocks_and_drift(tmp_path):
    summary = sc.write_zipf_corpus(tmp_path, 400, seed=0)
    assert summary["articles"] == 400 and summary["stories"] == len(sc.zipf_sizes(400))
    paths = sorted(tmp_path.rglob("*.md"), key=lambda p: p.name)
    assert [int(p.name[:5]) for p in paths] == list(range(400))
    first = sc.zipf_sizes(400)[0]
    story = [p.read_text(encoding="utf-8") for p in paths[:first]]
    entity = re.search(r"raised the \w+ of (.+?) to ", "\n".join(story))
    assert entity is not None  # some articles say the figure changed
    assert all(entity.group(1) in text for text in story)  # the whole block is one story
