"""Run settings shared by every stage (the config file and CLI options fill these in)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


DEFAULT_INCLUDE: tuple[str, ...] = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm", "*.jsonl")
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Tolerance:
    """How far apart two figures may be before a rule calls them a contradiction.

    ``fx`` is the relative gap allowed between a stated conversion and the rate of its
    month; ``ratio`` the relative gap allowed between two implied rates.
    """

    fx: float = 0.10
    ratio: float = 0.25


@dataclass(frozen=True)
class Settings:
    """What a run reads and how it interprets dates.

    ``reference_date`` stands in for the publication date of documents that have none;
    ``fiscal_year_start`` is the month (1-12) in which a fiscal year begins.
    """

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    reference_date: date | None = None
    fiscal_year_start: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    format_in: str | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
