"""Every output format through the CLI: --format, repeatable --report, the GitHub step summary,
and byte-identical output whatever the order of paths and --jobs."""
import json
import random
import xml.etree.ElementTree as ET

import pytest
from consistency.report.formats import FORMATS
from helpers import run_cli


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    for i, (seats, day) in enumerate([("21,000", "2025-01-15"), ("18,000", "2026-11-02"), ("21,000", "2025-06-01")]):
        (tmp_path / f"arena-{i}.md").write_text(
            f"---\ntitle: Arena {i}\ndate: {day}\n---\n\nThe {seats}-seat arena is built by Corvane Group.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return run_cli("check", *args)


def test_reports_are_written_beside_the_main_output(corpus):
    result = run(".", "--report", "sarif:out/r.sarif", "--report", "junit:out/r.xml", "--report", "gitlab:out/gl.json")
    assert result.exit_code == 1
    sarif = json.loads((corpus / "out" / "r.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CC101"]
    assert ET.fromstring((corpus / "out" / "r.xml").read_text()).find(".//failure") is not None
    assert {e["check_name"] for e in json.loads((corpus / "out" / "gl.json").read_text())} == {"CC101"}


def test_github_format_appends_the_step_summary(corpus, monkeypatch):
    summary = corpus / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(".", "--format", "github")
    assert result.stdout.count("::error file=") == 3
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "CC101" in text


def test_bad_report_option_is_a_usage_error(corpus):
    result = run(".", "--report", "pdf:out.pdf")
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_same_bytes_whatever_the_order_of_paths_and_jobs(corpus, output_format):
    files = sorted(p.name for p in corpus.glob("*.md"))
    outputs = set()
    for seed, jobs in ((0, "1"), (1, "2"), (2, "1")):
        order = files[:]
        random.Random(seed).shuffle(order)
        outputs.add(run(*order, "--format", output_format, "--jobs", jobs, "--exit-zero").stdout)
    assert len(outputs) == 1
