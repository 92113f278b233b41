"""``stance extract``: raw dumps to comment records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.extract import ExtractOptions, extract_all
from classifier.io import check_outputs, write_records, write_rejects


@o.with_dump_options
def extract_command(
    dumps: Annotated[list[Path], typer.Argument(help="Dump files: Blogger pages, Disqus XML, WXR, "
                                                "Reddit JSON, JSONL/CSV/Parquet.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Records out (.jsonl, .csv, .parquet).")],
    options: ExtractOptions | None = None,  # filled in by with_dump_options
    on_error: o.OnError = "fail",
    rejects: o.Rejects = None,
) -> None:
    """Extract comment threads from raw dumps into one record file."""
    output, rejects = check_outputs(output, rejects, dumps)
    result = extract_all(dumps, options, on_error.value)
    write_records(output, result.comments)
    line = f"{result.summary()} -> {output}"
    if write_rejects(rejects, result.rejects):
        line += f" (rejects: {rejects})"
    typer.echo(line)
    if warning := result.duplicate_warning():
        typer.echo(warning, err=True)
