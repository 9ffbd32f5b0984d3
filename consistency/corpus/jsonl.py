"""JSONL reader: one article per line, offsets mapped into the raw JSON string literal.

Fields: ``text`` (or ``body``, ``content``), ``title``, ``date`` (or ``published``,
``published_at``, ``datePublished``), ``url``. A bad line is one ReadError; the other
lines are still read. Escapes (``\\n``, ``\\"``, ``\\uXXXX``) map to the backslash; an escaped
unpaired surrogate becomes U+FFFD, as no output could encode it.
"""
from __future__ import annotations

import json
import re
from datetime import date

from consistency.corpus.meta import describe_value, first_line, make_document, parse_date
from consistency.corpus.textmap import SourceFile, TextBuilder
from consistency.model import Document, ReadError

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("date", "published", "published_at", "datePublished")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
# What an escaped unpaired surrogate ("\\ud800") becomes: no output can encode it.
REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def read_jsonl(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document per valid record; ``index`` counts valid records from 0."""
    docs: list[Document] = []
    errors: list[ReadError] = []
    text = src.text
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        line_start, start = start, start + len(line) + 1
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(ReadError(src.path, f"invalid JSON: {exc.msg} (column {exc.colno})",
                                    lineno))
            continue
        except RecursionError:
            errors.append(ReadError(src.path, "invalid JSON: nested too deeply to read", lineno))
            continue
        key = next((k for k in _TEXT_KEYS if isinstance(record, dict) and isinstance(record.get(k), str)),
                   None)
        if key is None or not record[key].strip():
            problem = "not a JSON object" if not isinstance(record, dict) else "no text (text, body or content)"
            errors.append(ReadError(src.path, problem, lineno))
            continue
        b = TextBuilder(src.base)
        _unescape(b, text, *_string_value_span(text, line_start, line_start + len(line), key))
        layer = b.build()
        raw_date = next((record[k] for k in _DATE_KEYS if record.get(k) not in (None, "")), None)
        published = parse_date(raw_date)
        if raw_date is not None and published is None:
            errors.append(ReadError(src.path, f"date {describe_value(raw_date)} is not a date "
                                              "(use YYYY-MM-DD)", lineno, skipped=False))
        title = _valid(record["title"]) if isinstance(record.get("title"), str) else first_line(layer.text)
        url = _valid(record["url"]) if isinstance(record.get("url"), str) else None
        doc = make_document(src, layer, title=title, published=published or reference_date, url=url,
                            source_format="jsonl", index=len(docs), multi=True)
        assert isinstance(doc, Document)  # the text was checked above
        docs.append(doc)
    return docs, errors


def _string_value_span(text: str, start: int, end: int, key: str) -> tuple[int, int]:
    """Offsets of the contents (inside the quotes) of the top-level string value of ``key``."""
    depth = 0
    found = (start, start)
    tokens = list(_TOKEN.finditer(text, start, end))
    for i, tok in enumerate(tokens):
        t = tok.group()
        if t in "{[":
            depth += 1
        elif t in "}]":
            depth -= 1
        elif (depth == 1 and t.startswith('"') and i + 2 < len(tokens) and tokens[i + 1].group() == ":"
              and tokens[i + 2].group().startswith('"') and json.loads(t) == key):
            found = (tokens[i + 2].start() + 1, tokens[i + 2].end() - 1)
    return found


def _unescape(b: TextBuilder, text: str, start: int, end: int) -> None:
    """Copy a JSON string literal's contents, each escape shown at its backslash."""
    run = i = start
    while i < end:
        if text[i] != "\\":
            i += 1
            continue
        b.copy(run, i)
        code = text[i + 1]
        length = 2
        if code == "u":
            point, length = int(text[i + 2:i + 6], 16), 6
            if 0xD800 <= point < 0xDC00 and text.startswith("\\u", i + 6):
                low = int(text[i + 8:i + 12], 16)
                if 0xDC00 <= low < 0xE000:
                    point, length = 0x10000 + ((point - 0xD800) << 10) + (low - 0xDC00), 12
            char = chr(point) if not 0xD800 <= point < 0xE000 else REPLACEMENT  # an unpaired surrogate
        else:
            char = _ESCAPES[code]
        if char == "\r":  # newlines are "\n" in Document text
            char = "" if text.startswith("\\n", i + 2) else "\n"
        b.insert(char, i)
        i = run = i + length
    b.copy(run, end)


def _valid(text: str) -> str:
    """``text`` with unpaired surrogates (JSON allows them as escapes) replaced."""
    return _SURROGATE.sub(REPLACEMENT, text)
