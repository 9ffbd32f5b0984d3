"""desk/session.py: a draft checked against an archive held in the store, as `check DRAFT
--against ARCHIVE` reports it, without writing the draft into the archive's stored state."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from consistency.cli import main
from consistency.desk.session import Desk, KnownSubject, SubjectValue
from consistency.link.aliases import AliasIndex
from consistency.settings import Settings
from desk_texts import APPROVED, BANK, DRAFT


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "approved.md").write_text(APPROVED, encoding="utf-8")
    (tmp_path / "archive" / "bank.md").write_text(BANK, encoding="utf-8")
    opened = Desk.open(["archive"], Settings(), cache_dir=tmp_path / "cache")
    yield opened
    opened.close()


def _cli_findings(draft: str) -> list[dict]:
    result = CliRunner().invoke(main, ["check", draft, "--against", "archive", "--format", "json", "--no-cache",
                                       "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def _as_json(report) -> list[dict]:
    from consistency.report.formats import FORMATS
    return json.loads(FORMATS["json"](report, Settings(), False))["findings"]


def test_a_draft_gets_the_findings_the_cli_reports_draft_first(desk: Desk, tmp_path: Path) -> None:
    report = desk.check_draft(DRAFT, "draft.md")
    assert [(f.rule, f.subject.label) for f in report.findings] == [("CC101", "Tollwick Wind · capacity")]
    finding = report.findings[0]
    assert [c.location.path for c in finding.claims] == ["draft.md", "archive/approved.md"]
    assert finding.message.startswith("1.4 GW ('1.4-gigawatt', Tollwick Wind farm wins approval) vs 1.2 GW")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    assert _as_json(report) == _cli_findings("draft.md")
    assert not (tmp_path / "archive" / "draft.md").exists()


def test_the_draft_is_not_written_into_the_archives_state(desk: Desk, tmp_path: Path) -> None:
    desk.check_draft(DRAFT, "archive/new.md")
    assert desk.refresh().findings == ()  # the archive alone: no finding, the draft was only tried
    assert desk.check_draft(DRAFT.replace("1.2-gigawatt", "1.4-gigawatt"), "draft.md").findings == ()


def test_text_for_an_archive_file_stands_in_for_it(desk: Desk, tmp_path: Path) -> None:
    edited = APPROVED.replace("1.4-gigawatt", "1.3-gigawatt")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    # The archive article edited in a buffer: its own file's 1.4 GW is gone, so only the draft file disagrees.
    assert desk.check_draft(edited, "./archive/approved.md").findings == ()
    report = desk.check_draft(DRAFT.replace("1.2-gigawatt", "1.3-gigawatt"), "archive/bank.md")
    assert [(f.rule, [c.location.path for c in f.claims]) for f in report.findings] == [
        ("CC101", ["archive/bank.md", "archive/approved.md"])]
    assert (tmp_path / "archive" / "approved.md").read_text(encoding="utf-8") == APPROVED


def test_an_inline_suppression_in_the_draft_hides_the_finding(desk: Desk) -> None:
    suppressed = DRAFT.replace("The Tollwick", "<!-- consistency-disable-next-line CC101 -->\nThe Tollwick")
    assert desk.check_draft(suppressed, "draft.md").findings == ()


def test_title_date_and_format_given_with_the_text(desk: Desk) -> None:
    body = "The Tollwick Wind farm, a 1.2-gigawatt project, will use 84 turbines.\n"
    report = desk.check_draft(body, "pasted", title="Tollwick Wind financing", published=date(2025, 11, 2),
                              fmt="markdown")
    claim = report.findings[0].claims[0]
    assert (claim.location.path, claim.title, claim.published) == ("pasted", "Tollwick Wind financing",
                                                                    date(2025, 11, 2))


def test_an_unreadable_draft_is_a_problem_not_a_crash(desk: Desk) -> None:
    report = desk.check_draft("   \n", "draft.md")
    assert report.findings == ()
    assert [(e.path, e.message) for e in report.errors] == [("draft.md", "empty file")]


def test_refresh_reads_a_changed_archive_file(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "archive" / "approved.md").write_text(APPROVED.replace("1.4-gigawatt", "1.2-gigawatt"),
                                                       encoding="utf-8")
    assert desk.refresh(["elsewhere/x.md"]) is desk.archive  # nothing of the archive changed
    desk.refresh([str(tmp_path / "archive" / "approved.md")])
    assert desk.check_draft(DRAFT, "draft.md").findings == ()


def test_subjects_and_their_values(desk: Desk) -> None:
    assert desk.subjects("tollwick capacity", 10) == [KnownSubject(
        "Tollwick Wind · capacity", "Tollwick Wind", "capacity", "",
        (SubjectValue("archive/approved.md", "Tollwick Wind farm wins approval", date(2025, 3, 10),
                      "1.4-gigawatt", 6),))]
    # An article naming nothing another names is not parsed (it could meet no other): no subject yet.
    assert desk.subjects("kestrel", 10) == []
    assert desk.subjects("tollwick employees", 10) == []
    assert desk.subjects("", 10) == []


def test_a_draft_on_standard_input_is_checked_through_the_store_as_without_it(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "approved.md").write_text(APPROVED, encoding="utf-8")
    runs = {}
    for cache in ("--no-cache", "--cache-dir=cache", "--cache-dir=cache"):  # in memory; stored cold; stored warm
        result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "draft.md", "--against", "archive",
                                           "--format", "json", cache, "--jobs", "1"], input=DRAFT)
        assert result.exit_code == 1, result.output
        runs.setdefault(cache, []).append(json.loads(result.stdout)["findings"])
    assert runs["--no-cache"][0] == runs["--cache-dir=cache"][0] == runs["--cache-dir=cache"][1]
    assert [f["rule"] for f in runs["--no-cache"][0]] == ["CC101"]
    # The archive's state in the store holds the archive alone: checked again, it finds nothing.
    result = CliRunner().invoke(main, ["check", "archive", "--format", "json", "--cache-dir=cache", "--jobs", "1"])
    assert (result.exit_code, json.loads(result.stdout)["findings"]) == (0, [])


def test_drafts_cluster_their_names_against_the_archives_kept_index(desk: Desk, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The archive's alias index is made once (when the desk opens) and kept: each draft adds
    its names to it and takes them out again, so the index stays the stored archive's."""
    from consistency.engine import state

    desk._call(lambda: None)  # the index of the archive is made
    made = []
    monkeypatch.setattr(state, "AliasIndex", lambda *args: made.append(args) or AliasIndex(*args))

    def kept_names() -> tuple[dict[str, str], dict[str, str]]:
        ctx = desk._context()
        return dict(desk._store.memo[ctx].index.names), desk._store.context(ctx).all_names()

    first = desk.check_draft(DRAFT, "draft.md")
    assert [f.message for f in first.findings] == [
        "1.4 GW ('1.4-gigawatt', Tollwick Wind farm wins approval) vs 1.2 GW ('1.2-gigawatt', Varden Energy closes "
        "Tollwick Wind financing) — 17% apart; newest (2025-11-02): 1.2 GW"]
    kept, stored = desk._call(kept_names)
    assert kept == stored and "varden energy" not in kept  # the draft's names are out of the index again
    edited = desk.check_draft(DRAFT.replace("1.2-gigawatt", "1.1-gigawatt"), "draft.md")
    assert [f.message.split(" — ")[0] for f in edited.findings] == [
        "1.4 GW ('1.4-gigawatt', Tollwick Wind farm wins approval) vs 1.1 GW ('1.1-gigawatt', Varden Energy closes "
        "Tollwick Wind financing)"]
    assert desk.check_draft(DRAFT, "draft.md").findings == first.findings
    desk.check_draft(DRAFT.replace("Varden Energy", "Kestrel Bank"), "draft.md")
    (tmp_path / "archive" / "approved.md").write_text(APPROVED.replace("1.4-gigawatt", "1.2-gigawatt"),
                                                       encoding="utf-8")
    desk.refresh()
    assert desk.check_draft(DRAFT, "draft.md").findings == ()  # the archive as it is now
    assert made == []  # no draft and no refresh clustered the archive's names again
    kept, stored = desk._call(kept_names)
    assert kept == stored


def test_an_archive_file_changed_since_the_last_refresh_is_read_for_the_draft(desk: Desk, tmp_path: Path) -> None:
    assert [f.rule for f in desk.check_draft(DRAFT, "draft.md").findings] == ["CC101"]
    (tmp_path / "archive" / "approved.md").write_text(APPROVED.replace("1.4-gigawatt", "1.2-gigawatt"),
                                                       encoding="utf-8")
    assert desk.check_draft(DRAFT, "draft.md").findings == ()  # no refresh between: the file is read again
    assert desk.refresh().findings == ()


def test_the_desk_keeps_the_state_of_its_current_settings_only(desk: Desk) -> None:
    desk._call(lambda: None)
    first = set(desk._store.memo)
    desk.use_settings(Settings(select=("CC101",)))  # another context, as a fact added by triage makes
    desk._call(lambda: None)
    assert len(desk._store.memo) == 1 and set(desk._store.memo) != first
    assert desk.check_draft(DRAFT, "draft.md").findings[0].rule == "CC101"
