"""Rule CC115 implausible-ratio: its check, its reference table and its documentation."""
from __future__ import annotations

import textwrap
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from consistency.model import Claim, Finding, Subject
from consistency.normalize.units import format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import DOCUMENT
from consistency.rules.tolerance import describe, make_finding, numeric_candidates, stated_value

# Frame flags that make a count some of what the quantity measures, or not its equivalent.
_NOT_THE_WHOLE = frozenset(("part", "cumulative", "old_value", "hypothetical", "negated", "change"))


@dataclass(frozen=True)
class ReferenceRatio:
    """A band of plausible values of one ratio (``data/ratios.toml``), per ``per`` of ``unit``."""

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


def _load() -> tuple[ReferenceRatio, ...]:
    data = tomllib.loads(resources.files("consistency.data").joinpath("ratios.toml").read_text(encoding="utf-8"))
    return tuple(ReferenceRatio(r["name"], frozenset(r["counts"]), r["unit"], float(r["per"]), r["per_label"],
                                float(r["low"]), float(r["high"]), float(r["factor"]), " ".join(r["source"].split()))
                 for r in data["ratio"])


REFERENCE_RATIOS = _load()


def check(ctx: RuleContext) -> Iterable[Finding]:
    sentences: dict[tuple[str, str], list[Claim]] = {}
    for claim in numeric_candidates(ctx.claims):
        sentences.setdefault((claim.document_id, claim.sentence), []).append(claim)
    findings = []
    for key in sorted(sentences):
        for reference in REFERENCE_RATIOS:
            finding = _judge(reference, sentences[key])
            if finding is not None:
                findings.append(finding)
    return findings


def _judge(reference: ReferenceRatio, members: list[Claim]) -> Finding | None:
    """The finding of one sentence whose only figure in the reference's unit and only count
    of its nouns give a ratio outside the reference band."""
    amounts = [c for c in members if c.kind == "quantity" and c.unit == reference.unit]
    counts = [c for c in members if c.kind == "count" and c.unit in reference.counts]
    if len(amounts) != 1 or len(counts) != 1:
        return None
    amount, count = amounts[0], counts[0]
    if any(c.frame is not None and _NOT_THE_WHOLE.intersection(c.frame.flags) for c in (amount, count)):
        return None
    if stated_value(amount) <= 0 or stated_value(count) <= 0:
        return None
    ratio = stated_value(count) / stated_value(amount) * reference.per
    if reference.allows(ratio):
        return None
    message = (f"{describe(count)} for {describe(amount)} is {format_quantity(_rounded(ratio), count.unit or '')} "
               f"per {reference.per_label}, outside the plausible {_number(reference.low)} to "
               f"{_number(reference.high)} per {reference.per_label} (margin {reference.factor:g}×; sources: "
               f"consistency explain CC115) ({count.title})")
    subject = Subject(count.subject.entity if count.subject else count.title, reference.name)
    return make_finding(RULE, subject, (amount, count), message)


def _rounded(value: float) -> float:
    """``value`` to two significant digits: a ratio of rounded figures says no more."""
    return float(f"{value:.2g}")


def _number(value: float) -> str:
    return format_quantity(value, "x").rsplit(" ", 1)[0]


def _reference_docs() -> str:
    return "\n".join(textwrap.fill(f"{r.name}: {_number(r.low)} to {_number(r.high)} (margin {r.factor:g}×). {r.source}",
                                   width=92, initial_indent="    ", subsequent_indent="        ")
                     for r in REFERENCE_RATIOS)


RULE = Rule(
    code="CC115",
    name="implausible-ratio",
    severity="warning",
    scope=DOCUMENT,
    min_claims=2,  # the quantity and the count
    summary="a quantity and a count stated together imply a ratio no real case has.",
    options=(),
    check=check,
    docs=f"""\
What it flags
    A sentence whose only figure in a unit of the reference table (power, energy) and only
    count of that table row's nouns (homes, turbines, cells) imply a ratio outside the
    row's band of plausible values, widened by its margin. The count must be the whole
    (not "the first 40 turbines", not a change). The table is data:
    `consistency/data/ratios.toml`, each row with its sources.

Why it matters
    "The 2 GW plant will power 40 million homes" is 20 million homes per GW, six times
    what a gigawatt running all year can supply to the thriftiest households: a slip of a
    unit or a digit that readers may repeat.

Example (bad)
    T: "The 900 MW wind farm will use 20 turbines."
    -> 20 turbines for 900 MW is 22 turbines per GW, outside the plausible 38 to 667 per
       GW (margin 1.5×; sources: consistency explain CC115) (T)

Not flagged (good)
    "The 1.2 GW farm will power 900,000 homes"; "the first 10 of its 80 turbines"; a
    sentence with two power figures or two counts (which goes with which is not guessed).

Options
    None.

Severity
    A warning: the band is wide, but a figure outside it is almost always a typo.

Reference ratios
{_reference_docs()}""",
)
