"""Ignore files in a real git repository (.gitignore, info/exclude, .ignore, .consistencyignore,
--no-ignore), and the claim cache's own .gitignore."""
import json
import subprocess

import pytest
from helpers import article, run_cli, write_file, write_files
from snippets import OHIO_3, OHIO_12, TEXAS_4, TEXAS_9

from consistency.corpus.discover import discover

GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]


def git(repo, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def site(tmp_path, monkeypatch):
    """A Hugo-style site in a git work tree: content/ holds the articles; public/ (the build
    output) and node_modules/ are git-ignored and each contradict content/."""
    write_files(tmp_path, {
        ".gitignore": "public/\nnode_modules/\n*.draft.md\n",
        "content/posts/a.md": article("A", OHIO_3, date="2025-01-10"),
        "content/posts/b.md": article("B", TEXAS_4, date="2025-01-12"),
        "content/posts/c.draft.md": article("C", OHIO_12, date="2025-02-10"),
        "public/posts/a/index.html": f"<html><body><p>{OHIO_12}</p></body></html>",
        "node_modules/pkg/README.md": f"# pkg\n\n{TEXAS_9}\n",
    })
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked_paths(*args: str) -> list[str]:
    result = run_cli("claims", "--format", "json", "--no-cache", *args)
    assert result.exit_code == 0, result.output
    return [doc["path"] for doc in json.loads(result.stdout)["documents"]]


def test_git_ignored_files_are_not_read(site):
    assert checked_paths(".") == ["content/posts/a.md", "content/posts/b.md"]
    result = run_cli("check", ".")
    assert result.exit_code == 0, result.output
    assert "0 findings (0 errors, 0 warnings) in 2 documents" in result.stdout


def test_no_ignore_reads_everything(site):
    assert checked_paths(".", "--no-ignore") == [
        "content/posts/a.md", "content/posts/b.md", "content/posts/c.draft.md", "node_modules/pkg/README.md",
        "public/posts/a/index.html"]
    assert run_cli("check", ".", "--no-ignore").exit_code == 1


def test_rules_above_the_walked_directory_and_in_subdirectories_count(site):
    write_file(site / "content" / ".gitignore", "posts/b.md\n")
    assert checked_paths("content") == ["content/posts/a.md"]
    assert checked_paths("content/posts") == ["content/posts/a.md"]


def test_negation_and_precedence_of_ignore_and_consistencyignore(site):
    # .ignore re-includes what .gitignore leaves out; .consistencyignore overrides both.
    write_file(site / ".ignore", "!*.draft.md\n")
    assert checked_paths("content") == ["content/posts/a.md", "content/posts/b.md", "content/posts/c.draft.md"]
    write_file(site / ".consistencyignore", "content/posts/a.md\n")
    assert checked_paths("content") == ["content/posts/b.md", "content/posts/c.draft.md"]


def test_git_info_exclude_counts(site):
    write_file(site / ".git" / "info" / "exclude", "b.md\n")
    assert checked_paths(".") == ["content/posts/a.md"]


def test_a_file_named_explicitly_is_always_read(site):
    assert checked_paths("content/posts/c.draft.md") == ["content/posts/c.draft.md"]
    result = run_cli("check", "content/posts/c.draft.md", "--against", "content")
    assert result.exit_code == 1, result.output  # the draft contradicts a.md


def test_gitignore_counts_only_inside_a_git_work_tree(tmp_path, monkeypatch):
    write_files(tmp_path, {".gitignore": "b.md\n", ".consistencyignore": "c.md\n",
                           "a.md": article("A", OHIO_3), "b.md": article("B", OHIO_12),
                           "c.md": article("C", TEXAS_4)})
    monkeypatch.chdir(tmp_path)
    assert checked_paths(".") == ["a.md", "b.md"]


def test_incremental_check_and_diff_follow_the_ignore_files(site):
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    write_file(site / "public" / "posts" / "new.html", f"<p>{TEXAS_9}</p>")
    write_file(site / "content" / "posts" / "d.md", article("D", TEXAS_9, date="2025-03-01"))
    for _ in range(2):  # cold, then from the cache's state
        result = run_cli("check", ".", "--diff", "HEAD", "--format", "json")
        assert result.exit_code == 1, result.output
        findings = json.loads(result.stdout)["findings"]
        assert [sorted(c["path"] for c in f["claims"]) for f in findings] == [
            ["content/posts/b.md", "content/posts/d.md"]]


def test_discover_prunes_ignored_directories(site):
    files, errors = discover(["."], ("*.md", "*.html"), (), ignore_files=True)
    assert (files, errors) == (["content/posts/a.md", "content/posts/b.md"], [])
    assert len(discover(["."], ("*.md", "*.html"), ())[0]) == 5


def test_cache_directory_gets_a_gitignore_and_git_leaves_it_alone(site):
    assert run_cli("check", "content").exit_code == 0
    cache = site / ".consistency-cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "claims.sqlite").is_file()
    assert ".consistency-cache" not in git(site, "status", "--porcelain", "--untracked-files=all")


def test_an_existing_cache_directory_is_left_as_it_is(tmp_path, monkeypatch):
    write_file(tmp_path / "a.md", article("A", OHIO_3))
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run_cli("claims", "a.md", "--cache-dir", "mine").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "mine").iterdir() if not p.name.startswith("claims.sqlite-")) == [
        "claims.sqlite"]
