"""Quality on real comments: held-out real threads, and leave-one-source-out.

1. **Held-out threads.** Train on data/real plus the demo corpus (hashed thread split, as
   ``stance train`` does), then score the real *test* threads: the model, TF-IDF+LR fitted on the
   same training comments, and the labelling rules, overall, per dataset and per class.
2. **Leave one source out.** For every kind of site (news, Reddit, Wikipedia talk, debate), train
   without it and test on all of its comments: the honest figure for a site the model never saw.

Writes ``OUT/real_quality.json`` and ``OUT/real_quality.md``.

    python benchmarks/real_quality.py [--model all-MiniLM-L6-v2] [--epochs 2] [--groups site|pool] [--out DIR]

The defaults are the main job's recipe (2 epochs, no class weights, 256 tokens).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SITES = {
    "news": ("civil_comments_unlabelled", "ukp_web_discourse_comments"),
    "reddit": ("reddit_cmv_ukp_adhominem", "reddit_goemotions", "reddit_hate_subs_counterspeech"),
    "wikipedia": ("wikipedia_talk_wikidetox", "wikipedia_talk_context_toxicity"),
    "debate": ("createdebate_argmin2016",),
}


def demo_labelled():
    """The bundled demo corpus with its gold labels (dataset 'demo')."""
    from classifier.extract import extract_all
    from training.labeling.gold import read_gold

    dumps = ROOT / "data" / "demo" / "dumps"
    paths = [dumps / "disqus_export.xml", dumps / "wordpress_export.xml",
             *sorted((dumps / "reddit").glob("*.json")), *sorted((dumps / "blogger").glob("*.txt"))]
    gold = read_gold(ROOT / "data" / "demo" / "gold.csv")
    comments = extract_all(paths).comments
    for comment in comments:
        comment.label, comment.label_source, comment.dataset = gold[comment.id], "gold", "demo"
    return comments


def run(train_set, test_set, out_dir: Path, args) -> tuple[dict, str, float]:
    """Train on ``train_set``, evaluate on ``test_set``; returns (metrics dict, markdown, seconds)."""
    from classifier.labels import LabelScheme
    from classifier.predict import StanceClassifier
    from training import evaluate as ev
    from training.args import TrainingArgs
    from training.trainer import train

    started = time.perf_counter()
    train(train_set, out_dir, TrainingArgs(model=args.model, epochs=args.epochs, seed=args.seed,
                                           test_size=args.test_size, class_weights=args.class_weights))
    seconds = time.perf_counter() - started
    classifier = StanceClassifier.load(out_dir, runtime="torch")
    held_out = ev.split_for(test_set, out_dir)["test"] if args.test_size else test_set
    fitted_on = ev.split_for(train_set, out_dir)["train"]
    evaluation = ev.evaluate(classifier, held_out, fitted_on, LabelScheme())
    return evaluation.to_dict(), evaluation.markdown(), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--epochs", type=float, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--groups", choices=("site", "pool"), default="site")
    parser.add_argument("--class-weights", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--only", nargs="*", help="Run only these parts: main and/or group names.")
    parser.add_argument("--real", type=Path, default=ROOT / "data" / "real" / "comments.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "real_quality")
    args = parser.parse_args()
    from classifier.io import read_all

    real = read_all([args.real])
    demo = demo_labelled()
    pools = sorted({c.dataset for c in real})
    groups = SITES if args.groups == "site" else {p: (p,) for p in pools}
    report, sections = {"model": args.model, "epochs": args.epochs, "groups": args.groups}, []
    parts = args.only or ["main", *groups]
    if "main" in parts:
        args.test_size = 0.15
        metrics, markdown, seconds = run(real + demo, real, args.out / "main", args)
        report["held_out"] = metrics | {"train_seconds": seconds}
        sections.append(f"## Held-out real threads (trained on data/real + demo in {seconds:.0f} s)\n\n{markdown}")
    loso = {}
    args.test_size = 0.0
    for group, members in groups.items():
        if group not in parts:
            continue
        train_set = [c for c in real if c.dataset not in members] + demo
        test_set = [c for c in real if c.dataset in members]
        metrics, markdown, seconds = run(train_set, test_set, args.out / f"without-{group}", args)
        loso[group] = metrics | {"train_seconds": seconds}
        sections.append(f"## Leave out {group} ({', '.join(members)}), {seconds:.0f} s\n\n{markdown}")
        print(f"without {group}: model macro-F1 {metrics['systems']['model']['macro_f1']:.3f}", flush=True)
    if loso:
        report["leave_one_source_out"] = loso
        rows = ["| left out | comments | model macro-F1 | TF-IDF+LR | rules | model troll F1 |", "|---|---|---|---|---|---|"]
        for group, m in loso.items():
            s = m["systems"]
            troll = s["model"]["per_class"].get("troll_accusation", {}).get("f1", float("nan"))
            rows.append(f"| {group} | {m['comments']} | {s['model']['macro_f1']:.3f} | {s['tfidf+lr']['macro_f1']:.3f} "
                        f"| {s['rules']['macro_f1']:.3f} | {troll:.3f} |")
        sections.insert(0, "## Leave one source out\n\n" + "\n".join(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "real_quality.json").write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    (args.out / "real_quality.md").write_text(f"# Real-data quality ({args.model})\n\n" + "\n\n".join(sections) + "\n",
                                              encoding="utf-8")
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
