"""Plain data passed between the stages of the pipeline.

corpus -> Document, extract -> QuantityMention / TimeMention, normalize -> Claim.
Every class here is a frozen dataclass; no stage passes dicts around.
Offsets are Python string indices (code points), half-open [start, end).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

# What a figure is: an amount of money, a physical quantity, a count of things, a percentage.
FigureKind = Literal["money", "quantity", "count", "percent"]
# What a time expression is: a point or span of calendar time, or a length of time.
TimeKind = Literal["date", "duration"]
ClaimKind = Literal["money", "quantity", "count", "percent", "date", "duration"]
# How a claim is put: as fact, as a plan or expectation, as a rumour, an estimate or a revision.
Modality = Literal["reported", "planned", "expected", "rumored", "estimated", "revised"]
# Words that turn a stated value into an interval ("about", "more than", "up to").
Qualifier = Literal["about", "at_least", "more_than", "at_most", "less_than", "exactly"]
# Where an event stands by the date given for it; for a figure, "updated" says the text gives
# it as changed ("raised its capacity to 1.4 GW", "now costs"), "earlier" that it gives it as
# the value before such a change ("up from the original plan of 45,000 seats").
Status = Literal["done", "ongoing", "planned", "updated", "earlier"]
Severity = Literal["error", "warning", "info"]
# What a claim's file is in a pre-publication check (--against, --diff): a draft or the archive.
Role = Literal["draft", "archive"]
EntityKind = Literal["name", "acronym", "ticker", "place"]
# Why a finding suggests one of its values: the fact sheet declares it, the newest articles say
# it, or most articles do.
SuggestionReason = Literal["fact sheet", "newest", "majority"]


@dataclass(frozen=True)
class Interval:
    """A closed numeric interval; ``None`` is an open end (unbounded)."""

    lo: float | None
    hi: float | None

    def overlaps(self, other: Interval) -> bool:
        lo_ok = self.hi is None or other.lo is None or other.lo <= self.hi
        hi_ok = self.lo is None or other.hi is None or self.lo <= other.hi
        return lo_ok and hi_ok

    def scaled(self, factor: float) -> Interval:
        """Multiply both ends by a positive factor."""
        return Interval(
            None if self.lo is None else self.lo * factor,
            None if self.hi is None else self.hi * factor,
        )

    def as_list(self) -> list[float | None]:
        return [self.lo, self.hi]


# Grains of a span that is a whole period figures are given for (a year's revenue, a quarter's).
PERIOD_GRAINS = frozenset(("year", "fiscal_year", "half", "quarter", "month"))


@dataclass(frozen=True)
class TimeSpan:
    """A half-open span of calendar time [start, end); ``None`` is an open end.

    ``grain`` says what was written: day, month, quarter, half, part (early/mid/late),
    season, year, fiscal_year, or open (a deadline such as "by 2029").
    """

    start: date | None
    end: date | None
    grain: str

    @staticmethod
    def of_day(day: date | None) -> TimeSpan | None:
        """The span of the day ``day``; None without a day, or for the calendar's last day (its
        span would end past year 9999)."""
        return None if day is None or day == date.max else TimeSpan(day, day + timedelta(days=1), "day")

    def overlaps(self, other: TimeSpan) -> bool:
        a = self.end is None or other.start is None or other.start < self.end
        b = other.end is None or self.start is None or self.start < other.end
        return a and b

    def as_list(self) -> list[str | None]:
        return [
            None if self.start is None else self.start.isoformat(),
            None if self.end is None else self.end.isoformat(),
        ]

    def period_label(self) -> str | None:
        """The span as a period an editor names ("2025", "Q3 2025", "H1 2025", "March 2025",
        "FY2025"), or None when it is no whole year, half, quarter or month."""
        if self.start is None or self.end is None or self.grain not in PERIOD_GRAINS:
            return None
        if self.grain == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.grain == "half":
            return f"H{1 if self.start.month < 7 else 2} {self.start.year}"
        if self.grain == "month":
            return self.start.strftime("%B %Y")
        return f"FY{self.end.year}" if self.grain == "fiscal_year" else str(self.start.year)


@dataclass(frozen=True)
class Location:
    """A 1-based position in the file the user edits; ``end_column`` is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a Document's ``text`` back to offsets in its source file.

    ``anchors`` is a sorted tuple of (text_offset, source_offset) pairs; between two
    anchors the mapping is a plain shift. ``line_starts`` are the source offsets where
    each source line begins (line 1 starts at 0).
    """

    anchors: tuple[tuple[int, int], ...]
    line_starts: tuple[int, ...]

    def to_source(self, pos: int) -> int:
        i = bisect.bisect_right(self.anchors, (pos, float("inf"))) - 1
        text_at, source_at = self.anchors[max(i, 0)]
        return source_at + (pos - text_at)

    def line_column(self, source_pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, source_pos)
        return line, source_pos - self.line_starts[line - 1] + 1

    def location(self, path: str, start: int, end: int) -> Location:
        """The source location of text[start:end] (``end`` exclusive, ``end > start``)."""
        line, column = self.line_column(self.to_source(start))
        end_line, last_column = self.line_column(self.to_source(max(end - 1, start)))
        return Location(path, line, column, end_line, last_column + 1)


@dataclass(frozen=True)
class Document:
    """One article. A file may hold several (a digest, a JSONL file): ``index`` tells which."""

    path: str
    index: int
    title: str
    text: str
    offsets: OffsetMap
    published: date | None = None
    url: str | None = None
    source_format: str = "text"
    multi: bool = False
    lead_end: int = 0  # text[:lead_end] is the headline and dek the front matter gives

    @property
    def id(self) -> str:
        return f"{self.path}#{self.index + 1}" if self.multi else self.path


@dataclass(frozen=True)
class ReadError:
    """A problem reading a file (or one record of it); the run goes on without it.

    ``skipped`` is True when the file or record was left out; False for a warning
    about a file that was still read (e.g. a front matter date that is not a date).
    """

    path: str
    message: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class QuantityMention:
    """A number with what it counts or measures, as found in text (extract stage).

    ``lo``/``hi`` are the stated values with scale words applied ("$6.5 billion" ->
    6.5e9), in ``unit`` as written: an ISO 4217 code for money, a pint unit name for
    physical quantities ("gigawatt"), a singular noun for counts ("home"), "percent"
    or "percentage_point", "magnitude" for an earthquake's. ``precision`` is half the place
    value of the last significant digit written ("6.3" -> 0.05, scaled). ``qualifier`` is
    one of about, at_least, more_than, at_most, less_than, exactly, or None. ``per`` is
    the denominator of a rate ("barrel" in "$84 a barrel", "day" in "250,000 barrels per
    day"), None for a plain amount.
    """

    start: int
    end: int
    text: str
    kind: FigureKind
    lo: float
    hi: float
    unit: str
    precision: float
    qualifier: Qualifier | None = None
    is_range: bool = False
    per: str | None = None


@dataclass(frozen=True)
class TimeMention:
    """A time expression as found in text (extract stage).

    ``span`` is None when the expression is relative and no reference date is known.
    ``relation`` records a cue that changes the meaning: by (deadline), as_of, since,
    until, before, after; None for a plain mention. Durations ("within two years",
    "18 to 24 months") have kind "duration" and ``duration_days``. Each end of a range
    of years ("2009-2010") is a mention of its own, and ``range_span`` is the whole range.
    """

    start: int
    end: int
    text: str
    kind: TimeKind
    span: TimeSpan | None
    relation: str | None = None
    duration_days: Interval | None = None
    range_span: TimeSpan | None = None


# The frame flag of a figure said in a past clause of its own ("a ban starts on August 21
# after levels dropped to 37 percent"): the time and plan of its sentence's other clause are not its.
PAST_CLAUSE = "past_clause"


@dataclass(frozen=True, slots=True)
class ClaimFrame:
    """What the link stage read in a claim's sentence (link/frames.py): the words its figure is
    predicated of (``holder``, as written: "Kestrel Bank", "the farm", "it"; "" when none), what
    it measures or the event a date is of (``measure``), the scope words, and the ``flags``
    that keep it apart (per unit, part, cumulative, old value, target, negated, hypothetical,
    update) or say how to read it (``PAST_CLAUSE``)."""

    holder: str
    measure: str
    scope: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A normalized, comparable claim (normalize stage).

    ``value`` is in the canonical unit ``unit`` (USD, W, Wh, m, kg, B, percent,
    percentage_point, day, or a count noun); ``original_value``/``original_unit``
    keep what was written. ``time`` scopes the claim (for a date claim: the date
    itself). ``converts_to`` is the id of the other side of a stated conversion. Money
    converted from another currency keeps the rate used, ``fx_rate`` (USD per unit), and
    the month of that rate, ``fx_month`` ("YYYY-MM"). ``as_of`` is when a figure holds: its
    own time scope (but a total "since" a time holds as of its article), else its article's
    publication date (None when neither is known).
    ``frame`` is what the link stage read of it; ``subject`` what it links it to. A date that
    is one end of a range of years ("2009" of "2009-2010") has the whole range in ``time_range``.
    ``headline`` is True for a claim in the headline or dek that the front matter gives.
    """

    id: str
    document_id: str
    title: str
    location: Location
    start: int
    end: int
    text: str
    sentence: str
    kind: ClaimKind
    value: Interval | None
    unit: str | None
    original_value: Interval | None
    original_unit: str | None
    precision: float | None
    time: TimeSpan | None
    qualifier: Qualifier | None
    modality: Modality
    published: date | None = None
    time_relation: str | None = None
    converts_to: str | None = None
    attribute: str | None = None
    fx_rate: float | None = None
    fx_month: str | None = None
    as_of: TimeSpan | None = None
    frame: ClaimFrame | None = None
    subject: Subject | None = None
    status: Status | None = None  # an event's date: done, planned; a figure: updated
    time_range: TimeSpan | None = None
    headline: bool = False

    def as_reported(self) -> Claim:
        """This figure as of its article's day, without the time and plan another clause gave
        it (a figure of a past clause of its own; an age whose birthday the text dates)."""
        modality = "reported" if self.modality in ("planned", "expected") else self.modality
        return replace(self, time=None, time_relation=None, as_of=TimeSpan.of_day(self.published), modality=modality)


@dataclass(frozen=True)
class EntityMention:
    """A named thing in a document's text (link stage): an organisation, product, project or place.

    ``key`` is the normalized form used for matching ("varden energy" for "Varden
    Energy's"); ``kind`` is "name", "acronym", "ticker" or "place".
    """

    start: int
    end: int
    text: str
    key: str
    kind: EntityKind = "name"


@dataclass(frozen=True)
class DocumentEntities:
    """The entity mentions of one document (link stage, computed per document): ``body``
    in its text, ``title`` in its headline (places only when the body names them too), and the
    acronyms it defines as
    (acronym key, long-form key) pairs."""

    body: tuple[EntityMention, ...]
    title: tuple[EntityMention, ...]
    acronyms: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AliasEvidence:
    """What one document tells alias clustering, computed where the document is analysed:
    each key's surface forms with their counts, the keys it writes as places, its ticker
    surfaces, the (ticker, name) keys it writes side by side, and the acronyms it defines
    as (acronym key, long-form key)."""

    surfaces: tuple[tuple[str, str, int], ...]
    places: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    ticker_pairs: tuple[tuple[str, str], ...] = ()
    acronyms: tuple[tuple[str, str], ...] = ()

    def keys(self) -> frozenset[str]:
        return frozenset(key for key, _, _ in self.surfaces)


@dataclass(frozen=True)
class DocumentAnalysis:
    """What the per-document stages produce for one document: its claims, and its entity
    mentions when the run links claims (None for `consistency claims`)."""

    claims: tuple[Claim, ...]
    entities: DocumentEntities | None = None


@dataclass(frozen=True, order=True)
class Subject:
    """What a claim is about: an entity, the attribute measured, and a scope that keeps
    different things apart (a site, a phase, a round). Empty scope means none was stated.
    For an event's date, ``attribute`` is the event ("pilot production", "first power").
    ``changing``: what the attribute measures changes by nature (revenue, a death toll), so
    figures of different articles are compared only as of one time (``Claim.as_of``).
    """

    entity: str
    attribute: str
    scope: str = ""
    changing: bool = False

    @property
    def label(self) -> str:
        scope = f" ({self.scope})" if self.scope else ""
        return f"{self.entity}{scope} · {self.attribute}"


@dataclass(frozen=True, slots=True)
class SubjectRef:
    """A subject as the link stage of one document writes it, before the corpus-wide entity
    names are known: ``entity`` and ``party`` (a deal's other party; "" for none) are entity
    keys of the document, each standing for its entity (an unnamed event, "the quake", is its
    own key); ``place`` is the rest of the scope (a place, a phase). ``subject`` turns it
    into a Subject with the corpus's names."""

    entity: str
    attribute: str
    party: str = ""
    place: str = ""
    changing: bool = False

    @property
    def scoped(self) -> bool:
        return bool(self.party or self.place)

    def subject(self, names: Mapping[str, str]) -> Subject:
        scope = ", ".join(p for p in (names[self.party] if self.party else "", self.place) if p)
        return Subject(names.get(self.entity, self.entity), self.attribute, scope, self.changing)


@dataclass(frozen=True)
class DocumentLinks:
    """What the link stage finds in one document, with entities as keys (see SubjectRef).

    ``subjects``: (claim index, subject, status) of each claim that has a subject, claims
    indexed as in the document's analysis. ``known``: the subjects of claims whose entity the
    text gives and whose subject is scoped; ``weak``: (claim index, subject) of scoped claims
    whose entity is only the title's (another document may tell which entity they are about).
    ``named``: keys of the entities the text names. ``classes``: the document's entity keys
    grouped by the entity they stood for, each class sorted, its first key standing for it.
    ``frames``: (claim index, frame) of each claim the frames read. ``periods``: (claim
    index, span) of each figure that names no time of its own and takes its article's
    (link.document: a change in percent over the period of the article's other ones). ``deferred``: its
    sentences were not parsed (so it has no frames or subjects) because none of its claims
    could meet another claim: it names nothing that other documents are known to name, and
    it holds no two claims of one kind (link.link_document).
    """

    subjects: tuple[tuple[int, SubjectRef, str | None], ...]
    known: tuple[SubjectRef, ...]
    weak: tuple[tuple[int, SubjectRef], ...]
    named: tuple[str, ...]
    classes: tuple[tuple[str, ...], ...]
    frames: tuple[tuple[int, ClaimFrame], ...] = ()
    periods: tuple[tuple[int, TimeSpan], ...] = ()
    deferred: bool = False


@dataclass(frozen=True)
class LinkedDocument:
    """What the per-document stages give `check` for one document, before the corpus-wide
    steps: its links under its own (local) names; the blocks other than its own that its
    claims belong to (rules/blocks.py), each with the indices of its claims in it, entity
    blocks named by an entity key of the document; and the codes of the document-scope rules
    that find something in it."""

    claims: int
    links: DocumentLinks
    blocks: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]
    document_rules: tuple[str, ...]

    @property
    def members(self) -> tuple[int, ...]:
        """The indices of the claims in any of ``blocks``, sorted."""
        return block_members(self.blocks)


def block_members(blocks: Iterable[tuple[object, Iterable[int]]]) -> tuple[int, ...]:
    """The indices of the claims in any of ``blocks`` ((block, indices) pairs), sorted."""
    return tuple(sorted({i for _, indices in blocks for i in indices}))


@dataclass(frozen=True)
class ValueCluster:
    """One value a finding's articles give its subject: the value as the message says it, the
    ids of the claims that state it (in claim order), how many articles do, the earliest and
    newest of their publication dates, and whether it is an outlier (not the suggested value)."""

    value: str
    claims: tuple[str, ...]
    articles: int
    earliest: date | None
    newest: date | None
    outlier: bool = False


@dataclass(frozen=True)
class Suggestion:
    """The value a finding suggests keeping and why, never applied: the fact sheet's (``detail``:
    its source), the newest articles' (the day) or most articles' ("3 of 4 articles")."""

    value: str
    reason: SuggestionReason
    detail: str


@dataclass(frozen=True)
class Finding:
    """One contradiction found by a rule: the claims involved and a message a reader understands.

    ``fingerprint`` is stable across runs and line moves: rule + subject + the identity of the
    value ``clusters`` (so an article that agrees with a cluster keeps it), or, for a finding
    without clusters, + normalized values + file paths; baselines and SARIF use it. A rule that
    compares values gives its ``clusters`` (each value with who states it) and a ``suggestion``.
    """

    rule: str
    name: str
    severity: Severity
    subject: Subject
    message: str
    claims: tuple[Claim, ...]
    fingerprint: str
    clusters: tuple[ValueCluster, ...] = ()
    suggestion: Suggestion | None = None

    def order(self) -> tuple[str, int, int, str, str]:
        """Where the finding is listed: by its first claim's place, then rule code and fingerprint."""
        first = self.claims[0].location
        return (first.path, first.line, first.column, self.rule, self.fingerprint)


@dataclass(frozen=True)
class Report:
    """The result of `consistency check`: what was read, what was found, and what went wrong.

    ``documents`` and ``claims`` hold what the run computed: a check in memory gives every
    document checked and every linked claim; an incremental check (consistency/engine/state.py)
    gives no claims, and the documents only when its caller asks for them (they are read
    again). ``document_count`` and ``claim_count`` count them either way. ``names`` maps every
    entity key of the corpus to its entity's name (the link stage's alias clustering); a check
    from the stored state gives it only when the settings declare facts or aliases.
    ``not_shown`` counts the findings cut from the end of ``findings`` (`--max-findings`).
    ``drafts`` holds the paths of the drafts in a pre-publication check (--against, --diff),
    whose findings list their draft claims first; None in any other check."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    errors: tuple[ReadError, ...]
    document_count: int
    claim_count: int
    names: Mapping[str, str] = field(default_factory=dict)
    not_shown: int = 0
    drafts: frozenset[str] | None = None

    def role(self, claim: Claim) -> Role | None:
        """Whether ``claim`` is in a draft or in the archive; None outside a pre-publication check."""
        if self.drafts is None:
            return None
        return "draft" if claim.location.path in self.drafts else "archive"
