"""Configuration through the CLI: discovery, --config/--isolated, errors, init, config, facts."""
import json

import pytest
from helpers import run_cli as run, write_two_articles


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    write_two_articles(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_found(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def test_config_found_upward_sets_severity_and_fail_on(repo, monkeypatch):
    (repo / ".consistency.toml").write_text('fail_on = "error"\n[severity]\nCC101 = "warning"\n')
    monkeypatch.chdir(repo / "content")
    result = run("check", ".", "--format", "json")
    assert result.exit_code == 0  # a warning does not fail when fail_on is "error"
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["warning"]
    assert run("check", ".", "--format", "json", "--fail-on", "warning").exit_code == 1  # the command line wins
    assert run("check", ".", "--format", "json", "--isolated").exit_code == 1  # default severity: error


def test_select_in_pyproject_and_explicit_config_file(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.consistency]\nselect = ["CC108"]\n')
    assert rules_found(run("check", "content", "--format", "json")) == []
    (repo / "other.toml").write_text('ignore = ["CC108"]\n')
    assert rules_found(run("check", "content", "--format", "json", "--config", "other.toml")) == ["CC101"]


def test_bad_config_is_one_line_naming_file_and_key(repo):
    (repo / ".consistency.toml").write_text('fail_on = "error"\nfial_on = "x"\n')
    result = run("check", "content")
    assert result.exit_code == 2
    assert ".consistency.toml" in result.output and "fial_on" in result.output and "fail_on" in result.output
    assert "Traceback" not in result.output


def test_fact_sheet_from_config(repo):
    (repo / ".consistency.toml").write_text(
        '[[facts]]\nsubject = "Brisk Energy"\nattribute = "capacity"\nscope = "Ohio"\nvalue = "3.0 GW"\n'
        'source = "press kit"\n')
    result = run("check", "content", "--format", "json", "--select", "CC110")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], [c["text"] for c in f["claims"]]) for f in findings] == [("CC110", ["1.2 GW"])]
    assert "press kit" in findings[0]["message"]


def test_init_writes_a_template_that_config_accepts(repo):
    assert run("init").exit_code == 0
    assert (repo / ".consistency.toml").read_text().startswith("# consistency configuration")
    again = run("init")
    assert again.exit_code == 2 and "--force" in again.output
    shown = run("config")
    assert shown.exit_code == 0
    assert 'fail_on = "warning"' in shown.output and ".consistency.toml" in shown.output


def test_per_path_reference_date(repo):
    (repo / "content" / "undated.md").write_text("First power is expected next year.\n")
    (repo / ".consistency.toml").write_text(
        'reference_date = 2025-01-01\n[[overrides]]\npaths = ["content/undated.md"]\nreference_date = 2030-06-01\n')
    claims = json.loads(run("claims", "content", "--format", "json").stdout)["claims"]
    assert next(c for c in claims if c["text"] == "next year")["time"] == ["2031-01-01", "2032-01-01"]


def test_numeric_tolerance_lets_close_figures_agree(repo):
    (repo / "content" / "a.md").write_text(
        "---\ntitle: A\ndate: 2025-01-10\n---\n\nBrisk Energy is building a 3.0 GW facility in Ohio.\n")
    (repo / "content" / "b.md").write_text(
        "---\ntitle: B\ndate: 2025-02-10\n---\n\nBrisk Energy is building a 3.2 GW facility in Ohio.\n")
    assert rules_found(run("check", "content", "--format", "json", "--isolated")) == ["CC101"]
    (repo / ".consistency.toml").write_text("[tolerance]\nnumeric = 0.05\n")
    assert rules_found(run("check", "content", "--format", "json")) == []
