"""Shared pytest setup: hypothesis budgets (small by default; HYPOTHESIS_PROFILE=fuzz for `make fuzz`).

Tiers: tests marked ``stress`` (registered in pyproject.toml) are left out of `make test` by the
``-m 'not stress'`` in ``addopts`` and run by `make test-all` (``-m ""``) and CI. Plain helpers
shared by the test files (the in-process CLI runner, the article writer, the two-article corpus,
the CPU-time growth measure) are in ``helpers.py``; the shared sentences in ``snippets.py``.
Both are imported by name (``from helpers import run_cli``); this file is not.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
