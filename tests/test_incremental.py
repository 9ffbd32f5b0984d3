"""Incremental checks (consistency/engine/state.py): a re-run reads only the files that changed, and
always reports what a fresh check of the same files reports."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from consistency import engine
from consistency.engine import analyse, state
from consistency.engine import store as store_module
from consistency.link import adoptions, corpus_names, evidence_of, link_document
from consistency.link.aliases import AliasIndex
from consistency.link.parse import sentence_parser
from consistency.model import DocumentLinks, LinkedDocument
from consistency.report.findings_report import render_findings_json
from consistency.rules import select_rules
from consistency.settings import Settings
from consistency.engine.store import ClaimStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import scale_corpus  # noqa: E402

# A generated entity name: consonant-vowel three times and a check consonant ("Kalorin").
STEM = re.compile(r"\b[BCDFGHKLMNPRSTVZ][aeiou][bcdfghklmnprstvz][aeiou][bcdfghklmnprstvz][aeiou][nrktmxvzbpgfdlsh]\b")
FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w,.]\d)")


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    """The bundled fixtures (a digest of ten articles and a content folder) plus 24 generated
    articles about stories with planted contradictions."""
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    root = tmp_path / "corpus"
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    articles, _ = scale_corpus.generate(24, seed=5, contradiction_rate=0.5)
    for path, text in articles:
        (root / "news" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "news" / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture()
def reads(monkeypatch) -> list[str]:
    """The paths read by the per-file stage (and by relinking), in order."""
    seen: list[str] = []
    real = analyse.read_file
    monkeypatch.setattr(analyse, "read_file", lambda path, **kw: seen.append(path) or real(path, **kw))
    return seen


def _check(store, corpus, settings=Settings(), **kwargs):
    return engine.check_corpus([str(corpus)], settings, store=store, reuse=True, **kwargs)[0]


def _fresh(corpus, settings=Settings(), **kwargs):
    return engine.check_corpus([str(corpus)], settings, **kwargs)[0]


def _same_as_fresh(report, corpus, settings=Settings(), **kwargs) -> None:
    assert render_findings_json(report) == render_findings_json(_fresh(corpus, settings, **kwargs))


_clock = [1_700_000_000]


def _write(path: Path, text: str) -> None:
    """Write and give the file a new modification time (edits in one test are a second apart)."""
    path.write_text(text, encoding="utf-8")
    _clock[0] += 1
    os.utime(path, (_clock[0], _clock[0]))


def test_unchanged_corpus_reads_nothing_and_reports_what_a_fresh_check_does(corpus, tmp_path, reads):
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, corpus)
        # Every file, and a few again: documents whose own names do not fit the corpus's are linked again.
        files = {str(p) for p in corpus.rglob("*") if p.is_file()}
        assert set(reads) == files and len(reads) < 1.2 * len(files)
        reads.clear()
        second = _check(store, corpus)
    assert reads == []
    assert render_findings_json(second) == render_findings_json(first)
    _same_as_fresh(second, corpus)
    assert len(second.findings) >= 6


def _edit_figure(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n") + 5 if text.startswith("---") else 0
    match = list(FIGURE.finditer(text, body))[3]
    _write(path, text[:match.start()] + "7,777" + text[match.end():])


@pytest.mark.parametrize("change", ["figure", "names", "add", "remove", "same_size_same_mtime", "touch"])
def test_a_change_reads_only_its_file_and_reports_what_a_fresh_check_does(corpus, tmp_path, reads, change):
    news = sorted((corpus / "news").rglob("*.md"))
    post = news[3]
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        reads.clear()
        if change == "figure":
            _edit_figure(post)
        elif change == "names":  # the article now names another story's entity
            text = post.read_text(encoding="utf-8")
            other = STEM.findall(news[12].read_text(encoding="utf-8"))[0]
            _write(post, STEM.sub(other, text, count=3))
        elif change == "add":
            post = corpus / "news" / "copy.md"
            _write(post, news[0].read_text(encoding="utf-8").replace("\n\n", "\n\nIt will cost $12 billion.\n\n", 1))
        elif change == "remove":
            post.unlink()
        elif change == "same_size_same_mtime":
            before = post.stat()
            text = post.read_text(encoding="utf-8")
            match = list(FIGURE.finditer(text))[5]
            digit = "1" if match.group(0)[0] != "1" else "2"
            post.write_text(text[:match.start()] + digit + text[match.start() + 1:], encoding="utf-8")
            os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert post.stat().st_size == before.st_size
        else:
            os.utime(post, (_clock[0] + 50, _clock[0] + 50))
        warm = _check(store, corpus)
    assert reads == ([] if change == "remove" else [str(post)])
    _same_as_fresh(warm, corpus)


@pytest.mark.parametrize("steps", [4, pytest.param(14, marks=pytest.mark.stress)])
def test_random_edit_sequences_report_what_a_fresh_check_does(corpus, tmp_path, steps):
    """Figures, names, whole articles and the digest change at random; after every change the
    incremental check equals a fresh one."""
    rng = random.Random(7)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        for step in range(steps):
            news = sorted((corpus / "news").rglob("*.md"))
            kind = rng.choice(["figure", "figure", "names", "remove", "copy", "digest"])
            target = rng.choice(news)
            if kind == "figure":
                _edit_figure(target)
            elif kind == "names":
                stems = sorted(set(STEM.findall(rng.choice(news).read_text(encoding="utf-8"))))
                text = target.read_text(encoding="utf-8")
                mine = sorted(set(STEM.findall(text)))
                _write(target, re.sub(rf"\b{rng.choice(mine)}\b", rng.choice(stems), text))
            elif kind == "remove":
                target.unlink()
            elif kind == "copy":
                _write(corpus / "news" / f"copy-{step}.md", target.read_text(encoding="utf-8"))
            else:
                digest = corpus / "fixtures" / "news" / "digest.txt"
                text = digest.read_text(encoding="utf-8")
                match = rng.choice(list(FIGURE.finditer(text)))
                _write(digest, text[:match.start()] + str(rng.randint(2, 900)) + text[match.end():])
            _same_as_fresh(_check(store, corpus), corpus)


def test_an_adoption_follows_the_article_that_resolves_it(tmp_path):
    """A title-only entity takes the entity another article gives the same place; when that
    article changes, the first article's finding changes with it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus / "a.md", "---\ntitle: Orla Power and Brisk Energy team up\n---\n\n"
           "Orla Power and Brisk Energy said they would work together.\n\n"
           "The flagship is a 1.2 GW campus in Ohio.\n")
    _write(corpus / "b.md", "---\ntitle: Grid plans\n---\n\nBrisk Energy is building a 3 GW facility in Ohio.\n")
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, corpus)
        assert [f.subject.label for f in first.findings] == ["Brisk Energy (Ohio) · capacity"]
        _write(corpus / "b.md", "---\ntitle: Grid plans\n---\n\nOrla Power is building a 3 GW facility in Ohio.\n")
        second = _check(store, corpus)
        assert [f.subject.label for f in second.findings] == ["Orla Power (Ohio) · capacity"]
        _same_as_fresh(second, corpus)
        _write(corpus / "b.md", "---\ntitle: Grid plans\n---\n\nVexa Grid is building a 3 GW facility in Ohio.\n")
        third = _check(store, corpus)
        assert third.findings == ()
        _same_as_fresh(third, corpus)


def _adoptions_in_memory(corpus) -> dict[str, dict[int, str]]:
    """What the link stage's ``adoptions`` decides over the whole corpus, as a check in memory does."""
    settings = Settings()
    documents, _ = engine.read_corpus([str(corpus)], settings)
    analyses, _ = engine.analyse_documents(documents, settings, with_entities=True)
    names = corpus_names((evidence_of(a.entities) for a in analyses), settings)
    parse = sentence_parser(settings.parser)
    links = {doc.id: link_document(doc, a.claims, a.entities, names, parse) for doc, a in zip(documents, analyses)}
    return adoptions(links, names)


def _adoptions_stored(store, corpus) -> dict[str, dict[int, str]]:
    """The adoptions the incremental state holds for the corpus (as ``_check`` checks it)."""
    tables = store.context(state.context_id([str(corpus)], Settings(), select_rules((), ())))
    ids = [doc.id for file in tables.files().values() for doc in file.documents]
    return {doc_id: dict(found.adopted) for doc_id, found in sorted(tables.document_states(ids).items())
            if found.adopted}


def test_incremental_adoptions_are_the_link_stages(tmp_path):
    """After each edit of the article that resolves a title-only entity, the state holds what the
    link stage decides in memory: the same entity adopted, or none."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus / "a.md", "---\ntitle: Orla Power and Brisk Energy team up\n---\n\n"
           "Orla Power and Brisk Energy said they would work together.\n\n"
           "The flagship is a 1.2 GW campus in Ohio.\n")
    with ClaimStore(tmp_path / "c.sqlite") as store:
        for builder, adopted in (("Brisk Energy", 1), ("Orla Power", 1), ("Vexa Grid", 0), ("Brisk Energy", 1)):
            _write(corpus / "b.md", f"---\ntitle: Grid plans\n---\n\n{builder} is building a 3 GW facility in Ohio.\n")
            _check(store, corpus)
            stored = _adoptions_stored(store, corpus)
            assert stored == _adoptions_in_memory(corpus)
            assert len(stored) == adopted


def test_incremental_adoptions_of_the_corpus_are_the_link_stages(corpus, tmp_path):
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        assert _adoptions_stored(store, corpus) == _adoptions_in_memory(corpus) != {}
        _edit_figure(corpus / "fixtures" / "news" / "digest.txt")
        _check(store, corpus)
        assert _adoptions_stored(store, corpus) == _adoptions_in_memory(corpus)


def test_a_reused_report_counts_the_claims_and_lists_documents_only_when_asked(corpus, tmp_path, monkeypatch):
    """An incremental check computes no claims (iterating them runs nothing) and reads the
    documents again only for a caller that asks for them."""
    whole = []
    real = engine.read_corpus
    monkeypatch.setattr(engine, "read_corpus", lambda *a, **k: whole.append(1) or real(*a, **k))
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        warm = _check(store, corpus)
        assert list(warm.claims) == list(warm.documents) == [] and whole == []
        listed = _check(store, corpus, with_documents=True)
        assert whole == [1]
    fresh = _fresh(corpus)
    assert (warm.claim_count, warm.document_count) == (len(fresh.claims), len(fresh.documents))
    assert listed.documents == fresh.documents


def test_settings_rules_and_paths_are_separate_contexts(corpus, tmp_path, reads):
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        reads.clear()
        narrowed = _check(store, corpus, select=["CC103"])
        assert {f.rule for f in narrowed.findings} == {"CC103"}
        _same_as_fresh(narrowed, corpus, select=["CC103"])
        fiscal = replace(Settings(), fiscal_year_start=4)
        _same_as_fresh(_check(store, corpus, fiscal), corpus, fiscal)
        assert len(reads) > 0
        reads.clear()
        _check(store, corpus)
        assert reads == []  # the first context is still stored


def test_least_recently_used_contexts_are_dropped(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(state, "MAX_CONTEXTS", 2)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        for select in (["CC101"], ["CC102"], ["CC103"]):
            _check(store, corpus, select=select)
        kept = store.connection.execute("SELECT count(*) FROM contexts").fetchone()[0]
        files = store.connection.execute("SELECT count(DISTINCT ctx) FROM files").fetchone()[0]
    assert kept == files == 2


def test_recently_modified_files_are_read_again(corpus, tmp_path, reads, monkeypatch):
    monkeypatch.setattr(engine, "RACY_SECONDS", 10 ** 9)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        reads.clear()
        _check(store, corpus)
    assert len(reads) == len(list(corpus.rglob("*.md"))) + 1


def test_lost_cache_entries_start_the_context_afresh(corpus, tmp_path):
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        store.connection.execute("DELETE FROM links")
        _edit_figure(sorted((corpus / "news").rglob("*.md"))[2])
        _same_as_fresh(_check(store, corpus), corpus)


def test_a_failing_store_falls_back_to_checking_in_memory(corpus, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    with ClaimStore(tmp_path / "c.sqlite") as store:
        monkeypatch.setattr(engine, "check_state", broken)
        report = _check(store, corpus)
        assert any("disk I/O error" in notice for notice in store.notices)
    _same_as_fresh(report, corpus)


@pytest.mark.parametrize("jobs", [1, 2])
def test_cold_and_warm_runs_are_identical_for_any_jobs(corpus, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr("consistency.engine.CHUNK_SIZE", 4)  # the process pool really runs
    monkeypatch.setattr("consistency.engine.FILE_BATCH", 2)  # on several batches
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _same_as_fresh(_check(store, corpus, jobs=jobs), corpus)
        _edit_figure(sorted((corpus / "news").rglob("*.md"))[6])
        _same_as_fresh(_check(store, corpus, jobs=jobs), corpus)


def test_cli_warm_run_is_byte_identical(corpus, tmp_path, monkeypatch, reads):
    from click.testing import CliRunner

    from consistency.cli import main
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["check", str(corpus), "--cache-dir", "cache", "--isolated", "--exit-zero"]
    cold = runner.invoke(main, args + ["--format", "json"])
    reads.clear()
    warm = runner.invoke(main, args + ["--format", "json"])
    text = runner.invoke(main, args)
    assert reads == [] and warm.exit_code == cold.exit_code == 0
    assert warm.stdout == cold.stdout and '"findings":' in cold.stdout
    whole = []
    real = engine.read_corpus
    monkeypatch.setattr(engine, "read_corpus", lambda *a, **k: whole.append(1) or real(*a, **k))
    runner.invoke(main, args + ["--format", "html", "-o", "r.html"])
    assert whole == [1]  # the HTML report lists every claim: never from the stored state
    assert text.stdout == runner.invoke(main, args + ["--no-cache"]).stdout


@pytest.mark.parametrize("rounds", [2, pytest.param(6, marks=pytest.mark.stress)])
def test_runs_killed_at_random_points_leave_a_state_that_checks_correctly(corpus, tmp_path, rounds):
    """SIGKILL a cold check and then incremental ones at random moments (while reading,
    clustering, judging or committing); the next check always equals a fresh one."""
    import signal
    import subprocess
    import time

    cli = [sys.executable, "-m", "consistency", "check", str(corpus), "--format", "json", "--exit-zero",
           "--isolated", "--cache-dir", str(tmp_path / "cache"), "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(3)
    news = sorted((corpus / "news").rglob("*.md"))
    for round_ in range(rounds):
        if round_:
            _edit_figure(news[rng.randrange(len(news))])
        run = subprocess.Popen([*cli, "-o", str(tmp_path / "killed.json")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.3, 2.5))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        done = subprocess.run([*cli, "-o", str(tmp_path / "after.json")], capture_output=True, text=True,
                              env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        with ClaimStore(tmp_path / "cache" / "claims.sqlite") as store:
            assert store.notices == []
            assert store.connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        fresh = subprocess.run([*cli[:-4], "--no-cache", "-o", str(tmp_path / "fresh.json")], capture_output=True,
                               text=True, env=env, timeout=120)
        assert fresh.returncode == 0, fresh.stderr
        assert (tmp_path / "after.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()


def test_old_versions_of_edited_documents_are_collected(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(state, "GARBAGE_SLACK", 0)
    post = sorted((corpus / "news").rglob("*.md"))[4]
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        live = store.connection.execute("SELECT count(*) FROM links").fetchone()[0]
        text = post.read_text(encoding="utf-8")
        for n in range(2 * live + 3):
            _write(post, text.replace("\n\n", f"\n\nIt hired {n + 2} staff.\n\n", 1))
            report = _check(store, corpus)
        stored = store.connection.execute("SELECT count(*) FROM links").fetchone()[0]
        analyses = store.connection.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert stored <= 2 * live and analyses <= 2 * live  # without collection: live + 2 * live + 3
    _same_as_fresh(report, corpus)


def test_concurrent_runs_on_one_cache_report_what_a_fresh_check_does(corpus, tmp_path):
    """Two checks started together on one cache (a CI matrix sharing a workspace) both finish,
    and both report what a check without the cache does."""
    command = [sys.executable, "-m", "consistency", "check", str(corpus), "--format", "json", "--exit-zero",
               "--isolated", "-j", "1"]
    runs = [subprocess.Popen([*command, "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / f"{n}.json")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(2)]
    outcomes = [run.communicate(timeout=300) for run in runs]  # the timeout is a hang guard
    assert [run.returncode for run in runs] == [0, 0], outcomes
    clean = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, timeout=300)
    assert (tmp_path / "0.json").read_text() == (tmp_path / "1.json").read_text() == clean.stdout


@pytest.fixture()
def parsed(monkeypatch) -> list[str]:
    """The names of the files whose documents were parsed to read claim frames, in order."""
    seen: list[str] = []
    import consistency.link.document as link_document
    real = link_document.frame_subjects
    monkeypatch.setattr(link_document, "frame_subjects",
                        lambda doc, *args: seen.append(Path(doc.path).name) or real(doc, *args))
    return seen


def test_a_document_naming_what_no_other_names_is_parsed_only_once_another_does(tmp_path, monkeypatch, parsed):
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    dated = "---\ndate: 2026-05-01\n---\n"
    _write(corpus / "a.md", dated + "Tarn Energy has 400 employees.\n")
    _write(corpus / "c.md", dated + "Orla Power has 90 employees.\n")
    _write(corpus / "d.md", "Brisk Mills raised $6 million at a $157 million valuation.\n\n"
                            "The round puts the valuation of Brisk Mills at $150 million.\n")
    with ClaimStore(tmp_path / "c.sqlite") as store:
        assert [f.rule for f in _check(store, corpus).findings] == ["CC108"]
        assert sorted(parsed) == ["d.md"]  # two amounts: its own rules compare them
        parsed.clear()
        _write(corpus / "b.md", dated + "Tarn Energy has 650 employees.\n")
        report = _check(store, corpus)
        assert sorted(parsed) == ["a.md", "b.md"]  # with the corpus's names (b's worker did not know them)
        assert [(f.rule, f.subject.label) for f in report.findings] == [
            ("CC101", "Tarn Energy (2026-05) · employees"), ("CC108", "Brisk Mills · valuation")]
        _same_as_fresh(report, corpus)
        parsed.clear()
        (corpus / "b.md").unlink()
        report = _check(store, corpus)
        assert parsed == [] and [f.rule for f in report.findings] == ["CC108"]  # a: alone again
        _same_as_fresh(report, corpus)
        _write(corpus / "b.md", dated + "Tarn Energy has 400 employees.\n")
        report = _check(store, corpus)
        assert [f.rule for f in report.findings] == ["CC108"]
        _same_as_fresh(report, corpus)
        _write(corpus / "b.md", dated + "Tarn Energy has 650 employees.\n")  # an edit of a figure of a shared name
        report = _check(store, corpus)
        assert [f.rule for f in report.findings] == ["CC101", "CC108"]
        _same_as_fresh(report, corpus)


def test_an_edit_judges_again_only_the_blocks_whose_claims_it_changed(tmp_path, monkeypatch):
    """An article about two plants: an edit after both figures leaves both blocks as they were
    (their findings stand, nothing is judged again); an edit of one figure judges its block only."""
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    judged: list[tuple] = []
    real = state.judge_each
    monkeypatch.setattr(state, "judge_each", lambda rules, blocks, *a, **k: judged.extend(sorted(blocks)) or
                        real(rules, blocks, *a, **k))
    root = tmp_path / "news"
    root.mkdir()
    edited = root / "a.md"
    lines = ["---", "title: Two plants", "date: 2026-01-05", "---",
             "Varden Energy is building a 1.2 GW plant in Ohio.", "",
             "Kestrel Power is building a 3 GW plant in Texas.", "", "Both plants will sell power to local grids."]
    _write(edited, "\n".join(lines) + "\n")
    _write(root / "b.md", "---\ntitle: Varden\ndate: 2026-01-06\n---\nVarden Energy is building a 5 GW plant in Ohio.\n")
    _write(root / "c.md", "---\ntitle: Kestrel\ndate: 2026-01-07\n---\nKestrel Power is building a 9 GW plant in Texas.\n")
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, root)
        assert sorted(f.subject.entity for f in first.findings if f.rule == "CC101") == ["Kestrel Power", "Varden Energy"]
        judged.clear()
        _write(edited, "\n".join(lines[:-1] + ["Both plants will sell their power to the regional grid operator."]) + "\n")
        after_prose = _check(store, root)
        assert [key for key in judged if key[0] == "entity"] == []
        _same_as_fresh(after_prose, root)
        _write(edited, "\n".join(lines).replace("1.2 GW", "1.4 GW") + "\n")
        after_figure = _check(store, root)
    assert [key for key in judged if key[0] == "entity"] == [("entity", "Varden Energy")]
    _same_as_fresh(after_figure, root)


def _varden_story(tmp_path, figures: dict[str, str], sentence: str):
    """A story of one article a day (``news/<name>.md``), each saying ``sentence`` with its figure."""
    root = tmp_path / "news"
    root.mkdir()
    for day, (name, figure) in enumerate(figures.items(), 1):
        _write(root / f"{name}.md", f"---\ntitle: Varden {name}\ndate: 2026-01-0{day}\n---\n{sentence.format(figure)}\n")
    return root


def test_a_block_judged_again_reads_no_other_documents_links(tmp_path, monkeypatch):
    """A block judged again after an edit is judged from its stored members: the links of its
    other documents are not read (a story of a thousand articles costs their claims in it, not
    their whole entries), and the findings are a fresh check's."""
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    root = _varden_story(tmp_path, {"a": "1.2 GW", "b": "1.2 GW", "c": "5 GW", "d": "1.2 GW"},
                         "Varden Energy is building a {} plant in Ohio. Its first 300 MW will be ready in 2028.")
    read: list[str] = []
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, root)
        assert [f.subject.entity for f in first.findings if f.rule == "CC101"] == ["Varden Energy"]
        (ctx,), = store.connection.execute("SELECT ctx FROM contexts").fetchall()
        others = {doc.link_key for path, file in store.context(ctx).files().items() if not path.endswith("a.md")
                  for doc in file.documents}
        real = store.get_links
        monkeypatch.setattr(store, "get_links", lambda keys, *a, **k: read.extend(keys) or real(keys, *a, **k))
        _write(root / "a.md", (root / "a.md").read_text(encoding="utf-8").replace("1.2 GW", "5 GW"))
        edited = _check(store, root)
    assert read and not others.intersection(read)
    assert [len(f.clusters) for f in edited.findings if f.rule == "CC101"] == [2]
    assert render_findings_json(edited) != render_findings_json(first)
    _same_as_fresh(edited, root)


@pytest.mark.parametrize("edit", ["capacity", "cost", "both"])
def test_an_edit_judges_again_only_the_subjects_its_changed_claims_are_tied_to(tmp_path, monkeypatch, edit):
    """An entity block judged again after an edit judges only the claims tied to a changed one
    (its subject, its sentence: rules/blocks.py ``ties``): the findings of the block's other
    subjects stand as stored, and the findings are a fresh check's, whether the edit makes a
    finding (capacity), takes one away (cost) or both."""
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    root = _varden_story(tmp_path, {"a": "$2 billion", "b": "$2 billion", "c": "$5 billion", "d": "$2 billion"},
                         "Varden Energy is building a 1.2 GW plant in Ohio. The plant will cost {}, Varden Energy said.")
    judged: list[tuple[str, ...]] = []
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, root)
        assert [(f.rule, f.subject.attribute) for f in first.findings] == [("CC101", "cost")]
        real = state.judge_each
        monkeypatch.setattr(state, "judge_each", lambda rules, blocks, *a, **k: judged.extend(
            tuple(sorted({c.subject.attribute for c in blocks[key] if c.subject})) for key in sorted(blocks))
            or real(rules, blocks, *a, **k))
        text = (root / "c.md").read_text(encoding="utf-8")
        if edit in ("capacity", "both"):
            text = text.replace("1.2 GW", "9.9 GW")  # the same length: the claims after it keep their places
        if edit in ("cost", "both"):
            text = text.replace("$5 billion", "$2 billion")
        _write(root / "c.md", text)
        edited = _check(store, root)
    expected = {"capacity": [("capacity",)], "cost": [("cost",)], "both": [("capacity", "cost")]}[edit]
    assert judged == expected
    found = sorted(f.subject.attribute for f in edited.findings)
    assert found == {"capacity": ["capacity", "cost"], "cost": [], "both": ["capacity"]}[edit]
    _same_as_fresh(edited, root)


def test_a_figure_of_an_unnamed_event_is_checked_and_stored(tmp_path, reads, monkeypatch):
    """'a powerful quake ... killed one person': the holder is the event itself ('the quake'), a
    key no name of the article stands for; the stored path blocks it under that key (it raised
    KeyError, and the file, stored without its stamp, was read again by every run)."""
    monkeypatch.setattr(engine, "RACY_SECONDS", 0)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus / "quake.md", "---\ntitle: Strong quake rattles Varden\n---\n"
                                "A strong earthquake rattled Varden province on Wednesday, days after a powerful quake "
                                "levelled buildings and killed one person, officials said.\n\n"
                                "The 6.1-magnitude quake hit 75 kilometres west of Castrel.\n")
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, corpus)
        assert first.errors == () and first.document_count == 1
        reads.clear()
        second = _check(store, corpus)
    assert reads == []
    _same_as_fresh(second, corpus)


@pytest.fixture()
def updates(monkeypatch) -> list[int]:
    """How many times a check brought the stored state up to date (else the summary served)."""
    calls: list[int] = []
    real = state._Update._update
    monkeypatch.setattr(state._Update, "_update", lambda self, *args: calls.append(1) or real(self, *args))
    return calls


def _summary(report):
    return render_findings_json(report), report.document_count, report.claim_count, report.errors


def test_an_unchanged_recheck_reads_the_summary_only(corpus, tmp_path, reads, updates):
    (corpus / "news" / "empty.md").write_text("", encoding="utf-8")  # a problem the summary keeps
    with ClaimStore(tmp_path / "c.sqlite") as store:
        first = _check(store, corpus)
        used = store.connection.execute("SELECT used FROM contexts").fetchone()[0]
        reads.clear()
        updates.clear()
        second = _check(store, corpus)
        assert store.connection.execute("SELECT used FROM contexts").fetchone()[0] > used  # used last
        third = _check(store, corpus)
    assert reads == [] and updates == []
    assert first.errors and _summary(second) == _summary(third) == _summary(first)


@pytest.mark.parametrize("change", ["edit", "settings", "checker", "state"])
def test_the_summary_serves_only_the_listing_settings_code_and_state_it_was_saved_with(
        corpus, tmp_path, monkeypatch, reads, updates, change):
    settings = Settings()
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        updates.clear()
        reads.clear()
        if change == "edit":
            _edit_figure(sorted((corpus / "news").rglob("*.md"))[2])
        elif change == "settings":
            settings = replace(settings, fiscal_year_start=4)
        elif change == "checker":
            monkeypatch.setattr(state, "CHECKER_VERSION", "another")
        else:  # another run updated the state meanwhile: the summary's version is no longer the state's
            store.connection.execute("UPDATE contexts SET used = used + 1")
            store.connection.commit()
        report = _check(store, corpus, settings)
    assert updates  # the state was brought up to date, not taken from the summary
    assert (reads == []) == (change == "state")
    _same_as_fresh(report, corpus, settings)


def test_no_summary_is_kept_while_a_file_is_to_be_read_again(corpus, tmp_path, monkeypatch, updates):
    monkeypatch.setattr(engine, "RACY_SECONDS", 10 ** 9)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
        assert store.connection.execute("SELECT count(*) FROM summary").fetchone()[0] == 0
        updates.clear()
        _same_as_fresh(_check(store, corpus), corpus)
    assert updates


@pytest.mark.parametrize("change", ["figure", "problem", "add", "remove"])
def test_an_edit_decodes_the_rows_of_the_files_it_reads_only_and_counts_what_a_fresh_check_does(
        corpus, tmp_path, monkeypatch, change):
    """A re-check after an edit decodes the stored row of the edited file, not those of the
    corpus's other files (10,000 in an archive); its documents, claims and problems are a fresh
    check's, whether the listing and the file's documents and problems stay the same or not."""
    (corpus / "news" / "empty.md").write_text("", encoding="utf-8")  # a problem the state keeps
    post = sorted((corpus / "news").rglob("*.md"))[3]
    decoded: list[str] = []
    real = store_module._decode_file
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _check(store, corpus)
    if change == "figure":
        _edit_figure(post)
    elif change == "problem":
        _write(post, "")
    elif change == "add":
        _write(corpus / "news" / "copy.md", post.read_text(encoding="utf-8"))
    else:
        post.unlink()
    monkeypatch.setattr(store_module, "_decode_file",
                        lambda stamp, data: decoded.extend(d[0] for d in json.loads(data)["documents"])
                        or real(stamp, data))
    with ClaimStore(tmp_path / "c.sqlite") as store:  # a new process: nothing of the state kept in memory
        warm = _check(store, corpus)
    fresh = _fresh(corpus)
    assert (warm.document_count, warm.claim_count, warm.errors) == (len(fresh.documents), len(fresh.claims),
                                                                    fresh.errors)
    _same_as_fresh(warm, corpus)
    if change == "figure":
        assert decoded == [str(post)]


def test_a_new_process_whose_new_article_shares_names_updates_the_state_in_place(tmp_path):
    """A run that keeps no alias index (a new process) and whose new article makes names
    shared clusters from the stored state and stores only the difference: the cache is used,
    and the result is a fresh check's."""
    from helpers import article, run_cli, write_file

    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    write_file(corpus / "a.md", article("Varden Energy expands", "Varden Energy will build a 1.2 GW farm at Tollan Point.",
                                        "Kestrel Bank lent Varden Energy $300 million."))
    write_file(corpus / "b.md", article("Kestrel Bank results", "Kestrel Bank employs 4,000 people.", date="2024-03-02"))
    args = ["check", str(corpus), "--format", "json", "--exit-zero", "--isolated", "--cache-dir", str(cache)]
    assert run_cli(*args).exit_code == 0
    write_file(corpus / "c.md", article("Tollan Point farm", "Varden Energy said the Tollan Point farm will be 1.4 GW.",
                                        "Kestrel Bank employs 4,200 people.", date="2024-03-03"))
    with ClaimStore(cache / "claims.sqlite") as store:
        shared_before = store.connection.execute("SELECT count(*) FROM shared").fetchone()[0]
    again = run_cli(*args)
    assert "not used for this check" not in again.stderr
    with ClaimStore(cache / "claims.sqlite") as store:
        assert store.notices == []
        assert store.connection.execute("SELECT count(*) FROM shared").fetchone()[0] > shared_before
    fresh = run_cli(*args[:-2], "--no-cache")
    assert again.stdout == fresh.stdout and '"CC101"' in fresh.stdout


def test_a_document_read_is_kept_encoded_until_linking_asks_for_it(tmp_path):
    """A check from no state reads every document before it links any: what reading gave is
    held in the store's encoding (decoded, it would hold most of the parent's memory while
    the workers run), and decoded when asked for."""
    linked = LinkedDocument(3, DocumentLinks((), (), (), ("varden",), (("varden",),)), (), ())
    entry = analyse.DocumentEntry("doc", "key", "link", b"", store_module.encode_linked(linked), b"", None)
    with ClaimStore(tmp_path / "c.sqlite") as store:
        entries = state._Entries(store)
        assert entries.add(entry) == 3
        assert entries._linked == {}
        assert entries.linked("link") == linked


def test_a_check_from_no_state_tallies_the_alias_index_once_the_workers_have_exited(corpus, tmp_path, monkeypatch):
    """The alias index (the parent's largest structure) is made after reading, not while the
    workers run: the two never add up."""
    import multiprocessing

    alive: list[int] = []
    add = AliasIndex.add
    monkeypatch.setattr(AliasIndex, "add", lambda self, *a: alive.append(len(multiprocessing.active_children()))
                        or add(self, *a))
    monkeypatch.setattr("consistency.engine.CHUNK_SIZE", 4)  # the process pool really runs
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _same_as_fresh(_check(store, corpus, jobs=2), corpus)
    assert alive and set(alive) == {0}


def test_the_workers_have_exited_before_the_blocks_are_judged(corpus, tmp_path, monkeypatch):
    """The pool is shut down once the files are read: the parent's judging, its memory peak,
    never overlaps the workers' (each holds a spaCy pipeline)."""
    import multiprocessing

    alive: list[int] = []
    judge = state.judge_each
    monkeypatch.setattr(state, "judge_each", lambda *a, **k: alive.append(len(multiprocessing.active_children()))
                        or judge(*a, **k))
    monkeypatch.setattr("consistency.engine.CHUNK_SIZE", 4)  # the process pool really runs
    with ClaimStore(tmp_path / "c.sqlite") as store:
        _same_as_fresh(_check(store, corpus, jobs=2), corpus)
    assert alive == [0]


@pytest.mark.parametrize("runs_again", [False, True])
def test_a_store_opened_for_one_run_frees_the_alias_index_before_linking(corpus, tmp_path, monkeypatch, runs_again):
    """The command line's store serves one run: the alias index (the parent's largest
    structure) is freed once the names are settled, before linking and judging add theirs, and
    nothing is kept for a next run. A long-lived store (the desk's) keeps it for the next."""
    held: list[bool] = []
    link = state._Update._link
    monkeypatch.setattr(state._Update, "_link", lambda self, *a: held.append(self.index is not None) or link(self, *a))
    with ClaimStore(tmp_path / "c.sqlite", runs_again=runs_again) as store:
        _same_as_fresh(_check(store, corpus), corpus)
        assert held == [runs_again]
        assert (set(store.memo) != set()) == runs_again
