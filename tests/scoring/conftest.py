"""A stance-shaped model in seconds: the tiny backbone with a fresh 4-label head, untrained."""

import json
import shutil
from pathlib import Path

import pytest

from classifier.labels import DEFAULT_LABELS


@pytest.fixture(scope="session")
def untrained_model(tiny_backbone, tmp_path_factory) -> Path:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out = tmp_path_factory.mktemp("untrained") / "model"
    model = AutoModelForSequenceClassification.from_pretrained(
        tiny_backbone, num_labels=len(DEFAULT_LABELS), id2label=dict(enumerate(DEFAULT_LABELS)),
        label2id={label: i for i, label in enumerate(DEFAULT_LABELS)}, ignore_mismatched_sizes=True)
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(tiny_backbone).save_pretrained(out)
    (out / "stance_model.json").write_text(json.dumps({"name": "untrained", "version": "v0", "max_length": 64}))
    return out


@pytest.fixture
def model_copy(untrained_model, tmp_path) -> Path:
    """A copy of the untrained model that a test may damage."""
    return Path(shutil.copytree(untrained_model, tmp_path / "model"))
