"""The seed thread: a real 8-comment Blogger thread with troll accusations, scored against its gold labels.

Reads the page from ../shared/seeds (never copied into the repository) and the labels from
data/seed/gold.csv.

    python benchmarks/seed_thread.py MODEL_DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT.parent / "shared" / "seeds" / "003_b1ead22bcb1bfe36.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    args = parser.parse_args()
    if not SEED.exists():
        sys.exit(f"skipped: {SEED} is not present")
    from classifier.verbosity import set_verbosity

    set_verbosity()
    from classifier.extract import extract_all
    from classifier.predict import StanceClassifier
    from training.labeling.gold import read_gold

    gold = read_gold(ROOT / "data" / "seed" / "gold.csv")
    comments = extract_all([SEED]).comments  # with the reply structure stance infers for Blogger pages
    classifier = StanceClassifier.load(args.model_dir)
    predicted = [p.label for p in classifier.predict([c.text for c in comments], [c.context for c in comments])]
    right = 0
    for comment, label in zip(comments, predicted):
        right += label == gold[comment.id]
        mark = "ok " if label == gold[comment.id] else "MISS"
        print(f"{mark} {comment.id.rsplit('-', 1)[1]:>3} gold {gold[comment.id]:<16} model {label:<16} {comment.text[:60]!r}")
    print(f"seed thread: {right} of {len(comments)} right")


if __name__ == "__main__":
    main()
