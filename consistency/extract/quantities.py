"""Money, physical quantities, counts and percentages as written in prose.

One master regex, built from the lexicons in ``consistency/data/`` (numbers, units,
currencies, count nouns), is tried at every place where a number or a currency prefix
starts (found by cheap scans). It reads an amount with either a currency before it
("$6.5bn", "JPY 1 trillion") or, after it, a currency ("5 million euros"), a unit
("10-gigawatt", "2nm", "12%") or a count noun ("750,000 homes", "a 512-core
processor"). Any of these may be a range ("7-to-10 gigawatt", "between $100 billion and
$500 billion"). Qualifiers ("about", "more than") are read just before the span and kept
out of it. Bare numbers are not claims and are not returned.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from consistency.extract.numbers import (
    QUALIFIERS,
    RANGE_FROM_CUES,
    Number,
    alternation,
    lower_same_length,
    number_pattern,
    number_starts,
    parse_number,
    scaled,
)
from consistency.model import QuantityMention

_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _load(name: str) -> dict:
    return tomllib.loads((_DATA_DIR / name).read_text("utf-8"))


_CURRENCIES = _load("currencies.toml")
_UNITS = _load("units.toml")["units"]
_NOUNS = _load("count_nouns.toml")

CURRENCY_SYMBOLS: dict[str, str] = _CURRENCIES["symbols"]
CURRENCY_CODES: dict[str, str] = _CURRENCIES["codes"]
CURRENCY_NAMES: dict[str, str] = {k.lower(): v for k, v in _CURRENCIES["names"].items()}
SCALED_CURRENCY_NAMES: dict[str, str] = _CURRENCIES["scaled_names"]
SUBUNITS: dict[str, tuple[str, float]] = {
    k: (v["code"], float(v["factor"])) for k, v in _CURRENCIES["subunits"].items()
}
UNIT_NAMES: dict[str, str] = {
    form.lower(): unit for unit, spec in _UNITS.items() for form in spec.get("names", [])
}
UNIT_SYMBOLS: dict[str, str] = {
    form: unit for unit, spec in _UNITS.items() for form in spec.get("symbols", [])
}
PERCENT_UNITS = frozenset({"percent", "percentage_point"})


def _noun_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for key, spec in _NOUNS["nouns"].items():
        written = spec.get("forms") or [key, spec.get("plural", key + "s")]
        for form in written:
            forms[form] = written[0]
    return forms


COUNT_NOUNS: dict[str, str] = _noun_forms()
_ACRONYM_NOUNS = {f: n for f, n in COUNT_NOUNS.items() if n.isupper()}
_WORD_NOUNS = {f.lower(): n for f, n in COUNT_NOUNS.items() if not n.isupper()}
_STOP_WORDS = _NOUNS["stop_words"]["words"]

_NUMBER = number_pattern(money=True)
_NUMBER_AFTER = number_pattern(money=True, guarded=False)
_RANGE = r"(?:\s*[-–—]\s*to(?:-|\s*)|\s*[-–—]\s*|\s*to(?:-|\s+)|\s+through\s+)"
_AND = r"\s+and\s+"
_PREFIX = (
    rf"(?<![A-Za-z])(?:{alternation(CURRENCY_SYMBOLS)}|{alternation(CURRENCY_CODES)})[ \u00a0]?"
)
_CURRENCY_AFTER = (
    rf"(?:{alternation(CURRENCY_CODES)}|(?i:{alternation(CURRENCY_NAMES)}|{alternation(SUBUNITS)}))"
)
_UNIT = rf"(?:(?i:{alternation(UNIT_NAMES)})|{alternation(UNIT_SYMBOLS)})"
_NOUN = rf"(?:{alternation(_ACRONYM_NOUNS)}|(?i:{alternation(_WORD_NOUNS)}))"
# Spaces between words, across at most one line break (hard-wrapped Markdown).
_GAP = r"(?:[ \u00a0]+\n?[ \u00a0]*|\n[ \u00a0]*)"
_ADJECTIVES = rf"(?:(?!(?:{alternation(_STOP_WORDS)})\b)[a-z][a-z'-]*{_GAP}){{0,2}}"
# The small change of a compound amount: "3 dollars 50 cents", "thirteen dollars and forty-five cents".
_CHANGE = rf"(?:[ \u00a0]+(?:and[ \u00a0]+)?(?P<change>{_NUMBER_AFTER})[ \u00a0]?(?i:{alternation(SUBUNITS)}))?"
# What follows an amount without a currency prefix. Order matters: currency names before
# ambiguous ones ("40 million pounds sterling"); "pounds" is money after a scale word
# ("361 million pounds") and mass otherwise ("25 pounds"); units before count nouns.
_POST = (
    rf"(?:(?:[ \u00a0]?\n?|-)(?P<currency>{_CURRENCY_AFTER}){_CHANGE}"
    rf"|{_GAP}(?P<ambiguous>(?i:{alternation(SCALED_CURRENCY_NAMES)}))"
    rf"|(?:[ \u00a0]?\n?|-)(?P<unit>{_UNIT})"
    rf"|(?:-|{_GAP}{_ADJECTIVES})(?P<noun>{_NOUN}))"
)
_MASTER = re.compile(
    rf"(?P<between>between\s+)?(?P<prefix>{_PREFIX})?(?P<n1>(?(prefix){_NUMBER_AFTER}|{_NUMBER}))"
    rf"(?:(?P<unit1>[ \u00a0]?{_UNIT})?(?(between)(?:{_AND}|{_RANGE})|{_RANGE})"
    rf"(?P<prefix2>{_PREFIX})?(?P<n2>{_NUMBER_AFTER}))?"
    rf"(?(prefix)|{_POST})(?![\w])"
)
# Where a currency prefix may start, found by cheap case-sensitive scans; the master
# pattern checks the context where it is tried. A letter-led symbol ("US$", "c $") is
# found from its sign, by a look back from each "$"/"¥"; codes ("USD") by their capitals.
_SIGNS = "".join(sorted({ch for s in CURRENCY_SYMBOLS for ch in s if not (ch.isalnum() or ch in " .")}))
_SIGN_START = re.compile(f"[{re.escape(_SIGNS)}]")
_LED_BY_LETTERS = [s for s in CURRENCY_SYMBOLS if s[0].isalpha() and any(ch in _SIGNS for ch in s)]
_LETTERS_BEFORE_SIGN = re.compile(rf"(?:{alternation(_LED_BY_LETTERS)})\Z")
_LONGEST_LEAD = max(len(s) for s in _LED_BY_LETTERS)
_WORD_PREFIX_START = re.compile(
    alternation([s for s in CURRENCY_SYMBOLS if s[0].isalpha() and s not in _LED_BY_LETTERS] + list(CURRENCY_CODES))
)
_BETWEEN = re.compile(r"between\b")
# "1.2-gigawatt (GW)", "2-nanometer (2nm)": a restatement in parentheses joins the mention.
_RESTATED = re.compile(rf"[ \u00a0]*\(\s*(?P<n>{_NUMBER})?[ \u00a0-]?(?P<u>{_UNIT})\s*\)")
_QUALIFIER = re.compile(rf"(?:^|(?<![\w]))(?P<q>(?i:{alternation(QUALIFIERS)}))\s*$")
_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_RANGE_FROM = re.compile(rf"\b(?:{alternation(RANGE_FROM_CUES)})\s*$", re.IGNORECASE)
# "Three Mile Island": a number word and unit in title case before another capitalised word.
_PROPER_NAME = re.compile(r"(?:[A-Z][a-z]+[ \u00a0-])+[A-Z]")
_YEAR = re.compile(r"(?:19|20)\d\d|2100")
_LOOKBEHIND = 24


def find_quantities(text: str) -> list[QuantityMention]:
    """Every money amount, quantity, count and percentage in ``text``, sorted, non-overlapping."""
    out: list[QuantityMention] = []
    pos = 0
    for at in _starts(text):
        if at < pos:
            continue
        m = _MASTER.match(text, at)
        mentions = _mentions(text, m) if m else []
        out.extend(mentions)
        if mentions:
            pos = mentions[-1].end
    return out


def _starts(text: str) -> list[int]:
    """Offsets where the master pattern is tried: numbers, currency prefixes, "between"."""
    lowered = lower_same_length(text)
    starts = number_starts(text, lowered)
    for m in _SIGN_START.finditer(text):
        sign = m.start()
        starts.add(sign)
        lead = _LETTERS_BEFORE_SIGN.search(text, max(0, sign + 1 - _LONGEST_LEAD), sign + 1)
        if lead:
            starts.add(lead.start())
    starts.update(m.start() for m in _WORD_PREFIX_START.finditer(text))
    starts.update(m.start() for m in _BETWEEN.finditer(lowered) if not lowered[m.start() - 1:m.start()].isalnum())
    return sorted(starts)


def _mentions(text: str, m: re.Match) -> list[QuantityMention]:
    """The mention(s) of one master match: none if rejected, two for "from 5 to 7 GW"."""
    first = parse_number(m.group("n1"))
    second = parse_number(m.group("n2")) if m.group("n2") else None
    if first is None or (m.group("n2") and second is None):
        return []
    unit_info = _unit_of(m, second or first)
    if unit_info is None:
        return []
    kind, unit, factor = unit_info
    start = m.start("prefix") if m.group("prefix") else m.start("n1")
    year_like = second is None and _YEAR.fullmatch(m.group("n1"))
    if year_like and (kind == "count" or m.group("currency")):
        return []  # "In 2025 workers ...", "in 2020 dollars"
    name = _PROPER_NAME.match(text, start)
    if name and name.end() > m.end():
        return []
    end = m.end()
    if kind in ("quantity", "percent"):
        end = _swallow_restatement(text, end, unit, second or first)
    qualifier = _qualifier(text, start)
    first_unit = unit_info
    if m.group("unit1"):
        first_unit = _plain_unit(m.group("unit1").strip(" \u00a0"))
    before = max(0, start - _LOOKBEHIND)
    changed = (
        not m.group("between") and _FROM.search(text, before, start) and not _RANGE_FROM.search(text, before, start)
    )
    if second is not None and (changed or first_unit != unit_info):
        # "rose from 5 to 7 GW" is a change between two values, not a range.
        n1_end = m.end("unit1") if m.group("unit1") else m.end("n1")
        n2_start = m.start("prefix2") if m.group("prefix2") else m.start("n2")
        return [
            _mention(text, start, n1_end, *first_unit, first, None, qualifier),
            _mention(text, n2_start, end, kind, unit, factor, second, None, None),
        ]
    if second is not None:
        first = _inherit_scale(first, second)
    elif m.group("change"):
        change = parse_number(m.group("change"))
        code, sub = SUBUNITS[text[m.end("change"):m.end()].strip(" \u00a0").lower()]
        if change is None or code != unit or factor != 1.0:
            return []
        first = Number(first.value + scaled(change.value, sub), scaled(change.precision, sub), first.scale)
    return [_mention(text, start, end, kind, unit, factor, first, second, qualifier)]


def _unit_of(m: re.Match, last: Number) -> tuple[str, str, float] | None:
    """(kind, unit, factor) of a match; factor converts subunits ("50 cents") to the unit."""
    if m.group("prefix"):
        written = m.group("prefix").strip(" \u00a0")
        return "money", CURRENCY_SYMBOLS.get(written) or CURRENCY_CODES[written], 1.0
    if m.group("currency"):
        written = m.group("currency")
        if written in CURRENCY_CODES:
            return "money", CURRENCY_CODES[written], 1.0
        if written.lower() in SUBUNITS:
            code, factor = SUBUNITS[written.lower()]
            return "money", code, factor
        return "money", CURRENCY_NAMES[written.lower()], 1.0
    if m.group("ambiguous"):
        written = m.group("ambiguous").lower()
        if last.scale != 1.0:
            return "money", SCALED_CURRENCY_NAMES[written], 1.0
        return _plain_unit(written) if written in UNIT_NAMES else None
    if m.group("unit"):
        return _plain_unit(m.group("unit"))
    return "count", _noun(m.group("noun")), 1.0


def _plain_unit(written: str) -> tuple[str, str, float]:
    """(kind, unit, factor) of a unit as written ("GW", "percent")."""
    unit = UNIT_SYMBOLS.get(written) or UNIT_NAMES[written.lower()]
    return ("percent" if unit in PERCENT_UNITS else "quantity"), unit, 1.0


def _noun(written: str) -> str:
    """The singular form of a count noun as written ("GPUs" -> "GPU", "homes" -> "home")."""
    return _ACRONYM_NOUNS.get(written) or _WORD_NOUNS[written.lower()]


def _inherit_scale(first: Number, second: Number) -> Number:
    """"$100-$500 billion": a scale written only on the second end applies to both."""
    if first.scale != 1.0 or second.scale == 1.0 or first.value * second.scale > second.value:
        return first
    return Number(scaled(first.value, second.scale), scaled(first.precision, second.scale), second.scale)


def _swallow_restatement(text: str, end: int, unit: str, value: Number) -> int:
    """The end of the mention, extended over "(GW)" or "(2nm)" when it restates the same unit and value."""
    r = _RESTATED.match(text, end)
    if r is None:
        return end
    written = r.group("u")
    if (UNIT_SYMBOLS.get(written) or UNIT_NAMES.get(written.lower())) != unit:
        return end
    if r.group("n"):
        restated = parse_number(r.group("n"))
        if restated is None or abs(restated.value - value.value) > 1e-9 * max(1.0, abs(value.value)):
            return end
    return r.end()


def _qualifier(text: str, start: int) -> str | None:
    """The qualifier written right before ``start`` ("about", "more than"), if any."""
    q = _QUALIFIER.search(text, max(0, start - _LOOKBEHIND), start)
    return QUALIFIERS[q.group("q").lower()] if q else None


def _mention(
    text: str, start: int, end: int, kind: str, unit: str, factor: float,
    first: Number, second: Number | None, qualifier: str | None,
) -> QuantityMention:
    lo, hi = sorted((scaled(first.value, factor), scaled(second.value if second else first.value, factor)))
    precision = scaled(max(first.precision, second.precision if second is not None else 0.0), factor)
    return QuantityMention(
        start=start, end=end, text=text[start:end], kind=kind, lo=lo, hi=hi, unit=unit,
        precision=precision, qualifier=qualifier, is_range=second is not None,
    )
