"""Cue-word lexicons of the link stage, loaded once from consistency/data/*.toml."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources


def load(name: str) -> dict:
    """One TOML file of consistency/data."""
    return tomllib.loads(resources.files("consistency.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=None)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, lowercase matcher for phrases, longest first ("funding round" before "round")."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


WORD = re.compile(r"[\w'’.-]+")


def words_between(text: str, start: int, end: int) -> int:
    """How many words stand in text[start:end]."""
    return len(WORD.findall(text, start, end)) if end > start else 0
