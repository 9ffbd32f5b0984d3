"""The speed benchmark's synthetic corpus: deterministic, article-sized, with varied figures."""
from __future__ import annotations

import random
import re
import subprocess
import sys
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import corpus_gen  # noqa: E402

N = 20
FIGURE = re.compile(r"\d[\d,.]*\d|\d")


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, str]]:
    return corpus_gen.generate(N, seed=7)


def _front_matter(text: str) -> dict:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, text[:200]
    return yaml.safe_load(match.group(1))


def test_same_seed_same_bytes(articles):
    assert corpus_gen.generate(N, seed=7) == articles


def test_article_does_not_depend_on_n(articles):
    assert corpus_gen.generate(5, seed=7) == articles[:5]


def test_other_seed_other_corpus(articles):
    assert corpus_gen.generate(N, seed=8) != articles


def test_names_unique_and_markdown(articles):
    names = [name for name, _ in articles]
    assert len(set(names)) == N
    assert names == sorted(names)
    assert all(name.endswith(".md") for name in names)


def test_word_counts(articles):
    for name, text in articles:
        words = len(corpus_gen.body(text).split())
        assert 800 <= words <= 1200, (name, words)


def test_front_matter(articles):
    for _, text in articles:
        meta = _front_matter(text)
        assert set(meta) == {"title", "date"}
        assert isinstance(meta["title"], str) and meta["title"]
        assert isinstance(meta["date"], date)


def test_figures_differ_between_articles(articles):
    figures = [FIGURE.findall(corpus_gen.body(text)) for _, text in articles]
    assert all(len(f) >= 5 for f in figures)
    for a, b in combinations(figures, 2):
        assert a != b


def test_perturb_changes_figures_only():
    paragraph = (
        "In March 2025 the company raised $6.34 billion (¥1 trillion) for a 1.2-gigawatt site "
        "with 84 turbines, about 40% of it from bonds; first power is due in Q3 2027 "
        "or the third quarter of 2027 at the latest, after a 2nm pilot with GPT-4."
    )
    a = corpus_gen.perturb(paragraph, random.Random(1))
    b = corpus_gen.perturb(paragraph, random.Random(2))
    assert a != paragraph and b != paragraph and a != b
    # Words and untouched names stay; only figures, months and quarters move.
    for text in (a, b):
        assert len(text.split()) == len(paragraph.split())
        assert "2nm" in text and "GPT-4" in text
        assert text.split()[1] in corpus_gen.MONTHS and text.split()[1] != "March"
        assert re.search(r"\bQ[124] (\d{4}) or the (first|second|fourth) quarter of \1\b", text)
        assert re.search(r"\$\d+\.\d\d billion \(¥\d+ trillion\)", text)
        assert re.search(r"\b\d{1,2}% of it", text)


def test_cli_writes_files(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus_gen.py"), "3", str(tmp_path), "--seed", "7"],
        check=True, capture_output=True,
    )
    written = sorted(p.name for p in tmp_path.iterdir())
    expected = corpus_gen.generate(3, seed=7)
    assert written == [name for name, _ in expected]
    for name, text in expected:
        assert (tmp_path / name).read_text(encoding="utf-8") == text
