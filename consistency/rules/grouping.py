"""One finding per subject and rule: a subject's statements grouped into value clusters.

A *statement* is what one place in an article says: a figure (one claim), or claims said
together (a stated conversion; a power and the count it equals). A rule groups a subject's
statements into clusters of agreeing values; ``grouped_finding`` turns them into one finding
that says, for each cluster, its value, its claims, how many articles state it and when; which
value it suggests keeping (the fact sheet's, else the newest articles', else most articles'),
never applying it; and which clusters are outliers. Its fingerprint is the clusters' identity
(each cluster's representative value), so an article that agrees with a cluster keeps it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from consistency.model import Claim, Finding, Subject, Suggestion, ValueCluster
from consistency.rules.base import Rule, RuleContext
from consistency.rules.facts import facts_about, fact_claim
from consistency.rules.tolerance import (apart_text, cite, claim_order, cluster_fingerprint, clusters,
                                         conflicting_figures, describe, is_tally, normalized, sorted_claims,
                                         tally_fell, values_disagree, yardsticks)

Statement = tuple[Claim, ...]
# What a finding suggests (a Suggestion) with the index of the cluster that holds its value
# (None when no cluster does: a fact sheet value no article gives).
Suggested = tuple[Suggestion, int | None]

# How a message's tail names the reason for its suggestion, from the suggestion's detail.
_TAILS = {"fact sheet": "fact sheet ({})", "newest": "newest ({})", "majority": "{}"}


def representative(statements: Sequence[Statement]) -> Statement:
    """The statement that stands for a cluster: the earliest published (undated last), then by
    value, then by place; an article added later that agrees with it leaves it in place."""
    return min(statements, key=lambda s: (s[0].published or date.max, _identity(s), claim_order(s[0])))


def articles(statements: Sequence[Statement]) -> int:
    """How many articles make the statements."""
    return len({s[0].document_id for s in statements})


def cited(statements: Sequence[Statement], said: str) -> str:
    """``said`` (the representative's citation) with how many more articles agree: "1.2 GW (A)
    and 2 more articles"."""
    more = articles(statements) - 1
    return said if more < 1 else f"{said} and {more} more article{'s' if more > 1 else ''}"


def grouped_finding(rule: Rule, subject: Subject, groups: Sequence[Sequence[Statement]], message: str,
                    say: Callable[[Statement], str], fact: Suggested | None = None,
                    suggest: bool = True, said_in_message: bool = False) -> Finding:
    """One finding of ``rule`` about ``subject`` whose value clusters are ``groups`` (in the order
    the message names them), each cluster's value given by ``say`` of its representative. The
    message ends with the suggested value when there is one: ``fact`` (see ``fact_suggestion``),
    else (when ``suggest``) the newest articles' cluster, else the cluster most articles give.
    Clusters other than the suggested one are outliers (without a suggestion: those other than
    the one most articles give, when one does). ``said_in_message``: the message already names
    the suggested value (CC110's fact)."""
    majority = _majority(groups, say)
    suggested = fact or ((_newest(groups, say) or majority) if suggest else None)
    kept = suggested or majority
    found = tuple(_cluster(g, say, kept is not None and i != kept[1]) for i, g in enumerate(groups))
    suggestion = suggested[0] if suggested else None
    if suggestion is not None and not said_in_message:
        message += f"; {_TAILS[suggestion.reason].format(suggestion.detail)}: {suggestion.value}"
    claims = sorted_claims(c for g in groups for s in g for c in s)
    identity = [_identity(representative(g)) for g in groups]
    return Finding(rule=rule.code, name=rule.name, severity=rule.severity, subject=subject, message=message,
                   claims=claims, fingerprint=cluster_fingerprint(rule.code, subject, identity),
                   clusters=found, suggestion=suggestion)


def fact_suggestion(ctx: RuleContext, subject: Subject, groups: Sequence[Sequence[Statement]]) -> Suggested | None:
    """The first fact the configuration declares about ``subject`` in the unit of the clusters'
    figures, as a suggestion, with the cluster that agrees with it (None when none does)."""
    unit = groups[0][0][0].unit
    for fact in facts_about(subject, ctx.facts, ctx.aliases):
        declared = fact_claim(fact.value)
        if declared is None or declared.unit != unit:
            continue
        agreeing = (i for i, g in enumerate(groups)
                    if any(not values_disagree(declared, s[0], ctx.tolerance.fx, ctx.tolerance.numeric) for s in g))
        return Suggestion(fact.value, "fact sheet", f"source: {fact.source}"), next(agreeing, None)
    return None


def value_mismatch_findings(rule: Rule, ctx: RuleContext, same_document: bool,
                            headline: bool | None = None) -> list[Finding]:
    """CC101 and CC108: per subject (and unit), the figures in conflicting pairs, split into
    clusters of agreeing values; one finding cites one figure of each cluster with how many more
    articles agree, and (across documents) suggests a value."""
    findings = []
    fx, numeric, skip = ctx.tolerance.fx, ctx.tolerance.numeric, yardsticks(ctx)
    for subject, members in ctx.groups():
        by_unit = conflicting_figures(members, fx, same_document, skip, numeric, headline)
        for unit in sorted(by_unit):
            groups = [[(c,) for c in g] for g in clusters(list(sorted_claims(by_unit[unit])), fx, numeric)]
            if len(groups) < 2:
                continue
            shown = [representative(g) for g in groups]
            message = " vs ".join(cited(g, cite(s[0])) for g, s in zip(reversed(groups), reversed(shown)))
            message += f" — {apart_text(shown[0][0], shown[-1][0])}"
            fell = is_tally(subject) and _tally_fell(groups)
            if fell:  # the newest figure is not the one to keep
                message += "; a later report gives a lower tally, and a tally only grows"
            findings.append(grouped_finding(rule, subject, groups, message, said_figure,
                                            fact_suggestion(ctx, subject, groups), suggest=not same_document and not fell))
    return findings


def _tally_fell(groups: Sequence[Sequence[Statement]]) -> bool:
    """Whether a cluster's earliest or latest figure is a later report's lower tally than
    another's (``tally_fell``); the ends of each cluster stand for it."""
    ends = [c for g in groups for c in _earliest_and_latest([s[0] for s in g])]
    return any(tally_fell(c, d) for i, c in enumerate(ends) for d in ends[i + 1:])


def _earliest_and_latest(claims: Sequence[Claim]) -> tuple[Claim, Claim]:
    def when(c: Claim) -> date:
        return c.as_of.start if c.as_of is not None and c.as_of.start is not None else date.min
    return min(claims, key=when), max(claims, key=when)


def said_figure(statement: Statement) -> str:
    """The value of a one-figure statement as the rules describe it ("about 1.2 GW")."""
    return describe(statement[0])


def _identity(statement: Statement) -> str:
    return "\x1d".join(normalized(c) for c in statement)


def _cluster(statements: Sequence[Statement], say: Callable[[Statement], str], outlier: bool) -> ValueCluster:
    dates = [s[0].published for s in statements if s[0].published is not None]
    ids = tuple(c.id for c in sorted_claims(c for s in statements for c in s))
    return ValueCluster(value=say(representative(statements)), claims=ids, articles=articles(statements),
                        earliest=min(dates, default=None), newest=max(dates, default=None), outlier=outlier)


def _newest(groups: Sequence[Sequence[Statement]], say: Callable[[Statement], str]) -> Suggested | None:
    """The cluster of the newest articles, when the articles were published on different days and
    those of the last day all fall in one cluster (an account of an earlier value is not counted)."""
    dated = [(s[0].published, i, s) for i, g in enumerate(groups) for s in g
             if s[0].published is not None and all(c.status != "earlier" for c in s)]
    if len({day for day, _, _ in dated}) < 2:
        return None
    last = max(day for day, _, _ in dated)  # type: ignore[type-var]
    newest = sorted(((i, s) for day, i, s in dated if day == last), key=lambda e: claim_order(e[1][0]))
    if len({i for i, _ in newest}) != 1:
        return None
    index, statement = newest[0]
    return Suggestion(say(statement), "newest", last.isoformat()), index  # type: ignore[union-attr]


def _majority(groups: Sequence[Sequence[Statement]], say: Callable[[Statement], str]) -> Suggested | None:
    """The cluster that more articles give than any other, if one does."""
    counts = [articles(g) for g in groups]
    top = max(counts)
    if counts.count(top) != 1:
        return None
    index = counts.index(top)
    total = articles([s for g in groups for s in g])
    return Suggestion(say(representative(groups[index])), "majority", f"{top} of {total} articles"), index
