"""GitHub Actions output: workflow-command annotations and a Markdown job summary.

Every claim of a finding gets its own annotation, so both sides of a contradiction show
in the pull request. See "Workflow commands for GitHub Actions" for the syntax.
"""
from __future__ import annotations

from consistency.model import Report
from consistency.report.annotations import with_other_claims
from consistency.report.findings_report import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(report: Report) -> str:
    """One `::error file=…,line=…::message` line per claim of each finding."""
    lines = []
    for finding in report.findings:
        title = f"{finding.rule} {finding.name}"
        for index, claim in enumerate(finding.claims):
            loc = claim.location
            props = {"file": loc.path, "line": loc.line, "col": loc.column, "endLine": loc.end_line,
                     "endColumn": loc.end_column, "title": title}
            rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
            lines.append(f"::{COMMANDS[finding.severity]} {rendered}::"
                         f"{escape_data(with_other_claims(finding, index))}")
    return "".join(line + "\n" for line in lines)


def step_summary(report: Report) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the summary line and a table of findings."""
    out = ["## consistency", "", summary_line(report), ""]
    if report.findings:
        out += ["| Rule | Subject | Message | Locations |", "| --- | --- | --- | --- |"]
        for finding in report.findings:
            places = "<br>".join(f"`{c.location}` {_cell(repr(c.text))}" for c in finding.claims)
            out.append(f"| {finding.rule} {finding.name} | {_cell(finding.subject.label)} | "
                       f"{_cell(finding.message)} | {places} |")
        out.append("")
    return "\n".join(out)


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")

