"""How file names, and text taken from files, are shown: never raw where that is unsafe.

A file name is bytes; Python gives one that is not UTF-8 as a string whose undecodable bytes
are lone surrogates (``surrogateescape``), which no output can encode. ``path_text`` is the
name every stage after reading uses: each such byte written ``\\xNN``, as Python and most
tools show it (a literal backslash before "x" is doubled, so the form is one-to-one), and
``original_path`` gives back the name to open. Valid names are unchanged.

``printable`` escapes what a terminal, a log or a Markdown table must not receive raw: line
breaks, control characters (ANSI escape sequences), bidirectional overrides (text that reads
other than it is) and lone surrogates. ``xml_text`` escapes what XML 1.0 cannot hold.
"""
from __future__ import annotations

import re

_SURROGATE_ESCAPED = re.compile(r"[\udc80-\udcff]|\\(?=x)")
_ESCAPED_BYTE = re.compile(r"\\\\(?=x)|\\x([89a-f][0-9a-f])")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def path_text(path: str) -> str:
    """``path`` as valid text: undecodable bytes as ``\\xNN`` (a ``\\x`` written ``\\\\x``)."""
    if not _SURROGATE_ESCAPED.search(path):
        return path
    return _SURROGATE_ESCAPED.sub(lambda m: "\\\\" if m.group() == "\\" else f"\\x{ord(m.group()) - 0xDC00:02x}",
                                  path)


def original_path(text: str) -> str:
    """The file name ``path_text`` was given (the inverse of it)."""
    if "\\" not in text:
        return text
    return _ESCAPED_BYTE.sub(lambda m: "\\" if m.group(1) is None else chr(0xDC00 + int(m.group(1), 16)), text)


def printable(text: str, keep: str = "") -> str:
    """``text`` with line breaks, control and bidirectional-override characters and lone
    surrogates escaped (``\\n``, ``\\x1b``, ``\\u202e``), but for the characters in ``keep``
    (which the caller escapes its own way); unchanged when it has none."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold escaped as ``printable`` does."""
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
