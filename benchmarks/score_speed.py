"""Scoring speed on CPU: naive pipeline (one comment at a time) vs length-sorted batches
(torch) vs ONNX Runtime int8, in one process, on the same comments.

    python benchmarks/score_speed.py [--model runs/demo/model] [--comments 600] [--source civil|demo]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from common import DEMO_MODEL, civil_texts


def rate(function, texts) -> float:
    started = time.perf_counter()
    function(texts)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEMO_MODEL)
    parser.add_argument("--comments", type=int, default=600)
    parser.add_argument("--source", choices=["civil", "demo", "both"], default="both",
                        help="Real civil comments (long-tailed), the bundled demo corpus (short), or both.")
    args = parser.parse_args()
    for source in (["civil", "demo"] if args.source == "both" else [args.source]):
        measure(args.model, civil_texts(args.comments, source), source)


def measure(model_dir: Path, texts: list[str], source: str) -> None:
    from transformers import pipeline

    from classifier.exporters.onnx import export_onnx
    from classifier.predict import StanceClassifier

    print(f"\n{len(texts)} {source} comments, model {model_dir}")
    naive = pipeline("text-classification", model=str(model_dir), device=-1)
    baseline = rate(lambda ts: [naive(t, truncation=True, max_length=128) for t in ts], texts)
    print(f"naive pipeline, one at a time : {baseline:7.1f} comments/s  (1.00x)")
    torch_clf = StanceClassifier.load(model_dir, engine="torch", batch_size=32)
    sorted_rate = rate(torch_clf.predict, texts)
    print(f"length-sorted batches, torch  : {sorted_rate:7.1f} comments/s  ({sorted_rate / baseline:.2f}x)")
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "model"
        shutil.copytree(model_dir, model, ignore=shutil.ignore_patterns("onnx", "eval"))
        report = export_onnx(model, int8=True, texts=texts[:200])
        onnx_clf = StanceClassifier.load(model, engine="onnx", batch_size=32)
        onnx_rate = rate(onnx_clf.predict, texts)
    print(f"length-sorted batches, ONNX int8: {onnx_rate:5.1f} comments/s  ({onnx_rate / baseline:.2f}x); "
          f"labels agree with torch on {report.agreement:.1%} of {report.sample}")
    print(f"best speed-up over the naive pipeline: {max(sorted_rate, onnx_rate) / baseline:.2f}x (target 2.5x)")


if __name__ == "__main__":
    main()
