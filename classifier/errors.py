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


def not_text(name: str, value, numbers: bool = False) -> str | None:
    """Why a dump's ``value`` cannot be the text of field ``name`` (a number, a list, an object...),
    or None when it can: a string, a missing value, or a number where ``numbers`` are allowed."""
    if value is None or isinstance(value, str):
        return None
    if numbers and type(value) in (int, float):
        return None
    return f"{name!r} is {kind_of(value)}, not text"
