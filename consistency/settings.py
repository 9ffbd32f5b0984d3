"""Run settings shared by every stage (the config file and CLI options fill these in)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


DEFAULT_INCLUDE: tuple[str, ...] = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm", "*.jsonl")
DEFAULT_MAX_BYTES = 10_000_000
# Seconds one document may take to extract before it is reported and left out.
DEFAULT_DOCUMENT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Tolerance:
    """How far apart two figures may be before a rule calls them a contradiction.

    ``fx`` is the relative gap allowed between a stated conversion and the rate of its
    month; ``ratio`` the relative gap allowed between two implied rates; ``numeric`` the
    relative gap allowed between two figures beyond their implied precision.
    """

    fx: float = 0.10
    ratio: float = 0.25
    numeric: float = 0.0


@dataclass(frozen=True)
class Fact:
    """A known fact an editor declares (CC110): ``value`` is a figure or a date as an article
    would write it ("1.2 GW", "$157 billion in 2025", "April 2026"); ``source`` is where it
    comes from. ``scope`` narrows the subject as the link stage does ("Texas"); empty: none."""

    subject: str
    attribute: str
    value: str
    source: str
    scope: str = ""


@dataclass(frozen=True)
class Override:
    """Settings for the files matching ``paths`` (globs): rules to ignore, severity changes
    (code -> level) and the reference date."""

    paths: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    reference_date: date | None = None


@dataclass(frozen=True)
class Settings:
    """What a run reads and how it interprets dates.

    ``document_timeout`` is the time limit, in seconds, for extracting one document (None:
    no limit); a document over it is reported and left out.

    ``reference_date`` stands in for the publication date of documents that have none;
    ``fiscal_year_start`` is the month (1-12) in which a fiscal year begins. ``fx_table``
    is a CSV of monthly rates used instead of the bundled ones; ``facts`` feed CC110;
    ``select``/``ignore``/``severity`` (code -> level)/``fail_on`` drive the rules and the
    exit code; ``overrides`` change some of these for files matching globs. ``reports`` are
    the (format, path) pairs `consistency check` writes besides its main output.
    """

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    reference_date: date | None = None
    fiscal_year_start: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    format_in: str | None = None
    document_timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT
    tolerance: Tolerance = field(default_factory=Tolerance)
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fx_table: str | None = None
    facts: tuple[Fact, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = "warning"
    overrides: tuple[Override, ...] = ()
    reports: tuple[tuple[str, str], ...] = ()
