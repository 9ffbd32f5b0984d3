"""Triage of a finding, as a file edit to show before anything is written.

Two decisions an editor makes about a finding, each written where the CLI reads it:

- ``FIGURE_CHANGED`` ("figure changed, OK"): the finding is known and accepted. In a Markdown
  or HTML file, an inline ``<!-- consistency-disable-next-line CODE -->`` before the line of
  the file's claim (narrow/suppress.py); in any other format (comments cannot go there), an
  entry for the finding in a baseline file (narrow/baseline.py).
- ``ARCHIVE_WRONG`` ("the archive is wrong"): a ``[[facts]]`` entry in the configuration with
  the finding's subject and the value the editor keeps, which rule CC110 then checks every
  article against.

``triage_edit`` computes the edit (path, old text, new text, a unified diff) and writes
nothing; ``apply`` writes it, and refuses when the file changed since the edit was made.
"""
from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from consistency.model import Claim, Finding
from consistency.narrow.baseline import baseline_entry, read_baseline_entries, render_entries
from consistency.output import write_file
from consistency.rules.cc110_fact_sheet import fact_claim

FIGURE_CHANGED = "figure-changed"
ARCHIVE_WRONG = "archive-wrong"
TRIAGES = (FIGURE_CHANGED, ARCHIVE_WRONG)

# Formats whose files take an inline suppression comment.
COMMENT_SUFFIXES = (".md", ".markdown", ".html", ".htm")
DIRECTIVE = "<!-- consistency-disable-next-line {code} -->"


class TriageError(ValueError):
    """A triage that cannot be made: the reason, in one line."""


class EditConflict(Exception):
    """The file changed since the edit was computed: compute it again."""


@dataclass(frozen=True)
class FileEdit:
    """One file's edit: its text now (``old``, None when the file does not exist yet), its text
    after the edit, the unified diff between them, and what the edit does, in a line."""

    path: str
    old: str | None
    new: str
    diff: str
    summary: str


def triage_edit(finding: Finding, triage: str, *, target: str, config_path: str, baseline_path: str,
                text: str | None = None, keep: str | None = None) -> FileEdit:
    """The edit that records ``triage`` of ``finding``.

    ``target`` is the file whose claim is accepted for FIGURE_CHANGED (a file the finding has a
    claim in; ``text``: its text when it is not on disk as it is, e.g. an unsaved buffer);
    ``baseline_path`` the baseline written when ``target`` takes no comment; ``config_path``
    the configuration a fact goes to (created when missing; in a ``pyproject.toml``, under
    ``[tool.consistency]``); ``keep`` the value to keep (default: the value of ``target``'s
    claim as the finding's clusters give it). Raises TriageError."""
    if triage == FIGURE_CHANGED:
        if target.lower().endswith(COMMENT_SUFFIXES):
            return suppression_edit(finding, target, text)
        return baseline_edit(finding, baseline_path)
    if triage == ARCHIVE_WRONG:
        return fact_edit(finding, config_path, keep if keep is not None else kept_value(finding, target))
    raise TriageError(f"unknown triage {triage!r}; use one of: {', '.join(TRIAGES)}")


def suppression_edit(finding: Finding, path: str, text: str | None = None) -> FileEdit:
    """An inline suppression of ``finding``'s rule on the line of its first claim in ``path``."""
    claim = claim_in(finding, path)
    old = _read(path) if text is None else text
    if old is None:
        raise TriageError(f"{path}: cannot read the file to suppress the finding in")
    lines = old.splitlines(keepends=True)
    at = claim.location.line - 1
    if not 0 <= at < len(lines):
        raise TriageError(f"{path}: line {claim.location.line} is not in the file (it changed?)")
    line = lines[at]
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    directive = indent + DIRECTIVE.format(code=finding.rule) + newline
    new = "".join([*lines[:at], directive, *lines[at:]])
    return _edit(path, old, new, f"suppress {finding.rule} ({finding.subject.label}) at {path}:{claim.location.line}")


def baseline_edit(finding: Finding, baseline_path: str) -> FileEdit:
    """The baseline file with an entry for ``finding`` added (a new baseline when there is none)."""
    old = _read(baseline_path)
    try:
        entries = read_baseline_entries(baseline_path) if old is not None else []
    except ValueError as error:
        raise TriageError(str(error)) from None
    new = render_entries([*entries, baseline_entry(finding)])
    return _edit(baseline_path, old, new, f"add {finding.rule} ({finding.subject.label}) to the baseline "
                                          f"{baseline_path}")


def fact_edit(finding: Finding, config_path: str, value: str) -> FileEdit:
    """The configuration with a ``[[facts]]`` entry: the finding's subject has ``value``."""
    if fact_claim(value) is None:
        raise TriageError(f"{value!r} is not a figure or a date a fact sheet can hold")
    subject = finding.subject
    old = _read(config_path)
    table = "tool.consistency.facts" if Path(config_path).name == "pyproject.toml" else "facts"
    entry = [f"[[{table}]]", f"subject = {_toml(subject.entity)}", f"attribute = {_toml(subject.attribute)}",
             f"value = {_toml(value)}", f"source = {_toml(_source(finding))}"]
    if subject.scope:
        entry.append(f"scope = {_toml(subject.scope)}")
    before = (old or "").rstrip("\n")
    new = (before + "\n\n" if before else "") + "\n".join(entry) + "\n"
    return _edit(config_path, old, new, f"declare {subject.label} = {value} in {config_path}")


def kept_value(finding: Finding, path: str) -> str:
    """The value ``path``'s claim gives in the finding (its cluster's value, as the message says
    it), else the claim's words."""
    claim = claim_in(finding, path)
    for cluster in finding.clusters:
        if claim.id in cluster.claims:
            return cluster.value
    return claim.text


def claim_in(finding: Finding, path: str) -> Claim:
    """The finding's first claim in ``path``; TriageError when it has none there."""
    for claim in finding.claims:
        if claim.location.path == path:
            return claim
    raise TriageError(f"the finding {finding.rule} ({finding.subject.label}) has no claim in {path}")


def apply(edit: FileEdit) -> None:
    """Write ``edit``; EditConflict when the file is not as the edit found it (changed, created
    or removed since), OSError when it cannot be written."""
    if _read(edit.path) != edit.old:
        raise EditConflict(f"{edit.path} changed since the edit was shown; look at it again")
    write_file(edit.path, edit.new)


def _source(finding: Finding) -> str:
    """Where a fact from triage comes from: the editor's decision on this finding."""
    return f"editor's triage of {finding.rule} ({finding.fingerprint[:12]})"


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for every character a name can hold)."""
    return json.dumps(text, ensure_ascii=False)


def _read(path: str) -> str | None:
    """A file's text as it is on disk (newlines kept), or None when there is no such file."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise TriageError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None


def _edit(path: str, old: str | None, new: str, summary: str) -> FileEdit:
    name = os.fspath(path)
    diff = "".join(difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{name}" if old is not None else "/dev/null",
                                        tofile=f"b/{name}", n=2))
    return FileEdit(name, old, new, diff, summary)
