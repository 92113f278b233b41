"""``stance evaluate``: the model and two baselines on the same held-out threads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifier.errors import InputError
from classifier.io import check_folder, metrics_json, read_datasets, write_records
from classifier.labels import LabelScheme
from training.card import write_model_card
from training.labeling.gold import read_gold

TEST_COMMENTS = "test_comments.jsonl"  # the held-out gold comments scored, beside metrics.json


def evaluate_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    gold: Annotated[list[Path], typer.Argument(help="Labelled records (or records plus --labels-file); "
                                               "only those in threads the model never saw are scored.")],
    labels_file: Annotated[Path | None, typer.Option("--labels-file", help="Gold labels (id,label) for "
                           "unlabelled records.")] = None,
    train: Annotated[list[Path] | None, typer.Option(help="Labelled records to fit TF-IDF+LR on "
                     "(default: the gold comments in the model's training threads).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Where metrics.json, metrics.md, the "
                       "confusion matrix PNG and the held-out comments scored (test_comments.jsonl) go (default: "
                       "MODEL_DIR/eval).")] = None,
    calibrate: Annotated[bool, typer.Option(help="Fit temperature scaling on the dev threads, save it "
                         "in the model, and report ECE before and after.")] = False,
) -> None:
    """Per-dataset and per-class F1, macro-F1 and confusion matrix, with TF-IDF+LR and rules baselines."""
    from classifier.predict import StanceClassifier
    from training import evaluate as ev
    from training.trainer import usable_labels

    out_dir = check_folder(out_dir or Path(model_dir) / "eval")
    classifier = StanceClassifier.load(model_dir, runtime="torch")
    scheme = LabelScheme(labels=tuple(classifier.labels))
    records = read_datasets(gold, None if labels_file else scheme.labels)
    if labels_file:
        hand = read_gold(labels_file, scheme)
        records = [r for r in records if r.id in hand]
        for record in records:
            record.label, record.label_source = hand[record.id], "gold"
    records = usable_labels(records)
    parts = ev.split_for(records, model_dir)
    training_set = read_datasets(train) if train else parts["train"]
    if not parts["test"]:
        raise InputError(gold[0], "no gold comments in threads held out from training")
    if len({c.label for c in training_set}) < 2:
        raise InputError(gold[0], "the TF-IDF baseline needs training comments of two labels or more; pass --train")
    test_logits = classifier.logits([c.text for c in parts["test"]], [c.context for c in parts["test"]])
    evaluation = ev.evaluate(classifier, parts["test"], training_set, scheme, test_logits)
    png = ev.save_confusion_png(evaluation.model, out_dir / "confusion_matrix.png")
    summary = evaluation.to_dict()
    if calibrate:
        summary["calibration"] = ev.calibrate(classifier, parts["dev"], parts["test"], Path(model_dir), test_logits)
    (out_dir / "metrics.json").write_text(metrics_json(summary), encoding="utf-8")
    (out_dir / "metrics.md").write_text(evaluation.markdown(), encoding="utf-8")
    write_records(out_dir / TEST_COMMENTS, parts["test"])  # what was scored: 'stance score' and experiments reuse it
    if out_dir.resolve() == (Path(model_dir) / "eval").resolve():
        write_model_card(model_dir)  # the card's model-index now carries the test results
    typer.echo(evaluation.markdown())
    if calibrate:
        c = summary["calibration"]
        typer.echo(f"temperature {c['temperature']:.3f}: test ECE {c['ece_before']:.3f} -> {c['ece_after']:.3f}")
    typer.echo(f"confusion matrix: {png}; metrics: {out_dir / 'metrics.json'}, {out_dir / 'metrics.md'}")
