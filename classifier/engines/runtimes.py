"""The runtimes that turn padded batches into logits: PyTorch (fp32 or bf16) and ONNX Runtime
(fp32, or int8 with static quantisation)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

import numpy as np

from classifier.errors import InputError, kind_of


class Runtime(str, Enum):
    """What computes the logits. ``auto`` is the fastest runtime that 'stance export' found faithful."""

    auto = "auto"
    torch = "torch"
    torch_bf16 = "torch-bf16"
    onnx = "onnx"
    onnx_int8 = "onnx-int8"


ONNX_FILES = {Runtime.onnx: "onnx/model.onnx", Runtime.onnx_int8: "onnx/model_int8.onnx"}
EXACT = (Runtime.torch, Runtime.onnx)  # fp32: the same arithmetic as training, up to rounding
CHOICE_FILE = "runtime.json"  # written by 'stance export': the runtimes that passed its checks, fastest first


def bf16_supported() -> bool:
    """Whether this machine computes bfloat16 matrix products in hardware: a CUDA GPU with bf16 units,
    or a CPU with AVX-512 BF16 or AMX (elsewhere bf16 is emulated, and slower than fp32)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported(including_emulation=False)
    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except AttributeError:  # a torch without these probes: do not guess
        return False


def available(model_dir: Path, runtime: Runtime) -> bool:
    """Whether ``runtime`` can run ``model_dir`` here (its ONNX file exists, bf16 is supported)."""
    if runtime in ONNX_FILES:
        return (model_dir / ONNX_FILES[runtime]).is_file()
    return runtime is Runtime.torch or bf16_supported()


def default_runtime(model_dir: Path) -> Runtime:
    """What ``auto`` means for ``model_dir``: the fastest runtime that passed the checks of
    'stance export' and runs on this machine (bf16 needs its support); fp32 PyTorch when the model was
    not exported. A checked ONNX file that has gone missing is an error, not a quiet fallback."""
    path = model_dir / CHOICE_FILE
    if not path.exists():
        return Runtime.torch
    try:
        passed = json.loads(path.read_text(encoding="utf-8"))["passed"]
        if not isinstance(passed, list):
            raise TypeError(f"'passed' is {kind_of(passed)}, not a list of runtimes")
        ranked = [Runtime(name) for name in passed]
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(path, f"damaged ({error}); run 'stance export MODEL_DIR' again") from None
    for runtime in ranked:
        if available(model_dir, runtime):
            return runtime
        if runtime in ONNX_FILES:  # exported and checked, then lost: scoring would quietly run slower
            raise InputError(model_dir / ONNX_FILES[runtime], f"is missing, though {CHOICE_FILE} lists "
                             f"{runtime.value} as checked; copy the whole model directory, run 'stance export "
                             "MODEL_DIR' again, or choose a --runtime")
    return Runtime.torch


class TorchRuntime:
    """A transformers model in fp32, or with weights and activations in bfloat16, on the GPU when
    there is one."""

    def __init__(self, model_dir: Path, bf16: bool = False, threads: int | None = None):
        import torch

        from classifier.modeling import load_classifier

        if threads:
            torch.set_num_threads(threads)
        self.model = load_classifier(model_dir, dtype=torch.bfloat16 if bf16 else torch.float32)
        if torch.cuda.is_available():
            self.model.to("cuda")

    def __call__(self, batches: Iterable[dict[str, np.ndarray]]) -> Iterator[np.ndarray]:
        """Logits for every batch."""
        import torch

        device = self.model.device
        with torch.inference_mode():
            for batch in batches:
                tensors = {k: torch.from_numpy(v).to(device) for k, v in batch.items()}
                yield self.model(**tensors).logits.float().cpu().numpy()


class OnnxRuntime:
    """An ONNX Runtime session on the CPU."""

    def __init__(self, path: Path, num_labels: int, threads: int | None = None):
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own unexported classes
            reason = str(error).strip().splitlines()[0][:200]
            raise InputError(path, f"not a readable ONNX model ({reason}); export it again with "
                                   "'stance export MODEL_DIR'") from None
        outputs = self.session.get_outputs()[0].shape
        if outputs[-1] != num_labels:
            raise InputError(path, f"gives {outputs[-1]} scores per comment but the model has "
                                   f"{num_labels} labels; export it again with 'stance export MODEL_DIR'")
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, batches: Iterable[dict[str, np.ndarray]]) -> Iterator[np.ndarray]:
        """Logits for every batch."""
        for batch in batches:
            yield self.session.run(None, {name: batch[name] for name in self.inputs})[0]


def open_runtime(model_dir: Path, runtime: Runtime, num_labels: int, threads: int | None = None):
    """The runtime ``runtime`` for ``model_dir``; an InputError when it cannot run here."""
    if not available(model_dir, runtime):
        if runtime in ONNX_FILES:
            raise InputError(model_dir, f"no {ONNX_FILES[runtime]}; run 'stance export MODEL_DIR' first")
        raise InputError(model_dir, "this machine has no native bfloat16 support; use --runtime torch")
    if runtime in ONNX_FILES:
        return OnnxRuntime(model_dir / ONNX_FILES[runtime], num_labels, threads)
    return TorchRuntime(model_dir, bf16=runtime is Runtime.torch_bf16, threads=threads)
