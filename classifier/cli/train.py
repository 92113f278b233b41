"""``stance train``: fine-tune a transformer on labelled comments."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from classifier.cli import options as o
from classifier.io import read_datasets
from classifier.labels import LabelScheme, parse_weights
from classifier.modeling import POOLINGS
from training.args import TrainingArgs

DEFAULTS = TrainingArgs()
Pooling = StrEnum("Pooling", {name: name for name in POOLINGS})  # what the classification head reads


def train_command(
    labelled: Annotated[list[Path], typer.Argument(help="Labelled records from 'stance label' or 'stance import'.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model directory to write.")],
    model: Annotated[str, typer.Option(help="Backbone: hub name or local path.")] = DEFAULTS.model,
    pooling: Annotated[Pooling, typer.Option(help="What the head reads: the mean of the comment's token states "
                       "beside the mean of its context's (falls back to 'mean' for tokenizers without segment "
                       "ids), the mean of all token states, or the backbone's own first-token head (loadable by "
                       "transformers.pipeline).")] = Pooling(DEFAULTS.pooling),
    epochs: Annotated[float, typer.Option(help="Most epochs (early stopping may end sooner).")] = DEFAULTS.epochs,
    time_budget: Annotated[float | None, typer.Option("--time-budget", help="Minutes of training at most: the "
                           "steps that fit at the pace so far, the learning rate decayed to zero at the last "
                           "(the step count then depends on the machine; metrics.json records it).",
                           show_default=False)] = None,
    lr: Annotated[float, typer.Option(help="Learning rate (of the top layer and the head).")] = DEFAULTS.lr,
    layer_decay: Annotated[float, typer.Option("--layer-decay", help="Each transformer layer below the top "
                           "learns at this share of the rate of the layer above (1: one rate for "
                           "all).")] = DEFAULTS.layer_decay,
    batch_size: Annotated[int, typer.Option("--batch-size")] = DEFAULTS.batch_size,
    max_length: Annotated[int, typer.Option("--max-length", help="Tokens per comment+context.")] = DEFAULTS.max_length,
    seed: Annotated[int, typer.Option(help="Seed of the initialisation and the data order (and of the "
                                       "thread split, unless --split-seed is given).")] = DEFAULTS.seed,
    split_seed: Annotated[int | None, typer.Option("--split-seed", help="Seed of the thread split alone: "
                          "runs with different --seed values then hold out the same threads.")] = None,
    dev_size: Annotated[float, typer.Option("--dev-size", help="Share of threads for early stopping.")] = DEFAULTS.dev_size,
    test_size: Annotated[float, typer.Option("--test-size", help="Share of threads held out for "
                                             "'stance evaluate'.")] = DEFAULTS.test_size,
    patience: Annotated[int, typer.Option(help="Epochs without dev macro-F1 gain before stopping.")] = DEFAULTS.patience,
    group_by_length: Annotated[bool, typer.Option(help="Batch comments of similar length.")] = True,
    class_weights: Annotated[bool, typer.Option(help="Weight the loss by inverse class frequency.")] = True,
    label_bias: Annotated[bool, typer.Option("--label-bias/--no-label-bias", help="Fit one logit bias per label on "
                          "the dev threads, so that the model predicts each label as often there as it occurs "
                          "in training (an undertrained model leans towards the commonest label).")] = True,
    resume: Annotated[bool, typer.Option(help="Continue from the last checkpoint of an interrupted run.")] = False,
    weight: Annotated[list[str] | None, typer.Option(help="DATASET=W: resample a dataset's training comments to W "
                      "times its size (0.5 half, 2 twice). A record's dataset is its 'dataset' field, else its "
                      "file's stem. Repeatable.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Skip weak (rule) "
                              "labels below this confidence; hand labels are always kept.")] = DEFAULTS.min_confidence,
    bf16: Annotated[bool | None, typer.Option("--bf16/--fp32", help="Mixed precision: bfloat16 autocast, "
                    "weights kept in fp32 (1.3x as fast on a CPU with AMX, benchmarks/train_speed.py). Default: bf16 "
                    "where this machine computes it in hardware (AVX-512 BF16, AMX, a GPU's bf16 units), else "
                    "fp32.", show_default=False)] = None,
    labels: o.Labels = None,
) -> None:
    """Fine-tune a small transformer on labelled comments from one or more files (split by thread)."""
    from training.trainer import train

    try:
        weights = parse_weights(weight or [])
    except ValueError as error:
        raise typer.BadParameter(f"--weight: {error}") from None
    try:
        args = TrainingArgs(model=model, pooling=pooling.value, epochs=epochs, time_budget=time_budget, lr=lr,
                            layer_decay=layer_decay, batch_size=batch_size, max_length=max_length, seed=seed,
                            split_seed=split_seed, dev_size=dev_size, test_size=test_size, patience=patience,
                            group_by_length=group_by_length, class_weights=class_weights, label_bias=label_bias, resume=resume,
                            source_weights=weights, min_confidence=min_confidence, bf16=bf16)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    scheme = LabelScheme.load(labels)
    metrics = train(read_datasets(labelled, scheme.labels), output, args, scheme, [str(p) for p in labelled])
    sources = metrics["label_sources"]
    if sources["weak"] > sources["hand"]:
        typer.echo(f"warning: {sources['weak']} weak (rule) labels outnumber {sources['hand']} hand labels; "
                   "the model will mostly learn the rules", err=True)
    dev = f", dev macro-F1 {metrics['dev_macro_f1']:.3f}" if "dev_macro_f1" in metrics else ""
    if "dev_macro_f1_with_label_bias" in metrics:
        dev += f" ({metrics['dev_macro_f1_with_label_bias']:.3f} with the label bias)"
    typer.echo(f"trained {metrics['train_steps']} steps ({metrics['train_epochs']:g} epochs) in "
               f"{metrics['train_seconds']:.0f} s{dev} -> {output}")
