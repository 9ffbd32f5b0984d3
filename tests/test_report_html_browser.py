"""The HTML report in a real browser: headless Chromium (Debian package) driven by playwright.

Opens the report of the bundled fixtures from disk and checks what an editor sees: no
console errors, no network requests, every finding shown, filters and search that work,
lazy sections drawn when opened, chart labels inside their drawing on a phone. Saves a
screenshot to reports/report.png. Skipped, with the reason, where the browser is missing.
"""
import json
import os
from pathlib import Path

import pytest

from helpers import CHROMIUM, playwright_or_skip, run_cli

ROOT = Path(__file__).resolve().parent.parent
sync_api = playwright_or_skip()
expect = sync_api.expect


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run_cli("check", "fixtures", "--report", f"html:{out / 'report.html'}",
                         "--format", "json", "-o", str(out / "f.json"), "--exit-zero")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out / "report.html", json.loads((out / "f.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(built):
    path, _ = built
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        page.console_errors = []
        page.requests = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(path.as_uri(), wait_until="load")
        yield page
        browser.close()


def test_no_console_errors_and_no_network(page, built):
    path, _ = built
    assert page.console_errors == []
    assert page.requests == [path.as_uri()]


def test_every_finding_is_shown(page, built):
    _, findings = built
    expected = len(findings["findings"])
    subjects = len({f["subject"] for f in findings["findings"]})
    assert expected > 0
    assert page.locator("section.finding:visible").count() == expected
    assert page.locator("article.card:visible").count() == subjects
    assert page.locator("#shown").inner_text() == (
        f"{expected} of {expected} findings shown, in {subjects} of {subjects} subjects")
    assert page.locator("#none").is_hidden()


def test_filtering_by_a_rule_hides_the_others(page, built):
    _, findings = built
    rules = sorted({f["rule"] for f in findings["findings"]})
    assert len(rules) > 1
    wanted = rules[0]
    page.select_option("#f-rule", wanted)
    visible = page.locator("section.finding:visible")
    n = sum(1 for f in findings["findings"] if f["rule"] == wanted)
    expect(visible).to_have_count(n)
    assert {visible.nth(i).get_attribute("data-rule") for i in range(n)} == {wanted}
    page.select_option("#f-rule", "")
    expect(page.locator("section.finding:visible")).to_have_count(len(findings["findings"]))


def test_typing_in_the_search_box_filters_the_cards(page, built):
    _, findings = built
    subject = sorted({f["subject"] for f in findings["findings"]})[-1]
    page.keyboard.press("/")  # the shortcut focuses the search box
    assert page.evaluate("document.activeElement.id") == "f-text"
    page.keyboard.type(subject.lower())
    cards = page.locator("article.card:visible")
    expect(cards).to_have_count(1)
    assert cards.locator("h2").inner_text() == subject
    n = sum(1 for f in findings["findings"] if f["subject"] == subject)
    expect(page.locator("section.finding:visible")).to_have_count(n)
    assert page.locator("#none").is_hidden()
    page.fill("#f-text", "no such words anywhere")
    expect(page.locator("article.card:visible")).to_have_count(0)
    expect(page.locator("#none")).to_be_visible()
    assert page.locator("#shown").inner_text().startswith("0 of")
    page.fill("#f-text", "")
    expect(page.locator("section.finding:visible")).to_have_count(len(findings["findings"]))


def test_the_document_list_and_its_tables_are_drawn_when_opened(page, built):
    _, findings = built
    assert page.locator("#documents table").count() == 0
    page.click("#documents details.documents > summary")
    first = page.locator("#documents details[data-lazy$='-claims']").first
    expect(first).to_be_attached()
    first.locator("summary").click()
    expect(first.locator("table tbody tr").first).to_be_visible()
    assert page.locator("#documents .needs-js").first.is_hidden()


def test_chart_labels_stay_inside_their_drawing_on_a_phone(page, built):
    path, _ = built
    phone = page.context.browser.new_page(viewport={"width": 390, "height": 844})
    try:
        phone.goto(path.as_uri(), wait_until="load")
        boxes = phone.evaluate("""() => [...document.querySelectorAll('svg.chart')].map(svg => {
            const box = svg.viewBox.baseVal;
            const texts = [...svg.querySelectorAll('text')].map(t => t.getBBox());
            const ticks = [...svg.querySelectorAll('text.tick')].map(t => t.getBBox())
                .filter(b => b.y > box.height - 40).sort((a, b) => a.x - b.x);
            return {width: box.width, height: box.height, shown: svg.getBoundingClientRect().width,
                    outside: texts.filter(b => b.x < 0 || b.x + b.width > box.width || b.y < 0 ||
                                               b.y + b.height > box.height).length,
                    overlaps: ticks.filter((b, i) => i && ticks[i - 1].y === b.y &&
                                           ticks[i - 1].x + ticks[i - 1].width > b.x).length};
        })""")
        width = phone.evaluate("document.documentElement.scrollWidth")
    finally:
        phone.close()
    assert boxes
    assert width <= 390
    for box in boxes:
        assert box["outside"] == 0 and box["overlaps"] == 0, box
        assert box["shown"] >= 0.8 * box["width"]  # drawn at least 80% of its size: legible


def test_screenshot(page):
    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    page.locator("#f-text").blur()
    page.screenshot(path=str(reports / "report.png"), full_page=False)
    assert (reports / "report.png").stat().st_size > 10_000
