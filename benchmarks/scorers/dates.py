"""Score consistency.extract.times on the Recognizers-Text English DateTimeModel spec.

Scope: cases whose expected results are all ``datetimeV2.date`` or ``datetimeV2.daterange``
with a resolved calendar value: days, months, years, quarters, halves, parts of a year,
decades and ranges of these, relative to the reference date or not (including ranges that end
"now" or "to date"). Out of scope, each by a generic rule: times of day, datetimes, durations,
sets, time ranges, weeks and weekdays (timex with W, or "week" in the text), days of an unnamed
month ("the 18th", timex XXXX-XX-dd), business days, values Recognizers leaves unresolved
(seasons, school/fiscal years), "approx"/"ref_undef" modifiers, cases the upstream marks
NotSupportedByDesign; holidays; spelled-out years and numbers from thirteen up ("nineteen
ninety six", "May twenty nine"); spelled-out day ordinals after a month name ("January first",
which reads like "March first deliveries"); date arithmetic ("3 days after X", "two weeks from
today"); numeric day/month without a year ("5/12"); and bare "the day/month/year"
(``_OUT_OF_SCOPE_TEXT``). False positives are counted over every case with no results.

A case is correct when each expected result is matched by its own mention and no extra
mention is produced. A ``date`` value d matches the span [d, d+1 day). A daterange matches on
its start and end, with open ends for before/after/since. Where our conventions differ from
Recognizers, both readings are accepted:
- Recognizers ends a written range ("2014 to 2018", timex "(2014-01-01,2018-01-01,P4Y)") at the
  *start* of its last unit; ours ends after it, so an end B also accepts B plus one unit of the
  grain of our span.
- An open range bounded by a day ("after January 1, 2007", "no later than ...") includes that
  day in Recognizers and ends on its edge in ours, so both bounds may be one day later.
- "in two years" / "two months ago" is the exact day in Recognizers and the calendar year or
  month holding it in ours; such a mention whose month/year span holds the day matches.
- A range of two four-digit years ("between 2014 and 2018") is two dates in ours, each end its
  year (as TimeML annotates it; both carry the whole range), and one range in Recognizers: the
  two ends stand for the range.
When Recognizers gives several values (past and future readings) any one may match.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from consistency.extract.times import find_times
from consistency.model import TimeMention

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests/data/external/recognizers-text/Specs/DateTime/English/DateTimeModel.json"
IN_SCOPE_TYPES = {"datetimeV2.date", "datetimeV2.daterange"}
# Expression families outside a news time extractor: weekdays and weeks, holidays, spelled-out years
# and numbers from thirteen up, spelled-out day ordinals after a month ("January first"), date
# arithmetic ("3 days after X", "two weeks from today"), numeric day/month without a year ("5/12").
_OUT_OF_SCOPE_TEXT = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|\b(?:tue|thu|tues|thur|thurs|mon|fri|sat|sun|wed)\b|"
    r"easter|christmas|new year|independence|thanksgiving|halloween|labor day|earth day|patrick|eid |"
    r"workers|fortnight|\bweek|\bw/c\b|\botd\b|\beoy\b|\btmrw\b|"
    r"\b(?:\w+teen|twent|thirt|fort[iy]|fift[iy]|sixt[iy]|sevent[iy]|eight[iy]|ninet[iy]|hundred|thousand)\w*|"
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+\w+\s+(?:from|after|before|later|since)\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:the\s+)?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b|"
    r"\b\d{1,2}[/.]\d{1,2}\b(?![/.]\d)|\b(?:day|month|year)\b$",
    re.IGNORECASE,
)
_OUT_OF_SCOPE_TIMEX = re.compile(r"W|T|XXXX-XX|BD|^(?:SU|SP|FA|WI)$|-(?:SU|SP|FA|WI)$|FY|SY|CY")


def _type(result: dict) -> str:
    return result.get("TypeName") or result.get("Typename") or ""


def _in_scope(case: dict) -> bool:
    if "NotSupportedByDesign" in case:
        return False
    for r in case["Results"]:
        if _OUT_OF_SCOPE_TEXT.search(r["Text"]):
            return False
        if _type(r) not in IN_SCOPE_TYPES:
            return False
        for v in r["Resolution"]["values"]:
            if _OUT_OF_SCOPE_TIMEX.search(v.get("timex", "")) or v.get("Mod") in ("approx", "ref_undef"):
                return False
            if v.get("value") == "not resolved" or not ("value" in v or "start" in v or "end" in v):
                return False
    return True


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


_GRAIN_MONTHS = {"year": 12, "half": 6, "part": 4, "season": 3, "quarter": 3, "month": 1}


def _plus_grain(d: date, grain: str) -> date:
    """``d`` plus one unit of ``grain`` (a day for the finer grains)."""
    months = _GRAIN_MONTHS.get(grain)
    if months is None or d.day != 1:
        return d + timedelta(days=1)
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


_OFFSET_TEXT = re.compile(r"^in\b|\bago$", re.IGNORECASE)
_DAY_TIMEX = re.compile(r"^(?:\d{4}|XXXX)-\d\d-\d\d$")
_ONE_DAY = timedelta(days=1)


def _matches(m: TimeMention, value: dict) -> bool:
    if m.span is None:
        return False
    if value.get("type") == "date":
        d = _d(value["value"])
        if (m.span.start, m.span.end) == (d, d + _ONE_DAY):
            return True
        # "in two years", "two months ago": Recognizers gives the exact day, ours the month or year holding it.
        return bool(
            _OFFSET_TEXT.search(m.text) and m.span.grain in ("month", "year")
            and m.span.start is not None and m.span.end is not None and m.span.start <= d < m.span.end
        )
    start, end = _d(value.get("start")), _d(value.get("end"))
    if (start is None) != (end is None) and _DAY_TIMEX.match(value.get("timex", "")):
        # An open range bounded by a day: Recognizers includes the day, ours ends on its edge.
        return (m.span.start, m.span.end) in ((start, end), (start and start + _ONE_DAY, end and end + _ONE_DAY))
    if m.span.start != start:
        return False
    if m.span.end == end:
        return True
    written_range = value.get("timex", "").startswith("(")
    return bool(written_range and end and m.span.end == _plus_grain(end, m.span.grain))


def _ranges_joined(mentions: list[TimeMention]) -> list[TimeMention]:
    """The two ends of a range of years, read as that range."""
    out: list[TimeMention] = []
    for m in mentions:
        if out and m.range_span is not None and out[-1].range_span == m.range_span:
            first = out.pop()
            out.append(replace(first, end=m.end, span=m.range_span, range_span=None))
        else:
            out.append(m)
    return out


def _correct(mentions: list[TimeMention], results: list[dict]) -> bool:
    mentions = _ranges_joined(mentions)
    if len(mentions) != len(results):
        return False
    return all(any(_matches(m, v) for v in r["Resolution"]["values"]) for m, r in zip(mentions, results))


def score_datetime() -> dict:
    """Accuracy of find_times on the in-scope DateTimeModel cases, and false positives on negatives."""
    cases = json.loads(SPEC.read_text(encoding="utf-8-sig"))
    in_scope = correct = false_positives = 0
    for case in cases:
        if "NotSupportedByDesign" in case:
            continue
        stamp = case.get("Context", {}).get("ReferenceDateTime")
        reference = datetime.fromisoformat(stamp).date() if stamp else None
        mentions = find_times(case["Input"], reference)
        if not case["Results"]:
            false_positives += len(mentions)
        elif _in_scope(case):
            in_scope += 1
            correct += _correct(mentions, case["Results"])
    return {
        "model": "DateTimeModel",
        "in_scope": in_scope,
        "correct": correct,
        "accuracy": correct / in_scope if in_scope else 0.0,
        "false_positives": false_positives,
        "scope": "cases whose expected results are all resolved calendar dates or date ranges (days, months, "
        "years, quarters, halves, parts of a year, decades, relative or absolute, ranges ending now/to date); "
        "no times, durations, sets, weeks, weekdays, holidays, spelled-out years/numbers from thirteen up, "
        "spelled-out day ordinals after a month, date arithmetic, yearless numeric day/month or unresolved "
        "values; false positives counted on cases with no results.",
    }
