"""The small Python API: ``consistency.extract(text)`` for one text, ``extract_paths`` for files,
``consistency.check(paths)`` for the findings of a corpus."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from consistency.engine import check_corpus, extract_documents, read_corpus
from consistency.corpus import text_document
from consistency.model import Claim, Document, ReadError, Report
from consistency.settings import Settings


def extract(text: str, *, published: date | None = None, path: str = "<text>",
            settings: Settings | None = None) -> list[Claim]:
    """Claims of one text; ``published`` anchors relative dates ("next year")."""
    from consistency.normalize.claims import document_claims  # loaded on first use (see engine.analyse)

    return document_claims(text_document(text, path, published), settings or Settings())


def extract_paths(paths: Sequence[str], settings: Settings | None = None,
                  jobs: int = 1) -> tuple[list[Document], list[Claim], list[ReadError]]:
    """Read files or directories and return their documents, claims and the problems of
    inputs that could not be read or extracted."""
    settings = settings or Settings()
    documents, errors = read_corpus(paths, settings)
    claims, failed = extract_documents(documents, settings, jobs=jobs)
    return documents, claims, errors + failed


def check(paths: Sequence[str], settings: Settings | None = None, jobs: int = 1,
          select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Report:
    """Read, link and check a corpus: its documents, claims, findings and read errors.

    ``select``/``ignore`` take rule codes, prefixes or names; an unknown one raises ValueError.
    """
    report, _graph = check_corpus(paths, settings or Settings(), jobs=jobs, select=select, ignore=ignore)
    return report
