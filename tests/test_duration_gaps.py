"""How far apart two lengths of time are, as a finding's message says it: by their difference."""
from __future__ import annotations

from pathlib import Path

import pytest

import consistency
from helpers import article, write_files


@pytest.mark.parametrize(("first", "second", "gap"), [
    ("in 2:05:41", "in 2:06:14", "33 seconds apart"),
    ("in 1:52.31", "in 1:53.21", "0.9 seconds apart"),
])
def test_race_times_differ_by_seconds(tmp_path: Path, first: str, second: str, gap: str) -> None:
    write_files(tmp_path, {
        "a.md": article("Ekeli wins", f"Tomas Ekeli won the Harbourside Marathon on Sunday {first}.", date="2026-10-04"),
        "b.md": article("Ekeli takes title", f"Tomas Ekeli pulled clear on Sunday, crossing the line {second}.",
                        date="2026-10-04"),
    })
    findings = consistency.check([str(tmp_path)]).findings
    assert [(f.rule, f.subject.attribute, f.subject.scope) for f in findings] == [("CC101", "time", "2026-10-04")]
    assert findings[0].message.endswith(f" — {gap}")


def test_prison_terms_differ_by_months(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "a.md": article("Marsh jailed", "Ewan Marsh was sentenced on Friday to six years in prison.", date="2026-03-27"),
        "b.md": article("Thief jailed", "Ewan Marsh was jailed for four and a half years on Friday.", date="2026-03-27"),
    })
    findings = consistency.check([str(tmp_path)]).findings
    assert [f.message for f in findings] == [
        "six years (Marsh jailed) vs four and a half years (Thief jailed) — 18 months apart"]
