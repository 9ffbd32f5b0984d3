"""Output of `consistency check`: text for people (grouped by subject), JSON for programs.

The JSON object is documented in docs/report-json.md; keep it stable (add fields,
never rename them).
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

from consistency.display import printable
from consistency.model import Claim, Finding, Report, Role, ValueCluster
from consistency.report.claims_report import error_to_dict, plural, tool_json, where_and_what
from consistency.report.drafts import draft_versus_archive
from consistency.report.jsontext import json_text
from consistency.settings import Fact

REPORT_SCHEMA = "consistency.report/1"
SEVERITIES = ("error", "warning", "info")  # most severe first
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
ROLE_STYLES = {"draft": "bold magenta", "archive": "dim"}
# Characters of the sentence shown around a claim in the text output.
SENTENCE_WIDTH = 100
# Articles of one value cluster whose claims the text output lists (the JSON lists all).
ARTICLES_PER_CLUSTER = 3


def render_findings_json(report: Report, pretty: bool = False) -> str:
    """The report as the JSON contract of docs/report-json.md: same input, same bytes;
    compact, or indented when ``pretty``."""
    payload = {
        "schema": REPORT_SCHEMA,
        "tool": tool_json(),
        "summary": summary_json(report),
        "findings": [finding_to_dict(f, report) for f in report.findings],
    }
    return json_text(payload, pretty)


def summary_json(report: Report) -> dict:
    """The "summary" object of the JSON reports: what was read, found, cut and not read."""
    return {
        "documents": report.document_count,
        "claims": report.claim_count,
        "findings": len(report.findings),
        "findings_not_shown": report.not_shown,
        "errors": [error_to_dict(e) for e in report.errors],
    }


def finding_to_dict(finding: Finding, report: Report) -> dict:
    """A finding as JSON; its claims carry their ``role`` in a pre-publication check only."""
    return {
        "id": finding.fingerprint,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "subject": finding.subject.label,
        "message": finding.message,
        "claims": [_claim_to_dict(c, report.role(c)) for c in finding.claims],
        "clusters": [_cluster_to_dict(c) for c in finding.clusters],
        "suggestion": None if finding.suggestion is None else {
            "value": finding.suggestion.value, "reason": finding.suggestion.reason,
            "detail": finding.suggestion.detail},
    }


def _cluster_to_dict(cluster: ValueCluster) -> dict:
    return {
        "value": cluster.value,
        "claims": list(cluster.claims),
        "articles": cluster.articles,
        "earliest": None if cluster.earliest is None else cluster.earliest.isoformat(),
        "newest": None if cluster.newest is None else cluster.newest.isoformat(),
        "outlier": cluster.outlier,
    }


def _claim_to_dict(claim: Claim, role: Role | None) -> dict:
    fields = {
        "id": claim.id,
        **where_and_what(claim),
        "value": claim.value.as_list() if claim.value else None,
        "unit": claim.unit,
        "time": claim.time.as_list() if claim.time else None,
        "document": claim.title,
        "kind": claim.kind,
        "modality": claim.modality,
        "qualifier": claim.qualifier,
    }
    return fields if role is None else {**fields, "role": role}


def render_findings_text(report: Report, color: bool, summary: bool = True, facts: Sequence[Fact] = ()) -> str:
    """Findings grouped by subject label (alphabetical), each with its claims and their sentences,
    then the summary line (unless ``summary`` is False).

    Within a subject, findings keep the report's order (by path, line, rule). In a
    pre-publication check a finding leads with the draft: what the draft says against what the
    archive and the fact sheet (``facts``) say, then the rule's message, then each claim marked
    draft or archive, the draft's first. ANSI colour is used only when ``color`` is True; what
    comes from the files (names, titles, sentences) is shown ``printable``, so it cannot move
    the cursor or reverse text on a terminal.
    """
    from rich.console import Console  # here, not at import: other formats do without rich
    from rich.text import Text

    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.subject.label, []).append(finding)
    lines: list[Text] = []
    for label in sorted(groups):
        lines.append(Text(printable(label), style="bold underline"))
        for finding in groups[label]:
            severity = finding.severity
            versus = draft_versus_archive(finding, report, facts)
            lines.append(Text.assemble(
                "  ", (f"{severity:<7}", SEVERITY_STYLES.get(severity, "")), "  ",
                (finding.rule, "bold"), " ", (finding.name, "dim"), "  ", printable(versus or finding.message),
            ))
            if versus:
                lines.append(Text.assemble("    ", (printable(finding.message), "dim")))
            shown = shown_claims(finding, report)
            for claim in shown:
                role = report.role(claim)
                lines.append(Text.assemble(
                    "    ", *([(f"{role:<7}", ROLE_STYLES[role]), "  "] if role else []),
                    (printable(str(claim.location)), "cyan"), "  ",
                    (f"'{printable(_one_line(claim.text))}'", "bold"), "  — ",
                    printable(clip_sentence(claim.sentence, claim.text)),
                ))
            if len(shown) < len(finding.claims):
                lines.append(Text(f"    … and {len(finding.claims) - len(shown)} more", style="dim"))
        lines.append(Text(""))
    if summary:
        lines.append(Text(summary_line(report)))
    if not color:
        return "\n".join(line.plain for line in lines) + "\n"
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", no_color=False,
                      highlight=False, width=10_000, legacy_windows=False)
    for line in lines:
        console.print(line, soft_wrap=True)
    return out.getvalue()


def shown_claims(finding: Finding, report: Report) -> list[Claim]:
    """The claims of ``finding`` the text output lists, in order: those of the first
    ``ARTICLES_PER_CLUSTER`` articles of each value cluster, and every claim in a draft."""
    cluster_of = {claim_id: i for i, cluster in enumerate(finding.clusters) for claim_id in cluster.claims}
    articles: dict[int, set[str]] = {}
    shown = []
    for claim in finding.claims:
        seen = articles.setdefault(cluster_of.get(claim.id, -1), set())
        if claim.id not in cluster_of or report.role(claim) == "draft" or claim.document_id in seen \
                or len(seen) < ARTICLES_PER_CLUSTER:
            seen.add(claim.document_id)
            shown.append(claim)
    return shown


def summary_line(report: Report) -> str:
    """ "3 findings (2 errors, 1 warning) in 10 documents, 412 claims"; info and input problems when any."""
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    parts = [plural(counts["error"], "error"), plural(counts["warning"], "warning")]
    if counts["info"]:
        parts.append(f"{counts['info']} info")
    text = (f"{plural(len(report.findings), 'finding')} ({', '.join(parts)}) in "
            f"{plural(report.document_count, 'document')}, {plural(report.claim_count, 'claim')}")
    if report.errors:
        text += f", {plural(len(report.errors), 'input problem')} (see stderr)"
    if report.not_shown:
        text += f"; {cut_note(report)}"
    return text


def first_findings(report: Report, limit: int | None) -> Report:
    """``report`` with only its first ``limit`` findings (all of them when None); the others
    are counted in ``not_shown``."""
    if limit is None or len(report.findings) <= limit:
        return report
    return replace(report, findings=report.findings[:limit], not_shown=len(report.findings) - limit)


def cut_note(report: Report) -> str:
    """ "5 more findings not shown (--max-findings 2)": what ``first_findings`` cut."""
    return f"{plural(report.not_shown, 'more finding')} not shown (--max-findings {len(report.findings)})"


def clip_sentence(sentence: str, text: str, width: int = SENTENCE_WIDTH) -> str:
    """The sentence on one line, cut to ``width`` characters around ``text`` with '…' where cut."""
    sentence = _one_line(sentence)
    if len(sentence) <= width:
        return sentence
    at = sentence.find(_one_line(text))
    at = max(at, 0)
    start = max(0, min(at - width // 3, len(sentence) - width))
    end = start + width
    window = sentence[start:end]
    if start > 0:  # cut at word boundaries
        window = window.partition(" ")[2] or window
    if end < len(sentence):
        window = window.rpartition(" ")[0] or window
    return ("…" if start > 0 else "") + window.strip() + ("…" if end < len(sentence) else "")


def severity_rank(severity: str) -> int:
    """2 for error, 1 for warning, 0 for info: findings at or above a rank fail the run."""
    return len(SEVERITIES) - 1 - SEVERITIES.index(severity)


def _one_line(text: str) -> str:
    return " ".join(text.split())


