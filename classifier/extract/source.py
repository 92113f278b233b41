"""Reading a dump's bytes as text, with encoding errors located by line; ids read from JSON."""

from __future__ import annotations

from pathlib import Path

from classifier.errors import InputError, not_text
from classifier.io import decode_error, text_codec


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The whole file as text; a decoding error names the line it happened on, counted in the bytes
    already read rather than by reading the file again."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    codec = text_codec(encoding)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = error.object[:error.start].decode(codec, errors="replace").count("\n") + 1  # after any BOM
        raise decode_error(path, encoding, error, line) from None


def json_id(value) -> str | None:
    """An id read from a dump as text (numbers too), or None when missing or not an id."""
    return None if value in (None, "") or not_text("id", value, numbers=True) else str(value)
