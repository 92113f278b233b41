"""Options shared by several commands."""

from __future__ import annotations

import functools
import inspect
import typing
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from classifier.extract import ColumnMap, ExtractOptions


class OnErrorChoice(str, Enum):
    fail = "fail"
    skip = "skip"


Format = Annotated[str | None, typer.Option("--format", help="Force the dump format "
                   "(blogger, disqus, wxr, reddit, jsonl, csv, parquet); detected by default.")]
Encoding = Annotated[str, typer.Option(help="Text encoding of the dumps.")]
TextCol = Annotated[str, typer.Option("--text-col", help="Generic dumps: column with the comment text.")]
IdCol = Annotated[str, typer.Option("--id-col", help="Generic dumps: column with the comment id.")]
ParentCol = Annotated[str, typer.Option("--parent-col", help="Generic dumps: column with the parent id.")]
ThreadCol = Annotated[str, typer.Option("--thread-col", help="Generic dumps: column with the thread id.")]
AuthorCol = Annotated[str, typer.Option("--author-col", help="Generic dumps: column with the author.")]
OnError = Annotated[OnErrorChoice, typer.Option("--on-error", help="'fail' stops at the first bad item; "
                    "'skip' lists bad items in the rejects file and goes on.")]
Rejects = Annotated[Path | None, typer.Option(help="Where rejected items go "
                    "(default: OUT with .rejects.jsonl).")]
MaxChars = Annotated[int, typer.Option("--max-chars", min=1, help="Longer comments are rejected.")]
Labels = Annotated[Path | None, typer.Option("--labels", help="YAML label scheme (default: "
                   "supportive, sceptical, troll_accusation, other).")]


DUMP_OPTIONS = (  # (parameter, typer annotation, default): how to read dumps, shared by extract, import, score
    ("fmt", Format, None), ("encoding", Encoding, "utf-8"), ("text_col", TextCol, "text"), ("id_col", IdCol, "id"),
    ("parent_col", ParentCol, "parent_id"), ("thread_col", ThreadCol, "thread_id"),
    ("author_col", AuthorCol, "author"), ("max_chars", MaxChars, ExtractOptions.max_chars),
)


def with_dump_options(command):
    """Give a command the options that say how to read dumps, passed on as one ``options`` argument.

    The command declares ``options: ExtractOptions``; the command line shows ``--format``,
    ``--encoding``, the ``--*-col`` column mapping and ``--max-chars`` instead.
    """
    hints = typing.get_type_hints(command, include_extras=True)
    signature = inspect.signature(command)
    kept = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
            if p.name != "options"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
             for name, kind, default in DUMP_OPTIONS]

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        values = {name: kwargs.pop(name) for name, _, _ in DUMP_OPTIONS}
        return command(*args, options=dump_options(**values), **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*kept, *added])
    wrapper.__annotations__ = {p.name: p.annotation for p in [*kept, *added]}
    del wrapper.__wrapped__  # typer must read the new signature, not the command's
    return wrapper


def dump_options(fmt=None, encoding="utf-8", text_col="text", id_col="id", parent_col="parent_id",
                 thread_col="thread_id", author_col="author", max_chars=ExtractOptions.max_chars) -> ExtractOptions:
    """ExtractOptions from the command-line values; a bad encoding is a usage error."""
    try:
        return ExtractOptions(format=fmt, encoding=encoding, max_chars=max_chars,
                              columns=ColumnMap(text=text_col, id=id_col, parent=parent_col, thread=thread_col,
                                                author=author_col))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--encoding") from None
