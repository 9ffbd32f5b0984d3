"""News digest reader: many articles in one text file, boilerplate removed.

An article starts at a bullet line ("  • Title"); its paragraphs are the indented,
blank-line-separated blocks below it. A paragraph found verbatim (whitespace aside)
in two or more articles of the same digest is boilerplate (footers, disclaimers) and
is dropped from all of them, as are "Tag: ..." lines and unindented lines. Document
text is the dedented paragraphs; every line maps to the digest file's own line.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from consistency.corpus.meta import make_document
from consistency.corpus.textmap import SourceFile, TextBuilder
from consistency.model import Document, ReadError

_BULLET = re.compile(r"[ \t]{1,4}•[ \t]*(\S.*?)[ \t]*$")
_BULLET_LINE = re.compile(r"^[ \t]{1,4}•", re.MULTILINE)
_INDENTED_LINE = re.compile(r"^(?: {2,}|\t)[^\s•]", re.MULTILINE)
_TAG = re.compile(r"[ \t]*Tag:[ \t]")
_INDENT = re.compile(r"(?: +|\t+)(?=\S)")


def is_digest(text: str) -> bool:
    """At least two bullet lines and indented paragraph lines."""
    bullets = _BULLET_LINE.finditer(text)
    return next(bullets, None) is not None and next(bullets, None) is not None \
        and _INDENTED_LINE.search(text) is not None


@dataclass
class _Article:
    title_span: tuple[int, int]
    line: int
    paragraphs: list[list[tuple[int, int]]] = field(default_factory=list)  # lines as (start, end)


def read_digest(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document per article, published on ``reference_date`` (a digest carries no dates)."""
    articles = _articles(src.text)
    if not articles:
        return [], [ReadError(src.path, "no digest articles (lines starting with '•')")]
    keys = [[_key(src.text, p) for p in a.paragraphs] for a in articles]
    seen_in = Counter(k for article_keys in keys for k in set(article_keys))
    docs: list[Document] = []
    errors: list[ReadError] = []
    for article, article_keys in zip(articles, keys):
        title = src.text[slice(*article.title_span)]
        kept = [p for p, k in zip(article.paragraphs, article_keys) if seen_in[k] < 2]
        if not kept:
            errors.append(ReadError(src.path, f"article {title!r}: no text left after boilerplate removal",
                                    article.line))
            continue
        b = TextBuilder(src.base)
        if _key(src.text, kept[0]) != " ".join(title.split()):
            b.copy(*article.title_span)
        for paragraph in kept:
            b.paragraph_break()
            for i, (start, end) in enumerate(paragraph):
                if i:
                    b.insert("\n")
                b.copy(start, end)
        doc = make_document(src, b.build(), title=title, published=reference_date, url=None,
                            source_format="digest", index=len(docs), multi=True)
        assert isinstance(doc, Document)  # kept paragraphs are not blank
        docs.append(doc)
    return docs, errors


def _articles(text: str) -> list[_Article]:
    articles: list[_Article] = []
    paragraph: list[tuple[int, int]] = []
    pos, lineno = 0, 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        lineno += 1
        bullet = _BULLET.match(line)
        indent = _INDENT.match(line)
        if bullet or not indent or _TAG.match(line):
            if paragraph and articles:
                articles[-1].paragraphs.append(paragraph)
            paragraph = []
            if bullet:
                articles.append(_Article((start + bullet.start(1), start + bullet.end(1)), lineno))
        else:
            paragraph.append((start + indent.end(), end - (len(line) - len(line.rstrip()))))
    if paragraph and articles:
        articles[-1].paragraphs.append(paragraph)
    return articles


def _key(text: str, paragraph: list[tuple[int, int]]) -> str:
    """The paragraph's words joined by single spaces: what "verbatim" compares."""
    return " ".join(" ".join(text[s:e].split()) for s, e in paragraph)
