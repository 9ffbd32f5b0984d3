"""What every rule shares: the context it reads, its metadata, and how findings are made."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from typing import Any, Literal

from consistency.model import Claim, Finding, Severity, Subject
from consistency.normalize.fx import FxTable, bundled_fx
from consistency.settings import Fact, Settings, Tolerance


@dataclass(frozen=True)
class RuleContext:
    """What rules read: the claims (with subjects set by the link stage), the alias map the
    link stage used (surface key -> entity), tolerances, and the facts the configuration
    declares (CC110)."""

    claims: tuple[Claim, ...]
    tolerance: Tolerance
    facts: tuple[Fact, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    # The run's monthly exchange rates (CC104 judges undated conversions by their range).
    rates: FxTable = field(default_factory=bundled_fx)
    # Other results several rules need (power/count pairs), computed once per run; see ``once``.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, called on the first request for ``name`` only."""
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]

    def groups(self) -> list[tuple[Subject, tuple[Claim, ...]]]:
        """Claims grouped by subject, subjects sorted, claims in document then text order;
        built once per run and shared by every rule."""
        return self._groups

    @cached_property
    def _groups(self) -> list[tuple[Subject, tuple[Claim, ...]]]:
        by_subject: dict[Subject, list[Claim]] = {}
        for claim in self.claims:
            if claim.subject is not None:
                by_subject.setdefault(claim.subject, []).append(claim)
        return [(subject, tuple(sorted(members, key=lambda c: (c.document_id, c.start, c.end))))
                for subject, members in sorted(by_subject.items())]


def always(settings: Settings) -> bool:
    """A rule that applies whatever the settings."""
    return True


# The block a rule judges at a time (rules/blocks.py).
Scope = Literal["entity", "document", "amount", "ratio"]


@dataclass(frozen=True)
class Rule:
    """A rule: what it is called and reports, which block it judges, the settings it reads,
    its documentation, and ``check``, which finds its contradictions in a context.

    ``scope`` is the block it judges at a time (entity, document, amount or ratio; rules/blocks.py)
    and ``min_claims`` the fewest claims such a block needs for the rule to find anything.
    ``summary`` is one line; ``docs`` its sections (What it flags, Why it matters, Example
    (bad), Not flagged (good), Options, and optionally Severity), each a title line and an
    indented body. ``options`` are the settings ``check`` reads, as dotted names
    ("tolerance.fx"); ``active`` says whether the rule can find anything under some settings.
    ``tolerance_band`` is the option whose relative tolerance the HTML report draws around
    the first figure of a finding's chart. An ``opt_in`` rule runs only when ``--select``
    names its code or name (a code prefix does not).
    """

    code: str
    name: str
    severity: Severity
    scope: Scope
    min_claims: int
    summary: str
    docs: str = field(repr=False)
    options: tuple[str, ...]
    check: Callable[[RuleContext], Iterable[Finding]]
    active: Callable[[Settings], bool] = always
    tolerance_band: str | None = None
    opt_in: bool = False  # runs only when selected by its code or name


def option_value(settings: Settings, option: str) -> Any:
    """The value of the setting a dotted option name ("tolerance.fx") names; KeyError when
    it names no field of ``Settings`` (or of the settings it holds)."""
    value: Any = settings
    for part in option.split("."):
        if not is_dataclass(value) or part not in {f.name for f in fields(value)}:
            raise KeyError(f"{option!r} is not a setting")
        value = getattr(value, part)
    return value
