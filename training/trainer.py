"""Fine-tuning a transformer on labelled comments with the Hugging Face Trainer."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from transformers import (DataCollatorWithPadding, EarlyStoppingCallback, PrinterCallback, TrainerCallback,
                          TrainingArguments, set_seed)

from classifier.engines.runtimes import bf16_supported
from classifier.errors import InputError
from classifier.labels import LabelScheme
from classifier.modeling import (MODEL_INFO, POOLING, SPLIT_FILE, load_backbone, make_readable, save_classifier,
                                 weights_digest)
from classifier.records import Comment
from training.args import TrainingArgs
from training.budget import TimeBudget
from training.card import write_model_card
from training.data import class_weights, label_counts, split_by_thread, tokenised, weight_sources
from training.evaluate import fit_label_bias
from training.optim import FineTuner


def weighted_loss(label_weights: Sequence[float] | None):
    """A ``Trainer(compute_loss_func=...)`` hook: cross-entropy with one weight per label."""
    weight = None if label_weights is None else torch.tensor(label_weights, dtype=torch.float)

    def loss(outputs, labels, num_items_in_batch=None):
        logits = outputs.logits
        return torch.nn.functional.cross_entropy(logits, labels, weight=None if weight is None else weight.to(logits.device))

    return loss


class ProgressBar(TrainerCallback):
    """One progress bar over all training steps (those that fit ``budget``, where there is one), with the
    latest loss and dev macro-F1."""

    def __init__(self, budget: TimeBudget | None = None):
        self.bar = None
        self.budget = budget

    def on_train_begin(self, args, state, control, **kwargs):
        from tqdm.auto import tqdm

        self.bar = tqdm(total=state.max_steps, desc="training", unit="step", initial=state.global_step)

    def on_step_end(self, args, state, control, **kwargs):
        if self.budget is not None:
            self.bar.total = self.budget.planned_steps
        self.bar.update(state.global_step - self.bar.n)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.bar is not None and logs:
            shown = {"loss": logs.get("loss"), "dev_macro_f1": logs.get("eval_macro_f1")}
            self.bar.set_postfix({k: f"{v:.3f}" for k, v in shown.items() if v is not None}, refresh=False)

    def on_train_end(self, args, state, control, **kwargs):
        self.bar.close()


def usable_labels(comments: Sequence[Comment], min_confidence: float = 0.0) -> list[Comment]:
    """The comments to train on: hand labels, and weak labels at or above ``min_confidence``.

    Unlabelled comments (no rule covered them) are skipped, as snorkel's
    ``filter_unlabeled_dataframe`` does.
    """
    return [c for c in comments
            if c.label and (not is_weak(c) or (c.confidence is not None and c.confidence >= min_confidence))]


def is_weak(comment: Comment) -> bool:
    """Whether a label came from the labelling rules rather than a person."""
    return bool(comment.label_source and comment.label_source.startswith("rules:"))


def hand_labels_first(dev: Sequence[Comment]) -> list[Comment]:
    """The dev comments that choose the best epoch: the hand-labelled ones where there are any,
    so that a model is never chosen for imitating the rules."""
    hand = [c for c in dev if not is_weak(c)]
    return hand or list(dev)


def best_dev_metrics(trainer) -> dict:
    """The dev metrics of the kept model (the step with the best dev macro-F1), from the training
    log; evaluated afresh only when the log has none for that step."""
    kept = [e for e in trainer.state.log_history
            if "eval_macro_f1" in e and e.get("step") == trainer.state.best_global_step]
    best = kept[-1] if kept else trainer.evaluate()
    return {f"dev_{k[5:]}": v for k, v in best.items() if k.startswith("eval_")}


def label_source_counts(comments: Sequence[Comment]) -> dict[str, int]:
    """How many training labels are hand labels and how many weak (rule) labels."""
    weak = sum(is_weak(c) for c in comments)
    return {"hand": len(comments) - weak, "weak": weak}


def macro_f1_metrics(eval_prediction) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    predicted = np.argmax(eval_prediction.predictions, axis=1)
    return {"macro_f1": f1_score(eval_prediction.label_ids, predicted, average="macro"),
            "accuracy": accuracy_score(eval_prediction.label_ids, predicted)}


def train(comments: Sequence[Comment], output_dir: str | Path, args: TrainingArgs | None = None,
          scheme: LabelScheme | None = None, sources: Sequence[str] = (), callbacks: Sequence = ()) -> dict:
    """Fine-tune on labelled comments and save a pipeline-ready model to ``output_dir`` atomically.

    Args:
        comments: records with ``label`` set (hand labels, or weak labels at or above
            ``args.min_confidence``); unlabelled records are skipped. Threads are split whole into
            train/dev/test by a hash seeded with ``args.thread_seed``, and ``args.source_weights`` resample each ``dataset``.
        output_dir: the model directory to write (safetensors, tokenizer, model card, ``split.json``).
        args: hyperparameters; the defaults train all-MiniLM-L6-v2.
        scheme: the label set; the default four labels when None.
        sources: the input file names, recorded in ``split.json`` and the model card.
        callbacks: extra Hugging Face ``TrainerCallback``s.

    Returns:
        The metrics also written to ``metrics.json``: training loss, time, steps and epochs (fewer than
        asked where ``args.time_budget`` ran out), examples per second, dev macro-F1, and how many hand
        and weak labels were used.

    Checkpoints go to ``OUTPUT_DIR.checkpoints`` until the model is saved; with ``args.resume`` an
    interrupted run continues from the last one.
    """
    args = args or TrainingArgs()
    if args.bf16 is None:
        args = replace(args, bf16=bf16_supported())
    scheme = scheme or LabelScheme()
    output_dir = Path(output_dir)
    labelled = usable_labels(comments, args.min_confidence)
    named = sources[0] if sources else "input"  # what an error about the input names
    unknown = sorted({c.label for c in labelled} - set(scheme.labels))
    if unknown:
        raise InputError(named, f"labels not in the scheme: {unknown}")
    if not labelled:
        raise InputError(named, "no labelled comments to train on")
    set_seed(args.seed)
    splits = split_by_thread(labelled, args.dev_size, args.test_size, args.thread_seed)
    if not splits["train"]:
        raise InputError(named, f"no thread left to train on after holding out "
                         f"{args.dev_size:.0%} for dev and {args.test_size:.0%} for test; lower --dev-size or --test-size")
    splits["train"] = weight_sources(splits["train"], args.source_weights, args.seed)
    splits["dev"] = hand_labels_first(splits["dev"])
    tokenizer, model = load_backbone(args.model, scheme.labels, args.pooling)
    datasets = {name: tokenised(split, tokenizer, scheme, args.max_length) for name, split in splits.items() if split}
    work_dir = output_dir.with_name(output_dir.name + ".checkpoints")
    has_dev = "dev" in datasets
    if has_dev:  # evaluated in batches of similar length: less padding, the same metrics
        datasets["dev"] = datasets["dev"].sort("length")
    training_args = _training_arguments(args, work_dir, has_dev)
    budget = TimeBudget(args.time_budget) if args.time_budget else None
    trainer = FineTuner(
        model=model, args=training_args, layer_decay=args.layer_decay, budget=budget,
        train_dataset=datasets["train"], eval_dataset=datasets.get("dev"),
        data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=macro_f1_metrics,
        callbacks=([EarlyStoppingCallback(args.patience)] if has_dev else []) + [ProgressBar(budget), *callbacks],
        compute_loss_func=weighted_loss(class_weights(splits["train"], scheme) if args.class_weights else None),
    )
    trainer.remove_callback(PrinterCallback)  # ProgressBar shows the loss; no log dicts on stdout
    checkpoints = sorted(work_dir.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    resume = str(checkpoints[-1]) if args.resume and checkpoints else None
    if resume:
        check_resumable(Path(resume), model)
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=resume)
    seconds = time.perf_counter() - started
    metrics = {"train_loss": result.training_loss, "train_seconds": round(seconds, 1),
               "train_steps": trainer.state.global_step, "train_epochs": round(trainer.state.epoch or 0.0, 3),
               "train_examples_per_second": round(result.metrics.get("train_samples_per_second", 0.0), 2),
               "loss_history": [round(h["loss"], 4) for h in trainer.state.log_history if "loss" in h],
               "resumed_from": Path(resume).name if resume else None,
               "label_sources": label_source_counts(labelled), "dev_comments": len(splits["dev"])}
    if has_dev:
        metrics.update(best_dev_metrics(trainer))
        if args.label_bias:
            bias, metrics["dev_macro_f1_with_label_bias"] = label_bias(trainer, datasets["dev"], splits["train"], scheme)
            add_to_output_bias(trainer.model, bias)
            metrics["label_bias"] = dict(zip(scheme.labels, bias))
    _save_atomically(trainer, tokenizer, output_dir, args, scheme, splits, metrics, sources)
    shutil.rmtree(work_dir, ignore_errors=True)
    return metrics


def label_bias(trainer, dev, train: Sequence[Comment], scheme: LabelScheme) -> tuple[list[float], float]:
    """The per-label logit biases that give the kept model's dev predictions the label mix of the
    training comments (:func:`training.evaluate.fit_label_bias`), and dev macro-F1 with them."""
    dev_prediction = trainer.predict(dev)
    bias = [round(float(b), 6) for b in fit_label_bias(dev_prediction.predictions, label_counts(train, scheme))]
    shifted = dev_prediction._replace(predictions=dev_prediction.predictions + np.array(bias))
    return bias, float(macro_f1_metrics(shifted)["macro_f1"])


def add_to_output_bias(model, bias: Sequence[float]) -> None:
    """Fold per-label logit biases into the model's output layer (its last linear layer with one output
    per label), so that every runtime and a transformers pipeline predict with them."""
    layers = [m for m in model.modules() if isinstance(m, torch.nn.Linear) and m.out_features == len(bias)
              and m.bias is not None]
    if not layers:
        raise ValueError(f"{type(model).__name__} has no output layer with a bias for {len(bias)} labels")
    with torch.no_grad():
        layers[-1].bias += torch.tensor(bias, dtype=layers[-1].bias.dtype, device=layers[-1].bias.device)


def check_resumable(checkpoint: Path, model) -> None:
    """Raise :class:`InputError` when ``checkpoint`` holds weights that do not fit ``model`` (another
    pooling, backbone or label set), which the Trainer would meet with a size-mismatch traceback."""
    from safetensors import safe_open

    path = checkpoint / "model.safetensors"
    if not path.is_file():
        return
    with safe_open(str(path), "pt") as weights:
        saved = {name: tuple(weights.get_slice(name).get_shape()) for name in weights.keys()}
    needed = {name: tuple(tensor.shape) for name, tensor in model.state_dict().items()}
    misfits = sorted(name for name in saved.keys() & needed.keys() if saved[name] != needed[name])
    misfits += sorted(saved.keys() ^ needed.keys())
    if misfits:
        name = misfits[0]
        raise InputError(path, f"was saved by another model ({name}: {saved.get(name, 'absent')} in the checkpoint, "
                               f"{needed.get(name, 'absent')} in this run's); train without --resume, or start "
                               f"over after: rm -r '{checkpoint.parent}'")


def _training_arguments(args: TrainingArgs, work_dir: Path, has_dev: bool) -> TrainingArguments:
    return TrainingArguments(
        output_dir=str(work_dir), num_train_epochs=args.epochs, learning_rate=args.lr,
        per_device_train_batch_size=args.batch_size, per_device_eval_batch_size=args.batch_size * 2,
        weight_decay=args.weight_decay, warmup_steps=args.warmup_ratio, seed=args.seed,
        eval_strategy="epoch" if has_dev else "no", save_strategy="epoch", save_total_limit=2,
        load_best_model_at_end=has_dev, metric_for_best_model="macro_f1", greater_is_better=True,
        logging_strategy="steps", logging_steps=10, report_to=[], use_cpu=not torch.cuda.is_available(),
        dataloader_num_workers=0, length_column_name="length", disable_tqdm=True,
        train_sampling_strategy="group_by_length" if args.group_by_length else "random", bf16=args.bf16,
    )


def _save_atomically(trainer, tokenizer, output_dir: Path, args: TrainingArgs, scheme: LabelScheme,
                     splits: dict, metrics: dict, sources: Sequence[str]) -> None:
    """Write everything into a temporary sibling, then swap it into place with renames."""
    staging = output_dir.with_name(f".{output_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    save_classifier(trainer.model, staging)
    tokenizer.save_pretrained(str(staging))
    info = {"name": output_dir.name, "version": weights_digest(staging), "backbone": args.model,
            "max_length": args.max_length,
            "pooling": getattr(trainer.model.config, POOLING, "cls"),
            "labels": list(scheme.labels), "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    counts = {name: dict(Counter(c.label for c in split)) for name, split in splits.items()}
    split_threads = {name: sorted({c.thread_id for c in split}) for name, split in splits.items()}
    _write_json(staging / MODEL_INFO, info)
    _write_json(staging / "training_args.json", args.to_dict())
    _write_json(staging / "metrics.json", metrics)
    datasets = sorted({c.dataset for split in splits.values() for c in split if c.dataset})
    _write_json(staging / SPLIT_FILE, {"threads": split_threads, "label_counts": counts, "sources": list(sources),
                                         "datasets": datasets})
    write_model_card(staging)
    make_readable(staging)  # safetensors writes 0600
    previous = output_dir.with_name(f".{output_dir.name}.old-{os.getpid()}")
    if output_dir.exists():
        output_dir.rename(previous)
    staging.rename(output_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
