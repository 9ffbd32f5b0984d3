"""What the CI formats (SARIF, GitHub, GitLab, rdjson, JUnit, concise) say about a finding and a claim."""
from __future__ import annotations

from consistency.model import Claim, Finding, Report


def primary_claim(finding: Finding) -> Claim:
    """The one place a finding is shown at when a format shows one: its first claim (the
    findings' order is by it; in a pre-publication check, the draft's first claim)."""
    return finding.claims[0]


def annotated_claims(finding: Finding, report: Report) -> list[tuple[int, Claim]]:
    """The claims, with their indices, that a format annotating lines (GitHub, GitLab, rdjson)
    puts an annotation on: every claim, or in a pre-publication check the draft's only (each
    annotation lists the other claims)."""
    return [(index, claim) for index, claim in enumerate(finding.claims) if report.role(claim) != "archive"]


def headline(finding: Finding) -> str:
    """The finding's message led by its subject: "Acme (Ohio) · capacity: 3 GW vs 1.2 GW — …"."""
    return f"{finding.subject.label}: {finding.message}"


def describe_claim(claim: Claim) -> str:
    """One claim on one line: "a.md:5:28 '3 GW' (Article title)"."""
    return f"{claim.location} '{' '.join(claim.text.split())}' ({claim.title})"


def with_other_claims(finding: Finding, index: int) -> str:
    """The headline for the annotation on claim ``index``, listing where the other claims are."""
    others = [describe_claim(c) for i, c in enumerate(finding.claims) if i != index]
    if not others:
        return headline(finding)
    return headline(finding) + "\n" + "\n".join(f"See also {other}" for other in others)
