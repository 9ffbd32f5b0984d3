"""GitLab Code Quality output (the `codequality` report artifact): one entry per claim of each finding."""
from __future__ import annotations

import json

from consistency.model import Report
from consistency.report.annotations import with_other_claims

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(report: Report) -> str:
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
        for index, claim in enumerate(finding.claims)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
