"""Reading a dump's bytes as text, with encoding errors located by line."""

from __future__ import annotations

from pathlib import Path

from classifier.errors import InputError


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The whole file as text; a decoding error names the line it happened on."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(path, f"not valid {encoding} ({error.reason}); pass --encoding", line) from None
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1
