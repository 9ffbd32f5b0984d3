"""Rule CC106 sum-of-parts: its check and its documentation."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from importlib import resources

from consistency.model import Claim, Finding, Subject
from consistency.normalize.units import format_quantity
from consistency.rules.base import Rule, RuleContext
from consistency.rules.blocks import DOCUMENT
from consistency.rules.tolerance import describe, figures_by_sentence, make_finding, positions_in_sentence, widened


# Words allowed between the total and the cue: "$12 billion program is split into".
MAX_WORDS_TO_CUE = 6

_LEXICON = tomllib.loads(resources.files("consistency.data").joinpath("parts.toml").read_text(encoding="utf-8"))
_CUES = _LEXICON["cues"]
_CUE = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(_CUES["parts"] + _CUES["split"], key=len, reverse=True))
                  + r")\b", re.IGNORECASE)
_SPLIT = frozenset(_CUES["split"])
_BREAK = re.compile("|".join(re.escape(b) for b in _CUES["clause_breaks"]), re.IGNORECASE)
_WORD = re.compile(r"\w+")
_FOLLOW = _LEXICON["follow"]
_FOLLOW_WHOLE = re.compile("|".join(f"(?:{p})" for p in _FOLLOW["whole"]), re.IGNORECASE)
_FOLLOW_SELECTION = re.compile("|".join(f"(?:{p})" for p in _FOLLOW["selection"]), re.IGNORECASE)
_REST = re.compile("|".join(f"(?:{p})" for p in _FOLLOW["rest"]), re.IGNORECASE)


def check(ctx: RuleContext) -> Iterable[Finding]:
    findings = []
    sentences = [(s, m) for s, m in figures_by_sentence(ctx.claims) if not any(c.modality == "revised" for c in m)]
    for sentence, members in sentences:
        finding = _check_sentence(sentence, members)
        if finding is not None:
            findings.append(finding)
    in_order = sorted(sentences, key=lambda item: (item[1][0].document_id, item[1][0].start))
    for (_, first), (following, second) in zip(in_order, in_order[1:]):
        finding = _check_following(first, following, second) if first[0].document_id == second[0].document_id \
            else None
        if finding is not None:
            findings.append(finding)
    return findings


def _check_following(first: list[Claim], following: str, second: list[Claim]) -> Finding | None:
    """A total, the only figure of its kind and unit in its sentence, and its parts in the
    next sentence with figures, which opens by pointing back at it ("The money comes from
    ...", "Of that, ...") or names the rest of it ("and the rest, $80 million, ...")."""
    whole = _FOLLOW_WHOLE.match(following) or _REST.search(following)
    if whole is None and _FOLLOW_SELECTION.match(following) is None:
        return None
    for total in first:
        same = [c for c in first if c.unit == total.unit and c.kind == total.kind]
        parts = [c for c in second if c.unit == total.unit and c.kind == total.kind]
        if len(same) == 1 and len(parts) >= 2:
            verdict = _verdict(total, parts, whole is not None)
            return _finding(total, parts, verdict) if verdict else None
    return None


RULE = Rule(
    code="CC106",
    name="sum-of-parts",
    severity="warning",
    scope=DOCUMENT,
    min_claims=2,  # a finding compares two claims at least
    summary="the parts listed after a total do not add up to it.",
    options=(),
    check=check,
    docs="""\
What it flags
    A sentence with a total followed closely by a cue ("of which", "including",
    "comprising", "split into", "divided between", ...) and two or more figures in the
    total's unit before the clause ends. Flagged when the parts, each widened by its
    implied precision, add up to more than the total allows; with a split cue ("split
    into", "divided between"), which promises the whole, also when they add up to less.
    Across sentences: a total that is the only figure of its kind and unit in its sentence,
    and two or more figures in its unit in the next sentence with figures, when that one
    opens by pointing back at the total: "The money comes from ...", "It is split
    between ..." (the whole: flagged when more or less) or "Of that, ..." (flagged when
    more), or that names "the rest" or "the remainder" among the parts (the whole).
    Cues are data: `consistency/data/parts.toml`.

Why it matters
    "$500 billion, of which $100 billion now and $450 billion later" is arithmetic a
    reader can check; one of the three figures is wrong.

Example (bad)
    T: "The $12 billion program is split into $5 billion for grids and $4 billion for storage."
    -> parts $5 billion + $4 billion = $9 billion add up to less than the total $12 billion
       ('$12 billion', T)

Not flagged (good)
    "$500 billion, of which $100 billion ... and $400 billion ..." (adds up);
    "$10 billion, including $2 billion and $3 billion" (a selection of parts);
    parts in another unit than the total; sentences stated as revisions.

Options
    None.

Severity
    A warning: the detector reads one sentence, or two, and cannot see every clause.""",
)


def _check_sentence(sentence: str, members: list[Claim]) -> Finding | None:
    positions = positions_in_sentence(sentence, members)
    for cue in _CUE.finditer(sentence):
        before = [(s, e, c) for s, e, c in positions if e <= cue.start()]
        if not before:
            continue
        t_start, t_end, total = before[-1]
        if len(_WORD.findall(sentence, t_end, cue.start())) > MAX_WORDS_TO_CUE:
            continue
        stop = _BREAK.search(sentence, cue.end())
        end = stop.start() if stop else len(sentence)
        parts = [c for s, e, c in positions if s >= cue.end() and e <= end
                 and c.unit == total.unit and c.kind == total.kind]
        if len(parts) < 2:
            continue
        verdict = _verdict(total, parts, cue.group(1).lower() in _SPLIT)
        if verdict:
            return _finding(total, parts, verdict)
    return None


def _verdict(total: Claim, parts: list[Claim], whole: bool) -> str | None:
    t = widened(total)
    ends = [widened(p) for p in parts]
    lo = None if any(e.lo is None for e in ends) else sum(e.lo for e in ends)  # type: ignore[misc]
    hi = None if any(e.hi is None for e in ends) else sum(e.hi for e in ends)  # type: ignore[misc]
    if lo is not None and t.hi is not None and lo > t.hi:
        return "more"
    if whole and hi is not None and t.lo is not None and hi < t.lo:
        return "less"
    return None


def _finding(total: Claim, parts: list[Claim], verdict: str) -> Finding:
    unit = total.unit or ""
    stated = sum((p.value.lo + p.value.hi) / 2 for p in parts if p.value and p.value.lo is not None
                 and p.value.hi is not None)
    listed = " + ".join(describe(p) for p in parts)
    message = (f"parts {listed} = {format_quantity(stated, unit)} add up to {verdict} than the total "
               f"{describe(total)} ('{total.text}', {total.title})")
    subject = total.subject or Subject(total.title, "sum of parts")
    return make_finding(RULE, subject, [total, *parts], message)
