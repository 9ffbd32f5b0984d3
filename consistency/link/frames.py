"""Claim frames: what a figure is predicated of, read from the dependency parse of its sentence.

For each figure the frame holds its *measure* (the noun it quantifies or is said of, else
the predicate governing it), its *holder* (the thing the figure is predicated of: clause
subject, possessor, "of X", compound, apposition), the *scope* (modifiers of the measure or
holder only) and *flags* that keep it apart from plain figures (per unit, part of a whole,
cumulative, an earlier value, a target, negated, hypothetical). A date's frame is the event
of the predicate it modifies, with that predicate's tense.

Frames never guess: a figure whose measure or holder the parse does not give has no frame
and is compared with nothing (data/frames.toml holds the word lists).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from consistency.extract.quantities import AGE_PEOPLE, AGE_UNIT, COLLECTIVES  # "attendance" counts people; "a treasurer" is one
from consistency.extract.times import RACE_TIME
from consistency.link.lexicon import load, phrase_pattern
from consistency.link.parse import Parse
from consistency.model import PAST_CLAUSE, Claim
from consistency.normalize.units import plural

_DATA = load("frames.toml")
_MEASURE_NOUNS: dict[str, str] = _DATA["measure_nouns"]
# Money nouns whose noun modifier says what the money is for: one holder has many of them.
_BUDGETS = frozenset(("budget", "spending"))
_COUNTED_BY_VERB: dict[str, dict] = _DATA["counted_by_verb"]
_PRIVATION_VERBS = frozenset(_DATA["privation"]["verbs"])
_SAME_SUPPLY: dict[str, str] = _DATA["privation"]["same"]
_AUDIENCE_NOUNS = frozenset(_DATA["audience"]["nouns"])
_CARRIER_NOUNS = frozenset(_DATA["coreference"]["carriers"])  # "levels at X": nouns that stand for X's measure

AUDIENCE = "spectators"  # the measure of the people at a gathering, of its site, by week
VISITORS = "visitors"  # the people a site draws over a period longer than a day
LACKING = " without "  # in a measure of things lacking a supply ("homes without power"): a state
_STATE_VERBS = frozenset(("leave", "be", "remain", "stay"))  # "left 28,000 homes without power"
_LEFT_HOMES = frozenset(_DATA["displacement"]["from"])
_SHELTERS = frozenset(_DATA["displacement"]["to"])
EVACUATED = "evacuate"  # the predicate of people driven from their homes, whatever the verb
# Bodies that decide on things of others: the event is of what they decide on.
_DECIDERS = frozenset(_DATA["event_holders"]["deciders"])
_VERB_MEASURES: dict[str, str] = _DATA["verb_measures"]
_TRANSFER_NOUNS = frozenset(_DATA["kinds_of_money"]["transfer_nouns"])
DEAL_NOUNS = frozenset(_DATA["kinds_of_money"]["deal_nouns"]) | _TRANSFER_NOUNS
_FUNDING_NOUNS = frozenset(_DATA["kinds_of_money"]["funding_nouns"])
_DIMENSION_MEASURES: dict[str, str] = _DATA["dimension_measures"]
_OUTPUT_VERBS = frozenset(_DATA["output"]["verbs"])
_TYPICAL = frozenset(_DATA["typical_prices"]["words"])
_SAME_GOODS: dict[str, str] = _DATA["typical_prices"]["same"]
_OUTPUT_UNITS = frozenset(_DATA["output"]["units"])
OUTPUT = "output"
COUNTERPARTY_MEASURES = frozenset(_DATA["counterparties"]["measures"])
_MEASURES_WITH_REASONS = frozenset(_DATA["reasons"]["measures"])
_MONEY_OF_THINGS = {noun: measure for measure, nouns in _DATA["money_of_things"].items() for noun in nouns}
_SITE_PREPOSITIONS = ("at", "near", "off")
_FLAG_WORDS: dict[str, tuple[str, ...]] = {name: tuple(words) for name, words in _DATA["flags"].items()}
_PART_WORDS = frozenset(_FLAG_WORDS["part"])
_PERSONAL_PRONOUNS = frozenset(("he", "she", "him", "her", "his"))
_ROLE_MODIFIERS = frozenset(("former", "ex"))  # of a clause's subject, they say what someone was
_SESSION_LEVELS = {"close": "closing level", "end": "closing level", "finish": "closing level",
                   "settle": "closing level", "open": "opening level"}  # "the index closed at 7,412 points"
WIND = "wind speed"
_TOP = frozenset(("peak", "maximum", "top", "highest", "strongest"))
EVENT_MEASURES = frozenset((WIND, f"top {WIND}", "magnitude"))  # what only an event has: with no holder, the story's
_PRECIPITATION: dict[str, str] = _DATA["precipitation"]  # "of rain": rainfall
_READINGS = frozenset(("temperature", "peak", *_PRECIPITATION.values()))  # read at a place: where it was read scopes it
MAGNITUDE = "magnitude"  # an earthquake's size: fixed once it happened, unlike its toll
POPULATION = "population"  # how many live in a place: "has 1.37 million residents", "a population of 1.7 million"
AGE = "age"  # a person's age: "a 34-year-old", "Smith, 42,", "died aged 78"
_GATHERED_AT = ("in", "at", "through", "outside", "across")  # where a crowd did something
_ONCE_EVENTS = frozenset(_DATA["stability"]["once_nouns"])  # a robbery "by three men" counts no crowd
_JOINING = frozenset(("begin", "start", "stage", "launch", "hold", "join", "mount", "continue"))  # ... a strike
PARTICIPANTS = "take part"  # the predicate of those counted taking part in something ("5,000 protesters marched")
_TAKING_PART = "people taking part"  # their measure, whatever the text calls them
TALLIES = frozenset(_DATA["actions"]["tallies"])
_CALENDAR_NOUNS = frozenset(("year", "month", "week", "day", "quarter", "decade", "century", "hour", "minute"))
_SEASONS = frozenset(("season", "campaign", "career", "year", "tournament", "series", "term"))  # many games
GAME = "game"  # a named player's tally said in the simple past: of one day's game ("game points")
TIME_TAKEN = "time"  # a time taken written as on a clock ("2:05:41"): its doer's, on one day, over one distance
# A distance its sentence names ("the 200m freestyle", "the 10,000 metres"): a time taken over it.
_DISTANCE = re.compile(r"\b\d[\d,.]*\s?(?:m|km|k|metres|meters|miles?)\b", re.IGNORECASE)
MARGIN = "margin"  # the time between two competitors at a finish, of the one ahead, with the other as party
ANNOUNCED = "length"  # how long an event is said to be, on its noun ("a 48-hour strike"), not how long it lasted
FINISHED = "last"  # the predicate of a finished event's length: "the strike lasted 23 days"
# Each flag's cues: single words (found among a figure's words) and phrases, padded with
# spaces (found in the text around it).
_FLAG_CUES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    name: (frozenset(c for c in cues if " " not in c), tuple(f" {c} " for c in cues if " " in c))
    for name, cues in _FLAG_WORDS.items()}
_CHANGE_NOUNS = frozenset(_DATA["changes"]["nouns"])
_FIXED_TERMS = frozenset(_DATA["fixed_terms"]["terms"])
_OBJECT_CONTROL = frozenset(_DATA["control"]["object"])
_GENERIC_HEADS = frozenset(_DATA["changes"]["generic_heads"])
_EVENT_CLASS = {lemma: name for name, lemmas in _DATA["event_classes"].items() for lemma in lemmas}
_EVENT_NOUNS: dict[str, str] = _DATA["event_nouns"]
_PLANNING = frozenset(_DATA["event_planning"]["verbs"])
_MILESTONES = phrase_pattern(tuple(p for phrases in load("events.toml")["events"].values() for p in phrases
                                   if " " in p))
PRONOUNS = frozenset(_DATA["coreference"]["pronouns"])
EVENT_NOUNS = frozenset(_DATA["event_holders"]["nouns"])
PROPERTY_PREDICATES = frozenset(_DATA["predicates"]["properties"])
_ACTIONS = frozenset(_DATA["actions"]["nouns"])
EVENT_PREDICATES = frozenset(_DATA["predicates"]["events"])
STORY_VERBS = frozenset(_DATA["story"]["verbs"])
# Measures that are what was paid: said as "for a fee of $X" after a verb with a named object,
# the price of that object.
_PAYMENTS = frozenset(("fee", "price"))
# Verbs whose subject, with no object, is the thing sold, and the preposition before the price:
# "the painting sold for $X", "fetched $X" (not "sold $180 million of art": its sales).
_PUNISHMENTS = frozenset(("sentence", "fine"))  # measures of what is done to a verb's object
_SOLD_BY_SUBJECT = {"sell": "for", "fetch": ""}
# Verbs of an order a court or body gives: "ordered X to pay $84 million" is what X must pay.
_ORDERING = frozenset(("order", "require", "compel", "force", "direct", "oblige"))
ORDERED_PAYMENT = "payment ordered"
KILLED = "people kill"  # the measure of a toll: "killed 14 people", "the death toll rose to 19"
_DEATHS = frozenset(("death", "fatality"))  # units of a count of the dead
_JOBS = _DATA["activity_classes"]["jobs"]
_ACTIVITY_CLASS = {verb: kind for kind, verbs in _DATA["activity_classes"].items() if kind != "jobs" for verb in verbs}
_SAME_PREDICATE: dict[str, str] = _DATA["predicates"]["same"]
_PEOPLE = frozenset(_DATA["predicates"]["people"]["nouns"])
_EVENT_OF_NOUN: dict[str, str] = _DATA["predicates"]["nouns"]
# Nouns of what happens in an event ("evacuations", "arrests", "deaths"): a headline of one tells of an event.
HAPPENING_NOUNS = frozenset(noun for noun, verb in _EVENT_OF_NOUN.items() if verb in _DATA["predicates"]["events"])
_PHRASAL: dict[str, str] = _DATA["predicates"]["phrasal"]
_WINNING = frozenset(_DATA["winning"]["verbs"])
_OVER_OPPONENT = frozenset(_DATA["winning"]["over_opponent"])
_PREDICATES = PROPERTY_PREDICATES | EVENT_PREDICATES
ORGANISATION_NOUNS = frozenset(_DATA["coreference"]["organisations"])
NAMED_KINDS = frozenset(_DATA["coreference"]["named_kinds"])
SAME_KIND: dict[str, str] = _DATA["coreference"]["same_kind"]

# Words that open a clause telling what happened: "... after levels dropped to 37 percent".
_PAST_MARKS = frozenset(("after", "because", "as", "when", "once", "since"))
# Flags that forbid comparing a figure with anything.
BLOCKING = frozenset(("part", "cumulative", "old_value", "hypothetical", "negated", "change"))
# Verbs that only carry a figure to their subject: "revenue rose to $30 billion".
_CARRIERS = frozenset(("be", "rise", "price", "budget", "fall", "reach", "total", "stand", "hit", "climb", "increase", "grow", "jump",
                       "drop", "top", "exceed", "surge", "decline", "slip", "soar", "come", "amount", "remain",
                       "near", "approach", "double", "triple", "edge", "tumble", "plunge", "swell", "balloon",
                       "shrink", "fall", "climb", "rank", "put", "estimate", "peg", "set", "peak", "crest"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
_OBJECTS = frozenset(("dobj", "obj", "attr", "oprd", "dative"))
_NOUN_MODIFIERS = frozenset(("nummod", "amod", "compound", "quantmod", "nmod", "npadvmod", "advmod"))
_NOUNS = frozenset(("NOUN", "PROPN"))
_LIGHT_VERBS = frozenset(("be", "have", "say", "include", "make", "get", "take", "do", "become", "see", "report",
                          "tell", "add", "show", "mean"))
# Verbs that say a thing has what is counted: the count's measure is its noun alone.
_HAVING = frozenset(("have", "include", "hold", "feature", "offer", "contain", "boast", "comprise", "house", "seat",
                     "use", "operate", "own", "run", "accommodate", "carry", "field", "count", "number", "employ",
                     "need", "require", "get", "receive"))
# Verbs whose subject holds the measure they report: "X reported revenue of $30 billion".
_DAY_PARTS = frozenset(("morning", "afternoon", "evening", "night", "noon", "midday", "midnight", "lunchtime"))
_FILLING = frozenset(("pack", "fill", "cram", "throng", "crowd"))  # a crowd that "packed Harlow Park" was at it
_GRANTING = frozenset(("grant", "give", "award", "offer", "deny", "refuse"))  # "granted bail of $X to Y": Y's
_FAILING = frozenset(("fail", "refuse", "neglect", "omit"))  # "fined for failing to refund": for refunds
_CASES = frozenset(("case", "infection"))  # counted by what they are of: "cases of measles"
_TALLYING = frozenset(("record", "confirm", "register", "log", "count", "report", "detect", "identify"))
_SAYING = frozenset(("say", "announce", "tell", "state", "add", "confirm", "report"))  # "said it would ..."
_REPORTING = frozenset(("report", "post", "record", "announce", "forecast", "expect", "set", "approve", "pass",
                        "adopt", "propose", "raise", "secure", "win", "earn", "generate", "pay", "receive", "unveil",
                        "publish", "disclose", "book", "log", "reach", "hit", "achieve", "deliver", "plan", "seek",
                        "target", "project", "estimate", "put", "give", "offer", "agree", "award", "face", "owe",
                        "spend", "invest", "take", "make", "collect", "attract", "draw", "sign", "grant", "close"))
# Verbs that say a subject makes the thing: "X is building a 1.2 GW plant".
_BUILDING = frozenset(("build", "develop", "construct", "plan", "propose", "design", "erect", "deploy", "install",
                       "commission", "complete", "finish", "open", "launch", "finance", "fund", "acquire", "buy",
                       "operate", "run", "own"))
# Dependents of a figure's path that can carry a flag word ("the first 40", "would", "not").
_FLAG_MODIFIERS = frozenset(("amod", "advmod", "neg", "aux", "auxpass", "mark", "det", "npadvmod", "quantmod",
                             "predet", "prt", "acomp", "nummod"))
# Nouns that say a figure is a forecast of a measure ("revenue forecast", "profit outlook").
_FORECASTS = frozenset(("forecast", "outlook", "guidance", "projection", "estimate", "target", "expectation"))
_PHASE = re.compile(r"(phase|stage|unit|block|tranche|series|round|lot|section)\s+([0-9]+|[ivx]+|[a-h])\b",
                    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Frame:
    """A figure's frame. ``holder`` is the character span (in the document) of the words naming
    what the figure is predicated of; ``holder_word`` its head word's lemma (for coreference:
    "company", "it"); ``measure`` what is measured ("capacity", "people killed"); ``scope``
    modifiers that keep two things apart ("phase 2") or spans of places, as document spans;
    ``counterparty`` the span of a deal's other party; ``flags`` the reasons to keep it apart;
    ``predicate`` the action verb that says what happened when the measure is an event's
    ("killed" in "24 people killed", "rushed" in "rushed for 226 yards"), else ""; ``where``
    the places that predicate names ("killed 170,000 people in the province"); ``occasion``
    the span of what names the event it happened in (the quake that killed, "in the shooting",
    "at the Merrow Mall"), with its head word; ``definite`` whether the holder is a common noun
    with a definite determiner of its own ("the farm", "this plant"), which coreference may
    resolve to the article's named thing; ``event_noun`` the lemma of the event noun the holder
    is ("robbery", also when the holder is the site of an unnamed one: "the seizure at the
    port of Lessing"), else ""; ``occasion_form`` "bare" when the occasion is a plural with no
    determiner ("arrested in raids"), "the" or "a" when it is an event noun with only that
    article ("the death toll from the landslides", "a wildfire destroyed"), else "": the forms
    that may stand for the story's event; ``clause_time`` the document span of a time the
    figure's verb takes ("harvested 5.2 million tonnes of wheat in 2025"), which the figure
    holds in when the extractor bound it no time.
    """

    measure: str
    holder: tuple[int, int] | None
    holder_word: str
    scope: tuple[str, ...]
    scope_spans: tuple[tuple[int, int], ...]
    counterparty: tuple[int, int] | None
    flags: tuple[str, ...]
    predicate: str = ""
    where: tuple[str, ...] = ()
    occasion: tuple[int, int] | None = None
    occasion_word: str = ""
    definite: bool = False
    event_noun: str = ""
    occasion_form: str = ""
    clause_time: tuple[int, int] | None = None


class _Sentence:
    """A parsed sentence with the navigation frames need (children, spans, token at offset)."""

    def __init__(self, text: str, offset: int, tokens: Parse, times: Sequence[tuple[int, int]] = (),
                 places: Sequence[tuple[int, int]] = ()) -> None:
        self.text, self.offset, self.tokens = text, offset, tokens
        self.words = [text[t.start:t.end] for t in tokens]
        self.lowers = [word.lower() for word in self.words]
        self.times = {i for start, end in times for i in self.covering(start, end)}
        self.places = {i for start, end in places for i in self.covering(start, end)}
        self.children: list[list[int]] = [[] for _ in tokens]
        for i, t in enumerate(tokens):
            if t.head != i:
                self.children[t.head].append(i)
        self.times |= {tokens[i].head for i in self.times if tokens[i].dep == "compound"
                       and tokens[tokens[i].head].lemma.lower() in _DAY_PARTS}  # "Tuesday night", "Monday morning"

    def is_time(self, i: int) -> bool:
        """Whether token ``i`` is part of a date or time the extractor found ("October 2024")."""
        return i in self.times

    def word(self, i: int) -> str:
        return self.words[i]

    def lower(self, i: int) -> str:
        return self.lowers[i]

    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def covering(self, start: int, end: int) -> list[int]:
        """Tokens sharing a character with [start, end) of the document."""
        lo, hi = start - self.offset, end - self.offset
        return [i for i, t in enumerate(self.tokens) if t.start < hi and lo < t.end]

    def head_of(self, indices: Sequence[int]) -> int:
        """The token of ``indices`` whose head lies outside them (the span's root); not a number
        the parse took for punctuation ("38" of "38 seconds ahead", hung on the verb alone)."""
        inside = set(indices)
        roots = [i for i in indices if self.tokens[i].head not in inside or self.tokens[i].head == i]
        return next((i for i in roots if self.tokens[i].dep not in ("punct", "quantmod")),
                    roots[0] if roots else indices[-1])  # not "%" of "12%" hung on another number

    def name_span(self, i: int, skip: Sequence[int] = ()) -> tuple[int, int]:
        """The document span of the word ``i`` and the proper nouns compounded right before it
        (but the ``skip`` tokens: a figure's own words)."""
        inside = bool(skip) and set(skip) <= self.subtree(i)
        after = max(skip) if inside else -1  # a name before the figure qualifies it: "the Colts 27-yard line"
        chain, todo = [], [i]
        while todo:  # "the Calderton tram line": Calderton compounds "tram", which compounds "line"
            for c in self.kids(todo.pop(), "compound", "flat", "nmod"):
                if after < c < i and not self.is_time(c) and c not in self.places:
                    chain.append(c)
                    todo.append(c)
        names = [c for c in chain if self.tokens[c].pos == "PROPN"]
        first = min(names, default=i)
        while (first > 0 and self.tokens[first - 1].head == first and self.tokens[first - 1].dep == "compound"
               and self.tokens[first - 1].pos == "PROPN" and first - 1 not in skip):
            first -= 1  # "Kestrel" in "Kestrel Bank offshore project"
        return self.tokens[first].start + self.offset, self.tokens[i].end + self.offset

    def ancestors(self, i: int) -> list[int]:
        out, seen = [], {i}
        while self.tokens[i].head != i and self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            out.append(i)
        return out

    def phrase(self, i: int, without: Sequence[str] = ()) -> str:
        """The lowercase words of ``i``'s subtree, in order, less the subtrees of its children of
        the dependencies ``without`` (and the punctuation before them)."""
        cut = {d for c in self.kids(i, *without) for d in self.subtree(c)} if without else set()
        members = sorted(m for m in self.subtree(i) - cut if not (without and self.tokens[m].dep == "punct"))
        return " ".join(self.lower(m) for m in members)

    def subtree(self, i: int) -> set[int]:
        found, todo = {i}, [i]
        while todo:
            for c in self.children[todo.pop()]:
                if c not in found:
                    found.add(c)
                    todo.append(c)
        return found


def figure_frame(claim: Claim, sentence: _Sentence) -> Frame | None:
    """The frame of a money, quantity, percent or count claim, or None when the parse does not
    say what it measures or what it is about."""
    span = sentence.covering(claim.start, claim.end)
    if not span:
        return None
    anchor = sentence.head_of(span)
    tokens = sentence.tokens
    if any(tokens[c].tag == "VBG" or tokens[c].pos == "NOUN" and sentence.lower(c).endswith("ing")
           for i in span for c in [i, *sentence.kids(i, "amod", "compound")]):
        return None  # "176 receiving yards", "498 rushing yards": what someone did, in one of many games
    flags = _flags(sentence, span, anchor, claim.kind)
    per = _per_unit(sentence, claim, span) or _rate_denominator(claim)
    quantified, governor = _attachment(sentence, span, anchor, claim)
    after = span[-1] + 1
    if claim.unit == MAGNITUDE and after < len(tokens) and tokens[after].lemma.lower() in EVENT_NOUNS:
        quantified, governor = after, None  # "a magnitude 5.8 earthquake", however the parse hangs it
    if (not per and claim.kind == "quantity" and quantified is not None and tokens[quantified].tag == "NNS"
            and tokens[anchor].head == quantified and tokens[anchor].dep in _NOUN_MODIFIERS):
        per = "each"  # "15-megawatt turbines", "40-tonne trucks": the size of each
    measure, holder, counterparty, predicate, gathering = None, None, None, "", None
    audience = _audience(sentence, span, anchor, claim) if claim.kind == "count" else None
    if audience is not None:
        measure, holder, quantified = AUDIENCE, _gathering_site(sentence, audience), audience
        if claim.time is not None and claim.time.grain != "day":
            measure = VISITORS  # "attendance at X reached 2.8 million in 2025": a year's visitors, not one crowd
    elif claim.kind == "count" and (level := _session_level(sentence, span)) is not None:
        measure, holder = level  # "the Marrow 100 index closed at 7,412 points"
    elif claim.kind == "count" and claim.unit in _DEATHS and (toll := _toll_of(sentence, anchor)) is not None:
        measure, predicate, quantified = KILLED, KILLED.split()[-1], toll  # "the death toll rose to 19"
    elif claim.kind == "count" and (gap := _margin(sentence, anchor) or _won_by(sentence, anchor)) is not None:
        measure, (holder, counterparty) = MARGIN, gap  # "won the Open by four strokes", "finished two shots ahead of X"
    elif claim.kind == "count":
        noun = next((i for i in reversed(span) if tokens[i].pos in _NOUNS), None)
        if noun is None:
            noun = _counted_noun(sentence, anchor, claim)  # "cases rose to 1,274"
        part = noun is None and _part_of_counted(sentence, anchor, claim)
        if part:
            noun = anchor  # "won 14 of the 51 seats": a count of seats, said where "14" stands
        if noun is None:
            return None
        owned = _what_the_counted_have(sentence, anchor, quantified)
        if owned is not None:
            counted = plural(claim.unit or tokens[noun].lemma.lower())
            event = _EVENT_OF_NOUN.get(tokens[owned].lemma.lower())
            if event:  # "the arrest of 12 people", "the purchase of 40 jets": as "arrested", "bought"
                measure, predicate = _done_to(counted, claim.unit or tokens[noun].lemma.lower(), event), event
                holder = _doer(sentence, owned)
            else:  # "the records of 2.3 million customers": records, not the firm's customers
                measure = f"{plural(tokens[owned].lemma.lower())} of {counted}"
                done_to = tokens[owned].dep in _OBJECTS | {"nsubjpass"} \
                    and predicate_form(sentence, tokens[owned].head) in EVENT_PREDICATES
                # "hackers stole the records": of the article's one company, as any "the" thing an event hit
                holder = _count_holder(sentence, noun) or (owned if done_to else None)
            quantified = owned
        elif quantified is not None and quantified not in span and tokens[anchor].dep != "appos":
            # "a 300-bus fleet", "a 21,000-seat arena": the count sizes the thing it modifies.
            measure, holder = plural(claim.unit or tokens[noun].lemma), _thing_holder(sentence, quantified)
            if tokens[quantified].lemma.lower() == POPULATION:
                measure = POPULATION  # "X's population of 1.73 million"
        else:
            (measure, predicate), holder = _count_measure(sentence, noun, claim), _count_holder(sentence, noun)
            quantified = noun
            verb = tokens[noun].head
            if part and holder is None and tokens[noun].dep == "punct" and tokens[verb].pos == "VERB":
                holder, predicate = _subject(sentence, verb), predicate_form(sentence, verb)  # a number parsed as punctuation
            if LACKING in measure and (holder is None or tokens[holder].pos != "PROPN"):
                # "64,000 homes in Welby were without power", "a storm left 64,000 homes in Welby
                # without electricity": Welby's, when no named storm or company did it
                verb = tokens[noun].head
                nodes = [noun, verb] if tokens[verb].lemma.lower() in _STATE_VERBS | _PRIVATION_VERBS else [noun]
                holder = next((site for n in nodes if (site := _site_after(sentence, n, ("in",))) is not None), holder)
            if measure in TALLIES and holder is not None and tokens[holder].pos == "PROPN" \
                    and tokens[noun].dep in _OBJECTS and tokens[tokens[noun].head].tag == "VBD" \
                    and not _over_many_games(sentence, noun):
                measure, predicate = f"{GAME} {measure}", ""  # "Talbot kicked 17 points": in that day's game
            gathering = _gathering_of(sentence, noun, predicate)
            if gathering is not None:  # "5,000 protesters marched", "a strike by 6,800 workers"
                measure, predicate = _TAKING_PART, PARTICIPANTS  # "4,500 dock workers walked out", "5,400 dockers"
                holder = holder if holder is not None else _event_site(sentence, gathering) if gathering != noun \
                    else _site_after(sentence, tokens[noun].head, _GATHERED_AT)  # "marched through Marrowdale"
            sources = [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) == "from"
                       for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
            verb = next((a for a in sentence.ancestors(noun) if tokens[a].pos == "VERB"), None)
            if not sources and verb is not None and measure in TALLIES and tokens[noun].dep == "pobj":
                sources = [o for prep in sentence.kids(verb, "prep") if sentence.lower(prep) == "from"
                           for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]  # the parse hangs "from" on the verb
            if sources and measure in TALLIES:
                # "beat X 118-109 behind 38 points from Okoro", "got 14 points from Artino": Okoro's
                holder = sources[0]
                if verb is not None and tokens[verb].tag == "VBD" and not _over_many_games(sentence, noun):
                    measure, predicate = f"{GAME} {measure}", ""
            elif sources:  # "drew 40% of its revenue from X": each source's share is its own
                measure = f"{measure} from {sentence.word(sources[0])}"
    elif claim.kind == "quantity" and claim.original_unit == AGE_UNIT:
        measure, holder = AGE, _aged(sentence, anchor)
    elif claim.kind == "duration" and (gap := _margin(sentence, anchor)) is not None:
        measure, (holder, counterparty) = MARGIN, gap  # "finished 48 seconds ahead of X"
    elif claim.kind == "duration" and RACE_TIME.fullmatch(claim.text):
        measure, holder = TIME_TAKEN, _performer(sentence, anchor)  # "crossing the line in 2:06:14"
    else:
        measure, holder, counterparty = _money_or_quantity(sentence, claim, quantified, governor, span)
        typical = _typical_price(sentence, [quantified, governor]) if measure in ("price", "cost") else None
        if typical is not None:
            measure, counterparty = typical, None  # "the average house price in X rose to 412,000 pounds"
        if counterparty is not None and tokens[counterparty].pos == "PRON":
            counterparty = _antecedent(sentence, counterparty)  # "his move to Y": the one who moves
        worth = sentence.lower(tokens[anchor].head) == "worth"  # "stole jewellery worth $3 million"
        if measure is not None and (quantified is None or worth) and governor is not None \
                and tokens[governor].pos == "VERB":
            done = predicate_form(sentence, governor)
            if done in _PREDICATES or done not in _LIGHT_VERBS | _HAVING | _CARRIERS | _REPORTING \
                    and claim.kind == "quantity":
                predicate = done  # "rushed for 226 yards", "seized 400 kg": what was done
            if predicate == FINISHED and tokens[governor].tag != "VBD":
                predicate = ""  # "has lasted 10 days": an event still going on
        if claim.kind == "quantity" and governor is not None and (claim.unit or "").partition("/")[0] in _OUTPUT_UNITS \
                and tokens[governor].lemma.lower() in _OUTPUT_VERBS and holder is not None:
            goods = _goods_of(sentence, quantified if quantified is not None else anchor)
            measure, predicate = f"{goods} {OUTPUT}".strip(), ""  # "harvested 3.4 million tonnes of wheat"
    fallen = next(((i, found) for i in span for prep in sentence.kids(i, "prep") if sentence.lower(prep) == "of"
                   for o in sentence.kids(prep, "pobj") if (found := _PRECIPITATION.get(tokens[o].lemma.lower()))), None)
    if claim.kind == "quantity" and fallen is not None:  # "214 millimetres of rain": a reading of where it fell
        depth, measure = fallen
        verb = tokens[depth].head
        if holder is None or tokens[holder].pos != "PROPN":  # "fell on Castellan"
            holder = _site_after(sentence, verb, ("on", "in", "at", "over")) if tokens[verb].pos == "VERB" else None
    if measure is None and per and claim.kind == "money":
        measure, holder = "price", _subject(sentence, governor) if governor is not None else None  # "$37 a share"
    changed = None
    if "change" in flags:
        named, thing = _changed_thing(sentence, anchor, governor)
        if measure is None:
            measure, changed = named, thing  # "traffic rose 8%"
            holder = changed if holder is None else holder  # whose it is: its owner, found below
        elif thing is not None and named.endswith(f" {measure}"):
            measure = named  # "copper output fell 4%": not the same subject as its steel output
    if measure is None or measure == "valuation" and claim.kind != "money":
        return None  # "30 days' worth of treatment": an amount of something, no value
    if per == "each" and claim.kind == "money" and measure in ("share", "stake"):
        measure, per = "price", "share"  # "sold shares at $26 each": a price per share, of the seller's
        seller = next((a for a in sentence.ancestors(anchor) if tokens[a].pos == "VERB"), None)
        holder = holder if holder is not None or seller is None else _subject(sentence, seller)
    if per == "share" and measure in ("cost", "valuation"):
        measure = "price"  # "priced its offering at $26 a share": what a share costs is its price
    if per:
        measure = f"{measure} each" if per == "each" else f"{measure} per {per}"
    where = tuple(sorted(set(_where(sentence, anchor)))) if predicate else ()
    occasion = _occasion(sentence, anchor, span) if predicate else None
    if occasion is None and gathering is not None and gathering != quantified:
        occasion = gathering  # "a strike by 6,800 workers", "1,200 nurses began a strike": the event they are in
    if occasion is None and measure == KILLED and quantified is not None and sentence.lower(quantified) == "toll":
        occasion = _toll_event(sentence, quantified)  # "the death toll from Storm Idris"
    occasion_span = sentence.name_span(occasion, span) if occasion is not None else None
    plain = _plain_event(sentence, occasion) if occasion is not None else ""
    occasion_lemma = holder_word(sentence, occasion) if occasion is not None else ""
    thing = holder
    if holder is not None and tokens[holder].pos == "PRON" and holder != changed:
        holder = _antecedent(sentence, holder)  # "X's central bank cut its rate": the bank's, then X's
    if holder is not None and tokens[holder].pos == "NOUN" and not _named_thing(sentence, holder, span):
        lemma = tokens[holder].lemma.lower()  # "levels at the X reservoir": the reservoir's
        owners = [c for c in sentence.kids(holder, "poss") if (tokens[c].pos in ("PROPN", "PRON")
                  or is_definite(sentence, c)) and not sentence.is_time(c)]  # "the board's storage sites"
        owners += [o for prep in sentence.kids(holder, "prep") if lemma not in AGE_PEOPLE  # "a treasurer of X" is no X
                   and (sentence.lower(prep) == "of" or sentence.lower(prep) in ("at", "in") and lemma in _CARRIER_NOUNS)
                   for o in sentence.kids(prep, "pobj") if not sentence.is_time(o) and o not in span
                   and (tokens[o].pos == "PROPN" or _named_thing(sentence, o, span))]
        holder = owners[0] if owners else holder  # "Lakeland's legislature", "its trial", "the upgrade of its X refinery"
    if holder is not None and holder == changed:
        holder = None  # "net profit rose 9%": of no holder the sentence names
    if holder is not None and tokens[holder].pos == "PRON":
        holder = _antecedent(sentence, holder)
    event_noun = tokens[holder].lemma.lower() if holder is not None else ""
    event_noun = event_noun if event_noun in EVENT_NOUNS else ""
    if event_noun and not _named_thing(sentence, holder, span):
        holder = _event_site(sentence, holder) or holder  # "the seizure at the port of Lessing": Lessing's
    if event_noun and measure == "duration":
        measure = f"{SAME_KIND.get(event_noun, event_noun)} duration"  # "the strike at X lasted 23 days"
    scope_words, scope_spans = _scope(sentence, quantified if quantified is not None else anchor, holder, span, thing)
    if governor is not None and tokens[governor].pos == "VERB":
        scope_words = tuple(sorted({*scope_words, *_phase_of_clause(sentence, governor, span)}))
    if measure in _READINGS:  # "in Hallam, the river reached a peak of 6.8 metres": a reading at Hallam
        flags = tuple(f for f in flags if f != "update")  # "temperatures climbed to 43.1C": the day's reading
        nodes = [n for n in (anchor, governor, quantified) if n is not None]
        sites = [site for node in nodes for prep in sentence.kids(node, "prep") if sentence.lower(prep) in ("in", "at", "near")
                 for o in sentence.kids(prep, "pobj") if (site := _site_name(sentence, o)) is not None and site != holder]
        names = {sentence.text[start - sentence.offset:end - sentence.offset]
                 for start, end in map(sentence.name_span, sites)}
        if holder is None and len(names) == 1:
            holder, names = sites[0], set()  # "temperatures reached 47.3C in X": a reading of X's
        scope_words = tuple(sorted({*scope_words, *names}))
    if measure == TIME_TAKEN:  # "won the 200m freestyle in 1:52.31": over 200m, not the 100m
        scope_words = tuple(sorted({*scope_words, *(" ".join(d.lower().replace(" ", "").split())
                                                     for d in _DISTANCE.findall(sentence.text))}))
    if measure in _MEASURES_WITH_REASONS:
        said = ([governor] if governor is not None and tokens[governor].pos == "VERB" else []) + \
            (sentence.kids(quantified, "acl") if quantified is not None else [])  # "the fine imposed ... for X"
        scope_words = tuple(sorted({*scope_words, *(r for verb in said for r in _reason(sentence, verb))}))
    if holder is not None and (sentence.is_time(holder) or tokens[holder].lemma.lower() in _CALENDAR_NOUNS):
        holder = None  # "the visitors counted in the year to October", "last month's rate": a time, no holder
    holder_span = sentence.name_span(holder, span) if holder is not None else None
    holder_lemma = holder_word(sentence, holder) if holder is not None else ""
    counter_span = sentence.name_span(counterparty) if counterparty is not None else None
    return Frame(measure, holder_span, holder_lemma, scope_words, scope_spans, counter_span, flags, predicate, where,
                 occasion_span, occasion_lemma, holder is not None and is_definite(sentence, holder), event_noun, plain,
                 _clause_time(sentence, governor) if governor is not None else None)


def _attachment(sentence: _Sentence, span: list[int], anchor: int, claim: Claim) -> tuple[int | None, int | None]:
    """(the noun the figure quantifies or is said of, the verb governing it), either may be None."""
    tokens = sentence.tokens
    t = tokens[anchor]
    for prep in sentence.kids(anchor, "prep"):  # "1.4 GW of capacity": the noun after "of" is measured
        if sentence.lower(prep) == "of":
            nouns = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN" and o not in span]
            if nouns and _MEASURE_NOUNS.get(tokens[nouns[0]].lemma.lower()):
                return nouns[0], _verb_of(sentence, anchor)
    named = [c for c in sentence.kids(anchor, "appos", "compound") if c > span[-1] and tokens[c].pos == "PROPN"]
    if named:  # "the 14 km Varn Tunnel", parsed as the figure with the name beside it
        return named[-1], _verb_of(sentence, anchor)
    head = t.head
    if head == anchor:
        return None, None
    h = tokens[head]
    if t.dep in _NOUN_MODIFIERS and h.pos in _NOUNS and head not in span:
        return head, _verb_of(sentence, head)
    if t.dep == "pobj":
        holder_of = h.head
        up = tokens[holder_of]
        if up.pos in _NOUNS and holder_of not in span:
            if sentence.lower(head) not in ("of", "with", "at") and not _MEASURE_NOUNS.get(up.lemma.lower()) \
                    and up.lemma.lower() not in DEAL_NOUNS | _FUNDING_NOUNS:
                return None, None  # "53 catches for 605 yards": what was done, not a size
            return holder_of, _verb_of(sentence, holder_of)
        if up.pos in ("VERB", "AUX", "ADJ"):
            return None, holder_of
    if h.lemma.lower() == "worth" and h.pos == "ADJ" and tokens[h.head].pos in _NOUNS and h.head not in span:
        return h.head, _verb_of(sentence, h.head)  # "a deal worth $5 billion": as "a $5 billion deal"
    if t.dep == "appos" and h.pos in _NOUNS:
        of = h.head
        if h.dep == "pobj" and sentence.lower(of) == "of" and tokens[tokens[of].head].pos == "NOUN" \
                and _MEASURE_NOUNS.get(tokens[tokens[of].head].lemma.lower()):
            return tokens[of].head, _verb_of(sentence, tokens[of].head)  # "the length of X, 3.2 km"
        return head, _verb_of(sentence, head)
    if h.pos in ("VERB", "AUX"):
        return None, head
    if h.pos in _NOUNS:
        return head, _verb_of(sentence, head)
    return None, None


def _verb_of(sentence: _Sentence, noun: int) -> int | None:
    """The verb a noun is an argument of, if it is one."""
    t = sentence.tokens[noun]
    head = sentence.tokens[t.head]
    if t.dep in _SUBJECTS | _OBJECTS and head.pos in ("VERB", "AUX"):
        return t.head
    if t.dep == "pobj":
        prep = sentence.tokens[t.head]
        if sentence.tokens[prep.head].pos in ("VERB", "AUX"):
            return prep.head
    return None


def _money_or_quantity(sentence: _Sentence, claim: Claim, quantified: int | None, governor: int | None,
                       span: Sequence[int]) -> tuple[str | None, int | None, int | None]:
    """(measure, holder, counterparty) of a money, quantity or percent figure."""
    tokens = sentence.tokens
    anchor = sentence.head_of(list(span))
    preposition = sentence.lower(tokens[anchor].head) if tokens[anchor].dep == "pobj" else ""
    if quantified is not None:
        lemma = tokens[quantified].lemma.lower()
        measure = _measure_of(sentence, quantified, claim)
        paid = _paid_for(sentence, quantified) if measure in _PAYMENTS else None
        if paid is not None:
            return "price", _subject(sentence, paid[0]), paid[1]  # "signed Vell for a fee of €45 million"
        for_deal = _deal_paid_for(sentence, quantified) if measure in _PAYMENTS else None
        if for_deal is not None:
            return ("price", *_deal_parties(sentence, for_deal))  # "his move from X to Y for a fee of €58 million"
        if measure is not None:
            party = _other_party(sentence, quantified) if measure in COUNTERPARTY_MEASURES else None
            return measure, _holder_of_measure(sentence, quantified), party
        if claim.kind == "money" and lemma in DEAL_NOUNS:
            return ("price", *_deal_parties(sentence, quantified))
        if claim.kind == "money" and lemma in _FUNDING_NOUNS:
            return "funding", _holder_of_measure(sentence, quantified), None
        if claim.kind == "money" and tokens[quantified].pos == "NOUN" and quantified > span[-1] \
                and _money_of_thing(lemma) is not None:
            if _money_of_thing(lemma) == ORDERED_PAYMENT:  # "the $84 million verdict against X": X pays
                return ORDERED_PAYMENT, next((o for prep in sentence.kids(quantified, "prep") if sentence.lower(prep)
                                              == "against" for o in sentence.kids(prep, "pobj")), None), None
            return _money_of_thing(lemma), _thing_holder(sentence, quantified), None
        if claim.kind == "duration" and quantified > span[-1] and lemma in EVENT_NOUNS - _ONCE_EVENTS:
            return f"{SAME_KIND.get(lemma, lemma)} {ANNOUNCED}", quantified, None  # "a 48-hour strike"
        while tokens[quantified].pos == "PROPN" and tokens[quantified].dep == "compound" \
                and tokens[tokens[quantified].head].pos in _NOUNS:
            quantified = tokens[quantified].head  # "an 86-yd TD run": the run is sized, not "TD"
        if tokens[quantified].lemma.lower() in _ACTIONS:
            return None, None, None  # "his 7-yard pass": one of many
        prenominal = quantified > span[-1]  # "a 1.2 GW farm", "the 1.4-gigawatt Tallow Point"
        if claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES and (
                tokens[quantified].pos == "NOUN" or prenominal):
            return _DIMENSION_MEASURES[claim.unit], _thing_holder(sentence, quantified), None
        if claim.kind in ("money", "percent") and governor is not None:
            return _verb_measure(sentence, claim, governor, preposition, anchor)
        return None, None, None
    if governor is not None:
        return _verb_measure(sentence, claim, governor, preposition, anchor)
    return None, None, None


def _verb_measure(sentence: _Sentence, claim: Claim, verb: int, preposition: str = "",
                  figure: int | None = None) -> tuple[str | None, int | None, int | None]:
    """A figure said with a verb: "valued at $X" (the verb names the measure), "revenue rose
    to $X" (the verb carries the figure to its subject, which names it), "lifted its
    valuation to $X" (the verb's object names it), "confirmed the sale of X for $Y" (a deal
    the verb's object names, priced with ``preposition`` "for") or "awarded X $Y in damages"
    (what the ``figure`` is in names it)."""
    tokens = sentence.tokens
    lemma = verb_forms(sentence, verb)[0]
    subject = _subject(sentence, verb)
    # "$2.1 million in damages": the parse hangs "in damages" on the figure or, bare, on its
    # verb ("raised $60 million in a bond sale" names where it was raised, not what it is).
    named = [o for node in ([figure, verb] if figure is not None else []) for prep in sentence.kids(node, "prep")
             if sentence.lower(prep) == "in" for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN"
             and (node == figure or tokens[figure].head == verb and not sentence.kids(o, "det", "poss"))]
    kind = _measure_of(sentence, named[0], claim) if named and claim.kind == "money" else None
    if kind is not None and subject is not None and not _is_figure(sentence, subject):
        holder = _recipient(sentence, verb) if tokens[subject].pos == "NOUN" else None
        return kind, holder or subject, None  # "paid $2 billion in fines", "awarded X $2.1 million in damages"
    for argument in [*sentence.kids(verb, "dobj", "obj"), *([subject] if subject is not None else [])]:
        if claim.kind == "money" and preposition == "for" and tokens[argument].dep in ("dobj", "obj") \
                and tokens[argument].lemma.lower() in DEAL_NOUNS and _measure_of(sentence, argument, claim) is None:
            return ("price", *_deal_parties(sentence, argument))  # "confirmed the sale of X to Y for $Z"
        measure = _measure_of(sentence, argument, claim)
        if measure is not None and not _is_figure(sentence, argument):
            return measure, _holder_of_measure(sentence, argument), None
    if subject is not None and _is_figure(sentence, subject):
        return None, None, None  # "1.2 GW is enough to power ...": the figure is the subject
    if lookup(_VERB_MEASURES, sentence, verb) == "valuation":
        valued = next((o for o in sentence.kids(verb, "dobj", "obj") if tokens[o].pos in _NOUNS | {"PRON"}), None)
        if valued is not None:
            return "valuation", valued, None  # "a round that values it at $X": the object is valued
    if (claim.kind == "money" and subject is not None and tokens[subject].pos == "NOUN"
            and lemma in _CARRIERS | {"price", "budget", "cost"}
            and tokens[subject].lemma.lower() not in _MEASURE_NOUNS
            and _money_of_thing(tokens[subject].lemma.lower()) is not None):
        return _money_of_thing(tokens[subject].lemma.lower()), _thing_holder(sentence, subject), None
    if (subject is not None and claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES
            and lemma in _HAVING | {"store", "produce", "generate", "span", "stretch", "cover"}):
        return _DIMENSION_MEASURES[claim.unit], _thing_holder(sentence, subject), None  # "the farm will have 1.4 GW"
    if lemma == "be" and subject is not None and claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES:
        return _DIMENSION_MEASURES[claim.unit], subject, None
    if claim.kind == "quantity" and _MEASURE_NOUNS.get(lemma) == "peak" and subject is not None:
        return "peak", subject, None  # "the river peaked at 6.2 metres", as "reached a peak of"
    if claim.kind == "quantity" and _DIMENSION_MEASURES.get(claim.unit or "") == "temperature" and subject is not None:
        return "temperature", _site_after(sentence, subject, ("in", "at")) or subject, None  # "the thermometer in X hit 47.8C"
    changed = [o for o in sentence.kids(verb, "dobj", "obj") if tokens[o].pos == "NOUN" and not _is_figure(sentence, o)]
    if preposition in ("to", "from", "by") and changed:
        return None, None, None  # "raise annual tuition to $14,500": what changes is not named by the verb
    measure = lookup(_VERB_MEASURES, sentence, verb)
    if measure is None or claim.kind not in ("money", "percent", "duration"):
        if (claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES and subject is not None
                and lemma not in _LIGHT_VERBS and lemma not in _CARRIERS):
            return _DIMENSION_MEASURES[claim.unit], subject, None
        return None, None, None
    if lemma == "value":  # "values it at $X": the object is what is valued
        valued = next((o for o in sentence.kids(verb, "dobj", "obj") if tokens[o].pos in _NOUNS | {"PRON"}), None)
        if valued is not None:
            return measure, valued, None
        chain = _noun_before_clause(sentence, verb)
        if tokens[verb].dep == "acl":
            chain.append(tokens[verb].head)  # "in a deal valued at $8.3 billion"
        deal = next((n for n in chain if tokens[n].lemma.lower() in DEAL_NOUNS), None)
        if deal is not None:  # "the X acquisition of Y, valued at $Z": the deal's price
            return ("price", *_deal_parties(sentence, deal))
        if chain:
            return measure, chain[-1], None
    punished = [o for o in sentence.kids(verb, "dobj", "dative") if tokens[o].pos in ("PROPN", "PRON")
                and not _is_figure(sentence, o)] if measure in _PUNISHMENTS else []
    if punished:
        return measure, punished[0], None  # "a court jailed X for 12 years", "fined X $2.5 million": X's
    if subject is not None and tokens[subject].pos == "NOUN":
        subject = _recipient(sentence, verb) or subject  # "a jury awarded X $2.1 million"
    if measure == "price" and lemma == "pay" and any(sentence.tokens[c].lemma.lower() in ("settle", "resolve")
                                                     for c in sentence.kids(verb, "advcl", "xcomp")):
        return "settlement", subject, None  # "agreed to pay $36 million to settle a class action", "to resolve claims"
    if measure == "price" and lemma == "pay" and tokens[verb].dep == "xcomp" \
            and tokens[tokens[verb].head].lemma.lower() in _ORDERING:
        return ORDERED_PAYMENT, subject, None  # "a jury ordered X to pay $84 million": what X must pay
    if measure == "price" and lemma == "join" and preposition == "for":
        joined = next((o for o in sentence.kids(verb, "dobj") if tokens[o].pos == "PROPN"), None)
        if joined is not None:
            return measure, joined, subject  # "Vell joined Tollan for €54 million": Tollan's price for Vell
    if measure == "price" and _SOLD_BY_SUBJECT.get(lemma, "-") in ("", preposition) and subject is not None \
            and not [o for o in sentence.kids(verb, "dobj", "obj") if not _is_figure(sentence, o)]:
        return measure, subject, subject  # "X sold for $48 million", "X fetched $48 million": X's own price
    return measure, subject, _other_party(sentence, verb) if measure in COUNTERPARTY_MEASURES else None


def _recipient(sentence: _Sentence, verb: int) -> int | None:
    """The named one a verb gives to ("awarded X $5 million", "granted $5 million to X")."""
    tokens = sentence.tokens
    named = [c for c in sentence.kids(verb, "dative") if tokens[c].pos == "PROPN"]
    named += [o for prep in sentence.kids(verb, "prep", "dative") if sentence.lower(prep) == "to"
              for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
    return named[0] if named else None


def _thing_holder(sentence: _Sentence, noun: int) -> int | None:
    """What a thing the figure sizes stands for: its name ("Kestrel Bank, a 1.2 GW farm";
    "Kestrel Bank is a 1.2 GW farm"), the owner when a verb of having links them ("the city
    operates a 300-bus fleet"), else the thing itself when it is definite (resolved later, by
    coreference); an indefinite thing with none of these ("a 41-yard pass") has no holder."""
    tokens = sentence.tokens
    t = tokens[noun]
    if t.pos == "PROPN":
        return noun
    if t.dep == "appos" and tokens[t.head].pos in _NOUNS:
        start = min(sentence.subtree(noun))
        near = start - 2 if start >= 2 and sentence.word(start - 1) == "," and tokens[start - 2].pos in _NOUNS \
            else None
        events = [i for i in (noun, t.head, near) if i is not None and tokens[i].lemma.lower() in EVENT_NOUNS]
        if near is not None and (near not in sentence.subtree(t.head) or events == [noun, near]):
            return near  # "lost fences, hay and livestock to the X fire, a 21,000-hectare blaze": the fire
        return t.head
    if t.dep in ("attr", "oprd") and tokens[t.head].lemma == "be":
        subject = _subject(sentence, t.head)
        if subject is not None:
            return subject
    site_holders = [noun] + ([t.head] if t.dep in _OBJECTS and tokens[t.head].lemma.lower() in _BUILDING else [])
    sites = [o for node in site_holders for prep in sentence.kids(node, "prep")
             if sentence.lower(prep) in _SITE_PREPOSITIONS
             for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
    if sites:
        return sites[0]  # "a 420 MW park at Dunlin": the site names the thing
    if t.dep == "pobj" and sentence.lower(t.head) == "with" and tokens[tokens[t.head].head].pos in _NOUNS:
        return _thing_holder(sentence, tokens[t.head].head) or noun  # "a storm with peak winds of 210 km/h"
    if t.dep == "nsubjpass" and tokens[t.head].lemma.lower() in _BUILDING:  # "the arena is built by X"
        agents = [o for a in sentence.kids(t.head, "agent") for o in sentence.kids(a, "pobj")
                  if tokens[o].pos == "PROPN"]
        if agents:
            return agents[0]
    if (t.dep in _OBJECTS and tokens[t.head].lemma.lower() in (_HAVING | _BUILDING) - {"include", "feature"}
            and not sentence.kids(t.head, "prt")):  # "carry out the upgrade" is no verb of having
        subject = _subject(sentence, t.head)
        if subject is not None:
            return subject
    if t.dep == "pobj" and sentence.lower(t.head) == "with":  # "build ..., starting with a 10 GW facility"
        verb = tokens[t.head].head
        if tokens[verb].lemma.lower() in ("start", "begin") and tokens[verb].dep in ("advcl", "xcomp", "conj"):
            builder = tokens[verb].head
            if tokens[builder].lemma.lower() in _BUILDING:
                subject = _subject(sentence, builder)
                if subject is not None:
                    return subject
    indefinite = sorted(d for d in sentence.subtree(noun) if d < noun and tokens[d].dep == "det"
                        and sentence.lower(d) in ("a", "an", "another"))
    if indefinite:
        det = indefinite[0]
        if det >= 2 and sentence.word(det - 1) == "," and tokens[det - 2].pos in _NOUNS:
            return det - 2  # "the X project, a 1.4 GW farm": an apposition the parse missed
        if t.lemma.lower() in EVENT_NOUNS:
            return noun  # "a magnitude 5.8 earthquake struck X": an event, known by where it happened
        return None  # "a 41-yard pass": one of many, unnamed
    return noun


def _paid_for(sentence: _Sentence, noun: int) -> tuple[int, int] | None:
    """(verb, what it got) when a payment noun says what a verb's named object cost: "signed
    Vell for a fee of €45 million", "bought Tavrin for a price of $2 billion"."""
    tokens = sentence.tokens
    prep = tokens[noun].head
    if tokens[noun].dep != "pobj" or sentence.lower(prep) != "for" or tokens[tokens[prep].head].pos != "VERB":
        return None
    verb = tokens[prep].head
    objects = [o for o in sentence.kids(verb, *_OBJECTS) if tokens[o].pos == "PROPN"]
    return (verb, objects[0]) if objects else None


def _typical_price(sentence: _Sentence, nodes: Sequence[int | None]) -> str | None:
    """A market's typical price of goods, from the price noun or the verb's subject the figure
    is said of: "average house price" of "the average house price rose to", "X's average home
    cost"; None when no word of `[typical_prices]` qualifies them."""
    tokens = sentence.tokens
    nouns = [n for n in nodes if n is not None and tokens[n].pos == "NOUN"]
    nouns += [s for n in nodes if n is not None and tokens[n].pos == "VERB" for s in sentence.kids(n, *_SUBJECTS)]
    for noun in nouns:
        word = next((sentence.lower(c) for c in sentence.kids(noun, "amod") if sentence.lower(c) in _TYPICAL), None)
        if word is None:
            continue
        lemma = tokens[noun].lemma.lower()
        goods = _goods_of(sentence, noun) if lemma in ("price", "cost") else lemma
        if goods:
            return f"{word} {_SAME_GOODS.get(goods, goods)} price"
    return None


def _deal_paid_for(sentence: _Sentence, noun: int) -> int | None:
    """The deal a payment noun is "for" the price of: "his move to Y for a fee of €58 million",
    "completed his move to Y for a fee of ..." (the verb's object); else None."""
    tokens = sentence.tokens
    prep = tokens[noun].head
    if tokens[noun].dep != "pobj" or sentence.lower(prep) != "for":
        return None
    head = tokens[prep].head
    deals = [head] if tokens[head].pos == "NOUN" else sentence.kids(head, "dobj") if tokens[head].pos == "VERB" else []
    return next((d for d in deals if tokens[d].lemma.lower() in DEAL_NOUNS), None)


def _other_party(sentence: _Sentence, head: int) -> int | None:
    """The named other party of a deal said with a verb or noun: what is bought ("bought X",
    "pay $Y for X") or invested in ("invested $Y in X", "a stake in X")."""
    tokens = sentence.tokens
    objects = [o for o in sentence.kids(head, *_OBJECTS) if tokens[o].pos == "PROPN"]
    objects += [o for prep in sentence.kids(head, "prep") if sentence.lower(prep) in ("for", "in", "into")
                for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
    objects += [o for o in sentence.kids(head, "dobj") if sentence.lower(o) in ORGANISATION_NOUNS
                and is_definite(sentence, o)]  # "agreed to acquire the company": resolved in its article
    return objects[0] if objects else None


def _noun_before_clause(sentence: _Sentence, verb: int) -> list[int]:
    """A participle clause set off by a comma with no subject of its own (", valued at $X")
    says something of the noun phrase before the comma, whatever the parse attached it to:
    that phrase's nouns from the last up through "of" ("Dairy", then "acquisition")."""
    tokens = sentence.tokens
    if tokens[verb].tag not in ("VBN", "VBG") or sentence.kids(verb, *_SUBJECTS) or verb < 2:
        return []
    if sentence.word(verb - 1) != ",":
        return []
    noun = verb - 2
    if tokens[noun].pos not in _NOUNS:
        return []
    chain = [noun]
    while tokens[noun].dep == "pobj" and sentence.lower(tokens[noun].head) == "of":
        up = tokens[tokens[noun].head].head
        if tokens[up].pos not in _NOUNS:
            break
        chain.append(up)
        noun = up
    return chain


def _money_of_thing(lemma: str) -> str | None:
    """What money written on a thing measures: a theft's take, a fund's size, a company's
    value, a project's cost ("the $3 billion upgrade"); None for other things."""
    found = _MONEY_OF_THINGS.get(lemma)
    return {"theft": "amount stolen", "ordered": ORDERED_PAYMENT}.get(found, found) if found else None


def _measure_noun(lemma: str, claim: Claim) -> str | None:
    measure = _MEASURE_NOUNS.get(lemma)
    if measure is None:
        return None
    return measure


def _measure_of(sentence: _Sentence, noun: int, claim: Claim) -> str | None:
    """What a noun the figure values measures: its own measure ("revenue"), or for a forecast
    noun the measure it forecasts ("its revenue forecast", "guidance for revenue": revenue;
    the forecast itself is flagged a target)."""
    tokens = sentence.tokens
    lemma = tokens[noun].lemma.lower()
    if tokens[noun].pos == "PROPN" and any(tokens[c].pos == "PROPN" for c in sentence.kids(noun, "compound")):
        return None  # "Harrow Wind would be ...": the last word of a name measures nothing
    if lemma == "sale" and tokens[noun].tag == "NN" and _deal_parties(sentence, noun)[1] is not None:
        return None  # "the sale of X": a deal, priced; "sales of $5 billion" are revenue
    measure = _measure_noun(lemma, claim) or _measure_noun(sentence.lower(noun), claim)  # "damages", not "damage"
    if measure == WIND and any(sentence.lower(c) in _TOP for c in sentence.kids(noun, "amod", "compound")):
        return f"top {WIND}"  # "peak winds of 210 km/h": the storm's strongest, fixed once it has passed
    if measure == OUTPUT and (goods := _goods_of(sentence, noun)):
        return f"{goods} {OUTPUT}"  # "the wheat harvest": not the maize harvest
    if measure is not None and lemma in _BUDGETS:
        purpose = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "NOUN" and not sentence.is_time(c)]
        if purpose:  # "the defence budget" is not "the health budget"
            return f"{tokens[purpose[0]].lemma.lower()} {lemma}"
    if measure is not None or lemma not in _FORECASTS:
        return measure
    forecast = [c for c in sentence.kids(noun, "compound", "amod", "nmod")]
    forecast += [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) in ("for", "of", "on")
                 for o in sentence.kids(prep, "pobj")]
    return next((m for c in forecast if tokens[c].pos == "NOUN"
                 and (m := _measure_noun(tokens[c].lemma.lower(), claim)) is not None), None)


def _goods_of(sentence: _Sentence, noun: int) -> str:
    """The goods a noun of output or of an amount is of: "wheat" of "the wheat harvest", of
    "tonnes of wheat"; "" when it names none."""
    tokens = sentence.tokens
    kinds = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "NOUN" and not sentence.is_time(c)]
    kinds += [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) == "of"
              for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN" and not sentence.is_time(o)]
    return tokens[kinds[0]].lemma.lower() if kinds else ""


def _holder_of_measure(sentence: _Sentence, noun: int) -> int | None:
    """Whose measure it is: "X's revenue", "the revenue of X", "X revenue", or the subject of
    the clause that reports it ("X reported revenue of $30 billion")."""
    tokens = sentence.tokens
    while tokens[noun].dep == "compound" and tokens[tokens[noun].head].pos == "NOUN":
        noun = tokens[noun].head  # "its funding round": the round's holder holds the funding
    for c in sentence.kids(noun, "poss"):
        return c
    if tokens[noun].dep == "pobj" and sentence.lower(tokens[noun].head) == "of" \
            and tokens[tokens[tokens[noun].head].head].pos in ("NUM", "NOUN", "SYM"):
        figure = tokens[tokens[noun].head].head  # "the farm's 1.4 GW of capacity", "won 54% of the vote"
        for c in sentence.kids(figure, "poss"):
            return c
        verb = _verb_of(sentence, figure)
        carried = sentence.lower(tokens[figure].head) in ("with", "to", "at") if tokens[figure].dep == "pobj" else False
        if verb is not None and (tokens[figure].dep in _OBJECTS or carried):
            # "won 54% of the vote", "was re-elected with 54% of the vote", "fell to 31% of capacity"
            return _subject(sentence, verb)
    for prep in sentence.kids(noun, "prep"):
        if sentence.lower(prep) in ("of", "for", "at", "in"):
            objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS | {"PRON"}
                       and not sentence.is_time(o) and not _is_figure(sentence, o) and tokens[o].pos != "NUM"
                       and (sentence.lower(prep) != "in" or tokens[o].lemma.lower() in EVENT_NOUNS
                            or tokens[o].pos == "PROPN")]
            if objects:
                return objects[0]
    names = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "PROPN" and not sentence.is_time(c)]
    if names:
        return names[0]
    if tokens[noun].lemma.lower() == "price":  # "copper prices": a commodity's, which the text may name ("Copper hit")
        goods = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "NOUN" and c == noun - 1]
        if goods:
            return goods[0]
    if tokens[noun].dep == "pobj" and sentence.lower(tokens[noun].head) == "with" \
            and tokens[tokens[tokens[noun].head].head].pos == "VERB":
        return _subject(sentence, tokens[tokens[noun].head].head)  # "X made landfall with winds of 185 km/h"
    if tokens[noun].dep == "appos":
        return tokens[noun].head
    for child in sentence.kids(noun, "acl"):  # "the fine imposed on X"
        for prep in sentence.kids(child, "prep"):
            if sentence.lower(prep) in ("on", "against", "to"):
                named = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
                if named:
                    return named[0]
    verb = _verb_of(sentence, noun)
    if verb is not None and tokens[noun].dep not in _SUBJECTS:
        patients = sentence.kids(verb, "nsubjpass")
        if patients:
            return patients[0]  # "X was released on $250,000 bail"
        preps = sentence.kids(verb, "prep")
        preps += [p for at in preps for o in sentence.kids(at, "pobj") for p in sentence.kids(o, "prep")]
        for prep in preps:  # "set bail at $500,000 for X", "granted bail of $750,000 to X", the parse hanging it on either
            if sentence.lower(prep) == "for" or sentence.lower(prep) == "to" and tokens[verb].lemma.lower() in _GRANTING:
                named = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
                if named:
                    return named[0]
        if tokens[verb].lemma.lower() in _REPORTING | _HAVING | _BUILDING or tokens[noun].dep in _OBJECTS \
                and tokens[verb].lemma.lower() in ("reach", "hit"):
            return _subject(sentence, verb)  # "X reported revenue of ...", "X reached a peak of"; not "clubs welcomed the fine"
    return None


def _subject(sentence: _Sentence, verb: int) -> int | None:
    """The subject of a verb, looking through the verbs it depends on ("plans to raise": the
    planner raises; "ordered Brask to pay": the object of a verb of directing pays) and through a relative pronoun
    to the noun it stands for."""
    tokens = sentence.tokens
    current = verb
    for _ in range(4):
        found = sentence.kids(current, *_SUBJECTS)
        if found:
            subject = found[0]
            if tokens[subject].tag in ("WDT", "WP"):
                # "X, which the company says exposed ...": the noun the relative clause is of
                above = [current, *sentence.ancestors(current)[:2]]
                clause = next((a for a in above if tokens[a].dep == "relcl"), None)
                return tokens[clause].head if clause is not None else subject
            named = [a for a in sentence.kids(subject, "appos") if tokens[a].pos == "PROPN"]
            return named[0] if tokens[subject].pos == "NOUN" and named else subject  # "the ferry, the X,"
        head = tokens[current].head
        controller = sentence.kids(head, "dobj") if tokens[current].dep == "xcomp" else []
        if controller and tokens[head].lemma.lower() in _OBJECT_CONTROL:
            return controller[0]  # "ordered Brask to pay": Brask pays
        if tokens[current].dep in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acomp") and tokens[current].head != current:
            if tokens[current].dep == "relcl":
                return tokens[current].head
            current = tokens[current].head
            continue
        if tokens[current].dep == "acl" and (tokens[tokens[current].head].pos in _NOUNS or any(
                tokens[c].pos == "PROPN" for c in sentence.kids(tokens[current].head, "compound"))):
            return tokens[current].head  # "the X 200 index, priced at", "the Fold One ..., priced at $1,499"
        prep = tokens[current].head
        if tokens[current].dep == "pcomp" and tokens[tokens[prep].head].pos in ("VERB", "AUX"):
            current = tokens[prep].head  # "was jailed for stealing $2 million": the one jailed stole
            continue
        break
    return None


def _deal_parties(sentence: _Sentence, deal: int) -> tuple[int | None, int | None]:
    """(buyer, target) of a deal noun: "X's acquisition of Y", "the X acquisition of Y", "X's Y
    deal", "the acquisition of Y by X", "the sale of Y to X", "Y's move to X", or the subject
    of the clause ("X agreed a $5 billion deal for Y")."""
    tokens = sentence.tokens
    target = None
    for prep in sentence.kids(deal, "prep"):
        if sentence.lower(prep) in ("of", "for", "with", "in"):
            objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
            target = target if target is not None or not objects else objects[0]
    buyer = next(iter(sentence.kids(deal, "poss")), None)
    moved = tokens[deal].lemma.lower() in _TRANSFER_NOUNS
    if moved and buyer is not None:
        target, buyer = target if target is not None else buyer, None  # "X's move to Y": X moves
    sold = moved or tokens[deal].lemma.lower() == "sale"
    preps = sentence.kids(deal, "prep", "agent")
    if sold and tokens[deal].dep in ("dobj", "obj"):
        preps += sentence.kids(tokens[deal].head, "prep")  # "confirmed the sale of X to Y"
    for prep in preps:
        if sentence.lower(prep) == "by" or sentence.lower(prep) == "to" and sold:
            buyer = next((o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"), buyer)
    names = [c for c in sentence.kids(deal, "compound", "nmod") if tokens[c].pos == "PROPN"]
    if names and buyer is None and target is not None:
        buyer = names[-1]
    elif names and target is None:
        target = names[-1]
    verb = _verb_of(sentence, deal)
    if buyer is None:
        buyer = _subject(sentence, verb) if verb is not None else None
    if target is None and verb is not None and tokens[deal].dep == "pobj":
        bought = [o for o in sentence.kids(verb, "dobj") if tokens[o].pos in _NOUNS]
        target = bought[0] if bought else None  # "would acquire the lender in a deal valued at $X"
    return buyer, target


def _count_measure(sentence: _Sentence, noun: int, claim: Claim) -> tuple[str, str]:
    """A count's measure: its noun and what happened to it ("people kill", "vehicles sold",
    "turbines"), and that predicate ("kill", "sell", or "")."""
    base = plural(claim.unit or sentence.tokens[noun].lemma)
    t = sentence.tokens[noun]
    if t.lemma.lower() in _CASES:  # "118 cases of measles", "181 measles cases": cases of measles
        kinds = [c for c in sentence.kids(noun, "compound", "amod") if sentence.tokens[c].pos == "NOUN"]
        kinds += [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) == "of"
                  for o in sentence.kids(prep, "pobj") if sentence.tokens[o].pos == "NOUN"]
        base = f"{base} of {sentence.lower(kinds[0])}" if kinds else base
    named = _COUNTED_BY_VERB.get(sentence.tokens[t.head].lemma.lower())
    if named and t.dep != ("nsubj" if named.get("subject") else "dobj"):
        named = None
    if t.lemma.lower() == POPULATION:
        base = POPULATION  # "X's population of 1.73 million": not a count of people who did something
    elif named and (not named.get("nouns") or t.lemma.lower() in named["nouns"]):
        base = named["measure"]  # "employs 410 people": 410 employees; "holds 60,000 fans": 60,000 seats
    elif t.lemma.lower() in _COUNTED_BY_VERB["carry"]["nouns"] and _on_board(sentence, noun):
        base = _COUNTED_BY_VERB["carry"]["measure"]  # "with 188 people on board": as "carrying 188 people"
    if base == POPULATION:
        return base, ""  # "6.9 million people live in X": how many live there, no action of theirs
    lacked = _deprived_of(sentence, noun)
    if lacked is not None:  # a state, whoever caused it: "homes without power"
        supply = sentence.tokens[lacked].lemma.lower()
        counted = _SAME_SUPPLY.get(claim.unit or t.lemma.lower())
        return f"{plural(counted) if counted else base}{LACKING}{_SAME_SUPPLY.get(supply, supply)}", ""
    predicate = _count_predicate(sentence, noun)
    return _done_to(base, claim.unit or t.lemma.lower(), predicate), predicate


def _done_to(base: str, counted: str, predicate: str) -> str:
    """The measure of a count of ``counted`` (its singular noun; ``base`` the label so far) that
    ``predicate`` says what happened to: "people kill", "vehicles sold", "jobs cut"."""
    if predicate in EVENT_PREDICATES:
        return f"{'people' if counted in _PEOPLE else base} {predicate}"  # "1,500 residents were evacuated"
    activity = _ACTIVITY_CLASS.get(predicate)
    jobs = counted in _JOBS["nouns"]
    if predicate == "lose" and not jobs:
        activity = "lost"  # "lost 46 containers overboard", "lost 200 customers": no cut, no fleet
    if activity in _JOBS["classes"] and jobs:
        base = "jobs"  # "eliminate 4,100 positions", "cut 4,100 jobs"
    return f"{base} {activity}" if activity else base


def _what_the_counted_have(sentence: _Sentence, anchor: int, quantified: int | None) -> int | None:
    """The noun a count belongs to when it is "the X of N people" and X is no group the count
    sizes: "the records of 2.3 million customers", "the arrest of 12 people" (but "a fleet of
    300 buses", "its workforce of 410", "the length of 3 km" size X); else None."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if quantified is None or tokens[anchor].dep != "pobj" or sentence.lower(head) != "of" \
            or tokens[head].head != quantified or tokens[quantified].pos != "NOUN":
        return None
    lemma = tokens[quantified].lemma.lower()
    if lemma in COLLECTIVES or lemma in _MEASURE_NOUNS or lemma in _AUDIENCE_NOUNS:
        return None
    if lemma in _EVENT_OF_NOUN or any(sentence.lower(d) == "the" for d in sentence.kids(quantified, "det")):
        return quantified
    return None


def _doer(sentence: _Sentence, nominal: int) -> int | None:
    """Who does what a noun of a predicate names: its possessor ("its purchase of 40 jets"), or
    the subject of the verb it is the object of ("police announced the arrest of 12 people")."""
    tokens = sentence.tokens
    owners = sentence.kids(nominal, "poss")
    if owners:
        return owners[0]
    t = tokens[nominal]
    return _subject(sentence, t.head) if t.dep in _OBJECTS and tokens[t.head].pos in ("VERB", "AUX") else None


def _on_board(sentence: _Sentence, noun: int) -> bool:
    """Whether a count of people is said to be on board: "188 people on board", "aboard"."""
    return any(sentence.lower(c) == "aboard" or sentence.lower(c) == "on"
               and any(sentence.lower(o) == "board" for o in sentence.kids(c, "pobj"))
               for c in sentence.kids(noun, "prep", "advmod"))


def _over_many_games(sentence: _Sentence, noun: int) -> bool:
    """Whether a tally is said over many games: "in 34 league games", "last season", "over
    his career"; a tally so said is no one game's."""
    tokens = sentence.tokens
    nodes = [noun, tokens[noun].head]
    spans = [o for node in nodes for prep in sentence.kids(node, "prep") if sentence.lower(prep) in ("in", "over", "across")
             for o in sentence.kids(prep, "pobj")]
    spans += [c for node in nodes for c in sentence.kids(node, "npadvmod")]
    return any(_is_figure(sentence, o) or tokens[o].lemma.lower() in _SEASONS for o in spans)


def _audience(sentence: _Sentence, span: Sequence[int], anchor: int, claim: Claim) -> int | None:
    """The noun of a count of the people at a gathering: "41,200 fans", "a crowd of 14,200"."""
    tokens = sentence.tokens
    nouns = [i for i in span if tokens[i].pos == "NOUN"]
    if not nouns and tokens[anchor].dep == "pobj" and sentence.lower(tokens[anchor].head) == "of":
        nouns = [tokens[tokens[anchor].head].head]  # "a crowd of 14,200"
    if not nouns and (counted := _counted_noun(sentence, anchor, claim)) is not None:
        nouns = [counted]  # "attendance at Keswin Park reached 41,200"
    if not nouns or tokens[nouns[-1]].lemma.lower() not in _AUDIENCE_NOUNS:
        return None
    noun = nouns[-1]
    if tokens[noun].dep == "dobj" and tokens[tokens[noun].head].lemma.lower() in _COUNTED_BY_VERB:
        return None  # "the stadium holds 60,000 fans": its seats
    return noun


def _counted_noun(sentence: _Sentence, anchor: int, claim: Claim) -> int | None:
    """The noun a bare number counts when the sentence says it of that noun: "a workforce of
    410", "attendance at Keswin Park reached 41,200", "cases rose to 1,274" (the noun must
    count the claim's unit, as the extractor read it); else None."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if tokens[anchor].dep == "pobj" and sentence.lower(head) == "of" and tokens[tokens[head].head].pos == "NOUN":
        nouns = [tokens[head].head]
    else:
        verb = tokens[head].head if tokens[anchor].dep == "pobj" else head  # "rose to 1,274", "reached 41,200"
        said = tokens[anchor].dep in _OBJECTS or tokens[anchor].dep == "pobj" and sentence.lower(head) in ("to", "at")
        nouns = sentence.kids(verb, *_SUBJECTS) if said and tokens[verb].pos in ("VERB", "AUX") else []
    return next((n for n in nouns if claim.unit in (tokens[n].lemma.lower(), COLLECTIVES.get(tokens[n].lemma.lower()))),
                None)


def _part_of_counted(sentence: _Sentence, anchor: int, claim: Claim) -> bool:
    """Whether a bare number a verb takes is a part "of" the thing the extractor counted ("won
    14 of the 51 seats", "saved nine of 11 break points"), more than one."""
    tokens = sentence.tokens
    verb = tokens[anchor].head
    if tokens[anchor].dep not in ("dobj", "punct") or tokens[verb].pos != "VERB" or tokens[verb].lemma.lower() == "be" \
            or claim.value is None or claim.value.hi <= 1:
        return False  # "was one of four men", "walking with one of her 12 children": who, not how many
    after = anchor + 1  # "won 14 of the 51 seats", however the parse hangs "of"
    preps = sentence.kids(anchor, "prep") + ([after] if after < len(tokens) else [])
    return any(claim.unit == sentence.tokens[o].lemma.lower() for prep in preps
               if sentence.lower(prep) == "of" for o in sentence.kids(prep, "pobj"))


def _gathering_site(sentence: _Sentence, noun: int) -> int | None:
    """The named site a gathering's people are at: "41,200 fans at Keswin Park", "a crowd of
    14,200 watched the derby at Keswin Park", "beat Tollan 3-1 in front of 41,200 fans at X",
    "a crowd of 13,800 saw Marr score twice at X" (the clause its verb reports), "won at X,
    watched by a crowd of 34,800" (a participle hung on the site), "a crowd of 56,000 packed
    X" (a verb of filling)."""
    tokens = sentence.tokens
    for node in [noun, *sentence.ancestors(noun)]:
        is_verb = tokens[node].pos in ("VERB", "AUX")
        for at in [node, *(sentence.kids(node, "ccomp", "xcomp") if is_verb else [])]:
            site = _site_after(sentence, at, ("at",))
            if site is not None:
                return site
        if is_verb and tokens[node].lemma.lower() in _FILLING:  # "a crowd of 56,000 packed Harlow Park"
            filled = [o for o in sentence.kids(node, "dobj") if tokens[o].pos == "PROPN"]
            if filled:
                return _site_name(sentence, filled[0])
        if is_verb:
            site = tokens[node].head
            at_site = tokens[node].dep == "acl" and tokens[site].dep == "pobj" and sentence.lower(tokens[site].head) == "at"
            return _site_name(sentence, site) if at_site else None
    return None


def _performer(sentence: _Sentence, anchor: int) -> int | None:
    """Who took a time: the subject of the clause it is said in ("X won in 2:05:41", "X broke
    the record, crossing the line in 2:06:14"), or the agent of a passive ("was won by X in")."""
    verb = next((a for a in sentence.ancestors(anchor) if sentence.tokens[a].pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    agents = [o for a in sentence.kids(verb, "agent") for o in sentence.kids(a, "pobj")]
    return agents[0] if agents else _subject(sentence, verb)


def _margin(sentence: _Sentence, anchor: int) -> tuple[int | None, int | None] | None:
    """(who was ahead, who was behind) of a time gap between two competitors: "finishing 48
    seconds ahead of X" (the doer ahead), "84 seconds behind the winner, X" (X ahead); None
    for other durations."""
    tokens = sentence.tokens
    side = tokens[anchor].head
    if tokens[anchor].dep != "npadvmod" or sentence.lower(side) not in ("ahead", "behind"):
        return None
    others = sentence.kids(side, "pobj") if sentence.lower(side) == "behind" else \
        [o for prep in sentence.kids(side, "prep") if sentence.lower(prep) == "of" for o in sentence.kids(prep, "pobj")]
    if not others or tokens[side].head == side:
        return None
    other = next((a for a in sentence.kids(others[0], "appos") if tokens[a].pos == "PROPN"), others[0])  # "the winner, X"
    doer = _subject(sentence, tokens[side].head)
    return (other, doer) if sentence.lower(side) == "behind" else (doer, other)


def _won_by(sentence: _Sentence, anchor: int) -> tuple[int | None, int | None] | None:
    """(the winner, the beaten) of a margin of victory: "won the Open by four strokes", "beat X
    by 12 points" (the beaten: the verb's named object); None for other counts ("cut by 300")."""
    tokens = sentence.tokens
    by = tokens[anchor].head
    verb = tokens[by].head
    if tokens[anchor].dep != "pobj" or sentence.lower(by) != "by" or tokens[verb].pos not in ("VERB", "AUX") \
            or tokens[verb].lemma.lower() not in _WINNING:
        return None
    beaten = [o for o in sentence.kids(verb, "dobj") if tokens[verb].lemma.lower() in _OVER_OPPONENT]
    beaten = [_antecedent(sentence, o) if tokens[o].pos == "PRON" else o for o in beaten]  # "X's run ended as Y beat them"
    return _subject(sentence, verb), beaten[0] if beaten else None


def _aged(sentence: _Sentence, anchor: int) -> int | None:
    """Whose age it is: the person it is said beside ("a 34-year-old man", "Smith, 42,", "Tom
    Ruske, aged 41"), or the subject of the clause "aged" or "at the age of" tells more of
    ("X died on Tuesday aged 78"), by the name beside a common noun ("the author Ruth X")."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if head == anchor:
        return None
    person = _subject(sentence, head) if tokens[head].pos in ("VERB", "AUX") else head if tokens[head].pos in _NOUNS else None
    if person == anchor:
        return None  # "the 29-year-old finished ...": who, the text says before
    if person is None or tokens[person].pos == "PROPN":
        return person
    named = [c for c in sentence.kids(person, "appos", "compound") if tokens[c].pos == "PROPN"]
    return named[0] if named else person


def _session_level(sentence: _Sentence, span: Sequence[int]) -> tuple[str, int | None] | None:
    """(measure, holder) of an index level a trading session ended or opened at: "the X index
    closed at 7,412 points", "ended the day at 7,412 points"; None for other points (a
    player's tally)."""
    tokens = sentence.tokens
    noun = span[-1]
    if tokens[noun].lemma.lower() != "point" or tokens[noun].dep != "pobj" or sentence.lower(tokens[noun].head) != "at":
        return None
    verb = tokens[tokens[noun].head].head
    measure = _SESSION_LEVELS.get(tokens[verb].lemma.lower()) if tokens[verb].pos == "VERB" else None
    return (measure, _subject(sentence, verb)) if measure else None


def _toll_of(sentence: _Sentence, anchor: int) -> int | None:
    """The "toll" a bare number of deaths is said of: "the death toll rose to 19", "stood at
    19", "a death toll of 19"; None when no toll is its subject or its head."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if tokens[anchor].dep == "pobj":
        head = tokens[head].head
    if sentence.lower(head) == "toll":
        return head
    if tokens[head].pos in ("VERB", "AUX"):
        return next((s for s in sentence.kids(head, *_SUBJECTS) if sentence.lower(s) == "toll"), None)
    return None


def _toll_event(sentence: _Sentence, toll: int) -> int | None:
    """The event a toll is "from" or "in", when a name or an event noun names it."""
    tokens = sentence.tokens
    return next((o for prep in sentence.kids(toll, "prep") if sentence.lower(prep) in ("from", "in", "of")
                 for o in sentence.kids(prep, "pobj")
                 if tokens[o].pos == "PROPN" or tokens[o].lemma.lower() in EVENT_NOUNS), None)


def _gathering_of(sentence: _Sentence, noun: int, predicate: str) -> int | None:
    """When the counted take part in something: the count itself as the doer of an action
    with no object ("5,000 protesters marched", "6,800 workers walked off the job"), or the
    event it is "by" or "of" ("a strike by 6,800 workers", "a march of 5,000 people"); else None."""
    tokens = sentence.tokens
    t = tokens[noun]
    if t.dep == "nsubj" and tokens[t.head].pos == "VERB" and predicate \
            and predicate not in EVENT_PREDICATES | PROPERTY_PREDICATES and not sentence.kids(t.head, "dobj") \
            and tokens[t.head].lemma.lower() not in _CHANGE_NOUNS:  # "cases rose to 214": no one took part
        return noun
    if t.dep == "pobj" and sentence.lower(t.head) in ("by", "of") \
            and tokens[tokens[t.head].head].lemma.lower() in EVENT_NOUNS - _ONCE_EVENTS:
        return tokens[t.head].head
    if t.dep == "nsubj" and tokens[t.head].lemma.lower() in _JOINING:  # "1,200 nurses began a 48-hour strike"
        return next((o for o in sentence.kids(t.head, "dobj") if tokens[o].lemma.lower() in EVENT_NOUNS - _ONCE_EVENTS), None)
    return None


def _deprived_of(sentence: _Sentence, noun: int) -> int | None:
    """What the counted things are said to be without: "left 28,000 homes without power",
    "82,000 homes were without power", "cut power to 82,000 homes", "40,000 customers lost
    power"; None when they are not said to lack anything."""
    tokens = sentence.tokens
    t = tokens[noun]
    if t.pos != "NOUN":
        return None
    nodes = [noun]
    if tokens[t.head].pos in ("VERB", "AUX") and tokens[t.head].lemma.lower() in _STATE_VERBS:
        nodes.append(t.head)  # "left 28,000 homes without power", "were without power"
    for node in nodes:
        for prep in sentence.kids(node, "prep"):
            if sentence.lower(prep) == "without":  # a bare supply: not "sentences without possibility of parole"
                lacked = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN"
                          and not sentence.kids(o, "det", "poss") and not any(
                              sentence.lower(p) == "of" for p in sentence.kids(o, "prep"))]
                if lacked:
                    return lacked[0]
    verb = tokens[t.head].head if t.dep == "pobj" and sentence.lower(t.head) == "to" else t.head
    if tokens[verb].pos != "VERB" or tokens[verb].lemma.lower() not in _PRIVATION_VERBS:
        return None
    # "40,000 customers lost power", "cut power to 82,000 homes"; not "lost 40 homes" (what was
    # lost) nor "cut 40 jobs" (what was cut).
    if not (t.dep in _SUBJECTS if tokens[verb].lemma.lower() == "lose" else verb != t.head):
        return None
    # What is cut is a supply, written bare ("cut power"), not a thing of the holder's ("cut its
    # workforce to 9,000 employees", "cut the forecast to $8 billion").
    lacked = [o for o in sentence.kids(verb, "dobj") if o != noun and tokens[o].pos == "NOUN"
              and not sentence.kids(o, "det", "poss", "nummod", "compound")]
    return lacked[0] if lacked else None


def _count_predicate(sentence: _Sentence, noun: int) -> str:
    """The verb that says what happened to what is counted ("killed", "were arrested"), as its
    base form; "" for a verb of having or being."""
    tokens = sentence.tokens
    t = tokens[noun]
    if t.dep in _OBJECTS and tokens[t.head].lemma.lower() in _HAVING:
        return ""  # "has 45 members, elected every four years": what it has
    head = t.head
    governed = t.dep in _SUBJECTS | _OBJECTS and tokens[head].pos == "VERB"
    if governed and (predicate_form(sentence, head) in _ACTIVITY_CLASS or _driven_from_home(sentence, head)):
        clauses = []  # "is recalling 240,000 dishwashers sold in the past three years": the recall is the news
    else:  # "24 people killed in the attack"; not "people living near the crater were moved": who they are
        clauses = [c for c in sentence.kids(noun, "acl", "amod", "relcl") if not (governed and tokens[c].tag == "VBG")]
    for c in clauses:
        if tokens[c].tag in ("VBN", "VBG", "VBD") or tokens[c].pos == "VERB":
            return predicate_form(sentence, c)
    if t.dep in _SUBJECTS | _OBJECTS and tokens[head].pos in ("VERB", "AUX"):
        if tokens[head].lemma.lower() == "be":
            complements = [c for c in sentence.kids(head, "acomp", "attr") if c != noun]
            return predicate_form(sentence, complements[0]) if complements else ""
        found = predicate_form(sentence, head)
        states = [state for c in sentence.kids(head, "oprd", "acomp", "xcomp") if t.dep in _OBJECTS
                  and (state := predicate_form(sentence, c)) in EVENT_PREDICATES]
        if found == "leave" and states:
            return states[0]  # "left six skiers dead": killed; "left 40 injured"
        if found in _TALLYING:
            return ""  # "Harnford has recorded 181 cases": what it has, counted
        if found in EVENT_PREDICATES and t.dep == "nsubj" and sentence.kids(head, "dobj"):
            return ""  # "two earthquakes flattened buildings": the doers, not what the event hit
        if (t.dep in _OBJECTS or t.dep == "nsubjpass") and _driven_from_home(sentence, head):
            return EVACUATED  # "forced 12,000 people from their homes", "ordered 1,500 residents to leave their homes"
        return "" if found in _LIGHT_VERBS or found in _HAVING else found
    if t.dep == "pobj":
        verb = tokens[head].head
        if sentence.lower(head) == "with":
            return ""  # "re-elected with 16,400 votes": what the doer had, not what was done to it
        if sentence.lower(head) == "to" and tokens[verb].lemma.lower() in _FLAG_WORDS["update"]:
            return ""  # "rose 5% to 48 million passengers": what it came to, not what happened to them
        found = predicate_form(sentence, verb)
        if tokens[verb].pos == "VERB" and found not in _LIGHT_VERBS and found not in _HAVING:
            return found
    return ""


def _driven_from_home(sentence: _Sentence, verb: int) -> bool:
    """Whether a verb's object is driven from home: "forced them from their homes", "were moved
    to shelters", "ordered them to leave their homes" (what a verb of directing has them do)."""
    tokens = sentence.tokens
    if any(tokens[o].lemma.lower() in {"from": _LEFT_HOMES, "to": _SHELTERS}.get(sentence.lower(prep), ())
           for prep in sentence.kids(verb, "prep") for o in sentence.kids(prep, "pobj")):
        return True  # "forced them from their homes", "were moved to shelters"
    return tokens[verb].lemma.lower() in _ORDERING | _OBJECT_CONTROL and any(
        tokens[x].lemma.lower() in ("leave", "flee", "evacuate", "abandon")
        and (not sentence.kids(x, "dobj") or any(tokens[o].lemma.lower() in _LEFT_HOMES for o in sentence.kids(x, "dobj")))
        for x in sentence.kids(verb, "xcomp"))


def predicate_form(sentence: _Sentence, i: int) -> str:
    """A predicate's base form, one of the known predicates' when a form of it is ("fined")."""
    found = lookup(_PREDICATES | _SAME_PREDICATE.keys(), sentence, i) or sentence.tokens[i].lemma.lower()
    return _SAME_PREDICATE.get(found, found)


def _count_holder(sentence: _Sentence, noun: int) -> int | None:
    """Whose count it is: "X's 84 turbines", "the 84 turbines of X", "the 84 people who run X",
    the subject of "X employs 410 people" or "X has 84 turbines"; the agent of a passive ("killed by X" is not a holder)."""
    tokens = sentence.tokens
    for c in sentence.kids(noun, "poss"):
        return c
    for prep in sentence.kids(noun, "prep"):
        if sentence.lower(prep) in ("of", "at", "aboard") and tokens[noun].lemma.lower() not in _CASES:
            objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS and not _is_figure(sentence, o)]
            if objects:
                return objects[0]
    head = tokens[tokens[noun].head]
    if tokens[noun].dep == "pobj" and sentence.lower(tokens[noun].head) == "to" and tokens[head.head].pos == "VERB" \
            and tokens[head.head].lemma.lower() in _FLAG_WORDS["update"]:
        return _subject(sentence, head.head)  # "its ridership rose 5% to 48 million passengers": the ridership's
    for clause in sentence.kids(noun, "relcl"):  # "the 21 million passengers who used X in 2024"
        if any(tokens[c].tag in ("WP", "WDT") for c in sentence.kids(clause, *_SUBJECTS)):
            named = [o for o in sentence.kids(clause, "dobj") if tokens[o].pos == "PROPN"]
            if named:
                return named[0]
    t = tokens[noun]
    if t.dep in _OBJECTS and tokens[t.head].pos in ("VERB", "AUX"):
        subject = _subject(sentence, t.head)
        if subject is not None and tokens[subject].pos == "NOUN" and tokens[subject].tag == "NNS":
            return _site_after(sentence, subject, ("in", "at")) or subject  # "health officials in Harnford confirmed"
        return subject
    if t.dep == "pobj" and sentence.lower(t.head) == "with":
        # "X won with 61,400 votes", "X, re-elected with 16,400 votes": the doer's; not when the
        # verb has an object that may hold the count ("develop a model with 1 trillion parameters").
        doing = tokens[t.head].head
        if tokens[doing].pos == "VERB" and not sentence.kids(doing, "dobj"):
            return tokens[doing].head if tokens[doing].dep == "acl" else _subject(sentence, doing)
    if t.dep in _SUBJECTS:
        verb = t.head
        for prep in sentence.kids(verb, "prep", "agent"):
            if sentence.lower(prep) in ("in", "at", "on", "during", "from", "by"):
                objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS and not sentence.is_time(o)]
                if objects:
                    return objects[0]
        # "walked off the job at X's mills": the place of the verb's object of a preposition
        sites = [o for prep in sentence.kids(verb, "prep") for thing in sentence.kids(prep, "pobj")
                 for at in sentence.kids(thing, "prep") if sentence.lower(at) == "at"
                 for o in sentence.kids(at, "pobj") if tokens[o].pos in _NOUNS and not sentence.is_time(o)]
        if sites:
            return sites[0]
    if t.dep == "appos" and tokens[t.head].pos == "PROPN" and any(
            c < noun and not sentence.kids(c, "dobj") for c in sentence.kids(t.head, "relcl")):
        return t.head  # "X, which operates 38 hospitals", parsed as a relative clause with no object and the count beside X
    named = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "PROPN"]
    return named[-1] if named else None  # "130,000 X Motors vehicles are being called back": X Motors'


def verb_forms(sentence: _Sentence, i: int) -> tuple[str, ...]:
    """The verb a phrasal verb means ("called back": "recall"), a verb's lemma and the base forms
    its surface could have (the small model lemmatises "fined" as "fin"): looked up in the word
    lists in this order."""
    word, lemma = sentence.lower(i), sentence.tokens[i].lemma.lower()
    phrasal = [_PHRASAL[key] for c in sentence.kids(i, "prt", "advmod", "prep")
               if (key := f"{lemma} {sentence.lower(c)}") in _PHRASAL  # "called back": "recall"
               and (sentence.tokens[c].dep != "prep" or any(sentence.tokens[d].tag == "$" for d in sentence.subtree(c)))]
    # a preposition only before money: "went for $12.4 million", not "went out for nine weeks"
    found = [*phrasal, lemma, word]
    for suffix, replacements in (("ied", ("y",)), ("ed", ("e", "")), ("es", ("e", "")), ("s", ("",)),
                                 ("ing", ("e", ""))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            found += [word[:-len(suffix)] + r for r in replacements]
    return tuple(dict.fromkeys(found))


def lookup(table: dict[str, str] | frozenset[str], sentence: _Sentence, i: int) -> str | None:
    """The first form of word ``i`` (``verb_forms``) in ``table``: its value, or the form itself
    for a set; None when no form is in it."""
    for form in verb_forms(sentence, i):
        if form in table:
            return table[form] if isinstance(table, dict) else form
    return None


def is_definite(sentence: _Sentence, noun: int) -> bool:
    """Whether a common noun has a definite determiner of its own: "the farm", "this plant",
    "these data centers", "the 84 turbines", "the first phases of X" (but "the shadows", plural
    and bare, stand for no one named thing)."""
    tokens = sentence.tokens
    determiners = {sentence.lower(d) for d in sentence.kids(noun, "det")}
    if tokens[noun].pos != "NOUN" or not determiners & {"the", "this", "that", "these", "those"}:
        return False
    return tokens[noun].tag != "NNS" or "the" not in determiners or bool(sentence.kids(noun, "nummod", "amod")) \
        or any(sentence.lower(p) == "of" for p in sentence.kids(noun, "prep"))


def holder_word(sentence: _Sentence, i: int) -> str:
    """A holder's head word as a lemma, hyphenated words whole ("start-up")."""
    tokens = sentence.tokens
    if i >= 2 and sentence.word(i - 1) == "-" and tokens[i - 1].end == tokens[i].start:
        return f"{sentence.lower(i - 2)}-{sentence.lower(i)}"
    return tokens[i].lemma.lower()


def _named_thing(sentence: _Sentence, noun: int, figure: Sequence[int]) -> bool:
    """Whether a common noun has a name of its own written with it ("the Tolvey Bay smelter";
    not a place, a time or a phase: "its Texas plant", "its Phase 3 trial")."""
    return any(sentence.tokens[c].pos == "PROPN" and c not in figure and not sentence.is_time(c)
               and c not in sentence.places and not _PHASE.match(sentence.phrase(c))
               for c in sentence.kids(noun, "compound", "nmod"))


def _antecedent(sentence: _Sentence, pronoun: int) -> int:
    """What a pronoun stands for inside its sentence: the subject of a clause above it written
    before it ("The company said it employs ..."), by its name when one stands beside it ("its
    drug Velorastat met ... its trial"), never the subject of the verb whose object it is; else
    the pronoun (resolved across sentences)."""
    tokens = sentence.tokens
    personal = sentence.lower(pronoun) in _PERSONAL_PRONOUNS
    own_clause = tokens[pronoun].head if tokens[pronoun].dep in _OBJECTS else None  # "Y beat them": not Y
    for verb in sentence.ancestors(pronoun):
        if verb == own_clause:
            continue
        for subject in sentence.kids(verb, *_SUBJECTS):
            if subject < pronoun and subject != pronoun and tokens[subject].pos in _NOUNS:
                owners = [c for c in sentence.kids(subject, "poss") if tokens[c].pos == "PROPN"]
                if personal and tokens[subject].pos == "NOUN":
                    # "Rena Aldine's victory ..., in which she took 45%": a person, the possessor
                    return owners[0] if owners else pronoun
                if owners and sentence.lower(pronoun) in ("they", "them") and tokens[subject].tag == "NN":
                    return owners[0]  # "Corran's cup run ended as Vale beat them": a team, not its run
                named = [c for c in sentence.kids(subject, "appos", "compound") if tokens[c].pos == "PROPN"
                         and c > subject]
                return named[0] if named else subject
    return pronoun


def _is_figure(sentence: _Sentence, i: int) -> bool:
    """Whether a noun is itself a quantity ("15 MW", "two years", "185 km/h")."""
    kids = sentence.kids(i, "nummod", "compound", "quantmod")
    kids += [g for c in sentence.kids(i, "nmod") for g in sentence.kids(c, "nummod")]  # "185 km/h": h of 185 km
    return any(sentence.tokens[c].pos == "NUM" for c in kids)


def _flags(sentence: _Sentence, span: list[int], anchor: int, claim_kind: str) -> tuple[str, ...]:
    """The reasons to keep the figure apart, from the words on its path up to its clause's verb
    ("including", "a target of"), the modifiers of that path and of the clause's subject
    ("first", "originally", "would", "not"), and the words right around it ("so far"); a
    ``claim_kind`` "percent" with a verb of change is a change unless it is what changed to."""
    tokens = sentence.tokens
    path = [anchor] + sentence.ancestors(anchor)
    if claim_kind == "count" and sentence.kids(anchor, "poss"):
        path = [anchor]  # "would not ground any of its 45 aircraft": what it has, whatever its clause says
    clause_end = next((i for i, p in enumerate(path) if tokens[p].pos in ("VERB", "AUX")), len(path) - 1)
    # a noun above counts through "of" ("a target of 30 million"), not "in" ("met its goal in a trial of 2,140")
    elsewhere = {a for below, a in zip(path, path[1:]) if tokens[a].pos in _NOUNS and tokens[below].dep == "prep"
                 and sentence.lower(below) not in ("of", "for")}
    on_path = set(path[:clause_end + 1]) - elsewhere | set(span)
    noun = next((p for p in path[1:clause_end + 1] if tokens[p].pos in _NOUNS), None)
    # Modifiers of the figure, of the noun it sizes, of its clause's verb and subject: not of
    # nouns further up ("the last permit for the 1.4 GW farm" does not make the figure a part).
    # "At 467 megawatts, the farm would be one of the largest": a fronted "at" phrase describes
    # the subject; its clause's modality ("would") is said of the ranking, not of the figure.
    fronted = tokens[anchor].dep == "pobj" and tokens[anchor].head == 0 and sentence.lower(0) == "at"
    modified = set(span) | ({noun} if noun is not None else set())
    subjects = set(sentence.kids(path[clause_end], *_SUBJECTS))
    if not fronted:  # not the modifiers of an event as subject: "the last strike lasted 23 days" was another
        modified |= {path[clause_end]} | {s for s in subjects if tokens[s].lemma.lower() not in EVENT_NOUNS}
    if tokens[anchor].dep == "pobj" and sentence.lower(tokens[anchor].head) in ("to", "from", "at") \
            and tokens[tokens[anchor].head].head == path[clause_end]:
        # "cut its revenue forecast to $12 billion": the figure is the object's value.
        valued = [o for o in sentence.kids(path[clause_end], "dobj") if tokens[o].pos == "NOUN"]
        on_path |= set(valued)
        modified |= set(valued)
    counted = {i for i in span if tokens[i].pos in _NOUNS} if claim_kind == "count" else set()
    # What a count counts is no cue ("17 goals" sets no target, "40 forecasts" none either).
    words = {w for p in on_path - counted for w in (sentence.lower(p), tokens[p].lemma.lower())
             if not (w in _PART_WORDS and tokens[p].pos == "VERB" and w != sentence.lower(p))}  # "lasted": no "last"
    for p in modified:
        for c in sentence.children[p]:
            if p in subjects and sentence.lower(c) in _ROLE_MODIFIERS:
                continue  # "a former trader was sentenced to 12 years": the person's role, not the figure's age
            if tokens[c].dep in _FLAG_MODIFIERS and " ".join(map(sentence.lower, range(c, p + 1))) not in _FIXED_TERMS:
                words.update((sentence.lower(c), tokens[c].lemma.lower()))
    if any(tokens[a].dep == "ccomp" and tokens[a].head < a and tokens[tokens[a].head].lemma.lower() in _SAYING
           for a in path) and "if" not in words:
        words.discard("would")  # "the company said it would eliminate 4,100 positions": its plan, reported
    around = " " + " ".join(sentence.lower(i) for i in range(max(0, span[0] - 3), min(len(tokens), span[-1] + 4))) + " "
    found = [flag for flag, (single, phrases) in _FLAG_CUES.items()
             if not single.isdisjoint(words) or any(phrase in around for phrase in phrases)]
    above = path[:2] if fronted else path
    conditions = {w for a in above for c in sentence.children[a] if tokens[c].dep in ("mark", "aux")
                  for w in (sentence.lower(c), tokens[c].lemma.lower())}
    conditions |= {tokens[a].lemma.lower() for a in above if a not in counted and a not in elsewhere}
    if "would" not in words:
        conditions.discard("would")
    if conditions & set(_FLAG_WORDS["hypothetical"]):
        found.append("hypothetical")  # "if we assume revenues will be $50 million": any clause above it
    building = any(tokens[a].lemma.lower() in _BUILDING for a in path if tokens[a].pos == "VERB")
    if conditions & set(_FLAG_WORDS["target"]) and not building:
        found.append("target")  # "aims to handle 30 million passengers", not "aims to build a 10 GW facility"
    if any(f" {cue} " in around for cue in _FLAG_WORDS["cumulative"]):
        found.append("cumulative")  # "100 TWh over its lifetime"
    if "old_value" in found and not _old_value(sentence, span, anchor, words):
        found.remove("old_value")
    if "update" in found and _changed_by(sentence, anchor, claim_kind):
        found.remove("update")
        found.append("change")  # "grew by 7.6% since 2008": how much it changed, not what it is
    elif "update" in found and not _changed_to(sentence, anchor, words):
        found.remove("update")
    if _split_payment(sentence, span) or claim_kind != "percent" and _part_of_a_whole(sentence, anchor):
        found.append("part")
    if _in_past_clause(sentence, path):
        found.append(PAST_CLAUSE)
    return tuple(sorted(set(found)))


def _in_past_clause(sentence: _Sentence, path: Sequence[int]) -> bool:
    """Whether a figure stands in an adverbial clause of its own that tells what happened
    ("a ban takes effect on August 21 after levels dropped to 37 percent") and names no
    time: the dates and plans of the clause above are not the figure's."""
    tokens = sentence.tokens
    verb = next((p for p in path if tokens[p].pos in ("VERB", "AUX")), None)
    if verb is None or tokens[verb].dep != "advcl" or tokens[verb].tag != "VBD":
        return False
    if not any(sentence.lower(m) in _PAST_MARKS for m in sentence.kids(verb, "mark")):
        return False
    return not any(sentence.is_time(i) for i in sentence.subtree(verb))


def _changed_to(sentence: _Sentence, anchor: int, words: set[str]) -> bool:
    """Whether the figure is what something changed to: "now" (unless the figure only describes
    the clause's subject: "the 3,400 kg satellite is now on the pad"), or the object of "to" after
    a verb of change ("raised its capacity to 1.4 GW"); "began cutting the 14 km tunnel" is not."""
    if "now" in words and not _describes_subject(sentence, anchor):
        return True
    if _deprived_of(sentence, anchor) is not None:
        return False  # "cut power to 82,000 homes": the homes are not what power was cut to
    head = sentence.tokens[anchor].head
    return sentence.tokens[anchor].dep == "pobj" and sentence.lower(head) == "to" \
        and sentence.tokens[sentence.tokens[head].head].pos == "VERB"


def _describes_subject(sentence: _Sentence, anchor: int) -> bool:
    """Whether the figure sits inside its clause's subject ("the 3,400 kg satellite is ...")."""
    tokens = sentence.tokens
    for p in [anchor, *sentence.ancestors(anchor)]:
        if tokens[p].dep in _SUBJECTS:
            return True
        if tokens[p].pos in ("VERB", "AUX"):
            return False
    return False


def _changed_thing(sentence: _Sentence, anchor: int, verb: int | None) -> tuple[str, int | None]:
    """What a change in percent says changed, and its token: the object of "in" or "of" after
    a noun of change ("a 14% increase in net profit"), else the subject noun of the verb of
    change ("container traffic rose 8%"), else ("change", None)."""
    tokens = sentence.tokens
    noun = tokens[anchor].head
    if tokens[noun].pos == "NOUN" and tokens[noun].lemma.lower() in _CHANGE_NOUNS:
        things = [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) in ("in", "of")
                  for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN" and not _is_figure(sentence, o)]
        if things:
            return _thing_name(sentence, things[0]), things[0]
    nouns = [s for s in sentence.kids(verb, *_SUBJECTS) if tokens[s].pos == "NOUN"] if verb is not None else []
    return (_thing_name(sentence, nouns[0]), nouns[0]) if nouns else ("change", None)


def _thing_name(sentence: _Sentence, noun: int) -> str:
    """A changed thing's name: the measure its noun names ("sales": revenue), else its lemma,
    after its compound noun, which says what is counted ("visitor numbers": "visitor number";
    "copper output", not the steel output beside it)."""
    lemma = sentence.tokens[noun].lemma.lower()
    before = [c for c in sentence.kids(noun, "compound") if sentence.tokens[c].pos == "NOUN"]
    name = lemma if lemma in _GENERIC_HEADS else _MEASURE_NOUNS.get(lemma, lemma)
    return f"{sentence.tokens[before[-1]].lemma.lower()} {name}" if before else name


def _changed_by(sentence: _Sentence, anchor: int, kind: str) -> bool:
    """Whether the figure is the size of a change, with a verb of change: the object of "by"
    ("grew by 7.6%", "delayed by a year"), or a percentage not said to be what it changed to
    ("rose 8% to 1.3 million", "population grew 13% since 1999")."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if tokens[anchor].dep == "pobj" and sentence.lower(head) == "by" and tokens[tokens[head].head].pos == "VERB":
        return True
    return kind == "percent" and not (tokens[anchor].dep == "pobj" and sentence.lower(head) in ("to", "at"))


def _part_of_a_whole(sentence: _Sentence, anchor: int) -> bool:
    """A figure said to be some of a definite measure: "$281 million of the purchase price",
    "2 GW of its capacity" ("1.2 GW of capacity", with no determiner, is the capacity). A
    percentage of one ("58% of the vote") is its share, not a part (see ``_flags``)."""
    tokens = sentence.tokens
    return any(_MEASURE_NOUNS.get(tokens[o].lemma.lower()) and any(
                   tokens[d].dep == "poss" or tokens[d].dep == "det" and sentence.lower(d) in ("the", "this", "that")
                   for d in sentence.children[o])
               for prep in sentence.kids(anchor, "prep") if sentence.lower(prep) == "of"
               for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN")


def _split_payment(sentence: _Sentence, span: list[int]) -> bool:
    """A figure that is one part of a payment split by kind: "$281 million in cash and $53
    million in stock" (the total is another figure)."""
    after = " ".join(sentence.lower(i) for i in range(span[-1] + 1, min(len(sentence.tokens), span[-1] + 4)))
    if not re.match(r"in (?:cash|stock|shares|equity|debt)\b(?! and)", after):
        return False
    kinds = re.findall(r"\bin (?:cash|stock|shares|equity|debt)\b", sentence.text.lower())
    return len(kinds) >= 2


def _old_value(sentence: _Sentence, span: list[int], anchor: int, words: set[str]) -> bool:
    """Whether the old-value cue applies to this figure: "up from $640 million" and "from X to
    Y" mark the figure after "from"; "originally", "initial" mark it anywhere on its path."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if tokens[anchor].dep == "pobj" and sentence.lower(head) == "from":
        return True
    return bool(words & {"original", "originally", "initial", "initially", "previous", "previously", "earlier",
                         "prior", "former", "formerly"})


def _rate_denominator(claim: Claim) -> str:
    """What a rate the extractor read is per ("$37 a share" is USD/share): "share"."""
    unit = claim.original_unit or ""
    return unit.split("/", 1)[1].replace("_", " ") if "/" in unit and claim.kind == "money" else ""


def _per_unit(sentence: _Sentence, claim: Claim, span: list[int]) -> str:
    """The unit a figure is given per ("$37 a share": "share"; "15 MW each": "each"), or ""."""
    tokens = sentence.tokens
    after = span[-1] + 1
    if after >= len(tokens):
        return ""
    word = sentence.lower(after)
    if word in ("each", "apiece"):
        return "each"
    if word in ("per", "a", "an", "every") and after + 1 < len(tokens) and tokens[after + 1].pos == "NOUN":
        unit = tokens[after + 1].lemma.lower()
        return "" if unit in ("year", "month", "day", "week", "annum", "quarter") and word != "per" else unit
    return ""


def _scope(sentence: _Sentence, target: int, holder: int | None, figure: Sequence[int],
           thing: int | None = None) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Scope words ("phase 2") and place spans that modify the measure, the holder or the noun
    phrase the holder sits in ("the Phase 3 trial of X") only: never the holder's own name,
    the figure's words, or anything elsewhere in the sentence."""
    tokens = sentence.tokens
    words, spans = [], []
    own: set[int] = set(figure)
    if holder is not None:
        first, _ = sentence.name_span(holder, figure)
        own |= {i for i, t in enumerate(tokens) if first - sentence.offset <= t.start <= tokens[holder].start}
    nodes = {target} | ({thing} if thing is not None else set())  # "its Texas plant": the plant's modifiers
    node = holder
    while node is not None and node not in nodes:
        nodes.add(node)
        up = tokens[node].head
        if tokens[node].dep in ("poss", "compound", "appos") and tokens[up].pos in _NOUNS:
            node = up
        elif tokens[node].dep == "pobj" and sentence.lower(up) == "of" and tokens[tokens[up].head].pos in _NOUNS:
            node = tokens[up].head
        else:
            node = None
    for node in sorted(nodes):
        for c in sentence.kids(node, "compound", "nmod", "amod", "npadvmod", "nummod", "appos"):
            if c in own:
                continue
            phase = _PHASE.search(sentence.phrase(c) + " " + sentence.lower(node))
            if phase:
                words.append(f"{phase.group(1).lower()} {phase.group(2).upper()}")
            elif tokens[c].pos == "PROPN" and c != holder:
                spans.append(sentence.name_span(c))
        spans += [sentence.name_span(o) for o in _places_along(sentence, node)]
    return tuple(sorted(set(words))), tuple(sorted(set(spans)))


def _phase_of_clause(sentence: _Sentence, verb: int, figure: Sequence[int]) -> list[str]:
    """The phase the clause of a figure happens in: "valued at $X in its Series C round", "the
    Series C round, which valued it at $X" (one round's valuation, not the company's latest)."""
    tokens = sentence.tokens
    nodes = [o for head in (verb, sentence.head_of(list(figure))) for prep in sentence.kids(head, "prep")
             if sentence.lower(prep) in ("in", "during", "at") for o in sentence.kids(prep, "pobj")]
    if tokens[verb].dep == "relcl":
        nodes.append(tokens[verb].head)
    found = []
    for node in nodes:
        words = [sentence.lower(i) for i in sorted(sentence.subtree(node) - set(figure))
                 if i <= node and tokens[i].dep != "relcl"]
        phase = _PHASE.search(" ".join(words))
        if phase:
            found.append(f"{phase.group(1).lower()} {phase.group(2).upper()}")
    return found


def _reason(sentence: _Sentence, verb: int) -> list[str]:
    """What a penalty is for, as a scope word: "fined $4.5 million for a spill" (for spill),
    "for breaching limits" (for breach), "for failing to refund" and "over delayed refunds"
    (for refund); a name after "for" is whom it is for, not a reason."""
    tokens = sentence.tokens
    found = []
    for prep in sentence.kids(verb, "prep"):
        if sentence.lower(prep) in ("for", "over"):
            for o in sentence.kids(prep, "pobj", "pcomp"):
                if tokens[o].pos == "VERB" and tokens[o].lemma.lower() in _FAILING:
                    o = next(iter(sentence.kids(o, "xcomp")), o)  # "for failing to refund": for refund
                if tokens[o].pos in ("NOUN", "VERB") and not sentence.is_time(o) \
                        and tokens[o].lemma.lower() not in _CALENDAR_NOUNS:  # "over two years"
                    found.append(f"for {tokens[o].lemma.lower() or sentence.lower(o)}")  # "over delayed refunds"
    return found[:1]


def _places_along(sentence: _Sentence, node: int, depth: int = 3) -> list[int]:
    """The proper nouns a noun's prepositions lead to, through a few of them ("a campus under
    development in Milam County": Milam County), but never through a verb or a clause."""
    found, frontier = [], [node]
    for _ in range(depth):
        following = []
        for n in frontier:
            for prep in sentence.kids(n, "prep"):
                if sentence.lower(prep) not in ("in", "at", "near", "outside", "for", "under", "off"):
                    continue
                for o in sentence.kids(prep, "pobj"):
                    if sentence.tokens[o].pos == "PROPN" and not sentence.is_time(o):
                        found += [o, *sentence.kids(o, "appos")]  # "Milam County, Texas"
                    elif sentence.tokens[o].pos == "NOUN":
                        following.append(o)
        frontier = following
    return found


def _occasion(sentence: _Sentence, anchor: int, span: Sequence[int]) -> int | None:
    """What names the event a figure of what happened belongs to: its predicate's subject when
    that is an event ("the quake killed"), an event in "in"/"during" ("died in the shooting"),
    a compound name of such an event, or the named place it happened at ("at the Merrow Mall")."""
    tokens = sentence.tokens
    verb = next((a for a in sentence.ancestors(anchor)[:3] if tokens[a].pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    subject = _subject(sentence, verb)
    if subject is not None and subject not in span and _names_an_event(sentence, subject):
        named = tokens[subject].pos == "PROPN" or _named_thing(sentence, subject, span)
        return subject if named else _event_site(sentence, subject) or subject  # "floods along the River Orla"
    places = []
    preps = [p for node in (verb, *span) for p in sentence.kids(node, "prep", "agent")]
    for prep in preps:  # "arrested 23 people in raids": the parse may hang "in raids" on either
        for o in sentence.kids(prep, "pobj"):
            if sentence.is_time(o) or o in span:
                continue
            if tokens[o].lemma.lower() in EVENT_NOUNS and sentence.lower(prep) in ("in", "during", "after", "by"):
                named = any(tokens[c].pos == "PROPN" for c in sentence.kids(o, "compound"))
                return o if named else _name_in_clause(sentence, verb, span) or o
            if sentence.lower(prep) in ("at", "in", "near", "on", "across", "from", "along"):
                site = _site_name(sentence, o)
                if site is not None:
                    places.append(site)
    return places[0] if places else None


def _clause_time(sentence: _Sentence, verb: int) -> tuple[int, int] | None:
    """The document span of the time a verb is said "in" or "during" ("harvested X in 2025"),
    or of a time phrase on it ("sold X last year"); None when it has none or several."""
    tokens = sentence.tokens
    if tokens[verb].pos not in ("VERB", "AUX"):
        return None
    found = [o for prep in sentence.kids(verb, "prep") if sentence.lower(prep) in ("in", "during")
             for o in sentence.kids(prep, "pobj") if sentence.is_time(o)]
    found += [c for c in sentence.kids(verb, "npadvmod") if sentence.is_time(c)]
    if len(found) != 1:
        return None
    return tokens[found[0]].start + sentence.offset, tokens[found[0]].end + sentence.offset


def _plain_event(sentence: _Sentence, noun: int) -> str:
    """How an unnamed event noun is written when nothing but its article sets it apart: "bare"
    (a plural with no determiner: "in raids"), "the" or "a" (an event noun: "the landslides",
    "a wildfire in the hills"), else "" ("a separate raid", "the 2004 quake", "an earthquake
    in 2009", "the previous floods")."""
    tokens = sentence.tokens
    if tokens[noun].pos != "NOUN" or any(tokens[c].dep not in ("det", "prep", "punct") for c in sentence.children[noun]) \
            or any(sentence.is_time(c) for c in sentence.subtree(noun)):
        return ""
    determiners = [sentence.lower(c) for c in sentence.kids(noun, "det")]
    if not determiners:
        return "bare" if tokens[noun].tag == "NNS" else ""
    if tokens[noun].lemma.lower() not in EVENT_NOUNS or len(determiners) != 1:
        return ""
    return {"the": "the", "a": "a", "an": "a"}.get(determiners[0], "")


def _names_an_event(sentence: _Sentence, noun: int) -> bool:
    """Whether a noun is an event: "the quake", or a name led by an event noun ("Storm Idris")."""
    tokens = sentence.tokens
    return tokens[noun].lemma.lower() in EVENT_NOUNS or tokens[noun].pos == "PROPN" and any(
        tokens[c].lemma.lower() in EVENT_NOUNS for c in sentence.kids(noun, "compound") if c < noun)


def _name_in_clause(sentence: _Sentence, verb: int, span: Sequence[int]) -> int | None:
    """The one name, other than a place or a time, that a clause's prepositional phrases hold:
    what an unnamed event belongs to ("arrested 23 people in raids ... as part of Operation
    Halyard"). None when there is no such name or more than one."""
    tokens = sentence.tokens
    found = {i for prep in sentence.kids(verb, "prep") for i in sentence.subtree(prep)
             if tokens[i].pos == "PROPN" and tokens[i].dep != "compound" and i not in span
             and i not in sentence.places and not sentence.is_time(i)}
    return found.pop() if len(found) == 1 else None


def _event_site(sentence: _Sentence, event: int) -> int | None:
    """The named place an unnamed event happened at ("the seizure at the port of Lessing"), or
    that it struck ("an earthquake struck southern Veloria")."""
    site = _site_after(sentence, event, ("at", "in", "near", "on", "along"))
    verb = sentence.tokens[event].head
    if site is None and sentence.tokens[event].dep == "nsubj" and sentence.tokens[verb].pos == "VERB":
        site = next((found for o in sentence.kids(verb, "dobj")
                     if (found := _site_name(sentence, o)) is not None), None)  # "struck southern Veloria"
    return site


def _site_after(sentence: _Sentence, node: int, prepositions: Sequence[str]) -> int | None:
    """The first named site among the objects of ``node``'s ``prepositions`` ("at Keswin Park")."""
    return next((site for prep in sentence.kids(node, "prep") if sentence.lower(prep) in prepositions
                 for o in sentence.kids(prep, "pobj") if (site := _site_name(sentence, o)) is not None), None)


def _site_name(sentence: _Sentence, noun: int) -> int | None:
    """The proper noun that names a site: itself, or for one written as a common noun "the
    port of Lessing", "the Lessing port", "a cash depot in Banverre"."""
    tokens = sentence.tokens
    if sentence.is_time(noun):
        return None  # "on Sunday", "on Monday evening": a time is no site
    if tokens[noun].pos == "PROPN":
        return noun
    if tokens[noun].pos != "NOUN":
        return None
    named = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "PROPN" and not sentence.is_time(c)]
    named += [o for prep in sentence.kids(noun, "prep") if sentence.lower(prep) in ("of", "in", "at", "near")
              for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN" and not sentence.is_time(o)]
    return named[0] if named else None


def _where(sentence: _Sentence, anchor: int) -> list[str]:
    """Where an event's figure holds, from the places its predicate names ("killed 170,000
    people in the province", "across Asia")."""
    found = []
    for node in sentence.ancestors(anchor)[:3]:
        if sentence.tokens[node].pos != "VERB":
            continue
        for prep in sentence.kids(node, "prep"):
            if sentence.lower(prep) in ("in", "across", "around", "throughout"):
                found += [sentence.phrase(o, ("relcl", "acl", "appos")) for o in sentence.kids(prep, "pobj")
                          if not sentence.is_time(o)
                          and sentence.tokens[o].lemma.lower() not in EVENT_NOUNS]
        break
    return found


@dataclass(frozen=True, slots=True)
class EventFrame:
    """The event a date is given for: its class ("start", "opening"), the words of what it
    happens to ("pilot production", "plant"), the span of the thing that names it (its
    holder: the agent, or the thing itself when it is named), the head word of that holder
    (for coreference) and the status the predicate's tense gives."""

    event_class: str
    theme: str
    holder: tuple[int, int] | None
    holder_word: str
    status: str | None
    predicate: str = ""
    definite: bool = False


def event_frame(claim: Claim, sentence: _Sentence) -> EventFrame | None:
    """The event of the predicate a date claim modifies ("production began in April": a start
    of production, done), or None when the date modifies no event predicate."""
    span = sentence.covering(claim.start, claim.end)
    if not span:
        return None
    tokens = sentence.tokens
    anchor = sentence.head_of(span)
    t = tokens[anchor]
    predicate = tokens[t.head].head if t.dep == "pobj" else t.head
    if predicate == anchor or predicate in span:
        return None
    lemma = lookup(_EVENT_CLASS.keys() | _PLANNING, sentence, predicate) or tokens[predicate].lemma.lower()
    if tokens[predicate].pos in ("VERB", "AUX") and lemma in _PLANNING and _EVENT_CLASS.get(lemma) is None:
        planned = [o for prep in sentence.kids(predicate, "prep") if sentence.lower(prep) in ("for", "to")
                   for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN"]
        subject = _subject(sentence, predicate)
        if not planned and subject is not None and tokens[subject].lemma.lower() in _EVENT_NOUNS:
            planned = [subject]  # "the IPO is expected in early 2026"
        if planned:  # "preparing for its pilot production phase in April 2026"
            predicate, lemma = planned[0], tokens[planned[0]].lemma.lower()
    if tokens[predicate].pos in _NOUNS:
        event_class = _EVENT_NOUNS.get(lemma)
        of = [o for prep in sentence.kids(predicate, "prep") if sentence.lower(prep) == "of"
              for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN"]
        theme_token = of[0] if event_class is not None and of else predicate  # "the launch of the pilot line"
        theme = _theme_words(sentence, theme_token)
        if event_class is None and not is_milestone(theme):
            return None
        verb = _verb_of(sentence, predicate)
        holder = _event_holder(sentence, verb, theme_token)
        status = _status(sentence, verb if verb is not None else predicate, claim)
        event_class = event_class or ""
    elif tokens[predicate].pos in ("VERB", "AUX"):
        event_class = _EVENT_CLASS.get(lemma)
        objects = [o for o in sentence.kids(predicate, "dobj", "obj") if tokens[o].pos in _NOUNS]
        if event_class is None and objects:
            event_class = _EVENT_NOUNS.get(tokens[objects[0]].lemma.lower())
        if event_class is None and not (objects and is_milestone(_theme_words(sentence, objects[0]))) \
                and not is_milestone(_predicate_phrase(sentence, predicate)):
            return None
        if event_class == "building" and not sentence.kids(predicate, "nsubjpass"):
            return None  # "built 400,000 cars in 2024": what it made that year, not when it was built
        if lemma in _SESSION_LEVELS and any(_is_figure(sentence, o) for prep in sentence.kids(predicate, "prep")
                                            if sentence.lower(prep) == "at" for o in sentence.kids(prep, "pobj")):
            return None  # "the index closed at 7,412 points on Friday": a trading day's level, no closing
        subject = _subject(sentence, predicate)
        on = [o for prep in sentence.kids(predicate, "prep") if sentence.lower(prep) in ("on", "over")
              for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN" and not sentence.is_time(o)]
        theme_token = objects[0] if objects else on[0] if on else subject
        if theme_token is not None and theme_token == subject and tokens[subject].dep == "appos":
            theme_token = tokens[subject].head  # "the ferry, the Marisol Star, was built": a ferry's building
        theme = _theme_words(sentence, theme_token) if theme_token is not None else ""
        holder = _event_holder(sentence, predicate, theme_token)
        if event_class == "approval" and theme_token is not None and theme_token in objects:
            holder = _approved_name(sentence, theme_token) or holder  # "Parliament approved the X reform": X's
        status = _status(sentence, predicate, claim)
        event_class = event_class or ""
    else:
        return None
    if any(tokens[c].dep == "neg" for c in sentence.children[predicate]):
        return None
    if holder is not None and (sentence.is_time(holder) or tokens[holder].lemma.lower() in _CALENDAR_NOUNS):
        holder = None  # "the year's first shipments": a time holds no event
    holder_span = sentence.name_span(holder, span) if holder is not None else None
    holder_lemma = holder_word(sentence, holder) if holder is not None else ""
    if holder is not None and tokens[holder].pos == "PROPN" and (holder == theme_token
                                                                 or theme == sentence.lower(holder)):
        theme = ""  # the event happens to the holder itself: "approve Lumatrex", "the council voted"
    return EventFrame(event_class, theme, holder_span, holder_lemma, status, _predicate_phrase(sentence, predicate),
                      holder is not None and is_definite(sentence, holder))


def is_milestone(words: str) -> bool:
    """Whether words name one of the milestones of data/events.toml ("pilot production line")."""
    return _MILESTONES.search(words) is not None


def _theme_words(sentence: _Sentence, noun: int) -> str:
    """A thing's lowercase noun with its compound and adjective modifiers ("pilot production")."""
    tokens = sentence.tokens
    mods, todo = [], [noun]
    while todo:  # "its pilot production line": "pilot" modifies "production", which modifies "line"
        for c in sentence.kids(todo.pop(), "compound", "amod"):
            if c < noun and tokens[c].pos in ("NOUN", "ADJ"):
                mods.append(c)
                todo.append(c)
    return " ".join([sentence.lower(m) for m in sorted(mods)] + [sentence.lower(noun)])


def _predicate_phrase(sentence: _Sentence, predicate: int) -> str:
    """A predicate with its particle or complement ("came online", "went live", "broke ground")."""
    extra = [c for c in sentence.kids(predicate, "prt", "advmod", "acomp", "dobj") if c == predicate + 1]
    return " ".join(sentence.lower(i) for i in [predicate, *extra])


def _approved_name(sentence: _Sentence, thing: int) -> int | None:
    """The name written with a thing that is approved ("the Ostvaria pension reform"): an
    approval is of the thing, whoever gives it."""
    tokens = sentence.tokens
    return next((c for c in sentence.subtree(thing) if c < thing and tokens[c].pos == "PROPN"
                 and tokens[c].dep == "compound" and c not in sentence.places and not sentence.is_time(c)), None)


def _bare_decider(sentence: _Sentence, subject: int) -> bool:
    """Whether a subject is a deciding body written alone ("Parliament will vote on the
    budget"), neither named ("Dunhill Borough Council") nor one the article introduced ("the
    council")."""
    tokens = sentence.tokens
    return (tokens[subject].lemma.lower() in _DECIDERS
            and not sentence.kids(subject, "det", "poss", "compound", "amod"))


def _named_owner(sentence: _Sentence, noun: int) -> int | None:
    """The named thing an unnamed common noun is of or done to ("repairs to the Tollan dam",
    "the opening of Route 12"); None for a name or when there is none."""
    tokens = sentence.tokens
    if tokens[noun].pos != "NOUN":
        return None
    for prep in sentence.kids(noun, "prep"):
        if sentence.lower(prep) in ("to", "of", "on"):
            for o in sentence.kids(prep, "pobj"):
                if tokens[o].pos == "PROPN" or tokens[o].pos == "NOUN" and _named_thing(sentence, o, ()):
                    return o
    return None


def _event_holder(sentence: _Sentence, verb: int | None, theme: int | None) -> int | None:
    """Who or what an event is of: the agent that does it ("X began production"), else the thing
    it happens to ("the plant opened", "Route 12 opened", "X was approved")."""
    tokens = sentence.tokens
    if theme is not None and tokens[theme].pos == "PROPN":
        return theme  # a named thing the event happens to: "opened Route 12", "approved Zentavir"
    if verb is not None:
        subject = _subject(sentence, verb)
        if subject is not None and subject != theme and not (theme is not None and _bare_decider(sentence, subject)):
            return _named_owner(sentence, subject) or subject  # "Repairs to the Tollan dam were completed"
    if theme is not None:  # "the merger of X and Y", "X's merger", "the X merger", "repairs to X"
        named = _named_owner(sentence, theme)
        if named is not None and tokens[named].pos == "NOUN":
            return named  # "repairs to the Tollan dam": the dam's
        owner = _holder_of_measure(sentence, theme)
        if owner is None:
            owner = next((o for prep in sentence.kids(theme, "prep") if sentence.lower(prep) == "to"
                          for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS), None)
            owner = _thing_holder(sentence, owner) if owner is not None else None
        if owner is not None and tokens[owner].pos in ("PROPN", "PRON"):
            return owner
    return theme


def _status(sentence: _Sentence, predicate: int, claim: Claim) -> str | None:
    """done for a past or perfect predicate; planned for a future one (will, plans to, due to,
    scheduled for) or a planned claim; None when the tense does not say."""
    tokens = sentence.tokens
    chain = [predicate] + sentence.ancestors(predicate)[:2]
    for node in chain:
        words = {sentence.lower(c) for c in sentence.children[node] if tokens[c].dep in ("aux", "auxpass")}
        if words & {"will", "'ll", "shall"} or tokens[node].lemma.lower() in _PLANNING:
            return "planned"
    if claim.modality in ("planned", "expected"):
        return "planned"
    aux = {sentence.lower(c) for c in sentence.children[predicate] if tokens[c].dep in ("aux", "auxpass")}
    if tokens[predicate].tag == "VBD" or (tokens[predicate].tag == "VBN" and (
            aux & {"has", "have", "had", "was", "were"} or (not aux and tokens[predicate].dep == "ROOT"))):
        return "done"
    return None


def sentence_of(text: str, offset: int, tokens: Parse, times: Sequence[tuple[int, int]] = (),
                places: Sequence[tuple[int, int]] = ()) -> _Sentence:
    """A parsed sentence ready for the frames (``offset``: where it starts in the document;
    ``times``: document spans of the dates and times in it, which never hold a figure;
    ``places``: spans of the places named in it, which scope a thing rather than name it)."""
    return _Sentence(text, offset, tokens, times, places)


Resolver = Callable[[tuple[int, int] | None, str], str | None]
