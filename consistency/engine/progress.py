"""How the engine reports progress: ``progress(phase, done, total)``, the phase named so that
a long corpus-wide step does not look hung."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

# The phases of a run, in order; the last is `consistency check` making its reports.
READING, EXTRACTING, LINKING, JUDGING, WRITING = "reading", "extracting", "linking", "judging", "writing"

# Called with (phase, done, total); total is 0 while a phase is not counted (linking).
Progress = Callable[[str, int, int], None]
# The steps of one phase: (done, total).
Steps = Callable[[int, int], None]


def in_phase(progress: Progress | None, phase: str) -> Steps | None:
    """``progress`` for the steps of ``phase`` (None when there is no progress to report)."""
    return None if progress is None else partial(progress, phase)


def begin(progress: Progress | None, phase: str) -> None:
    """Say that ``phase``, a step that is not counted, has begun."""
    if progress is not None:
        progress(phase, 0, 0)
