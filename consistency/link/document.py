"""One document's subjects, from claim frames: each figure's measure, holder and scope, each
date's event, read from the dependency parse of its sentence and resolved to the article's
named things by coreference. What the frames do not give stays unlinked."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from consistency.extract import timewords as tw
from consistency.extract.numbers import alternation
from consistency.extract.sentences import SentenceIndex
from consistency.link.coreference import Coreference
from consistency.link.frames import (AGE, ANNOUNCED, AUDIENCE, BLOCKING, COUNTERPARTY_MEASURES, DEAL_NOUNS, EVENT_MEASURES,
                                     EVENT_NOUNS, EVENT_PREDICATES, FINISHED, GAME, LACKING, MAGNITUDE, MARGIN,
                                     ORGANISATION_NOUNS, PARTICIPANTS, PROPERTY_PREDICATES, SAME_KIND, TALLIES, TIME_TAKEN, EventFrame,
                                     Frame, event_frame, figure_frame, sentence_of)
from consistency.link.lexicon import load, phrase_pattern
from consistency.link.parse import Parse
from consistency.model import PAST_CLAUSE, Claim, ClaimFrame, Document, EntityMention, SubjectRef, TimeSpan

Parser = Callable[[Sequence[str]], list[Parse]]

_FRAMES = load("frames.toml")
_CHANGING = frozenset(_FRAMES["stability"]["changing"])
_SLOW = frozenset(_FRAMES["stability"]["slow"])
_MARKET_UNITS = frozenset(_FRAMES["stability"]["market_units"])
_ONCE = frozenset(_FRAMES["stability"]["once"])
_ONCE_NOUNS = frozenset(_FRAMES["stability"]["once_nouns"])

_EVENTS = load("events.toml")
_EVENT_OF = {phrase: name for name, phrases in sorted(_EVENTS["events"].items()) for phrase in phrases}
_EVENT_PHRASES = phrase_pattern(tuple(_EVENT_OF))
# A date sentence is parsed only when a word that can name an event starts a word in it (a
# trie behind a look-ahead at the first letters: most word starts fail at once).
_EVENT_WORD_SET = frozenset((*(w for words in _FRAMES["event_classes"].values() for w in words),
                             *_FRAMES["event_nouns"], *_FRAMES["event_planning"]["verbs"], *_EVENT_OF))
_EVENT_WORDS = re.compile(rf"\b(?=[{re.escape(''.join(sorted({w[0] for w in _EVENT_WORD_SET})))}])"
                          rf"(?:{alternation(_EVENT_WORD_SET)})", re.IGNORECASE)
_NUMERIC = frozenset(("money", "quantity", "count", "percent", "duration"))
_COMMENT = re.compile(r"<!--.*?-->")
# Measures said of a whole organisation: with no holder written, the article's main one.
_MEASURES_OF_A_WHOLE = frozenset(("revenue", "profit", "loss", "valuation", "debt", "headcount", "workforce"))
# What a change in percent is said of; a subject's attribute ends with it ("profit change").
_CHANGE_SUFFIX = "change"
_QUOTED_MEASURES = frozenset(_FRAMES["changes"]["quoted"])
_GOODS_NAME = re.compile(r"\b[A-Z][a-z]+ \Z")  # the capitalised word naming a grade of goods: "Brent crude"
# A quote that stands for its day: its record high or its close ("hit a record $11,240 a tonne").
_DAY_MARK = re.compile(r"\b(?:record|all-time high|(?:clos|settl|end|finish)(?:ed|ing) at)\b", re.IGNORECASE)
# Words before a time that make it the base a change is measured from ("up 9% from 2024").
_BASE_CUE = re.compile(r"\b(?:from|on|over|than|versus|vs\.?|compared (?:with|to))\s+(?:the\s+)?"
                       r"(?:same\s+\w+\s+(?:of|in)\s+)?(?:fiscal\s+)?(?:19|20)\d\d\b", re.IGNORECASE)


@dataclass(frozen=True)
class Read:
    """What frames give one claim: how its sentence was read (``frame``) and, when that
    resolves, what it is linked to (``linked``)."""

    frame: ClaimFrame
    linked: Linked | None
    period: TimeSpan | None = None  # the time it takes from its article (see _with_article_periods)


@dataclass(frozen=True)
class Linked:
    """What frames give one claim: its subject and, for an event's date, its status. A
    ``weak`` subject's holder is a thing the article does not name ("the flagship is a 1.2
    GW campus in Ohio"): its entity stands in until the corpus says which of the article's
    names has that attribute at that place (link.adoptions); until then it links nothing."""

    subject: SubjectRef
    status: str | None
    weak: bool = False


def _within(spans: Sequence[tuple[int, int]], bounds: tuple[int, int]) -> list[tuple[int, int]]:
    """The spans that share a character with a sentence's ``bounds``."""
    return [(start, end) for start, end in spans if start < bounds[1] and bounds[0] < end]


def frame_subjects(doc: Document, claims: Sequence[Claim], mentions: Sequence[EntityMention],
                   title: Sequence[EntityMention], rep: Mapping[str, str], parse: Parser) -> dict[int, Read]:
    """Claim index -> how its sentence reads and, when that resolves, its subject (entities as
    keys standing for their entity), for the claims that have a frame."""
    sentences, by_sentence, wanted = _claim_sentences(doc, claims)
    if not wanted:
        return {}
    texts = [_raw(doc.text, sentences.bounds[index]) for index in wanted]
    times = {index: [(c.start, c.end) for c in (claims[i] for i in by_sentence[index])
                     if c.kind in ("date", "duration")] for index in wanted}
    places = [(m.start, m.end) for m in mentions if m.kind == "place"]
    parsed = {index: sentence_of(text, sentences.bounds[index][0], tokens, times[index],
                                 _within(places, sentences.bounds[index]))
              for index, text, tokens in zip(wanted, texts, parse(texts))}
    paragraph_breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc.text)]
    coreference = Coreference(doc.text, mentions, title, rep, paragraph_breaks, [b[0] for b in sentences.bounds],
                              doc.title or "")
    out: dict[int, Read] = {}
    unresolved_deals: list[tuple[int, EventFrame]] = []
    for index in wanted:
        sentence = parsed[index]
        for i in by_sentence[index]:
            claim = claims[i]
            if claim.kind in _NUMERIC:
                frame = figure_frame(claim, sentence)
                if frame is not None:
                    period = _clause_period(claim, frame, [claims[j] for j in by_sentence[index]])
                    if frame.measure == AGE and _birthday_before(claim):  # as of the article's day, as a past clause's
                        frame = replace(frame, flags=(*frame.flags, PAST_CLAUSE))
                        claim = claim.as_reported()
                    claim = claim if period is None else replace(claim, time=period, as_of=period)
                    out[i] = Read(_shown(doc.text, frame.holder, frame.measure, frame.scope, frame.flags),
                                  _figure_subject(claim, frame, coreference), period)
            elif claim.kind == "date":
                event = event_frame(claim, sentence)
                if event is not None:
                    found = _event_subject(claim, event, coreference)
                    label = found.subject.attribute if found else f"{event.theme} {event.event_class}".strip()
                    out[i] = Read(_shown(doc.text, event.holder, label, (), ()), found)
                    if found is None and event.holder_word in DEAL_NOUNS:
                        unresolved_deals.append((i, event))
    for i, event in unresolved_deals:  # "the deal is expected to close in the fourth quarter"
        found = _article_deal_event(claims[i], event, coreference, out)
        if found is not None:
            out[i] = replace(out[i], linked=found)
    return _with_earlier_values(claims, list(by_sentence.values()), _with_article_periods(claims, out))


def _clause_period(claim: Claim, frame: Frame, sentence_claims: Sequence[Claim]) -> TimeSpan | None:
    """The time a figure holds in by its clause ("harvested 5.2 million tonnes of wheat in
    2025": 2025) when the extractor bound it none; never a day of the news ("on Monday")."""
    if claim.time is not None or frame.clause_time is None:
        return None
    start, end = frame.clause_time
    dated = [c for c in sentence_claims if c.kind == "date" and c.start < end and start < c.end
             and c.time is not None and not c.time_relation and not _NEWS_DAY.search(c.text)]
    return dated[0].time if len(dated) == 1 else None


def _article_deal_event(claim: Claim, event: EventFrame, coreference: Coreference,
                        read: Mapping[int, Read]) -> Linked | None:
    """The event of "the deal" in an article whose prices name one deal ("X agreed to buy Y for
    $2.4 billion"): of that deal's buyer, with its target as the other party; else None."""
    deals = {(found.subject.entity, found.subject.party) for r in read.values() if (found := r.linked) is not None
             and found.subject.attribute == "price" and found.subject.party}
    if len(deals) != 1:
        return None
    (buyer, target), = deals
    found = _event_subject(claim, event, coreference, buyer)
    return replace(found, subject=replace(found.subject, party=target)) if found is not None else None


def sentences_to_parse(doc: Document, claims: Sequence[Claim]) -> list[str]:
    """The sentences ``frame_subjects`` parses to read ``claims``, as it passes them to the parser."""
    sentences, _, wanted = _claim_sentences(doc, claims)
    return [_raw(doc.text, sentences.bounds[index]) for index in wanted]


def _claim_sentences(doc: Document, claims: Sequence[Claim]) -> tuple[SentenceIndex, dict[int, list[int]], list[int]]:
    """The document's sentences, the claim indexes in each one by sentence index, and the
    sentences worth parsing, in text order."""
    sentences = SentenceIndex(doc.text)
    by_sentence: dict[int, list[int]] = {}
    for i, claim in enumerate(claims):
        by_sentence.setdefault(sentences.index_of(claim.start), []).append(i)
    wanted = [index for index, members in sorted(by_sentence.items()) if _worth_parsing(claims, members)]
    return sentences, by_sentence, wanted


def _with_earlier_values(claims: Sequence[Claim], sentences: Sequence[Sequence[int]],
                         reads: dict[int, Read]) -> dict[int, Read]:
    """``reads`` with each old value ("up from the original plan of 45,000 seats", "raised
    from $640 million") linked to the subject of the one figure its sentence gives as what
    it changed to ("will now have 60,000 seats"), of its kind and unit, with status
    "earlier": the text's account of that subject's earlier value. With no such figure, or
    several, it stays unlinked."""
    out = dict(reads)
    for members in sentences:
        news = [j for j in members if j in reads and (found := reads[j].linked) is not None
                and found.status == "updated" and not found.subject.changing]  # last year's revenue is of another time
        for i in members:
            claim, read = claims[i], reads.get(i)
            if read is None or claim.kind not in _NUMERIC or read.linked is not None:
                continue
            flags = set(read.frame.flags)
            if not (claim.modality == "revised" or "old_value" in flags) or BLOCKING & flags - {"old_value"}:
                continue
            same = [j for j in news if claims[j].kind == claim.kind and claims[j].unit == claim.unit]
            if len(same) == 1:
                linked = reads[same[0]].linked
                assert linked is not None
                out[i] = replace(read, linked=replace(linked, status="earlier"))
    return out


def _with_article_periods(claims: Sequence[Claim], reads: dict[int, Read]) -> dict[int, Read]:
    """``reads`` with each change in percent that names no period left unlinked, unless it is
    in the headline or dek ("profit jumps 12%") and the article's other changes of that
    measure and holder all name one period ("net profit rose 9% in 2025"): it takes that one.
    Two changes in one article with no period may be over two ("3% on the quarter, 12% on
    the year")."""
    periods: dict[tuple[str, str], dict[str, TimeSpan]] = {}
    undated = []
    for i, read in reads.items():
        ref = read.linked.subject if read.linked else None
        if ref is None or not ref.attribute.endswith(f" {_CHANGE_SUFFIX}"):
            continue
        if ref.place:
            span = read.period or claims[i].time
            assert span is not None  # a change names a period only with a time of its own (or its clause's)
            periods.setdefault((ref.entity, ref.attribute), {})[ref.place] = span
        else:
            undated.append(i)
    out = dict(reads)
    for i in undated:
        read = reads[i]
        assert read.linked is not None
        ref = read.linked.subject
        named = periods.get((ref.entity, ref.attribute), {})
        if claims[i].headline and len(named) == 1:
            ((place, span),) = named.items()
            out[i] = replace(read, linked=replace(read.linked, subject=replace(ref, place=place)), period=span)
        else:
            out[i] = replace(read, linked=None)
    return out


def _shown(text: str, holder: tuple[int, int] | None, measure: str, scope: Sequence[str],
           flags: Sequence[str]) -> ClaimFrame:
    words = " ".join(text[holder[0]:holder[1]].split()) if holder else ""
    return ClaimFrame(words, measure, ", ".join(scope), tuple(flags))


def _worth_parsing(claims: Sequence[Claim], members: Sequence[int]) -> bool:
    """Whether a sentence's claims can get a frame: a figure, or a date beside an event word."""
    if any(claims[i].kind in _NUMERIC for i in members):
        return True
    return any(claims[i].kind == "date" for i in members) and bool(_EVENT_WORDS.search(claims[members[0]].sentence))


def _raw(text: str, bounds: tuple[int, int]) -> str:
    """A sentence as written, line breaks and markup comments as spaces (offsets unchanged)."""
    sentence = text[bounds[0]:bounds[1]].replace("\n", " ").replace("\r", " ")
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), sentence)


def _figure_subject(claim: Claim, frame: Frame | None, coreference: Coreference) -> Linked | None:
    if frame is None:
        return None
    if claim.kind == "percent" and BLOCKING.intersection(frame.flags) == {"change"}:
        return _change_subject(claim, frame, coreference)
    if BLOCKING.intersection(frame.flags):
        return None
    event = frame.predicate in EVENT_PREDICATES
    if frame.predicate and not event and frame.predicate not in PROPERTY_PREDICATES | {PARTICIPANTS}:
        return None  # an action ("rushed for 226 yards"): one of its doer's many, which the text does not name
    if claim.kind == "count" and frame.measure.split(" ")[0] in TALLIES and not (event and frame.occasion):
        return None  # "Hansbrough had nine points": in which game?
    announced = frame.measure == f"{frame.event_noun} {ANNOUNCED}"  # "a 48-hour strike": this month's strike
    story = None
    # "X stole $240,000 from a school in Dunford": the named doer's that month, wherever it was
    named_doer = frame.predicate in _ONCE and frame.holder is not None and coreference.name_at(frame.holder) is not None
    if event and not named_doer:
        if frame.occasion is None:
            unnamed_doer = frame.holder is not None and not frame.definite \
                and coreference.resolve(frame.holder, frame.holder_word) in (None, coreference.story_event)  # "officials ordered ..."
            story = coreference.story_event if frame.holder is None or unnamed_doer else None  # "186 homes were destroyed"
            if story is None and frame.holder is not None and coreference.story_event is not None \
                    and coreference.name_at(frame.holder) == coreference.story_event:
                story = coreference.story_event  # "340 flights were cancelled at Brenholt airport", the story's
            if story is None:
                return None  # what happened, but in which event?
        elif coreference.story_event is not None and (
                frame.occasion_form == "bare" or frame.occasion_form in ("the", "a")
                and SAME_KIND.get(frame.occasion_word, frame.occasion_word) in coreference.story_kinds):
            story = coreference.story_event  # "arrested in raids", "the toll from the landslides": the story's
        else:
            frame = replace(frame, holder=frame.occasion, holder_word=frame.occasion_word)
    elif frame.predicate == PARTICIPANTS and (frame.holder is None and frame.occasion_word in EVENT_NOUNS
                                              or frame.holder_word in EVENT_NOUNS and not frame.definite
                                              and coreference.resolve(frame.holder, frame.holder_word) is None) \
            or announced and not frame.definite \
            or frame.measure in EVENT_MEASURES and frame.holder is None \
            or LACKING in frame.measure and frame.holder is None and coreference.story_event is not None:
        # "winds of up to 158 km/h tore roofs"; "68,000 households lost electricity as Storm X swept in"
        story = coreference.story_event or coreference.headline  # "as 2,100 nurses started a 72-hour strike"
    holder = story or coreference.resolve(frame.holder, frame.holder_word, frame.definite)
    weak = False
    if holder is None and frame.measure == MAGNITUDE and coreference.story_event is not None \
            and SAME_KIND.get(frame.holder_word, frame.holder_word) in coreference.story_kinds:
        holder = coreference.story_event  # "after a 6.1-magnitude earthquake killed 23", in a quake's story
    if holder is None and (event or frame.measure == MAGNITUDE) and frame.holder_word in EVENT_NOUNS:
        # an unnamed event ("the quake"): a toll compared as of one day only, a magnitude within a month
        holder = f"the {SAME_KIND.get(frame.holder_word, frame.holder_word)}"
    if holder is None and frame.holder is None and claim.kind != "count" and frame.measure in _MEASURES_OF_A_WHOLE:
        holder = coreference.main  # "the $150 billion valuation", in an article about one company
    if holder is None and frame.holder is not None and not frame.definite and _quoted_goods(claim):
        holder = _goods(coreference.text, frame.holder)  # "copper prices climbed to $11,420 a tonne"
    if holder is None and frame.holder is None and frame.measure == AUDIENCE:
        holder = coreference.venue()  # "a crowd of 38,400 saw Rovers take the lead", at the article's one venue
    if holder is None and frame.holder is not None and frame.definite and coreference.candidates:
        holder, weak = coreference.candidates[0], True  # "the flagship": one of the article's names
    if holder is None:
        return None
    party = coreference.name_at(frame.counterparty) if frame.counterparty else None
    if party is None and frame.counterparty and _names_an_organisation(coreference.text, frame.counterparty):
        others = [key for key in coreference.candidates if key != holder]
        party = others[0] if len(others) == 1 else None  # "X agreed to acquire the company": the one other name
    if frame.measure in COUNTERPARTY_MEASURES and party is None and (frame.measure != MARGIN or frame.counterparty):
        return None  # a price of what? Two deals of one buyer are not one subject; a margin over whom it names
    party = None if party == holder else party  # "the painting sold for $X": its own price
    places = [coreference.broadest_place(m) for span in frame.scope_spans
              if (m := coreference.place_at(span)) is not None
              and coreference.rep.get(m.key, m.key) != holder]  # "the fire near Sarno" as Sarno's: no scope of its own
    # "killed nine people in the town": the holder itself, by a kind the article gave it or, for
    # the story's event, any "the" and a common noun
    where = [w for w in frame.where if not coreference.is_kind_of(w, holder, any_kind=holder == story)]
    scope = [*frame.scope, *sorted(set(places)), *(where if event else ())]
    # what the story's unnamed thing had ("a train carrying 230 people derailed") was so when it happened
    changes = _changes(claim, frame) and not (claim.kind == "count" and not event and holder == coreference.story_event
                                              and frame.holder is not None and coreference.name_at(frame.holder) is None)
    if "target" in frame.flags or claim.modality == "expected" and changes:
        scope.append("target")  # "forecast revenue of $780 million": what is expected of a changing measure
    if changes and frame.measure.split(" ")[0] in _SLOW and not event and claim.time is None and claim.published:
        scope.append(claim.published.strftime("%Y-%m"))  # "8% of its staff", "6.9 million people live in X": within a month
        changes = False
    if _quoted_goods(claim):  # a quote moves by the hour: only a day's record or close is one figure
        at = claim.sentence.find(claim.text)  # the mark nearest before the figure: "a record $X ..., before settling at $Y"
        marks = list(_DAY_MARK.finditer(claim.sentence))
        mark = next((m for m in reversed(marks) if m.start() < at), marks[0] if marks else None)
        if mark is None:
            return None
        scope.append("close" if mark.group(0).lower().endswith(" at") else "record")
    if frame.predicate in _ONCE or frame.event_noun in _ONCE_NOUNS or frame.measure == MAGNITUDE or announced:
        month = _month_of(claim)
        if not month:
            return None  # what one event did once, but when?
        scope.append(month)  # two seizures at one port months apart are two events
    if frame.measure == AGE:
        month = _month_of(claim)
        if not month or coreference.name_at(frame.holder) is None:
            return None  # a person's age, by name, within a month: a year later they are older
        scope.append(month)
    if frame.measure == AUDIENCE:
        week = _week_of(claim)
        if not week:
            return None
        scope.append(week)  # two games at one stadium are days apart
    if frame.predicate == PARTICIPANTS or frame.measure in (MARGIN, TIME_TAKEN) or frame.measure.startswith(f"{GAME} "):
        # a crowd, a finish, a player's tally in a game: of one day
        day = _day_of(claim)
        if day is None:
            return None
        scope.append(day.isoformat())  # two marches in one city are two crowds
    measure = frame.measure
    if measure.startswith("price per share") and party:
        holder, party = party, None  # a price per share is of the target's shares, whoever pays it
    ref = SubjectRef(holder, measure, party or "", ", ".join(scope), changes)
    if weak and not ref.scoped:
        return None  # adoption needs a place or party to match on
    return Linked(ref, "updated" if "update" in frame.flags else None, weak)


def _names_an_organisation(text: str, span: tuple[int, int]) -> bool:
    """Whether a span is an organisation noun alone ("company" of "the company", "lender")."""
    words = text[span[0]:span[1]].lower().split()
    return len(words) == 1 and words[0] in ORGANISATION_NOUNS


def _change_subject(claim: Claim, frame: Frame, coreference: Coreference) -> Linked | None:
    """The subject of a change in percent ("its net profit rose 9% in 2025"): what changed, of
    its holder, over the period the figure names (a year, half, quarter or month), else over
    a period the article leaves unsaid (see ``_with_article_periods``). A change in a market
    quote (a share price, an index, a poll) moves by the hour and is compared with nothing."""
    if frame.measure in _QUOTED_MEASURES or frame.measure == "change" or frame.scope:
        return None
    holder = coreference.resolve(frame.holder, frame.holder_word, frame.definite)
    if holder is None and frame.measure in _MEASURES_OF_A_WHOLE:
        holder = coreference.main  # "a 14% increase in net profit", in an article about one company
    if holder is None:
        return None
    return Linked(SubjectRef(holder, f"{frame.measure} {_CHANGE_SUFFIX}", place=_change_period(claim), changing=True),
                  None)


def _change_period(claim: Claim) -> str:
    """The period a change in percent is over, as its own time scope names it ("2025", "Q3
    2025", "March 2025"), or "" when it names none (a time after "from", "on" or "than" is
    the base of the change, not its period)."""
    span = claim.time
    if span is None or claim.time_relation or _BASE_CUE.search(claim.sentence):
        return ""
    return span.period_label() or ""


def _changes(claim: Claim, frame: Frame) -> bool:
    """Whether what a frame measures changes by nature: a measure listed in data/frames.toml
    (revenue, a share price), a toll of an event (people killed), which grows while a story
    develops, or a state that lasts hours (homes without power). A measure of one phase ("the
    valuation in its Series C round") is fixed by it."""
    if frame.scope or frame.predicate in (FINISHED, PARTICIPANTS) or frame.measure == MAGNITUDE:
        return False  # a measure of one phase; the length of a finished event; a day's crowd; a quake's size
    if frame.event_noun:  # what an event did: a toll grows while the story develops, a theft is done once
        return frame.event_noun not in _ONCE_NOUNS and frame.predicate not in _ONCE
    return frame.predicate in EVENT_PREDICATES - _ONCE or frame.measure.split(" ")[0] in _CHANGING \
        or frame.measure.split(" per ")[0] in _CHANGING or LACKING in frame.measure \
        or _quoted_goods(claim)  # homes without power; "$11,240 a tonne"


def _goods(text: str, span: tuple[int, int]) -> str | None:
    """The goods a quote is of, named or not, as a key: "copper", "brent crude" (the small
    model tags "Brent" a common noun, so the capitalised word before the holder joins it)."""
    before = _GOODS_NAME.search(text, max(0, span[0] - 30), span[0])
    goods = text[before.start() if before else span[0]:span[1]].lower()
    return goods if goods.replace(" ", "").isalpha() else None


def _quoted_goods(claim: Claim) -> bool:
    """Whether a figure is a market's price of goods, per a unit they are quoted in ("$84 a barrel")."""
    return claim.kind == "money" and (claim.unit or "").partition("/")[2] in _MARKET_UNITS


def _month_of(claim: Claim) -> str:
    """The month a figure of an event holds in ("2025-04"): its own time, else its article's date."""
    when = claim.time or claim.as_of
    if when is not None and when.start and when.end and (when.end - when.start).days <= 31:
        return when.start.strftime("%Y-%m")
    return claim.published.strftime("%Y-%m") if claim.published else ""


def _birthday_before(claim: Claim) -> bool:
    """Whether an age's own time is a month of the year before its article ("who turned 27 in
    August"): the age it still is on the article's day."""
    when, published = claim.time, claim.published
    return when is not None and when.start is not None and when.end is not None and published is not None \
        and (when.end - when.start).days <= 31 and when.start <= published < when.start.replace(year=when.start.year + 1)


def _week_of(claim: Claim) -> str:
    """The ISO week a figure of a gathering holds in ("2026-W41"): its own day, else its article's date."""
    day = _day_of(claim)
    if day is None:
        return ""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _day_of(claim: Claim) -> date | None:
    """The day a figure of a gathering holds on: its own day, else its article's date."""
    when = claim.time if claim.time is not None and claim.time.grain == "day" else None
    return when.start if when is not None and when.start else claim.published


# Dates that name a day or week of the news ("on Wednesday", "this week", "yesterday").
_NEWS_DAY = re.compile(rf"\b(?:{tw.WEEKDAY}|week|weekend|today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)


def _event_subject(claim: Claim, frame: EventFrame | None, coreference: Coreference,
                   holder: str | None = None) -> Linked | None:
    """The subject of a date's event: of its holder as coreference resolves it (or ``holder``)."""
    if frame is None:
        return None
    holder = holder or coreference.resolve(frame.holder, frame.holder_word, frame.definite)
    if holder is None:
        return None
    named = _EVENT_PHRASES.search(f"{frame.theme} {frame.predicate}".strip())
    if _NEWS_DAY.search(claim.text) and named is None:
        return None  # "moved ahead with its deal this week": the news of the day, not a milestone's date
    if named is None:
        label = f"{frame.theme} {frame.event_class}".strip()
    elif named.start() > len(frame.theme) and frame.theme:
        # The verb names the event of a thing ("the new library would open"): the thing's head
        # word stays in the label, so a library's opening is not its owner's other openings.
        head, name = frame.theme.split()[-1], _EVENT_OF[named.group(0)]
        if name == "deal closing" and head not in DEAL_NOUNS:
            name = "completion"  # "repairs were completed": no deal closes
        label = name if name.split()[0] == head else f"{head} {name}"  # "the deal would close": deal closing
    else:
        label = _EVENT_OF[named.group(0)]
    return Linked(SubjectRef(holder, label), frame.status)
