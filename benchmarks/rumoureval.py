"""RumourEval 2019 (subtask A): the fine-tuned model vs TF-IDF+LR vs the labelling rules on the
official dev split, overall and per platform, with labels mapped to the project's scheme
(support->supportive, deny->sceptical, query->sceptical, comment->other).

Reads ../shared/data/rumoureval2019 (never copied into the repo). For reference, the best system
at RumourEval 2019 reached a macro-F1 of about 0.62 on the 4-class SDQC task.

    python benchmarks/rumoureval.py [--model all-MiniLM-L6-v2] [--epochs 3] [--out runs/rumoureval]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import ROOT, RUMOUREVAL

sys.path.insert(0, str(ROOT))


def load(split: str):
    from classifier.extract import ColumnMap, ExtractOptions, extract_all
    from classifier.labels import LabelScheme
    from training.labeling.gold import RUMOUREVAL_MAP, apply_mapping

    options = ExtractOptions(columns=ColumnMap(label="sdqc", title="source_text"))
    path = RUMOUREVAL / f"{split}.jsonl"
    comments, rejects = apply_mapping(extract_all([path], options).comments, RUMOUREVAL_MAP, LabelScheme())
    platform = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            platform[row["id"]] = row["platform"]
    return comments, platform


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "rumoureval")
    parser.add_argument("--reuse", action="store_true", help="Evaluate an already trained OUT/model.")
    args = parser.parse_args()
    if not RUMOUREVAL.exists():
        sys.exit(f"skipped: {RUMOUREVAL} is not present")
    from classifier.labels import LabelScheme
    from classifier.predict import StanceClassifier
    from training import evaluate as ev
    from training.args import TrainingArgs
    from training.trainer import train

    train_set, _ = load("train")
    dev_set, platform = load("dev")
    model_dir = args.out / "model"
    if not args.reuse:
        metrics = train(train_set, model_dir, TrainingArgs(model=args.model, epochs=args.epochs, lr=args.lr,
                                                           dev_size=0.1, test_size=0.0, patience=2))
        print(f"trained on {len(train_set)} posts in {metrics['train_seconds']:.0f} s "
              f"({metrics['train_examples_per_second']:.1f} examples/s)")
    scheme = LabelScheme()
    classifier = StanceClassifier.load(model_dir, runtime="torch")
    report = {}
    for name, subset in (("all", dev_set), *[(p, [c for c in dev_set if platform[c.id] == p])
                                             for p in ("twitter", "reddit")]):
        results = [ev.model_result(classifier, subset), ev.tfidf_baseline(train_set, subset, scheme.labels),
                   ev.rules_baseline(subset, scheme)]
        table = ev.compare(results)
        report[name] = table.round(4).to_dict()
        print(f"\nRumourEval dev, {name} ({len(subset)} posts), F1 by class:\n{table.round(3).to_string()}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "rumoureval_dev.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
