"""Regular-expression safety: every extractor pattern on 1 MB adversarial inputs runs in linear time,
and numeric edge cases give finite JSON. The audit is in docs/robustness.md."""
from __future__ import annotations

import gc
import json
import math
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from consistency import cli
from consistency.extract.numbers import find_numbers
from consistency.extract.quantities import find_quantities
from consistency.extract.sentences import sentence_bounds
from consistency.extract.times import find_times
from consistency.link.entities import find_entities

MB = 1_000_000
# The densest input (mixed: 30,000 time mentions) takes ~3 s alone, ~4.5 s in a loaded full run: work,
# not backtracking; the 4x-input ratio check below is what catches super-linear patterns, so the
# absolute limit leaves room for a busy CI machine.
LIMIT_SECONDS = 15.0
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
}
EXTRACTORS = {
    "find_numbers": find_numbers,
    "find_quantities": find_quantities,
    "find_times": lambda text: find_times(text, date(2025, 6, 15), 1),
    "sentence_bounds": sentence_bounds,
    "find_entities": find_entities,
}
TIMINGS: dict[str, float] = {}


def _seconds(extractor: str, unit: str, size: int) -> float:
    """Time of one run, without the cyclic garbage collector: a collection of the test
    session's heap landing in one of the two timed runs is not the extractor's cost."""
    text = (unit * (size // len(unit) + 1))[:size]
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        EXTRACTORS[extractor](text)
        return time.perf_counter() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize("run", sorted(RUNS))
def test_one_megabyte_adversarial_input_is_linear(extractor: str, run: str) -> None:
    find_numbers("warm up 1")  # lazily built tables are not part of the measurement
    elapsed = _seconds(extractor, RUNS[run], MB)
    TIMINGS[f"{extractor}/{run}"] = elapsed
    assert elapsed < LIMIT_SECONDS, f"{extractor} on 1 MB of {RUNS[run]!r}: {elapsed:.2f}s"
    if elapsed > 1.0:  # slow enough to tell: 4x the input must cost well under 16x (quadratic)
        quarter = _seconds(extractor, RUNS[run], MB // 4)
        assert elapsed < 6 * quarter + 0.2, f"{extractor} on {RUNS[run]!r}: {quarter:.2f}s -> {elapsed:.2f}s"


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
    result = CliRunner().invoke(cli.main, ["claims", str(tmp_path / "edge.txt"), "--isolated", "--format", "json",
                                           "--reference-date", "2025-06-15", "-j", "1"])
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


def test_report_max_timing() -> None:
    """Not an assertion of its own: prints the slowest case (pytest -s) for docs/robustness.md."""
    if TIMINGS:
        worst = max(TIMINGS, key=TIMINGS.__getitem__)
        print(f"\nslowest 1 MB case: {worst} {TIMINGS[worst]:.2f}s")
