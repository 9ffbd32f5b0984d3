"""CC110 fact-sheet: what the rule cases (tests/rules/cases/CC110.yaml) do not show: the rule
without facts, the fact values the extractor reads, and one end-to-end run through the link
stage and an alias.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from consistency.api import check, extract
from consistency.model import Subject
from consistency.rules import cc110_fact_sheet
from consistency.rules.base import RuleContext
from consistency.settings import Fact, Settings, Tolerance

RULE = cc110_fact_sheet.RULE


def test_no_facts_no_findings() -> None:
    claims = tuple(dataclasses.replace(c, subject=Subject("Northwind", "capacity"))
                   for c in extract("Northwind plans a 1.2-gigawatt facility."))
    fact = Fact("Northwind", "capacity", "10 GW", "press kit")
    assert len(list(RULE.check(RuleContext(claims=claims, tolerance=Tolerance(), facts=(fact,))))) == 1
    assert list(RULE.check(RuleContext(claims=claims, tolerance=Tolerance()))) == []
    assert RULE.active(Settings(facts=(fact,))) and not RULE.active(Settings())


def test_fact_values_the_extractor_reads() -> None:
    assert cc110_fact_sheet.fact_claim("1.2 GW").value.lo == 1.2e9  # type: ignore[union-attr]
    assert cc110_fact_sheet.fact_claim("April 2026").time.as_list() == ["2026-04-01", "2026-05-01"]  # type: ignore[union-attr]
    assert cc110_fact_sheet.fact_claim("soon") is None


def test_end_to_end_with_link_stage_and_alias(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Northwind bets big\ndate: 2025-09-10\n---\n"
        "Northwind Energy plans a 1.2-gigawatt data center. Northwind Energy expects first power in March 2027.\n",
        encoding="utf-8")
    facts = (Fact("NORTHWIND ENERGY", "capacity", "10 GW", "press kit 2026-01"),
             Fact("Northwind Energy", "first power", "2026-04", "operator"),
             Fact("Northwind Energy", "revenue", "$1 billion", "filing"))
    report = check([str(tmp_path)], Settings(facts=facts), select=["CC110"])
    assert [(f.claims[0].text, f.message) for f in report.findings] == [
        ("1.2-gigawatt", "1.2 GW ('1.2-gigawatt', Northwind bets big) vs fact sheet 10 GW (source: press kit 2026-01)"
                         " — 8.3× apart"),
        ("March 2027", "March 2027 (Northwind bets big) vs fact sheet 2026-04 (source: operator)"),
    ]
