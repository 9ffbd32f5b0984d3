"""consistency: find numeric and temporal claims that contradict each other across articles.

Python API::

    import consistency
    claims = consistency.extract("The 1.2-gigawatt campus opens in late 2026.")
"""
__version__ = "0.1.0"


def __getattr__(name: str):
    # Imported lazily so that `import consistency` stays cheap for the CLI's --version.
    if name in ("extract", "extract_paths"):
        from consistency import api

        return getattr(api, name)
    raise AttributeError(name)
