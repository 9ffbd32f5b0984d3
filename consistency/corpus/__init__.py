"""corpus: find the files, decode them, and read each into Documents with exact offsets.

``read_paths`` reads files or directories; ``read_file`` reads one file. ``FORMATS`` is the
one list of input formats: each with its reader and the file extensions it is chosen by
(the default ``--include`` globs come from it). Every problem is a ReadError value (the
file is skipped, or for ``skipped=False`` read with a warning); nothing here raises for
bad input.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from consistency.corpus.decode import DecodeError, decode_bytes, read_bytes
from consistency.corpus.digest import is_digest, read_digest
from consistency.corpus.discover import discover
from consistency.corpus.html import read_html
from consistency.corpus.jsonl import read_jsonl
from consistency.corpus.markdown import read_markdown
from consistency.corpus.meta import date_from_name
from consistency.corpus.text import read_text
from consistency.corpus.textmap import SourceFile
from consistency.display import path_text
from consistency.model import Document, OffsetMap, ReadError

__all__ = ["read_paths", "read_file", "read_data", "text_document", "FORMATS", "INPUT_FORMATS", "DEFAULT_INCLUDE"]

Reader = Callable[[SourceFile, date | None], tuple[list[Document], list[ReadError]]]


@dataclass(frozen=True)
class InputFormat:
    """A format the tool reads: its reader, the file extensions that select it (a format
    with none is found by sniffing content, or named with ``--format-in``), and how a file's
    bytes become the text its reader reads (``decode``; DecodeError when they cannot)."""

    read: Reader
    extensions: tuple[str, ...]
    decode: Callable[[bytes], str] = decode_bytes


def _read_docx(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    from consistency.corpus.docx import read_docx  # python-docx loads on first use, not in every run

    return read_docx(src, reference_date)


def _docx_text(data: bytes) -> str:
    from consistency.corpus.docx import docx_text

    return docx_text(data)


FORMATS: dict[str, InputFormat] = {
    "markdown": InputFormat(read_markdown, (".md", ".markdown")),
    "html": InputFormat(read_html, (".html", ".htm")),
    "text": InputFormat(read_text, (".txt",)),
    "jsonl": InputFormat(read_jsonl, (".jsonl", ".ndjson")),
    "digest": InputFormat(read_digest, ()),
    "docx": InputFormat(_read_docx, (".docx",), _docx_text),
}
INPUT_FORMATS = tuple(FORMATS)
# The files read inside directories unless --include says otherwise: every known extension.
DEFAULT_INCLUDE = tuple(f"*{ext}" for spec in FORMATS.values() for ext in spec.extensions)
_BY_EXTENSION = {ext: name for name, spec in FORMATS.items() for ext in spec.extensions}
NESTED_TOO_DEEPLY = "nested too deeply to read"
_HTML_START = re.compile(r"\s*(?:<!doctype html|<html[\s>])", re.IGNORECASE)


def read_paths(
    paths: Sequence[str],
    *,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    reference_date: date | None | Callable[[str], date | None],
    max_bytes: int,
    format_in: str | None,
    ignore_files: bool = False,
) -> tuple[list[Document], list[ReadError]]:
    """Documents of every file under ``paths`` (sorted by path, then index) and all read errors.

    ``reference_date`` may be a function of the file's path (per-path configuration);
    ``ignore_files``: leave out what .gitignore, .ignore and .consistencyignore name."""
    files, errors = discover(paths, include, exclude, ignore_files)
    documents: list[Document] = []
    for path in files:
        reference = reference_date(path) if callable(reference_date) else reference_date
        docs, file_errors = read_file(path, reference_date=reference, max_bytes=max_bytes,
                                      format_in=format_in)
        documents.extend(docs)
        errors.extend(file_errors)
    errors.sort(key=lambda e: (e.path, e.line or 0, e.message))
    return documents, errors


def read_file(
    path: str, *, reference_date: date | None, max_bytes: int, format_in: str | None
) -> tuple[list[Document], list[ReadError]]:
    """The Documents of one file (several for a digest or JSONL file) and its ReadErrors, under
    the file's name as text (``display.path_text``: a name that is not UTF-8 can be shown)."""
    try:
        data = read_bytes(path, max_bytes)
    except DecodeError as exc:
        return [], [ReadError(path_text(path), str(exc))]
    return read_data(path, data, reference_date=reference_date, format_in=format_in)


def read_data(
    path: str, data: bytes, *, reference_date: date | None, format_in: str | None
) -> tuple[list[Document], list[ReadError]]:
    """The Documents of ``data``, the bytes of a file shown as ``path`` (standard input's
    bytes are read this way). A document with no date of its own takes the date its file
    name starts with (``date_from_name``), else ``reference_date``."""
    shown = path_text(path)  # what documents and messages call the file (valid text)
    chosen = format_in or _BY_EXTENSION.get(posixpath.splitext(path)[1].lower())
    try:
        decoded = (FORMATS[chosen].decode if chosen else decode_bytes)(data)
        if not decoded.strip():
            raise DecodeError("empty file")
    except DecodeError as exc:
        return [], [ReadError(shown, str(exc))]
    src = SourceFile.from_decoded(shown, decoded)
    try:
        return FORMATS[format_in or sniff_format(path, src.text)].read(src, date_from_name(path) or reference_date)
    except RecursionError:  # front matter nested thousands of levels deep
        return [], [ReadError(shown, NESTED_TOO_DEEPLY)]


def text_document(text: str, path: str = "<text>", published: date | None = None) -> Document:
    """A plain text given in memory as one document (its title is its path)."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return Document(path=path, index=0, title=path, text=text, offsets=OffsetMap(((0, 0),), tuple(line_starts)),
                    published=published)


def sniff_format(path: str, text: str) -> str:
    """The reader for a file: by extension, with a content sniff for digests and HTML."""
    known = _BY_EXTENSION.get(posixpath.splitext(path)[1].lower())
    if known not in (None, "text"):
        return known
    if is_digest(text):
        return "digest"
    if known is None and _HTML_START.match(text):
        return "html"
    return "text"
