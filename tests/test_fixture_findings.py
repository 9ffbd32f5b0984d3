"""`consistency check` on the bundled fixtures: exactly the contradictions an editor would agree
with (the digest's acceptance list and the content repo's planted ones), and nothing else.

Two items of the digest's original acceptance list are not expected since claim frames
(link stage v2): the "512-core" AmpereOne Aurora and Ampere's CPUs "with up to 192 custom
cores" are two products, which the frames keep apart (the issue allows this); and the
implied homes per gigawatt of "a single Phase 5 campus" (5 GW, five million homes) has no
holder the text names, so it is compared with nothing."""
from pathlib import Path

import pytest

import consistency

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = {
    ("CC101", "Harbor Wind · capacity", frozenset({"1.4-gigawatt (GW)", "1.2-gigawatt"})),
    ("CC103", "Harbor Wind · first power", frozenset({"September 12, 2026", "late 2027"})),
    ("CC103", "Rapidus · pilot production", frozenset({"as of January 2026", "April 2026"})),
    ("CC108", "OpenAI · valuation", frozenset({"$157 billion", "$150 billion"})),
    ("CC101", "Stargate (Texas) · capacity", frozenset({"1.2-gigawatt (GW)", "1.2 GW", "10-gigawatt"})),
}

# Pairs the acceptance list says must not be reported together.
NOT_CONTRADICTIONS = [
    ("early 2027", "2027"),
    ("$6.34 billion", "$6.3 billion"),
    ("$12.7 billion", "$13 billion"),
    ("November 25, 2025", "late November 2025"),
    ("10 gigawatts (GW)", "7-to-10 gigawatt"),
    ("late-2026", "late 2026"),
    ("1-trillion parameter", "1 trillion parameters"),
]


@pytest.fixture(scope="module")
def report():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return consistency.check(["fixtures"])


def test_fixture_findings_are_exactly_the_planted_contradictions(report):
    got = {(f.rule, f.subject.label, frozenset(c.text for c in f.claims)) for f in report.findings}
    assert got == EXPECTED


@pytest.mark.parametrize(("one", "other"), NOT_CONTRADICTIONS)
def test_near_misses_are_not_findings(report, one, other):
    for finding in report.findings:
        texts = {c.text for c in finding.claims}
        assert not {one, other} <= texts, finding.message


def test_the_two_500_million_investments_are_not_compared(report):
    assert not any(c.text == "$500 million" for f in report.findings for c in f.claims)


def test_findings_do_not_depend_on_jobs_or_path_order():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.setattr("consistency.engine.CHUNK_SIZE", 2)  # 15 documents: the process pool really runs
        a = consistency.check(["fixtures/news", "fixtures/content"])
        b = consistency.check(["fixtures/content", "fixtures/news"], jobs=2)
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings]
