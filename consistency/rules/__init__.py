"""The rule registry: every rule (the ``RULE`` of a module ``ccNNN_name.py``, a ``Rule`` from
rules/base.py), and the one way to find rules by code, code prefix or name."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

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
    cc111_headline_mismatch,
    cc112_percent_change,
    cc113_figure_updated,
    cc114_change_from_base,
    cc115_implausible_ratio,
)
from consistency.rules.base import Rule


def module_name(rule: Rule) -> str:
    """The module a rule lives in, from its code and name: "cc101_value_mismatch"."""
    return f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def registered(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """``rules`` in code order. ValueError when two share a code or a name (in any case), or
    when a rule's check is not in the module its code and name call for (``module_name``)."""
    ordered = tuple(sorted(rules, key=lambda r: r.code))
    seen: dict[str, Rule] = {}
    for rule in ordered:
        for key in (rule.code.upper(), rule.name.lower()):
            if key in seen:
                raise ValueError(f"rules {seen[key].code} and {rule.code} are both called {key!r}")
            seen[key] = rule
        module = rule.check.__module__.rpartition(".")[2]
        if module != module_name(rule):
            raise ValueError(f"rule {rule.code} {rule.name} is in {module}.py; "
                             f"its code and name call for {module_name(rule)}.py")
    return ordered


ALL_RULES: tuple[Rule, ...] = registered(module.RULE for module in (
    cc101_value_mismatch, cc102_timeline_mismatch, cc103_status_vs_time, cc104_currency_conversion,
    cc105_implied_rate, cc106_sum_of_parts, cc107_unit_scale, cc108_intra_article, cc110_fact_sheet,
    cc111_headline_mismatch,
    cc112_percent_change,
    cc113_figure_updated,
    cc114_change_from_base,
    cc115_implausible_ratio,
))


class UnknownRule(ValueError):
    """An entry that names no rule; ``suggestion`` is the code or name closest to it, if any."""

    def __init__(self, entry: str) -> None:
        self.entry = entry
        words = {word.casefold(): word for rule in ALL_RULES for word in (rule.code, rule.name)}
        close = difflib.get_close_matches(entry.casefold(), list(words), n=1, cutoff=0.6)
        self.suggestion = words[close[0]] if close else None
        known = ", ".join(f"{r.code} ({r.name})" for r in ALL_RULES)
        super().__init__(f"no rule matches {entry!r}; rules are {known}")


def named_rules(entry: str) -> tuple[Rule, ...]:
    """The rules ``entry`` names, in code order: a code ("CC101"), a code prefix ("CC1") or a
    name ("value-mismatch"), in any case, or several of these separated by commas.
    Raises UnknownRule for a part that names no rule."""
    named: set[Rule] = set()
    for part in (p.strip() for p in entry.split(",")):
        if not part:
            continue
        found = {r for r in ALL_RULES if r.code.startswith(part.upper()) or r.name == part.lower()}
        if not found:
            raise UnknownRule(part)
        named |= found
    return tuple(r for r in ALL_RULES if r in named)


def find_rule(entry: str) -> Rule:
    """The one rule ``entry`` names (see ``named_rules``); LookupError when it names none or several."""
    try:
        found = named_rules(entry)
    except UnknownRule:
        found = ()
    if len(found) == 1:
        return found[0]
    if found:
        raise LookupError(f"{entry!r} names several rules ({', '.join(r.code for r in found)}); name one")
    raise LookupError(f"no rule {entry!r}; valid codes: {', '.join(r.code for r in ALL_RULES)}")


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules to run, in code order: all (or those ``select`` names) minus those ``ignore``
    names; each entry as for ``named_rules``. An opt-in rule runs only when an entry names
    its code or name; "+" alone stands for the default rules. Raises ValueError on a part
    that names no rule."""
    entries = [part.strip() for entry in select for part in entry.split(",") if part.strip()]
    defaults = {r for r in ALL_RULES if not r.opt_in}
    chosen = set(defaults) if not entries or "+" in entries else set()
    for rule in _named([e for e in entries if e != "+"], "select"):
        if not rule.opt_in or _names(rule, select):
            chosen.add(rule)
    chosen -= set(_named(ignore, "ignore"))
    return tuple(r for r in ALL_RULES if r in chosen)


def _names(rule: Rule, entries: Iterable[str]) -> bool:
    """Whether one of ``entries`` names ``rule`` by its whole code or its name."""
    return any(part.strip().upper() == rule.code or part.strip().lower() == rule.name
               for entry in entries for part in entry.split(","))


def _named(entries: Iterable[str], option: str) -> list[Rule]:
    try:
        return [rule for entry in entries for rule in named_rules(entry)]
    except UnknownRule as error:
        raise ValueError(f"--{option}: {error}") from None
