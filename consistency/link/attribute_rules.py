"""A spaCy pipeline's attribute ruler, applied by looking its one-token rules up by word and tag.

The English pipelines map tags to parts of speech and fix exceptions ("not" is a particle,
"does" an auxiliary) with an ``attribute_ruler`` of about 180 token patterns. spaCy's
matcher tries every pattern on every token, which costs as much as the parser itself.
Almost all of these patterns test one token by its lowercase form, tag or dependency, so
they can be found by a dictionary lookup instead. ``IndexedAttributeRules`` does that
and leaves the few patterns that span several tokens (or use other tests) to a matcher,
applying every match in the ruler's own order: the output is the ruler's, token for
token (``tests/test_parse_cache.py`` compares them).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

# Token attributes a one-token rule may test: columns of ``Doc.to_array``, which gives string
# attributes as their hashes in the vocabulary and flags as 0 or 1.
_COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")
# The attributes rules are indexed by, the most selective first.
_INDEX_KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")

Row = tuple[int, ...]
# Rows whose matching rules are remembered at most (a few megabytes).
_ROWS_KEPT = 50_000
Test = Callable[[Row], bool]


def _value_test(column: int, spec: Any, code: Callable[[Any], int],
                text: Callable[[int], str]) -> Test | None:
    """A test of one attribute, or None when ``spec`` uses an operator not handled here."""
    if not isinstance(spec, dict):
        wanted = code(spec)
        return lambda row: row[column] == wanted
    if len(spec) != 1:
        return None
    (op, arg), = spec.items()
    if op == "IN":
        allowed = frozenset(map(code, arg))
        return lambda row: row[column] in allowed
    if op == "NOT_IN":
        banned = frozenset(map(code, arg))
        return lambda row: row[column] not in banned
    if op == "REGEX":
        pattern = re.compile(arg)
        return lambda row: pattern.search(text(row[column])) is not None
    return None


def _token_test(pattern: Mapping[str, Any], code: Callable[[Any], int],
                text: Callable[[int], str]) -> Test | None:
    """A test of one token's row for a one-token pattern, or None when it cannot be indexed."""
    tests = []
    for key, spec in pattern.items():
        test = _value_test(_COLUMNS.index(key), spec, code, text) if key in _COLUMNS else None
        if test is None:
            return None
        tests.append(test)
    if len(tests) == 1:
        return tests[0]
    return lambda row: all(test(row) for test in tests)


def _index_values(pattern: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]] | None:
    """The attribute and the values a token must have for the pattern to match, if any."""
    for key in _INDEX_KEYS:
        spec = pattern.get(key)
        if spec is None:
            continue
        if not isinstance(spec, dict):
            return key, (spec,)
        if set(spec) == {"IN"}:
            return key, tuple(spec["IN"])
    return None


class IndexedAttributeRules:
    """Applies an ``AttributeRuler``'s rules to parsed docs, one-token rules by lookup."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher
        from spacy.tokens._retokenize import set_token_attrs

        strings = ruler.vocab.strings

        def code(value: Any) -> int:
            return int(value) if isinstance(value, bool) else strings.add(value)

        self._set = set_token_attrs
        self._attrs = list(ruler.attrs)
        self._indexed: dict[str, dict[int, list[tuple[int, Test]]]] = {key: {} for key in _INDEX_KEYS}
        self._always: list[tuple[int, Test]] = []
        self._matcher = Matcher(ruler.vocab)
        self._offsets: dict[int, int] = {}
        for rule_id, entry in enumerate(ruler.patterns):
            rest = []
            for pattern in entry["patterns"]:
                test = (_token_test(pattern[0], code, strings.__getitem__)
                        if len(pattern) == 1 and entry["index"] in (0, -1) else None)
                if test is None:
                    rest.append(pattern)
                    continue
                where = _index_values(pattern[0])
                if where is None:
                    self._always.append((rule_id, test))
                else:
                    for value in where[1]:
                        self._indexed[where[0]].setdefault(code(value), []).append((rule_id, test))
            if rest:
                self._matcher.add(str(rule_id), rest)
                self._offsets[ruler.vocab.strings[str(rule_id)]] = entry["index"]
        self._lookups = [(_COLUMNS.index(key), table) for key, table in self._indexed.items() if table]
        self._known: dict[Row, tuple[int, ...]] = {}

    def __call__(self, doc: Any) -> Any:
        found: list[tuple[int, int]] = []
        for i, row in enumerate(map(tuple, doc.to_array(list(_COLUMNS)).tolist())):
            found.extend((rule_id, i) for rule_id in self._one_token_rules(row))
        if self._offsets:
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                span = doc[start:end]
                found.append((int(doc.vocab.strings[match_id]), span[self._offsets[match_id]].i))
        for rule_id, i in sorted(set(found)):
            self._set(doc[i], self._attrs[rule_id])
        return doc

    def _one_token_rules(self, row: Row) -> tuple[int, ...]:
        """The one-token rules a token's row matches, remembered by row (words recur)."""
        rules = self._known.get(row)
        if rules is None:
            if len(self._known) >= _ROWS_KEPT:
                self._known.clear()
            rules = self._known[row] = (
                *(rule_id for column, table in self._lookups for rule_id, test in table.get(row[column], ()) if test(row)),
                *(rule_id for rule_id, test in self._always if test(row)))
        return rules
