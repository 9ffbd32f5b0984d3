"""The many-files benchmark's corpus, and the run it times at a small size: typo matching in
blocks of names that share their first letters stays linear and still joins planted typos."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from consistency.link import aliases
from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.many_files import HEADS, TYPO_EVERY, write_many_files  # noqa: E402


def test_corpus_plants_one_letter_typos_of_earlier_files(tmp_path: Path) -> None:
    written = write_many_files(tmp_path, 400)
    assert written.files == 400 and len(written.typos) == 400 // TYPO_EVERY
    for original, typo in written.typos:
        first = (tmp_path / original).read_text(encoding="utf-8").split()
        second = (tmp_path / typo).read_text(encoding="utf-8").split()
        assert first[0] == second[0] in HEADS
        assert sum(a != b for a, b in zip(first[1], second[1])) == 1 and len(first[1]) == len(second[1])
        assert int(second[5].strip("$")) == 3 * int(first[5].strip("$"))
    again = tmp_path / "again"
    write_many_files(again, 400)
    assert all((again / p.relative_to(tmp_path)).read_bytes() == p.read_bytes()
               for p in tmp_path.glob("0*/*.md"))


@pytest.mark.parametrize("files,max_block", [pytest.param(800, 2_000, id="800-neighbours"),
                                             pytest.param(6_000, aliases.MAX_BLOCK_COMPARISONS, id="6000",
                                                          marks=pytest.mark.stress)])
def test_check_joins_the_planted_typos_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        files: int, max_block: int) -> None:
    """Blocks of files / 4 names with one start: over ``max_block`` pairs, each key is compared
    with its neighbours only, and every planted typo is still found."""
    monkeypatch.setattr(aliases, "MAX_BLOCK_COMPARISONS", max_block)
    written = write_many_files(tmp_path / "corpus", files)
    monkeypatch.chdir(tmp_path / "corpus")
    result = run_cli("check", ".", "--isolated", "--format", "json", "--no-cache", "-j", "2", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    involved = {tuple(sorted({c["path"] for c in f["claims"]})) for f in json.loads(result.stdout)["findings"]}
    assert involved == {tuple(sorted(pair)) for pair in written.typos}
