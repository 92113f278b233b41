"""Training speed with and without length-grouped batches, same data, same process.

Each run is one whole epoch over the bundled corpus (a partial epoch would be unfair:
length grouping puts the longest batch first).

    python benchmarks/train_speed.py [--model all-MiniLM-L6-v2]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time

from common import ROOT


def examples_per_second(comments, model: str, group_by_length: bool, batch_size: int) -> float:
    from transformers import TrainingArguments

    from classifier.labels import LabelScheme
    from classifier.modeling import load_backbone
    from training.data import tokenised
    from training.trainer import StanceTrainer, _Collator

    scheme = LabelScheme()
    tokenizer, network = load_backbone(model, scheme.labels)
    dataset = tokenised(comments, tokenizer, scheme, 128)
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(output_dir=scratch, num_train_epochs=1, per_device_train_batch_size=batch_size,
                                 report_to=[], save_strategy="no", use_cpu=True, remove_unused_columns=False,
                                 disable_tqdm=True, seed=0)
        trainer = StanceTrainer(model=network, args=args, train_dataset=dataset, data_collator=_Collator(tokenizer),
                                group_by_length=group_by_length)
        started = time.perf_counter()
        trainer.train()
        return len(dataset) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    from tests.conftest import demo_comments

    with open(ROOT / "data" / "demo" / "gold.csv", encoding="utf-8") as handle:
        gold = {row["id"]: row["label"] for row in csv.DictReader(handle)}
    comments = demo_comments()
    for comment in comments:
        comment.label = gold[comment.id]
    plain = examples_per_second(comments, args.model, False, args.batch_size)
    grouped = examples_per_second(comments, args.model, True, args.batch_size)
    print(f"random batches       : {plain:6.1f} examples/s (1.00x)")
    print(f"length-grouped batches: {grouped:6.1f} examples/s ({grouped / plain:.2f}x)")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    main()
