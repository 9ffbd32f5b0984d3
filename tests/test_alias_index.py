"""link/aliases.py AliasIndex: documents' evidence added and taken out in any order gives the
names and shared names that clustering the evidence at once gives (what a check from nothing
stores), and a change re-clusters only what it touches."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from consistency.link import aliases
from consistency.link.aliases import AliasIndex, cluster_evidence
from consistency.model import AliasEvidence

# Keys and surfaces chosen to meet every way keys join: prefixes ("kestrel" / "kestrel bank"),
# surnames ("brask" / "odile brask"), typos ("pellam rail" / "pelam rail"), acronyms, tickers,
# places, a maker ("corvex" / "CorvexOne"), hyphenated partnerships and a configured alias.
NAMES = {
    "kestrel": ["Kestrel"], "kestrel bank": ["Kestrel Bank", "Kestrel Bank's"], "kestrel capital": ["Kestrel Capital"],
    "brask": ["Brask"], "odile brask": ["Odile Brask"], "erik brask": ["Erik Brask"],
    "pellam rail": ["Pellam Rail"], "pelam rail": ["Pelam Rail"], "pellam rails": ["Pellam Rails"],
    "kb": ["KB"], "kbx": ["KBX"], "corvex": ["Corvex"], "corvexone": ["CorvexOne"],
    "varden-vesta": ["Varden-Vesta"], "varden": ["Varden"], "varden energy": ["Varden Energy"],
    "marrowdale": ["Marrowdale"], "marrowdale city": ["Marrowdale City"], "tavrin freight": ["Tavrin Freight"],
    "tollan united": ["Tollan United"], "tollan utd": ["Tollan Utd"],
}
KEYS = sorted(NAMES)
CONFIGURED = {"Tollan United FC": ["Tollan Utd", "Tollan United"]}


@st.composite
def evidence(draw) -> AliasEvidence:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    surfaces = tuple(sorted((key, draw(st.sampled_from(NAMES[key])), draw(st.integers(1, 3))) for key in keys))
    places = tuple(sorted(key for key in keys if key.startswith("marrowdale") and draw(st.booleans())))
    tickers = tuple(sorted({"KBX"} if "kbx" in keys and draw(st.booleans()) else set()))
    pairs = (("kbx", "kestrel bank"),) if tickers and "kestrel bank" in keys else ()
    acronyms = tuple(sorted({("kb", draw(st.sampled_from(["kestrel bank", "kestrel capital"])))}
                            if "kb" in keys and draw(st.booleans()) else set()))
    return AliasEvidence(surfaces, places, tickers, pairs, acronyms)


def fresh(documents: dict[str, AliasEvidence]) -> AliasIndex:
    index = AliasIndex(CONFIGURED)
    for doc_id in sorted(documents):
        index.add(doc_id, documents[doc_id])
    index.settle()
    return index


def check_steps(steps: list[tuple[str, AliasEvidence | None]]) -> None:
    index, documents = AliasIndex(CONFIGURED), {}
    for doc_id, found in steps:
        names_before, shared_before = dict(index.names), set(index.shared)
        if doc_id in documents:
            index.remove(doc_id, documents.pop(doc_id))
        if found is not None:
            index.add(doc_id, found)
            documents[doc_id] = found
        change = index.settle()
        expected = fresh(documents)
        assert index.names == expected.names
        assert index.shared == expected.shared
        assert change.renamed == {key for key in names_before.keys() | index.names.keys()
                                  if names_before.get(key) != index.names.get(key)}
        assert change.now_shared == index.shared - shared_before
        assert change.no_longer_shared == shared_before - index.shared


steps_strategy = st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d", "e"]), st.one_of(st.none(), evidence())),
                          min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(steps_strategy)
def test_any_sequence_of_documents_coming_and_going_names_as_clustering_at_once(steps) -> None:
    check_steps(steps)


@settings(max_examples=150, deadline=None)
@given(steps_strategy)
def test_blocks_compared_by_neighbours_stay_exact_too(steps) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aliases, "MAX_BLOCK_COMPARISONS", 1)
        patch.setattr(aliases, "NEIGHBOURS", 1)
        check_steps(steps)


def test_the_names_of_a_corpus() -> None:
    documents = {
        "a": AliasEvidence((("kestrel", "Kestrel", 2), ("kestrel bank", "Kestrel Bank", 3))),
        "b": AliasEvidence((("corvex", "Corvex", 1), ("corvexone", "CorvexOne", 1), ("pellam rail", "Pellam Rail", 2))),
        "c": AliasEvidence((("pelam rail", "Pelam Rail", 1), ("kb", "KB", 1)), acronyms=(("kb", "kestrel bank"),)),
    }
    index = fresh(documents)
    assert index.names == {"kestrel": "Kestrel Bank", "kestrel bank": "Kestrel Bank", "kb": "Kestrel Bank",
                           "corvex": "Corvex", "corvexone": "Corvex", "pellam rail": "Pellam Rail",
                           "pelam rail": "Pellam Rail"}
    # Shared: given by two documents, or by one under two keys (counted twice, the safe side).
    assert index.shared == {"Kestrel Bank", "Pellam Rail", "Corvex"}
    assert cluster_evidence(documents[doc_id] for doc_id in sorted(documents)) == index.names


def test_a_draft_renames_only_what_it_touches_and_taking_it_out_restores_the_names() -> None:
    archive = {f"doc{i}": AliasEvidence(((f"stem{i:03d} works", f"Stem{i:03d} Works", 1),)) for i in range(300)}
    archive["kestrel"] = AliasEvidence((("kestrel bank", "Kestrel Bank", 1),))
    index = fresh(archive)
    before = dict(index.names)
    draft = AliasEvidence((("kestrel", "Kestrel", 1), ("kestrel capital", "Kestrel Capital", 1)))
    index.add("draft", draft)
    change = index.settle()
    # "Kestrel" meets two longer names it starts: it joins neither, and nothing else moves.
    assert change.renamed == {"kestrel", "kestrel capital"}
    assert index.names["kestrel"] == "Kestrel" and index.names["kestrel bank"] == "Kestrel Bank"
    index.remove("draft", draft)
    change = index.settle()
    assert change.renamed == {"kestrel", "kestrel capital"} and index.names == before
