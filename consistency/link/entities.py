"""Entity mentions in text: proper-noun phrases, acronyms, tickers and places.

Names are runs of capitalised words, joined by a single space or a connector ("Bank of
Japan"). Words that are capitalised only because a sentence or a headline starts with them
are left out: lexicons in data/entities.toml, and document evidence (a sentence-initial word
counts only if the document also capitalises it mid-sentence). Headline lines keep only the
names the body of the same text confirms; a text that is all headline falls back to cutting
at headline verbs. Places come from data/places.toml.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from consistency.link.lexicon import load
from consistency.model import Document, DocumentEntities, EntityMention

_DATA = load("entities.toml")
_PLACES = load("places.toml")
_UNITS = load("units.toml")["units"]
_CURRENCIES = load("currencies.toml")

STOP: frozenset[str] = frozenset(_DATA["stop"])
GENERIC: frozenset[str] = frozenset(_DATA["generic"])
HEADLINE_WORDS: frozenset[str] = frozenset(_DATA["headline_words"])
TITLES: frozenset[str] = frozenset(_DATA["titles"])
CONNECTORS: frozenset[str] = frozenset(_DATA["connectors"])
_INSTITUTIONS = frozenset(_DATA["institutions"])
# Uppercase tokens that are measures, not names: unit symbols ("GW") and currency codes ("USD").
CODES: frozenset[str] = frozenset(
    [s for spec in _UNITS.values() for s in spec.get("symbols", ())] + list(_CURRENCIES["codes"])
)
COMMON_ACRONYMS: frozenset[str] = frozenset(_DATA["common_acronyms"]) | CODES
_DROP = STOP | CODES
_EXCHANGE_WORDS = frozenset(_DATA["exchanges"])
_NOT_NAME = re.compile(_DATA["not_names"])
# Words that number a class or a position, not a thing: "Category 4", "Phase 2", "Game 7".
_CLASSIFIERS = frozenset(_DATA["numbered_classifiers"])
# A number that is part of the name before it: "Line 4", "Route 12", "Flight 370" (not a
# year, a decimal, a percentage or the start of a range).
_NUMBER_OF_NAME = re.compile(r"[ \u00a0](\d{1,4})\b(?![.,]\d|\s*%|[-–]\w)")
_AFFIXES = frozenset(_DATA["name_affixes"])
# "Basel-based startup" locates a firm; "Arm-based chips" does not.
_LOCATED_BY = re.compile(r"-based (?:[\w-]+ ){0,2}?(?:company|companies|firm|firms|startup|start-up|developer|"
                         r"group|investors?|fund|manufacturer|maker|utility|operator|bank|lender|insurer|retailer|"
                         r"producer|supplier|business|conglomerate|subsidiary|unit|team|researchers)\b")
_PLURAL = re.compile(r"[a-z][^su]s$")
# A name right after one of these words is a place ("a plant near Northvale").
_PLACE_PREPOSITIONS = re.compile(r"\b(?:near|outside|[Nn]orth of|[Ss]outh of|[Ee]ast of|[Ww]est of) $")

_WORD = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,5}")
_EXCHANGES = "|".join(re.escape(e) for e in sorted(_DATA["exchanges"], key=lambda e: (-len(e), e)))
_TICKER = re.compile(rf"\((?:{_EXCHANGES})\s*:\s*([A-Z0-9][A-Z0-9.-]{{0,9}})\)")
_DEFINITION = re.compile(r"\s\(([A-Z][A-Za-z0-9&-]{1,9})\)")
_SPACE = frozenset(" \u00a0")
# Words a headline leaves lowercase.
_MINOR = CONNECTORS | frozenset(("a", "an", "the", "to", "in", "on", "at", "by", "with", "as", "vs", "or",
                                  "from"))
_OPENERS = " \t\u00a0\"'“‘«([*"
_SENTENCE_END = ".!?:;\n—–•|-#"
# "of Economy, Trade and Industry": a comma list inside a name, closed by "and".
_LIST_TAIL = re.compile(r"(?:, [A-Z][\w'’-]*)*,? and [A-Z]")
_POSSESSIVE = re.compile(r"['’]s$")
_POSSESSIVE_ENDINGS = ("'s", "’s")


def _key_words(text: str) -> list[str]:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'").lower()
    s = _POSSESSIVE.sub("", s).replace(".", "").replace("&", " and ")
    return re.sub(r"[^\w]+", " ", s).split()


_SUFFIXES = frozenset(w for s in _DATA["suffixes"] for w in _key_words(s))
_PREFIXES = frozenset(w for s in _DATA["prefixes"] for w in _key_words(s))
# Suffixes that may follow a comma: "Rakuten-like Group, Inc.".
_LEGAL_FORMS = _SUFFIXES - {"project", "group", "holding", "holdings"}
_PLACE_KEYS = frozenset(
    " ".join(_key_words(p)) for group, names in _PLACES.items() if group != "suffixes" for p in names
)
_PLACE_SUFFIXES = frozenset(_PLACES["suffixes"])


@lru_cache(maxsize=65536)
def entity_key(text: str) -> str:
    """The matching form of a name: lowercase, no diacritics, punctuation or possessive,
    organisation suffixes stripped ("Varden Energy Corp." -> "varden energy")."""
    words = _key_words(text)
    while len(words) > 1 and words[0] in _PREFIXES:
        words = words[1:]
    while len(words) > 1 and (words[-1] in _SUFFIXES or words[-1] == "and"):
        words.pop()
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str  # possessive stripped
    cap: bool
    possessive: bool
    located: bool = False  # written "X-based": X is a place


# The words of _WORD that _tokens keeps: those not starting with an ASCII lowercase letter or a
# digit, and the connectors. Skipping the rest in the regex engine saves most of a Python loop
# over every word; a word starting with another lowercase letter ("émigré") is dropped there.
_WORD_START = r"(?<![^\W_])(?<![^\W_][-'’.&])"  # where _WORD.finditer would start a match
_CANDIDATE = re.compile(
    _WORD_START + "(?:"
    + "|".join(re.escape(c) for c in sorted(CONNECTORS, key=len, reverse=True) if _WORD.fullmatch(c))
    + r")(?![^\W_]|[-'’.&][^\W_])"
    + "|" + _WORD_START + r"(?![a-z\d])[^\W_]+(?:[-'’.&][^\W_]+)*"
)


def _tokens(text: str, skip: list[tuple[int, int]]) -> list[_Token]:
    """Capitalised words and connectors of ``text`` outside the ``skip`` spans, possessives and
    "-based" endings cut off."""
    out: list[_Token] = []
    skip_starts = [s for s, _ in skip]
    for m in _CANDIDATE.finditer(text):
        word = m.group(0)
        if not word[0].isupper() and word not in CONNECTORS:
            continue  # a lowercase word breaks a run by standing in its gap
        start, end = m.span()
        if skip_starts:
            i = bisect.bisect_right(skip_starts, start) - 1
            if i >= 0 and start < skip[i][1]:
                continue
        possessive = word.endswith(_POSSESSIVE_ENDINGS)
        located = False
        hyphenated = "-" in word
        if hyphenated and word.rsplit("-", 1)[1] in _AFFIXES:  # "Texas-based" -> "Texas"
            word, affix = word.rsplit("-", 1)
            end = start + len(word)
            located = affix == "headquartered" or bool(_LOCATED_BY.match(text, end))
        elif possessive:
            word, end = word[:-2], end - 2
        elif end < len(text) and text[end] == "." and ("." in word or entity_key(word) in _SUFFIXES):
            word, end = word + ".", end + 1  # "Corp.", "U.S."
        cap = word[0].isupper() and (not hyphenated or all(p[:1].isupper() or p[:1].isdigit()
                                                            for p in word.split("-")))
        cap = cap and not text.startswith(("$", "€", "£", "¥"), end)  # "US$", "C$": currency, not a name
        out.append(_Token(start, end, word, cap and not _NOT_NAME.match(word), possessive, located))
    return out


def _initial(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` starts a sentence, a paragraph or a clause after a colon or
    dash. A line break inside a paragraph (wrapped text) does not start anything."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    if i >= 0 and text[i] == "\n":
        i -= 1
        while i >= 0 and text[i] in " \t\r\u00a0":
            i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of one-line paragraphs written in headline case (most words capitalised)."""
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    pos = 0
    for n, line in enumerate(lines):
        alone = (n == 0 or not lines[n - 1].strip()) and (n + 1 == len(lines) or not lines[n + 1].strip())
        if alone and len(line) < 200:
            words = [w for w in _WORD.findall(line) if w[0].isalpha() and w.lower() not in _MINOR]
            if len(words) >= 2 and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words):
                spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _runs(text: str, tokens: list[_Token]) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised tokens with connectors between them."""
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        run = [tokens[i]]
        has_of = False
        j = i
        while not tokens[j].possessive and j + 1 < n:
            gap = text[tokens[j].end:tokens[j + 1].start]
            nxt = tokens[j + 1]
            if nxt.cap and (_plain(gap) or gap.strip() == "&" and _spaced(gap)):
                run.append(nxt)
                j += 1
            elif nxt.cap and gap == ", " and (entity_key(nxt.text) in _LEGAL_FORMS
                                               or has_of and _LIST_TAIL.match(text, tokens[j].end)):
                run.append(nxt)
                j += 1
            elif (nxt.text in CONNECTORS and _plain(gap) and j + 2 < n and tokens[j + 2].cap
                  and _plain(text[nxt.end:tokens[j + 2].start]) and tokens[j].text not in COMMON_ACRONYMS
                  and tokens[j + 2].text not in COMMON_ACRONYMS
                  and (nxt.text != "and" or has_of
                       or entity_key(text[run[0].start:tokens[j + 2].end]) in _PLACE_KEYS)
                  and not _from_place(text, run, tokens, j)):
                has_of = has_of or nxt.text == "of"
                run.extend((nxt, tokens[j + 2]))
                j += 2
            else:
                break
        yield run
        i = j + 1


def _from_place(text: str, run: list[_Token], tokens: list[_Token], j: int) -> bool:
    """Whether "of" after ``run`` (ending at token ``j``) and the place after it say where
    someone is from ("Sara Lind of Sweden"), not a name's own words ("Royal Bank of Canada",
    "Bank of America"): a run of two words or more, not ending in a word of an institution,
    and a place that ends the run."""
    if tokens[j + 1].text != "of" or len(run) < 2 or run[-1].text.lower() in _INSTITUTIONS:
        return False
    place = tokens[j + 2]
    if entity_key(place.text) not in _PLACE_KEYS:
        return False
    after = tokens[j + 3] if j + 3 < len(tokens) else None
    return after is None or not (after.cap and _plain(text[place.end:after.start]))


def _plain(gap: str) -> bool:
    """One space, or one line break of wrapped text."""
    return (len(gap) == 1 and gap in _SPACE) or (gap.count("\n") == 1 and not gap.strip())


def _spaced(gap: str) -> bool:
    return len(gap) == 3 and gap[0] in _SPACE and gap[2] in _SPACE


def _trim(run: list[_Token], drop: frozenset[str]) -> list[_Token]:
    """Cut stop words, codes and connectors from both ends of a run."""
    lo, hi = 0, len(run)
    while lo < hi and (run[lo].text in drop or not run[lo].cap):
        lo += 1
    while hi > lo and (run[hi - 1].text in drop or not run[hi - 1].cap):
        hi -= 1
    return run[lo:hi]


def _split(run: list[_Token], cut: frozenset[str]) -> list[list[_Token]]:
    parts: list[list[_Token]] = [[]]
    for tok in run:
        if tok.text in cut:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


# An acronym in the plural ("SUVs", "GPUs", "IPOs") counts things of a kind: no name.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _mention(text: str, run: list[_Token]) -> EntityMention | None:
    """The mention a trimmed run makes, or None when it is no name."""
    words = [t.text for t in run if t.cap]
    if all(w in GENERIC or w in STOP or w in HEADLINE_WORDS and len(words) == 1 for w in words):
        return None
    surface = text[run[0].start:run[-1].end]
    key = entity_key(surface)
    if not key:
        return None
    if len(run) == 1:
        word = run[0].text
        if word in COMMON_ACRONYMS or word in _EXCHANGE_WORDS or _PLURAL_ACRONYM.fullmatch(word):
            return None  # "SUVs", "EVs", "CEOs": things of a kind, not a name
        if _ACRONYM.fullmatch(word) and key not in _PLACE_KEYS:
            return EntityMention(run[0].start, run[0].end, word, key, "acronym")
    if (key in _PLACE_KEYS or (len(run) > 1 and run[-1].text in _PLACE_SUFFIXES) or run[-1].located
            or _PLACE_PREPOSITIONS.search(text, max(0, run[0].start - 12), run[0].start)):
        return EntityMention(run[0].start, run[-1].end, surface, key, "place")
    return EntityMention(run[0].start, run[-1].end, surface, key, "name")


def _body_mentions(text: str, runs: list[list[_Token]], evidence: frozenset[str]) -> list[EntityMention]:
    """Names in running text; ``evidence`` holds the words the text capitalises mid-sentence."""
    out = []
    for run in runs:
        initial = _initial(text, run[0].start)
        trimmed = _trim(run, _DROP)
        if not trimmed:
            continue
        if len(trimmed) == 1 and initial and _dateline(text, trimmed[0]):
            continue
        if (initial and trimmed[0] is run[0] and len(trimmed) > 2 and not trimmed[1].cap
                and _PLURAL.search(trimmed[0].text) and trimmed[0].text not in evidence):
            trimmed = trimmed[2:]  # "Shares of Varden": a plural common noun opens the sentence
        elif (initial and trimmed[0] is run[0] and len(trimmed) > 2 and trimmed[1].text == "of"
              and trimmed[0].text not in evidence and written_lowercase(text, trimmed[0].text.lower())):
            trimmed = trimmed[2:]  # "Section of Orrin River bridge collapses": the text writes "a section"
        elif (initial and trimmed[0] is run[0] and len(trimmed) > 1 and trimmed[1].cap
              and trimmed[0].text not in evidence and trimmed[1].text in evidence
              and trimmed[1].text not in COMMON_ACRONYMS and trimmed[1].text not in GENERIC):
            trimmed = trimmed[1:]  # "Developer Varden Energy said": the text names "Varden" elsewhere
        number = _numbered(text, trimmed[-1])
        if (len(trimmed) == 1 and trimmed[0] is run[0] and initial and not trimmed[0].possessive
                and trimmed[0].text not in evidence and not _ACRONYM.fullmatch(trimmed[0].text)
                and entity_key(trimmed[0].text) not in _PLACE_KEYS and number is None):
            continue
        found = [m for m in (_mention(text, p) for p in _split(trimmed, TITLES)) if m is not None]
        if number is not None and found and found[-1].end == trimmed[-1].end:
            surface = text[found[-1].start:number]
            found[-1] = EntityMention(found[-1].start, number, surface, entity_key(surface), "name")
        out.extend(found)
    return out


def _numbered(text: str, last: _Token) -> int | None:
    """Where a name ends that a number after its last word is part of ("Line 4", "Route 12"):
    two numbered names are two things. None when no such number follows."""
    if last.possessive or last.text in _CLASSIFIERS or last.text in _DROP:
        return None
    found = _NUMBER_OF_NAME.match(text, last.end)
    if found is None or 1800 <= int(found.group(1)) <= 2100:
        return None
    return found.end()


def _dateline(text: str, tok: _Token) -> bool:
    """An all-capitals place opening a news item: "TOKYO — ..."."""
    return tok.text.isupper() and text[tok.end:tok.end + 3].lstrip()[:1] in ("—", "–", "-")


def _headline_mentions(text: str, runs: list[list[_Token]], body_keys: frozenset[str]) -> list[EntityMention]:
    """Names in headline lines: those the body confirms, else (no body) cut at headline words."""
    out = []
    drop = _DROP | TITLES
    for run in runs:
        if body_keys:
            i = 0
            while i < len(run):
                for j in range(len(run), i, -1):
                    piece = _trim(run[i:j], drop)
                    if (piece and len(piece) == j - i
                            and entity_key(text[piece[0].start:piece[-1].end]) in body_keys):
                        mention = _mention(text, piece)
                        if mention is not None:
                            out.append(mention)
                        i = j
                        break
                else:
                    i += 1
        else:
            for part in _split(run, HEADLINE_WORDS | drop):
                trimmed = _trim(part, drop)
                mention = _mention(text, trimmed) if trimmed else None
                # A lone plural in a headline is a common noun ("Chips") more often than a name.
                if mention is not None and not (mention.kind == "name" and len(trimmed) == 1
                                                and _PLURAL.search(mention.text)):
                    out.append(mention)
    return out


def _places_by_context(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """A name written "Name, Place" ("Tallow Creek, Texas") is a place too."""
    out = list(mentions)
    for i in range(len(out) - 1):
        here, nxt = out[i], out[i + 1]
        if (here.kind == "name" and nxt.kind == "place" and nxt.key in _PLACE_KEYS
                and text[here.end:nxt.start] == ", " and len(here.key.split()) <= 2):
            out[i] = EntityMention(here.start, here.end, here.text, here.key, "place")
    return out


def _opening_evidence(text: str, body_runs: list[list[_Token]], head_runs: list[list[_Token]]) -> set[str]:
    """Words that open two sentences or more (a headline counts), or one and stand in a
    headline, and that the text never writes in lowercase: names ("Brisford completes ..."
    over "Brisford completed ... Brisford said")."""
    headline = {t.text for run in head_runs for t in run if t.cap}
    openings = Counter(run[0].text for run in body_runs if run[0].cap and _initial(text, run[0].start))
    in_longer = {t.text for run in body_runs if len(run) > 1 for t in run}  # "Brook" of "Ansel Brook"
    found = {w for w, n in openings.items() if (n > 1 or w in headline) and w not in GENERIC and w not in _DROP
             and w not in HEADLINE_WORDS and w not in in_longer and not _PLURAL.search(w) and w[1:].islower()}
    return {w for w in found if not written_lowercase(text, w)}


def written_lowercase(text: str, word: str) -> bool:
    """Whether ``text`` also writes ``word`` in lowercase, as a word of its own: then it is a
    common noun there ("Copper traded at ..." in a text that writes "of copper")."""
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) is not None


def find_entities(text: str) -> list[EntityMention]:
    """Entity mentions of a text, sorted by position and non-overlapping."""
    found = list(_TICKER.finditer(text))
    tickers = [EntityMention(m.start(1), m.end(1), m.group(1), m.group(1).lower(), "ticker") for m in found]
    tokens = _tokens(text, [(m.start(), m.end()) for m in found])
    headlines = _headline_lines(text)
    heads = [s for s, _ in headlines]

    def in_headline(pos: int) -> bool:
        i = bisect.bisect_right(heads, pos) - 1
        return i >= 0 and pos < headlines[i][1]

    body_runs: list[list[_Token]] = []
    head_runs: list[list[_Token]] = []
    evidence: set[str] = set()
    for run in _runs(text, tokens):
        if in_headline(run[0].start):
            head_runs.append(run)
            continue
        body_runs.append(run)
        trimmed = _trim(run, _DROP)
        if trimmed and (trimmed[0] is not run[0] or not _initial(text, run[0].start)):
            evidence.add(trimmed[0].text)
    evidence |= _opening_evidence(text, body_runs, head_runs)
    body = _body_mentions(text, body_runs, frozenset(evidence))
    heads_found = _headline_mentions(text, head_runs, frozenset(m.key for m in body))
    mentions = sorted(body + heads_found + tickers, key=lambda m: (m.start, m.end))
    return _places_by_context(text, _with_titles(text, mentions))


_CAPITALISED_NEXT = re.compile(r"[ \u00a0]+[A-Z]")
# A title in quotes: capitalised words with short lowercase words between ("Harbour at Dusk").
_TITLE_SMALL = frozenset(("a", "an", "the", "at", "of", "in", "on", "for", "and", "to", "with", "from", "by"))
_TITLE = re.compile(r"[\"“]([A-Z][\w'’-]*(?:[ \u00a0](?:[A-Z0-9][\w'’-]*|" + "|".join(sorted(_TITLE_SMALL))
                    + r")){1,6})[\"”]")


def _with_titles(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """``mentions`` with each quoted title (a painting, a film, a ship: "Harbour at Dusk") as
    one name in place of the names inside it; a title of small words only is none."""
    titles = []
    for found in _TITLE.finditer(text):
        words = found.group(1).split()
        if words[-1] in _TITLE_SMALL or "\n" in found.group(1):
            continue
        key = entity_key(found.group(1))
        if key and key not in _PLACE_KEYS:
            titles.append(EntityMention(found.start(1), found.end(1), found.group(1), key, "name"))
    if not titles:
        return mentions
    kept = [m for m in mentions if not any(t.start <= m.start and m.end <= t.end for t in titles)]
    kept += [t for t in titles if not any(m.start < t.end and t.start < m.end for m in kept)]
    return sorted(kept, key=lambda m: (m.start, m.end))


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms defined in parentheses after their capitalised long form, as key -> long-form key:
    "Ministry of Finance (MOF)" -> {"mof": "ministry of finance"}."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        acronym = m.group(1)
        letters = [c for c in acronym if c.isupper()]
        if acronym in CODES or len(letters) < 2:
            continue
        window = text[max(0, m.start() - 150):m.start()]
        first = _long_form_start(window, letters)
        if first is None:
            continue
        out[entity_key(acronym)] = entity_key(window[first:])
    return dict(sorted(out.items()))


def _long_form_start(window: str, letters: list[str]) -> int | None:
    """Where the capitalised words ending ``window`` start whose initials spell ``letters``,
    connectors counted or not ("Bank of Japan" is BJ or BOJ)."""
    strict: list[str] = []
    loose: list[str] = []
    for w in reversed(list(_WORD.finditer(window))):
        word = w.group(0)
        if word in CONNECTORS or word == "the":
            loose.insert(0, word[0])
            continue
        parts = word.split("-")
        if not all(p[:1].isupper() for p in parts):
            return None
        initials = [p[0].upper() for p in parts]
        strict[:0] = initials
        loose[:0] = initials
        if strict == letters or [c.upper() for c in loose] == letters:
            return w.start()
        if len(strict) >= len(letters):
            return None
    return None


def document_entities(doc: Document) -> DocumentEntities:
    """Entity mentions of a document's text, the names of its title, and the acronyms it
    defines. The title is read with the body so that headline case is checked against how
    the body writes the words."""
    shift = len(doc.title) + 2
    body, title, title_places = [], [], []
    for m in find_entities(doc.title + "\n\n" + doc.text):
        if m.start >= shift:
            body.append(replace(m, start=m.start - shift, end=m.end - shift))
        else:
            (title_places if m.kind == "place" else title).append(m)
    in_body = {m.key for m in body}
    title += [m for m in title_places if m.key in in_body]  # "derails near Kostel": the body's too
    # A headline's or dek's first word is capitalized by its place: alone, it names something
    # only when the article names it elsewhere ("Wildfire near X destroys homes" names no "Wildfire").
    def opens_lead(m: EntityMention) -> bool:
        return " " not in m.key and m.start < doc.lead_end and (m.start == 0 or doc.text[m.start - 2:m.start] == "\n\n")

    named = {m.key for m in body if not opens_lead(m)}
    body = [m for m in body if not opens_lead(m) or m.key in named]
    title = [m for m in title if m.start > 0 or " " in m.key or m.key in named]
    first = _WORD.match(doc.title)
    if first is not None and _CAPITALISED_NEXT.match(doc.title, first.end()):
        first = None  # "South Sudan accuses ...": the headline opens with a longer name of its own
    opener = first.group(0) if first else ""
    longer = sorted({(m.key, m.text) for m in body if m.kind == "name" and " " in m.text and m.text.split()[0] == opener})
    if first is not None and len({key for key, _ in longer}) == 1:
        # "Corvex to add 2,000 jobs" over a body that names "Corvex Motors": the headline opens with
        # it (the mention keeps the name's own words, as the article spells it out)
        opening = EntityMention(0, first.end(), longer[0][1], longer[0][0], "name")
        if not any(m.start == 0 for m in title):
            title.insert(0, opening)
        if doc.text.startswith(doc.title) and not any(m.start == 0 for m in body):
            body.insert(0, opening)  # the headline as the text's lead
    return DocumentEntities(tuple(body), tuple(title), tuple(sorted(acronym_definitions(doc.text).items())))
