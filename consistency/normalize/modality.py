"""Modality of a claim (reported, planned, expected, rumored, estimated, revised) from cue words."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

REPORTED = "reported"
_AFTER_WINDOW = 40  # characters after the claim in which a trailing cue still counts
# A trailing cue in the next clause is about something else: "closed a $3 billion loan
# and expects first power next year".
_CLAUSE_BREAK = re.compile(r";|\s(?:and|but|while|whereas|although)\s")


@lru_cache(maxsize=1)
def _cue_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    data = tomllib.loads(resources.files("consistency.data").joinpath("modality.toml").read_text("utf-8"))
    modality_of: dict[str, str] = {}
    for modality, cues in sorted(data["modality"].items()):
        for cue in cues:
            modality_of.setdefault(cue, modality)
    alternatives = sorted(modality_of, key=len, reverse=True)
    body = "|".join(re.escape(c) for c in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), modality_of


def modality_for(sentence: str, claim_start: int, claim_end: int) -> str:
    """The modality of the claim at sentence[claim_start:claim_end].

    The cue nearest before the claim wins; failing that, a cue just after it in the same
    clause; else "reported". A cue ending in "from" counts only for the figure right after it.
    A sentence-initial capitalised cue ("Reportedly, ...") counts too.
    """
    pattern, modality_of = _cue_pattern()
    lowered_first = sentence[:1].lower() + sentence[1:]
    before = None
    for m in pattern.finditer(lowered_first, 0, claim_start):
        if not _marks_next_figure(m.group(0)) or not sentence[m.end():claim_start].strip(" $€£¥"):
            before = m
    if before is not None:
        return modality_of[before.group(0)]
    window_end = min(len(sentence), claim_end + _AFTER_WINDOW)
    clause_break = _CLAUSE_BREAK.search(sentence, claim_end, window_end)
    end = clause_break.start() if clause_break else window_end
    after = next((m for m in pattern.finditer(lowered_first, claim_end, end) if not _marks_next_figure(m.group(0))),
                 None)
    return modality_of[after.group(0)] if after else REPORTED


def _marks_next_figure(cue: str) -> bool:
    """Cues ending in "from" ("up from", "raised from") mark the old value written right after
    them, not the new value before them ("1.8 million tonnes, down from 2.6 million tonnes
    last year" is this year's harvest) nor the rest of the sentence."""
    return cue.endswith(" from")
