"""Inline suppressions: which findings each directive silences, and which directives are unused.

Each case is a small corpus with real contradictions (Brisk Energy's Ohio capacity, Coldwater
Power's Texas cost), run through ``consistency.check`` and then ``apply_suppressions``.
"""
import pytest

import consistency
from consistency.narrow.suppress import Directive, apply_suppressions, load_suppressions
from helpers import front_matter as front, write_files
from snippets import OHIO, OHIO_3, OHIO_12, TEXAS, TEXAS_4, TEXAS_9


B_PLAIN = front("B") + f"{OHIO_12}\n\n{TEXAS_9}\n"

# Each case: files of the corpus, the subjects whose finding is suppressed, the unused directives.
CASES = {
    "no directives": dict(
        a=front("A") + f"{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[], unused=[]),
    "next line, one code": dict(
        a=front("A") + f"<!-- consistency-disable-next-line CC101 -->\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "next line skips blank lines, no code means every rule": dict(
        a=front("A") + f"<!-- consistency-disable-next-line -->\n\n\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "next line covers only the next line": dict(
        a=front("A") + f"<!-- consistency-disable-next-line CC101 -->\nNo numbers here.\n\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[], unused=[("c/a.md", 6, ("CC101",))]),
    "next line, other rule: unused": dict(
        a=front("A") + f"<!-- consistency-disable-next-line CC102 -->\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[], unused=[("c/a.md", 6, ("CC102",))]),
    "rule name instead of code": dict(
        a=front("A") + f"<!-- consistency-disable-next-line value-mismatch -->\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "codes separated by comma and space; only the idle ones are unused": dict(
        a=front("A") + f"<!-- consistency-disable-next-line CC103, cc101 CC102 -->\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[("c/a.md", 6, ("CC102", "CC103"))]),
    "stacked next-line directives target the same line": dict(
        a=front("A") + f"<!-- consistency-disable-next-line CC102 -->\n"
                       f"<!-- consistency-disable-next-line CC101 -->\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[("c/a.md", 6, ("CC102",))]),
    "same line": dict(
        a=front("A") + f"{OHIO_3} <!-- consistency-disable-line CC101 -->\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "range until enable": dict(
        a=front("A") + f"<!-- consistency-disable CC101 -->\n{OHIO_3}\n<!-- consistency-enable -->\n\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "range without enable runs to the end of the file": dict(
        a=front("A") + f"{OHIO_3}\n\n<!-- consistency-disable -->\n{TEXAS_4}\n",
        suppressed=[TEXAS], unused=[]),
    "enable with a code re-enables only that rule": dict(
        a=front("A") + f"<!-- consistency-disable -->\n{OHIO_3}\n\n"
                       f"<!-- consistency-enable CC999 -->\n{TEXAS_4}\n",
        suppressed=[OHIO, TEXAS], unused=[]),
    "enable with the finding's code ends the range for it": dict(
        a=front("A") + f"<!-- consistency-disable -->\n{OHIO_3}\n\n"
                       f"<!-- consistency-enable CC101 -->\n{TEXAS_4}\n",
        suppressed=[OHIO], unused=[]),
    "range that covers no claim is unused": dict(
        a=front("A") + f"{OHIO_3}\n<!-- consistency-disable CC101 -->\nNothing.\n"
                       f"<!-- consistency-enable -->\n{TEXAS_4}\n",
        suppressed=[], unused=[("c/a.md", 7, ("CC101",))]),
    "either end of a contradiction silences it": dict(
        a=front("A") + f"{OHIO_3}\n\n{TEXAS_4}\n",
        b=front("B") + f"{OHIO_12}\n\n<!-- consistency-disable-next-line CC101 -->\n{TEXAS_9}\n",
        suppressed=[TEXAS], unused=[]),
    "front matter false skips the file": dict(
        a=front("A", "consistency: false\n") + f"{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO, TEXAS], unused=[]),
    "front matter disable list": dict(
        a=front("A", "consistency:\n  disable: [CC101, CC105]\n") + f"{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[OHIO, TEXAS], unused=[("c/a.md", 4, ("CC105",))]),
    "front matter true or other keys do nothing": dict(
        a=front("A", "consistency: true\n") + f"{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[], unused=[]),
    "directives inside a code fence are examples": dict(
        a=front("A") + f"```\n<!-- consistency-disable -->\n```\n\n{OHIO_3}\n\n{TEXAS_4}\n",
        suppressed=[], unused=[]),
}


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c").mkdir()

    def make(files: dict[str, str]):
        write_files(tmp_path / "c", files)
        findings = consistency.check(["c"]).findings
        return findings, load_suppressions(sorted({c.location.path for f in findings for c in f.claims}))
    return make


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_suppression_case(corpus, case):
    findings, suppressions = corpus({"a.md": case["a"], "b.md": case.get("b", B_PLAIN)})
    assert [f.subject.label for f in findings] == [OHIO, TEXAS]  # the directives hide nothing from the check
    kept, suppressed, unused = apply_suppressions(findings, suppressions)
    assert [f.subject.label for f in suppressed] == case["suppressed"]
    assert [f.subject.label for f in kept] == [s for s in (OHIO, TEXAS) if s not in case["suppressed"]]
    assert unused == case["unused"]


def test_html_comment_in_an_html_file(corpus):
    html = ("<html><head><title>H</title><meta name=\"date\" content=\"2024-03-02\"></head><body>\n"
            "<!-- consistency-disable-next-line CC101 -->\n"
            f"<p>{OHIO_12}</p>\n</body></html>\n")
    findings, suppressions = corpus({"a.md": front("A") + f"{OHIO_3}\n", "h.html": html})
    kept, suppressed, unused = apply_suppressions(findings, suppressions)
    assert ([f.subject.label for f in suppressed], kept, unused) == ([OHIO], [], [])


@pytest.mark.parametrize(("text", "suppressed"), [
    (f"<!-- consistency-disable-next-line CC101 -->\n{OHIO_12}\n", [OHIO]),
    (f"  <!-- consistency-disable CC101 -->  \n{OHIO_12}\n", [OHIO]),
    (f"See <!-- consistency-disable-next-line CC101 -->\n{OHIO_12}\n", []),  # not alone on its line
])
def test_text_files_need_the_directive_alone_on_its_line(corpus, text, suppressed):
    findings, suppressions = corpus({"a.md": front("A") + f"{OHIO_3}\n", "t.txt": text})
    _kept, got, _unused = apply_suppressions(findings, suppressions)
    assert [f.subject.label for f in got] == suppressed


def test_directives_are_read_with_their_lines(corpus, tmp_path):
    (tmp_path / "c").mkdir(exist_ok=True)
    (tmp_path / "c/x.md").write_text(front("X", "consistency: {disable: cc101}\n")
                                     + "<!-- consistency-disable-next-line -->\r\n\r\nText.\r\n")
    assert load_suppressions(["c/x.md", "c/missing.md"]).directives() == [
        Directive("c/x.md", 4, "file", ("CC101",)),
        Directive("c/x.md", 7, "next-line", (), 9),
    ]


def test_cache_follows_file_changes(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("<!-- consistency-disable -->\n")
    assert [d.kind for d in load_suppressions([str(path)]).directives()] == ["disable"]
    path.write_text("<!-- consistency-enable -->\nplus a longer line so the size changes\n")
    assert [d.kind for d in load_suppressions([str(path)]).directives()] == ["enable"]
