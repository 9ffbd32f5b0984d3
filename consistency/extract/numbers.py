"""Numbers as written in prose: digits with separators, decimals, number words, scale words.

The pattern strings here are the building blocks of the quantity extractor's master
pattern; ``find_numbers`` applies them alone (bare numbers, used for scoring).
Lexicons live in ``consistency/data/numbers.toml``.
"""
from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

_DATA = tomllib.loads((Path(__file__).resolve().parent.parent / "data" / "numbers.toml").read_text("utf-8"))

WORDS: dict[str, float] = {k: float(v) for k, v in _DATA["words"].items()}
SCALES: dict[str, float] = {k: float(v) for k, v in _DATA["scales"].items()}
ABBREVIATIONS: dict[str, float] = {k: float(v) for k, v in _DATA["abbreviations"]["any"].items()}
MONEY_ABBREVIATIONS: dict[str, float] = {k: float(v) for k, v in _DATA["abbreviations"]["money"].items()}
QUALIFIERS: dict[str, str] = {cue: q for q, cues in _DATA["qualifiers"].items() for cue in cues}
RANGE_CHANGE_CUES: list[str] = _DATA["ranges"]["change_cues"]
VAGUE_BOUNDS: dict[str, tuple[float, float]] = {
    k: (float(v[0]), float(v[1])) for k, v in _DATA["vague"].items() if k != "multipliers"
}
VAGUE_MULTIPLIERS: dict[str, float] = {k: float(v) for k, v in _DATA["vague"]["multipliers"].items()}


def alternation(forms: Iterable[str]) -> str:
    """A regex matching any of the literal ``forms``, preferring the longest.

    Built as a trie ("t(?:en|wo|hree)") so the engine tries one branch per first letter."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


_LARGE_SCALES = {k: v for k, v in SCALES.items() if v >= 1000}
_GROUP_SPACES = "\u00a0\u2009\u202f"
# Digits: "1,000", "6.34", "600000", "40\u202f000" (groups of three after a no-break, thin or
# narrow no-break space). Not inside
# identifiers ("H100", "GPT-4", "v2.1"), URLs, times ("10:30"), dates ("3/4/2025") or dotted
# sequences ("192.168.1.2"), nor with a leading zero ("000"). A minus sign counts only
# where it cannot be a hyphen ("-18 °C", not "COVID-19" or "10-20").
_GUARD = r"(?<!\d[\u00a0\u2009\u202f])(?:(?<![\w.,/:#@%=&?^)\]\-–—])[-−](?=\d)|(?<![\w.,/:\-–—#@%=&?^]))"
_SIGN = r"(?:(?<![\w\-–—])[-−](?=\d))?"
_DIGITS = rf"(?!0\d)(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+|\d+)(?:\.\d+)?(?!\d|[.,]\d|:\d|/\d|[{_GROUP_SPACES}]\d)"
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
# "1/4", "10 1/2", "2½": only small numerators and denominators, never part of a date.
_FRACTION = (
    rf"(?:\d{{1,3}}[ \u00a0]+)?[1-9]\d?/[1-9]\d?(?![\d/])"
    rf"|(?:\d{{1,3}}[ \u00a0]?)?[{''.join(_VULGAR)}]"
)
# One or two scale words: "3 million", "3.5 lakh crore" (3.5e12).
_SCALE_WORD = rf"(?i:{alternation(_LARGE_SCALES)})\b(?:[\s-]+(?i:{alternation(_LARGE_SCALES)})\b)?"
_ABBREVIATION = rf"(?:{alternation(ABBREVIATIONS)})(?![\w])"
_SPACED_ABBREVIATION = rf"\s(?:{alternation({k for k in ABBREVIATIONS if len(k) > 1})})(?![\w])"
_MONEY_ABBREVIATION = rf"(?:{alternation(MONEY_ABBREVIATIONS)})(?![\w])"
_MULTIPLIER = rf"(?:{alternation(set(SCALES) | {'dozen', 'half'})})"
_WORD = rf"(?:{alternation(WORDS | SCALES)}|a[\s-]+half|half(?:[\s-]+an?(?=[\s-]+{_MULTIPLIER}\b))?)"
# Number words: "three", "twenty-five", "two million", "a dozen", "one hundred and two",
# "two and a half", "one-half".
WORD_NUMBER = (
    rf"(?<![\w-])(?i:(?:an?[\s-]+(?={_MULTIPLIER}\b))?{_WORD}"
    rf"(?:(?:[\s-]+|\s+and\s+){_WORD})*)\b"
)


# "minus 12": a negative number written out.
_MINUS = r"(?:(?<![\w-])(?i:minus)[ \u00a0]+(?=\d))"


def number_pattern(money: bool = False, guarded: bool = True) -> str:
    """The regex of one written number. ``money`` also takes "5m", "10B" (the quantity
    extractor accepts them before any unit: "5m people"); ``guarded=False`` drops the check
    on the character before (the second end of a range such as "7-to-10" follows a hyphen)."""
    scales = [rf"[\s-]+{_SCALE_WORD}", _ABBREVIATION, _SPACED_ABBREVIATION]
    if money:
        scales.append(_MONEY_ABBREVIATION)
    lead = _GUARD if guarded else _SIGN
    return rf"(?:{lead}(?:{_FRACTION})|(?:{_MINUS}|{lead}){_DIGITS}(?:{'|'.join(scales)})?|{WORD_NUMBER})"


NUMBER = number_pattern()
# Where a number can start, found by cheap case-sensitive scans (IGNORECASE is ~7x
# slower); callers try their full patterns only there. Number words are found in the
# lowercased text; "a"/"an" count only before a multiplier ("a dozen", "a million").
_DIGIT_RUN = re.compile(rf"[0-9{''.join(_VULGAR)}]+")
_WORD_START = re.compile(rf"(?:{alternation(set(WORDS) | set(SCALES) | {'half', 'minus'})})\b")
_MULTIPLIERS = frozenset(SCALES) | {"dozen", "half"}


def number_starts(text: str, lowered: str) -> set[int]:
    """Offsets where a written number may begin; ``lowered`` is ``text.lower()`` (same length)."""
    starts: set[int] = set()
    for m in _DIGIT_RUN.finditer(text):
        at = m.start()
        starts.add(at - 1 if at and text[at - 1] in "-−" else at)
    for m in _WORD_START.finditer(lowered):
        at = m.start()
        starts.add(at)
        if m.group(0) in _MULTIPLIERS:
            for article in ("a ", "an ", "a-"):
                if lowered.startswith(article, at - len(article)):
                    starts.add(at - len(article))
    return starts


# A bare number is not glued to letters ("180ml", "4th" are not numbers on their own).
_BARE_NUMBER_RE = re.compile(rf"{NUMBER}(?![^\W\d_])")
_DIGITS_PART = re.compile(rf"([-−]|(?i:minus)[ \u00a0]+)?(\d[\d,{_GROUP_SPACES}]*)(?:\.(\d+))?")
_FRACTION_PART = re.compile(
    rf"(?:(?P<whole>\d+)[ \u00a0]+)?(?P<num>\d+)/(?P<den>\d+)"
    rf"|(?:(?P<whole_v>\d+)[ \u00a0]?)?(?P<vulgar>[{''.join(_VULGAR)}])"
)
_TOKEN = re.compile(r"[A-Za-z]+")
_UNITS_WORDS = frozenset(k for k, v in WORDS.items() if 1 <= v <= 9)
_TEENS = frozenset(k for k, v in WORDS.items() if 10 <= v <= 19)
_TENS = frozenset(k for k, v in WORDS.items() if v >= 20 and v % 10 == 0 and v < 100)


@dataclass(frozen=True)
class Number:
    """A parsed number: its value, implied precision, and the scale written with it (1 if none)."""

    value: float
    precision: float
    scale: float


# More digits than any figure an article states; also keeps int() below its 4300-digit limit.
MAX_DIGITS = 40


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Number | None:
    """Parse a span matched by ``number_pattern``; None if it is not a number on its own."""
    f = _FRACTION_PART.fullmatch(text.lstrip("-−"))
    if f:
        return _parse_fraction(f, negative=text[0] in "-−")
    m = _DIGITS_PART.match(text)
    if m:
        sign = -1.0 if m.group(1) else 1.0
        whole, frac = re.sub(rf"[,{_GROUP_SPACES}]", "", m.group(2)), m.group(3) or ""
        if len(whole) + len(frac) > MAX_DIGITS:  # a serial number or a digit run, not a figure
            return None
        value = float(f"{whole}.{frac}" if frac else whole)
        precision = 0.5 * 10.0 ** -len(frac) if frac else _integer_precision(int(whole))
        rest = text[m.end():].strip(" -\t\n")
        scale = _scale_of(rest)
        if scale is None:
            return None
        return Number(sign * scaled(value, scale), scaled(precision, scale), scale)
    return _parse_words(text)


def _parse_fraction(f: re.Match, negative: bool) -> Number | None:
    """"1/4", "10 1/2", "2½"; precision is half the written step (1/4 -> 0.125)."""
    if f.group("vulgar"):
        numerator, denominator = _VULGAR[f.group("vulgar")]
    else:
        numerator, denominator = int(f.group("num")), int(f.group("den"))
    if numerator >= denominator:  # "24/7" is not a fraction
        return None
    value = float(f.group("whole") or f.group("whole_v") or 0) + numerator / denominator
    return Number(-value if negative else value, 0.5 / denominator, 1.0)


def scaled(value: float, factor: float) -> float:
    """``value * factor`` without binary noise: 16.4 * 1e6 is 16400000.0, not 16399999.999999998."""
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _scale_of(rest: str) -> float | None:
    if not rest:
        return 1.0
    for table in (ABBREVIATIONS, MONEY_ABBREVIATIONS):
        if rest in table:
            return table[rest]
    factor = 1.0
    for word in re.split(r"[\s-]+", rest.lower()):  # "lakh crore" is 1e5 * 1e7
        if word not in SCALES:
            return None
        factor *= SCALES[word]
    return factor


def _integer_precision(n: int) -> float:
    """Half the place value of the last nonzero digit: 600000 -> 50000, 12 -> 0.5."""
    if n == 0:
        return 0.5
    place = 1
    while n % 10 == 0:
        n //= 10
        place *= 10
    return 0.5 * place


def _parse_words(text: str) -> Number | None:
    """Value of a run of number words, or None if the run is not one number ("two three")."""
    tokens = [t.lower() for t in _TOKEN.findall(text) if t.lower() != "and"]
    if not tokens or tokens[0] in SCALES or (tokens[0] == "zero" and len(tokens) > 1):
        return None
    total, current, scale, fraction, prev = 0.0, 0.0, 1.0, False, ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] == "half":
            current, fraction = current + 0.5, True
            i += 1
        elif tok in ("a", "an"):
            current = current or 1.0
        elif tok == "half":
            current, fraction = (current or 1.0) * 0.5, True
        elif tok == "dozen":
            current = max(current, 1.0) * 12
        elif tok == "hundred":
            current = max(current, 1.0) * 100
        elif tok in SCALES:
            if current == 0 and total > 0:
                total *= SCALES[tok]
            else:
                total += (current or 1.0) * SCALES[tok]
            current, scale = 0.0, SCALES[tok]
        elif prev in _UNITS_WORDS | _TEENS | {"zero"} or (prev in _TENS and tok not in _UNITS_WORDS):
            return None
        else:
            current += WORDS[tok]
        prev = tok
        i += 1
    value = total + current
    if tokens == ["a"] or tokens == ["an"]:
        return None
    precision = _integer_precision(int(value)) if value.is_integer() and not fraction else 0.25
    return Number(value, precision * (scale if fraction else 1.0), scale)


# Digits of other scripts ("١٢٣", fullwidth "１２３") and the separators written with them are
# read as ASCII, one character for one, so that a number is read whole or not at all.
_SEPARATORS = {"\uff0c": ",", "\uff0e": ".", "\uff05": "%", "\u066b": ".", "\u066c": ","}
# A digit that is not 0-9 ("[^\D0-9]"), or a separator written with such digits.
_NON_ASCII_NUMERAL = re.compile(rf"[^\D0-9]|[{''.join(_SEPARATORS)}]")


@lru_cache(maxsize=4)
def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (and fullwidth or Arabic separator) in ASCII, offsets kept.
    Remembered for the last texts: the quantity and the time extractors read the same document."""
    if text.isascii() or not _NON_ASCII_NUMERAL.search(text):
        return text
    return _NON_ASCII_NUMERAL.sub(lambda m: _SEPARATORS.get(m[0]) or str(unicodedata.digit(m[0])), text)


def lower_same_length(text: str) -> str:
    """``text.lower()``, or an ASCII-only lowering where full lowering changes the length."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def find_numbers(text: str) -> list[tuple[int, int, float]]:
    """Every number written in ``text`` as (start, end, value), in text order."""
    out = []
    for m in _BARE_NUMBER_RE.finditer(ascii_digits(text)):
        n = parse_number(m.group(0))
        if n is not None and math.isfinite(n.value):
            out.append((m.start(), m.end(), n.value))
    return out
