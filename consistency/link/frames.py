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

from consistency.link.lexicon import load
from consistency.link.parse import Parse
from consistency.model import Claim

_DATA = load("frames.toml")
_MEASURE_NOUNS: dict[str, str] = _DATA["measure_nouns"]
_VERB_MEASURES: dict[str, str] = _DATA["verb_measures"]
_DEAL_NOUNS = frozenset(_DATA["kinds_of_money"]["deal_nouns"])
_FUNDING_NOUNS = frozenset(_DATA["kinds_of_money"]["funding_nouns"])
_DIMENSION_MEASURES: dict[str, str] = _DATA["dimension_measures"]
_FLAG_WORDS: dict[str, tuple[str, ...]] = {name: tuple(words) for name, words in _DATA["flags"].items()}
_EVENT_CLASS = {lemma: name for name, lemmas in _DATA["event_classes"].items() for lemma in lemmas}
_EVENT_NOUNS: dict[str, str] = _DATA["event_nouns"]
_PLANNING = frozenset(_DATA["event_planning"]["verbs"])
PRONOUNS = frozenset(_DATA["coreference"]["pronouns"])
ORGANISATION_NOUNS = frozenset(_DATA["coreference"]["organisations"])

# Flags that forbid comparing a figure with anything.
BLOCKING = frozenset(("part", "cumulative", "old_value", "hypothetical", "negated"))
# Verbs that only carry a figure to their subject: "revenue rose to $30 billion".
_CARRIERS = frozenset(("be", "rise", "fall", "reach", "total", "stand", "hit", "climb", "increase", "grow", "jump",
                       "drop", "top", "exceed", "surge", "decline", "slip", "soar", "come", "amount", "remain",
                       "near", "approach", "double", "triple", "edge", "tumble", "plunge", "swell", "balloon",
                       "shrink", "fall", "climb", "rank", "put", "estimate", "peg", "set"))
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
# Verbs that say a subject makes the thing: "X is building a 1.2 GW plant".
_BUILDING = frozenset(("build", "develop", "construct", "plan", "propose", "design", "erect", "deploy", "install",
                       "commission", "complete", "open", "launch", "finance", "fund", "acquire", "buy"))
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
    ("killed" in "24 people killed", "rushed" in "rushed for 226 yards"), else "".
    """

    measure: str
    holder: tuple[int, int] | None
    holder_word: str
    scope: tuple[str, ...]
    scope_spans: tuple[tuple[int, int], ...]
    counterparty: tuple[int, int] | None
    flags: tuple[str, ...]
    predicate: str = ""


class _Sentence:
    """A parsed sentence with the navigation frames need (children, spans, token at offset)."""

    def __init__(self, text: str, offset: int, tokens: Parse, times: Sequence[tuple[int, int]] = ()) -> None:
        self.text, self.offset, self.tokens = text, offset, tokens
        self.times = {i for start, end in times for i in self.covering(start, end)}
        self.children: list[list[int]] = [[] for _ in tokens]
        for i, t in enumerate(tokens):
            if t.head != i:
                self.children[t.head].append(i)

    def is_time(self, i: int) -> bool:
        """Whether token ``i`` is part of a date or time the extractor found ("October 2024")."""
        return i in self.times

    def word(self, i: int) -> str:
        t = self.tokens[i]
        return self.text[t.start:t.end]

    def lower(self, i: int) -> str:
        return self.word(i).lower()

    def kids(self, i: int, *deps: str) -> list[int]:
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def covering(self, start: int, end: int) -> list[int]:
        """Tokens sharing a character with [start, end) of the document."""
        lo, hi = start - self.offset, end - self.offset
        return [i for i, t in enumerate(self.tokens) if t.start < hi and lo < t.end]

    def head_of(self, indices: Sequence[int]) -> int:
        """The token of ``indices`` whose head lies outside them (the span's root)."""
        inside = set(indices)
        for i in indices:
            t = self.tokens[i]
            if t.head not in inside or t.head == i:
                return i
        return indices[-1]

    def name_span(self, i: int, skip: Sequence[int] = ()) -> tuple[int, int]:
        """The document span of the word ``i`` and the proper nouns compounded right before it
        (but the ``skip`` tokens: a figure's own words)."""
        names = [c for c in self.kids(i, "compound", "flat", "nmod") if c < i and c not in skip
                 and not self.is_time(c) and self.tokens[c].pos == "PROPN"]
        first = min(names, default=i)
        while (first > 0 and self.tokens[first - 1].head == first and self.tokens[first - 1].dep == "compound"
               and self.tokens[first - 1].pos == "PROPN" and first - 1 not in skip):
            first -= 1  # "Harbor" in "Harbor Wind offshore project"
        return self.tokens[first].start + self.offset, self.tokens[i].end + self.offset

    def ancestors(self, i: int) -> list[int]:
        out, seen = [], {i}
        while self.tokens[i].head != i and self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            out.append(i)
        return out

    def phrase(self, i: int) -> str:
        """The lowercase words of ``i``'s subtree, in order."""
        members = sorted(self._subtree(i))
        return " ".join(self.lower(m) for m in members)

    def _subtree(self, i: int) -> set[int]:
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
    flags = _flags(sentence, span, anchor)
    per = _per_unit(sentence, claim, span)
    quantified, governor = _attachment(sentence, span, anchor, claim)
    measure, holder, counterparty, predicate = None, None, None, ""
    if claim.kind == "count":
        noun = next((i for i in reversed(span) if tokens[i].pos in _NOUNS), None)
        if noun is None:
            return None
        if quantified is not None and quantified not in span and tokens[anchor].dep != "appos":
            # "a 300-bus fleet", "a 21,000-seat arena": the count sizes the thing it modifies.
            measure, holder = plural(claim.unit or tokens[noun].lemma), _thing_holder(sentence, quantified)
        else:
            (measure, predicate), holder = _count_measure(sentence, noun, claim), _count_holder(sentence, noun)
            quantified = noun
    else:
        measure, holder, counterparty = _money_or_quantity(sentence, claim, quantified, governor)
        if measure is not None and governor is not None and measure.endswith(" " + tokens[governor].lemma.lower()):
            predicate = tokens[governor].lemma.lower()  # "length rush": what was done
    if measure is None:
        return None
    if per:
        measure = f"{measure} per {per}"
    scope_words, scope_spans = _scope(sentence, quantified if quantified is not None else anchor, holder, span)
    if predicate:
        scope_words = tuple(sorted({*scope_words, *_where(sentence, anchor)}))
    holder_span = sentence.name_span(holder, span) if holder is not None else None
    holder_word = tokens[holder].lemma.lower() if holder is not None else ""
    counter_span = sentence.name_span(counterparty) if counterparty is not None else None
    return Frame(measure, holder_span, holder_word, scope_words, scope_spans, counter_span, flags, predicate)


def _attachment(sentence: _Sentence, span: list[int], anchor: int, claim: Claim) -> tuple[int | None, int | None]:
    """(the noun the figure quantifies or is said of, the verb governing it), either may be None."""
    tokens = sentence.tokens
    t = tokens[anchor]
    for prep in sentence.kids(anchor, "prep"):  # "1.4 GW of capacity": the noun after "of" is measured
        if sentence.lower(prep) == "of":
            nouns = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "NOUN" and o not in span]
            if nouns and _MEASURE_NOUNS.get(tokens[nouns[0]].lemma.lower()):
                return nouns[0], _verb_of(sentence, anchor)
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
                    and up.lemma.lower() not in _DEAL_NOUNS | _FUNDING_NOUNS:
                return None, None  # "53 catches for 605 yards": what was done, not a size
            return holder_of, _verb_of(sentence, holder_of)
        if up.pos in ("VERB", "AUX", "ADJ"):
            return None, holder_of
    if t.dep == "appos" and h.pos in _NOUNS:
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


def _money_or_quantity(sentence: _Sentence, claim: Claim, quantified: int | None,
                       governor: int | None) -> tuple[str | None, int | None, int | None]:
    """(measure, holder, counterparty) of a money, quantity or percent figure."""
    tokens = sentence.tokens
    if quantified is not None:
        lemma = tokens[quantified].lemma.lower()
        measure = _measure_noun(lemma, claim)
        if measure is not None:
            return measure, _holder_of_measure(sentence, quantified), None
        if claim.kind == "money" and lemma in _DEAL_NOUNS:
            return "price", _holder_of_measure(sentence, quantified), _deal_target(sentence, quantified)
        if claim.kind == "money" and lemma in _FUNDING_NOUNS:
            return "funding", _holder_of_measure(sentence, quantified), None
        if claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES and tokens[quantified].pos == "NOUN":
            return _DIMENSION_MEASURES[claim.unit], _thing_holder(sentence, quantified), None
        if claim.kind in ("money", "percent") and governor is not None:
            return _verb_measure(sentence, claim, governor)
        return None, None, None
    if governor is not None:
        return _verb_measure(sentence, claim, governor)
    return None, None, None


def _verb_measure(sentence: _Sentence, claim: Claim, verb: int) -> tuple[str | None, int | None, int | None]:
    """A figure said with a verb: "valued at $X" (the verb names the measure), "revenue rose
    to $X" (the verb carries the figure to its subject, which names it) or "lifted its
    valuation to $X" (the verb's object names it)."""
    tokens = sentence.tokens
    lemma = tokens[verb].lemma.lower()
    subject = _subject(sentence, verb)
    for argument in [*sentence.kids(verb, "dobj", "obj"), *([subject] if subject is not None else [])]:
        measure = _measure_noun(tokens[argument].lemma.lower(), claim)
        if measure is not None and not _is_figure(sentence, argument):
            return measure, _holder_of_measure(sentence, argument), None
    if subject is not None and _is_figure(sentence, subject):
        return None, None, None  # "1.2 GW is enough to power ...": the figure is the subject
    if lemma == "be" and subject is not None and claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES:
        return _DIMENSION_MEASURES[claim.unit], subject, None
    measure = _VERB_MEASURES.get(lemma)
    if measure is None or claim.kind not in ("money", "percent"):
        if (claim.kind == "quantity" and claim.unit in _DIMENSION_MEASURES and subject is not None
                and lemma not in _LIGHT_VERBS and lemma not in _CARRIERS):
            return f"{_DIMENSION_MEASURES[claim.unit]} {lemma}", subject, None
        return None, None, None
    if lemma == "value":  # "values it at $X": the object is what is valued
        valued = next((o for o in sentence.kids(verb, "dobj", "obj") if tokens[o].pos in _NOUNS | {"PRON"}), None)
        if valued is not None:
            return measure, valued, None
    target = None
    if measure == "price":  # what is bought: "bought X for $Y", "will pay $Y for X"
        objects = [o for o in sentence.kids(verb, *_OBJECTS) if tokens[o].pos == "PROPN"]
        objects += [o for prep in sentence.kids(verb, "prep") if sentence.lower(prep) == "for"
                    for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
        target = objects[0] if objects else None
    return measure, subject, target


def _thing_holder(sentence: _Sentence, noun: int) -> int | None:
    """What a thing the figure sizes stands for: its name ("Harbor Wind, a 1.2 GW farm";
    "Harbor Wind is a 1.2 GW farm"), the owner when a verb of having links them ("the city
    operates a 300-bus fleet"), else the thing itself when it is definite (resolved later, by
    coreference); an indefinite thing with none of these ("a 41-yard pass") has no holder."""
    tokens = sentence.tokens
    t = tokens[noun]
    if t.pos == "PROPN":
        return noun
    if t.dep == "appos" and tokens[t.head].pos in _NOUNS:
        return t.head
    if t.dep in ("attr", "oprd") and tokens[t.head].lemma == "be":
        subject = _subject(sentence, t.head)
        if subject is not None:
            return subject
    if t.dep in _OBJECTS and tokens[t.head].lemma.lower() in _HAVING | _BUILDING:
        subject = _subject(sentence, t.head)
        if subject is not None:
            return subject
    indefinite = [d for d in sentence.kids(noun, "det") if sentence.lower(d) in ("a", "an", "another")]
    if indefinite:
        det = indefinite[0]
        if det >= 2 and sentence.word(det - 1) == "," and tokens[det - 2].pos in _NOUNS:
            return det - 2  # "the X project, a 1.4 GW farm": an apposition the parse missed
        return None  # "a 41-yard pass": one of many, unnamed
    return noun


def _measure_noun(lemma: str, claim: Claim) -> str | None:
    measure = _MEASURE_NOUNS.get(lemma)
    if measure is None:
        return None
    return measure


def _holder_of_measure(sentence: _Sentence, noun: int) -> int | None:
    """Whose measure it is: "X's revenue", "the revenue of X", "X revenue", or the subject of
    the clause that reports it ("X reported revenue of $30 billion")."""
    tokens = sentence.tokens
    while tokens[noun].dep == "compound" and tokens[tokens[noun].head].pos == "NOUN":
        noun = tokens[noun].head  # "its funding round": the round's holder holds the funding
    for c in sentence.kids(noun, "poss"):
        return c
    if tokens[noun].dep == "pobj":  # "the farm's 1.4 GW of capacity": the figure's possessor
        figure = tokens[tokens[noun].head].head
        for c in sentence.kids(figure, "poss"):
            return c
    for prep in sentence.kids(noun, "prep"):
        if sentence.lower(prep) in ("of", "for", "at"):
            objects = [o for o in sentence.kids(prep, "pobj")
                       if tokens[o].pos in _NOUNS | {"PRON"} and not sentence.is_time(o)]
            if objects:
                return objects[0]
    names = [c for c in sentence.kids(noun, "compound") if tokens[c].pos == "PROPN" and not sentence.is_time(c)]
    if names:
        return names[0]
    if tokens[noun].dep == "appos":
        return tokens[noun].head
    verb = _verb_of(sentence, noun)
    if verb is not None and tokens[noun].dep not in _SUBJECTS:
        return _subject(sentence, verb)
    return None


def _subject(sentence: _Sentence, verb: int) -> int | None:
    """The subject of a verb, looking through the verbs it depends on ("plans to raise": the
    planner raises) and through a relative pronoun to the noun it stands for."""
    tokens = sentence.tokens
    current = verb
    for _ in range(4):
        found = sentence.kids(current, *_SUBJECTS)
        if found:
            subject = found[0]
            if tokens[subject].tag in ("WDT", "WP") and tokens[current].dep == "relcl":
                return tokens[current].head
            return subject
        if tokens[current].dep in ("xcomp", "conj", "advcl", "ccomp", "relcl") and tokens[current].head != current:
            if tokens[current].dep == "relcl":
                return tokens[current].head
            current = tokens[current].head
            continue
        if tokens[current].dep == "acl" and tokens[tokens[current].head].pos in _NOUNS:
            return tokens[current].head
        break
    return None


def _deal_target(sentence: _Sentence, deal: int) -> int | None:
    """The other party of a deal noun: "the acquisition of X", "its X acquisition"."""
    tokens = sentence.tokens
    for prep in sentence.kids(deal, "prep"):
        if sentence.lower(prep) in ("of", "for", "with", "in"):
            objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos == "PROPN"]
            if objects:
                return objects[0]
    names = [c for c in sentence.kids(deal, "compound") if tokens[c].pos == "PROPN"]
    return names[0] if names else None


def _count_measure(sentence: _Sentence, noun: int, claim: Claim) -> tuple[str, str]:
    """A count's measure: its noun and what happened to it ("people kill", "turbines"), and
    that predicate ("kill", or "")."""
    base = plural(claim.unit or sentence.tokens[noun].lemma)
    predicate = _count_predicate(sentence, noun)
    return (f"{base} {predicate}" if predicate else base), predicate


def _count_predicate(sentence: _Sentence, noun: int) -> str:
    tokens = sentence.tokens
    for c in sentence.kids(noun, "acl", "amod", "relcl"):
        if tokens[c].tag in ("VBN", "VBG", "VBD") or tokens[c].pos == "VERB":
            return tokens[c].lemma.lower()
    t = tokens[noun]
    head = t.head
    if t.dep in _SUBJECTS | _OBJECTS and tokens[head].pos in ("VERB", "AUX"):
        lemma = tokens[head].lemma.lower()
        if lemma == "be":
            complements = [c for c in sentence.kids(head, "acomp", "attr") if c != noun]
            return tokens[complements[0]].lemma.lower() if complements else ""
        return "" if lemma in _LIGHT_VERBS or lemma in _HAVING else lemma
    if t.dep == "pobj":
        verb = tokens[head].head
        lemma = tokens[verb].lemma.lower()
        if tokens[verb].pos == "VERB" and lemma not in _LIGHT_VERBS and lemma not in _HAVING:
            return lemma
    return ""


def _count_holder(sentence: _Sentence, noun: int) -> int | None:
    """Whose count it is: "X's 84 turbines", "the 84 turbines of X", the subject of "X employs
    410 people" or "X has 84 turbines"; the agent of a passive ("killed by X" is not a holder)."""
    tokens = sentence.tokens
    for c in sentence.kids(noun, "poss"):
        return c
    for prep in sentence.kids(noun, "prep"):
        if sentence.lower(prep) in ("of", "at", "aboard"):
            objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS and not _is_figure(sentence, o)]
            if objects:
                return objects[0]
    t = tokens[noun]
    if t.dep in _OBJECTS and tokens[t.head].pos in ("VERB", "AUX"):
        return _subject(sentence, t.head)
    if t.dep in _SUBJECTS:
        verb = t.head
        for prep in sentence.kids(verb, "prep", "agent"):
            if sentence.lower(prep) in ("in", "at", "on", "during", "from", "by"):
                objects = [o for o in sentence.kids(prep, "pobj") if tokens[o].pos in _NOUNS]
                if objects:
                    return objects[0]
    return None


def _is_figure(sentence: _Sentence, i: int) -> bool:
    """Whether a noun is itself a quantity ("15 MW", "two years")."""
    return any(sentence.tokens[c].pos == "NUM" for c in sentence.kids(i, "nummod", "compound", "quantmod"))


def _flags(sentence: _Sentence, span: list[int], anchor: int) -> tuple[str, ...]:
    """The reasons to keep the figure apart, from the words on and around its path to the clause."""
    tokens = sentence.tokens
    path = [anchor] + sentence.ancestors(anchor)
    clause_end = next((i for i, p in enumerate(path) if tokens[p].pos in ("VERB", "AUX")), len(path) - 1)
    near = set(path[:clause_end + 1]) | set(span)
    clause_verb = path[clause_end]
    near |= set(sentence.kids(clause_verb, *_SUBJECTS))
    words: set[str] = set()
    for p in list(near):
        for c in sentence.children[p]:
            if tokens[c].dep in ("amod", "advmod", "neg", "aux", "mark", "det", "prep", "npadvmod", "quantmod",
                                 "nummod", "predet", "acomp", "prt"):
                words.add(sentence.lower(c))
                words.add(tokens[c].lemma.lower())
        words.add(tokens[p].lemma.lower())
    phrase_around = " ".join(sentence.lower(i) for i in range(max(0, span[0] - 3), min(len(tokens), span[-1] + 4)))
    found = []
    for flag, cues in _FLAG_WORDS.items():
        if any((" " in cue and f" {cue} " in f" {phrase_around} ") or cue in words for cue in cues):
            found.append(flag)
    if "old_value" in found and not _old_value(sentence, span, anchor, words):
        found.remove("old_value")
    return tuple(sorted(found))


def _old_value(sentence: _Sentence, span: list[int], anchor: int, words: set[str]) -> bool:
    """Whether the old-value cue applies to this figure: "up from $640 million" and "from X to
    Y" mark the figure after "from"; "originally", "initial" mark it anywhere on its path."""
    tokens = sentence.tokens
    head = tokens[anchor].head
    if tokens[anchor].dep == "pobj" and sentence.lower(head) == "from":
        return True
    return bool(words & {"original", "originally", "initial", "initially", "previous", "previously", "earlier",
                         "prior", "former", "formerly"})


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


def _scope(sentence: _Sentence, target: int, holder: int | None,
           figure: Sequence[int]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Scope words ("phase 2") and place spans that modify the measure or the holder only
    (never the holder's own name or the figure's words)."""
    words, spans = [], []
    own: set[int] = set(figure)
    if holder is not None:
        first, _ = sentence.name_span(holder, figure)
        own |= {i for i, t in enumerate(sentence.tokens) if first - sentence.offset <= t.start <= sentence.tokens[holder].start}
    for node in {target, holder} - {None}:
        for c in sentence.kids(node, "compound", "nmod", "amod", "npadvmod", "nummod", "appos"):
            if c in own:
                continue
            phase = _PHASE.search(sentence.phrase(c) + " " + sentence.lower(node))
            if phase:
                words.append(f"{phase.group(1).lower()} {phase.group(2).upper()}")
            elif sentence.tokens[c].pos == "PROPN" and c != holder:
                spans.append(sentence.name_span(c))
        for prep in sentence.kids(node, "prep"):
            if sentence.lower(prep) in ("in", "at", "near", "outside", "for"):
                for o in sentence.kids(prep, "pobj"):
                    if sentence.tokens[o].pos == "PROPN":
                        spans.append(sentence.name_span(o))
        phase = _PHASE.search(sentence.phrase(node)) if node == target else None
        if phase:
            words.append(f"{phase.group(1).lower()} {phase.group(2).upper()}")
    return tuple(sorted(set(words))), tuple(sorted(set(spans)))


def _where(sentence: _Sentence, anchor: int) -> list[str]:
    """Where an event's figure holds, from the places its predicate names ("killed 170,000
    people in the province", "across Asia")."""
    found = []
    for node in sentence.ancestors(anchor)[:3]:
        if sentence.tokens[node].pos != "VERB":
            continue
        for prep in sentence.kids(node, "prep"):
            if sentence.lower(prep) in ("in", "across", "around", "throughout", "at", "on", "near", "off"):
                found += [sentence.phrase(o) for o in sentence.kids(prep, "pobj") if not sentence.is_time(o)]
        break
    return found


def plural(noun: str) -> str:
    """The plural of a singular count noun ("bus" -> "buses", "person" -> "people")."""
    if not noun or noun.isupper():
        return noun + "s"
    if noun == "person":
        return "people"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


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
    lemma = tokens[predicate].lemma.lower()
    if tokens[predicate].pos in _NOUNS:
        event_class = _EVENT_NOUNS.get(lemma)
        if event_class is None:
            return None
        verb = _verb_of(sentence, predicate)
        theme = _theme_words(sentence, predicate)
        holder = _event_holder(sentence, verb, predicate)
        status = _status(sentence, verb if verb is not None else predicate, claim)
    elif tokens[predicate].pos in ("VERB", "AUX"):
        event_class = _EVENT_CLASS.get(lemma)
        objects = [o for o in sentence.kids(predicate, "dobj", "obj") if tokens[o].pos in _NOUNS]
        if event_class is None and objects:
            event_class = _EVENT_NOUNS.get(tokens[objects[0]].lemma.lower())
        if event_class is None:
            return None
        subject = _subject(sentence, predicate)
        theme_token = objects[0] if objects else subject
        theme = _theme_words(sentence, theme_token) if theme_token is not None else ""
        holder = _event_holder(sentence, predicate, theme_token)
        status = _status(sentence, predicate, claim)
    else:
        return None
    if any(tokens[c].dep == "neg" for c in sentence.children[predicate]):
        return None
    holder_span = sentence.name_span(holder, span) if holder is not None else None
    holder_word = tokens[holder].lemma.lower() if holder is not None else ""
    return EventFrame(event_class, theme, holder_span, holder_word, status)


def _theme_words(sentence: _Sentence, noun: int) -> str:
    """A thing's lowercase noun with its compound and adjective modifiers ("pilot production")."""
    tokens = sentence.tokens
    mods = [c for c in sentence.kids(noun, "compound", "amod") if c < noun and tokens[c].pos in ("NOUN", "ADJ")]
    return " ".join([sentence.lower(m) for m in mods] + [tokens[noun].lemma.lower()])


def _event_holder(sentence: _Sentence, verb: int | None, theme: int | None) -> int | None:
    """Who or what an event is of: the agent that does it ("X began production"), else the thing
    it happens to ("the plant opened", "Route 12 opened", "X was approved")."""
    tokens = sentence.tokens
    if theme is not None and tokens[theme].pos == "PROPN":
        return theme  # a named thing the event happens to: "opened Route 12", "approved Zentavir"
    if verb is not None:
        subject = _subject(sentence, verb)
        if subject is not None and subject != theme:
            return subject
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
    if tokens[predicate].tag == "VBD" or (tokens[predicate].tag == "VBN" and aux & {"has", "have", "had", "was",
                                                                                       "were"}):
        return "done"
    return None


def sentence_of(text: str, offset: int, tokens: Parse, times: Sequence[tuple[int, int]] = ()) -> _Sentence:
    """A parsed sentence ready for the frames (``offset``: where it starts in the document;
    ``times``: document spans of the dates and times in it, which never hold a figure)."""
    return _Sentence(text, offset, tokens, times)


Resolver = Callable[[tuple[int, int] | None, str], str | None]
