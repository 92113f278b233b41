"""Preparing a trained model for fast scoring: an ONNX graph fused by onnxruntime's transformer
optimizer, optionally a statically quantised int8 copy, and checks that choose the runtime
'stance score' uses by default (the fastest one that stays faithful to fp32 PyTorch)."""

from __future__ import annotations

import inspect
import json
import logging
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from classifier.engines.runtimes import CHOICE_FILE, EXACT, ONNX_FILES, Runtime, bf16_supported
from classifier.exporters.checks import RuntimeCheck, check_runtime, timed
from classifier.io import write_atomically
from classifier.modeling import check_model_dir, encode_pairs, load_classifier, make_readable, read_model_info

MIN_SAMPLE = 100  # fewer comments cannot show 99% agreement
EXAMPLES = ["Great news, about time.", "I'll believe it when I see it.",
            "How is the weather in St Petersburg, Ivan?", "Does anyone know the bus times?"]


@dataclass
class ExportReport:
    """What was written, how every runtime fared, and which one 'stance score' will use."""

    path: Path
    checks: list[RuntimeCheck] = field(default_factory=list)
    default: str = Runtime.torch.value
    sample: int = 0

    def lines(self) -> list[str]:
        lines = [f"exported {self.path}", f"checked on {self.sample} comments:"]
        lines += [f"  {check.line()}" for check in self.checks]
        if self.sample < MIN_SAMPLE:
            lines.append(f"  (too few comments to trust a reduced precision: pass --sample with at least "
                         f"{MIN_SAMPLE} records)")
        return lines + [f"'stance score' will use {self.default} by default"]


def export_onnx(model_dir: str | Path, int8: bool = False, texts=None, contexts=None,
                threads: int | None = None) -> ExportReport:
    """Write ``MODEL_DIR/onnx/model.onnx`` (and ``model_int8.onnx``), check every runtime against
    fp32 torch on ``texts`` (a sample of comments, with their ``contexts``), and record the runtimes
    that pass in ``MODEL_DIR/runtime.json``, fastest first."""
    from classifier.predict import StanceClassifier

    model_dir = Path(model_dir)
    config = check_model_dir(model_dir)
    if not texts:
        texts, contexts = EXAMPLES, None
    texts = list(texts)
    contexts = list(contexts) if contexts is not None else [None] * len(texts)
    (model_dir / CHOICE_FILE).unlink(missing_ok=True)
    target = model_dir / "onnx"
    with tempfile.TemporaryDirectory(dir=model_dir, prefix=".onnx-") as scratch:
        staging = Path(scratch) / "onnx"
        staging.mkdir()
        raw = Path(scratch) / "raw.onnx"
        _export_graph(model_dir, raw)
        _fuse(raw, staging / "model.onnx", config)
        if int8:
            _quantize(raw, staging / "model_int8.onnx", model_dir, texts, contexts, config)
        make_readable(staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    candidates = [Runtime.torch, *([Runtime.torch_bf16] if bf16_supported() else []), Runtime.onnx,
                  *([Runtime.onnx_int8] if int8 else [])]
    reference = StanceClassifier.load(model_dir, runtime="torch", threads=threads)
    probabilities, rate = timed(reference, texts, contexts)
    checks = [check_runtime(reference if r is Runtime.torch else StanceClassifier.load(model_dir, r.value,
                                                                                      threads=threads),
                            texts, contexts, probabilities, rate) for r in candidates]
    trusted = [c for c in checks if c.passed and (len(texts) >= MIN_SAMPLE or Runtime(c.runtime) in EXACT)]
    passed = [c.runtime for c in sorted(trusted, key=lambda c: -c.comments_per_second)] or [Runtime.torch.value]
    write_atomically(model_dir / CHOICE_FILE, json.dumps(
        {"passed": passed, "checks": [c.to_dict() for c in checks]}, indent=1) + "\n")
    make_readable(model_dir / CHOICE_FILE)
    return ExportReport(target / Path(ONNX_FILES[Runtime.onnx]).name, checks, passed[0], len(texts))


def _export_graph(model_dir: Path, path: Path) -> None:
    """torch.onnx export with eager attention: the pattern onnxruntime's optimizer can fuse."""
    import torch
    from transformers import AutoTokenizer

    model = load_classifier(model_dir, attn_implementation="eager")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    example = tokenizer(["an example comment"], ["its parent"], return_tensors="pt")
    names = [n for n in inspect.signature(model.forward).parameters if n in example]  # positional order
    axes = {n: {0: "batch", 1: "sequence"} for n in names} | {"logits": {0: "batch"}}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on Python conditions that do not affect BERT
        torch.onnx.export(model, tuple(example[n] for n in names), str(path), input_names=names,
                          output_names=["logits"], dynamic_axes=axes, opset_version=17, dynamo=False)


def _fuse(raw: Path, path: Path, config) -> None:
    """Fuse attention, the embedding and skip LayerNorms and bias+GELU into single kernels."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(raw), model_type="bert", num_heads=config.num_attention_heads,
                               hidden_size=config.hidden_size)
    optimized.save_model_to_file(str(path))


def _quantize(raw: Path, path: Path, model_dir: Path, texts, contexts, config) -> None:
    """Static int8: activations scaled once from the sample (so a comment's result does not depend
    on its batch), weights per channel; the matrix products of attention scores and the
    feed-forward output (most sensitive to activation outliers) stay fp32."""
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    max_length = read_model_info(model_dir).get("max_length", 128)
    feeds = []
    for start in range(0, min(len(texts), 256), 16):
        encoded = encode_pairs(tokenizer, texts[start:start + 16], contexts[start:start + 16], max_length,
                               padding=True, return_tensors="np")
        feeds.append({k: v.astype("int64") for k, v in encoded.items()})

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.feeds = iter(feeds)

        def get_next(self):
            return next(self.feeds, None)

    graph = onnx.load(str(raw)).graph
    weights = {i.name for i in graph.initializer}
    layers = config.num_hidden_layers
    sensitive = tuple(f"layer.{i}/output/dense" for i in range(layers))
    nodes = [n.name for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights
             and not any(s in n.name for s in sensitive)]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # onnxruntime advises pre-processing, which a BERT graph does not need
    try:
        quantize_static(str(raw), str(path), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        op_types_to_quantize=["MatMul"],
                        nodes_to_quantize=nodes, extra_options={"WeightSymmetric": True, "DefaultTensorType": 1})
    finally:
        root.setLevel(level)
