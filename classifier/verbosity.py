"""How much the command line says: quiet libraries by default, their logs with -v, only errors with -q."""

from __future__ import annotations

import logging
import os
import sys
import warnings

# Read by transformers, datasets and huggingface_hub when they are first imported.
QUIET_LIBRARIES = {
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def set_verbosity(verbose: bool = False, quiet: bool = False) -> None:
    """Silence library warnings, logs and progress bars unless ``verbose``; with ``quiet`` also our own output.

    Call before the libraries are imported (the CLI does so first thing).
    """
    if verbose:
        logging.basicConfig(level=logging.INFO)
        return
    for name, value in QUIET_LIBRARIES.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"(torch|transformers|onnx|onnxruntime|sklearn)\b")
    warnings.filterwarnings("ignore", message=r".*(TracerWarning|Converting a tensor to a Python).*")
    if quiet:
        os.environ["TQDM_DISABLE"] = "1"
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # errors still reach stderr
