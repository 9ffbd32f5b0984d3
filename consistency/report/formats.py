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



def render_html(report: Report) -> str:
    """The HTML report (jinja2 is imported only when one is written: it is a third of start-up)."""
    from consistency.report.html import render_html as render
    return render(report)


FORMATS: dict[str, Callable[[Report], str]] = {
    "github": render_github,
    "gitlab": render_gitlab,
    "html": render_html,
    "json": render_findings_json,
    "junit": render_junit,
    "rdjson": render_rdjson,
    "sarif": render_sarif,
    "text": lambda report: render_findings_text(report, color=False),
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
