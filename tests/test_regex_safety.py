"""Regular-expression safety: every extractor pattern runs in linear time on long adversarial
inputs, and numeric edge cases give finite JSON. The audit is in docs/robustness.md.

Linear time is checked without the wall clock: the CPU time of one input is compared with that
of an input eight times smaller, both measured in the same run (``helpers.cpu_costs``). Linear
work grows about 8x, quadratic work 64x, catastrophic backtracking far more; the bound of 24x
leaves room for a busy machine. ``make test`` checks 32 kB inputs (against 4 kB); the stress
tier (``make test-all``) checks 1 MB inputs (against 125 kB)."""
from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pytest

from consistency.extract.numbers import find_numbers
from consistency.extract.quantities import find_quantities
from consistency.extract.sentences import sentence_bounds
from consistency.extract.times import find_times
from consistency.link.entities import find_entities
from helpers import cpu_costs, run_cli

MB = 1_000_000
FACTOR = 8  # the larger input is FACTOR times the smaller one
GROWTH_BOUND = 24  # linear ~8x, quadratic ~64x
SLACK = 0.001  # CPU seconds: timer noise on inputs that take microseconds
SIZES = [pytest.param(32_000, id="32kB"), pytest.param(MB, id="1MB", marks=pytest.mark.stress)]
RUNS = {
    "digits": "7",
    "one-comma": "1,",
    "one-dot": "1.",
    "spaces": " ",
    "months": "May ",
    "currency": "$",
    "dashes": "-",
    "to-ranges": "10-to-",
    "money-separators": "$1,000,000,000,",
    "capitals": "Acme ",
    "dots": ". ",
    "newlines": "\n",
    "mixed": "$1.2 billion-to-3 GW May 2025 Q3 ",
    "no-break-groups": "1\u00a0000\u00a0",
    "plural-nouns": "7 league goals ",
    "hyphen-nouns": "5-storey ",
    "vague": "hundreds of ",
    "magnitudes": "magnitude 5.",
    "ages": ", 42,",
    "after-nouns": "a workforce of about ",
    "rates": "$5 a barrel a ",
    "partitives": "nine of 11 points ",
    "cents": "2 euros, 5 cents ",
    "weekdays": "Friday ",
    "tense": "was ",
}
EXTRACTORS = {
    "find_numbers": find_numbers,
    "find_quantities": find_quantities,
    "find_times": lambda text: find_times(text, date(2025, 6, 15), 1),
    "sentence_bounds": sentence_bounds,
    "find_entities": find_entities,
}
COSTS: dict[str, tuple[float, float]] = {}


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _linear(cheap: float, costly: float) -> bool:
    return costly < GROWTH_BOUND * cheap + SLACK


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize("run", sorted(RUNS))
def test_adversarial_input_is_linear(extractor: str, run: str, size: int) -> None:
    find_numbers("warm up 1")  # lazily built tables are not part of the measurement
    unit = RUNS[run]
    cheap, costly = cpu_costs(EXTRACTORS[extractor], [_text(unit, size // FACTOR), _text(unit, size)])
    COSTS[f"{extractor} on {size:,} characters of {unit!r}"] = (cheap, costly)
    assert _linear(cheap, costly), (f"{extractor} on {size // FACTOR:,} then {size:,} characters of {unit!r}: "
                                    f"{cheap:.4f} -> {costly:.4f} CPU s, {costly / max(cheap, 1e-9):.0f}x")


# text, what the claims JSON holds for it (text, kind, value, unit), or None: no claim
EDGE_CASES = [
    ("The fund holds $1e308.", []),  # exponent notation is not read
    ("Prices rose 1e308%.", []),
    ("It is worth 179,769,313,486,231,570 trillion dollars.",
     [("179,769,313,486,231,570 trillion dollars", "money", [1.7976931348623157e29, 1.7976931348623157e29], "USD")]),
    ("It is worth $" + "9" * 400 + ".", []),  # over 40 digits: not a figure (float would be inf)
    ("Output was 0.000 GW.", [("0.000 GW", "quantity", [0.0, 0.0], "W")]),
    ("The firm reported a loss of $2 billion.", [("$2 billion", "money", [2e9, 2e9], "USD")]),  # no sign
    ("Sales fell -5% in May.", [("-5%", "percent", [-5.0, -5.0], "percent")]),
    ("The site spans 10 zettawatts and 5 yottagrams.", []),  # unknown units: no claim
]


def _claims(tmp_path: Path, text: str) -> list[dict]:
    (tmp_path / "edge.txt").write_text(text + "\n", encoding="utf-8")
    result = run_cli("claims", str(tmp_path / "edge.txt"), "--isolated", "--format", "json",
                     "--reference-date", "2025-06-15", "-j", "1", catch_exceptions=True)
    assert result.exit_code == 0, (result.stderr, result.exception)
    data = json.loads(result.stdout)
    json.dumps(data, allow_nan=False)  # no inf or NaN anywhere
    return data["claims"]


@pytest.mark.parametrize("text,expected", EDGE_CASES, ids=[t[:40] for t, _ in EDGE_CASES])
def test_numeric_edge_cases(tmp_path: Path, text: str, expected: list) -> None:
    claims = _claims(tmp_path, text)
    for claim in claims:
        for value in (claim.get("value") or []):
            assert value is None or math.isfinite(value)
    got = [(c["text"], c["kind"], c["value"], c["unit"]) for c in claims if c["kind"] != "date"]
    assert got == expected


def test_a_quadratic_pattern_fails_the_growth_bound() -> None:
    """The measure tells: a pattern that rescans the rest of the input from every position
    (quadratic) grows far beyond the bound, on inputs small enough to take milliseconds.
    With ``pytest -s``, prints the costliest extractor case measured in this run."""
    rescan = re.compile(r"\d+x")
    cheap, costly = cpu_costs(rescan.findall, ["7" * 500, "7" * (500 * FACTOR)])
    assert not _linear(cheap, costly), f"{cheap:.5f} -> {costly:.5f} CPU s"
    assert costly > 40 * cheap
    if COSTS:
        worst = max(COSTS, key=lambda case: COSTS[case][1])
        print(f"\ncostliest case: {worst}: {COSTS[worst][1]:.2f} CPU s ({COSTS[worst][0]:.3f} at 1/{FACTOR})")
