"""Bytes to text: size limit, binary sniff, BOMs, UTF-8 / UTF-16, with one clear message each."""
from __future__ import annotations

import codecs
import os
import stat

# Bytes inspected for NUL characters by the binary sniff.
SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(Exception):
    """A file that cannot be read as text; the message is for the user."""


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path``; raises DecodeError with a one-line reason (not a regular file,
    over ``max_bytes``, an OS error)."""
    try:
        info = os.stat(path)
        kind = _special_kind(info.st_mode)
        if kind:  # opening a FIFO would block forever
            raise DecodeError(f"not a regular file ({kind})")
        size = info.st_size
        if size > max_bytes:
            raise DecodeError(f"file is {size} bytes, over the --max-bytes limit of {max_bytes}")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            raise DecodeError(f"broken symbolic link (to {os.readlink(path)})") from None
        raise DecodeError(exc.strerror or str(exc)) from None
    if len(data) > max_bytes:  # grew between stat and read
        raise DecodeError(f"file is over the --max-bytes limit of {max_bytes}")
    return data


def _special_kind(mode: int) -> str | None:
    """"a FIFO", "a socket" or "a device"; None for files and directories (open() explains those)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode by BOM (UTF-8, UTF-16 LE/BE), else as UTF-8; binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if encoding != "utf-8" and len(body) % 2:
                raise DecodeError(f"cannot decode: truncated {encoding.upper()} (odd number of bytes)")
            return _decode(body, encoding, len(bom))
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DecodeError("binary file")
    return _decode(data, "utf-8", 0)


def _decode(data: bytes, encoding: str, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            what = "not UTF-8 or UTF-16"
        else:
            what = f"invalid {encoding.upper()}"
        raise DecodeError(
            f"cannot decode: {what} (byte 0x{data[exc.start]:02x} at offset {exc.start + skipped})"
        ) from None
