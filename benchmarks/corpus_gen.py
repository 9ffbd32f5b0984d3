"""Deterministic synthetic news corpus for the speed benchmark.

Articles of ~1,000 words are assembled from the paragraphs of the bundled fixtures
(fixtures/news/digest.txt and the bodies of fixtures/content/posts/*.md), with their
figures perturbed so no two articles say the same thing: amounts, capacities, counts and
percentages are re-scaled; years, months and quarters are shifted. Every choice comes
from a ``random.Random`` seeded by (seed, article index), so the same ``(n, seed)`` gives
byte-identical output and article ``i`` does not depend on ``n``.

CLI: ``python benchmarks/corpus_gen.py N OUTDIR [--seed S]`` writes N Markdown files.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# Body length of a generated article, in whitespace-separated words.
MIN_WORDS, MAX_WORDS = 800, 1200
TARGET_WORDS = (900, 1100)
# A source paragraph shorter than this is a heading, byline or footer, not prose.
MIN_PARAGRAPH_WORDS = 20
MAX_PARAGRAPH_WORDS = 300

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
ORDINALS = ("first", "second", "third", "fourth")

_PROSE_END = re.compile(r"[.!?\"'”’)]$")
_DIGEST_TITLE = re.compile(r"^  • (.+)$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

# One pass over the text; the first matching alternative decides what a figure is.
_FIGURE = re.compile(
    r"""
    (?P<year>(?<![\w$€£¥.,])(?:19[5-9]\d|20[0-4]\d)\b(?![.,]\d))
    | (?P<quarter>\bQ(?P<q>[1-4])\b)
    | (?P<ordq>\b(?P<ord>first|second|third|fourth)(?P<ordq_tail>[ -]quarter)\b)
    | (?P<month>\b(?:January|February|March|April|June|July|August|September|October
                   |November|December|May(?=\s+(?:\d|of\b)))\b)
    | (?P<number>(?<![\w:.,/])(?<![A-Z]-)
                 (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
                 (?!\.?\d|,\d|[A-Za-z]))
    """,
    re.VERBOSE,
)
_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b|percentage point)")


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` articles as (file name, Markdown text with YAML front matter), in order."""
    return [_article(i, seed) for i in range(n)]


def write_corpus(directory: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``generate(n, seed)`` as ``directory/<name>`` files; return their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed):
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def body(text: str) -> str:
    """The article text after its front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def perturb(text: str, rng: random.Random) -> str:
    """``text`` with its figures re-scaled and its years, months and quarters shifted.

    One draw from ``rng`` fixes the shifts and scale factors, so figures inside one
    call stay consistent with each other (a stated total and its parts scale alike).
    """
    years = rng.choice((-3, -2, -1, 1, 2, 3))
    months = rng.randint(1, 11)
    quarters = rng.randint(1, 3)
    scale = rng.choice((rng.uniform(0.35, 0.9), rng.uniform(1.15, 2.8)))
    percent_scale = rng.choice((rng.uniform(0.5, 0.9), rng.uniform(1.1, 1.6)))

    def replace(m: re.Match[str]) -> str:
        if m["year"]:
            return str(int(m["year"]) + years)
        if m["quarter"]:
            return f"Q{(int(m['q']) - 1 + quarters) % 4 + 1}"
        if m["ordq"]:
            return ORDINALS[(ORDINALS.index(m["ord"]) + quarters) % 4] + m["ordq_tail"]
        if m["month"]:
            return MONTHS[(MONTHS.index(m["month"]) + months) % 12]
        is_percent = _PERCENT_AFTER.match(text, m.end()) is not None
        return _rescale(m["digits"], percent_scale if is_percent else scale, is_percent)

    return _FIGURE.sub(replace, text)


def _rescale(digits: str, factor: float, is_percent: bool) -> str:
    """``digits`` times ``factor``, written the same way (decimals, thousands separators)."""
    value = float(digits.replace(",", ""))
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scaled = value * factor
    if is_percent and value < 100:
        scaled = min(scaled, 99.0)
    scaled = max(scaled, 10.0 ** -decimals)
    if decimals == 0:
        scaled = max(round(scaled), 1)
        return f"{scaled:,d}" if "," in digits else str(scaled)
    return f"{scaled:,.{decimals}f}" if "," in digits else f"{scaled:.{decimals}f}"


def _article(index: int, seed: int) -> tuple[str, str]:
    rng = random.Random(f"consistency-bench:{seed}:{index}")
    paragraphs, titles = _sources()
    target = rng.randint(*TARGET_WORDS)
    chosen: list[str] = []
    words = 0
    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    for i in order:
        size = len(paragraphs[i].split())
        if words + size > MAX_WORDS:
            continue
        chosen.append(paragraphs[i])
        words += size
        if words >= target:
            break
    text = perturb("\n\n".join(chosen), rng)
    title = perturb(rng.choice(titles), rng)
    published = date(2026 + rng.randint(-3, 3), 1, 1) + timedelta(days=rng.randint(0, 364))
    name = f"{index + 1:05d}-{_slug(title)}.md"
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {published.isoformat()}\n---\n\n"
    return name, f"{front}{text}\n"


def _slug(title: str, limit: int = 48) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:limit].rstrip("-") or "article"


@lru_cache(maxsize=1)
def _sources() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Prose paragraphs and headlines of the bundled fixtures, in file order."""
    paragraphs: list[str] = []
    titles: list[str] = []
    digest = (FIXTURES / "news" / "digest.txt").read_text(encoding="utf-8")
    titles += _DIGEST_TITLE.findall(digest)
    paragraphs += _paragraphs(digest)
    for post in sorted((FIXTURES / "content" / "posts").glob("*.md")):
        text = post.read_text(encoding="utf-8")
        titles += re.findall(r'^title:\s*"(.+)"\s*$', text, re.MULTILINE)
        paragraphs += _paragraphs(body(text))
    return tuple(paragraphs), tuple(titles)


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, re-flowed to one line, that read as prose."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        joined = " ".join(block.split())
        size = len(joined.split())
        if (
            MIN_PARAGRAPH_WORDS <= size <= MAX_PARAGRAPH_WORDS
            and _PROSE_END.search(joined)
            and "://" not in joined
            and not joined.startswith(("#", "•"))
        ):
            found.append(joined)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", help="directory to write the Markdown files into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.outdir, args.n, args.seed)
    print(f"wrote {len(paths)} articles to {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
