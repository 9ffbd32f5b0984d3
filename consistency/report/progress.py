"""A progress bar on stderr for long runs: only on a terminal, only after a second. It names
the phase the run is in (reading, extracting, linking, judging, writing); a phase that is
not counted (linking) shows a moving bar, so that it does not look hung."""
from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

# Runs shorter than this show no bar at all.
DELAY_SECONDS = 1.0


def _bar() -> Progress:
    """The transient bar on stderr: phase, bar, "12/40" while the phase is counted (nothing while
    it is not), time left. rich is imported here: a run of under a second draws no bar."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Count(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text("" if task.total is None else f"{int(task.completed)}/{int(task.total)}")

    return Progress(TextColumn("{task.description:<10}"), BarColumn(), Count(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


class DelayedProgress:
    """Callable as ``progress(phase, done, total)`` (total 0 for a phase that is not counted);
    draws a transient bar once the run has taken DELAY_SECONDS, and never when stderr is not
    a terminal (CI logs stay clean) or ``enabled`` is False."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task = None
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < DELAY_SECONDS:
                return
            self.bar = _bar()
            self.bar.start()
        if phase != self.phase:  # a new phase: a task of its own, with its own count and time estimate
            if self.task is not None:
                self.bar.remove_task(self.task)
            self.phase = phase
            self.task = self.bar.add_task(phase, total=total or None, completed=done)
        else:
            self.bar.update(self.task, total=total or None, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __enter__(self) -> DelayedProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
