"""The integrations as a user runs them: the pre-commit hook (pre-commit try-repo), the GitHub
Action's check script, and the GitLab CI template's script, each in a real git repository."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import article, write_file
from snippets import OHIO_3, OHIO_12

from consistency.corpus import FORMATS

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "init.defaultBranch=main"]
BIN = Path(sys.executable).parent


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture()
def pull_request(tmp_path):
    """A content repository whose base commit has a.md and whose head adds b.md, contradicting
    it; public/ (build output, git-ignored) contradicts a.md too. Returns (repo, base sha)."""
    repo = tmp_path / "site"
    write_file(repo / ".gitignore", "public/\n")
    write_file(repo / "content" / "a.md", article("A", OHIO_3, date="2025-01-10"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    write_file(repo / "content" / "b.md", article("B", OHIO_12, date="2025-02-10"))
    write_file(repo / "public" / "index.html", f"<p>{OHIO_12}</p>")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    return repo, base


def test_the_hook_passes_exactly_the_formats_consistency_reads():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert "types_or" not in hook and "types" not in hook
    files = re.compile(hook["files"])
    readable = [ext for spec in FORMATS.values() for ext in spec.extensions]
    assert readable and all(files.search(f"content/post{ext}") for ext in readable)
    assert all(files.search(f"POST{ext.upper()}") for ext in readable)
    for other in ("config.yaml", "hugo.toml", "assets/site.js", "assets/site.css", "README.rst", "a.md.bak"):
        assert not files.search(other), other


@pytest.mark.stress
def test_pre_commit_try_repo_stops_a_commit_that_contradicts_the_archive(tmp_path):
    repo = tmp_path / "site"
    write_file(repo / "content" / "a.md", article("A", OHIO_3, date="2025-01-10"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "archive")
    write_file(repo / "content" / "b.md", article("B", OHIO_12, date="2025-02-10"))
    write_file(repo / "hugo.yaml", f"note: {OHIO_12}\n")  # not an article: never passed as a draft
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    done = subprocess.run([str(BIN / "pre-commit"), "try-repo", str(ROOT), "consistency", "--color", "never"],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "consistency (cross-article contradictions)" in done.stdout and "Failed" in done.stdout
    assert "content/b.md:6:28  '1.2 GW'" in done.stdout
    assert "hugo.yaml" not in done.stdout


def run_action(repo: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess, Path, Path]:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(outputs), **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    done = subprocess.run(["bash", str(ROOT / ".github" / "action" / "run.sh")], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=300)
    return done, summary, outputs


def test_the_action_checks_a_pull_request_and_writes_annotations_summary_and_sarif(pull_request, tmp_path):
    repo, base = pull_request
    done, summary, outputs = run_action(repo, tmp_path, paths="content", base=base, sarif="consistency.sarif")
    assert done.returncode == 1, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert any(line.startswith("::error file=content/b.md,line=6,") for line in annotations)
    lines = summary.read_text().splitlines()
    assert lines[:3] == ["## consistency", "", "1 finding (1 error, 0 warnings) in 2 documents, 2 claims"]
    assert any(line.startswith("| CC101 value-mismatch | Brisk Energy (Ohio) · capacity |") for line in lines)
    sarif = json.loads((repo / "consistency.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "CC101"
    assert outputs.read_text().splitlines() == ["sarif=consistency.sarif", "exit-code=1"]


def test_the_action_fetches_the_base_commit_of_a_shallow_clone(pull_request, tmp_path):
    origin, base = pull_request
    clone = tmp_path / "clone"
    subprocess.run([*GIT, "clone", "-q", "--depth=1", f"file://{origin}", str(clone)], check=True)
    assert subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], cwd=clone).returncode != 0
    done, _, _ = run_action(clone, tmp_path, paths="content", base=base, sarif="")
    assert done.returncode == 1, done.stderr
    assert f"fetching the base commit {base}" in done.stderr
    # Only the finding the pull request brings is reported: b.md, the draft, against a.md.
    assert "::error file=content/b.md,line=6," in done.stdout


def test_the_action_without_a_base_checks_everything_and_passes_options(pull_request, tmp_path):
    repo, _ = pull_request
    done, _, outputs = run_action(repo, tmp_path, paths="content", base="", sarif="", args="--exit-zero")
    assert done.returncode == 0, done.stderr
    assert "::error file=content/a.md,line=6," in done.stdout
    assert outputs.read_text() == "exit-code=0\n"


def test_action_metadata_runs_the_script_and_uploads_its_sarif():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["base"]["default"] == "${{ github.event.pull_request.base.sha }}"
    steps = {step.get("name", step.get("uses")): step for step in action["runs"]["steps"]}
    assert '"$GITHUB_ACTION_PATH"' in steps["Install consistency"]["run"]
    check = steps["Check"]
    assert check["run"] == 'bash "$GITHUB_ACTION_PATH/.github/action/run.sh"'
    assert set(check["env"]) == {f"INPUT_{name.upper()}" for name in action["inputs"] if name != "python-version"}
    upload = steps["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}"
    assert "always()" in upload["if"]


def test_the_gitlab_template_script_reports_code_quality_and_junit(pull_request, tmp_path):
    repo, base = pull_request
    template = yaml.safe_load((ROOT / "ci" / "gitlab" / "consistency.gitlab-ci.yml").read_text())
    job = template["consistency"]
    install, *script = job["script"]
    assert "pip install" in install  # this test's environment has the tool installed already
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **template["variables"],
           "CONSISTENCY_PATHS": "content", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 1, done.stderr
    quality = json.loads((repo / job["artifacts"]["reports"]["codequality"]).read_text())
    # One entry, at the draft's line: the merge request's file, not the archive's.
    assert [entry["location"]["path"] for entry in quality] == ["content/b.md"]
    assert "<testsuite" in (repo / job["artifacts"]["reports"]["junit"]).read_text()
