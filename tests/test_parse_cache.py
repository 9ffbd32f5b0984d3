"""The parser's cache of recent parses (consistency.link.parse.CachedParser)."""
from __future__ import annotations

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
