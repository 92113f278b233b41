"""Scoring comments with a trained stance model, in batches of similar length."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from classifier.engines.runtimes import EXACT, Runtime, default_runtime, open_runtime
from classifier.errors import InputError
from classifier.labels import UNCERTAIN
from classifier.modeling import DEFAULT_MAX_LENGTH, check_model_dir, encode_pairs, read_model_info, weights_digest
from classifier.records import Comment

WIDTH_STEP = 16  # batches are padded to a multiple of this many tokens
MAX_BATCH_SIZE = 4096  # comments of 128 tokens in one forward pass: more only exhausts memory
BUDGET_WIDTH = 128  # a batch holds batch_size comments of this many tokens, whatever max_length allows


@dataclass
class Prediction:
    """A label and the probability of every label."""

    label: str
    scores: dict[str, float]


class StanceClassifier:
    """A trained stance model. ``load`` it from a directory written by ``stance train``."""

    def __init__(self, tokenizer, labels: Sequence[str], name: str, forward, runtime: Runtime = Runtime.torch,
                 max_length: int = DEFAULT_MAX_LENGTH, batch_size: int = 16, temperature: float = 1.0):
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_SIZE}, not {batch_size}")
        self.tokenizer = tokenizer
        self.labels = list(labels)
        self.name = name
        self.forward = forward  # batches of arrays in, logits out (classifier.engines.runtimes)
        self.runtime = Runtime(runtime).value
        self.max_length = max_length
        self.batch_size = batch_size
        self.temperature = temperature

    @classmethod
    def load(cls, model_dir: str | Path, runtime: str = "auto", batch_size: int = 16,
             threads: int | None = None) -> "StanceClassifier":
        """Load a model directory. ``runtime``: a :class:`~classifier.engines.runtimes.Runtime`
        ('torch', 'torch-bf16', 'onnx', 'onnx-int8'), or 'auto' for the fastest one that
        'stance export' checked (fp32 torch when the model was not exported)."""
        from transformers import AutoTokenizer

        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        try:
            chosen = Runtime(runtime)
        except ValueError:
            raise ValueError(f"unknown runtime {runtime!r} (use {', '.join(r.value for r in Runtime)})") from None
        model_dir = Path(model_dir)
        config = check_model_dir(model_dir)
        if chosen is Runtime.auto:
            chosen = default_runtime(model_dir)
        labels = [config.id2label[i] for i in range(config.num_labels)]
        try:
            tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
        except (OSError, ValueError) as error:  # a damaged tokenizer.json raises JSON errors (ValueErrors)
            raise InputError(model_dir, f"cannot load the tokenizer ({' '.join(str(error).split())[:200]}); "
                                        "copy the model's own tokenizer files") from None
        vocab = getattr(config, "vocab_size", None)
        if vocab and not vocab // 2 <= len(tokenizer) <= vocab:
            raise InputError(model_dir, f"the tokenizer has {len(tokenizer)} tokens but the model {vocab}; "
                                        "copy the model's own tokenizer files")
        info = read_model_info(model_dir)
        name = f"{info.get('name', model_dir.name)}@{info.get('version') or weights_digest(model_dir)}"
        if chosen is not Runtime.torch:
            name += f"+{chosen.value}"
        return cls(tokenizer, labels, name, open_runtime(model_dir, chosen, len(labels), threads), chosen,
                   max_length=info.get("max_length", DEFAULT_MAX_LENGTH), batch_size=batch_size,
                   temperature=info.get("temperature", 1.0))

    def logits(self, texts: Sequence[str] | str, contexts: Sequence[str | None] | str | None = None) -> np.ndarray:
        """Raw logits, one row per comment (a single string is one comment)."""
        texts, contexts = _as_lists(texts, contexts)
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if texts:
            batches = list(self.batches(self.encode(texts, contexts)))
            for (rows, _), logits in zip(batches, self.forward(batch for _, batch in batches)):
                out[rows] = logits[:len(rows)]
        return out

    def encode(self, texts: Sequence[str], contexts: Sequence[str | None]):
        """Token arrays for comments and their contexts, right-padded to a multiple of 16 tokens."""
        return encode_pairs(self.tokenizer, texts, contexts, self.max_length, padding="longest",
                            pad_to_multiple_of=WIDTH_STEP, return_tensors="np")

    def batches(self, encoded) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
        """``(rows, arrays)`` for every batch of ``encoded`` (right-padded arrays): comments of
        similar length, cut to a multiple of 16 tokens, as many as fit ``batch_size × 128`` tokens
        (``batch_size × max_length`` below 128). Reduced-precision runtimes always get full batches
        (filled with copies of a row): the same shapes every time, so a comment's scores do not
        depend on which comments share its batch or chunk."""
        arrays = {n: encoded[n].astype(np.int64) for n in self.tokenizer.model_input_names if n in encoded}
        lengths = arrays["attention_mask"].sum(axis=1)
        widths = np.minimum(-(-lengths // WIDTH_STEP) * WIDTH_STEP, self.max_length)
        for width in np.unique(widths):
            members = np.flatnonzero(widths == width)
            size = max(1, self.batch_size * min(self.max_length, BUDGET_WIDTH) // int(width))
            for start in range(0, len(members), size):
                rows = members[start:start + size]
                taken = rows if self.runtime in EXACT else np.resize(rows, size)  # repeats rows to fill
                yield rows, {n: array[taken, :width] for n, array in arrays.items()}

    def predict_proba(self, texts, contexts=None) -> np.ndarray:
        """Label probabilities (softmax of logits over the calibrated temperature)."""
        logits = self.logits(texts, contexts) / self.temperature
        if not len(logits):
            return logits
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str] | str,
                parents: Sequence[str | None] | str | None = None) -> list[Prediction]:
        """Labels and probabilities for comments (a single string is one comment); ``parents`` are
        the texts they reply to."""
        probabilities = self.predict_proba(texts, parents)
        return [Prediction(self.labels[int(row.argmax())], {l: float(p) for l, p in zip(self.labels, row)})
                for row in probabilities]

    def score(self, comments: Sequence[Comment], threshold: float | None = None) -> list[Comment]:
        """Comments with ``label``, ``scores`` and ``model`` set; below ``threshold`` the label is 'uncertain'."""
        if threshold is not None and not 0 <= threshold <= 1:
            raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
        predictions = self.predict([c.text for c in comments], [c.context for c in comments])
        scored = []
        for comment, prediction in zip(comments, predictions):
            confidence = max(prediction.scores.values())
            label = prediction.label if threshold is None or confidence >= threshold else UNCERTAIN
            scored.append(replace(comment, label=label, label_source="model", confidence=confidence,
                                  scores=prediction.scores, model=self.name))
        return scored

    def score_file(self, inputs, output, **options):
        """Score dumps or record files (one path, or several) into ``output``; see
        :func:`classifier.scoring.score_file`."""
        from classifier.scoring import score_file

        return score_file(self, [inputs] if isinstance(inputs, (str, Path)) else inputs, output, **options)


def _as_lists(texts, contexts) -> tuple[list[str], list[str | None]]:
    """Comments and contexts as equal-length lists; a single string is one comment."""
    if isinstance(texts, str):
        texts, contexts = [texts], [contexts] if contexts is None or isinstance(contexts, str) else contexts
    if texts is None:
        raise TypeError("texts must be a comment or a list of comments, not None")
    texts = list(texts)
    contexts = list(contexts) if contexts is not None else [None] * len(texts)
    if len(contexts) != len(texts):
        raise ValueError("texts and parents/contexts differ in length")
    for i, (text, context) in enumerate(zip(texts, contexts)):
        if not isinstance(text, str) or not isinstance(context, (str, type(None))):
            raise TypeError(f"comment {i} or its context is not text")
        if not text.strip():
            raise ValueError(f"comment {i} is empty (scoring rejects empty comments rather than guess)")
    return texts, contexts
