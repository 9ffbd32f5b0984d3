"""corpus: find the files, decode them, and read each into Documents with exact offsets.

``read_paths`` is what the engine calls; ``read_file`` reads one file. Every problem is
a ReadError value (the file is skipped, or for ``skipped=False`` read with a warning);
nothing here raises for bad input.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from datetime import date

from consistency.corpus.decode import DecodeError, load_text
from consistency.corpus.digest import is_digest, read_digest
from consistency.corpus.discover import discover
from consistency.corpus.html import read_html
from consistency.corpus.jsonl import read_jsonl
from consistency.corpus.markdown import read_markdown
from consistency.corpus.text import read_text
from consistency.corpus.textmap import SourceFile
from consistency.model import Document, ReadError

__all__ = ["read_paths", "read_file", "FORMATS"]

Reader = Callable[[SourceFile, date | None], tuple[list[Document], list[ReadError]]]
FORMATS: dict[str, Reader] = {
    "markdown": read_markdown,
    "html": read_html,
    "text": read_text,
    "jsonl": read_jsonl,
    "digest": read_digest,
}
_BY_EXTENSION = {
    ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
    ".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_HTML_START = re.compile(r"\s*(?:<!doctype html|<html[\s>])", re.IGNORECASE)


def read_paths(
    paths: Sequence[str],
    *,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    reference_date: date | None | Callable[[str], date | None],
    max_bytes: int,
    format_in: str | None,
) -> tuple[list[Document], list[ReadError]]:
    """Documents of every file under ``paths`` (sorted by path, then index) and all read errors.

    ``reference_date`` may be a function of the file's path (per-path configuration)."""
    files, errors = discover(paths, include, exclude)
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
    """The Documents of one file (several for a digest or JSONL file) and its ReadErrors."""
    try:
        decoded = load_text(path, max_bytes)
    except DecodeError as exc:
        return [], [ReadError(path, str(exc))]
    src = SourceFile.from_decoded(path, decoded)
    return FORMATS[format_in or sniff_format(path, src.text)](src, reference_date)


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
