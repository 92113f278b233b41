"""``stance export``: an ONNX Runtime copy of a trained model for faster CPU scoring."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def export_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    onnx: Annotated[bool, typer.Option("--onnx", help="Export to ONNX (the only target so far).")] = True,
    int8: Annotated[bool, typer.Option("--int8/--no-int8", help="Dynamic int8 quantisation.")] = True,
    sample: Annotated[list[Path] | None, typer.Option(help="Records to check torch/ONNX agreement on.")] = None,
    sample_size: Annotated[int, typer.Option("--sample-size")] = 200,
) -> None:
    """Export MODEL_DIR/onnx/, used by 'stance score' from then on; reports label agreement."""
    if not onnx:
        raise typer.BadParameter("nothing to export: pass --onnx")
    from classifier.exporters.onnx import export_onnx
    from classifier.io import read_all

    comments = read_all(sample)[:sample_size] if sample else []
    report = export_onnx(model_dir, int8=int8, texts=[c.text for c in comments] or None,
                         contexts=[c.context for c in comments] if comments else None)
    typer.echo(f"exported {report.path}; labels agree with torch on {report.agreement:.1%} of "
               f"{report.sample} comments (largest probability gap {report.max_probability_gap:.3f})")
