"""Rules judge blocks (rules/blocks.py): judging each block alone gives, block by block, what
judging the whole corpus at once gives. Incremental re-checks rely on this."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import consistency
from consistency.rules import ALL_RULES
from consistency.rules.blocks import ENTITY, corpus_blocks, finding_block, judge
from consistency.settings import Fact, Settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted((ROOT / "tests" / "corpora").glob("*.yaml"))


def _fingerprints(judged):
    return {key: sorted(f.fingerprint for f in findings) for key, findings in judged.items()}


def _write_corpus(path: Path, tmp_path: Path) -> list[Path]:
    dirs = []
    for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        folder = tmp_path / f"{path.stem}-{n}"
        for article in case["articles"]:
            (folder / article["path"]).parent.mkdir(parents=True, exist_ok=True)
            (folder / article["path"]).write_text(article["text"], encoding="utf-8")
        dirs.append(folder)
    return dirs


def _check_invariant(paths: list[str], settings: Settings) -> int:
    report = consistency.check(paths, settings)
    blocks = corpus_blocks(report.claims)
    together = judge(ALL_RULES, blocks, settings, {})
    alone = {}
    for key, members in blocks.items():
        alone.update(judge(ALL_RULES, {key: members}, settings, {}))
    assert _fingerprints(alone) == _fingerprints(together)
    defaults = {r.code for r in ALL_RULES if not r.opt_in}  # what a check runs; opt-in rules are judged above
    assert sorted(f.fingerprint for f in report.findings) == sorted(
        f.fingerprint for found in together.values() for f in found if f.rule in defaults)
    return sum(f.rule in defaults for found in together.values() for f in found)


def test_fixtures_judged_block_by_block_match_the_whole_corpus():
    assert _check_invariant([str(ROOT / "fixtures")], Settings()) >= 4


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.stem for p in CORPORA])
def test_topic_corpora_judged_block_by_block_match_the_whole_corpus(corpus, tmp_path):
    found = _check_invariant([str(d) for d in _write_corpus(corpus, tmp_path)], Settings())
    assert found > 0


# A headcount changes over time: two articles' figures are compared as of one day.
_SAME_DAY = "---\ntitle: Staff\ndate: 2025-05-05\n---\n\n"


def test_a_finding_belongs_to_the_block_of_its_subject_entity(tmp_path):
    (tmp_path / "a.md").write_text(f"{_SAME_DAY}Tarn Energy has 400 employees.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"{_SAME_DAY}Tarn Energy has 650 employees.\n", encoding="utf-8")
    report = consistency.check([str(tmp_path)])
    [finding] = report.findings
    assert finding_block(ENTITY, finding) == (ENTITY, "Tarn Energy")


def test_a_neighbours_figures_in_a_shared_sentence_do_not_make_findings_for_it(tmp_path):
    # Both sentences name two entities; judging only Tarn Energy's block sees both of Orla's
    # figures as sentence mates, and must not report Orla's mismatch.
    (tmp_path / "a.md").write_text(f"{_SAME_DAY}Tarn Energy has 400 employees while Orla Power has 900 employees.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text(
        f"{_SAME_DAY}Tarn Energy has 400 employees while Orla Power has 1,500 employees.\n", encoding="utf-8")
    report = consistency.check([str(tmp_path)])
    blocks = corpus_blocks(report.claims)
    tarn = {k: v for k, v in blocks.items() if k == (ENTITY, "Tarn Energy")}
    assert len(tarn[(ENTITY, "Tarn Energy")]) == 4
    assert judge(ALL_RULES, tarn, Settings(), {}) == {}
    assert [f.subject.entity for f in report.findings] == ["Orla Power"]


def test_fact_sheet_findings_are_judged_per_block(tmp_path):
    (tmp_path / "a.md").write_text("Tarn Energy has 400 employees.\n", encoding="utf-8")
    settings = Settings(facts=(Fact("Tarn Energy", "employees", "650 employees", "press kit"),))
    assert _check_invariant([str(tmp_path)], settings) == 1
