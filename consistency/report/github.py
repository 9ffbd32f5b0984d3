"""GitHub Actions output: workflow-command annotations and a Markdown job summary.

Every claim of a finding gets its own annotation, so both sides of a contradiction show
in the pull request; in a pre-publication check (--diff, --against), only the draft's claims
do. See "Workflow commands for GitHub Actions" for the syntax.
"""
from __future__ import annotations

from consistency.display import printable
from consistency.model import Report
from consistency.report.annotations import annotated_claims, with_other_claims
from consistency.report.findings_report import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# Escaped by the workflow-command syntax itself (%0D, %0A); other control characters by ``printable``.
LINE_BREAKS = "\r\n"


def render_github(report: Report) -> str:
    """One `::error file=…,line=…::message` line per annotated claim of each finding."""
    lines = []
    for finding in report.findings:
        title = f"{finding.rule} {finding.name}"
        for index, claim in annotated_claims(finding, report):
            loc = claim.location
            props = {"file": loc.path, "line": loc.line, "col": loc.column, "endLine": loc.end_line,
                     "endColumn": loc.end_column, "title": title}
            rendered = ",".join(f"{key}={escape_property(printable(str(value), LINE_BREAKS))}"
                                for key, value in props.items())
            message = printable(with_other_claims(finding, index), LINE_BREAKS)
            lines.append(f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def step_summary(report: Report) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the summary line and a table of findings."""
    out = ["## consistency", "", summary_line(report), ""]
    if report.findings:
        out += ["| Rule | Subject | Message | Locations |", "| --- | --- | --- | --- |"]
        for finding in report.findings:
            places = "<br>".join(f"{_code_cell(str(c.location))} {_cell(repr(c.text))}" for c in finding.claims)
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
    """``text`` as one cell of a Markdown table: on one line, printable, its pipes escaped."""
    return " ".join(printable(text).split()).replace("|", "\\|")


def _code_cell(text: str) -> str:
    """``text`` in code style in a Markdown table cell (a backtick in it would end the code span)."""
    return "`" + _cell(text).replace("`", "'") + "`"
