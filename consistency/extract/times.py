"""Find time expressions (dates, periods, deadlines, durations) in text.

Regex-first: every pattern is compiled once from the lexicon in consistency/data/time.toml and
all calendar arithmetic is done here with ``datetime``; no date library runs over the text.
One cheap trigger scan (years, month names, unit words, period codes, seasons, day words) finds
where times can be; each pattern then runs, over the lowered text, only near its own triggers.

Conventions (all spans are half-open [start, end)):

- "2026" is [2026-01-01, 2027-01-01); "Q3 2026" [2026-07-01, 2026-10-01); "H2 2026" [Jul 1, Jan 1).
- Parts of a year: early/beginning/start [Jan 1, May 1), mid/middle [May 1, Sep 1),
  late/end [Sep 1, Jan 1). "the end of 2026" reads like "late 2026" (the wider span keeps two
  wordings of one time from conflicting; Recognizers-Text reads it the same way).
- Seasons are northern meteorological: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov,
  winter N = [Dec 1 N, Mar 1 N+1).
- Fiscal years: with ``fiscal_year_start`` = 1, FY2026 is calendar 2026. Otherwise a fiscal year
  is named by the calendar year it ends in (``named_by="end"``, the default, as many US firms
  do: with an April start FY2026 is [2025-04-01, 2026-04-01)) or starts in (``"start"``, as
  Japanese firms do: FY2026 is [2026-04-01, 2027-04-01)). "FY2025-26" names both years: it starts
  in 2025. "Q1 FY2026" is the first quarter of that fiscal year; "early fiscal 2026" its first
  four months, "mid" the middle four, "late" the last four. A fiscal year can be set per entity
  (``entities``): a fiscal mention takes that of the configured entity named nearest before it
  in its sentence (else after it in the sentence, else before it in the text).
- Deadlines and other relations keep the written span's edge as the open end: "by 2029" and
  "until 2029" are (open, 2030-01-01); "before 2029" (open, 2029-01-01); "since 2020"
  (2020-01-01, open); "after 2020" (2021-01-01, open); "as of January 2026" is January 2026.
- Ranges ("from 2025 to 2027", "2025-2027", "between March and June 2026", "Jan-Feb 2017") include
  the last unit: [2025-01-01, 2028-01-01). A piece without a year takes the other piece's year
  ("from May to March" runs into the next year). "now"/"date"/"the present" count only as the end
  of a range ("between January and now", "from 2020 to date": up to and including the reference
  day); "year to date" is [Jan 1, reference).
- A month or a day written without a year ("in April", "May 3", "Oct/2", "the second of May")
  falls in the reference year (Feb 29: the next leap year).
  "next April" is the first April after the reference month, "last April" the last one before.
- Relative expressions ("next year", "two years ago", "later this year" = the rest of the
  year from the reference date) need the reference date; without one the mention is still
  returned with ``span=None``.
- Durations ("three years", "18 to 24 months") have kind "duration" and ``duration_days``
  (a year is 365.25 days, a month 30.44). After "within"/"over the next" their span runs from
  the reference date (relation "within" or "over"); after "over the past" it ends there. A
  window of days or weeks starts the day after the reference ("the next 3 days"); a window of
  quarters is whole calendar quarters ("the past two quarters" = the two before the current one).
- "the next decade"/"the past decade" are the ten years after/before the reference date; "this
  decade" and "the 2020s" are the calendar decade; "the 21st century" is [2000, 2100).
- Two-digit years read 19xx from 50 up ("April of 87"), else 20xx ("FY26").
- Numeric dates are read month-first (3/4/2026 is March 4) unless the first number exceeds 12;
  "2015-12" and "12-2015" are months, "20161016" a day, "23/Sep/2020" any order of year, month, day.
"""
from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from consistency.extract import timewords as tw
from consistency.extract.numbers import ascii_digits
from consistency.model import Interval, TimeMention, TimeSpan

Anchor = Callable[[int], TimeSpan | None]


@dataclass(frozen=True)
class _Hit:
    """A candidate mention; ``anchor`` re-resolves a yearless one in a given year."""

    start: int
    end: int
    kind: str
    span: TimeSpan | None
    anchor: Anchor | None = None
    relation: str | None = None
    duration_days: Interval | None = None
    range_span: TimeSpan | None = None  # for one end of "2009-2010": the whole range
    weekday: bool = False
    lean: str | None = None  # the tense a yearless mention was resolved with


Fiscal = tuple[int, str]  # (month the fiscal year starts in, "start" or "end": the year naming it)
EntityFiscal = tuple[str, int, str]  # (an entity's name as written, its start month, its naming)


@dataclass(frozen=True)
class _Ctx:
    text: str
    reference: date | None
    fiscal_default: Fiscal
    entities: tuple[EntityFiscal, ...] = ()

    def fiscal(self, pos: int) -> Fiscal:
        """The fiscal year of a mention at ``pos``: its entity's, else the run's."""
        if not self.entities:
            return self.fiscal_default
        return _entity_fiscal(self.text, self.entities, pos) or self.fiscal_default


# ---------------------------------------------------------------- calendar arithmetic


def _add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _months(year: int, month: int, count: int, grain: str) -> TimeSpan | None:
    if not 1 <= year <= 9998:
        return None
    first = date(year, 1, 1)
    start = _add_months(first, month - 1)
    return TimeSpan(start, _add_months(start, count), grain)


def _day(year: int, month: int, day: int) -> TimeSpan | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return TimeSpan(d, d + timedelta(days=1), "day")


def _fy_start(fy: int, fiscal: Fiscal) -> int:
    """The calendar year in which fiscal year ``fy`` begins."""
    start, named_by = fiscal
    return fy if start == 1 or named_by == "start" else fy - 1


def _fiscal_year(fy: int, fiscal: Fiscal) -> TimeSpan | None:
    return _months(_fy_start(fy, fiscal), fiscal[0], 12, "fiscal_year")


def _fiscal_year_of(d: date, fiscal: Fiscal) -> int:
    """The name (a year) of the fiscal year that holds ``d``."""
    start, named_by = fiscal
    if start == 1:
        return d.year
    first = d.year if d.month >= start else d.year - 1
    return first if named_by == "start" else first + 1


_SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)|\n\s*\n")


@lru_cache(maxsize=16)
def _entity_positions(text: str, entities: tuple[EntityFiscal, ...]) -> tuple[tuple[int, Fiscal], ...]:
    """Where the configured entities are named in ``text``, with their fiscal years."""
    fiscal_of = {name: (start, named_by) for name, start, named_by in entities}
    names = re.compile(rf"(?<![\w&])(?:{tw.alternation(fiscal_of)})(?![\w&])")
    return tuple((m.start(), fiscal_of[" ".join(m[0].split())]) for m in names.finditer(text))


def _entity_fiscal(text: str, entities: tuple[EntityFiscal, ...], pos: int) -> Fiscal | None:
    """The fiscal year of the configured entity a fiscal mention at ``pos`` is about."""
    found = _entity_positions(text, entities)
    if not found:
        return None
    left, right = _sentence_around(text, pos, pos)
    for candidates in (
        [f for at, f in found if left <= at < pos][::-1],  # nearest before, in the sentence
        [f for at, f in found if pos <= at < right],  # first after, in the sentence
        [f for at, f in found if at < pos][::-1],  # nearest before, anywhere
    ):
        if candidates:
            return candidates[0]
    return None


def _sentence_around(text: str, start: int, end: int, reach: int = 240) -> tuple[int, int]:
    """Bounds of the sentence holding text[start:end] (at most ``reach`` characters each way)."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    left = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, start):
        left = m.end()
    right = _SENTENCE_BREAK.search(text, end, hi)
    return left, right.start() if right else hi


_year = tw.year_value


def _month(word: str) -> int:
    return tw.MONTHS[word.lower().rstrip(".")]


def _month_ok(m: re.Match[str], ctx: _Ctx, group: str = "mon") -> bool:
    """A verb-like month name ("may", "march") counts only when capitalised in the original text."""
    word = ctx.text[m.start(group):m.end(group)]
    return not (word.lower().rstrip(".") in tw.VERB_LIKE_MONTHS and word[0].islower())


def _season(name: str, year: int) -> TimeSpan | None:
    first, count = tw.SEASONS[name.lower()]
    span = _months(year, first, count, "season")
    return span


def _month_part(part: str, year: int, month: int) -> TimeSpan | None:
    lo, hi = tw.MONTH_PARTS[part]
    last = calendar.monthrange(year, month)[1]
    start = date(year, month, min(lo, last))
    end = _add_months(date(year, month, 1), 1) if hi > last else date(year, month, hi)
    return TimeSpan(start, end, "part")


def _part_word(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return next(w for w in words if w in tw.YEAR_PARTS)


def _shift(ref: date, n: float, unit: str) -> date:
    if unit == "year" and float(n).is_integer():
        return _add_months(ref, 12 * int(n))
    if unit == "month" and float(n).is_integer():
        return _add_months(ref, int(n))
    if unit == "quarter" and float(n).is_integer():
        return _add_months(ref, 3 * int(n))
    return ref + timedelta(days=round(n * tw.UNIT_DAYS[unit]))


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


# ---------------------------------------------------------------- patterns and handlers

Handler = Callable[[re.Match[str], "_Ctx"], "_Hit | None"]
# Each pattern runs only in windows around the trigger words of its families (see _TRIGGER).
_HANDLERS: list[tuple[re.Pattern[str], Handler, frozenset[str]]] = []
_FLAGS = re.IGNORECASE
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
_NOT_NUMBER_AFTER = r"(?![\w%]|[.,]\d|[-/]\d)"
_NOT_NUMBER_BEFORE = r"(?<![\w$€£¥#.,/:+-])"
_NO_AMOUNT_BEFORE = r"(?<![\w$€£¥#.,/:+-])(?<![$€£¥]\s)"


def _pattern(regex: str, families: str) -> Callable:
    """Register a handler for ``regex`` (lower case: it runs over the lowered text); ``families``
    are the trigger kinds one of which every match contains."""

    def register(handler: Handler) -> Handler:
        _HANDLERS.append((re.compile(regex), handler, frozenset(families)))
        return handler

    return register


def _fixed(m: re.Match[str], span: TimeSpan | None) -> _Hit | None:
    return None if span is None else _Hit(m.start(), m.end(), "date", span)


def _yearless(
    m: re.Match[str], ctx: _Ctx, anchor: Anchor, start: int | None = None, lean: str | None = None,
    base: Callable[[date], int] | None = None,
) -> _Hit | None:
    """A mention without a year, resolved with the reference date: leaning on the tense of its
    clause (``lean`` says it when the words do: "ended"); with no tense, in the reference year
    (or the next year where it exists, for Feb 29). ``base`` names the year of the reference
    date for an anchor taking another kind of year (a fiscal one)."""
    begin = m.start() if start is None else start
    span = None
    if ctx.reference:
        ref = ctx.reference
        lean = lean or _tense(ctx.text, begin, m.end())
        span = _lean(anchor, ref, lean, base(ref) if base else ref.year)
        if span is None:
            return None
    return _Hit(begin, m.end(), "date", span, anchor=anchor, lean=lean)


def _lean(anchor: Anchor, ref: date, lean: str | None, year: int) -> TimeSpan | None:
    """The span of ``anchor`` meant at ``ref``: "past" the latest begun by then, "ended" the latest
    over by then, "future" the first not over by then; otherwise the one of ``year``."""
    if lean is None:
        return next((s for y in range(year, year + 5) if (s := anchor(y))), None)
    spans = [s for y in range(year - 5, year + 6) if (s := anchor(y)) is not None and s.start and s.end]
    if lean == "future":
        return min((s for s in spans if s.end > ref), key=lambda s: s.start, default=None)
    if lean == "ended":
        return max((s for s in spans if s.end <= ref), key=lambda s: s.start, default=None)
    return max((s for s in spans if s.start <= ref), key=lambda s: s.start, default=None)


# Right after "to" or a modal: where a verb's base form says the future ("will vote").
_AFTER_MODAL = "(?:" + "|".join(rf"(?<=\b{w} )" for w in ("to", "will", "would", "shall", "should", "may", "might",
                                                         "could", "must", "can", "'ll", "’ll")) + ")"
_TENSE_CUE = re.compile(
    rf"(?<![\w'’-])(?:(?P<future>{tw.alternation(tw.TENSE_FUTURE)}"
    rf"|{_AFTER_MODAL}(?:{tw.alternation(tw.TENSE_FUTURE_AFTER_MODAL)}))"
    rf"|(?P<past>{tw.alternation(tw.TENSE_PAST)}"
    rf"|[a-z]{{3,}}(?<!hundr)(?<!e)ed))(?![\w'’-])|(?P<contracted>['’]ll)\b",
    _FLAGS,
)
# Where the clause after a date ends: its verb is not the date's ("on March 17, and voting began").
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|although|though)\b", _FLAGS)
# A past form after these is a participle ("will be held", "is expected"): it does not count.
_AUXILIARY_BEFORE = re.compile(r"\b(?:be|being|been|is|are|to)\s+\Z", _FLAGS)


def _tense(text: str, start: int, end: int) -> str | None:
    """"past" or "future" for a time at text[start:end], from the cue nearest before it in its
    sentence (else the first after it); None when the sentence has no cue."""
    left, right = _sentence_around(text, start, end)
    cue = None
    for m in _TENSE_CUE.finditer(text, left, start):
        if m["past"] is None or not _AUXILIARY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            cue = m
    if cue is None:
        clause_end = _NEXT_CLAUSE.search(text, end, right)
        cue = next((m for m in _TENSE_CUE.finditer(text, end, clause_end.start() if clause_end else right)
                    if m["past"] is None or not _AUXILIARY_BEFORE.search(text, max(0, m.start() - 8), m.start())), None)
    if cue is None:
        return None
    return "past" if cue["past"] else "future"


def _relative(m: re.Match[str], ctx: _Ctx, resolve: Callable[[date], TimeSpan | None]) -> _Hit:
    """A relative expression, resolved against the reference date when there is one; one that
    resolves past the calendar (years 1 to 9999: "next year" from 9999-12-31) stays unresolved."""
    try:
        span = resolve(ctx.reference) if ctx.reference else None
    except (ValueError, OverflowError):
        span = None
    return _Hit(m.start(), m.end(), "date", span)


@_pattern(rf"(?<![\w$€£¥#.,/:+])(?<!\d-)(?P<y>{tw.YEAR4})(?P<sep>[-/])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d){_NOT_NUMBER_AFTER}", "Y")
def _iso_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _fixed(m, _day(int(m["y"]), int(m["m"]), int(m["d"])))


@_pattern(rf"{_NOT_NUMBER_BEFORE}(?P<a>[0-3]?\d)(?P<sep>[/.-]|\s/\s)(?P<b>[0-3]?\d)(?P=sep)(?P<y>{tw.YEAR4}){_NOT_NUMBER_AFTER}", "Y")
def _numeric_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"3/27/2012" month first, "27.03.2012" day first; either way round when the first exceeds 12."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 or m["sep"] == "." else (a, b)
    return _fixed(m, _day(int(m["y"]), month, day))


@_pattern(
    rf"{tw.MONTH}\s*(?:the\s+)?(?P<d>[0-3]?\d){_ORD_SUFFIX}(?:\s*,\s*|\s+|[-/])(?:of\s+|in\s+)?(?P<y>{tw.YEAR4})\b"
    rf"|{tw.MONTH.replace('mon>', 'mon2>')}-(?P<d2>[0-3]?\d)-(?P<y2>{tw.YEAR4})\b",
    "M",
)
def _month_day_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    mon = m["mon"] or m["mon2"]
    if not _month_ok(m, ctx, "mon" if m["mon"] else "mon2"):
        return None
    return _fixed(m, _day(int(m["y"] or m["y2"]), _month(mon), int(m["d"] or m["d2"])))


@_pattern(
    rf"(?:\bthe\s+)?{_NO_AMOUNT_BEFORE}(?P<d>[0-3]?\d){_ORD_SUFFIX}(?:\s+of)?(?:\s+|-){tw.MONTH}(?:\s*,\s*|\s+|[-/])(?:of\s+|in\s+)?(?P<y>{tw.YEAR4})\b",
    "M",
)
def _day_month_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx):
        return None
    return _fixed(m, _day(int(m["y"]), _month(m["mon"]), int(m["d"])))


@_pattern(rf"{tw.MONTH}(?:\s*,\s*|\s+|[-/])(?:of\s+|in\s+)?(?P<y>{tw.YEAR4})\b(?!\s*[-/]\d)", "M")
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx):
        return None
    return _fixed(m, _months(int(m["y"]), _month(m["mon"]), 1, "month"))


def _day_anchor(month: int, day: int) -> Anchor:
    return lambda year: _day(year, month, day)


@_pattern(rf"{tw.MONTH}(?:\s*(?:the\s+)?|,\s*(?=\d+(?:st|nd|rd|th)))(?P<d>[0-3]?\d){_ORD_SUFFIX}\b(?!\s*(?:[.,:]?\d|%|percent))", "M")
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx) or not 1 <= int(m["d"]) <= 31:
        return None
    return _yearless(m, ctx, _day_anchor(_month(m["mon"]), int(m["d"])))


@_pattern(rf"(?:\bthe\s+)?{_NO_AMOUNT_BEFORE}(?P<d>[0-3]?\d){_ORD_SUFFIX}(?:\s+day)?(?:\s+of)?(?:\s+|-){tw.MONTH}(?!\w)", "M")
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx) or not 1 <= int(m["d"]) <= 31:
        return None
    return _yearless(m, ctx, _day_anchor(_month(m["mon"]), int(m["d"])))


def _day_range_anchor(month: int, d1: int, d2: int) -> Anchor:
    def anchor(year: int) -> TimeSpan | None:
        a, b = _day(year, month, d1), _day(year, month, d2)
        return None if a is None or b is None or b.end <= a.start else TimeSpan(a.start, b.end, "day")

    return anchor


_DAY_DASH = r"\s*(?:-|–|to|through|till|until|and)\s*(?:the\s+)?"


@_pattern(
    rf"(?:\b(?P<cue>from|between)\s+)?{tw.MONTH}\s*(?:the\s+)?(?P<d1>[0-3]?\d){_ORD_SUFFIX}{_DAY_DASH}(?P<d2>[0-3]?\d){_ORD_SUFFIX}"
    rf"(?:\s*,?\s*(?P<y>{tw.YEAR4}))?\b(?!\s*(?:[.,:]?\d|%|percent))",
    "M",
)
def _month_day_range(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    joined_by_and = re.search(r"\band\b", m[0], _FLAGS) is not None
    if not _month_ok(m, ctx) or joined_by_and != ((m["cue"] or "").lower() == "between"):
        return None
    anchor = _day_range_anchor(_month(m["mon"]), int(m["d1"]), int(m["d2"]))
    return _fixed(m, anchor(int(m["y"]))) if m["y"] else _yearless(m, ctx, anchor)


@_pattern(
    rf"(?:\b(?P<cue>from|between)\s+)?\b(?:the\s+)?(?P<d1>[0-3]?\d){_ORD_SUFFIX}{_DAY_DASH}(?P<d2>[0-3]?\d){_ORD_SUFFIX}"
    rf"(?:\s+of)?\s+{tw.MONTH}(?:\s*,?\s*(?P<y>{tw.YEAR4}))?(?!\w)",
    "M",
)
def _day_range_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _month_day_range(m, ctx)


def _month_anchor(month: int) -> Anchor:
    return lambda year: _months(year, month, 1, "month")


# A month with no day or year counts only after a cue word ("in April", "from March to May").
@_pattern(
    rf"\b(?:in|since|until|till|by|from|through|before|after|during|between|and|to|of|as\s+of|for|around|throughout|into)\s+"
    rf"(?P<the>the\s+)?{tw.MONTH}(?![\w-]|\s*[-/]?\d)",
    "M",
)
def _bare_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx) or len(m["mon"].rstrip(".")) < 3:
        return None
    if m["the"] and not _LOWERCASE_WORD.match(ctx.text, m.end()):
        return None  # "in the August floods", not "in the May Day parade"
    if _FISCAL_STATEMENT.search(ctx.text, max(0, m.start() - 40), m.start("mon")):
        return None  # "its fiscal year ends in January": every year
    return _yearless(m, ctx, _month_anchor(_month(m["mon"])), start=m.start("mon"))


_LOWERCASE_WORD = re.compile(r"\s+[a-z]")
_FISCAL_STATEMENT = re.compile(r"\b(?:fiscal|financial)\s+years?\s+(?:starts?|begins?|ends?|runs?|closes?)\s+(?:in|on|from)?\s*\Z",
                               _FLAGS)


@_pattern(rf"{tw.MONTH}(?:['’]s\b|(?=\s+(?:was|is|has|had|saw|brought|marked|ended|began|will|would)\b))", "M")
def _month_as_subject(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"June was the hottest month", "October's figures": a month as the subject of its clause."""
    if not ctx.text[m.start("mon")].isupper() or len(m["mon"].rstrip(".")) < 3:
        return None
    return _yearless(m, ctx, _month_anchor(_month(m["mon"])))


@_pattern(
    rf"\b(?:the\s+)?(?P<part>{tw.MONTH_PART})(?:\s+of\s+|[\s-]+)(?:the\s+month\s+of\s+)?{tw.MONTH}"
    rf"(?:\s*,?\s*(?:of\s+|in\s+)?(?P<y>{tw.YEAR4}))?\b(?!\s*(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)?\b)",
    "M",
)
def _month_part_hit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx):
        return None
    part, month = m["part"].lower(), _month(m["mon"])
    anchor: Anchor = lambda year: _month_part(part, year, month)  # noqa: E731
    return _fixed(m, anchor(int(m["y"]))) if m["y"] else _yearless(m, ctx, anchor)


@_pattern(
    rf"\b(?:the\s+)?(?P<part>{tw.YEAR_PART})(?:\s+of\s+|[\s-]+)(?:the\s+year\s+)?"
    rf"(?:(?P<y>{tw.YEAR4})\b|(?:fy\s*['’]?|fiscal\s+(?:year\s+)?['’]?)(?P<fy>{tw.YEAR4}|\d\d)\b(?!\s*[-/]\d)"
    rf"|(?:the\s+|(?P<rel>{tw.RELATIVE_WORD})\s+)?year\b)",
    "YUC",
)
def _year_part(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    first, count = tw.YEAR_PARTS[_part_word(m["part"])]
    if m["y"]:
        return _fixed(m, _months(int(m["y"]), first, count, "part"))
    if m["fy"]:  # "early fiscal 2026": the first four months of that fiscal year
        fiscal = ctx.fiscal(m.start())
        return _fixed(m, _months(_fy_start(_year(m["fy"]), fiscal), fiscal[0] + first - 1, count, "part"))
    if "of" not in m[0].lower().split() and not m["rel"]:
        return None  # "late year" is not a time; "the end of the year" is
    offset = _offset(m["rel"])
    return _relative(m, ctx, lambda ref: _months(ref.year + offset, first, count, "part"))


def _quarter_span(q: int, year: int, fiscal: Fiscal | None) -> TimeSpan | None:
    """Quarter ``q`` of calendar ``year``, or of that fiscal year when ``fiscal`` is given."""
    if fiscal and fiscal[0] != 1:
        return _months(_fy_start(year, fiscal), fiscal[0] + 3 * (q - 1), 3, "quarter")
    return _months(year, 3 * q - 2, 3, "quarter")


_FY = r"(?P<fy>fy|fiscal(?:\s+year)?)\s*"


@_pattern(
    rf"\bq(?P<q>[1-4])(?:\s*-?\s*|\s+of\s+)(?:{_FY}'?(?P<y>{tw.YEAR4}|\d\d)|'?(?P<y2>{tw.YEAR4})|['’](?P<y3>\d\d))\b"
    rf"|\b(?P<y4>{tw.YEAR4})\s*-?\s*q(?P<q2>[1-4])\b"
    rf"|\b(?P<q3>[1-4])q\s*['’]?(?P<y5>{tw.YEAR4}|\d\d)\b",
    "CY",
)
def _quarter_code(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    q = int(m["q"] or m["q2"] or m["q3"])
    year = _year(m["y"] or m["y2"] or m["y3"] or m["y4"] or m["y5"])
    return _fixed(m, _quarter_span(q, year, ctx.fiscal(m.start()) if m["fy"] else None))


@_pattern(
    rf"\bh(?P<h>[12])\s*-?\s*(?:{_FY}'?(?P<y>{tw.YEAR4}|\d\d)|(?P<y2>{tw.YEAR4})|['’](?P<y3>\d\d))\b"
    rf"|\b(?P<y4>{tw.YEAR4})\s*-?\s*h(?P<h2>[12])\b"
    rf"|\b(?P<h3>[12])h\s*['’]?(?P<y5>{tw.YEAR4}|\d\d)\b",
    "CY",
)
def _half_code(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    h = int(m["h"] or m["h2"] or m["h3"])
    year = _year(m["y"] or m["y2"] or m["y3"] or m["y4"] or m["y5"])
    return _fixed(m, _half_span(h, year, ctx.fiscal(m.start()) if m["fy"] else None))


def _half_span(h: int, year: int, fiscal: Fiscal | None) -> TimeSpan | None:
    """Half ``h`` of calendar ``year``, or of that fiscal year when ``fiscal`` is given."""
    if fiscal and fiscal[0] != 1:
        return _months(_fy_start(year, fiscal), fiscal[0] + 6 * (h - 1), 6, "half")
    return _months(year, 6 * h - 5, 6, "half")


@_pattern(
    rf"\b(?:the\s+)?(?:whole\s+)?(?P<fq0>fiscal\s+)?(?P<ord>{tw.ORDINAL})(?:\s+|-)(?P<fq>fiscal\s+)?(?P<unit>quarter|half)\b"
    rf"(?:(?:\s+of|\s+in|,)?\s+(?:the\s+)?(?:{_FY}'?)?(?P<y>{tw.YEAR4})\b"
    rf"|\s+of\s+(?:the\s+|(?P<rel>{tw.RELATIVE_WORD})\s+)?(?P<fy2>fiscal\s+)?year\b)?",
    "U",
)
def _ordinal_period(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    n = tw.ORDINALS[m["ord"].lower()]
    half = m["unit"].lower() == "half"
    if half and n > 2:
        return None
    fiscal = ctx.fiscal(m.start()) if m["fq0"] or m["fq"] or m["fy"] or m["fy2"] else None

    def span(year: int) -> TimeSpan | None:
        return _half_span(n, year, fiscal) if half else _quarter_span(n, year, fiscal)

    if m["y"]:
        return _fixed(m, span(int(m["y"])))
    if not m["rel"]:
        # "fourth-quarter results": a period that has ended; else as the clause's tense says.
        lean = "ended" if _REPORTED_AFTER.match(ctx.text, m.end()) else None
        if lean is None and not fiscal and _in_a_game(ctx.text, m.start(), m.end()):
            return None  # "scored 14 points in the second half": a part of a game
        return _yearless(m, ctx, span, lean=lean, base=(lambda ref: _fiscal_year_of(ref, fiscal)) if fiscal else None)
    offset = _offset(m["rel"])

    def resolve(ref: date) -> TimeSpan | None:
        base = _fiscal_year_of(ref, fiscal) if fiscal else ref.year
        return span(base + offset)

    return _relative(m, ctx, resolve)


_GAME_WORD = re.compile(rf"\b(?:{tw.alternation(tw.GAME_WORDS)})\b", _FLAGS)


def _in_a_game(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] is about a game (its halves and quarters are no dates)."""
    left, right = _sentence_around(text, start, end)
    return _GAME_WORD.search(text, left, right) is not None


_REPORTED_AFTER = re.compile(rf"[\s-]+(?:{tw.alternation(tw.REPORTED_PERIOD_NOUNS)})\b", _FLAGS)


@_pattern(
    rf"\b(?:(?P<rel>{tw.RELATIVE_WORD})\s+)?(?:the\s+)?(?P<s>{tw.SEASON})\b(?:(?:\s+of)?\s+(?P<y>{tw.YEAR4})\b)?",
    "S",
)
def _season_hit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    name = m["s"].lower()
    if m["y"]:
        return _fixed(m, _season(name, int(m["y"])))
    if not m["rel"]:
        # "ship in the fall": the season the clause's tense points to; not "the fall of Rome".
        if (m[0].lower().startswith("the") and _SEASON_CUE_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start())
                and not _OF_AFTER.match(ctx.text, m.end())):
            return _yearless(m, ctx, lambda year: _season(name, year))
        return None
    rel = tw.RELATIVE[" ".join(m["rel"].lower().split())]

    def resolve(ref: date) -> TimeSpan | None:
        this_year = ref.year - 1 if name == "winter" and ref.month <= 2 else ref.year
        span = _season(name, this_year)
        if span is None or rel == "this":
            return span
        if rel == "next":
            return span if span.start > ref else _season(name, this_year + 1)
        return span if span.end <= ref else _season(name, this_year - 1)

    return _relative(m, ctx, resolve)


_SEASON_CUE_BEFORE = re.compile(r"\b(?:in|during|by|until|till|over|through|throughout|into|for|before|after|since)\s+\Z",
                                _FLAGS)
_OF_AFTER = re.compile(r"\s+of\b", _FLAGS)


@_pattern(rf"\b(?:fy\s*['’]?|fiscal\s+(?:year\s+)?['’]?)(?P<y>{tw.YEAR4}|\d\d)\b(?!\s*[-/]\d)", "C")
def _fiscal(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _fixed(m, _fiscal_year(_year(m["y"]), ctx.fiscal(m.start())))


@_pattern(rf"\b(?:fy\s*['’]?|fiscal\s+(?:year\s+)?)(?P<a>{tw.YEAR4}|\d\d)[-/–](?P<b>\d\d|{tw.YEAR4}){_NOT_NUMBER_AFTER}", "C")
def _fiscal_both_years(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"FY2025-26": the fiscal year that starts in 2025, whatever the naming convention."""
    first = _year(m["a"])
    if _year(m["b"]) % 100 != (first + 1) % 100:
        return None
    return _fixed(m, _months(first, ctx.fiscal(m.start())[0], 12, "fiscal_year"))


@_pattern(r"\b(?:the\s+)?(?P<y>(?:19|20)\d0)['’]?s\b", "Y")
def _decade(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    year = int(m["y"])
    return _fixed(m, TimeSpan(date(year, 1, 1), date(year + 10, 1, 1), "decade"))


@_pattern(
    rf"(?:\b(?P<cue>from|between)\s+)?{_NOT_NUMBER_BEFORE}(?P<a>{tw.YEAR4})\s*(?:-|–|—|~|to|through|till|until|and)\s*"
    rf"(?P<b>{tw.YEAR4}|\d\d){_NOT_NUMBER_AFTER}",
    "Y",
)
def _year_range(m: re.Match[str], ctx: _Ctx) -> _Hit | tuple[_Hit, _Hit] | None:
    """"2009-2010", "from 2009 to 2017": two dates, each end a year (the range kept with them);
    "2009-10" is one period (a season, or the fiscal year starting in 2009 when fiscal years do
    not start in January)."""
    a = int(m["a"])
    b = int(m["b"]) if len(m["b"]) == 4 else a // 100 * 100 + int(m["b"])
    joined_by_and = re.search(r"\band\b", m[0], _FLAGS) is not None
    if b <= a or (len(m["b"]) == 2 and b - a > 10) or (joined_by_and and (m["cue"] or "").lower() != "between"):
        return None
    whole = TimeSpan(date(a, 1, 1), date(b + 1, 1, 1), "year")
    if len(m["b"]) == 4:
        first, last = _months(a, 1, 12, "year"), _months(b, 1, 12, "year")
        return (
            _Hit(m.start("a"), m.end("a"), "date", first, range_span=whole),
            _Hit(m.start("b"), m.end("b"), "date", last, range_span=whole),
        )
    if not re.fullmatch(r"\d{4}[-–/]\d\d", m[0][m.start("a") - m.start():]):
        return None
    start_month = ctx.fiscal(m.start())[0]
    if start_month != 1 and b == a + 1:
        return _fixed(m, _months(a, start_month, 12, "fiscal_year"))
    return _fixed(m, whole)


_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:about|around|approximately|roughly|nearly|almost|some|over|(?<!later\s)(?<!earlier\s)(?<!greater\s)than|under|least|most|top|no\.?|number|"
    r"page|pages|room|model|version|v)\s+)$",
    _FLAGS,
)
_NEXT_WORD = re.compile(r"\s*(?:-\s*)?([A-Za-z]+)")
_OWNER_BEFORE = re.compile(r"\b(?:a|an|his|her|their|its|my|your|our)\s+\Z", _FLAGS)
# Two capitalised words right before a year name a product ("Windows Server 2012", "Office 365").
_PRODUCT_BEFORE = re.compile(r"\b[A-Z][\w&-]*\s+[A-Z][\w&-]*\s+\Z")
# A year-like number in arithmetic or a number range ("32 - 2015") is not a year.
_NUMBER_OP_BEFORE = re.compile(r"\d\s*[-–+*/=]\s*$")
_NUMBER_OP_AFTER = re.compile(r"\s*[-–+*/=]\s*\d")


@_pattern(rf"{_NOT_NUMBER_BEFORE}(?:(?:the\s+)?year\s+)?(?P<y>{tw.YEAR4}){_NOT_NUMBER_AFTER}(?!\s*%)", "Y")
def _bare_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if _YEAR_CONTEXT_BEFORE.search(ctx.text, max(0, m.start() - 16), m.start()):
        return None
    if _NUMBER_OP_BEFORE.search(ctx.text, max(0, m.start() - 6), m.start()) or _NUMBER_OP_AFTER.match(ctx.text, m.end()):
        return None
    after = _NEXT_WORD.match(ctx.text, m.end())
    if after and after.group(1)[0].isupper() and _OWNER_BEFORE.search(ctx.text, max(0, m.start() - 8), m.start()):
        return None  # "his 2008 Bentley", "a 2013 Toyota": a model year
    if _PRODUCT_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start()):
        return None  # "Windows Server 2012": a product's name
    if after:
        word = after.group(1).lower()
        if word in tw.YEAR_BLOCKERS:
            return None
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and word not in tw.MODIFIER_PLURALS:
            return None
    year = int(m["y"])
    return _fixed(m, _months(year, 1, 12, "year"))


@_pattern(r"\b(?P<w>today|tomorrow|yesterday)\b", "D")
def _day_word(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    shift = {"today": 0, "tomorrow": 1, "yesterday": -1}[m["w"].lower()]
    return _relative(m, ctx, lambda ref: TimeSpan(ref + timedelta(shift), ref + timedelta(shift + 1), "day"))


_WEEKDAY_MENTION = re.compile(rf"(?:(?:last|past|previous|next|coming|this)\s+)?{tw.WEEKDAY}(?:['’]s)?", _FLAGS)


def names_a_weekday(mention: TimeMention) -> bool:
    """True for "Friday", "last Friday", "Thursday's": the day of an event, which scopes no figure."""
    return _WEEKDAY_MENTION.fullmatch(mention.text) is not None


_PLURAL_AFTER = re.compile(r"[ \u00a0]+[a-z]{3,}s\b(?<!ss)(?<!us)(?<!is)")
_WEEKDAY_BLOCKED = re.compile(rf"\b(?:{tw.alternation(tw.WEEKDAY_BLOCKERS)})\s+\Z", _FLAGS)
_NAME_AFTER_WEEKDAY = re.compile(rf"[ \u00a0]+(?:{tw.alternation(tw.WEEKDAY_NAMES_AFTER)})\b")


@_pattern(rf"(?:\b(?P<rel>last|past|previous|next|coming|this)\s+)?\b(?P<wd>{tw.WEEKDAY})(?:['’]s)?\b", "W")
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"on Friday", "Thursday's vote", "last Friday": a day near the reference date. Without
    "last"/"next"/"this", the tense of the clause picks the side (the day itself counts)."""
    if not ctx.text[m.start("wd")].isupper() or _NAME_AFTER_WEEKDAY.match(ctx.text, m.end()):
        return None
    if not m[0].endswith(("'s", "’s")) and _PLURAL_AFTER.match(ctx.text, m.end()):
        return None  # "Friday prayers", "Sunday services": every such day
    if _WEEKDAY_BLOCKED.search(ctx.text, max(0, m.start("wd") - 24), m.start("wd")):
        return None
    ref = ctx.reference
    if ref is None:
        return _Hit(m.start(), m.end(), "date", None, weekday=True)
    rel = tw.RELATIVE[m["rel"].lower()] if m["rel"] else None
    day = _weekday_date(ref, tw.WEEKDAYS[m["wd"].lower()], rel, None if rel else _tense(ctx.text, m.start(), m.end()))
    return _Hit(m.start(), m.end(), "date", TimeSpan(day, day + timedelta(days=1), "day"), weekday=True)


def _weekday_date(ref: date, weekday: int, rel: str | None, lean: str | None) -> date:
    back, ahead = (ref.weekday() - weekday) % 7, (weekday - ref.weekday()) % 7
    if rel == "last":
        return ref - timedelta(days=back or 7)
    if rel == "next":
        return ref + timedelta(days=ahead or 7)
    if rel == "this":
        return ref + timedelta(days=weekday - ref.weekday())
    return ref + timedelta(days=ahead) if lean == "future" else ref - timedelta(days=back)


@_pattern(r"\b(?:over|at|on|during|through|throughout|until|till|by|before|into|for)\s+(?P<w>the\s+weekend)\b(?!['’])", "U")
def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"over the weekend": the last one in a past clause (or none), the coming one in a future one."""
    ref = ctx.reference
    if ref is None:
        return _Hit(m.start("w"), m.end(), "date", None)
    this = _week(ref, 0, "weekend")
    if _tense(ctx.text, m.start(), m.end()) != "future" and this.start > ref:
        this = _week(ref, -1, "weekend")
    return _Hit(m.start("w"), m.end(), "date", this)


@_pattern(
    rf"\bthe\s+week\s+of\s+(?:{tw.MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{tw.MONTH.replace('mon>', 'mon2>')})(?:\s*,?\s*(?P<y>{tw.YEAR4}))?\b",
    "M",
)
def _week_of(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"the week of March 10": the calendar week holding that day."""
    if not _month_ok(m, ctx, "mon" if m["mon"] else "mon2"):
        return None
    month, day = _month(m["mon"] or m["mon2"]), int(m["d"] or m["d2"])

    def anchor(year: int) -> TimeSpan | None:
        found = _day(year, month, day)
        return None if found is None or found.start is None else _week(found.start, 0)

    return _fixed(m, anchor(int(m["y"]))) if m["y"] else _yearless(m, ctx, anchor)


@_pattern(r"(?<![\w-])q(?P<q>[1-4])(?![\w-]|\s*['’]?\d)", "C")
def _bare_quarter(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"Q4" without a year: uppercase, and not a model name ("Audi Q4")."""
    if ctx.text[m.start()] != "Q" or _NAME_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start()):
        return None
    q = int(m["q"])
    lean = "ended" if _REPORTED_AFTER.match(ctx.text, m.end()) else None
    return _yearless(m, ctx, lambda year: _quarter_span(q, year, None), lean=lean)


# A capitalised word right before that is not a function word: a name ("Audi Q4").
_NAME_BEFORE = re.compile(r"\b(?!(?:The|In|For|By|During|Its|Their|This|Last|Next|Early|Late|Mid|A|An|And|Or|Of|To)\b)[A-Z][\w&-]*\s+\Z")


def _offset(rel: str | None) -> int:
    if not rel:
        return 0
    return {"this": 0, "next": 1, "last": -1}[tw.RELATIVE[" ".join(rel.lower().split())]]


@_pattern(
    rf"\b(?P<rel>{tw.RELATIVE_WORD})\s+(?P<fiscal>fiscal\s+|calendar\s+)?(?P<unit>year|quarter|month|decade|weekend|week)\b"
    rf"(?!\s+(?:or|and)\s+(?:so|a\s+half|\d+|{tw.alternation(w for w in tw.NUMBERS if w not in ('a', 'an'))})\b)",
    "U",
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    offset, unit = _offset(m["rel"]), m["unit"].lower()
    fiscal = (m["fiscal"] or "").lower().startswith("fiscal")

    def resolve(ref: date) -> TimeSpan | None:
        if unit in ("week", "weekend"):
            return _week(ref, offset, unit)
        if unit == "decade":
            if offset:  # "over the next decade" is the next ten years, not the 2030s
                return TimeSpan(ref, _add_months(ref, 120), "open") if offset > 0 else TimeSpan(_add_months(ref, -120), ref, "open")
            first = ref.year // 10 * 10
            return TimeSpan(date(first, 1, 1), date(first + 10, 1, 1), "decade")
        if unit == "year":
            if fiscal:
                fiscal_year = ctx.fiscal(m.start())
                return _fiscal_year(_fiscal_year_of(ref, fiscal_year) + offset, fiscal_year)
            return _months(ref.year + offset, 1, 12, "year")
        if unit == "quarter":
            start = _add_months(date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1), 3 * offset)
            return TimeSpan(start, _add_months(start, 3), "quarter")
        start = _add_months(date(ref.year, ref.month, 1), offset)
        return TimeSpan(start, _add_months(start, 1), "month")

    return _relative(m, ctx, resolve)


@_pattern(rf"\b(?P<rel>this|next|last|coming|past|previous)\s+{tw.MONTH}(?!\s*[-/]?\d)", "M")
def _relative_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    if not _month_ok(m, ctx):
        return None
    month, rel = _month(m["mon"]), tw.RELATIVE[m["rel"].lower()]

    def resolve(ref: date) -> TimeSpan | None:
        year = ref.year
        if rel == "next" and month <= ref.month:
            year += 1
        elif rel == "last" and month >= ref.month:
            year -= 1
        return _months(year, month, 1, "month")

    return _relative(m, ctx, resolve)


def _week(ref: date, offset: int, unit: str = "week") -> TimeSpan:
    """The calendar week (Monday to Sunday) ``offset`` weeks from the one holding ``ref``, or its weekend."""
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
    if unit == "weekend":
        return TimeSpan(monday + timedelta(days=5), monday + timedelta(days=7), "weekend")
    return TimeSpan(monday, monday + timedelta(days=7), "week")


_COUNT_UNIT = rf"(?P<n>\d+(?:\.\d+)?|{tw.NUMBER})(?:\s+|-)(?P<unit>years?|months?|weeks?|days?)\b"


def _unit_span(d: date, unit: str) -> TimeSpan:
    if unit == "year":
        return TimeSpan(date(d.year, 1, 1), date(d.year + 1, 1, 1), "year")
    if unit == "month":
        start = date(d.year, d.month, 1)
        return TimeSpan(start, _add_months(start, 1), "month")
    return TimeSpan(d, d + timedelta(days=1), "day")


@_pattern(rf"\b{_COUNT_UNIT}\s+ago\b|\bin\s+{_COUNT_UNIT.replace('?P<n>', '?P<n2>').replace('?P<unit>', '?P<unit2>')}(?:['’]s?\s+time)?(?!\s+(?:of|to|from|and)\b)", "U")
def _offset_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    ago = m["n"] is not None
    if not ago and _SUPERLATIVE_BEFORE.search(ctx.text, max(0, m.start() - 60), m.start()):
        return None  # "its lowest level in 17 years": a length of time up to now, not a date ahead
    n = _count(m["n"] if ago else m["n2"])
    if n is None or not float(n).is_integer():
        return None
    unit = _unit(m["unit"] if ago else m["unit2"])
    sign = -1 if ago else 1
    return _relative(m, ctx, lambda ref: _unit_span(_shift(ref, sign * n, unit), unit))


_SUPERLATIVE_BEFORE = re.compile(
    rf"\b(?:[a-z]{{3,}}est|most|least|only|once|twice|times|{tw.alternation(tw.DAY_ORDINALS)}|\d+(?:st|nd|rd|th))\b"
    r"[^.;,]{0,48}\Z",
    _FLAGS,
)


@_pattern(r"\b(?P<which>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>year|month|week)\b", "U")
def _earlier_later(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    unit, later = m["unit"].lower(), m["which"].lower() == "later"

    def resolve(ref: date) -> TimeSpan:
        whole = _week(ref, 0) if unit == "week" else _unit_span(ref, unit)
        return TimeSpan(ref, whole.end, "part") if later else TimeSpan(whole.start, ref, "part")

    return _relative(m, ctx, resolve)


def _count(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        value = tw.number_value(word)
        return None if value is None else float(value)


_DURATION_CUE = rf"(?P<cue>{tw.alternation(tw.DURATION_CUES)}|(?:(?:over|in|for|during)\s+)?(?:the\s+)?(?:past|last|previous))"
_COUNT = rf"\d+(?:\.\d+)?|{tw.NUMBER}"
_PAST_WORDS = frozenset(("past", "last", "previous"))
# Lengths of time shorter than the day: no calendar window ("within 48 hours" keeps its length only).
_SUB_DAY = frozenset(("hour", "minute", "second"))


@_pattern(
    rf"(?:\b{_DURATION_CUE}\s+)?\b(?P<n1>{_COUNT})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_COUNT})"
    rf"|(?P<half>(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half))?"
    rf"(?:\s+(?P<rel>upcoming|next|coming|following|past|previous|last))?"
    rf"(?:\s+|-)(?P<unit>decades?|years?|quarters?|months?|weeks?|days?|hours?|minutes?|seconds?)\b"
    rf"(?!\s+(?:old|of\s+age)\b|-old\b)",
    "U",
)
def _duration(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """A length of time ("four and a half years"); after a cue ("over the next", "the past", "3
    upcoming") also a window."""
    lo, hi = _count(m["n1"]), _count(m["n2"]) if m["n2"] else _count(m["n1"])
    if lo is None or hi is None or hi < lo or lo == 0:
        return None
    if m["half"]:
        lo = hi = lo + 0.5  # "four and a half years", "a two-and-a-half-year sentence"
    cue = " ".join((m["cue"] or "").lower().split())
    rel = (m["rel"] or "").lower()
    if m["n1"].lower() in ("a", "an") and not (cue or rel):
        return None  # "$5 billion a year" is a rate, not a duration
    unit = _unit(m["unit"])
    past = rel in _PAST_WORDS or bool(_PAST_WORDS.intersection(cue.split()))
    relation = "over" if past or (rel and not cue) else tw.DURATION_CUES.get(cue)
    if unit == "quarter" and relation is None:
        return None  # "three quarters" of something
    windowed = ctx.reference and relation and unit not in _SUB_DAY
    span = _window(ctx.reference, hi, unit, past, relation) if windowed else None
    days = tw.UNIT_DAYS[unit]
    return _Hit(m.start(), m.end(), "duration", span, relation=relation, duration_days=Interval(lo * days, hi * days))


# A time taken written as on a clock with seconds: "2:05:41" (h:mm:ss), "1:52.31" (m:ss.hh).
RACE_TIME = re.compile(r"(?<![\w:.,])(?:(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d{1,3})?)"
                        r"|(?P<m2>\d{1,2}):(?P<s2>[0-5]\d\.\d{1,3}))(?![\w:]|[.,]\d)")


def _race_time(m: re.Match[str]) -> _Hit:
    """A time taken ("finished in 2:05:41"): a length of time, to its written hundredths."""
    hours, minutes, seconds = (int(m["h"]), int(m["m"]), float(m["s"])) if m["h"] else (0, int(m["m2"]), float(m["s2"]))
    days = (hours * 3600 + minutes * 60 + seconds) / 86400
    return _Hit(m.start(), m.end(), "duration", None, duration_days=Interval(days, days))


def _window(ref: date, n: float, unit: str, past: bool, relation: str) -> TimeSpan:
    """The stretch of ``n`` units before or after ``ref``: whole calendar quarters for quarters,
    whole days after the reference day for days and weeks, otherwise from the reference date."""
    if unit == "quarter" and float(n).is_integer():
        this_quarter = date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1)
        first = _add_months(this_quarter, -3 * int(n) if past else 3)
        return TimeSpan(first, _add_months(first, 3 * int(n)), "quarter")
    if past:
        return TimeSpan(_shift(ref, -n, unit), ref, "open")
    start = ref + timedelta(days=1) if unit in ("day", "week") else ref
    return TimeSpan(start, _shift(start, n, unit), "open")


@_pattern(
    r"\b(?:and|to|till|until|through|between|from)\s+(?P<p>now|date|current\s+date|(?:the\s+)?present)\b",
    "D",
)
def _present(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"now"/"date" as one end of a range ("between January and now"); dropped when not in a range."""
    ref = ctx.reference
    return _Hit(m.start("p"), m.end(), "present", TimeSpan(ref, ref + timedelta(days=1), "day") if ref else None)


@_pattern(r"\b(?:the\s+)?(?:year[\s-]+to[\s-]+date|ytd)\b", "U")
def _year_to_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _relative(m, ctx, lambda ref: TimeSpan(date(ref.year, 1, 1), ref, "part"))


@_pattern(r"\b(?:the\s+)?(?P<n>[2-9]|1\d|2[01])(?:st|nd|rd|th)[\s-]+century\b", "U")
def _century(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    first = (int(m["n"]) - 1) * 100
    return _fixed(m, TimeSpan(date(first, 1, 1), date(first + 100, 1, 1), "century"))


@_pattern(rf"\bcy\s*['’]?(?P<y>{tw.YEAR4}|\d\d)\b(?!\s*[-/]\d)", "C")
def _calendar_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    return _fixed(m, _months(_year(m["y"]), 1, 12, "year"))


@_pattern(rf"{_NOT_NUMBER_BEFORE}(?P<y>{tw.YEAR4})-(?P<m>0?[1-9]|1[0-2]){_NOT_NUMBER_AFTER}"
          rf"|{_NOT_NUMBER_BEFORE}(?P<m2>0?[1-9]|1[0-2])-(?P<y2>{tw.YEAR4}){_NOT_NUMBER_AFTER}", "Y")
def _numeric_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"2015-12", "12-2015": a year and a month (a two-digit year range such as 2011-12 wins)."""
    return _fixed(m, _months(int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), 1, "month"))


@_pattern(r"(?<![\w.,$€£¥])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\w%]|[.,]\d)", "Y")
def _compact_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"20161016": an eight-digit year-month-day."""
    return _fixed(m, _day(int(m["y"]), int(m["m"]), int(m["d"])))


_DATE_PART = r"[A-Za-z]{3,9}|\d{1,4}"


@_pattern(rf"(?<![\w/-])(?P<a>{_DATE_PART})\.?(?P<sep>[-/])(?P<b>{_DATE_PART})(?P=sep)(?P<c>{_DATE_PART})(?![\w/]|-\w)", "M")
def _named_month_date(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"2019/aug/01", "23/Sep/2020", "September-2020-23": a year, a month name and a day in any order."""
    year = month = day = None
    for part in (m["a"], m["b"], m["c"]):
        if part.isalpha():
            if month is not None or part.lower() not in tw.MONTHS:
                return None
            month = _month(part)
        elif len(part) == 4 and re.fullmatch(tw.YEAR4, part) and year is None:
            year = int(part)
        elif len(part) <= 2 and day is None:
            day = int(part)
        else:
            return None
    if year is None or month is None or day is None:
        return None
    return _fixed(m, _day(year, month, day))


@_pattern(rf"{tw.MONTH}/(?P<d>[0-3]?\d)(?![\d/]|[.,]\d)", "M")
def _month_slash_day(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"Oct/2": a day of a month, no year."""
    if not _month_ok(m, ctx):
        return None
    return _yearless(m, ctx, _day_anchor(_month(m["mon"]), int(m["d"])))


@_pattern(
    rf"(?<!\ba\s)(?<!\bone\s)(?<!\btwo\s)\b(?:the\s+)?(?P<dw>{tw.DAY_ORDINAL})\s+(?:day\s+)?of\s+{tw.MONTH}"
    rf"(?:(?:\s*,\s*|\s+)(?:of\s+)?(?P<y>{tw.YEAR4})\b)?",
    "M",
)
def _ordinal_day_of_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"the second of August", "fourth of July, 1995"."""
    if not _month_ok(m, ctx):
        return None
    anchor = _day_anchor(_month(m["mon"]), tw.DAY_ORDINALS[m["dw"].lower()])
    return _fixed(m, anchor(int(m["y"]))) if m["y"] else _yearless(m, ctx, anchor)


@_pattern(
    rf"(?:{_NO_AMOUNT_BEFORE}(?P<d>[0-3]?\d){_ORD_SUFFIX}\s+)?{tw.MONTH}\s+of\s+['’]?(?P<yy>\d\d)(?![\w%]|[.,]\d|\s*%|\s+\w)",
    "M",
)
def _month_of_short_year(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """"April of 87", "15 April of 87": a two-digit year after "of"."""
    if not _month_ok(m, ctx):
        return None
    year, month = _year(m["yy"]), _month(m["mon"])
    return _fixed(m, _day(year, month, int(m["d"])) if m["d"] else _months(year, month, 1, "month"))


@_pattern(
    rf"{tw.MONTH}(?=\s*(?:-|–|to|through|till|until)\s*{tw.MONTH.replace('mon>', 'mon2>')}(?![\w-]|\s*[-/]?\d{{1,2}}\b))",
    "M",
)
def _month_before_month(m: re.Match[str], ctx: _Ctx) -> _Hit | None:
    """The first month of "May to March", "Jan-Feb 2017"; range assembly joins the two."""
    if not _month_ok(m, ctx) or len(m["mon"].rstrip(".")) < 3:
        return None
    return _yearless(m, ctx, _month_anchor(_month(m["mon"])))


# ---------------------------------------------------------------- assembly

_RANGE_GAP = re.compile(r"\s*(?:-|–|—|~|to|through|thru|till|until|and)\s*(?:the\s+)?", _FLAGS)
_RANGE_CUE = re.compile(r"\b(from|between)\s+(?:the\s+)?$", _FLAGS)
# Word cues need a space before the time; comparison signs may touch it ("<=2019").
_RELATION_CUE = re.compile(rf"(?<![\w<>=])({tw.alternation(tw.RELATIONS)})(?:\s+|(?<=[<>=])\s*)(?:the\s+)?$", _FLAGS)
# "2018 or later"; a suffix ending in a preposition must not take an object ("2016 and after my work").
_RELATION_SUFFIX = re.compile(
    rf"\s*,?\s*((?:{tw.alternation(tw.RELATION_SUFFIXES)})(?<!after)(?<!before)\b(?!\s+than\b)"
    rf"|(?:{tw.alternation(tw.RELATION_SUFFIXES)})\b(?!\s*[\w$€£¥]))",
    _FLAGS,
)


def find_times(
    text: str, reference: date | None, fiscal_year_start: int = 1, fiscal_year_named_by: str = "end",
    fiscal_entities: tuple[EntityFiscal, ...] = (),
) -> list[TimeMention]:
    """Time mentions in ``text``, sorted by (start, end) and non-overlapping.

    ``reference`` (the publication date) resolves relative expressions; without it they
    are returned with ``span=None``. ``fiscal_year_start`` is the month a fiscal year begins
    and ``fiscal_year_named_by`` ("end" or "start") the calendar year that names it;
    ``fiscal_entities`` gives entities their own: (name as written, start month, naming).
    """
    return list(_find_times(text, reference, (fiscal_year_start, fiscal_year_named_by), fiscal_entities))


@lru_cache(maxsize=256)
def _find_times(
    text: str, reference: date | None, fiscal: Fiscal, entities: tuple[EntityFiscal, ...]
) -> tuple[TimeMention, ...]:
    scan = ascii_digits(text)
    ctx = _Ctx(scan, reference, fiscal, entities)
    lowered = _lower(scan)
    windows = _windows(lowered)
    hits = [
        h
        for pattern, handler, families in _HANDLERS
        for lo, hi in windows(families)
        for m in pattern.finditer(lowered, lo, hi)
        for h in _within_calendar(handler, m, ctx)
    ]
    if ":" in scan:
        hits.extend(_race_time(m) for m in RACE_TIME.finditer(scan))
    hits = _merge_ranges(_with_parts(_with_weekdays(_select(hits), ctx), ctx), ctx)
    return tuple(_mention(text, _with_relation(h, ctx)) for h in hits if h.kind != "present")


def _within_calendar(handler: Callable[[re.Match[str], _Ctx], _Hit | tuple[_Hit, ...] | None],
                     m: re.Match[str], ctx: _Ctx) -> tuple[_Hit, ...]:
    """The hits of ``handler(m, ctx)``, or none for an expression that reaches past the calendar's
    years 1 to 9999 ("over the next 9000 years"), which no date can hold."""
    try:
        found = handler(m, ctx)
    except (ValueError, OverflowError):
        return ()
    if found is None:
        return ()
    return found if isinstance(found, tuple) else (found,)


def _lower(text: str) -> str:
    """``text`` in lower case with every offset kept (a character whose lower case is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` factored on the first letter (much faster to scan in ``re``)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(r) for r in sorted(rest, key=lambda r: (-len(r), r))) + ")"
        for first, rest in sorted(groups.items())
    )


# Every pattern contains a trigger of one of its families: a year (Y), a month name (M), a unit
# word (U), a period code (C), a season (S), a day word (D) or a weekday (W). The trigger scan runs once over the
# lowered text; each pattern then runs only in windows around its own families' triggers, reaching
# (before, after) characters from the trigger (then on to the next space).
_TRIGGER_WORDS: dict[str, str] = {
    **{w: "M" for w in tw.MONTHS},
    **{w: "U" for w in ("year", "years", "quarter", "quarters", "month", "months", "week", "weeks", "day", "days",
                        "half", "decade", "decades", "century", "ytd")},
    **{w: "C" for w in ("fy", "cy", "fiscal")},
    **{w: "S" for w in tw.SEASONS},
    **{w: "D" for w in ("today", "tomorrow", "yesterday", "now", "date", "present")},
    **{w: "U" for w in ("weekend", "hour", "hours", "minute", "minutes", "second", "seconds")},
    **{w: "W" for w in tw.WEEKDAYS},
}
_TRIGGER = re.compile(
    rf"\b(?=[{''.join(sorted({w[0] for w in _TRIGGER_WORDS}))}qh1-4])"
    rf"(?:(?:19|20)\d\d|(?:[1-4][qh]|[qh][1-4]|{_trie(list(_TRIGGER_WORDS))})(?![a-z]))"
)
_MARGINS = {"Y": (28, 24), "M": (36, 28), "U": (36, 28), "C": (16, 16), "S": (20, 16), "D": (20, 16), "W": (16, 8)}
_SPACE = re.compile(r"\s")


def _windows(lowered: str) -> Callable[[frozenset[str]], list[tuple[int, int]]]:
    """A function giving, for a set of trigger families, the disjoint stretches of text to scan."""
    n = len(lowered)
    by_family: dict[str, list[tuple[int, int]]] = {}
    for m in _TRIGGER.finditer(lowered):
        word = m[0]
        family = _TRIGGER_WORDS.get(word) or ("Y" if len(word) == 4 else "C")
        before, after = _MARGINS[family]
        end = _SPACE.search(lowered, min(n, m.end() + after))
        by_family.setdefault(family, []).append((max(0, m.start() - before), end.start() if end else n))
    merged: dict[frozenset[str], list[tuple[int, int]]] = {}

    def windows(families: frozenset[str]) -> list[tuple[int, int]]:
        if families not in merged:
            out: list[tuple[int, int]] = []
            for lo, hi in sorted(w for f in families for w in by_family.get(f, ())):
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], max(hi, out[-1][1]))
                else:
                    out.append((lo, hi))
            merged[families] = out
        return merged[families]

    return windows


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest first, then earliest: keep each candidate that overlaps none kept before it."""
    starts: list[int] = []
    kept: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        i = bisect.bisect_right(starts, h.start)
        if i > 0 and kept[i - 1].end > h.start:
            continue
        if i < len(kept) and kept[i].start < h.end:
            continue
        starts.insert(i, h.start)
        kept.insert(i, h)
    return kept


def _merge_ranges(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """Join "from A to B", "between A and B", "A - B" into one mention spanning both."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        merged = _range(a, b, ctx) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


_WEEKDAY_BEFORE_DATE = re.compile(r",?\s*\(?\s*")


def _with_weekdays(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"Tuesday, September 16, 2025" is one date: a weekday right before a day joins it."""
    out: list[_Hit] = []
    for h in hits:
        previous = out[-1] if out else None
        if (previous is not None and previous.weekday and not h.weekday and h.kind == "date" and h.span is not None
                and h.span.grain == "day" and _WEEKDAY_BEFORE_DATE.fullmatch(ctx.text, previous.end, h.start)):
            out[-1] = replace(h, start=previous.start)
        else:
            out.append(h)
    return out


_PARTS_GAP = re.compile(r",?\s+(?:and\s+)?")
_GAP_AFTER = re.compile(r"\s+(?:ahead|behind|clear|adrift|later|earlier|faster|slower|before|after|back|off)\b",
                        re.IGNORECASE)  # "in 2 hours, 18 minutes, eleven seconds ahead of": a margin


def _with_parts(hits: list[_Hit], ctx: _Ctx) -> list[_Hit]:
    """"four hours and 12 minutes", "3 weeks, 2 days" are one length of time: a shorter length
    right after a length (neither a window nor a range) joins it, unless it is a gap of its own
    ("2 hours, 18 minutes, eleven seconds ahead of X")."""
    out: list[_Hit] = []
    for h in hits:
        previous = out[-1] if out else None
        if (previous is not None and previous.kind == h.kind == "duration" and previous.span is None and h.span is None
                and not previous.relation and not h.relation and previous.duration_days and h.duration_days
                and previous.duration_days.lo == previous.duration_days.hi and h.duration_days.lo == h.duration_days.hi
                and h.duration_days.hi < previous.duration_days.lo and _PARTS_GAP.fullmatch(ctx.text, previous.end, h.start)
                and not _GAP_AFTER.match(ctx.text, h.end)):
            days = previous.duration_days.lo + h.duration_days.lo
            out[-1] = replace(previous, end=h.end, duration_days=Interval(days, days))
        else:
            out.append(h)
    return out


def _range(a: _Hit, b: _Hit, ctx: _Ctx) -> _Hit | None:
    if a.kind not in ("date", "present") or b.kind not in ("date", "present") or a.relation or b.relation:
        return None
    if a.range_span is not None or b.range_span is not None:
        return None  # the ends of "2009-2010" stay two dates
    gap = _RANGE_GAP.fullmatch(ctx.text, a.end, b.start)
    if gap is None:
        return None
    cue = _RANGE_CUE.search(ctx.text, max(0, a.start - 12), a.start)
    connector = gap[0].strip().lower().split()[0] if gap[0].strip() else ""
    if (connector == "and") != (cue is not None and cue.group(1).lower() == "between"):
        return None
    first, last = a.span, b.span
    if a.anchor and not b.anchor and b.span and b.span.start:
        first = a.anchor(b.span.start.year)
        if first and first.start and first.start > b.span.start:
            first = a.anchor(b.span.start.year - 1)
    elif b.anchor and not a.anchor and a.span and a.span.start:
        last = b.anchor(a.span.start.year)
        if last and last.end and a.span.end and last.end <= a.span.start:
            last = b.anchor(a.span.start.year + 1)
    elif a.anchor and b.anchor and ctx.reference:  # "from August to October": the two in one year, leaning together
        first = last = _lean(_joined(a.anchor, b.anchor), ctx.reference, a.lean or b.lean, ctx.reference.year)
    start = cue.start() if cue else a.start
    anchored = a.anchor is not None and b.anchor is not None
    if first is None or last is None:
        return _Hit(start, b.end, "date", None, anchor=None if not anchored else a.anchor)
    if first.start is None or last.end is None or last.end <= first.start:
        return None
    return _Hit(start, b.end, "date", TimeSpan(first.start, last.end, last.grain))


def _joined(first: Anchor, last: Anchor) -> Anchor:
    """The range from ``first`` in a year to ``last`` in it (or the next year: "May to March")."""
    def anchor(year: int) -> TimeSpan | None:
        a, b = first(year), last(year)
        if a is not None and b is not None and a.start and b.end and b.end <= a.start:
            b = last(year + 1)
        if a is None or b is None or a.start is None or b.end is None:
            return None
        return TimeSpan(a.start, b.end, b.grain)

    return anchor


def _with_relation(h: _Hit, ctx: _Ctx) -> _Hit:
    """Attach a cue before ("by 2029") or after ("2018 or later") that changes the meaning; the
    ends of "2014 through 2018" have none (the cue joins the two)."""
    if h.kind != "date" or h.range_span is not None:
        return h
    relation, start, end = None, h.start, h.end
    before = _RELATION_CUE.search(ctx.text, max(0, h.start - 20), h.start)
    if before:
        relation, start = tw.RELATIONS[" ".join(before.group(1).lower().split())], before.start()
    else:
        after = _RELATION_SUFFIX.match(ctx.text, h.end)
        if after:
            relation, end = tw.RELATION_SUFFIXES[" ".join(after.group(1).lower().split())], after.end()
    if relation is None:
        return h
    return replace(h, start=start, end=end, relation=relation, span=_related_span(h.span, relation))


def _related_span(span: TimeSpan | None, relation: str) -> TimeSpan | None:
    if span is None:
        return None
    if relation in ("by", "until"):
        return TimeSpan(None, span.end, "open")
    if relation == "before":
        return TimeSpan(None, span.start, "open")
    if relation == "since":
        return TimeSpan(span.start, None, "open")
    if relation == "after":
        return TimeSpan(span.end, None, "open")
    return span


def _mention(text: str, h: _Hit) -> TimeMention:
    return TimeMention(h.start, h.end, text[h.start:h.end], h.kind, h.span, h.relation, h.duration_days, h.range_span)
