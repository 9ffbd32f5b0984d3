"""The output formats of `consistency check` by name, and the `--report FORMAT:PATH` option."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from consistency.model import Report
from consistency.report.concise import render_concise
from consistency.report.findings_report import render_findings_json, render_findings_text
from consistency.report.github import render_github
from consistency.report.gitlab import render_gitlab
from consistency.report.junit import render_junit
from consistency.report.rdjson import render_rdjson
from consistency.report.sarif import render_sarif
from consistency.settings import Settings


class Renderer(Protocol):
    """A report in one format, from the report, the run's settings (the HTML report draws its
    tolerances) and whether JSON is indented for people (--pretty)."""

    def __call__(self, report: Report, settings: Settings, pretty: bool = False) -> str: ...


def render_html(report: Report, settings: Settings, pretty: bool = False) -> str:
    """The HTML report (jinja2 is imported only when one is written: it is a third of start-up);
    ``pretty`` does not change it (its script data is compact JSON)."""
    from consistency.report.html import render_html as render
    return render(report, settings)


def render_text(report: Report, settings: Settings, pretty: bool = False) -> str:
    """The text report without colour; a pre-publication check's findings say what the fact sheet
    (``settings.facts``) says of their subjects."""
    return render_findings_text(report, color=False, facts=settings.facts)


def _report_only(render: Callable[[Report], str]) -> Renderer:
    """The renderer of a text or XML format: it depends on the report alone."""
    return lambda report, settings, pretty=False: render(report)


def _json(render: Callable[[Report, bool], str]) -> Renderer:
    """The renderer of a JSON format: it depends on the report and --pretty."""
    return lambda report, settings, pretty=False: render(report, pretty)


FORMATS: dict[str, Renderer] = {
    "concise": _report_only(render_concise),
    "github": _report_only(render_github),
    "gitlab": _json(render_gitlab),
    "html": render_html,
    "json": _json(render_findings_json),
    "junit": _report_only(render_junit),
    "rdjson": _json(render_rdjson),
    "sarif": _json(render_sarif),
    "text": render_text,
}

# The formats that list every claim, and those that list every document: a check that
# writes one computes what it lists (see ``check_corpus``).
EVERY_CLAIM = frozenset(("html",))
EVERY_DOCUMENT = frozenset(("html", "junit"))


def parse_report_option(value: str) -> tuple[str, str]:
    """Split "sarif:out/report.sarif" into ("sarif", "out/report.sarif"); ValueError if malformed.

    The same syntax serves ``--report`` and the ``reports`` configuration key.
    """
    name, sep, path = value.partition(":")
    valid = ", ".join(sorted(FORMATS))
    if not sep or not path:
        raise ValueError(f"{value!r}: expected FORMAT:PATH, FORMAT one of {valid}")
    if name.lower() not in FORMATS:
        raise ValueError(f"{value!r}: unknown format {name!r}; valid formats: {valid}")
    return name.lower(), path
