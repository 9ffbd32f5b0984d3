"""corpus: readers, exact source locations, publication dates, bad inputs, discovery."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from consistency.corpus import read_file, read_paths
from consistency.extract.sentences import sentence_bounds
from consistency.model import Document, ReadError
from consistency.settings import DEFAULT_INCLUDE
from helpers import write_file

ROOT = Path(__file__).resolve().parent.parent
DIGEST = ROOT / "fixtures" / "news" / "digest.txt"
MB = 10_000_000

MARKDOWN = """---
title: "Plant approved"
date: 2025-03-10
---

# Plant **approved**

```python
x = "9.9 GW"
```
<!-- draft note:
12 GW -->
The **1.4-gigawatt** plant ([source](http://x.org "t")) will cost $4.8 billion.
- Item _one_ costs $5 and `snake_case` stays
> Quoted 7 GW\\* here
Next line <!-- c --> after.
"""

TOML_MARKDOWN = """+++
title = "Harbor Wind sends first power"
date = 2026-09-15T08:30:00Z
+++

Harbor Wind delivered first power.
"""

HTML = """<!DOCTYPE html>
<html><head><title>Tab title</title>
<meta property="og:title" content="Wind &amp; power">
<meta property="article:published_time" content="2026-02-03T10:00:00Z">
<script>var x = "5 GW";</script><style>p { }</style></head>
<body><nav>Home | 9 GW</nav>
<h1>Wind farm</h1>
<p>AT&amp;T paid &#36;4.8 billion
   for 1.4&nbsp;GW.</p><p>Second <b>block</b> here.</p>
<time datetime="2025-01-01">old</time>
<footer>Copyright 2026</footer>
</body></html>
"""

JSONL = (
    '{"title": "First", "date": "2026-01-05", "text": "Line one.\\nSaid \\"2 GW\\" caf\\u00e9 \\ud83d\\ude00 $5 bn"}\n'
    '{"title": broken}\n'
    '\n'
    '{"body": "It costs \\u20ac3 billion.", "published": "2026-02-01T00:00:00Z", "url": "http://x"}\n'
)

SMALL_DIGEST = """Tag: Energy

  • Plant gets $4 billion

    Plant gets $4 billion

    The plant will cost $4 billion
    and open in 2027.

    Tag: Energy

    This content is for information only.

  • Grid deal signed

    The grid deal covers 2 GW.

    This content is  for information
    only.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    return str(write_file(tmp_path / name, content))


def read_one(path: str, reference_date: date | None = None, format_in: str | None = None,
             max_bytes: int = MB) -> tuple[list[Document], list[ReadError]]:
    return read_file(path, reference_date=reference_date, max_bytes=max_bytes, format_in=format_in)


def where(doc: Document, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of the nth occurrence of ``needle`` in the text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    loc = doc.offsets.location(doc.path, start, start + len(needle))
    return loc.line, loc.column, loc.end_line, loc.end_column


# --- Markdown -------------------------------------------------------------------------

MARKDOWN_LOCATIONS = [
    ("Plant approved", (6, 3, 6, 19)),     # '# ' and '**' removed, still mapped
    ("1.4-gigawatt", (13, 7, 13, 19)),
    ("source", (13, 30, 13, 36)),         # link text of [source](url "t")
    ("$4.8 billion", (13, 67, 13, 79)),    # after the removed link destination
    ("Item one", (14, 3, 14, 12)),         # bullet and underscores removed
    ("snake_case", (14, 28, 14, 38)),      # backticks removed, intra-word _ kept
    ("7 GW*", (15, 10, 15, 16)),           # escaped \\*
    ("after", (16, 22, 16, 27)),           # after an inline HTML comment
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
@pytest.mark.parametrize(("needle", "expected"), MARKDOWN_LOCATIONS, ids=[n for n, _ in MARKDOWN_LOCATIONS])
def test_markdown_locations(tmp_path, newline, bom, needle, expected):
    path = write(tmp_path, "a.md", bom + MARKDOWN.replace("\n", newline).encode("utf-8"))
    (doc,), errors = read_one(path)
    assert errors == []
    assert where(doc, needle) == expected


def test_markdown_text_reads_as_prose_without_code_or_comments(tmp_path):
    (doc,), _ = read_one(write(tmp_path, "a.md", MARKDOWN))
    assert "9.9 GW" not in doc.text and "12 GW" not in doc.text and "draft" not in doc.text
    assert "\r" not in doc.text
    sentences = [doc.text[s:e] for s, e in sentence_bounds(doc.text)]
    assert sentences[:2] == ["Plant approved", "The 1.4-gigawatt plant (source) will cost $4.8 billion."]
    assert "Item one costs $5 and snake_case stays" in sentences[2]
    assert (doc.title, doc.published, doc.source_format, doc.multi) == ("Plant approved", date(2025, 3, 10),
                                                                         "markdown", False)


def test_markdown_toml_front_matter(tmp_path):
    (doc,), errors = read_one(write(tmp_path, "p.md", TOML_MARKDOWN))
    assert errors == []
    assert (doc.title, doc.published) == ("Harbor Wind sends first power", date(2026, 9, 15))
    assert where(doc, "first power") == (2, 28, 2, 39)  # the headline, read as the first paragraph
    assert where(doc, "first power", 1) == (6, 23, 6, 34)
    assert doc.text[:doc.lead_end] == "Harbor Wind sends first power\n\n"


def test_markdown_title_falls_back_to_heading_then_file_stem(tmp_path):
    (doc,), _ = read_one(write(tmp_path, "x.md", "Intro line.\n\n# The *real* title\n\nBody.\n"))
    assert doc.title == "The real title"
    (doc,), _ = read_one(write(tmp_path, "s.md", "Setext *title*\n===\nBody line \\\nwith a hard break.\n"))
    assert (doc.title, doc.text) == ("Setext title", "Setext title\n\nBody line \nwith a hard break.\n")
    (doc,), _ = read_one(write(tmp_path, "my-post.md", "Just a body with 3 GW.\n"))
    assert doc.title == "my-post"


def test_heading_is_its_own_sentence_even_without_blank_line(tmp_path):
    (doc,), _ = read_one(write(tmp_path, "h.md", "## Costs rise\nThe cost is $5 billion.\n"))
    assert [doc.text[s:e] for s, e in sentence_bounds(doc.text)] == ["Costs rise", "The cost is $5 billion."]


@pytest.mark.parametrize(("front", "published"), [
    ("---\ntitle: x\npublished: 2025-03-04\n---\n", date(2025, 3, 4)),
    ("+++\ntitle = \"x\"\npublishDate = 2025-03-05\n+++\n", date(2025, 3, 5)),
    ("---\ntitle: x\npubDate: '2025-03-06'\n---\n", date(2025, 3, 6)),
    ("---\npubDate: 2025-03-06\ndate: 2025-03-07\n---\n", date(2025, 3, 7)),  # date wins
])
def test_front_matter_publication_date_keys(tmp_path, front, published):
    (doc,), errors = read_one(write(tmp_path, "2024-01-01-post.md", front + "\nThe plant costs $4 billion.\n"))
    assert errors == [] and doc.published == published


def test_a_bad_publish_date_key_is_named_in_the_warning(tmp_path):
    path = write(tmp_path, "p.md", "---\ntitle: x\npublishDate: soon\n---\n\nThe plant costs $4 billion.\n")
    (doc,), (error,) = read_one(path, reference_date=date(2026, 1, 1))
    assert (error.line, error.message) == (3, "front matter publishDate 'soon' is not a date (use YYYY-MM-DD)")


@pytest.mark.parametrize(("front", "message", "line"), [
    ("---\ntitle: x\ndate: [2025\n---\n", "invalid YAML front matter", 4),
    ("+++\ntitle = \"x\"\ndate = \n+++\n", "invalid TOML front matter", 3),
    ("---\ntitle: x\ndate: next week\n---\n", "front matter date 'next week' is not a date", 3),
])
def test_malformed_front_matter_is_a_warning_and_the_body_is_read(tmp_path, front, message, line):
    path = write(tmp_path, "bad.md", front + "\nThe plant costs $4 billion.\n")
    (doc,), (error,) = read_one(path, reference_date=date(2026, 1, 1))
    assert (error.path, error.line, error.skipped) == (path, line, False)
    assert error.message.startswith(message)
    assert where(doc, "$4 billion") == (6, 17, 6, 27)
    assert doc.published == date(2026, 1, 1)


# --- Plain text and encodings ---------------------------------------------------------

@pytest.mark.parametrize(("encoded", "newline"), [
    (lambda s: s.encode("utf-8"), "\n"),
    (lambda s: s.encode("utf-8"), "\r\n"),
    (lambda s: s.encode("utf-8"), "\r"),
    (lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "\r\n"),
    (lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "\n"),
], ids=["utf8", "utf8-crlf", "utf8-cr", "utf16le-crlf", "utf16be"])
def test_text_locations_in_code_points_of_the_decoded_line(tmp_path, encoded, newline):
    source = "  Café prices\n\nThe café’s 2 GW plant — ¥1 trillion.\n".replace("\n", newline)
    (doc,), _ = read_one(write(tmp_path, "t.txt", encoded(source)))
    assert doc.title == "Café prices"
    assert doc.text == "  Café prices\n\nThe café’s 2 GW plant — ¥1 trillion.\n"
    assert where(doc, "2 GW") == (3, 12, 3, 16)
    assert where(doc, "¥1 trillion") == (3, 25, 3, 36)


def test_format_in_forces_a_reader(tmp_path):
    path = write(tmp_path, "notes.txt", "# Heading\n\nSome **bold** text.\n")
    (doc,), _ = read_one(path)
    assert doc.source_format == "text" and "**bold**" in doc.text
    (doc,), _ = read_one(path, format_in="markdown")
    assert doc.source_format == "markdown" and doc.text == "Heading\n\nSome bold text.\n"


# --- HTML -----------------------------------------------------------------------------

def test_html_visible_text_entities_and_locations(tmp_path):
    (doc,), errors = read_one(write(tmp_path, "a.html", HTML))
    assert errors == []
    # og:title, which the page does not show, leads as the headline, at its content attribute
    assert doc.text == "Wind & power\n\nWind farm\n\nAT&T paid $4.8 billion for 1.4 GW.\n\nSecond block here.\n\nold"
    assert doc.lead_end == len("Wind & power\n\n") and where(doc, "Wind") == (3, 36, 3, 40)
    assert where(doc, "AT&T") == (8, 4, 8, 12)            # "&amp;" is one character of text
    assert where(doc, "$4.8 billion") == (8, 18, 8, 34)   # "&#36;" maps to its "&"
    assert where(doc, "1.4 GW") == (9, 8, 9, 19)          # "&nbsp;" inside
    assert where(doc, "block") == (9, 37, 9, 42)
    assert (doc.title, doc.published, doc.source_format) == ("Wind & power", date(2026, 2, 3), "html")


def test_html_crlf_locations(tmp_path):
    (doc,), _ = read_one(write(tmp_path, "a.htm", HTML.replace("\n", "\r\n")))
    assert where(doc, "$4.8 billion") == (8, 18, 8, 34)


@pytest.mark.parametrize(("head", "published"), [
    ('<meta name="date" content="2024-05-06">', date(2024, 5, 6)),
    ('<meta itemprop="datePublished" content="2024-07-08">', date(2024, 7, 8)),
    ('', date(2025, 1, 2)),  # first <time datetime>
])
def test_html_publication_date_sources(tmp_path, head, published):
    page = f"<html><head>{head}</head><body><p>x</p><time datetime='2025-01-02'>t</time>" \
           "<time datetime='2023-01-01'>u</time></body></html>"
    (doc,), _ = read_one(write(tmp_path, "p.html", page), reference_date=date(2030, 1, 1))
    assert doc.published == published


def test_html_meta_headline_and_dek_lead_unless_the_page_shows_them(tmp_path):
    page = ('<html><head><meta property="og:title" content="Port traffic rose 12%">\n'
            "<meta name='description' content='It handled 1.3 million boxes.'>\n"
            '<meta name="twitter:description" content="Ignored: the description came first">\n'
            "</head><body><h1>Port traffic rose 12%</h1><p>Traffic rose 9% in 2025.</p></body></html>")
    (doc,), errors = read_one(write(tmp_path, "p.html", page))
    assert errors == []
    assert doc.text == "It handled 1.3 million boxes.\n\nPort traffic rose 12%\n\nTraffic rose 9% in 2025."
    assert doc.lead_end == len("It handled 1.3 million boxes.\n\n")
    assert where(doc, "1.3 million boxes") == (2, 46, 2, 63)  # in the content attribute
    assert doc.title == "Port traffic rose 12%"


def test_html_title_falls_back_to_title_tag_then_h1(tmp_path):
    (doc,), _ = read_one(write(tmp_path, "a.html", "<title> Tab </title><h1>Big</h1><p>Text.</p>"))
    assert doc.title == "Tab" and doc.text == "Big\n\nText."
    (doc,), _ = read_one(write(tmp_path, "b.html", "<h1>Big <i>one</i></h1><p>Text.</p>"))
    assert doc.title == "Big one"


# --- JSONL ----------------------------------------------------------------------------

def test_jsonl_records_escapes_and_bad_lines(tmp_path):
    path = write(tmp_path, "feed.jsonl", JSONL)
    docs, errors = read_one(path, reference_date=date(2030, 1, 1))
    assert [(d.index, d.title, d.published, d.url, d.id) for d in docs] == [
        (0, "First", date(2026, 1, 5), None, f"{path}#1"),
        (1, "It costs €3 billion.", date(2026, 2, 1), "http://x", f"{path}#2"),
    ]
    assert docs[0].text == 'Line one.\nSaid "2 GW" café 😀 $5 bn'
    (error,) = errors
    assert (error.path, error.line, error.skipped) == (path, 2, True)
    assert error.message.startswith("invalid JSON: Expecting value")
    first, second = docs
    # an escaped character is located at its backslash (so an end column can fall inside it)
    assert where(first, "Line one.") == (1, 51, 1, 60)
    assert where(first, '"2 GW"') == (1, 67, 1, 74)
    assert where(first, "2 GW") == (1, 69, 1, 73)
    assert where(first, "café") == (1, 76, 1, 80)         # \u00e9 is six source characters
    assert where(first, "😀") == (1, 86, 1, 87)           # so is each half of a surrogate pair
    assert where(first, "$5 bn") == (1, 99, 1, 104)
    assert where(second, "€3 billion") == (4, 20, 4, 35)


def test_jsonl_record_without_text_is_skipped(tmp_path):
    path = write(tmp_path, "f.jsonl", '[1, 2]\n{"title": "no body"}\n{"text": "ok 1 GW"}\n')
    docs, errors = read_one(path)
    assert [d.text for d in docs] == ["ok 1 GW"]
    assert [(e.line, e.message) for e in errors] == [
        (1, "not a JSON object"), (2, "no text (text, body or content)")]


# --- Digest ---------------------------------------------------------------------------

def test_small_digest_boilerplate_and_locations(tmp_path):
    path = write(tmp_path, "digest.txt", SMALL_DIGEST)
    docs, errors = read_one(path, reference_date=date(2026, 1, 20))
    assert errors == []
    assert [(d.index, d.title, d.published, d.source_format, d.multi) for d in docs] == [
        (0, "Plant gets $4 billion", date(2026, 1, 20), "digest", True),
        (1, "Grid deal signed", date(2026, 1, 20), "digest", True),
    ]
    # the repeated footer (whitespace aside) and "Tag:" lines are gone from every article
    assert docs[0].text == "Plant gets $4 billion\n\nThe plant will cost $4 billion\nand open in 2027."
    # an article whose first paragraph does not repeat the title starts with its bullet line
    assert docs[1].text == "Grid deal signed\n\nThe grid deal covers 2 GW."
    assert where(docs[0], "$4 billion") == (5, 16, 5, 26)
    assert where(docs[0], "$4 billion", 1) == (7, 25, 7, 35)
    assert where(docs[0], "2027") == (8, 17, 8, 21)
    assert where(docs[1], "Grid deal") == (14, 5, 14, 14)
    assert where(docs[1], "2 GW") == (16, 26, 16, 30)


def test_fixture_digest_has_ten_articles_without_footers():
    docs, errors = read_one(str(DIGEST))
    assert errors == []
    lines = DIGEST.read_text("utf-8").splitlines()
    bullets = [line.strip().lstrip("•").strip() for line in lines if line.startswith("  •")]
    assert len(docs) == 10
    assert [d.title for d in docs] == bullets
    assert [d.index for d in docs] == list(range(10))
    assert {d.source_format for d in docs} == {"digest"} and all(d.published is None for d in docs)
    for doc in docs:
        assert "This content is intended" not in doc.text
        assert "For more information" not in doc.text
        assert "Tag:" not in doc.text
        assert doc.text.startswith(doc.title + "\n\n")
    assert where(docs[0], "$6.34 billion") == (7, 147, 7, 160)
    assert where(docs[9], docs[9].title) == (433, 5, 433, 5 + len(docs[9].title))


def test_digest_is_sniffed_by_content_and_forced_by_format_in(tmp_path):
    path = write(tmp_path, "d.notes", SMALL_DIGEST)
    docs, _ = read_one(path)
    assert [d.source_format for d in docs] == ["digest", "digest"]
    docs, _ = read_one(write(tmp_path, "d.md", SMALL_DIGEST), format_in="digest")
    assert len(docs) == 2


# --- Publication dates ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "reference", "published"), [
    ("a.md", "---\ndate: 2025-03-10\n---\nText.\n", date(2030, 1, 1), date(2025, 3, 10)),
    ("b.md", "---\ndate: 2025-03-10 08:00:00\n---\nText.\n", None, date(2025, 3, 10)),
    ("c.md", "---\ndate: '2025-03-10T08:00:00+09:00'\n---\nText.\n", None, date(2025, 3, 10)),
    ("d.md", "---\ntitle: t\n---\nText.\n", date(2030, 1, 1), date(2030, 1, 1)),
    ("e.md", "Text.\n", None, None),
    ("f.txt", "Text.\n", date(2030, 1, 1), date(2030, 1, 1)),
    ("g.html", "<meta name='pubdate' content='2024-02-03'><p>Text.</p>", date(2030, 1, 1), date(2024, 2, 3)),
    ("h.html", "<p>Text.</p>", None, None),
    ("i.jsonl", '{"text": "Text."}\n', date(2030, 1, 1), date(2030, 1, 1)),
])
def test_publication_date_precedence(tmp_path, name, content, reference, published):
    (doc,), _ = read_one(write(tmp_path, name, content), reference_date=reference)
    assert doc.published == published


# --- Bad inputs -----------------------------------------------------------------------

def test_bad_inputs_each_give_one_error_and_the_rest_is_read(tmp_path):
    write(tmp_path, "good.md", "# Good\n\nThe plant costs $4 billion.\n")
    write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(tmp_path, "empty.md", b"")
    write(tmp_path, "blank.txt", " \n\t\n")
    write(tmp_path, "latin1.txt", "Caf\xe9 2 GW".encode("latin-1"))
    write(tmp_path, "big.txt", "x" * 101)
    write(tmp_path, "feed.jsonl", '{"text": "ok"}\n{oops}\n')
    missing = str(tmp_path / "missing.md")
    docs, errors = read_paths([str(tmp_path), missing], include=DEFAULT_INCLUDE, exclude=(),
                              reference_date=None, max_bytes=100, format_in=None)
    assert [Path(d.path).name for d in docs] == ["feed.jsonl", "good.md"]
    assert [(Path(e.path).name, e.line, e.message) for e in errors] == [
        ("big.txt", None, "file is 101 bytes, over the --max-bytes limit of 100"),
        ("blank.txt", None, "empty file"),
        ("empty.md", None, "empty file"),
        ("feed.jsonl", 2, "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        ("image.md", None, "binary file"),
        ("latin1.txt", None, "cannot decode: not UTF-8 or UTF-16 (byte 0xe9 at offset 3)"),
        ("missing.md", None, "no such file or directory"),
    ]
    assert all(e.skipped for e in errors)
    assert str(errors[-1]) == f"{missing}: no such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_gives_the_os_error(tmp_path):
    path = write(tmp_path, "locked.txt", "text")
    os.chmod(path, 0)
    assert read_one(path) == ([], [ReadError(path, "Permission denied")])


def test_a_directory_read_as_a_file_gives_the_os_error(tmp_path):
    assert read_one(str(tmp_path)) == ([], [ReadError(str(tmp_path), "Is a directory")])


def test_front_matter_without_body_has_no_text_to_check(tmp_path):
    path = write(tmp_path, "fm.md", "---\ntitle: Only\ndate:\n---\n\n<!-- nothing -->\n")
    assert read_one(path) == ([], [ReadError(path, "no text to check")])


def test_invalid_utf16_is_reported(tmp_path):
    path = write(tmp_path, "u.txt", b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xdc")
    _, (error,) = read_one(path)
    assert error.message == "cannot decode: invalid UTF-16-LE (byte 0x00 at offset 6)"


# --- Discovery ------------------------------------------------------------------------

@pytest.fixture()
def tree(tmp_path):
    for name in ["a.md", "b.txt", "notes.rst", "sub/c.md", "sub/deep/d.md", "drafts/e.md",
                 "x/drafts/f.md", ".git/g.md", ".hidden.md", "sub/.venv/h.md"]:
        write(tmp_path, name, f"{name} has 1 GW.\n")
    return tmp_path


def names(root: Path, paths, include=DEFAULT_INCLUDE, exclude=()) -> list[str]:
    docs, errors = read_paths(paths, include=include, exclude=exclude, reference_date=None,
                              max_bytes=MB, format_in=None)
    assert errors == []
    return [Path(d.path).relative_to(root).as_posix() for d in docs]


def test_directory_walk_skips_hidden_and_sorts(tree):
    assert names(tree, [str(tree)]) == ["a.md", "b.txt", "drafts/e.md", "sub/c.md", "sub/deep/d.md",
                                        "x/drafts/f.md"]


def test_every_known_extension_is_read_inside_directories(tmp_path):
    """One list of formats: a file read when named is also read when its directory is."""
    for ext in (".md", ".markdown", ".txt", ".html", ".htm", ".jsonl", ".ndjson"):
        write(tmp_path, f"a{ext}", '{"title": "T", "text": "It has 1 GW."}\n' if "json" in ext else "It has 1 GW.\n")
    assert names(tmp_path, [str(tmp_path)]) == ["a.htm", "a.html", "a.jsonl", "a.markdown", "a.md", "a.ndjson",
                                                "a.txt"]


@pytest.mark.parametrize(("include", "exclude", "expected"), [
    (("*.md",), ("drafts",), ["a.md", "sub/c.md", "sub/deep/d.md"]),            # any path component
    (("*.md",), ("sub/**",), ["a.md", "drafts/e.md", "x/drafts/f.md"]),
    (("*.md",), ("**/deep/*.md", "x/*/f.md"), ["a.md", "drafts/e.md", "sub/c.md"]),
    (("sub/**/*.md",), (), ["sub/c.md", "sub/deep/d.md"]),                       # relative path
    (("*.rst", "b.*"), (), ["b.txt", "notes.rst"]),                               # file name
    (("[ab].*",), (), ["a.md", "b.txt"]),
])
def test_include_and_exclude_globs(tree, include, exclude, expected):
    assert names(tree, [str(tree)], include, exclude) == expected


def test_explicit_files_are_always_read_and_order_is_deterministic(tree):
    explicit = str(tree / "notes.rst")
    first = names(tree, [str(tree / "sub"), explicit, str(tree / "a.md")], include=("*.md",))
    second = names(tree, [str(tree / "a.md"), explicit, str(tree / "sub"), str(tree / "sub" / "c.md")],
                   include=("*.md",))
    assert first == second == ["a.md", "notes.rst", "sub/c.md", "sub/deep/d.md"]


def test_paths_are_shown_as_typed(tree, monkeypatch):
    monkeypatch.chdir(tree)
    docs, _ = read_paths(["./sub", "a.md"], include=("*.md",), exclude=(), reference_date=None,
                         max_bytes=MB, format_in=None)
    assert [d.path for d in docs] == ["a.md", "sub/c.md", "sub/deep/d.md"]
    docs, _ = read_paths(["."], include=("*.txt",), exclude=(), reference_date=None,
                         max_bytes=MB, format_in=None)
    assert [d.path for d in docs] == ["b.txt"]
