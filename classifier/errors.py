"""Errors about bad input, always naming the file and the place in it."""

from __future__ import annotations


class InputError(Exception):
    """A problem with an input file, reported as ``file:line: message``."""

    def __init__(self, path, message: str, line: int | str | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
