"""Draft-vs-archive: which files are drafts, which findings involve them, what git says changed."""
import subprocess

import pytest

import consistency
from consistency.narrow.drafts import filter_against, git_changed_files, involves_draft, select_drafts
from consistency.settings import Settings
from helpers import article, write_files as write
from snippets import OHIO, OHIO_3, OHIO_12, TEXAS, TEXAS_4, TEXAS_9

GIT = ["git", "-c", "user.email=editor@example.com", "-c", "user.name=Editor",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(cwd, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, timeout=30)


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """An archive with one contradiction of its own (Texas) and a draft contradicting it (Ohio)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {
        "archive/old1.md": article("Old one", OHIO_3, TEXAS_4),
        "archive/old2.md": article("Old two", TEXAS_9),
        "drafts/new.md": article("New", OHIO_12),
    })
    return tmp_path


def test_against_keeps_only_findings_with_a_draft_claim(newsroom):
    findings = consistency.check(["drafts", "archive"]).findings
    assert [f.subject.label for f in findings] == [OHIO, TEXAS]
    drafts = select_drafts(["drafts"], ["drafts", "archive"], Settings())
    assert drafts == {"drafts/new.md"}
    assert [involves_draft(f, drafts) for f in findings] == [True, False]
    assert [f.subject.label for f in filter_against(findings, drafts)] == [OHIO]
    assert filter_against(findings, frozenset({"archive/old2.md"})) == [findings[1]]
    assert filter_against(findings, frozenset()) == []


@pytest.mark.parametrize(("drafts", "corpus", "expected"), [
    (["./drafts/new.md"], ["."], {"drafts/new.md"}),
    (["drafts/"], ["drafts", "archive"], {"drafts/new.md"}),
    (["archive"], ["."], {"archive/old1.md", "archive/old2.md"}),
    # changed files outside the corpus, missing (deleted) or not articles are not drafts
    (["drafts/new.md", "notes.py", "gone.md", "archive/old2.md"], ["drafts"], {"drafts/new.md"}),
])
def test_select_drafts_shows_paths_as_the_check_does(newsroom, drafts, corpus, expected):
    write(newsroom, {"notes.py": "x = 1\n"})
    assert select_drafts(drafts, corpus, Settings()) == expected


def test_select_drafts_matches_an_absolute_path(newsroom):
    assert select_drafts([str(newsroom / "drafts/new.md")], ["archive", "drafts"], Settings()) == {"drafts/new.md"}


def test_select_drafts_follows_exclude_globs(newsroom):
    assert select_drafts(["."], ["."], Settings(exclude=("archive/**",))) == {"drafts/new.md"}


@pytest.fixture
def repo(tmp_path):
    """A content repo: two committed articles, then one modified, one added, one deleted, one ignored."""
    write(tmp_path, {
        ".gitignore": "*.tmp\n",
        "content/a.md": article("A", OHIO_3, TEXAS_4),
        "content/b.md": article("B", TEXAS_9),
        "content/old.md": article("Old", "Nothing here."),
    })
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "archive")
    write(tmp_path, {
        "content/a.md": article("A", "A new first paragraph.", OHIO_3, TEXAS_4),
        "content/new draft.md": article("New", OHIO_12),
        "content/scratch.tmp": "ignored\n",
    })
    (tmp_path / "content/old.md").unlink()
    return tmp_path


def test_git_changed_files_since_head(repo):
    assert git_changed_files("HEAD", repo) == ["content/a.md", "content/new draft.md"]


def test_git_changed_files_includes_staged_and_committed_changes(repo):
    git(repo, "add", "content/a.md")
    git(repo, "commit", "-q", "-m", "edit a")
    assert git_changed_files("HEAD", repo) == ["content/new draft.md"]
    assert git_changed_files("HEAD~1", repo) == ["content/a.md", "content/new draft.md"]


def test_git_changed_files_are_relative_to_cwd(repo):
    write(repo, {"notes/todo.md": "todo\n"})
    assert git_changed_files("HEAD", repo / "content") == ["../notes/todo.md", "a.md", "new draft.md"]


def test_diff_workflow_gates_only_on_the_changes(repo, monkeypatch):
    monkeypatch.chdir(repo)
    findings = consistency.check(["content"]).findings
    assert [f.subject.label for f in findings] == [OHIO, TEXAS]
    drafts = select_drafts(git_changed_files("HEAD", repo), ["content"], Settings())
    assert drafts == {"content/a.md", "content/new draft.md"}
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "publish")
    write(repo, {"content/c.md": article("C", "Coldwater Power said its Texas plant will cost $4 billion.")})
    drafts = select_drafts(git_changed_files("HEAD", repo), ["content"], Settings())
    assert drafts == {"content/c.md"}
    findings = consistency.check(["content"]).findings
    assert [(f.subject.label, sorted({c.location.path for c in f.claims})) for f in filter_against(findings, drafts)] \
        == [(TEXAS, ["content/a.md", "content/b.md", "content/c.md"])]


def test_unknown_ref_is_a_clear_error(repo):
    with pytest.raises(ValueError, match=r"^unknown git revision 'no-such-branch'$"):
        git_changed_files("no-such-branch", repo)


def test_option_like_ref_is_refused(repo):
    with pytest.raises(ValueError, match=r"^invalid git revision '--output=x'$"):
        git_changed_files("--output=x", repo)


def test_not_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # even if /tmp sits in a repo
    with pytest.raises(ValueError, match=rf"^{tmp_path} is not inside a git repository: fatal: not a git repository"):
        git_changed_files("HEAD", tmp_path)
