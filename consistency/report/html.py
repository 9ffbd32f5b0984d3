"""A self-contained HTML report of `consistency check`: one file that works when emailed.

Python computes everything the page shows (groups, highlighted sentences, chart and graph
geometry); the jinja2 templates in ``templates/`` only lay it out, with autoescape on.
No network requests: styles, scripts and SVG are inline, and a Content-Security-Policy
meta tag forbids anything else. Same report, same bytes (no clock, rounded coordinates).
"""
from __future__ import annotations

import base64
import json
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import jinja2

from consistency import __version__
from consistency.display import printable
from consistency.model import Claim, Document, Finding, Interval, Report, Role, TimeSpan
from consistency.normalize.units import format_quantity
from consistency.report.drafts import draft_versus_archive, said, value_groups
from consistency.report.findings_report import SEVERITIES, summary_line
from consistency.rules import ALL_RULES
from consistency.rules.base import option_value
from consistency.rules.cc110_fact_sheet import RULE as FACT_SHEET
from consistency.rules.facts import fact_claim, facts_about
from consistency.rules.tolerance import event_span, stated_value
from consistency.settings import Fact, Settings

if TYPE_CHECKING:
    import networkx as nx

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
CHART_WIDTH = 400  # the viewBox: drawn at most 1.4 times larger, and about 0.8 times on a phone
X0, X1 = 10.0, CHART_WIDTH - 10.0  # where the axis runs
TOP = 4
ROW_HEIGHT = 34  # a label line and a bar
LABEL_CHARS = 46  # a row label fits the width at 14 px (a phone)
LEGEND_CHARS = 60
TICK_CHAR = 7.2  # an estimate of a tick label's character width at 12 px (a phone), on the wide side
GRAPH_WIDTH = 820
SHOWN_PER_VALUE = 3  # a card quotes this many claims of each value; "and N more" holds the rest
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
Point = Callable[..., float]


def render_html(report: Report, settings: Settings) -> str:
    """The report as one HTML page: same input, same bytes. A finding's chart draws its rule's
    ``tolerance_band`` (the run's value in ``settings``) around its first figure. In a
    pre-publication check a finding's card leads with the draft: what it says against the
    archive and the fact sheet (``settings.facts``), then its claims, the draft's first."""
    return _environment().get_template("report.html.j2").render(**_context(report, settings))


def render_cards(report: Report, settings: Settings, link: Callable[[Claim], str | None] | None = None) -> str:
    """The report's subject cards alone (the serve page shows a draft's findings with them): as
    in ``render_html``, but every claim drawn in place, and a claim's place linked to
    ``link(claim)`` where it gives an address."""
    cards = _context(report, settings, link)["cards"]
    fragments = _environment().get_template("_fragments.html.j2").make_module()
    return "".join(str(fragments.card(card, True)) for card in cards)


def report_style() -> str:
    """The report's style sheet, with the draft-first rules (the serve page's styles)."""
    return _environment().get_template("_style.css.j2").render(drafts=True)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("consistency.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


# --- page -----------------------------------------------------------------------------------


def _context(report: Report, settings: Settings, link: Callable[[Claim], str | None] | None = None) -> dict:
    documents = sorted(report.documents, key=lambda d: (d.path, d.index))
    doc_index = {d.id: i for i, d in enumerate(documents)}
    bands = {r.code: option_value(settings, r.tolerance_band) for r in ALL_RULES if r.tolerance_band}
    names = dict(report.names)
    views = [_finding_view(f, i, doc_index, bands.get(f.rule), report, settings, names, link)
             for i, f in enumerate(report.findings)]
    by_subject: dict[str, list[tuple[Finding, dict]]] = {}
    for finding, view in zip(report.findings, views):
        by_subject.setdefault(finding.subject.label, []).append((finding, view))
    by_rule = Counter(f.rule for f in report.findings)
    rule_names = {f.rule: f.name for f in report.findings}
    in_findings = {c.document_id for f in report.findings for c in f.claims}
    flagged = {c.id: view["anchor"] for f, view in zip(report.findings, views) for c in f.claims}
    dates = [d.published for d in documents if d.published]
    by_document: dict[str, list[Claim]] = {}
    for claim in report.claims:
        by_document.setdefault(claim.document_id, []).append(claim)
    cards = [_card(label, pairs, n) for n, (label, pairs) in enumerate(sorted(by_subject.items()))]
    docs = [_document_view(d, i, by_document.get(d.id, []), flagged) for i, d in enumerate(documents)]
    return {
        "csp": CSP,
        "version": __version__,
        "drafts": report.drafts is not None,
        "newest": max(dates).isoformat() if dates else None,
        "summary": summary_line(report),
        "stats": {"documents": len(documents), "claims": len(report.claims), "findings": len(views),
                  "subjects": len(by_subject)},
        "severities": [(s, sum(1 for f in report.findings if f.severity == s)) for s in SEVERITIES],
        "rules": [(code, rule_names[code], by_rule[code]) for code in sorted(by_rule)],
        "cards": cards,
        "filter_documents": [(i, d) for i, d in enumerate(documents) if d.id in in_findings],
        "documents": docs,
        "lazy": _lazy(cards, docs),
        "errors": [printable(str(e)) for e in report.errors],
    }


def _card(label: str, pairs: list[tuple[Finding, dict]], n: int) -> dict:
    """One subject's card: its findings, worst severity first in the edge colour, and its graph."""
    findings = [view for _, view in pairs]
    return {"label": label, "anchor": f"s-{n + 1}", "findings": findings,
            "severity": min((v["severity"] for v in findings), key=SEVERITIES.index),
            "graph": _graph([f for f, _ in pairs])}


def _finding_view(finding: Finding, n: int, doc_index: dict[str, int], band: float | None, report: Report,
                  settings: Settings, names: dict[str, str], link: Callable[[Claim], str | None] | None) -> dict:
    facts = facts_about(finding.subject, settings.facts, names) if finding.rule == FACT_SHEET.code else []
    valued = value_groups(finding)
    if report.drafts is not None:  # the draft's value first, its claims first within it (a stable sort)
        def drafted(claim: Claim) -> bool:
            return report.role(claim) == "draft"
        valued = sorted(((value, sorted(members, key=lambda c: not drafted(c))) for value, members in valued),
                        key=lambda group: not any(map(drafted, group[1])))
    groups = [members for _, members in valued]
    letter = {c.id: LETTERS[i % len(LETTERS)] for i, members in enumerate(groups) for c in members}
    values = []
    for value, members in valued:
        shown = [_claim_view(c, letter[c.id], report.role(c), link(c) if link else None) for c in members]
        values.append({"letter": letter[members[0].id], "value": value,
                       "shown": shown[:SHOWN_PER_VALUE], "more": shown[SHOWN_PER_VALUE:],
                       "lazy": f"f-{n + 1}-{len(values) + 1}-more"})
    return {
        "anchor": f"f-{n + 1}",
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "versus": _sentence(draft_versus_archive(finding, report, settings.facts)),
        "groups": values,
        "docs": " ".join(map(str, sorted({doc_index[c.document_id] for c in finding.claims
                                          if c.document_id in doc_index}))),
        "chart": _chart(finding, band, groups, letter, facts),
    }


def _sentence(text: str | None) -> str | None:
    """``text`` with its first letter upper-cased, to stand as a heading."""
    return text and text[0].upper() + text[1:]


def _claim_view(claim: Claim, letter: str, role: Role | None, href: str | None = None) -> dict:
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
        "href": href,
        "text": claim.text,
        "before": parts[0], "match": parts[1], "after": parts[2],
        "value": describe_value(claim),
        "modality": claim.modality,
    }


def _document_view(doc: Document, n: int, claims: list[Claim], flagged: dict[str, str]) -> dict:
    """One document's heading and its claims table (``claims`` are the document's own)."""
    rows = sorted(claims, key=lambda c: (c.start, c.end, c.id))
    return {
        "anchor": f"d-{n + 1}",
        "title": doc.title,
        "path": printable(doc.id),
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "count": len(rows),
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


def _lazy(cards: list[dict], documents: list[dict]) -> str:
    """The bulk of a large report, drawn only when opened: the claims beyond the first few of a
    value, the list of documents and each one's claims table, as HTML (the same escaped macros as the page) in
    a JSON object keyed by the ids of their ``<details data-lazy>``, deflated and base64-encoded.
    The page inflates it with DecompressionStream on first use."""
    fragments = _environment().get_template("_fragments.html.j2").make_module()
    lazy = {}
    for card in cards:
        for finding in card["findings"]:
            for group in finding["groups"]:
                if group["more"]:
                    lazy[group["lazy"]] = "".join(fragments.claim(c) for c in group["more"])
    lazy["documents"] = str(fragments.documents(documents))
    for doc in documents:
        if doc["claims"]:
            lazy[doc["anchor"] + "-claims"] = str(fragments.claims_table(doc["claims"]))
    text = json.dumps(lazy, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


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
# A row per value: its label on a line of its own above its bar, so that the drawing keeps a
# legible size on a phone; tick labels that would overlap are left out, none leaves the box.


@dataclass(frozen=True)
class _Row:
    letter: str
    label: str
    value: Interval | TimeSpan  # what was stated: a figure, or the time of an event
    band: Interval | None  # a figure widened by precision
    published: tuple[date, ...] = ()


def _chart(finding: Finding, band: float | None, groups: list[list[Claim]], letter: dict[str, str],
           facts: list[Fact]) -> dict | None:
    """A number line for figures (with a relative tolerance ``band`` around the first), a
    timeline for dates, or None when neither fits; one row per value (``groups``, lettered by
    ``letter``), and the declared ``facts`` (CC110) drawn as a marked line."""
    claims = finding.claims
    declared = [(fact, claim) for fact in facts if (claim := fact_claim(fact.value)) is not None]
    if all(c.time is not None and c.kind == "date" for c in claims):
        return _timeline([_Row(letter[m[0].id], _row_label(m), event_span(m[0]), None,
                               tuple(sorted({c.published for c in m if c.published}))) for m in groups],
                         [(f, c.time) for f, c in declared if c.kind == "date" and c.time])
    numeric = [c for c in claims if c.value is not None and c.unit is not None]
    if len(numeric) != len(claims):
        return None
    units = sorted({c.unit for c in claims})
    if len(units) == 1:
        rows = [_Row(letter[m[0].id], _row_label(m), m[0].value, _widened(m[0])) for m in groups]
        marks = [(f, c.value) for f, c in declared if c.unit == units[0] and c.value is not None]
        return _number_line(rows, units[0], band, marks=marks)
    if len(units) == 2 and len(claims) % 2 == 0:
        return _rate_line(claims, band, letter)
    return None


def _row_label(members: list[Claim]) -> str:
    """A row's label: the value as first written, and how many claims give it when more than one."""
    count = f" · {len(members)} claims" if len(members) > 1 else ""
    return _clip(members[0].text, LABEL_CHARS - len(count)) + count


def _widened(claim: Claim) -> Interval:
    p = claim.precision or 0.0
    v = claim.value
    assert v is not None
    return Interval(None if v.lo is None else v.lo - p, None if v.hi is None else v.hi + p)


def _rate_line(claims: tuple[Claim, ...], band: float | None, letter: dict[str, str]) -> dict | None:
    """Claims in (power, count) pairs, as in an implied rate: one row per pair's ratio."""
    rows = []
    pairs = [claims[i:i + 2] for i in range(0, len(claims), 2)]
    units = {tuple(sorted((a.unit, b.unit))) for a, b in pairs}
    if len(units) != 1 or any(a.unit == b.unit for a, b in pairs):
        return None
    denominator = pairs[0][0].unit  # the rule lists each pair as (per what, how many)
    factor = _display_factor([stated_value(c) for c in claims if c.unit == denominator])
    for a, b in pairs:
        den, num = (a, b) if a.unit == denominator else (b, a)
        d, m = stated_value(den), stated_value(num)
        if not d:
            return None
        rate = m / (d / factor)
        rows.append(_Row(f"{letter[a.id]}+{letter[b.id]}", _clip(f"{num.text} / {den.text}", LABEL_CHARS),
                         Interval(rate, rate), None))
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
                 per: str = "", marks: Sequence[tuple[Fact, Interval]] = ()) -> dict:
    """Geometry of a number line: one row per value, a shared axis, an optional tolerance band
    and the declared facts (``marks``)."""
    ends = [x for r in rows for v in (r.value, r.band) if isinstance(v, Interval) for x in (v.lo, v.hi)
            if x is not None]
    ends += [x for _, v in marks for x in (v.lo, v.hi) if x is not None]
    first = _point(rows[0].value)
    tol = None
    if tolerance and first is not None:
        tol = (first / (1 + tolerance), first * (1 + tolerance)) if ratio else (
            first * (1 - tolerance), first * (1 + tolerance))
        ends += list(tol)
    lo, hi = min(ends), max(ends)
    use_log = lo > 0 and hi / lo >= 20
    scale = _Scale(lo, hi, use_log)
    chart = _frame(rows, [(scale.x(t), _tick_label(t, unit)) for t in scale.ticks()],
                   lambda v: _segment(scale.x, v), lambda r: _value_text(r.value, unit) + per, scale.x,
                   [(f, _segment(scale.x, v)) for f, v in marks], per.strip() + (" (log scale)" if use_log else ""))
    chart.update({
        "type": "numbers",
        "tolerance": None if tol is None else {
            "x": _r(scale.x(tol[0])), "w": _r(scale.x(tol[1]) - scale.x(tol[0])),
            "label": f"±{tolerance:.0%} tolerance"},
        "caption": "Each bar is a value as stated; the pale band widens it by the precision written "
                   "(\"1.4\" means 1.35–1.45). Bars that do not overlap disagree."
                   + (" Log scale." if use_log else ""),
    })
    return chart


def _frame(rows: list[_Row], ticks: list[tuple[float, str]], segment: Callable[[Interval | TimeSpan], dict],
           text: Callable[[_Row], str], x: Point, marks: list[tuple[Fact, dict]], axis_label: str = "") -> dict:
    """The geometry both kinds of chart share: rows (label line, then bar), the axis and its
    tick labels (those that fit), and a legend line per declared fact."""
    out_rows = []
    for i, r in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        out_rows.append({
            "letter": r.letter, "label": r.label, "label_y": _r(y + 12), "y": _r(y + 24),
            "band": None if r.band is None else segment(r.band), "value": segment(r.value),
            "text": text(r), "published": [_r(x(d)) for d in r.published],
        })
    axis_y = TOP + len(rows) * ROW_HEIGHT + 4
    below = axis_y + 18 + (14 if axis_label else 0)  # under the tick labels and the axis label
    legend = [{"y": _r(below + 12 + 16 * i), "x": m["x"], "w": m["w"],
               "label": _clip(f"Fact sheet: {f.value} (source: {f.source})", LEGEND_CHARS)}
              for i, (f, m) in enumerate(marks)]
    return {
        "width": CHART_WIDTH, "height": _r(below + 16 * len(marks)), "x0": _r(X0), "x1": _r(X1),
        "axis_y": _r(axis_y), "rows": out_rows, "ticks": _fitting_ticks(ticks), "facts": legend,
        "axis_label": axis_label,
    }


def _fitting_ticks(ticks: list[tuple[float, str]]) -> list[dict]:
    """Tick marks, each with its label where the label fits: inside the drawing and clear of
    the previous label (a label is estimated at TICK_CHAR px a character)."""
    out = []
    right = -math.inf
    for x, label in ticks:
        half = len(label) * TICK_CHAR / 2
        at = min(max(x, half + 2), CHART_WIDTH - half - 2)
        shown = at - half >= right + 6
        if shown:
            right = at + half
        out.append({"x": _r(x), "label_x": _r(at), "label": label if shown else ""})
    return out


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
    """Maps values to x pixels between X0 and X1 (linear, or log10 when values span 20×)."""

    def __init__(self, lo: float, hi: float, log: bool):
        self.log = log
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
            return X0
        x = X0 + (self._t(v) - self.lo) / (self.hi - self.lo) * (X1 - X0)
        return min(max(x, X0), X1)

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0 ** e for e in range(math.ceil(self.lo), math.floor(self.hi) + 1)]
        span = self.hi - self.lo
        raw = span / 5
        mag = 10 ** math.floor(math.log10(raw))
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        first = math.ceil(self.lo / step) * step
        return [round(first + i * step, 12) for i in range(int((self.hi - first) / step) + 1)]


def _segment(x: Point, interval: Interval | TimeSpan) -> dict:
    """x and width of an interval (numbers, or a TimeSpan's dates) under the mapping ``x``; an
    open end runs to the edge and is marked."""
    lo, hi = (interval.lo, interval.hi) if isinstance(interval, Interval) else (interval.start, interval.end)
    a = X0 if lo is None else x(lo)
    b = X1 if hi is None else x(hi)
    return {"x": _r(a), "w": _r(max(b - a, 0)), "open_lo": lo is None, "open_hi": hi is None}


def _timeline(rows: list[_Row], marks: list[tuple[Fact, TimeSpan]]) -> dict:
    """Geometry of a timeline: one row per span, publication dates as ticks, a year axis."""
    days = [d for r in rows for d in (r.value.start, r.value.end, *r.published) if d is not None]
    days += [d for _, span in marks for d in (span.start, span.end) if d is not None]
    lo, hi = min(days).toordinal(), max(days).toordinal()
    pad = max((hi - lo) * 0.06, 20)

    def x(d: date) -> float:
        return X0 + (d.toordinal() - (lo - pad)) / ((hi + pad) - (lo - pad)) * (X1 - X0)

    first_year, last_year = date.fromordinal(int(lo - pad)).year + 1, date.fromordinal(int(hi + pad)).year
    ticks = [(x(date(y, 1, 1)), str(y)) for y in range(first_year, last_year + 1)]
    if len(ticks) < 2:
        ticks = [(x(date(y, m, 1)), f"{y}-{m:02d}") for y in range(first_year - 1, last_year + 1)
                 for m in (1, 4, 7, 10) if lo - pad <= date(y, m, 1).toordinal() <= hi + pad]
    chart = _frame(rows, ticks, lambda span: _segment(x, span), lambda r: describe_span(r.value), x,
                   [(f, _segment(x, span)) for f, span in marks])
    chart.update({
        "type": "timeline", "tolerance": None,
        "caption": "Each bar is the time a claim gives (an arrow: open-ended); the small ticks are "
                   "the articles' publication dates. Bars that do not overlap disagree.",
    })
    for row in chart["rows"]:
        row["value"]["w"] = max(row["value"]["w"], 2)
    return chart


# --- subject graph --------------------------------------------------------------------------


def _graph(findings: list[Finding]) -> dict:
    """The ClaimGraph neighbourhood of a subject's findings: entity -> subjects -> values (the
    claims that give one value make one node), with contradicts edges; laid out in three columns
    by networkx (deterministic)."""
    import networkx as nx  # on use only: importing it is a third of the CLI's start-up time
    g = nx.Graph()
    members: dict[tuple[str, str], dict[str, Claim]] = {}
    for f in findings:
        for c in f.claims:
            subject = c.subject or f.subject
            members.setdefault((subject.label, said(c)), {}).setdefault(c.id, c)
    for f in findings:
        for c in f.claims:
            subject = c.subject or f.subject
            node = ("value", subject.label, said(c))
            same = members[node[1:]]
            label = (f"{_clip(c.text, 22)} · {_clip(c.title, 38)}" if len(same) == 1
                     else f"{_clip(node[2], 30)} · {len(same)} claims")
            g.add_node(("entity", subject.entity), layer=0, label=subject.entity)
            g.add_node(("subject", subject.label), layer=1, label=subject.attribute
                       + (f" ({subject.scope})" if subject.scope else ""))
            g.add_node(node, layer=2, label=label)
            g.add_edge(("entity", subject.entity), ("subject", subject.label), relation="of")
            g.add_edge(("subject", subject.label), node, relation="about")
    roots = sorted(n for n, layer in g.nodes(data="layer") if layer == 0)
    columns: list[list] = []
    for layer in nx.bfs_layers(g, roots):  # entity, subjects, values
        rank = {n: i for i, n in enumerate(columns[-1])} if columns else {}
        columns.append(sorted(layer, key=lambda n: (_barycenter(g, n, rank), n)))
    height = max(len(c) for c in columns) * 30 + 20
    y = {n: height / 2 + (i - (len(col) - 1) / 2) * 30 for col in columns for i, n in enumerate(col)}
    xs = {0: 70.0, 1: 220.0, 2: 372.0}
    nodes = [{"x": xs[g.nodes[n]["layer"]], "y": _r(y[n]), "kind": n[0], "label": g.nodes[n]["label"]}
             for col in columns for n in col]
    edges = [{"x1": xs[g.nodes[a]["layer"]], "y1": _r(y[a]), "x2": xs[g.nodes[b]["layer"]], "y2": _r(y[b])}
             for a, b in sorted(tuple(sorted(e)) for e in g.edges())]
    arcs: dict[tuple[float, float, str], dict] = {}
    for f in findings:
        first, *others = [y[("value", (c.subject or f.subject).label, said(c))] for c in f.claims]
        for y2 in others:
            bulge = 372 - 30 - min(abs(y2 - first) / 3, 60)
            arcs.setdefault((first, y2, f.rule), {
                "d": f"M372 {_r(first)} Q{_r(bulge)} {_r((first + y2) / 2)} 372 {_r(y2)}",
                "severity": f.severity, "rule": f.rule})
    return {"width": GRAPH_WIDTH, "height": _r(height), "nodes": nodes, "edges": edges,
            "arcs": [arc for key, arc in arcs.items() if key[0] != key[1]]}


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
