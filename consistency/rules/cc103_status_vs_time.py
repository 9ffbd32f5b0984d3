"""Rule CC103 status-vs-time: its check and its documentation."""
from __future__ import annotations

from collections.abc import Iterable

from datetime import date

from consistency.model import Finding, TimeSpan
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import event_span, make_finding, published_on_or_after


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for subject, members in ctx.groups():
        dated = [c for c in members if c.kind == "date" and c.time is not None and c.modality != "rumored"]
        done = [c for c in dated if c.status in ("done", "ongoing")]
        planned = [c for c in dated if c.status == "planned"]
        for d in done:
            span = event_span(d)
            assert span is not None and d.time is not None
            # One finding per (done claim, document still planning): the same plan restated
            # in one article is one contradiction, not several.
            late_plans: dict[str, list] = {}
            for p in planned:
                plan = event_span(p)
                if p.document_id == d.document_id or plan is None or plan.start is None:
                    continue
                if _after(plan.start, span, d.published) and published_on_or_after(p, d.time.start):
                    late_plans.setdefault(p.document_id, []).append(p)
            for document_id in sorted(late_plans):
                plans = late_plans[document_id]
                p = plans[0]
                message = (f"{subject.attribute}: {d.status} '{d.text}' ({d.title}) "
                           f"but still planned for '{p.text}' ({p.title})")
                findings.append(make_finding(RULE, subject, (d, *plans), message))
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


def _after(day: date, done: TimeSpan, published: date | None) -> bool:
    """Whether ``day`` is after the done span: past its end; past its start for an open end
    ("since May 2025"); past the done document's publication when the span has neither."""
    if done.end is not None:
        return day >= done.end
    if done.start is not None:
        return day > done.start
    return published is not None and day > published
