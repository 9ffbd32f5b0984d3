"""Progress reporting: the engine reports (phase, done, total); the bar names the phase and
shows only on long runs."""
import pytest

from consistency import cli
from consistency.engine import check_corpus, extract_documents, read_corpus
from consistency.engine.store import ClaimStore
from consistency.report import progress as progress_module
from consistency.report.progress import DelayedProgress
from consistency.settings import Settings
from helpers import run_cli as run

PHASES = ["reading", "extracting", "linking", "judging"]


@pytest.fixture()
def corpus(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.md").write_text(f"Northgale Energy's plant is {i + 1} GW.\n")
    return tmp_path


def _phases(ticks: list[tuple[str, int, int]]) -> list[str]:
    """The phases in the order they began."""
    return list(dict.fromkeys(phase for phase, _, _ in ticks))


def test_extraction_reports_every_document_once(corpus):
    documents, _ = read_corpus([str(corpus)], Settings())
    seen = []
    extract_documents(documents, Settings(), jobs=1, progress=lambda *tick: seen.append(tick))
    assert seen == [("extracting", 1, 3), ("extracting", 2, 3), ("extracting", 3, 3)]


def test_a_check_in_memory_names_each_phase_in_order(corpus):
    seen = []
    check_corpus([str(corpus)], Settings(), progress=lambda *tick: seen.append(tick))
    assert _phases(seen) == PHASES
    assert [t for t in seen if t[0] == "reading"] == [("reading", 1, 3), ("reading", 2, 3), ("reading", 3, 3)]
    assert ("linking", 0, 0) in seen  # not counted: the bar moves without a count
    judging = [t for t in seen if t[0] == "judging"]
    assert judging and judging[-1][1] == judging[-1][2]


def test_a_check_with_the_store_names_the_same_phases(corpus, tmp_path):
    seen = []
    with ClaimStore(tmp_path / "cache" / "claims.sqlite") as store:
        check_corpus([str(corpus)], Settings(), progress=lambda *tick: seen.append(tick), store=store, reuse=True)
    assert _phases(seen) == PHASES
    assert [t for t in seen if t[0] == "extracting"][-1] == ("extracting", 3, 3)


def test_check_ends_with_writing_and_quiet_shows_no_bar(corpus, monkeypatch):
    made = []

    class Recorder(DelayedProgress):
        def __init__(self, enabled=None):
            super().__init__(enabled=False)
            self.asked, self.ticks = enabled, []
            made.append(self)

        def __call__(self, phase, done, total):
            self.ticks.append((phase, done, total))

    monkeypatch.setattr(cli, "DelayedProgress", Recorder)
    run("check", str(corpus), "--no-cache", "--report", f"json:{corpus.parent / 'r.json'}")
    assert _phases(made[-1].ticks) == [*PHASES, "writing"]
    assert [t for t in made[-1].ticks if t[0] == "writing"] == [("writing", 0, 2), ("writing", 1, 2), ("writing", 2, 2)]
    assert made[-1].asked is None  # the bar's default: on a terminal only
    run("check", str(corpus), "--no-cache", "-q")
    assert made[-1].asked is False


def test_bar_waits_for_the_delay_and_stays_off_when_disabled(monkeypatch):
    quiet = DelayedProgress(enabled=False)
    quiet("extracting", 1, 10)
    assert quiet.bar is None
    slow = DelayedProgress(enabled=True)
    slow("extracting", 1, 10)
    assert slow.bar is None  # under a second: nothing drawn
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    with DelayedProgress(enabled=True) as shown:
        shown("extracting", 5, 10)
        assert shown.bar is not None and shown.bar.tasks[0].completed == 5


def test_bar_names_the_phase_and_moves_without_a_count_where_there_is_none(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    with DelayedProgress(enabled=True) as shown:
        shown("extracting", 10, 10)
        shown("linking", 0, 0)
        task = shown.bar.tasks[0]
        assert (task.description, task.total, task.completed) == ("linking", None, 0)
        assert shown.bar.columns[2].render(task).plain == ""
        shown("judging", 3, 40)
        task = shown.bar.tasks[0]
        assert (task.description, task.total, task.completed) == ("judging", 40, 3)
        assert shown.bar.columns[2].render(task).plain == "3/40"
