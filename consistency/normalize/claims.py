"""Turn one document's mentions into normalized, comparable claims."""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from consistency.extract.quantities import find_quantities
from consistency.extract.sentences import SentenceIndex
from consistency.extract.times import find_times, names_a_weekday
from consistency.model import Claim, Document, Interval, QuantityMention, TimeMention, TimeSpan
from consistency.normalize.modality import modality_for
from consistency.normalize.fx import FxTable
from consistency.normalize.units import normalize_value
from consistency.settings import Settings

# Relative half-width given to "about 600,000" and its kin.
ABOUT_TOLERANCE = 0.10
# Text allowed between an amount and its stated conversion: "¥1 trillion ($6.34 billion)".
_CONVERSION_GAP = re.compile(r"\s*\(\s*(?:(?:about|approximately|roughly|around|or|some|nearly|~)\s+)?")
_CONVERSION_CLOSE = re.compile(r"\s*\)")
# A time directly after a figure scopes it: "$1.1 billion in fiscal 2025", "5 GW (2027)".
_TIGHT_AFTER = re.compile(r"[\s,(]*(?:(?:in|for|during|of|at|from|since|through|until|as of)\s+)?(?:the\s+)?", re.IGNORECASE)
# A relative clause on the figure's noun that dates it: "the 21 million passengers who used
# the airport in 2024", "$5 billion that it raised during 2021".
_RELATIVE_AFTER = re.compile(r"\s+(?:who|that|which)\s+(?:[\w'’&.-]+\s+){1,6}?(?:in|during)\s+(?:the\s+)?",
                             re.IGNORECASE)
_WORD = re.compile(r"[\w'’$€£¥%.,-]+")
# How far back a time may stand and still scope a figure, in words between them.
MAX_WORDS_BACK_TO_SCOPE = 12


def document_claims(doc: Document, settings: Settings) -> list[Claim]:
    """All claims of one document, in text order."""
    quantities = find_quantities(doc.text)
    times = find_times(doc.text, doc.published, settings.fiscal_year_start, settings.fiscal_year_named_by,
                       settings.fiscal_entities)
    quantities, times = _drop_overlaps(quantities, times)
    sentences = SentenceIndex(doc.text)
    scopes = _time_scopes(times, sentences)
    claims = [_time_claim(doc, t, sentences) for t in times]
    for q in quantities:
        scope = _nearest_scope(q, scopes, sentences, doc.text)
        claim = _quantity_claim(doc, q, scope, sentences, settings.fx)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda c: (c.start, c.end))
    return _link_conversions(doc.text, claims)


def _drop_overlaps(
    quantities: list[QuantityMention], times: list[TimeMention]
) -> tuple[list[QuantityMention], list[TimeMention]]:
    """Where a time and a quantity claim the same characters, keep the longer (a tie: the quantity)."""
    kept_times = []
    overlapping = _overlap_finder(quantities)
    for t in times:
        rivals = overlapping(t)
        if rivals and all((t.end - t.start) <= (q.end - q.start) for q in rivals):
            continue
        kept_times.append(t)
    overlapping = _overlap_finder(kept_times)
    kept_quantities = [q for q in quantities if not overlapping(q)]
    return kept_quantities, kept_times


def _overlap_finder(mentions: list) -> Callable[[QuantityMention | TimeMention], list]:
    """A function giving the ``mentions`` (sorted by start) that share a character with its argument.

    Only mentions starting at most the longest one's length earlier can reach a position,
    so each call is a bisect and a short scan, not a pass over the document."""
    reach = max((m.end - m.start for m in mentions), default=0)
    starts = [m.start for m in mentions]

    def overlapping(m: QuantityMention | TimeMention) -> list:
        lo = bisect.bisect_left(starts, m.start - reach)
        hi = bisect.bisect_left(starts, m.end)
        return [o for o in mentions[lo:hi] if o.start < m.end and m.start < o.end]
    return overlapping


def _time_scopes(times: list[TimeMention], sentences: SentenceIndex) -> dict[int, list[TimeMention]]:
    """Resolved date mentions grouped by sentence index; a weekday ("on Monday approved a
    1.4 GW farm") dates an event, not a figure, and is left out."""
    scopes: dict[int, list[TimeMention]] = {}
    for t in times:
        if t.kind == "date" and t.span is not None and not names_a_weekday(t):
            scopes.setdefault(sentences.index_of(t.start), []).append(t)
    return scopes


def _nearest_scope(
    q: QuantityMention, scopes: dict[int, list[TimeMention]], sentences: SentenceIndex, text: str
) -> TimeMention | None:
    """The time a quantity is about, or None when no time clearly scopes it.

    A time right after the figure binds first ("$1.1 billion in fiscal 2025"), also in a
    relative clause on it ("21 million passengers who used the airport in 2024"); else the
    closest time before it in the same sentence, at most a few words back ("Fiscal 2026
    spending will rise to $1.9 billion"). A time further ahead in the sentence usually
    belongs to another clause ("closed a $3 billion loan and expects first power next
    year") and is not used.
    """
    candidates = scopes.get(sentences.index_of(q.start), [])
    for t in candidates:
        if t.start >= q.end and (_TIGHT_AFTER.fullmatch(text, q.end, t.start)
                                 or _RELATIVE_AFTER.fullmatch(text, q.end, t.start)):
            return t
    before = [t for t in candidates if t.end <= q.start]
    if not before:
        return None
    closest = max(before, key=lambda t: t.end)
    if len(_WORD.findall(text, closest.end, q.start)) > MAX_WORDS_BACK_TO_SCOPE:
        return None
    return closest


def _quantity_claim(
    doc: Document, q: QuantityMention, scope: TimeMention | None, sentences: SentenceIndex, fx: FxTable
) -> Claim | None:
    time = (scope.range_span or scope.span) if scope else None  # "$5 billion in 2009-2010": the whole range
    normalized = normalize_value(q.lo, q.hi, q.precision, q.unit, q.kind, _valuation_date(time, doc.published), fx)
    if normalized is None:
        return None
    converted = normalized.rate_month is not None
    per = f"/{q.per}" if q.per else ""
    return _claim(
        doc, q.start, q.end, q.text, sentences, kind=q.kind,
        value=_qualified(normalized.value, q.qualifier), unit=normalized.unit + per,
        original_value=_qualified(Interval(q.lo, q.hi), q.qualifier), original_unit=q.unit + per,
        precision=normalized.precision, time=time,
        time_relation=scope.relation if scope else None, qualifier=q.qualifier,
        fx_rate=normalized.rate if converted else None, fx_month=normalized.rate_month,
    )


def _time_claim(doc: Document, t: TimeMention, sentences: SentenceIndex) -> Claim:
    value = t.duration_days if t.kind == "duration" else None
    return _claim(
        doc, t.start, t.end, t.text, sentences, kind=t.kind, value=value,
        unit="day" if value is not None else None, original_value=None, original_unit=None,
        precision=None, time=t.span, time_relation=t.relation, qualifier=None, time_range=t.range_span,
    )


def _claim(doc: Document, start: int, end: int, text: str, sentences: SentenceIndex, **fields) -> Claim:
    index = sentences.index_of(start)
    sentence_start = sentences.bounds[index][0] if sentences.bounds else 0
    raw_sentence = doc.text[sentence_start:sentences.bounds[index][1]] if sentences.bounds else text
    modality = modality_for(raw_sentence, start - sentence_start, end - sentence_start)
    key = f"{doc.id}\x1f{start}\x1f{end}\x1f{fields['kind']}"
    own = fields["time"] if fields["kind"] not in ("date", "duration") else None
    return Claim(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        document_id=doc.id,
        title=doc.title,
        location=doc.offsets.location(doc.path, start, end),
        start=start,
        end=end,
        text=text,
        sentence=sentences.sentence(index),
        modality=modality,
        published=doc.published,
        # A total "since April" holds as of when it was written, not over the months since.
        as_of=own if own is not None and fields["time_relation"] != "since" else TimeSpan.of_day(doc.published),
        headline=start < doc.lead_end,
        **fields,
    )


def _qualified(value: Interval, qualifier: str | None) -> Interval:
    """Widen a stated value by its qualifier: "more than 5" is [5, open)."""
    lo, hi = value.lo, value.hi
    if qualifier in ("more_than", "at_least"):
        return Interval(lo, None)
    if qualifier in ("less_than", "at_most"):
        return Interval(0.0 if lo is not None and lo >= 0 else None, hi)
    if qualifier == "about" and lo is not None and hi is not None:
        return Interval(lo - abs(lo) * ABOUT_TOLERANCE, hi + abs(hi) * ABOUT_TOLERANCE)
    return value


def _valuation_date(time: TimeSpan | None, published: date | None) -> date | None:
    """The date whose exchange rate applies.

    The start of the claim's time scope when that lies in the past ("2019 revenue of
    ¥2 trillion" is valued at 2019 rates); otherwise the publication date, because
    future rates are unknown and the writer converted at the rate of the day.
    """
    scope = None
    if time is not None:
        scope = time.start if time.start is not None else time.end
    if scope is None:
        return published
    if published is not None and scope > published:
        return published
    return scope


def _link_conversions(text: str, claims: list[Claim]) -> list[Claim]:
    """Link "¥1 trillion ($6.34 billion)": two money claims, the second in parentheses after the first."""
    linked = list(claims)
    money = [i for i, c in enumerate(linked) if c.kind == "money"]
    for a, b in zip(money, money[1:]):
        first, second = linked[a], linked[b]
        if first.original_unit == second.original_unit:
            continue
        if _CONVERSION_GAP.fullmatch(text, first.end, second.start) and _CONVERSION_CLOSE.match(text, second.end):
            linked[a] = replace(first, converts_to=second.id)
            linked[b] = replace(second, converts_to=first.id)
    return linked
