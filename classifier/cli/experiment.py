"""``stance experiment``: threshold sweeps, thread views and policy simulation, as a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from classifier.errors import InputError
from classifier.io import read_all


def experiment_command(
    scores: Annotated[list[Path], typer.Argument(help="Score files from 'stance score'.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Report folder.")],
    gold: Annotated[Path | None, typer.Option(help="Gold labels (id,label) for precision and recall.")] = None,
    policy: Annotated[Path | None, typer.Option(help="Policy YAML: ordered rules (action, label, "
                      "min_probability).")] = None,
    target_precision: Annotated[float, typer.Option("--target-precision", help="Report the lowest "
                                "threshold reaching this precision.")] = 0.9,
    top_threads: Annotated[int, typer.Option("--top-threads", help="Threads shown in full.")] = 8,
    heldout: Annotated[Path | None, typer.Option(help="A model directory: keep only the threads it held "
                       "out from training (an honest view when scoring its own training data).")] = None,
) -> None:
    """Write report.html (with figures and tables) for a moderation experiment."""
    from classifier.experiment.policy import load_policy
    from classifier.experiment.report import Experiment, write_report
    from training.labeling.gold import read_gold

    comments = read_all(scores)
    if heldout:
        test_threads = set(json.loads((heldout / "split.json").read_text(encoding="utf-8"))["threads"]["test"])
        comments = [c for c in comments if c.thread_id in test_threads]
    labels = list(dict.fromkeys(label for c in comments for label in (c.scores or {})))
    if not labels:
        raise InputError(scores[0], "no p_<label> columns: is this a file from 'stance score'?")
    experiment = Experiment(comments, labels, read_gold(gold) if gold else {},
                            load_policy(policy, labels) if policy else [], target_precision)
    path = write_report(experiment, output, top_threads)
    typer.echo(f"{len(comments)} comments, {len(experiment.threads)} threads, "
               f"{len(experiment.chains)} accusation chains -> {path}")
