"""Thread-level splits and tokenised ``datasets.Dataset`` objects for training."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from classifier.io import to_dataset
from classifier.labels import LabelScheme
from classifier.modeling import encode_pairs
from classifier.records import Comment


def split_by_thread(comments: Sequence[Comment], dev_size: float, test_size: float,
                    seed: int) -> dict[str, list[Comment]]:
    """Train/dev/test splits with every thread wholly inside one split (replies never leak)."""
    from sklearn.model_selection import GroupShuffleSplit

    threads = np.array([c.thread_id for c in comments])
    indices = np.arange(len(comments))
    splits = {"train": indices, "dev": indices[:0], "test": indices[:0]}
    for name, size in (("test", test_size), ("dev", dev_size)):
        remaining = splits["train"]
        if size <= 0 or len(set(threads[remaining])) < 2:
            continue
        share = size / (1 - (test_size if name == "dev" else 0))
        keep, held = next(GroupShuffleSplit(n_splits=1, test_size=share, random_state=seed)
                          .split(remaining, groups=threads[remaining]))
        splits["train"], splits[name] = remaining[keep], remaining[held]
    return {name: [comments[i] for i in sorted(idx)] for name, idx in splits.items()}


def tokenised(comments: Sequence[Comment], tokenizer, scheme: LabelScheme, max_length: int):
    """A dataset of input ids, label ids and a ``length`` column (for length-grouped batches)."""
    dataset = to_dataset(comments)
    encoded = encode_pairs(tokenizer, [c.text for c in comments], [c.context for c in comments], max_length)
    for key, values in encoded.items():
        dataset = dataset.add_column(key, values)
    dataset = dataset.add_column("labels", [scheme.label2id[c.label] for c in comments])
    dataset = dataset.add_column("length", [len(ids) for ids in encoded["input_ids"]])
    keep = [*encoded.keys(), "labels", "length"]
    return dataset.remove_columns([c for c in dataset.column_names if c not in keep])


def class_weights(comments: Sequence[Comment], scheme: LabelScheme) -> list[float]:
    """Inverse-frequency weights (sklearn's 'balanced'), 1.0 for labels absent from training."""
    counts = np.array([sum(c.label == label for c in comments) for label in scheme.labels], dtype=float)
    present = counts > 0
    weights = np.ones(len(counts))
    weights[present] = counts[present].sum() / (present.sum() * counts[present])
    return weights.tolist()
