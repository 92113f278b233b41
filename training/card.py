"""The model card (README.md) written beside every trained model."""

from __future__ import annotations

from pathlib import Path


def write_model_card(path: Path, info: dict, args, counts: dict, metrics: dict, sources) -> None:
    """Data, label counts per split, hyperparameters and dev metrics, as Markdown."""
    labels = info["labels"]
    rows = "\n".join(f"| {split} | " + " | ".join(str(counts.get(split, {}).get(l, 0)) for l in labels)
                     + f" | {sum(counts.get(split, {}).values())} |" for split in ("train", "dev", "test"))
    hyper = "\n".join(f"| {k} | {v} |" for k, v in args.to_dict().items())
    dev = "\n".join(f"| {k} | {v:.4f} |" for k, v in metrics.items()
                    if k.startswith("dev_") and isinstance(v, float))
    path.write_text(f"""---
library_name: transformers
pipeline_tag: text-classification
tags: [stance, comments, moderation]
---
# {info['name']}

Stance classifier for reader comments: {', '.join(labels)}. Fine-tuned from
`{info['backbone']}` by `stance train` on {info['trained_at']}. Version `{info['version']}`.

Input: the comment, with its parent comment (or the article title for top-level comments)
as the second segment, truncated to {info['max_length']} tokens.

```python
from transformers import pipeline
classify = pipeline("text-classification", model="{path.parent.name}")
classify({{"text": "Says the troll.", "text_pair": "How is the weather in St Petersburg?"}})
```

## Data

Sources: {', '.join(map(str, sources)) or 'not recorded'}. Threads are split whole into train, dev and test.

| split | {' | '.join(labels)} | total |
|---|{'---|' * (len(labels) + 1)}
{rows}

## Hyperparameters

| name | value |
|---|---|
{hyper}

## Dev metrics

| metric | value |
|---|---|
{dev or '| (no dev split) | |'}

Training took {metrics.get('train_seconds', '?')} s. Evaluate on the held-out test threads with
`stance evaluate MODEL_DIR GOLD`.
""", encoding="utf-8")
