"""GitLab Code Quality output (the `codequality` report artifact): one entry per claim of each
finding; in a pre-publication check (--diff, --against), per claim of the draft."""
from __future__ import annotations

from consistency.model import Report
from consistency.report.annotations import annotated_claims, with_other_claims
from consistency.report.jsontext import json_text

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(report: Report, pretty: bool = False) -> str:
    """A JSON array of Code Quality issues; ``fingerprint`` is unique per finding and claim."""
    issues = [
        {
            "type": "issue",
            "description": with_other_claims(finding, index),
            "check_name": finding.rule,
            "categories": ["Bug Risk"],
            "fingerprint": f"{finding.fingerprint}-{index}",
            "severity": SEVERITIES[finding.severity],
            "location": {"path": claim.location.path,
                         "lines": {"begin": claim.location.line, "end": claim.location.end_line}},
        }
        for finding in report.findings
        for index, claim in annotated_claims(finding, report)
    ]
    return json_text(issues, pretty)
