"""Scoring comments with a trained stance model: torch or ONNX Runtime, length-sorted batches."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from classifier.errors import InputError
from classifier.modeling import encode_pairs, read_model_info, weights_digest
from classifier.records import Comment

ONNX_FILES = ("onnx/model_int8.onnx", "onnx/model.onnx")


@dataclass
class Prediction:
    """A label and the probability of every label."""

    label: str
    scores: dict[str, float]


class StanceClassifier:
    """A trained stance model. ``load`` it from a directory written by ``stance train``."""

    def __init__(self, tokenizer, labels: Sequence[str], name: str, max_length: int = 128,
                 batch_size: int = 32, temperature: float = 1.0, model=None, session=None):
        self.tokenizer = tokenizer
        self.labels = list(labels)
        self.name = name
        self.max_length = max_length
        self.batch_size = batch_size
        self.temperature = temperature
        self.model = model
        self.session = session

    @property
    def engine(self) -> str:
        return "onnx" if self.session is not None else "torch"

    @classmethod
    def load(cls, model_dir: str | Path, engine: str = "auto", batch_size: int = 32,
             threads: int | None = None) -> "StanceClassifier":
        """Load a model directory. ``engine``: 'torch', 'onnx', or 'auto' (ONNX when exported)."""
        from transformers import AutoConfig, AutoTokenizer

        model_dir = Path(model_dir)
        if not (model_dir / "config.json").exists():
            raise InputError(model_dir, "not a model directory (no config.json); train one with 'stance train'")
        threads = threads or os.cpu_count() or 1
        info = read_model_info(model_dir)
        config = AutoConfig.from_pretrained(model_dir, trust_remote_code=False)
        labels = [config.id2label[i] for i in range(config.num_labels)]
        name = f"{info.get('name', model_dir.name)}@{info.get('version') or weights_digest(model_dir)}"
        common = dict(labels=labels, max_length=info.get("max_length", 128), batch_size=batch_size,
                      temperature=info.get("temperature", 1.0))
        tokenizer = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=False)
        onnx = next((model_dir / f for f in ONNX_FILES if (model_dir / f).exists()), None)
        if engine == "onnx" and onnx is None:
            raise InputError(model_dir, "no ONNX model; run 'stance export MODEL_DIR --onnx' first")
        if engine in ("onnx", "auto") and onnx is not None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            session = ort.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
            return cls(tokenizer, name=f"{name}+{onnx.stem}", session=session, **common)
        if engine not in ("torch", "auto", "onnx"):
            raise ValueError(f"unknown engine {engine!r} (use torch, onnx or auto)")
        import torch
        from transformers import AutoModelForSequenceClassification

        torch.set_num_threads(threads)
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, trust_remote_code=False).eval()
        if torch.cuda.is_available():
            model.to("cuda")
        return cls(tokenizer, name=name, model=model, **common)

    def logits(self, texts: Sequence[str], contexts: Sequence[str | None] | None = None) -> np.ndarray:
        """Raw logits, computed in length-sorted batches with padding per batch."""
        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        if len(contexts) != len(texts):
            raise ValueError("texts and parents/contexts differ in length")
        encoded = encode_pairs(self.tokenizer, texts, contexts, self.max_length)
        order = np.argsort([len(ids) for ids in encoded["input_ids"]], kind="stable")
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            batch = self.tokenizer.pad({k: [encoded[k][i] for i in rows] for k in encoded}, return_tensors="np")
            out[rows] = self._forward(batch)
        return out

    def _forward(self, batch) -> np.ndarray:
        if self.session is not None:
            names = {i.name for i in self.session.get_inputs()}
            feeds = {k: v.astype(np.int64) for k, v in batch.items() if k in names}
            return self.session.run(None, feeds)[0]
        import torch

        with torch.inference_mode():
            tensors = {k: torch.from_numpy(v.astype(np.int64)).to(self.model.device) for k, v in batch.items()}
            return self.model(**tensors).logits.float().cpu().numpy()

    def predict_proba(self, texts, contexts=None) -> np.ndarray:
        """Label probabilities (softmax of logits over the calibrated temperature)."""
        logits = self.logits(texts, contexts) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str], parents: Sequence[str | None] | None = None) -> list[Prediction]:
        """Labels and probabilities for comments; ``parents`` are the texts they reply to."""
        probabilities = self.predict_proba(texts, parents)
        return [Prediction(self.labels[int(row.argmax())], {l: float(p) for l, p in zip(self.labels, row)})
                for row in probabilities]

    def score(self, comments: Sequence[Comment], threshold: float | None = None) -> list[Comment]:
        """Comments with ``label``, ``scores`` and ``model`` set; below ``threshold`` the label is 'uncertain'."""
        predictions = self.predict([c.text for c in comments], [c.context for c in comments])
        scored = []
        for comment, prediction in zip(comments, predictions):
            confidence = max(prediction.scores.values())
            label = prediction.label if threshold is None or confidence >= threshold else "uncertain"
            scored.append(replace(comment, label=label, label_source="model", confidence=confidence,
                                  scores=prediction.scores, model=self.name))
        return scored

    def score_file(self, inputs, output, **options):
        """Score dumps or record files into ``output``; see :func:`classifier.scoring.score_file`."""
        from classifier.scoring import score_file

        return score_file(self, inputs, output, **options)
