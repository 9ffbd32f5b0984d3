"""Money, physical quantities, counts, percentages and magnitudes as written in prose.

One master regex, built from the lexicons in ``consistency/data/`` (numbers, units,
currencies, count nouns), is tried at every place where a number or a currency prefix
starts (found by cheap scans). It reads an amount with either a currency before it
("$6.5bn", "JPY 1 trillion") or, after it, a currency ("5 million euros"), a unit
("10-gigawatt", "2nm", "12%") or a counted noun ("750,000 homes", "a 512-core processor",
and any lowercase plural outside a closed stop-list: "22 goals", "26 saves"), then a
rate's denominator if one is written ("$84 a barrel", "250,000 barrels per day"). Any of
these may be a range ("7-to-10 gigawatt", "between $100 billion and $500 billion", "from
$180 to $260"; after a verb of change, "rose from 5 to 7 GW" is two values). Qualifiers
("about", "more than") are read just before the span and kept out of it.

Smaller patterns read what the master pattern cannot: vague amounts ("several dozen
protesters" is 36 to 108 of them), earthquake magnitudes ("a 6.1-magnitude quake"), ages
("a 34-year-old", "Smith, 42,"), numbers after the noun they count ("a workforce of 410",
"the death toll rose to 41") and the first number of "nine of 11 break points". A number
that labels rather than counts ("Flight 370", "page 5", "1 in 500 users", a score "20-13")
is not a count. Bare numbers are not claims and are not returned.
"""
from __future__ import annotations

import bisect
import math
import re
import tomllib
from dataclasses import replace
from functools import cache
from pathlib import Path

from consistency.extract.numbers import (
    QUALIFIERS,
    RANGE_CHANGE_CUES,
    VAGUE_BOUNDS,
    VAGUE_MULTIPLIERS,
    Number,
    alternation,
    ascii_digits,
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
_UNIT_DATA = _load("units.toml")
_UNITS = _UNIT_DATA["units"]
_NOUNS = _load("count_nouns.toml")

CURRENCY_SYMBOLS: dict[str, str] = _CURRENCIES["symbols"]
CURRENCY_CODES: dict[str, str] = _CURRENCIES["codes"]
CURRENCY_NAMES: dict[str, str] = {k.lower(): v for k, v in _CURRENCIES["names"].items()}
SCALED_CURRENCY_NAMES: dict[str, str] = _CURRENCIES["scaled_names"]
SUBUNITS: dict[str, tuple[str, float]] = {
    k: (v["code"], float(v["factor"])) for k, v in _CURRENCIES["subunits"].items()
}
CENT_CURRENCIES: frozenset[str] = frozenset(_CURRENCIES["cent_currencies"]["codes"])
UNIT_NAMES: dict[str, str] = {
    form.lower(): unit for unit, spec in _UNITS.items() for form in spec.get("names", [])
}
UNIT_SYMBOLS: dict[str, str] = {
    form: unit for unit, spec in _UNITS.items() for form in spec.get("symbols", [])
}
PER: dict[str, str] = {k.lower(): v for k, v in _UNIT_DATA["per"].items()}
PERCENT_UNITS = frozenset({"percent", "percentage_point", "basis_point"})
MAGNITUDE = "magnitude"
AGE_UNIT = "year"


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
_OPEN = _NOUNS["open_class"]
NOT_NOUNS: frozenset[str] = frozenset(_OPEN["not_nouns"])
_NOT_AFTER_HYPHEN = frozenset(_OPEN["not_after_hyphen"]) | NOT_NOUNS
_LABELS = frozenset(_OPEN["labels"])
_FUNCTION_WORDS = frozenset(_OPEN["function_words"])
_IRREGULAR_PLURALS: dict[str, str] = _OPEN["irregular_plurals"]
COLLECTIVES: dict[str, str] = _NOUNS["collectives"]
_LINKS: list[str] = _NOUNS["after_noun"]["links"]
AGE_PEOPLE = frozenset(_NOUNS["ages"]["people"])

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
# Any lowercase plural: at least three letters, not ending in "ss", "us" or "is" ("bonus"),
# nor in the name of a unit the lexicon lacks ("zettawatts").
_OPEN_PLURAL = (
    rf"(?![a-z-]*(?:{alternation(_OPEN['unit_endings'])})\b)[a-z][a-z-]*[a-z]s(?<!ss)(?<!us)(?<!is)"
)
# Spaces between words, across at most one line break (hard-wrapped Markdown).
_GAP = r"(?:[ \u00a0]+\n?[ \u00a0]*|\n[ \u00a0]*)"
# Up to two words before the noun ("20,000 new jobs"), the fewest first: the nearest noun wins.
_ADJECTIVES = rf"(?:(?!(?:{alternation(_STOP_WORDS)})\b)[a-z][a-z'-]*{_GAP}){{0,2}}?"
# The small change of a compound amount: "3 dollars 50 cents", "thirteen dollars and forty-five cents".
_CHANGE = rf"(?:[ \u00a0]+(?:and[ \u00a0]+)?(?P<change>{_NUMBER_AFTER})[ \u00a0]?(?i:{alternation(SUBUNITS)}))?"
# A maker's name before a plural noun of the lexicon: "202,000 Corvex Motors SUVs", "two
# Tollan Air pilots"; not a name with a number in it ("the 8 Block crew").
_PLURALS = {f for f, n in COUNT_NOUNS.items()
            if f != n and (f.endswith("s") or _NOUNS["nouns"].get(n, {}).get("plural") == f)}
_MAKER = (rf"(?:[A-Z][\w&'’.-]*{_GAP}){{1,2}}(?=(?:{alternation({f for f in _PLURALS if f[:-1].isupper()})}"
          rf"|(?i:{alternation({f for f in _PLURALS if not f[:-1].isupper()})}))(?![\w'’-]))")
# What follows an amount without a currency prefix. Order matters: currency names before
# ambiguous ones ("40 million pounds sterling"); "pounds" is money after a scale word
# ("361 million pounds") and mass otherwise ("25 pounds"); units before count nouns; the
# nouns of the lexicon before any plural; "a three-bedroom house" counts bedrooms.
_POST = (
    rf"(?:(?:[ \u00a0]?\n?|-)(?P<currency>{_CURRENCY_AFTER}){_CHANGE}"
    rf"|{_GAP}(?P<ambiguous>(?i:{alternation(SCALED_CURRENCY_NAMES)}))"
    rf"|(?:[ \u00a0]?\n?|-)(?P<unit>{_UNIT})"
    rf"|(?:-|{_GAP}(?:{_MAKER}|{_ADJECTIVES}))(?:(?P<noun>{_NOUN})|(?<!-)(?P<open>(?!(?:{alternation(NOT_NOUNS)})\b){_OPEN_PLURAL}))"
    rf"|-(?P<hyphened>(?!(?:{alternation(_NOT_AFTER_HYPHEN)})\b)[a-z]{{3,}}(?<!ed)(?<!ing)(?<!ly))(?=[ \u00a0]+[a-z]))"
)
# A rate's denominator: "a barrel", "per megawatt-hour", "/month"; not "a year earlier".
_TIME_PER = {form for form, per in PER.items() if per in ("hour", "minute", "second", "day", "night", "week",
                                                          "month", "quarter", "year")}
_PER = (
    rf"(?:[ \u00a0]*/[ \u00a0]*|[ \u00a0]+(?:per|a|an)[ \u00a0]+)"
    rf"(?P<per>(?i:{alternation(_TIME_PER)})(?![\w-])"
    r"(?![ \u00a0]+(?:earlier|ago|before|after|later|prior|previously|or|from[ \u00a0]+(?:now|today|then))\b)"
    rf"|(?i:{alternation(set(PER) - _TIME_PER)})(?![\w-]))"
)
_MASTER = re.compile(
    rf"(?P<between>between\s+)?(?P<prefix>{_PREFIX})?(?P<n1>(?(prefix){_NUMBER_AFTER}|{_NUMBER}))"
    rf"(?:(?P<unit1>[ \u00a0]?{_UNIT})?(?(between)(?:{_AND}|{_RANGE})|{_RANGE})"
    rf"(?P<prefix2>{_PREFIX})?(?P<n2>{_NUMBER_AFTER}))?"
    rf"(?(prefix)|{_POST})(?:{_PER})?(?![\w])"
)


@cache
def _single() -> re.Pattern[str]:
    """The master pattern without its range: tried when a "range" joins two different things
    (compiled on first use: a large pattern, which a re-check of a few documents rarely needs)."""
    return re.compile(
        rf"(?P<between>(?!))?(?P<prefix>{_PREFIX})?(?P<n1>(?(prefix){_NUMBER_AFTER}|{_NUMBER}))"
        rf"(?P<unit1>(?!))?(?P<prefix2>(?!))?(?P<n2>(?!))?(?(prefix)|{_POST})(?:{_PER})?(?![\w])"
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
# "rose from 5 to 7 GW", "was cut from 200 laps to 150": a change, not a range.
_CHANGE_FROM = re.compile(rf"\b(?i:{alternation(RANGE_CHANGE_CUES)})\b[^.;:!?]{{0,40}}\bfrom\s*$")
# "Three Mile Island": a number word and unit in title case before another capitalised word.
_PROPER_NAME = re.compile(r"(?:[A-Z][a-z]+[ \u00a0-])+[A-Z]")
_YEAR = re.compile(r"(?:19|20)\d\d|2100")
_LOOKBEHIND = 24
# The word before a count: a label ("page 5", "Flight 370") makes the number no count.
_PREVIOUS_WORD = re.compile(r"([A-Za-z][\w.&'’-]*)[ \u00a0]+\Z")
# "1 in 500 users", "one in every 500 users", "one out of five voters": odds, not a count.
_ODDS = re.compile(r"\b(?i:1|one|a|an)[ \u00a0]+(?i:in|out[ \u00a0]+of)[ \u00a0]+(?:(?i:every)[ \u00a0]+)?\Z")
# "13 home runs": a singular noun of the lexicon before a plural is a modifier of it.
_COMPOUND_HEAD = re.compile(rf"[ \u00a0]+(?P<head>{_OPEN_PLURAL})(?![\w'’-])")
# "nine of 11 break points", "77 of the 120 seats": the part counts the same noun.
_PARTITIVE = re.compile(
    rf"(?P<n>{_NUMBER})[ \u00a0]+(?:out[ \u00a0]+)?of[ \u00a0]+(?:(?:the|its|their|his|her|our)[ \u00a0]+)?\Z"
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_LABEL_AFTER = re.compile(r"[ \u00a0-]line\b")
_RUSHING = re.compile(r"[a-z]{2,}ing[ \u00a0]+\Z")
_CENTS_REACH = 240  # characters back to the amount whose currency a plain "cents" takes
_GENERIC_CENTS = re.compile(r"(?<![\w.])(?:\d[\d.,]*|[a-z]+(?:-[a-z]+)?)[ \u00a0]?(?i:cents?)\Z")

# Vague amounts: "several dozen", "a few hundred", "hundreds of", "tens of thousands of".
_VAGUE_SCALES = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_VAGUE = re.compile(
    rf"(?<![\w-])(?:(?P<few>(?i:several|a[ \u00a0]+few))[ \u00a0]+(?P<scale>(?i:{alternation(_VAGUE_SCALES)}))"
    rf"|(?:(?P<times>(?i:{alternation(VAGUE_MULTIPLIERS)}))[ \u00a0]+of[ \u00a0]+)?"
    rf"(?P<scales>(?i:{alternation(s + 's' for s in _VAGUE_SCALES)})))"
    rf"(?:[ \u00a0]+of)?"
    rf"(?:[ \u00a0]+(?P<currency>{_CURRENCY_AFTER}|(?i:{alternation(SCALED_CURRENCY_NAMES)}))"
    rf"|{_GAP}{_ADJECTIVES}(?:(?P<noun>{_NOUN})|(?P<open>(?!(?:{alternation(NOT_NOUNS)})\b){_OPEN_PLURAL})))(?![\w])"
)
# Earthquakes: "a 6.1-magnitude quake", "magnitude 5.9", "5.9 on the Richter scale".
_MAGNITUDE_VALUE = r"[1-9](?:\.\d{1,2})?"
_MAGNITUDE = re.compile(
    rf"(?<![\w.,])(?P<a>{_MAGNITUDE_VALUE})(?:-|[ \u00a0])(?i:magnitude)\b"
    rf"|(?<![\w-])(?i:magnitude)(?:-|[ \u00a0]+)(?:(?i:of)[ \u00a0]+)?(?P<b>{_MAGNITUDE_VALUE})(?![\w%]|[.,]\d)"
    rf"|(?<![\w.,])(?P<c>{_MAGNITUDE_VALUE})[ \u00a0]+(?i:on[ \u00a0]+the[ \u00a0]+richter[ \u00a0]+scale)"
)
# Ages: "a 34-year-old", "34 years old", "aged 18 to 24", "at the age of 70", "Smith, 42, of".
_AGE_OLD = re.compile(r"(?:-|[ \u00a0])years?(?:-|[ \u00a0])old\b")
_AGE_NUMBER = re.compile(rf"(?P<n>{_NUMBER})\Z")
_AGE_WORDS = re.compile(
    r"\b(?:(?i:aged)|(?:(?i:at)[ \u00a0]+)?(?:(?i:the)[ \u00a0]+)?(?i:age)(?:[ \u00a0]+(?i:of))?)[ \u00a0]+"
    r"(?P<lo>\d{1,3})(?:[ \u00a0]*(?P<sep>-|–|to|and)[ \u00a0]*(?P<hi>\d{1,3}))?(?![\w%]|[.,]\d)"
)
# "who turned 27 in August", "she turns 40 next week": a birthday, when nothing follows the
# number that it could count ("turned 40 pages", "turned 27% higher").
_AGE_TURNED = re.compile(r"\b(?i:turn(?:s|ed)?)[ \u00a0]+(?P<lo>[1-9]\d?|1[01]\d)"
                         r"(?=[,.;]|[ \u00a0]+(?:in|on|last|this|next|earlier|before|after|when|and|years?)\b)")
_AGE_APPOSITION = re.compile(r"\b(?P<who>[A-Za-z][a-z'’-]*),[ \u00a0]+(?P<n>[1-9]\d?|1[01]\d),(?=[ \u00a0]+[a-z])")
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# "a workforce of 410", "the death toll rose to 41", "subscribers rose to 270 million", with a
# phrase of up to six words between ("the death toll from floods in the Arvo region rose to 31").
_PLURAL_SUBJECTS = sorted(
    ({f for f, n in _WORD_NOUNS.items() if f != n.lower() and " " not in f} | set(_NOUNS["after_noun"]["plural_subjects"]))
    - set(_NOUNS["after_noun"]["not_subjects"])
)
_VERB_LINKS = [link for link in _LINKS if link not in ("of", "is", "was", "now", "is now", "was now")]
_AFTER_NOUN = re.compile(
    rf"(?i:\b(?:(?P<collective>{alternation(COLLECTIVES)})[ \u00a0]+(?:{alternation(_LINKS)}"
    rf"|(?:from|in|of|at|on)[ \u00a0]+(?:the[ \u00a0]+)?[\w'’-]+(?:[ \u00a0]+[\w'’-]+){{0,5}}[ \u00a0]+"
    rf"(?:{alternation(_VERB_LINKS)}))"
    rf"|(?P<plural>{alternation(_PLURAL_SUBJECTS)})[ \u00a0]+(?:{alternation(_VERB_LINKS)}))"
    rf"[ \u00a0]+(?:(?:{alternation(QUALIFIERS)})[ \u00a0]+)?)\Z"
)
_AFTER_NOUN_REACH = 80
# The word right before such a number ends a link or a qualifier: a cheap first look.
_LAST_WORD = re.compile(r"([A-Za-z.~]+)[ \u00a0]+\Z")
_AFTER_NOUN_LAST_WORDS = frozenset(phrase.split()[-1] for phrase in [*_LINKS, *QUALIFIERS])
_BARE = re.compile(rf"{_NUMBER}(?![\w%]|[.,]\d)")
# Where the smaller patterns can match, found in the lowered text by one cheap scan; each
# pattern then runs only in a window around its trigger.
# Where the smaller patterns can match, found in the lowered text by plain substring search
# (much faster than one regex); each pattern then runs only in a window around its trigger.
_TRIGGER_WORDS = {
    "magnitude": "magnitude", "richter": "magnitude", "several ": "vague", "a few ": "vague", "tens of": "vague",
    "dozens": "vague", "hundreds": "vague", "thousands": "vague", "millions": "vague", "billions": "vague",
    "year old": "old", "years old": "old", "year-old": "old", "years-old": "old", "aged ": "aged", "age ": "aged",
    "turned ": "turned", "turns ": "turned", "turn ": "turned",
}
_APPOSITION_TRIGGER = re.compile(r", [0-9]{1,3},")
_GLUED_TRIGGER = re.compile(r"[0-9][cf]\b")
_WEATHER_WORDS = ("temperature", "degree", "heat", "cold", "warm", "hot", "thermometer", "mercury", "weather", "forecast",
                  "high", "low", "freez", "chill")
# "temperatures hit 46.8C": a scale letter glued to the number, in a sentence about the weather.
_GLUED_TEMPERATURE = re.compile(r"(?<![\w.,-])(?P<n>[-−]?\d{1,3}(?:\.\d{1,2})?)(?P<u>[CF])(?![\w])")
_TEMPERATURE_WORD = re.compile(rf"(?i:{alternation(_WEATHER_WORDS)})")
_TEMPERATURE_REACH = 80


def find_quantities(text: str) -> list[QuantityMention]:
    """Every money amount, quantity, count and percentage in ``text``, sorted, non-overlapping."""
    scan = ascii_digits(text)
    lowered = lower_same_length(scan)
    special = _specials(scan, lowered)
    taken = [(q.start, q.end) for q in special]
    out: list[QuantityMention] = list(special)
    pos = 0
    for at in _starts(scan, lowered):
        if at < pos or _inside(taken, at):
            continue
        m = _MASTER.match(scan, at)
        mentions = _mentions(scan, m) if m else []
        if not mentions and m and m.group("n2"):  # no range after all: the first amount alone
            m = _single().match(scan, at)
            mentions = _mentions(scan, m) if m else []
        if not mentions:
            mentions = _after_noun(scan, at) or _from_previous(scan, at, out[-1] if len(out) > len(special) else None)
        mentions = [q for q in mentions if not _overlaps(taken, q)]
        out.extend(mentions)
        if mentions:
            pos = mentions[-1].end
    out = _with_partitives(scan, sorted(out, key=lambda q: (q.start, q.end)))
    out = _with_cent_currency(scan, out)
    if scan is not text:
        out = [replace(q, text=text[q.start:q.end]) for q in out]
    return out


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` falls in one of ``spans`` (sorted, disjoint)."""
    i = bisect.bisect_right(spans, (at, math.inf)) - 1
    return i >= 0 and at < spans[i][1]


def _overlaps(spans: list[tuple[int, int]], q: QuantityMention) -> bool:
    """Whether ``q`` shares a character with one of ``spans`` (sorted, disjoint)."""
    i = bisect.bisect_left(spans, (q.end, -1)) - 1
    return i >= 0 and spans[i][1] > q.start


def _starts(text: str, lowered: str) -> list[int]:
    """Offsets where the master pattern is tried: numbers, currency prefixes, "between"."""
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
    """The mention(s) of one master match: none if rejected, two for "rose from 5 to 7 GW"."""
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
    if kind == "count":
        if not _counts(text, m, start):
            return []
        unit, end = _compound(text, m, unit, end, first)
        unit, end = _head(text, m, unit, end)
    if kind == "quantity" and (_LABEL_AFTER.match(text, end) or (len(text[m.start("unit"):m.end("unit")]) == 1
                                                               if m.group("unit") else False) and text[end:end + 1] == "."):
        return []  # "the 20-yard line", "200 W. American Blvd.": a place, not a quantity
    if kind in ("quantity", "percent"):
        end = _swallow_restatement(text, end, unit, second or first)
    qualifier = _qualifier(text, start)
    first_unit = unit_info
    if m.group("unit1"):
        first_unit = _plain_unit(m.group("unit1").strip(" \u00a0"))
    before = max(0, start - _LOOKBEHIND - 40)
    changed = not m.group("between") and _FROM.search(text, before, start) and _CHANGE_FROM.search(text, before, start)
    if second is not None and first_unit[0] != unit_info[0]:
        return []  # "250 million pounds through 60 shell companies": no range, no change
    if second is not None and (changed or first_unit != unit_info):
        # "rose from 5 to 7 GW" is a change between two values, not a range.
        n1_end = m.end("unit1") if m.group("unit1") else m.end("n1")
        n2_start = m.start("prefix2") if m.group("prefix2") else m.start("n2")
        per = m.group("per") and PER[m.group("per").lower()]
        return [
            _mention(text, start, n1_end, *first_unit, first, None, qualifier),
            _mention(text, n2_start, end, kind, unit, factor, second, None, None, per),
        ]
    if second is not None and second.value < first.value and not m.group("between") and not _FROM.search(text, before, start):
        # A score ("won 20-13") is no range; "Rs 2,400 crore to 1.3 lakh investors" is the first amount.
        return [_mention(text, start, m.end("n1"), kind, unit, factor, first, None, qualifier)] if m.group("prefix") else []
    if second is not None:
        first = _inherit_scale(first, second)
    elif m.group("change"):
        change = parse_number(m.group("change"))
        code, sub = SUBUNITS[text[m.end("change"):m.end()].strip(" \u00a0").lower()]
        if change is None or code != unit or factor != 1.0:
            return []
        first = Number(first.value + scaled(change.value, sub), scaled(change.precision, sub), first.scale)
    per = PER[m.group("per").lower()] if m.group("per") else None
    return [_mention(text, start, end, kind, unit, factor, first, second, qualifier, per)]


# Words of money shortly before an amount in "pounds" with no scale word make it money ("the
# average house price rose to 412,000 pounds", "the home cost 398,000 pounds"), not mass.
_MONEY_BEFORE = re.compile(r"\b(?i:prices?|priced|costs?|paid|pays?|worth|valued?|fees?|salary|salaries|rents?|fined?"
                           r"|sold|bought|raised|spent|spend|income|wages?|earn(?:s|ed)?|budget|bid|offer(?:ed)?)\b")
_MONEY_REACH = 48


def _unit_of(m: re.Match, last: Number) -> tuple[str, str, float] | None:
    """(kind, unit, factor) of a match; factor converts subunits ("50 cents") to the unit."""
    if m.group("prefix"):
        written = m.group("prefix").strip(" \u00a0")
        return "money", CURRENCY_SYMBOLS.get(written) or CURRENCY_CODES[written], 1.0
    if m.group("currency"):
        return _currency(m.group("currency"))
    if m.group("ambiguous"):
        written = m.group("ambiguous").lower()
        if last.scale != 1.0 or _MONEY_BEFORE.search(m.string, max(0, m.start() - _MONEY_REACH), m.start()):
            return "money", SCALED_CURRENCY_NAMES[written], 1.0  # "361 million pounds", "the price rose to 412,000 pounds"
        return _plain_unit(written) if written in UNIT_NAMES else None
    if m.group("unit"):
        return _plain_unit(m.group("unit"))
    if m.group("noun"):
        return "count", _noun(m.group("noun")), 1.0
    if m.group("open") in UNIT_NAMES and _RUSHING.search(m.string, m.start("open") - 24, m.start("open")):
        return _plain_unit(m.group("open"))  # "498 rushing yards": a unit after a verb's -ing form
    return "count", singular(m.group("open") or m.group("hyphened")), 1.0


def _currency(written: str) -> tuple[str, str, float]:
    """(kind, code, factor) of a currency written after an amount ("euros", "USD", "cents")."""
    if written in CURRENCY_CODES:
        return "money", CURRENCY_CODES[written], 1.0
    if written.lower() in SUBUNITS:
        code, factor = SUBUNITS[written.lower()]
        return "money", code, factor
    return "money", CURRENCY_NAMES[written.lower()], 1.0


def _plain_unit(written: str) -> tuple[str, str, float]:
    """(kind, unit, factor) of a unit as written ("GW", "percent")."""
    unit = UNIT_SYMBOLS.get(written) or UNIT_NAMES[written.lower()]
    return ("percent" if unit in PERCENT_UNITS else "quantity"), unit, 1.0


def _noun(written: str) -> str:
    """The singular form of a count noun as written ("GPUs" -> "GPU", "homes" -> "home")."""
    return _ACRONYM_NOUNS.get(written) or _WORD_NOUNS[written.lower()]


def singular(word: str) -> str:
    """The singular of a plural written after a number: "goals" -> "goal", "copies" -> "copy"."""
    word = word.lower()
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word in _WORD_NOUNS:
        return _WORD_NOUNS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "zzes", "tches", "rches", "nches", "eaches", "oaches")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _counts(text: str, m: re.Match, start: int) -> bool:
    """False when the number labels or compares rather than counts: "Flight 370 passengers",
    "page 5 results", "1 in 500 users"."""
    if _ODDS.search(text, max(0, start - 16), start):
        return False
    previous = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
    if previous is None:
        return True
    word = previous.group(1)
    if word.lower().rstrip(".") in _LABELS or word.lower() in _LABELS:
        return False
    if word.lower().rstrip(".") in _NOT_NAMES or len(word) > 3 and word.endswith(".") and word[-2].islower():
        return True  # "In May six people ...", "... on Monday. Six people": a date or a sentence's end, no label
    name = word.rsplit("-", 1)[-1]  # "Corvex-led" describes, "S&P" names
    hyphened = text[m.start("noun") - 1] == "-" if m.group("noun") else bool(m.group("hyphened"))
    return hyphened or not (name[:1].isupper() and word not in _FUNCTION_WORDS and not word.endswith(("'s", "’s", "s'", "s’")))


def _compound(text: str, m: re.Match, unit: str, end: int, first: Number) -> tuple[str, int]:
    """"13 home runs": a lexicon noun in the singular before a plural is a modifier; the count
    is of the compound ("home run"). Other counts are returned as they are."""
    noun = m.group("noun")
    if not noun or first.value == 1 or noun.lower() != unit.lower() or text[m.start("noun") - 1] == "-":
        return unit, end
    head = _COMPOUND_HEAD.match(text, m.end("noun"))
    if head is not None and m.end("noun") == end:
        if head.group("head") not in NOT_NOUNS:
            return f"{unit} {singular(head.group('head'))}", head.end("head")
    return unit, end


def _head(text: str, m: re.Match, unit: str, end: int) -> tuple[str, int]:
    """"two plainclothes officers", "three scientific societies officers": a plural right after
    the plural read is the head noun; the first was its modifier."""
    if not m.group("open") or m.end("open") != end:
        return unit, end
    head = _COMPOUND_HEAD.match(text, end)
    if head is None or head.group("head") in NOT_NOUNS or head.group("head") in UNIT_NAMES:
        return unit, end
    return singular(head.group("head")), head.end("head")


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
    first: Number, second: Number | None, qualifier: str | None, per: str | None = None,
) -> QuantityMention:
    lo, hi = sorted((scaled(first.value, factor), scaled(second.value if second else first.value, factor)))
    precision = scaled(max(first.precision, second.precision if second is not None else 0.0), factor)
    return QuantityMention(
        start=start, end=end, text=text[start:end], kind=kind, lo=lo, hi=hi, unit=unit,
        precision=precision, qualifier=qualifier, is_range=second is not None, per=per,
    )


# --------------------------------------------------------------------------- the smaller patterns


def _specials(text: str, lowered: str) -> list[QuantityMention]:
    """Vague amounts, magnitudes and ages, sorted and non-overlapping (the first found wins)."""
    found: list[QuantityMention | None] = []
    for at, kind in _triggers(lowered):
        if kind == "vague":
            m = _VAGUE.match(text, at)
            found.extend(_vague(text, m) if m else ())
        elif kind == "magnitude":
            found.extend(_magnitude(text, m) for m in _MAGNITUDE.finditer(text, max(0, at - 20), at + 26))
        elif kind == "old":
            old = _AGE_OLD.match(text, at - 1) if at else None
            found.extend(_age_old(text, old.start(), old.end()) if old else ())
        elif kind == "turned":
            found.extend(_age(text, m.start("lo"), m.end("lo"), int(m.group("lo")), int(m.group("lo")))
                         for m in _AGE_TURNED.finditer(text, at, at + 12))
        else:
            for m in _AGE_WORDS.finditer(text, max(0, at - 12), at + 20):
                found.extend(_age_words(text, m))
    for t in _APPOSITION_TRIGGER.finditer(lowered):
        found.extend(_apposition(text, m) for m in _AGE_APPOSITION.finditer(text, max(0, t.start() - 32), t.end() + 2))
    if any(word in lowered for word in _WEATHER_WORDS):
        for t in _GLUED_TRIGGER.finditer(lowered):
            found.extend(_temperature(text, m) for m in _GLUED_TEMPERATURE.finditer(text, max(0, t.start() - 6), t.end()))
    kept: list[QuantityMention] = []
    for q in sorted((q for q in found if q is not None), key=lambda q: (q.start, -q.end)):
        if not kept or kept[-1].end <= q.start:
            kept.append(q)
    return kept


def _triggers(lowered: str) -> list[tuple[int, str]]:
    """(offset, kind) of each trigger word at the start of a word (or, for "year old", anywhere)."""
    found = []
    for word, kind in _TRIGGER_WORDS.items():
        at = lowered.find(word)
        while at >= 0:
            if kind == "old" or not at or not lowered[at - 1].isalpha():
                found.append((at, kind))
            at = lowered.find(word, at + 1)
    return sorted(found)


def _vague(text: str, m: re.Match) -> list[QuantityMention]:
    """"several dozen investors" is 36 to 108 investors; "hundreds of millions of dollars" $200-900 million."""
    if m.group("few"):
        low, high = VAGUE_BOUNDS[" ".join(m.group("few").lower().split())]
        scale = _VAGUE_SCALES[m.group("scale").lower()]
    else:
        low, high = VAGUE_BOUNDS["plural"]
        scale = _VAGUE_SCALES[m.group("scales").lower()[:-1]]
        if m.group("times"):
            scale *= VAGUE_MULTIPLIERS[m.group("times").lower()]
    if m.group("currency"):
        written = m.group("currency")
        kind, unit, factor = (
            ("money", SCALED_CURRENCY_NAMES[written.lower()], 1.0)
            if written.lower() in SCALED_CURRENCY_NAMES else _currency(written)
        )
    elif m.group("noun"):
        kind, unit, factor = "count", _noun(m.group("noun")), 1.0
    else:
        kind, unit, factor = "count", singular(m.group("open")), 1.0
    end = m.end()
    if m.group("noun"):
        unit, end = _compound(text, m, unit, end, Number(low * scale, 0.0, 1.0))
    lo, hi = scaled(low * scale, factor), scaled(high * scale, factor)
    return [QuantityMention(m.start(), end, text[m.start():end], kind, lo, hi, unit, 0.0, is_range=True)]


def _magnitude(text: str, m: re.Match) -> QuantityMention | None:
    n = parse_number(m.group("a") or m.group("b") or m.group("c"))
    if n is None:
        return None
    return QuantityMention(m.start(), m.end(), m.group(0), "quantity", n.value, n.value, MAGNITUDE,
                           n.precision, _qualifier(text, m.start()))


def _age_old(text: str, start: int, end: int) -> list[QuantityMention]:
    """"a 34-year-old", "34 years old": the number before "year(s) old"."""
    n = _AGE_NUMBER.search(text, max(0, start - 24), start)
    value = parse_number(n.group("n")) if n else None
    if n is None or value is None or not 0 < value.value < 130:
        return []
    return [_age(text, n.start(), end, value.value, value.value)]


def _age_words(text: str, m: re.Match) -> list[QuantityMention]:
    """"aged 18 to 24" (a range), "aged 24 and 31" (two people), "at the age of 70"."""
    lo, hi = int(m.group("lo")), int(m.group("hi") or m.group("lo"))
    if not 0 < lo <= hi < 130:
        return []
    if m.group("sep") == "and":
        return [_age(text, m.start(), m.end("lo"), lo, lo), _age(text, m.start("hi"), m.end("hi"), hi, hi)]
    return [_age(text, m.start(), m.end(), lo, hi)]


def _temperature(text: str, m: re.Match) -> QuantityMention | None:
    """"46.8C" when the sentence speaks of the weather; else a grade, a model, a vitamin."""
    n = parse_number(m.group("n"))
    near = _TEMPERATURE_WORD.search(text, max(0, m.start() - _TEMPERATURE_REACH), m.end() + _TEMPERATURE_REACH)
    if n is None or near is None or _SENTENCE_END.search(text, *sorted((near.end(), m.start()))):
        return None
    previous = _PREVIOUS_WORD.search(text, max(0, m.start() - 24), m.start())
    if previous and previous.group(1) not in _FUNCTION_WORDS and not previous.group(1).islower():
        return None  # "the iPhone 5C", "Type 2C": a name
    unit = "degree_Celsius" if m.group("u") == "C" else "degree_Fahrenheit"
    return QuantityMention(m.start(), m.end(), m.group(0), "quantity", n.value, n.value, unit, n.precision,
                           _qualifier(text, m.start()))


def _apposition(text: str, m: re.Match) -> QuantityMention | None:
    """"Smith, 42, of Leeds", "the suspect, 19, was held": an age after a name or a person."""
    who = m.group("who")
    person = who.lower() in AGE_PEOPLE or (who[0].isupper() and who not in _FUNCTION_WORDS
                                             and who.lower() not in _NOT_NAMES)
    value = int(m.group("n"))
    return _age(text, m.start("n"), m.end("n"), value, value) if person else None


def _age(text: str, start: int, end: int, lo: float, hi: float) -> QuantityMention:
    return QuantityMention(start, end, text[start:end], "quantity", float(lo), float(hi), AGE_UNIT, 0.5,
                           is_range=hi != lo)


def _after_noun(text: str, at: int) -> list[QuantityMention]:
    """A bare number after the noun it counts: "a workforce of 410" (workers), "the death toll
    rose to 41" (deaths), "subscribers rose to 270 million"."""
    last = _LAST_WORD.search(text, max(0, at - 16), at)
    if last is None or last.group(1).lower() not in _AFTER_NOUN_LAST_WORDS:
        return []
    link = _AFTER_NOUN.search(text, max(0, at - _AFTER_NOUN_REACH), at)
    if link is None:
        return []
    bare = _BARE.match(text, at)
    number = parse_number(bare.group(0)) if bare else None
    if number is None or number.value < 1 or (number.scale == 1.0 and _YEAR.fullmatch(bare.group(0))):
        return []
    if link.group("collective"):
        unit = COLLECTIVES[" ".join(link.group("collective").lower().split())]
    else:
        unit = singular(link.group("plural"))
    return [_mention(text, at, bare.end(), "count", unit, 1.0, number, None, _qualifier(text, at))]


_UP_FROM = re.compile(r"\b(?:(?i:up|down)[ \u00a0]+)?(?i:from)[ \u00a0]+\Z")
_FROM_REACH = 80


def _from_previous(text: str, at: int, previous: QuantityMention | None) -> list[QuantityMention]:
    """"rose to 40 million users, up from 12 million": a bare number after "from" counts or measures
    what the amount just before it in the sentence does."""
    if (previous is None or previous.kind not in ("count", "quantity") or at - previous.end > _FROM_REACH
            or not _UP_FROM.search(text, max(0, at - 12), at) or _SENTENCE_END.search(text, previous.end, at)):
        return []
    bare = _BARE.match(text, at)
    number = parse_number(bare.group(0)) if bare else None
    if number is None or (number.scale == 1.0 and _YEAR.fullmatch(bare.group(0))):
        return []
    return [_mention(text, at, bare.end(), previous.kind, previous.unit, 1.0, number, None, None, previous.per)]


def _with_partitives(text: str, mentions: list[QuantityMention]) -> list[QuantityMention]:
    """Add the part of "nine of 11 break points" as a count of the same noun."""
    out = list(mentions)
    spans = [(q.start, q.end) for q in mentions]
    for q in mentions:
        if q.kind != "count":
            continue
        m = _PARTITIVE.search(text, max(0, q.start - 40), q.start)
        part = parse_number(m.group("n")) if m else None
        if part is None or part.value > q.lo:
            continue
        found = _mention(text, m.start("n"), m.end("n"), "count", q.unit, 1.0, part, None, None)
        if not _overlaps(spans, found):
            out.append(found)
    return sorted(out, key=lambda q: (q.start, q.end))


def _with_cent_currency(text: str, mentions: list[QuantityMention]) -> list[QuantityMention]:
    """A plain "14 cents" after "1.89 euros" in its sentence is in euro cents."""
    out = list(mentions)
    for i, q in enumerate(out):
        if q.kind != "money" or q.unit != "USD" or not _GENERIC_CENTS.search(q.text):
            continue
        j = i - 1
        while j >= 0 and out[j].end > q.start - _CENTS_REACH and not _SENTENCE_END.search(text, out[j].end, q.start):
            if out[j].kind == "money":
                if out[j].unit in CENT_CURRENCIES and out[j].unit != "USD":
                    out[i] = replace(q, unit=out[j].unit)
                break
            j -= 1
    return out
