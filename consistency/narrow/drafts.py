"""Pre-publication checks: which files are drafts, and which findings are the drafts' business.

``check DRAFT... --against ARCHIVE...`` and ``check --diff REF PATH...`` both check the whole
corpus (links and aliases need the archive) and then keep only the findings with at least
one claim in a draft: a contradiction inside the archive is not the editor's problem today.
The findings kept lead with the draft: their draft claims first (``lead_with_drafts``).
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from consistency.corpus.discover import discover
from consistency.display import path_text
from consistency.model import Finding
from consistency.settings import Settings

# Seconds a git command may take before the run gives up on it.
GIT_TIMEOUT = 30


def select_drafts(drafts: Sequence[str], corpus: Sequence[str], settings: Settings) -> frozenset[str]:
    """The files of ``corpus`` that are drafts, as a check of ``corpus`` shows their paths.

    ``drafts`` are files or directories (``--against``: the draft arguments, which ``corpus``
    must include; ``--diff``: the changed files). A draft outside the corpus, or not matched
    by its include/exclude globs, or missing, is not a draft of this run. Files are matched
    by real path, so "./a.md", "a.md" and an absolute path are the same file.
    """
    corpus_files, _ = discover(corpus, settings.include, settings.exclude, settings.ignore_files,
                               settings.follow_symlinks)
    draft_files, _ = discover(drafts, settings.include, settings.exclude, settings.ignore_files,
                              settings.follow_symlinks)
    draft_real = {os.path.realpath(path) for path in draft_files}
    return frozenset(path_text(path) for path in corpus_files if os.path.realpath(path) in draft_real)


def involves_draft(finding: Finding, draft_paths: frozenset[str]) -> bool:
    """True when at least one claim of ``finding`` is in a draft."""
    return any(claim.location.path in draft_paths for claim in finding.claims)


def filter_against(findings: Iterable[Finding], draft_paths: frozenset[str]) -> list[Finding]:
    """The findings that involve a draft, in their order."""
    return [finding for finding in findings if involves_draft(finding, draft_paths)]


def lead_with_drafts(findings: Iterable[Finding], draft_paths: frozenset[str]) -> list[Finding]:
    """Each finding with its draft claims first and its archive claims after (each part in its
    order), the findings listed by their new first claims (``Finding.order``)."""
    led = [replace(finding, claims=tuple(sorted(finding.claims,
                                                key=lambda claim: claim.location.path not in draft_paths)))
           for finding in findings]
    return sorted(led, key=Finding.order)


def git_changed_files(ref: str, cwd: Path) -> list[str]:
    """Files changed since ``ref`` (committed, staged or not) plus untracked files git does not
    ignore; deleted files are left out. Paths are relative to ``cwd`` with "/" separators
    (``../`` for files outside it), sorted. ValueError with a one-line reason when ``cwd`` is
    not in a git repository, ``ref`` is not a commit, or git fails.
    """
    if not ref or ref.startswith("-"):
        raise ValueError(f"invalid git revision {ref!r}")
    if not os.path.isdir(cwd):
        raise ValueError(f"{cwd} is not a directory")
    top = _git(["rev-parse", "--show-toplevel"], cwd,
               failure=f"{cwd} is not inside a git repository").strip()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd,
         failure=f"unknown git revision {ref!r}")
    # Run from the top so paths are relative to it whatever diff.relative says.
    changed = _git(["diff", "--name-only", "-z", "--diff-filter=d", ref, "--"], Path(top),
                   failure=f"git diff {ref} failed").split("\0")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], Path(top),
                     failure="git ls-files failed").split("\0")
    here = os.path.realpath(cwd)
    shown = {os.path.relpath(os.path.join(top, name), here).replace(os.sep, "/")
             for name in changed + untracked if name}
    return sorted(shown)


def _git(args: list[str], cwd: Path, failure: str) -> str:
    """stdout of ``git args`` run in ``cwd``; ValueError(failure: git's first error line) when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape",
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise ValueError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise ValueError(f"{failure}: git did not answer within {GIT_TIMEOUT} s") from None
    except OSError as exc:
        raise ValueError(f"{failure}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = next((line.strip() for line in done.stderr.splitlines() if line.strip()), "")
        raise ValueError(f"{failure}: {detail}" if detail else failure)
    return done.stdout
