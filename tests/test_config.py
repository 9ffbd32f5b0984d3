"""The configuration file: discovery, validation messages, layering, the template, FX override."""
from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

import consistency
from consistency.config import (ConfigError, Config, discover, effective_config_text, load_config, settings_from,
                                template_text)
from consistency.engine import check_corpus
from consistency.engine.store import ClaimStore
from consistency.model import Finding, Location, Subject
from consistency.normalize import units
from consistency.normalize.fx import bundled_fx
from consistency.rules import ALL_RULES
from consistency.rules.overrides import apply_overrides
from consistency.settings import Fact, FiscalYear, Override, Settings, Tolerance
from helpers import write_file as _write


# --- discovery -------------------------------------------------------------------------------


def test_discover_walks_upward_and_prefers_dot_file(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert discover(deep) is None or not str(discover(deep)).startswith(str(tmp_path))
    _write(tmp_path / "consistency.toml", "")
    assert discover(deep) == tmp_path / "consistency.toml"
    _write(tmp_path / ".consistency.toml", "")
    assert discover(deep) == tmp_path / ".consistency.toml"
    _write(tmp_path / "a" / "consistency.toml", "")
    assert discover(deep) == tmp_path / "a" / "consistency.toml"


def test_discover_pyproject_only_with_tool_table(tmp_path: Path) -> None:
    deep = tmp_path / "repo" / "docs"
    deep.mkdir(parents=True)
    _write(tmp_path / "consistency.toml", "")
    _write(tmp_path / "repo" / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert discover(deep) == tmp_path / "consistency.toml"
    _write(tmp_path / "repo" / "pyproject.toml", "[tool.ruff]\nx = 1\n\n[tool.consistency]\nfail_on = \"error\"\n")
    assert discover(deep) == tmp_path / "repo" / "pyproject.toml"
    config = load_config(tmp_path / "repo" / "pyproject.toml")
    assert config.fail_on == "error" and config.include is None


# --- validation ------------------------------------------------------------------------------

BAD = [
    ("fail_onn = \"error\"\n", "cfg.toml:1: fail_onn: unknown key; did you mean 'fail_on'?"),
    ("[tolerance]\nfx = 0.1\nfxx = 0.2\n", "cfg.toml:3: tolerance.fxx: unknown key; did you mean 'fx'?"),
    ("reference_date = \"31/01/2026\"\n",
     "cfg.toml:1: reference_date: '31/01/2026' is not a date; use YYYY-MM-DD, e.g. reference_date = 2026-01-31"),
    ("fiscal_year_start = 13\n", "cfg.toml:1: fiscal_year_start: 13 is not a month; use a number from 1 (January) to 12"),
    ("fiscal_year_named_by = \"middle\"\n", "cfg.toml:1: fiscal_year_named_by: 'middle' is not a fiscal-year naming; "
     "use \"end\" (FY2026 ends in 2026) or \"start\" (FY2026 starts in 2026)"),
    ("[fiscal_year]\n\"Kawa\" = 0\n", "cfg.toml:2: fiscal_year.Kawa: 0 is not a month; use a number from 1 (January) to 12"),
    ("[fiscal_year]\n\"Kawa\" = { named_by = \"start\" }\n",
     "cfg.toml:2: fiscal_year.Kawa: missing key 'start' (the month, 1-12, its fiscal year begins)"),
    ("[fiscal_year]\n\"Kawa\" = { start = 4, begins = 4 }\n",
     "cfg.toml:2: fiscal_year.Kawa.begins: unknown key; known keys: start, named_by, aliases"),
    ("fail_on = \"fatal\"\n", "cfg.toml:1: fail_on: 'fatal' is not a severity; use one of error, warning, info"),
    ("select = [\"CC101\", \"CC190\"]\n", "cfg.toml:1: select: no rule matches 'CC190'; did you mean 'CC110'?"),
    ("ignore = \"CC101\"\n",
     "cfg.toml:1: ignore: must be a list of non-empty strings, e.g. ignore = [\"CC101\", \"CC102\"]"),
    ("[severity]\nCC999 = \"info\"\n", "cfg.toml:2: severity.CC999: no rule matches 'CC999'; rules are "
     + ", ".join(r.code for r in ALL_RULES)),
    ("[severity]\nCC101 = \"low\"\n", "cfg.toml:2: severity.CC101: 'low' is not a severity; use one of error, warning, info"),
    ("[tolerance]\nratio = -0.5\n",
     "cfg.toml:2: tolerance.ratio: -0.5 is not a relative tolerance; use a number from 0 to below 1 (0.1 means 10%)"),
    ("tolerance = {fx = \"ten\"}\n",
     "cfg.toml:1: tolerance.fx: 'ten' is not a relative tolerance; use a number from 0 to below 1 (0.1 means 10%)"),
    ("fx_table = \"rates.csv\"\n", "cfg.toml:1: fx_table: 'rates.csv': no such file (paths are relative to cfg.toml)"),
    ("reports = [\"xml:out.xml\"]\n", "cfg.toml:1: reports: 'xml:out.xml': unknown format 'xml'; valid formats: "
                                   "concise, github, gitlab, html, json, junit, rdjson, sarif, text"),
    ("include = [\"*.md\", \"\"]\n", "cfg.toml:1: include: must be a list of non-empty strings, e.g. include = "
                                     "[\"*.md\", \"drafts/**\"]"),
    ("[[overrides]]\nignore = [\"CC101\"]\n",
     "cfg.toml:1: overrides[1]: missing key 'paths' (the globs this override applies to)"),
    ("[[overrides]]\npaths = [\"a/**\"]\n\n[[overrides]]\npaths = [\"b/**\"]\nreference = 2026-01-01\n",
     "cfg.toml:6: overrides[2].reference: unknown key; did you mean 'reference_date'?"),
    ("[[facts]]\nsubject = \"X\"\nattribute = \"capacity\"\nvalue = \"soon\"\nsource = \"kit\"\n",
     "cfg.toml:4: facts[1].value: 'soon' is not a figure or a date; write it as an article would, "
     "e.g. \"1.2 GW\", \"$157 billion\", \"April 2026\""),
    ("[[facts]]\nsubject = \"X\"\nvalue = \"1 GW\"\nsource = \"kit\"\n",
     "cfg.toml:1: facts[1]: missing key 'attribute'; a fact needs subject, attribute, value, source"),
    ("[aliases]\nNorthwind = \"NWE\"\n",
     "cfg.toml:2: aliases.Northwind: must be a list of non-empty strings, e.g. Northwind = "
     "[\"NWE\", \"Northwind Energy Inc.\"]"),
    ("a = 1\nb = \n", "cfg.toml:2: not valid TOML: Invalid value (at line 2, column 5)"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m.split(": ")[1] for _, m in BAD])
def test_validation_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "cfg.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(Path("cfg.toml"))
    assert str(error.value) == message


def test_pyproject_keys_are_named_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "pyproject.toml", "[project]\nname = \"x\"\n\n[tool.consistency]\nselectt = []\n")
    with pytest.raises(ConfigError, match=r"^pyproject.toml:5: tool.consistency.selectt: unknown key; "
                                          r"did you mean 'select'\?$"):
        load_config(Path("pyproject.toml"))


def test_valid_file(tmp_path: Path) -> None:
    _write(tmp_path / "fx" / "rates.csv", "month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n")
    path = _write(tmp_path / ".consistency.toml", """
exclude = ["drafts/**"]
reference_date = 2026-01-31
fiscal_year_start = 4
fx_table = "fx/rates.csv"
select = ["CC1"]
ignore = ["timeline-mismatch"]
fail_on = "error"
tolerance = { fx = 0.05, numeric = 0.02 }
[aliases]
"Northwind Energy" = ["NWE"]
[severity]
CC103 = "info"
[[overrides]]
paths = ["archive/**"]
ignore = ["CC108"]
severity = { CC101 = "warning" }
reference_date = "2024-06-30"
[[facts]]
subject = "NWE"
attribute = "capacity"
value = "10 GW"
source = "press kit"
""")
    config = load_config(path)
    assert config == Config(
        path=path, exclude=("drafts/**",), reference_date=date(2026, 1, 31), fiscal_year_start=4,
        fx_table=str(tmp_path / "fx" / "rates.csv"), select=("CC1",), ignore=("timeline-mismatch",), fail_on="error",
        tolerance=(("fx", 0.05), ("numeric", 0.02)), aliases=(("Northwind Energy", ("NWE",)),),
        severity=(("CC103", "info"),),
        overrides=(Override(("archive/**",), ("CC108",), (("CC101", "warning"),), date(2024, 6, 30)),),
        facts=(Fact("NWE", "capacity", "10 GW", "press kit"),))


# --- layering --------------------------------------------------------------------------------


def test_layering_and_sources(tmp_path: Path) -> None:
    path = _write(tmp_path / "consistency.toml",
                  "fiscal_year_start = 4\nfail_on = \"error\"\nselect = [\"CC101\"]\n[tolerance]\nfx = 0.05\n"
                  "[aliases]\n\"Northwind Energy\" = [\"NWE\"]\n"
                  "[[facts]]\nsubject = \"nwe\"\nattribute = \"capacity\"\nvalue = \"10 GW\"\nsource = \"kit\"\n")
    settings, sources = settings_from(load_config(path), {"fail_on": "info", "select": None, "exclude": (),
                                                          "reference_date": date(2026, 2, 1)})
    assert (settings.fiscal_year_start, settings.fail_on, settings.select, settings.reference_date) == (
        4, "info", ("CC101",), date(2026, 2, 1))
    assert settings.tolerance == Tolerance(fx=0.05, ratio=0.25, numeric=0.0)
    assert settings.facts == (Fact("Northwind Energy", "capacity", "10 GW", "kit"),)  # alias -> canonical
    assert settings.aliases == (("Northwind Energy", ("NWE",)),)
    assert sources["fail_on"] == "command line" and sources["reference_date"] == "command line"
    assert sources["fiscal_year_start"] == sources["select"] == sources["tolerance.fx"] == str(path)
    assert sources["exclude"] == sources["tolerance.ratio"] == sources["include"] == "default"
    assert settings_from(None, {})[0] == Settings()


def test_effective_config_text_is_toml_with_sources(tmp_path: Path) -> None:
    path = _write(tmp_path / "consistency.toml", "fiscal_year_start = 4\n[severity]\nCC103 = \"info\"\n"
                  "[[overrides]]\npaths = [\"archive/**\"]\nseverity = { CC101 = \"warning\" }\n")
    settings, sources = settings_from(load_config(path), {"fail_on": "error"})
    text = effective_config_text(settings, sources)
    assert f"fiscal_year_start = 4  # {path}\n" in text
    assert "fail_on = \"error\"  # command line\n" in text
    assert "# reference_date is not set  # default\n" in text
    assert "fx = 0.1  # default\n" in text
    parsed = tomllib.loads(text)
    assert parsed["severity"] == {"CC103": "info"}
    assert parsed["overrides"] == [{"paths": ["archive/**"], "severity": {"CC101": "warning"}}]
    assert text == effective_config_text(settings, dict(reversed(list(sources.items()))))


# --- overrides -------------------------------------------------------------------------------


def _finding(rule: str, severity: str, *paths: str) -> Finding:
    from consistency.api import extract
    claims = tuple(extract("10 GW", path=p)[0] for p in paths)
    claims = tuple(dataclasses.replace(c, location=Location(p, 1, 1, 1, 6)) for c, p in zip(claims, paths))
    return Finding(rule, "x", severity, Subject("E", "capacity"), "m", claims, "0" * 16)


def test_apply_overrides() -> None:
    settings = Settings(severity=(("CC103", "info"),), reference_date=date(2026, 1, 1), overrides=(
        Override(("archive/**",), ignore=("CC108",), severity=(("value-mismatch", "warning"),),
                 reference_date=date(2024, 6, 30)),))
    kept = apply_overrides([
        _finding("CC101", "error", "archive/a.md", "archive/b.md"),   # override applies: warning
        _finding("CC101", "error", "archive/a.md", "news/b.md"),      # spans other files: unchanged
        _finding("CC108", "error", "archive/a.md"),                   # ignored there
        _finding("CC103", "error", "news/a.md"),                      # global severity table
    ], settings)
    assert [(f.rule, f.severity, f.claims[-1].location.path) for f in kept] == [
        ("CC101", "warning", "archive/b.md"), ("CC101", "error", "news/b.md"), ("CC103", "info", "news/a.md")]
    assert settings.reference_date_for("archive/2019/x.md") == date(2024, 6, 30)
    assert settings.reference_date_for("news/x.md") == date(2026, 1, 1)


# --- template --------------------------------------------------------------------------------


def test_template_validates_as_is_and_uncommented(tmp_path: Path) -> None:
    text = template_text()
    assert load_config(_write(tmp_path / "plain" / ".consistency.toml", text)).fail_on == "warning"
    _write(tmp_path / "full" / "fx" / "rates.csv", "month,currency,usd_per_unit,source\n2026-01,EUR,1.1,test\n")
    uncommented = re.sub(r"(?m)^#(?=[\[\w\"])", "", text)
    config = load_config(_write(tmp_path / "full" / ".consistency.toml", uncommented))
    assert config.facts and config.overrides and config.aliases and config.severity and config.fx_table
    assert config.fiscal_year == (FiscalYear("Kawa Electric", 4, "start", ("Kawa",)), FiscalYear("Northwind Retail", 2))
    assert config.reports == (("sarif", str(tmp_path / "full" / "reports" / "consistency.sarif")),
                              ("html", str(tmp_path / "full" / "reports" / "consistency.html")))
    for key in ("include", "exclude", "reference_date", "fiscal_year_start", "fiscal_year_named_by", "fx_table",
                "select", "ignore", "fail_on", "reports", "tolerance", "fx", "ratio", "numeric", "aliases", "severity",
                "overrides", "facts", "fiscal_year"):
        assert re.search(rf"(?m)^#?\[*{key}\b", text), key


# --- FX override -----------------------------------------------------------------------------


def test_fx_table_override_changes_conversion(tmp_path: Path) -> None:
    table = _write(tmp_path / "rates.csv", "month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n")
    fx = Settings(fx_table=str(table)).fx
    assert fx.rate("EUR", date(2026, 1, 15)) == (2.0, "2026-01")
    assert fx.rate("EUR", date(2020, 5, 1)) is None   # outside the given table: no rate
    assert fx.rate("JPY", date(2026, 1, 15)) == bundled_fx().rate("JPY", date(2026, 1, 15))  # others keep theirs
    normalized = units.normalize_value(5e6, 5e6, None, "EUR", "money", date(2026, 1, 15), fx)
    assert normalized is not None and normalized.value.lo == 1e7
    assert Settings().fx.rate("EUR", date(2026, 1, 15)) != (2.0, "2026-01")   # nothing global changed


EURO_ARTICLE = "---\ntitle: Financing\ndate: 2026-01-15\n---\nThe wind farm closed a €3.1 billion financing.\n"


def _euro_values(report) -> set[float]:
    return {c.value.lo for c in report.claims if c.original_unit == "EUR"}


def test_fx_table_reaches_the_python_api_and_its_cache(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "news" / "a.md", EURO_ARTICLE).parent
    table = _write(tmp_path / "rates.csv", "month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n")
    bundled = 3.1e9 * bundled_fx().rate("EUR", date(2026, 1, 15))[0]
    assert _euro_values(consistency.check([str(corpus)])) == {bundled}
    assert _euro_values(consistency.check([str(corpus)], Settings(fx_table=str(table)))) == {6.2e9}
    assert consistency.extract("€3.1 billion", published=date(2026, 1, 15),
                               settings=Settings(fx_table=str(table)))[0].value.lo == 6.2e9
    with ClaimStore(tmp_path / "cache" / "claims.sqlite") as store:  # the claims of one table never serve another
        for settings, want in ((Settings(), bundled), (Settings(fx_table=str(table)), 6.2e9), (Settings(), bundled)):
            report, _ = check_corpus([str(corpus)], settings, store=store)
            assert _euro_values(report) == {want}


def test_fx_table_reaches_worker_processes(tmp_path: Path) -> None:
    for i in range(40):  # more documents than one pool chunk, so worker processes extract them
        _write(tmp_path / "news" / f"a{i:02d}.md", EURO_ARTICLE)
    table = _write(tmp_path / "rates.csv", "month,currency,usd_per_unit,source\n2026-01,EUR,2.0,test\n")
    report = consistency.check([str(tmp_path / "news")], Settings(fx_table=str(table)), jobs=2)
    assert _euro_values(report) == {6.2e9}


# --- fiscal years per entity -----------------------------------------------------------------


def test_fiscal_year_per_entity_reaches_the_extractor(tmp_path: Path) -> None:
    path = _write(tmp_path / "consistency.toml", 'fiscal_year_start = 10\n[fiscal_year]\n"Northwind" = 7\n'
                  '"Kawa Electric" = { start = 4, named_by = "start", aliases = ["Kawa"] }\n')
    settings, sources = settings_from(load_config(path), {})
    assert settings.fiscal_years == (FiscalYear("Kawa Electric", 4, "start", ("Kawa",)), FiscalYear("Northwind", 7))
    assert sources["fiscal_year"] == str(path)
    claims = consistency.extract("Analysts see fiscal 2026 as hard. Kawa plans output in early fiscal 2026. "
                                 "Northwind sees FY2026 sales rise.", settings=settings)
    assert [(c.text, c.time.as_list()) for c in claims] == [
        ("fiscal 2026", ["2025-10-01", "2026-10-01"]),  # no entity named before it: the run's fiscal year
        ("early fiscal 2026", ["2026-04-01", "2026-08-01"]),
        ("FY2026", ["2025-07-01", "2026-07-01"]),
    ]
    assert '"Kawa Electric" = { aliases = ["Kawa"], named_by = "start", start = 4 }' in effective_config_text(settings, sources)
