"""Output files: the `reports` configuration key (paths relative to the configuration file) and
the promise that a run writes only the files it was told to write."""
import json
from pathlib import Path

import pytest
from consistency.report.formats import FORMATS
from helpers import run_cli as run, write_two_articles as corpus

@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """tmp_path is the working directory: content/ holds two contradicting articles, sub/ the configuration."""
    corpus(tmp_path / "content")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def configure(repo: Path, text: str) -> None:
    (repo / "sub" / ".consistency.toml").write_text(text)


def test_config_reports_are_relative_to_the_config_file(repo):
    absolute = repo / "sub" / "elsewhere" / "report.sarif"  # absolute, inside the configuration's tree
    configure(repo, f'reports = ["json:out/findings.json", {json.dumps("sarif:" + str(absolute))}]\n')
    before = files(repo)
    result = run("check", "content", "--config", "sub/.consistency.toml", "--no-cache", "--format", "json")
    assert result.exit_code == 1, result.output  # the CC101 finding
    assert files(repo) - before == {"sub/out/findings.json", "sub/elsewhere/report.sarif"}
    assert files(repo) >= before
    written = json.loads((repo / "sub" / "out" / "findings.json").read_text())
    assert [f["rule"] for f in written["findings"]] == ["CC101"]
    assert written == json.loads(result.stdout)
    assert json.loads(absolute.read_text())["version"] == "2.1.0"
    assert "consistency: wrote sub/out/findings.json" in result.stderr


def test_config_command_shows_resolved_reports_and_source(repo):
    configure(repo, 'reports = ["JSON:out/findings.json"]\n')
    shown = run("config", "--config", "sub/.consistency.toml")
    assert shown.exit_code == 0
    assert 'reports = ["json:sub/out/findings.json"]  # sub/.consistency.toml\n' in shown.output
    assert "reports = []  # default\n" in run("config", "--isolated").output


def test_command_line_report_replaces_config_reports(repo):
    configure(repo, 'reports = ["json:out/findings.json"]\n')
    before = files(repo)
    result = run("check", "content", "--config", "sub/.consistency.toml", "--no-cache", "--exit-zero",
                 "--report", "sarif:cli.sarif")
    assert result.exit_code == 0
    assert files(repo) - before == {"cli.sarif"}  # relative to the working directory, like every option


def test_pyproject_reports_are_relative_to_its_directory(tmp_path, monkeypatch):
    project = tmp_path / "project"
    corpus(project / "content")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "news"\n\n[tool.consistency]\nreports = ["junit:reports/consistency.xml"]\n')
    monkeypatch.chdir(project / "content")
    before = files(tmp_path)
    result = run("check", ".", "--no-cache", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert files(tmp_path) - before == {"project/reports/consistency.xml"}
    assert "<testsuites" in (project / "reports" / "consistency.xml").read_text()


@pytest.mark.parametrize(("text", "message"), [
    ('fail_on = "error"\nreports = ["json:ok.json", "xml:out.xml"]\n',
     "sub/.consistency.toml:2: reports: 'xml:out.xml': unknown format 'xml'; valid formats: "
     + ", ".join(sorted(FORMATS))),
    ('reports = ["sarif"]\n', "sub/.consistency.toml:1: reports: 'sarif': expected FORMAT:PATH, FORMAT one of "),
    ('reports = "json:out.json"\n', "sub/.consistency.toml:1: reports: must be a list of non-empty strings, "
                                    'e.g. reports = ["sarif:reports/consistency.sarif"]'),
])
def test_bad_reports_are_config_errors(repo, text, message):
    configure(repo, text)
    before = files(repo)
    result = run("check", "content", "--config", "sub/.consistency.toml", "--no-cache")
    assert result.exit_code == 2
    assert f"Error: {message}" in result.output and "Traceback" not in result.output
    assert files(repo) == before


def test_missing_directories_are_created_and_an_unwritable_path_is_one_line(repo):
    (repo / "sub" / "blocker").write_text("a file where a directory should be\n")
    configure(repo, 'reports = ["json:blocker/findings.json", "html:deep/er/report.html"]\n')
    before = files(repo)
    result = run("check", "content", "--config", "sub/.consistency.toml", "--no-cache", "--exit-zero")
    assert result.exit_code == 2  # even with --exit-zero: a report the user asked for is missing
    assert ("consistency: error: cannot write sub/blocker/findings.json: sub/blocker is not a directory"
            in result.stderr)
    assert "Traceback" not in result.output
    assert files(repo) - before == {"sub/deep/er/report.html"}  # the other report is still written


@pytest.mark.parametrize("option", [
    ("-o", "sub/blocker/out.txt"),
    ("--graph", "sub/blocker/graph.json"),
    ("--baseline", "sub/blocker/baseline.json", "--update-baseline"),
])
def test_every_unwritable_output_exits_2_with_one_line(repo, option):
    (repo / "sub" / "blocker").write_text("x\n")
    before = files(repo)
    result = run("check", "content", "--isolated", "--no-cache", "--exit-zero", *option)
    assert result.exit_code == 2
    assert f"consistency: error: cannot write {option[1]}: sub/blocker is not a directory" in result.stderr
    assert files(repo) == before


def test_a_run_writes_only_the_files_it_names_and_its_cache(repo):
    configure(repo, 'reports = ["rdjson:out/findings.rdjson"]\n')
    before = files(repo)
    result = run("check", "content", "--config", "sub/.consistency.toml", "--exit-zero", "-o", "main/report.txt",
                 "--graph", "graphs/claims.graphml")
    assert result.exit_code == 0, result.output
    new = files(repo) - before
    cache = {name for name in new if name.startswith("sub/.consistency-cache/")}
    assert cache  # beside the configuration file, not in the working directory
    assert new - cache == {"main/report.txt", "graphs/claims.graphml", "sub/out/findings.rdjson"}
    again = run("check", "content", "--config", "sub/.consistency.toml", "--exit-zero", "--baseline", "base.json",
                "--update-baseline")
    assert again.exit_code == 0
    assert {n for n in files(repo) - before if not n.startswith("sub/.consistency-cache/")} == {
        "main/report.txt", "graphs/claims.graphml", "sub/out/findings.rdjson", "base.json"}
