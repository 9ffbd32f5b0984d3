"""Helpers every reader shares: publication dates, titles, building the Document."""
from __future__ import annotations

import posixpath
import re
from datetime import date, datetime

from consistency.corpus.textmap import Layer, SourceFile
from consistency.model import Document, ReadError

# Characters of a string value shown in a message.
SHOWN_CHARS = 60
# A title longer than this (a text file that is one long line) is cut, with an ellipsis:
# every claim carries its document's title.
MAX_TITLE_CHARS = 200
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# A file name that starts with its date: 2025-04-08-title.md (Jekyll), 2025-04-08.md (daily notes).
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d])")
# Files that take their name from their folder (Hugo page bundles: 2025-04-08-title/index.md).
_BUNDLE_NAMES = ("index", "_index", "readme")


def parse_date(value: object) -> date | None:
    """A date from a date, a datetime, or a string that starts with YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO_DATE.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def date_from_name(path: str) -> date | None:
    """The date a file's name starts with (YYYY-MM-DD), else the date its folder's name starts
    with for an ``index``/``_index``/``README`` file; None when neither gives a valid date."""
    name = stem(path)
    if name.lower() in _BUNDLE_NAMES:
        name = posixpath.basename(posixpath.dirname(path))
    m = _NAME_DATE.match(name)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def stem(path: str) -> str:
    """File name without directory and extension: the title of last resort."""
    return posixpath.splitext(posixpath.basename(path))[0]


def first_line(text: str) -> str:
    """The first non-blank line, stripped ("" when there is none)."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def short_title(title: str) -> str:
    """``title`` with whitespace collapsed, cut at a word to MAX_TITLE_CHARS with "…"."""
    words = " ".join(title[:MAX_TITLE_CHARS * 4].split())
    if len(words) <= MAX_TITLE_CHARS:
        return words
    cut = words.rfind(" ", 0, MAX_TITLE_CHARS)
    return words[:cut if cut > 0 else MAX_TITLE_CHARS - 1] + "…"


def make_document(
    src: SourceFile,
    layer: Layer,
    *,
    title: str,
    published: date | None,
    url: str | None,
    source_format: str,
    index: int = 0,
    multi: bool = False,
    lead_end: int = 0,
) -> Document | ReadError:
    """The Document, or a ReadError when nothing is left to check."""
    if not layer.text.strip():
        where = f"record {index + 1}: " if multi else ""
        return ReadError(src.path, f"{where}no text to check")
    return Document(
        path=src.path,
        index=index,
        title=short_title(title) or stem(src.path),
        text=layer.text,
        offsets=src.offset_map(layer),
        published=published,
        url=url,
        source_format=source_format,
        multi=multi,
        lead_end=lead_end,
    )


def describe_value(value: object) -> str:
    """A parsed value as a message shows it: a string quoted and cut to SHOWN_CHARS, a number
    or date as written, anything else by its kind ("(a list)"); never the whole of a structure."""
    if isinstance(value, str):
        return repr(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")
    if isinstance(value, (bool, float, date)) or (isinstance(value, int) and abs(value) < 10 ** SHOWN_CHARS):
        return str(value)
    kinds = {dict: "a mapping", list: "a list", set: "a set", tuple: "a list", bytes: "binary data"}
    kind = next((kind for cls, kind in kinds.items() if isinstance(value, cls)), f"a {type(value).__name__}")
    return f"({kind})"
