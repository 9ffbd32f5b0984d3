"""Rule CC115 implausible-ratio: its check, its reference table and its documentation."""
from __future__ import annotations

import bisect
import textwrap
from collections.abc import Iterable

from consistency.model import Claim, Finding, Subject
from consistency.normalize.units import format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import RATIO
from consistency.rules.ratios import REFERENCE_RATIOS, StatedRatio, stated_ratios
from consistency.rules.tolerance import describe, make_finding, value_ratio

# How far a ratio may be from the median of the other entities' in the corpus, and how
# many other entities that median needs.
CORPUS_FACTOR = 5.0
CORPUS_MIN_ENTITIES = 3


def check(ctx: RuleContext) -> Iterable[Finding]:
    stated = stated_ratios(ctx.claims)
    findings = [f for s in stated if (f := _judge(s)) is not None]
    by_reference: dict[str, list[StatedRatio]] = {}
    for s in stated:
        if s.reference.allows(s.value):
            by_reference.setdefault(s.reference.name, []).append(s)
    for name in sorted(by_reference):
        findings.extend(_outliers(by_reference[name]))
    return findings


def _judge(stated: StatedRatio) -> Finding | None:
    """The finding of a stated ratio outside its reference band."""
    reference, count = stated.reference, stated.count
    if reference.allows(stated.value):
        return None
    message = (f"{_said(stated)}, outside the plausible {_number(reference.low)} to "
               f"{_number(reference.high)} per {reference.per_label} (margin {reference.factor:g}×; sources: "
               f"consistency explain CC115) ({count.title})")
    return make_finding(RULE, Subject(_entity(count), reference.name), (stated.amount, count), message)


def _outliers(stated: list[StatedRatio]) -> list[Finding]:
    """Findings for the entities whose ratio is more than ``CORPUS_FACTOR`` from the median of
    the other entities' (each entity's own median first), when there are enough others."""
    by_entity: dict[str, list[StatedRatio]] = {}
    for s in stated:
        by_entity.setdefault(_entity(s.count), []).append(s)
    if len(by_entity) <= CORPUS_MIN_ENTITIES:
        return []
    own = {entity: _median([s.value for s in found]) for entity, found in by_entity.items()}
    ordered = sorted(own.values())
    findings = []
    for entity in sorted(by_entity):
        typical = _median_without(ordered, bisect.bisect_left(ordered, own[entity]))
        if max(own[entity], typical) / min(own[entity], typical) <= CORPUS_FACTOR:
            continue
        first = by_entity[entity][0]
        label = first.reference.per_label
        message = (f"{_said(first)}, {value_ratio(own[entity], typical):.0f}× the median of the other "
                   f"{len(ordered) - 1} in these articles ({_number(_rounded(typical))} per {label}) ({first.count.title})")
        claims = [c for s in by_entity[entity] for c in (s.amount, s.count)]
        findings.append(make_finding(RULE, Subject(entity, first.reference.name), claims, message))
    return findings


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _median_without(ordered: list[float], k: int) -> float:
    """The median of sorted ``ordered`` without its element ``k``, read off by position (no
    copy: the corpus comparison stays linear in entities after the sort)."""
    def at(i: int) -> float:  # the i-th value once element k is left out
        return ordered[i if i < k else i + 1]

    n = len(ordered) - 1
    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def _said(stated: StatedRatio) -> str:
    count = stated.count
    return (f"{describe(count)} for {describe(stated.amount)} is "
            f"{format_quantity(_rounded(stated.value), count.unit or '')} per {stated.reference.per_label}")


def _entity(count: Claim) -> str:
    """Whose ratio it is: the count's subject's entity, else its article's title."""
    return count.subject.entity if count.subject is not None else count.title


def _rounded(value: float) -> float:
    """``value`` to two significant digits: a ratio of rounded figures says no more."""
    return float(f"{value:.2g}")


def _number(value: float) -> str:
    """A band's end as people write it: "97,000", "3.24 million"."""
    return f"{value / 1e6:.3g} million" if value >= 1e6 else f"{value:,.0f}"


def _reference_docs() -> str:
    return "\n".join(textwrap.fill(f"{r.name}: {_number(r.low)} to {_number(r.high)} (margin {r.factor:g}×). {r.source}",
                                   width=92, initial_indent="    ", subsequent_indent="        ")
                     for r in REFERENCE_RATIOS)


RULE = Rule(
    code="CC115",
    name="implausible-ratio",
    severity="warning",
    scope=RATIO,
    min_claims=2,  # the quantity and the count
    summary="a quantity and a count stated together imply a ratio no real case has, or far from the corpus's.",
    options=(),
    check=check,
    docs=f"""\
What it flags
    A sentence whose only figure in a unit of the reference table (power, energy) and only
    count of that table row's nouns (homes, turbines, cells) imply a ratio outside the
    row's band of plausible values, widened by its margin. The count must be the whole
    (not "the first 40 turbines", not a change). The table is data:
    `consistency/data/ratios.toml`, each row with its sources.
    Across the corpus: an entity whose ratio is inside the band but more than 5× from the
    median of the other entities' (at least 3 others; each entity's own median first) is
    flagged too ("900 turbines for 1 GW" among farms of 60 to 100 turbines per GW).

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
    sentence with two power figures or two counts (which goes with which is not guessed);
    an entity 3× from the others' median (homes per GW differ that much between
    countries).

Options
    None.

Severity
    A warning: the band is wide, but a figure outside it is almost always a typo.

Reference ratios
{_reference_docs()}""",
)
