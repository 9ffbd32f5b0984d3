"""The configuration file: discovery, strict validation, and layering under the command line.

A project is configured by ``.consistency.toml``, ``consistency.toml`` or the
``[tool.consistency]`` table of ``pyproject.toml``, found by walking up from the working
directory (``consistency/data/config_template.toml`` documents every key). Values come, in
order of precedence, from the command line, the file, then the defaults; ``settings_from``
says which for each key, and ``effective_config_text`` prints it (``consistency config``).
"""
from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from consistency.normalize.fx import load_fx
from consistency.report.formats import parse_report_option
from consistency.rules import ALL_RULES, UnknownRule, named_rules
from consistency.rules.facts import fact_claim
from consistency.settings import FISCAL_NAMINGS, Fact, FiscalYear, Override, Settings, Tolerance

CONFIG_NAMES = (".consistency.toml", "consistency.toml")
PYPROJECT = "pyproject.toml"
LEVELS = ("error", "warning", "info")
DEFAULT_SOURCE = "default"
CLI_SOURCE = "command line"
# Every key the file may set, in the order `consistency config` prints them.
KEYS = ("include", "exclude", "reference_date", "fiscal_year_start", "fiscal_year_named_by", "fx_table", "select",
        "ignore", "fail_on", "reports", "tolerance.fx", "tolerance.ratio", "tolerance.numeric", "aliases", "severity",
        "overrides", "facts", "fiscal_year")
# Settings only the command line sets (a configuration in a pull request must not follow links out).
CLI_ONLY = ("max_bytes", "document_timeout", "format_in", "ignore_files", "follow_symlinks")
TOLERANCE_KEYS = ("fx", "ratio", "numeric")
OVERRIDE_KEYS = ("paths", "ignore", "severity", "reference_date")
FACT_KEYS = ("subject", "attribute", "value", "source", "scope")
FISCAL_YEAR_KEYS = ("start", "named_by", "aliases")
_TOML_LINE = re.compile(r"at line (\d+)")
_INDEXED = re.compile(r"(.+)\[(\d+)\]")
_TOOL_TABLE = re.compile(r"^\s*\[+\s*tool\.consistency\b")


class ConfigError(Exception):
    """A configuration problem: the file, the dotted key (arrays of tables are numbered from
    1: ``facts[2].value``), what is wrong, and the line when it can be found."""

    def __init__(self, path: Path | str, key: str, message: str, line: int | None = None) -> None:
        self.path, self.key, self.message, self.line = str(path), key, message, line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class Config:
    """What one configuration file sets; None (or () for tolerance) means the file does not set it."""

    path: Path
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    reference_date: date | None = None
    fiscal_year_start: int | None = None
    fiscal_year_named_by: str | None = None
    fx_table: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    reports: tuple[tuple[str, str], ...] | None = None
    tolerance: tuple[tuple[str, float], ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    severity: tuple[tuple[str, str], ...] | None = None
    overrides: tuple[Override, ...] | None = None
    facts: tuple[Fact, ...] | None = None
    fiscal_year: tuple[FiscalYear, ...] | None = None


# --- discovery and loading -------------------------------------------------------------------


def discover(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``: in each directory, the first of
    ``.consistency.toml``, ``consistency.toml``, a ``pyproject.toml`` with ``[tool.consistency]``."""
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file; ConfigError on any unknown key or bad value."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, "", f"cannot read the file: {error}") from None
    data = _parse(path, text)
    prefix = ""
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("consistency")
        if not isinstance(table, dict):
            raise ConfigError(path, "tool.consistency", "no [tool.consistency] table in this file")
        data, prefix = table, "tool.consistency."
    return _Validator(path, text, prefix).config(data)


def _has_tool_table(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    if "tool.consistency" not in text:
        return False
    data = _parse(path, text)
    return isinstance(data.get("tool", {}).get("consistency"), dict)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        raise ConfigError(path, "", f"not valid TOML: {error}", int(found.group(1)) if found else None) from None


class _Validator:
    """Checks one parsed file key by key; each error names the file, the key and its line."""

    def __init__(self, path: Path, text: str, prefix: str) -> None:
        self.path, self.lines, self.prefix = path, text.splitlines(), prefix

    def config(self, data: dict[str, Any]) -> Config:
        self.unknown(data, ("include", "exclude", "reference_date", "fiscal_year_start", "fiscal_year_named_by",
                            "fx_table", "select", "ignore", "fail_on", "reports", "tolerance", "aliases", "severity",
                            "overrides", "facts", "fiscal_year"), "")
        get = data.get
        tolerance = self.table(get("tolerance"), "tolerance")
        self.unknown(tolerance, TOLERANCE_KEYS, "tolerance.")
        return Config(
            path=self.path,
            include=self.opt(get("include"), "include", self.globs),
            exclude=self.opt(get("exclude"), "exclude", self.globs),
            reference_date=self.opt(get("reference_date"), "reference_date", self.date),
            fiscal_year_start=self.opt(get("fiscal_year_start"), "fiscal_year_start", self.month),
            fiscal_year_named_by=self.opt(get("fiscal_year_named_by"), "fiscal_year_named_by", self.naming),
            fx_table=self.opt(get("fx_table"), "fx_table", self.fx_table),
            select=self.opt(get("select"), "select", self.rules),
            ignore=self.opt(get("ignore"), "ignore", self.rules),
            fail_on=self.opt(get("fail_on"), "fail_on", self.level),
            reports=self.opt(get("reports"), "reports", self.reports),
            tolerance=tuple((k, self.fraction(tolerance[k], f"tolerance.{k}")) for k in TOLERANCE_KEYS if k in tolerance),
            aliases=self.opt(get("aliases"), "aliases", self.aliases),
            severity=self.opt(get("severity"), "severity", self.severity),
            overrides=self.opt(get("overrides"), "overrides", self.overrides),
            facts=self.opt(get("facts"), "facts", self.facts),
            fiscal_year=self.opt(get("fiscal_year"), "fiscal_year", self.fiscal_years),
        )

    # --- errors

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, self.prefix + key, message, self.line_of(self.prefix + key))

    def line_of(self, key: str) -> int | None:
        """Best effort: the line where the last part of a dotted key is set (None if not found)."""
        row = 0
        if self.prefix:
            row = next((i for i, line in enumerate(self.lines) if _TOOL_TABLE.match(line)), 0)
            key = key.removeprefix(self.prefix)
        for part in key.split("."):
            indexed = _INDEXED.fullmatch(part)
            name, nth = (indexed.group(1), int(indexed.group(2))) if indexed else (part, 0)
            pattern = re.compile(rf"^\s*(\[\[\s*(?:[\w.\"-]+\.)?\"?{re.escape(name)}\"?\s*\]\]"
                                 rf"|\[\s*(?:[\w.\"-]+\.)?\"?{re.escape(name)}\"?\s*\]"
                                 rf"|(?:[\w\"-]+\.)*\"?{re.escape(name)}\"?\s*=)"
                                 rf"|[{{,]\s*\"?{re.escape(name)}\"?\s*=")
            hits = [i for i in range(row, len(self.lines)) if pattern.search(self.lines[i])]
            if len(hits) < max(nth, 1):
                return row + 1 if row else None
            row = hits[max(nth, 1) - 1]
        return row + 1

    def unknown(self, table: Mapping[str, Any], known: Iterable[str], at: str) -> None:
        known = tuple(known)
        for key in sorted(table):
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
                raise self.error(at + key, "unknown key" + hint)

    # --- values

    def opt(self, value: Any, key: str, check: Callable[[Any, str], Any]) -> Any:
        return None if value is None else check(value, key)

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table ([{key}] or {key} = {{...}}), not {_toml_type(value)}")
        return value

    def strings(self, value: Any, key: str, example: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(key, f"must be a list of non-empty strings, e.g. {key.split('.')[-1]} = {example}")
        return tuple(value)

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def globs(self, value: Any, key: str) -> tuple[str, ...]:
        return self.strings(value, key, '["*.md", "drafts/**"]')

    def date(self, value: Any, key: str) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(key, f"{_show(value)} is not a date; use YYYY-MM-DD, e.g. {key.split('.')[-1]} = 2026-01-31")

    def month(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
            raise self.error(key, f"{_show(value)} is not a month; use a number from 1 (January) to 12")
        return value

    def naming(self, value: Any, key: str) -> str:
        if value not in FISCAL_NAMINGS:
            raise self.error(key, f"{_show(value)} is not a fiscal-year naming; use \"end\" (FY2026 ends in 2026) "
                                  f"or \"start\" (FY2026 starts in 2026)")
        return value

    def fiscal_years(self, value: Any, key: str) -> tuple[FiscalYear, ...]:
        """``"Name" = 4`` (its start month) or ``"Name" = { start = 4, named_by = "start", aliases = [...] }``."""
        result = []
        for name, spec in self.table(value, key).items():
            at = f"{key}.{name}"
            if isinstance(spec, dict):
                self.unknown(spec, FISCAL_YEAR_KEYS, at + ".")
                if "start" not in spec:
                    raise self.error(at, "missing key 'start' (the month, 1-12, its fiscal year begins)")
                result.append(FiscalYear(
                    self.text(name, at), self.month(spec["start"], f"{at}.start"),
                    self.opt(spec.get("named_by"), f"{at}.named_by", self.naming) or "end",
                    self.opt(spec.get("aliases"), f"{at}.aliases",
                             lambda v, k: self.strings(v, k, '["Kawa", "KE"]')) or (),
                ))
            else:
                result.append(FiscalYear(self.text(name, at), self.month(spec, at)))
        return tuple(sorted(result, key=lambda f: f.entity))

    def level(self, value: Any, key: str) -> str:
        if value not in LEVELS:
            raise self.error(key, f"{_show(value)} is not a severity; use one of {', '.join(LEVELS)}")
        return value

    def fraction(self, value: Any, key: str) -> float:
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or not 0 <= value < 1):
            raise self.error(key, f"{_show(value)} is not a relative tolerance; use a number from 0 to below 1 "
                                  f"(0.1 means 10%)")
        return float(value)

    def fx_table(self, value: Any, key: str) -> str:
        target = self.path.parent / self.text(value, key)
        if not target.is_file():
            raise self.error(key, f"{_show(value)}: no such file (paths are relative to {self.path.name})")
        try:
            load_fx(target)
        except (ValueError, OSError) as error:
            raise self.error(key, f"bad FX table: {error}") from None
        return str(target)

    def reports(self, value: Any, key: str) -> tuple[tuple[str, str], ...]:
        """FORMAT:PATH entries as for --report; a relative PATH is relative to this file's
        directory, and PATH must stay inside that directory's tree (symbolic links resolved):
        a configuration arriving in a pull request must not write elsewhere."""
        result = []
        home = self.path.parent.resolve()
        for entry in self.strings(value, key, '["sarif:reports/consistency.sarif"]'):
            try:
                report_format, path = parse_report_option(entry.strip())
            except ValueError as error:
                raise self.error(key, str(error)) from None
            target = self.path.parent / path
            if not target.resolve().is_relative_to(home):
                raise self.error(key, f"{_show(entry)} is outside {home}, the directory of {self.path.name}; "
                                      "a report is written outside it only when --report names it")
            result.append((report_format, str(target)))
        return tuple(result)

    def rule(self, entry: str, key: str) -> str:
        try:
            named_rules(entry)
        except UnknownRule as error:
            hint = (f"did you mean {error.suggestion!r}?" if error.suggestion
                    else f"rules are {', '.join(r.code for r in ALL_RULES)}")
            raise self.error(key, f"no rule matches {error.entry!r}; {hint}") from None
        return entry

    def rules(self, value: Any, key: str) -> tuple[str, ...]:
        return tuple(self.rule(entry, key) for entry in self.strings(value, key, '["CC101", "CC102"]'))

    def aliases(self, value: Any, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = self.table(value, key)
        pairs = [(k.strip(), self.strings(v, f"{key}.{k}", '["NWE", "Northwind Energy Inc."]')) for k, v in table.items()]
        return tuple(sorted(pairs))

    def severity(self, value: Any, key: str) -> tuple[tuple[str, str], ...]:
        table = self.table(value, key)
        return tuple(sorted((self.rule(code, f"{key}.{code}"), self.level(level, f"{key}.{code}"))
                            for code, level in table.items()))

    def entries(self, value: Any, key: str, known: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, f"must be an array of tables: write each entry under [[{key}]]")
        for i, entry in enumerate(value, 1):
            self.unknown(entry, known, f"{key}[{i}].")
        return [(f"{key}[{i}]", entry) for i, entry in enumerate(value, 1)]

    def overrides(self, value: Any, key: str) -> tuple[Override, ...]:
        result = []
        for at, entry in self.entries(value, key, OVERRIDE_KEYS):
            if "paths" not in entry:
                raise self.error(at, "missing key 'paths' (the globs this override applies to)")
            result.append(Override(
                paths=self.globs(entry["paths"], f"{at}.paths"),
                ignore=self.opt(entry.get("ignore"), f"{at}.ignore", self.rules) or (),
                severity=self.opt(entry.get("severity"), f"{at}.severity", self.severity) or (),
                reference_date=self.opt(entry.get("reference_date"), f"{at}.reference_date", self.date),
            ))
        return tuple(result)

    def facts(self, value: Any, key: str) -> tuple[Fact, ...]:
        result = []
        for at, entry in self.entries(value, key, FACT_KEYS):
            for required in FACT_KEYS[:4]:
                if required not in entry:
                    raise self.error(at, f"missing key {required!r}; a fact needs {', '.join(FACT_KEYS[:4])}")
            fact = Fact(*(self.text(entry[k], f"{at}.{k}") for k in FACT_KEYS[:4]),
                        scope=self.opt(entry.get("scope"), f"{at}.scope", self.text) or "")
            if fact_claim(fact.value) is None:
                raise self.error(f"{at}.value", f"{fact.value!r} is not a figure or a date; write it as an article "
                                                f"would, e.g. \"1.2 GW\", \"$157 billion\", \"April 2026\"")
            result.append(fact)
        return tuple(result)


def _toml_type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array",
            dict: "a table"}.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else _toml_value(value)


# --- layering ------------------------------------------------------------------------------------


def settings_from(config: Config | None, cli: Mapping[str, Any]) -> tuple[Settings, dict[str, str]]:
    """Settings from the command line over the configuration file over the defaults.

    ``cli`` maps keys of ``KEYS`` (and of ``CLI_ONLY``) to the values given on
    the command line; None or an empty tuple means not given. Returns the settings and, for
    every key of ``KEYS``, where its value came from: "default", the config path, or
    "command line".
    """
    unknown = sorted(set(cli) - set(KEYS) - set(CLI_ONLY))
    if unknown:
        raise ValueError(f"settings_from: unknown keys {unknown}")
    defaults = Settings()
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    from_file = _config_values(config)
    for key in KEYS:
        given = cli.get(key)
        if given is not None and given != ():
            values[key], sources[key] = given, CLI_SOURCE
        elif key in from_file:
            values[key], sources[key] = from_file[key], str(config.path)  # type: ignore[union-attr]
        else:
            values[key], sources[key] = _default(defaults, key), DEFAULT_SOURCE
    tolerance = Tolerance(**{k: float(values.pop(f"tolerance.{k}")) for k in TOLERANCE_KEYS})
    aliases = tuple(sorted((k, tuple(v)) for k, v in dict(values.pop("aliases")).items()))
    facts = tuple(_canonical_subject(f, aliases) for f in values.pop("facts"))
    fiscal_years = tuple(values.pop("fiscal_year"))
    passthrough = {k: cli[k] for k in CLI_ONLY if cli.get(k) is not None}
    settings = replace(defaults, **{k: _as_tuple(v) for k, v in values.items()}, tolerance=tolerance,
                       aliases=aliases, facts=facts, fiscal_years=fiscal_years, **passthrough)
    return settings, sources


def _config_values(config: Config | None) -> dict[str, Any]:
    if config is None:
        return {}
    values = {f.name: getattr(config, f.name) for f in fields(config)
              if f.name not in ("path", "tolerance") and getattr(config, f.name) is not None}
    values.update((f"tolerance.{k}", v) for k, v in config.tolerance)
    return values


def _default(defaults: Settings, key: str) -> Any:
    if key.startswith("tolerance."):
        return getattr(defaults.tolerance, key.split(".", 1)[1])
    if key == "fiscal_year":
        return defaults.fiscal_years
    return getattr(defaults, key)


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _canonical_subject(fact: Fact, aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> Fact:
    """A fact declared under an alias ("NWE") names the configured canonical entity."""
    for canonical, names in aliases:
        if fact.subject.casefold() in (n.casefold() for n in names):
            return replace(fact, subject=canonical)
    return fact


# --- printing ------------------------------------------------------------------------------------


def effective_config_text(settings: Settings, sources: Mapping[str, str]) -> str:
    """The effective configuration as TOML, each value followed by ``# source``."""
    def src(key: str) -> str:
        return f"  # {sources.get(key, DEFAULT_SOURCE)}"

    lines = ["# Effective configuration: each value and where it came from."]
    for key in ("include", "exclude", "reference_date", "fiscal_year_start", "fiscal_year_named_by", "fx_table",
                "select", "ignore", "fail_on", "reports"):
        value = getattr(settings, key)
        if key == "reports":
            value = [f"{report_format}:{path}" for report_format, path in value]
        lines.append(f"# {key} is not set{src(key)}" if value is None else f"{key} = {_toml_value(value)}{src(key)}")
    lines += ["", "[tolerance]"]
    lines += [f"{k} = {_toml_value(getattr(settings.tolerance, k))}{src('tolerance.' + k)}" for k in TOLERANCE_KEYS]
    for key, table in (("aliases", settings.aliases), ("severity", settings.severity)):
        lines += ["", f"[{key}]{src(key)}"]
        lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table]
    lines += ["", f"[fiscal_year]{src('fiscal_year')}"]
    lines += [f"{_toml_key(f.entity)} = {_toml_value(_fiscal_spec(f))}" for f in settings.fiscal_years]
    for key, entries in (("overrides", settings.overrides), ("facts", settings.facts)):
        lines += ["", f"# {key}: {len(entries)}{src(key)}"]
        for entry in entries:
            lines += ["", f"[[{key}]]"]
            for f in fields(entry):
                value = getattr(entry, f.name)
                if value not in (None, (), ""):
                    lines.append(f"{f.name} = {_toml_value(dict(value) if f.name == 'severity' else value)}")
    return "\n".join(lines) + "\n"


def _fiscal_spec(fiscal: FiscalYear) -> dict[str, Any]:
    spec: dict[str, Any] = {"start": fiscal.start, "named_by": fiscal.named_by}
    if fiscal.aliases:
        spec["aliases"] = list(fiscal.aliases)
    return spec


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in sorted(value.items())) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot show {value!r} as TOML")


# --- template -------------------------------------------------------------------------------------


def template_text() -> str:
    """The commented starter configuration ``consistency init`` writes."""
    return resources.files("consistency.data").joinpath("config_template.toml").read_text(encoding="utf-8")
