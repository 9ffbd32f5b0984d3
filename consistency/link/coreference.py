"""Rule-based coreference inside one article: which named thing a frame's holder stands for.

- A holder written with a name stands for that name's entity ("Kestrel Bank's farm").
- A definite common noun stands for the article's named thing of that kind, learned from
  how the article introduces it: an apposition ("Kestrel Bank, a 1.2 GW wind farm", "the
  ferry, the Marisol Star"), a copula ("Kestrel Bank is a wind farm"), a compound ("the
  Kestrel Bank farm", "the Pellam-2 cargo ship", "the striker Tom Varga") or its own last
  word ("the Pellham Arena" is an arena, "Marrowdale County" a county).
  "The company" and its kin stand for the organisation the article names most, when it names
  one more than the others, else for the name that opens both the headline and the body.
- A pronoun stands for the last name before it, in its sentence or the one before, in one
  paragraph.
- Any other definite noun in the singular ("the farm") stands for what the headline is
  about, when the headline names one thing that the body names too (not "the carmaker" for
  a thing introduced as a plant), else for the one thing named before it, if the article
  names one thing only and it is no event.
- What happened with no doer or event in its sentence ("186 homes were destroyed") is of the
  event the headline names, when its one named thing is an event ("the Tamsin Ridge fire",
  "Cyclone Amara") or the headline tells of an event ("derails near Kostel": its one thing,
  else its one place), or of the one named event of a body whose headline names nothing.
Numbered names stay whole: "Route 12" and "Route 14" are two things. When unsure: None.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence, Set as AbstractSet
from functools import cached_property

from consistency.extract.quantities import AGE_PEOPLE
from consistency.link.entities import written_lowercase
from consistency.link.frames import EVENT_NOUNS, HAPPENING_NOUNS, NAMED_KINDS, ORGANISATION_NOUNS, PRONOUNS, SAME_KIND, STORY_VERBS
from consistency.model import EntityMention

# "Name, a 1.2 GW wind farm" / "Name is a wind farm" / "the Name farm": the kind noun is
# the last word before a comma, a verb-like word or the end of the phrase.
_INTRODUCTION = re.compile(r"\A(?:['’]s)?(?:,\s+|\s+(?:is|was|will be|would be)\s+)(?:a|an|the|its|their)\s+"
                           r"((?:[\w.-]+\s+){0,5}?)([a-z][\w-]*)(?=\s*(?:[,.;:()]|\s+(?:that|which|who|planned|"
                           r"built|based|located|owned|run|operated|set|due|in|on|off|near|with|for|of|to|at)\b))")
# A word of a compound kind: no verb ("the Wasilla Church was estimated" names no kind).
_NOUN_WORD = (r"(?!(?:is|was|were|are|be|been|being|has|had|have|will|would|can|could|may|might|must|should"
              r"|did|does)\b)[a-z][\w-]*(?<!ed)(?<!ing)")
_COMPOUND = re.compile(rf"\A\s+(?:{_NOUN_WORD}\s+){{0,2}}?({_NOUN_WORD})\b"
                       r"(?=\s*(?:[,.;:()]|\s+(?:is|was|will|has|had|would|can|could|in|on|at|of|to|for)\b))")
_FUNCTION_WORDS = (r"(?:at|in|on|of|for|to|with|from|by|and|or|but|as|than|that|which|who|whose|near|over|after|before"
                   r"|into|about)")
# A kind written before a name: "the ferry, the Marisol Star", "the striker Tom Varga".
_KIND_WORD = rf"(?!{_FUNCTION_WORDS}\b){_NOUN_WORD}"
_KIND_BEFORE = re.compile(rf"(?:\b(?:the|its|their)\s+(?:{_KIND_WORD}\s+){{0,2}}?({_KIND_WORD}),\s+the\s+"
                          rf"|\bthe\s+({_KIND_WORD})\s+)\Z", re.IGNORECASE)
# A determiner before a name, with up to two lowercase words between: "the", "their new".
_THE = re.compile(r"\b(?:the|its|their|his|her|our)\s+(?:[a-z]+\s+){0,2}\Z", re.IGNORECASE)
# The two words after a name, if lowercase: "the Tamsin Ridge fire", "the Marrowdale mayoral election".
_WORDS_AFTER = re.compile(r"\s+([a-z][a-z-]*)(?:\s+([a-z]+))?")
# Verbs that tell of an event in a headline, in any inflection ("derails near Kostel",
# "Police seize 1.2 tonnes"; frames.toml story.verbs).
_EVENT_VERB = re.compile(rf"(?:{'|'.join(sorted({v.removesuffix('e') for v in STORY_VERBS}))})(?:s|es|ed|d|ing|e)?\Z")
_AT_VENUE = re.compile(r"\bat (?:the )?\Z")
_AT_SITE = re.compile(r",?\s+(?:in|at|near|outside)\s+|,\s+")  # between a name and the place it is at
_AFTER_THE = re.compile(r"\b[Tt]he ([a-z]+)\b")
_DIRECTIONS = frozenset(("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                         "upper", "lower", "new", "old", "great", "greater"))  # "North Sea" is no kind of north
_MOST_SALIENT_SHARE = 2  # the organisation named most must be named this many times more than the next


def _own_kind(mention: EntityMention, common: AbstractSet[str]) -> str | None:
    """The kind a name of several words says by its first word when the text also writes it as
    a common noun after "the" (``common``: "River Orla" ... "the river") or it is an event noun
    ("Cyclone Amara"), else by its last ("Pellham Arena" is an arena)."""
    words = mention.text.split()
    if len(words) < 2:
        return None
    first = words[0].lower()
    if first in EVENT_NOUNS or first in common and first not in _DIRECTIONS:
        return first  # "Cyclone Amara" ... "the storm"
    return words[-1].lower() if words[-1].isalpha() and words[-1][0].isupper() else None


class Coreference:
    """Resolves holders to entity keys in one document. ``mentions`` are its body's entity
    mentions (offsets in ``text``), ``rep`` maps each key to the key standing for its entity."""

    def __init__(self, text: str, mentions: Sequence[EntityMention], title: Sequence[EntityMention],
                 rep: Mapping[str, str], paragraph_breaks: Sequence[int], sentence_starts: Sequence[int],
                 headline_text: str = "") -> None:
        self.text, self.rep = text, rep
        self.names = sorted((m for m in mentions if m.kind != "place"), key=lambda m: m.start)
        self.places = [m for m in mentions if m.kind == "place"]
        self.starts = [m.start for m in self.names]
        self.everything = sorted(mentions, key=lambda m: m.start)  # places can hold figures too
        self.all_starts = [m.start for m in self.everything]
        self.breaks, self.sentence_starts = paragraph_breaks, sentence_starts
        self.kinds: list[tuple[int, str, str]] = []  # (position, kind noun, key), in text order
        self.stated: dict[str, set[str]] = {}  # key -> the kinds the text introduces it as (not its last word)
        common = set(_AFTER_THE.findall(text))  # words the text writes as common nouns: "the river"
        for m in self.names:
            after = text[m.end:m.end + 160]
            found = _INTRODUCTION.match(after)
            if found is None and _THE.search(text, max(0, m.start - 30), m.start):
                found = _COMPOUND.match(after)  # "the Kestrel Bank farm"
            if found is None:
                found = _KIND_BEFORE.search(text, max(0, m.start - 60), m.start)  # "the ferry, the Marisol Star"
            if found:
                kind = found.group(found.lastindex or 1).lower()
                self.kinds.append((m.start, kind, rep.get(m.key, m.key)))
                self.stated.setdefault(rep.get(m.key, m.key), set()).add(SAME_KIND.get(kind, kind))
            elif kind := _own_kind(m, common):
                self.kinds.append((m.start, kind, rep.get(m.key, m.key)))  # "the Pellham Arena"
        self.kinds.extend((m.start, kind, rep.get(m.key, m.key)) for m in self.places if (kind := _own_kind(m, common)))
        self.kinds.sort()  # "Marrowdale County": "the county"
        counts: dict[str, int] = {}
        for m in self.names:
            key = rep.get(m.key, m.key)
            counts[key] = counts.get(key, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.main = None
        if ranked and (len(ranked) == 1 or ranked[0][1] >= _MOST_SALIENT_SHARE * ranked[1][1]):
            self.main = ranked[0][0]
        elif self.names and title:
            # No name stands out by count: the one that opens both the headline and the body.
            opening = rep.get(self.names[0].key, self.names[0].key)
            first_in_title = min(title, key=lambda m: m.start)
            if rep.get(first_in_title.key, first_in_title.key) == opening:
                self.main = opening
        # The things the article names, which an unresolved holder may be (see link.adoptions).
        self.candidates = sorted(counts)
        # What the headline is about, when it names one thing the body names too.
        headline = {self._in_full(rep.get(m.key, m.key), counts) for m in title if m.kind != "place"} & counts.keys()
        self.headline = next(iter(headline)) if len(headline) == 1 else None
        # The one place a headline names that tells of an event there ("derails near Kostel").
        sites = {rep.get(m.key, m.key) for m in title if m.kind == "place"} \
            & (counts.keys() | {rep.get(m.key, m.key) for m in self.places})
        self.headline_site = next(iter(sites)) if len(sites) == 1 and not headline else None
        # Whether the headline or the body's first sentence tells of an event ("Freight train
        # derails near Kostel"; "..., the port's largest seizure this year").
        bounds = [*sentence_starts, len(text)]
        ledes = [text[start:end] for start, end in zip(bounds, bounds[1:3])]
        first = 1 if len(ledes) > 1 and ledes[0].strip() == headline_text.strip() else 0
        lede = ledes[first] if ledes else ""
        self.lede = (bounds[first], bounds[first + 1]) if ledes else (0, 0)
        words = [word for found in re.findall(r"[a-z]+", f"{headline_text} {lede}".lower())
                 for word in (found, found.removesuffix("s"))]  # "landslides"
        # The kinds of event they name ("landslide"), which "the landslides" in the body stands for.
        self.story_kinds = frozenset(kind for word in words if (kind := SAME_KIND.get(word, word)) in EVENT_NOUNS)
        self.eventful = bool(self.story_kinds) or any(_EVENT_VERB.match(word) or word in HAPPENING_NOUNS for word in words)
        self.headline_words = frozenset(re.findall(r"[a-z]+", headline_text.lower()))

    @staticmethod
    def _in_full(key: str, counts: Mapping[str, int]) -> str:
        """The article's one longer name a headline's name is the start of ("Varden General" for
        "Varden General Hospital"), else the name itself."""
        longer = [other for other in counts if other.startswith(f"{key} ")]
        return longer[0] if len(longer) == 1 else key

    @cached_property
    def story_event(self) -> str | None:
        """The event the story is about: the one thing the headline names when it is an event's
        name ("Cyclone Amara"), the body writes an event noun after it ("the Tamsin Ridge fire")
        or the headline tells of an event, also at the one place it names ("Freight train derails
        near Kostel"), else, with no headline thing, the one such name of the body, or the one
        name of an article whose headline or first sentence tells of an event; else None."""
        events = sorted({self.rep.get(m.key, m.key) for m in self.names
                         if self._names_event(m.end) or m.text.split()[0].lower() in EVENT_NOUNS})
        if self.headline is not None:
            if self.headline in events:
                return self.headline
            return (self._thing_at(self.headline) or self.headline) if self.eventful else None
        if self.eventful and self.headline_site is not None:
            return self._thing_at(self.headline_site) or self.headline_site
        if len(events) == 1:
            return events[0]
        one = self.candidates[0] if len(self.candidates) == 1 else None
        return one if self.eventful and not events else None  # the one name of "Customs officers at Dorna found ..."

    def _names_event(self, end: int) -> bool:
        """Whether an event noun follows a name ending at ``end`` within two words."""
        found = _WORDS_AFTER.match(self.text, end)
        return found is not None and any(SAME_KIND.get(word, word) in EVENT_NOUNS for word in found.groups() if word)

    def learn(self, position: int, kind: str, key: str) -> None:
        """A kind the parse saw ("Kestrel Bank, a ... farm" as an apposition)."""
        bisect.insort(self.kinds, (position, kind, key))

    def name_at(self, span: tuple[int, int]) -> str | None:
        """The entity key of a mention (a name or a place) overlapping ``span``."""
        start, end = span
        i = bisect.bisect_left(self.all_starts, end)
        for m in reversed(self.everything[max(0, i - 4):i]):
            if m.start < end and start < m.end:
                return self.rep.get(m.key, m.key)
        return None

    def place_at(self, span: tuple[int, int]) -> EntityMention | None:
        start, end = span
        return next((m for m in self.places if m.start < end and start < m.end), None)

    def broadest_place(self, place: EntityMention) -> str:
        """The last place of a chain written "Pellam, Ohio": the broadest one."""
        chosen = place
        for m in sorted(self.places, key=lambda m: m.start):
            if m.start > chosen.end and self.text[chosen.end:m.start].strip() in (",", ""):
                chosen = m
        return chosen.text

    def resolve(self, span: tuple[int, int] | None, word: str, definite: bool = False) -> str | None:
        """The entity key a holder stands for, or None; ``definite``: the holder is a common noun
        with a definite determiner ("the farm")."""
        if span is None:
            return None
        named = self.name_at(span) or self._by_last_word(span)
        if named is not None:
            return named
        if word in PRONOUNS:
            return self._last_name_before(span[0])
        if not definite:
            return self._introduced(span, word)  # "a farm", "damage": not one the article named, unless ...
        wanted = SAME_KIND.get(word, word)
        kinds = [key for position, kind, key in self.kinds if SAME_KIND.get(kind, kind) == wanted and position < span[0]]
        if kinds:
            return kinds[-1]
        if word in ORGANISATION_NOUNS and self.main is not None:
            return self.main
        if (self.headline is None and len(self.candidates) == 1 and self.starts and self.starts[0] < span[0]
                and wanted not in EVENT_NOUNS and not any(kind == wanted for _, kind, _ in self.kinds)):
            return self.candidates[0]  # "the ferry", after the one thing the article names
        if word in ORGANISATION_NOUNS and not self.stated.get(self.headline, set()) <= ORGANISATION_NOUNS:
            return None  # "the carmaker" is not the headline's "Marrowdale plant"
        own = self.headline.split()[-1] if self.headline else ""
        if own in NAMED_KINDS and SAME_KIND.get(own, own) != wanted and wanted not in EVENT_NOUNS \
                and not any(self.text[m.end:m.end + len(word) + 1].lower() == f" {word}"
                            for m in self.names if self.rep.get(m.key, m.key) == self.headline):
            return None  # "the 400-metre vessel" is not the headline's "Marrow Canal" (but "the Tarn River bridge" is)
        return self.headline  # "the farm", in an article whose headline names one thing

    def venue(self) -> str | None:
        """The one named thing the article says something happened "at" ("beat Rovers 2-1 at Elm
        Park"), where its crowd was; None when it names none or several."""
        found = {self.rep.get(m.key, m.key) for m in self.everything if _AT_VENUE.search(self.text, max(0, m.start - 8), m.start)}
        return found.pop() if len(found) == 1 else None

    def _thing_at(self, site: str) -> str | None:
        """The one name the first sentence places at ``site`` ("Thieves broke into the Corvo
        Gallery in Lisca": the gallery, where the headline's event in Lisca happened)."""
        at_site = [m.start for m in self.everything if self.rep.get(m.key, m.key) == site
                   and self.lede[0] <= m.start < self.lede[1]]
        found = {self.rep.get(m.key, m.key) for m in self.names if self.lede[0] <= m.start < self.lede[1]
                 and self.rep.get(m.key, m.key) != site and any(_AT_SITE.fullmatch(self.text, m.end, start) for start in at_site)}
        return found.pop() if len(found) == 1 else None

    def is_kind_of(self, phrase: str, key: str, any_kind: bool = False) -> bool:
        """Whether a phrase is "the" and a kind the article gives the thing ``key`` ("the town"
        after "the town of Ridgeford"), or with ``any_kind`` a kind it gives no other thing: the
        thing itself, written as a common noun."""
        words = phrase.split()
        if len(words) != 2 or words[0] != "the" or not words[1].isalpha():
            return False
        wanted = SAME_KIND.get(words[1], words[1])
        if any_kind and not any(k != key and SAME_KIND.get(kind, kind) == wanted for _, kind, k in self.kinds):
            return True
        return any(k == key and SAME_KIND.get(kind, kind) == wanted for _, kind, k in self.kinds)

    def _introduced(self, span: tuple[int, int], word: str) -> str | None:
        """The named thing an indefinite noun of the first sentence introduces: the article's one
        thing of that kind ("A passenger ferry carrying 212 people capsized ... The vessel, the
        Aster Line"), else the story's event when the headline names the thing by that noun and
        the article names none of its kind ("Train derails near Pell": "A passenger train
        carrying 230 people derailed"); else None."""
        if not self.lede[0] <= span[0] < self.lede[1]:
            return None
        wanted = SAME_KIND.get(word, word)
        keys = {key for _, kind, key in self.kinds if SAME_KIND.get(kind, kind) == wanted}
        if keys:
            return keys.pop() if len(keys) == 1 else None
        if word in self.headline_words and word not in AGE_PEOPLE and word not in EVENT_NOUNS:
            return self.story_event
        return None

    def _by_last_word(self, span: tuple[int, int]) -> str | None:
        """A capitalised word the name finder left out (it starts a sentence) that is the first or
        last word of exactly one name of the article: "Brook will be sentenced" after "Ansel
        Brook", "Varden now expects" after "Varden Energy"."""
        words = self.text[span[0]:span[1]].split()
        if len(words) != 1 or not words[0][:1].isupper() or written_lowercase(self.text, words[0]):
            return None
        found = {self.rep.get(m.key, m.key) for m in self.names if words[0] in (m.text.split()[0], m.text.split()[-1])}
        return found.pop() if len(found) == 1 else None

    def _last_name_before(self, position: int) -> str | None:
        i = bisect.bisect_left(self.starts, position) - 1
        if i < 0:
            return None
        m = self.names[i]
        sentence = bisect.bisect_right(self.sentence_starts, position) - 1
        earliest = self.sentence_starts[max(0, sentence - 1)] if self.sentence_starts else 0
        if m.start < earliest or any(m.start < b < position for b in self.breaks):
            return None
        return self.rep.get(m.key, m.key)
