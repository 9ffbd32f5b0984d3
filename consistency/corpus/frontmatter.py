"""Front matter: the YAML (``---``) or TOML (``+++``) block that opens a Markdown file,
parsed the one safe way the reader and the inline suppressions share.

Front matter is untrusted input. YAML aliases (``*name``) are refused: a kilobyte of them
can stand for billions of values (an "alias bomb"), and front matter has no use for them.
Nesting deeper than Python's recursion limit raises RecursionError, which the caller turns
into a skipped file. A parsed value is shown in a message by ``meta.describe_value`` only.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

_YAML_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_FRONT = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
# File line on which the front matter's own text begins (after the opening fence).
FIRST_LINE = 2


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of a file: its kind ("YAML" or "TOML"), its text, the offset where the
    body starts, and either its fields or why they cannot be used (``problem``, on file line
    ``problem_line``)."""

    kind: str
    raw: str
    end: int
    fields: Mapping[str, Any]
    problem: str | None = None
    problem_line: int = 1
    raw_start: int = 0  # where ``raw`` starts in the file's text


class _AliasFound(Exception):
    """A YAML alias in front matter, on the 0-based line ``line`` of it."""

    def __init__(self, line: int) -> None:
        super().__init__("aliases (*name) are not allowed")
        self.line = line


def parse_front_matter(text: str) -> FrontMatter | None:
    """The front matter that opens ``text``, or None when there is none. A mapping is its
    fields; anything else (bad syntax, an alias, a list) is a ``problem`` and no fields.
    Raises RecursionError for nesting too deep to parse."""
    for pattern, kind in ((_YAML_FRONT, "YAML"), (_TOML_FRONT, "TOML")):
        m = pattern.match(text)
        if m:
            break
    else:
        return None
    raw = m.group(1) or ""
    import yaml  # here, not at import: a warm re-check reads no file

    try:
        data = _load_yaml(raw) if kind == "YAML" else tomllib.loads(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: date: 2025-02-30
        message, line = _parse_error(exc, kind)
        where = FIRST_LINE + line - 1 if line else 1
        return FrontMatter(kind, raw, m.end(), {}, f"invalid {kind} front matter: {message}", where)
    except _AliasFound as exc:
        return FrontMatter(kind, raw, m.end(), {}, f"invalid {kind} front matter: {exc}", FIRST_LINE + exc.line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter(kind, raw, m.end(), {}, "front matter is not a mapping of fields")
    return FrontMatter(kind, raw, m.end(), data, raw_start=m.start(1) if m.group(1) else m.end())


def _load_yaml(raw: str) -> Any:
    """The YAML document ``raw`` as Python values; _AliasFound at its first alias."""
    loader = _yaml_loader()(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


@cache
def _yaml_loader() -> type:
    """The safe YAML loader: libyaml's when available (10x faster)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases(root: yaml.Node) -> None:
    """Raise _AliasFound when a node is reached twice: the composer gives an alias the very
    node of its anchor, so the graph of a document without aliases is a tree."""
    from yaml import MappingNode, SequenceNode

    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            raise _AliasFound(node.start_mark.line)
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            todo.extend(item for pair in node.value for item in pair)


def _parse_error(exc: Exception, kind: str) -> tuple[str, int | None]:
    """A one-line message and the 1-based line within the front matter."""
    if kind == "YAML":
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return problem, (mark.line + 1 if mark is not None else None)
    text = str(exc)
    m = _TOML_ERROR_AT.search(text)
    line = int(m.group(1)) if m and m.group(1) else None
    return (text[:m.start()] if m else text), line


def key_line(raw: str, key: str) -> int:
    """0-based line of ``key`` in the front matter text (0 when not found)."""
    m = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[:=]", raw, re.MULTILINE)
    return raw.count("\n", 0, m.start()) if m else 0


def value_span(front: FrontMatter, key: str, value: str) -> tuple[int, int] | None:
    """Where the one-line value ``value`` of top-level ``key`` is written in the file (offsets
    into the text the front matter opens), quotes excluded; None when it is not written
    there as is (a block scalar, escapes, a value over several lines)."""
    m = re.search(rf"^[\"']?{re.escape(key)}[\"']?[ \t]*[:=][ \t]*([\"']?)(.*?)\1[ \t]*$", front.raw, re.MULTILINE)
    if m is None or m.group(2) != value or not value.strip():
        return None
    start = front.raw_start + m.start(2)
    return start, start + len(value)
