"""Output of `consistency claims`: text for people, JSON and CSV for programs.

The JSON object of one claim is documented in docs/claims-json.md; keep it stable
(add fields, never rename them).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta

from consistency import __version__
from consistency.display import printable
from consistency.model import Claim, Document, Interval, ReadError, TimeSpan
from consistency.normalize.units import format_quantity
from consistency.report.jsontext import json_text

CLAIMS_SCHEMA = "consistency.claims/1"
CSV_COLUMNS = (
    "id", "document_id", "path", "line", "column", "end_line", "end_column", "kind", "text",
    "value_lo", "value_hi", "unit", "precision", "original_lo", "original_hi", "original_unit",
    "time_start", "time_end", "time_grain", "time_relation", "qualifier", "modality", "converts_to",
    "published", "sentence",
)


def where_and_what(claim: Claim) -> dict:
    """Location, surface text and sentence: the fields every JSON report gives a claim."""
    loc = claim.location
    return {
        "path": loc.path, "line": loc.line, "column": loc.column,
        "end_line": loc.end_line, "end_column": loc.end_column,
        "text": claim.text, "sentence": claim.sentence,
    }


def claim_to_dict(claim: Claim) -> dict:
    """The JSON object of one claim."""
    return {
        "id": claim.id,
        "document": claim.title,
        "document_id": claim.document_id,
        **where_and_what(claim),
        "kind": claim.kind,
        "value": claim.value.as_list() if claim.value else None,
        "unit": claim.unit,
        "precision": claim.precision,
        "original": (
            {"value": claim.original_value.as_list(), "unit": claim.original_unit}
            if claim.original_value else None
        ),
        "time": claim.time.as_list() if claim.time else None,
        "time_grain": claim.time.grain if claim.time else None,
        "time_relation": claim.time_relation,
        "qualifier": claim.qualifier,
        "modality": claim.modality,
        "subject": claim.subject.label if claim.subject else None,
        "frame": ({"holder": claim.frame.holder or None, "measure": claim.frame.measure,
                   "scope": claim.frame.scope or None, "flags": list(claim.frame.flags)} if claim.frame else None),
        "as_of": claim.as_of.as_list() if claim.as_of else None,
        "converts_to": claim.converts_to,
        "published": claim.published.isoformat() if claim.published else None,
        "fx": {"usd_per_unit": claim.fx_rate, "month": claim.fx_month} if claim.fx_rate is not None else None,
        "headline": claim.headline,
    }


def render_json(documents: Sequence[Document], claims: Sequence[Claim], errors: Sequence[ReadError],
                pretty: bool = False) -> str:
    """The claims as the JSON of docs/claims-json.md: compact, or indented when ``pretty``."""
    payload = {
        "schema": CLAIMS_SCHEMA,
        "tool": tool_json(),
        "summary": {
            "documents": len(documents),
            "claims": len(claims),
            "errors": [error_to_dict(e) for e in errors],
        },
        "documents": [
            {
                "id": d.id, "path": d.path, "title": d.title, "format": d.source_format,
                "published": d.published.isoformat() if d.published else None, "url": d.url,
            }
            for d in documents
        ],
        "claims": [claim_to_dict(c) for c in claims],
    }
    return json_text(payload, pretty)


def render_csv(claims: Sequence[Claim]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in claims:
        d = claim_to_dict(c)
        value = d["value"] or [None, None]
        original = (d["original"] or {}).get("value") or [None, None]
        time = d["time"] or [None, None]
        row = {
            **d, "value_lo": value[0], "value_hi": value[1], "original_lo": original[0],
            "original_hi": original[1], "original_unit": c.original_unit,
            "time_start": time[0], "time_end": time[1],
        }
        writer.writerow(["" if row[k] is None else row[k] for k in CSV_COLUMNS])
    return out.getvalue()


def render_text(documents: Sequence[Document], claims: Sequence[Claim], errors: Sequence[ReadError]) -> str:
    """One block per document: location, kind, what was written, what it was understood as;
    ``printable`` (what comes from the files cannot move a terminal's cursor)."""
    by_document: dict[str, list[Claim]] = {}
    for c in claims:
        by_document.setdefault(c.document_id, []).append(c)
    lines: list[str] = []
    for doc in documents:
        published = doc.published.isoformat() if doc.published else "date unknown"
        doc_claims = by_document.get(doc.id, [])
        by_id = {c.id: c for c in doc_claims}
        lines.append(printable(f"{doc.id}  {doc.title}  ({published}, {plural(len(doc_claims), 'claim')})"))
        for c in doc_claims:
            where = f"{c.location.line}:{c.location.column}"
            understood = describe_claim(c)
            if c.converts_to in by_id:
                other = by_id[c.converts_to]
                understood += f"; paired with {' '.join(other.text.split())} at {other.location.line}:{other.location.column}"
            notes = [n for n in (c.qualifier, None if c.modality == "reported" else c.modality) if n]
            note = f"  [{', '.join(notes)}]" if notes else ""
            lines.append(printable(f"  {where:>8}  {c.kind:<8}  {_clip(c.text, 30):<30}  {understood}{note}"))
            if c.subject is not None or c.frame is not None:
                lines.append(printable(f"  {'':>8}  {'':<8}  {'':<30}  {_about(c)}"))
        lines.append("")
    lines.append(f"{plural(len(claims), 'claim')} in {plural(len(documents), 'document')}"
                 + (f", {plural(len(errors), 'input problem')} (see stderr)" if errors else ""))
    return "\n".join(lines) + "\n"


def _about(c: Claim) -> str:
    """What the link stage made of a claim: "-> Kestrel Bank · capacity", or why it is not linked."""
    if c.subject is not None:
        return f"-> {c.subject.label}"
    assert c.frame is not None
    holder = f"'{c.frame.holder}'" if c.frame.holder else "no holder"
    flags = f"; {', '.join(c.frame.flags)}" if c.frame.flags else ""
    return f"-> not linked ({c.frame.measure} of {holder}{flags})"


def describe_claim(c: Claim) -> str:
    """What the tool understood, in a reader's words: "1.2 GW, in 2026", "Jan 2026 (as of)"."""
    if c.kind == "date":
        return describe_span(c.time, c.published) + (f" ({c.time_relation.replace('_', ' ')})" if c.time_relation else "")
    text = describe_interval(c.value, c.unit) if c.value and c.unit else "?"
    if c.original_unit and c.unit == "USD" and c.original_unit != "USD":
        text += f" (at {c.fx_month or '?'} rate)"
    if c.kind != "duration" and c.time is not None:
        text += f", {c.time_relation.replace('_', ' ') + ' ' if c.time_relation else ''}{describe_span(c.time)}"
    return text


def describe_interval(value: Interval, unit: str) -> str:
    lo, hi = value.lo, value.hi
    if lo is not None and hi is not None:
        if lo == hi:
            return format_quantity(lo, unit)
        return f"{format_quantity(lo, unit)} to {format_quantity(hi, unit)}"
    if lo is not None:
        return f"at least {format_quantity(lo, unit)}"
    if hi is not None:
        return f"at most {format_quantity(hi, unit)}"
    return "any value"


def describe_span(span: TimeSpan | None, reference: date | None = None) -> str:
    """A half-open TimeSpan as people write it: "2026-04", "2026", "2026-09-01 to 2026-12-31";
    for none, why a relative date is unresolved: no ``reference`` date, or one from which it
    reaches past the calendar ("next year" from 9999-12-31)."""
    if span is None:
        if reference is None:
            return "unresolved (no publication or reference date)"
        return f"unresolved (from {reference.isoformat()} it falls outside the years 1 to 9999)"
    start, end = span.start, span.end
    if start is None and end is None:
        return "any time"
    if start is None:
        return f"before {end.isoformat()}"
    if end is None:
        return f"from {start.isoformat()}"
    last = end - timedelta(days=1)
    if span.grain == "day" or start == last:
        return start.isoformat()
    if _whole_months(start, end) == 1:
        return start.strftime("%Y-%m")
    if span.grain == "year" and start.month == 1 and _whole_months(start, end) == 12:
        return str(start.year)
    return f"{start.isoformat()} to {last.isoformat()}"


def _whole_months(start: date, end: date) -> int | None:
    if start.day != 1 or end.day != 1:
        return None
    return (end.year - start.year) * 12 + end.month - start.month


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def tool_json() -> dict:
    """The "tool" object of the JSON reports."""
    return {"name": "consistency", "version": __version__}


def error_to_dict(error: ReadError) -> dict:
    """A ReadError as the JSON reports write it."""
    return {"path": error.path, "line": error.line, "message": error.message, "skipped": error.skipped}


def plural(n: int, word: str) -> str:
    """ "1 claim", "2 claims": ``n`` and ``word`` with an s unless ``n`` is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
