"""Time `consistency lsp` as an editor meets it on a real archive; write benchmarks/results/lsp.md.

Run alone (not part of `make bench`):
    .venv/bin/python benchmarks/lsp.py [--archive ../shared/realnews-dev/corpus] [--edits 5]
                                       [--config FILE] [--output benchmarks/results/lsp.md]

The server is started over stdio on the archive (``--isolated``, its cache in a temporary
directory), the way tests/test_lsp.py drives it. Measured, wall time at the client:

- cold: from didOpen of one article to its first publishDiagnostics, on an empty cache (the
  whole archive is read, extracted and parsed once);
- warm start: the same in a second server process on the cache the first one filled;
- re-check after an edit: from didChange (one figure of the open article changed in the buffer,
  not on disk) to the publishDiagnostics it causes, less the server's debounce delay; the
  median and the worst of ``--edits`` edits.

The archive's text is read from where it is and never copied. The script reports; it does not gate.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchmarks.scale import _machine, write_report  # noqa: E402
from consistency.desk.lsp import DEBOUNCE_SECONDS  # noqa: E402
from lsp_client import Client  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "realnews-dev" / "corpus"
FIGURE = re.compile(r"\b\d{2,}\b")


def _open_and_wait(client: Client, path: Path, text: str) -> float:
    begun = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "markdown",
                                                            "version": 1, "text": text}})
    client.diagnostics(path.as_uri())
    return time.perf_counter() - begun


def _start(archive: Path, cache: Path, config: Path | None) -> Client:
    settings = ["--config", str(config)] if config else ["--isolated"]
    client = Client([*settings, "--cache-dir", str(cache), str(archive)], archive)
    client.request("initialize", {"processId": os.getpid(), "rootUri": archive.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    return client


def _stop(client: Client) -> None:
    client.request("shutdown", None)
    client.notify("exit", None)
    client.close()


def _article(archive: Path) -> tuple[Path, str, re.Match[str]]:
    """The first article (by name) with a figure of two digits or more in its body."""
    for path in sorted(archive.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.find("\n---", 3)
        match = FIGURE.search(text, body + 4 if body >= 0 else 0)
        if match:
            return path, text, match
    raise SystemExit(f"no article with a figure in {archive}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--config", type=Path, help="a configuration for the server (default: --isolated)")
    parser.add_argument("--output", type=Path, default=RESULTS / "lsp.md")
    args = parser.parse_args()
    archive = args.archive.resolve()
    path, text, figure = _article(archive)
    line = text.count("\n", 0, figure.start())
    column = figure.start() - (text.rfind("\n", 0, figure.start()) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        client = _start(archive, cache, args.config)
        cold = _open_and_wait(client, path, text)
        _stop(client)
        client = _start(archive, cache, args.config)
        warm = _open_and_wait(client, path, text)
        edits = []
        for version in range(2, args.edits + 2):
            value = str(int(figure.group()) + version)
            begun = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": path.as_uri(), "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": column},
                                              "end": {"line": line, "character": column + len(figure.group())}},
                                    "text": value}]})
            client.diagnostics(path.as_uri())
            edits.append(time.perf_counter() - begun - DEBOUNCE_SECONDS)
            text = text[:figure.start()] + value + text[figure.end():]
            figure = FIGURE.search(text, figure.start())
        _stop(client)
    documents = len(list(archive.glob("*.md")))
    machine = _machine()
    lines = [
        "# `consistency lsp` on a real archive",
        "",
        f"Archive: {documents} articles (`{archive.name}`), the open article `{path.name}`. "
        f"{machine['date']}, commit {machine['commit']}, {machine['cpu_count']} CPUs, {machine['python']}, "
        f"load average {machine['load_average_1min']['start']} at the start. `benchmarks/lsp.py --edits {args.edits}"
        + (f" --config {args.config.name}" if args.config else "") + "`.",
        "",
        "| measure | seconds |",
        "|---|---|",
        f"| didOpen to first diagnostics, empty cache | {cold:.2f} |",
        f"| didOpen to first diagnostics, warm cache (new server) | {warm:.2f} |",
        f"| re-check after an edit (didChange to diagnostics, less the {DEBOUNCE_SECONDS:g} s debounce), median "
        f"| {statistics.median(edits):.2f} |",
        f"| re-check after an edit, worst of {len(edits)} | {max(edits):.2f} |",
        "",
    ]
    write_report(args.output, lines)


if __name__ == "__main__":
    main()
