"""Entity mentions (cases in tests/cases/entities.yaml), keys, acronym definitions and linear work."""
from pathlib import Path

import pytest
import yaml

from consistency.corpus.markdown import read_markdown
from consistency.corpus.textmap import SourceFile
from consistency.link.entities import acronym_definitions, document_entities, entity_key, find_entities
from helpers import cpu_costs

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "entities.yaml").read_text(encoding="utf-8"))
DIGEST = Path(__file__).parent.parent / "fixtures" / "news" / "digest.txt"


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_mentions(case):
    found = [[m.text, m.kind, m.key] for m in find_entities(case["text"])]
    assert found == case["expect"]


def test_mention_offsets_point_at_their_text():
    text = ("Shares of Northgale Energy Corp. (NYSE: NGE) rose; Northgale’s plant in Milam County, "
            "Texas grew.")
    for m in find_entities(text):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("surface, key", [
    ("Northgale Energy Corp.", "northgale energy"),
    ("Northgale Energy Corporation", "northgale energy"),
    ("Rakuten-like Group, Inc.", "rakuten like"),
    ("Northgale’s", "northgale"),
    ("Sakura Holdings K.K.", "sakura"),
    ("Société Générale", "societe generale"),
    ("Procter & Gamble", "procter and gamble"),
    ("Project Halcyon", "halcyon"),
    ("The Halcyon Project", "halcyon"),
    ("U.S.", "us"),
    ("Group", "group"),
])
def test_entity_key(surface, key):
    assert entity_key(surface) == key


def test_acronym_definitions():
    text = ("The Ministry of Economy, Trade and Industry (METI) and its Vision-Language-Action (VLA) "
            "program use a 1.2-gigawatt (GW) site. Costs (USD) rose; the Bank of Japan (BOJ) agreed. "
            "A Northgale Energy (XYZ) deal and the plan (Phase) were not definitions.")
    assert acronym_definitions(text) == {
        "boj": "bank of japan",
        "meti": "ministry of economy trade and industry",
        "vla": "vision language action",
    }


def test_digest_mentions_are_sorted_and_disjoint():
    mentions = find_entities(DIGEST.read_text(encoding="utf-8"))
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert all(m.kind in ("name", "acronym", "ticker", "place") for m in mentions)


def test_work_on_digest_is_linear():
    """An eighth of the digest and the whole: CPU time grows about 8x (under 24x; quadratic would
    be 64x). The speed itself is measured by ``make bench`` (benchmarks/speed.py)."""
    text = DIGEST.read_text(encoding="utf-8")
    eighth = text[:text.index("\n", len(text) // 8)]
    find_entities(text)  # lazily built tables are not part of the measurement
    cheap, costly = cpu_costs(find_entities, [eighth, text])
    assert costly < 24 * cheap + 0.001, f"{cheap:.4f} -> {costly:.4f} CPU s"


def test_a_headline_word_capitalized_by_its_place_names_nothing_the_article_does_not():
    text = ("---\ntitle: \"Wildfire near Tollan destroys hundreds of homes\"\n---\n"
            "The Cedar Ridge fire has burned 41,000 acres. Tollan officials said it was spreading.\n")
    (doc,), _ = read_markdown(SourceFile.from_decoded("a.md", text), None)
    found = document_entities(doc)
    # "Wildfire" names nothing; the place "near Tollan" is the headline's, as the body names it.
    assert [(m.text, m.kind) for m in found.title] == [("Tollan", "place")]
    assert "wildfire" not in {m.key for m in found.body}


def test_a_headline_opening_with_the_first_word_of_a_longer_name_names_it():
    text = ("---\ntitle: \"Corvex to add 2,000 jobs at Marrowdale plant\"\n---\n"
            "Corvex Motors will add 2,000 jobs at its Marrowdale plant next year.\n")
    (doc,), _ = read_markdown(SourceFile.from_decoded("a.md", text), None)
    found = document_entities(doc)
    # The headline's "Corvex" stands for the name the body spells out.
    assert [(m.start, m.end, m.text, m.key) for m in found.title] == [
        (0, 6, "Corvex Motors", "corvex motors"), (28, 38, "Marrowdale", "marrowdale")]
    assert [m.key for m in found.body].count("corvex motors") == 2  # the headline as the lead, and the body


def test_a_headline_opening_with_a_longer_name_of_its_own_is_not_read_as_the_body_name():
    text = ("---\ntitle: \"South Sudan accuses Sudan of air strike\"\n---\n"
            "Bombs fell in South Kordofan on Thursday, officials said.\n")
    (doc,), _ = read_markdown(SourceFile.from_decoded("a.md", text), None)
    found = document_entities(doc)
    assert "south kordofan" not in {m.key for m in found.title}
    assert [m.key for m in found.body].count("south kordofan") == 1
