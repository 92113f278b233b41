"""Exporting a trained model to ONNX Runtime, optionally with dynamic int8 quantisation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifier.errors import InputError


@dataclass
class ExportReport:
    """Where the ONNX model went and how often it agrees with the torch model."""

    path: Path
    sample: int
    agreement: float
    max_probability_gap: float


def export_onnx(model_dir: str | Path, int8: bool = True, texts=None, contexts=None) -> ExportReport:
    """Write ``MODEL_DIR/onnx/model.onnx`` (and ``model_int8.onnx``), then check label agreement
    with the torch model on ``texts`` (a sample of comments)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from classifier.predict import StanceClassifier

    model_dir = Path(model_dir)
    if not (model_dir / "config.json").exists():
        raise InputError(model_dir, "not a model directory (no config.json)")
    target = model_dir / "onnx"
    target.mkdir(exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, trust_remote_code=False).eval()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    example = tokenizer(["an example comment"], ["its parent"], return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in example]
    axes = {n: {0: "batch", 1: "sequence"} for n in names} | {"logits": {0: "batch"}}
    fp32 = target / "model.onnx"
    with torch.inference_mode():
        torch.onnx.export(model, tuple(example[n] for n in names), str(fp32), input_names=names,
                          output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)
    path = fp32
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        path = target / "model_int8.onnx"
        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    texts = list(texts or ["Great news, about time.", "I'll believe it when I see it.",
                           "How is the weather in St Petersburg, Ivan?", "Does anyone know the bus times?"])
    contexts = list(contexts) if contexts is not None else [None] * len(texts)
    reference = StanceClassifier.load(model_dir, engine="torch").predict_proba(texts, contexts)
    exported = StanceClassifier.load(model_dir, engine="onnx").predict_proba(texts, contexts)
    agreement = float(np.mean(reference.argmax(1) == exported.argmax(1)))
    return ExportReport(path, len(texts), agreement, float(np.abs(reference - exported).max()))
