"""Units and money normalization: exact conversions, the bundled FX table, human formatting."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from importlib import resources

import pytest

from consistency.model import Interval
from consistency.normalize.conversions import conversion_table_text
from consistency.normalize.fx import bundled_fx, load_fx, parse_fx_csv
from consistency.normalize.units import CONVERSION_TABLE, Normalized, format_quantity
from consistency.normalize.units import normalize_value as normalize_with


def normalize_value(lo, hi, precision, unit, kind, on):
    """``normalize_value`` with the bundled FX table."""
    return normalize_with(lo, hi, precision, unit, kind, on, bundled_fx())


def fx_rate(currency, on):
    return bundled_fx().rate(currency, on)

REQUIRED_CURRENCIES = ("AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "INR", "JPY", "KRW")
ALL_MONTHS = [f"{y}-{m:02d}" for y in range(1999, 2027) for m in range(1, 13) if (y, m) <= (2026, 10)]
# Currencies the ECB began to quote after 1999-01, with their first month.
LATER_STARTS = {"BRL": "2008-01", "CNY": "2005-04", "IDR": "2005-04", "ILS": "2011-01", "INR": "2009-01",
                "MXN": "2008-01", "MYR": "2005-04", "PHP": "2005-04", "RON": "2005-07", "THB": "2005-04",
                "TRY": "2005-01"}


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, float]]:
    data = resources.files("consistency.data").joinpath("fx_usd_monthly.csv").read_bytes()
    return parse_fx_csv(data, "fx_usd_monthly.csv")


# (value, precision, unit written) -> (value, precision, canonical unit)
QUANTITIES = [
    ((1.4, 0.05, "gigawatt"), (1.4e9, 5e7, "W")),
    ((1.0, None, "gigawatt_hour"), (1e9, None, "Wh")),
    ((1.0, 0.5, "megawatt_hour"), (1e6, 5e5, "Wh")),
    ((2.0, 0.5, "nanometer"), (2e-9, 5e-10, "m")),
    ((5.0, 0.5, "metric_ton"), (5000.0, 500.0, "kg")),
    ((3.0, 0.5, "kilometer"), (3000.0, 500.0, "m")),
    ((1.0, None, "mile"), (1609.344, None, "m")),
    ((2.0, 0.5, "terabyte"), (2e12, 5e11, "B")),
    ((1.0, None, "gigabit / second"), (1.25e8, None, "B/s")),
    ((3.0, None, "liter"), (3.0, None, "L")),
    ((2.0, None, "square_kilometer"), (2e6, None, "m2")),
    ((1.0, None, "cubic_meter"), (1000.0, None, "L")),
    ((1.0, None, "square_mile"), (2589988.110336, None, "m2")),
    ((36.0, None, "kilometer / hour"), (10.0, None, "m/s")),
    ((2.0, None, "hour"), (7200.0, None, "s")),
    ((5.0, None, "gigahertz"), (5e9, None, "Hz")),
    ((212.0, 0.5, "degree_Fahrenheit"), (100.0, 0.5 * 5 / 9, "degC")),
    ((300.0, None, "kelvin"), (26.85, None, "degC")),
]


@pytest.mark.parametrize(("written", "expected"), QUANTITIES, ids=[q[0][2] for q in QUANTITIES])
def test_quantity_conversion(written, expected):
    value, precision, unit = written
    want_value, want_precision, want_unit = expected
    got = normalize_value(value, value, precision, unit, "quantity", None)
    assert got is not None
    assert got.unit == want_unit
    assert got.value.lo == pytest.approx(want_value, rel=1e-12)
    assert got.value.hi == got.value.lo
    assert got.rate is None and got.rate_month is None
    if want_precision is None:
        assert got.precision is None
    else:
        assert got.precision == pytest.approx(want_precision, rel=1e-12)


def test_exact_factors_have_no_float_noise():
    assert normalize_value(1.4, 1.4, 0.05, "gigawatt", "quantity", None) == Normalized(
        Interval(1.4e9, 1.4e9), "W", 5e7, None, None
    )
    assert normalize_value(1, 1, None, "gigawatt_hour", "quantity", None).value == Interval(1e9, 1e9)
    assert normalize_value(2, 2, None, "nanometer", "quantity", None).value == Interval(2e-9, 2e-9)
    assert normalize_value(5, 5, None, "metric_ton", "quantity", None).value == Interval(5000.0, 5000.0)
    assert normalize_value(32, 32, None, "degree_Fahrenheit", "quantity", None).value == Interval(0.0, 0.0)


def test_range_keeps_both_ends():
    got = normalize_value(1.2, 1.5, 0.05, "gigawatt", "quantity", None)
    assert got.value == Interval(1.2e9, 1.5e9)


@pytest.mark.parametrize("unit", ["home", "percent", "", "2 meter", "meter**", "(", "dimensionless", "steradian"])
def test_unknown_or_dimensionless_unit_is_not_a_quantity(unit):
    assert normalize_value(1.0, 1.0, None, unit, "quantity", None) is None


def test_money_at_a_date_uses_that_months_rate(table):
    got = normalize_value(1e12, 1e12, 5e9, "JPY", "money", date(2024, 3, 20))
    rate = table["JPY"]["2024-03"]
    assert 0.005 <= rate <= 0.01
    assert got == Normalized(Interval(1e12 * rate, 1e12 * rate), "USD", 5e9 * rate, rate, "2024-03")


def test_usd_is_not_converted():
    assert normalize_value(6.34e9, 6.34e9, 5e6, "USD", "money", date(2024, 3, 1)) == Normalized(
        Interval(6.34e9, 6.34e9), "USD", 5e6, 1.0, None
    )


def test_money_without_date_stays_in_its_currency():
    """No date, no month's rate: today's rate would be a guess, so the amount keeps its currency."""
    assert normalize_value(2e9, 2e9, 5e7, "EUR", "money", None) == Normalized(
        Interval(2e9, 2e9), "EUR", 5e7, None, None)


def test_dates_outside_the_table_get_no_rate(table):
    """Rates are never extrapolated: before a currency's first month or after the table's last."""
    assert fx_rate("GBP", date(1999, 1, 4)) == (table["GBP"]["1999-01"], "1999-01")
    assert fx_rate("GBP", date(1998, 12, 31)) is None
    assert fx_rate("GBP", date(2040, 1, 1)) is None
    assert fx_rate("BRL", date(2007, 12, 15)) is None   # the ECB quotes the real from 2008-01
    assert fx_rate("BRL", date(2008, 1, 15)) == (table["BRL"]["2008-01"], "2008-01")
    assert normalize_value(3e6, 3e6, None, "GBP", "money", date(1998, 6, 1)) == Normalized(
        Interval(3e6, 3e6), "GBP", None, None, None)


def test_a_rate_from_2001():
    """The table reaches back to the euro's start: in 2001 a euro was worth about 90 cents."""
    rate, month = fx_rate("EUR", date(2001, 6, 20))
    assert month == "2001-06" and 0.85 <= rate <= 0.86


def test_unknown_currency():
    assert normalize_value(1.0, 1.0, None, "XYZ", "money", date(2024, 1, 1)) == Normalized(
        Interval(1.0, 1.0), "XYZ", None, None, None)
    assert fx_rate("XYZ", date(2024, 1, 1)) is None


def test_rate_sanity(table):
    for month in ALL_MONTHS:
        assert 0.8 <= table["EUR"][month] <= 1.6, month
        assert 0.006 <= table["JPY"][month] <= 0.0135, month
        assert 1.0 <= table["GBP"][month] <= 2.1, month


def test_table_covers_every_currency_every_month_from_its_first(table):
    assert set(REQUIRED_CURRENCIES) <= set(table)
    for currency, rates in table.items():
        first = LATER_STARTS.get(currency, "1999-01")
        missing = [m for m in ALL_MONTHS if m >= first and m not in rates]
        assert not missing, (currency, missing[:5])
        assert min(rates) == first, currency


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.4e9, "W", "1.4 GW"),
        (1e6, "Wh", "1 MWh"),
        (2e-9, "m", "2 nm"),
        (5000.0, "kg", "5 t"),
        (0.5, "W", "500 mW"),
        (0.0, "W", "0 W"),
        (999.9999, "W", "1 kW"),
        (4.8e9, "USD", "$4.8 billion"),
        (6.34e9, "USD", "$6.34 billion"),
        (1e12, "JPY", "¥1 trillion"),
        (3.1e9, "EUR", "€3.1 billion"),
        (750.0, "USD", "$750"),
        (2e9, "CAD", "CAD 2 billion"),
        (750000, "home", "750,000 homes"),
        (5e6, "home", "5 million homes"),
        (1, "home", "1 home"),
        (3, "battery", "3 batteries"),
        (12, "percent", "12%"),
        (12.5, "percent", "12.5%"),
        (3, "percentage_point", "3 percentage points"),
        (1, "percentage_point", "1 percentage point"),
        (1.23456, "percent", "1.235%"),
        (0.000123, "percent", "0.000123%"),
        (4.45049e-23, "Wh", "4.45e-23 Wh"),
        (1e6, "m2", "1 km²"),
        (25, "degC", "25 °C"),
    ],
)
def test_format_quantity(value, unit, text):
    assert format_quantity(value, unit) == text


def test_conversion_table_is_what_pint_computes_now():
    """data/unit_conversions.toml is current: `python -m consistency.normalize.conversions` rewrites it."""
    written = (resources.files("consistency.data") / CONVERSION_TABLE).read_text(encoding="utf-8")
    assert written == conversion_table_text()


def test_units_of_the_table_are_normalized_without_building_pint():
    script = ("import sys; from consistency.normalize.units import normalize_value; "
              "from consistency.normalize.fx import bundled_fx; "
              "n = normalize_value(1.2, 1.2, 0.05, 'gigawatt', 'quantity', None, bundled_fx()); "
              "print(n.value.lo, n.unit, 'pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1200000000.0", "W", "False"]


def test_counts_and_percents_pass_through():
    assert normalize_value(750000, 750000, 500, "home", "count", None) == Normalized(
        Interval(750000, 750000), "home", 500, None, None
    )
    assert normalize_value(12, 12, 0.5, "percent", "percent", None).unit == "percent"
    assert normalize_value(12, 12, 0.5, "home", "percent", None) is None


GOOD_HEADER = "month,currency,usd_per_unit,source\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("2024-01,EUR,1.09,x\n2024-13,EUR,1.08,x\n", 3, "not YYYY-MM"),
        ("2024-01,EUR,1.09,x\n2024-02,euro,1.08,x\n", 3, "ISO 4217"),
        ("2024-01,EUR,abc,x\n", 2, "not a number"),
        ("2024-01,EUR,-1,x\n", 2, "positive"),
        ("2024-01,EUR,1.09\n", 2, "columns"),
        ("2024-01,EUR,1.09,x\n2024-01,EUR,1.10,x\n", 3, "duplicate"),
    ],
)
def test_load_fx_table_names_bad_line(tmp_path, body, line, message):
    path = tmp_path / "rates.csv"
    path.write_text(GOOD_HEADER + body, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as error:
        load_fx(path)
    assert str(error.value).startswith(f"{path}:{line}:")


def test_load_fx_table_rejects_bad_header(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("date,code,rate\n2024-01,EUR,1.09\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{path}:1: header"):
        load_fx(path)


def test_load_fx_table_sorted(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(GOOD_HEADER + "2024-02,JPY,0.0067,a\n2024-01,EUR,1.09,b\n2024-01,JPY,0.0068,c\n", encoding="utf-8")
    assert parse_fx_csv(path.read_bytes(), "rates.csv") == {"EUR": {"2024-01": 1.09},
                                                             "JPY": {"2024-01": 0.0068, "2024-02": 0.0067}}
    assert list(load_fx(path).rates["JPY"]) == ["2024-01", "2024-02"]
    assert load_fx(path).rates["GBP"] == bundled_fx().rates["GBP"]  # currencies it does not give stay bundled


def test_the_bundled_table_is_valid_and_read_as_a_projects_table_would_be():
    from consistency.normalize.fx import _bundled_bytes, _bundled_rates

    assert _bundled_rates() == parse_fx_csv(_bundled_bytes(), "fx_usd_monthly.csv")
    assert list(_bundled_rates()["EUR"])[:2] == ["1999-01", "1999-02"]
