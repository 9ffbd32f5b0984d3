"""Baselines: a file of known findings to hide, so a corpus with history can adopt the checker.

A finding is known by its fingerprint (no line numbers): for a finding of value clusters, its
rule, subject and the clusters' values, so editing elsewhere, moving a sentence or adding an
article that agrees with one of its values keeps it hidden, while a new or changed value
brings it back; for other findings, rule, subject, normalized values and file paths (renaming
a file brings them back). Paths are compared as shown,
so write and use a baseline from the same working directory with the same path arguments.

The file is sorted JSON, one entry per fingerprint, meant to be committed and diffed::

    {"schema": "consistency.baseline/1",
     "findings": [{"fingerprint": "...", "rule": "CC101", "subject": "...", "paths": [...], "message": "..."}]}
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable

from consistency.model import Finding

BASELINE_SCHEMA = "consistency.baseline/1"


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline text for ``findings``: sorted by fingerprint, indent 2, trailing newline."""
    return render_entries(baseline_entry(finding)
                          for finding in sorted(findings, key=lambda f: (f.fingerprint, f.rule, f.message)))


def baseline_entry(finding: Finding) -> dict:
    """The baseline's entry for one finding."""
    return {
        "fingerprint": finding.fingerprint,
        "rule": finding.rule,
        "subject": finding.subject.label,
        "paths": sorted({c.location.path for c in finding.claims}),
        "message": finding.message,
    }


def render_entries(entries: Iterable[dict]) -> str:
    """The baseline text for entries (``baseline_entry``'s): the first of each fingerprint,
    sorted by fingerprint, indent 2, trailing newline."""
    by_fingerprint: dict[str, dict] = {}
    for entry in entries:
        by_fingerprint.setdefault(entry["fingerprint"], entry)
    payload = {"schema": BASELINE_SCHEMA, "findings": [by_fingerprint[k] for k in sorted(by_fingerprint)]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: str | os.PathLike[str]) -> frozenset[str]:
    """The fingerprints in a baseline file; ValueError naming the file when it is unreadable or malformed."""
    return frozenset(entry["fingerprint"] for entry in read_baseline_entries(path))


def read_baseline_entries(path: str | os.PathLike[str]) -> list[dict]:
    """The entries of a baseline file, in file order; ValueError naming the file when it is
    unreadable or malformed."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ValueError(f"{os.fspath(path)}: cannot read baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{os.fspath(path)}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise ValueError(f"{os.fspath(path)}: not a consistency baseline "
                         f"(expected an object with \"schema\": \"{BASELINE_SCHEMA}\")")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise ValueError(f"{os.fspath(path)}: baseline \"findings\" must be a list")
    for number, entry in enumerate(entries, start=1):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise ValueError(f"{os.fspath(path)}: baseline finding {number} has no \"fingerprint\" string")
    return entries


def filter_baseline(findings: Iterable[Finding], fingerprints: frozenset[str]) -> tuple[list[Finding], int]:
    """(findings not in the baseline, in their order; how many were hidden)."""
    kept = []
    hidden = 0
    for finding in findings:
        if finding.fingerprint in fingerprints:
            hidden += 1
        else:
            kept.append(finding)
    return kept, hidden
