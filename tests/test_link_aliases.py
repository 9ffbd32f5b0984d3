"""Alias clustering: which entity keys name the same thing, and the display name chosen."""
import sys
from pathlib import Path

import pytest
import rapidfuzz.process

from consistency.link import aliases
from consistency.link.aliases import cluster_aliases
from consistency.link.entities import acronym_definitions, entity_key, find_entities
from consistency.model import EntityMention

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.scale_corpus import stem  # noqa: E402


def mention(text: str, kind: str = "name", start: int = 0) -> EntityMention:
    key = text.lower() if kind == "ticker" else entity_key(text)
    return EntityMention(start, start + len(text), text, key, kind)


def clusters(*documents: list[str], **kwargs) -> dict[str, str]:
    docs = {f"doc{i}": [mention(t) for t in texts] for i, texts in enumerate(documents)}
    return cluster_aliases(docs, **kwargs)


@pytest.mark.parametrize("a, b", [
    ("RapidX Corp.", "RapidX Corporation"),
    ("RapidX Corp.", "RapidX"),
    ("Northgale", "Northgale Energy"),
    ("Northgale’s", "Northgale Energy Corp."),
    ("Société Générale", "Societe Generale"),
    ("Brightwater Capitol", "Brightwater Capital"),
    ("Project Halcyon", "Halcyon"),
    ("Vestamar Holdings", "Vestamar Inc."),
    ("Odile Brask", "Brask"),  # a surname after the full name
])
def test_same_entity(a, b):
    aliases = clusters([a], [b])
    assert aliases[entity_key(a)] == aliases[entity_key(b)]


@pytest.mark.parametrize("a, b", [
    ("New York Times", "New York"),
    ("Bank of Japan", "Japan"),
    ("Microsoft", "Micron"),
    ("Harbor Wind 1", "Harbor Wind 2"),
    ("Northgale Energy", "Northgale Energy Storage"),
    ("Northgale", "Northgale GPUs"),
    ("Vesta", "Vesta-Orrin"),
    ("Global", "Global Foundries"),
])
def test_different_entities(a, b):
    aliases = clusters([a], [b])
    assert aliases[entity_key(a)] != aliases[entity_key(b)]


def test_a_short_name_starting_two_longer_ones_joins_neither():
    aliases = clusters(["Northgale", "Northgale Energy", "Northgale Capital"])
    assert len(set(aliases.values())) == 3


def test_a_surname_ending_two_full_names_joins_neither():
    aliases = clusters(["Brask", "Odile Brask", "Erik Brask"])
    assert len(set(aliases.values())) == 3


def test_places_never_merge_with_names():
    docs = {"a": [mention("Texas", "place")], "b": [mention("Texas Instruments"), mention("Texas")]}
    aliases = cluster_aliases(docs)
    assert aliases["texas"] == "Texas"
    assert aliases["texas instruments"] == "Texas Instruments"


def test_display_name_is_most_frequent_surface_then_longest():
    aliases = clusters(["Northgale", "Northgale Energy Corp."], ["Northgale"], ["Northgale Energy Corp."],
                       ["Northgale Energy"])
    assert set(aliases.values()) == {"Northgale Energy Corp."}
    assert clusters(["Northgale", "Northgale Energy"])["northgale"] == "Northgale Energy"


def test_defined_acronym_joins_its_long_form():
    text = "The Ministry of Finance (MOF) said so. Later, MOF added details."
    aliases = cluster_aliases({"a": find_entities(text)}, acronym_definitions(text))
    assert aliases["mof"] == aliases["ministry of finance"]


def test_ticker_joins_the_name_before_it_and_never_names_the_cluster():
    text = "Vestamar Inc. (NASDAQ: VSTM) rose. VSTM fell later, and VSTM rose again."
    aliases = cluster_aliases({"a": find_entities(text)})
    assert aliases["vstm"] == aliases["vestamar"] == "Vestamar Inc."


def test_configured_aliases_are_forced_and_name_the_cluster():
    aliases = clusters(["Northgale Energy", "NGE Power"],
                       extra_aliases={"Northgale Group": ["Northgale Energy", "NGE Power"]})
    assert aliases == {"northgale energy": "Northgale Group", "nge power": "Northgale Group"}


def test_deterministic_whatever_the_input_order():
    docs = {"a": [mention(t) for t in ["Northgale", "Northgale Energy", "Orrin Capitol"]],
            "b": [mention(t) for t in ["Orrin Capital", "Vesta"]]}
    reordered = {"b": list(reversed(docs["b"])), "a": list(reversed(docs["a"]))}
    assert cluster_aliases(docs) == cluster_aliases(reordered)


SYLLABLES = ["ka", "lo", "ri", "ven", "tor", "sa", "mi", "del", "ro", "quin", "bra", "ne", "zu", "hal"]


def test_thousands_of_keys_cluster_quickly(monkeypatch):
    """Typo matching compares each key with a few others (its block of first letters and close
    lengths), never all pairs: the count of fuzzy comparisons grows with the keys, not their square."""
    words = [a.capitalize() + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]  # 2,744
    names = [f"{w} Energy" for w in words] + [f"{w} Holdings" for w in words[::3]] + words[::5]
    docs = {"a": [mention(n) for n in names]}
    compared = []
    extract = rapidfuzz.process.extract
    monkeypatch.setattr(rapidfuzz.process, "extract",
                        lambda key, choices, **kw: compared.append(len(choices)) or extract(key, choices, **kw))
    clustered = cluster_aliases(docs)
    assert 0 < sum(compared) < 100 * len(names)  # ~34 per key; all pairs would be ~2,100 per key
    assert clustered["kalolo"] == clustered["kalolo energy"]
    assert clustered["kalolo energy"] != clustered["kaloven energy"]


def test_a_block_of_20000_names_with_one_start_is_compared_in_linear_work(monkeypatch):
    """20,000 names starting "Station " are one block of 200 million pairs (100,000 such files
    took over 15 minutes): past MAX_BLOCK_COMPARISONS each key meets its NEIGHBOURS nearest
    keys in two orders only, and one-letter typos at the start, middle and end still join."""
    names = [f"Station {stem(i)}" for i in range(20_000)]  # stems differ in two letters at least
    typos = {}
    for name, at in ((names[1234], 8), (names[9876], 11), (names[15555], 14)):
        typo = name[:at] + "w" + name[at + 1:]  # no stem has a "w"
        assert not any(sum(a != b for a, b in zip(typo, other)) == 1 for other in names if other != name)
        typos[name] = typo
    compared = []
    extract = rapidfuzz.process.extract
    monkeypatch.setattr(rapidfuzz.process, "extract",
                        lambda key, choices, **kw: compared.append(len(choices)) or extract(key, choices, **kw))
    clustered = cluster_aliases({"a": [mention(n) for n in [*names, *typos.values()]]})
    assert sum(compared) <= 2 * aliases.NEIGHBOURS * (len(names) + len(typos))
    for name, typo in typos.items():
        assert clustered[entity_key(name)] == clustered[entity_key(typo)], typo
    assert len(set(clustered.values())) == len(names)
