"""The output formats of `consistency check` by name, and the `--report FORMAT:PATH` option."""
from __future__ import annotations

from collections.abc import Callable

from consistency.model import Report
from consistency.report.findings_report import render_findings_json, render_findings_text
from consistency.report.github import render_github
from consistency.report.gitlab import render_gitlab
from consistency.report.junit import render_junit
from consistency.report.rdjson import render_rdjson
from consistency.report.sarif import render_sarif
from consistency.settings import Settings

# A report in one format, from the report and the run's settings (the HTML report draws its tolerances).
Renderer = Callable[[Report, Settings], str]


def render_html(report: Report, settings: Settings) -> str:
    """The HTML report (jinja2 is imported only when one is written: it is a third of start-up)."""
    from consistency.report.html import render_html as render
    return render(report, settings)


def _report_only(render: Callable[[Report], str]) -> Renderer:
    """The renderer of a format that does not depend on the settings."""
    return lambda report, settings: render(report)


FORMATS: dict[str, Renderer] = {
    "github": _report_only(render_github),
    "gitlab": _report_only(render_gitlab),
    "html": render_html,
    "json": _report_only(render_findings_json),
    "junit": _report_only(render_junit),
    "rdjson": _report_only(render_rdjson),
    "sarif": _report_only(render_sarif),
    "text": _report_only(lambda report: render_findings_text(report, color=False)),
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
