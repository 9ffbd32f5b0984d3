"""The corpus-wide judging of blocks, each within the time limit: a subject whose claims take
too long to judge (tens of thousands of them in one pathological article) is reported and
left out, and every other subject is judged."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from consistency.engine.analyse import DocumentTimeout, time_limit
from consistency.engine.progress import Steps
from consistency.model import Claim, Finding, ReadError
from consistency.rules.base import Rule
from consistency.rules.blocks import AMOUNT, DOCUMENT, RATIO, BlockKey, judge
from consistency.settings import Settings


def judge_each(rules: Sequence[Rule], blocks: Mapping[BlockKey, Sequence[Claim]], settings: Settings,
               aliases: Mapping[str, str],
               steps: Steps | None = None) -> tuple[dict[BlockKey, list[Finding]], list[ReadError]]:
    """``judge`` (the same findings) one block at a time, each within ``settings.document_timeout``;
    a block over it has no findings and a problem reported on the file of its first claim.
    ``steps`` hears of each block judged."""
    found: dict[BlockKey, list[Finding]] = {}
    late = []
    for done, key in enumerate(sorted(blocks), 1):
        claims = blocks[key]
        try:
            with time_limit(settings.document_timeout):
                found.update(judge(rules, {key: claims}, settings, aliases))
        except DocumentTimeout as exc:
            late.append(ReadError(claims[0].location.path,
                                  f"not checked: {_what(key, claims, aliases)} {exc} (--timeout)"))
        if steps is not None:
            steps(done, len(blocks))
    return found, late


def _what(key: BlockKey, claims: Sequence[Claim], aliases: Mapping[str, str]) -> str:
    """What a block holds, as a message names it."""
    if key[0] == DOCUMENT:
        return "the claims of this document"
    if key[0] == AMOUNT:
        written = next(c.text for c in claims if c.original_unit == key[1])
        return f"the stated conversions of {written!r}"
    if key[0] == RATIO:
        return f"the ratios of {key[1]} stated in these articles"
    return f"the claims about {aliases.get(key[1], key[1])}"
