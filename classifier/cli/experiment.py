"""``stance experiment``: threshold sweeps, thread views and policy simulation, as a report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.errors import InputError
from classifier.io import check_folder
from classifier.labels import LabelScheme
from classifier.scoring import read_scores


def experiment_command(
    scores: Annotated[list[Path], typer.Argument(help="Score files from 'stance score'.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Report folder.")],
    gold: Annotated[Path | None, typer.Option(help="Gold labels (id,label) for precision and recall; only "
                    "those from threads the model was not trained on are counted.")] = None,
    policy: Annotated[Path | None, typer.Option(help="Policy YAML: ordered rules (action, label, "
                      "min_probability).")] = None,
    target_precision: Annotated[float, typer.Option("--target-precision", min=0.0, max=1.0,
                                help="Report the lowest threshold reaching this precision.")] = 0.9,
    top_threads: Annotated[int, typer.Option("--top-threads", min=0, help="Threads shown in full.")] = 8,
    model: Annotated[Path | None, typer.Option(help="The model directory that made the scores, for its "
                     "thread split (default: the folder named in the scores' model column, next to "
                     "the score files).")] = None,
    heldout: Annotated[Path | None, typer.Option(help="A model directory: keep only the threads it was not "
                       "trained on (an honest view when scoring its own training data).")] = None,
    labels: o.Labels = None,
) -> None:
    """Write report.html (with figures and tables) for a moderation experiment."""
    from classifier.experiment.heldout import model_dir_for, split_gold, training_threads
    from classifier.experiment.policy import load_policy
    from classifier.experiment.report import Experiment, write_report
    from training.labeling.gold import read_gold

    if model and heldout and model.resolve() != heldout.resolve():
        raise typer.BadParameter("names another model than --model", param_hint="--heldout")
    check_folder(output)
    comments = read_scores(scores)
    scored = list(comments[0].scores)
    if heldout:
        trained = training_threads(heldout)
        comments = [c for c in comments if c.thread_id not in trained]
    scheme = LabelScheme.load(labels) if labels else LabelScheme(labels=tuple(scored))
    if set(scored) - set(scheme.labels):
        raise InputError(labels, f"the scores have labels {sorted(set(scored) - set(scheme.labels))} not in the scheme")
    model_dir = model_dir_for(scores, comments, model or heldout)
    heldout_gold, training_gold = split_gold(read_gold(gold, scheme), comments, model_dir) if gold else ({}, {})
    experiment = Experiment(comments, scored, heldout_gold, load_policy(policy, scored) if policy else [],
                            target_precision, training_gold, model_dir, scheme)
    path = write_report(experiment, output, top_threads)
    typer.echo(f"{len(comments)} comments, {len(experiment.threads)} threads, "
               f"{len(experiment.chains)} accusation chains -> {path}")
    if gold:
        typer.echo(experiment.gold_note)
