"""Modality of a claim (reported, planned, expected, rumored, estimated, revised) from cue words."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

REPORTED = "reported"
_AFTER_WINDOW = 40  # characters after the claim in which a trailing cue still counts


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

    The cue nearest before the claim wins; failing that, a cue just after it; else "reported".
    A sentence-initial capitalised cue ("Reportedly, ...") counts too.
    """
    pattern, modality_of = _cue_pattern()
    lowered_first = sentence[:1].lower() + sentence[1:]
    before = None
    for m in pattern.finditer(lowered_first, 0, claim_start):
        before = m
    if before is not None:
        return modality_of[before.group(0)]
    after = pattern.search(lowered_first, claim_end, claim_end + _AFTER_WINDOW)
    return modality_of[after.group(0)] if after else REPORTED
