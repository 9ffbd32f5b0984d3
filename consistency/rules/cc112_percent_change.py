"""Rule CC112 percent-change: its check and its documentation."""
from __future__ import annotations

import re
from collections.abc import Iterable

from consistency.model import Claim, Finding, Subject
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import DOCUMENT
from consistency.rules.tolerance import (describe, figures_by_sentence, format_percent, implied_change, make_finding,
                                         positions_in_sentence, stated_value, widened)


# What stands between a value and the change said of it in apposition: "60,000 seats, a 30% increase".
_APPOSED = re.compile(r"^\s*,\s*(?:an?|up|down|or)\s+$", re.IGNORECASE)


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    for sentence, members in figures_by_sentence(ctx.claims):
        finding = _check_sentence(sentence, members)
        if finding is not None:
            findings.append(finding)
    return findings


def _flags(claim: Claim) -> tuple[str, ...]:
    return claim.frame.flags if claim.frame is not None else ()


def _check_sentence(sentence: str, members: list[Claim]) -> Finding | None:
    """The finding of one sentence that states a change in percent, a new value ("to X") and
    the value it changed from ("from Y"), when the three cannot all be true."""
    changes = [c for c in members if c.unit == "percent" and "change" in _flags(c)]
    at = {c.id: (s, e) for s, e, c in positions_in_sentence(sentence, members)}
    before = {i: sentence[:s].rstrip().rsplit(" ", 1)[-1].lower() for i, (s, _) in at.items()}
    values = [c for c in members if c.unit != "percent"]
    new = [c for c in values if "update" in _flags(c) or before.get(c.id) == "to"]
    old = [c for c in values if "old_value" in _flags(c) or c.modality == "revised" or before.get(c.id) == "from"]
    if not new and len(changes) == 1 and changes[0].id in at:
        # "60,000 seats, a 30% increase on the original plan of 50,000": the value the change is said of
        new = [c for c in values if c not in old and c.id in at
               and _APPOSED.match(sentence[at[c.id][1]:at[changes[0].id][0]])]
    if len(changes) != 1 or len(new) != 1 or len(old) != 1 or new[0] is old[0]:
        return None  # none, or more than one reading of the sentence: do not guess
    change, after, before = changes[0], new[0], old[0]
    if after.kind != before.kind or after.unit != before.unit:
        return None
    implied = implied_change(widened(before), widened(after))
    stated = widened(change)
    if implied is None or stated.lo is None or stated.hi is None or implied.overlaps(stated):
        return None
    ratio = stated_value(after) / stated_value(before)
    direction = "rise" if ratio >= 1 else "fall"
    message = (f"{change.text} does not fit {describe(before)} to {describe(after)}, a {direction} of "
               f"{format_percent(abs(ratio - 1) * 100)} ({after.title})")
    subject = after.subject or _subject(change, after)
    return make_finding(RULE, subject, (change, before, after), message)


def _subject(change: Claim, after: Claim) -> Subject:
    """What changed, as the change's frame reads it ("traffic", "ridership" of its holder), in
    the article's title when it names no holder."""
    frame = change.frame
    measure = frame.measure if frame is not None else (after.unit or "value")
    holder = frame.holder if frame is not None and frame.holder else after.title
    return Subject(holder, f"change in {measure}")


RULE = Rule(
    code="CC112",
    name="percent-change",
    severity="error",
    scope=DOCUMENT,
    min_claims=3,  # the change, the value before and the value after
    summary="a stated percent change does not fit the values it changed from and to.",
    options=(),
    check=check,
    docs="""\
What it flags
    A sentence that gives a change in percent ("rose 8%", "an increase of 20 percent",
    "fell 12%"), the new value ("to 1.3 million boxes", or the value the change is said of
    in apposition: "60,000 seats, a 30% increase on ...") and the value it changed from
    ("from 1.1 million", "up from 200,000", "the original plan of 50,000 seats"), as the link stage's frames read them or as
    "to" and "from" right before the figures say, where no values within the implied precision of the two figures give the stated
    change within its own precision.

Why it matters
    The reader can do the arithmetic: "rose 8% to 1.3 million from 1.1 million" is a rise
    of 18%, so one of the three figures is wrong.

Example (bad)
    T: "Container traffic rose 8% to 1.3 million boxes from 1.1 million boxes in 2024."
    -> 8% does not fit 1.1 million boxes to 1.3 million boxes, a rise of 18% (T)

Not flagged (good)
    "Sales jumped 20 percent to 240,000 vehicles, up from 200,000"; "rose 8% to 1.3
    million from 1.2 million" (1.25 to 1.35 over 1.15 to 1.25 allows 8%); a change in
    percentage points; a sentence with two changes or two old values (which goes with
    which is not guessed).

Options
    None.

Severity
    An error: the three figures cannot all be right.""",
)
