"""``stance extract``: raw dumps to comment records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.extract import extract_all
from classifier.io import write_records, write_rejects


def extract_command(
    dumps: Annotated[list[Path], typer.Argument(help="Dump files: Blogger pages, Disqus XML, WXR, "
                                                "Reddit JSON, JSONL/CSV/Parquet.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Records out (.jsonl, .csv, .parquet).")],
    fmt: o.Format = None,
    encoding: o.Encoding = "utf-8",
    text_col: o.TextCol = "text",
    id_col: o.IdCol = "id",
    parent_col: o.ParentCol = "parent_id",
    thread_col: o.ThreadCol = "thread_id",
    author_col: o.AuthorCol = "author",
    max_chars: o.MaxChars = 20_000,
    on_error: o.OnError = "fail",
    rejects: o.Rejects = None,
) -> None:
    """Extract comment threads from raw dumps into one record file."""
    options = o.extract_options(fmt, encoding, text_col, id_col, parent_col, thread_col, author_col, max_chars)
    rejects = o.check_outputs(output, rejects)
    result = extract_all(dumps, options, on_error.value)
    write_records(output, result.comments)
    line = f"{result.summary()} -> {output}"
    if result.rejects:
        write_rejects(rejects, result.rejects)
        line += f" (rejects: {rejects})"
    typer.echo(line)
