"""Plain text reader: the whole file is the article, its first non-blank line the title."""
from __future__ import annotations

from datetime import date

from consistency.corpus.meta import first_line, make_document
from consistency.corpus.textmap import SourceFile
from consistency.model import Document, ReadError


def read_text(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document holding the whole file."""
    doc = make_document(src, src.base, title=first_line(src.text), published=reference_date,
                        url=None, source_format="text")
    return ([], [doc]) if isinstance(doc, ReadError) else ([doc], [])
