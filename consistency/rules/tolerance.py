"""The tolerance model every rule shares: when two figures or two times really disagree.

A figure means an interval, not a point: its qualifier is already applied to ``value``
("up to 192" is [0, 192], "more than 5" is [5, open)) and its implied precision widens it
further ("$6.3 billion" is [6.25, 6.35] billion). Two figures disagree only when these
widened intervals are disjoint. Times agree when their spans overlap.

Decisions (documented here because every rule inherits them):

- Time scopes: two figures are compared when both have no time scope or their scopes
  overlap. When exactly one has a scope, they are compared only if that scope is an open
  deadline ("10 GW by 2029" vs "10 GW"); a figure dated to a year, quarter or day
  ("2025 revenue") is not compared with an undated one, which may be about another year.
- Revisions: a figure stated as revised ("raised from 5 GW to 7 GW", "up from", "revised")
  is not a contradiction of any other figure: the text itself says the number changed.
- Tallies: a subject that changes by nature (a toll, a revenue) is compared across articles
  only as of one time. A tally that only grows while a story develops (the dead, the
  arrested: data/frames.toml ``cumulative``) is also compared across days, one way: a later
  article's figure below an earlier one's, within TALLY_DAYS, contradicts it.
- Updates: a figure its article gives as changed ("now has 60,000 seats") explains a
  difference from figures said before it or on its day, not from one an article of the
  UPDATE_DAYS (31) after it gives without a word of change: those two are compared.
- Money in a foreign currency is compared in its own currency when both sides use it
  (no FX noise); otherwise in USD, the converted side widened by the FX tolerance.
"""
from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta

from consistency.link.lexicon import load
from consistency.model import Claim, Finding, Interval, Subject, TimeSpan
from consistency.normalize.units import USD, format_quantity
from consistency.rules.base import Rule, RuleContext

NUMERIC_KINDS = ("money", "quantity", "count", "percent", "duration")
# A time scope this coarse or finer pins a figure to a period ("2025 revenue").
DATED_GRAINS = ("day", "month", "quarter", "half", "part", "season", "year", "fiscal_year")
# A ratio this close to 1000 (or 1/1000) reads as a unit-prefix or scale-word swap.
# Predicates of tallies that only grow (the last word of a subject's attribute: "people kill").
_CUMULATIVE = frozenset(load("frames.toml")["stability"]["cumulative"])
# Days after an article within which a later one's lower tally contradicts it.
TALLY_DAYS = 14

# Days after an update within which a later article's other figure, said without a change,
# disagrees with it.
UPDATE_DAYS = 31

SCALE_FACTOR = 1000.0
SCALE_SLACK = 0.02

_QUALIFIER_WORDS = {
    "about": "about ", "at_least": "at least ", "more_than": "more than ",
    "at_most": "up to ", "less_than": "less than ", "exactly": "",
}


# --- figures -------------------------------------------------------------------------------


def widened(claim: Claim) -> Interval:
    """The claim's value widened by its implied precision; open ends stay open."""
    value = claim.value
    if value is None:
        raise ValueError(f"claim {claim.id} has no numeric value")
    p = claim.precision or 0.0
    return Interval(None if value.lo is None else value.lo - p, None if value.hi is None else value.hi + p)


def stated_value(claim: Claim) -> float:
    """The single number the writer wrote, in the canonical unit ("up to 5 GW" -> 5e9 W)."""
    value = claim.value
    if value is None or (value.lo is None and value.hi is None):
        raise ValueError(f"claim {claim.id} has no numeric value")
    if claim.qualifier in ("at_most", "less_than") and value.hi is not None:
        return value.hi
    if claim.qualifier in ("at_least", "more_than") and value.lo is not None:
        return value.lo
    if value.lo is None or value.hi is None:
        return value.hi if value.lo is None else value.lo  # type: ignore[return-value]
    return (value.lo + value.hi) / 2


def is_foreign_money(claim: Claim) -> bool:
    return claim.kind == "money" and claim.original_unit not in (None, USD)


def values_disagree(a: Claim, b: Claim, fx: float = 0.0, numeric: float = 0.0) -> bool:
    """True when the two figures' widened intervals are disjoint.

    Two amounts in the same foreign currency are compared as written; an amount converted
    from a foreign currency is widened by the relative FX tolerance ``fx``; every figure by
    the relative ``numeric`` tolerance (configuration ``tolerance.numeric``).
    """
    ia, ib = _comparable_intervals(a, b, fx, numeric)
    if not ia.overlaps(ib):
        return True
    # Intervals that only touch, where both ends are a precision's half step ("$12 billion",
    # 11.5 to 12.5, and "$11 billion", 10.5 to 11.5): no value is written as both.
    rounded = a.qualifier is None and b.qualifier is None and bool(a.precision) and bool(b.precision)
    touching = ia.hi is not None and ib.lo is not None and math.isclose(ia.hi, ib.lo, rel_tol=1e-9) \
        or ib.hi is not None and ia.lo is not None and math.isclose(ib.hi, ia.lo, rel_tol=1e-9)
    return rounded and touching and numeric == 0


def _relatively_widened(interval: Interval, slack: float) -> Interval:
    if slack <= 0:
        return interval
    return Interval(None if interval.lo is None else interval.lo - abs(interval.lo) * slack,
                    None if interval.hi is None else interval.hi + abs(interval.hi) * slack)


def _comparable_intervals(a: Claim, b: Claim, fx: float, numeric: float) -> tuple[Interval, Interval]:
    if _same_written_currency(a, b):
        return _written_interval(a, numeric), _written_interval(b, numeric)
    return _usd_interval(a, fx, numeric), _usd_interval(b, fx, numeric)


def _same_written_currency(a: Claim, b: Claim) -> bool:
    currency = _written_currency(a)
    return currency is not None and currency == _written_currency(b)


def _written_currency(claim: Claim) -> str | None:
    """The foreign currency an amount was written in, when its written value is known: two
    such amounts in one currency are compared as written."""
    return claim.original_unit if is_foreign_money(claim) and claim.original_value is not None else None


def _usd_interval(claim: Claim, fx: float, numeric: float) -> Interval:
    """The interval ``values_disagree`` compares unless both amounts share a written currency."""
    return _relatively_widened(_fx_widened(claim, fx), numeric)


def _written_interval(claim: Claim, numeric: float) -> Interval:
    """The interval ``values_disagree`` compares for two amounts in one written currency."""
    return _relatively_widened(_original_widened(claim), numeric)


def _original_widened(claim: Claim) -> Interval:
    rate = claim.fx_rate or 1.0
    p = (claim.precision or 0.0) / rate
    v = claim.original_value
    assert v is not None
    return Interval(None if v.lo is None else v.lo - p, None if v.hi is None else v.hi + p)


def _fx_widened(claim: Claim, fx: float) -> Interval:
    interval = widened(claim)
    if not is_foreign_money(claim) or fx <= 0:
        return interval
    return Interval(None if interval.lo is None else interval.lo * (1 - fx),
                    None if interval.hi is None else interval.hi * (1 + fx))


def ratio(a: Claim, b: Claim) -> float:
    """How many times larger the larger stated value is (>= 1; inf when one is zero)."""
    return value_ratio(stated_value(a), stated_value(b))


def is_unit_scale(a: Claim, b: Claim) -> bool:
    """The two stated values are 1000x apart (within 2%): MW for GW, million for billion."""
    r = ratio(a, b)
    return abs(r / SCALE_FACTOR - 1) <= SCALE_SLACK


def describe(claim: Claim, as_written: bool = True) -> str:
    """A figure as people write it, with its qualifier: "up to 192 cores", "7 GW to 10 GW";
    an amount in the currency it was written in ("€54 million"), or with ``as_written`` False
    in dollars ("$62.6 million")."""
    value = claim.value
    unit = claim.unit or ""
    if value is None or claim.kind == "duration":
        return " ".join(claim.text.split())  # "21 years", not 7,670.25 days
    currency = _written_currency(claim) if as_written else None  # only with a written value
    if currency is not None:
        return describe(replace(claim, value=claim.original_value, unit=currency, original_unit=None))
    if claim.qualifier and claim.qualifier in _QUALIFIER_WORDS:
        return _QUALIFIER_WORDS[claim.qualifier] + format_quantity(stated_value(claim), unit)
    if value.lo is not None and value.hi is not None and value.lo != value.hi:
        return f"{format_quantity(value.lo, unit)} to {format_quantity(value.hi, unit)}"
    return format_quantity(stated_value(claim), unit)


def cite(claim: Claim) -> str:
    """A figure and where it was said: "10 GW ('10-gigawatt', Title A)"; an earlier value as
    such: "45,000 seats as the earlier figure (Title B)"."""
    said = describe(claim)
    if claim.status == "earlier":
        said += " as the earlier figure"
    written = " ".join(claim.text.split())
    return f"{said} ({claim.title})" if said.startswith(written) else f"{said} ('{written}', {claim.title})"


# --- times ---------------------------------------------------------------------------------


def times_compatible(a: Claim, b: Claim) -> bool:
    """Whether two figures speak of the same period and may be compared (see module doc).

    Figures of a subject that changes by nature (revenue, a toll) in two articles are
    compared only when both hold as of times that overlap (their own time scopes, else the
    articles' dates); an undated figure of such a subject is compared within its article."""
    subject = a.subject
    if subject is not None and subject.changing and a.document_id != b.document_id:
        if a.as_of is None or b.as_of is None:
            return False
        if not a.as_of.overlaps(b.as_of) and not (is_tally(subject) and tally_fell(a, b)):
            return False
    if a.time is None and b.time is None:
        return True
    if a.time is not None and b.time is not None:
        return a.time.overlaps(b.time)
    scoped = a.time or b.time
    assert scoped is not None
    return scoped.grain not in DATED_GRAINS


def is_tally(subject: Subject) -> bool:
    """Whether a subject is a tally that only grows while its story develops ("people kill")."""
    return subject.changing and subject.attribute.rsplit(" ", 1)[-1] in _CUMULATIVE


def tally_fell(a: Claim, b: Claim) -> bool:
    """Whether, of two figures as of different days at most TALLY_DAYS apart, the later one is
    the lower: a tally that went down."""
    if a.as_of is None or b.as_of is None or a.as_of.overlaps(b.as_of):
        return False
    early, late = sorted((a, b), key=lambda c: c.as_of.start or date.min)  # type: ignore[union-attr]
    start, end = early.as_of.start, late.as_of.start  # type: ignore[union-attr]
    if start is None or end is None or (end - start).days > TALLY_DAYS or early.value is None or late.value is None:
        return False
    return late.value.hi is not None and early.value.lo is not None and late.value.hi < early.value.lo


def spans_disagree(a: TimeSpan, b: TimeSpan) -> bool:
    """True when the two spans do not overlap at all."""
    return not a.overlaps(b)


def event_span(claim: Claim) -> TimeSpan | None:
    """When an event happened or will happen.

    The extract stage already turns "by 2029", "before March", "since 2024" into open
    spans; "as of January 2026" keeps the month, but says the event had happened by its
    end, so its start is opened here.
    """
    span = claim.time
    if span is not None and claim.time_relation == "as_of":
        return replace(span, start=None)
    return span


# --- modality ------------------------------------------------------------------------------


def is_revision(a: Claim, b: Claim) -> bool:
    """True when either claim is stated as a revision ("raised from X to Y", "up from X") or as
    what a figure changed to ("raised its capacity to 1.4 GW", "now costs"), so that a
    difference from the other is the change. Two figures that both say what something changed
    to, as of one time ("cut its forecast to $12 billion", "lowering its forecast to $11
    billion", the same day), are two accounts of one change: not a revision of each other; nor
    are two figures that both name the same period of their own ("rose to 412,000 pounds in
    May", "cost 398,000 pounds in May"), nor an update and a figure an article of the
    UPDATE_DAYS after it gives without a word of change."""
    if a.modality == "revised" or b.modality == "revised":
        return True
    if a.time is not None and b.time is not None and (a.time.start, a.time.end) == (b.time.start, b.time.end) \
            and not a.time_relation and not b.time_relation:
        return False  # "rose to 412,000 pounds in May" and "cost 398,000 pounds in May": May's value, twice
    if a.status == b.status == "updated":
        return a.as_of is None or b.as_of is None or not a.as_of.overlaps(b.as_of)
    if "updated" not in (a.status, b.status):
        return False
    # An update explains a difference from what was said before it or as it came out, not from
    # what an article of the weeks after it says without a word of change: that one disagrees
    # with it (later still, the figure may have changed again).
    update, other = (a, b) if a.status == "updated" else (b, a)
    return update.published is None or other.published is None \
        or not 0 < (other.published - update.published).days <= UPDATE_DAYS


def accounts_of_one_value(a: Claim, b: Claim) -> bool:
    """Whether one of two figures gives a subject's earlier value (status "earlier": "up from
    the original plan of 45,000 seats") and the other is what an article published before it
    said that value was (neither an update nor an earlier value itself)."""
    old, other = (a, b) if a.status == "earlier" else (b, a)
    if other.status in ("earlier", "updated") or other.modality == "revised":
        return False
    return old.published is not None and other.published is not None and other.published < old.published


def is_conversion_pair(a: Claim, b: Claim) -> bool:
    return a.converts_to == b.id or b.converts_to == a.id


def numeric_candidates(claims: Iterable[Claim]) -> list[Claim]:
    """Claims a value rule may compare: numeric, with a value, not rumored, and not the
    foreign-currency side of a stated conversion (its USD side speaks for it)."""
    return [c for c in claims
            if c.kind in NUMERIC_KINDS and c.value is not None and c.unit
            and c.modality != "rumored"
            and not (c.converts_to and is_foreign_money(c))]


def comparable(a: Claim, b: Claim) -> bool:
    """Whether two figures may be compared at all: same kind and unit (counts of one subject
    count one thing: "employs 410 people", "its 520 employees"), neither a revision of the
    other, and comparable times."""
    return same_measure_unit(a, b) and not is_revision(a, b) and times_compatible(a, b)


def same_measure_unit(a: Claim, b: Claim) -> bool:
    """Same kind and unit; counts of one subject in any noun count one thing."""
    return a.kind == b.kind and (a.unit == b.unit or a.kind == "count")


def value_pair_conflict(a: Claim, b: Claim, fx: float, numeric: float = 0.0) -> str | None:
    """How two figures about one subject conflict: "scale" (1000x apart), "value", or None.

    The shared judgement behind CC101, CC107 and CC108 (callers decide same or different
    documents): same unit, comparable times, neither a revision nor a conversion pair,
    and intervals disjoint after precision and qualifiers.
    """
    if is_conversion_pair(a, b):
        return None
    if "earlier" in (a.status, b.status):
        if not (same_measure_unit(a, b) and accounts_of_one_value(a, b)):
            return None
    elif not comparable(a, b):
        return None
    if not values_disagree(a, b, fx, numeric):
        return None
    return "scale" if is_unit_scale(a, b) else "value"


def figures_by_sentence(claims: Iterable[Claim]) -> list[tuple[str, list[Claim]]]:
    """The figures a value rule may compare (``numeric_candidates``), by sentence: each
    sentence's text and its figures in text order, sentences in (document, text) order."""
    sentences: dict[tuple[str, str], list[Claim]] = {}
    for c in numeric_candidates(claims):
        sentences.setdefault((c.document_id, c.sentence), []).append(c)
    return [(sentence, sorted(members, key=lambda c: c.start)) for (_, sentence), members in sorted(sentences.items())]


def positions_in_sentence(sentence: str, members: Sequence[Claim]) -> list[tuple[int, int, Claim]]:
    """Each claim's offsets in its sentence, found in text order (``members`` sorted by start)."""
    found, at = [], 0
    for c in members:
        i = sentence.find(c.text, at)
        if i < 0:
            continue
        found.append((i, i + len(c.text), c))
        at = i + len(c.text)
    return found


def same_sentence(a: Claim, b: Claim) -> bool:
    return a.document_id == b.document_id and a.sentence == b.sentence


def clusters(claims: Sequence[Claim], fx: float = 0.0, numeric: float = 0.0) -> list[list[Claim]]:
    """Claims grouped so that figures whose intervals overlap (transitively) share a cluster;
    clusters sorted by their smallest stated value, members by document and position.

    A sweep, not all pairs: over the USD intervals for every pair but two amounts in one
    foreign currency, then over the written intervals within each currency for those."""
    joined = UnionFind(len(claims))

    def agree(i: int, j: int) -> bool:
        return not values_disagree(claims[i], claims[j], fx, numeric)

    sweep([(_usd_interval(c, fx, numeric), i) for i, c in enumerate(claims)], agree, joined.union)
    by_currency: dict[str, list[tuple[Interval, int]]] = {}
    for i, c in enumerate(claims):
        currency = _written_currency(c)
        if currency is not None:
            by_currency.setdefault(currency, []).append((_written_interval(c, numeric), i))
    for currency in sorted(by_currency):
        sweep(by_currency[currency], agree, joined.union)
    groups: dict[int, list[Claim]] = {}
    for i, claim in enumerate(claims):
        groups.setdefault(joined.find(i), []).append(claim)
    ordered = [sorted(g, key=claim_order) for g in groups.values()]
    ordered.sort(key=lambda g: (min(stated_value(c) for c in g), claim_order(g[0])))
    return ordered


class UnionFind:
    """Disjoint sets of the integers 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _low(interval: Interval) -> float:
    return -math.inf if interval.lo is None else interval.lo


def _high(interval: Interval) -> float:
    return math.inf if interval.hi is None else interval.hi


def sweep(items: list[tuple[Interval, int]], agree: Callable[[int, int], bool],
           union: Callable[[int, int], None]) -> None:
    """``union`` every two items whose intervals overlap and that ``agree`` (which implies the
    overlap). Items are taken by low end: one meets only earlier items still open at its low
    end, kept in groups already joined; a group is joined through its first open member that
    agrees, and closed members are dropped as they are met, so a run of overlapping items
    costs about one check each, not one per pair."""
    groups: list[tuple[list[float], list[tuple[float, int]]]] = []  # ([highest end], members)
    for interval, i in sorted(items, key=lambda item: (_low(item[0]), item[1])):
        low = _low(interval)
        joined: list[tuple[list[float], list[tuple[float, int]]]] = []
        still = []
        for group in groups:
            top, members = group
            if top[0] < low:
                continue
            if _meets(members, low, i, agree, union):
                joined.append(group)
            else:
                still.append(group)
        joined.sort(key=lambda g: len(g[1]), reverse=True)
        top, members = joined[0] if joined else ([-math.inf], [])
        for _, others in joined[1:]:
            members.extend(others)
        top[0] = max([top[0], _high(interval)] + [g[0][0] for g in joined[1:]])
        members.append((_high(interval), i))
        groups = still + [(top, members)]


def _meets(members: list[tuple[float, int]], low: float, i: int, agree: Callable[[int, int], bool],
           union: Callable[[int, int], None]) -> bool:
    """Whether item ``i`` agrees with an open member (high end >= ``low``), joined if so;
    closed members met on the way are removed."""
    k = 0
    while k < len(members):
        high, j = members[k]
        if high < low:
            members[k] = members[-1]
            members.pop()
        elif agree(j, i):
            union(j, i)
            return True
        else:
            k += 1
    return False


def power_count_pairs(claims: Iterable[Claim]) -> list[tuple[Claim, Claim]]:
    """(power, count) pairs stated as equivalent: the only power figure and the only count
    (with a subject) in one sentence ("1.2 GW is enough to power 750,000 homes")."""
    sentences: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if c.kind in ("quantity", "count") and c.value is not None and c.modality != "rumored":
            sentences.setdefault((c.document_id, c.sentence), []).append(c)
    pairs = []
    for key in sorted(sentences):
        members = sentences[key]
        powers = [c for c in members if c.kind == "quantity" and c.unit == "W"]
        counts = [c for c in members if c.kind == "count" and c.subject is not None and c.status != "earlier"]
        if len(powers) != 1 or len(counts) != 1:
            continue
        power, count = powers[0], counts[0]
        if power.subject is not None and power.subject.entity != count.subject.entity:  # type: ignore[union-attr]
            continue
        if stated_value(power) > 0:
            pairs.append((power, count))
    return pairs


def shared_power_count_pairs(ctx: RuleContext) -> list[tuple[Claim, Claim]]:
    """``power_count_pairs`` of the run's claims, computed once for all rules."""
    return ctx.once("power_count_pairs", lambda: power_count_pairs(ctx.claims))


def yardsticks(ctx: RuleContext) -> frozenset[str]:
    """Ids of counts stated as the equivalent of a power ("enough for 750,000 homes"): a
    yardstick of that power, compared by CC105 as a rate, never as a value of its own."""
    return ctx.once("yardsticks", lambda: frozenset(count.id for _, count in shared_power_count_pairs(ctx)))


# --- findings ------------------------------------------------------------------------------


def claim_order(claim: Claim) -> tuple[str, int, int]:
    return (claim.document_id, claim.start, claim.end)


def sorted_claims(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Unique claims sorted by document and position, as Finding.claims wants them."""
    unique = {c.id: c for c in claims}
    return tuple(sorted(unique.values(), key=claim_order))


def fingerprint(rule: str, subject: Subject, claims: Iterable[Claim]) -> str:
    """A stable id for a finding: rule, subject, normalized values and file paths; no lines."""
    claims = list(claims)
    values = sorted(normalized(c) for c in claims)
    paths = sorted({c.location.path for c in claims})
    return _digest([rule, subject.label, *values, "\x1e", *paths])


def cluster_fingerprint(rule: str, subject: Subject, identities: Iterable[str]) -> str:
    """A stable id for a finding of value clusters: rule, subject and each cluster's identity
    (its representative's normalized value), not which claims or files state them."""
    return _digest([rule, subject.label, *sorted(identities)])


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def normalized(claim: Claim) -> str:
    """A claim's kind, unit, normalized value and time scope, as fingerprints compare them."""
    value = claim.value.as_list() if claim.value is not None else None
    time = claim.time.as_list() if claim.time is not None else None
    return f"{claim.kind}|{claim.unit}|{value!r}|{time!r}"


def format_span(claim: Claim) -> str:
    """A date claim in the reader's words, with its document: "April 2026 (Title B)"."""
    return f"{claim.text} ({claim.title})"


def published_on_or_after(claim: Claim, day: date | None) -> bool:
    """True when the claim's document was published on or after ``day`` or has no date."""
    return claim.published is None or day is None or claim.published >= day


def conflicting_pairs(claims: Sequence[Claim], fx: float, conflict: str, same_document: bool,
                      skip: frozenset[str] = frozenset(), numeric: float = 0.0,
                      headline: bool | None = None) -> list[tuple[Claim, Claim]]:
    """Pairs of one subject's figures with the given ``value_pair_conflict`` verdict, from
    different documents (CC101, CC107) or from one document (CC108, never one sentence), in
    the order of the figures. ``headline`` True keeps only pairs with a headline claim, False
    only pairs without one (None: all). See ``Figures`` for which pairs conflict."""
    figures = Figures(claims, fx, numeric, same_document, skip, headline)
    return figures.pairs(conflict)


def conflicting_figures(claims: Sequence[Claim], fx: float, same_document: bool,
                        skip: frozenset[str] = frozenset(), numeric: float = 0.0,
                        headline: bool | None = None) -> dict[str, list[Claim]]:
    """The figures of ``conflicting_pairs`` with the "value" verdict, by the unit of the first
    figure of each pair (counts of one subject in different nouns are compared), found without
    listing the pairs."""
    return Figures(claims, fx, numeric, same_document, skip, headline).in_conflict()


_Group = list[tuple[int, Claim]]


class Figures:
    """One subject's figures that a value rule compares, in groups that are comparable pair by pair
    as wholes: one kind, unit, written currency, time scope, updated or not, and as-of time when
    it matters (a changing subject across documents, updated figures); one document each when
    the rule compares figures within documents. Groups are paired by ``comparable`` on one
    figure of each; within a pair of groups a figure's disagreeing partners are those whose
    intervals lie beyond its own, found from the ends of the group sorted by interval ends
    (or, for "scale", by stated value), so no pair that agrees is ever judged.

    Two documents' figures do not conflict when one of the documents gives the other's figure
    as the old value of a revision ("now $710 million, up from $640 million" against an earlier
    "$640 million"): it says the figure changed. A revised figure itself conflicts with none,
    unless it is an account of an earlier value (status "earlier"): those few are judged
    against every other figure (``accounts_of_one_value``)."""

    def __init__(self, claims: Sequence[Claim], fx: float, numeric: float, same_document: bool,
                 skip: frozenset[str], headline: bool | None) -> None:
        self.fx, self.numeric, self.same_document, self.headline = fx, numeric, same_document, headline
        candidates = [c for c in numeric_candidates(claims) if c.id not in skip]
        self.superseded: dict[str, list[Claim]] = {}
        for c in candidates:
            if c.modality == "revised":
                self.superseded.setdefault(c.document_id, []).append(c)
        groups: dict[tuple[object, ...], _Group] = {}
        self.earlier: _Group = []
        self.others: _Group = []
        for index, c in enumerate(candidates):
            if headline is False and c.headline:
                continue
            if c.status == "earlier":
                self.earlier.append((index, c))
                continue
            self.others.append((index, c))
            if c.modality != "revised":
                groups.setdefault(self._key(c), []).append((index, c))
        self.groups = list(groups.values())
        self._sorted: dict[tuple[int, str], tuple[list[float], list[float], list[float], _Group]] = {}

    def _key(self, c: Claim) -> tuple[object, ...]:
        timed = c.status == "updated" or not self.same_document and c.subject is not None and c.subject.changing
        return (c.document_id if self.same_document else "", c.kind, "" if c.kind == "count" else c.unit,
                c.unit, _written_currency(c), c.time, timed, c.as_of if timed else None, c.status == "updated")

    def group_pairs(self) -> list[tuple[_Group, _Group]]:
        """Pairs of groups (a group with itself too) whose figures may be compared."""
        by_block: dict[tuple[object, ...], list[_Group]] = {}
        for group in self.groups:
            by_block.setdefault(self._key(group[0][1])[:3], []).append(group)
        pairs = []
        for block in by_block.values():
            timed = [g for g in block if self._key(g[0][1])[6]]
            plain = [g for g in block if not self._key(g[0][1])[6]]
            for i, g in enumerate(plain):
                pairs.extend((g, h) for h in plain[i:] if comparable(g[0][1], h[0][1]))
                # an update against the figures of a subject that does not change by nature, of
                # later articles (``is_revision``; the figures are judged pair by pair)
                pairs.extend((g, h) for h in timed if h[0][1].status == "updated"
                             and (h[0][1].subject is None or not h[0][1].subject.changing)
                             and same_measure_unit(g[0][1], h[0][1]))
            # As-of times must overlap: groups by start, each against those that start before it ends.
            timed = sorted((g for g in timed if g[0][1].as_of is not None),
                           key=lambda g: g[0][1].as_of.start or date.min)  # type: ignore[union-attr]
            tally = bool(timed) and timed[0][0][1].subject is not None and is_tally(timed[0][0][1].subject)
            for i, g in enumerate(timed):
                end = g[0][1].as_of.end  # type: ignore[union-attr]
                if tally and end is not None:
                    end += timedelta(days=TALLY_DAYS)  # a later day's lower tally is compared too (``tally_fell``)
                for h in timed[i:]:
                    start = h[0][1].as_of.start  # type: ignore[union-attr]
                    if end is not None and start is not None and start >= end:
                        break
                    if comparable(g[0][1], h[0][1]):
                        pairs.append((g, h))
        return pairs

    def verdict(self, a: Claim, b: Claim) -> str | None:
        """``value_pair_conflict`` of two figures, None for a pair the rule does not compare."""
        if (a.document_id == b.document_id) != self.same_document:
            return None
        if self.same_document and same_sentence(a, b):
            return None
        if self.headline is not None and (a.headline or b.headline) != self.headline:
            return None
        if not self.same_document and (
                _acknowledged(a, self.superseded.get(b.document_id, ()), self.fx, self.numeric)
                or _acknowledged(b, self.superseded.get(a.document_id, ()), self.fx, self.numeric)):
            return None
        return value_pair_conflict(a, b, self.fx, self.numeric)

    def _interval(self, c: Claim, written: bool) -> Interval:
        return _written_interval(c, self.numeric) if written else _usd_interval(c, self.fx, self.numeric)

    def _ends(self, group: _Group, written: bool) -> tuple[list[float], list[float], list[float], _Group]:
        """The group's high ends ascending, and its low ends descending (negated), with the members
        in each order: ([high], [-low], members by high, members by low)."""
        key = (id(group), "written" if written else "usd")
        if key not in self._sorted:
            ends = [(self._interval(c, written), (i, c)) for i, c in group]
            by_high = sorted(ends, key=lambda e: (_high(e[0]), e[1][0]))
            by_low = sorted(ends, key=lambda e: (-_low(e[0]), e[1][0]))
            self._sorted[key] = ([_high(e[0]) for e in by_high], [-_low(e[0]) for e in by_low],
                                 [e[1] for e in by_high] + [e[1] for e in by_low], group)
        return self._sorted[key]

    def beyond(self, c: Claim, group: _Group, written: bool) -> Iterator[tuple[int, Claim]]:
        """The group's figures whose intervals are disjoint from ``c``'s or touch it (the only
        ones ``values_disagree`` can flag), farthest first: those below, then those above."""
        highs, lows, members, _ = self._ends(group, written)
        interval = self._interval(c, written)
        low, high = _low(interval), _high(interval)
        below = bisect_right(highs, low + _TOUCH * abs(low)) if low > -math.inf else 0
        above = bisect_right(lows, -(high - _TOUCH * abs(high))) if high < math.inf else 0
        yield from members[:below]
        yield from members[len(highs):len(highs) + above]

    def scaled(self, c: Claim, group: _Group) -> Iterator[tuple[int, Claim]]:
        """The group's figures whose stated value is about 1000x or 1/1000x ``c``'s (``is_unit_scale``)."""
        key = (id(group), "stated")
        if key not in self._sorted:
            stated = sorted((abs(stated_value(d)), (i, d)) for i, d in group if _has_value(d))
            self._sorted[key] = ([v for v, _ in stated], [], [m for _, m in stated], group)
        values, _, members, _ = self._sorted[key]
        if not _has_value(c):
            return
        size = abs(stated_value(c))
        for lo, hi in ((size * SCALE_FACTOR * (1 - SCALE_SLACK), size * SCALE_FACTOR * (1 + SCALE_SLACK)),
                       (size / (SCALE_FACTOR * (1 + SCALE_SLACK)), size / (SCALE_FACTOR * (1 - SCALE_SLACK)))):
            first = bisect_left(values, lo * (1 - _TOUCH))
            last = bisect_right(values, hi * (1 + _TOUCH))
            yield from members[first:last]

    def _sides(self) -> Iterator[tuple[_Group, _Group, bool]]:
        """Each pair of comparable groups both ways round (once for a group with itself), and
        whether their amounts are compared as written."""
        for g, h in self.group_pairs():
            written = _same_written_currency(g[0][1], h[0][1])
            yield g, h, written
            if g is not h:
                yield h, g, written

    def _earlier_pairs(self, conflict: str) -> Iterator[tuple[tuple[int, Claim], tuple[int, Claim]]]:
        """Each account of an earlier value with each figure it conflicts with, in figure order."""
        for i, c in self.earlier:
            for j, d in self.others:
                if not self.headline or c.headline or d.headline:
                    pair = ((i, c), (j, d)) if i < j else ((j, d), (i, c))
                    if self.verdict(pair[0][1], pair[1][1]) == conflict:
                        yield pair

    def pairs(self, conflict: str) -> list[tuple[Claim, Claim]]:
        """The pairs with the ``conflict`` verdict, in the order of the figures."""
        found: dict[tuple[int, int], tuple[Claim, Claim]] = {
            (a[0], b[0]): (a[1], b[1]) for a, b in self._earlier_pairs(conflict)}
        for g, h, written in self._sides():
            for i, c in g:
                if self.headline and not c.headline:
                    continue
                partners = self.scaled(c, h) if conflict == "scale" else self.beyond(c, h, written)
                for j, d in partners:
                    pair = ((i, c), (j, d)) if i < j else ((j, d), (i, c))
                    key = (pair[0][0], pair[1][0])
                    if key not in found and self.verdict(pair[0][1], pair[1][1]) == conflict:
                        found[key] = (pair[0][1], pair[1][1])
        return [found[key] for key in sorted(found)]

    def in_conflict(self) -> dict[str, list[Claim]]:
        """The figures in a pair with the "value" verdict, by the unit of the pair's first figure:
        for each figure, partners are looked for until one is found (two, one before and one
        after it, against a group of another unit)."""
        by_unit: dict[str, dict[str, Claim]] = {}
        for (_, c), (_, d) in self._earlier_pairs("value"):
            by_unit.setdefault(c.unit or "", {}).update({c.id: c, d.id: d})
        for g, h, written in self._sides():
            for i, c in g:
                wanted = {c.unit or "", h[0][1].unit or ""}
                wanted -= {u for u in wanted if c.id in by_unit.get(u, {})}
                if not wanted:
                    continue
                for j, d in self.beyond(c, h, written):
                    unit = (c if i < j else d).unit or ""
                    if unit in wanted and self.verdict(*((c, d) if i < j else (d, c))) == "value":
                        by_unit.setdefault(unit, {})[c.id] = c
                        wanted.discard(unit)
                        if not wanted:
                            break
        return {unit: list(members.values()) for unit, members in by_unit.items()}


# Ends within this relative distance may "touch" (``values_disagree`` uses math.isclose, rel_tol=1e-9).
_TOUCH = 2e-9


def _has_value(claim: Claim) -> bool:
    return claim.value is not None and (claim.value.lo is not None or claim.value.hi is not None)


def _acknowledged(figure: Claim, revised: Iterable[Claim], fx: float, numeric: float) -> bool:
    """Whether ``figure`` is one of the old values another document gives (``revised``)."""
    return any(r.unit == figure.unit and times_compatible(figure, r) and not values_disagree(figure, r, fx, numeric)
               for r in revised)


def make_finding(rule: Rule, subject: Subject, claims: Iterable[Claim], message: str) -> Finding:
    """A Finding of a rule, its claims sorted and fingerprinted."""
    ordered = sorted_claims(claims)
    return Finding(rule=rule.code, name=rule.name, severity=rule.severity, subject=subject,
                   message=message, claims=ordered, fingerprint=fingerprint(rule.code, subject, ordered))


def newest_note(claims: Iterable[Claim], say: Callable[[Claim], str] | None = None) -> str:
    """"; newest (2026-04-01): $1.5 billion" when the claims' articles were published on
    different days and those of the last day agree; "" otherwise. ``say`` shows a claim
    (default ``describe``)."""
    show = say or describe
    dated = [c for c in claims if c.published is not None and c.status != "earlier"]
    if len({c.published for c in dated}) < 2:
        return ""
    last = max(c.published for c in dated if c.published is not None)
    said = {show(c) for c in dated if c.published == last}
    return f"; newest ({last.isoformat()}): {said.pop()}" if len(said) == 1 else ""


def apart_text(a: Claim, b: Claim) -> str:
    """How far apart two figures are: "4.7% apart", "8.3× apart", "1,000× apart"; two
    percentages by their difference in points ("3 points apart"), two lengths of time by
    theirs ("33 seconds apart", "1.5 years apart")."""
    if a.unit == b.unit == "percent":
        points = abs(stated_value(a) - stated_value(b))
        return f"{points:.{0 if points == int(points) else 1}f} points apart"
    if a.kind == b.kind == "duration":
        return f"{_length(abs(stated_value(a) - stated_value(b)))} apart"
    return format_ratio(ratio(a, b))


# Lengths of time in days, largest first, with the word a gap of at least two of them is told in.
_LENGTHS = ((365.25, "years"), (30.4375, "months"), (1.0, "days"), (1 / 24, "hours"), (1 / 1440, "minutes"))


def _length(days: float) -> str:
    """A gap between two lengths of time as an editor reads it: "1.5 years", "33 seconds"."""
    for size, word in _LENGTHS:
        if days >= 2 * size:
            amount = days / size
            return f"{amount:.{0 if amount >= 10 or amount == int(amount) else 1}f} {word}"
    seconds = days * 86400
    return f"{seconds:.0f} seconds" if seconds >= 10 else f"{seconds:.2f}".rstrip("0").rstrip(".") + " seconds"


def value_ratio(x: float, y: float) -> float:
    """The larger magnitude over the smaller (>= 1; inf when one is zero)."""
    low, high = sorted((abs(x), abs(y)))
    return float("inf") if low == 0 else high / low


def format_ratio(r: float) -> str:
    """A ratio of two values (>= 1) as an editor reads it."""
    if r == float("inf"):
        return "one is zero"
    if r < 1.1:
        return f"{(r - 1) * 100:.1f}% apart"
    if r < 2:
        return f"{(r - 1) * 100:.0f}% apart"
    return f"{r:.1f}× apart" if r < 10 else f"{r:,.0f}× apart"


# --- changes in percent ----------------------------------------------------------------------


def implied_change(before: Interval, after: Interval) -> Interval | None:
    """The percent changes (as magnitudes) that two widened values allow, or None when a
    value is open or not positive."""
    if None in (before.lo, before.hi, after.lo, after.hi):
        return None
    assert before.lo is not None and before.hi is not None and after.lo is not None and after.hi is not None
    if before.lo <= 0 or after.lo < 0:
        return None
    low, high = after.lo / before.hi, after.hi / before.lo
    if low >= 1:
        return Interval((low - 1) * 100, (high - 1) * 100)
    if high <= 1:
        return Interval((1 - high) * 100, (1 - low) * 100)
    return Interval(0.0, max(1 - low, high - 1) * 100)  # either way: any small change fits


def format_percent(value: float) -> str:
    """A percentage as an editor reads it: one decimal under 10%."""
    return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"
