"""Time scopes attached to figures, and the FX date they imply (cases in tests/cases/claim_scopes.yaml)."""
from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency import extract

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "claim_scopes.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_scope(case):
    published = case.get("published")
    claims = {c.text: c for c in extract(case["text"], published=published)}
    for surface, expected in case["expect"].items():
        claim = claims[surface]
        assert (claim.time.as_list() if claim.time else None) == expected, surface


def test_money_in_a_past_scope_is_converted_at_that_scope_rate():
    claims = {c.text: c for c in extract("Its 2019 revenue was ¥2 trillion.", published=date(2025, 6, 1))}
    assert claims["¥2 trillion"].fx_month == "2019-01"


def test_money_with_a_future_scope_is_converted_at_publication():
    claims = {c.text: c for c in extract("It will spend €1 billion in 2030.", published=date(2025, 6, 1))}
    assert claims["€1 billion"].fx_month == "2025-06"
