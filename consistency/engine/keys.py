"""Cache keys: each cached result is keyed by everything that decides it, derived, not listed.

- Code: a stage's code version hashes the package modules its entry points import,
  directly or through other modules (found by reading the sources' import statements), and
  the data files. A module added to a stage is covered without anyone listing it.
- Settings: every ``Settings`` field says which stage first reads it (``settings.Stage``),
  and each key covers the fields of its stage, so a new setting is covered as soon as it
  is declared (an undeclared one counts as read while reading, which keys the checked
  corpus). What the reading stage makes of its settings is the documents themselves,
  which ``document_key`` hashes; a key of a later stage contains the earlier stage's key.

``document_key`` keys a document's analysis (claims and entity mentions), ``link_key`` its
links under its own names, ``context_settings`` what decides a checked corpus's findings.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

from consistency import __version__
from consistency.link.parse import parser_version
from consistency.model import Document
from consistency.settings import STAGE, Settings, Stage

_PACKAGE = Path(__file__).resolve().parent.parent
_IMPORT = re.compile(r"^\s*(?:from\s+(consistency(?:\.\w+)*)\s+import\s+(\([^)]*\)|[^\n]*)|import\s+(consistency(?:\.\w+)*))",
                     re.MULTILINE)
_NAME = re.compile(r"\w+")


def _module_path(name: str) -> Path | None:
    """The source file of a package module, or None if ``name`` is not one."""
    base = _PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(roots: Iterable[str]) -> list[Path]:
    """The source files of ``roots`` and of every package module they import, directly or not
    (module-level and function-level imports alike), sorted."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = _module_path(name)
        if name in seen or path is None:
            continue
        seen[name] = path
        for found in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            module, names, plain = found.groups()
            if plain:
                todo.append(plain)
                continue
            todo.append(module)
            todo.extend(f"{module}.{n}" for n in _NAME.findall(names) if n not in ("import", "as"))
    return sorted(set(seen.values()))


def code_version(files: Iterable[Path]) -> str:
    """The package version and a hash of ``files`` and of the bundled data files."""
    digest = hashlib.sha256()
    for path in sorted({*files, *(_PACKAGE / "data").glob("*")}):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{__version__}+{digest.hexdigest()[:16]}"


# What decides a document's analysis: the code its two entry points run (normalize.claims'
# document_claims and link.entities' document_entities; named, not imported, so that a warm
# re-run does not load the extractor).
EXTRACTOR_VERSION = code_version(imported_modules(["consistency.normalize.claims", "consistency.link.entities"]))
# Everything that decides a run's findings: all of the package.
CHECKER_VERSION = code_version(_PACKAGE.rglob("*.py"))


def settings_read_by(settings: Settings, *stages: Stage) -> str:
    """The settings fields that ``stages`` read, as text (the FX table by its source and the
    digest of its rates)."""
    parts = [f"{f.name}={getattr(settings, f.name)!r}" for f in fields(Settings)
             if f.metadata.get(STAGE, Stage.READ) in stages]
    return "\n".join(parts)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def extraction_key(settings: Settings) -> str:
    """A hash of the settings that change what extraction produces."""
    return _hash(EXTRACTOR_VERSION, settings_read_by(settings, Stage.EXTRACT))


def document_key(doc: Document, extraction: str) -> str:
    """The store key of ``doc``'s analysis under ``extraction`` (``extraction_key``).

    Besides the text, path, index, title and publication date it covers the line map and
    ``multi`` flag, which the claims' locations and document ids are made of: an edit to
    front matter moves every line without changing ``doc.text``.
    """
    return _hash(doc.path, str(doc.index), doc.text, "" if doc.published is None else doc.published.isoformat(),
                 doc.title, extraction, str(doc.multi), repr(doc.offsets.anchors), repr(doc.offsets.line_starts))


def link_key(doc_key: str, settings: Settings) -> str:
    """The store key of a document's links: its document key, this code (the linker and the
    rules workers run), the settings the link stage reads and the parser's version."""
    return _hash(doc_key, CHECKER_VERSION, settings_read_by(settings, Stage.LINK), parser_version(settings.parser))


def context_settings(settings: Settings) -> str:
    """The settings that decide a checked corpus's files and findings (all but how they are
    shown and how the run exits), as text."""
    return settings_read_by(settings, Stage.READ, Stage.EXTRACT, Stage.LINK, Stage.JUDGE)
