"""Score consistency.extract.quantities / numbers on peers' suites (value + unit F1).

An expected result is a true positive when some mention of ours, not used by another
expected result, has the same value (relative tolerance 1e-6; a range is compared by its
midpoint, as quantulum3 resolves ranges) and an equivalent unit: the same ISO code for
money, the same physical magnitude under pint for quantities ("44 ml" equals "44 cubic
centimetre"). Subunits are scaled ("50 cents" is 0.50 USD). Each suite's scope string says
which cases count; a case whose expected results are all out of scope is skipped, and
mentions overlapping an out-of-scope expected result are not counted as false positives.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from consistency.extract.numbers import find_numbers
from consistency.extract.quantities import find_quantities
from consistency.model import QuantityMention

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = ROOT / "tests/data/external"
RECOGNIZERS = EXTERNAL / "recognizers-text/Specs"
QUANTULUM = EXTERNAL / "quantulum3/tests/quantities.json"
TOLERANCE = 1e-6

# Recognizers-Text currency names -> (ISO code, factor to that currency's unit).
RECOGNIZERS_CURRENCIES = {
    "Dollar": ("USD", 1.0), "United States dollar": ("USD", 1.0), "Cent": ("USD", 0.01),
    "Euro": ("EUR", 1.0), "Pound": ("GBP", 1.0), "British pound": ("GBP", 1.0),
    "Pence": ("GBP", 0.01), "Penny": ("GBP", 0.01), "Japanese yen": ("JPY", 1.0),
    "Chinese yuan": ("CNY", 1.0), "Canadian dollar": ("CAD", 1.0),
    "Australian dollar": ("AUD", 1.0), "Hong Kong dollar": ("HKD", 1.0),
    "New Zealand dollar": ("NZD", 1.0), "Swiss franc": ("CHF", 1.0),
    "Turkish lira": ("TRY", 1.0), "Rupee": ("INR", 1.0), "Mexican peso": ("MXN", 1.0),
}
# Recognizers-Text dimension names -> pint unit names of our lexicon.
RECOGNIZERS_DIMENSIONS = {
    "Foot": "foot", "Meter": "meter", "Mile": "mile", "Inch": "inch", "Kilometer": "kilometer",
    "Millimeter": "millimeter", "Decimeter": "decimeter", "Picometer": "picometer",
    "Pound": "pound", "Ounce": "ounce", "Ton": "ton", "Metric ton": "metric_ton",
    "Kilogram": "kilogram", "Gram": "gram", "Microgram": "microgram",
    "Gallon": "gallon", "Milliliter": "milliliter", "Barrel": "barrel", "Cubic foot": "cubic_foot",
    "Square meter": "meter ** 2", "Square kilometer": "kilometer ** 2", "Acre": "acre",
    "Bit": "bit", "Megabit": "megabit", "Megabyte": "megabyte",
    "Kilometer per hour": "kilometer_per_hour", "Mile per hour": "mile_per_hour",
}
# quantulum3 unit names -> pint unit names, or (ISO code, factor) for money.
QUANTULUM_UNITS: dict[str, str | tuple[str, float]] = {
    "metre": "meter", "kilometre": "kilometer", "mile": "mile", "inch": "inch",
    "nanometre": "nanometer", "picometre": "picometer", "square kilometre": "kilometer ** 2",
    "square mile": "square_mile", "cubic kilometre": "kilometer ** 3",
    "cubic centimetre": "centimeter ** 3", "litre": "liter", "centilitre": "centiliter",
    "gallon": "gallon", "milligram": "milligram", "kilogram": "kilogram", "tonne": "metric_ton",
    "pound-mass": "pound", "electronvolt": "electron_volt", "teraelectronvolt": "teraelectron_volt",
    "watt hour": "watt_hour", "megawatt hour": "megawatt_hour", "gigahertz": "gigahertz",
    "bit": "bit", "byte": "byte", "megabyte": "megabyte", "exabyte": "exabyte",
    "kibibyte": "kibibyte", "kilometre per hour": "kilometer_per_hour",
    "degree Celsius": "degree_Celsius", "degree fahrenheit": "degree_Fahrenheit",
    "percentage": "percent",
    "dollar": ("USD", 1.0), "euro": ("EUR", 1.0), "pound sterling": ("GBP", 1.0),
    "cent": ("USD", 0.01), "penny": ("GBP", 0.01),
}


_DEGREES = frozenset({"degree", "degree_Celsius", "degree_Fahrenheit"})


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8-sig"))


@lru_cache(maxsize=1)
def _registry():
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=512)
def _base(unit: str) -> tuple[float, str]:
    """(factor to base units, base unit string) of a pint unit name."""
    ureg = _registry()
    q = ureg.Quantity(1.0, unit).to_base_units()
    return float(q.magnitude), str(q.units)


def _value(m: QuantityMention) -> float:
    return (m.lo + m.hi) / 2


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-12)


def _same(expected: tuple[float, str], m: QuantityMention) -> bool:
    value, unit = expected
    if m.kind == "money":
        return unit == m.unit and _close(value, _value(m))
    if unit in ("percent", "percentage_point") or m.kind in ("percent", "count"):
        return unit == m.unit and _close(value, _value(m))
    if unit == "degree_Celsius" or unit == "degree_Fahrenheit":
        return unit == m.unit and _close(value, _value(m))
    f_exp, base_exp = _base(unit)
    f_got, base_got = _base(m.unit)
    return base_exp == base_got and _close(value * f_exp, _value(m) * f_got)


def _score(model: str, scope: str, cases: list[tuple[str, list, list[tuple[int, int]], list]]) -> dict:
    """``cases``: (text, expected (value, unit) list, out-of-scope spans, our mentions)."""
    tp = fp = fn = 0
    for _text, expected, ignored, mentions in cases:
        free = list(mentions)
        for exp in expected:
            hit = next((m for m in free if _same(exp, m)), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                free.remove(hit)
        fp += sum(1 for m in free if not any(m.start < e and s < m.end for s, e in ignored))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(model=model, cases=len(cases), tp=tp, fp=fp, fn=fn, precision=precision,
                recall=recall, f1=f1, scope=scope)


def _recognizers_cases(spec: Path, mapping, kinds: set[str]) -> list:
    """Cases of a NumberWithUnit spec: expected in-scope results, ignored spans, our mentions."""
    cases = []
    for case in _load(spec):
        expected, ignored = [], []
        for r in case["Results"]:
            res = r["Resolution"]
            target = mapping.get(res.get("unit"))
            if target is None or res.get("value") is None:
                ignored.append((r["Start"], r["End"] + 1))
            elif isinstance(target, tuple):
                expected.append((float(res["value"]) * target[1], target[0]))
            else:
                expected.append((float(res["value"]), target))
        if case["Results"] and not expected:
            continue
        mentions = [m for m in find_quantities(case["Input"]) if m.kind in kinds]
        cases.append((case["Input"], expected, ignored, mentions))
    return cases


def score_currency() -> dict:
    """Recognizers-Text English CurrencyModel."""
    cases = _recognizers_cases(RECOGNIZERS / "NumberWithUnit/English/CurrencyModel.json",
                               RECOGNIZERS_CURRENCIES, {"money"})
    scope = ("All cases except those whose expected currencies are all outside our lexicon "
             "(historic or rare: markka, peseta, guilder, unnamed franc, bitcoin, colón, lari, kip, "
             "Sri Lankan rupee, sen) or unvalued (a bare currency name); cents/pence scaled to "
             "USD/GBP; only money mentions count.")
    return _score("CurrencyModel", scope, cases)


def score_dimension() -> dict:
    """Recognizers-Text English DimensionModel."""
    cases = _recognizers_cases(RECOGNIZERS / "NumberWithUnit/English/DimensionModel.json",
                               RECOGNIZERS_DIMENSIONS, {"quantity"})
    # Temperatures and angles are Recognizers' TemperatureModel's and out of scope here.
    cases = [(text, expected, ignored, [m for m in mentions if m.unit not in _DEGREES])
             for text, expected, ignored, mentions in cases]
    scope = ("Cases with a unit of length, mass, volume, area, data or speed in our lexicon, plus "
             "negatives; angles, temperatures (Recognizers' TemperatureModel), kitchen measures and "
             "per-millisecond speeds are out of scope; single-letter symbols (m, t, in, pm) are not "
             "units for us by design, so those cases count as misses; only quantity mentions count.")
    return _score("DimensionModel", scope, cases)


def score_percent() -> dict:
    """Recognizers-Text English PercentModel."""
    cases = []
    for case in _load(RECOGNIZERS / "Number/English/PercentModel.json"):
        expected, ignored = [], []
        for r in case["Results"]:
            value = r["Resolution"].get("value")
            if value in (None, "null") or "of" in r["Text"].split():
                ignored.append((r["Start"], r["End"] + 1))
            else:
                expected.append((float(value.rstrip("%")), "percent"))
        if case["Results"] and not expected:
            continue
        mentions = [m for m in find_quantities(case["Input"]) if m.kind == "percent"]
        cases.append((case["Input"], expected, ignored, mentions))
    scope = ("Cases with a valued percentage written as number + % / percent / per cent, plus "
             "negatives (URLs); \"percent of 10\" and valueless mentions (\"a small percent\") are out "
             "of scope.")
    return _score("PercentModel", scope, cases)


def score_number() -> dict:
    """Recognizers-Text English NumberModel, scored with numbers.find_numbers (bare numbers)."""
    cases = []
    for case in _load(RECOGNIZERS / "Number/English/NumberModel.json"):
        if "NotSupported" in case or "NotSupportedByDesign" in case:
            continue
        results = case["Results"]
        if any(r["Resolution"].get("subtype") not in ("integer", "decimal") for r in results):
            continue
        if any(float(r["Resolution"]["value"]) < 0 for r in results):
            continue
        expected = [(float(r["Resolution"]["value"]), "number") for r in results]
        mentions = [
            QuantityMention(s, e, case["Input"][s:e], "count", v, v, "number", 0.0)
            for s, e, v in find_numbers(case["Input"])
        ]
        cases.append((case["Input"], expected, [], mentions))
    scope = ("Cases the upstream supports on every platform whose results are all non-negative "
             "integers or decimals (digits, separators, number words, scale words); fractions, "
             "powers, negatives and ordinals are out of scope.")
    return _score("NumberModel", scope, cases)


def score_quantulum() -> dict:
    """quantulum3's English quantities.json."""
    cases = []
    for case in _load(QUANTULUM):
        text = case["req"]
        expected, ignored = [], []
        for r in case["res"]:
            target = QUANTULUM_UNITS.get(r["unit"])
            if target is None:
                at = text.find(r["surface"])
                if at >= 0:
                    ignored.append((at, at + len(r["surface"])))
            elif isinstance(target, tuple):
                expected.append((float(r["value"]) * target[1], target[0]))
            else:
                expected.append((float(r["value"]), target))
        if case["res"] and not expected:
            continue
        mentions = [m for m in find_quantities(text) if m.kind != "count"]
        cases.append((text, expected, ignored, mentions))
    scope = ("Cases with a unit mapped to our lexicon (length, area, volume, mass, energy, "
             "frequency, data, speed, temperature, percent, money), plus negatives; bare numbers, "
             "time units (left to the time extractor), rates such as $/hour, and exotic units are "
             "out of scope; count mentions are not scored.")
    return _score("quantulum3 quantities.json", scope, cases)
