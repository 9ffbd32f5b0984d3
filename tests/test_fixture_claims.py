"""The bundled fixtures' claims, checked by hand once and locked here (tests/cases/fixture_claims.yaml)."""
from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency import extract_paths
from consistency.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "fixture_claims.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first_claims(monkeypatch_module_cwd):
    _, claims, errors = extract_paths(["fixtures"], Settings(reference_date=date(2025, 11, 25)))
    assert errors == []
    first = {}
    for claim in claims:
        first.setdefault((claim.location.path, claim.text), claim)
    return first


@pytest.fixture(scope="module")
def monkeypatch_module_cwd():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        yield


@pytest.mark.parametrize("case", CASES, ids=[f"{Path(c['path']).name}:{c['line']}:{c['text']!r}" for c in CASES])
def test_fixture_claim(case, first_claims):
    claim = first_claims[(case["path"], case["text"])]
    assert (claim.location.line, claim.location.column) == (case["line"], case["column"])
    assert claim.kind == case["kind"]
    if case["value"] is None:
        assert claim.value is None
    else:
        for got, expected in zip(claim.value.as_list(), case["value"]):
            assert got == (None if expected is None else pytest.approx(expected, rel=1e-9))
    assert claim.unit == case["unit"]
    assert (claim.time.as_list() if claim.time else None) == case["time"]
    assert claim.qualifier == case["qualifier"]
    assert claim.modality == case["modality"]
    if "fx_month" in case:
        assert claim.fx_month == case["fx_month"]
    assert (claim.converts_to is not None) == case.get("linked", False)
