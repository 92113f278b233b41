"""``stance score``: batch-score comment dumps with a trained model."""

from __future__ import annotations

import importlib.util
import math
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.extract import ExtractOptions
from classifier.engines.runtimes import Runtime
from classifier.predict import MAX_BATCH_SIZE


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def _probability(value: float | None) -> float | None:
    if value is not None and (math.isnan(value) or not 0 <= value <= 1):
        raise typer.BadParameter(f"{value} is not a probability between 0 and 1")
    return value


@o.with_dump_options
def score_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    dumps: Annotated[list[Path], typer.Argument(help="Dumps in any format 'stance extract' reads, "
                                                "or extracted records.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Scores out (.jsonl, .csv, .parquet); "
                                         "with --engine ray, a folder of Parquet files.")],
    threshold: Annotated[float | None, typer.Option(callback=_probability, help="Below this top probability "
                         "the label is 'uncertain' (0 to 1).")] = None,
    engine: Annotated[Engine, typer.Option(help="'local', or 'ray' for Ray Data (a cluster when "
                                           "RAY_ADDRESS is set).")] = Engine.local,
    runtime: Annotated[Runtime, typer.Option(help="'auto': the fastest runtime that 'stance export' found "
                       "faithful (fp32 torch if not exported).")] = Runtime.auto,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=MAX_BATCH_SIZE, help="Comments of 128 tokens per forward "
                          "pass (more when shorter, fewer when longer).")] = 16,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Comments per resumable chunk.")] = 2048,
    threads: Annotated[int | None, typer.Option(min=1, help="CPU threads (default: all cores).")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    on_error: o.OnError = o.OnErrorChoice.fail,
    rejects: o.Rejects = None,
    options: ExtractOptions | None = None,  # filled in by with_dump_options
) -> None:
    """Score every comment; with --on-error skip, bad items are listed in the rejects file. Rerun to resume."""
    if engine is Engine.ray:
        if importlib.util.find_spec("ray") is None:
            raise typer.BadParameter("Ray is not installed: pip install 'stance[ray]' (or use --engine local)",
                                     param_hint="--engine")
        from classifier.engines.ray import score_with_ray

        scored, rejected = score_with_ray(model_dir, dumps, output, options=options, rejects=rejects,
                                          threshold=threshold, runtime=runtime.value, batch_size=batch_size,
                                          on_error=on_error.value)
        typer.echo(f"read {scored + rejected} = scored {scored} + rejected {rejected} -> {output}/ (Ray)")
        return
    from classifier.predict import StanceClassifier
    from classifier.io import check_outputs

    output, rejects = check_outputs(output, rejects, dumps)  # before the model loads: a bad -o fails at once
    classifier = StanceClassifier.load(model_dir, runtime=runtime.value, batch_size=batch_size, threads=threads)
    summary = classifier.score_file(dumps, output, options=options, rejects=rejects, threshold=threshold,
                                    chunk_size=chunk_size, on_error=on_error.value, progress=progress)
    typer.echo(f"{summary.line()} -> {output} [{classifier.name}, {classifier.runtime}]")
