"""`consistency check`, `rules` and `explain` through the CLI.

The report is made here (real claims from ``consistency.extract``, made-up findings) and
handed to the CLI in place of the engine, so these tests pin the output and exit codes
whatever the link stage and rules find.
"""
import json
from dataclasses import replace
from datetime import date

import networkx as nx
import pytest

from consistency import cli, rules
from consistency.api import extract
from consistency.graph import ClaimGraph
from consistency.model import Document, Finding, OffsetMap, ReadError, Report, Subject, Suggestion, ValueCluster
from consistency.report.findings_report import clip_sentence
from consistency.report.formats import FORMATS
from consistency.report.jsontext import json_text
from helpers import run_cli as run

TEXT_A = ("Northgale Energy said its Texas plant will have 1.2 GW of capacity.\n"
          "The plant will cost $4.8 billion.\n")
TEXT_B = "In 2025, Northgale Energy's Texas plant had about 10 GW of capacity.\n"
TEXAS = Subject("Northgale Energy", "capacity", "Texas")
COST = Subject("Northgale Energy", "cost")
ANSI = "\x1b["
HAS_RULES = hasattr(rules, "ALL_RULES")
needs_rules = pytest.mark.skipif(not HAS_RULES, reason="consistency.rules.ALL_RULES not written yet")


def _document(path: str, text: str) -> Document:
    return Document(path=path, index=0, title=f"Title of {path}", text=text, offsets=OffsetMap(((0, 0),), (0,)))


def _claim(text: str, path: str, surface: str, subject: Subject):
    claim = next(c for c in extract(text, path=path) if c.text == surface)
    return replace(claim, subject=subject, title=f"Title of {path}")


def make_report(severities=("error", "warning"), errors=()) -> tuple[Report, ClaimGraph]:
    docs = (_document("a.md", TEXT_A), _document("b.md", TEXT_B))
    small = _claim(TEXT_A, "a.md", "1.2 GW", TEXAS)
    large = _claim(TEXT_B, "b.md", "10 GW", TEXAS)
    cost = _claim(TEXT_A, "a.md", "$4.8 billion", COST)
    findings = (
        Finding("CC101", "value-mismatch", severities[0], TEXAS, "1.2 GW vs about 10 GW — 8.3× apart",
                (small, large), "fp-texas",
                (ValueCluster("1.2 GW", (small.id,), 1, None, None), ValueCluster("about 10 GW", (large.id,), 1,
                                                                                   date(2025, 3, 1), date(2025, 3, 1))),
                Suggestion("1.2 GW", "majority", "1 of 2 articles")),
        Finding("CC199", "made-up", severities[1], COST, "only one cost was stated", (cost,), "fp-cost"),
    )
    claims = (small, cost, large)
    graph = ClaimGraph.build(docs, claims, {"northgale": "Northgale Energy"})
    graph.add_findings(findings)
    return Report(docs, claims, findings, tuple(errors), document_count=len(docs), claim_count=len(claims)), graph


@pytest.fixture()
def engine(monkeypatch):
    """Replace the engine: ``engine.set(...)`` chooses the report; ``engine.calls`` records arguments."""
    class Fake:
        calls: list = []
        result = make_report()

        def set(self, **kwargs):
            self.result = make_report(**kwargs)

        def __call__(self, paths, settings, jobs=1, select=(), ignore=(), progress=None, store=None, **engine):
            self.calls.append({"paths": paths, "jobs": jobs, "select": select, "ignore": ignore})
            return self.result

    fake = Fake()
    monkeypatch.setattr(cli, "check_corpus", fake)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return fake


TEXT_FINDINGS = (
    "Northgale Energy (Texas) · capacity\n"
    "  error    CC101 value-mismatch  1.2 GW vs about 10 GW — 8.3× apart\n"
    "    a.md:1:49  '1.2 GW'  — Northgale Energy said its Texas plant will have 1.2 GW of capacity.\n"
    "    b.md:1:51  '10 GW'  — In 2025, Northgale Energy's Texas plant had about 10 GW of capacity.\n"
    "\n"
    "Northgale Energy · cost\n"
    "  warning  CC199 made-up  only one cost was stated\n"
    "    a.md:2:21  '$4.8 billion'  — The plant will cost $4.8 billion.\n"
    "\n"
)


def test_text_output_groups_findings_by_subject(engine):
    result = run("check", "corpus")
    assert result.exit_code == 1
    assert result.stdout == TEXT_FINDINGS + "2 findings (1 error, 1 warning) in 2 documents, 3 claims\n"


def test_json_output_is_the_contract(engine):
    result = run("check", "corpus", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "consistency.report/1"
    assert data["tool"] == {"name": "consistency", "version": cli.__version__}
    assert data["summary"] == {"documents": 2, "claims": 3, "findings": 2, "findings_not_shown": 0, "errors": []}
    assert [f["id"] for f in data["findings"]] == ["fp-texas", "fp-cost"]
    texas = data["findings"][0]
    small, large = (c.id for c in engine.result[0].findings[0].claims)
    assert {k: v for k, v in texas.items() if k != "claims"} == {
        "id": "fp-texas", "rule": "CC101", "name": "value-mismatch", "severity": "error",
        "subject": "Northgale Energy (Texas) · capacity", "message": "1.2 GW vs about 10 GW — 8.3× apart",
        "clusters": [
            {"value": "1.2 GW", "claims": [small], "articles": 1, "earliest": None, "newest": None, "outlier": False},
            {"value": "about 10 GW", "claims": [large], "articles": 1, "earliest": "2025-03-01",
             "newest": "2025-03-01", "outlier": False}],
        "suggestion": {"value": "1.2 GW", "reason": "majority", "detail": "1 of 2 articles"},
    }
    assert data["findings"][1]["clusters"] == [] and data["findings"][1]["suggestion"] is None
    assert texas["claims"] == [
        {"id": small, "path": "a.md", "line": 1, "column": 49, "end_line": 1, "end_column": 55, "text": "1.2 GW",
         "sentence": "Northgale Energy said its Texas plant will have 1.2 GW of capacity.",
         "value": [1.2e9, 1.2e9], "unit": "W", "time": None, "document": "Title of a.md",
         "kind": "quantity", "modality": "planned", "qualifier": None},
        {"id": large, "path": "b.md", "line": 1, "column": 51, "end_line": 1, "end_column": 56, "text": "10 GW",
         "sentence": "In 2025, Northgale Energy's Texas plant had about 10 GW of capacity.",
         "value": [9e9, 1.1e10], "unit": "W", "time": ["2025-01-01", "2026-01-01"], "document": "Title of b.md",
         "kind": "quantity", "modality": "reported", "qualifier": "about"},
    ]
    # Same report, same bytes.
    assert run("check", "corpus", "--format", "json").stdout == result.stdout


def test_output_file_and_read_errors_exit_2_but_still_report(engine, tmp_path):
    engine.set(errors=(ReadError("c.md", "not UTF-8"),))
    out = tmp_path / "findings.json"
    result = run("check", "corpus", "--format", "json", "-o", str(out))
    assert result.exit_code == 2
    assert "consistency: skipped: c.md: not UTF-8" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["errors"] == [{"path": "c.md", "line": None, "message": "not UTF-8", "skipped": True}]
    assert data["summary"]["findings"] == 2


@pytest.mark.parametrize(("severities", "args", "code"), [
    (("error", "warning"), (), 1),
    (("warning", "info"), (), 1),
    (("info", "info"), (), 0),
    (("info", "info"), ("--fail-on", "info"), 1),
    (("warning", "warning"), ("--fail-on", "error"), 0),
    (("error", "info"), ("--fail-on", "error"), 1),
    (("error", "error"), ("--exit-zero",), 0),
])
def test_exit_codes_follow_fail_on_and_exit_zero(engine, severities, args, code):
    engine.set(severities=severities)
    assert run("check", "corpus", *args).exit_code == code


def test_select_and_ignore_reach_the_engine_split_on_commas(engine, monkeypatch):
    monkeypatch.setattr(rules, "select_rules", lambda select, ignore: (), raising=False)
    result = run("check", "corpus", "--select", "CC101,CC102", "--select", "CC1", "--ignore", " CC105 ", "-j", "2")
    assert result.exit_code == 1
    assert engine.calls[-1] == {"paths": ["corpus"], "jobs": 2, "select": ("CC101", "CC102", "CC1"),
                                "ignore": ("CC105",)}


def test_unknown_rule_code_is_a_usage_error(engine, monkeypatch):
    def select_rules(select, ignore):
        unknown = [c for c in (*select, *ignore) if not c.startswith("CC1")]
        if unknown:
            raise ValueError(f"unknown rule code {unknown[0]!r}")
        return ()

    monkeypatch.setattr(rules, "select_rules", select_rules, raising=False)
    result = run("check", "corpus", "--ignore", "CC101,XX9")
    assert result.exit_code == 2
    assert "Invalid value for '--ignore': unknown rule code 'XX9'" in result.stderr
    assert engine.calls == []


@needs_rules
def test_unknown_rule_code_with_the_real_rules(engine):
    result = run("check", "corpus", "--select", "CC999")
    assert result.exit_code == 2
    assert "CC999" in result.stderr


def test_colour_only_when_asked_or_on_a_terminal(engine):
    assert ANSI not in run("check", "corpus").stdout  # CliRunner's stdout is not a TTY
    coloured = run("check", "corpus", "--color").stdout
    assert ANSI in coloured and "CC101" in coloured
    assert ANSI in run("check", "corpus", env={"FORCE_COLOR": "1"}).stdout
    assert ANSI not in run("check", "corpus", env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert ANSI not in run("check", "corpus", "--format", "json", "--color").stdout


def test_graph_export_json_and_graphml_read_back(engine, tmp_path):
    for name in ("graph.json", "graph.graphml"):
        path = tmp_path / name
        result = run("check", "corpus", "--graph", str(path), "--exit-zero")
        assert result.exit_code == 0
        if name.endswith(".json"):
            text = path.read_text(encoding="utf-8")
            graph = nx.node_link_graph(json.loads(text), edges="edges")
            run("check", "corpus", "--graph", str(path), "--exit-zero")
            assert path.read_text(encoding="utf-8") == text  # deterministic
        else:
            graph = nx.read_graphml(path)
        claim_a = next(c for c in engine.result[0].claims if c.text == "1.2 GW")
        claim_b = next(c for c in engine.result[0].claims if c.text == "10 GW")
        node = graph.nodes[f"claim:{claim_a.id}"]
        assert (node["kind"], node["text"], node["path"], node["line"], node["column"]) == (
            "claim", "1.2 GW", "a.md", 1, 49)
        assert graph.nodes["subject:Northgale Energy (Texas) · capacity"]["kind"] == "subject"
        assert "document:a.md" in graph and "alias:northgale" in graph
        relations = {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
        assert (f"claim:{claim_a.id}", f"claim:{claim_b.id}", "contradicts") in relations
        assert (f"claim:{claim_a.id}", "subject:Northgale Energy (Texas) · capacity", "about") in relations
        assert ("document:a.md", f"claim:{claim_a.id}", "mentions") in relations


def test_graph_with_unknown_extension_is_a_usage_error(engine, tmp_path):
    result = run("check", "corpus", "--graph", str(tmp_path / "graph.dot"))
    assert result.exit_code == 2
    assert "must end in .json or .graphml" in result.stderr
    assert engine.calls == []


# --- output at scale: --output-format concise, --statistics, -q, --max-findings, --pretty ------



def test_concise_is_one_clickable_line_per_finding_at_its_first_claim(engine):
    result = run("check", "corpus", "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout == (
        "a.md:1:49: CC101 Northgale Energy (Texas) · capacity: 1.2 GW vs about 10 GW — 8.3× apart\n"
        "a.md:2:21: CC199 Northgale Energy · cost: only one cost was stated\n"
    )
    assert run("check", "corpus", "--format", "concise").stdout == result.stdout


def test_output_format_is_another_name_for_format(engine):
    assert run("check", "corpus", "--output-format", "json").stdout == run("check", "corpus", "--format", "json").stdout
    result = run("check", "corpus", "--output-format", "xml")
    assert result.exit_code == 2 and "'xml' is not one of" in result.stderr


def test_quiet_prints_the_findings_without_the_summary_line(engine):
    result = run("check", "corpus", "-q")
    assert (result.exit_code, result.stdout) == (1, TEXT_FINDINGS)
    assert run("check", "corpus", "--quiet", "--format", "concise").stdout.count("\n") == 2


def _three_findings(engine) -> None:
    """Two CC199 findings (one on the Texas capacity) and one CC101: counts that sort."""
    report, graph = make_report()
    texas, cost = report.findings
    again = replace(cost, subject=TEXAS, fingerprint="fp-cost-2")
    engine.result = (replace(report, findings=(texas, cost, again)), graph)


def test_statistics_count_by_rule_then_by_subject_most_first(engine):
    _three_findings(engine)
    result = run("check", "corpus", "--statistics")
    assert result.exit_code == 1  # as without --statistics
    assert result.stdout == (
        "count  code   rule\n"
        "    2  CC199  made-up\n"
        "    1  CC101  value-mismatch\n"
        "\n"
        "count  subject\n"
        "    2  Northgale Energy (Texas) · capacity\n"
        "    1  Northgale Energy · cost\n"
        "\n"
        "3 findings (1 error, 2 warnings) in 2 documents, 3 claims\n"
    )
    quiet = run("check", "corpus", "--statistics", "-q").stdout
    assert quiet == result.stdout.rpartition("\n\n3 findings")[0] + "\n"


def test_statistics_as_json(engine):
    _three_findings(engine)
    data = json.loads(run("check", "corpus", "--statistics", "--format", "json").stdout)
    assert data["schema"] == "consistency.statistics/1"
    assert data["summary"]["findings"] == 3
    assert data["statistics"] == {
        "rules": [{"code": "CC199", "name": "made-up", "count": 2},
                  {"code": "CC101", "name": "value-mismatch", "count": 1}],
        "subjects": [{"subject": "Northgale Energy (Texas) · capacity", "count": 2},
                     {"subject": "Northgale Energy · cost", "count": 1}],
    }


def test_statistics_exit_code_follows_fail_on(engine):
    engine.set(severities=("info", "info"))
    assert run("check", "corpus", "--statistics").exit_code == 0


@pytest.mark.parametrize("args", [
    ("--statistics", "--format", "sarif"),
    ("--statistics", "--watch"),
    ("--max-findings", "0"),
    ("--max-findings", "many"),
])
def test_output_options_that_cannot_work_are_usage_errors(engine, args):
    result = run("check", "corpus", *args)
    assert result.exit_code == 2
    assert engine.calls == []


def test_max_findings_cuts_the_list_says_so_and_still_exits_on_every_finding(engine):
    engine.set(severities=("info", "error"))  # the error is the one cut
    result = run("check", "corpus", "--max-findings", "1")
    assert result.exit_code == 1
    assert result.stdout == (
        "Northgale Energy (Texas) · capacity\n"
        "  info     CC101 value-mismatch  1.2 GW vs about 10 GW — 8.3× apart\n"
        "    a.md:1:49  '1.2 GW'  — Northgale Energy said its Texas plant will have 1.2 GW of capacity.\n"
        "    b.md:1:51  '10 GW'  — In 2025, Northgale Energy's Texas plant had about 10 GW of capacity.\n"
        "\n"
        "1 finding (0 errors, 0 warnings, 1 info) in 2 documents, 3 claims; "
        "1 more finding not shown (--max-findings 1)\n"
    )
    assert "consistency: note: 1 more finding not shown (--max-findings 1)" in result.stderr
    data = json.loads(run("check", "corpus", "--max-findings", "1", "--format", "json").stdout)
    assert (data["summary"]["findings"], data["summary"]["findings_not_shown"]) == (1, 1)
    assert [f["id"] for f in data["findings"]] == ["fp-texas"]
    assert run("check", "corpus", "--max-findings", "2").stdout == run("check", "corpus").stdout


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_max_findings_applies_to_every_format_and_report(engine, name, tmp_path):
    cut = "only one cost was stated"  # the second finding's message
    assert cut in run("check", "corpus", "--format", name).stdout
    assert cut not in run("check", "corpus", "--format", name, "--max-findings", "1").stdout
    report = tmp_path / "report"
    run("check", "corpus", "--report", f"{name}:{report}", "--max-findings", "1")
    assert cut not in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab", "rdjson"])
def test_json_is_compact_unless_pretty(engine, name):
    compact = run("check", "corpus", "--format", name).stdout
    pretty = run("check", "corpus", "--format", name, "--pretty").stdout
    assert compact.count("\n") == 1
    assert compact == json.dumps(json.loads(compact), separators=(",", ":"), ensure_ascii=False) + "\n"
    assert pretty == json.dumps(json.loads(compact), indent=2, ensure_ascii=False) + "\n"


def test_json_bytes_compact_and_pretty():
    payload = {"b": [1, "é"], "a": None}
    assert json_text(payload) == '{"b":[1,"é"],"a":null}\n'
    assert json_text(payload, sort_keys=True) == '{"a":null,"b":[1,"é"]}\n'
    assert json_text(payload, pretty=True) == '{\n  "b": [\n    1,\n    "é"\n  ],\n  "a": null\n}\n'


def test_graph_json_is_compact_unless_pretty(engine, tmp_path):
    path = tmp_path / "graph.json"
    run("check", "corpus", "--graph", str(path))
    compact = path.read_text(encoding="utf-8")
    run("check", "corpus", "--graph", str(path), "--pretty")
    data = json.loads(compact)
    assert compact == json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True) + "\n"
    assert path.read_text(encoding="utf-8") == json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@needs_rules
def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "summary"]
    codes = [line.split()[0] for line in lines[1:]]
    assert codes == [r.code for r in rules.ALL_RULES] and "CC101" in codes
    data = json.loads(run("rules", "--format", "json").stdout)
    cc101 = next(r for r in data["rules"] if r["code"] == "CC101")
    assert cc101["name"] == "value-mismatch" and cc101["summary"]
    assert set(cc101) == {"code", "name", "severity", "summary"}


@needs_rules
def test_explain_prints_the_rule_docstring_by_code_or_name():
    result = run("explain", "CC101")
    assert result.exit_code == 0
    assert result.stdout.startswith("CC101 value-mismatch (default severity: ")
    assert result.stdout.count("value-mismatch") == 1 and "``" not in result.stdout
    assert "\nWhat it flags\n" in result.stdout and "`tolerance.fx`" in result.stdout
    assert run("explain", "value-mismatch").stdout == result.stdout
    assert run("explain", "cc101").stdout == result.stdout
    unknown = run("explain", "CC999")
    assert unknown.exit_code == 2
    assert "no rule 'CC999'; valid codes: CC101" in unknown.stderr


def test_long_sentences_are_clipped_around_the_claim_at_word_boundaries():
    sentence = "Before " * 30 + "the plant reached 1.2 GW of capacity" + " after" * 30
    clipped = clip_sentence(sentence, "1.2 GW", width=60)
    assert clipped == "…the plant reached 1.2 GW of capacity after after after…"
    assert clip_sentence("Short\n  sentence.", "x") == "Short sentence."


def test_a_headline_figure_the_body_contradicts_is_reported_at_its_front_matter_line(tmp_path):
    """Through the whole pipeline: the front matter's title is read as the article's first
    paragraph, its figure linked to the body's, and CC111 points at the title's line."""
    (tmp_path / "deal.md").write_text(
        '---\ntitle: "Pellam Rail to buy Tavrin Freight for $3.1 billion"\ndate: 2026-03-02\n---\n'
        "Pellam Rail agreed on Monday to buy Tavrin Freight for $2.4 billion in cash, the companies said.\n",
        encoding="utf-8")
    result = run("check", str(tmp_path / "deal.md"), "--no-cache", "--format", "json")
    finding, = json.loads(result.output)["findings"]
    assert (finding["rule"], finding["subject"]) == ("CC111", "Pellam Rail (Tavrin Freight) · price")
    assert finding["message"] == ("the headline says $3.1 billion but the article says $2.4 billion (line 5) "
                                  "— 29% apart (Pellam Rail to buy Tavrin Freight for $3.1 billion)")
    assert [(c["text"], c["line"], c["column"]) for c in finding["claims"]] == [("$3.1 billion", 2, 47),
                                                                                  ("$2.4 billion", 5, 56)]
    assert result.exit_code == 1


def test_show_updates_lists_a_signalled_change_as_info_and_exits_0(tmp_path):
    """A later article that says a figure changed ("will now cost ... after delays") is no
    finding by default; --show-updates lists it as info (rule CC113), older value first."""
    (tmp_path / "a.md").write_text("---\ntitle: Bridge approved\ndate: 2025-03-01\n---\n"
                                   "The Tollan bridge will cost $1.2 billion, the regional government said.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: Bridge costs rise\ndate: 2026-04-01\n---\n"
                                   "The Tollan bridge will now cost $1.5 billion after delays, the regional "
                                   "government said.\n", encoding="utf-8")
    quiet = run("check", str(tmp_path), "--no-cache", "--format", "json")
    assert (quiet.exit_code, json.loads(quiet.output)["findings"]) == (0, [])
    shown = run("check", str(tmp_path), "--no-cache", "--format", "json", "--show-updates")
    finding, = json.loads(shown.output)["findings"]
    assert (finding["rule"], finding["severity"], finding["subject"]) == ("CC113", "info", "Tollan · cost")
    assert finding["message"] == ("updated: $1.2 billion (Bridge approved, 2025-03-01) → "
                                  "$1.5 billion (Bridge costs rise, 2026-04-01)")
    assert shown.exit_code == 0
