"""HTML reader (stdlib html.parser): visible text with blocks as paragraphs, meta for dates.

The page's headline (``og:title``, ``twitter:title``) and dek (``og:description``,
``description``, ``twitter:description``) from its meta tags are read as the article's first
paragraphs (``Document.lead_end`` marks where they end), each located at its ``content``
attribute, unless the visible text already opens with the same words."""
from __future__ import annotations

import html
import re
from datetime import date
from collections.abc import Sequence
from html.parser import HTMLParser

from consistency.corpus.meta import make_document, parse_date, stem
from consistency.corpus.textmap import SourceFile, TextBuilder
from consistency.model import Document, ReadError

# Elements whose content is never shown as article text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "nav", "footer", "title", "svg"})
# Elements that start and end a paragraph.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "td", "th", "section",
    "article", "header", "main", "aside", "blockquote", "ul", "ol", "table", "figure", "figcaption",
    "pre", "hr", "dd", "dt", "dl", "body",
})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"})
# Whitespace that is not one plain space: collapsed (text around single spaces is copied whole).
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")
_DATE_META = ("article:published_time", "date", "pubdate", "datepublished", "dc.date", "publishdate")
# Meta keys that give the headline and the dek, the first present of each wins.
_HEADLINE_META = ("og:title", "twitter:title")
_DEK_META = ("og:description", "description", "twitter:description")
_CONTENT_ATTRIBUTE = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_WORDS = re.compile(r"[\W_]+")
# How far into the visible text a headline or dek the page shows itself is looked for.
_SHOWN_WITHIN = 3000


def read_html(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document from an HTML file."""
    parser = _parse(src, ())
    text = parser.builder.build()
    lead = _unshown_lead(parser, text.text)
    lead_end = 0
    if lead:  # read again with the headline and dek first: the text is built as it is parsed
        parser = _parse(src, lead)
        text, lead_end = parser.builder.build(), parser.lead_end
    title = parser.og_title or parser.title_tag or parser.h1 or stem(src.path)
    published = parser.published() or reference_date
    doc = make_document(src, text, title=title, published=published,
                        url=parser.url, source_format="html", lead_end=lead_end)
    return ([], [doc]) if isinstance(doc, ReadError) else ([doc], [])


def _parse(src: SourceFile, lead: Sequence[tuple[str, int]]) -> _ArticleParser:
    parser = _ArticleParser(src, lead)
    parser.feed(src.text)
    parser.close()
    return parser


def _unshown_lead(parser: _ArticleParser, shown: str) -> list[tuple[str, int]]:
    """The headline and dek (text, source offset) the visible text does not repeat."""
    opening = _WORDS.sub(" ", shown[:_SHOWN_WITHIN]).strip()
    lead, seen = [], set()
    for keys in (_HEADLINE_META, _DEK_META):
        found = next((parser.lead_meta[k] for k in keys if k in parser.lead_meta), None)
        if found is None:
            continue
        words = _WORDS.sub(" ", found[0]).strip()
        if words and words not in seen and words not in opening:
            lead.append(found)
            seen.add(words)
    return lead


class _ArticleParser(HTMLParser):
    def __init__(self, src: SourceFile, lead: Sequence[tuple[str, int]]) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = TextBuilder(src.base)
        for text, at in lead:
            self.builder.insert(" ".join(text.split()), at)
            self.builder.insert("\n\n")
        self.lead_end = self.builder.length
        self.lead_meta: dict[str, tuple[str, int]] = {}  # headline and dek keys: (content, offset)
        self._line_offsets = _norm_line_starts(src.text)
        self._hidden: list[str] = []
        self._capture: str | None = None  # "title" or "h1" while inside one
        self._captured: list[str] = []
        self.og_title = self.title_tag = self.h1 = ""
        self.url: str | None = None
        self._meta_dates: dict[str, date] = {}
        self._time_date: date | None = None
        # Whitespace and paragraph breaks wait for the next visible text, so none lead or trail.
        self._pending_break = False
        self._pending_space: int | None = None

    def published(self) -> date | None:
        for key in _DATE_META:
            if key in self._meta_dates:
                return self._meta_dates[key]
        return self._time_date

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and not self.url:
            self.url = a.get("href") or None
        elif tag == "time" and self._time_date is None:
            self._time_date = parse_date(a.get("datetime", ""))
        if a.get("itemprop", "").lower() == "datepublished" and "datepublished" not in self._meta_dates:
            value = parse_date(a.get("content") or a.get("datetime") or "")
            if value:
                self._meta_dates["datepublished"] = value
        if tag == "body":
            self._hidden = [t for t in self._hidden if t not in ("head", "title")]
        if tag in ("title", "h1") and self._capture is None and not getattr(self, _captured_attr(tag)):
            self._capture, self._captured = tag, []
        if tag in _HIDDEN:
            self._hidden.append(tag)
        elif tag in _BLOCKS and not self._hidden:
            self._paragraph_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capture:
            setattr(self, _captured_attr(tag), " ".join("".join(self._captured).split()))
            self._capture = None
        if tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
        elif tag in _BLOCKS and not self._hidden:
            self._paragraph_break()

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._captured.append(data)
        if not self._hidden:
            self._add(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self._reference(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._reference(html.unescape(f"&#{name};"))

    def _reference(self, char: str) -> None:
        if self._capture:
            self._captured.append(char)
        if self._hidden:
            return
        if char.isspace():
            self._space(self._offset())
        else:
            self._flush()
            self.builder.insert(char, self._offset())

    def _add(self, data: str, at: int) -> None:
        """Copy visible text with each whitespace run collapsed to one space."""
        pos = 0
        for m in _ODD_SPACE.finditer(data):
            self._add_run(data, at, pos, m.start())
            self._space(at + m.start())
            pos = m.end()
        self._add_run(data, at, pos, len(data))

    def _add_run(self, data: str, at: int, start: int, end: int) -> None:
        """Copy data[start:end], whose only whitespace is single plain spaces."""
        if start < end and data[start] == " ":
            self._space(at + start)
            start += 1
        trailing = end > start and data[end - 1] == " "
        end -= trailing
        if end > start:
            self._flush()
            self.builder.copy(at + start, at + end)
        if trailing:
            self._space(at + end)

    def _paragraph_break(self) -> None:
        self._pending_break = self.builder.length > 0

    def _space(self, at: int) -> None:
        if self.builder.length and not self._pending_break and self._pending_space is None:
            self._pending_space = at

    def _flush(self) -> None:
        if self._pending_break:
            self.builder.paragraph_break()
        elif self._pending_space is not None:
            self.builder.insert(" ", self._pending_space)
        self._pending_break, self._pending_space = False, None

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        content = a.get("content", "")
        if key in _HEADLINE_META + _DEK_META and content.strip() and key not in self.lead_meta:
            self.lead_meta[key] = (content, self._content_offset())
        if key == "og:title" and content.strip():
            self.og_title = content.strip()
        elif key == "og:url" and content.strip():
            self.url = content.strip()
        elif key in _DATE_META and key not in self._meta_dates:
            value = parse_date(content)
            if value:
                self._meta_dates[key] = value

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def _content_offset(self) -> int:
        """The source offset of the current tag's ``content`` value (the tag's own without one)."""
        tag = self.get_starttag_text() or ""
        m = _CONTENT_ATTRIBUTE.search(tag)
        at = self._offset()
        if m is None:
            return at
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        return at + m.start(group)


def _captured_attr(tag: str) -> str:
    return "title_tag" if tag == "title" else "h1"


def _norm_line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
