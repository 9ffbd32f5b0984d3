"""Markdown reader: front matter for metadata, the body as plain prose with exact offsets.

The front matter's headline (``title``) and dek (``description``, ``summary``...) are read
as the article's first paragraphs (``Document.lead_end`` marks where they end), so their
figures are claims of the article, unless the body opens with the same words.
Fenced code blocks and HTML comments are dropped; heading markers, list bullets,
emphasis markers, inline code backticks, tags and link syntax are removed so sentences
read naturally. Headings, list items and table rows become blocks of their own (the
sentence splitter splits on blank lines). Every kept character maps to its source.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from datetime import date

from consistency.corpus.frontmatter import FIRST_LINE, key_line, parse_front_matter, value_span
from consistency.corpus.meta import describe_value, make_document, parse_date, stem
from consistency.corpus.textmap import Layer, SourceFile, TextBuilder
from consistency.model import Document, ReadError

_WORDS = re.compile(r"[\W_]+")
_CODE_OR_COMMENT = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})|<!--", re.MULTILINE)
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|(?=\n)|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE_OR_UNDERLINE = re.compile(r" {0,3}(?:(?:[-*_][ \t]*){3,}|=+|-+)[ \t]*$")
_SETEXT_H1 = re.compile(r" {0,3}=+[ \t]*$")
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$")
_TABLE_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_QUOTE = re.compile(r" {0,3}(?:>[ \t]?)*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_INDENT = re.compile(r"[ \t]*")
_INLINE_START = re.compile(r"[`!\[<\\*_~]")
_INLINE = re.compile(
    r"""(?P<code>(?P<ticks>`+)(?P<code_body>.+?)(?P=ticks)(?!`))
    |(?P<link>!?\[(?P<link_text>(?:[^\[\]\n]|\[[^\]\n]*\])*)\]
        (?:\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)
          |\[[^\]\n]*\]))
    |(?P<auto><(?P<auto_url>(?:https?|mailto):[^<>\s]+)>)
    |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>)
    |(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))
    |(?P<emphasis>(?<![\w*_~\\])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])
        |(?<=[^\s*_~\\])(?:\*{1,3}|_{1,3}|~~)(?![\w*_~]))""",
    re.VERBOSE,
)


# Front matter keys that give the publication date, the first present wins (Jekyll and Hugo
# use `date`; Hugo also `publishDate`, Astro `pubDate`, others `published`).
_DATE_KEYS = ("date", "published", "publishDate", "pubDate")
# Front matter keys that give the article's dek (standfirst), read with the headline as its
# first paragraphs; the first present wins.
_DEK_KEYS = ("description", "summary", "dek", "subtitle", "excerpt")


def read_markdown(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document from a Markdown file; front matter problems are warnings."""
    meta, body_start, errors = _front_matter(src)
    lead = [span for span in meta.get("lead", ()) if not _opens_body(src.text, body_start, src.text[slice(*span)])]
    stripped = _drop_code_and_comments(src.base, body_start, lead)
    layer, heading = _prose(stripped)
    title = meta.get("title") or heading or stem(src.path)
    published = meta.get("date") or reference_date
    lead_end = bisect.bisect_left(range(len(layer.text)), body_start, key=layer.to_source) if lead else 0
    if lead and not layer.text[lead_end:].strip():  # a headline alone is not an article to check
        layer, lead_end = _prose(_drop_code_and_comments(src.base, body_start))[0], 0
    doc = make_document(src, layer, title=title, published=published, url=meta.get("url"),
                        source_format="markdown", lead_end=lead_end)
    if isinstance(doc, ReadError):
        return [], errors + [doc]
    return [doc], errors


def _opens_body(text: str, body_start: int, line: str) -> bool:
    """Whether the body begins with the words of ``line`` (a headline the article repeats as
    its heading), markup aside."""
    words = _WORDS.sub(" ", line).strip()
    return _WORDS.sub(" ", text[body_start:body_start + 4 * len(line) + 100]).strip().startswith(words)


def _front_matter(src: SourceFile) -> tuple[dict, int, list[ReadError]]:
    """(title/date/url found, offset where the body starts, warnings)."""
    found = parse_front_matter(src.text)
    if found is None:
        return {}, 0, []
    if found.problem is not None:
        return {}, found.end, [ReadError(src.path, found.problem, found.problem_line, skipped=False)]
    data = found.fields
    meta: dict = {}
    errors = []
    title = data.get("title")
    if isinstance(title, (str, int, float)) and not isinstance(title, bool):
        meta["title"] = str(title)
    dek = next((k for k in _DEK_KEYS if isinstance(data.get(k), str) and data[k].strip()), None)
    written = [value_span(found, key, data[key]) for key in ("title", dek) if key and isinstance(data.get(key), str)]
    meta["lead"] = [span for span in written if span is not None]
    key = next((k for k in _DATE_KEYS if data.get(k) not in (None, "")), None)
    if key is not None:
        published = parse_date(data[key])
        if published is None:
            line = FIRST_LINE + key_line(found.raw, key)
            errors.append(ReadError(src.path, f"front matter {key} {describe_value(data[key])} is not a date "
                                              "(use YYYY-MM-DD)", line, skipped=False))
        meta["date"] = published
    for key in ("url", "source"):
        if isinstance(data.get(key), str):
            meta["url"] = data[key]
            break
    return meta, found.end, errors


@functools.lru_cache(maxsize=32)
def _fence_close(char: str, length: int) -> re.Pattern[str]:
    return re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*$", re.MULTILINE)


def _drop_code_and_comments(base: Layer, start: int, lead: Sequence[tuple[int, int]] = ()) -> Layer:
    """The ``lead`` spans (headline, dek), each a paragraph, then the body without fenced code
    blocks and HTML comments (whole lines go with their newline)."""
    text, n = base.text, len(base.text)
    b = TextBuilder(base)
    for span in lead:
        b.copy(*span)
        b.insert("\n\n")
    pos = start
    while pos < n:
        m = _CODE_OR_COMMENT.search(text, pos)
        if m is None:
            b.copy(pos, n)
            break
        b.copy(pos, m.start())
        if m.group("fence"):
            close = _fence_close(m.group("fence")[0], len(m.group("fence"))).search(text, m.end())
            pos = n if close is None else min(close.end() + 1, n)
            continue
        end = text.find("-->", m.end())
        end = n if end < 0 else end + 3
        line_start = text.rfind("\n", 0, m.start()) + 1
        after = text.find("\n", end)
        after = n if after < 0 else after
        if line_start >= pos and not text[line_start:m.start()].strip() and not text[end:after].strip():
            pos = min(after + 1, n)  # the comment fills its lines: drop them entirely
        else:
            pos = end
    return b.build()


def _prose(layer: Layer) -> tuple[Layer, str]:
    """Markdown lines to prose; also returns the first level-1 heading's text."""
    text = layer.text
    b = TextBuilder(layer)
    heading = ""
    previous: tuple[int, int] | None = None  # the last line, when it was a line of prose
    pos, n = 0, len(text)
    while pos < n:
        newline = text.find("\n", pos)
        end = n if newline < 0 else newline
        line_end = n if newline < 0 else newline + 1
        line, previous = previous, None
        if not text[pos:end].strip():
            b.paragraph_break()
        elif (_RULE_OR_UNDERLINE.match(text, pos, end) or _LINK_DEFINITION.match(text, pos, end)
              or _TABLE_DELIMITER.match(text, pos, end)):
            b.paragraph_break()  # a setext underline makes the line above a heading of its own
            if not heading and line and _SETEXT_H1.match(text, pos, end):
                heading = _inline_text(layer, *line)
        else:
            m = _block_line(b, text, pos, end, line_end)
            if m is None:
                previous = (pos, end)
            elif not heading and len(m.group(1)) == 1:
                heading = _inline_text(layer, m.start(2), m.end(2))
        pos = line_end
    return b.build(), heading


def _block_line(b: TextBuilder, text: str, pos: int, end: int, line_end: int) -> re.Match[str] | None:
    """Copy one non-blank line as prose; returns the heading match when the line is a heading."""
    pos = _QUOTE.match(text, pos, end).end()
    heading = _ATX_HEADING.match(text, pos, end)
    if heading:
        b.paragraph_break()
        _inline(b, text, heading.start(2), heading.end(2))
        b.copy(end, line_end)
        b.paragraph_break()
        return heading
    item = _LIST_ITEM.match(text, pos, end)
    if item or text.startswith("|", _INDENT.match(text, pos, end).end()):
        b.paragraph_break()
        pos = item.end() if item else pos
    hard_break = text.endswith("\\", pos, end)
    _inline(b, text, _INDENT.match(text, pos, end).end(), end - hard_break)
    b.copy(end, line_end)
    return None


def _inline(b: TextBuilder, text: str, start: int, end: int) -> None:
    """Copy text[start:end] without inline Markdown syntax."""
    pos = start
    first = _INLINE_START.search(text, start, end)  # most lines have no syntax: skip the big regex
    if first is None:
        b.copy(start, end)
        return
    for m in _INLINE.finditer(text, first.start(), end):
        b.copy(pos, m.start())
        if m.start("code") >= 0:
            b.copy(m.start("code_body"), m.end("code_body"))
        elif m.start("link") >= 0:
            _inline(b, text, m.start("link_text"), m.end("link_text"))
        elif m.start("auto") >= 0:
            b.copy(m.start("auto_url"), m.end("auto_url"))
        elif m.start("escape") >= 0:
            b.copy(m.start("escaped"), m.end("escaped"))
        pos = m.end()
    b.copy(pos, end)


def _inline_text(layer: Layer, start: int, end: int) -> str:
    b = TextBuilder(layer)
    _inline(b, layer.text, start, end)
    return b.build().text.strip()
