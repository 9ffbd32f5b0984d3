"""A large synthetic news archive with planted contradictions, for a scale benchmark.

Every article (~1,000 words, YAML front matter with ``title`` and ``date``) belongs to a
*story*: one invented entity (a wind farm, a tunnel, a drug, an acquisition, a city
budget...) and its facts (capacity, cost, jobs, length, price, stake, a milestone date).
A story is covered by 2 to 5 articles published at different dates, each restating some
of the facts in varied but equivalent words ("1.35 GW", "1,350 megawatts", "about 1.4
gigawatts"; "$2.35 billion", "2.35 billion dollars"). The rest of an article is filler
prose with its own figures and dates, tied to names that appear nowhere else.

In a fraction ``contradiction_rate`` of stories one article contradicts another:

- ``value``: one figure is 15-40% off (CC101 value-mismatch);
- ``timeline``: a planned milestone is moved a year or more later (CC102);
- ``status``: a milestone reported done is still planned for later elsewhere (CC103).

Each one is recorded in the ground truth with the two documents and the two texts, so
``score`` can measure the recall and precision of ``consistency check --format json``.

Names are built from syllables: a 7-letter stem (consonant-vowel x3 plus a check letter,
so two stems always differ in at least two letters and the tool's typo matching never joins
them), each stem used once in the corpus. Story ``s`` owns stem slots ``26s`` and ``26s+1``,
article ``i`` slots ``26i+2..26i+25``; with 512,000 stems that is enough for 19,692 articles.

Every choice comes from ``random.Random`` seeded by (seed, story) or (seed, article): the
same ``(n, seed, rate)`` gives byte-identical files, and an article does not depend on
``n`` (articles are assigned to stories in index blocks).

CLI: ``python benchmarks/scale_corpus.py N OUTDIR [--seed S] [--rate R] [--check]`` writes
N Markdown files under OUTDIR and OUTDIR/truth.json (the tool does not read ``.json``);
``--check`` also runs ``consistency check`` on OUTDIR and prints the score.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Formatter

MIN_WORDS, MAX_WORDS = 800, 1200
TARGET_WORDS = (860, 1120)
# Publication months: January 2018 to September 2026 (the tool's FX table ends in 2026-10).
FIRST_MONTH, LAST_MONTH = 2018 * 12, 2026 * 12 + 8
# How far a planted figure is off: a factor in this range, up or down.
PLANT_FACTOR = (1.15, 1.40)
# A planted milestone moves at least this many months later.
PLANT_SHIFT = (12, 24)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ORDINALS = ("first", "second", "third", "fourth")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")

# --- names -----------------------------------------------------------------------------

_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
_FINALS = "nrktmxvzbpgfdlsh"  # the check letter: sum of the other letters' indexes mod 16
STEM_COUNT = len(_CONSONANTS) ** 3 * len(_VOWELS) ** 3
_STORY_SLOTS, _ARTICLE_SLOTS = 2, 24
_SLOTS = _STORY_SLOTS + _ARTICLE_SLOTS
MAX_ARTICLES = STEM_COUNT // _SLOTS
_HALF_BITS = 10  # the slot permutation works on 20-bit numbers (2**20 >= STEM_COUNT)

_FIRST_NAMES = (
    "Ada", "Alma", "Anders", "Anika", "Bea", "Bruno", "Carla", "Cyril", "Dalia", "Dmitri", "Edda",
    "Elif", "Emil", "Farah", "Felix", "Greta", "Hana", "Hugo", "Ines", "Ivo", "Jonas", "Julia",
    "Kemal", "Kira", "Lars", "Lena", "Lucia", "Malik", "Mara", "Marek", "Nadia", "Nils", "Noor",
    "Omar", "Oskar", "Paula", "Pavel", "Rania", "Rosa", "Ruben", "Sanna", "Selim", "Sofia", "Tariq",
    "Tessa", "Tomas", "Una", "Vera", "Viktor", "Wanda", "Yara", "Yusuf", "Zelda", "Zoran",
)
_SURNAMES = (
    "Abbot", "Alvar", "Brennan", "Castell", "Dunmore", "Ekberg", "Falkner", "Garnett", "Halloran",
    "Iversen", "Jessop", "Kaminsky", "Lindqvist", "Marlowe", "Navarro", "Oakley", "Pellegrini",
    "Quist", "Rademaker", "Sandoval", "Thorsen", "Ulrich", "Varga", "Whitcombe", "Yilmaz", "Zeller",
    "Ashdown", "Bergamo", "Cordell", "Delacroix", "Eastwick", "Fennimore", "Greaves", "Holt",
    "Ingram", "Jovanovic", "Kessler", "Lachance", "Moreau", "Nakagawa", "Orsini", "Pryce", "Rowan",
    "Strand", "Tremaine", "Vasquez", "Wendt", "Achterberg", "Brisco", "Calloway", "Dorsey",
)
_REGIONS = (
    "Europe", "Asia", "North America", "Latin America", "Scandinavia", "the Middle East", "Africa",
    "Spain", "Portugal", "Poland", "Germany", "France", "Italy", "the Netherlands", "Denmark",
    "Norway", "Sweden", "Finland", "Ireland", "Scotland", "Canada", "Australia", "Japan", "Brazil",
    "Chile", "Mexico", "India", "Vietnam", "Texas", "Ohio", "Oregon", "Ontario", "Quebec",
)
_ANALYST_ROLES = ("an analyst at", "a senior economist at", "head of research at", "a partner at",
                  "a consultant at", "chief strategist at", "a researcher at", "director of policy at")
_OWNER_ROLES = ("chief executive of", "head of projects at", "a spokesperson for", "chief operating officer of",
                "managing director of", "a senior vice president at", "the finance director of")


def stem(index: int) -> str:
    """The ``index``-th name stem (0 <= index < STEM_COUNT): consonant-vowel three times and a
    check letter, so two different stems differ in at least two letters ("Kalorin")."""
    digits: list[int] = []
    for size in (len(_CONSONANTS), len(_VOWELS)) * 3:
        index, digit = divmod(index, size)
        digits.append(digit)
    letters = "".join((_VOWELS if i % 2 else _CONSONANTS)[d] for i, d in enumerate(digits))
    return (letters + _FINALS[sum(digits) % len(_FINALS)]).capitalize()


def _permute(x: int, seed: int) -> int:
    """A bijection of [0, STEM_COUNT) that scatters neighbouring slots: a four-round Feistel
    network on 20 bits, re-applied until the result is in range (cycle walking)."""
    mask = (1 << _HALF_BITS) - 1
    while True:
        left, right = x >> _HALF_BITS, x & mask
        for round_key in range(4):
            mixed = ((right + seed * 0x9E37 + round_key * 0x5BD1) * 0x9E3779B1) >> 13
            left, right = right, left ^ (mixed & mask)
        x = (left << _HALF_BITS) | right
        if x < STEM_COUNT:
            return x


def _slot_stem(seed: int, slot: int) -> str:
    return stem(_permute(slot, seed))


def story_stem(seed: int, story: int, k: int) -> str:
    """Stem ``k`` (0-1) of a story's own names: its entity's and the other party's."""
    return _slot_stem(seed, story * _SLOTS + k)


def article_stem(seed: int, article: int, k: int) -> str:
    """Stem ``k`` (0-23) of an article's filler names."""
    return _slot_stem(seed, article * _SLOTS + _STORY_SLOTS + k)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random("scale-corpus:" + ":".join(str(p) for p in (seed, *parts)))


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One way to write a value, and the interval the tool reads from it (value widened by
    the precision its digits imply and by its qualifier: "about" is +-10%)."""

    text: str
    adjective: str | None  # the attributive form ("1.35-gigawatt"), or None
    lo: float
    hi: float
    exact: bool  # written without a qualifier or rounding

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi

    def overlaps(self, other: Figure) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def _num(x: float, decimals: int = 2) -> str:
    """``x`` with thousands separators and at most ``decimals`` decimals, zeros trimmed."""
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _half_step(number: str) -> float:
    """Half a unit of the last significant digit written: "1.35" 0.005, "1,200" 50, "35" 0.5."""
    digits = number.replace(",", "")
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".")[1])
    return 0.5 * 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _round_sig(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def _figure(number: str, scale: float, text: str, adjective: str | None, qualifier: str = "") -> Figure:
    """A Figure for ``number`` (as written) times ``scale`` canonical units."""
    value = float(number.replace(",", "")) * scale
    step = _half_step(number) * scale
    if qualifier == "about":
        return Figure(text, None, value * 0.9 - step, value * 1.1 + step, False)
    if qualifier == "more than":
        return Figure(text, None, value - step, math.inf, False)
    return Figure(text, adjective, value - step, value + step, True)


def _rounded(value: float) -> float:
    """``value`` to one significant digit fewer, as a writer rounds (two at least)."""
    digits = len(_num(value, 2).replace(",", "").replace(".", "").strip("0"))
    return _round_sig(value, max(2, digits - 1))


@dataclass(frozen=True)
class Measure:
    """A kind of figure: how its values are drawn and written."""

    kind: str  # power, money, count, length, percent
    lo: float
    hi: float
    noun: str = ""  # for counts: the counted noun, plural

    def draw(self, rng: random.Random) -> float:
        """A value with two or three significant digits, as reports give them."""
        return self.written(_round_sig(math.exp(rng.uniform(math.log(self.lo), math.log(self.hi))),
                                       rng.choice((2, 3, 3))))

    def written(self, value: float) -> float:
        """``value`` rounded the way this measure is written (whole megawatts, tenths of a
        kilometre); a percentage that is a multiple of ten moves off it ("40%" reads as 35-45%)."""
        if self.kind == "length":
            return round(value, 1)
        if self.kind in ("power", "count", "percent"):
            value = float(round(value))
        if self.kind == "percent" and value % 10 == 0:
            value += 3
        return value

    def figures(self, value: float, currency: str = "USD") -> list[Figure]:
        """Every way of writing ``value`` whose interval contains it."""
        if self.kind == "money":
            found = _money_figures(value, currency)
        elif self.kind == "count":
            found = _count_figures(value, self.noun)
        else:
            writer = {"power": _power_figures, "length": _length_figures, "percent": _percent_figures}[self.kind]
            found = writer(value)
        canonical = value * {"power": 1e6, "length": 1000.0}.get(self.kind, 1.0)  # watts, metres
        return [f for f in found if f.contains(canonical)]


def _power_figures(mw: float) -> list[Figure]:
    n = _num(mw, 0)
    out = [_figure(n, 1e6, f"{n} MW", f"{n} MW"), _figure(n, 1e6, f"{n} megawatts", f"{n}-megawatt")]
    if mw >= 1000:
        g = _num(mw / 1000, 3)
        out += [_figure(g, 1e9, f"{g} GW", f"{g}-gigawatt"), _figure(g, 1e9, f"{g} gigawatts", f"{g}-gigawatt")]
        r = _num(_rounded(mw) / 1000, 3)
        out.append(_figure(r, 1e9, f"about {r} GW", None, "about"))
        out.append(_figure(r, 1e9, f"roughly {r} gigawatts", None, "about"))
    else:
        r = _num(_rounded(mw), 0)
        out.append(_figure(r, 1e6, f"about {r} MW", None, "about"))
    return out


_CURRENCIES = {"USD": ("$", "dollars", "US$"), "EUR": ("€", "euros", None), "GBP": ("£", "pounds", None)}


def _money_figures(amount: float, currency: str) -> list[Figure]:
    symbol, word, alternative = _CURRENCIES[currency]
    if amount >= 1e9:
        scale, name, short = 1e9, "billion", "bn"
    else:
        scale, name, short = 1e6, "million", "m"
    x = _num(amount / scale, 2 if scale == 1e9 else 1)
    out = [_figure(x, scale, f"{symbol}{x} {name}", f"{symbol}{x} {name}"),
           _figure(x, scale, f"{x} {name} {word}", None),
           _figure(x, scale, f"{symbol}{x}{short}", f"{symbol}{x}{short}")]
    if alternative:
        out.append(_figure(x, scale, f"{alternative}{x} {name}", f"{alternative}{x} {name}"))
    r = _num(_rounded(amount) / scale, 2)
    out += [_figure(r, scale, f"{q} {symbol}{r} {name}", None, "about") for q in ("about", "roughly")]
    if _rounded(amount) > amount:
        out.append(_figure(r, scale, f"nearly {symbol}{r} {name}", None, "about"))
    if _rounded(amount) < amount:
        out.append(_figure(r, scale, f"more than {symbol}{r} {name}", None, "more than"))
    return out


def _count_figures(n: float, noun: str) -> list[Figure]:
    x = _num(n, 0)
    adjective = f"{x}-{noun[:-1]}" if noun in ("beds", "seats") else None
    r = _num(_rounded(n), 0)
    out = [_figure(x, 1, f"{x} {noun}", adjective)]
    out += [_figure(r, 1, f"{q} {r} {noun}", None, "about") for q in ("about", "some", "around")]
    if _rounded(n) < n:
        out.append(_figure(r, 1, f"more than {r} {noun}", None, "more than"))
    return out


_MILE = 1609.344


def _length_figures(km: float) -> list[Figure]:
    x = _num(km, 1)
    miles = _num(km * 1000 / _MILE, 1)
    r = _num(round(km), 0)
    return [_figure(x, 1000, f"{x} km", f"{x}-kilometre"), _figure(x, 1000, f"{x} kilometres", f"{x}-kilometre"),
            _figure(miles, _MILE, f"{miles} miles", f"{miles}-mile"),
            _figure(r, 1000, f"about {r} km", None, "about")]


def _percent_figures(p: float) -> list[Figure]:
    x = _num(p, 1)
    return [_figure(x, 1, f"{x}%", f"{x}%"), _figure(x, 1, f"{x} percent", f"{x} percent"),
            _figure(x, 1, f"{x} per cent", f"{x} per cent"), _figure(x, 1, f"about {x}%", None, "about")]


# --- dates -----------------------------------------------------------------------------
# Months are counted from year 0 (year * 12 + month - 1); a span is a half-open month range.


@dataclass(frozen=True)
class When:
    """A date phrase ("in late 2027", "by 2028", "last month") and the months it spans;
    ``start`` is None for an open deadline ("by 2028")."""

    text: str
    start: int | None
    end: int

    def overlaps(self, other: When) -> bool:
        return (self.start is None or self.start < other.end) and (other.start is None or other.start < self.end)


def _month(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_name(m: int) -> str:
    return f"{MONTHS[m % 12]} {m // 12}"


def planned_phrases(target: int, published: date) -> list[When]:
    """Ways to say, on ``published``, that something will happen in month ``target``."""
    year, month = divmod(target, 12)
    y0 = year * 12
    out = [When(f"in {_month_name(target)}", target, target + 1), When(f"in {year}", y0, y0 + 12)]
    q = month // 3
    out += [When(f"in the {ORDINALS[q]} quarter of {year}", y0 + 3 * q, y0 + 3 * q + 3),
            When(f"in Q{q + 1} {year}", y0 + 3 * q, y0 + 3 * q + 3)]
    half = month // 6
    out.append(When(f"in the {('first', 'second')[half]} half of {year}", y0 + 6 * half, y0 + 6 * half + 6))
    third = month // 4
    part = ("early ", "mid-", "late ")[third]
    out.append(When(f"in {part}{year}", y0 + 4 * third, y0 + 4 * third + 4))
    if month >= 8:
        out.append(When(f"by the end of {year}", None, y0 + 12))
    if 2 <= month <= 4:
        out.append(When(f"in spring {year}", y0 + 2, y0 + 5))
    elif 5 <= month <= 7:
        out.append(When(f"in summer {year}", y0 + 5, y0 + 8))
    elif 8 <= month <= 10:
        out.append(When(f"in the autumn of {year}", y0 + 8, y0 + 11))
    out += [When(f"by {year}", None, y0 + 12), When(f"by {year + 1}", None, y0 + 24)]
    if year == published.year + 1:
        out.append(When("next year", y0, y0 + 12))
        if month < 4:
            out.append(When("early next year", y0, y0 + 4))
    if year == published.year:
        out.append(When("later this year", _month(published), y0 + 12))
    return out


def done_phrases(target: int, day: int, published: date) -> list[When]:
    """Ways to say, on ``published``, that something happened on ``day`` of month ``target``."""
    year = target // 12
    out = [When(f"in {_month_name(target)}", target, target + 1),
           When(f"on {MONTHS[target % 12]} {day}, {year}", target, target + 1)]
    if year == published.year:
        out.append(When(f"in {MONTHS[target % 12]}", target, target + 1))
    if target == _month(published) - 1:
        out.append(When("last month", target, target + 1))
    return out


# --- topics ----------------------------------------------------------------------------

POWER_LARGE = Measure("power", 350, 2800)
POWER_SMALL = Measure("power", 40, 900)
COST_LARGE = Measure("money", 8e8, 9e9)
COST_SMALL = Measure("money", 6e7, 1.5e9)
JOBS = Measure("count", 150, 4000, "jobs")


@dataclass(frozen=True)
class Fact:
    """A fact a story states: its attribute (as the tool names it), how its value is
    measured, and the sentences that state it ({E} the entity, {O} the other party,
    {v} the figure, {va} its attributive form, {fy} the fiscal year)."""

    attribute: str
    measure: Measure
    templates: tuple[str, ...]
    # Sentences that name the entity by what it is ("The wind farm will cost..."), for use
    # right after a sentence of the same paragraph that names it.
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A kind of story: its names, facts and milestone, and the prose around them."""

    key: str
    voice: str  # which ledes, context sentences and quotes its articles use
    filler: str  # which filler bank
    name: str  # the entity's name; {S} is its stem
    desc: str  # what the entity is
    other: str  # the other party: owner, developer, maker or deal target; {S} is its stem
    facts: tuple[Fact, ...]
    event: str | None  # the milestone, as the tool names it
    titles: tuple[str, ...]
    done_titles: tuple[str, ...] = ()  # for an article reporting the milestone done
    currencies: tuple[str, ...] = ("USD", "USD", "EUR", "GBP")
    entity_speaks: bool = False  # quotes come from the entity itself, not the other party


def _capacity(measure: Measure) -> Fact:
    return Fact("capacity", measure, (
        "{E} will have a generating capacity of {v}.",
        "At {v}, {E} would be one of the largest projects of its kind in the region.",
        "{E}, a {va} {desc}, is being developed in several stages.",
        "The {va} {E} {desc} has been described by its owner as a flagship asset.",
        "Once finished, {E} will have a capacity of {v}.",
    ), ("The {desc} will have a generating capacity of {v}.", "The {va} {desc} will be built in stages."))


def _cost(measure: Measure) -> Fact:
    return Fact("cost", measure, (
        "{E} is expected to cost {v}.",
        "{E} carries a price tag of {v}.",
        "{E} has a construction budget of {v}.",
        "{E} will cost {v} to build, according to the latest estimate.",
        "{E}'s total cost is put at {v}.",
    ), ("The {desc} is expected to cost {v}.", "Building the {desc} will cost {v}, according to its owner."))


def _jobs() -> Fact:
    return Fact("jobs", JOBS, (
        "{E} will create {v} during construction.",
        "{E} is expected to support {v} at the peak of the works.",
        "The construction of {E} should bring {v} to the area.",
        "{E} will create {v}, most of them filled by local contractors.",
    ), ("The {desc} will create {v} during construction.",))


def _length(measure: Measure) -> Fact:
    return Fact("length", measure, (
        "{E} will be {v} long.",
        "The {va} {E} will link the city centre with the outer districts.",
        "{E} will stretch {v} from end to end.",
    ), ("The {desc} will be {v} long.",))


def _headcount(noun: str, lo: float, hi: float) -> Fact:
    return Fact(noun, Measure("count", lo, hi, noun), (
        "{E} employs {v}.",
        "{E} has a workforce of {v}.",
        "{E}, which employs {v}, has grown steadily over the past decade.",
    ))


_WIND_TITLES = ("{E} clears final permit", "{O} picks turbine supplier for {E}", "{E} secures grid deal",
                "Fishing groups question {E} plans", "{O} signs power purchase agreement for {E}",
                "Port upgrade to serve {E}", "{E} faces scrutiny over seabird impact")
_POWER_DONE = ("{E} sends first power to the grid", "{E} starts delivering electricity",
               "First turbines at {E} begin turning")

TOPICS: tuple[Topic, ...] = (
    Topic("offshore_wind", "energy", "energy", "{S} Wind", "offshore wind farm", "{S} Renewables",
          (_capacity(POWER_LARGE), _cost(COST_LARGE), _jobs()), "first power", _WIND_TITLES, _POWER_DONE),
    Topic("onshore_wind", "energy", "energy", "{S} Wind", "onshore wind farm", "{S} Energy",
          (_capacity(POWER_SMALL), _cost(COST_SMALL), _jobs()), "first power", _WIND_TITLES, _POWER_DONE),
    Topic("solar", "energy", "energy", "{S} Solar", "solar park", "{S} Power",
          (_capacity(POWER_SMALL), _cost(COST_SMALL), _jobs()), "first power",
          ("{E} wins planning consent", "{O} orders panels for {E}", "Farmers split over {E}",
           "{E} lines up buyers for its output", "{O} hires contractor for {E}"),
          ("{E} starts feeding power to the grid", "{E} delivers its first electricity")),
    Topic("hydro", "energy", "energy", "{S} Hydro", "pumped-storage scheme", "{S} Energy",
          (_capacity(POWER_LARGE), _cost(COST_LARGE), _jobs()), "commercial operation",
          ("{O} names tunnelling contractor for {E}", "{E} moves ahead despite objections",
           "Engineers drain valley reservoir for {E}", "{E} wins backing from grid operator"),
          ("{E} enters commercial service", "{E} starts balancing the grid")),
    Topic("storage", "energy", "energy", "{S} Storage", "battery storage project", "{S} Power",
          (_capacity(POWER_SMALL), _cost(COST_SMALL)), "commercial operation",
          ("{O} plans {E}", "{E} signs grid balancing contract", "{O} picks cell supplier for {E}"),
          ("{E} starts operating", "{E} enters service")),
    Topic("data_center", "data", "tech", "{S} Cloud Campus", "data centre campus", "{S} Digital",
          (_capacity(POWER_SMALL), _cost(COST_LARGE), _jobs()), "commercial operation",
          ("{O} unveils plans for {E}", "Residents raise water concerns over {E}", "{E} secures power supply",
           "{O} buys land for {E}"),
          ("{E} switches on its first data halls", "{E} begins serving customers")),
    Topic("factory", "industry", "industry", "{S} Cells", "battery cell maker", "{S} Motors",
          (_cost(COST_LARGE), _jobs()), "mass production",
          ("{E} picks site for new plant", "{E} wins subsidy for cell plant", "{E} signs supply deal with {O}",
           "{E} begins hiring for new plant"),
          ("{E} starts mass production", "First cells roll off the line at {E}"), entity_speaks=True),
    Topic("steel", "industry", "industry", "{S} Steel", "steelmaker", "{S} Hydrogen",
          (_cost(COST_LARGE), _jobs()), "mass production",
          ("{E} commits to low-carbon mill", "{E} signs hydrogen supply deal with {O}", "Unions back {E} mill plan"),
          ("{E} starts production at new mill",), entity_speaks=True),
    Topic("mine", "industry", "industry", "{S} Copper", "copper mine", "{S} Mining",
          (_cost(COST_LARGE), _jobs()), "mass production",
          ("{O} takes investment decision on {E}", "{E} wins water permit", "Community groups sign deal with {O}"),
          ("{E} starts commercial production",)),
    Topic("rail", "transport", "transport", "{S} Rail Line", "light rail line", "{S} Transit",
          (_length(Measure("length", 6, 45)), _cost(COST_LARGE)), "opening",
          ("Tunnelling starts on {E}", "{O} awards contract for {E}", "Businesses along {E} route seek compensation",
           "{E} trains arrive at depot"),
          ("{E} opens to passengers", "First passengers ride {E}")),
    Topic("tunnel", "transport", "transport", "{S} Tunnel", "road tunnel", "{S} Highways",
          (_length(Measure("length", 2, 28)), _cost(COST_LARGE)), "opening",
          ("Boring machine breaks through on {E}", "{O} sets toll plan for {E}", "{E} work disrupts ferry services"),
          ("{E} opens to traffic",)),
    Topic("bridge", "transport", "transport", "{S} Bridge", "cable-stayed bridge", "{S} Highways",
          (_length(Measure("length", 1.2, 9)), _cost(COST_SMALL)), "opening",
          ("Final span lifted into place on {E}", "{O} defends {E} design", "Cyclists win lane on {E}"),
          ("{E} opens to traffic",)),
    Topic("hospital", "hospital", "health", "{S} Hospital", "teaching hospital", "{S} Health Trust",
          (_cost(COST_SMALL), Fact("beds", Measure("count", 120, 1400, "beds"), (
              "{E} will have {v}.", "The {va} {E} will replace older buildings on two sites.",
              "Once finished, {E} will offer {v}."), ("The {desc} will have {v}.",)), _jobs()), "opening",
          ("{O} signs construction deal for {E}", "Nurses raise staffing worries at {E}",
           "{E} to include regional cancer centre"),
          ("{E} opens its doors", "{E} admits first patients")),
    Topic("arena", "venue", "public", "{S} Arena", "indoor arena", "{S} Sports",
          (_cost(COST_SMALL), Fact("seats", Measure("count", 8000, 65000, "seats"), (
              "{E} will have {v}.", "The {va} {E} is designed for concerts as well as sport.",
              "{E} will hold {v} when it is finished."), ("The {desc} will hold {v}.",)), _jobs()), "opening",
          ("City backs {E} plan", "{O} unveils {E} design", "Neighbours fear traffic from {E}"),
          ("{E} opens with sold-out concert",)),
    Topic("acquisition", "deals", "deals", "{S} Foods", "food group", "{S} Dairy",
          (Fact("price", COST_LARGE, (
              "{E} agreed to buy {O} for {v}.",
              "The acquisition of {O} by {E}, valued at {v}, needs the blessing of competition authorities.",
              "{E}'s {va} acquisition of {O} is its largest to date.",
              "{E} said its takeover of {O}, worth {v}, would give it a stronger position in its home market.")),
           Fact("people", Measure("count", 900, 24000, "people"), (
               "{O} employs {v}.", "{O} has a workforce of {v}."))),
          "deal closing",
          ("{E} agrees to buy {O}", "Regulators open review of {E} deal", "{O} shareholders back {E} offer",
           "{E} sells bonds to fund {O} purchase"),
          ("{E} completes {O} takeover",), entity_speaks=True),
    Topic("stake", "deals", "deals", "{S} Capital", "investment firm", "{S} Logistics",
          (Fact("stake", Measure("percent", 6, 49), (
              "{E} agreed to buy a {v} stake in {O}.",
              "{E} will hold a {v} stake in {O}.",
              "{E}'s {va} stake in {O} makes it the second-largest shareholder.")),
           Fact("employees", Measure("count", 600, 18000, "employees"), (
               "{O} employs {v}.", "{O} has {v} across its network."))),
          "deal closing",
          ("{E} takes stake in {O}", "{O} founders keep control after {E} deal", "{E} deal puts high value on {O}"),
          ("{E} completes investment in {O}",), entity_speaks=True),
    Topic("drug", "pharma", "health", "{S}ostat", "heart failure drug", "{S} Therapeutics",
          (Fact("patients", Measure("count", 180, 4200, "patients"), (
              "The Phase 3 trial of {E} enrolled {v}.",
              "{E} was tested in a Phase 3 trial of {v}.",
              "{E}'s Phase 3 trial, which enrolled {v}, met its main goal.")),),
          "regulatory approval",
          ("{O} files {E} with regulators", "Doctors weigh {E} data", "{O} builds sales force for {E}",
           "Insurers study cost of {E}"),
          ("Regulators clear {E}", "{E} wins green light")),
    Topic("budget", "budget", "public", "{S} City Council", "city council", "{S} Borough",
          (Fact("cost", Measure("money", 4e8, 9e9), (
              "{E} adopted a budget of {v} for {fy}.",
              "The {E} budget for {fy} totals {v}.",
              "{E} will spend {v} in {fy}.",
              "For {fy}, {E} set a budget of {v}.")),
           _headcount("staff", 1200, 30000)),
          None,
          ("{E} unveils spending plan", "Unions criticise {E} budget", "{E} holds property tax rate",
           "Libraries spared in {E} budget", "{E} budget leans on reserves"),
          currencies=("USD", "USD", "GBP"), entity_speaks=True),
    Topic("ipo", "ipo", "deals", "{S} Robotics", "warehouse robot maker", "{S} Ventures",
          (Fact("valuation", Measure("money", 4e8, 2.4e10), (
              "{E} is valued at {v}.", "{E} was valued at {v} by its latest investors.",
              "Bankers have told {E} to expect a valuation of {v}.")),
           _headcount("employees", 150, 6000)),
          "IPO",
          ("{E} hires banks for share sale", "{E} founder bets on warehouses", "Investors queue for {E} shares"),
          ("{E} shares jump on debut",), entity_speaks=True),
)

# Milestone sentences: {E} the entity, {O} the other party, {d} the date phrase; planned
# (a plan cue before the milestone) and done (a past-tense verb the tool reads as done).
EVENT_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "first power": (
        ("{E} expects to deliver first power {d}.", "{E} is scheduled to reach first power {d}.",
         "First power from {E} is expected {d}.", "{E} plans to send first electricity to the grid {d}."),
        ("{E} delivered first power to the grid {d}.", "{E} sent its first electricity to the grid {d}.",
         "{E} reached first power {d}.")),
    "commercial operation": (
        ("{E} is expected to enter commercial operation {d}.", "{E} will begin commercial operations {d}.",
         "{E} is scheduled to start commercial operation {d}."),
        ("{E} began commercial operations {d}.", "{E} entered commercial operation {d}.")),
    "mass production": (
        ("{E} plans to start mass production {d}.", "{E} expects to begin mass production {d}.",
         "Mass production at {E} is scheduled to begin {d}."),
        ("{E} began mass production {d}.", "{E} started mass production {d}.")),
    "opening": (
        ("{E} is due to open {d}.", "{E} will open to the public {d}.", "{E} is expected to open {d}."),
        ("{E} opened {d}.", "{E} opened to the public {d}.")),
    "deal closing": (
        ("{E} expects the acquisition to close {d}.", "{E} said the deal is expected to close {d}.",
         "{E} expects to complete the deal {d}."),
        ("{E} completed the acquisition {d}.", "{E} closed the deal {d}.")),
    "regulatory approval": (
        ("{O} expects regulators to approve {E} {d}.", "A decision on approval of {E} is expected {d}.",
         "{O} is preparing for regulators to approve {E} {d}."),
        ("Regulators approved {E} {d}.", "{E} was approved by regulators {d}.")),
    "IPO": (
        ("{E} plans an initial public offering {d}.", "{E} is preparing for an initial public offering {d}.",
         "{E} aims to complete a stock market listing {d}."),
        ("{E} completed its initial public offering {d}.", "{E} completed its stock market listing {d}.")),
}

# --- prose -----------------------------------------------------------------------------
# No template below names a milestone (tests/test_scale_corpus.py checks it against the
# tool's event words). A figure the tool compares (money, a count, a power or a length)
# stands only in a sentence that names a fresh name before it ({F}, {F2}: organisations,
# {T}: a town), so that it belongs to a name no other article uses. A percentage without a
# cue word ("stake", "share", "yield") gets no subject, so it may stand anywhere.

LEDES: dict[str, tuple[str, ...]] = {
    "energy": (
        "{O} said on {weekday} that work on {E} was moving ahead as planned, despite tight supply chains across the industry.",
        "{E}, one of the most closely watched clean energy projects in {region}, took another step forward this week.",
        "The developer of {E} said on {weekday} it had cleared one of the last hurdles facing the project, which has been in planning for years.",
        "{O} gave an update on {E} on {weekday}, saying talks with suppliers, landowners and the network operator were going well.",
    ),
    "data": (
        "{O} said on {weekday} that {E} remained central to its plans, as demand for computing power keeps rising.",
        "{E}, a large computing project backed by {O}, took another step forward this week.",
        "Plans for {E} moved ahead on {weekday}, according to a statement from {O}.",
    ),
    "industry": (
        "{E} said on {weekday} that its expansion plans were on course, despite weaker demand in parts of {region}.",
        "{E}, one of the largest industrial employers in its region, took another step forward with its plans this week.",
        "Executives at {E} told investors on {weekday} that the project was progressing well and that customers were keen.",
    ),
    "transport": (
        "{O} said on {weekday} that {E} was making good progress, although some residents remain unhappy about the works.",
        "{E}, the biggest transport project in the region for a generation, passed another milestone this week.",
        "Work on {E} continued at pace this week, {O} said in a statement on {weekday}.",
    ),
    "hospital": (
        "{O} said on {weekday} that {E} remained on course, in an update welcomed by patient groups and local doctors.",
        "{E} moved a step closer this week, according to a statement from {O} on {weekday}.",
        "Staff and patients have been following the plans for {E} closely, and {O} gave fresh details on {weekday}.",
    ),
    "pharma": (
        "{O} gave new details about {E} on {weekday}, in an update that was closely watched by investors.",
        "Doctors and patient groups have been following {E} closely, and {O} gave fresh details on {weekday}.",
        "{O} said on {weekday} that {E} remained its top priority, as it prepares for the next steps.",
    ),
    "deals": (
        "{E} gave new details of its plans for {O} on {weekday}, as bankers said dealmaking in the sector was picking up.",
        "{E} moved ahead with its deal for {O} this week, according to a statement issued on {weekday}.",
        "Investors reacted calmly on {weekday} to the latest news from {E} about {O}.",
    ),
    "ipo": (
        "{E} gave new details of its plans on {weekday}, as bankers said investor appetite for technology shares was returning.",
        "{E}, which is backed by {O}, is among the most closely watched young companies in its field.",
        "Investors have been asking about {E} for months, and the company gave an update on {weekday}.",
    ),
    "budget": (
        "Members of {E} debated the plans for several hours on {weekday} before reaching a decision.",
        "{E} set out its priorities for the coming year on {weekday}, promising to protect frontline services.",
        "{E} published its plans on {weekday}, after weeks of consultation with residents and businesses.",
    ),
    "venue": (
        "{O} said on {weekday} that {E} was on course, as promoters lined up the first events.",
        "{E}, which supporters say will put the city on the map for touring acts, took another step forward this week.",
        "City officials and {O} gave an update on {E} on {weekday}, saying that the works were going well.",
    ),
}

CONTEXT: dict[str, tuple[str, ...]] = {
    "energy": (
        "{O} has said {E} will help the region cut its reliance on imported gas.",
        "Local councils have broadly supported {E}, although some residents worry about the visual impact.",
        "Environmental groups said they would monitor how the works affect birds and marine life.",
        "{E} will connect to the grid through a new substation that the network operator is building.",
        "The company said the design of {E} had been changed after consultation with local communities.",
        "Supply chain bottlenecks have slowed several projects of this kind, but {O} said it had secured the key components.",
    ),
    "data": (
        "{O} has said {E} will use recycled water for cooling and buy renewable power for its operations.",
        "Local officials welcomed {E}, saying it would bring skilled work and tax revenue to the area.",
        "Some residents have questioned how much electricity and water {E} will use.",
        "{E} is being built in phases so that capacity can follow customer demand.",
    ),
    "industry": (
        "{E} has said the project will make it less dependent on suppliers in other parts of the world.",
        "Trade unions welcomed the plans of {E}, but asked for guarantees on pay and training.",
        "The site was chosen for its port access and a skilled local workforce, {E} said.",
        "Environmental groups said they would scrutinise the water and energy use of the project.",
        "{E} has worked closely with {O}, one of its main customers, on the design.",
    ),
    "transport": (
        "{O} has said {E} will cut journey times and take traffic off the most congested roads.",
        "Business groups have backed {E}, while some residents along the route have complained about noise.",
        "Contractors are working in shifts to limit disruption, and diversion routes have been published.",
        "{E} has been discussed for decades, and earlier plans were shelved because of funding disputes.",
    ),
    "hospital": (
        "{O} said {E} would address a long-standing gap in care for patients in the region.",
        "The nurses' union said it supported {E} but wanted guarantees about staffing levels.",
        "{E} will include a new emergency department and a centre for cancer care.",
        "Patients currently travel long distances for some treatments, which {O} said it wanted to change.",
    ),
    "pharma": (
        "{O} said {E} would address a long-standing gap in care for patients with the condition.",
        "Patient groups welcomed the news, saying people with the condition have few options today.",
        "Doctors will want to see longer-term data before they change how they treat patients, specialists said.",
        "{O} has said it intends to build its own sales team rather than rely on larger partners.",
    ),
    "deals": (
        "{E} has said the deal with {O} will give it scale in a market where customers are demanding lower prices.",
        "Analysts were divided on the terms, with some saying {E} was paying a full premium.",
        "The founders of {O} have backed the agreement, according to a joint statement.",
        "Competition lawyers said regulators were likely to look closely at overlaps between the businesses.",
    ),
    "ipo": (
        "{E} makes robots that move goods around warehouses, and counts several large retailers among its customers.",
        "{O} has backed {E} since its early days and is expected to keep most of its shares.",
        "The company has not yet made a profit, but its sales have grown quickly, according to people who have seen its accounts.",
        "Bankers said a strong debut for {E} could encourage other young companies to follow.",
    ),
    "budget": (
        "Opposition members said the plans of {E} relied on optimistic forecasts of tax revenue.",
        "The finance committee of {E} will publish a detailed breakdown by department.",
        "Community groups welcomed the priorities but asked for more say in how money is shared between neighbourhoods.",
        "Business leaders said they were relieved that the plans did not include new levies on employers.",
    ),
    "venue": (
        "{O} has said {E} will attract visitors from across the region on match days and concert nights.",
        "Neighbours have raised concerns about parking and late-night noise around {E}.",
        "Promoters said the city had lacked a modern indoor venue for years.",
        "The design of {E} was chosen after an international competition.",
    ),
}

QUOTES: dict[str, tuple[str, ...]] = {
    "energy": ("This is exactly the kind of project the region needs to meet its climate goals",
               "We have worked hard with local communities to get the design right",
               "The supply chain is tight, but we have the key contracts in place"),
    "data": ("Demand from our customers keeps growing, and we are building to meet it",
             "We want to be a good neighbour and a long-term employer here"),
    "industry": ("We are building for the long term, whatever the market does this year",
                 "Our customers want secure supplies from nearby"),
    "transport": ("People have waited a long time for this, and we intend to deliver it",
                  "We know the works are disruptive, and we are grateful for people's patience"),
    "hospital": ("Patients in this part of the country deserve modern care without long journeys",
                 "We have listened to staff at every stage of the design"),
    "pharma": ("Patients have waited far too long for better options",
               "We are confident in the data and in the team we have built"),
    "deals": ("The combination makes strategic sense for both businesses",
              "We see a long runway for growth in this market"),
    "ipo": ("We are building a company for the long term, and being public will help us do that",
            "Our customers are automating faster than anyone expected"),
    "budget": ("We have made difficult choices to protect the services people rely on most",
               "Every pound and every dollar has to work harder than before"),
    "venue": ("This will be a venue the whole city can be proud of",
              "We have designed it with fans and neighbours in mind"),
}

FILLER: dict[str, tuple[str, ...]] = {
    "energy": (
        "Electricity prices in {region} have fallen by about {pct} from their peak, easing pressure on households and on energy-intensive businesses.",
        "{F}, a rival developer, runs a {mw} wind farm further along the coast and has said it wants to double in size by {future}.",
        "{F} reported revenue of {money} for {last}, helped by higher output from its older plants and by a mild winter.",
        "Analysts at {F} expect demand for turbines in {region} to grow by {pct} a year over the next decade, as governments raise their targets.",
        "{F} said in {last} that it would spend {money} on upgrading transmission lines in the north of the country.",
        "The part of national electricity supplied by wind and sun rose to {pct} last year, according to the energy ministry.",
        "{F}, which makes subsea cables, employs {count} people at its factory in the town of {T}.",
        "Wholesale power prices were {pct} lower in the first half of {last} than a year earlier, according to traders.",
        "{F} runs a {mw} solar park outside the town of {T} that has supplied the regional grid since {yr}.",
        "Wind speeds were unusually low in parts of {region} during {last}, which cut output across the industry by roughly {pct}.",
        "Grid congestion remains the biggest obstacle for developers, industry groups say, and several of them have asked regulators to speed up reforms.",
        "Turbine makers have raised their prices repeatedly since {yr}, squeezing the margins of developers that signed fixed-price contracts.",
        "{F} has a fleet of {small} service vessels working on offshore sites in {region}.",
        "The government has set a target for clean power by {future}, which campaigners describe as ambitious but achievable.",
    ),
    "tech": (
        "Spending on cloud services in {region} rose by {pct} last year, according to industry estimates.",
        "{F} reported revenue of {money} for {last}, driven by demand from customers training artificial intelligence models.",
        "{F} operates {count} servers across its sites and has said it plans to add more in {region}.",
        "{F}, a rival operator, runs a {mw} campus on the edge of the town of {T}.",
        "Chip shortages eased in {last}, although lead times for some components are still longer than before the pandemic.",
        "Electricity demand from computing has grown by about {pct} a year since {yr}, grid operators say, and is expected to keep rising.",
        "{F} employs {count} engineers and has offices in {region}.",
        "Prices for memory chips swung sharply during {last}, with some falling by {pct} in a matter of weeks.",
        "Several countries have tightened rules on where new computing campuses can be built, citing pressure on water supplies.",
        "{F} raised {money} from investors in {last} to expand its network of sites.",
        "Local authorities in {region} have started to ask operators to publish how much water they use.",
    ),
    "industry": (
        "Industrial output in {region} rose by {pct} in {last}, the statistics office said, the first increase in several years.",
        "{F} reported revenue of {money} for {last}, with higher prices offsetting weaker volumes.",
        "{F} employs {count} people at its main plant in the town of {T}.",
        "Energy costs for heavy industry remain about {pct} higher than before {yr}, according to trade groups.",
        "{F} said it would spend {money} on new furnaces and cleaner processes over the next few years.",
        "Prices for nickel and lithium have been volatile since {yr}, complicating investment plans across the industry.",
        "{F}, a supplier of raw materials, has {count} employees across {region}.",
        "Carmakers have cut their forecasts for electric vehicle sales in {region} by about {pct}.",
        "Shipping rates between Asia and Europe fell by {pct} in the second half of {last}, bringing some relief to manufacturers.",
        "Skilled workers remain hard to find, and several manufacturers have started their own training schools.",
        "Trade tensions have pushed many manufacturers to look for suppliers closer to home.",
    ),
    "transport": (
        "Passenger numbers on public transport in {region} have recovered to about {share} of their pre-pandemic level.",
        "{F} reported revenue of {money} for {last}, helped by a rise in ticket sales.",
        "{F} operates {small} buses in the city and has said it wants an all-electric fleet by {future}.",
        "Construction costs for transport projects have risen by about {pct} since {yr}, according to engineers.",
        "{F} employs {count} people in its maintenance depots around the city.",
        "{F} runs a {length} freight line that connects the port with inland warehouses.",
        "Road traffic in the region grew by {pct} in {last}, according to the transport ministry.",
        "{F} spent {money} on new signalling in {last}, its annual report shows.",
        "Commuters have complained for years about crowded trains, unreliable services and fares that rise faster than wages.",
        "The national government has promised to share the cost of several projects with cities, but the details are still being negotiated.",
        "Cycling has grown quickly in the city since {yr}, and campaigners want more protected lanes.",
    ),
    "health": (
        "Waiting lists for routine operations have grown by about {pct} since {yr}, official figures show.",
        "{F} reported revenue of {money} for {last}, up from the year before.",
        "{F} employs {count} nurses and doctors across its clinics.",
        "Spending on medicines in {region} rose by about {pct} in {last}, according to the health ministry.",
        "{F} runs {small} clinics in the region and has said it plans to add more.",
        "Hospital admissions for heart failure have risen steadily since the {decade}, researchers say.",
        "{F} said it would put {money} into a new research centre on the edge of the town of {T}.",
        "Doctors' groups have warned of staff shortages in rural areas for more than a decade.",
        "Insurers have pushed back against the prices of several new treatments in recent years.",
        "{F} has {count} patients taking part in studies across {region}.",
        "Medical schools have expanded their intake, but it will take years for the new doctors to qualify.",
    ),
    "deals": (
        "Deal volumes in {region} rose by {pct} in {last}, according to data compiled by {F}.",
        "{F} reported revenue of {money} for {last}, helped by strong demand in its core markets.",
        "{F}, which advised on several large deals last year, employs {count} people.",
        "Borrowing costs for companies have eased by about {pct} since the start of {last}.",
        "{F} agreed to buy {F2} for {money} in {last}, one of the largest deals in the sector that year.",
        "Shares in the sector have risen by about {pct} over the past twelve months.",
        "Private equity firms have raised record amounts and are under pressure to put it to work, bankers say.",
        "{F} has {count} employees in {region} and has been looking for acquisitions.",
        "Competition authorities have become more willing to challenge deals since {yr}.",
        "Investor appetite for the sector cooled briefly in {last} before recovering.",
        "Family-owned businesses still account for much of the sector, and many of their founders are nearing retirement.",
    ),
    "public": (
        "Inflation in {region} slowed to about {pct} last year, easing pressure on public finances.",
        "{F} estimates that the city's population has grown by about {pct} since {yr}.",
        "{F} reported that the number of visitors to the city rose by {pct} in {last}.",
        "{F}, a local charity, has {count} volunteers working in neighbourhood centres.",
        "Property values in the city have risen by about {pct} over the past five years.",
        "The town of {T} has {count} residents and shares several services with the city.",
        "{F} received {money} in grants in {last} to run youth programmes.",
        "Credit rating agencies have praised the city's cautious approach to borrowing.",
        "Pension costs are expected to keep rising over the next decade, auditors have warned.",
        "Voter turnout in the last local election was about {share}, one of the highest on record.",
        "Residents have asked for better street lighting, cleaner parks and more frequent bin collections.",
    ),
}

GENERIC: tuple[str, ...] = (
    "The economy grew by about {pct} in {last}, according to preliminary figures, slightly faster than economists had expected.",
    "Unemployment in the region stood at {pct} at the end of {last}, below the national average.",
    "{P}, {role} {F}, said the outlook remained uncertain but broadly positive for the years ahead.",
    "\"It is too early to say how this will play out, but the direction of travel is clear,\" said {P}, {role} {F}.",
    "\"{quote},\" said {P}, {role} {F}.",
    "{F} was founded in {yr} and has expanded steadily since then, mostly by winning contracts from public bodies.",
    "{F} reported revenue of {money} for {last}, according to its annual report.",
    "{F} employs {count} people, most of them in and around the town of {T}.",
    "Consumer confidence fell slightly in {month}, a survey showed, as households worried about the cost of living.",
    "The central bank left its main rate unchanged at its {month} meeting and said it would watch wage growth closely.",
    "Households have cut back on spending as prices for food and energy remain high, retailers say.",
    "Local business leaders said they hoped the plans would bring new customers to the area and help struggling high streets.",
    "The region has a long industrial history, and many families have worked in the same trades for generations.",
    "Labour shortages have become a common complaint among employers over the past {num} years, particularly in construction.",
    "Construction activity picked up in {month} after a slow winter, builders said.",
    "{F}, a family-owned business, started trading in {yr} and now has {count} staff.",
    "Local media have covered the plans extensively, and public meetings have been well attended.",
    "The national government is expected to publish a new industrial strategy before the end of {future}.",
    "{P}, who has followed the sector for more than {few} decades, said the mood among investors had improved.",
    "Interest in the area has grown since the {decade}, when several large employers moved there.",
    "Critics say the benefits of such projects are often overstated, while supporters point to the long-term gains.",
    "House prices in the region rose by {pct} in {last}, slightly faster than the national average.",
    "{F} recorded a profit of {money} in {last}, reversing a loss the year before.",
    "Several smaller firms in the supply chain have merged in recent years to survive rising costs.",
    "The weather has added to the difficulties, with heavy rain in {month} slowing outdoor work across the region.",
    "Universities in the region have started courses to train the technicians that employers say they need.",
    "Tourism, farming and fishing remain important sources of income for the smaller communities nearby.",
    "A report by {F} said productivity in the region had lagged the national average since {yr}.",
    "Officials said they would review the progress of the plans every {num} months and publish their findings.",
    "{P}, who lives in {T}, said people wanted clear information and a fair share of the benefits.",
    "The mayor of {T} said the town would press for road improvements and better bus links as part of any agreement.",
    "Opinion polls suggest that most residents support the plans, although a vocal minority remains opposed.",
    "Wages in the region have risen by about {pct} over the past year, according to the statistics office.",
    "{F} said in a note to clients that it expected growth to slow in the second half of the year.",
    "Several of the firms involved have said they want to recruit apprentices from local schools.",
    "The plans have been discussed at length in the regional parliament, where they enjoy cross-party support.",
    "{F} has operated in the area since {yr} and says it has seen the local economy change beyond recognition.",
    "Environmental campaigners said they would keep a careful watch on the works and report any problems to regulators.",
    "Exports from the region rose by {pct} in {last}, helped by a weaker currency.",
    "\"{quote},\" {P} of {F} told reporters.",
)

# Things people say in filler quotes: no figures, no milestones.
GENERIC_QUOTES: tuple[str, ...] = (
    "We have seen this kind of cycle before, and the fundamentals have not changed",
    "What matters now is execution, not announcements",
    "People here want good jobs and a decent place to live, and that is what we will judge this on",
    "There is a lot of money chasing a small number of good opportunities",
    "We are cautiously optimistic, but it is far too early to celebrate",
    "The region has been overlooked for too long",
    "Nobody should underestimate how hard this is going to be",
    "The numbers look good on paper, but the real test comes later",
)

# Organisation names for filler, by bank: {S} is a fresh stem.
FILLER_KINDS: dict[str, tuple[str, ...]] = {
    "energy": ("Power", "Grid", "Energy", "Cables", "Turbines", "Utilities", "Research"),
    "tech": ("Labs", "Systems", "Networks", "Software", "Analytics", "Cloud"),
    "industry": ("Metals", "Chemicals", "Materials", "Components", "Industries", "Research"),
    "transport": ("Rail", "Transit", "Logistics", "Freight", "Engineering", "Buses"),
    "health": ("Health", "Bio", "Diagnostics", "Clinics", "Medical", "Research"),
    "deals": ("Capital", "Partners", "Securities", "Advisers", "Investments", "Brands"),
    "public": ("Institute", "Foundation", "Trust", "Research", "Associates", "Charity"),
}

# --- stories ---------------------------------------------------------------------------

_RULES = {"value": "CC101", "timeline": "CC102", "status": "CC103"}


@dataclass
class _Article:
    """What one article of a story states."""

    published: date
    figures: dict[str, Figure] = field(default_factory=dict)
    when: When | None = None  # the milestone's date phrase
    done: bool = False  # the milestone is reported done
    changed: set[str] = field(default_factory=set)  # facts stated as changed ("raised the cost ... to")


@dataclass
class _Plant:
    kind: str  # value, timeline or status
    attribute: str  # the fact's attribute, or the milestone
    planted: int  # position of the contradicting article in its story
    partner: int  # position of an article made to state the same fact
    against: list[int] = field(default_factory=list)  # every article it contradicts, in story order


@dataclass
class _Story:
    index: int
    topic: Topic
    entity: str
    other: str
    fiscal_year: int
    currency: str
    values: dict[str, float]  # the true value of each fact
    articles: list[_Article]
    plant: _Plant | None


def _names(topic: Topic, seed: int, index: int) -> tuple[str, str]:
    entity = topic.name.format(S=story_stem(seed, index, 0))
    other = topic.other.format(S=story_stem(seed, index, 1))
    return entity, other


def _plan_story(seed: int, index: int, rate: float, size: int | None = None) -> _Story:
    """Dates, facts and statements of story ``index`` (of 2 to 5 articles unless ``size`` is
    given), and its planted contradiction if any.

    Articles published before the milestone's month say when it is planned, those after
    it say when it happened; each states a random subset of the facts.
    """
    rng = _rng(seed, "story", index)
    topic = rng.choice(TOPICS)
    drawn = rng.randint(2, 5)
    size = size or drawn
    after = rng.randint(0, size) if topic.event else 0
    before = sorted(rng.randint(0, 14) for _ in range(size - after))  # months after the story starts
    if after and before:
        event = before[-1] + rng.randint(2, 18)
    elif after:
        event = 0
    else:
        event = before[-1] + rng.randint(3, 30)
    offsets = before + sorted(event + rng.randint(1, 14) for _ in range(after))
    start = rng.randint(FIRST_MONTH, LAST_MONTH - offsets[-1])
    articles = [_Article(date((start + o) // 12, (start + o) % 12 + 1, rng.randint(1, 28))) for o in offsets]
    event_month, event_day = start + event, rng.randint(1, 28)
    first = articles[0].published
    fiscal_year = first.year + (1 if first.month >= 9 else 0)
    currency = rng.choice(topic.currencies)
    values = {f.attribute: f.measure.draw(rng) for f in topic.facts}
    stated = [{f.attribute for f in topic.facts if rng.random() < 0.6} or {rng.choice(topic.facts).attribute}
              for _ in articles]
    dated = [bool(topic.event) and rng.random() < (0.8 if j < len(before) else 0.9) for j in range(size)]

    plant = _choose_plant(_rng(seed, "plant", index), rate, topic, len(before), after)
    if plant is not None and plant.kind == "value":
        stated[plant.planted].add(plant.attribute)
        stated[plant.partner].add(plant.attribute)
    elif plant is not None:
        dated[plant.planted] = dated[plant.partner] = True

    for j, article in enumerate(articles):
        planted_here = plant is not None and j == plant.planted
        for fact in topic.facts:
            if fact.attribute not in stated[j] or planted_here and plant.attribute == fact.attribute:
                continue
            choices = fact.measure.figures(values[fact.attribute], currency)
            if plant is not None and plant.attribute == fact.attribute:
                choices = [c for c in choices if c.hi < math.inf]  # an open figure contradicts nothing
            article.figures[fact.attribute] = rng.choice(choices)
        if dated[j] and not (planted_here and plant.kind != "value"):
            article.done = j >= len(before)
            phrases = (done_phrases(event_month, event_day, article.published) if article.done
                       else planned_phrases(event_month, article.published))
            if plant is not None and plant.kind == "timeline":
                phrases = [p for p in phrases if p.start is not None]  # "by 2028" contradicts nothing later
            article.when = rng.choice(phrases)

    if plant is not None:
        _apply_plant(_rng(seed, "plant-statement", index), plant, topic, articles, values, currency, event_month)
        plant.against = [j for j in range(size)
                         if j != plant.planted and _contradicts(plant, articles[plant.planted], articles[j])]
    entity, other = _names(topic, seed, index)
    return _Story(index, topic, entity, other, fiscal_year, currency, values, articles, plant)


def _choose_plant(rng: random.Random, rate: float, topic: Topic, before: int, after: int) -> _Plant | None:
    """Whether the story gets a contradiction, of which kind, in which article and against which."""
    if rng.random() >= rate:
        return None
    kinds = ["value", "value"]
    if topic.event and before >= 2:
        kinds.append("timeline")
    if topic.event and after >= 2:
        kinds.append("status")
    kind = rng.choice(kinds)
    if kind == "value":
        planted, partner = rng.sample(range(before + after), 2)
        return _Plant(kind, rng.choice(topic.facts).attribute, planted, partner)
    if kind == "timeline":
        planted, partner = rng.sample(range(before), 2)
    else:
        planted, partner = rng.sample(range(before, before + after), 2)
    return _Plant(kind, topic.event or "", planted, partner)


def _apply_plant(rng: random.Random, plant: _Plant, topic: Topic, articles: list[_Article],
                 values: dict[str, float], currency: str, event_month: int) -> None:
    """Write the planted article's contradicting statement: a figure off by PLANT_FACTOR whose
    interval meets no other article's, or a planned date after every other date given."""
    target = articles[plant.planted]
    if plant.kind == "value":
        measure = next(f.measure for f in topic.facts if f.attribute == plant.attribute)
        others = [a.figures[plant.attribute] for a in articles if plant.attribute in a.figures]
        for attempt in range(40):
            factor = rng.uniform(*PLANT_FACTOR) + attempt * 0.01
            wrong = values[plant.attribute] * (factor if rng.random() < 0.5 else 1 / factor)
            wrong = measure.written(_round_sig(wrong, 3))
            choices = [f for f in measure.figures(wrong, currency)
                       if f.exact and not any(f.overlaps(o) for o in others)]
            if choices:
                target.figures[plant.attribute] = rng.choice(choices)
                return
        raise AssertionError(f"no contradicting figure for {plant}")  # unreachable with PLANT_FACTOR
    month = _month(target.published)
    if plant.kind == "timeline":
        floor = max(a.when.end for a in articles if a.when is not None)
        when = event_month + rng.randint(*PLANT_SHIFT)
    else:
        floor = event_month + 1  # after the month it was reported done
        when = event_month + rng.randint(6, 18)
    choices = [w for w in planned_phrases(max(when, floor, month + 1), target.published)
               if w.start is not None and w.start >= max(floor, month)]
    target.when, target.done = rng.choice(choices), False


def _contradicts(plant: _Plant, planted: _Article, other: _Article) -> bool:
    """Whether ``other`` states the planted fact in a way ``planted`` contradicts: another
    figure, another plan for the milestone, or (for a stale plan) the milestone done."""
    if plant.kind == "value":
        return (plant.attribute in other.figures
                and not planted.figures[plant.attribute].overlaps(other.figures[plant.attribute]))
    assert planted.when is not None
    if other.when is None:
        return False
    if other.done:
        return plant.kind == "status"
    return not planted.when.overlaps(other.when)


# --- articles --------------------------------------------------------------------------

_FIELDS = Formatter()
# Template slots whose figure is a fact of the world (see _Filler._statistic), not of one article.
_STATISTICS = frozenset({"pct", "share"})


class _Filler:
    """Fills the slots of prose templates for one article, handing out its fresh names."""

    def __init__(self, rng: random.Random, seed: int, index: int, published: date, bank: str) -> None:
        self.rng, self.seed, self.index, self.published, self.bank = rng, seed, index, published, bank
        self.used = 0

    def fresh_names_left(self) -> int:
        return _ARTICLE_SLOTS - self.used

    def _fresh(self) -> str:
        name = article_stem(self.seed, self.index, self.used)
        self.used += 1
        return name

    def fill(self, template: str, **given: str) -> str:
        values = dict(given)
        names = [name for _, name, _, _ in _FIELDS.parse(template) if name and name not in values]
        for name in names:
            if name not in _STATISTICS:
                values[name] = self._slot(name)
        for name in names:
            if name in _STATISTICS:
                values[name] = self._statistic(name, template, values)
        return template.format(**values)

    def _statistic(self, name: str, template: str, values: dict[str, str]) -> str:
        """A background statistic is a fact of the world: the same sentence about the same
        place and year gives the same figure in every article (two articles of one year must
        not disagree by chance about a region's industrial output, which would be a real
        contradiction the ground truth does not know)."""
        world = _rng(self.seed, "world", template, values.get("region", ""), self.published.year)
        if name == "pct":
            return f"{world.uniform(0.6, 14.8):.1f}" + world.choice(("%", "%", " percent"))
        return f"{world.randint(55, 97)}" + world.choice(("%", " percent"))

    def _slot(self, name: str) -> str:
        rng, year = self.rng, self.published.year
        if name in ("F", "F2"):
            return f"{self._fresh()} {rng.choice(FILLER_KINDS[self.bank])}"
        if name == "T":
            return self._fresh()
        slots = {
            "P": lambda: f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}",
            "role": lambda: rng.choice(_ANALYST_ROLES),
            "region": lambda: rng.choice(_REGIONS),
            "weekday": lambda: rng.choice(WEEKDAYS),
            "month": lambda: rng.choice(MONTHS),
            "num": lambda: rng.choice(NUMBER_WORDS),
            "few": lambda: rng.choice(NUMBER_WORDS[:3]),
            "quote": lambda: rng.choice(GENERIC_QUOTES),
            "yr": lambda: str(year - rng.randint(3, 25)),
            "last": lambda: str(year - 1),
            "future": lambda: str(year + rng.randint(3, 12)),
            "decade": lambda: f"{rng.choice(range(1960, 2011, 10))}s",
            "small": lambda: str(rng.randint(12, 480)),
            "count": lambda: _num(_round_sig(math.exp(rng.uniform(math.log(40), math.log(20000))), 3), 0),
            "mw": lambda: f"{rng.randint(12, 640)} MW",
            "length": lambda: f"{rng.randint(18, 260)}-kilometre",
            "money": lambda: _money_figures(_round_sig(math.exp(rng.uniform(math.log(2e7), math.log(4e9))), 3),
                                            rng.choice(("USD", "USD", "EUR", "GBP")))[0].text,
        }
        return slots[name]()

    def needs(self, template: str) -> int:
        """How many fresh names ``template`` takes."""
        return sum(1 for _, name, _, _ in _FIELDS.parse(template) if name in ("F", "F2", "T"))


def _words(text: str) -> int:
    return len(text.split())


def _fact_sentence(rng: random.Random, fact: Fact, figure: Figure, story: _Story, fiscal: str,
                   follow_up: bool = False, changed: bool = False) -> str:
    if changed:  # a change the tool reads as an update, not a contradiction
        return f"{story.other} raised the {fact.attribute} of {story.entity} to {figure.text}."
    templates = fact.follow_ups if follow_up and fact.follow_ups else fact.templates
    usable = [t for t in templates if "{va}" not in t or figure.adjective]
    return rng.choice(usable).format(E=story.entity, O=story.other, v=figure.text, va=figure.adjective,
                                     desc=story.topic.desc, fy=fiscal)


def _event_sentence(rng: random.Random, story: _Story, article: _Article) -> str:
    planned, done = EVENT_TEMPLATES[story.topic.event or ""]
    template = rng.choice(done if article.done else planned)
    assert article.when is not None
    return template.format(E=story.entity, O=story.other, d=article.when.text)


def _restatement(rng: random.Random, story: _Story, position: int, stated: list[Fact], fiscal: str) -> list[str]:
    """Now and then, one of the article's facts said again later in other words ("1,350 MW"
    after "1.35-gigawatt"); never the planted figure, which has no other way to be written."""
    plant = story.plant
    candidates = [f for f in stated if not (plant is not None and plant.kind == "value"
                                             and plant.planted == position and plant.attribute == f.attribute)]
    if not candidates or rng.random() >= 0.35:
        return []
    fact = rng.choice(candidates)
    said = story.articles[position].figures[fact.attribute].text
    others = [f for f in fact.measure.figures(story.values[fact.attribute], story.currency)
              if f.hi < math.inf and f.text != said]
    return [_fact_sentence(rng, fact, rng.choice(others), story, fiscal)] if others else []


def _capitalize(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _render(story: _Story, position: int, index: int, seed: int) -> tuple[str, str]:
    """Article ``index`` (position ``position`` of its story) as (file name, Markdown)."""
    article = story.articles[position]
    topic = story.topic
    rng = _rng(seed, "article", index)
    filler = _Filler(rng, seed, index, article.published, topic.filler)
    names = {"E": story.entity, "O": story.other}
    fy = story.fiscal_year
    fiscal = rng.choice((str(fy), f"fiscal {fy}", f"the {fy} fiscal year"))

    titles = topic.done_titles if article.done and topic.done_titles else topic.titles
    title = _capitalize(rng.choice(titles).format(**names))
    stated = [f for f in topic.facts if f.attribute in article.figures]
    rng.shuffle(stated)
    # The first fact goes in the lede, the others in the next paragraph, where the third may
    # follow up on the second without naming the entity again.
    facts = [_fact_sentence(rng, f, article.figures[f.attribute], story, fiscal, n == 2 and rng.random() < 0.5,
                            f.attribute in article.changed)
             for n, f in enumerate(stated)]
    restatement = _restatement(rng, story, position, stated, fiscal)
    context = rng.sample(CONTEXT[topic.voice], 2)
    quote = (f"\"{rng.choice(QUOTES[topic.voice])},\" said {filler.fill('{P}')}, "
             f"{rng.choice(_OWNER_ROLES)} {story.entity if topic.entity_speaks else story.other}.")

    lede = [filler.fill(rng.choice(LEDES[topic.voice]), **names)]
    if facts:
        lede.append(facts.pop(0))
    story_paragraphs = [lede]
    if facts:
        story_paragraphs.append(facts + [filler.fill(context[0], **names)])
    story_paragraphs.append([quote, filler.fill(context[1], **names)])
    event = [_event_sentence(rng, story, article)] if article.when else []

    target = rng.randint(*TARGET_WORDS)
    words = sum(_words(s) for p in story_paragraphs for s in p) + sum(_words(s) for s in event)
    pool = list(FILLER[topic.filler] + GENERIC)
    rng.shuffle(pool)
    filler_paragraphs: list[list[str]] = []
    current: list[str] = []
    size = rng.randint(3, 5)
    for template in pool:
        if words >= target:
            break
        if filler.needs(template) > filler.fresh_names_left():
            continue
        sentence = filler.fill(template)
        current.append(sentence)
        words += _words(sentence)
        if len(current) == size:
            filler_paragraphs.append(current)
            current, size = [], rng.randint(3, 5)
    if current:
        filler_paragraphs.append(current)

    paragraphs = story_paragraphs[:2] + filler_paragraphs[:2] + story_paragraphs[2:] + filler_paragraphs[2:]
    for extra in (event, restatement):
        if extra:
            at = rng.randint(2, len(paragraphs))
            paragraphs[at - 1] = paragraphs[at - 1] + extra
    body = "\n\n".join(" ".join(_capitalize(s) for s in p) for p in paragraphs)
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {article.published.isoformat()}\n---\n\n"
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:60].rstrip("-")
    name = f"{article.published.year}/{article.published.month:02d}/{index:05d}-{slug}.md"
    return name, f"{front}{body}\n"


# --- corpus ----------------------------------------------------------------------------


def generate(n: int, seed: int = 0, contradiction_rate: float = 0.1) -> tuple[list[tuple[str, str]], list[dict]]:
    """``n`` articles as (relative file name, Markdown text), and the ground truth: one
    entry per planted contradiction whose two documents are among them, each
    {"story", "topic", "entity", "attribute", "kind", "rule", "documents": [consistent, contradicting],
    "texts": [figure or date as written in each], "contradicts": [every document of the
    story that the contradicting one contradicts, the consistent one first]}."""
    if not 0 <= n <= MAX_ARTICLES:
        raise ValueError(f"n must be between 0 and {MAX_ARTICLES}")
    if not 0.0 <= contradiction_rate <= 1.0:
        raise ValueError("contradiction_rate must be between 0 and 1")
    files: list[tuple[str, str]] = []
    truth: list[dict] = []
    story_index = 0
    while len(files) < n:
        story = _plan_story(seed, story_index, contradiction_rate)
        first = len(files)
        count = min(len(story.articles), n - first)
        files += [_render(story, j, first + j, seed) for j in range(count)]
        plant = story.plant
        if plant is not None and plant.planted < count:
            # The partner if it was written, else another article it contradicts.
            against = sorted((j for j in plant.against if j < count), key=lambda j: j != plant.partner)
            if against:
                truth.append(_truth(story, plant, against, [files[first + j][0] for j in range(count)]))
        story_index += 1
    return files, truth


def _truth(story: _Story, plant: _Plant, against: list[int], paths: list[str]) -> dict:
    def said(article: _Article) -> str:
        if plant.kind == "value":
            return article.figures[plant.attribute].text
        assert article.when is not None
        return article.when.text

    partner = against[0]
    return {"story": story.index, "topic": story.topic.key, "entity": story.entity, "attribute": plant.attribute,
            "kind": plant.kind, "rule": _RULES[plant.kind], "documents": [paths[partner], paths[plant.planted]],
            "texts": [said(story.articles[partner]), said(story.articles[plant.planted])],
            "contradicts": [paths[j] for j in against]}


def write_corpus(directory: str | Path, n: int, seed: int = 0, contradiction_rate: float = 0.1) -> dict:
    """Write ``generate(n, seed, contradiction_rate)`` under ``directory`` (year/month
    folders) and the ground truth as ``directory/truth.json``; return a summary."""
    out = Path(directory)
    files, truth = generate(n, seed, contradiction_rate)
    summary = _write_files(out, files)
    truth_path = out / "truth.json"
    truth_path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary | {"planted": len(truth), "truth": str(truth_path)}


def _write_files(out: Path, files: list[tuple[str, str]]) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return {"directory": str(out), "articles": len(files), "words": sum(_words(text) for _, text in files)}


# --- a Zipf archive --------------------------------------------------------------------

# How a big story's articles restate a fact: most the same value (in any of its ways of being
# written), some a rounded one that still contains it, a few one conflicting value, and some
# of the last fifth a changed value with a change signal ("raised the cost of ... to").
ZIPF_ROUNDED, ZIPF_CONFLICTING, ZIPF_CHANGED = 0.15, 0.03, 0.3
ZIPF_TOP_SHARE = 0.1  # the largest story has this share of the articles


def zipf_sizes(n: int, exponent: float = 1.0) -> list[int]:
    """Articles per story for ``n`` articles, largest first: the story of rank k has
    ``top / k**exponent`` articles (``top`` a tenth of ``n``), 2 at least, the last one what is left."""
    top = max(2, int(n * ZIPF_TOP_SHARE))
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(max(2, int(top / (len(sizes) + 1) ** exponent)), n - sum(sizes)))
    return sizes


def generate_zipf(n: int, seed: int = 0, exponent: float = 1.0) -> list[tuple[str, str]]:
    """``n`` articles as (relative file name, Markdown text) whose stories' sizes follow
    ``zipf_sizes``: a few stories in hundreds of articles, most in two to four. No planted
    contradictions; big stories' figures drift instead (see ZIPF_ROUNDED...). Deterministic
    in ``(n, seed, exponent)``."""
    if not 0 <= n <= MAX_ARTICLES:
        raise ValueError(f"n must be between 0 and {MAX_ARTICLES}")
    files: list[tuple[str, str]] = []
    for index, size in enumerate(zipf_sizes(n, exponent)):
        story = _plan_story(seed, index, 0.0, size)
        _drift(_rng(seed, "drift", index), story)
        first = len(files)
        files += [_render(story, j, first + j, seed) for j in range(size)]
    return files


def _drift(rng: random.Random, story: _Story) -> None:
    """Restate the story's facts the way a long-running story does (module constants ZIPF_*)."""
    for fact in story.topic.facts:
        value, measure = story.values[fact.attribute], fact.measure
        canonical = value * {"power": 1e6, "length": 1000.0}.get(measure.kind, 1.0)
        true = measure.figures(value, story.currency)
        rounded = [f for f in measure.figures(_rounded(value), story.currency) if f.contains(canonical)]
        wrong = [f for f in measure.figures(measure.written(_round_sig(value * rng.uniform(*PLANT_FACTOR), 3)),
                                            story.currency) if f.exact and not any(f.overlaps(t) for t in true)]
        changed = [f for f in measure.figures(measure.written(_round_sig(value * rng.uniform(1.1, 1.3), 3)),
                                              story.currency) if f.exact]
        for j, article in enumerate(story.articles):
            if fact.attribute not in article.figures:
                continue
            draw = rng.random()
            if j >= len(story.articles) * 0.8 and draw < ZIPF_CHANGED and changed:
                article.figures[fact.attribute] = changed[0]
                article.changed.add(fact.attribute)
            elif draw < ZIPF_CONFLICTING and wrong:
                article.figures[fact.attribute] = wrong[0]
            elif draw < ZIPF_CONFLICTING + ZIPF_ROUNDED and rounded:
                article.figures[fact.attribute] = rng.choice(rounded)


def write_zipf_corpus(directory: str | Path, n: int, seed: int = 0) -> dict:
    """Write ``generate_zipf(n, seed)`` under ``directory``; return a summary."""
    return _write_files(Path(directory), generate_zipf(n, seed)) | {"stories": len(zipf_sizes(n))}


# --- scoring ---------------------------------------------------------------------------


def _is(path: str, name: str) -> bool:
    path = path.replace("\\", "/")
    return path == name or path.endswith("/" + name)


def score(findings_json: dict, truth: list[dict]) -> dict:
    """Recall and precision of a ``consistency check --format json`` report against the
    ground truth. A finding detects a planted contradiction when its claims cite the
    contradicting document (``documents[1]``) and one it contradicts (``documents[0]``, or
    any of ``contradicts`` when given); a finding that detects none is a false positive."""
    detected: set[int] = set()
    false_positives: list[dict] = []
    for finding in findings_json.get("findings", []):
        paths = {claim["path"] for claim in finding["claims"]}

        def cited(doc: str) -> bool:
            return any(_is(p, doc) for p in paths)

        hits = [k for k, t in enumerate(truth)
                if cited(t["documents"][1]) and any(map(cited, t.get("contradicts", t["documents"][:1])))]
        detected.update(hits)
        if not hits:
            false_positives.append({"rule": finding["rule"], "subject": finding["subject"],
                                    "message": finding["message"], "paths": sorted(paths)})
    found = len(findings_json.get("findings", []))
    by_kind: dict[str, dict[str, int]] = {}
    for k, t in enumerate(truth):
        entry = by_kind.setdefault(t["kind"], {"planted": 0, "detected": 0})
        entry["planted"] += 1
        entry["detected"] += k in detected
    return {
        "planted": len(truth), "detected": len(detected),
        "recall": round(len(detected) / len(truth), 4) if truth else 1.0,
        "findings": found, "false_positives": len(false_positives),
        "precision": round((found - len(false_positives)) / found, 4) if found else 1.0,
        "by_kind": dict(sorted(by_kind.items())),
        "missed": [t for k, t in enumerate(truth) if k not in detected],
        "false_positive_findings": false_positives,
    }


# --- CLI -------------------------------------------------------------------------------


def _check(directory: Path) -> tuple[dict, float]:
    """Run ``consistency check`` on ``directory``; the JSON report and the wall time."""
    report = directory / "findings.json"
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "consistency", "check", str(directory), "--format", "json",
                    "-o", str(report), "--exit-zero", "--no-cache"], check=True)
    elapsed = time.perf_counter() - began
    return json.loads(report.read_text(encoding="utf-8")), elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", help="directory to write the articles and truth.json into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.1, help="fraction of stories with a planted contradiction")
    parser.add_argument("--check", action="store_true",
                        help="also run `consistency check` on OUTDIR (report in OUTDIR/findings.json) and score it")
    args = parser.parse_args(argv)
    summary = write_corpus(args.outdir, args.n, args.seed, args.rate)
    print(f"wrote {summary['articles']} articles ({summary['words']:,} words) and {summary['planted']} planted "
          f"contradictions to {summary['directory']}", file=sys.stderr)
    if args.check:
        report, elapsed = _check(Path(args.outdir))
        result = score(report, json.loads(Path(summary["truth"]).read_text(encoding="utf-8")))
        result["seconds"] = round(elapsed, 2)
        brief = {k: v for k, v in result.items() if k not in ("missed", "false_positive_findings")}
        print(json.dumps(brief, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
