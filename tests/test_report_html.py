"""The HTML report as text: every finding present, hostile article text escaped, no way to
reach the network, same bytes every run. (tests/test_report_html_browser.py opens it.)"""
import contextlib
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

import consistency
from consistency.model import Location
from consistency.report.formats import FORMATS
from consistency.report.html import CSP, render_html, script_json
from consistency.settings import Settings, Tolerance

ARTICLES = {
    "a.md": "---\ntitle: Brisk plans big plant\ndate: 2025-03-01\n---\n"
            "Brisk Energy is building a 3 GW facility in Ohio.\n",
    "b.md": "---\ntitle: Brisk scales back\ndate: 2025-04-01\n---\n"
            "Brisk Energy is building a 1.2 GW facility in Ohio.\n",
    "c.md": "---\ntitle: Brisk plant timing\ndate: 2025-05-01\n---\n"
            "Brisk Energy's Ohio plant delivered first power to the grid on March 3, 2025, the company said.\n",
    "d.md": "---\ntitle: Brisk plant delayed\ndate: 2025-06-01\n---\n"
            "Brisk Energy's Ohio plant is still expected to deliver first power in late 2027, according to a filing.\n",
}
SETTINGS = Settings()
HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    with contextlib.chdir(root):
        result = consistency.check(sorted(ARTICLES))
    assert result.findings
    return result


@pytest.fixture(scope="module")
def hostile(report):
    """The report with hostile text in every title, sentence, claim text, path and message."""
    def poison(claim):
        loc = claim.location
        return replace(claim, title=claim.title + HOSTILE, sentence=HOSTILE + claim.sentence + HOSTILE,
                       location=Location(loc.path + HOSTILE, loc.line, loc.column, loc.end_line, loc.end_column))
    findings = tuple(replace(f, message=f.message + HOSTILE, claims=tuple(poison(c) for c in f.claims))
                     for f in report.findings)
    documents = tuple(replace(d, title=d.title + HOSTILE) for d in report.documents)
    return replace(report, findings=findings, documents=documents,
                   claims=tuple(poison(c) for c in report.claims))


class _Collector(HTMLParser):
    """Tags, attributes and the text of <script> elements of a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_html_is_a_registered_format(report):
    assert FORMATS["html"](report, SETTINGS) == render_html(report, SETTINGS)


def test_every_finding_is_present(report):
    page = render_html(report, SETTINGS)
    tags = _parse(page).tags
    articles = [attrs for tag, attrs in tags if tag == "article"]
    assert [a["data-rule"] for a in articles] == [f.rule for f in report.findings]
    assert sorted(a["data-rule"] for a in articles) == sorted(f.rule for f in report.findings)
    for finding in report.findings:
        assert finding.message.replace("'", "&#39;") in page
        for claim in finding.claims:
            assert f"{claim.location.path}:{claim.location.line}" in page
            assert f"<mark>{claim.text}</mark>" in page
    assert {"CC101", "CC103"} <= {f.rule for f in report.findings}


def test_charts_for_value_and_timeline_findings(report):
    page = render_html(report, SETTINGS)
    assert page.count('<svg class="chart"') == len(report.findings)
    assert page.count('<svg class="graph"') == len({f.subject.label for f in report.findings})
    assert "1.2 GW" in page and "3 GW" in page


def test_header_states_corpus_and_checked_version(report):
    page = render_html(report, SETTINGS)
    assert f"<b>{len(report.documents)}</b> documents" in page
    assert f"<b>{len(report.claims)}</b> claims" in page
    assert f"consistency {consistency.__version__} · corpus up to 2025-06-01" in page


def test_hostile_text_is_escaped(hostile):
    page = render_html(hostile, SETTINGS)
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags if t == "img"] == []
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert len([t for t, _ in parsed.tags if t == "script"]) == 2  # the data and the filters
    assert "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    data = json.loads(parsed.scripts[0])
    assert HOSTILE.lower() in data["findings"][0]["text"]
    assert "<" not in parsed.scripts[0] and ">" not in parsed.scripts[0]


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert str(text) == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(str(text)) == {"a": "</script><!-- & \u2028"}


def test_csp_and_no_external_resources(report):
    page = render_html(report, SETTINGS)
    tags = _parse(page).tags
    assert ("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}) in tags
    assert "default-src 'none'" in CSP
    for _, attrs in tags:
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (name, value)
    assert not re.search(r"url\(|@import", page)


def test_same_input_same_bytes(report):
    assert render_html(report, SETTINGS) == render_html(report, SETTINGS)


def test_empty_report_renders():
    empty = consistency.model.Report(documents=(), claims=(), findings=(), errors=(), document_count=0, claim_count=0)
    page = render_html(empty, SETTINGS)
    assert "No contradictions found." in page


def test_tolerance_band_is_the_runs(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Osterholt invests\ndate: 2025-10-10\n---\n"
                                   "Osterholt will invest €2 billion ($3.5 billion).\n", encoding="utf-8")
    wide = Settings(tolerance=Tolerance(fx=0.4))
    with contextlib.chdir(tmp_path):
        report = consistency.check(["a.md"], wide)
    assert [f.rule for f in report.findings] == ["CC104"]
    assert "±40% tolerance" in render_html(report, wide)
    assert "±10% tolerance" in render_html(report, SETTINGS)
