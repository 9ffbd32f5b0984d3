"""What a figure measures: its attribute, from cue words of its clause (data/attributes.toml)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from consistency.link.lexicon import load, phrase_pattern, words_between
from consistency.model import Claim

_DATA = load("attributes.toml")
WINDOW: int = _DATA["window"]
_PER_UNIT = re.compile(r"\s*(?:each|apiece|a piece|per (?!cent\b)\w+)\b", re.IGNORECASE)
# Words that end a clause: a cue beyond one belongs to another figure.
_CLAUSE_BREAKS = (";", " and ", " but ", " while ", " whereas ", " which ", " after ", " before ")


def _cue_table() -> dict[str, list[tuple[str, frozenset[str], frozenset[str]]]]:
    """cue -> [(attribute, kinds, dimensions)] (a cue may serve several kinds)."""
    table: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
    for attribute, spec in sorted(_DATA["attributes"].items()):
        entry = (attribute.replace("_", " "), frozenset(spec["kinds"]), frozenset(spec.get("dimensions", ())))
        for cue in spec["cues"]:
            table.setdefault(cue, []).append(entry)
    return table


_CUES = _cue_table()
_PATTERN = phrase_pattern(tuple(_CUES))
_DEFAULTS: dict[str, str] = _DATA.get("defaults", {})
_DEAL = phrase_pattern(tuple(_DATA["attributes"]["price"]["deal_cues"]))


@dataclass(frozen=True)
class Attribute:
    """What a figure measures, and where its cue word stands in the document (None for counts)."""

    name: str
    cue_start: int | None = None
    cue_end: int | None = None


def attribute_of(claim: Claim, sentence: str, offset: int) -> Attribute | None:
    """The attribute of a numeric claim; ``offset`` is where its sentence starts in the document.

    Counts are measured by their noun ("homes"). Other figures need a cue word within
    WINDOW words in the same clause; the nearest wins, a cue before the figure on a tie.
    """
    if claim.kind == "count":
        return Attribute(_plural(claim.unit or ""))
    if claim.kind not in ("money", "quantity", "percent"):
        return None
    if _PER_UNIT.match(sentence, claim.end - offset):
        return None  # "84 turbines of 15 MW each": a figure per part, not of the whole
    lowered = sentence.lower().replace("\n", " ")
    start, end = claim.start - offset, claim.end - offset
    clause_start, clause_end = _clause(lowered, start, end)
    best: tuple[int, int, str, int, int] | None = None
    for m in _PATTERN.finditer(lowered, clause_start, clause_end):
        if start <= m.start() < end:
            continue
        before = m.end() <= start
        distance = words_between(lowered, m.end(), start) if before else words_between(lowered, end, m.start())
        if distance > WINDOW:
            continue
        for attribute, kinds, dimensions in _CUES[m.group(0)]:
            if claim.kind in kinds and (not dimensions or claim.unit in dimensions):
                rank = (distance, 0 if before else 1, attribute, m.start() + offset, m.end() + offset)
                if best is None or rank < best:
                    best = rank
                break
    if best is None:
        default = _DEFAULTS.get(claim.unit or "") if claim.kind == "quantity" else None
        return Attribute(default) if default else None
    if best[2] == "valuation":
        deal = None
        for deal in _DEAL.finditer(lowered, clause_start, start):
            pass
        if deal is not None:
            return Attribute("price", deal.start() + offset, deal.end() + offset)
    return Attribute(best[2], best[3], best[4])


def _clause(lowered: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from the last break before it to the first after it."""
    found = ((lowered.rfind(b, 0, start), b) for b in _CLAUSE_BREAKS)
    left = max((i + len(b) for i, b in found if i >= 0), default=0)
    right = min((i for i in (lowered.find(b, end) for b in _CLAUSE_BREAKS) if i >= 0), default=len(lowered))
    return left, right


def _plural(noun: str) -> str:
    if not noun or noun.isupper() or noun.endswith("s"):
        return noun + ("s" if noun.isupper() else "")
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun == "person":
        return "people"
    return noun + "s"
