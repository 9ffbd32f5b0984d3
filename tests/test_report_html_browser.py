"""The HTML report in a real browser: headless Chromium (Debian package) driven by playwright.

Opens the report of the bundled fixtures from disk and checks what an editor sees: no
console errors, no network requests, every finding shown, filters that work. Saves a
screenshot to reports/report.png. Skipped, with the reason, where the browser is missing.
"""
import json
import os
from pathlib import Path

import pytest

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install the Debian package `chromium` (make test tries apt-get)",
                allow_module_level=True)


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
    assert expected > 0
    assert page.locator("article.finding:visible").count() == expected
    assert page.locator("#shown").inner_text() == f"{expected} of {expected} findings shown"


def test_filtering_by_a_rule_hides_the_others(page, built):
    _, findings = built
    rules = sorted({f["rule"] for f in findings["findings"]})
    assert len(rules) > 1
    wanted = rules[0]
    page.select_option("#f-rule", wanted)
    visible = page.locator("article.finding:visible")
    n = sum(1 for f in findings["findings"] if f["rule"] == wanted)
    assert visible.count() == n
    assert {visible.nth(i).get_attribute("data-rule") for i in range(n)} == {wanted}
    page.select_option("#f-rule", "")
    assert page.locator("article.finding:visible").count() == len(findings["findings"])


def test_text_search_narrows_the_findings(page, built):
    page.fill("#f-text", "no such words anywhere")
    assert page.locator("article.finding:visible").count() == 0
    assert page.locator("#shown").inner_text().startswith("0 of")
    page.fill("#f-text", "")


def test_screenshot(page):
    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    page.locator("#f-text").blur()
    page.screenshot(path=str(reports / "report.png"), full_page=False)
    assert (reports / "report.png").stat().st_size > 10_000
