"""Writing output files: the one way the tool writes a report, a baseline or a graph.

A file is written to a temporary file beside it and renamed into place, so an interrupted run
leaves the previous file (or none), never a partial one. Devices and pipes (/dev/null,
/dev/stdout) are written to directly: they cannot be replaced.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_file(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, newlines as given) to ``path``, creating missing parent
    directories. The file gets the permissions a plain open() would give. Raises OSError."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target.exists() and not target.is_file():
        with open(target, "wb") as handle:  # a device or pipe; a directory raises IsADirectoryError
            handle.write(payload)
        return
    _make_parent(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(tmp, 0o666 & ~_umask())  # not mkstemp's 0600
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_parent(target: Path) -> None:
    """Create the missing directories above ``target``; an OSError names the one in the way."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        existing = next(p for p in target.parents if p.exists())
        reason = (f"{existing} is not a directory" if not existing.is_dir()
                  else f"cannot create {target.parent}: {error.strerror or error}")
        raise OSError(error.errno, reason) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
