"""Baselines: stable bytes, fingerprints that survive edits elsewhere, exact hiding."""
import json

import pytest

import consistency
from consistency.narrow.baseline import BASELINE_SCHEMA, filter_baseline, read_baseline, render_baseline
from consistency.output import write_file
from helpers import article, run_cli
from snippets import OHIO_3, OHIO_12, TEXAS_4, TEXAS_9


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c/a.md").write_text(article("A", OHIO_3, TEXAS_4))
    (tmp_path / "c/b.md").write_text(article("B", OHIO_12, TEXAS_9, date="2024-03-05"))
    return tmp_path


def findings():
    return consistency.check(["c"]).findings


def test_corpus_has_the_two_contradictions(corpus):
    assert [(f.rule, f.subject.label) for f in findings()] == [
        ("CC101", "Brisk Energy (Ohio) · capacity"),
        ("CC101", "Coldwater Power (Texas) · cost"),
    ]


def test_fingerprints_survive_an_inserted_paragraph_and_an_edit_elsewhere(corpus):
    before = findings()
    path = corpus / "c/a.md"
    path.write_text(article("A", "The company did not comment on the report.",
                            "Analysts expect more news soon.", OHIO_3, "Shares rose.", TEXAS_4))
    after = findings()
    assert [f.fingerprint for f in after] == [f.fingerprint for f in before]
    moved = {str(c.location) for f in after for c in f.claims} - {str(c.location) for f in before for c in f.claims}
    assert moved == {"c/a.md:10:28", "c/a.md:14:48"}  # the claims did move


def test_fingerprint_changes_with_the_value(corpus):
    before = {f.subject.label: f.fingerprint for f in findings()}
    (corpus / "c/b.md").write_text(article("B", "Brisk Energy is building a 0.5 GW facility in Ohio.", TEXAS_9,
                                                 date="2024-03-05"))
    after = {f.subject.label: f.fingerprint for f in findings()}
    assert after["Coldwater Power (Texas) · cost"] == before["Coldwater Power (Texas) · cost"]
    assert after["Brisk Energy (Ohio) · capacity"] != before["Brisk Energy (Ohio) · capacity"]


def test_written_baseline_is_sorted_stable_json(corpus):
    found = findings()
    write_file(corpus / "base.json", render_baseline(found))
    text = (corpus / "base.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text == render_baseline(reversed(found))
    data = json.loads(text)
    assert data["schema"] == BASELINE_SCHEMA
    assert [e["fingerprint"] for e in data["findings"]] == sorted(f.fingerprint for f in found)
    by_subject = {e["subject"]: e for e in data["findings"]}
    assert by_subject["Brisk Energy (Ohio) · capacity"] == {
        "fingerprint": next(f.fingerprint for f in found if f.subject.entity == "Brisk Energy"),
        "rule": "CC101",
        "subject": "Brisk Energy (Ohio) · capacity",
        "paths": ["c/a.md", "c/b.md"],
        "message": "3 GW (A) vs 1.2 GW (B) — 2.5× apart; newest (2024-03-05): 1.2 GW",
    }
    assert list(by_subject["Coldwater Power (Texas) · cost"]) == ["fingerprint", "rule", "subject", "paths", "message"]
    assert '\n  "findings": [\n    {\n      "fingerprint"' in text


def test_empty_baseline(tmp_path):
    write_file(tmp_path / "b.json", render_baseline([]))
    assert (tmp_path / "b.json").read_text() == '{\n  "schema": "consistency.baseline/1",\n  "findings": []\n}\n'
    assert read_baseline(tmp_path / "b.json") == frozenset()


def test_baseline_hides_known_findings_and_shows_new_ones(corpus):
    found = findings()
    write_file(corpus / "base.json", render_baseline([f for f in found if f.subject.entity == "Brisk Energy"]))
    fingerprints = read_baseline(corpus / "base.json")
    assert fingerprints == {found[0].fingerprint}
    # An edit elsewhere in the file keeps the known finding hidden.
    (corpus / "c/a.md").write_text(article("A", "A new first paragraph.", OHIO_3, TEXAS_4))
    kept, hidden = filter_baseline(findings(), fingerprints)
    assert hidden == 1
    assert [f.subject.label for f in kept] == ["Coldwater Power (Texas) · cost"]


def test_an_article_that_agrees_with_a_known_finding_keeps_it_hidden(corpus):
    assert run_cli("check", "c", "--baseline", "base.json", "--update-baseline").exit_code == 0
    (corpus / "c/c.md").write_text(article("C", OHIO_12, TEXAS_9, date="2024-04-01"))
    agreeing = run_cli("check", "c", "--baseline", "base.json", "--format", "json")
    assert (agreeing.exit_code, json.loads(agreeing.stdout)["findings"]) == (0, [])
    assert "2 findings hidden: they are in the baseline" in agreeing.stderr
    (corpus / "c/d.md").write_text(article("D", "Brisk Energy is building a 0.5 GW facility in Ohio."))
    new_value = run_cli("check", "c", "--baseline", "base.json", "--format", "json")
    assert [f["subject"] for f in json.loads(new_value.stdout)["findings"]] == ["Brisk Energy (Ohio) · capacity"]


@pytest.mark.parametrize(("text", "message"), [
    ("{", "c.json: baseline is not valid JSON: Expecting property name"),
    ("[]", 'c.json: not a consistency baseline (expected an object with "schema": "consistency.baseline/1")'),
    ('{"schema": "other/1", "findings": []}', "c.json: not a consistency baseline"),
    ('{"schema": "consistency.baseline/1"}', 'c.json: baseline "findings" must be a list'),
    ('{"schema": "consistency.baseline/1", "findings": [{"fingerprint": "ab"}, {"rule": "CC101"}]}',
     'c.json: baseline finding 2 has no "fingerprint" string'),
])
def test_malformed_baseline_names_the_file(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.json").write_text(text)
    with pytest.raises(ValueError) as info:
        read_baseline("c.json")
    assert str(info.value).startswith(message)


def test_missing_baseline_names_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"^nope\.json: cannot read baseline: No such file or directory$"):
        read_baseline("nope.json")
