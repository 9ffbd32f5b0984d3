"""Inline suppressions, read from the source files themselves (readers drop HTML comments).

Directives are HTML comments; the codes are optional (none = every rule) and separated by
commas or spaces; a rule's name ("value-mismatch") works as well as its code::

    <!-- consistency-disable-next-line CC101 -->   the next non-blank line (directive lines skipped)
    <!-- consistency-disable-line CC101 -->        the line the comment is on
    <!-- consistency-disable CC101, CC102 -->      from here to the end of the file, or until
    <!-- consistency-enable -->                    ... this (with codes: re-enables only those)

In Markdown and HTML a directive may sit anywhere on a line (not inside a Markdown code
fence); in every other format (plain text, digests) it must be alone on its line. A Markdown
file's front matter may turn checking off: ``consistency: false`` (every rule) or
``consistency: {disable: [CC101]}`` (TOML front matter: ``[consistency] disable = [...]``).

A finding is suppressed when ANY of its claims sits on a suppressed line for its rule: a
contradiction has two ends, and an editor who knows one of them is right may silence it at
either. A directive that suppresses nothing is reported as unused.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from consistency.corpus.decode import DecodeError, decode_bytes
from consistency.corpus.frontmatter import FIRST_LINE, parse_front_matter
from consistency.corpus.textmap import SourceFile
from consistency.display import original_path
from consistency.model import Finding

_DIRECTIVE = re.compile(
    r"<!--[ \t]*consistency-(?P<kind>disable-next-line|disable-line|disable|enable)"
    r"(?![\w-])(?P<codes>(?:(?!-->)[^\n])*?)[ \t]*-->")
_CODE_SEPARATOR = re.compile(r"[\s,]+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_FRONT_KEY = re.compile(r"^[ \t]*\[?[\"']?consistency\b", re.MULTILINE)
_MARKDOWN = (".md", ".markdown")
_HTML = (".html", ".htm")
# Largest file read for directives: a bigger one is not an article the readers accept either.
MAX_BYTES = 50_000_000


@dataclass(frozen=True, order=True)
class Directive:
    """One suppression in a file. ``kind`` is next-line | line | disable | enable | file;
    ``codes`` are upper-cased rule codes or names, empty for every rule; ``target`` is the
    suppressed line of a next-line or line directive (0 otherwise)."""

    path: str
    line: int
    kind: str
    codes: tuple[str, ...] = ()
    target: int = 0

    def applies(self, finding: Finding) -> str | None:
        """The code that makes this directive cover ``finding``'s rule ("" for all), or None."""
        if not self.codes:
            return ""
        for code in self.codes:
            if code in (finding.rule.upper(), finding.name.upper()):
                return code
        return None


@dataclass(frozen=True)
class Suppressions:
    """The directives of each file, in line order."""

    by_path: Mapping[str, tuple[Directive, ...]] = field(default_factory=dict)

    def directives(self) -> list[Directive]:
        return sorted(d for directives in self.by_path.values() for d in directives)


def load_suppressions(paths: Iterable[str], given: Mapping[str, str] | None = None) -> Suppressions:
    """The directives of each file in ``paths`` (as documents name them; an unreadable file has
    none); ``given`` holds the text of files read from elsewhere than their path (standard
    input), by path."""
    by_path = {}
    given = given or {}
    for path in sorted(set(paths)):
        if path in given:
            directives = _text_directives(path, SourceFile.from_decoded(path, given[path]).text)
        else:
            try:
                stat = os.stat(original_path(path))
            except OSError:
                continue
            directives = _file_directives(path, stat.st_mtime_ns, stat.st_size)
        if directives:
            by_path[path] = directives
    return Suppressions(by_path)


def unknown_codes(suppressions: Suppressions,
                  rule_names: frozenset[str]) -> list[tuple[str, int, tuple[str, ...]]]:
    """(path, line, codes) of each directive naming codes that are not in ``rule_names``
    (upper-cased codes and names), sorted: such a directive silences nothing for them."""
    found = []
    for directive in suppressions.directives():
        unknown = tuple(code for code in directive.codes if code not in rule_names)
        if unknown:
            found.append((directive.path, directive.line, unknown))
    return found


def apply_suppressions(
    findings: Iterable[Finding], suppressions: Suppressions
) -> tuple[list[Finding], list[Finding], list[tuple[str, int, tuple[str, ...]]]]:
    """(kept, suppressed, unused): findings split in their order, and the directives that
    suppressed nothing as (path, line, codes), sorted; for a directive with codes, only
    the codes that matched no finding are listed (empty codes: the directive covers all rules).
    """
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[tuple[Directive, str]] = set()
    for finding in findings:
        hits = {hit for claim in finding.claims
                for hit in _covering(suppressions.by_path.get(claim.location.path, ()), finding,
                                     claim.location.line, claim.location.end_line)}
        (suppressed if hits else kept).append(finding)
        used |= hits
    unused = []
    for directive in suppressions.directives():
        if directive.kind == "enable":
            continue
        if not directive.codes:
            if (directive, "") not in used:
                unused.append((directive.path, directive.line, ()))
            continue
        idle = tuple(code for code in directive.codes if (directive, code) not in used)
        if idle:
            unused.append((directive.path, directive.line, idle))
    return kept, suppressed, unused


def _covering(directives: tuple[Directive, ...], finding: Finding,
              first: int, last: int) -> list[tuple[Directive, str]]:
    """The (directive, matching code) pairs that suppress ``finding`` on lines first..last."""
    hits = []
    for line in range(first, max(first, last) + 1):
        in_force: tuple[Directive, str] | None = None  # the last disable/enable for this rule
        for directive in directives:
            code = directive.applies(finding)
            if code is None:
                continue
            if directive.kind == "file":
                hits.append((directive, code))
            elif directive.kind in ("next-line", "line"):
                if directive.target == line:
                    hits.append((directive, code))
            elif directive.line < line:
                in_force = (directive, code) if directive.kind == "disable" else None
        if in_force:
            hits.append(in_force)
    return hits


@functools.lru_cache(maxsize=4096)
def _file_directives(path: str, _mtime_ns: int, size: int) -> tuple[Directive, ...]:
    """Directives of one file, cached while it is unchanged."""
    if size > MAX_BYTES:
        return ()
    try:
        with open(original_path(path), "rb") as handle:
            decoded = decode_bytes(handle.read())
        if "consistency" not in decoded:  # no directive of any form (all are lowercase): skip the parse
            return ()
        text = SourceFile.from_decoded(path, decoded).text
    except (OSError, DecodeError):
        return ()
    return _text_directives(path, text)


def _text_directives(path: str, text: str) -> tuple[Directive, ...]:
    """Directives of the newline-normalized ``text`` of the file ``path``."""
    extension = os.path.splitext(path)[1].lower()
    directives = _front_matter(path, text) if extension in _MARKDOWN else []
    directives += _comment_directives(path, text, anywhere=extension in _MARKDOWN + _HTML,
                                      fenced=extension in _MARKDOWN)
    return tuple(sorted(directives))


def _comment_directives(path: str, text: str, anywhere: bool, fenced: bool) -> list[Directive]:
    lines = text.split("\n")
    found: list[tuple[int, str, tuple[str, ...]]] = []
    fence = ""
    for number, line in enumerate(lines, start=1):
        if fenced:
            m = _FENCE.match(line)
            if m and (not fence or (m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence))):
                fence = "" if fence else m.group(1)
                continue
            if fence:
                continue
        if "consistency-" not in line:
            continue
        matches = list(_DIRECTIVE.finditer(line))
        if not anywhere and not (len(matches) == 1 and matches[0].group(0) == line.strip()):
            continue
        for m in matches:
            codes = tuple(sorted({c.upper() for c in _CODE_SEPARATOR.split(m.group("codes")) if c}))
            found.append((number, m.group("kind"), codes))
    directive_lines = {number for number, _kind, _codes in found}
    out = []
    for number, kind, codes in found:
        if kind == "disable-next-line":
            target = _next_content_line(lines, number, directive_lines)
            if target:
                out.append(Directive(path, number, "next-line", codes, target))
        elif kind == "disable-line":
            out.append(Directive(path, number, "line", codes, number))
        else:
            out.append(Directive(path, number, kind, codes))
    return out


def _next_content_line(lines: list[str], after: int, directive_lines: set[int]) -> int:
    """The first non-blank line after line ``after`` that is not only directives (0 if none)."""
    for number in range(after + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        if number in directive_lines and not _DIRECTIVE.sub("", line).strip():
            continue
        return number
    return 0


def _front_matter(path: str, text: str) -> list[Directive]:
    """The file-wide directive of a Markdown front matter ``consistency`` key, if any."""
    try:
        found = parse_front_matter(text)
    except RecursionError:  # the reader skips such a file
        return []
    if found is None or "consistency" not in found.fields:  # the reader reports bad front matter
        return []
    value = found.fields["consistency"]
    if value is False:
        codes: tuple[str, ...] = ()
    elif isinstance(value, dict) and value.get("disable"):
        disable = value["disable"]
        names = _CODE_SEPARATOR.split(disable) if isinstance(disable, str) else disable
        if not isinstance(names, list):
            return []
        scalars = (str(c) for c in names if isinstance(c, (str, int, float)))  # never str() a structure
        codes = tuple(sorted({c.upper() for c in scalars if c.strip()}))
    else:
        return []
    key = _FRONT_KEY.search(found.raw)
    line = FIRST_LINE + (found.raw.count("\n", 0, key.start()) if key else 0)
    return [Directive(path, line, "file", codes)]
