"""The serve page in a real browser (Debian Chromium via playwright): paste a draft that
contradicts the archive, see its card, triage it, see the diff, confirm, and find the
suppression written. Skipped, with the reason, where the browser is missing."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from consistency.desk.app import create_app
from consistency.desk.session import Desk
from consistency.settings import Settings
from helpers import CHROMIUM, playwright_or_skip

sync_api = playwright_or_skip()
expect = sync_api.expect

ARCHIVE = """---
title: Halden Wind farm wins approval
date: 2025-04-02
---

Regulators approved the Halden Wind offshore project, a 1.4-gigawatt wind farm planned 30 miles off the coast.

Kestrel Bank will lend most of the money.
"""
DRAFT = """---
title: Kestrel Bank finances Halden Wind
date: 2025-10-20
---

Kestrel Bank closed the loan for the Halden Wind offshore project on Monday.

The Halden Wind farm, a 1.2-gigawatt project, will use 84 turbines.
"""


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "halden.md").write_text(ARCHIVE, encoding="utf-8")
    desk = Desk.open(["archive"], Settings(), cache_dir=tmp_path / "cache")
    app = create_app(desk, config_path=str(tmp_path / "consistency.toml"), reload_settings=Settings, watch=False)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    running = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/", tmp_path
    running.should_exit = True
    thread.join(timeout=10)
    listener.close()
    desk.close()


def test_paste_see_the_card_triage_and_find_the_suppression_written(server) -> None:
    url, root = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.fill("#text", DRAFT)
        page.click("#check")
        card = page.locator("article.card")
        expect(card.locator("h2")).to_have_text("Halden Wind · capacity")
        finding = card.locator("section.finding")
        expect(finding.locator("header code")).to_have_text("CC101")
        expect(finding.locator("h3")).to_have_text(
            "Your draft says 1.2 GW (line 8); 1 archive article says 1.4 GW (2025-04-02)")
        expect(finding.locator(".claim-draft blockquote mark")).to_have_text("1.2-gigawatt")
        expect(finding.locator(".claim-archive a")).to_have_attribute("href", "/archive/archive/halden.md#L6")
        finding.get_by_role("button", name="Figure changed, OK").click()
        edit = finding.get_by_role("region", name="Proposed edit")
        expect(edit.locator("pre")).to_contain_text("+<!-- consistency-disable-next-line CC101 -->")
        assert "consistency-disable" not in (root / "archive" / "halden.md").read_text(encoding="utf-8")
        edit.get_by_role("button", name="Write it").click()
        expect(page.locator("#status")).to_have_text(
            "Written: suppress CC101 (Halden Wind · capacity) at archive/halden.md:6. "
            "No contradiction with the archive.")
        browser.close()
    assert (root / "archive" / "halden.md").read_text(encoding="utf-8") == ARCHIVE.replace(
        "Regulators approved", "<!-- consistency-disable-next-line CC101 -->\nRegulators approved")
    assert errors == []
