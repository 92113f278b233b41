"""``stance annotate export|import``: the Label Studio round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.errors import InputError
from classifier.io import RowWriter, check_output, read_all, write_atomically
from classifier.labels import LabelScheme
from training.annotation import labeling_config, read_annotations, to_tasks


def export_command(
    comments: Annotated[list[Path], typer.Argument(help="(Labelled or scored) comment records.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Label Studio tasks JSON.")],
    limit: Annotated[int | None, typer.Option(min=1, help="Only the N most uncertain comments.")] = None,
    labels: o.Labels = None,
) -> None:
    """Write Label Studio tasks, most uncertain first, with labels as pre-annotations."""
    output = check_output(output, "tasks", suffixes=(".json",))
    config = check_output(output.with_suffix(".config.xml"), suffixes=(".xml",))
    scheme = LabelScheme.load(labels)
    tasks = to_tasks(read_all(comments), limit=limit)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(output, json.dumps(tasks, ensure_ascii=False, indent=1))
    write_atomically(config, labeling_config(scheme))
    typer.echo(f"wrote {len(tasks)} tasks -> {output} (labelling interface: {config})")


def import_command(
    export: Annotated[Path, typer.Argument(help="Label Studio export (JSON or JSON-MIN).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Gold labels out (id,label).")],
    labels: o.Labels = None,
) -> None:
    """Read a Label Studio export back as gold labels for 'stance label --gold'."""
    annotations, unannotated = read_annotations(export, LabelScheme.load(labels))
    with RowWriter(output, ["id", "label", "label_source"]) as writer:
        writer.write({"id": k, "label": v, "label_source": "annotation"} for k, v in annotations.items())
    skipped = f"; {len(unannotated)} without an annotation, skipped: {', '.join(unannotated[:10])}" if unannotated else ""
    more = ", ..." if len(unannotated) > 10 else ""
    typer.echo(f"read {len(annotations) + len(unannotated)} tasks: {len(annotations)} annotated comments -> "
               f"{output}{skipped}{more}")


def agreement_command(
    judgements: Annotated[Path, typer.Argument(help="Every judgement: rows with id, pass, annotator, label "
                                               "(e.g. data/real/annotations.jsonl).")],
    labels: o.Labels = None,
) -> None:
    """Cohen's kappa between the first and second annotation pass, overall and per label."""
    from classifier.io import read_rows
    from training.annotation import agreement

    scheme = LabelScheme.load(labels)
    rows = []
    for line, row in read_rows(judgements):
        if any(row.get(key) in (None, "") for key in ("id", "pass", "label")):
            raise InputError(judgements, "a judgement needs id, pass and label", line)
        try:
            scheme.check(str(row["label"]))
        except ValueError as error:
            raise InputError(judgements, str(error), line) from None
        rows.append(row)
    result = agreement(rows, scheme.labels)
    if not result["comments"]:
        raise InputError(judgements, "no comment is labelled in both pass 1 and pass 2")
    typer.echo(f"{result['comments']} comments in both passes: observed agreement {result['observed']:.3f}, "
               f"Cohen's kappa {result['kappa']:.3f}")
    for label, kappa in result["per_label"].items():
        typer.echo(f"  {label:<18} kappa {'n/a' if kappa is None else f'{kappa:.3f}'}")
    typer.echo("disagreements (pass 1 -> pass 2): " + ", ".join(f"{k} {v}" for k, v in result["disagreements"].items()))
