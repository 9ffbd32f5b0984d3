"""Plain helpers shared by the test files: the in-process CLI runner (and one in a fresh
process), the article writer, the two-article corpus, and a CPU-work growth measure for the
linear-time checks.

Test files import them (``from helpers import run_cli``), as they import ``snippets``; fixtures
live in ``conftest.py``, which pytest loads itself and which is not meant to be imported.
"""
from __future__ import annotations

import gc
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from consistency.cli import main
from snippets import OHIO_3, OHIO_12


def run_cli(*args: str, env: Mapping[str, str] | None = None, catch_exceptions: bool = False,
            input: str | bytes | None = None) -> Result:
    """``consistency ARGS...`` in this process, ``input`` on standard input; an unexpected
    exception propagates unless ``catch_exceptions`` (then it is ``result.exception``)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=catch_exceptions, env=env, input=input)


def run_cli_process(*args: str, cwd: Path, timeout: float = 120,
                    env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``consistency ARGS...`` in a fresh process (for what must not run inside pytest's: a
    possible hang, signals, process limits); ``timeout`` seconds is a hang guard only."""
    return subprocess.run([sys.executable, "-m", "consistency", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def front_matter(title: str, extra: str = "", *, date: str = "2024-03-01") -> str:
    """YAML front matter (title, date, any ``extra`` lines) and the blank line after it."""
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n"


def article(title: str, *paragraphs: str, date: str = "2024-03-01", extra: str = "") -> str:
    """A Markdown article: ``front_matter``, then the paragraphs separated by blank lines."""
    return front_matter(title, extra, date=date) + "\n\n".join(paragraphs) + "\n"


def write_file(path: Path, content: str | bytes) -> Path:
    """Write ``content`` byte for byte (text as UTF-8, newlines untranslated), making the
    parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write each ``{relative path: content}`` under ``root``."""
    for name, content in files.items():
        write_file(root / name, content)


TWO_ARTICLES = {
    "a.md": article("A", OHIO_3, date="2025-01-10"),
    "b.md": article("B", OHIO_12, date="2025-02-10"),
}


def write_two_articles(directory: Path) -> Path:
    """``a.md`` and ``b.md`` in ``directory``: Brisk Energy's Ohio facility is 3 GW in one and
    1.2 GW in the other, one CC101 finding. Returns ``directory``."""
    write_files(directory, TWO_ARTICLES)
    return directory


TEXT_CACHED = ("consistency.extract", "consistency.link")


def clear_text_caches() -> None:
    """Empty the ``functools`` caches of the extraction and link modules: the sentence and
    time extractors remember whole texts (a repeated input would cost nothing), and the
    number and name parsers remember each figure and name."""
    for name, module in list(sys.modules.items()):
        if name.startswith(TEXT_CACHED):
            for value in list(vars(module).values()):
                if hasattr(value, "cache_info") and hasattr(value, "cache_clear"):
                    value.cache_clear()


def cpu_costs(work: Callable[[object], object], inputs: list, repeat: int = 3) -> list[float]:
    """The CPU time of this thread for ``work(x)``, for each ``x`` of ``inputs``: the best of
    ``repeat`` runs, interleaved so that a busy moment of the machine touches all inputs alike,
    with the text caches emptied and the garbage collector off. CPU time (not the wall clock)
    leaves out the time other processes hold the cores; comparing two input sizes measured in
    one run leaves out how fast the machine is."""
    best = [float("inf")] * len(inputs)
    for _ in range(repeat):
        for i, x in enumerate(inputs):
            clear_text_caches()
            gc.disable()
            try:
                start = time.thread_time()
                work(x)
                best[i] = min(best[i], time.thread_time() - start)
            finally:
                gc.enable()
    return best


CHROMIUM = Path("/usr/bin/chromium")


def playwright_or_skip():
    """Playwright's sync API, for a browser test module; the module is skipped when Playwright
    or Debian's chromium (which the tests drive, never a downloaded browser) is missing."""
    api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install the Debian package `chromium` (make test tries apt-get)",
                    allow_module_level=True)
    return api
