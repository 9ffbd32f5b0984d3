"""The per-document stages in one call, as worker processes run them: extract and normalize
a document's claims and, for a run that links them, find its entity mentions.

A per-document time limit stops a document that takes too long (a pathological input) with
``DocumentTimeout``, so the run can report it and go on.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from consistency.link.entities import document_entities
from consistency.model import Document, DocumentAnalysis, ReadError
from consistency.normalize.claims import document_claims
from consistency.settings import Settings


# What a worker returns for one document: its analysis, or why there is none.
Outcome = DocumentAnalysis | ReadError


class DocumentTimeout(Exception):
    """A document took longer than the per-document time limit."""


def analyse_document(doc: Document, settings: Settings, with_entities: bool) -> DocumentAnalysis:
    """Claims (and entity mentions when ``with_entities``) of ``doc``; raises DocumentTimeout
    after ``settings.document_timeout`` seconds."""
    with time_limit(settings.document_timeout):
        claims = tuple(document_claims(doc, settings))
        return DocumentAnalysis(claims, document_entities(doc) if with_entities else None)


def analyse_or_report(doc: Document, settings: Settings, with_entities: bool) -> Outcome:
    """``analyse_document``, with a timeout or an unexpected error turned into a problem
    report for the document: one bad document never stops a run."""
    try:
        return analyse_document(doc, settings, with_entities)
    except DocumentTimeout as exc:
        return problem(doc, f"not checked: {exc} (--timeout)")
    except RecursionError:
        return problem(doc, "not checked: too deeply nested to analyse")
    except Exception as exc:  # noqa: BLE001 - a bug on one input must not end the run
        return problem(doc, f"not checked: internal error {type(exc).__name__}: {exc}")


def problem(doc: Document, message: str) -> ReadError:
    """A skipped-input report for ``doc`` (naming its record in a multi-document file)."""
    where = f"record {doc.index + 1}: " if doc.multi else ""
    return ReadError(doc.path, where + message)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after ``seconds`` (a real-time timer). Only the main
    thread of a process can take the signal; elsewhere, and with no limit, the block runs
    unbounded."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"took longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
