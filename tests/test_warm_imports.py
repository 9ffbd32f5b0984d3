"""A warm re-check (nothing changed) loads none of the libraries only reading, linking, the
progress bar, the text report or --watch need: starting them is most of a warm run's time."""
import json
import subprocess
import sys

from helpers import article

# Loaded only by what a warm re-check with JSON output does not do.
NOT_ON_A_WARM_RUN = ("spacy", "yaml", "pathspec", "rapidfuzz", "rich", "watchfiles", "networkx", "pint")

_CHECK = """
import json, sys
import consistency.engine
consistency.engine.RACY_SECONDS = 0  # the files were just written: stamp them all the same
from consistency.cli import main
try:
    main(["check", sys.argv[1], "--format", "json", "-o", sys.argv[2], "--exit-zero", "--cache-dir", sys.argv[3]])
except SystemExit:
    pass
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in json.loads(sys.argv[4]))))
"""


def _check(corpus, output, cache) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _CHECK, str(corpus), str(output), str(cache),
                          json.dumps(NOT_ON_A_WARM_RUN)], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(run.stdout.splitlines()[-1])


def test_a_warm_recheck_loads_no_reading_or_linking_library(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(article("Plant", "Northgale Energy's Texas plant has 1.2 GW of capacity."))
    (corpus / "b.md").write_text(article("Plant", "Northgale Energy's Texas plant has 10 GW of capacity."))
    (corpus / ".ignore").write_text("drafts/\n")
    cold = _check(corpus, tmp_path / "cold.json", tmp_path / "cache")
    assert {"yaml", "pathspec"} <= {name.split(".")[0] for name in cold}  # read the files and the ignore file
    warm = _check(corpus, tmp_path / "warm.json", tmp_path / "cache")
    assert warm == [name for name in warm if name.startswith("pathspec")]  # the ignore file only
    assert (tmp_path / "warm.json").read_bytes() == (tmp_path / "cold.json").read_bytes()
