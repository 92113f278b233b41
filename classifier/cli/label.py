"""``stance label``: weak-supervision labels from the rules, with hand labels winning."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from classifier.cli import options as o
from classifier.io import read_all, write_records
from classifier.labels import LabelScheme
from training.args import TrainingArgs
from training.data import split_by_thread
from training.labeling.aggregate import HAND_SOURCES, Method, label_comments, labeling_functions, vote_matrix
from training.labeling.gold import read_gold
from training.labeling.report import overall, per_class_scores, rule_summary

DEFAULTS = TrainingArgs()


class Split(StrEnum):
    """Which hashed thread split to label (the same threads 'stance train' holds out)."""

    train = "train"
    dev = "dev"
    test = "test"
    all = "all"


def label_command(
    comments: Annotated[list[Path], typer.Argument(help="Comment records from 'stance extract'.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Labelled records out.")] = None,
    gold: Annotated[Path | None, typer.Option(help="Hand labels (id,label); they always win.")] = None,
    method: Annotated[Method, typer.Option(help="Snorkel's majority vote or its learned label model.")] = (
        Method.majority),
    report: Annotated[bool, typer.Option("--report", help="Print per-rule coverage, overlaps, "
                                         "conflicts and accuracy against gold labels.")] = False,
    labels: o.Labels = None,
    split: Annotated[Split, typer.Option(help="Keep only comments in this thread split "
                     "(seeded hash of the thread id, as in 'stance train').")] = Split.all,
    split_seed: Annotated[int, typer.Option("--split-seed", help="Seed of the thread split.")] = DEFAULTS.seed,
    seed: Annotated[int, typer.Option(help="Seed of the label model.")] = 0,
) -> None:
    """Label comments with the labelling rules (majority vote or a learned label model)."""
    if output is None and not report:
        raise typer.BadParameter("give -o OUTPUT, --report, or both")
    scheme = LabelScheme.load(labels)
    records = read_all(comments)
    if split != Split.all:
        records = split_by_thread(records, DEFAULTS.dev_size, DEFAULTS.test_size, split_seed)[split]
    hand = read_gold(gold, scheme) if gold else {}
    unmatched = sorted(set(hand) - {c.id for c in records})
    if unmatched and split == Split.all:
        typer.echo(f"warning: {len(unmatched)} of {len(hand)} gold ids match no comment in the input "
                   f"(first: {', '.join(unmatched[:3])})", err=True)
    lfs = labeling_functions(scheme)
    matrix = vote_matrix(records, lfs)
    labelled = label_comments(records, scheme, method, hand, seed, matrix=matrix)
    if output:
        write_records(output, labelled)
    if report:
        truth = [hand.get(c.id) or (c.label if c.label_source in HAND_SOURCES else None) for c in records]
        print_report(records, labelled, truth, scheme, method, seed, matrix, lfs)
    typer.echo(f"labelled {len(labelled)} comments" + (f" -> {output}" if output else ""))


def print_report(records, labelled, truth, scheme: LabelScheme, method: str, seed: int, matrix, lfs) -> None:
    console = Console(width=160)
    summary = rule_summary(matrix, lfs, scheme, truth)
    table = Table(title="Labelling functions")
    for column in ["rule", *summary.columns]:
        table.add_column(column, justify="left" if column in ("rule", "label") else "right", no_wrap=True)
    for name, row in summary.iterrows():
        table.add_row(name, *[_cell(v) for v in row])
    console.print(table)
    totals = overall(matrix, labelled)
    console.print(f"coverage (any rule fired): {totals['coverage']:.1%} of {totals['comments']} comments")
    console.print(f"class balance: {totals['class_balance']}")
    console.print(f"label sources: {totals['label_sources']}")
    rules = label_comments(records, scheme, method, seed=seed, hand_labels=False, matrix=matrix)
    pairs = [(t, c.label or scheme.fallback) for t, c in zip(truth, rules) if t is not None]
    if pairs:
        scores = per_class_scores([t for t, _ in pairs], [p for _, p in pairs], scheme.labels)
        console.print(f"rules ({method}) against {len(pairs)} gold labels:")
        console.print(scores.round(3).to_string())


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)
