"""Rule CC113 figure-updated: its check and its documentation (opt-in: --show-updates)."""
from __future__ import annotations

from collections.abc import Iterable

from consistency.model import Claim, Finding
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import (NUMERIC_KINDS, describe, event_span, is_conversion_pair, is_revision,
                                         make_finding, spans_disagree, times_compatible, values_disagree)


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for subject, members in ctx.groups():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.document_id != b.document_id and _updated(a, b, ctx):
                    old, new = sorted((a, b), key=_when)
                    message = f"updated: {_said(old)} ({_where(old)}) → {_said(new)} ({_where(new)})"
                    findings.append(make_finding(RULE, subject, (old, new), message))
    return findings


def _updated(a: Claim, b: Claim, ctx: RuleContext) -> bool:
    """Whether two articles give one subject different values and one of them says it changed
    (an account of the earlier value is no change: CC101 compares it)."""
    if "earlier" in (a.status, b.status) or not is_revision(a, b) or a.kind != b.kind:
        return False
    if a.kind == "date":
        span_a, span_b = event_span(a), event_span(b)
        return span_a is not None and span_b is not None and spans_disagree(span_a, span_b)
    if a.kind not in NUMERIC_KINDS or a.value is None or b.value is None or a.unit != b.unit:
        return False
    if is_conversion_pair(a, b) or not (times_compatible(a, b) or a.subject is not None and a.subject.changing):
        return False
    return values_disagree(a, b, ctx.tolerance.fx, ctx.tolerance.numeric)


def _when(claim: Claim) -> tuple[str, str, int]:
    return (claim.published.isoformat() if claim.published else "", claim.document_id, claim.start)


def _said(claim: Claim) -> str:
    return claim.text if claim.kind == "date" else describe(claim)


def _where(claim: Claim) -> str:
    return f"{claim.title}, {claim.published.isoformat()}" if claim.published else claim.title


RULE = Rule(
    code="CC113",
    name="figure-updated",
    severity="info",
    scope=ENTITY,
    min_claims=2,  # an earlier and a later value
    summary="an article gives a new value for a figure or date and says it changed (opt-in: --show-updates).",
    options=("tolerance.fx", "tolerance.numeric"),
    check=check,
    opt_in=True,
    docs="""\
What it flags
    Not a contradiction: two articles that give one subject different values (figures, or
    the date of an event) where one says the value changed ("now", "raised to", "cut to",
    "revised", "after delays", "delayed by a year", "up from"). CC101 and CC102 stay quiet
    on such pairs; this rule lists them as `info` so an editor can see how a story moved.
    It runs only when asked for: `--show-updates`, or `--select CC113`.

Why it matters
    An archive spans years and figures change. Seeing the updates helps an editor decide
    whether an older article needs a note, without treating the change as an error.

Example (bad)
    A (2025-03-01): "The Tollan bridge will cost $1.2 billion."
    B (2026-04-01): "The Tollan bridge will now cost $1.5 billion after delays."
    -> updated: $1.2 billion (A, 2025-03-01) → $1.5 billion (B, 2026-04-01)

Not flagged (good)
    Two different values with no change signalled (that is CC101 or CC102); a change
    within one article; values that agree.

Options
    `tolerance.fx`: relative slack for amounts converted from another currency.
    `tolerance.numeric`: relative slack around every figure, beyond its implied precision.

Severity
    Info: an update is not an error.""",
)
