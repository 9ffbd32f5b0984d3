"""Rule CC103 status-vs-time: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from consistency.model import Claim, Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.grouping import Statement, cited, grouped_finding, representative
from consistency.rules.tolerance import event_span


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for subject, members in ctx.groups():
        dated = [c for c in members if c.kind == "date" and c.time is not None and c.modality != "rumored"]
        done = [(d, t) for d in dated if d.status in ("done", "ongoing") and (t := _threshold(d)) is not None]
        planned = [p for p in dated if p.status == "planned" and (span := event_span(p)) is not None
                   and span.start is not None]
        done_late, still_planned = _late(done, planned)
        if not done_late:
            continue
        groups = [[(d,) for d in done_late], [(p,) for p in still_planned]]
        d, p = (representative(g)[0] for g in groups)
        message = (f"{subject.attribute}: {cited(groups[0], f'{d.status} {_quoted(d)}')} "
                   f"but still planned for {cited(groups[1], _quoted(p))}")
        findings.append(grouped_finding(RULE, subject, groups, message, _status, suggest=False))
    return findings


RULE = Rule(
    code="CC103",
    name="status-vs-time",
    severity="error",
    scope=ENTITY,
    min_claims=2,  # a finding compares two claims at least
    summary="an event reported done at time T is still planned after T elsewhere.",
    options=(),
    check=check,
    docs="""\
What it flags
    An event date with status "done" (or "ongoing") in one document, and a date of the
    same event with status "planned" in another document, where the planned time starts
    after the done time has ended, and the planning document is not older than the done
    time (published on or after its start, or undated).

Why it matters
    "has transitioned its pilot line as of January 2026" and "is preparing for pilot
    production in April 2026" cannot both describe the present; one story is stale or wrong.

Example (bad)
    A: "As of January 2026, Corvia has started pilot production at its Lund fab."
    B: "Corvia is preparing to start pilot production in April 2026."
    -> pilot production: done 'As of January 2026' (A) but still planned for 'April 2026' (B)

Not flagged (good)
    A plan published before the event happened ("will start in April 2026", dated
    2025-06-01); a planned time that overlaps the done time; two different events.

Options
    None.""",
)


def _threshold(done: Claim) -> date | None:
    """The day a plan of the event must start after to be late for ``done``: past the end of its
    span; past its start for an open end ("since May 2025"); past the done document's
    publication when the span has neither; None when none of these is known."""
    span = event_span(done)
    assert span is not None
    if span.end is not None:
        return span.end - timedelta(days=1)
    return span.start if span.start is not None else done.published


def _late(done: list[tuple[Claim, date]], planned: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """The done claims with a late plan in another document, and the plans late for a done claim
    in another document: a plan starting after the done claim's threshold, in a document published
    on or after the done time's start (or undated). Two sweeps over the sorted claims, each
    keeping the best documents seen so far, not all pairs."""
    def start(p: Claim) -> date:
        return event_span(p).start  # type: ignore[union-attr, return-value]

    def since(d: Claim) -> int:
        return -(d.time.start or date.min).toordinal()  # type: ignore[union-attr]

    def published(p: Claim) -> int:
        return (p.published or date.max).toordinal()

    late_done, seen = [], _Best()
    ahead, at = sorted(planned, key=start, reverse=True), 0
    for d, threshold in sorted(done, key=lambda e: e[1], reverse=True):
        for plan in ahead[at:]:
            if start(plan) <= threshold:
                break
            seen.add(published(plan), plan.document_id)
            at += 1
        if seen.best(d.document_id) >= -since(d):
            late_done.append(d)
    late_plans, met = [], _Best()
    behind, at = sorted(done, key=lambda e: e[1]), 0
    for p in sorted(planned, key=start):
        for d, threshold in behind[at:]:
            if threshold >= start(p):
                break
            met.add(since(d), d.document_id)
            at += 1
        if met.best(p.document_id) >= -published(p):
            late_plans.append(p)
    return late_done, late_plans


class _Best:
    """The two largest keys added, of two different documents."""

    def __init__(self) -> None:
        self.top: list[tuple[int, str]] = []

    def add(self, key: int, document: str) -> None:
        kept = [(k, d) for k, d in self.top if d != document]
        old = max((k for k, d in self.top if d == document), default=key)
        self.top = sorted([*kept, (max(key, old), document)], reverse=True)[:2]

    def best(self, other_than: str) -> int:
        """The largest key of a document other than ``other_than`` (the smallest int when none)."""
        return next((k for k, d in self.top if d != other_than), -(1 << 62))


def _quoted(claim: Claim) -> str:
    return f"'{claim.text}' ({claim.title})"


def _status(statement: Statement) -> str:
    return f"{statement[0].status}: {statement[0].text}"
