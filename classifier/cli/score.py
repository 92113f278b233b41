"""``stance score``: batch-score comment dumps with a trained model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o


def score_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    dumps: Annotated[list[Path], typer.Argument(help="Dumps in any format 'stance extract' reads, "
                                                "or extracted records.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Scores out (.jsonl, .csv, .parquet); "
                                         "with --engine ray, a folder of Parquet files.")],
    threshold: Annotated[float | None, typer.Option(help="Below this top probability the label is "
                         "'uncertain'.")] = None,
    engine: Annotated[str, typer.Option(help="'local', or 'ray' for Ray Data (a cluster when "
                                        "RAY_ADDRESS is set).")] = "local",
    runtime: Annotated[str, typer.Option(help="'auto' (ONNX when exported), 'torch' or 'onnx'.")] = "auto",
    batch_size: Annotated[int, typer.Option("--batch-size", help="Comments per forward pass.")] = 32,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Comments per resumable chunk.")] = 2048,
    threads: Annotated[int | None, typer.Option(help="CPU threads (default: all cores).")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    fmt: o.Format = None,
    encoding: o.Encoding = "utf-8",
    text_col: o.TextCol = "text",
    id_col: o.IdCol = "id",
    parent_col: o.ParentCol = "parent_id",
    thread_col: o.ThreadCol = "thread_id",
    author_col: o.AuthorCol = "author",
    max_chars: o.MaxChars = 20_000,
    rejects: o.Rejects = None,
) -> None:
    """Score every comment; bad items are listed in the rejects file. Rerun to resume."""
    options = o.extract_options(fmt, encoding, text_col, id_col, parent_col, thread_col, author_col, max_chars)
    if engine == "ray":
        from classifier.engines.ray import score_with_ray

        scored, rejected = score_with_ray(model_dir, dumps, output, options=options, rejects=rejects,
                                          threshold=threshold, engine=runtime, batch_size=batch_size)
        typer.echo(f"read {scored + rejected} = scored {scored} + rejected {rejected} -> {output}/ (Ray)")
        return
    if engine != "local":
        raise typer.BadParameter("--engine must be 'local' or 'ray'")
    from classifier.predict import StanceClassifier

    classifier = StanceClassifier.load(model_dir, engine=runtime, batch_size=batch_size, threads=threads)
    summary = classifier.score_file(dumps, output, options=options, rejects=o.rejects_path(output, rejects),
                                    threshold=threshold, chunk_size=chunk_size, progress=progress)
    typer.echo(f"{summary.line()} -> {output} [{classifier.name}, {classifier.engine}]")
