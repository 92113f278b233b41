"""``stance annotate export|import``: the Label Studio round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.io import RowWriter, read_all
from classifier.labels import LabelScheme
from training.annotation import labeling_config, read_annotations, to_tasks


def export_command(
    comments: Annotated[list[Path], typer.Argument(help="(Labelled or scored) comment records.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Label Studio tasks JSON.")],
    limit: Annotated[int | None, typer.Option(help="Only the N most uncertain comments.")] = None,
    labels: o.Labels = None,
) -> None:
    """Write Label Studio tasks, most uncertain first, with labels as pre-annotations."""
    tasks = to_tasks(read_all(comments), limit=limit)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    config = output.with_suffix(".config.xml")
    config.write_text(labeling_config(LabelScheme.load(labels)), encoding="utf-8")
    typer.echo(f"wrote {len(tasks)} tasks -> {output} (labelling interface: {config})")


def import_command(
    export: Annotated[Path, typer.Argument(help="Label Studio export (JSON or JSON-MIN).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Gold labels out (id,label).")],
    labels: o.Labels = None,
) -> None:
    """Read a Label Studio export back as gold labels for 'stance label --gold'."""
    annotations = read_annotations(export, LabelScheme.load(labels))
    with RowWriter(output, ["id", "label", "label_source"]) as writer:
        writer.write({"id": k, "label": v, "label_source": "annotation"} for k, v in annotations.items())
    typer.echo(f"read {len(annotations)} annotated comments -> {output}")
