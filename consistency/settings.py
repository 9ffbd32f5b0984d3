"""Run settings shared by every stage (the config file and CLI options fill these in)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT_INCLUDE: tuple[str, ...] = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm", "*.jsonl")
DEFAULT_MAX_BYTES = 10_000_000


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
