"""Word (.docx) reader: the paragraphs of the document body, those of tables included, in order.

A .docx file is read as its paragraphs, one per line (``docx_text``), so a claim's location
``path:LINE:COLUMN`` is the paragraph's number in the document and the character in it:
every paragraph counts (empty ones and those in table cells too), and a line break inside a
paragraph is read as a space. The title is the first paragraph that is not blank. Headers,
footers, footnotes and comments are not read. A document of an online editor is read once
downloaded as .docx or as HTML.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date

import docx
from docx.table import Table

from consistency.corpus.decode import DecodeError
from consistency.corpus.meta import first_line, make_document
from consistency.corpus.textmap import SourceFile, TextBuilder
from consistency.model import Document, ReadError

# The largest body (word/document.xml, uncompressed) read: a small file may unzip to gigabytes.
MAX_BODY_BYTES = 200_000_000
_BODY = "word/document.xml"
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x85\u2028\u2029]")


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx file's bytes, one per line; DecodeError when it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = archive.getinfo(_BODY).file_size
        if size > MAX_BODY_BYTES:
            raise DecodeError(f"Word document body unzips to {size} bytes, over the limit of {MAX_BODY_BYTES}")
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_LINE_BREAKS.sub(" ", text) for text in _paragraphs(document))
    except DecodeError:
        raise
    except (zipfile.BadZipFile, KeyError):
        raise DecodeError("not a Word document (.docx is a zip archive holding word/document.xml)") from None
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on a damaged file
        raise DecodeError(f"damaged Word document: {type(exc).__name__}: {exc}") from None


def read_docx(src: SourceFile, reference_date: date | None) -> tuple[list[Document], list[ReadError]]:
    """One Document: each non-blank paragraph (a line of ``src``) a paragraph of its text."""
    b = TextBuilder(src.base)
    pos = 0
    for line in src.text.split("\n"):
        if line.strip():
            b.copy(pos, pos + len(line))
            b.paragraph_break()
        pos += len(line) + 1
    doc = make_document(src, b.build(), title=first_line(src.text), published=reference_date, url=None,
                        source_format="docx")
    return ([], [doc]) if isinstance(doc, ReadError) else ([doc], [])


def _paragraphs(container) -> Iterator[str]:
    """The text of every paragraph in ``container`` (a document or a table cell), in order."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()  # the cells' XML elements (kept alive here, so each keeps its identity)
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell is listed once per column it spans
                        seen.add(cell._tc)
                        yield from _paragraphs(cell)
        else:
            yield block.text
