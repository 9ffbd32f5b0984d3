"""Subjects the link stage gives claims (cases in tests/cases/link.yaml)."""
from pathlib import Path

import pytest
import yaml

import consistency
from consistency.link import link_corpus
from consistency.settings import Settings

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "link.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_subject(case, tmp_path):
    (tmp_path / "a.md").write_text(case["text"], encoding="utf-8")
    claims = {c.text: c for c in consistency.check([str(tmp_path)]).claims}
    for surface, label in case["expect"].items():
        claim = claims[surface]
        assert (claim.subject.label if claim.subject else None) == label, surface
    for surface, status in case.get("status", {}).items():
        assert claims[surface].status == status, surface


def test_title_only_entity_adopts_the_entity_another_article_gives_the_same_place(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Orla Power and Brisk Energy team up\n---\n\n"
        "Orla Power and Brisk Energy said they would work together.\n\n"
        "The flagship is a 1.2 GW campus in Ohio.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\ntitle: Grid plans\n---\n\nBrisk Energy is building a 3 GW facility in Ohio.\n", encoding="utf-8")
    report = consistency.check([str(tmp_path)])
    labels = {c.text: c.subject.label for c in report.claims if c.subject}
    assert labels["1.2 GW"] == labels["3 GW"] == "Brisk Energy (Ohio) · capacity"
    assert [f.rule for f in report.findings] == ["CC101"]


def test_configured_aliases_join_names(tmp_path):
    (tmp_path / "a.md").write_text("The airline Kestrel Air has 4,000 employees.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("The owner, KA Group, has 5,500 employees.\n", encoding="utf-8")
    _, claims, _ = consistency.extract_paths([str(tmp_path)])
    from consistency.engine import read_corpus
    settings = Settings(aliases=(("Kestrel Air", ("KA Group",)),))
    documents, _ = read_corpus([str(tmp_path)], settings)
    linked, _ = link_corpus(documents, claims, settings)
    assert {c.subject.entity for c in linked if c.subject} == {"Kestrel Air"}


def test_a_count_that_changed_or_lives_somewhere_took_part_in_nothing(tmp_path):
    """"Cases rose to 214" is a count of cases, not of people taking part in something, and
    "people live in X" is X's population; "1,200 nurses marched" took part."""
    (tmp_path / "a.md").write_text(
        "Officials launched a drive after measles cases rose to 214. About 6,900 people live in Orrin. "
        "Some 1,200 nurses marched through Orrin on Friday.\n", encoding="utf-8")
    frames = {c.text: c.frame for c in consistency.check([str(tmp_path)]).claims}
    assert frames["214"].measure == "cases of measles"
    assert (frames["6,900 people"].measure, frames["6,900 people"].holder) == ("population", "Orrin")
    assert frames["1,200 nurses"].measure == "people taking part"


def test_what_a_count_counts_is_no_cue_of_its_frame(tmp_path):
    """"Goal" sets a target and "now" an update, but "17 goals" counts goals: no target."""
    (tmp_path / "a.md").write_text("Ivo Brant has 15 league goals this season. Tollan United set a goal of 40 wins.\n",
                                   encoding="utf-8")
    frames = {c.text: c.frame for c in consistency.check([str(tmp_path)]).claims}
    assert frames["15 league goals"].flags == ()
    assert frames["40 wins"].flags == ("target",)
