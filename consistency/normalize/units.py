"""Normalization of units and money: every value into one canonical unit per dimension.

Physical quantities go through one pint ``UnitRegistry`` (built lazily, once); each distinct
unit string costs one pint call, then its affine factor is cached. The factors of every unit
the extractor writes (data/units.toml) are computed by pint ahead of time into
data/unit_conversions.toml (``python -m consistency.normalize.conversions`` rewrites it; a test
checks it is current), so a run only builds the registry for a unit outside that table. Money is converted to USD
by plain arithmetic with the run's monthly rate table (``consistency.normalize.fx``, passed
in): rates change every month, so they are data, not pint definitions. The registry defines
``USD = [currency]`` only so that pint recognises a currency dimension.

Canonical units (labels): power W, energy Wh (not J), length m, mass kg, information B,
data rate B/s, area m2, volume L, speed m/s, time s, temperature degC, frequency Hz,
pressure Pa, force N, voltage V, current A, charge Ah, angle deg, rotation rpm, torque N*m
(kept apart from energy, which has the same dimension); money USD; counts keep their noun;
percent and percentage_point stay as they are, and so does an earthquake's magnitude, a
scale and not a unit. A rate ("$84 a barrel") is normalized as its amount, and its unit
is the amount's canonical unit over the denominator as written ("USD/barrel").
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from consistency.model import Interval
from consistency.normalize.fx import USD, FxTable, bundled_fx

PERCENT_UNITS = ("percent", "percentage_point")
# Hundredths of a percentage point, normalized to percentage points.
BASIS_POINT = "basis_point"

# Dimension name, canonical label, pint expression of the label, display scales (factor, label)
# from small to large for format_quantity.
_SI_UP = ((1.0, ""), (1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T"))
_DIMENSIONS: tuple[tuple[str, str, str, tuple[tuple[float, str], ...]], ...] = (
    ("power", "W", "watt", ((1e-3, "mW"),) + tuple((f, p + "W") for f, p in _SI_UP)),
    ("energy", "Wh", "watt_hour", tuple((f, p + "Wh") for f, p in _SI_UP)),
    ("length", "m", "meter", ((1e-9, "nm"), (1e-6, "µm"), (1e-3, "mm"), (1e-2, "cm"), (1.0, "m"), (1e3, "km"))),
    ("mass", "kg", "kilogram", ((1e-6, "mg"), (1e-3, "g"), (1.0, "kg"), (1e3, "t"), (1e6, "kt"), (1e9, "Mt"), (1e12, "Gt"))),
    ("information", "B", "byte", tuple((f, p + "B") for f, p in _SI_UP + ((1e15, "P"), (1e18, "E")))),
    ("data_rate", "B/s", "byte / second", tuple((f, p + "B/s") for f, p in _SI_UP)),
    ("area", "m2", "meter ** 2", ((1.0, "m²"), (1e6, "km²"))),
    ("volume", "L", "liter", ((1e-3, "mL"),) + tuple((f, p + "L") for f, p in _SI_UP)),
    ("speed", "m/s", "meter / second", ((1 / 3.6, "km/h"),)),  # news writes km/h (or mph, shown in km/h)
    ("time", "s", "second", ((1e-9, "ns"), (1e-6, "µs"), (1e-3, "ms"), (1.0, "s"), (60.0, "min"), (3600.0, "h"), (86400.0, "d"), (31557600.0, "yr"))),
    ("temperature", "degC", "degree_Celsius", ((1.0, "°C"),)),
    ("frequency", "Hz", "hertz", tuple((f, p + "Hz") for f, p in _SI_UP)),
    ("pressure", "Pa", "pascal", tuple((f, p + "Pa") for f, p in _SI_UP[:4])),
    ("force", "N", "newton", tuple((f, p + "N") for f, p in _SI_UP[:4])),
    ("voltage", "V", "volt", ((1e-3, "mV"),) + tuple((f, p + "V") for f, p in _SI_UP[:4])),
    ("current", "A", "ampere", ((1e-3, "mA"),) + tuple((f, p + "A") for f, p in _SI_UP[:3])),
    ("charge", "Ah", "ampere_hour", ((1e-3, "mAh"), (1.0, "Ah"))),
    ("angle", "deg", "degree", ((1.0, "°"),)),
    ("rotation", "rpm", "revolutions_per_minute", ((1.0, "rpm"),)),
)
# Torque has the dimension of energy; these units are torque, whatever pint says.
_TORQUE = ("torque", "N*m", "newton * meter", ((1.0, "N·m"), (1e3, "kN·m")))
_TORQUE_UNITS = frozenset({"newton * meter", "force_pound * foot"})
# Scales that are not units: kept as written, compared only with themselves.
SCALE_UNITS = {"magnitude": "magnitude"}
_LABEL_DIMENSION = {label: name for name, label, _, _ in _DIMENSIONS + (_TORQUE,)}
_DISPLAY_SCALES = {label: scales for _, label, _, scales in _DIMENSIONS + (_TORQUE,)}

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "KRW": "₩", "INR": "₹"}
_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women", "staff": "staff",
                      "foot": "feet", "tooth": "teeth", "mouse": "mice", "goose": "geese", "sheep": "sheep",
                      "deer": "deer", "fish": "fish", "personnel": "personnel", "crew": "crew"}
_POWER_NAME = re.compile(r"\b(square|cubic)_([a-z]\w*)")
CONVERSION_TABLE = "unit_conversions.toml"


@dataclass(frozen=True)
class Normalized:
    """A value in its canonical unit; ``rate`` is USD per unit of the original currency used."""

    value: Interval
    unit: str
    precision: float | None
    rate: float | None
    rate_month: str | None


@dataclass(frozen=True)
class _Conversion:
    """canonical = scale * original + offset (offset is non-zero only for temperatures)."""

    dimension: str
    label: str
    scale: float
    offset: float

    def apply(self, x: float) -> float:
        if self.offset == 0.0:
            return self.scale * x
        # Offset scales (degF -> degC) leave float noise such as 32 degF -> -3e-13 degC.
        return round(self.scale * x + self.offset, 9) + 0.0


# --- public API -------------------------------------------------------------------------


def normalize_value(
    lo: float, hi: float, precision: float | None, unit: str, kind: str, on: date | None, fx: FxTable
) -> Normalized | None:
    """``[lo, hi]`` in ``unit`` converted to the canonical unit of its kind; None if not convertible.

    Money is converted with ``fx`` at the monthly rate of ``on``; USD stays as it is, rate
    1.0. When no month's rate applies (no date, a date outside the table, a currency it
    lacks), the amount stays in its own currency, to be compared only with amounts in it.
    """
    if kind == "money":
        if unit == USD:
            return Normalized(Interval(lo, hi), USD, precision, 1.0, None)
        found = fx.rate(unit, on)
        if found is None:
            return Normalized(Interval(lo, hi), unit, precision, None, None)
        rate, month = found
        return Normalized(Interval(lo * rate, hi * rate), USD, _scaled(precision, rate), rate, month)
    if kind == "quantity":
        if unit in SCALE_UNITS:
            return Normalized(Interval(lo, hi), SCALE_UNITS[unit], precision, None, None)
        conversion = _conversion(unit)
        if conversion is None:
            return None
        value = Interval(conversion.apply(lo), conversion.apply(hi))
        return Normalized(value, conversion.label, _scaled(precision, conversion.scale), None, None)
    if kind == "count":
        return Normalized(Interval(lo, hi), unit, precision, None, None)
    if kind == "percent":
        if unit == BASIS_POINT:
            return Normalized(Interval(lo / 100, hi / 100), "percentage_point", _scaled(precision, 0.01), None, None)
        if unit not in PERCENT_UNITS:
            return None
        return Normalized(Interval(lo, hi), unit, precision, None, None)
    raise ValueError(f"unknown kind of value: {kind!r}")


def format_quantity(value: float, unit: str) -> str:
    """A canonical value as people write it: "1.4 GW", "$4.8 billion", "750,000 homes", "12%",
    "magnitude 6.1", "$84.3 per barrel"."""
    if unit in SCALE_UNITS:
        return f"{unit} {_number(value)}"
    amount, _, per = unit.partition("/")
    if per and amount and unit not in _DISPLAY_SCALES:  # "B/s" is a unit, "USD/barrel" a rate
        return f"{format_quantity(value, amount)} per {per.replace('_', ' ')}"
    if unit == "percent":
        return f"{_number(value)}%"
    if unit == "percentage_point":
        return f"{_number(value)} percentage point{'' if value == 1 else 's'}"
    if unit in _DISPLAY_SCALES:
        factor, label = _display_scale(value, _DISPLAY_SCALES[unit])
        return f"{_number(value / factor)} {label}"
    if _is_currency(unit):
        symbol = _CURRENCY_SYMBOLS.get(unit, unit + " ")
        sign = "-" if value < 0 else ""
        return f"{sign}{symbol}{_scaled_words(abs(value))}"
    return f"{_scaled_words(value)} {unit if value == 1 else plural(unit)}"


# --- pint ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _registry():
    """The one pint registry, with a [currency] dimension, and the canonical unit per root units."""
    import pint  # imported here: pint's import and registry build cost ~0.4 s

    registry = pint.UnitRegistry()
    registry.define("USD = [currency]")
    canonical = {}
    for name, label, expression, _ in _DIMENSIONS:
        root = registry.get_root_units(registry.parse_units(expression))[1]
        canonical[root] = (name, label, registry.parse_units(expression))
    canonical[registry.get_root_units(registry.parse_units(USD))[1]] = ("currency", USD, registry.parse_units(USD))
    return registry, canonical


def _parse_units(unit: str):
    """pint's Unit for a unit name or expression, or None if pint does not know it.

    Names pint lacks such as "square_kilometer" or "cubic_meter" are read as "kilometer ** 2".
    """
    registry, _ = _registry()
    for expression in dict.fromkeys((unit, _POWER_NAME.sub(_power_expression, unit))):
        try:
            return registry.parse_units(expression)
        # pint's parser raises many types on arbitrary strings (UndefinedUnitError, ValueError,
        # TokenError, AssertionError, ZeroDivisionError, ...): any of them means "not a unit".
        except Exception:  # noqa: BLE001
            continue
    return None


def _power_expression(match: re.Match[str]) -> str:
    return f"({match.group(2)} ** {2 if match.group(1) == 'square' else 3})"


@lru_cache(maxsize=4096)
def _conversion(unit: str) -> _Conversion | None:
    """How to bring ``unit`` to its canonical unit: from the precomputed table, else from pint."""
    table = _conversion_table()
    if unit in table:
        return table[unit]
    return pint_conversion(unit)


@lru_cache(maxsize=1)
def _conversion_table() -> dict[str, _Conversion | None]:
    """The precomputed conversions (None: pint knows the unit but it has no canonical unit)."""
    data = tomllib.loads(resources.files("consistency.data").joinpath(CONVERSION_TABLE).read_text(encoding="utf-8"))
    return {unit: _Conversion(**found) if found else None for unit, found in data["conversions"].items()}


def pint_conversion(unit: str) -> _Conversion | None:
    """How pint brings ``unit`` to its canonical unit, or None."""
    parsed = _parse_units(unit)
    if parsed is None:
        return None
    registry, canonical = _registry()
    if unit in _TORQUE_UNITS:
        name, label, expression, _ = _TORQUE
        target = name, label, registry.parse_units(expression)
    else:
        target = canonical.get(registry.get_root_units(parsed)[1])
    if target is None:
        return None
    name, label, target_unit = target
    at_zero = registry.Quantity(0.0, parsed).to(target_unit).magnitude
    at_one = registry.Quantity(1.0, parsed).to(target_unit).magnitude
    offset = _clean(at_zero)
    return _Conversion(name, label, _clean(at_one - at_zero), offset)


def _clean(x: float) -> float:
    """Drop float noise from pint's factor arithmetic (1000.0000000000002 -> 1000.0)."""
    return float(f"{x:.15g}")


def _scaled(precision: float | None, factor: float) -> float | None:
    return None if precision is None else precision * factor


def _is_currency(unit: str) -> bool:
    """A currency code of the bundled table (the extractor writes money in these and USD)."""
    return unit in _CURRENCY_SYMBOLS or unit in bundled_fx().rates


# --- formatting ---------------------------------------------------------------------------


def _display_scale(value: float, scales: tuple[tuple[float, str], ...]) -> tuple[float, str]:
    """The largest scale that keeps the shown number at or above 1 (after rounding)."""
    magnitude = abs(value)
    if magnitude == 0:
        return next((s for s in scales if s[0] == 1.0), scales[0])
    for factor, label in reversed(scales):
        if magnitude >= factor * 0.9995:
            return factor, label
    return scales[0]


def _scaled_words(value: float) -> str:
    """750000 -> "750,000"; 4.8e9 -> "4.8 billion"."""
    for factor, word in _SCALE_WORDS:
        if abs(value) >= factor * 0.9995:
            return f"{_number(value / factor)} {word}"
    return _number(value)


def _number(x: float) -> str:
    """Up to 3 decimals (3 significant digits below 1), trailing zeros trimmed, thousands commas.

    Below 0.0001 (no display scale fits) scientific notation: 4.45e-23.
    """
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude < 1e-4:
        return f"{x:.3g}"
    decimals = 3 if magnitude >= 1 else 2 - math.floor(math.log10(magnitude))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plural(noun: str) -> str:
    """English plural of a count noun: home -> homes, battery -> batteries, person -> people,
    aircraft -> aircraft, SUV -> SUVs."""
    if not noun or noun.isupper():
        return noun + "s"
    if noun.endswith("craft"):
        return noun
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    return noun + "s"
