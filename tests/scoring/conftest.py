"""A stance-shaped model in seconds: the tiny backbone, mean-pooled, with a fresh 4-label head, untrained."""

import json
import shutil
from pathlib import Path

import pytest

from classifier.labels import DEFAULT_LABELS
from classifier.modeling import load_backbone, save_classifier


@pytest.fixture(scope="session")
def untrained_model(tiny_backbone, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("untrained") / "model"
    tokenizer, model = load_backbone(str(tiny_backbone), DEFAULT_LABELS)
    save_classifier(model, out)
    tokenizer.save_pretrained(out)
    (out / "stance_model.json").write_text(json.dumps({"name": "untrained", "version": "v0", "max_length": 64}))
    return out


@pytest.fixture
def model_copy(untrained_model, tmp_path) -> Path:
    """A copy of the untrained model that a test may damage."""
    return Path(shutil.copytree(untrained_model, tmp_path / "model"))
