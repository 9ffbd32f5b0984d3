"""reviewdog Diagnostic Format (rdjson) output: one diagnostic per claim of each finding (in a
pre-publication check, per claim of the draft), with the finding's other claims as related
locations.

Columns count code points, as everywhere in this tool; rdjson counts UTF-8 bytes, so on
lines with non-ASCII text before a claim reviewdog may place it a few columns off.
"""
from __future__ import annotations

from consistency.model import Claim, Report
from consistency.report.annotations import annotated_claims, headline
from consistency.report.jsontext import json_text

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def render_rdjson(report: Report, pretty: bool = False) -> str:
    """The report as an rdjson object: same input, same bytes."""
    diagnostics = []
    for finding in report.findings:
        for index, claim in annotated_claims(finding, report):
            diagnostic = {
                "message": headline(finding),
                "location": _location(claim),
                "severity": SEVERITIES[finding.severity],
                "code": {"value": finding.rule},
            }
            related = [
                {"message": f"'{c.text}' in {c.title}", "location": _location(c)}
                for i, c in enumerate(finding.claims) if i != index
            ]
            if related:
                diagnostic["related_locations"] = related
            diagnostics.append(diagnostic)
    payload = {"source": {"name": "consistency"}, "diagnostics": diagnostics}
    return json_text(payload, pretty)


def _location(claim: Claim) -> dict:
    loc = claim.location
    return {"path": loc.path, "range": {"start": {"line": loc.line, "column": loc.column},
                                        "end": {"line": loc.end_line, "column": loc.end_column}}}
