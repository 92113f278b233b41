"""Scoring speed and fidelity on the product path: real comments with their context.

The baseline is the naive transformers pipeline, one comment at a time with ``text_pair``. Every
runtime of 'stance score' is timed against it in the same process (interleaved rounds, best
round kept, because the machine is shared), and checked against fp32 torch: its labels, and the
result of a comment alone vs in batches of 32 and with chunks of 1 vs 256. Then the levers, one
at a time.

    python benchmarks/score_speed.py [--model runs/demo/model] [--comments 300] [--source cmv|civil|demo]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import DEMO_MODEL, ROOT, real_comments

sys.path.insert(0, str(ROOT))


def best_rates(runners: dict, texts, contexts, rounds: int) -> dict[str, float]:
    """Comments per second of every runner, best of ``rounds`` interleaved rounds."""
    rates: dict[str, float] = {}
    for _ in range(rounds):
        for name, run in runners.items():
            started = time.perf_counter()
            run(texts, contexts)
            rates[name] = max(rates.get(name, 0.0), len(texts) / (time.perf_counter() - started))
    return rates


def naive_pipeline(model_dir: Path, max_length: int):
    from transformers import AutoTokenizer, pipeline
    from transformers.utils import logging

    from classifier.modeling import load_classifier

    logging.set_verbosity_error()  # a mean-pooled model is not a class the pipeline lists, but runs in it
    classify = pipeline("text-classification", model=load_classifier(model_dir),
                        tokenizer=AutoTokenizer.from_pretrained(model_dir), device=-1)
    return lambda texts, contexts: [classify({"text": t, "text_pair": c or ""}, truncation=True,
                                             max_length=max_length) for t, c in zip(texts, contexts)]


def with_threads(threads: int, function):
    """``function`` run with ``threads`` torch threads, the setting of the others left alone."""
    import torch

    def run(*args):
        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            return function(*args)
        finally:
            torch.set_num_threads(before)

    return run


def fixed_count_batches(classifier):
    """The scorer before token budgets: sorted by length, 32 comments a batch, padded to the longest."""
    def batches(encoded):
        lengths = encoded["attention_mask"].sum(axis=1)
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), 32):
            rows = order[start:start + 32]
            yield rows, {k: v[rows, :lengths[rows].max()].astype(np.int64) for k, v in encoded.items()}

    classifier.batches = batches
    return classifier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEMO_MODEL)
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--source", choices=["cmv", "civil", "demo"], default="cmv")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    from classifier.engines.runtimes import OnnxRuntime, Runtime, bf16_supported
    from classifier.exporters import onnx as exporter
    from classifier.exporters.checks import ALONE_SAMPLE
    from classifier.predict import StanceClassifier

    texts, contexts, what = real_comments(args.comments, args.source)
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "model"
        shutil.copytree(args.model, model, ignore=shutil.ignore_patterns("onnx", "eval", "runtime.json"))
        started = time.perf_counter()
        export = exporter.export_onnx(model, int8=True, texts=texts, contexts=contexts, threads=args.threads)
        print(f"'stance export' (fused fp32 and static int8 ONNX, checks) took {time.perf_counter() - started:.0f} s; "
              f"it chose {export.default}")
        exporter._export_graph(model, Path(scratch) / "plain.onnx")

        load = lambda runtime: StanceClassifier.load(model, runtime=runtime, threads=args.threads)  # noqa: E731
        torch_fp32 = load("torch")
        lengths = torch_fp32.encode(texts, contexts)["attention_mask"].sum(axis=1)
        print(f"\n{len(texts)} {what} with their context, {lengths.mean():.0f} tokens on average, "
              f"{np.mean(lengths == torch_fp32.max_length):.0%} at the {torch_fp32.max_length}-token cap; "
              f"model {args.model}")
        classifiers = {r.value: load(r.value) for r in Runtime
                       if r is not Runtime.auto and (r is not Runtime.torch_bf16 or bf16_supported())}
        plain = load("onnx")
        plain.forward = OnnxRuntime(Path(scratch) / "plain.onnx", len(plain.labels), args.threads)
        levers = {"torch fp32, 32 a batch sorted by length": fixed_count_batches(load("torch")),
                  "ONNX fp32 as exported, not fused": plain}
        runners = {"naive": naive_pipeline(model, torch_fp32.max_length)}
        runners |= {name: c.predict_proba for name, c in (classifiers | levers).items()}
        if bf16_supported():
            runners["torch-bf16, 32 a batch sorted by length (shapes vary)"] = \
                fixed_count_batches(load("torch-bf16")).predict_proba
            if args.threads != 1:
                runners["torch-bf16, 1 thread"] = with_threads(1, classifiers["torch-bf16"].predict_proba)
        rates = best_rates(runners, texts, contexts, args.rounds)
        started = time.perf_counter()
        torch_fp32.encode(texts, contexts)
        tokenising = len(texts) / (time.perf_counter() - started)

        naive = rates["naive"]
        alone = min(ALONE_SAMPLE, len(texts))
        print(f"\n{'runtime':<12}{'comments/s':>11}{'vs naive':>9}  fidelity: labels as fp32 torch ({len(texts)} "
              f"comments); same labels alone as in batches of 32, and in chunks of 1 as of 256 (first {alone})")
        print(f"{'naive':<12}{naive:11.1f}{1:8.2f}x  transformers pipeline, one comment at a time, text_pair")
        checks = {check.runtime: check for check in export.checks}  # on the same comments
        for name in classifiers:
            check = checks[name]
            print(f"{name:<12}{rates[name]:11.1f}{rates[name] / naive:8.2f}x  labels {check.agreement:6.1%} "
                  f"(largest change {check.max_change:.3f}); {check.alone_agreement:6.1%} "
                  f"({check.alone_max_change:.4f}); {check.chunk_agreement:6.1%} ({check.chunk_max_change:.4f})"
                  f"{'' if check.passed else '  NOT faithful'}")
        print("\nlevers (each against the same comments, same process):")
        print(f"  tokenising alone: {tokenising:.0f} comments/s, "
              f"{rates['torch-bf16' if 'torch-bf16' in rates else 'torch'] / tokenising:.0%} of the fastest "
              "runtime's time (the most that tokenising ahead in a thread could save)")
        pairs = [("token budget, widths of 16 (fp32 torch)", "torch", "torch fp32, 32 a batch sorted by length"),
                 ("fused attention, LayerNorm, GELU (ONNX fp32)", "onnx", "ONNX fp32 as exported, not fused"),
                 ("ONNX fused fp32 vs torch fp32", "onnx", "torch"),
                 ("bfloat16 (AMX) vs fp32 torch", "torch-bf16", "torch"),
                 ("fixed shapes vs varying shapes (bf16)", "torch-bf16",
                  "torch-bf16, 32 a batch sorted by length (shapes vary)"),
                 (f"{args.threads or 'all'} threads vs 1 (bf16)", "torch-bf16", "torch-bf16, 1 thread"),
                 ("static int8 vs fp32 ONNX", "onnx-int8", "onnx")]
        for lever, new, old in pairs:
            if new in rates and old in rates:
                print(f"  {lever:<45} {rates[new] / rates[old]:5.2f}x  "
                      f"({rates[new]:.1f} vs {rates[old]:.1f} comments/s)")
        default = export.default
        ratio = rates[default] / naive
        verdict = "met" if ratio >= 3.5 else f"missed by {3.5 / ratio:.2f}x"
        print(f"\ndefault runtime after 'stance export': {default}, {ratio:.2f}x the naive pipeline "
              f"(target 3.5x: {verdict})")


if __name__ == "__main__":
    main()
