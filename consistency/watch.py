"""`consistency check --watch`: check again whenever a file under the checked paths changes
(watchfiles), and print only what changed: the findings that are new and those resolved.

Changes inside hidden files and directories (``.git``, the claim cache) are not watched, so
a check's own cache writes never start another check.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from threading import Event

from watchfiles import Change, watch as watch_files

from consistency.model import Finding, Report
from consistency.report.claims_report import plural
from consistency.report.findings_report import render_findings_text, summary_line
from consistency.settings import Fact

# Milliseconds the watcher waits before it first reports that it is watching.
READY_MS = 200


def watch(paths: Sequence[str], check: Callable[[], Report], emit: Callable[[str], None], *,
          color: bool = False, stop: Event | None = None, facts: Sequence[Fact] = ()) -> None:
    """Check, print the findings, then after each change under ``paths`` check again and print
    what changed; returns on Ctrl-C (whether it comes while waiting or while checking) or when
    ``stop`` is set. ``facts``: the fact sheet, which a pre-publication check's findings cite."""
    try:
        _watch(paths, check, emit, color, stop, facts)
    except KeyboardInterrupt:
        return


def _watch(paths: Sequence[str], check: Callable[[], Report], emit: Callable[[str], None], color: bool,
           stop: Event | None, facts: Sequence[Fact]) -> None:
    report = check()
    emit(render_findings_text(report, color, facts=facts))
    watching = False
    for changes in watch_files(*(paths or ["."]), watch_filter=_visible, stop_event=stop, raise_interrupt=False,
                               yield_on_timeout=True, rust_timeout=READY_MS):
        if not changes:  # a timeout: the watcher is in place (said once, so a test or a user can rely on it)
            if not watching:
                emit("consistency: watching for changes (Ctrl-C stops)\n")
                watching = True
            continue
        # A file added and deleted within one batch (an editor's temporary file) is no change.
        changed = sorted({os.path.relpath(path).replace(os.sep, "/") for change, path in changes
                          if os.path.exists(path) or (Change.added, path) not in changes})
        if not changed:
            continue
        after = check()
        emit(changes_text(report, after, changed, color, facts))
        report = after


def changes_text(before: Report, after: Report, changed: Sequence[str], color: bool = False,
                 facts: Sequence[Fact] = ()) -> str:
    """What a re-check found after ``changed`` files changed: the new findings in full, the
    resolved ones on a line each, and the summary of the whole corpus now."""
    was = {f.fingerprint for f in before.findings}
    now = {f.fingerprint for f in after.findings}
    new = tuple(f for f in after.findings if f.fingerprint not in was)
    resolved = [f for f in before.findings if f.fingerprint not in now]
    text = f"consistency: changed: {', '.join(changed)}\n"
    if new:
        text += render_findings_text(replace(after, findings=new), color, summary=False, facts=facts)
    text += "".join(f"resolved  {_one_line(f)}\n" for f in resolved)
    text += f"{plural(len(new), 'new finding')}, {len(resolved)} resolved; now {summary_line(after)}\n"
    return text


def _one_line(finding: Finding) -> str:
    return f"{finding.severity:<7}  {finding.rule} {finding.name}  {finding.subject.label}: {finding.message}"


def _visible(change: Change, path: str) -> bool:
    """False for a path inside a hidden file or directory (below the working directory)."""
    return not any(part.startswith(".") for part in os.path.relpath(path).split(os.sep) if part != "..")
