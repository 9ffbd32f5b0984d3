"""The time lexicon (consistency/data/time.toml) and the regex fragments built from it."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

_DATA = tomllib.loads((Path(__file__).resolve().parent.parent / "data" / "time.toml").read_text("utf-8"))

MONTHS: dict[str, int] = {**_DATA["months"], **_DATA["month_abbreviations"]}
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
WEEKDAY_BLOCKERS: tuple[str, ...] = tuple(_DATA["weekday_blockers"]["before"])
WEEKDAY_NAMES_AFTER: tuple[str, ...] = tuple(_DATA["weekday_blockers"]["after"])
TENSE_FUTURE: tuple[str, ...] = tuple(_DATA["tense"]["future"])
TENSE_FUTURE_AFTER_MODAL: tuple[str, ...] = tuple(_DATA["tense"]["future_after_modal"])
TENSE_PAST: tuple[str, ...] = tuple(_DATA["tense"]["past"])
REPORTED_PERIOD_NOUNS: tuple[str, ...] = tuple(_DATA["reported_periods"]["nouns"])
GAME_WORDS: tuple[str, ...] = tuple(_DATA["game_periods"]["words"])
VERB_LIKE_MONTHS: frozenset[str] = frozenset(_DATA["words"]["verb_like_months"])
SEASONS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _DATA["seasons"].items()}
YEAR_PARTS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _DATA["year_parts"].items()}
MONTH_PARTS: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _DATA["month_parts"].items()}
ORDINALS: dict[str, int] = _DATA["ordinals"]
DAY_ORDINALS: dict[str, int] = _DATA["day_ordinals"]
NUMBERS: dict[str, int] = _DATA["numbers"]
UNIT_DAYS: dict[str, float] = _DATA["unit_days"]
RELATIVE: dict[str, str] = {w: k for k, words in _DATA["relative"].items() for w in words}
RELATIONS: dict[str, str] = _DATA["relations"]
RELATION_SUFFIXES: dict[str, str] = _DATA["relation_suffixes"]
DURATION_CUES: dict[str, str] = _DATA["duration_cues"]
YEAR_BLOCKERS: frozenset[str] = frozenset(_DATA["year_blockers"]["nouns"])
MODIFIER_PLURALS: frozenset[str] = frozenset(_DATA["year_blockers"]["modifier_plurals"])


def alternation(words: object) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))  # type: ignore[arg-type]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def year_value(text: str) -> int:
    """A written year: four digits, or two digits read as 19xx from 50 up, else 20xx."""
    digits = text.strip("'’ ")
    if len(digits) == 4:
        return int(digits)
    return (1900 if int(digits) >= 50 else 2000) + int(digits)


def number_value(word: str) -> int | None:
    """The value of a count written in digits or words ("18", "two"); None if neither."""
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


# An abbreviation may be glued to a day number ("Dec31").
MONTH = rf"(?P<mon>\b(?:(?:{alternation(_DATA['months'])})\b|(?:{alternation(_DATA['month_abbreviations'])})(?:\b\.?|(?=\d))))"
YEAR4 = r"(?:19\d\d|20\d\d|2100)"
NUMBER = rf"(?:\d{{1,3}}|\b(?:{alternation(NUMBERS)})\b)"
DAY_ORDINAL = rf"(?:{alternation(DAY_ORDINALS)})"
ORDINAL = rf"(?:{alternation(ORDINALS)})"
RELATIVE_WORD = rf"(?:{alternation(RELATIVE)})"
SEASON = rf"(?:{alternation(SEASONS)})"
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})"
YEAR_PART = rf"(?:{alternation(YEAR_PARTS)})"
MONTH_PART = rf"(?:{alternation(MONTH_PARTS)})"
