"""`consistency serve`'s app (consistency/desk/app.py) over httpx: the API's exact answers, its
errors and limits, the token, the page's triage, archive files served read-only and nothing
outside the archive; and once over a real uvicorn server on a free port."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate
from starlette.testclient import TestClient

from consistency.desk.app import create_app
from consistency.desk.session import Desk
from consistency.settings import Settings
from helpers import run_cli
from desk_texts import APPROVED, DRAFT

MESSAGE = ("1.4 GW ('1.4-gigawatt', Tollwick Wind farm wins approval) vs 1.2 GW ('1.2-gigawatt', Varden Energy "
           "closes Tollwick Wind financing) — 17% apart; newest (2025-11-02): 1.2 GW")
LOCAL = "http://127.0.0.1"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "approved.md").write_text(APPROVED, encoding="utf-8")
    (tmp_path / "secret.md").write_text("Kestrel Bank's secret plan: 99 branches.\n", encoding="utf-8")
    desk = Desk.open(["archive"], Settings(), cache_dir=tmp_path / "cache")
    yield tmp_path, desk
    desk.close()


def _client(desk: Desk, tmp_path: Path, **options) -> TestClient:
    app = create_app(desk, config_path=str(tmp_path / "consistency.toml"), reload_settings=Settings,
                     watch=False, **options)
    return TestClient(app, base_url=LOCAL)


def _check(client: TestClient, **fields) -> httpx.Response:
    return client.post("/api/check", json={"text": DRAFT, **fields})


def test_api_check_gives_the_report_json_of_check_against(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        answer = _check(client, path="drafts/tollwick.md")
    assert answer.status_code == 200
    report = answer.json()
    assert report["schema"] == "consistency.report/1"
    [finding] = report["findings"]
    assert (finding["rule"], finding["subject"], finding["message"]) == ("CC101", "Tollwick Wind · capacity", MESSAGE)
    assert [(c["path"], c["line"], c["text"], c["role"]) for c in finding["claims"]] == [
        ("drafts/tollwick.md", 8, "1.2-gigawatt", "draft"), ("archive/approved.md", 6, "1.4-gigawatt", "archive")]
    assert not (tmp_path / "drafts").exists()


def test_api_check_takes_a_file_a_title_and_a_date(site) -> None:
    tmp_path, desk = site
    body = "The Tollwick Wind farm, a 1.2-gigawatt project, will use 84 turbines.\n"
    with _client(desk, tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("pasted.txt", body.encode(), "text/plain")},
                             data={"title": "Tollwick financing", "date": "2025-11-02"})
    [finding] = answer.json()["findings"]
    draft = finding["claims"][0]
    assert (finding["rule"], draft["path"], draft["line"], draft["document"]) == (
        "CC101", "pasted.txt", 1, "Tollwick financing")


def test_an_archive_file_checked_as_a_draft_is_not_written(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        answer = client.post("/api/check", json={"text": APPROVED.replace("1.4-gigawatt", "1.1-gigawatt"),
                                                 "path": "archive/approved.md"})
        assert answer.json()["findings"] == []
        assert (tmp_path / "archive" / "approved.md").read_text(encoding="utf-8") == APPROVED
        assert _check(client).json()["findings"][0]["rule"] == "CC101"  # the archive still says 1.4 GW


@pytest.mark.parametrize("body, kind, message", [
    (b"{bad", "application/json", "the body is not valid JSON: Expecting property name enclosed in double quotes"),
    (b"[1]", "application/json", "the body must be a JSON object"),
    (b'{"title": "x"}', "application/json", "\"text\" (the draft, a string) is required"),
    (b'{"text": "x", "date": "2025-13-40"}', "application/json", "\"date\" '2025-13-40' is not a date; use YYYY-MM-DD"),
    (b'{"text": "x", "path": 3}', "application/json", "\"path\" must be a string"),
    (b'{"text": "x", "format": "pdf"}', "application/json", "\"format\" 'pdf' is not one of: "),
    (b'{"text": "x", "colour": "red"}', "application/json", "unknown field 'colour'; fields: text, title, date, path, format"),
    (b'{"text": "x", "path": "a\\u0000b"}', "application/json", "\"path\" must be a file name"),
    (b"text=x", "application/x-www-form-urlencoded", "unsupported Content-Type 'application/x-www-form-urlencoded'"),
])
def test_bad_input_is_a_clear_error(site, body: bytes, kind: str, message: str) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        answer = client.post("/api/check", content=body, headers={"content-type": kind})
        assert answer.status_code in (400, 415)
        assert answer.json()["error"].startswith(message)
        assert _check(client).json()["findings"][0]["rule"] == "CC101"  # the next request is served as ever


def test_an_empty_draft_is_a_problem_in_the_report(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        report = client.post("/api/check", json={"text": "  \n"}).json()
    assert (report["findings"], report["summary"]["errors"]) == (
        [], [{"path": "draft.md", "line": None, "message": "empty file", "skipped": True}])


def test_a_request_over_the_limit_is_refused_with_413(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path, max_request_bytes=1000) as client:
        answer = client.post("/api/check", json={"text": "x" * 2000})
        assert (answer.status_code, answer.json()) == (413, {"error": "request body over the limit of 1000 bytes"})

        def chunks():  # no Content-Length: counted as it comes
            for _ in range(20):
                yield b"x" * 100
        answer = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
        assert answer.status_code == 413


def test_subjects_and_their_values_over_time(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        assert client.get("/api/subjects", params={"q": "tollwick"}).json() == {
            "schema": "consistency.subjects/1", "query": "tollwick", "subjects": [{
                "label": "Tollwick Wind · capacity", "entity": "Tollwick Wind", "attribute": "capacity", "scope": "",
                "values": [{"path": "archive/approved.md", "title": "Tollwick Wind farm wins approval",
                            "date": "2025-03-10", "text": "1.4-gigawatt", "line": 6}]}]}
        answer = client.get("/api/subjects", params={"q": "x", "limit": "lots"})
        assert (answer.status_code, answer.json()) == (400, {"error": "\"limit\" must be a whole number"})


def test_the_openapi_schema_validates_and_names_the_routes(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        schema = client.get("/openapi.json").json()
    validate(schema)
    assert sorted(schema["paths"]) == ["/api/check", "/api/subjects"]


def test_a_token_is_asked_of_every_request(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path, token="s3cret", loopback=False) as client:
        refused = _check(client)
        assert (refused.status_code, refused.json()) == (
            401, {"error": "a bearer token is required: Authorization: Bearer TOKEN"})
        assert client.get("/api/subjects", headers={"Authorization": "Bearer nope"}).status_code == 401
        allowed = client.post("/api/check", json={"text": DRAFT}, headers={"Authorization": "Bearer s3cret"})
        assert allowed.json()["findings"][0]["rule"] == "CC101"
        assert client.get("/").status_code == 401
        signed_in = client.get("/?token=s3cret", follow_redirects=False)
        assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/")
        assert "HttpOnly" in signed_in.headers["set-cookie"] and "SameSite=strict" in signed_in.headers["set-cookie"]
        assert client.get("/").status_code == 200  # the cookie now
    with pytest.raises(ValueError, match="needs a token"):
        create_app(desk, config_path="c.toml", reload_settings=Settings, loopback=False, watch=False)


def test_without_a_token_only_loopback_names_are_answered(site) -> None:
    tmp_path, desk = site
    app = create_app(desk, config_path="c.toml", reload_settings=Settings, watch=False)
    with TestClient(app, base_url="http://attacker.example") as client:
        assert client.get("/").status_code == 400  # DNS rebinding: another name for this address
    with TestClient(app, base_url="http://localhost:8765") as client:
        assert client.get("/").status_code == 200


def test_the_archive_is_served_read_only_and_nothing_outside_it(site) -> None:
    tmp_path, desk = site
    (tmp_path / "archive" / "link.md").symlink_to(tmp_path / "secret.md")
    (tmp_path / "archive" / "notes.bin").write_bytes(b"\x00secret")
    with _client(desk, tmp_path) as client:
        page = client.get("/archive/archive/approved.md")
        assert page.status_code == 200
        assert '<span id="L6"><a href="#L6">6</a>Regulators approved the Tollwick Wind' in page.text
        for path in ("/archive/secret.md", "/archive/archive/../secret.md", "/archive/archive/%2e%2e/secret.md",
                     f"/archive/{tmp_path}/secret.md", "/archive/archive/link.md", "/archive//etc/passwd",
                     "/archive/archive/notes.bin", "/archive/archive/approved.md%00"):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert "secret" not in answer.text.replace("secret.md", "")
            assert "Kestrel" not in answer.text


def test_triage_from_the_page_shows_the_diff_and_writes_on_confirmation(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        checked = client.post("/ui/check", json={"text": DRAFT, "path": "draft.md"}).json()
        assert checked["summary"] == "1 finding involves this draft."
        assert [(f["anchor"], f["rule"], f["subject"]) for f in checked["findings"]] == [
            ("f-1", "CC101", "Tollwick Wind · capacity")]
        assert 'href="/archive/archive/approved.md#L6"' in checked["cards"]
        shown = client.post("/ui/triage", json={"check": checked["check"], "finding": 0,
                                                "triage": "figure-changed"}).json()
        assert shown["summary"] == "suppress CC101 (Tollwick Wind · capacity) at archive/approved.md:6"
        assert "+<!-- consistency-disable-next-line CC101 -->\n" in shown["diff"]
        assert (tmp_path / "archive" / "approved.md").read_text(encoding="utf-8") == APPROVED  # shown, not written
        cross = client.post("/ui/apply", json={"edit": shown["edit"]}, headers={"origin": "http://evil.example"})
        assert (cross.status_code, cross.json()) == (403, {"error": "cross-origin requests are refused"})
        form = client.post("/ui/apply", data={"edit": shown["edit"]})
        assert form.status_code == 415
        written = client.post("/ui/apply", json={"edit": shown["edit"]}).json()
        assert written == {"written": "archive/approved.md", "summary": shown["summary"]}
        assert "<!-- consistency-disable-next-line CC101 -->\nRegulators approved" in (
            tmp_path / "archive" / "approved.md").read_text(encoding="utf-8")
        assert _check(client).json()["findings"] == []  # suppressed at the archive's line now
        again = client.post("/ui/apply", json={"edit": shown["edit"]})
        assert again.status_code == 409


def test_the_archive_is_wrong_writes_a_fact_and_the_desk_checks_with_it(site) -> None:
    tmp_path, desk = site
    from consistency.config import load_config, settings_from

    def reload() -> Settings:
        return settings_from(load_config(tmp_path / "consistency.toml"), {})[0]

    app = create_app(desk, config_path=str(tmp_path / "consistency.toml"), reload_settings=reload, watch=False)
    with TestClient(app, base_url=LOCAL) as client:
        checked = client.post("/ui/check", json={"text": DRAFT}).json()
        shown = client.post("/ui/triage", json={"check": checked["check"], "finding": 0,
                                                "triage": "archive-wrong"}).json()
        assert shown["diff"].startswith("--- /dev/null\n+++ b/")
        assert '+value = "1.2 GW"\n' in shown["diff"]
        client.post("/ui/apply", json={"edit": shown["edit"]})
        rules = [f["rule"] for f in _check(client).json()["findings"]]
    assert [f.value for f in desk.settings.facts] == ["1.2 GW"]
    assert rules == ["CC101"]  # draft vs archive still differ; the archive's 1.4 GW now also breaks the fact
    assert [f.rule for f in desk.refresh().findings] == ["CC110"]


def test_a_triage_the_page_cannot_make_says_why(site) -> None:
    tmp_path, desk = site
    with _client(desk, tmp_path) as client:
        checked = client.post("/ui/check", json={"text": DRAFT}).json()
        for body, status, error in (
                ({"check": "nope", "finding": 0, "triage": "figure-changed"}, 409,
                 "that check is no longer known; check the draft again"),
                ({"check": checked["check"], "finding": 5, "triage": "figure-changed"}, 400,
                 "\"finding\" must be the index of one of the check's findings"),
                ({"check": checked["check"], "finding": 0, "triage": "later"}, 400,
                 "unknown triage 'later'; use one of: figure-changed, archive-wrong")):
            answer = client.post("/ui/triage", json=body)
            assert (answer.status_code, answer.json()) == (status, {"error": error})


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    result = run_cli("serve", str(tmp_path), "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "--host 0.0.0.0 listens beyond this machine: give --token TOKEN" in result.output


def test_a_real_server_answers_and_follows_archive_changes(site) -> None:
    import uvicorn

    tmp_path, desk = site
    app = create_app(desk, config_path=str(tmp_path / "consistency.toml"), reload_settings=Settings)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        answer = httpx.post(f"{base}/api/check", json={"text": DRAFT})
        assert [f["message"] for f in answer.json()["findings"]] == [MESSAGE]
        (tmp_path / "archive" / "approved.md").write_text(APPROVED.replace("1.4-gigawatt", "1.2-gigawatt"),
                                                           encoding="utf-8")
        values = None
        for _ in range(200):  # the watcher refreshes the store on its own
            subjects = httpx.get(f"{base}/api/subjects", params={"q": "tollwick"}).json()["subjects"]
            values = [v["text"] for s in subjects for v in s["values"]]
            if values == ["1.2-gigawatt"]:
                break
            time.sleep(0.05)
        assert values == ["1.2-gigawatt"]
        assert httpx.post(f"{base}/api/check", json={"text": DRAFT}).json()["findings"] == []
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
