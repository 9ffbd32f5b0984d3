"""JUnit XML output for CI test-report views: one testcase per document, one failure per finding."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from consistency.display import xml_text
from consistency.model import Report
from consistency.report.annotations import describe_claim, headline

SUITE_NAME = "consistency"


def render_junit(report: Report) -> str:
    """One <testsuite>; a document fails once for each finding with a claim in it.

    Files that could not be read are testcases with an <error>. Same input, same bytes.
    Characters XML cannot hold (control characters in a name or a sentence) are escaped.
    """
    suite = ET.Element("testsuite", name=SUITE_NAME)
    failures = errors = tests = 0
    by_document: dict[str, list] = {}
    for finding in report.findings:
        for doc_id in dict.fromkeys(c.document_id for c in finding.claims):
            by_document.setdefault(doc_id, []).append(finding)
    for doc in sorted(report.documents, key=lambda d: (d.path, d.index)):
        case = ET.SubElement(suite, "testcase", name=doc.id, classname=doc.path)
        tests += 1
        for finding in by_document.get(doc.id, ()):
            failure = ET.SubElement(case, "failure", message=headline(finding), type=finding.rule)
            failure.text = "\n".join(describe_claim(c) for c in finding.claims)
            failures += 1
    for error in sorted(report.errors, key=lambda e: (e.path, e.line or 0, e.message)):
        if error.skipped:
            case = ET.SubElement(suite, "testcase", name=error.path, classname=error.path)
            ET.SubElement(case, "error", message=error.message, type="read-error").text = str(error)
            tests += 1
            errors += 1
    suite.attrib.update(tests=str(tests), failures=str(failures), errors=str(errors), skipped="0")
    root = ET.Element("testsuites", name=SUITE_NAME, tests=str(tests), failures=str(failures),
                      errors=str(errors))
    root.append(suite)
    ET.indent(root)
    return xml_text(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"
