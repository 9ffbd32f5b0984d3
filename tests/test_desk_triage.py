"""desk/triage.py: a finding's triage as a file edit (shown as a diff), written only by apply."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import consistency
from consistency.config import load_config, settings_from
from consistency.desk.triage import (ARCHIVE_WRONG, FIGURE_CHANGED, EditConflict, TriageError, apply,
                                     triage_edit)
from consistency.narrow import narrow
from consistency.narrow.baseline import read_baseline
from consistency.settings import Settings
from desk_texts import APPROVED as ARCHIVE, DRAFT


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "tollwick.md").write_text(ARCHIVE, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def _finding(paths=("archive", "draft.md")):
    findings = consistency.check(list(paths)).findings
    assert [(f.rule, f.subject.label) for f in findings] == [("CC101", "Tollwick Wind · capacity")]
    return findings[0]


def test_figure_changed_in_markdown_is_an_inline_suppression_shown_before_it_is_written(corpus: Path) -> None:
    finding = _finding()
    edit = triage_edit(finding, FIGURE_CHANGED, target="draft.md", config_path="consistency.toml",
                       baseline_path="baseline.json")
    assert (corpus / "draft.md").read_text(encoding="utf-8") == DRAFT  # nothing written yet
    assert edit.path == "draft.md" and edit.old == DRAFT
    assert edit.new == DRAFT.replace("The Tollwick Wind farm, a 1.2",
                                     "<!-- consistency-disable-next-line CC101 -->\nThe Tollwick Wind farm, a 1.2")
    assert "+<!-- consistency-disable-next-line CC101 -->\n" in edit.diff
    assert edit.diff.startswith("--- a/draft.md\n+++ b/draft.md\n")
    assert edit.summary == "suppress CC101 (Tollwick Wind · capacity) at draft.md:8"
    apply(edit)
    assert (corpus / "draft.md").read_text(encoding="utf-8") == edit.new
    report = consistency.check(["archive", "draft.md"])
    assert narrow(report).report.findings == ()  # the CLI now reads the finding as suppressed


def test_the_suppression_goes_into_an_unsaved_text_too(corpus: Path) -> None:
    finding = _finding()
    buffer = DRAFT.replace("\n", "\r\n")
    edit = triage_edit(finding, FIGURE_CHANGED, target="draft.md", config_path="c.toml", baseline_path="b.json",
                       text=buffer)
    assert edit.old == buffer
    assert "\r\n<!-- consistency-disable-next-line CC101 -->\r\nThe Tollwick" in edit.new


def test_figure_changed_in_plain_text_is_a_baseline_entry(corpus: Path) -> None:
    (corpus / "draft.md").rename(corpus / "draft.txt")
    (corpus / "draft.txt").write_text(DRAFT.split("---\n", 2)[2], encoding="utf-8")
    findings = consistency.check(["archive", "draft.txt"], Settings(reference_date=date(2025, 11, 2))).findings
    assert [f.rule for f in findings] == ["CC101"]
    edit = triage_edit(findings[0], FIGURE_CHANGED, target="draft.txt", config_path="c.toml",
                       baseline_path="baseline.json")
    assert edit.old is None and edit.path == "baseline.json"
    assert edit.diff.startswith("--- /dev/null\n+++ b/baseline.json\n")
    apply(edit)
    assert read_baseline("baseline.json") == {findings[0].fingerprint}
    again = triage_edit(findings[0], FIGURE_CHANGED, target="draft.txt", config_path="c.toml",
                        baseline_path="baseline.json")
    assert json.loads(again.new) == json.loads(edit.new)  # one entry per fingerprint


def test_archive_wrong_is_a_fact_with_the_value_the_draft_keeps(corpus: Path) -> None:
    finding = _finding()
    (corpus / "consistency.toml").write_text("fail_on = \"error\"\n", encoding="utf-8")
    edit = triage_edit(finding, ARCHIVE_WRONG, target="draft.md", config_path="consistency.toml",
                       baseline_path="b.json")
    assert edit.new == ('fail_on = "error"\n\n[[facts]]\nsubject = "Tollwick Wind"\nattribute = "capacity"\n'
                        f'value = "1.2 GW"\nsource = "editor\'s triage of CC101 ({finding.fingerprint[:12]})"\n')
    apply(edit)
    settings, _ = settings_from(load_config(corpus / "consistency.toml"), {})
    assert [(f.subject, f.attribute, f.value) for f in settings.facts] == [("Tollwick Wind", "capacity", "1.2 GW")]
    rules = [f.rule for f in consistency.check(["archive", "draft.md"], settings).findings]
    assert "CC110" in rules  # the archive's 1.4 GW now contradicts the fact sheet


def test_a_fact_in_pyproject_goes_under_the_tool_table(corpus: Path) -> None:
    edit = triage_edit(_finding(), ARCHIVE_WRONG, target="draft.md", config_path="pyproject.toml",
                       baseline_path="b.json", keep="1.4 GW")
    assert edit.new.startswith('[[tool.consistency.facts]]\nsubject = "Tollwick Wind"\nattribute = "capacity"\n'
                               'value = "1.4 GW"\n')


def test_apply_refuses_a_file_changed_since_the_diff(corpus: Path) -> None:
    edit = triage_edit(_finding(), FIGURE_CHANGED, target="draft.md", config_path="c.toml", baseline_path="b.json")
    (corpus / "draft.md").write_text(DRAFT + "\nA late edit.\n", encoding="utf-8")
    with pytest.raises(EditConflict, match="draft.md changed since the edit was shown"):
        apply(edit)
    assert (corpus / "draft.md").read_text(encoding="utf-8") == DRAFT + "\nA late edit.\n"


def test_impossible_triages_say_why(corpus: Path) -> None:
    finding = _finding()
    with pytest.raises(TriageError, match="unknown triage 'later'"):
        triage_edit(finding, "later", target="draft.md", config_path="c.toml", baseline_path="b.json")
    with pytest.raises(TriageError, match="has no claim in other.md"):
        triage_edit(finding, FIGURE_CHANGED, target="other.md", config_path="c.toml", baseline_path="b.json")
    with pytest.raises(TriageError, match="'soon' is not a figure or a date"):
        triage_edit(finding, ARCHIVE_WRONG, target="draft.md", config_path="c.toml", baseline_path="b.json",
                    keep="soon")
    with pytest.raises(TriageError, match="line 8 is not in the file"):
        triage_edit(finding, FIGURE_CHANGED, target="draft.md", config_path="c.toml", baseline_path="b.json",
                    text="one line\n")
