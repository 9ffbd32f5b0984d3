"""A draft check (--against, --diff) leads with the draft in every format: what the draft says
against the archive and the fact sheet, the draft's place as the primary location, claims
marked draft or archive."""
import json
import subprocess
from datetime import date
from html.parser import HTMLParser

import pytest

import consistency
from consistency.report.drafts import said
from helpers import article, run_cli, write_files

FACTS = '[[facts]]\nsubject = "Brisk Energy"\nattribute = "capacity"\nscope = "Ohio"\nvalue = "3 GW"\nsource = "press kit"\n'


def ohio(gigawatts: str) -> str:
    return f"Brisk Energy is building a {gigawatts} GW facility in Ohio."


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    """Three archive articles (3 GW twice, then 5 GW) and a draft that says 1.2 GW on line 6."""
    write_files(tmp_path, {
        "archive/a.md": article("A", ohio("3"), date="2025-01-10"),
        "archive/b.md": article("B", ohio("3"), date="2025-02-10"),
        "archive/c.md": article("C", ohio("5"), date="2025-03-01"),
        "drafts/new.md": article("New", ohio("1.2"), date="2025-04-01"),
        "facts.toml": FACTS,
    })
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):
    return run_cli("check", "drafts/new.md", "--against", "archive", "--no-cache", *args)


def test_text_says_what_the_draft_the_archive_and_the_fact_sheet_say(newsroom):
    result = check("--config", "facts.toml")
    assert result.exit_code == 1
    assert result.stdout == """\
Brisk Energy (Ohio) · capacity
  error    CC101 value-mismatch  your draft says 1.2 GW (line 6); 1 archive article says 5 GW (2025-03-01), 2 say 3 GW (newest 2025-02-10); the fact sheet says 3 GW (source: press kit)
    5 GW (C) vs 3 GW (A) and 1 more article vs 1.2 GW (New) — 4.2× apart; fact sheet (source: press kit): 3 GW
    draft    drafts/new.md:6:28  '1.2 GW'  — Brisk Energy is building a 1.2 GW facility in Ohio.
    archive  archive/a.md:6:28  '3 GW'  — Brisk Energy is building a 3 GW facility in Ohio.
    archive  archive/b.md:6:28  '3 GW'  — Brisk Energy is building a 3 GW facility in Ohio.
    archive  archive/c.md:6:28  '5 GW'  — Brisk Energy is building a 5 GW facility in Ohio.
  error    CC110 fact-sheet  your draft says 1.2 GW (line 6); 1 archive article says 5 GW (2025-03-01); the fact sheet says 3 GW (source: press kit)
    1.2 GW (New), 5 GW (C) vs fact sheet 3 GW (source: press kit) — 2.5×, 67% apart
    draft    drafts/new.md:6:28  '1.2 GW'  — Brisk Energy is building a 1.2 GW facility in Ohio.
    archive  archive/c.md:6:28  '5 GW'  — Brisk Energy is building a 5 GW facility in Ohio.

2 findings (2 errors, 0 warnings) in 4 documents, 4 claims
"""
    assert "hidden" not in result.stderr  # the fact sheet's finding holds the draft and archive/c.md


def test_without_a_fact_sheet_and_with_a_figure_on_two_lines(newsroom):
    (newsroom / "drafts/new.md").write_text(article("New", ohio("1.2"), "More text.", ohio("1.2"), date="2025-04-01"))
    lines = check().stdout.splitlines()
    assert lines[1] == ("  error    CC101 value-mismatch  your draft says 1.2 GW (lines 6, 10); 1 archive article says "
                        "5 GW (2025-03-01), 2 say 3 GW (newest 2025-02-10)")
    assert [line.split()[:2] for line in lines[3:8]] == [
        ["draft", "drafts/new.md:6:28"], ["draft", "drafts/new.md:10:28"], ["archive", "archive/a.md:6:28"],
        ["archive", "archive/b.md:6:28"], ["archive", "archive/c.md:6:28"]]
    github = check("--format", "github").stdout.splitlines()
    assert [line.split(",")[:2] for line in github] == [["::error file=drafts/new.md", "line=6"],
                                                        ["::error file=drafts/new.md", "line=10"]]


def test_a_check_without_drafts_is_unchanged(newsroom):
    result = run_cli("check", "drafts/new.md", "archive", "--no-cache")
    assert "your draft" not in result.stdout and "    draft " not in result.stdout
    assert result.stdout.splitlines()[2].startswith("    archive/a.md:6:28  '3 GW'")  # the message, then claims in path order
    claims = json.loads(run_cli("check", "drafts/new.md", "archive", "--no-cache", "--format", "json").stdout)
    assert all("role" not in claim for finding in claims["findings"] for claim in finding["claims"])
    assert len(run_cli("check", "drafts/new.md", "archive", "--no-cache", "--format", "github").stdout.splitlines()) == 4


def test_concise_is_at_the_drafts_line(newsroom):
    assert check("--format", "concise").stdout == (
        "drafts/new.md:6:28: CC101 Brisk Energy (Ohio) · capacity: 5 GW (C) vs 3 GW (A) and 1 more article vs 1.2 GW (New) "
        "— 4.2× apart; "
        "newest (2025-04-01): 1.2 GW\n")


def test_sarif_locates_the_finding_at_the_draft_and_relates_the_archive(newsroom):
    [result] = json.loads(check("--format", "sarif").stdout)["runs"][0]["results"]
    assert [(loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
            for loc in result["locations"]] == [("drafts/new.md", 6)]
    assert [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["relatedLocations"]] == [
        "archive/a.md", "archive/b.md", "archive/c.md"]


def test_annotations_are_at_the_drafts_line_only(newsroom):
    github = check("--format", "github").stdout.splitlines()
    assert len(github) == 1
    assert github[0].startswith("::error file=drafts/new.md,line=6,col=28,endLine=6,endColumn=34,title=CC101 ")
    assert github[0].endswith("%0ASee also archive/a.md:6:28 '3 GW' (A)%0ASee also archive/b.md:6:28 '3 GW' (B)"
                              "%0ASee also archive/c.md:6:28 '5 GW' (C)")
    gitlab = json.loads(check("--format", "gitlab").stdout)
    assert [(issue["location"]["path"], issue["location"]["lines"]["begin"]) for issue in gitlab] == [("drafts/new.md", 6)]
    [diagnostic] = json.loads(check("--format", "rdjson").stdout)["diagnostics"]
    assert diagnostic["location"]["path"] == "drafts/new.md"
    assert [r["location"]["path"] for r in diagnostic["related_locations"]] == [
        "archive/a.md", "archive/b.md", "archive/c.md"]


def test_json_claims_carry_their_role(newsroom):
    [finding] = json.loads(check("--format", "json").stdout)["findings"]
    assert [(c["path"], c["role"]) for c in finding["claims"]] == [
        ("drafts/new.md", "draft"), ("archive/a.md", "archive"), ("archive/b.md", "archive"),
        ("archive/c.md", "archive")]


class Cards(HTMLParser):
    """The finding cards of an HTML report: each card's heading, message, and its claims as
    (class, role label, where) in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict] = []
        self._into: str | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "finding" in classes:
            self.cards.append({"heading": "", "message": "", "claims": []})
        elif self.cards and tag == "figure" and "claim" in classes:
            self.cards[-1]["claims"].append({"class": " ".join(classes), "role": "", "where": ""})
        elif self.cards and tag == "h3":
            self._into = "heading"
        elif self.cards and tag == "p" and classes in (["message"], ["role"]):
            self._into = classes[0]
        elif self.cards and tag == "code" and self.cards[-1]["claims"]:
            self._into = "where"

    def handle_endtag(self, tag):
        if tag in ("h3", "p", "code"):
            self._into = None

    def handle_data(self, data):
        if self._into in ("heading", "message"):
            self.cards[-1][self._into] += data
        elif self._into in ("role", "where"):
            self.cards[-1]["claims"][-1][self._into] += data


def test_html_card_puts_the_draft_first(newsroom):
    page = check("--format", "html", "--config", "facts.toml").stdout
    parser = Cards()
    parser.feed(page)
    first = parser.cards[0]
    assert first["heading"] == ("Your draft says 1.2 GW (line 6); 1 archive article says 5 GW (2025-03-01), "
                                "2 say 3 GW (newest 2025-02-10); the fact sheet says 3 GW (source: press kit)")
    assert first["message"].startswith("5 GW (C) vs 3 GW (A) and 1 more article vs 1.2 GW (New)")
    assert [(c["class"], c["role"], c["where"]) for c in first["claims"]] == [
        ("claim claim-draft", "Your draft", "drafts/new.md:6"), ("claim claim-archive", "Archive", "archive/a.md:6"),
        ("claim claim-archive", "Archive", "archive/b.md:6"), ("claim claim-archive", "Archive", "archive/c.md:6")]
    assert ".claim-draft{grid-column:1/-1;" in page  # full width, on top of the archive's cards
    plain = run_cli("check", "drafts/new.md", "archive", "--no-cache", "--format", "html").stdout
    assert "claim-draft" not in plain and 'class="role"' not in plain and 'class="message"' not in plain


def test_html_card_puts_the_draft_first_whatever_its_value(newsroom):
    write_files(newsroom, {"drafts/new.md": article("New", ohio("7"), date="2025-04-01")})
    parser = Cards()
    parser.feed(check("--format", "html").stdout)
    claims = parser.cards[0]["claims"]
    assert [c["role"] for c in claims] == ["Your draft", "Archive", "Archive", "Archive"]
    assert claims[0]["where"] == "drafts/new.md:6"  # the largest value, yet first


def test_diff_makes_the_changed_file_the_draft(newsroom):
    git = ["git", "-c", "user.email=e@example.com", "-c", "user.name=E", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "archive"], ["commit", "-qm", "archive"]):
        subprocess.run([*git, *args], cwd=newsroom, check=True, capture_output=True, timeout=30)
    result = run_cli("check", ".", "--diff", "HEAD", "--no-cache", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.startswith("drafts/new.md:6:28: CC101 ")


def test_values_are_said_as_written_for_dates_and_other_currencies():
    claims = consistency.extract("Harbor Wind raised €3.1 billion for its 1.2-gigawatt farm, due in late 2027.",
                                 published=date(2025, 11, 2))
    assert [said(c) for c in claims] == ["€3.1 billion ($3.584 billion)", "1.2 GW", "late 2027"]
