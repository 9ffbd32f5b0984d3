"""Every rule case in tests/rules/cases/CC1xx.yaml: a small corpus and the exact findings expected.

Claims come from the extract/normalize stages; subjects and event statuses come from the
case data (``subjects: {surface: [entity, attribute, scope?]}``, ``status: {surface: done}``),
so the rules are tested without the link stage; ``facts`` and ``tolerance`` stand for the
configuration's. All rules run on every case: a case also checks that no other rule fires.
Each expected finding names its rule and claims (surface texts), its subject label, its
severity and a fragment of its message; optionally its value ``clusters`` (value, articles,
outlier, in order) and its ``suggestion`` (value, reason; null for none). An article with ``lead: N`` is read by the Markdown
reader (the HTML reader for a ``.html`` path), whose front matter (meta tags) headline and dek
give N claims. A case with ``linked: true`` is read by that reader and linked by the link stage itself (frames, subjects), for rules that
read what the frames say. An opt-in rule runs only in cases that ``select`` it.
"""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency.api import extract
from consistency.corpus.html import read_html
from consistency.corpus.markdown import read_markdown
from consistency.corpus.textmap import SourceFile
from consistency.engine import link_documents
from consistency.normalize.claims import document_claims
from consistency.model import Claim, Document, OffsetMap, Subject
from consistency.rules import ALL_RULES, select_rules
from consistency.rules.base import Rule, RuleContext
from consistency.settings import Fact, Settings, Tolerance

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for verdict in ("flag", "pass"):
            for case in data.get(verdict) or []:
                params.append(pytest.param(case, id=f"{path.stem}-{verdict}-{case['name']}"))
    return params


CASES = _cases()


def _article(article: dict) -> tuple[Document, list[Claim]]:
    if "lead" in article:  # read as the Markdown reader reads it: headline and dek first
        return _read_article(article)
    text = article["text"]
    meta: dict = {}
    if text.startswith("---\n"):
        head, body = text[4:].split("\n---\n", 1)
        meta, text = yaml.safe_load(head) or {}, body
    published = meta.get("date")
    assert published is None or isinstance(published, date)
    title = str(meta.get("title", article["path"]))
    path = article["path"]
    subjects = {k: Subject(*v) for k, v in (article.get("subjects") or {}).items()}
    status = article.get("status") or {}
    claims = [dataclasses.replace(c, title=title, subject=subjects.get(c.text), status=status.get(c.text))
              for c in extract(text, published=published, path=path)]
    surfaces = {c.text for c in claims}
    missing = sorted((set(subjects) | set(status)) - surfaces)
    assert not missing, f"{path}: no claim has the surface text {missing}; claims: {sorted(surfaces)}"
    doc = Document(path=path, index=0, title=title, text=text, offsets=OffsetMap(((0, 0),), (0,)), published=published)
    return doc, claims


def _read_article(article: dict) -> tuple[Document, list[Claim]]:
    """An article read by its reader, its headline and dek claims marked."""
    doc = _read(article)
    subjects = {k: Subject(*v) for k, v in (article.get("subjects") or {}).items()}
    claims = [dataclasses.replace(c, subject=subjects.get(c.text)) for c in document_claims(doc, Settings())]
    assert sum(c.headline for c in claims) == article["lead"], [c.text for c in claims if c.headline]
    return doc, claims


def _read(article: dict) -> Document:
    """An article read by the Markdown reader, or the HTML reader for a ``.html`` path."""
    reader = read_html if article["path"].endswith(".html") else read_markdown
    (doc,), errors = reader(SourceFile.from_decoded(article["path"], article["text"]), None)
    assert not errors
    return doc


def _linked_claims(case: dict) -> list[Claim]:
    """The claims of a case's articles, read by their readers and linked by the link stage."""
    documents = [_read(article) for article in case["articles"]]
    _docs, claims, _aliases, failed = link_documents(documents, Settings())
    assert not failed
    return claims


def _context(case: dict) -> RuleContext:
    claims = []
    if case.get("linked"):
        claims = _linked_claims(case)
    for article in case["articles"] if not case.get("linked") else ():
        _doc, found = _article(article)
        claims.extend(found)
    return RuleContext(claims=tuple(claims), tolerance=Tolerance(**(case.get("tolerance") or {})),
                       facts=tuple(Fact(**fact) for fact in case.get("facts") or ()))


def check_case(case: dict) -> None:
    findings = [f for rule in select_rules(["+", *case.get("select", ())]) for f in rule.check(_context(case))]
    shown = "\n".join(f"{f.rule} {f.severity} {f.subject.label}: {f.message}" for f in findings)
    got = sorted((f.rule, tuple(sorted(c.text for c in f.claims))) for f in findings)
    want = sorted((e["rule"], tuple(sorted(e["claims"]))) for e in case.get("expect") or [])
    assert got == want, shown
    for expected in case.get("expect") or []:
        finding = next(f for f in findings if (f.rule, sorted(c.text for c in f.claims))
                       == (expected["rule"], sorted(expected["claims"])))
        assert expected["message"] in finding.message, shown
        assert (finding.subject.label, finding.severity) == (expected["subject"], expected["severity"]), shown
        if "clusters" in expected:
            got_clusters = [{"value": v.value, "articles": v.articles, "outlier": v.outlier} for v in finding.clusters]
            assert got_clusters == expected["clusters"], shown
        if "suggestion" in expected:
            suggestion = finding.suggestion and {"value": finding.suggestion.value, "reason": finding.suggestion.reason}
            assert suggestion == expected["suggestion"], shown
    for f in findings:
        assert list(f.claims) == sorted(f.claims, key=lambda c: (c.document_id, c.start))
        assert f.message and len(f.fingerprint) == 16


@pytest.mark.parametrize("case", CASES)
def test_rule_case(case: dict) -> None:
    check_case(case)


@pytest.mark.parametrize("key, wrong", [("message", "11 GW ('10-gigawatt'"), ("subject", "Northwind · capacity"),
                                        ("severity", "warning")])
def test_a_wrong_expectation_fails(key: str, wrong: str) -> None:
    case = next(p.values[0] for p in CASES if p.id == "CC101-flag-site_capacity_10gw_vs_1_2gw")
    check_case(case)
    with pytest.raises(AssertionError):
        check_case({**case, "expect": [{**case["expect"][0], key: wrong}]})


def _noting_reads(ctx: RuleContext, reads: set[str]) -> RuleContext:
    """``ctx``, noting in ``reads`` the options a rule reads from it ("facts", "tolerance.fx")."""
    class NotingTolerance:
        def __getattr__(self, name: str) -> object:
            reads.add(f"tolerance.{name}")
            return getattr(ctx.tolerance, name)

    class NotingContext(RuleContext):
        def __getattribute__(self, name: str) -> object:
            if name == "facts":
                reads.add(name)
            return NotingTolerance() if name == "tolerance" else super().__getattribute__(name)

    return NotingContext(claims=ctx.claims, tolerance=ctx.tolerance, facts=ctx.facts, aliases=ctx.aliases)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_rule_reads_the_options_it_declares(rule: Rule) -> None:
    reads: set[str] = set()
    for case in CASES:
        list(rule.check(_noting_reads(_context(case.values[0]), reads)))
    assert reads == set(rule.options), f"{rule.code} reads {sorted(reads)} but declares {rule.options}"
