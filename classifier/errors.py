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


def kind_of(value) -> str:
    """What a value read from JSON or YAML is, for messages: 'a number', 'a list', 'an object'..."""
    kinds = {type(None): "nothing", bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "an object"}
    return kinds.get(type(value), f"a {type(value).__name__}")
