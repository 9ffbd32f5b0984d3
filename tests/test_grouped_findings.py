"""One finding per subject and rule: the clusters of a real check in the text and JSON reports."""
import json

import consistency
from consistency.report.findings_report import render_findings_json, render_findings_text
from helpers import article
from snippets import OHIO_3, OHIO_12


def test_one_finding_lists_three_articles_of_a_value_and_counts_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for day, name in enumerate("abcde", start=1):
        (tmp_path / f"{name}.md").write_text(article(name.upper(), OHIO_12, date=f"2024-03-0{day}"))
    (tmp_path / "f.md").write_text(article("F", OHIO_3, date="2024-02-01"))
    report = consistency.check(["."])
    [finding] = report.findings
    assert finding.message == "3 GW (F) vs 1.2 GW (A) and 4 more articles — 2.5× apart; newest (2024-03-05): 1.2 GW"
    text = render_findings_text(report, color=False).splitlines()
    assert text[2:7] == [
        "    a.md:6:28  '1.2 GW'  — Brisk Energy is building a 1.2 GW facility in Ohio.",
        "    b.md:6:28  '1.2 GW'  — Brisk Energy is building a 1.2 GW facility in Ohio.",
        "    c.md:6:28  '1.2 GW'  — Brisk Energy is building a 1.2 GW facility in Ohio.",
        "    f.md:6:28  '3 GW'  — Brisk Energy is building a 3 GW facility in Ohio.",
        "    … and 2 more",
    ]
    [data] = json.loads(render_findings_json(report))["findings"]
    assert len(data["claims"]) == 6
    ids = {c["path"]: c["id"] for c in data["claims"]}
    assert data["clusters"] == [
        {"value": "1.2 GW", "claims": [ids[p] for p in ("a.md", "b.md", "c.md", "d.md", "e.md")], "articles": 5,
         "earliest": "2024-03-01", "newest": "2024-03-05", "outlier": False},
        {"value": "3 GW", "claims": [ids["f.md"]], "articles": 1, "earliest": "2024-02-01", "newest": "2024-02-01",
         "outlier": True}]
    assert data["suggestion"] == {"value": "1.2 GW", "reason": "newest", "detail": "2024-03-05"}
