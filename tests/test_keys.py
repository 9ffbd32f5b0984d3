"""Cache keys come from what each stage reads: every settings field and every module counts."""
from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

from consistency.engine.keys import (CHECKER_VERSION, EXTRACTOR_VERSION, context_settings, document_key,
                                     extraction_key, imported_modules, link_key)
from consistency.model import Document, OffsetMap
from consistency.settings import Fact, FiscalYear, Override, Settings, Stage, Tolerance, stage_of

PACKAGE = Path(__file__).resolve().parent.parent / "consistency"
DOCUMENT = Document("a.md", 0, "A", "It raised $5bn in 2025.\n", OffsetMap(((0, 0),), (0,)))


def _changed(tmp_path: Path) -> dict[str, object]:
    """For every settings field given to Settings(), a value other than the default."""
    rates = tmp_path / "rates.csv"
    rates.write_text("month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n", encoding="utf-8")
    return {
        "include": ("*.md",), "exclude": ("drafts/**",), "reference_date": date(2020, 1, 1), "max_bytes": 5,
        "format_in": "text", "overrides": (Override(("old/**",), reference_date=date(2019, 1, 1)),),
        "fiscal_year_start": 4, "fiscal_year_named_by": "start", "fiscal_years": (FiscalYear("Northwind", 4),),
        "fx_table": str(rates), "aliases": (("Northwind", ("NWE",)),), "parser": "en_core_web_md",
        "tolerance": Tolerance(fx=0.2), "facts": (Fact("Northwind", "capacity", "1.2 GW", "filing"),),
        "select": ("CC101",), "ignore": ("CC102",), "severity": (("CC101", "info"),), "fail_on": "error",
        "reports": (("json", "out.json"),), "document_timeout": 5.0, "ignore_files": False,
        "follow_symlinks": True,
    }


def _keys(settings: Settings) -> dict[str, str]:
    extraction = extraction_key(settings)
    doc = document_key(DOCUMENT, extraction)
    return {"extraction": extraction, "link": link_key(doc, settings), "context": context_settings(settings)}


def test_every_settings_field_declares_its_stage(tmp_path: Path) -> None:
    given = {f.name for f in fields(Settings) if f.init}
    assert given == set(_changed(tmp_path)), "a new setting needs a value in _changed() and a stage"
    undeclared = [f.name for f in fields(Settings) if "stage" not in f.metadata]
    assert undeclared == []


def test_each_setting_changes_the_key_of_the_stage_that_reads_it(tmp_path: Path) -> None:
    base = _keys(Settings())
    wanted = {Stage.READ: {"context"}, Stage.EXTRACT: {"extraction", "link", "context"},
              Stage.LINK: {"link", "context"}, Stage.JUDGE: {"context"}, Stage.REPORT: set()}
    for name, value in _changed(tmp_path).items():
        got = _keys(replace(Settings(), **{name: value}))
        changed = {key for key in base if got[key] != base[key]}
        assert changed == wanted[stage_of(name)], name


def test_fx_table_content_keys_extraction(tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n", encoding="utf-8")
    before = extraction_key(Settings(fx_table=str(rates)))
    rates.write_text("month,currency,usd_per_unit,source\n2026-01,EUR,2.5,test\n", encoding="utf-8")
    assert extraction_key(Settings(fx_table=str(rates))) != before


def test_extractor_version_covers_the_modules_extraction_imports() -> None:
    extraction = {p.relative_to(PACKAGE).as_posix() for p in imported_modules(
        ["consistency.normalize.claims", "consistency.link.entities"])}
    assert {"extract/quantities.py", "extract/times.py", "normalize/units.py", "normalize/fx.py", "model.py",
            "settings.py", "link/entities.py"} <= extraction
    assert not any(p.startswith(("rules/", "engine/", "report/")) for p in extraction)
    assert "link/aliases.py" not in extraction
    assert EXTRACTOR_VERSION != CHECKER_VERSION


@pytest.mark.parametrize("source,module", [
    ("from consistency.extract import timewords as tw\n", "extract/timewords.py"),
    ("def f():\n    from consistency.normalize.units import (\n        normalize_value,\n    )\n",
     "normalize/units.py"),
    ("import consistency.link.lexicon\n", "link/lexicon.py"),
])
def test_imports_of_every_form_are_followed(tmp_path: Path, monkeypatch, source: str, module: str) -> None:
    root = tmp_path / "consistency"
    (root / "probe.py").parent.mkdir()
    (root / "probe.py").write_text(source, encoding="utf-8")
    target = root / module
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("", encoding="utf-8")
    monkeypatch.setattr("consistency.engine.keys._PACKAGE", root)
    assert [p.relative_to(root).as_posix() for p in imported_modules(["consistency.probe"])] == sorted(
        ["probe.py", module])
