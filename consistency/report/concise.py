"""Concise output: one `path:line:column: CODE subject: message` line per finding, which
editors and terminals turn into a link to the place."""
from __future__ import annotations

from consistency.display import printable
from consistency.model import Report
from consistency.report.annotations import headline, primary_claim


def render_concise(report: Report) -> str:
    """One line per finding, at its primary claim, in the report's order; nothing else."""
    return "".join(printable(f"{primary_claim(f).location}: {f.rule} {headline(f)}") + "\n"
                   for f in report.findings)
