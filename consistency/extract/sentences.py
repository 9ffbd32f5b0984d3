"""Sentence boundaries: a fast, rule-based splitter for news prose."""
from __future__ import annotations

import bisect
import functools
import re

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st inc corp co ltd llc plc bros no nos vs etc approx est fig gen gov sen rep "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun "
    "u.s u.k u.n e.g i.e a.m p.m dept univ assn ave blvd mt ft".split()
)
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9$€£¥])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]{0,7})$")
# Longer "sentences" (minified text, tables flattened to one line) are cut at whitespace so
# that per-sentence work and the sentence shown with each claim stay bounded.
MAX_SENTENCE_CHARS = 2000


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence, trimmed of surrounding whitespace."""
    return list(_bounds(text))


# Texts whose bounds are remembered: a worker analyses a batch of files (engine.FILE_BATCH, 8),
# then lists their sentences to parse, then links them: each of its documents is split three
# times, a batch's documents apart.
_TEXTS_KEPT = 64


@functools.lru_cache(maxsize=_TEXTS_KEPT)
def _bounds(text: str) -> tuple[tuple[int, int], ...]:
    """``sentence_bounds``, remembered for the last texts: extraction and linking split the
    same document."""
    bounds: list[tuple[int, int]] = []
    block_start = 0
    for brk in _BLOCK_BREAK.finditer(text):
        _split_block(text, block_start, brk.start(), bounds)
        block_start = brk.end()
    _split_block(text, block_start, len(text), bounds)
    return tuple(bounds)


def _split_block(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    cut = start
    for m in _END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, cut, m.start()):
            continue
        _append_trimmed(text, cut, m.end(), out)
        cut = m.end()
    _append_trimmed(text, cut, end, out)


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(sentence_start, dot - 8), dot)
    if not m:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
        cut = cut if cut > start else limit
        _append_trimmed(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))


class SentenceIndex:
    """Finds the sentence that contains a character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = sentence_bounds(text)
        self._starts = [b[0] for b in self.bounds]
        self._texts: dict[int, str] = {}

    def index_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self._starts, pos) - 1, 0)

    def sentence(self, index: int) -> str:
        """The sentence's text with runs of whitespace collapsed to one space."""
        if not self.bounds:
            return ""
        found = self._texts.get(index)
        if found is None:  # one string per sentence: its claims share it (memory, pickling)
            start, end = self.bounds[index]
            found = self._texts[index] = " ".join(self.text[start:end].split())
        return found
