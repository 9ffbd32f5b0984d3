"""Which files to read: walk directories, apply include/exclude globs, sort, deduplicate.

Globs use "/" as separator; ``*`` and ``?`` stay within one path component, ``**``
crosses components ("drafts/**", "**/old/*.md"). Include globs are matched against a
file's name and its path relative to the directory argument; exclude globs against
that relative path, the displayed path, and every component of it. Files named
explicitly on the command line are always read. Hidden files and directories are skipped,
and so are Office lock files (``~$name.docx``); with ``ignore_files``, so is what ignore files
leave out (``.gitignore`` inside a git work tree, ``.ignore``, ``.consistencyignore``: see
``ignore.py``).
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence

from consistency.corpus.ignore import Rules, directory_rules, ignored, rules_above
from consistency.display import path_text
from consistency.model import ReadError

# Names a walk never reads: hidden files and directories, and the lock files Office writes.
_SKIPPED_PREFIXES = (".", "~$")


def discover(
    paths: Sequence[str], include: tuple[str, ...], exclude: tuple[str, ...], ignore_files: bool = False,
    follow_symlinks: bool = False,
) -> tuple[list[str], list[ReadError]]:
    """Files to read (sorted, each once) and a ReadError for each path that does not exist.
    ``ignore_files``: leave out what ignore files name inside directories.

    A file reached twice (overlapping paths, symbolic links) is read once, under the smaller
    of its names. Inside a directory, a symbolic link to a file outside that directory is
    skipped with a ReadError unless ``follow_symlinks`` (a link to /etc/passwd would be read
    as an article); one named on the command line is read."""
    found: dict[str, str] = {}  # real path -> displayed path
    errors = []
    for given in paths:
        shown = _display(given)
        if os.path.isfile(given):
            _keep(found, os.path.realpath(given), shown)
        elif os.path.isdir(given):
            for real, path in _walk(given, shown, include, exclude, errors, ignore_files, follow_symlinks):
                _keep(found, real, path)
        elif os.path.exists(given):  # a FIFO, socket or device: read_file explains why it is skipped
            _keep(found, os.path.realpath(given), shown)
        else:
            errors.append(ReadError(path_text(shown), "no such file or directory"))
    return sorted(found.values()), sorted(errors, key=lambda e: e.path)


def glob_match(pattern: str, path: str) -> bool:
    """True when the whole of ``path`` ("/"-separated) matches ``pattern``."""
    return _compile(pattern).fullmatch(path) is not None


def _keep(found: dict[str, str], real: str, path: str) -> None:
    if real not in found or path < found[real]:
        found[real] = path


def _display(path: str) -> str:
    shown = path.replace(os.sep, "/") if os.sep != "/" else path
    while shown.startswith("./") and len(shown) > 2:
        shown = shown[2:]
    return shown.rstrip("/") or shown


def _walk(root: str, shown_root: str, include: tuple[str, ...], exclude: tuple[str, ...],
          errors: list[ReadError], ignore_files: bool, follow_symlinks: bool) -> list[tuple[str, str]]:
    """(real path, displayed path) of the files to read under ``root``. The real path of a
    directory is resolved once; only files that are symbolic links are resolved one by one.
    A directory that cannot be listed, and a link out of ``root`` (unless ``follow_symlinks``),
    is one ReadError in ``errors``."""
    prefix = "" if shown_root in (".", "./") else shown_root + "/"
    real_root = os.path.realpath(root)
    inside = os.path.join(real_root, "")
    above, in_git = rules_above(real_root) if ignore_files else ((), False)
    rules: dict[str, Rules] = {}  # directory relative to root -> the ignore rules in force in it
    out = []
    for directory, dirs, files, links in _directories(root, errors, prefix):
        rel_dir = os.path.relpath(directory, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        here = os.path.join(real_root, rel_dir)
        in_force: Rules = ()
        if ignore_files:  # a directory is walked after its parent, so the parent's rules are there
            inherited = rules[rel_dir[:rel_dir.rstrip("/").rfind("/") + 1]] if rel_dir else above
            in_force = rules[rel_dir] = inherited + tuple(directory_rules(here, in_git))
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(_SKIPPED_PREFIXES) and not _excluded(rel_dir + d + "/", prefix, exclude)
            and not (in_force and ignored(in_force, os.path.join(here, d), is_dir=True))
        )
        real_dir = None  # the directory's real path, with a separator at its end
        for name in sorted(files):
            rel = rel_dir + name
            if (name.startswith(_SKIPPED_PREFIXES) or _excluded(rel, prefix, exclude)
                    or (in_force and ignored(in_force, os.path.join(here, name), is_dir=False))):
                continue
            if any(glob_match(p, name) or glob_match(p, rel) for p in include):
                if name in links:
                    real = os.path.realpath(os.path.join(directory, name))
                    if not (follow_symlinks or real.startswith(inside)):
                        errors.append(ReadError(path_text(prefix + rel), f"symbolic link to a file outside "
                                                f"{path_text(shown_root)} (--follow-symlinks reads it)"))
                        continue
                else:
                    real_dir = real_dir or os.path.join(os.path.realpath(directory), "")
                    real = real_dir + name
                out.append((real, prefix + rel))
    return out


def _directories(root: str, errors: list[ReadError],
                 prefix: str) -> Iterator[tuple[str, list[str], list[str], set[str]]]:
    """(directory, subdirectory names, other names, the other names that are symbolic links)
    for ``root`` and every directory under it, as ``os.walk`` gives them (the caller may prune
    the subdirectory list; symbolic links to directories are listed there but not descended),
    with a stack instead of recursion: a tree thousands of levels deep is walked like any
    other. Whether a name is a link comes with the listing, not from a call per file."""
    stack = [root]
    while stack:
        directory = stack.pop()
        dirs, files, linked, links = [], [], set(), set()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_dir():
                        dirs.append(entry.name)
                        if entry.is_symlink():
                            linked.add(entry.name)
                    else:
                        files.append(entry.name)
                        if entry.is_symlink():
                            links.add(entry.name)
        except OSError as error:
            rel = os.path.relpath(directory, root).replace(os.sep, "/")
            shown = (prefix.rstrip("/") or ".") if rel == "." else prefix + rel
            errors.append(ReadError(path_text(shown), f"cannot list directory: {error.strerror or error}"))
            continue
        yield directory, dirs, files, links
        stack.extend(os.path.join(directory, name) for name in reversed(dirs) if name not in linked)


def _excluded(rel: str, prefix: str, exclude: tuple[str, ...]) -> bool:
    if not exclude:
        return False
    parts = rel.rstrip("/").split("/")
    return any(
        glob_match(p, rel) or glob_match(p, prefix + rel) or any(glob_match(p, part) for part in parts)
        for p in exclude
    )


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.replace("\\", "/").lstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[" and pattern.find("]", i + 2) > 0:
            end = pattern.find("]", i + 2)
            body = pattern[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))
