"""End-to-end corpora on topics other than the bundled digest (tests/corpora/<topic>.yaml).

Each case is a small corpus of Markdown articles and the findings an editor would agree with:
``kind: flag`` cases must produce exactly the expected findings, ``kind: pass`` cases none.
A flag case with ``known_miss`` (why the tool misses it today) and a pass case with
``known_false_alarm`` (why the tool flags it today) are strict xfails.
A finding is compared as (rule, set of its claims' surface texts, whitespace-normalized).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CORPORA = Path(__file__).resolve().parent / "corpora"
RULES = {"CC101", "CC102", "CC103", "CC104", "CC105", "CC106", "CC107", "CC108"}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _load() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CORPORA.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((f"{path.stem}:{case['name']}", case))
    return cases


CASES = _load()


def _expected(case: dict) -> set[tuple[str, frozenset[str]]]:
    return {(e["rule"], frozenset(_norm(t) for t in e["texts"])) for e in case["expect"]}


def test_corpora_are_well_formed() -> None:
    topics = {case_id.split(":")[0] for case_id, _ in CASES}
    assert len(topics) >= 5 and len(CASES) >= 40
    assert len({case_id for case_id, _ in CASES}) == len(CASES), "duplicate case names"
    for case_id, case in CASES:
        assert {"name", "kind", "note", "articles", "expect"} <= set(case) <= {
            "name", "kind", "note", "articles", "expect", "known_miss", "known_false_alarm"}, case_id
        assert "known_miss" not in case or case["kind"] == "flag", case_id
        assert "known_false_alarm" not in case or case["kind"] == "pass", case_id
        assert case["kind"] in ("flag", "pass") and case["note"].strip(), case_id
        assert (case["kind"] == "flag") == bool(case["expect"]), case_id
        paths = [a["path"] for a in case["articles"]]
        assert 2 <= len(paths) <= 3 and len(set(paths)) == len(paths), case_id
        texts = [_norm(a["text"]) for a in case["articles"]]
        for article in case["articles"]:
            head = article["text"].split("---")
            assert article["text"].startswith("---\n") and "title:" in head[1] and "date:" in head[1], case_id
        for finding in case["expect"]:
            assert finding["rule"] in RULES and len(finding["texts"]) >= 2, case_id
            for text in finding["texts"]:
                assert any(_norm(text) in t for t in texts), f"{case_id}: {text!r} not in any article"


def _param(case_id: str, case: dict):
    """A case the tool gets wrong today is a strict xfail: it fails the run once it passes, so
    the note is removed when the mistake is fixed."""
    known = case.get("known_miss") or case.get("known_false_alarm")
    marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
    return pytest.param(case, id=case_id, marks=marks)


@pytest.mark.parametrize("case", [_param(i, c) for i, c in CASES])
def test_corpus_case(case: dict, tmp_path: Path) -> None:
    import consistency

    for article in case["articles"]:
        (tmp_path / article["path"]).write_text(article["text"], encoding="utf-8")
    report = consistency.check([str(tmp_path)])
    got = {(f.rule, frozenset(_norm(c.text) for c in f.claims)) for f in report.findings}
    expected = _expected(case)
    if case["kind"] == "pass":
        assert got == set(), case["note"]
    else:
        assert expected <= got, f"missing {sorted(expected - got, key=str)}; {case['note']}"
        assert got == expected, f"unexpected {sorted(got - expected, key=str)}"
