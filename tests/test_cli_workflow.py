"""Editor and CI workflow through the CLI: --against, --diff, baselines, inline suppressions."""
import json
import subprocess

import pytest
from helpers import article, run_cli, write_file, write_two_articles


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """An archive with one contradiction of its own, and a draft contradicting the archive."""
    archive = write_two_articles(tmp_path / "archive")
    write_file(archive / "c.md", article("Arena", "The 21,000-seat arena is built by Corvane Group.", date="2025-01-10"))
    write_file(tmp_path / "draft.md",
               article("Arena draft", "Corvane Group is finishing the 18,000-seat arena.", date="2025-03-01"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):
    return run_cli("check", "--format", "json", *args)


def finding_texts(result) -> list[set[str]]:
    return [{c["text"] for c in f["claims"]} for f in json.loads(result.stdout)["findings"]]


def test_against_reports_only_findings_that_involve_the_draft(repo):
    result = check("draft.md", "--against", "archive")
    assert result.exit_code == 1
    assert finding_texts(result) == [{"21,000-seat", "18,000-seat"}]
    assert "1 finding hidden: it involves no draft" in result.stderr


def test_baseline_hides_known_findings_and_update_writes_them(repo):
    written = check("archive", "--baseline", "known.json", "--update-baseline")
    assert written.exit_code == 0
    baseline = json.loads((repo / "known.json").read_text())
    assert baseline["schema"] == "consistency.baseline/1" and len(baseline["findings"]) == 1
    again = check("archive", "--baseline", "known.json")
    assert (again.exit_code, finding_texts(again)) == (0, [])
    assert "1 finding hidden: it is in the baseline" in again.stderr
    with_draft = check("archive", "draft.md", "--baseline", "known.json")
    assert finding_texts(with_draft) == [{"21,000-seat", "18,000-seat"}]


def test_inline_suppression_and_unused_report(repo):
    draft = repo / "draft.md"
    draft.write_text(draft.read_text().replace(
        "Corvane", "<!-- consistency-disable-next-line CC101 -->\nCorvane", 1))
    (repo / "archive" / "a.md").write_text((repo / "archive" / "a.md").read_text()
                                          + "\n<!-- consistency-disable-next-line CC105 -->\nNothing here.\n")
    (repo / "archive" / "quiet.md").write_text("<!-- consistency-disable-next-line CC101 -->\nNo figures here.\n")
    result = check("draft.md", "archive", "--report-unused-suppressions")
    assert finding_texts(result) == [{"3 GW", "1.2 GW"}]
    assert "1 finding hidden: it is suppressed inline" in result.stderr
    assert "archive/a.md:8: unused suppression (CC105)" in result.stderr
    assert "archive/quiet.md:1: unused suppression (CC101)" in result.stderr  # a file without findings


def test_diff_treats_changed_files_as_drafts(repo):
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "archive"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "archive"], cwd=repo, check=True)
    result = check(".", "--diff", "HEAD")  # draft.md is untracked: a draft
    assert finding_texts(result) == [{"21,000-seat", "18,000-seat"}]
    unknown = check(".", "--diff", "no-such-ref")
    assert unknown.exit_code == 2 and "unknown git revision 'no-such-ref'" in unknown.output


def test_workflow_usage_errors(repo):
    assert check("archive", "--update-baseline").exit_code == 2
    (repo / "bad.json").write_text("{not json")
    bad = check("archive", "--baseline", "bad.json")
    assert bad.exit_code == 2 and "bad.json" in bad.output
    both = check("draft.md", "--against", "archive", "--diff", "HEAD")
    assert both.exit_code == 2 and "either --against or --diff" in both.output


def test_pre_commit_hook_invocation(repo):
    """The hook runs `consistency check --against .` with the changed files appended."""
    result = check("--against", ".", "draft.md")
    assert result.exit_code == 1
    assert finding_texts(result) == [{"21,000-seat", "18,000-seat"}]
