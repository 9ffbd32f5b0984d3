"""Which event a date is about ("pilot production in April 2026") and its status (done or planned)."""
from __future__ import annotations

from dataclasses import dataclass

import re

from consistency.link.lexicon import load, phrase_pattern, words_between
from consistency.model import Claim

_DATA = load("events.toml")
WINDOW_AFTER: int = _DATA["window_after"]
WINDOW_BEFORE: int = _DATA["window_before"]
_EVENT_OF = {phrase: name for name, phrases in sorted(_DATA["events"].items()) for phrase in phrases}
_EVENTS = phrase_pattern(tuple(_EVENT_OF))
_REQUIRES = {name: phrase_pattern(tuple(words)) for name, words in sorted(_DATA.get("requires", {}).items())}
_STATUS_OF = {cue: status for status, cues in sorted(_DATA["status"].items()) for cue in cues}
_STATUS = phrase_pattern(tuple(_STATUS_OF))
# An aside between commas ("approved X, a drug made by Y, in May 2025").
_ASIDE = re.compile(r",[^,.;]{1,80},")


def _distance(text: str, start: int, end: int) -> int:
    """Words between two points, not counting asides between commas."""
    return words_between(_ASIDE.sub(",", text[start:end]), 0, end - start) if end > start else 0


@dataclass(frozen=True)
class EventDate:
    """A date claim bound to an event, with the status its sentence gives (or None)."""

    claim: Claim
    event: str
    status: str | None
    phrase_end: int  # where the event phrase ends in the document: its object may follow


def event_dates(dates: list[Claim], sentence: str, offset: int) -> list[EventDate]:
    """Bind each event phrase of one sentence to one date claim of that sentence.

    The first date after the phrase within WINDOW_AFTER words wins ("pilot production in
    April 2026"); else the nearest date before it within WINDOW_BEFORE words ("as of January
    2026, has started pilot production"). A date serves one event at most.
    """
    lowered = sentence.lower().replace("\n", " ")
    bound: dict[str, EventDate] = {}
    for m in _EVENTS.finditer(lowered):
        event = _EVENT_OF[m.group(0)]
        if event in _REQUIRES and not _REQUIRES[event].search(lowered):
            continue
        after = [d for d in dates if d.start - offset >= m.end() and d.id not in bound
                 and _distance(lowered, m.end(), d.start - offset) <= WINDOW_AFTER]
        before = [d for d in dates if d.end - offset <= m.start() and d.id not in bound
                  and _distance(lowered, d.end - offset, m.start()) <= WINDOW_BEFORE]
        if after:
            claim = min(after, key=lambda d: d.start)
        elif before:
            claim = max(before, key=lambda d: d.end)
        else:
            continue
        # A past-tense event word ("completed", "approved") is its own status.
        status = "done" if _STATUS_OF.get(m.group(0)) == "done" else _status(lowered, m.start(), claim)
        bound[claim.id] = EventDate(claim, event, status, m.end() + offset)
    return sorted(bound.values(), key=lambda e: e.claim.start)


def _status(lowered: str, event_start: int, claim: Claim) -> str | None:
    """The status cue nearest before the event phrase; a planned modality counts as planned."""
    cue = None
    for m in _STATUS.finditer(lowered, 0, event_start):
        cue = m
    if cue is not None:
        return _STATUS_OF[cue.group(0)]
    if claim.modality in ("planned", "expected"):
        return "planned"
    return None
