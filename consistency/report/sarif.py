"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, VS Code SARIF viewer).

One run; one rule descriptor per rule (its summary and documentation are the help text);
one result per finding, located at its first claim (in a pre-publication check, the draft's
first), with the other claims as ``relatedLocations``.
"""
from __future__ import annotations

import os
from urllib.parse import quote

from consistency import __version__
from consistency.display import original_path
from consistency.model import Claim, Report
from consistency.report.annotations import headline, primary_claim
from consistency.report.jsontext import json_text
from consistency.rules import ALL_RULES
from consistency.rules.base import Rule

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "consistency/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(report: Report, pretty: bool = False) -> str:
    """The report as a SARIF 2.1.0 log: same input, same bytes."""
    rule_index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    results = []
    for finding in report.findings:
        first = primary_claim(finding)
        others = [claim for claim in finding.claims if claim is not first]
        result: dict = {"ruleId": finding.rule}
        if finding.rule in rule_index:
            result["ruleIndex"] = rule_index[finding.rule]
        result.update({
            "level": LEVELS[finding.severity],
            "message": {"text": headline(finding)},
            "locations": [{"physicalLocation": _physical_location(first)}],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        })
        if others:
            result["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical_location(c),
                 "message": {"text": f"'{c.text}' in {c.title}"}}
                for i, c in enumerate(others, start=1)
            ]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "consistency",
                "version": __version__,
                "rules": [_rule_descriptor(rule) for rule in ALL_RULES],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_text(log, pretty)


def _rule_descriptor(rule: Rule) -> dict:
    help_text = f"{rule.code} {rule.name}: {rule.summary}\n\n{rule.docs}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _physical_location(claim: Claim) -> dict:
    """Where a claim is; the URI percent-encodes the file name's own bytes (UTF-8 or not),
    with "/" between folders."""
    loc = claim.location
    return {
        "artifactLocation": {"uri": quote(os.fsencode(original_path(loc.path)).replace(b"\\", b"/"), safe="/")},
        "region": {"startLine": loc.line, "startColumn": loc.column,
                   "endLine": loc.end_line, "endColumn": loc.end_column},
    }
