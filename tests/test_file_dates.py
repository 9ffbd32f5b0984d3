"""Publication dates from file names: front matter, then HTML meta, then the file name, then
--reference-date."""
import json

import pytest
from helpers import run_cli, write_files


@pytest.fixture()
def site(tmp_path, monkeypatch):
    write_files(tmp_path, {
        "_posts/2025-04-08-harbor-update.md": "# Harbor update\n\nThe farm opens next year.\n",
        "content/posts/2024-11-30-bundle/index.md": "---\ntitle: Bundle\n---\n\nIt opens next year.\n",
        "notes/2023-06-01.md": "Daily note: it opens next year.\n",
        "notes/2023-02-30-not-a-date.md": "It opens next year.\n",
        "posts/2025-04-08-dated.md": "---\ndate: 2022-01-05\n---\n\nIt opens next year.\n",
        "pages/2025-04-08-page.html": ('<html><head><meta property="article:published_time" content="2021-03-04">'
                                      "</head><body><p>It opens next year.</p></body></html>"),
        "pages/2025-04-08-plain.html": "<html><body><p>It opens next year.</p></body></html>",
        "text/2020-07-01 memo.txt": "It opens next year.\n",
    })
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_date_order_front_matter_meta_file_name_reference_date(site):
    result = run_cli("claims", ".", "--reference-date", "2019-12-31", "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    published = {d["path"]: d["published"] for d in report["documents"]}
    assert published == {
        "_posts/2025-04-08-harbor-update.md": "2025-04-08",  # Jekyll: the date starts the name
        "content/posts/2024-11-30-bundle/index.md": "2024-11-30",  # Hugo page bundle: the folder's name
        "notes/2023-06-01.md": "2023-06-01",  # a daily note named by its date
        "notes/2023-02-30-not-a-date.md": "2019-12-31",  # no such day: --reference-date
        "posts/2025-04-08-dated.md": "2022-01-05",  # front matter first
        "pages/2025-04-08-page.html": "2021-03-04",  # then HTML meta
        "pages/2025-04-08-plain.html": "2025-04-08",
        "text/2020-07-01 memo.txt": "2020-07-01",
    }
    # "next year" resolves against the file name's date.
    spans = {c["path"]: c["time"][0] for c in report["claims"] if c["kind"] == "date"}
    assert spans["_posts/2025-04-08-harbor-update.md"] == "2026-01-01"
    assert spans["notes/2023-06-01.md"] == "2024-01-01"


def test_without_a_date_anywhere_relative_dates_stay_unresolved(site):
    result = run_cli("claims", "notes/2023-02-30-not-a-date.md", "--format", "json", "--no-cache")
    [doc] = json.loads(result.stdout)["documents"]
    assert doc["published"] is None
