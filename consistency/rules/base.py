"""What every rule shares: the context it reads, its metadata, and how findings are made."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from consistency.graph import ClaimGraph
from consistency.model import Claim, Finding, Subject
from consistency.settings import Fact, Tolerance


@dataclass(frozen=True)
class RuleContext:
    """What rules read: the graph (claims with subjects set by the link stage), tolerances,
    and the facts the configuration declares (CC110)."""

    graph: ClaimGraph
    claims: tuple[Claim, ...]
    tolerance: Tolerance
    facts: tuple[Fact, ...] = ()
    # Verdicts on pairs of figures, shared by the rules of one run (CC101, CC107 and CC108
    # judge the same pairs); keyed by the two claim ids.
    verdicts: dict[tuple[str, str], str | None] = field(default_factory=dict, compare=False, repr=False)

    def groups(self) -> list[tuple[Subject, tuple[Claim, ...]]]:
        """Claims grouped by subject; built once per run and shared by every rule."""
        return self._groups

    @cached_property
    def _groups(self) -> list[tuple[Subject, tuple[Claim, ...]]]:
        return self.graph.subject_groups()


class Rule(Protocol):
    """A rule module exposes these names; its docstring is its documentation."""

    code: str
    name: str
    severity: str

    def check(self, ctx: RuleContext) -> Iterable[Finding]: ...
