"""Time the extractor against dateparser and quantulum3; write benchmarks/results/speed.{md,json}.

Run with `make bench`, or in the bench venv (which also has quantulum3):
    benchmarks/.venv-bench/bin/python benchmarks/speed.py [--articles 300]

The corpus is synthetic (benchmarks/corpus_gen.py): ~1,000-word news articles written
to a temporary directory and read back with the project's own reader. Measured:
  - consistency: document_claims() per article, in one process (one core), after a
    warm-up on an article outside the corpus; find_entities() (the link stage's name
    finder) per article the same way; also read + extract, and the whole CLI
    (`consistency claims DIR --no-cache --format json`) with --jobs 1 and --jobs 2, wall time;
  - the dependency parser: the calls the whole check (`check DIR --no-cache --jobs 1`, run
    in this process) makes to spaCy, their words/s and share of the check's time;
  - dateparser.search.search_dates(text) and quantulum3.parser.parse(text) on the first
    --baseline-articles articles (they are slow), compared with ours on the same texts.
Import and first-call costs (pint registry, language data) are reported as warm-up.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_gen import write_corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TARGET_ARTICLES_PER_S = 200.0
TARGET_VS_DATEPARSER = 10.0
TARGET_VS_QUANTULUM = 3.0
TARGET_ENTITY_WORDS_PER_S = 33_000.0  # find_entities: 30 ms per 1,000 words
CLI_JOBS = (1, 2)
WARMUP_ARTICLES = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles in the corpus (default 300)")
    parser.add_argument("--baseline-articles", type=int, default=20,
                        help="first N articles given to dateparser and quantulum3 (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help=f"default {RESULTS}")
    args = parser.parse_args(argv)
    subset = min(args.baseline_articles, args.articles)

    warmup: dict[str, float] = {}
    rows: dict[str, dict] = {}
    notes: list[str] = []

    started = time.perf_counter()
    from consistency.corpus import read_paths
    from consistency.link.entities import find_entities
    from consistency.normalize.claims import document_claims
    from consistency.settings import Settings
    warmup["consistency import"] = time.perf_counter() - started
    settings = Settings()

    def read(directory: Path) -> tuple[list, list]:
        return read_paths([str(directory)], include=("*.md",), exclude=settings.exclude,
                          reference_date=settings.reference_date, max_bytes=settings.max_bytes,
                          format_in=settings.format_in)

    with tempfile.TemporaryDirectory(prefix="consistency-speed-") as tmp:
        corpus_dir, warm_dir = Path(tmp, "corpus"), Path(tmp, "warmup")
        write_corpus(corpus_dir, args.articles, args.seed)
        # Warm up on articles the corpus does not contain (another seed), so the timed
        # pass starts with empty parse caches but built registries and tables.
        write_corpus(warm_dir, WARMUP_ARTICLES, args.seed + 1_000_003)
        started = time.perf_counter()
        warm_docs, _ = read(warm_dir)
        for doc in warm_docs:
            document_claims(doc, settings)
            find_entities(doc.text)
        warmup[f"consistency first {WARMUP_ARTICLES} articles"] = time.perf_counter() - started

        started = time.perf_counter()
        docs, errors = read(corpus_dir)
        read_s = time.perf_counter() - started
        if not docs:
            print(f"error: the reader returned no documents: {'; '.join(map(str, errors[:3]))}",
                  file=sys.stderr)
            return 2
        if errors or len(docs) != args.articles:
            notes.append(f"reader: {len(docs)} documents, {len(errors)} errors: "
                         + "; ".join(str(e) for e in errors[:3]))
        texts = [doc.text for doc in docs]

        per_doc, claims = _time_each(lambda doc: document_claims(doc, settings), docs)
        rows["consistency document_claims"] = _row(len(docs), sum(per_doc), claims=sum(claims))
        per_doc_entities, mentions = _time_each(find_entities, texts)
        rows["consistency find_entities"] = _row(len(docs), sum(per_doc_entities), mentions=sum(mentions))
        rows["consistency read + extract"] = _row(len(docs), read_s + sum(per_doc))
        for jobs in CLI_JOBS:
            rows[f"consistency CLI --jobs {jobs}"] = _cli_row(corpus_dir, Path(tmp, f"out-{jobs}.json"),
                                                            jobs, len(docs), notes)
        parser = _parser_row(corpus_dir, Path(tmp, "check.json"), len(docs), warmup)
        rows["spaCy parses made by check --no-cache --jobs 1, in process"] = parser
        parser_share = parser["seconds"] / parser["check_seconds"]
        rows["consistency document_claims (baseline subset)"] = _row(subset, sum(per_doc[:subset]))

        rows["dateparser search_dates"] = _baseline_dateparser(texts[:subset], warmup)
        quantulum = _baseline_quantulum(texts[:subset], warmup, notes)
        if quantulum is not None:
            rows["quantulum3 parse"] = quantulum

    ours = rows["consistency document_claims (baseline subset)"]["articles_per_s"]
    ratios = {"vs dateparser search_dates": ours / rows["dateparser search_dates"]["articles_per_s"]}
    if quantulum is not None:
        ratios["vs quantulum3 parse"] = ours / quantulum["articles_per_s"]
    targets = [
        _target(f"consistency >= {TARGET_ARTICLES_PER_S:.0f} articles/s on one core",
                rows["consistency document_claims"]["articles_per_s"], TARGET_ARTICLES_PER_S),
        _target(f"consistency >= {TARGET_VS_DATEPARSER:.0f}x dateparser search_dates",
                ratios["vs dateparser search_dates"], TARGET_VS_DATEPARSER),
        _target(f"consistency >= {TARGET_VS_QUANTULUM:.0f}x quantulum3 parse",
                ratios.get("vs quantulum3 parse"), TARGET_VS_QUANTULUM),
        _target(f"find_entities >= {TARGET_ENTITY_WORDS_PER_S:,.0f} words/s (30 ms per 1,000 words)",
                sum(len(t.split()) for t in texts) / sum(per_doc_entities) if sum(per_doc_entities) else None,
                TARGET_ENTITY_WORDS_PER_S),
    ]
    report = {
        "corpus": {
            "articles": len(docs),
            "baseline_articles": subset,
            "generator": "benchmarks/corpus_gen.py",
            "seed": args.seed,
            "words": sum(len(t.split()) for t in texts),
        },
        "machine": _machine(),
        "notes": notes,
        "parser": {"share_of_check": round(parser_share, 3), "words": parser["words"],
                   "sentences": parser["sentences"], "words_per_s": round(parser["words"] / parser["seconds"])},
        "ratios": {k: round(v, 1) for k, v in ratios.items()},
        "results": rows,
        "targets": targets,
        "warmup_s": {k: round(v, 3) for k, v in warmup.items()},
    }
    markdown = _markdown(report)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "speed.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n",
                                                encoding="utf-8")
    (args.output_dir / "speed.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    print(f"wrote {args.output_dir / 'speed.md'} and speed.json")
    return 0


def _time_each(fn: Callable, items: Sequence) -> tuple[list[float], list[int]]:
    """Seconds spent on each item, and the length of each result."""
    seconds, sizes = [], []
    for item in items:
        started = time.perf_counter()
        result = fn(item)
        seconds.append(time.perf_counter() - started)
        sizes.append(len(result or ()))
    return seconds, sizes


def _row(articles: int, seconds: float, **extra: int) -> dict:
    return {
        "articles": articles,
        "articles_per_s": round(articles / seconds, 1) if seconds > 0 else None,
        "ms_per_article": round(1000 * seconds / articles, 2) if articles else None,
        "seconds": round(seconds, 3),
        **extra,
    }


def _parser_row(corpus_dir: Path, output: Path, articles: int, warmup: dict[str, float]) -> dict:
    """Run the whole check in this process (`check --no-cache --jobs 1`) and time the calls it
    makes to spaCy (``parse_sentences``): their seconds, sentences and words, and the check's."""
    from consistency.cli import main as cli
    from consistency.link import parse

    started = time.perf_counter()
    parse.parse_sentences(["The plant opened in March 2025."], "en_core_web_sm")
    warmup["spaCy load + first parse"] = time.perf_counter() - started
    spent = {"seconds": 0.0, "sentences": 0, "words": 0}
    plain = parse.parse_sentences

    def timed(sentences: Sequence[str], name: str) -> list:
        started = time.perf_counter()
        try:
            return plain(sentences, name)
        finally:
            spent["seconds"] += time.perf_counter() - started
            spent["sentences"] += len(sentences)
            spent["words"] += sum(len(s.split()) for s in sentences)

    parse.parse_sentences = timed
    started = time.perf_counter()
    try:
        cli(["check", str(corpus_dir), "--no-cache", "--jobs", "1", "--format", "json", "-o", str(output)],
            standalone_mode=False)
    except SystemExit:  # the exit status says whether there were findings
        pass
    finally:
        parse.parse_sentences = plain
    check_s = time.perf_counter() - started
    return {**_row(articles, spent["seconds"]), "sentences": spent["sentences"], "words": spent["words"],
            "check_seconds": round(check_s, 3)}


def _cli_row(corpus_dir: Path, output: Path, jobs: int, articles: int, notes: list[str],
             subcommand: Sequence[str] = ("claims", "--no-cache")) -> dict:
    """Wall time of the whole CLI in a fresh process: start-up, imports, read, extract, render."""
    script = Path(sys.executable).with_name("consistency")
    command = [str(script)] if script.exists() else [sys.executable, "-c",
                                                     "from consistency.cli import main; main()"]
    command += [*subcommand, str(corpus_dir), "--format", "json", "-o", str(output), "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    row = _row(articles, time.perf_counter() - started)
    if done.returncode not in (0, 1):  # 1: `check` found contradictions
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        notes.append(f"CLI --jobs {jobs} failed (exit {done.returncode}): {last}")
        row.update(articles_per_s=None, exit_code=done.returncode, ms_per_article=None)
    return row


def _baseline_dateparser(texts: list[str], warmup: dict[str, float]) -> dict:
    started = time.perf_counter()
    from dateparser.search import search_dates
    search_dates("The plant opened in March 2025 and will expand by late 2026.")
    warmup["dateparser import + first call"] = time.perf_counter() - started
    per_doc, found = _time_each(search_dates, texts)
    return _row(len(texts), sum(per_doc), found=sum(found))


def _baseline_quantulum(texts: list[str], warmup: dict[str, float], notes: list[str]) -> dict | None:
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "classifier dependencies not installed": expected
            from quantulum3 import parser as quantulum
    except ImportError as error:
        notes.append(f"quantulum3 skipped: {error}. It is installed only in the bench venv "
                     "(make bench, or pip install -r benchmarks/requirements-bench.txt).")
        print(f"note: {notes[-1]}", file=sys.stderr)
        return None
    quantulum.parse("The farm cost $4.8 billion and produces 1.2 GW for 600,000 homes.")
    warmup["quantulum3 import + first call"] = time.perf_counter() - started
    per_doc, found = _time_each(quantulum.parse, texts)
    return _row(len(texts), sum(per_doc), found=sum(found))


def _target(name: str, measured: float | None, goal: float) -> dict:
    if measured is None:
        status = "SKIP"
    else:
        status = "PASS" if measured >= goal else "FAIL"
    return {"measured": None if measured is None else round(measured, 1), "name": name,
            "status": status, "target": goal}


def _machine() -> dict:
    def version(package: str) -> str | None:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": {p: version(p) for p in ("consistency", "dateparser", "pint", "quantulum3")},
    }


def _markdown(report: dict) -> str:
    corpus, machine = report["corpus"], report["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in sorted(machine["versions"].items()) if v)
    lines = [
        "# Extraction speed",
        "",
        f"{corpus['articles']} synthetic articles ({corpus['words']:,} words, seed {corpus['seed']}); "
        f"baselines on the first {corpus['baseline_articles']}. "
        f"{machine['python']} on {machine['platform']}, {machine['cpu_count']} CPUs; {versions}. "
        "Produced by `benchmarks/speed.py` (`make bench`).",
        "",
        "| what | articles | articles/s | ms/article |",
        "|---|---:|---:|---:|",
    ]
    for name, row in report["results"].items():
        lines.append(f"| {name} | {row['articles']} | {_fmt(row['articles_per_s'])} | "
                     f"{_fmt(row['ms_per_article'])} |")
    lines += ["", "| target | measured | status |", "|---|---:|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['name']} | {_fmt(t['measured'])} | **{t['status']}** |")
    parser = report["parser"]
    lines += ["", f"The parser: {parser['sentences']:,} sentences ({parser['words']:,} words) at "
              f"{parser['words_per_s']:,} words/s; {parser['share_of_check']:.0%} of the whole check "
              "(`consistency check --no-cache --jobs 1`)."]
    lines += ["", "Speed ratios on the same texts (our articles/s over theirs): "
              + ", ".join(f"{k} {v}x" for k, v in report["ratios"].items()) + ".", "",
              "Warm-up, not included above: "
              + ", ".join(f"{k} {v:.3f} s" for k, v in report["warmup_s"].items()) + "."]
    if report["notes"]:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in report["notes"]]
    return "\n".join(lines) + "\n"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,}"


if __name__ == "__main__":
    sys.exit(main())
