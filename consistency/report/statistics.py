"""`consistency check --statistics`: how many findings each rule and each subject has (as
`ruff check --statistics` counts by rule), in place of the findings."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from consistency.display import printable
from consistency.model import Finding, Report
from consistency.report.claims_report import tool_json
from consistency.report.findings_report import summary_json, summary_line
from consistency.report.jsontext import json_text

STATISTICS_SCHEMA = "consistency.statistics/1"
# Subjects the text table lists; the others are counted on one line (JSON lists them all).
TOP_SUBJECTS = 20


def by_rule(findings: Sequence[Finding]) -> list[tuple[int, str, str]]:
    """(count, code, name) per rule: most findings first, then by code."""
    counts = Counter((f.rule, f.name) for f in findings)
    return sorted(((n, code, name) for (code, name), n in counts.items()), key=lambda row: (-row[0], row[1], row[2]))


def by_subject(findings: Sequence[Finding]) -> list[tuple[int, str]]:
    """(count, subject label) per subject: most findings first, then by label."""
    counts = Counter(f.subject.label for f in findings)
    return sorted(((n, label) for label, n in counts.items()), key=lambda row: (-row[0], row[1]))


def render_statistics_text(report: Report, summary: bool = True) -> str:
    """A table of counts by rule, one of the TOP_SUBJECTS subjects with the most findings, then
    the summary line (unless ``summary`` is False)."""
    rules = by_rule(report.findings)
    subjects = by_subject(report.findings)
    width = max(len("count"), len(str(len(report.findings))))
    code_width = max([len("code"), *(len(code) for _, code, _ in rules)])
    lines = [f"{'count':>{width}}  {'code':<{code_width}}  rule"]
    lines += [f"{n:>{width}}  {code:<{code_width}}  {name}" for n, code, name in rules]
    lines += ["", f"{'count':>{width}}  subject"]
    lines += [f"{n:>{width}}  {printable(label)}" for n, label in subjects[:TOP_SUBJECTS]]
    rest = subjects[TOP_SUBJECTS:]
    if rest:
        lines.append(f"{'':>{width}}  … {len(rest)} more subjects, {sum(n for n, _ in rest)} findings")
    if summary:
        lines += ["", summary_line(report)]
    return "\n".join(lines) + "\n"


def render_statistics_json(report: Report, pretty: bool = False) -> str:
    """The counts as JSON (docs/report-json.md, "Statistics"): every rule and every subject."""
    payload = {
        "schema": STATISTICS_SCHEMA,
        "tool": tool_json(),
        "summary": summary_json(report),
        "statistics": {
            "rules": [{"code": code, "name": name, "count": n} for n, code, name in by_rule(report.findings)],
            "subjects": [{"subject": label, "count": n} for n, label in by_subject(report.findings)],
        },
    }
    return json_text(payload, pretty)
