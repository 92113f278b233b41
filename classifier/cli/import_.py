"""``stance import``: labelled data from elsewhere, mapped into the label scheme."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.extract import ExtractOptions, extract_all, reject_error
from classifier.io import check_outputs, write_records, write_rejects
from classifier.labels import LabelScheme, parse_mapping
from training.labeling.gold import RUMOUREVAL_MAP, apply_mapping

PRESETS = {"rumoureval": {"label_col": "sdqc", "title_col": "source_text", "map": RUMOUREVAL_MAP}}


@o.with_dump_options
def import_command(
    files: Annotated[list[Path], typer.Argument(help="Labelled JSONL/CSV/Parquet files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Labelled records out.")],
    mapping: Annotated[str | None, typer.Option("--map", help="SOURCE=TARGET,... e.g. "
                       "support=supportive,deny=sceptical,query=sceptical,comment=other")] = None,
    preset: Annotated[str | None, typer.Option(help="'rumoureval': sdqc labels, source_text as "
                      "the thread's claim, the mapping above.")] = None,
    label_col: Annotated[str | None, typer.Option("--label-col", help="Column with the labels (default: "
                         "label, or the preset's).")] = None,
    title_col: Annotated[str | None, typer.Option("--title-col", help="Column with the thread's claim "
                         "or article title (default: article_title, or the preset's).")] = None,
    options: ExtractOptions | None = None,  # filled in by with_dump_options
    on_error: o.OnError = "fail",
    rejects: o.Rejects = None,
    labels: o.Labels = None,
) -> None:
    """Import labelled comments, mapping their labels into the label scheme."""
    if preset and preset not in PRESETS:
        raise typer.BadParameter(f"unknown preset {preset!r} (known: {', '.join(PRESETS)})")
    columns = PRESETS.get(preset, {})  # what the preset names, unless --label-col / --title-col say otherwise
    label_col = label_col or columns.get("label_col", "label")
    title_col = title_col or columns.get("title_col", "article_title")
    scheme = LabelScheme.load(labels)
    try:
        table = parse_mapping(mapping) if mapping else PRESETS.get(preset, {}).get("map", {})
        for target in table.values():
            scheme.check(target, "--map target")
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--map") from None
    options.columns.label, options.columns.title = label_col, title_col
    output, rejects = check_outputs(output, rejects, files)
    extraction = extract_all(files, options, on_error.value)
    kept, unknown = apply_mapping(extraction.comments, table, scheme)
    if unknown and on_error == "fail":
        raise reject_error(unknown[0])
    all_rejects = extraction.rejects + unknown
    write_records(output, kept)
    line = f"read {extraction.read}, imported {len(kept)}, rejected {len(all_rejects)} -> {output}"
    if write_rejects(rejects, all_rejects):
        line += f" (rejects: {rejects})"
    typer.echo(line)
    if warning := extraction.duplicate_warning():
        typer.echo(warning, err=True)
