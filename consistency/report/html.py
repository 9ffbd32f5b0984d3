"""A self-contained HTML report of `consistency check`: one file that works when emailed.

Python computes everything the page shows (groups, highlighted sentences, chart and graph
geometry); the jinja2 templates in ``templates/`` only lay it out, with autoescape on.
No network requests: styles, scripts and SVG are inline, and a Content-Security-Policy
meta tag forbids anything else. Same report, same bytes (no clock, rounded coordinates).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from consistency import __version__
from consistency.display import printable
from consistency.model import Claim, Document, Finding, Interval, Report, Role, TimeSpan
from consistency.normalize.units import format_quantity
from consistency.report.drafts import draft_versus_archive
from consistency.report.findings_report import SEVERITIES, summary_line
from consistency.rules import ALL_RULES
from consistency.rules.base import option_value
from consistency.rules.tolerance import event_span, stated_value
from consistency.settings import Settings

if TYPE_CHECKING:
    import networkx as nx

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
CHART_WIDTH = 560
GRAPH_WIDTH = 820
ROW_HEIGHT = 26
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render_html(report: Report, settings: Settings) -> str:
    """The report as one HTML page: same input, same bytes. A finding's chart draws its rule's
    ``tolerance_band`` (the run's value in ``settings``) around its first figure. In a
    pre-publication check a finding's card leads with the draft: what it says against the
    archive and the fact sheet (``settings.facts``), then its claims, the draft's first."""
    return _environment().get_template("report.html.j2").render(**_context(report, settings))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("consistency.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def script_json(data: object) -> Markup:
    """``data`` as JSON that is safe inside a <script> element (no "</script>", no "<!--")."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup("".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text))


# --- page -----------------------------------------------------------------------------------


def _context(report: Report, settings: Settings) -> dict:
    documents = sorted(report.documents, key=lambda d: (d.path, d.index))
    doc_index = {d.id: i for i, d in enumerate(documents)}
    bands = {r.code: option_value(settings, r.tolerance_band) for r in ALL_RULES if r.tolerance_band}
    findings = [_finding_view(f, i, doc_index, bands.get(f.rule), report, settings)
                for i, f in enumerate(report.findings)]
    groups: dict[str, list[dict]] = {}
    for view in findings:
        groups.setdefault(view["subject"], []).append(view)
    by_rule = Counter(f.rule for f in report.findings)
    names = {f.rule: f.name for f in report.findings}
    in_findings = {c.document_id for f in report.findings for c in f.claims}
    flagged = {c.id: view["anchor"] for f, view in zip(report.findings, findings) for c in f.claims}
    dates = [d.published for d in documents if d.published]
    by_document: dict[str, list[Claim]] = {}
    for claim in report.claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    return {
        "csp": CSP,
        "version": __version__,
        "drafts": report.drafts is not None,
        "newest": max(dates).isoformat() if dates else None,
        "summary": summary_line(report),
        "stats": {"documents": len(documents), "claims": len(report.claims), "findings": len(findings)},
        "severities": [(s, sum(1 for f in report.findings if f.severity == s)) for s in SEVERITIES],
        "rules": [(code, names[code], by_rule[code]) for code in sorted(by_rule)],
        "groups": [
            {"label": label, "anchor": f"s-{n}", "findings": views,
             "graph": _graph([f for f in report.findings if f.subject.label == label])}
            for n, (label, views) in enumerate(sorted(groups.items()))
        ],
        "filter_documents": [(i, d) for i, d in enumerate(documents) if d.id in in_findings],
        "documents": [_document_view(d, i, by_document.get(d.id, []), flagged) for i, d in enumerate(documents)],
        "errors": [printable(str(e)) for e in report.errors],
        "data": script_json({"findings": [
            {"id": v["anchor"], "rule": v["rule"], "severity": v["severity"], "docs": v["docs"],
             "text": v["search"]} for v in findings]}),
    }


def _finding_view(finding: Finding, n: int, doc_index: dict[str, int], band: float | None, report: Report,
                  settings: Settings) -> dict:
    claims = [_claim_view(c, LETTERS[i % len(LETTERS)], report.role(c)) for i, c in enumerate(finding.claims)]
    words = [finding.subject.label, finding.rule, finding.name, finding.message]
    for c in finding.claims:
        words += [c.title, c.text, c.sentence, c.location.path]
    return {
        "anchor": f"f-{n + 1}",
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "subject": finding.subject.label,
        "message": finding.message,
        "versus": _sentence(draft_versus_archive(finding, report, settings.facts)),
        "claims": claims,
        "docs": sorted({doc_index[c.document_id] for c in finding.claims if c.document_id in doc_index}),
        "search": " ".join(" ".join(w.split()) for w in words).lower(),
        "chart": _chart(finding, band),
    }


def _sentence(text: str | None) -> str | None:
    """``text`` with its first letter upper-cased, to stand as a heading."""
    return text and text[0].upper() + text[1:]


def _claim_view(claim: Claim, letter: str, role: Role | None) -> dict:
    sentence = claim.sentence
    at = sentence.find(claim.text) if claim.text else -1
    if at < 0:
        parts = (sentence, "", "")
    else:
        parts = (sentence[:at], claim.text, sentence[at + len(claim.text):])
    return {
        "letter": letter,
        "role": role,
        "title": claim.title,
        "published": claim.published.isoformat() if claim.published else None,
        "where": printable(f"{claim.location.path}:{claim.location.line}"),
        "text": claim.text,
        "before": parts[0], "match": parts[1], "after": parts[2],
        "value": describe_value(claim),
        "modality": claim.modality,
    }


def _document_view(doc: Document, n: int, claims: list[Claim], flagged: dict[str, str]) -> dict:
    """One document's claims table; ``claims`` are the document's own."""
    rows = sorted(claims, key=lambda c: (c.start, c.end, c.id))
    return {
        "anchor": f"d-{n + 1}",
        "title": doc.title,
        "path": printable(doc.id),
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "claims": [{
            "where": f"{c.location.line}:{c.location.column}",
            "text": c.text,
            "kind": c.kind,
            "value": describe_value(c),
            "time": describe_span(c.time),
            "modality": c.modality,
            "subject": c.subject.label if c.subject else "",
            "finding": flagged.get(c.id),
        } for c in rows],
    }


def describe_value(claim: Claim) -> str:
    """The normalized value as people write it: "1.4 GW", "1.2 GW – 1.5 GW", "≤ 192 cores"."""
    if claim.value is None or claim.unit is None:
        return describe_span(claim.time) if claim.kind == "date" else ""
    lo, hi = claim.value.lo, claim.value.hi
    if lo is None and hi is None:
        return ""
    if lo is None or (claim.qualifier in ("at_most", "less_than") and lo == 0):
        return f"≤ {format_quantity(hi, claim.unit)}"
    if hi is None:
        return f"≥ {format_quantity(lo, claim.unit)}"
    if lo == hi:
        return format_quantity(lo, claim.unit)
    return f"{format_quantity(lo, claim.unit)} – {format_quantity(hi, claim.unit)}"


def describe_span(span: TimeSpan | None) -> str:
    """A time span as "2026-04-01 → 2026-05-01 (month)"; open ends as "…"."""
    if span is None:
        return ""
    start, end = (x or "…" for x in span.as_list())
    return f"{start} → {end} ({span.grain})"


# --- charts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    letter: str
    label: str
    value: Interval  # what was stated
    band: Interval  # widened by precision


def _chart(finding: Finding, band: float | None) -> dict | None:
    """A number line for figures (with a relative tolerance ``band`` around the first), a
    timeline for dates, or None when neither fits."""
    claims = finding.claims
    if all(c.time is not None and c.kind == "date" for c in claims):
        return _timeline(claims)
    numeric = [c for c in claims if c.value is not None and c.unit is not None]
    if len(numeric) != len(claims):
        return None
    units = sorted({c.unit for c in claims})
    if len(units) == 1:
        rows = [_Row(LETTERS[i % len(LETTERS)], c.text, c.value, _widened(c)) for i, c in enumerate(claims)]
        return _number_line(rows, units[0], band)
    if len(units) == 2 and len(claims) % 2 == 0:
        return _rate_line(claims, band)
    return None


def _widened(claim: Claim) -> Interval:
    p = claim.precision or 0.0
    v = claim.value
    return Interval(None if v.lo is None else v.lo - p, None if v.hi is None else v.hi + p)


def _rate_line(claims: tuple[Claim, ...], band: float | None) -> dict | None:
    """Claims in (power, count) pairs, as in an implied rate: one row per pair's ratio."""
    rows = []
    pairs = [claims[i:i + 2] for i in range(0, len(claims), 2)]
    units = {tuple(sorted((a.unit, b.unit))) for a, b in pairs}
    if len(units) != 1 or any(a.unit == b.unit for a, b in pairs):
        return None
    denominator = pairs[0][0].unit  # the rule lists each pair as (per what, how many)
    factor = _display_factor([stated_value(c) for c in claims if c.unit == denominator])
    for n, (a, b) in enumerate(pairs):
        den, num = (a, b) if a.unit == denominator else (b, a)
        d, m = stated_value(den), stated_value(num)
        if not d:
            return None
        rate = m / (d / factor)
        letters = f"{LETTERS[2 * n % 26]}+{LETTERS[(2 * n + 1) % 26]}"
        rows.append(_Row(letters, f"{num.text} / {den.text}", Interval(rate, rate), Interval(rate, rate)))
    per = f" per {format_quantity(factor, denominator).removeprefix('1 ')}"
    return _number_line(rows, num.unit, band, ratio=True, per=per)


def _display_factor(values: list[float]) -> float:
    """The power of 1000 that brings the smallest value into [1, 1000): 1e9 for 1.2e9 W (per GW)."""
    smallest = min((abs(v) for v in values if v), default=1.0)
    return 1000.0 ** max(math.floor(math.log10(smallest) / 3), 0)


def _point(value: Interval) -> float | None:
    ends = [x for x in (value.lo, value.hi) if x is not None]
    return sum(ends) / len(ends) if ends else None


def _number_line(rows: list[_Row], unit: str, tolerance: float | None, ratio: bool = False,
                 per: str = "") -> dict:
    """Geometry of a number line: one row per figure, a shared axis, an optional tolerance band."""
    ends = [x for r in rows for x in (r.band.lo, r.band.hi, r.value.lo, r.value.hi) if x is not None]
    first = _point(rows[0].value)
    tol = None
    if tolerance and first is not None:
        tol = (first / (1 + tolerance), first * (1 + tolerance)) if ratio else (
            first * (1 - tolerance), first * (1 + tolerance))
        ends += list(tol)
    lo, hi = min(ends), max(ends)
    use_log = lo > 0 and hi / lo >= 20
    scale = _Scale(lo, hi, use_log)
    label_w, top = 150, 6
    height = top + len(rows) * ROW_HEIGHT + 30
    out_rows = []
    for i, r in enumerate(rows):
        y = top + i * ROW_HEIGHT + ROW_HEIGHT / 2
        out_rows.append({
            "letter": r.letter, "label": _clip(r.label, 22), "y": _r(y),
            "band": _segment(scale, r.band), "value": _segment(scale, r.value),
            "text": _value_text(r.value, unit) + per, "published": None,
        })
    axis_y = top + len(rows) * ROW_HEIGHT + 6
    return {
        "type": "numbers", "width": CHART_WIDTH, "height": _r(height), "label_w": label_w,
        "x0": _r(scale.x0), "x1": _r(scale.x1), "axis_y": _r(axis_y), "rows": out_rows,
        "ticks": [{"x": _r(scale.x(t)), "label": _tick_label(t, unit)} for t in scale.ticks()],
        "tolerance": None if tol is None else {
            "x": _r(scale.x(tol[0])), "w": _r(scale.x(tol[1]) - scale.x(tol[0])),
            "label": f"±{tolerance:.0%} tolerance"},
        "log": use_log, "axis_label": per.strip(),
        "caption": "Each bar is a figure as stated; the pale band widens it by the precision written "
                   "(\"1.4\" means 1.35–1.45). Bars that do not overlap disagree."
                   + (" Log scale." if use_log else ""),
    }


def _value_text(value: Interval, unit: str) -> str:
    lo, hi = value.lo, value.hi
    try:
        if lo is None or hi is None or lo == hi:
            x = hi if lo is None else lo
            return ("≤ " if lo is None else "≥ " if hi is None else "") + format_quantity(x, unit)
        if lo == 0:
            return "≤ " + format_quantity(hi, unit)
        return f"{format_quantity(lo, unit)} – {format_quantity(hi, unit)}"
    except (KeyError, ValueError):
        return f"{lo}–{hi} {unit}"


def _tick_label(x: float, unit: str) -> str:
    try:
        return format_quantity(x, unit)
    except (KeyError, ValueError):
        return f"{x:g}"


class _Scale:
    """Maps values to x pixels between x0 and x1 (linear, or log10 when values span 20×)."""

    def __init__(self, lo: float, hi: float, log: bool, x0: float = 158, x1: float = CHART_WIDTH - 14):
        self.log, self.x0, self.x1 = log, x0, x1
        if log:
            lo, hi = math.log10(lo), math.log10(hi)
        if hi == lo:
            pad = abs(lo) * 0.1 or 1.0
        else:
            pad = (hi - lo) * 0.08
        self.lo, self.hi = lo - pad, hi + pad

    def _t(self, v: float) -> float:
        return math.log10(v) if self.log else v

    def x(self, v: float) -> float:
        if self.log and v <= 0:
            return self.x0
        x = self.x0 + (self._t(v) - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
        return min(max(x, self.x0), self.x1)

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0 ** e for e in range(math.ceil(self.lo), math.floor(self.hi) + 1)]
        span = self.hi - self.lo
        raw = span / 5
        mag = 10 ** math.floor(math.log10(raw))
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        first = math.ceil(self.lo / step) * step
        return [round(first + i * step, 12) for i in range(int((self.hi - first) / step) + 1)]


def _segment(scale: _Scale, interval: Interval) -> dict:
    """x and width of an interval; an open end runs to the edge and is marked."""
    a = scale.x0 if interval.lo is None else scale.x(interval.lo)
    b = scale.x1 if interval.hi is None else scale.x(interval.hi)
    return {"x": _r(a), "w": _r(max(b - a, 0)), "open_lo": interval.lo is None, "open_hi": interval.hi is None}


def _timeline(claims: tuple[Claim, ...]) -> dict:
    """Geometry of a timeline: one row per span, publication dates as ticks, a year axis."""
    spans = [event_span(c) for c in claims]
    days = [d for c, s in zip(claims, spans) for d in (s.start, s.end, c.published) if d is not None]
    lo, hi = min(days).toordinal(), max(days).toordinal()
    pad = max((hi - lo) * 0.06, 20)
    x0, x1 = 158.0, CHART_WIDTH - 14.0

    def x(d: date) -> float:
        return x0 + (d.toordinal() - (lo - pad)) / ((hi + pad) - (lo - pad)) * (x1 - x0)

    top = 6
    rows = []
    for i, (c, span) in enumerate(zip(claims, spans)):
        a = x0 if span.start is None else x(span.start)
        b = x1 if span.end is None else x(span.end)
        y = top + i * ROW_HEIGHT + ROW_HEIGHT / 2
        rows.append({
            "letter": LETTERS[i % 26], "label": _clip(c.text, 22), "y": _r(y),
            "value": {"x": _r(a), "w": _r(max(b - a, 2)), "open_lo": span.start is None,
                      "open_hi": span.end is None},
            "band": None,
            "published": None if c.published is None else _r(x(c.published)),
            "text": describe_span(span),
        })
    first_year, last_year = date.fromordinal(int(lo - pad)).year + 1, date.fromordinal(int(hi + pad)).year
    ticks = [{"x": _r(x(date(y, 1, 1))), "label": str(y)} for y in range(first_year, last_year + 1)]
    if len(ticks) < 2:
        ticks = [{"x": _r(x(date(y, m, 1))), "label": f"{y}-{m:02d}"}
                 for y in range(first_year - 1, last_year + 1) for m in (1, 4, 7, 10)
                 if lo - pad <= date(y, m, 1).toordinal() <= hi + pad]
    axis_y = top + len(claims) * ROW_HEIGHT + 6
    return {
        "type": "timeline", "width": CHART_WIDTH, "height": _r(axis_y + 24), "label_w": 150,
        "x0": x0, "x1": x1, "axis_y": _r(axis_y), "rows": rows, "ticks": ticks, "tolerance": None,
        "axis_label": "",
        "caption": "Each bar is the time a claim gives (an arrow: open-ended); the small tick is "
                   "the article's publication date. Bars that do not overlap disagree.",
    }


# --- subject graph --------------------------------------------------------------------------


def _graph(findings: list[Finding]) -> dict:
    """The ClaimGraph neighbourhood of a subject's findings: entity -> subjects -> claims, with
    contradicts edges; laid out in three columns by networkx (deterministic)."""
    import networkx as nx  # on use only: importing it is a third of the CLI's start-up time
    g = nx.Graph()
    claims: dict[str, Claim] = {}
    for f in findings:
        for c in f.claims:
            claims.setdefault(c.id, c)
    for f in findings:
        for c in f.claims:
            subject = c.subject or f.subject
            g.add_node(("entity", subject.entity), layer=0, label=subject.entity)
            g.add_node(("subject", subject.label), layer=1, label=subject.attribute
                       + (f" ({subject.scope})" if subject.scope else ""))
            g.add_node(("claim", c.id), layer=2, label=f"{_clip(c.text, 22)} · {_clip(c.title, 38)}")
            g.add_edge(("entity", subject.entity), ("subject", subject.label), relation="of")
            g.add_edge(("subject", subject.label), ("claim", c.id), relation="about")
    roots = sorted(n for n, layer in g.nodes(data="layer") if layer == 0)
    columns: list[list] = []
    for layer in nx.bfs_layers(g, roots):  # entity, subjects, claims
        rank = {n: i for i, n in enumerate(columns[-1])} if columns else {}
        columns.append(sorted(layer, key=lambda n: (_barycenter(g, n, rank), n)))
    height = max(len(c) for c in columns) * 30 + 20
    y = {n: height / 2 + (i - (len(col) - 1) / 2) * 30 for col in columns for i, n in enumerate(col)}
    xs = {0: 70.0, 1: 220.0, 2: 372.0}
    nodes = [{"x": xs[g.nodes[n]["layer"]], "y": _r(y[n]), "kind": n[0], "label": g.nodes[n]["label"]}
             for col in columns for n in col]
    edges = [{"x1": xs[g.nodes[a]["layer"]], "y1": _r(y[a]), "x2": xs[g.nodes[b]["layer"]], "y2": _r(y[b])}
             for a, b in sorted(tuple(sorted(e)) for e in g.edges())]
    arcs = []
    for f in findings:
        first, *others = f.claims
        for other in others:
            y1, y2 = y[("claim", first.id)], y[("claim", other.id)]
            bulge = 372 - 30 - min(abs(y2 - y1) / 3, 60)
            arcs.append({"d": f"M372 {_r(y1)} Q{_r(bulge)} {_r((y1 + y2) / 2)} 372 {_r(y2)}",
                         "severity": f.severity, "rule": f.rule})
    return {"width": GRAPH_WIDTH, "height": _r(height), "nodes": nodes, "edges": edges, "arcs": arcs}


def _barycenter(g: nx.Graph, node, rank: dict) -> float:
    """Mean position of a node's neighbours in the previous column (fewer crossings)."""
    places = [rank[m] for m in g.neighbors(node) if m in rank]
    return sum(places) / len(places) if places else 0.0


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _r(x: float) -> float:
    """Coordinates rounded to 0.1 px, so the bytes do not depend on float noise."""
    return round(float(x), 1)
