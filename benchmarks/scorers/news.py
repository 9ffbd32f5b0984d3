"""Score the extractor on the news-style sets of tests/data/news (value + unit, DATE value).

Both sets are scored on what `consistency.extract` returns for each case (the claims a user
sees). A quantity is a true positive when a claim not used by another expected quantity has
the same value as written (before its qualifier widens it; a range by both ends) and the
same unit: the same ISO code for money, an equivalent pint unit for a physical quantity or a
length of time (a duration claim is in days), the same counted noun (singular; a noun
compound such as "police officer" also accepts its head noun "officer"), the same rate
(numerator and denominator compared alike). A date is a true positive when a date claim
overlapping the written words has the expected span; a claim with a cue ("by 2029", "since
2020") is compared on the edge the cue keeps. Claims matching nothing are false positives.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from consistency.api import extract
from consistency.model import Claim
from consistency.normalize.claims import ABOUT_TOLERANCE
from consistency.settings import FiscalYear, Settings

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT / "tests/data/news"
TOLERANCE = 1e-6
DURATION_TOLERANCE = 2e-3  # our month is 30.44 days, pint's 30.437
_FIGURE_KINDS = ("money", "quantity", "count", "percent", "duration")
# pint reads "decade" as a logarithmic unit; in news it is ten years.
_TIME_NAMES = {"decade": (10.0, "year"), "century": (100.0, "year")}
# Units compared by name, with the factor to a common one.
_NAMED_UNITS = {
    "percent": (1.0, "percent"), "percentage_point": (1.0, "pp"), "basis_point": (0.01, "pp"),
    "magnitude": (1.0, "magnitude"),
}


@lru_cache(maxsize=1)
def _registry():
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=1024)
def _pint_base(unit: str) -> tuple[float, str] | None:
    """(factor to base units, base units) of a pint unit expression, None if pint does not know it."""
    if unit in _NAMED_UNITS:
        return _NAMED_UNITS[unit]
    times, unit = _TIME_NAMES.get(unit, (1.0, unit))
    try:
        q = _registry().Quantity(times, unit).to_base_units()
    except Exception:  # noqa: BLE001 - pint raises many types on unknown names
        return None
    return float(q.magnitude), str(q.units)


def _singular(noun: str) -> str:
    noun = noun.lower()
    for plural, singular in (("people", "person"), ("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss")):
        if noun.endswith(plural):
            return noun[: -len(plural)] + singular
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _same_noun(expected: str, got: str) -> bool:
    want, have = _singular(expected), _singular(got)
    return have == want or have == want.split()[-1]


def _unit_factor(expected: str, got: str) -> float | None:
    """The factor that takes a value in ``got`` to ``expected`` units, None if they differ."""
    if expected == got:
        return 1.0
    a, b = _pint_base(expected), _pint_base(got)
    if a is not None and b is not None and a[1] == b[1]:
        return b[0] / a[0]
    if a is None and b is None and _same_noun(expected, got):
        return 1.0
    return None


def _split_rate(unit: str) -> tuple[str, str | None]:
    """("USD", "barrel") for "USD/barrel"; a pint expression with spaces ("megabit / second") is one unit."""
    if "/" in unit and " " not in unit:
        numerator, denominator = unit.split("/", 1)
        return numerator, denominator
    return unit, None


def _rate_factor(expected: str, got: str, count: bool) -> float | None:
    """Like ``_unit_factor`` for units that may be rates ("USD/barrel", "barrel/day"); the
    amount of a ``count`` is a noun, whatever pint makes of it ("point", "head")."""
    want, want_per = _split_rate(expected)
    have, have_per = _split_rate(got)
    if (want_per is None) != (have_per is None):
        return None
    top = (1.0 if _same_noun(want, have) else None) if count else _unit_factor(want, have)
    if top is None or want_per is None or have_per is None:
        return top
    bottom = _unit_factor(want_per, have_per)
    return None if bottom is None else top / bottom


@dataclass(frozen=True)
class _Figure:
    """A claim's value as written (lo, hi) in its unit as written."""

    lo: float
    hi: float
    unit: str
    tolerance: float
    count: bool = False


def _figure(claim: Claim) -> _Figure | None:
    if claim.kind == "duration":
        value = claim.value
        return None if value is None or value.lo is None else _Figure(value.lo, value.hi, "day", DURATION_TOLERANCE)
    written = claim.original_value
    if written is None or claim.original_unit is None:
        return None
    lo, hi = written.lo, written.hi
    if claim.qualifier in ("more_than", "at_least"):
        hi = lo
    elif claim.qualifier in ("less_than", "at_most"):
        lo = hi
    elif claim.qualifier == "about" and lo is not None and hi is not None:
        lo, hi = _unwiden(lo, -1), _unwiden(hi, 1)
    if lo is None or hi is None:
        return None
    return _Figure(lo, hi, claim.original_unit, TOLERANCE, claim.kind == "count")


def _unwiden(end: float, side: int) -> float:
    """The stated end of an interval that "about" widened by ABOUT_TOLERANCE (side -1: low end)."""
    return end / (1 + side * ABOUT_TOLERANCE * (1 if end >= 0 else -1))


def _close(a: float, b: float, tolerance: float) -> bool:
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-12)


def _matches_figure(expected: tuple[object, str], figure: _Figure) -> bool:
    value, unit = expected
    lo, hi = (value, value) if not isinstance(value, list) else value
    factor = _rate_factor(str(unit), figure.unit, figure.count)
    if factor is None:
        return False
    return _close(float(lo), figure.lo * factor, figure.tolerance) and _close(float(hi), figure.hi * factor, figure.tolerance)


def _settings(case: dict) -> Settings:
    fiscal = case.get("fiscal") or {}
    entities = tuple(FiscalYear(name, int(month), named_by) for name, (month, named_by) in (fiscal.get("entities") or {}).items())
    return Settings(fiscal_year_start=int(fiscal.get("start", 1)), fiscal_year_named_by=fiscal.get("named_by", "end"),
                    fiscal_years=entities)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _load(name: str) -> list[dict]:
    return yaml.safe_load((NEWS / name).read_text(encoding="utf-8"))


def score_news_quantities(name: str = "quantities.yaml", errors: list[str] | None = None) -> dict:
    """Value + unit P/R/F1 on tests/data/news/``name``; ``errors`` collects misses and false positives."""
    cases = _load(name)
    tp = fp = fn = 0
    for case in cases:
        claims = [c for c in extract(case["text"], settings=_settings(case)) if c.kind in _FIGURE_KINDS]
        free = [(c, f) for c in claims if (f := _figure(c)) is not None]
        for expected in case["expect"]:
            hit = next((pair for pair in free if _matches_figure(tuple(expected), pair[1])), None)
            if hit is None:
                fn += 1
                if errors is not None:
                    errors.append(f"miss {expected} in: {case['text']}")
            else:
                tp += 1
                free.remove(hit)
        fp += len(free)
        if errors is not None:
            errors.extend(f"extra {c.text!r} {f.lo}..{f.hi} {f.unit} in: {case['text']}" for c, f in free)
    precision, recall, f1 = _prf(tp, fp, fn)
    return dict(model=f"news {name.removesuffix('.yaml').replace('_', ' ')}", cases=len(cases), tp=tp, fp=fp,
                fn=fn, precision=precision, recall=recall, f1=f1,
                scope=f"tests/data/news/{name}: value + unit of every money amount, physical quantity, count, "
                "percentage, magnitude, age and length of time, on the claims of consistency.extract.")


_WEEK = re.compile(r"(\d{4})-W(\d\d)(-WE)?")
_PERIOD = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)")
_PERIOD_MONTHS = {"Q1": (1, 3), "Q2": (4, 3), "Q3": (7, 3), "Q4": (10, 3), "H1": (1, 6), "H2": (7, 6),
                  "SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}


def _add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def span_of(value: object) -> tuple[date, date]:
    """The half-open span of a TIMEX-like value (see tests/data/news/dates.yaml)."""
    if isinstance(value, date):
        return value, value + timedelta(days=1)
    text = str(value)
    if "/" in text:
        start, end = text.split("/")
        return date.fromisoformat(start), date.fromisoformat(end)
    if week := _WEEK.fullmatch(text):
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return (monday + timedelta(days=5), monday + timedelta(days=7)) if week[3] else (monday, monday + timedelta(days=7))
    if period := _PERIOD.fullmatch(text):
        first, count = _PERIOD_MONTHS[period[2]]
        start = date(int(period[1]), first, 1)
        return start, _add_months(start, count)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        start = date(parts[0], parts[1], 1)
        return start, _add_months(start, 1)
    day = date(*parts)
    return day, day + timedelta(days=1)


def _matches_date(claim: Claim, value: object) -> bool:
    if claim.time is None:
        return False
    start, end = span_of(value)
    got = (claim.time.start, claim.time.end)
    relation = claim.time_relation
    if relation in ("by", "until"):
        return got[1] == end
    if relation == "before":
        return got[1] == start
    if relation == "since":
        return got[0] == start
    if relation == "after":
        return got[0] == end
    return got == (start, end)


def score_news_dates(name: str = "dates.yaml", errors: list[str] | None = None) -> dict:
    """DATE value P/R/F1 on tests/data/news/``name``; ``errors`` collects misses and false positives."""
    cases = _load(name)
    tp = fp = fn = 0
    for case in cases:
        text = case["text"]
        claims = [c for c in extract(text, published=case["reference"], settings=_settings(case)) if c.kind == "date"]
        free = list(claims)
        for words, value in case["expect"]:
            at = text.index(str(words))
            where = (at, at + len(str(words)))
            hit = next((c for c in free if c.start < where[1] and where[0] < c.end and _matches_date(c, value)), None)
            if hit is None:
                fn += 1
                if errors is not None:
                    got = [(c.text, c.time.as_list() if c.time else None) for c in claims if c.start < where[1] and where[0] < c.end]
                    errors.append(f"miss {words!r} = {value} (got {got}) in: {text}")
            else:
                tp += 1
                free.remove(hit)
        fp += len(free)
        if errors is not None:
            errors.extend(f"extra {c.text!r} {c.time.as_list() if c.time else None} in: {text}" for c in free)
    precision, recall, f1 = _prf(tp, fp, fn)
    return dict(model=f"news {name.removesuffix('.yaml').replace('_', ' ')}", cases=len(cases), tp=tp, fp=fp,
                fn=fn, precision=precision, recall=recall, f1=f1,
                scope=f"tests/data/news/{name}: DATE value (the span of every date written, relative ones "
                "resolved against the publication date), on the date claims of consistency.extract.")
