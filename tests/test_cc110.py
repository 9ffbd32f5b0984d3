"""CC110 fact-sheet: claims against facts declared in the configuration.

Data cases in tests/cases/fact_sheet.yaml (subjects given per surface text, as the rule
cases do); one end-to-end test runs the link stage through ``consistency.check``.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from consistency.api import check, extract
from consistency.model import Subject
from consistency.rules import ALL_RULES, cc110_fact_sheet, find_rule
from consistency.rules.base import RuleContext
from consistency.settings import Fact, Settings, Tolerance

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "fact_sheet.yaml").read_text(encoding="utf-8"))


def _params() -> list:
    return [pytest.param(case, id=f"{verdict}-{case['name']}") for verdict in ("flag", "pass") for case in CASES[verdict]]


def _context(case: dict) -> RuleContext:
    claims = []
    for article in case["articles"]:
        text, path = article["text"], article["path"]
        subjects = {k: Subject(*v) for k, v in article["subjects"].items()}
        found = [dataclasses.replace(c, title=path, subject=subjects.get(c.text)) for c in extract(text, path=path)]
        assert set(subjects) <= {c.text for c in found}, [c.text for c in found]
        claims.extend(found)
    return RuleContext(claims=tuple(claims),
                       tolerance=Tolerance(**(case.get("tolerance") or {})),
                       facts=tuple(Fact(**f) for f in case["facts"]))


@pytest.mark.parametrize("case", _params())
def test_fact_sheet_case(case: dict) -> None:
    findings = list(cc110_fact_sheet.check(_context(case)))
    got = [(f.claims[0].text, f.message) for f in findings]
    assert got == [(e["claim"], e["message"]) for e in case.get("expect") or []]
    for f in findings:
        assert (f.rule, f.name, f.severity, len(f.claims), len(f.fingerprint)) == ("CC110", "fact-sheet", "error", 1, 16)


def test_registered_with_docs() -> None:
    assert find_rule("cc110") is cc110_fact_sheet.RULE and ALL_RULES[-1] is cc110_fact_sheet.RULE
    doc = cc110_fact_sheet.RULE.docs
    for heading in ("What it flags", "Why it matters", "Example (bad)", "Not flagged (good)", "Options"):
        assert heading in doc


def test_no_facts_no_findings() -> None:
    case = CASES["flag"][0]
    assert list(cc110_fact_sheet.check(dataclasses.replace(_context(case), facts=()))) == []


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
