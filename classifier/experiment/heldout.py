"""Which gold labels may measure a model: only those from threads it was not trained on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from classifier.errors import InputError
from classifier.modeling import SPLIT_FILE, read_model_info, weights_digest
from classifier.records import Comment

TRAINED = ("train", "dev")  # dev threads chose the model's best epoch: not held out either


def training_threads(model_dir: Path) -> set[str]:
    """The threads a model was trained (or selected) on, from the ``split.json`` that training wrote."""
    path = Path(model_dir) / SPLIT_FILE
    try:
        threads = json.loads(path.read_text(encoding="utf-8"))["threads"]
        return {str(t) for name in TRAINED for t in threads.get(name, [])}
    except OSError as error:
        raise InputError(path, f"cannot read the model's thread split: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(path, "not a thread split written by 'stance train'") from None


def split_gold(gold: dict[str, str], comments: Sequence[Comment],
               model_dir: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """Gold labels of the scored comments: those that may measure the model, and those from its
    training threads (none when the model is unknown)."""
    trained = training_threads(model_dir) if model_dir else set()
    heldout, training = {}, {}
    for comment in comments:
        if comment.id in gold:
            (training if comment.thread_id in trained else heldout)[comment.id] = gold[comment.id]
    return heldout, training


def model_dir_for(scores: Sequence[Path], comments: Sequence[Comment], given: Path | None) -> Path | None:
    """The directory of the model that made the scores: ``given`` (checked against the scores'
    ``model`` column, NAME@VERSION), else a folder NAME next to a score file with that version."""
    made_by = {_version(c.model) for c in comments if c.model}
    if given is not None:
        if made_by and made_by != {_identity(given)}:
            raise InputError(given, f"this is {_identity(given)}, but the scores come from "
                                    f"{', '.join(sorted(made_by))}")
        return given
    if len(made_by) != 1:
        return None
    [version] = made_by
    found = {(score.parent / version.rpartition("@")[0]).resolve() for score in scores}
    found = [path for path in found if (path / SPLIT_FILE).exists() and _identity(path) == version]
    return found[0] if len(found) == 1 else None


def _version(model: str) -> str:
    """NAME@VERSION of a score's model column, without the engine (``+model_int8``)."""
    return model.split("+")[0]


def _identity(model_dir: Path) -> str:
    """NAME@VERSION as scoring writes it into the ``model`` column."""
    try:
        info = read_model_info(model_dir)
    except (OSError, ValueError):
        raise InputError(Path(model_dir) / "stance_model.json", "not readable model information") from None
    return f"{info.get('name', model_dir.name)}@{info.get('version') or weights_digest(model_dir)}"
