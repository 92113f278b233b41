"""The model card (README.md) written beside every trained model, in Hugging Face's format."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.io import write_atomically
from classifier.backbones import hub_name
from classifier.modeling import MEAN_POOLINGS, MODEL_INFO, SPLIT_FILE

EVAL_METRICS = Path("eval") / "metrics.json"


def write_model_card(model_dir: str | Path) -> None:
    """Write MODEL_DIR/README.md from what training (and ``stance evaluate``, if run) saved there.

    The front matter follows Hugging Face conventions (``base_model``, ``license``, ``datasets``
    and a ``model-index`` with the held-out test results once they exist).
    """
    from huggingface_hub import EvalResult, ModelCardData

    model_dir = Path(model_dir)
    info = _read(model_dir / MODEL_INFO)
    args, metrics, split = (_read(model_dir / name) for name in ("training_args.json", "metrics.json", SPLIT_FILE))
    evaluation = _read(model_dir / EVAL_METRICS) if (model_dir / EVAL_METRICS).exists() else None
    labels, counts = info["labels"], split.get("label_counts", {})
    results = []
    if evaluation:
        model = evaluation["systems"]["model"]
        results = [EvalResult(task_type="text-classification", dataset_type="stance-comments",
                              dataset_name=f"held-out test threads ({evaluation['comments']} comments)",
                              metric_type=kind, metric_name=name, metric_value=round(value, 4))
                   for kind, name, value in (("f1", "macro-F1", model["macro_f1"]),
                                             ("accuracy", "accuracy", model["accuracy"]))]
    data = ModelCardData(base_model=hub_name(info["backbone"]), license="apache-2.0", library_name="transformers",
                         pipeline_tag="text-classification", tags=["stance", "comments", "moderation"],
                         datasets=split.get("datasets") or None, model_name=info["name"],
                         eval_results=results or None)
    rows = "\n".join(f"| {name} | " + " | ".join(str(counts.get(name, {}).get(l, 0)) for l in labels)
                     + f" | {sum(counts.get(name, {}).values())} |" for name in ("train", "dev", "test"))
    hyper = "\n".join(f"| {k} | {v} |" for k, v in args.items())
    dev = "\n".join(f"| {k} | {v:.4f} |" for k, v in metrics.items() if k.startswith("dev_") and isinstance(v, float))
    test = (f"On {evaluation['comments']} comments of held-out test threads: macro-F1 "
            f"{evaluation['systems']['model']['macro_f1']:.3f} (TF-IDF+LR {evaluation['systems']['tfidf+lr']['macro_f1']:.3f},"
            f" rules {evaluation['systems']['rules']['macro_f1']:.3f}); per dataset in `eval/metrics.md`."
            if evaluation else "Not evaluated yet: run `stance evaluate MODEL_DIR GOLD...`.")
    write_atomically(model_dir / "README.md", f"""---
{data.to_yaml()}
---
# {info['name']}

Stance classifier for reader comments: {', '.join(labels)}. Fine-tuned from `{info['backbone']}` by
`stance train` on {info['trained_at']}. Version `{info['version']}`.

Input: the comment, with its context (parent comment or article title) as the second segment,
truncated to {info['max_length']} tokens.

{_usage(info)}

## Data

Training files: {', '.join(map(str, split.get('sources') or [])) or 'not recorded'}.
Datasets: {', '.join(split.get('datasets') or []) or 'not recorded'}{_weights(args)}.
Threads are split whole into train, dev and test by a seeded hash of the thread id.

| split | {' | '.join(labels)} | total |
|---|{'---|' * (len(labels) + 1)}
{rows}

## Evaluation

{test}

## Hyperparameters

| name | value |
|---|---|
{hyper}

## Dev metrics

| metric | value |
|---|---|
{dev or '| (no dev split) | |'}

Training took {metrics.get('train_seconds', '?')} s: {metrics.get('train_steps', '?')} steps, \
{metrics.get('train_epochs', '?')} epochs.{_bias(metrics)}
""")


def _bias(metrics: dict) -> str:
    """The label bias fitted on dev and added to the output layer's, if any."""
    if not metrics.get("label_bias"):
        return ""
    biases = ", ".join(f"{label} {b:+.3f}" for label, b in metrics["label_bias"].items())
    return ("\n\nLabel bias added to the output layer's, fitted on dev so that the model predicts each label as "
            f"often as it occurs in training (`--label-bias`): {biases}.")


def _usage(info: dict) -> str:
    """How to load the model: a mean-pooled one through stance, one with the backbone's own head
    also through transformers."""
    if info.get("pooling") in MEAN_POOLINGS:
        what = {"segments": "the mean of the comment's token states beside the mean of its context's",
                "mean": "the mean of the token states"}[info["pooling"]]
        return f"""The head reads {what} (`classifier.pooling.MeanPooledClassifier`), so
load it with stance (transformers alone would read the first token):

```python
from classifier import StanceClassifier
classify = StanceClassifier.load("path/to/{info['name']}")
classify.predict(["Says the troll."], ["How is the weather in St Petersburg?"])
```"""
    return f"""```python
from transformers import pipeline
classify = pipeline("text-classification", model="path/to/{info['name']}")
classify({{"text": "Says the troll.", "text_pair": "How is the weather in St Petersburg?"}})
```"""


def _weights(args: dict) -> str:
    weights = args.get("source_weights") or {}
    return "; resampled: " + ", ".join(f"{k} x{v}" for k, v in weights.items()) if weights else ""


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
