"""The CI output formats (SARIF, JUnit, GitHub, GitLab, rdjson) and the format registry.

The report comes from ``consistency.check`` on a two-article corpus with one known
contradiction (3 GW vs 1.2 GW for the same facility), so these tests also pin the
locations users click on.
"""
import contextlib
import json
import random
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

import consistency
from consistency.model import ReadError
from consistency.report.formats import FORMATS, parse_report_option
from consistency.report.github import escape_data, escape_property, render_github, step_summary
from consistency.report.gitlab import render_gitlab
from consistency.report.junit import render_junit
from consistency.report.rdjson import render_rdjson
from consistency.report.sarif import render_sarif
from consistency.rules import ALL_RULES
from consistency.settings import Settings

SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
ARTICLES = {
    "a.md": "---\ntitle: Brisk plans big plant\ndate: 2025-03-01\n---\n"
            "Brisk Energy is building a 3 GW facility in Ohio.\n",
    "b.md": "---\ntitle: Brisk scales back\ndate: 2025-04-01\n---\n"
            "Brisk Energy is building a 1.2 GW facility in Ohio.\n",
    "c.md": "---\ntitle: Weather\ndate: 2025-04-02\n---\nIt rained in Ohio on Tuesday.\n",
}
HEADLINE = ("Brisk Energy (Ohio) · capacity: 3 GW (Brisk plans big plant) vs 1.2 GW "
            "(Brisk scales back) — 2.5× apart; newest (2025-04-01): 1.2 GW")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with contextlib.chdir(root):  # paths in the report are as given: relative
        result = consistency.check(["c.md", "b.md", "a.md"])
    assert [f.rule for f in result.findings] == ["CC101"]
    return result


def test_sarif_validates_against_the_official_schema(report):
    log = json.loads(render_sarif(report))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)


def test_sarif_result_locations_and_fingerprint(report):
    log = json.loads(render_sarif(report))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "consistency" and driver["version"] == consistency.__version__
    assert [r["id"] for r in driver["rules"]] == sorted(r.code for r in ALL_RULES)
    cc101 = driver["rules"][0]
    assert cc101["name"] == "value-mismatch"
    assert cc101["shortDescription"]["text"] == ("two articles give one subject values that "
                                                 "cannot both be true.")
    assert cc101["help"]["text"].startswith("CC101 value-mismatch:")
    assert "Why it matters" in cc101["fullDescription"]["text"]
    assert cc101["defaultConfiguration"] == {"level": "error"}
    (result,) = run["results"]
    finding = report.findings[0]
    assert result == {
        "ruleId": "CC101",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": HEADLINE},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.md"},
            "region": {"startLine": 5, "startColumn": 28, "endLine": 5, "endColumn": 32},
        }}],
        "partialFingerprints": {"consistency/v1": finding.fingerprint},
        "relatedLocations": [{
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "b.md"},
                "region": {"startLine": 5, "startColumn": 28, "endLine": 5, "endColumn": 34},
            },
            "message": {"text": "'1.2 GW' in Brisk scales back"},
        }],
    }
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uri_uses_forward_slashes_and_escapes(report):
    finding = report.findings[0]
    moved = replace(finding.claims[0], location=replace(finding.claims[0].location,
                                                        path="news\\my article.md"))
    odd = replace(report, findings=(replace(finding, claims=(moved, *finding.claims[1:])),))
    (result,) = json.loads(render_sarif(odd))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/my%20article.md"


def test_junit_has_one_testcase_per_document(report):
    root = ET.fromstring(render_junit(report))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.get("name") == "consistency"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["a.md", "b.md", "c.md"]
    assert cases["a.md"].get("classname") == "a.md"
    (failure,) = cases["b.md"].findall("failure")
    assert failure.get("type") == "CC101"
    assert failure.get("message") == HEADLINE
    assert failure.text == ("a.md:5:28 '3 GW' (Brisk plans big plant)\n"
                            "b.md:5:28 '1.2 GW' (Brisk scales back)")
    assert cases["c.md"].findall("failure") == []


def test_junit_reports_unreadable_files_as_errors(report):
    broken = replace(report, errors=(ReadError("d.md", "not UTF-8"),
                                     ReadError("a.md", "bad date", line=3, skipped=False)))
    (suite,) = ET.fromstring(render_junit(broken))
    assert (suite.get("tests"), suite.get("errors")) == ("4", "1")
    (error,) = suite.iter("error")
    assert (error.get("message"), error.text) == ("not UTF-8", "d.md: not UTF-8")


def test_github_annotates_both_sides(report):
    assert render_github(report) == (
        "::error file=a.md,line=5,col=28,endLine=5,endColumn=32,title=CC101 value-mismatch::"
        f"{HEADLINE}%0ASee also b.md:5:28 '1.2 GW' (Brisk scales back)\n"
        "::error file=b.md,line=5,col=28,endLine=5,endColumn=34,title=CC101 value-mismatch::"
        f"{HEADLINE}%0ASee also a.md:5:28 '3 GW' (Brisk plans big plant)\n"
    )


def test_github_escapes_messages_and_properties(report):
    finding = report.findings[0]
    claim = replace(finding.claims[0], location=replace(finding.claims[0].location, path="x:1,y.md"))
    crafted = replace(finding, severity="info", claims=(claim,),
                      message="50% off: a, b\r\nnext line")
    line = render_github(replace(report, findings=(crafted,)))
    assert line == ("::notice file=x%3A1%2Cy.md,line=5,col=28,endLine=5,endColumn=32,"
                    "title=CC101 value-mismatch::Brisk Energy (Ohio) · capacity: "
                    "50%25 off: a, b%0D%0Anext line\n")
    assert escape_data("a%b\nc") == "a%25b%0Ac"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    warned = render_github(replace(report, findings=(replace(finding, severity="warning"),)))
    assert warned.startswith("::warning file=a.md,")


def test_step_summary_has_a_table(report):
    summary = step_summary(report)
    assert summary.startswith("## consistency\n\n1 finding (1 error, 0 warnings) in 3 documents")
    assert "| Rule | Subject | Message | Locations |\n| --- | --- | --- | --- |\n" in summary
    assert ("| CC101 value-mismatch | Brisk Energy (Ohio) · capacity | 3 GW (Brisk plans big plant) "
            "vs 1.2 GW (Brisk scales back) — 2.5× apart; newest (2025-04-01): 1.2 GW | `a.md:5:28` '3 GW'<br>`b.md:5:28` '1.2 GW' |"
            ) in summary
    piped = replace(report.findings[0], message="a | b")
    assert "| a \\| b |" in step_summary(replace(report, findings=(piped,)))
    assert "| Rule |" not in step_summary(replace(report, findings=()))


def test_gitlab_code_quality_entries(report):
    issues = json.loads(render_gitlab(report))
    fingerprint = report.findings[0].fingerprint
    assert [(i["check_name"], i["severity"], i["fingerprint"], i["location"]) for i in issues] == [
        ("CC101", "major", f"{fingerprint}-0", {"path": "a.md", "lines": {"begin": 5, "end": 5}}),
        ("CC101", "major", f"{fingerprint}-1", {"path": "b.md", "lines": {"begin": 5, "end": 5}}),
    ]
    assert issues[0]["description"] == f"{HEADLINE}\nSee also b.md:5:28 '1.2 GW' (Brisk scales back)"
    assert all(i["type"] == "issue" for i in issues)


def test_rdjson_diagnostics(report):
    payload = json.loads(render_rdjson(report))
    assert payload["source"] == {"name": "consistency"}
    first, second = payload["diagnostics"]
    assert first == {
        "message": HEADLINE,
        "location": {"path": "a.md", "range": {"start": {"line": 5, "column": 28},
                                               "end": {"line": 5, "column": 32}}},
        "severity": "ERROR",
        "code": {"value": "CC101"},
        "related_locations": [{
            "message": "'1.2 GW' in Brisk scales back",
            "location": {"path": "b.md", "range": {"start": {"line": 5, "column": 28},
                                                   "end": {"line": 5, "column": 34}}},
        }],
    }
    assert second["location"]["path"] == "b.md"
    assert second["related_locations"][0]["location"]["path"] == "a.md"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_deterministic(report, name, tmp_path):
    first = FORMATS[name](report, Settings())
    assert FORMATS[name](report, Settings()) == first
    shuffled = list(ARTICLES)
    random.Random(5).shuffle(shuffled)
    for file in shuffled:
        (tmp_path / file).write_text(ARTICLES[file], encoding="utf-8")
    with contextlib.chdir(tmp_path):
        again = consistency.check(shuffled)
    assert FORMATS[name](again, Settings()) == first


def test_registry_names():
    assert sorted(FORMATS) == ["concise", "github", "gitlab", "html", "json", "junit", "rdjson", "sarif", "text"]


@pytest.mark.parametrize(("value", "expected"), [
    ("sarif:out/report.sarif", ("sarif", "out/report.sarif")),
    ("JUnit:junit.xml", ("junit", "junit.xml")),
    ("json:C:\\reports\\r.json", ("json", "C:\\reports\\r.json")),
])
def test_parse_report_option(value, expected):
    assert parse_report_option(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("sarif", "expected FORMAT:PATH"),
    ("sarif:", "expected FORMAT:PATH"),
    ("xml:out.xml", "unknown format 'xml'; valid formats: concise, github, gitlab, html, json, junit, rdjson, sarif, text"),
])
def test_parse_report_option_errors(value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_report_option(value)
