"""`consistency claims` end to end through the CLI, on small corpora made in a temp dir."""
import csv
import io
import json
import os
from pathlib import Path

import pytest
from helpers import run_cli as run

ARTICLE_A = """---
title: Plant approved
date: 2025-03-10
---

# Plant approved

The 1.4-gigawatt plant will cost $4.8 billion and open in late 2027.
"""

ARTICLE_B = """---
title: Plant financed
date: 2025-11-02
---

The developer closed a €3.1 billion ($3.6 billion) loan and expects first power next year.
"""


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    return tmp_path


def claims_json(*args: str) -> dict:
    result = run("claims", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_claims_have_exact_values_and_locations(corpus):
    data = claims_json(str(corpus))
    assert data["schema"] == "consistency.claims/1"
    assert data["summary"]["documents"] == 2
    by_text = {c["text"]: c for c in data["claims"]}
    power = by_text["1.4-gigawatt"]
    assert (power["kind"], power["value"], power["unit"]) == ("quantity", [1.4e9, 1.4e9], "W")
    assert (power["line"], power["column"], power["end_column"]) == (8, 5, 17)
    assert power["time"] is None  # "late 2027" is when the plant opens, not a scope of its size
    assert power["modality"] == "planned"
    cost = by_text["$4.8 billion"]
    assert (cost["kind"], cost["value"], cost["unit"]) == ("money", [4.8e9, 4.8e9], "USD")
    late = by_text["late 2027"]
    assert (late["kind"], late["time"], late["time_grain"]) == ("date", ["2027-09-01", "2028-01-01"], "part")


def test_json_claims_are_one_line_unless_pretty(corpus):
    compact = run("claims", "--format", "json", str(corpus), "--no-cache").stdout
    pretty = run("claims", "--format", "json", str(corpus), "--no-cache", "--pretty").stdout
    data = json.loads(compact)
    assert compact == json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert pretty == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_stated_conversion_is_two_linked_claims(corpus):
    data = claims_json(str(corpus / "sub" / "b.md"))
    by_text = {c["text"]: c for c in data["claims"]}
    euros, dollars = by_text["€3.1 billion"], by_text["$3.6 billion"]
    assert euros["original"] == {"value": [3.1e9, 3.1e9], "unit": "EUR"}
    assert euros["converts_to"] == dollars["id"] and dollars["converts_to"] == euros["id"]
    assert euros["fx"]["month"] == "2025-11"


def test_relative_dates_resolve_against_publication_date_only(corpus, tmp_path):
    data = claims_json(str(corpus / "sub" / "b.md"))
    next_year = next(c for c in data["claims"] if c["text"] == "next year")
    assert next_year["time"] == ["2026-01-01", "2027-01-01"]
    undated = tmp_path / "undated.txt"
    undated.write_text("Undated\n\nFirst power is expected next year.\n", encoding="utf-8")
    claim = next(c for c in claims_json(str(undated))["claims"] if c["text"] == "next year")
    assert claim["time"] is None
    claim = next(c for c in claims_json(str(undated), "--reference-date", "2030-06-01")["claims"]
                 if c["text"] == "next year")
    assert claim["time"] == ["2031-01-01", "2032-01-01"]


def test_output_is_identical_whatever_the_order_of_paths_and_jobs(corpus):
    first = run("claims", "--format", "json", str(corpus / "a.md"), str(corpus / "sub"))
    second = run("claims", "--format", "json", "--jobs", "2", str(corpus / "sub"), str(corpus / "a.md"))
    assert first.stdout == second.stdout


def test_exclude_glob_and_csv(corpus):
    result = run("claims", "--format", "csv", "--exclude", "sub/**", str(corpus))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["path"].rsplit("/", 1)[-1] for r in rows} == {"a.md"}
    assert rows[0]["line"] == "8"


def test_text_output_names_document_and_understood_values(corpus):
    result = run("claims", str(corpus / "a.md"))
    assert result.exit_code == 0
    assert "Plant approved  (2025-03-10" in result.stdout
    assert "1.4 GW" in result.stdout
    assert "2027-09-01 to 2027-12-31" in result.stdout


def test_text_output_shows_both_sides_of_a_stated_conversion(corpus):
    lines = run("claims", str(corpus / "sub" / "b.md")).stdout.splitlines()
    euros = next(line for line in lines if "€3.1 billion" in line)
    assert euros.split()[:3] == ["6:24", "money", "€3.1"]
    assert euros.endswith("$3.584 billion (at 2025-11 rate); paired with $3.6 billion at 6:38")


def test_unreadable_inputs_are_reported_and_others_still_processed(corpus):
    (corpus / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (corpus / "empty.md").write_bytes(b"")
    result = run("claims", "--format", "json", str(corpus), str(corpus / "missing.md"))
    assert result.exit_code == 2
    assert "image.md" in result.stderr and "binary" in result.stderr
    assert "empty.md" in result.stderr and "missing.md" in result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["documents"] == 2
    assert len(data["summary"]["errors"]) == 3


def test_bad_reference_date_is_a_usage_error(corpus):
    result = run("claims", "--reference-date", "31/01/2026", str(corpus))
    assert result.exit_code == 2
    assert "--reference-date" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_output_file_is_written(corpus, tmp_path):
    target = tmp_path / "out" / "claims.json"
    result = run("claims", "--format", "json", "--output", str(target), str(corpus))
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["summary"]["documents"] == 2
    assert [p.name for p in target.parent.iterdir()] == ["claims.json"]


def test_output_to_a_device_writes_through_it(corpus):
    result = run("claims", str(corpus), "-o", "/dev/null")
    assert result.exit_code == 0
    assert Path("/dev/null").is_char_device()


def test_output_file_has_ordinary_permissions(corpus, tmp_path):
    target = tmp_path / "claims.json"
    assert run("claims", str(corpus), "--format", "json", "-o", str(target)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
