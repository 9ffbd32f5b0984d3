"""The scale benchmark's corpus: deterministic, article-sized, distinct names, a truth that
points at real files, and a scorer that matches findings to planted contradictions."""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import consistency  # noqa: E402
from benchmarks import scale_corpus as sc  # noqa: E402

N = 30
# A stem: consonant-vowel three times and a check consonant ("Kalorin").
STEM = re.compile(r"\b[BCDFGHKLMNPRSTVZ][aeiou][bcdfghklmnprstvz][aeiou][bcdfghklmnprstvz][aeiou][nrktmxvzbpgfdlsh]\b")
# Claim kinds a filler sentence may give: none is compared with another story's figures.
FILLER_KINDS = {"date", "duration", "percent"}


@pytest.fixture(scope="module")
def corpus() -> tuple[list[tuple[str, str]], list[dict]]:
    return sc.generate(N, seed=3, contradiction_rate=0.5)


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_same_arguments_same_bytes(corpus, tmp_path):
    assert sc.generate(N, seed=3, contradiction_rate=0.5) == corpus
    sc.write_corpus(tmp_path / "a", 8, seed=3)
    sc.write_corpus(tmp_path / "b", 8, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_articles_do_not_depend_on_n(corpus):
    assert sc.generate(11, seed=3, contradiction_rate=0.5)[0] == corpus[0][:11]


def test_other_seed_other_corpus(corpus):
    assert sc.generate(3, seed=4, contradiction_rate=0.5)[0] != corpus[0][:3]


def test_articles_have_front_matter_and_length(corpus):
    files, _ = corpus
    assert len({name for name, _ in files}) == N
    for name, text in files:
        match = re.match(r'---\ntitle: "[^"\n]+"\ndate: (\d{4})-(\d\d)-\d\d\n---\n\n', text)
        assert match, text[:120]
        assert name.startswith(f"{match[1]}/{match[2]}/")
        assert sc.MIN_WORDS <= len(_body(text).split()) <= sc.MAX_WORDS, name


def _stems(text: str) -> set[str]:
    """The generated names in ``text`` (a word of the same shape may be plain English)."""
    return {m for m in STEM.findall(text) if m in CORPUS_STEMS}


# Every stem a corpus of N articles with seed 3 may use: its stories' and its articles'.
CORPUS_STEMS = frozenset([sc.story_stem(3, s, k) for s in range(N) for k in range(2)]
                         + [sc.article_stem(3, i, k) for i in range(N) for k in range(24)])


def test_distinct_names_grow_with_n(corpus):
    small = set().union(*(_stems(text) for _, text in corpus[0][:10]))
    assert len(small) > 100
    assert len(set().union(*(_stems(text) for _, text in corpus[0]))) > len(small) * 2


def test_a_name_belongs_to_one_story(corpus):
    """A story has at most 5 articles; a name in more files would be shared between stories."""
    files: dict[str, set[str]] = {}
    for name, text in corpus[0]:
        for stem in _stems(text):
            files.setdefault(stem, set()).add(name)
    assert max(len(names) for names in files.values()) <= 5


def test_stems_differ_in_two_letters():
    """No two stems are one letter apart: the tool's typo matching never joins two names."""
    seen: set[str] = set()
    for index in range(0, sc.STEM_COUNT, 37):
        word = sc.stem(index)
        for i in range(len(word)):
            key = word[:i] + "_" + word[i + 1:]
            assert key not in seen, word
            seen.add(key)


def test_truth_points_at_written_files(tmp_path):
    summary = sc.write_corpus(tmp_path, 40, seed=1, contradiction_rate=0.6)
    truth = sc.generate(40, seed=1, contradiction_rate=0.6)[1]
    assert summary["planted"] == len(truth) > 5
    assert (tmp_path / "truth.json").is_file()
    assert {t["kind"] for t in truth} <= {"value", "timeline", "status"}
    for t in truth:
        assert t["rule"] == {"value": "CC101", "timeline": "CC102", "status": "CC103"}[t["kind"]]
        assert t["contradicts"][0] == t["documents"][0] and t["documents"][1] not in t["contradicts"]
        for document, said in zip(t["documents"], t["texts"]):
            text = (tmp_path / document).read_text(encoding="utf-8")
            assert said in text and t["entity"] in text
        assert all((tmp_path / document).is_file() for document in t["contradicts"])


def _prose_templates() -> list[str]:
    templates = [*sc.GENERIC, *sc.GENERIC_QUOTES]
    for bank in (sc.LEDES, sc.CONTEXT, sc.QUOTES, sc.FILLER):
        templates += [t for group in bank.values() for t in group]
    for topic in sc.TOPICS:
        templates += [t for fact in topic.facts for t in (*fact.templates, *fact.follow_ups)]
    return templates


def test_prose_names_no_milestone():
    """Only the milestone sentences may use the words that give a date an event."""
    events = tomllib.loads((ROOT / "consistency" / "data" / "events.toml").read_text(encoding="utf-8"))
    phrases = [p for group in events["events"].values() for p in group]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
    for template in _prose_templates():
        assert not pattern.search(template.lower()), template


def test_unnamed_filler_has_no_comparable_figure():
    """A filler sentence without a fresh name gives no money, count or quantity: such a figure
    would fall back to the story's entity and could contradict another article."""
    filler = sc._Filler(sc._rng(0, "test"), 0, 0, sc.date(2024, 5, 6), "energy")
    for template in (*sc.GENERIC, *(t for group in sc.FILLER.values() for t in group)):
        if filler.needs(template):
            continue
        text = filler.fill(template, E="Kalorin Wind", O="Vetusam Energy")
        kinds = {c.kind for c in consistency.extract(text, published=sc.date(2024, 5, 6))}
        assert kinds <= FILLER_KINDS, (template, kinds)


def test_score_matches_findings_by_document_pair():
    truth = [
        {"kind": "value", "documents": ["2025/01/00001-a.md", "2025/03/00002-b.md"]},
        {"kind": "status", "documents": ["2026/01/00007-c.md", "2026/02/00008-d.md"]},
        {"kind": "timeline", "documents": ["2027/01/00010-g.md", "2027/02/00011-h.md"],
         "contradicts": ["2027/01/00010-g.md", "2027/03/00012-i.md"]},
    ]

    def finding(rule: str, *paths: str) -> dict:
        return {"rule": rule, "subject": "X · cost", "message": "m", "claims": [{"path": p} for p in paths]}

    report = {"findings": [
        finding("CC101", "/tmp/c/2025/01/00001-a.md", "/tmp/c/2025/03/00002-b.md", "/tmp/c/2025/04/00003-e.md"),
        finding("CC108", "/tmp/c/2025/03/00002-b.md"),  # one of the pair only: no match
        finding("CC102", "corpus/2026/01/00007-c.md", "corpus/2026/05/00009-f.md"),
        finding("CC102", "2027/03/00012-i.md", "2027/02/00011-h.md"),  # another document it contradicts
    ]}
    result = sc.score(report, truth)
    assert (result["planted"], result["detected"], result["recall"]) == (3, 2, 0.6667)
    assert (result["findings"], result["false_positives"], result["precision"]) == (4, 2, 0.5)
    assert result["by_kind"] == {"status": {"planted": 1, "detected": 0}, "timeline": {"planted": 1, "detected": 1},
                                 "value": {"planted": 1, "detected": 1}}
    assert result["missed"] == [truth[1]]
    assert [f["rule"] for f in result["false_positive_findings"]] == ["CC108", "CC102"]
    assert sc.score({"findings": []}, []) | {"by_kind": None} == {
        "planted": 0, "detected": 0, "recall": 1.0, "findings": 0, "false_positives": 0, "precision": 1.0,
        "by_kind": None, "missed": [], "false_positive_findings": []}
