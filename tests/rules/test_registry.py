"""The rule registry: what every rule must have (metadata, documentation sections, options
that are settings and match its documentation, cases for tests/rules/test_rule_cases.py),
what the registry refuses at import, the one lookup, and the generated docs/rules pages."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from consistency.report.findings_report import SEVERITIES
from consistency.rules import (ALL_RULES, UnknownRule, cc101_value_mismatch, find_rule, module_name, named_rules,
                               registered, select_rules)
from consistency.rules.base import Rule, option_value
from consistency.rules.blocks import SCOPES
from consistency.rules.docs import (OPTIONAL_SECTIONS, REGENERATE, SECTIONS, doc_sections, documented_options,
                                    pages)
from consistency.settings import Settings

RULES_DIR = Path(cc101_value_mismatch.__file__).parent
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "rules"
CASES_DIR = Path(__file__).parent / "cases"
each_rule = pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)


def check_metadata(rule: Rule) -> None:
    assert rule.severity in SEVERITIES and rule.scope in SCOPES and rule.min_claims >= 1
    assert rule.summary.endswith(".") and "\n" not in rule.summary


def check_docs(rule: Rule) -> None:
    sections = doc_sections(rule.docs)
    titles = [title for title, _ in sections]
    assert titles[:len(SECTIONS)] == list(SECTIONS), f"{rule.code}: sections {titles}, expected {SECTIONS} first"
    assert set(titles[len(SECTIONS):]) <= set(OPTIONAL_SECTIONS), titles
    assert all(body for _, body in sections), f"{rule.code}: an empty section"
    assert "``" not in rule.docs, "docs are shown as written: `x`, not ``x``"


def check_options(rule: Rule) -> None:
    documented = documented_options(rule.docs)
    assert tuple(name for name, _ in documented) == rule.options, f"{rule.code}: Options section {documented}"
    if not rule.options:
        assert dict(doc_sections(rule.docs))["Options"] == "None."
    for name, default in documented:
        value = option_value(Settings(), name)
        assert default is None or float(default) == value, f"{rule.code}: {name} defaults to {value}, not {default}"
    assert rule.tolerance_band is None or rule.tolerance_band in rule.options


@each_rule
def test_metadata(rule: Rule) -> None:
    check_metadata(rule)


@each_rule
def test_docs_have_every_section(rule: Rule) -> None:
    check_docs(rule)


@each_rule
def test_options_are_settings_named_in_the_docs(rule: Rule) -> None:
    check_options(rule)


@each_rule
def test_has_cases_that_flag_and_pass(rule: Rule) -> None:
    path = CASES_DIR / f"{rule.code}.yaml"
    assert path.is_file(), f"{rule.code}: no {path.relative_to(CASES_DIR.parent)}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert any(e["rule"] == rule.code for case in cases.get("flag") or [] for e in case["expect"])
    assert cases.get("pass")


@pytest.mark.parametrize("section", SECTIONS)
def test_docs_check_fails_without_a_section(section: str) -> None:
    rule = ALL_RULES[0]
    title = f"{section}\n"
    broken = rule.docs.replace(title, f"{section} (renamed)\n")
    assert broken != rule.docs
    with pytest.raises(AssertionError):
        check_docs(dataclasses.replace(rule, docs=broken))


def test_options_check_fails_on_an_undocumented_or_unknown_option() -> None:
    rule = find_rule("CC105")
    with pytest.raises(AssertionError):
        check_options(dataclasses.replace(rule, options=("tolerance.ratio", "tolerance.fx")))
    unknown = rule.docs.replace("`tolerance.ratio`", "`tolerance.rate`")
    with pytest.raises(KeyError):
        check_options(dataclasses.replace(rule, options=("tolerance.rate",), docs=unknown))
    wrong_default = rule.docs.replace("(default 0.25)", "(default 0.3)")
    with pytest.raises(AssertionError):
        check_options(dataclasses.replace(rule, docs=wrong_default))


def test_every_rule_module_is_registered() -> None:
    modules = sorted(path.stem for path in RULES_DIR.glob("cc[0-9]*.py"))
    assert modules == sorted(module_name(rule) for rule in ALL_RULES)


def test_registry_refuses_duplicates_and_misplaced_rules() -> None:
    first, second = ALL_RULES[:2]
    with pytest.raises(ValueError, match="both called 'CC101'"):
        registered([first, dataclasses.replace(second, code="cc101")])
    with pytest.raises(ValueError, match="both called 'value-mismatch'"):
        registered([first, dataclasses.replace(second, name="Value-Mismatch")])
    with pytest.raises(ValueError, match="in cc101_value_mismatch.py; its code and name call for cc109_value_mismatch.py"):
        registered([dataclasses.replace(first, code="CC109")])
    assert registered(reversed(ALL_RULES)) == ALL_RULES


def test_one_lookup_by_code_prefix_or_name() -> None:
    codes = lambda rules: [r.code for r in rules]  # noqa: E731
    assert codes(named_rules("cc101")) == codes(named_rules("Value-Mismatch")) == ["CC101"]
    assert codes(named_rules("CC10")) == [r.code for r in ALL_RULES if r.code.startswith("CC10")]
    assert codes(named_rules("CC102, unit-scale,")) == ["CC102", "CC107"]
    assert named_rules("") == ()
    with pytest.raises(UnknownRule) as unknown:
        named_rules("CC101,CC190")
    assert (unknown.value.entry, unknown.value.suggestion) == ("CC190", "CC110")
    assert find_rule("fact-sheet").code == "CC110"
    with pytest.raises(LookupError, match="'CC1' names several rules"):
        find_rule("CC1")
    with pytest.raises(LookupError, match="no rule 'CC999'; valid codes: CC101"):
        find_rule("CC999")
    assert codes(select_rules(["CC10"], ["CC108", "value-mismatch"])) == ["CC102", "CC103", "CC104", "CC105", "CC106",
                                                                          "CC107"]
    defaults = tuple(r for r in ALL_RULES if not r.opt_in)
    assert select_rules() == select_rules([""]) == select_rules(["+"]) == defaults
    assert "CC113" not in codes(select_rules(["CC1"]))  # an opt-in rule is named whole
    assert codes(select_rules(["+", "figure-updated"])) == sorted([*codes(defaults), "CC113"])
    assert codes(select_rules(["CC101,CC113"])) == ["CC101", "CC113"]
    with pytest.raises(ValueError, match="--ignore: no rule matches 'XX9'"):
        select_rules((), ["CC101,XX9"])


def test_generated_docs_are_current() -> None:
    expected = pages()
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS_DIR.glob("*.md")}
    stale = sorted(name for name in expected.keys() | committed.keys() if expected.get(name) != committed.get(name))
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): run `{REGENERATE}` in the repository root"
