"""Progress reporting: the engine reports (done, total); the bar shows only on long runs."""
from consistency.engine import extract_documents, read_corpus
from consistency.report import progress as progress_module
from consistency.report.progress import DelayedProgress
from consistency.settings import Settings


def test_extraction_reports_every_document_once(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.md").write_text(f"The plant is {i + 1} GW.\n")
    documents, _ = read_corpus([str(tmp_path)], Settings())
    seen = []
    extract_documents(documents, Settings(), jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_bar_waits_for_the_delay_and_stays_off_when_disabled(monkeypatch):
    quiet = DelayedProgress("checking", enabled=False)
    quiet(1, 10)
    assert quiet.bar is None
    slow = DelayedProgress("checking", enabled=True)
    slow(1, 10)
    assert slow.bar is None  # under a second: nothing drawn
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0.0)
    with DelayedProgress("checking", enabled=True) as shown:
        shown(5, 10)
        assert shown.bar is not None and shown.bar.tasks[0].completed == 5

