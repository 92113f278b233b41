"""``stance evaluate``: the model and two baselines on the same held-out threads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from classifier.errors import InputError
from classifier.io import read_all
from classifier.labels import LabelScheme
from training.labeling.gold import read_gold


def evaluate_command(
    model_dir: Annotated[Path, typer.Argument(help="A model directory from 'stance train'.")],
    gold: Annotated[list[Path], typer.Argument(help="Labelled records (or records plus --labels-file).")],
    labels_file: Annotated[Path | None, typer.Option("--labels-file", help="Gold labels (id,label) for "
                           "unlabelled records.")] = None,
    train: Annotated[list[Path] | None, typer.Option(help="Labelled records to fit TF-IDF+LR on "
                     "(default: the gold comments in the model's training threads).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Where the confusion matrix PNG and "
                       "metrics JSON go (default: MODEL_DIR/eval).")] = None,
    calibrate: Annotated[bool, typer.Option(help="Fit temperature scaling on the dev threads, save it "
                         "in the model, and report ECE before and after.")] = False,
) -> None:
    """Per-class precision/recall/F1, macro-F1, accuracy and confusion matrix, with baselines."""
    from classifier.predict import StanceClassifier
    from training import evaluate as ev

    records = read_all(gold)
    if labels_file:
        hand = read_gold(labels_file)
        records = [r for r in records if r.id in hand]
        for record in records:
            record.label = hand[record.id]
    records = [r for r in records if r.label]
    classifier = StanceClassifier.load(model_dir, engine="torch")
    scheme = LabelScheme(labels=tuple(classifier.labels))
    parts = ev.split_for(records, model_dir)
    test = parts["test"]
    training_set = read_all(train) if train else parts["train"]
    if not test:
        raise InputError(gold[0], "no gold comments in threads held out from training")
    if not training_set:
        raise InputError(gold[0], "no training comments for the TF-IDF baseline; pass --train")
    ev.gold_ids(test, classifier.labels, str(gold[0]))
    results = [ev.model_result(classifier, test), ev.tfidf_baseline(training_set, test, classifier.labels),
               ev.rules_baseline(test, scheme)]
    model = results[0]
    out_dir = out_dir or Path(model_dir) / "eval"
    png = ev.save_confusion_png(model, out_dir / "confusion_matrix.png")
    typer.echo(f"{len(test)} test comments in {len({c.thread_id for c in test})} held-out threads\n")
    typer.echo(f"model {classifier.name}:\n{model.scores().round(3).to_string()}\n")
    typer.echo(f"confusion matrix (rows gold, columns predicted):\n{model.confusion().to_string()}\n")
    typer.echo(f"F1 side by side:\n{ev.compare(results).round(3).to_string()}\n")
    summary = {r.name: {"macro_f1": r.macro_f1, "accuracy": r.accuracy,
                        "per_class": r.scores().to_dict(orient="index")} for r in results}
    if calibrate:
        summary["calibration"] = _calibrate(classifier, parts["dev"], test, Path(model_dir))
        c = summary["calibration"]
        typer.echo(f"temperature {c['temperature']:.3f}: test ECE {c['ece_before']:.3f} -> {c['ece_after']:.3f}")
    (out_dir / "metrics.json").write_text(json.dumps(summary, indent=2, default=float), encoding="utf-8")
    typer.echo(f"confusion matrix: {png}; metrics: {out_dir / 'metrics.json'}")


def _calibrate(classifier, dev, test, model_dir: Path) -> dict:
    from classifier.modeling import MODEL_INFO, read_model_info
    from training import evaluate as ev

    if not dev:
        raise InputError(model_dir, "calibration needs the gold comments of the model's dev threads")
    classifier.temperature = 1.0
    before = ev.expected_calibration_error(classifier.predict_proba([c.text for c in test], [c.context for c in test]),
                                           ev.gold_ids(test, classifier.labels, "gold"))
    logits = classifier.logits([c.text for c in dev], [c.context for c in dev])
    classifier.temperature = ev.fit_temperature(logits, ev.gold_ids(dev, classifier.labels, "gold"))
    after = ev.expected_calibration_error(classifier.predict_proba([c.text for c in test], [c.context for c in test]),
                                          ev.gold_ids(test, classifier.labels, "gold"))
    info = read_model_info(model_dir) | {"temperature": classifier.temperature}
    staging = model_dir / f".{MODEL_INFO}.tmp"
    staging.write_text(json.dumps(info, indent=2), encoding="utf-8")
    staging.replace(model_dir / MODEL_INFO)
    return {"temperature": classifier.temperature, "ece_before": before, "ece_after": after}
