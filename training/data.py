"""Thread-level splits and tokenised ``datasets.Dataset`` objects for training."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from classifier.io import to_dataset
from classifier.labels import LabelScheme
from classifier.modeling import encode_pairs
from classifier.records import Comment


def split_by_thread(comments: Sequence[Comment], dev_size: float, test_size: float,
                    seed: int) -> dict[str, list[Comment]]:
    """Train/dev/test splits with every thread wholly inside one split (replies never leak).

    A thread's split depends only on its id and the seed (a hash), so the same threads are
    held out whichever files or sources are trained together, and evaluations stay comparable.
    """
    splits: dict[str, list[Comment]] = {"train": [], "dev": [], "test": []}
    if len({c.thread_id for c in comments}) < 2:
        return {**splits, "train": list(comments)}
    for comment in comments:
        splits[thread_split(comment.thread_id, dev_size, test_size, seed)].append(comment)
    return splits


def thread_split(thread_id: str, dev_size: float, test_size: float, seed: int) -> str:
    """'test', 'dev' or 'train' for a thread, from a seeded hash of its id."""
    digest = hashlib.sha256(f"{seed}:{thread_id}".encode("utf-8")).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    if position < test_size:
        return "test"
    return "dev" if position < test_size + dev_size else "train"


def weight_sources(comments: Sequence[Comment], weights: dict[str, float], seed: int) -> list[Comment]:
    """Resample each dataset to ``weight`` times its size (seeded): 0.5 keeps half, 2 repeats it twice.

    A comment's dataset is its ``dataset`` field; datasets without a weight keep weight 1.
    """
    rng = np.random.default_rng(seed)
    by_dataset: dict[str | None, list[Comment]] = {}
    for comment in comments:
        by_dataset.setdefault(comment.dataset, []).append(comment)
    weighted = []
    for name, members in by_dataset.items():
        weight = weights.get(name or "", 1.0)
        whole, part = int(weight), weight - int(weight)
        weighted += members * whole
        chosen = rng.choice(len(members), size=round(part * len(members)), replace=False)
        weighted += [members[i] for i in sorted(chosen)]
    return weighted


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


def label_counts(comments: Sequence[Comment], scheme: LabelScheme) -> np.ndarray:
    """How many of ``comments`` carry each label of ``scheme``, in its order."""
    return np.array([sum(c.label == label for c in comments) for label in scheme.labels], dtype=float)


def class_weights(comments: Sequence[Comment], scheme: LabelScheme) -> list[float]:
    """Inverse-frequency weights (sklearn's 'balanced'), 1.0 for labels absent from training."""
    counts = label_counts(comments, scheme)
    present = counts > 0
    weights = np.ones(len(counts))
    weights[present] = counts[present].sum() / (present.sum() * counts[present])
    return weights.tolist()
