"""The parser's cache of recent parses (consistency.link.parse.CachedParser)."""
from __future__ import annotations

from pathlib import Path

from consistency.link.parse import CachedParser, parse_sentences
from consistency.settings import Settings


def test_a_call_that_overflows_the_memo_still_returns_every_parse() -> None:
    """A call with parses the memo holds and new ones that overflow it: the memo is emptied,
    and the call still returns a parse for each sentence, equal to a fresh parse."""
    name = Settings().parser
    parser = CachedParser(name, capacity=3)
    first = ["Orrin Metro bought 40 trains.", "The depot opens in 2027."]
    parser(first)
    sentences = [*first, "Vexa Capital invested $500 million.", "A jury awarded Lena Ortiz $2.1 million."]
    parses = parser(sentences)
    assert parses == parse_sentences(sentences, name)
    assert len(parser.memo) == len(sentences)


def test_parses_made_ahead_are_those_a_call_would_make() -> None:
    """``parse_ahead`` parses a batch once: a call after it for some of its sentences parses
    nothing more and returns what parsing them alone gives."""
    name = Settings().parser
    parser = CachedParser(name)
    sentences = ["Orrin Metro bought 40 trains.", "The depot opens in 2027.", "Vexa Capital invested $500 million."]
    parser.parse_ahead(sentences)
    assert len(parser.fresh) == len(sentences)
    assert parser(sentences[1:]) == parse_sentences(sentences[1:], name)
    assert len(parser.fresh) == len(sentences)


def test_the_indexed_attribute_rules_give_the_pipelines_own_annotations() -> None:
    """The attribute ruler applied by lookup gives every token the part of speech and
    morphology spaCy's own ruler gives, and the tokens read from the arrays, with lemmas
    remembered, are those spaCy's own pipeline gives, on the demo corpus and on sentences
    that exercise its exceptions (auxiliaries, 'not', 'there is', contractions, pronouns,
    'that', digits)."""
    import re

    import spacy

    from consistency.extract.sentences import SentenceIndex
    from consistency.link.parse import Token, _pipeline, _tokens, _unsplit

    sentences = ["There is no way they're gonna finish, y'all.", "Let's say it ain't so: nobody did.",
                 "She does not think that he had been paid, but he has.", "I'd have said something.",
                 "It sold 0,000 units in Q0 0000.", "Done", ""]
    for path in sorted(Path(__file__).parents[1].joinpath("fixtures").rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[start:end] for start, end in SentenceIndex(text).bounds]
    ours = _pipeline(Settings().parser)
    theirs = spacy.load(ours.nlp.path, exclude=["ner", "senter"])

    def annotations(docs) -> list[list[tuple[str, ...]]]:
        return [[(t.pos_, t.tag_, str(t.morph), t.dep_) for t in doc] for doc in docs]

    def tokens(doc) -> tuple[Token, ...]:
        return tuple(Token(t.idx, t.idx + len(t.text), "" if re.search(r"\d", t.text) else (t.lemma_ or t.lower_),
                           t.pos_, t.tag_, t.dep_, t.head.i) for t in doc)

    assert len(sentences) > 100
    our_docs = list(ours.pipe(_unsplit(ours.nlp, sentences), batch_size=64))
    their_docs = list(theirs.pipe(_unsplit(theirs, sentences), batch_size=64))
    assert annotations(our_docs) == annotations(their_docs)
    assert [_tokens(doc, text, ours.lemmas) for doc, text in zip(our_docs, sentences)] == [tokens(doc) for doc in their_docs]
