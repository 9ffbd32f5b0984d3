"""The HTML report as text: every finding present, hostile article text escaped, no way to
reach the network, same bytes every run. (tests/test_report_html_browser.py opens it.)"""
import base64
import contextlib
import json
import re
import zlib
from dataclasses import replace
from html.parser import HTMLParser

import pytest

import consistency
from consistency.model import Location
from consistency.report.formats import FORMATS
from consistency.report.html import CSP, SHOWN_PER_VALUE, render_html
from consistency.settings import Fact, Settings, Tolerance

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


def lazy(page: str) -> dict[str, str]:
    """The fragments the page draws when opened (id -> HTML), inflated as the page does."""
    blob = re.search(r'<script type="application/octet-stream" id="lazy-data">([^<]*)</script>', page)[1]
    return json.loads(zlib.decompress(base64.b64decode(blob)))


def everything(page: str) -> str:
    """The page with every fragment it draws when opened."""
    return page + "".join(lazy(page).values())


def _write(root, n: int, value=lambda i: "3 GW" if i % 3 else "1.2 GW") -> list[str]:
    """``n`` one-line articles about one plant, giving 1.2 GW or 3 GW."""
    names = []
    for i in range(n):
        names.append(f"a{i:03d}.md")
        (root / names[-1]).write_text(f"---\ntitle: Brisk story {i}\ndate: 2025-{1 + i % 12:02d}-{1 + i % 27:02d}\n---\n"
                                      f"Brisk Energy is building a {value(i)} facility in Ohio, report {i} says.\n",
                                      encoding="utf-8")
    return names


def test_html_is_a_registered_format(report):
    assert FORMATS["html"](report, SETTINGS) == render_html(report, SETTINGS)


def test_every_finding_is_present(report):
    page = render_html(report, SETTINGS)
    tags = _parse(page).tags
    sections = [attrs for tag, attrs in tags if tag == "section" and attrs.get("class") == "finding"]
    assert [a["data-rule"] for a in sections] == [f.rule for f in sorted(
        report.findings, key=lambda f: f.subject.label)]
    full = everything(page)
    for finding in report.findings:
        assert finding.message.replace("'", "&#39;") in page
        for claim in finding.claims:
            assert f"{claim.location.path}:{claim.location.line}" in page
            assert f"<mark>{claim.text}</mark>" in page
    for claim in report.claims:
        assert f"<td>{claim.text}</td>" in full
    assert {"CC101", "CC103"} <= {f.rule for f in report.findings}


def test_charts_for_value_and_timeline_findings(report):
    page = render_html(report, SETTINGS)
    assert page.count('<svg class="chart"') == len(report.findings)
    assert page.count('<svg class="graph"') == len({f.subject.label for f in report.findings})
    assert "1.2 GW" in page and "3 GW" in page


def test_one_card_per_subject_with_its_findings_inside(report):
    page = render_html(report, SETTINGS)
    cards = re.findall(r'<article class="card[^"]*" id="(s-\d+)"(.*?)</article>', page, re.S)
    subjects = sorted({f.subject.label for f in report.findings})
    assert len(cards) == len(subjects)
    for (_, body), label in zip(cards, subjects):
        n = sum(1 for f in report.findings if f.subject.label == label)
        assert f">{label.replace(chr(39), '&#39;')}</h2>" in body
        assert body.count('<section class="finding"') == n
        assert f"{n} finding{'' if n == 1 else 's'}</p>" in body


def test_a_value_quotes_a_few_claims_and_counts_the_rest(tmp_path):
    _write(tmp_path, 40)
    with contextlib.chdir(tmp_path):
        report = consistency.check(sorted(p.name for p in tmp_path.glob("*.md")))
    [finding] = [f for f in report.findings if f.rule == "CC101"]
    assert len(finding.claims) == 40  # 14 say 1.2 GW, 26 say 3 GW
    page = render_html(report, SETTINGS)
    assert page.count('<figure class="claim"') == 2 * SHOWN_PER_VALUE
    assert f"and {14 - SHOWN_PER_VALUE} more saying 1.2 GW" in page
    assert f"and {26 - SHOWN_PER_VALUE} more saying 3 GW" in page
    assert "1.2 GW · 14 claims" in page and "3 GW · 26 claims" in page  # chart rows, graph nodes
    full = everything(page)
    assert full.count('<figure class="claim"') == 40  # nothing dropped: the rest is drawn when opened
    for claim in finding.claims:
        assert f"{claim.location.path}:{claim.location.line}" in full


def test_search_box_and_no_results_message(report):
    page = render_html(report, SETTINGS)
    assert '<input id="f-text" type="search"' in page
    assert '<p id="none" role="status" hidden>No finding matches the search and filters.</p>' in page


def test_the_fact_sheet_chart_draws_the_declared_value(tmp_path):
    _write(tmp_path, 2, lambda i: "1.2 GW")
    settings = Settings(facts=(Fact("Brisk Energy", "capacity", "2 GW", "press kit 2025-01", "Ohio"),))
    with contextlib.chdir(tmp_path):
        report = consistency.check(["a000.md", "a001.md"], settings)
    assert [(f.rule, len(f.claims)) for f in report.findings] == [("CC110", 2)]  # one finding per subject
    page = render_html(report, settings)
    assert page.count('<g class="fact">') == 1
    assert page.count("Fact sheet: 2 GW (source: press kit 2025-01)</text>") == 1
    assert "The dashed purple line is the fact sheet's value." in page
    assert '<g class="fact">' not in render_html(report, SETTINGS)  # no declared fact, no line


def test_a_card_lists_the_findings_value_clusters_not_each_written_value(tmp_path):
    """1.2 GW, 1.25 GW and about 1.2 GW agree within their precision: one value in the card and
    one row of the chart, as the finding's clusters say, not three."""
    _write(tmp_path, 6, lambda i: ("1.2 GW", "1.25 GW", "about 1.2 GW", "3 GW", "3 GW", "3 GW")[i])
    with contextlib.chdir(tmp_path):
        report = consistency.check([f"a{i:03d}.md" for i in range(6)])
    (finding,) = report.findings
    assert [(c.value, c.articles) for c in finding.clusters] == [("1.2 GW", 3), ("3 GW", 3)]
    page = render_html(report, SETTINGS)
    start = page.index('<figure class="viz">')
    chart = page[start:page.index("</figure>", start)]
    assert "1.2 GW · 3 claims" in chart and "3 GW · 3 claims" in chart
    assert "1.25 GW" not in chart


def test_report_size_grows_far_less_than_the_repeated_claims(tmp_path):
    """Ten times the articles repeating one contradicted figure: the page grows by about 100
    bytes an article (its claims table, deflated, and its line in the list), where it grew by
    1.6 kB when every claim was quoted and every table written out."""
    sizes = {}
    for n in (30, 300):
        root = tmp_path / str(n)
        root.mkdir()
        names = _write(root, n)
        with contextlib.chdir(root):
            report = consistency.check(names)
        assert len([f for f in report.findings if f.rule == "CC101"]) == 1
        sizes[n] = len(render_html(report, SETTINGS).encode("utf-8"))
    assert (sizes[300] - sizes[30]) / 270 < 200
    assert sizes[300] < 3 * sizes[30]


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
    assert len([t for t, _ in parsed.tags if t == "script"]) == 2  # the deflated fragments and the script
    assert "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in page
    assert re.fullmatch(r"[A-Za-z0-9+/=]*", parsed.scripts[0])
    fragments = "".join(lazy(page).values())
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in fragments
    assert "<img" not in fragments and "<script" not in fragments


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
