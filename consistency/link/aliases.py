"""Alias clustering: which entity keys across documents name the same thing.

Conservative on purpose (a wrong merge makes false contradictions): keys join when they are
equal, when a distinctive one-word name starts exactly one longer name ("Varden" ~
"Varden Energy"), when they differ by a typo (rapidfuzz ratio, blocked by first letters and digits),
when an acronym is defined for a long form, when a ticker follows a name, or when the
configuration says so. Places join only places.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rapidfuzz import fuzz, process

from consistency.link.entities import COMMON_ACRONYMS, GENERIC, HEADLINE_WORDS, STOP, entity_key
from consistency.model import AliasEvidence, EntityMention

FUZZY_CUTOFF = 92
FUZZY_MIN_LENGTH = 6
# Pairs typo matching compares in one block of keys before it compares only neighbours.
MAX_BLOCK_COMPARISONS = 1_000_000
# Keys after a key (in each of two orders) that it is compared with in a bigger block.
NEIGHBOURS = 64
# A ticker this close after a name ("Varden Energy Corp. (NYSE: NGE)") belongs to it.
TICKER_GAP = 14
_COMMON = frozenset(w.lower() for w in STOP | GENERIC | HEADLINE_WORDS)
_HYPHENATED = re.compile(r"[^\s-]+-")
_COMMON_TAILS = frozenset(w.lower() for w in COMMON_ACRONYMS)


class _UnionFind:
    def __init__(self, keys: Sequence[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def alias_evidence(mentions: Sequence[EntityMention], acronyms: Iterable[tuple[str, str]] = ()) -> AliasEvidence:
    """The AliasEvidence of one document's mentions (body and title) and acronym definitions."""
    counts: Counter[tuple[str, str]] = Counter((m.key, " ".join(m.text.split())) for m in mentions)
    pairs: set[tuple[str, str]] = set()
    previous: EntityMention | None = None
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if (m.kind == "ticker" and previous is not None and previous.kind in ("name", "acronym")
                and 0 <= m.start - previous.end <= TICKER_GAP):
            pairs.add((m.key, previous.key))
        previous = m
    return AliasEvidence(
        surfaces=tuple(sorted((key, surface, n) for (key, surface), n in counts.items())),
        places=tuple(sorted({m.key for m in mentions if m.kind == "place"})),
        tickers=tuple(sorted({m.text.strip() for m in mentions if m.kind == "ticker"})),
        ticker_pairs=tuple(sorted(pairs)),
        acronyms=tuple(sorted(set(acronyms))),
    )


def cluster_aliases(mentions_by_document: Mapping[str, Sequence[EntityMention]],
                    defined: Mapping[str, str] | None = None,
                    extra_aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Map every mention key to its entity's display name (see ``cluster_evidence``);
    ``defined`` holds acronym definitions (acronym key -> long-form key)."""
    evidence = [alias_evidence(mentions_by_document[doc_id]) for doc_id in sorted(mentions_by_document)]
    if defined:
        evidence.append(AliasEvidence((), acronyms=tuple(sorted(defined.items()))))
    return cluster_evidence(evidence, extra_aliases)


def cluster_evidence(evidence: Iterable[AliasEvidence],
                     extra_aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Map every key of ``evidence`` to its entity's display name (see ``AliasCounts.names``)."""
    counts = AliasCounts()
    for found in evidence:
        counts.add(found)
    return counts.names(extra_aliases)


class AliasCounts:
    """The alias evidence of many documents, added up one document at a time (so that the
    documents' evidence need not be held all at once)."""

    def __init__(self) -> None:
        self.surfaces: dict[str, dict[str, int]] = {}  # key -> surface form -> count
        self.places: set[str] = set()
        self.tickers: set[str] = set()
        self.ticker_pairs: set[tuple[str, str]] = set()
        self.long_forms: dict[str, set[str]] = {}
        self.documents: dict[str, int] = {}  # key -> documents that give it

    def add(self, found: AliasEvidence) -> None:
        surfaces, documents = self.surfaces, self.documents
        for key in found.keys():
            documents[key] = documents.get(key, 0) + 1
        for key, surface, count in found.surfaces:
            counts = surfaces.get(key)
            if counts is None:
                surfaces[key] = {surface: count}
            else:
                counts[surface] = counts.get(surface, 0) + count
        self.places.update(found.places)
        self.tickers.update(found.tickers)
        self.ticker_pairs.update(found.ticker_pairs)
        for acronym, long_form in found.acronyms:
            self.long_forms.setdefault(acronym, set()).add(long_form)

    def shared(self, names: Mapping[str, str]) -> set[str]:
        """The names (``names`` of the keys added) that two documents or more give. A document
        that gives one name under two keys counts twice: a name may be called shared that
        one document gives, never the other way round."""
        documents: dict[str, int] = {}
        for key, count in self.documents.items():
            name = names.get(key, key)
            documents[name] = documents.get(name, 0) + count
        return {name for name, count in documents.items() if count > 1}

    def names(self, extra_aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
        """Map every key to its entity's display name: the cluster's most frequent surface
        form (ties: the longest, then alphabetical), or the configured canonical name. The
        result does not depend on the order documents were added in. An acronym that
        documents define with different long forms joins none of them."""
        surfaces = self.surfaces
        keys = sorted(surfaces)
        uf = _UnionFind(keys)
        names = [k for k in keys if k not in self.places]
        _join_prefixes(uf, names, surfaces)
        _join_typos(uf, names)
        for ticker, name in sorted(self.ticker_pairs):
            if ticker in surfaces and name in surfaces:
                uf.union(ticker, name)
        for acronym, defined_as in sorted(self.long_forms.items()):
            if len(defined_as) != 1:
                continue
            long_form = next(iter(defined_as))
            if acronym in surfaces and long_form in surfaces and long_form not in self.places:
                uf.union(acronym, long_form)
        configured: list[tuple[str, str]] = []
        for canonical, aliases in sorted((extra_aliases or {}).items()):
            present = [k for k in sorted({entity_key(canonical), *map(entity_key, aliases)}) if k in surfaces]
            for key in present[1:]:
                uf.union(present[0], key)
            if present:
                configured.append((present[0], canonical))
        forced = {uf.find(key): canonical for key, canonical in configured}
        clusters: dict[str, list[str]] = {}
        for key in keys:
            clusters.setdefault(uf.find(key), []).append(key)
        out: dict[str, str] = {}
        tickers = self.tickers
        for root, members in sorted(clusters.items()):
            if len(members) == 1:
                counts = surfaces[members[0]]
            else:
                counts = Counter()
                for key in members:
                    counts.update(surfaces[key])  # type: ignore[arg-type]
            # A ticker names the cluster only when nothing else does.
            name = forced.get(root) or (next(iter(counts)) if len(counts) == 1 else
                                        min(counts, key=lambda s: (s in tickers, -counts[s], -len(s), s)))
            for key in members:
                out[key] = name
        return out


def _join_prefixes(uf: _UnionFind, names: list[str], surfaces: Mapping[str, Counter[str]]) -> None:
    """A distinctive one-word name joins the one longer name it starts, if only one
    ("Varden" ~ "Varden Energy"; not when "Varden Capital" exists too), or else the one
    two-word name it ends, if only one (a surname: "Brask" ~ "Odile Brask"; not when
    "Erik Brask" exists too). Longer names that only add a common acronym ("Varden GPUs")
    are products, and hyphenated pairs ("Varden-Vesta") partnerships: neither is a candidate."""
    longer: dict[str, list[str]] = {}
    ending: dict[str, list[str]] = {}
    for key in names:
        if " " not in key:
            continue
        words = key.split()
        if (len(words) > 1 and not all(w in _COMMON_TAILS for w in words[1:])
                and not all(_HYPHENATED.match(s) for s in surfaces[key])):
            longer.setdefault(words[0], []).append(key)
            if len(words) == 2 and words[0] not in _COMMON:
                ending.setdefault(words[1], []).append(key)
    for key in names:
        if " " in key or len(key) < 3 or key in _COMMON or key.isdigit():
            continue
        candidates = longer.get(key, []) or ending.get(key, [])
        if len(candidates) == 1:
            uf.union(key, candidates[0])


def _join_typos(uf: _UnionFind, names: list[str]) -> None:
    """Keys of 6+ characters that differ by a typo or an accent, compared within blocks
    sharing their first three letters and their digits (keys whose digits differ never join).

    Every pair of a block whose lengths allow a ratio of FUZZY_CUTOFF is compared while that
    is at most MAX_BLOCK_COMPARISONS pairs; in a bigger block (thousands of names with one
    start, as in a generated archive) each key is compared with its NEIGHBOURS nearest keys
    in alphabetical order and in the order of the reversed keys, which brings together keys
    that differ by one typo (their longer half is the same). The work is then linear in the
    number of keys, at the cost of missing some joins in such a block: a missed join only
    leaves two names apart, the safe side."""
    blocks: dict[tuple[str, str], list[str]] = {}
    for key in names:
        if len(key) >= FUZZY_MIN_LENGTH:
            blocks.setdefault((key[:3], _digits(key)), []).append(key)
    for block in blocks.values():
        if len(block) < 2:
            continue
        block.sort(key=lambda k: (len(k), k))
        lengths = [len(k) for k in block]
        ends = [bisect.bisect_right(lengths, _longest_match(len(key)), i + 1) for i, key in enumerate(block)]
        if sum(end - i - 1 for i, end in enumerate(ends)) <= MAX_BLOCK_COMPARISONS:
            pairs = ((key, block[i + 1:end]) for i, (key, end) in enumerate(zip(block, ends)))
        else:
            pairs = _neighbours(block)
        for key, others in pairs:
            for other, _, _ in process.extract(key, others, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                               limit=None):
                if _same_shape(key, other):
                    uf.union(key, other)


def _longest_match(length: int) -> int:
    """The longest key a key of ``length`` characters can reach a ratio of FUZZY_CUTOFF with:
    2 * shorter / (both) >= cutoff / 100."""
    return length * (200 - FUZZY_CUTOFF) // FUZZY_CUTOFF


def _neighbours(block: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(key, the keys to compare it with) in a block too big to compare every pair: the
    NEIGHBOURS keys after it alphabetically and by reversed spelling (the ratio's cutoff
    rejects lengths too far apart)."""
    for order in (sorted(block), sorted(block, key=lambda k: k[::-1])):
        for i, key in enumerate(order):
            yield key, order[i + 1:i + 1 + NEIGHBOURS]


def _digits(key: str) -> str:
    return "".join(c for c in key if c.isdigit())


def _same_shape(a: str, b: str) -> bool:
    """Same number of words, or the same letters spaced differently ("soft bank")."""
    return len(a.split()) == len(b.split()) or a.replace(" ", "") == b.replace(" ", "")
