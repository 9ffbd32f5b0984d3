"""Run settings shared by every stage: everything a run needs, as one value.

The configuration file and the command line fill these in (config.py only loads); the
run-time policy that depends on them (the reference date of a file, the FX table) lives
here, so the engine, its worker processes and Dask workers all read the same value.

Each field says which stage reads it (``STAGE`` in its metadata): cache keys are derived
from that (engine/keys.py), so a new setting cannot leave stale cached results behind.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import IntEnum
from typing import Any

from consistency.corpus import DEFAULT_INCLUDE
from consistency.corpus.discover import glob_match
from consistency.normalize.fx import FxTable, bundled_fx, load_fx

DEFAULT_MAX_BYTES = 10_000_000
# The spaCy pipeline that parses sentences for claim frames (md, lg or trf models work too).
DEFAULT_PARSER = "en_core_web_sm"
# Seconds one document may take to extract before it is reported and left out.
DEFAULT_DOCUMENT_TIMEOUT = 60.0


class Stage(IntEnum):
    """The first stage whose result a setting changes, in pipeline order."""

    READ = 1  # which files are read and what documents they give
    EXTRACT = 2  # a document's claims
    LINK = 3  # a document's links (and document-scope rules, which workers run)
    JUDGE = 4  # the findings of the corpus
    REPORT = 5  # only what is shown, written or how the run exits


STAGE = "stage"


def _read_by(stage: Stage, default: Any = None, **kwargs: Any) -> Any:
    """A settings field read first by ``stage`` (its default, or ``default_factory=``)."""
    if "default_factory" not in kwargs:
        kwargs["default"] = default
    return field(metadata={STAGE: stage}, **kwargs)


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
class FiscalYear:
    """How one entity's fiscal years run (config ``[fiscal_year]``): the month they start in
    (1-12) and the calendar year that names one, ``named_by``: "end" (FY2026 ends in 2026, as
    many US firms and governments name it) or "start" (FY2026 starts in 2026, as Japanese
    firms do). A fiscal mention takes the fiscal year of the entity named nearest before it in
    its sentence; ``aliases`` are other names of the entity that count."""

    entity: str
    start: int
    named_by: str = "end"
    aliases: tuple[str, ...] = ()


FISCAL_NAMINGS = ("end", "start")


@dataclass(frozen=True)
class Override:
    """Settings for the files matching ``paths`` (globs): rules to ignore, severity changes
    (code -> level) and the reference date."""

    paths: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    reference_date: date | None = None

    def applies_to(self, path: str) -> bool:
        """True when ``path`` (or its file name) matches one of ``paths``."""
        path = path.replace("\\", "/").removeprefix("./")
        return any(glob_match(g, path) or glob_match(g, path.rsplit("/", 1)[-1]) for g in self.paths)


@dataclass(frozen=True)
class Settings:
    """What a run reads and how it interprets and judges it.

    ``reference_date`` stands in for the publication date of documents that have none;
    ``parser`` names the spaCy pipeline that parses sentences for the link stage;
    ``fiscal_year_start`` is the month (1-12) in which a fiscal year begins and
    ``fiscal_year_named_by`` ("end" or "start") the calendar year that names it;
    ``fiscal_years`` set both per entity. ``fx_table``
    is a CSV of monthly rates whose currencies replace the bundled ones; ``fx`` is the
    table in use (derived from ``fx_table``, passed to every worker). ``document_timeout``
    is the time limit, in seconds, for one document (None: no limit). ``follow_symlinks``
    reads files that symbolic links inside a directory point to outside it. ``facts`` feed
    CC110; ``select``/``ignore``/``severity`` (code -> level)/``fail_on`` drive the rules and
    the exit code; ``overrides`` change some of these for files matching globs. ``reports``
    are the (format, path) pairs `consistency check` writes besides its main output.
    ``ignore_files``: directories are read without what .gitignore (in a git work tree),
    .ignore and .consistencyignore leave out (``--no-ignore`` turns it off).
    """

    include: tuple[str, ...] = _read_by(Stage.READ, DEFAULT_INCLUDE)
    exclude: tuple[str, ...] = _read_by(Stage.READ, ())
    reference_date: date | None = _read_by(Stage.READ)
    max_bytes: int = _read_by(Stage.READ, DEFAULT_MAX_BYTES)
    format_in: str | None = _read_by(Stage.READ)
    follow_symlinks: bool = _read_by(Stage.READ, False)
    overrides: tuple[Override, ...] = _read_by(Stage.READ, ())
    ignore_files: bool = _read_by(Stage.READ, True)
    fiscal_year_start: int = _read_by(Stage.EXTRACT, 1)
    fiscal_year_named_by: str = _read_by(Stage.EXTRACT, "end")
    fiscal_years: tuple[FiscalYear, ...] = _read_by(Stage.EXTRACT, ())
    fx_table: str | None = _read_by(Stage.EXTRACT)
    fx: FxTable = field(init=False, metadata={STAGE: Stage.EXTRACT})
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = _read_by(Stage.LINK, ())
    parser: str = _read_by(Stage.LINK, DEFAULT_PARSER)
    tolerance: Tolerance = _read_by(Stage.LINK, default_factory=Tolerance)
    facts: tuple[Fact, ...] = _read_by(Stage.JUDGE, ())
    select: tuple[str, ...] = _read_by(Stage.JUDGE, ())
    ignore: tuple[str, ...] = _read_by(Stage.JUDGE, ())
    severity: tuple[tuple[str, str], ...] = _read_by(Stage.REPORT, ())
    fail_on: str = _read_by(Stage.REPORT, "warning")
    reports: tuple[tuple[str, str], ...] = _read_by(Stage.REPORT, ())
    document_timeout: float | None = _read_by(Stage.REPORT, DEFAULT_DOCUMENT_TIMEOUT)

    def __post_init__(self) -> None:
        # The table ``fx_table`` names, read once here and carried by the value (pickled to
        # workers with it). Raises ValueError on a bad table, OSError on an unreadable one.
        object.__setattr__(self, "fx", bundled_fx() if self.fx_table is None else load_fx(self.fx_table))

    @property
    def fiscal_entities(self) -> tuple[tuple[str, int, str], ...]:
        """(name, start month, naming) for every name of every entity with its own fiscal year."""
        return tuple((name, f.start, f.named_by) for f in self.fiscal_years for name in (f.entity, *f.aliases))

    def reference_date_for(self, path: str) -> date | None:
        """The reference date of a file: the last matching override's, else the global one."""
        chosen = self.reference_date
        for override in self.overrides:
            if override.reference_date is not None and override.applies_to(path):
                chosen = override.reference_date
        return chosen


def stage_of(name: str) -> Stage:
    """The stage that first reads the settings field ``name``; a field that does not say
    counts as read by the first stage (it then keys every cached result)."""
    found = next(f for f in fields(Settings) if f.name == name)
    return found.metadata.get(STAGE, Stage.READ)
