"""Training speed with and without length-grouped batches, same data, same process.

Each run is one whole epoch (a partial epoch would be unfair: length grouping puts the longest
batch first) over real comments with their context (CMV replies from ../shared, else the demo
corpus). Labels are assigned in turn: only the speed is measured.

    python benchmarks/train_speed.py [--model all-MiniLM-L6-v2] [--comments 400] [--source cmv|civil|demo]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import ROOT, real_comments


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
    parser.add_argument("--comments", type=int, default=400)
    parser.add_argument("--source", choices=["cmv", "civil", "demo"], default="cmv")
    args = parser.parse_args()
    from classifier.labels import DEFAULT_LABELS
    from classifier.records import Comment

    texts, contexts, what = real_comments(args.comments, args.source)
    comments = [Comment(id=str(i), thread_id=str(i), text=text, parent_text=context,
                        label=DEFAULT_LABELS[i % len(DEFAULT_LABELS)])
                for i, (text, context) in enumerate(zip(texts, contexts))]
    print(f"one epoch over {len(comments)} {what} with their context, batch size {args.batch_size}")
    plain = examples_per_second(comments, args.model, False, args.batch_size)
    grouped = examples_per_second(comments, args.model, True, args.batch_size)
    print(f"random batches       : {plain:6.1f} examples/s (1.00x)")
    print(f"length-grouped batches: {grouped:6.1f} examples/s ({grouped / plain:.2f}x)")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    main()
