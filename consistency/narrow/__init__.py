"""Narrow a checked corpus's findings to what an editor or a CI gate should see today:
findings that involve a draft, not silenced inline, not already in the baseline."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import get_args

from consistency.narrow.baseline import filter_baseline
from consistency.narrow.drafts import filter_against, lead_with_drafts
from consistency.model import Finding, ReadError, Report, Severity
from consistency.narrow.suppress import apply_suppressions, load_suppressions, unknown_codes

# Findings shown per article (the document of a finding's first claim); a note counts the rest.
MAX_FINDINGS_PER_DOCUMENT = 100
_MOST_SEVERE_FIRST = get_args(Severity)


@dataclass(frozen=True)
class Narrowed:
    """The report to show, what became of the rest, and what a new baseline would hold."""

    report: Report
    outside_drafts: int
    suppressed: int
    baselined: int
    unused_suppressions: tuple[tuple[str, int, tuple[str, ...]], ...]
    baseline_candidates: tuple[Finding, ...]
    unknown_codes: tuple[tuple[str, int, tuple[str, ...]], ...] = ()
    capped: tuple[ReadError, ...] = ()


def narrow(report: Report, drafts: frozenset[str] | None = None,
           baseline: frozenset[str] | None = None, every_file: bool = False,
           rule_names: frozenset[str] | None = None, given: Mapping[str, str] | None = None) -> Narrowed:
    """Apply, in order: the draft filter (``drafts`` None = every file is a draft), inline
    suppressions from the source files, the baseline (``baseline`` None = none), and the cap
    of MAX_FINDINGS_PER_DOCUMENT per article (its most severe, in report order), each capped
    article noted in ``capped`` and among the report's problems (as a warning). With ``drafts``,
    the report's findings lead with the drafts (``lead_with_drafts``) and it keeps their paths.

    Suppressions are read from the files the findings are in, which are the only ones that
    can silence something; ``every_file`` reads all documents' files, so that
    ``unused_suppressions`` also lists comments in files without findings. With
    ``rule_names`` (upper-cased rule codes and names), ``unknown_codes`` lists the directives
    of those files that name anything else. ``given``: texts of files read from elsewhere
    than their path (standard input), by path."""
    findings: Sequence[Finding] = report.findings
    outside = 0
    if drafts is not None:
        kept = filter_against(findings, drafts)
        outside, findings = len(findings) - len(kept), kept
    paths = ({doc.path for doc in report.documents} if every_file
             else {claim.location.path for finding in findings for claim in finding.claims})
    suppressions = load_suppressions(sorted(paths), given)
    findings, suppressed, unused = apply_suppressions(findings, suppressions)
    unknown = unknown_codes(suppressions, rule_names) if rule_names is not None else []
    candidates = tuple(findings)
    baselined = 0
    if baseline is not None:
        findings, baselined = filter_baseline(findings, baseline)
    findings, capped = cap_per_document(findings, MAX_FINDINGS_PER_DOCUMENT)
    if drafts is not None:
        findings = lead_with_drafts(findings, drafts)
    errors = tuple(sorted((*report.errors, *capped), key=lambda e: (e.path, e.line or 0, e.message)))
    return Narrowed(replace(report, findings=tuple(findings), errors=errors, drafts=drafts), outside,
                    len(suppressed), baselined, tuple(unused), candidates, tuple(unknown), tuple(capped))


def cap_per_document(findings: Sequence[Finding], limit: int) -> tuple[list[Finding], list[ReadError]]:
    """At most ``limit`` findings per document of a first claim (the most severe, kept in their
    order), and for each document over it a warning that counts the findings left out."""
    by_document: dict[str, list[int]] = {}
    for i, finding in enumerate(findings):
        by_document.setdefault(finding.claims[0].document_id, []).append(i)
    kept: set[int] = set()
    notes = []
    for indexes in by_document.values():
        ranked = sorted(indexes, key=lambda i: (_MOST_SEVERE_FIRST.index(findings[i].severity), i))
        kept.update(ranked[:limit])
        if len(indexes) > limit:
            first = findings[indexes[0]].claims[0]
            where = "" if first.document_id == first.location.path else f"{first.document_id}: "
            notes.append(ReadError(first.location.path, f"{where}{len(indexes) - limit} more findings not shown "
                                                         f"(at most {limit} per article)", skipped=False))
    return [finding for i, finding in enumerate(findings) if i in kept], notes
