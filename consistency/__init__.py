"""consistency: find numeric and temporal claims that contradict each other across articles.

Python API::

    import consistency
    claims = consistency.extract("The 1.2-gigawatt campus opens in late 2026.")
    report = consistency.check(["articles/"])   # report.findings: the contradictions
"""
__version__ = "0.1.0"

# Bound after the import: the stage package `consistency.extract` would otherwise shadow
# the function of the same name on this module.
from consistency.api import check, extract, extract_paths  # noqa: E402

__all__ = ["__version__", "check", "extract", "extract_paths"]
