"""Alias clustering: which entity keys across documents name the same thing.

Conservative on purpose (a wrong merge makes false contradictions): keys join when they are
equal, when a distinctive one-word name starts exactly one longer name ("Varden" ~
"Varden Energy"), when they differ by a typo (rapidfuzz ratio, blocked by first letters and digits),
when an acronym is defined for a long form, when a ticker follows a name, or when the
configuration says so. Places join only places.

``AliasIndex`` keeps a corpus's clustering up to date as documents come and go: a draft
checked against a large archive re-clusters the names it touches, not the archive's.
"""
from __future__ import annotations

import bisect
import gc
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

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
# Shortest maker name a product name may start with ("Zenta" in "ZentaOne").
MIN_MAKER_NAME = 4
_COMMON = frozenset(w.lower() for w in STOP | GENERIC | HEADLINE_WORDS)
_HYPHENATED = re.compile(r"[^\s-]+-")
_COMMON_TAILS = frozenset(w.lower() for w in COMMON_ACRONYMS)
_NOT_DIGITS = re.compile(r"\D+")
_HAS_DIGIT = re.compile(r"\d")

Pair = tuple[str, str]


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
    """Map every mention key to its entity's display name (see ``AliasIndex``); ``defined``
    holds acronym definitions (acronym key -> long-form key)."""
    evidence = [alias_evidence(mentions_by_document[doc_id]) for doc_id in sorted(mentions_by_document)]
    if defined:
        evidence.append(AliasEvidence((), acronyms=tuple(sorted(defined.items()))))
    return cluster_evidence(evidence, extra_aliases)


def cluster_evidence(evidence: Iterable[AliasEvidence],
                     extra_aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Map every key of ``evidence`` to its entity's display name (see ``AliasIndex``)."""
    index = AliasIndex(extra_aliases)
    for i, found in enumerate(evidence):
        index.add(str(i), found)
    index.settle()
    return index.names


@dataclass(frozen=True)
class AliasChange:
    """What settling an index changed: the keys whose name changed (or that came or went),
    and the names that became shared and those that stopped being shared."""

    renamed: frozenset[str]
    now_shared: frozenset[str]
    no_longer_shared: frozenset[str]


@dataclass
class _Pending:
    """What was tallied since the last settle, each as it was before its first change: whether
    a key was present and a place, whether a ticker and a ticker pair were written, an
    acronym's long forms, and a key's number of documents."""

    present: dict[str, bool] = field(default_factory=dict)
    surfaces: set[str] = field(default_factory=set)  # keys whose surface forms changed
    places: dict[str, bool] = field(default_factory=dict)
    tickers: dict[str, bool] = field(default_factory=dict)
    pairs: dict[Pair, bool] = field(default_factory=dict)
    acronyms: dict[str, frozenset[str]] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)


class AliasIndex:
    """Alias clustering of a corpus, kept up to date as documents' evidence comes and goes.

    A cluster's name is its most frequent surface form (ties: the longest, then alphabetical;
    a ticker only when nothing else names it), or the configured canonical name; a product
    named after its maker ("ZentaOne Max" of "Zenta") takes the maker's name. ``names`` maps
    every key to its name; ``shared`` holds the names two documents or more give (a document
    that gives a name under two keys counts twice: a name may be called shared that one
    document gives, never the other way round).

    ``add`` and ``remove`` tally a document's evidence; ``settle`` then redoes only what those
    changes can touch (the joins of the keys that came, went or changed, the clusters around
    them, their names) and says what changed. The names are those clustering all the evidence
    at once gives, whatever the order documents came and went in."""

    def __init__(self, extra_aliases: Mapping[str, Sequence[str]] | None = None) -> None:
        # The evidence, added up.
        self.surfaces: dict[str, dict[str, int]] = {}  # key -> surface form -> count
        # key -> the documents that give it (a tuple: far smaller than a set, and a document is
        # added once and taken out once)
        self._holders: dict[str, tuple[str, ...]] = {}
        self.places: Counter[str] = Counter()
        self.tickers: Counter[str] = Counter()
        self.ticker_pairs: Counter[Pair] = Counter()
        self.long_forms: dict[str, Counter[str]] = {}  # acronym key -> long-form key -> definitions
        # Lookups over the keys present.
        # word -> the keys of two words or more it starts; the two-word keys it ends (as _holders)
        self._by_first: dict[str, str | set[str]] = {}
        self._by_second: dict[str, str | set[str]] = {}
        self._blocks: dict[tuple[str, str], set[str]] = {}  # typo block -> its keys (not places)
        self._pairs_of: dict[str, set[Pair]] = {}  # key -> the (ticker, name) pairs written with it
        self._acronyms_of: dict[str, set[str]] = {}  # long-form key -> the acronyms defined as it
        self._groups = [(canonical, tuple(sorted({entity_key(canonical), *map(entity_key, aliases)})))
                        for canonical, aliases in sorted((extra_aliases or {}).items())]
        self._groups_of: dict[str, list[int]] = {}
        for i, (_, keys) in enumerate(self._groups):
            for key in keys:
                self._groups_of.setdefault(key, []).append(i)
        # The joins: key -> joined key -> how many reasons join them.
        self._joins: dict[str, Counter[str]] = {}
        self._prefix: dict[str, str] = {}  # one-word key -> the key it joins
        self._typos: dict[tuple[str, str], set[Pair]] = {}  # typo block -> its joined pairs
        self._ticker_joins: set[Pair] = set()
        self._acronym_joins: dict[str, str] = {}  # acronym key -> its long-form key
        self._group_joins: dict[int, tuple[Pair, ...]] = {}
        self._forced: dict[int, str] = {}  # configured group -> its least present key
        # The clusters: a key's root (its cluster's least key) and a root's members, for
        # clusters of two keys or more; each root's name before makers.
        self._root: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._cluster_name: dict[str, str] = {}
        self._makers: Counter[str] = Counter()  # one-word cluster names -> clusters named so
        self._products: dict[str, set[str]] = {}  # a maker's name -> roots of names that may be its products
        self.names: dict[str, str] = {}
        self._documents: Counter[str] = Counter()  # name -> documents that give it (per key)
        self.shared: set[str] = set()
        self._pending = _Pending()
        self._old_names: dict[str, str | None] = {}  # during a settle: names before their change
        self._old_makers: dict[str, bool] = {}  # during a settle: makers before their change

    def holders(self, key: str) -> Collection[str]:
        """The documents that give ``key``."""
        return self._holders.get(key, ())

    # -- tallying

    def add(self, doc_id: str, found: AliasEvidence) -> None:
        """Tally one document's evidence (``settle`` clusters it)."""
        self._tally(doc_id, found, 1)

    def remove(self, doc_id: str, found: AliasEvidence) -> None:
        """Take back the evidence ``add`` tallied for ``doc_id``."""
        self._tally(doc_id, found, -1)

    def _tally(self, doc_id: str, found: AliasEvidence, sign: int) -> None:
        pending = self._pending
        for key in found.keys():
            held = self._holders.get(key, ())
            if key not in pending.documents:
                pending.documents[key] = len(held)
            if sign > 0:
                self._holders[key] = (*held, doc_id)
            elif doc_id in held:
                held = tuple(holder for holder in held if holder != doc_id)
                if held:
                    self._holders[key] = held
                else:
                    del self._holders[key]
        for key, surface, count in found.surfaces:
            pending.present.setdefault(key, key in self.surfaces)
            pending.surfaces.add(key)
            counts = self.surfaces.setdefault(key, {})
            _count(counts, surface, sign * count)
            if not counts:
                del self.surfaces[key]
        for key in found.places:
            pending.places.setdefault(key, key in self.places)
            _count(self.places, key, sign)
        for ticker in found.tickers:
            pending.tickers.setdefault(ticker, ticker in self.tickers)
            _count(self.tickers, ticker, sign)
        for pair in found.ticker_pairs:
            pending.pairs.setdefault(pair, pair in self.ticker_pairs)
            _count(self.ticker_pairs, pair, sign)
        for acronym, long_form in found.acronyms:
            forms = self.long_forms.setdefault(acronym, Counter())
            pending.acronyms.setdefault(acronym, frozenset(forms))
            _count(forms, long_form, sign)
            if not forms:
                del self.long_forms[acronym]

    # -- settling

    def settle(self) -> AliasChange:
        """Cluster what was tallied since the last settle; say what changed."""
        # Settling makes a few containers per key and no reference cycles: the cyclic garbage
        # collector, which would walk the whole heap many times over, is held off meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._settle()
        finally:
            if collecting:
                gc.enable()

    def _settle(self) -> AliasChange:
        pending, self._pending = self._pending, _Pending()
        existence = {key for key, was in pending.present.items() if was != (key in self.surfaces)}
        self._index_words(existence)
        roles = existence | {key for key, was in pending.places.items() if was != (key in self.places)}
        pairs = {pair for pair, was in pending.pairs.items() if was != (pair in self.ticker_pairs)}
        for pair in pairs:
            for key in pair:
                _toggle(self._pairs_of, key, pair, pair in self.ticker_pairs)
        acronyms = set()
        for acronym, before in pending.acronyms.items():
            now = frozenset(self.long_forms.get(acronym, ()))
            if now != before:
                acronyms.add(acronym)
                for long_form in before ^ now:
                    _toggle(self._acronyms_of, long_form, acronym, long_form in now)
        flipped: set[str] = set()
        self._join_prefixes(_prefix_words(roles | pending.surfaces), flipped)
        self._join_typos(roles, flipped)
        self._join_tickers(pairs | {pair for key in existence for pair in self._pairs_of.get(key, ())}, flipped)
        self._join_acronyms(acronyms | {a for key in roles for a in self._acronyms_of.get(key, ())}
                            | {key for key in existence if key in self.long_forms}, flipped)
        self._join_groups({i for key in existence for i in self._groups_of.get(key, ())}, flipped)
        named = self._recluster(flipped | existence)
        named |= {self._root.get(key, key) for key in pending.surfaces if key in self.surfaces}
        tickers = {ticker for ticker, was in pending.tickers.items() if was != (ticker in self.tickers)}
        if tickers:  # a cluster one of whose surface forms became a ticker, or stopped being one
            named |= {self._root.get(key, key) for key, counts in self.surfaces.items()
                      if not tickers.isdisjoint(counts)}
        self._name_clusters(named)
        return self._share(pending.documents)

    def _index_words(self, keys: Iterable[str]) -> None:
        """Put the longer keys that came in the word lookups, and take those that went out."""
        surfaces, by_first, by_second = self.surfaces, self._by_first, self._by_second
        for key in keys:
            if " " not in key:
                continue
            words = key.split()
            change = _put if key in surfaces else _take
            change(by_first, words[0], key)
            if len(words) == 2:
                change(by_second, words[1], key)

    def _is_name(self, key: str) -> bool:
        """Whether ``key`` is present and not a place (places join only places)."""
        return key in self.surfaces and key not in self.places

    def _join_prefixes(self, words: Iterable[str], flipped: set[str]) -> None:
        """A distinctive one-word name joins the one longer name it starts, if only one
        ("Varden" ~ "Varden Energy"; not when "Varden Capital" exists too; a plural, the one its
        singular starts: "Greens" ~ "Green Party"), or else the one
        two-word name it ends, if only one (a surname: "Brask" ~ "Odile Brask"; not when
        "Erik Brask" exists too). Longer names that only add a common acronym ("Varden GPUs")
        are products, and hyphenated pairs ("Varden-Vesta") partnerships: neither is a candidate."""
        for word in words:
            target = None
            if self._is_name(word) and len(word) >= 3 and word not in _COMMON and not word.isdigit():
                candidates = [key for key in _items(self._by_first, word) if self._prefix_candidate(key)]
                if not candidates and word.endswith("s") and len(word) >= 4:  # "Greens" ~ "Green Party"
                    candidates = [key for key in _items(self._by_first, word[:-1]) if self._prefix_candidate(key)]
                if not candidates:
                    candidates = [key for key in _items(self._by_second, word)
                                  if key.split()[0] not in _COMMON and self._prefix_candidate(key)]
                if len(candidates) == 1:
                    target = candidates[0]
            self._rejoin(self._prefix, word, target, flipped)

    def _prefix_candidate(self, key: str) -> bool:
        return (self._is_name(key) and not all(w in _COMMON_TAILS for w in key.split()[1:])
                and not all(_HYPHENATED.match(s) for s in self.surfaces[key]))

    def _join_typos(self, keys: Iterable[str], flipped: set[str]) -> None:
        """Keys of 6+ characters that differ by a typo or an accent, compared within blocks
        sharing their first three letters and their digits (keys whose digits differ never join).

        Every pair of a block whose lengths allow a ratio of FUZZY_CUTOFF is compared while that
        is at most MAX_BLOCK_COMPARISONS pairs; in a bigger block (thousands of names with one
        start, as in a generated archive) each key is compared with its NEIGHBOURS nearest keys
        in alphabetical order and in the order of the reversed keys, which brings together keys
        that differ by one typo (their longer half is the same). The work is then linear in the
        number of keys, at the cost of missing some joins in such a block: a missed join only
        leaves two names apart, the safe side. In a block every pair of which is compared, the
        few keys that came are compared with the others, and the joins of those that went dropped."""
        changed: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
        surfaces, places, blocks = self.surfaces, self.places, self._blocks
        for key in keys:
            if len(key) < FUZZY_MIN_LENGTH:
                continue
            block_id = (key[:3], _digits(key) if _HAS_DIGIT.search(key) else "")
            came, went = changed.get(block_id) or changed.setdefault(block_id, (set(), set()))
            block = blocks.get(block_id) or blocks.setdefault(block_id, set())
            if key in surfaces and key not in places:
                if key not in block:
                    block.add(key)
                    came.add(key)
            elif key in block:
                block.discard(key)
                went.add(key)
        for block_id, (came, went) in changed.items():
            block = self._blocks[block_id]
            old = self._typos.pop(block_id, set())
            if len(came) * 2 >= len(block) or not _all_pairs((block - came) | went) or not _all_pairs(block):
                new = _typo_pairs(sorted(block, key=lambda k: (len(k), k)))
            else:
                new = {pair for pair in old if went.isdisjoint(pair)}
                others = sorted(block - came)
                for key in sorted(came):
                    new |= _typo_pairs_of(key, others)
                    others.append(key)
            for a, b in sorted(old - new):
                self._unjoin(a, b, flipped)
            for a, b in sorted(new - old):
                self._join(a, b, flipped)
            if new:
                self._typos[block_id] = new
            if not block:
                del self._blocks[block_id]

    def _join_tickers(self, pairs: Iterable[Pair], flipped: set[str]) -> None:
        """A ticker written right after a name joins it."""
        for pair in sorted(pairs):
            joined = pair in self.ticker_pairs and pair[0] in self.surfaces and pair[1] in self.surfaces
            if joined != (pair in self._ticker_joins):
                (self._ticker_joins.add if joined else self._ticker_joins.discard)(pair)
                (self._join if joined else self._unjoin)(*pair, flipped)

    def _join_acronyms(self, acronyms: Iterable[str], flipped: set[str]) -> None:
        """An acronym defined with one long form joins it; one defined with several, none."""
        for acronym in sorted(acronyms):
            forms = self.long_forms.get(acronym, ())
            target = None
            if len(forms) == 1 and acronym in self.surfaces:
                long_form = next(iter(forms))
                target = long_form if self._is_name(long_form) else None
            self._rejoin(self._acronym_joins, acronym, target, flipped)

    def _join_groups(self, groups: Iterable[int], flipped: set[str]) -> None:
        """The keys of a configured entity that are present join; the least of them gives its
        cluster the configured name."""
        for i in sorted(groups):
            present = [key for key in self._groups[i][1] if key in self.surfaces]
            for pair in self._group_joins.pop(i, ()):
                self._unjoin(*pair, flipped)
            joins = tuple((present[0], key) for key in present[1:])
            for pair in joins:
                self._join(*pair, flipped)
            if joins:
                self._group_joins[i] = joins
            if present:
                self._forced[i] = present[0]
            else:
                self._forced.pop(i, None)

    def _rejoin(self, joins: dict[str, str], key: str, target: str | None, flipped: set[str]) -> None:
        """Make ``key`` join ``target`` (None: nothing) in place of what ``joins`` had it join."""
        old = joins.get(key)
        if old == target:
            return
        if old is not None:
            del joins[key]
            self._unjoin(key, old, flipped)
        if target is not None:
            joins[key] = target
            self._join(key, target, flipped)

    def _join(self, a: str, b: str, flipped: set[str]) -> None:
        """One more reason joins ``a`` and ``b``; ``flipped`` hears of a join that is new."""
        for x, y in ((a, b), (b, a)):
            reasons = self._joins.setdefault(x, Counter())
            if not reasons[y]:
                flipped.add(x)
            reasons[y] += 1

    def _unjoin(self, a: str, b: str, flipped: set[str]) -> None:
        """One reason fewer joins ``a`` and ``b``; ``flipped`` hears of a join that is gone."""
        for x, y in ((a, b), (b, a)):
            reasons = self._joins[x]
            reasons[y] -= 1
            if not reasons[y]:
                del reasons[y]
                flipped.add(x)
                if not reasons:
                    del self._joins[x]

    def _recluster(self, keys: set[str]) -> set[str]:
        """Make again the clusters of ``keys`` (whose joins changed, or that came or went) with
        every key clustered with them; return the roots of the clusters made. Every join of
        their keys stays among them: a join that was there joined keys of one cluster, a new
        one keys of ``keys``."""
        region: set[str] = set()
        for root in {self._root.get(key, key) for key in keys}:
            members = self._members.pop(root, None)
            region.update(members or (root,))
            for key in members or ():
                del self._root[key]
            name = self._cluster_name.pop(root, None)
            if name is not None:
                self._forget_name(root, name)
        for key in region - self.surfaces.keys():
            self._old_names.setdefault(key, self.names.pop(key, None))
        roots = set()
        seen: set[str] = set()
        joins = self._joins
        for start in region & self.surfaces.keys():
            if start in seen:
                continue
            seen.add(start)
            if start not in joins:
                roots.add(start)
                continue
            cluster, frontier = [start], [start]
            while frontier:
                for other in joins.get(frontier.pop(), ()):
                    if other not in seen:
                        seen.add(other)
                        cluster.append(other)
                        frontier.append(other)
            cluster.sort()
            root = cluster[0]
            roots.add(root)
            self._members[root] = cluster
            for key in cluster:
                self._root[key] = root
        return roots

    def _name_clusters(self, roots: set[str]) -> None:
        """Name the clusters of ``roots`` again, then give the keys of every cluster whose name
        changed, or whose maker came or went, their names."""
        again = set()
        surfaces, root_of, members, cluster_name = self.surfaces, self._root, self._members, self._cluster_name
        for root in roots:
            if root not in surfaces or root_of.get(root, root) != root:
                continue
            counts = surfaces[root]
            if len(counts) == 1 and root not in members and not self._forced:
                name = next(iter(counts))
            else:
                name = self._name_of(members.get(root) or (root,))
            old = cluster_name.get(root)
            if old != name:
                if old is not None:
                    self._forget_name(root, old)
                cluster_name[root] = name
                self._remember_name(root, name)
            again.add(root)
        makers = {maker for maker, was in self._old_makers.items() if was != (maker in self._makers)}
        self._old_makers = {}
        for maker in makers:
            again |= self._products.get(maker, set())
        names, old_names = self.names, self._old_names
        for root in again:
            name = self._with_maker(cluster_name[root])
            for key in members.get(root) or (root,):
                old = names.get(key)
                if old != name:
                    if key not in old_names:
                        old_names[key] = old
                    names[key] = name

    def _name_of(self, members: Sequence[str]) -> str:
        """A cluster's name: configured, else its most frequent surface form (ties: the longest,
        then alphabetical; a ticker only when nothing else names it)."""
        forced = [self._groups[i][0] for i, key in self._forced.items() if key in members]
        if forced:
            return max(forced)
        if len(members) == 1:
            counts = self.surfaces[members[0]]
        else:
            counts = Counter()
            for key in members:
                counts.update(self.surfaces[key])
        if len(counts) == 1:
            return next(iter(counts))
        tickers = self.tickers
        return min(counts, key=lambda s: (s in tickers, -counts[s], -len(s), s))

    def _remember_name(self, root: str, name: str) -> None:
        if " " not in name and len(name) >= MIN_MAKER_NAME:
            self._old_makers.setdefault(name, name in self._makers)
            self._makers[name] += 1
        for stem in _maker_stems(name):
            self._products.setdefault(stem, set()).add(root)

    def _forget_name(self, root: str, name: str) -> None:
        if " " not in name and len(name) >= MIN_MAKER_NAME:
            self._old_makers.setdefault(name, name in self._makers)
            _count(self._makers, name, -1)
        for stem in _maker_stems(name):
            _toggle(self._products, stem, root, False)

    def _with_maker(self, name: str) -> str:
        """A product named after its maker ("ZentaOne Max" of "Zenta": the maker's name and a
        capitalised continuation in one word) takes the maker's name: a product's
        specifications are claims about what its maker makes."""
        for stem in _maker_stems(name):
            if stem in self._makers:
                return stem
        return name

    def _share(self, documents_before: Mapping[str, int]) -> AliasChange:
        """Count again the documents of the names whose keys were renamed or given by more or
        fewer documents; say what changed."""
        old_names, self._old_names = self._old_names, {}
        renamed = frozenset(key for key, old in old_names.items() if self.names.get(key) != old)
        touched: set[str] = set()
        for key in renamed | documents_before.keys():
            old_name = old_names.get(key, self.names.get(key)) if key in old_names else self.names.get(key)
            old_count = documents_before.get(key)
            new_count = len(self._holders.get(key, ()))
            if old_count is None:
                old_count = new_count
            if old_name is not None and old_count:
                _count(self._documents, old_name, -old_count)
                touched.add(old_name)
            new_name = self.names.get(key)
            if new_name is not None and new_count:
                self._documents[new_name] += new_count
                touched.add(new_name)
        now_shared, no_longer = set(), set()
        for name in touched:
            shared = self._documents[name] > 1
            if shared and name not in self.shared:
                self.shared.add(name)
                now_shared.add(name)
            elif not shared and name in self.shared:
                self.shared.discard(name)
                no_longer.add(name)
        return AliasChange(renamed, frozenset(now_shared), frozenset(no_longer))


def _count(counter: dict, item, change: int) -> None:
    """Add ``change`` to ``item``'s count, dropping it at zero."""
    count = counter.get(item, 0) + change
    if count > 0:
        counter[item] = count
    else:
        counter.pop(item, None)


def _put(lookup: dict[str, str | set[str]], key: str, item: str) -> None:
    """Add ``item`` to the items of ``key`` (a lone item is kept as itself, more as a set)."""
    held = lookup.get(key)
    if held is None:
        lookup[key] = item
    elif isinstance(held, set):
        held.add(item)
    elif held != item:
        lookup[key] = {held, item}


def _take(lookup: dict[str, str | set[str]], key: str, item: str) -> None:
    """Take ``item`` out of the items of ``key`` (``_put``)."""
    held = lookup.get(key)
    if isinstance(held, set):
        held.discard(item)
        if len(held) == 1:
            lookup[key] = next(iter(held))
    elif held == item:
        del lookup[key]


def _items(lookup: dict[str, str | set[str]], key: str) -> Collection[str]:
    """The items of ``key`` (``_put``)."""
    held = lookup.get(key)
    return () if held is None else held if isinstance(held, set) else (held,)


def _toggle(lookup: dict[str, set], key: str, item, present: bool) -> None:
    """Add ``item`` to ``lookup[key]`` or take it out (dropping an empty set)."""
    items = lookup.setdefault(key, set())
    if present:
        items.add(item)
    else:
        items.discard(item)
        if not items:
            del lookup[key]


def _prefix_words(keys: Iterable[str]) -> set[str]:
    """The one-word keys whose prefix join changes of ``keys`` may change: a key's first word
    and its plural, and the last of a two-word key."""
    words: set[str] = set()
    for key in keys:
        parts = key.split()
        if parts:
            words.update((parts[0], f"{parts[0]}s"))  # "Green Party" may be what "Greens" stands for
            if len(parts) == 2:
                words.add(parts[1])
    return words


def _maker_stems(name: str) -> list[str]:
    """The makers' names a product's name may start with, shortest first: its first word cut
    before a capital or a digit ("Zenta" of "ZentaOne Max"), MIN_MAKER_NAME letters or more."""
    if len(name) <= MIN_MAKER_NAME:
        return []
    parts = name.split()
    first = parts[0] if parts else name
    tail = first[MIN_MAKER_NAME:]
    if not tail or tail.isalpha() and tail.islower():
        return []  # no capital or digit to cut at
    return [first[:cut] for cut in range(MIN_MAKER_NAME, len(first)) if first[cut].isupper() or first[cut].isdigit()]


def _all_pairs(block: set[str]) -> bool:
    """Whether typo matching compares every pair of ``block`` that lengths allow."""
    lengths = sorted(len(key) for key in block)
    total = 0
    for i, length in enumerate(lengths):
        total += bisect.bisect_right(lengths, _longest_match(length), i + 1) - i - 1
        if total > MAX_BLOCK_COMPARISONS:
            return False
    return True


def _typo_pairs(block: list[str]) -> set[Pair]:
    """The pairs of a block (sorted by length, then key) that a typo joins."""
    lengths = [len(k) for k in block]
    ends = [bisect.bisect_right(lengths, _longest_match(len(key)), i + 1) for i, key in enumerate(block)]
    if sum(end - i - 1 for i, end in enumerate(ends)) <= MAX_BLOCK_COMPARISONS:
        compared: Iterable[tuple[str, list[str]]] = ((key, block[i + 1:end]) for i, (key, end) in enumerate(zip(block, ends)))
    else:
        compared = _neighbours(block)
    found = set()
    for key, others in compared:
        for other in _close_spellings(key, others):
            if _same_shape(key, other):
                found.add((min(key, other), max(key, other)))
    return found


def _typo_pairs_of(key: str, others: Sequence[str]) -> set[Pair]:
    """The pairs a typo makes of ``key`` and keys of its block (every pair compared)."""
    reach = _longest_match(len(key))
    within = [other for other in others if len(other) <= reach and len(key) <= _longest_match(len(other))]
    return {(min(key, other), max(key, other)) for other in _close_spellings(key, within)
            if _same_shape(key, other)}


def _close_spellings(key: str, others: Sequence[str]) -> list[str]:
    """The keys of ``others`` whose rapidfuzz ratio with ``key`` reaches FUZZY_CUTOFF (rapidfuzz
    is imported here, not with the module: a warm re-check clusters nothing)."""
    from rapidfuzz import fuzz, process

    return [other for other, _, _ in process.extract(key, others, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                     limit=None)]


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
    return _NOT_DIGITS.sub("", key)


def _same_shape(a: str, b: str) -> bool:
    """Same number of words, or the same letters spaced differently ("soft bank")."""
    return len(a.split()) == len(b.split()) or a.replace(" ", "") == b.replace(" ", "")
