"""``stance export``: prepare a trained model for fast scoring and choose its default runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.errors import InputError


def export_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    onnx: Annotated[bool, typer.Option("--onnx", help="Accepted for older scripts: ONNX is the only target.")] = True,
    int8: Annotated[bool, typer.Option("--int8/--no-int8", help="Also write a statically quantised int8 "
                                       "ONNX model (used only if it passes the checks).")] = False,
    sample: Annotated[list[Path] | None, typer.Option(help="Records to run the checks on: real comments "
                      "with their context, like those you will score (at least 100).")] = None,
    sample_size: Annotated[int, typer.Option("--sample-size", min=1, help="Comments of the sample to use.")] = 300,
    threads: Annotated[int | None, typer.Option(min=1, help="CPU threads (default: all cores).")] = None,
) -> None:
    """Write MODEL_DIR/onnx/ (fused fp32 graph, optionally int8), check every runtime against fp32
    torch (labels, and the same result alone as in a batch), and make the fastest faithful one the
    default of 'stance score'."""
    from classifier.exporters.onnx import export_onnx
    from classifier.io import read_records
    from classifier.modeling import check_model_dir

    check_model_dir(model_dir)
    comments = []
    for path in sample or []:
        comments += [c for _, c in zip(range(sample_size - len(comments)), read_records(path))]
    if sample and not comments:
        raise InputError(sample[0], "no comments to check the runtimes on (--sample)")
    report = export_onnx(model_dir, int8=int8, texts=[c.text for c in comments],
                         contexts=[c.context for c in comments], threads=threads)
    typer.echo("\n".join(report.lines()))
