"""Ignore files: what a directory walk leaves out, as git, ruff and ripgrep do.

Inside a git work tree, ``.gitignore`` files count (in the walked directories and in every
directory above them up to the work tree's top), and so does the repository's
``info/exclude``; ``.ignore`` and ``.consistencyignore`` count everywhere (outside a git
work tree, those inside the walked directories). Patterns follow git's wildmatch rules
(pathspec's ``GitIgnoreSpec``) relative to the directory of their file. A deeper file
overrides a shallower one; in one directory ``.consistencyignore`` overrides ``.ignore``,
which overrides ``.gitignore``; within a file the last matching pattern wins, and ``!``
re-includes. An ignored directory is not entered.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# In one directory, lowest precedence first.
GIT_IGNORE = ".gitignore"
OWN_IGNORE_FILES = (".ignore", ".consistencyignore")


@dataclass(frozen=True)
class IgnoreFile:
    """The patterns of one ignore file and the directory (a real path) they are relative to."""

    base: str
    spec: GitIgnoreSpec

    def verdict(self, path: str, is_dir: bool) -> bool | None:
        """True: ``path`` (a real path) is ignored; False: re-included by ``!``; None: no pattern matches."""
        rel = os.path.relpath(path, self.base).replace(os.sep, "/")
        if rel.startswith("../") or rel == "..":
            return None
        return self.spec.check_file(rel + "/" if is_dir else rel).include


Rules = tuple[IgnoreFile, ...]  # lowest precedence first


def git_top(directory: str) -> str | None:
    """The top of the git work tree holding ``directory`` (a real path), or None."""
    current = directory
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def rules_above(root: str) -> tuple[Rules, bool]:
    """The rules in force in the directory ``root`` (a real path) from the directories above it,
    and whether ``root`` is in a git work tree (then ``.gitignore`` files count in the walk)."""
    top = git_top(root)
    if top is None:
        return (), False
    rules: list[IgnoreFile] = [r for r in (_load(_git_exclude(top), top),) if r is not None]
    parts = os.path.relpath(root, top).split(os.sep)
    directory = top
    for part in [] if parts == ["."] else parts:
        rules += directory_rules(directory, in_git=True)
        directory = os.path.join(directory, part)
    return tuple(rules), True


def directory_rules(directory: str, in_git: bool) -> list[IgnoreFile]:
    """The ignore files of one directory (a real path), lowest precedence first."""
    names = ((GIT_IGNORE,) if in_git else ()) + OWN_IGNORE_FILES
    return [r for r in (_load(os.path.join(directory, name), directory) for name in names) if r is not None]


def ignored(rules: Rules, path: str, is_dir: bool) -> bool:
    """Whether ``path`` (a real path) is ignored by ``rules``: the most precedent file that matches decides."""
    for rule in reversed(rules):
        verdict = rule.verdict(path, is_dir)
        if verdict is not None:
            return verdict
    return False


def _git_exclude(top: str) -> str:
    """The repository's info/exclude file (``.git`` may be a file naming the git directory)."""
    dot_git = os.path.join(top, ".git")
    git_dir = dot_git
    if os.path.isfile(dot_git):
        try:
            with open(dot_git, encoding="utf-8") as handle:
                line = handle.readline().strip()
        except (OSError, UnicodeDecodeError):
            return os.path.join(dot_git, "info", "exclude")
        git_dir = os.path.join(top, line.removeprefix("gitdir:").strip())
        common = os.path.join(git_dir, "commondir")
        if os.path.isfile(common):  # a linked worktree: info/exclude is the main repository's
            try:
                with open(common, encoding="utf-8") as handle:
                    git_dir = os.path.join(git_dir, handle.readline().strip())
            except (OSError, UnicodeDecodeError):
                pass
    return os.path.join(git_dir, "info", "exclude")


def _load(path: str, base: str) -> IgnoreFile | None:
    """The patterns of the file ``path`` (None when it is missing, unreadable or has none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec  # here, not at import: most walks find no ignore file

    try:
        spec = GitIgnoreSpec.from_lines(lines)
    except ValueError:  # one bad pattern: keep the others, as git does
        spec = GitIgnoreSpec.from_lines(line for line in lines if _valid(line))
    return IgnoreFile(base, spec) if spec.patterns else None


def _valid(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True
