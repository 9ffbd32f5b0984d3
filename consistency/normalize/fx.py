"""Exchange rates as a value: the monthly USD rates a run converts money with.

The bundled table ``consistency/data/fx_usd_monthly.csv`` (see ``FX_SOURCES.md``) is the
default; a project may give its own CSV, whose currencies replace the bundled ones. Like
pint's contexts, the table is passed explicitly (``Settings.fx``) to every stage and
worker that converts money: nothing here is process-global state.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

USD = "USD"
FX_COLUMNS = ("month", "currency", "usd_per_unit", "source")
BUNDLED = "bundled"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_CODE = re.compile(r"[A-Z]{3}")

Rates = dict[str, dict[str, float]]


@dataclass(frozen=True, eq=False)
class FxTable:
    """Monthly rates {currency: {"YYYY-MM": USD per unit}}, both levels sorted: the bundled
    table's, with the currencies of ``own`` (a project's CSV) replacing its own.

    ``source`` says where they come from ("bundled", or the CSV's path over the bundled
    table); ``digest`` is a hash of the bundled file and ``own``, which cache keys use. The
    bundled file is parsed on first use of a rate: a re-check that converts no money never
    reads it. Two tables are equal when their digests are."""

    own: Rates
    source: str
    digest: str
    _memo: dict[tuple[str, str | None], tuple[float, str]] = field(default_factory=dict, repr=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FxTable) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"FxTable(source={self.source!r}, digest={self.digest!r})"

    def __getstate__(self) -> dict:
        return {"own": self.own, "source": self.source, "digest": self.digest}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_memo", {})

    @cached_property
    def rates(self) -> Rates:
        merged = {**_bundled_rates(), **self.own}
        return {currency: merged[currency] for currency in sorted(merged)}

    def rate(self, currency: str, on: date | None) -> tuple[float, str] | None:
        """(USD per unit of ``currency``, "YYYY-MM" of the rate used) for the month of ``on``.

        None when no month's rate applies: no date, a month before the currency's first rate
        or after the table's last (rates are never extrapolated), or a currency the table
        does not know. A month missing inside a currency's range uses its nearest month."""
        if on is None:
            return None
        month = month_key(on)
        if currency == USD:
            return 1.0, month
        months = self._months.get(currency)
        if months is None or not months[0] <= month <= months[-1]:
            return None
        memo = (currency, month)
        if memo not in self._memo:
            self._memo[memo] = self._nearest(currency, month)
        return self._memo[memo]

    def rate_range(self, currency: str) -> tuple[float, float] | None:
        """The lowest and highest USD per unit of ``currency`` in any month of the table."""
        rates = self.rates.get(currency)
        return (min(rates.values()), max(rates.values())) if rates else None

    @cached_property
    def _months(self) -> dict[str, tuple[str, ...]]:
        return {currency: tuple(rates) for currency, rates in self.rates.items()}

    def _nearest(self, currency: str, month: str) -> tuple[float, str]:
        """The rate of ``month``, or of the nearest month the table has (inside its range)."""
        rates, months = self.rates[currency], self._months[currency]
        if month in rates:
            return rates[month], month
        i = bisect_left(months, month)
        before, after = months[i - 1], months[i]  # a gap: the nearer neighbour, the earlier on a tie
        used = before if _month_gap(before, month) <= _month_gap(month, after) else after
        return rates[used], used


_BUNDLED_FILE = "fx_usd_monthly.csv"


def _bundled_bytes() -> bytes:
    return resources.files("consistency.data").joinpath(_BUNDLED_FILE).read_bytes()


@lru_cache(maxsize=1)
def _bundled_rates() -> Rates:
    """The bundled file's rates, read without the row checks a project's CSV gets (a test
    keeps the bundled file valid and this reading equal to ``parse_fx_csv``'s): a re-check
    that converts money reads it, and the checks cost four times the reading."""
    table: Rates = {}
    for line in _bundled_bytes().decode("utf-8").splitlines()[1:]:
        if line:
            month, currency, rate = line.split(",", 3)[:3]
            table.setdefault(currency, {})[month] = float(rate)
    return {currency: dict(sorted(table[currency].items())) for currency in sorted(table)}


@lru_cache(maxsize=1)
def bundled_fx() -> FxTable:
    """The bundled table, once per process (its rates parsed on first use)."""
    return FxTable({}, BUNDLED, hashlib.sha256(_bundled_bytes()).hexdigest()[:16])


def load_fx(path: str | Path) -> FxTable:
    """The bundled table with the currencies of the CSV at ``path`` replacing its own.

    Raises ValueError naming the file and line of the first bad row, OSError when the file
    cannot be read."""
    own = parse_fx_csv(Path(path).read_bytes(), str(path))
    digest = hashlib.sha256(f"{bundled_fx().digest}\0{sorted((c, tuple(m.items())) for c, m in own.items())!r}"
                            .encode()).hexdigest()
    return FxTable(own, str(path), digest[:16])


def parse_fx_csv(data: bytes, name: str) -> Rates:
    """Rates from CSV bytes (columns month,currency,usd_per_unit,source), both levels
    sorted. Raises ValueError naming ``name`` and the line of the first bad row."""
    try:
        text = data.decode("utf-8-sig")  # -sig: tolerate a spreadsheet BOM
    except UnicodeDecodeError as error:
        raise ValueError(f"{name}: not UTF-8 text ({error.reason})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != FX_COLUMNS:
        raise ValueError(f"{name}:1: header must be {','.join(FX_COLUMNS)}")
    table: Rates = {}
    for row in reader:
        if not row:
            continue
        where = f"{name}:{reader.line_num}"
        month, currency, rate = _fx_row(row, where)
        rates = table.setdefault(currency, {})
        if month in rates:
            raise ValueError(f"{where}: duplicate rate for {currency} {month}")
        rates[month] = rate
    if not table:
        raise ValueError(f"{name}: no rates")
    return {c: dict(sorted(table[c].items())) for c in sorted(table)}


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_gap(earlier: str, later: str) -> int:
    return (int(later[:4]) - int(earlier[:4])) * 12 + int(later[5:7]) - int(earlier[5:7])


def _fx_row(row: list[str], where: str) -> tuple[str, str, float]:
    """Validate one CSV row: (month, currency, usd_per_unit)."""
    if len(row) != len(FX_COLUMNS):
        raise ValueError(f"{where}: expected {len(FX_COLUMNS)} columns, found {len(row)}")
    month, currency, raw_rate = (cell.strip() for cell in row[:3])
    if not _MONTH.fullmatch(month):
        raise ValueError(f"{where}: month {month!r} is not YYYY-MM")
    if not _CODE.fullmatch(currency):
        raise ValueError(f"{where}: currency {currency!r} is not an ISO 4217 code")
    try:
        rate = float(raw_rate)
    except ValueError:
        raise ValueError(f"{where}: usd_per_unit {raw_rate!r} is not a number") from None
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{where}: usd_per_unit {raw_rate!r} must be a positive number")
    return month, currency, rate
