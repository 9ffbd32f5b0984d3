"""Rule CC114 change-from-base: its check and its documentation."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from consistency.model import Claim, Finding, TimeSpan
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import ENTITY
from consistency.rules.tolerance import (describe, format_percent, implied_change, make_finding,
                                         positions_in_sentence, stated_value, widened)

# What stands between a change and the value it came to ("rose 5% to 48 million") ...
_CHANGE_TO = re.compile(r"\s+to\s+$")
# ... or between a value and its change ("1.3 million containers in 2025, up 8%").
_VALUE_UP = re.compile(r"^[^.;:]{0,40},\s*(?:up|down)\s+(?:by\s+)?$", re.IGNORECASE)
_FALL = re.compile(r"\b(?:down|fell|fall|falls|dropped|drop|drops|declined|decline|declines|slipped|shrank|"
                   r"decreased|cut|lowered|sank|slumped)\b", re.IGNORECASE)


def check(ctx: RuleContext) -> Iterable[Finding]:
    by_sentence: dict[tuple[str, str], list[Claim]] = {}
    for claim in ctx.claims:
        by_sentence.setdefault((claim.document_id, claim.sentence), []).append(claim)
    findings = []
    for subject, members in ctx.groups():
        for after in members:
            period = _period(after)
            change = _change_of(after, by_sentence[(after.document_id, after.sentence)]) if period else None
            if period is None or change is None or after.value is None:
                continue
            earlier = _previous(period)
            bases = [c for c in members if c.sentence != after.sentence and c.unit == after.unit
                     and c.value is not None and _period(c) == earlier]
            finding = _judge(change, after, bases)
            if finding is not None:
                findings.append(finding)
    return findings


def _judge(change: Claim, after: Claim, bases: Sequence[Claim]) -> Finding | None:
    """The finding when every stated value of the earlier period gives a change the stated
    one cannot be (their precision and its own applied)."""
    stated = widened(change)
    if not bases or stated.lo is None or stated.hi is None:
        return None
    for before in bases:
        implied = implied_change(widened(before), widened(after))
        if implied is None or implied.overlaps(stated):
            return None
    before = bases[0]
    ratio = stated_value(after) / stated_value(before)
    direction = "rise" if ratio >= 1 else "fall"
    said = "fall" if _FALL.search(after.sentence) else "rise"
    assert after.time is not None and before.time is not None and after.subject is not None
    base_text = "; ".join(f"{describe(c)} ({c.title})" for c in bases)
    message = (f"a {said} of {change.text} to {describe(after)} in {after.time.period_label()} ({after.title}) does not "
               f"fit {base_text} in {before.time.period_label()}: that is a {direction} of "
               f"{format_percent(abs(ratio - 1) * 100)}")
    return make_finding(RULE, after.subject, (change, after, *bases), message)


def _change_of(after: Claim, mates: Sequence[Claim]) -> Claim | None:
    """The change in percent its sentence gives for a value: "rose 5% to 48 million
    passengers" or "1.3 million containers in 2025, up 8%"; None when there is none, or when
    the sentence also gives the value changed from (CC112 judges that one)."""
    if any(c.modality == "revised" or c.frame is not None and "old_value" in c.frame.flags for c in mates):
        return None
    text = after.sentence
    at = {c.id: (start, end) for start, end, c in positions_in_sentence(text, sorted(mates, key=lambda c: c.start))}
    if after.id not in at:
        return None
    start, end = at[after.id]
    changes = [c for c in mates if c.unit == "percent" and c.value is not None and c.id in at
               and (_CHANGE_TO.search(text[at[c.id][1]:start]) if at[c.id][1] <= start
                    else _VALUE_UP.match(text[end:at[c.id][0]]))]
    return changes[0] if len(changes) == 1 else None


def _period(claim: Claim) -> TimeSpan | None:
    """The period a figure is of (a year, half, quarter or month), from its own time scope."""
    span = claim.time
    return span if span is not None and not claim.time_relation and span.period_label() else None


def _previous(span: TimeSpan) -> TimeSpan:
    """The period of the same length right before ``span`` ("the previous year")."""
    assert span.start is not None and span.end is not None
    months = (span.end.year - span.start.year) * 12 + span.end.month - span.start.month
    return TimeSpan(_months_before(span.start, months), span.start, span.grain)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


RULE = Rule(
    code="CC114",
    name="change-from-base",
    severity="warning",
    scope=ENTITY,
    min_claims=3,  # the change, the value it came to, the value of the period before
    summary="a stated change in percent does not fit the subject's value of the period before.",
    options=(),
    check=check,
    docs="""\
What it flags
    A figure of a period ("48 million passengers in 2025") given with the change in percent
    that led to it ("ridership rose 5% to 48 million passengers in 2025", "handled 1.3
    million containers in 2025, up 8%"), and the same subject's figure for the period
    before (the previous year, half, quarter or month, of the same length), in the same
    article or another one, when the two figures (their precision applied) cannot give the
    stated change (its precision applied). "The previous year" is the year before the
    figure's own, not before the article's date.

Why it matters
    Readers compare with last year's story: "rose 5% to 48 million" after a year of 42
    million is a rise of 14%, so one of the three figures is wrong.

Example (bad)
    A (2025): "Pellam Rail carried 42 million passengers in 2024."
    B (2026): "Pellam Rail's ridership rose 5% to 48 million passengers in 2025."
    -> a rise of 5% to 48 million passengers (B) does not fit 42 million passengers (A)
       the period before: a rise of 14%

Not flagged (good)
    "rose 12% to 47 million in 2025" after 42 million in 2024 (a rise of 11.9%); a change
    whose sentence gives its own base ("from 1.1 million": CC112); a base of another
    period (a quarter against a year, two years before); a change with no period of its
    own; two accounts of the earlier figure of which one fits.

Options
    None.

Severity
    A warning: the earlier figure may have been revised since.""",
)
