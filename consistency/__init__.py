"""consistency: find numeric and temporal claims that contradict each other across articles.

Python API::

    import consistency
    claims = consistency.extract("The 1.2-gigawatt campus opens in late 2026.")
    report = consistency.check(["articles/"])   # report.findings: the contradictions
"""
__version__ = "0.1.0"

# Bound after the stage package `consistency.extract` is imported (it is empty; its modules
# load on first use): importing it later would shadow the function of the same name.
import consistency.extract  # noqa: E402,F401
from consistency.api import check, extract, extract_paths  # noqa: E402

__all__ = ["__version__", "check", "extract", "extract_paths"]
