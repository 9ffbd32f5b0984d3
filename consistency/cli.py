"""The `consistency` command line: a thin click layer over the engine.

Exit codes (documented in README.md):
  0  success
  1  findings at or above --fail-on (the `check` command)
  2  usage error (bad option or config), or an input could not be read; every other
     file was still processed and reported
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import click

from consistency import __version__
from consistency.engine import extract_documents, read_corpus
from consistency.model import ReadError
from consistency.report.claims_report import render_csv, render_json, render_text
from consistency.settings import DEFAULT_INCLUDE, DEFAULT_MAX_BYTES, Settings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
INPUT_FORMATS = ("markdown", "html", "text", "jsonl", "digest")


def _parse_reference_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-31.") from None


def corpus_options(command):
    """Options shared by every command that reads a corpus."""
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str)),
        click.option("--reference-date", callback=_parse_reference_date, metavar="YYYY-MM-DD",
                     help="Publication date for documents that state none; relative dates "
                          "('next year') resolve against it. Without one they stay unresolved."),
        click.option("--include", multiple=True, metavar="GLOB",
                     help=f"Files to read inside directories (repeatable). Default: {' '.join(DEFAULT_INCLUDE)}"),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Files or directories to skip (repeatable), e.g. 'drafts/**'."),
        click.option("--fiscal-year-start", type=click.IntRange(1, 12), default=1, show_default=True,
                     metavar="MONTH", help="Month (1-12) in which fiscal years begin."),
        click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Skip files larger than this, with a message."),
        click.option("--format-in", type=click.Choice(INPUT_FORMATS),
                     help="Read every file in this format instead of choosing by extension and content."),
        click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
                     help="Worker processes for reading and extraction. Output is the same for any value."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(reference_date, include, exclude, fiscal_year_start, max_bytes, format_in) -> Settings:
    return Settings(
        include=tuple(include) or DEFAULT_INCLUDE,
        exclude=tuple(exclude),
        reference_date=reference_date,
        fiscal_year_start=fiscal_year_start,
        max_bytes=max_bytes,
        format_in=format_in,
    )


def _report_read_errors(errors: list[ReadError]) -> None:
    for error in errors:
        label = "skipped" if error.skipped else "warning"
        click.echo(f"consistency: {label}: {error}", err=True)


def write_output(text: str, output: str | None) -> None:
    """Print to stdout, or write FILE atomically (a temporary file renamed into place).

    Devices and pipes such as /dev/null are written to directly.
    """
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if target.exists() and not target.is_file():
        # A device or pipe (/dev/null, /dev/stdout): write straight to it, never replace it.
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"consistency: wrote {target}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="consistency")
def main() -> None:
    """Find numeric and temporal claims that contradict each other across articles.

    \b
    Examples:
      consistency claims fixtures/                 # what the tool reads in each article
      consistency claims notes.md --format json    # machine-readable claims
      consistency claims archive/ --reference-date 2026-01-31 --exclude 'drafts/**'

    Exit codes: 0 success; 1 findings (check); 2 usage error or an unreadable input
    (the other files are still processed).
    """


@main.command()
@corpus_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text for people; json (schema consistency.claims/1) or csv for programs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the output to FILE instead of stdout.")
def claims(paths, reference_date, include, exclude, fiscal_year_start, max_bytes, format_in, jobs,
           output_format, output) -> None:
    """List every numeric and temporal claim found in PATHS, normalized.

    PATHS are files or directories (read recursively). Each claim shows where it is
    (path:line:column), what was written, its kind (money, quantity, count, percent,
    date, duration), its value in a canonical unit (USD, W, Wh, m, kg, ...), the time
    it refers to, its qualifier (about, more than, up to) and modality (reported,
    planned, expected, rumored, estimated, revised).
    """
    settings = _settings(reference_date, include, exclude, fiscal_year_start, max_bytes, format_in)
    documents, errors = read_corpus(paths, settings)
    found = extract_documents(documents, settings, jobs=jobs)
    _report_read_errors(errors)
    if output_format == "json":
        text = render_json(documents, found, errors)
    elif output_format == "csv":
        text = render_csv(found)
    else:
        text = render_text(documents, found, errors)
    write_output(text, output)
    sys.exit(EXIT_INPUT_ERROR if any(e.skipped for e in errors) else EXIT_OK)
