"""Severity changes and per-path rule settings, applied to the findings the rules made."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from consistency.model import Finding
from consistency.rules import named_rules, select_rules
from consistency.settings import Settings


def apply_overrides(findings: Iterable[Finding], settings: Settings) -> tuple[Finding, ...]:
    """Findings after the ``severity`` table and the per-path ``overrides``, in the given order.

    An override applies to a finding when every claim of it lies in a file matching one of
    its ``paths`` (a finding that also involves another file stays as it is); later
    overrides win. A finding whose rule an applying override ignores is dropped.
    """
    result = []
    for finding in findings:
        level = _severity_for(finding.rule, settings.severity) or finding.severity
        dropped = False
        for override in settings.overrides:
            if not all(override.applies_to(c.location.path) for c in finding.claims):
                continue
            if override.ignore and any(r.code == finding.rule for r in select_rules(override.ignore)):
                dropped = True
            level = _severity_for(finding.rule, override.severity) or level
        if not dropped:
            result.append(finding if level == finding.severity else replace(finding, severity=level))
    return tuple(result)


def _severity_for(code: str, table: tuple[tuple[str, str], ...]) -> str | None:
    level = None
    for entry, value in table:
        if any(rule.code == code for rule in named_rules(entry)):
            level = value
    return level
