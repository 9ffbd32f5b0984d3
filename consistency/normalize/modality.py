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
# A forecast the figure is measured against says the figure is actual: "net income of $421
# million, beating analysts' forecasts", "above expectations", "missed estimates".
_COMPARED = re.compile(r"\b(?:beat(?:ing|s)?|miss(?:ed|ing|es)?|top(?:ped|ping|s)?|exceed(?:ed|ing|s)?|"
                       r"surpass(?:ed|ing|es)?|above|below|ahead\s+of|short\s+of|in\s+line\s+with|than)"
                       r"\s+(?:[\w-]+['’]?\s+){0,2}\Z")


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
        if _compared(lowered_first, m):
            continue
        if not _marks_next_figure(m.group(0)) or not sentence[m.end():claim_start].strip(" $€£¥"):
            before = m
    if before is not None:
        return modality_of[before.group(0)]
    window_end = min(len(sentence), claim_end + _AFTER_WINDOW)
    clause_break = _CLAUSE_BREAK.search(sentence, claim_end, window_end)
    end = clause_break.start() if clause_break else window_end
    after = next((m for m in pattern.finditer(lowered_first, claim_end, end)
                  if not _marks_next_figure(m.group(0)) and not _compared(lowered_first, m)), None)
    return modality_of[after.group(0)] if after else REPORTED


def _compared(text: str, cue: re.Match[str]) -> bool:
    """Whether a cue names a forecast the figure is compared with ("beating analysts' forecasts")."""
    return _COMPARED.search(text, max(0, cue.start() - 40), cue.start()) is not None


def _marks_next_figure(cue: str) -> bool:
    """Cues ending in "from" ("up from", "raised from") mark the old value written right after
    them, not the new value before them ("1.8 million tonnes, down from 2.6 million tonnes
    last year" is this year's harvest) nor the rest of the sentence."""
    return cue.endswith(" from")
