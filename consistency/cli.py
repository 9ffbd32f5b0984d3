"""The `consistency` command line: a thin click layer over the engine.

Exit codes (documented in README.md):
  0    success
  1    findings at or above --fail-on (the `check` command)
  2    usage error (bad option or config), an input could not be read, or an output file
       could not be written; every other file was still processed and written
  130  interrupted by SIGINT (Ctrl-C); 143: terminated by SIGTERM
"""
from __future__ import annotations

import difflib
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import click

from consistency import __version__
from consistency import rules as rulebook
from consistency.narrow.baseline import read_baseline, render_baseline
from consistency.display import printable
from consistency.config import (
    ConfigError, discover, effective_config_text, load_config, settings_from, template_text,
)
from consistency.engine.dask_cluster import DaskEngineError
from consistency.engine.progress import WRITING, Progress
from consistency.narrow.drafts import git_changed_files, select_drafts
from consistency.engine import ParserMissing, check_corpus, input_files, link_documents, read_corpus, with_given
from consistency.model import Document, ReadError, Report
from consistency.output import write_file
from consistency.report.claims_report import render_csv, render_json, render_text
from consistency.report.findings_report import cut_note, first_findings, render_findings_text, severity_rank
from consistency.report.formats import EVERY_CLAIM, EVERY_DOCUMENT, FORMATS, parse_report_option
from consistency.report.github import step_summary
from consistency.report.graph_export import GRAPH_FORMATS, render_graph
from consistency.report.progress import DelayedProgress
from consistency.report.statistics import render_statistics_json, render_statistics_text
from consistency.corpus import DEFAULT_INCLUDE, INPUT_FORMATS, read_data
from consistency.corpus.decode import DecodeError, decode_bytes
from consistency.corpus.discover import discover as discover_files
from consistency.rules.facts import names_entity_of
from consistency.rules.cc113_figure_updated import RULE as FIGURE_UPDATED
from consistency.rules.docs import rule_text
from consistency.settings import DEFAULT_DOCUMENT_TIMEOUT, DEFAULT_MAX_BYTES, Settings
from consistency.engine.store import ClaimStore
from consistency.narrow import Narrowed, narrow
from consistency.desk.session import CACHE_DIR_NAME, Desk

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
# Signals that stop a run with exit code 128 + their number.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
        click.option("--fiscal-year-start", type=click.IntRange(1, 12), metavar="MONTH",
                     help="Month (1-12) in which fiscal years begin. Default: 1 (January)."),
        click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Skip files larger than this, with a message."),
        click.option("--timeout", "document_timeout", type=click.FloatRange(0, min_open=True),
                     default=DEFAULT_DOCUMENT_TIMEOUT, show_default=True, metavar="SECONDS",
                     help="Time limit for reading and checking one document, and for judging the claims "
                          "of one subject; one over it is reported (exit code 2) and the others are still "
                          "checked."),
        click.option("--follow-symlinks", is_flag=True,
                     help="Read the files that symbolic links inside a directory point to outside it "
                          "(skipped by default, with a message)."),
        click.option("--no-ignore", is_flag=True,
                     help="Also read the files that .gitignore (in a git work tree), .ignore and "
                          ".consistencyignore leave out of directories."),
        click.option("--allow-empty", is_flag=True,
                     help="Exit 0 when PATHS hold no file to read (default: an error, exit 2)."),
        click.option("--stdin-filename", metavar="NAME",
                     help="With - among PATHS (a document piped to standard input): the file name it is "
                          "shown and configured as; its extension chooses the reader. Default: <stdin>."),
        click.option("--format-in", type=click.Choice(INPUT_FORMATS),
                     help="Read every file in this format instead of choosing by extension and content."),
        click.option("-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1,
                     help="Worker processes that read, extract and link files (default: the number of "
                          "CPUs). Output is the same for any value."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
                     help="Read settings from FILE instead of the .consistency.toml, consistency.toml or "
                          "pyproject.toml [tool.consistency] found upward from here."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
                     help="Keep extracted claims (and, for check, the checked corpus's state) in "
                          "DIR/claims.sqlite, so that a re-run reads only changed files and judges only "
                          f"what they touch. Default: {CACHE_DIR_NAME}/ beside the configuration file, "
                          "else in the working directory."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the claim cache."),
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="Where extraction runs: local processes (--jobs), or a Dask cluster "
                          "(optional extra: pip install 'consistency[dask]'; see docs/dask.md)."),
        click.option("--scheduler", metavar="ADDRESS",
                     help="With --engine dask: the scheduler to use, e.g. tcp://host:8786. "
                          "Default: a local cluster for this run."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class ConfigFileError(click.ClickException):
    """A configuration problem: one line naming the file and key, exit code 2."""

    exit_code = EXIT_INPUT_ERROR


def load_settings(config_path: str | None, isolated: bool, **given) -> tuple[Settings, dict[str, str]]:
    """Settings from the command line over the configuration file over the defaults, and
    where each came from. ``given`` holds option values; None or () means not given."""
    try:
        if isolated:
            config = None
        elif config_path is not None:
            config = load_config(Path(config_path))
        else:
            found = discover(Path.cwd())
            config = load_config(found) if found else None
        settings, sources = settings_from(config, given)
    except ConfigError as error:
        raise ConfigFileError(printable(str(error))) from None
    return settings, sources


def _engine_errors(run, *args, **kwargs):
    """Run the engine; a Dask problem (extra missing, scheduler unreachable) or a missing spaCy
    pipeline is one line, exit 2."""
    try:
        return run(*args, **kwargs)
    except (DaskEngineError, ParserMissing) as error:
        raise ConfigFileError(str(error)) from None


def cache_path(cache_dir: str | None, config_path: str | None = None, isolated: bool = False) -> Path:
    """Where the claim store lives: --cache-dir, else beside the configuration file, else here."""
    if cache_dir is not None:
        return Path(cache_dir) / "claims.sqlite"
    config = None if isolated else (Path(config_path) if config_path else discover(Path.cwd()))
    base = config.parent if config is not None else Path(".")
    return base / CACHE_DIR_NAME / "claims.sqlite"


@contextmanager
def claim_store(cache_dir: str | None, no_cache: bool, config_path: str | None, isolated: bool):
    """The claim store for this run (None with --no-cache); its notices go to stderr."""
    if no_cache:
        yield None
        return
    store = ClaimStore(cache_path(cache_dir, config_path, isolated), runs_again=False)
    try:
        yield store
    finally:
        store.close()
        for notice in store.notices:
            say(f"consistency: cache: {notice}")


def say(line: str) -> None:
    """One line on stderr, ``printable``: a file name or a file's text in it cannot forge
    other lines or send escape sequences to the terminal."""
    click.echo(printable(line), err=True)


def _report_read_errors(errors: list[ReadError]) -> None:
    for error in errors:
        label = "skipped" if error.skipped else "warning"
        say(f"consistency: {label}: {error}")


def refuse_inputs_as_outputs(outputs: Sequence[tuple[str, str | None]], paths: Sequence[str],
                             settings: Settings) -> None:
    """Stop with a usage error (exit 2) when an output file (option, path) is one of the
    run's input files: a report written over an article would be read as one next time."""
    roots = [os.path.realpath(path) for path in paths]
    existing = [(option, path) for option, path in outputs
                if path is not None and os.path.isfile(real := os.path.realpath(path))  # "new/../a.md" too
                and any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)]
    if not existing:
        return  # no output file among the inputs' trees: no need to list them
    inputs = {os.path.realpath(path) for path in input_files(paths, settings)[0]}
    for option, path in existing:
        if os.path.realpath(path) in inputs:
            raise click.UsageError(f"{option} {printable(path)} is one of the input files; refusing to overwrite it.")


def save(path: str, data: str | bytes, what: str | None = None) -> bool:
    """Write the output file ``path`` (see ``consistency.output.write_file``) and say so on
    stderr; when it cannot be written, say why and return False (the run then exits 2)."""
    stop_if_signalled()
    try:
        write_file(path, data)
    except OSError as error:
        say(f"consistency: error: cannot write {path}: {error.strerror or error}")
        return False
    say(f"consistency: wrote {what or path}")
    return True


def write_output(text: str, output: str | None, color: bool | None = None) -> bool:
    """Print to stdout, or write FILE (``save``); False when FILE cannot be written.

    ``color=True`` keeps ANSI escapes on a stdout that is not a terminal (click strips them otherwise).
    """
    if output is None:
        stop_if_signalled()
        click.echo(text, nl=False, color=color)
        return True
    return save(output, text)


class Stopped(SystemExit):
    """The run was stopped by a signal: exit 128 + its number (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)


# The stop signals received by this run: the exception a handler raises can land where Python
# ignores exceptions (an at-fork hook while a worker starts), so the run also checks this list
# as it goes and before it writes anything.
_received: list[int] = []


def _stop(signum: int, frame: object) -> None:
    _received.append(signum)
    raise Stopped(signum)  # nothing printed here: a handler that writes may land inside a write


def stop_if_signalled() -> None:
    """Raise Stopped if a stop signal arrived whose exception was swallowed."""
    if _received:
        raise Stopped(_received[0])


def _checking(progress: DelayedProgress) -> Progress:
    """``progress``, checking for a swallowed stop signal at each step of the work."""
    def step(phase: str, done: int, total: int) -> None:
        stop_if_signalled()
        progress(phase, done, total)
    return step


def _exit_on_signals(ctx: click.Context) -> None:
    """Make SIGINT (Ctrl-C) and SIGTERM end the run with their own exit codes (not 1, which
    means findings), unwinding so that no partial file is left; the previous handlers come
    back when the command ends. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return
    _received.clear()
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    unraisable = sys.unraisablehook

    def quiet_when_stopped(info: sys.UnraisableHookArgs) -> None:  # a swallowed Stopped: acted on later
        if not isinstance(info.exc_value, Stopped):
            unraisable(info)

    sys.unraisablehook = quiet_when_stopped

    def restore() -> None:
        sys.unraisablehook = unraisable
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    ctx.call_on_close(restore)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="consistency")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Find numeric and temporal claims that contradict each other across articles.

    \b
    Examples:
      consistency check fixtures/                  # contradictions across the articles
      consistency check drafts/ --format json -o findings.json --fail-on error
      consistency rules                            # the rules; `consistency explain CC101` for one
      consistency claims fixtures/                 # what the tool reads in each article
      consistency claims notes.md --format json    # machine-readable claims
      consistency claims archive/ --reference-date 2026-01-31 --exclude 'drafts/**'

    Exit codes: 0 success; 1 findings (check); 2 usage error, an unreadable input or an
    unwritable output (the other files are still processed and written); 130 interrupted
    (SIGINT, Ctrl-C); 143 terminated (SIGTERM).
    """
    _exit_on_signals(ctx)


PRETTY_HELP = "Indent JSON output for people (default: compact, one line)."


@main.command()
@corpus_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text for people; json (schema consistency.claims/1) or csv for programs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the output to FILE instead of stdout.")
@click.option("--pretty", is_flag=True, help=PRETTY_HELP)
def claims(paths, reference_date, include, exclude, fiscal_year_start, max_bytes, document_timeout, follow_symlinks,
           no_ignore, allow_empty, stdin_filename, format_in, jobs,
           config_path, isolated, cache_dir, no_cache, engine, scheduler, output_format, output, pretty) -> None:
    """List every numeric and temporal claim found in PATHS, normalized.

    PATHS are files or directories (read recursively), or - for one document on standard
    input. Each claim shows where it is
    (path:line:column), what was written, its kind (money, quantity, count, percent,
    date, duration), its value in a canonical unit (USD, W, Wh, m, kg, ...), the time
    it refers to, its qualifier (about, more than, up to) and modality (reported,
    planned, expected, rumored, estimated, revised).
    """
    files, stdin_name = _split_stdin(paths, stdin_filename)
    settings, _ = load_settings(config_path, isolated, reference_date=reference_date, include=include,
                                exclude=exclude, fiscal_year_start=fiscal_year_start, max_bytes=max_bytes,
                                document_timeout=document_timeout, format_in=format_in,
                                ignore_files=False if no_ignore else None, follow_symlinks=follow_symlinks)
    refuse_inputs_as_outputs([("--output", output)], files, settings)
    documents, errors = read_corpus(files, settings)
    if stdin_name is not None:
        given, _, stdin_errors = read_stdin(stdin_name, settings)
        documents, errors = with_given(documents, given), sorted([*errors, *stdin_errors], key=_error_order)
    if not documents and not errors and not allow_empty:
        _no_files(files, settings)
    with DelayedProgress() as progress, claim_store(cache_dir, no_cache, config_path, isolated) as store:
        documents, found, _, failed = _engine_errors(link_documents, documents, settings, jobs=jobs,
                                                     progress=_checking(progress), store=store, engine=engine,
                                                     scheduler=scheduler)
    errors += failed
    _report_read_errors(errors)
    if output_format == "json":
        text = render_json(documents, found, errors, pretty)
    elif output_format == "csv":
        text = render_csv(found)
    else:
        text = render_text(documents, found, errors)
    written = write_output(text, output)
    sys.exit(EXIT_INPUT_ERROR if any(e.skipped for e in errors) or not written else EXIT_OK)


def _codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """--select/--ignore values: repeatable and comma-separated; each a code, prefix or name."""
    codes = tuple(code.strip() for item in value for code in item.split(",") if code.strip())
    select, ignore = (codes, ()) if param.name == "select" else ((), codes)
    try:
        rulebook.select_rules(select, ignore)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return codes


def _report_options(ctx: click.Context, param: click.Parameter,
                    value: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(parse_report_option(item) for item in value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _graph_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and Path(value).suffix.lower() not in GRAPH_FORMATS:
        raise click.BadParameter(f"{value!r}: the name must end in {' or '.join(GRAPH_FORMATS)}.")
    return value


# The formats --statistics prints its counts in.
STATISTICS_FORMATS = ("text", "json")


def _use_color(flag: bool | None, output: str | None) -> bool:
    """--color/--no-color win; else NO_COLOR turns colour off, FORCE_COLOR on, and a TTY on stdout decides."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output is None and sys.stdout.isatty()


@main.command()
@corpus_options
@click.option("--format", "--output-format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True,
              help="text for people (grouped by subject); concise (one path:line:col: CODE message line per "
                   "finding); json (schema consistency.report/1); sarif (2.1.0); junit; github (workflow "
                   "commands, plus a summary in $GITHUB_STEP_SUMMARY); gitlab (Code Quality); rdjson "
                   "(reviewdog); html (a self-contained report to read in a browser).")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule and each subject has instead of the findings "
                   "(--format text or json).")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only the findings (or the --statistics table): no summary line, no progress bar.")
@click.option("--max-findings", type=click.IntRange(1), metavar="N",
              help="Show only the first N findings, in every format, and say how many more there are; "
                   "the exit code still counts them all.")
@click.option("--pretty", is_flag=True, help=PRETTY_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report to FILE instead of stdout.")
@click.option("--report", "reports", multiple=True, callback=_report_options, metavar="FORMAT:PATH",
              help="Also write the report in FORMAT to PATH (repeatable), e.g. sarif:out.sarif. Given "
                   "here, these replace the configuration's `reports` (whose paths are relative to the "
                   "configuration file).")
@click.option("--select", multiple=True, callback=_codes, metavar="CODES",
              help="Run only these rules: codes (CC101), prefixes (CC1) or names, comma-separated or repeated.")
@click.option("--ignore", multiple=True, callback=_codes, metavar="CODES",
              help="Skip these rules (same forms as --select).")
@click.option("--show-updates", is_flag=True,
              help="Also list, as info, figures and dates that a later article changes and says so "
                   "(\"now\", \"raised to\", \"delayed by a year\"): rule CC113, which is off by default.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding has this severity or a higher one. Default: warning.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (unreadable inputs still exit 2).")
@click.option("--graph", "graph_path", callback=_graph_path, type=click.Path(dir_okay=False, path_type=str),
              metavar="FILE", help="Also write the claim graph: FILE.json (node-link) or FILE.graphml.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output. Default: only on a terminal, never when NO_COLOR is set.")
@click.option("--against", multiple=True, metavar="ARCHIVE", type=click.Path(path_type=str),
              help="Check PATHS (the drafts) against ARCHIVE (repeatable): only findings that "
                   "involve a draft are reported.")
@click.option("--diff", "diff_ref", metavar="REF",
              help="In a git checkout: files changed since REF (and untracked ones) are the drafts, "
                   "the rest of PATHS the archive.")
@click.option("--baseline", "baseline_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="Hide findings whose fingerprints are in FILE (known, accepted findings).")
@click.option("--update-baseline", is_flag=True,
              help="Write the current findings to the --baseline FILE and exit 0.")
@click.option("--report-unused-suppressions", is_flag=True,
              help="Warn about consistency-disable comments that silence nothing.")
@click.option("--watch", "watch_mode", is_flag=True,
              help="Check again whenever a file under PATHS changes, printing only what changed "
                   "(new and resolved findings). Ctrl-C stops.")
def check(paths, reference_date, include, exclude, fiscal_year_start, max_bytes, document_timeout, follow_symlinks,
          no_ignore, allow_empty, stdin_filename, format_in, jobs,
          config_path, isolated, cache_dir, no_cache, engine, scheduler, output_format, statistics, quiet,
          max_findings, pretty, output, select, ignore, show_updates, fail_on, exit_zero, graph_path, color,
          against, diff_ref, baseline_path, update_baseline, report_unused_suppressions, reports, watch_mode) -> None:
    """Find claims in PATHS that contradict each other, grouped by what they are about.

    PATHS are files or directories (read recursively), or - for one document on standard
    input (a draft from an editor or a CMS). Each finding names its rule
    (`consistency rules` lists them), its severity, the subject (entity, scope,
    attribute), a message, and every claim involved with path:line:column and sentence.

    Files are written only where named: -o, --report (else the configuration's `reports`),
    --graph, --baseline with --update-baseline, and the claim cache. Each is replaced whole
    (written beside it, then renamed); missing parent directories are created. An output
    that is one of the input files is refused (exit 2).

    \b
    Exit codes: 0 no finding at or above --fail-on; 1 such findings (unless --exit-zero);
    2 usage error, an input could not be read or an output written (the rest is still
    checked and written).
    """
    if update_baseline and baseline_path is None:
        raise click.UsageError("--update-baseline needs --baseline FILE.")
    if against and diff_ref:
        raise click.UsageError("use either --against or --diff, not both.")
    files, stdin_name = _split_stdin(paths, stdin_filename)
    if stdin_name is not None and (diff_ref or watch_mode):
        raise click.UsageError(f"standard input (-) cannot be used with {'--diff' if diff_ref else '--watch'}.")
    if watch_mode and (output_format != "text" or output or reports or graph_path or update_baseline
                       or statistics or max_findings):
        raise click.UsageError("--watch prints text to the terminal: it cannot be used with --format, -o, "
                               "--report, --graph, --update-baseline, --statistics or --max-findings.")
    if statistics and output_format not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics prints {' or '.join(STATISTICS_FORMATS)}, not --format {output_format}.")
    settings, _ = load_settings(config_path, isolated, reference_date=reference_date, include=include,
                                exclude=exclude, fiscal_year_start=fiscal_year_start, max_bytes=max_bytes,
                                document_timeout=document_timeout, format_in=format_in, select=select,
                                ignore=ignore, fail_on=fail_on, reports=reports,
                                ignore_files=False if no_ignore else None, follow_symlinks=follow_symlinks)
    if show_updates:  # the selected rules (all by default) and the opt-in CC113
        settings = replace(settings, select=(*(settings.select or ("+",)), FIGURE_UPDATED.code))
    if watch_mode:
        settings = replace(settings, reports=())  # --watch writes no file
    fail_on = settings.fail_on
    corpus = [*files, *against]
    refuse_inputs_as_outputs([("--output", output), ("--graph", graph_path),
                              ("--baseline", baseline_path if update_baseline else None),
                              *((("--report" if reports else "the configured report"), path)
                                for _, path in settings.reports)], corpus, settings)
    given: list[Document] = []
    given_texts: dict[str, str] = {}
    stdin_errors: list[ReadError] = []
    if stdin_name is not None:
        given, given_texts, stdin_errors = read_stdin(stdin_name, settings)
    try:
        drafts = None
        if against:
            drafts = select_drafts(files, corpus, settings) | {doc.path for doc in given}
        elif diff_ref:
            drafts = select_drafts(git_changed_files(diff_ref, Path.cwd()), corpus, settings)
        known = _baseline(baseline_path) if baseline_path and not update_baseline else None
    except ValueError as error:
        raise click.UsageError(printable(str(error))) from None

    def run_check(progress: DelayedProgress) -> tuple[Narrowed, object]:
        with claim_store(cache_dir, no_cache, config_path, isolated) as store:
            # A warm re-run updates the stored state unless a report lists every claim; the documents
            # are read again for a report that lists them and for the unused suppressions of every file.
            formats = {output_format, *(f for f, _ in settings.reports)}
            report, graph = _engine_errors(check_corpus, corpus, settings, jobs=jobs, select=settings.select,
                                           ignore=settings.ignore, progress=_checking(progress), store=store, engine=engine,
                                           scheduler=scheduler, reuse=not formats & EVERY_CLAIM,
                                           with_documents=bool(formats & EVERY_DOCUMENT) or report_unused_suppressions,
                                           graph=graph_path is not None, given=given)
        if stdin_errors:
            report = replace(report, errors=tuple(sorted([*report.errors, *stdin_errors], key=_error_order)))
        _report_read_errors(list(report.errors))
        if report.document_count == 0 and not report.errors and not allow_empty:
            _no_files(files, settings)
        narrowed = narrow(report, drafts, known, every_file=report_unused_suppressions,
                          rule_names=RULE_NAMES, given=given_texts)
        _report_read_errors(list(narrowed.capped))
        _report_unknown_codes(narrowed)
        return narrowed, graph

    bar = partial(DelayedProgress, enabled=False if quiet else None)
    if watch_mode:
        from consistency.watch import watch  # here, not at import: watchfiles is slow to load

        use_color = _use_color(color, None)

        def recheck() -> Report:
            with bar() as progress:
                return run_check(progress)[0].report

        try:
            watch(corpus, recheck, lambda text: click.echo(text, nl=False, color=use_color), color=use_color,
                  facts=settings.facts)
        except Stopped as stopped:  # Ctrl-C is how a watch ends: exit 0; SIGTERM keeps its code
            if stopped.code != 128 + signal.SIGINT:
                raise
        sys.exit(EXIT_OK)
    with bar() as progress:  # the bar is gone before anything is printed on stdout
        narrowed, graph = run_check(progress)
        report = narrowed.report
        _report_unmatched_config(settings, report)
        skipped = any(e.skipped for e in report.errors)
        if update_baseline:
            candidates = narrowed.baseline_candidates
            saved = save(baseline_path, render_baseline(candidates), f"{len(candidates)} findings to {baseline_path}")
            sys.exit(EXIT_INPUT_ERROR if skipped or not saved else EXIT_OK)
        _report_narrowing(narrowed, report_unused_suppressions)
        failing = any(severity_rank(f.severity) >= severity_rank(fail_on) for f in report.findings)
        shown = first_findings(report, max_findings)
        if shown.not_shown:
            say(f"consistency: note: {cut_note(shown)}")
        outputs = 1 + len(settings.reports) + (graph_path is not None)
        progress(WRITING, 0, outputs)  # then a step as each output is made
        use_color = output_format == "text" and not statistics and _use_color(color, output)
        if statistics:
            text = (render_statistics_json(report, pretty) if output_format == "json"
                    else render_statistics_text(report, summary=not quiet))
        elif output_format == "text":
            text = render_findings_text(shown, color=use_color, summary=not quiet, facts=settings.facts)
        else:
            text = FORMATS[output_format](shown, settings, pretty)
        progress(WRITING, 1, outputs)
        reports: list[tuple[str, str]] = []
        for report_format, path in settings.reports:
            reports.append((path, FORMATS[report_format](shown, settings, pretty)))
            progress(WRITING, 1 + len(reports), outputs)
        graph_data: bytes | None = None
        if graph_path is not None:
            graph_data = render_graph(graph, graph_path, pretty)
            progress(WRITING, outputs, outputs)
    written = [write_output(text, output, color=use_color)]
    written += [save(path, data) for path, data in reports]
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and (output_format == "github" or any(f == "github" for f, _ in settings.reports)):
        written.append(_append_step_summary(summary_path, step_summary(shown)))
    if graph_data is not None:
        written.append(save(graph_path, graph_data))
    if skipped or not all(written):
        sys.exit(EXIT_INPUT_ERROR)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _append_step_summary(path: str, text: str) -> bool:
    """Append to the file GitHub Actions names in $GITHUB_STEP_SUMMARY; False when it cannot."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as error:
        say(f"consistency: error: cannot write $GITHUB_STEP_SUMMARY {path}: {error.strerror or error}")
        return False
    return True


def _report_narrowing(narrowed, report_unused: bool) -> None:
    """One stderr line per kind of hidden finding, and unused suppressions when asked."""
    for count, why in ((narrowed.outside_drafts, ("involves no draft", "involve no draft")),
                       (narrowed.suppressed, ("is suppressed inline", "are suppressed inline")),
                       (narrowed.baselined, ("is in the baseline", "are in the baseline"))):
        if count == 1:
            say(f"consistency: 1 finding hidden: it {why[0]}")
        elif count:
            say(f"consistency: {count} findings hidden: they {why[1]}")
    if report_unused:
        for path, line, codes in narrowed.unused_suppressions:
            what = ", ".join(codes) if codes else "every rule"
            say(f"consistency: warning: {path}:{line}: unused suppression ({what})")


@main.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format) -> None:
    """List the rules: code, name, default severity and what each flags."""
    rows = [(r.code, r.name, r.severity, r.summary) for r in rulebook.ALL_RULES]
    if output_format == "json":
        payload = {"schema": "consistency.rules/1",
                   "rules": [dict(zip(("code", "name", "severity", "summary"), row)) for row in rows]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    header = ("code", "name", "severity", "summary")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of rule CODE (a code such as CC101, a prefix naming one rule, or a name)."""
    try:
        rule = rulebook.find_rule(code)
    except LookupError as error:
        raise click.BadParameter(f"{error}.", param_hint="CODE") from None
    click.echo(rule_text(rule), nl=False)


@main.command()
@click.option("--path", "target", default=".consistency.toml", show_default=True,
              type=click.Path(dir_okay=False, path_type=str), help="Where to write the configuration.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(target: str, force: bool) -> None:
    """Write a commented starter configuration (every setting, with its default)."""
    if Path(target).exists() and not force:
        raise ConfigFileError(f"{printable(target)} exists; use --force to overwrite it.")
    if not write_output(template_text(), target):
        sys.exit(EXIT_INPUT_ERROR)


@main.command(name="config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
              help="Read FILE instead of the configuration found upward from here.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def show_config(config_path: str | None, isolated: bool) -> None:
    """Show the effective configuration and where each value comes from."""
    settings, sources = load_settings(config_path, isolated)
    click.echo(effective_config_text(settings, sources), nl=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
              help="Read settings from FILE instead of the configuration found upward from the archive "
                   "(the first PATH, else the workspace root).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
              help=f"Keep the archive's claims and checked state in DIR/claims.sqlite (shared with `check`). "
                   f"Default: {CACHE_DIR_NAME}/ beside the configuration file, else in the archive's directory.")
@click.option("--baseline", "baseline_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="Findings of this baseline are not shown, and 'figure changed, OK' on a plain-text file "
                   "adds its finding here. Default: consistency-baseline.json (as for `serve`) beside the "
                   "configuration file, else in the archive's directory.")
def lsp(paths: tuple[str, ...], config_path: str | None, isolated: bool, cache_dir: str | None,
        baseline_path: str | None) -> None:
    """Run a language server on standard input and output, for editors.

    While you write an article that is in the archive, your editor shows its contradictions
    with the rest of the archive as diagnostics (squiggles, the problems list), at the figure
    or date involved: the rule's code, the message with both values, and links to the
    other articles' sentences. The unsaved text is what is checked, a moment after you stop
    typing; Markdown, HTML and text files inside the archive are checked, nothing else. Each
    finding has two quick fixes: "Figure changed, OK" (an inline suppression comment above
    the line, or a baseline entry for a plain-text file) and "The archive is wrong" (a fact
    in the configuration, which rule CC110 then checks every article against).

    PATHS: the archive (files or directories). Default: the workspace folder the editor
    opens. Settings come from the configuration found upward from it, as for `check`.

    \b
    Wire it into an editor as a language server started with the command
      consistency lsp
    for Markdown (and HTML, text) files, e.g. in Neovim:
      vim.lsp.start({name = "consistency", cmd = {"consistency", "lsp"},
                     root_dir = vim.fs.root(0, ".consistency.toml")})
    or in VS Code with the Generic LSP Client extension (settings.json):
      "glspc.server.command": "consistency", "glspc.server.commandArguments": ["lsp"]
    docs/lsp.md has working setups for VS Code, Neovim and Helix.
    """
    import logging

    from consistency.desk.lsp import Archive, serve
    from consistency.desk.session import Desk

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")

    def open_archive(archive: Sequence[str]) -> Archive:
        home = _directory(archive[0])

        def config_file() -> Path | None:
            return None if isolated else Path(config_path) if config_path else discover(home)

        def read_settings() -> Settings:  # found again each time: triage may have written the first one
            found = config_file()
            return load_settings(str(found) if found else None, found is None)[0]

        found = config_file()
        base = found.parent if found else home
        baseline = baseline_path or str(base / "consistency-baseline.json")
        store_dir = Path(cache_dir) if cache_dir else base / CACHE_DIR_NAME
        desk = _engine_errors(Desk.open, archive, read_settings(), store_dir, baseline_path=baseline)
        return Archive(desk, None if isolated else str(found or home / "consistency.toml"), read_settings, baseline)

    serve(open_archive, paths)


def _directory(path: str) -> Path:
    """``path`` when it is a directory, else the directory it is in."""
    return Path(path) if os.path.isdir(path) else Path(path).parent


@main.group()
def cache() -> None:
    """Inspect or clear the claim cache (see --cache-dir)."""


@cache.command(name="info")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), metavar="DIR")
def cache_info(cache_dir: str | None) -> None:
    """Where the cache is, how many documents and checked corpora it holds, and its size."""
    with ClaimStore(cache_path(cache_dir)) as store:
        info = store.info()
    for key in ("path", "entries", "corpora", "size_bytes", "version"):
        click.echo(f"{key}: {info[key]}")


@cache.command(name="clear")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), metavar="DIR")
def cache_clear(cache_dir: str | None) -> None:
    """Delete every cached claim and every checked corpus's state."""
    with ClaimStore(cache_path(cache_dir)) as store:
        store.clear()
    say(f"consistency: cleared {cache_path(cache_dir)}")


@main.command()
@click.argument("archive", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address (127.0.0.1, ::1, localhost) "
                   "needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--token", envvar="CONSISTENCY_TOKEN", metavar="TOKEN",
              help="Require this bearer token of every request (Authorization: Bearer TOKEN; the page "
                   "asks for it once, as /?token=TOKEN). Default: $CONSISTENCY_TOKEN.")
@click.option("--max-request-bytes", type=click.IntRange(1), default=5_000_000, show_default=True,
              help="Refuse larger requests (413).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
              help="Read settings from FILE instead of the configuration found upward from here; a fact "
                   "from triage is written to it. Default: the one found, else ./consistency.toml.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), metavar="DIR",
              help=f"Keep the archive's claims and checked state in DIR/claims.sqlite (as check does). "
                   f"Default: {CACHE_DIR_NAME}/ beside the configuration file, else here.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=os.cpu_count() or 1,
              help="Worker processes that read the archive's new or changed files (default: the number of CPUs).")
def serve(archive, host, port, token, max_request_bytes, config_path, isolated, cache_dir, jobs) -> None:
    """Serve the editors' desk for ARCHIVE (files or directories): a page to paste or drop a
    draft into and see its contradictions with the archive, and an HTTP API for a CMS.

    \b
    Open http://127.0.0.1:8765/ (printed at start) and paste a draft: its findings show as
    the report's cards, draft first, linked to the archive articles. Each finding can be
    triaged in one click: "figure changed, OK" (an inline suppression, or a baseline entry
    for a file that takes no comment) or "the archive is wrong" (a fact in the configuration);
    the diff is shown and written only when you confirm.

    \b
    API (docs/serve.md; schema at /openapi.json):
      POST /api/check      {"text": ..., "title"?, "date"?, "path"?} or a multipart file
                           -> the consistency.report/1 JSON of `check DRAFT --against ARCHIVE`
      GET  /api/subjects?q=WORDS  -> the archive's subjects and their values over time

    The archive is indexed once into the claim cache (a cached archive starts in seconds) and
    kept current as its files change. The API never writes a file. Ctrl-C stops.
    """
    if not token and not _loopback(host):
        raise click.UsageError(f"--host {host} listens beyond this machine: give --token TOKEN "
                               f"(or set CONSISTENCY_TOKEN) so that only those who have it can use the desk.")
    settings, _ = load_settings(config_path, isolated)
    found = None if isolated or config_path else discover(Path.cwd())
    facts_to = config_path or (str(found) if found else "consistency.toml")
    listener = _listen(host, port)
    store_dir = cache_path(cache_dir, config_path, isolated).parent
    say(f"consistency: indexing {', '.join(archive)} (cache {store_dir})")
    desk = _engine_errors(Desk.open, archive, settings, store_dir, jobs=jobs)
    try:
        from consistency.desk.app import create_app
        import uvicorn

        app = create_app(desk, config_path=facts_to, token=token, loopback=_loopback(host),
                         max_request_bytes=max_request_bytes,
                         reload_settings=lambda: load_settings(config_path, isolated)[0])
        bound = listener.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        say(f"consistency: {desk.archive.document_count} documents; serving http://{shown}:{bound}/"
            + (" (open it with ?token=TOKEN)" if token else "") + " (Ctrl-C stops)")
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        server.run(sockets=[listener])
    finally:
        desk.close()
        listener.close()


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int):
    """A listening socket on ``host``:``port``; exit 2 with the reason when it cannot be had."""
    import socket

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
            sock.listen(128)
        except OSError:
            sock.close()
            raise
    except OSError as error:
        raise ConfigFileError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


# --- inputs: standard input, nothing to read, the baseline, suppression codes ----------------

STDIN = "-"
STDIN_NAME = "<stdin>"
# What an inline suppression may name: every rule's code and name, upper-cased as directives are.
RULE_NAMES = frozenset(name.upper() for rule in rulebook.ALL_RULES for name in (rule.code, rule.name))


def _split_stdin(paths: tuple[str, ...], stdin_filename: str | None) -> tuple[list[str], str | None]:
    """The file and directory arguments, and the name standard input's document is shown as
    (None when - is not among ``paths``)."""
    files = [path for path in paths if path != STDIN]
    if len(files) == len(paths):
        if stdin_filename is not None:
            raise click.UsageError("--stdin-filename names the document read from standard input: give - as a PATH.")
        return files, None
    if len(paths) - len(files) > 1:
        raise click.UsageError("- (standard input) can be given once.")
    return files, (os.path.normpath(stdin_filename).replace(os.sep, "/") if stdin_filename else STDIN_NAME)


def read_stdin(name: str, settings: Settings) -> tuple[list[Document], dict[str, str], list[ReadError]]:
    """The documents of standard input read as the file ``name`` (its extension chooses the
    reader, configuration overrides match it), its text by name (for inline suppressions;
    none for a binary format), and its problems."""
    data = sys.stdin.buffer.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        return [], {}, [ReadError(name, f"standard input is over the --max-bytes limit of {settings.max_bytes}")]
    documents, errors = read_data(name, data, reference_date=settings.reference_date_for(name),
                                  format_in=settings.format_in)
    try:
        texts = {name: decode_bytes(data)} if documents else {}
    except DecodeError:
        texts = {}
    return documents, texts, errors


def _error_order(error: ReadError) -> tuple[str, int, str]:
    return error.path, error.line or 0, error.message


def _no_files(paths: list[str], settings: Settings) -> None:
    """Stop with exit code 2: PATHS hold no file to read (an empty or mistyped directory, a
    narrow --include), saying how many files the ignore files left out."""
    shown = " ".join(paths) or "(no path)"
    hint = f"directories are searched for {' '.join(settings.include)}"
    if settings.ignore_files:
        every, _ = discover_files(paths, settings.include, settings.exclude, ignore_files=False)
        if every:
            hint += (f"; {len(every)} matching file{'s are' if len(every) != 1 else ' is'} left out by "
                     ".gitignore, .ignore or .consistencyignore (--no-ignore reads them)")
    say(f"consistency: error: no files found in {shown} ({hint}); --allow-empty accepts this")
    sys.exit(EXIT_INPUT_ERROR)


def _baseline(path: str) -> frozenset[str]:
    """The baseline's fingerprints; a baseline that does not exist yet hides nothing (with a hint)."""
    if not os.path.lexists(path):
        say(f"consistency: note: baseline {path} does not exist yet, so no finding is hidden; "
            f"write it with --baseline {path} --update-baseline and commit it")
        return frozenset()
    return read_baseline(path)


def _report_unknown_codes(narrowed: Narrowed) -> None:
    """One warning per suppression comment that names no rule (it silences nothing for that name)."""
    for path, line, codes in narrowed.unknown_codes:
        for code in codes:
            try:
                rulebook.named_rules(code)
                close = None  # a prefix (CC1): --select takes it, a suppression names one rule
            except rulebook.UnknownRule as error:
                close = error.suggestion
            hint = f"; did you mean {close}?" if close else "; `consistency rules` lists the codes and names"
            say(f"consistency: warning: {path}:{line}: suppression names no rule: {code}{hint}")


def _report_unmatched_config(settings: Settings, report: Report) -> None:
    """A warning for each [[facts]] entry and [aliases] entry whose entity no checked article
    names (it can match no claim), with the entity names of the corpus most like it."""
    if not settings.facts and not settings.aliases:
        return
    names = dict(report.names)
    entities = sorted(set(names.values()))
    for number, fact in enumerate(settings.facts, 1):
        if not names_entity_of(fact, names):
            say(f"consistency: warning: facts[{number}] ({fact.subject} · {fact.attribute}) matches no claim: "
                f"no checked article names {fact.subject}{_like(fact.subject, entities)}")
    for canonical, aliases in settings.aliases:
        if canonical not in entities:
            say(f"consistency: warning: aliases.{canonical!r}: no checked article names {canonical} or "
                f"{', '.join(aliases)}{_like(canonical, entities)}")


def _like(name: str, entities: list[str]) -> str:
    close = difflib.get_close_matches(name, entities, n=3, cutoff=0.5)
    return f"; entities named like it: {', '.join(close)}" if close else ""
