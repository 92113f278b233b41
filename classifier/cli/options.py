"""Options shared by several commands."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from classifier.extract import ColumnMap, ExtractOptions
from classifier.io import check_output


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
MaxChars = Annotated[int, typer.Option("--max-chars", help="Longer comments are rejected.")]
Labels = Annotated[Path | None, typer.Option("--labels", help="YAML label scheme (default: "
                   "supportive, sceptical, troll_accusation, other).")]


def extract_options(fmt, encoding, text_col, id_col, parent_col, thread_col, author_col,
                    max_chars, label_col: str = "label") -> ExtractOptions:
    try:
        return ExtractOptions(
            format=fmt, encoding=encoding, max_chars=max_chars,
            columns=ColumnMap(text=text_col, id=id_col, parent=parent_col, thread=thread_col,
                              author=author_col, label=label_col),
        )
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--encoding") from None


def rejects_path(output: Path, rejects: Path | None) -> Path:
    return rejects or output.with_name(output.stem + ".rejects.jsonl")


def check_outputs(output: Path, rejects: Path | None) -> Path:
    """Refuse unwritable output and rejects paths before any input is read; returns the rejects path."""
    check_output(output)
    return check_output(rejects_path(output, rejects), "rejects")
