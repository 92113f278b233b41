"""Training speed on real comments: random against length-grouped batches, fp32 against bfloat16
autocast, and shorter token caps; same data, same process.

Each run is one whole epoch (a partial epoch would be unfair: length grouping puts the longest
batch first) over a sample of the hand-labelled real comments in data/real, each with its context.

    python benchmarks/train_speed.py [--model all-MiniLM-L6-v2] [--comments 600] [--caps 256 224 192]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def examples_per_second(comments, model: str, group_by_length: bool, batch_size: int, bf16: bool,
                        max_length: int) -> float:
    """Examples per second of one training epoch through the public ``train`` function."""
    from training.args import TrainingArgs
    from training.trainer import train

    with tempfile.TemporaryDirectory() as scratch:
        metrics = train(comments, Path(scratch) / "model",
                        TrainingArgs(model=model, epochs=1, batch_size=batch_size, max_length=max_length, dev_size=0.0,
                                     test_size=0.0, group_by_length=group_by_length, seed=0, bf16=bf16))
    return metrics["train_examples_per_second"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--comments", type=int, default=600)
    parser.add_argument("--caps", type=int, nargs="+", default=[256], help="Token caps: the first for every "
                        "comparison, the others with the fastest settings, against the first.")
    args = parser.parse_args()
    from classifier.engines.runtimes import bf16_supported
    from classifier.io import read_all

    real = read_all([ROOT / "data" / "real" / "comments.jsonl"])
    comments = random.Random(0).sample(real, min(args.comments, len(real)))
    cap, *other_caps = args.caps

    def speed(group_by_length: bool, bf16: bool, max_length: int = cap) -> float:
        return examples_per_second(comments, args.model, group_by_length, args.batch_size, bf16, max_length)

    plain, grouped = speed(False, bf16=False), speed(True, bf16=False)
    print(f"{len(comments)} real comments with context, one epoch each, batch size {args.batch_size}, {cap} tokens")
    print(f"random batches, fp32                 : {plain:6.1f} examples/s (1.00x)")
    print(f"length-grouped batches, fp32         : {grouped:6.1f} examples/s ({grouped / plain:.2f}x)")
    bf16 = bf16_supported()
    fastest = grouped
    if bf16:
        fastest = speed(True, bf16=True)
        print(f"length-grouped batches, bf16 autocast: {fastest:6.1f} examples/s ({fastest / plain:.2f}x; "
              f"{fastest / grouped:.2f}x fp32 grouped)")
    else:
        print("bfloat16 autocast: not measured, this machine does not compute bf16 in hardware")
    for shorter in other_caps:
        rate = speed(True, bf16=bf16, max_length=shorter)
        print(f"{f'the same at {shorter} tokens':37}: {rate:6.1f} examples/s ({rate / fastest:.2f}x {cap} tokens)")


if __name__ == "__main__":
    main()
