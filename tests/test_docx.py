"""Word drafts: .docx files read paragraph by paragraph, located as path:PARAGRAPH:CHARACTER."""
import json
import zipfile

import docx
import pytest
from helpers import article, run_cli, write_file
from snippets import OHIO_3, OHIO_12

from consistency.corpus import read_file


def word_file(path, *paragraphs: str, table: list[list[str]] | None = None):
    """A .docx written by python-docx: the paragraphs (a "\\n" in one is a line break inside it),
    then a table."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_paragraphs_and_table_cells_are_read_with_paragraph_locations(tmp_path):
    path = word_file(tmp_path / "draft.docx", "Ohio update", "", "Brisk Energy is building\na 1.2 GW facility in Ohio.",
                     table=[["Site", "Capacity"], ["Texas", "The Texas site will cost $4 billion."]])
    docs, errors = read_file(str(path), reference_date=None, max_bytes=10**7, format_in=None)
    assert errors == []
    [doc] = docs
    assert (doc.title, doc.source_format) == ("Ohio update", "docx")
    assert "Brisk Energy is building a 1.2 GW facility in Ohio." in doc.text  # the line break is a space
    at = doc.text.index("1.2 GW")
    assert str(doc.offsets.location(doc.path, at, at + 6)) == f"{path}:3:28"  # paragraph 3, character 28
    at = doc.text.index("$4 billion")
    assert doc.offsets.location(doc.path, at, at + 10).line == 7  # cells count as paragraphs: 4-7


def test_check_a_word_draft_against_the_archive(tmp_path, monkeypatch):
    write_file(tmp_path / "archive" / "a.md", article("A", OHIO_3, date="2025-01-10"))
    word_file(tmp_path / "drafts" / "2025-02-10-ohio.docx", "Ohio", OHIO_12)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "drafts/2025-02-10-ohio.docx", "--against", "archive", "--format", "json")
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.stdout)["findings"]
    assert sorted((c["path"], c["line"], c["column"]) for c in finding["claims"]) == [
        ("archive/a.md", 6, 28), ("drafts/2025-02-10-ohio.docx", 2, 28)]
    claims = json.loads(run_cli("claims", "drafts", "--format", "json").stdout)  # found inside a directory
    assert [(d["path"], d["published"]) for d in claims["documents"]] == [("drafts/2025-02-10-ohio.docx", "2025-02-10")]


@pytest.mark.parametrize("content,message", [
    (b"plain text, not a zip", "not a Word document"),
    (b"PK\x03\x04broken", "not a Word document"),
])
def test_a_file_that_is_not_a_word_document_is_one_error(tmp_path, content, message):
    path = write_file(tmp_path / "bad.docx", content)
    docs, errors = read_file(str(path), reference_date=None, max_bytes=10**7, format_in=None)
    assert docs == [] and len(errors) == 1 and message in errors[0].message


def test_a_zip_without_a_word_body_and_office_lock_files(tmp_path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    write_file(tmp_path / "~$draft.docx", b"\x00lock")  # Word's lock file beside an open document
    word_file(tmp_path / "draft.docx", OHIO_3)
    monkeypatch.chdir(tmp_path)
    result = run_cli("claims", ".", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["documents"]] == ["draft.docx"]
    assert [e["path"] for e in report["summary"]["errors"]] == ["other.docx"]
    assert "not a Word document" in result.stderr
