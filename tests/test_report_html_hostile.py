"""A corpus of hostile articles renders inert in a real browser: no script from the corpus
runs, no request leaves the page, and the page still shows the finding."""

import pytest
from helpers import CHROMIUM, playwright_or_skip, run_cli

sync_api = playwright_or_skip()

ATTACKS = [
    "<script>window.pwned = 1; fetch('https://attacker.example/a')</script>",
    '"><img src=x onerror="window.pwned=2">',
    "<a href=\"javascript:window.pwned=3\">link</a>",
    "<style>body{background:url(https://attacker.example/b.png)}</style>",
    "<svg onload=\"window.pwned=4\"></svg>",
    "\u202eevil\u202c right-to-left override",
    "x" * 5000,
]


def hostile_article(title: str, figure: str) -> str:
    attack = " ".join(ATTACKS)
    return (f"---\ntitle: '{title} <script>window.pwned=5</script>'\ndate: 2025-01-10\n---\n\n"
            f"Brisk Energy is building a {figure} facility in Ohio. {attack}\n")


@pytest.fixture()
def report(tmp_path, monkeypatch):
    (tmp_path / "a<img src=x onerror=alert(1)>.md").write_text(hostile_article("One", "3 GW"))
    (tmp_path / "b.md").write_text(hostile_article("Two", "1.2 GW"))
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", ".", "--format", "html", "-o", "report.html", "--exit-zero")
    assert result.exit_code == 0, result.output
    return tmp_path / "report.html"


def test_hostile_corpus_renders_inert(report):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page()
        requests, dialogs, errors = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        pwned = page.evaluate("window.pwned === undefined ? null : window.pwned")
        shown = page.locator("text=Brisk Energy (Ohio) · capacity").count()
        browser.close()
    assert pwned is None
    assert dialogs == [] and errors == []
    assert requests == [report.as_uri()]
    assert shown >= 1


LONG_WORD = "x" * 100_000


def test_a_100000_character_word_wraps_instead_of_scrolling_the_page(tmp_path, monkeypatch):
    """A very long word (a source URL, a sentence, a 200-character file name) made the whole
    report scroll sideways; long words wrap now, on a wide and a narrow screen."""
    text = (f"---\ntitle: Long\ndate: 2025-01-10\nurl: https://example.com/{LONG_WORD}\n---\n\n"
            f"Brisk Energy is building a 3 GW facility in Ohio, {LONG_WORD}.\n")
    (tmp_path / ("y" * 200 + ".md")).write_text(text)
    (tmp_path / "b.md").write_text(hostile_article("Two", "1.2 GW").replace("x" * 5000, LONG_WORD))
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", ".", "--format", "html", "-o", "report.html", "--exit-zero")
    assert result.exit_code == 0, result.output
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        for width in (1200, 700):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((tmp_path / "report.html").as_uri(), wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            # Opened sections are unpacked asynchronously: wait until both long words are drawn.
            page.wait_for_function("words => words.every(w => document.body.innerHTML.includes(w))",
                                   arg=["y" * 200, LONG_WORD])
            shown = page.content()
            assert "y" * 200 in shown and LONG_WORD in shown  # the file name, the URL
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        browser.close()
