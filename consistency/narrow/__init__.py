"""Narrow a checked corpus's findings to what an editor or a CI gate should see today:
findings that involve a draft, not silenced inline, not already in the baseline."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from consistency.narrow.baseline import filter_baseline
from consistency.narrow.drafts import filter_against
from consistency.model import Finding, Report
from consistency.narrow.suppress import apply_suppressions, load_suppressions


@dataclass(frozen=True)
class Narrowed:
    """The report to show, what became of the rest, and what a new baseline would hold."""

    report: Report
    outside_drafts: int
    suppressed: int
    baselined: int
    unused_suppressions: tuple[tuple[str, int, tuple[str, ...]], ...]
    baseline_candidates: tuple[Finding, ...]


def narrow(report: Report, drafts: frozenset[str] | None = None,
           baseline: frozenset[str] | None = None, every_file: bool = False) -> Narrowed:
    """Apply, in order: the draft filter (``drafts`` None = every file is a draft), inline
    suppressions from the source files, and the baseline (``baseline`` None = none).

    Suppressions are read from the files the findings are in, which are the only ones that
    can silence something; ``every_file`` reads all documents' files, so that
    ``unused_suppressions`` also lists comments in files without findings."""
    findings: Sequence[Finding] = report.findings
    outside = 0
    if drafts is not None:
        kept = filter_against(findings, drafts)
        outside, findings = len(findings) - len(kept), kept
    paths = ({doc.path for doc in report.documents} if every_file
             else {claim.location.path for finding in findings for claim in finding.claims})
    suppressions = load_suppressions(sorted(paths))
    findings, suppressed, unused = apply_suppressions(findings, suppressions)
    candidates = tuple(findings)
    baselined = 0
    if baseline is not None:
        findings, baselined = filter_baseline(findings, baseline)
    return Narrowed(replace(report, findings=tuple(findings)), outside, len(suppressed), baselined,
                    tuple(unused), candidates)
