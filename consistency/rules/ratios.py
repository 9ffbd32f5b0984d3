"""Reference ratios (``data/ratios.toml``) and the (quantity, count) pairs of one sentence
that state one of them ("the 2 GW plant will power 1.5 million homes"): read by rule CC115,
and by the blocks, which gather each ratio's pairs across the corpus."""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from consistency.model import Claim
from consistency.rules.tolerance import numeric_candidates, stated_value

# Frame flags that make a count some of what the quantity measures, or not its equivalent.
_NOT_THE_WHOLE = frozenset(("part", "cumulative", "old_value", "hypothetical", "negated", "change"))


@dataclass(frozen=True)
class ReferenceRatio:
    """A band of plausible values of one ratio, per ``per`` of ``unit`` (1e9 W: per GW)."""

    name: str
    counts: frozenset[str]
    unit: str
    per: float
    per_label: str
    low: float
    high: float
    factor: float
    source: str

    def allows(self, ratio: float) -> bool:
        return self.low / self.factor <= ratio <= self.high * self.factor


@dataclass(frozen=True)
class StatedRatio:
    """A ratio one sentence states: its quantity, its count and the value per ``per``."""

    reference: ReferenceRatio
    amount: Claim
    count: Claim
    value: float


def _load() -> tuple[ReferenceRatio, ...]:
    data = tomllib.loads(resources.files("consistency.data").joinpath("ratios.toml").read_text(encoding="utf-8"))
    return tuple(ReferenceRatio(r["name"], frozenset(r["counts"]), r["unit"], float(r["per"]), r["per_label"],
                                float(r["low"]), float(r["high"]), float(r["factor"]), " ".join(r["source"].split()))
                 for r in data["ratio"])


REFERENCE_RATIOS = _load()


def stated_ratios(claims: Iterable[Claim]) -> list[StatedRatio]:
    """The ratios of the reference table that sentences state: the sentence's only figure in
    the row's unit and its only count of the row's nouns, both whole (not "the first 40
    turbines", not a change), in (document, sentence) order."""
    sentences: dict[tuple[str, str], list[Claim]] = {}
    for claim in numeric_candidates(claims):
        sentences.setdefault((claim.document_id, claim.sentence), []).append(claim)
    found = []
    for key in sorted(sentences):
        members = sentences[key]
        for reference in REFERENCE_RATIOS:
            amounts = [c for c in members if c.kind == "quantity" and c.unit == reference.unit]
            counts = [c for c in members if c.kind == "count" and c.unit in reference.counts]
            if len(amounts) != 1 or len(counts) != 1:
                continue
            amount, count = amounts[0], counts[0]
            if any(c.frame is not None and _NOT_THE_WHOLE.intersection(c.frame.flags) for c in (amount, count)):
                continue
            if stated_value(amount) > 0 and stated_value(count) > 0:
                found.append(StatedRatio(reference, amount, count,
                                         stated_value(count) / stated_value(amount) * reference.per))
    return found
