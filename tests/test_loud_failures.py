"""Silent failures made loud: nothing to read, a suppression naming no rule, a baseline not
written yet; and the small wording of counts."""

import pytest
from helpers import article, run_cli, write_file, write_two_articles


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return write_two_articles(tmp_path / "content")


@pytest.mark.parametrize("command", ["check", "claims"])
def test_a_directory_with_nothing_to_read_is_an_error(corpus, tmp_path, command):
    (tmp_path / "contnet").mkdir()  # a mistyped, empty directory
    result = run_cli(command, "contnet")
    assert result.exit_code == 2
    assert result.stderr.startswith("consistency: error: no files found in contnet (directories are searched "
                                    "for *.md *.markdown")
    assert "--allow-empty" in result.stderr
    allowed = run_cli(command, "contnet", "--allow-empty")
    assert allowed.exit_code == 0 and allowed.stderr == ""


def test_nothing_to_read_says_how_many_files_the_ignore_files_left_out(corpus, tmp_path):
    write_file(tmp_path / "content" / ".consistencyignore", "*.md\n")
    result = run_cli("check", "content", "--include", "*.md")
    assert result.exit_code == 2
    assert ("2 matching files are left out by .gitignore, .ignore or .consistencyignore (--no-ignore reads them)"
            in result.stderr)
    assert run_cli("check", "content", "--no-ignore").exit_code == 1


def test_a_suppression_naming_no_rule_is_reported(corpus):
    a = corpus / "a.md"
    a.write_text(a.read_text().replace("Brisk", "<!-- consistency-disable-next-line value-mismach, CC1, CC101 -->\nBrisk", 1))
    result = run_cli("check", "content")
    assert result.exit_code == 0  # CC101 suppresses the finding
    lines = [line for line in result.stderr.splitlines() if "names no rule" in line]
    assert lines == [
        "consistency: warning: content/a.md:6: suppression names no rule: CC1; `consistency rules` lists the "
        "codes and names",
        "consistency: warning: content/a.md:6: suppression names no rule: VALUE-MISMACH; did you mean value-mismatch?",
    ]


def test_a_missing_baseline_hides_nothing_and_says_how_to_write_it(corpus, tmp_path):
    result = run_cli("check", "content", "--baseline", ".consistency-baseline.json")
    assert result.exit_code == 1
    assert ("consistency: note: baseline .consistency-baseline.json does not exist yet, so no finding is hidden; "
            "write it with --baseline .consistency-baseline.json --update-baseline and commit it") in result.stderr
    assert run_cli("check", "content", "--baseline", ".consistency-baseline.json", "--update-baseline").exit_code == 0
    again = run_cli("check", "content", "--baseline", ".consistency-baseline.json")
    assert again.exit_code == 0 and "does not exist" not in again.stderr
    assert "1 finding hidden: it is in the baseline" in again.stderr


def test_counts_are_worded_for_one(corpus, tmp_path):
    write_file(tmp_path / "one.md", article("One", "The plant cost $4 billion."))
    result = run_cli("claims", "one.md")
    assert "(2024-03-01, 1 claim)" in result.stdout
    assert result.stdout.endswith("\n1 claim in 1 document\n")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_facts_and_aliases_that_match_no_entity_are_reported(corpus, tmp_path, cache):
    write_file(tmp_path / ".consistency.toml", """\
[aliases]
"Brisk Energy Inc." = ["Brisk Energy"]
"Coldwatter Power" = ["CWP"]

[[facts]]
subject = "Brisk Energy"
attribute = "capacity"
value = "3 GW"
source = "filing"
scope = "Ohio"

[[facts]]
subject = "Brisc Energy"
attribute = "capacity"
value = "3 GW"
source = "filing"
""")
    for _ in range(2):  # with the cache: cold, then from the stored state
        result = run_cli("check", "content", *cache)
        warnings = [line for line in result.stderr.splitlines() if "warning" in line]
        assert warnings == [
            "consistency: warning: facts[2] (Brisc Energy · capacity) matches no claim: no checked article names "
            "Brisc Energy; entities named like it: Brisk Energy Inc.",
            "consistency: warning: aliases.'Coldwatter Power': no checked article names Coldwatter Power or CWP",
        ]
