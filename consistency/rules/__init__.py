"""The rules: one module per rule, each with ``code``, ``name``, ``severity``, ``check(ctx)``
and its documentation as the module docstring (``consistency explain CODE``)."""
from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from consistency.rules import (
    cc101_value_mismatch,
    cc102_timeline_mismatch,
    cc103_status_vs_time,
    cc104_currency_conversion,
    cc105_implied_rate,
    cc106_sum_of_parts,
    cc107_unit_scale,
    cc108_intra_article,
    cc110_fact_sheet,
)

ALL_RULES: tuple[ModuleType, ...] = tuple(sorted(
    (cc101_value_mismatch, cc102_timeline_mismatch, cc103_status_vs_time, cc104_currency_conversion,
     cc105_implied_rate, cc106_sum_of_parts, cc107_unit_scale, cc108_intra_article, cc110_fact_sheet),
    key=lambda rule: rule.code,
))


def rule_by_code(code: str) -> ModuleType:
    """The rule with this code (case-insensitive); KeyError naming the known codes otherwise."""
    for rule in ALL_RULES:
        if rule.code == code.upper():
            return rule
    raise KeyError(f"unknown rule {code!r}; known: {', '.join(r.code for r in ALL_RULES)}")


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[ModuleType, ...]:
    """The rules to run, in code order: all (or those ``select`` matches) minus those ``ignore`` matches.

    Each entry is a code ("CC101"), a code prefix ("CC1", "CC10") or a name
    ("value-mismatch"); comma-separated lists are accepted. Raises ValueError on an entry
    that matches no rule.
    """
    chosen = _matching(select, "select") if _entries(select) else set(ALL_RULES)
    chosen -= _matching(ignore, "ignore")
    return tuple(r for r in ALL_RULES if r in chosen)


def _entries(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _matching(values: Iterable[str], option: str) -> set[ModuleType]:
    matched: set[ModuleType] = set()
    for entry in _entries(values):
        rules = {r for r in ALL_RULES if r.code.startswith(entry.upper()) or r.name == entry.lower()}
        if not rules:
            known = ", ".join(f"{r.code} ({r.name})" for r in ALL_RULES)
            raise ValueError(f"--{option}: no rule matches {entry!r}; rules are {known}")
        matched |= rules
    return matched
