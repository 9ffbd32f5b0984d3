"""Text built from pieces of a source file, with a map back to the decoded source.

Every reader works on the newline-normalized text of a file (``SourceFile.text``) and
builds its Document text with a ``TextBuilder``: ``copy`` takes a range of the text it
reads, ``insert`` adds characters that are not in it (an unescaped entity, a paragraph
break). The builder composes its anchors with those of the layer it reads, so the
final ``OffsetMap`` points into the decoded source however many layers were stacked.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from consistency.model import OffsetMap

_LINE_BREAK = re.compile(r"\r\n?|\n")


@dataclass(frozen=True)
class Layer:
    """A text and the sorted (text_offset, source_offset) anchors of its characters."""

    text: str
    anchors: tuple[tuple[int, int], ...]

    def to_source(self, pos: int) -> int:
        i = max(bisect.bisect_right(self.anchors, (pos, float("inf"))) - 1, 0)
        text_at, source_at = self.anchors[i]
        return source_at + (pos - text_at)

    def segments(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """(text_offset, source_offset) where each plain-shift run of text[start:end] begins."""
        i = max(bisect.bisect_right(self.anchors, (start, float("inf"))) - 1, 0)
        text_at, source_at = self.anchors[i]
        yield start, source_at + (start - text_at)
        for text_at, source_at in self.anchors[i + 1:]:
            if text_at >= end:
                break
            yield text_at, source_at


@dataclass(frozen=True)
class SourceFile:
    """A decoded file: ``text`` has every line break as "\\n"; ``base`` maps it to the decoded text."""

    path: str
    text: str
    base: Layer
    line_starts: tuple[int, ...]

    @classmethod
    def from_decoded(cls, path: str, decoded: str) -> SourceFile:
        starts = [0]
        anchors = [(0, 0)]
        parts = []
        last = 0
        removed = 0
        for m in _LINE_BREAK.finditer(decoded):
            starts.append(m.end())
            if m.end() - m.start() == 2:  # "\r\n" becomes "\n", mapped to the "\n"
                parts.append(decoded[last:m.start()])
                removed += 1
                last = m.start() + 1
                anchors.append((m.start() + 1 - removed, m.start() + 1))
        parts.append(decoded[last:])
        text = "".join(parts).replace("\r", "\n")
        return cls(path, text, Layer(text, tuple(anchors)), tuple(starts))

    def offset_map(self, layer: Layer) -> OffsetMap:
        return OffsetMap(layer.anchors, self.line_starts)


class TextBuilder:
    """Accumulates Document text from ranges of a layer and inserted characters."""

    def __init__(self, base: Layer) -> None:
        self.base = base
        self._parts: list[str] = []
        self._anchors: list[tuple[int, int]] = []
        self._tail = ""
        self.length = 0

    def copy(self, start: int, end: int) -> None:
        """Append ``base.text[start:end]``, each character mapped to its own source offset."""
        if end <= start:
            return
        anchors = self.base.anchors
        if len(anchors) == 1:  # a plain shift: no line break was rewritten in the base
            self._anchor(self.length, anchors[0][1] + start - anchors[0][0])
        else:
            for text_at, source_at in self.base.segments(start, end):
                self._anchor(self.length + text_at - start, source_at)
        self._append(self.base.text[start:end])

    def insert(self, text: str, at: int | None = None) -> None:
        """Append ``text`` that the layer does not hold, shown at layer offset ``at``.

        Without ``at`` the characters continue the current shift (paragraph breaks).
        """
        if not text:
            return
        if at is not None:
            self._anchor(self.length, self.base.to_source(at))
        self._append(text)

    def paragraph_break(self) -> None:
        """End the current paragraph with a blank line unless it already ends with one."""
        if self.length and not self._tail.endswith("\n\n"):
            self.insert("\n" if self._tail.endswith("\n") else "\n\n")

    def build(self) -> Layer:
        return Layer("".join(self._parts), tuple(self._anchors) or ((0, self.base.to_source(0)),))

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self.length += len(text)
        self._tail = (self._tail + text)[-2:]

    def _anchor(self, text_at: int, source_at: int) -> None:
        if self._anchors:
            last_text, last_source = self._anchors[-1]
            if source_at - last_source == text_at - last_text:
                return
            if last_text == text_at:
                self._anchors[-1] = (text_at, source_at)
                return
        self._anchors.append((text_at, source_at))
