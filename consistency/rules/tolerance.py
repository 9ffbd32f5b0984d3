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
- Money in a foreign currency is compared in its own currency when both sides use it
  (no FX noise); otherwise in USD, the converted side widened by the FX tolerance.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

from consistency.model import Claim, Finding, Interval, Subject, TimeSpan
from consistency.normalize.units import USD, format_quantity
from consistency.rules.base import Rule, RuleContext

NUMERIC_KINDS = ("money", "quantity", "count", "percent", "duration")
# A time scope this coarse or finer pins a figure to a period ("2025 revenue").
DATED_GRAINS = ("day", "month", "quarter", "half", "part", "season", "year", "fiscal_year")
# A ratio this close to 1000 (or 1/1000) reads as a unit-prefix or scale-word swap.
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
    ia, ib = (_relatively_widened(i, numeric) for i in _comparable_intervals(a, b, fx))
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


def _comparable_intervals(a: Claim, b: Claim, fx: float) -> tuple[Interval, Interval]:
    if (is_foreign_money(a) and a.original_unit == b.original_unit
            and a.original_value is not None and b.original_value is not None):
        return _original_widened(a), _original_widened(b)
    return _fx_widened(a, fx), _fx_widened(b, fx)


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


def describe(claim: Claim) -> str:
    """A figure as people write it, with its qualifier: "up to 192 cores", "7 GW to 10 GW"."""
    value = claim.value
    unit = claim.unit or ""
    if value is None:
        return claim.text
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
    return f"{said} ({claim.title})" if said.startswith(claim.text) else f"{said} ('{claim.text}', {claim.title})"


# --- times ---------------------------------------------------------------------------------


def times_compatible(a: Claim, b: Claim) -> bool:
    """Whether two figures speak of the same period and may be compared (see module doc).

    Figures of a subject that changes by nature (revenue, a toll) in two articles are
    compared only when both hold as of times that overlap (their own time scopes, else the
    articles' dates); an undated figure of such a subject is compared within its article."""
    subject = a.subject
    if subject is not None and subject.changing and a.document_id != b.document_id:
        if a.as_of is None or b.as_of is None or not a.as_of.overlaps(b.as_of):
            return False
    if a.time is None and b.time is None:
        return True
    if a.time is not None and b.time is not None:
        return a.time.overlaps(b.time)
    scoped = a.time or b.time
    assert scoped is not None
    return scoped.grain not in DATED_GRAINS


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
    billion", the same day), are two accounts of one change: not a revision of each other."""
    if a.modality == "revised" or b.modality == "revised":
        return True
    if a.status == b.status == "updated":
        return a.as_of is None or b.as_of is None or not a.as_of.overlaps(b.as_of)
    return "updated" in (a.status, b.status)


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


def value_pair_conflict(a: Claim, b: Claim, fx: float, numeric: float = 0.0) -> str | None:
    """How two figures about one subject conflict: "scale" (1000x apart), "value", or None.

    The shared judgement behind CC101, CC107 and CC108 (callers decide same or different
    documents): same unit, comparable times, neither a revision nor a conversion pair,
    and intervals disjoint after precision and qualifiers.
    """
    if a.kind != b.kind or a.unit != b.unit and a.kind != "count":
        return None  # counts of one subject count one thing: "employs 410 people", "its 520 employees"
    if "earlier" in (a.status, b.status):
        if not accounts_of_one_value(a, b):
            return None
    elif is_conversion_pair(a, b) or is_revision(a, b) or not times_compatible(a, b):
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
    clusters sorted by their smallest stated value, members by document and position."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if not values_disagree(claims[i], claims[j], fx, numeric):
                parent[find(i)] = find(j)
    groups: dict[int, list[Claim]] = {}
    for i, claim in enumerate(claims):
        groups.setdefault(find(i), []).append(claim)
    ordered = [sorted(g, key=claim_order) for g in groups.values()]
    ordered.sort(key=lambda g: (min(stated_value(c) for c in g), claim_order(g[0])))
    return ordered


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
    values = sorted(_normalized(c) for c in claims)
    paths = sorted({c.location.path for c in claims})
    key = "\x1f".join([rule, subject.label, *values, "\x1e", *paths])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _normalized(claim: Claim) -> str:
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
                      verdicts: dict[tuple[str, str], str | None] | None = None,
                      headline: bool | None = None) -> list[tuple[Claim, Claim]]:
    """Pairs of one subject's figures with the given ``value_pair_conflict`` verdict, from
    different documents (CC101, CC107) or from one document (CC108, never one sentence).

    Two documents' figures do not conflict when one of the documents gives the other's figure
    as the old value of a revision ("now $710 million, up from $640 million" against an
    earlier "$640 million"): it says the figure changed. ``headline`` True keeps only pairs
    with a headline claim, False only pairs without one (None: all)."""
    candidates = [c for c in numeric_candidates(claims) if c.id not in skip]
    superseded: dict[str, list[Claim]] = {}
    for c in candidates:
        if c.modality == "revised":
            superseded.setdefault(c.document_id, []).append(c)
    pairs = []
    for i, a in enumerate(candidates):
        for b in candidates[i + 1:]:
            if (a.document_id == b.document_id) != same_document:
                continue
            if same_document and same_sentence(a, b):
                continue
            if headline is not None and (a.headline or b.headline) != headline:
                continue
            if not same_document and (_acknowledged(a, superseded.get(b.document_id, ()), fx, numeric)
                                      or _acknowledged(b, superseded.get(a.document_id, ()), fx, numeric)):
                continue
            if verdicts is None:
                verdict = value_pair_conflict(a, b, fx, numeric)
            else:
                key = (a.id, b.id)
                if key not in verdicts:
                    verdicts[key] = value_pair_conflict(a, b, fx, numeric)
                verdict = verdicts[key]
            if verdict == conflict:
                pairs.append((a, b))
    return pairs


def _acknowledged(figure: Claim, revised: Iterable[Claim], fx: float, numeric: float) -> bool:
    """Whether ``figure`` is one of the old values another document gives (``revised``)."""
    return any(r.unit == figure.unit and times_compatible(figure, r) and not values_disagree(figure, r, fx, numeric)
               for r in revised)


def make_finding(rule: Rule, subject: Subject, claims: Iterable[Claim], message: str) -> Finding:
    """A Finding of a rule, its claims sorted and fingerprinted."""
    ordered = sorted_claims(claims)
    return Finding(rule=rule.code, name=rule.name, severity=rule.severity, subject=subject,
                   message=message, claims=ordered, fingerprint=fingerprint(rule.code, subject, ordered))


def value_mismatch_findings(rule: Rule, ctx: RuleContext, same_document: bool,
                            headline: bool | None = None) -> list[Finding]:
    """CC101 and CC108: per subject (and unit), the figures in conflicting pairs, split into
    clusters of agreeing values; one finding names one figure of each cluster."""
    findings = []
    fx, skip = ctx.tolerance.fx, yardsticks(ctx)
    for subject, members in ctx.groups():
        pairs = conflicting_pairs(members, fx, "value", same_document, skip, ctx.tolerance.numeric, ctx.verdicts,
                                  headline)
        by_unit: dict[str, list[Claim]] = {}
        for a, b in pairs:
            by_unit.setdefault(a.unit or "", []).extend((a, b))
        for unit in sorted(by_unit):
            involved = list(sorted_claims(by_unit[unit]))
            groups_of_values = clusters(involved, fx, ctx.tolerance.numeric)
            if len(groups_of_values) < 2:
                continue
            representatives = [g[0] for g in groups_of_values]
            low, high = representatives[0], representatives[-1]
            message = " vs ".join(cite(c) for c in reversed(representatives)) + f" — {apart_text(low, high)}"
            if not same_document:
                message += newest_note(involved)
            findings.append(make_finding(rule, subject, involved, message))
    return findings


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
    percentages by their difference in points ("3 points apart")."""
    if a.unit == b.unit == "percent":
        points = abs(stated_value(a) - stated_value(b))
        return f"{points:.{0 if points == int(points) else 1}f} points apart"
    return format_ratio(ratio(a, b))


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
