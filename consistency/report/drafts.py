"""A finding of a pre-publication check (--against, --diff) in the editor's terms: what the
draft says, then what the archive and the fact sheet say."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from consistency.model import Claim, Finding, Report
from consistency.rules.facts import facts_about
from consistency.rules.tolerance import describe
from consistency.settings import Fact


def draft_versus_archive(finding: Finding, report: Report, facts: Sequence[Fact] = ()) -> str | None:
    """ "your draft says 1.2 GW (line 3); 2 archive articles say 1.4 GW (newest 2026-09-15), 1 says
    1.2 GW (2025-11-02); the fact sheet says 1.4 GW (source: press kit)": the draft's values with
    their lines, the archive's by value (newest first) with how many articles give each and the
    newest of their dates, and the ``facts`` declared about the finding's subject. None outside a
    pre-publication check."""
    if report.drafts is None:
        return None
    draft = [claim for claim in finding.claims if report.role(claim) == "draft"]
    archive = [claim for claim in finding.claims if report.role(claim) == "archive"]
    parts = [f"your draft says {_draft_values(draft)}"]
    if archive:
        parts.append(_archive_values(value_groups(finding, archive)))
    declared = facts_about(finding.subject, facts, dict(report.names))
    if declared:
        parts.append("the fact sheet says " + " and ".join(f"{fact.value} (source: {fact.source})"
                                                           for fact in declared))
    return "; ".join(parts)


def said(claim: Claim) -> str:
    """A claim's value in the reader's words: a date as written ("late 2027"), a figure as the
    rules describe it ("1.4 GW", "up to 192 cores"), money in another currency as written with
    its value in dollars ("€3.1 billion ($3.584 billion)")."""
    written = " ".join(claim.text.split())
    if claim.kind == "date" or claim.value is None:
        return written
    value = describe(claim, as_written=False)
    converted = claim.kind == "money" and claim.original_unit not in (None, claim.unit)
    return f"{written} ({value})" if converted else value


def by_value(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """The claims grouped by ``said``, in the order each value first appears."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(said(claim), []).append(claim)
    return groups


def value_groups(finding: Finding, claims: Iterable[Claim] | None = None) -> list[tuple[str, list[Claim]]]:
    """The finding's ``claims`` (all by default) by value: in its value clusters when the rule
    grouped it (each with the cluster's value, so figures that agree within tolerance share a
    row), else by ``said``; claims no cluster holds follow, by ``said``."""
    chosen = list(finding.claims if claims is None else claims)
    by_id = {claim.id: claim for claim in chosen}
    groups = []
    for cluster in finding.clusters:
        members = [by_id.pop(i) for i in cluster.claims if i in by_id]
        if members:
            groups.append((cluster.value, members))
    rest = [claim for claim in chosen if claim.id in by_id]
    return groups + list(by_value(rest).items())


def _draft_values(claims: Sequence[Claim]) -> str:
    """ "1.2 GW (line 3)", "1.2 GW (lines 3, 9) and 1.4 GW (line 12)"; a claim in a draft other
    than the first claim's file is placed by path and line ("drafts/b.md:4")."""
    home = claims[0].location.path
    values = []
    for value, members in by_value(claims).items():
        lines = list(dict.fromkeys(c.location.line for c in members if c.location.path == home))
        places = [f"{'line' if len(lines) == 1 else 'lines'} {', '.join(map(str, lines))}"] if lines else []
        places += list(dict.fromkeys(f"{c.location.path}:{c.location.line}" for c in members
                                     if c.location.path != home))
        values.append(f"{value} ({', '.join(places)})")
    return " and ".join(values)


def _archive_values(groups: Sequence[tuple[str, list[Claim]]]) -> str:
    """ "2 archive articles say 1.4 GW (newest 2026-09-15), 1 says 1.2 GW (2025-11-02)": each
    value with the number of articles that give it and their newest date, newest first."""
    rows: list[tuple[date | None, int, str]] = []
    for value, members in groups:
        published = {c.document_id: c.published for c in members}
        dates = [day for day in published.values() if day is not None]
        rows.append((max(dates) if dates else None, len(published), value))
    rows.sort(key=lambda row: row[0] or date.min, reverse=True)  # stable: ties keep their order
    phrases = []
    for newest, count, value in rows:
        who = f"{count} archive article{'s' if count != 1 else ''}" if not phrases else str(count)
        when = "" if newest is None else f" ({'' if count == 1 else 'newest '}{newest.isoformat()})"
        phrases.append(f"{who} {'says' if count == 1 else 'say'} {value}{when}")
    return ", ".join(phrases)
