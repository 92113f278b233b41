"""Quality on real comments: held-out real threads, and leave-one-source-out.

1. **Held-out threads.** Train on data/real plus the demo corpus (hashed thread split, as
   ``stance train`` does), then score the real *test* threads: the model, TF-IDF+LR fitted on the
   same training comments, and the labelling rules, overall, per dataset and per class.
2. **Leave one source out.** For every kind of site (news, Reddit, Wikipedia talk, debate), train
   without it and test on all of its comments: the honest figure for a site the model never saw.

With ``--init-seeds 42 43 44``, every part is trained once per initialisation seed on the same
threads (split by ``--seed``); the tables give each run, the mean and spread of the runs, and their
ensemble (the mean of their probabilities). One run moves by one to two points with the seed, so
compare recipes and backbones by the mean of several.

Writes ``OUT/real_quality.json`` and ``OUT/real_quality.md``.

    python benchmarks/real_quality.py [--model all-MiniLM-L6-v2] [--epochs 1.14] [--batch-size 8] [--max-length 224] [--no-bf16] [--layer-decay 0.85] [--no-label-bias]
                                      [--dev-size 0.05] [--train-share 0.5] [--init-seeds 42 43 ...] [--groups site|pool] [--out DIR]
                                      [--add rumoureval.jsonl --weight rumoureval=0.2]

The defaults are the main job's recipe (5 % of the threads for dev, 1.14 epochs in batches of 8, no class weights, 224 tokens,
bfloat16 autocast where the machine has it, seed 42). ``--dev-size`` and ``--train-share`` draw a learning curve
on the same test threads: ``--dev-size 0`` trains on the dev threads too, ``--train-share 0.5`` on half of each
real pool's training comments. ``--add FILE`` adds a labelled file (``stance import`` output, such as RumourEval's
train split) to every training set, as ``scripts/main.sh --rumoureval`` does; it is never tested on.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TROLL = "troll_accusation"
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


def run(train_set, test_set, out_dir: Path, args, init_seed: int):
    """Train on ``train_set`` with ``init_seed`` (threads split by ``args.seed``), evaluate on
    ``test_set``; returns (evaluation, test probabilities, seconds)."""
    from scipy.special import softmax

    from classifier.labels import LabelScheme
    from classifier.predict import StanceClassifier
    from training import evaluate as ev
    from training.args import TrainingArgs
    from training.trainer import train

    started = time.perf_counter()
    train(train_set, out_dir, TrainingArgs(model=args.model, epochs=args.epochs, batch_size=args.batch_size,
                                           max_length=args.max_length, seed=init_seed,
                                           split_seed=args.seed, test_size=args.test_size, dev_size=args.dev_size,
                                           source_weights=source_weights(train_set, args.train_share, args.weight),
                                           class_weights=args.class_weights, bf16=args.bf16,
                                           layer_decay=args.layer_decay, label_bias=args.label_bias))
    seconds = time.perf_counter() - started
    classifier = StanceClassifier.load(out_dir, runtime="torch")
    held_out = ev.split_for(test_set, out_dir)["test"] if args.test_size else test_set
    fitted_on = ev.split_for(train_set, out_dir)["train"]
    logits = classifier.logits([c.text for c in held_out], [c.context for c in held_out])
    evaluation = ev.evaluate(classifier, held_out, fitted_on, LabelScheme(), logits)
    return evaluation, softmax(logits, axis=1), seconds


def real_shares(comments, share: float) -> dict[str, float]:
    """Source weights that keep ``share`` of each real pool's training comments (the demo corpus whole)."""
    return {} if share == 1 else {c.dataset: share for c in comments if c.dataset != "demo"}


def source_weights(comments, share: float, weights: dict[str, float]) -> dict[str, float]:
    """:func:`real_shares` times ``weights`` (``--weight DATASET=W``, as ``stance train --weight``)."""
    combined = real_shares(comments, share)
    for dataset, weight in weights.items():
        combined[dataset] = combined.get(dataset, 1.0) * weight
    return combined


def f1_or_nan(result, label: str) -> float:
    """``result``'s F1 on ``label``, NaN where gold has none of it (to leave out of a mean, not a zero)."""
    f1 = result.f1(label)
    return float("nan") if f1 is None else f1


def run_seeds(train_set, test_set, out_dir: Path, args) -> tuple[dict, str]:
    """:func:`run` once per initialisation seed; the first seed's full evaluation (its seed named in
    ``metrics['seed']``), and with several seeds each run's macro-F1 and troll F1, their mean and
    spread, and their ensemble (the argmax of the mean of their probabilities)."""
    import numpy as np

    from training.evaluate import Result

    runs, probabilities = [], []
    for init_seed in args.init_seeds:
        evaluation, probs, seconds = run(train_set, test_set, out_dir / f"seed-{init_seed}", args, init_seed)
        runs.append((init_seed, evaluation, seconds))
        probabilities.append(probs)
    first_seed, first, first_seconds = runs[0]
    metrics = first.to_dict() | {"seed": first_seed, "train_seconds": first_seconds,
                                 "troll_f1": f1_or_nan(first.model, TROLL)}
    markdown = first.markdown()
    if len(runs) > 1:
        labels = first.model.labels
        mean_probs = np.mean(probabilities, axis=0)
        ensemble = Result("ensemble", first.model.gold, [labels[i] for i in mean_probs.argmax(axis=1)], labels)
        scores = [(seed, e.model.macro_f1, f1_or_nan(e.model, TROLL), s) for seed, e, s in runs]
        macro, troll = np.array([m for _, m, _, _ in scores]), np.array([t for _, _, t, _ in scores])
        summary = {"macro_f1": macro.mean(), "macro_f1_sd": macro.std(ddof=1),
                   "troll_f1": troll.mean(), "troll_f1_sd": troll.std(ddof=1)}  # NaN for all seeds or none
        metrics["seeds"] = {str(seed): {"macro_f1": m, "troll_f1": t, "train_seconds": s} for seed, m, t, s in scores}
        metrics["seeds_mean"] = summary
        metrics["ensemble"] = {"macro_f1": ensemble.macro_f1, "troll_f1": f1_or_nan(ensemble, TROLL)}
        rows = ["| initialisation seed | macro-F1 | troll F1 | training |", "|---|---|---|---|"]
        rows += [f"| {seed} | {m:.3f} | {number(t)} | {s:.0f} s |" for seed, m, t, s in scores]
        rows.append(f"| mean ± sd | {summary['macro_f1']:.3f} ± {summary['macro_f1_sd']:.3f} "
                    f"| {number(summary['troll_f1'])} ± {number(summary['troll_f1_sd'])} | |")
        rows.append(f"| ensemble (mean of probabilities) | {ensemble.macro_f1:.3f} "
                    f"| {number(metrics['ensemble']['troll_f1'])} | |")
        markdown = "\n".join(rows) + f"\n\nThe first seed ({first_seed}) in full:\n\n{markdown}"
    return metrics, markdown


def number(value: float) -> str:
    """Three decimals, or a dash for a figure that does not exist (no troll accusation in the test set)."""
    return "–" if math.isnan(value) else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--epochs", type=float, default=1.14)
    parser.add_argument("--batch-size", type=int, default=8, help="Comments a step (stance train --batch-size).")
    parser.add_argument("--max-length", type=int, default=224, help="Tokens of comment + context.")
    parser.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=None,
                        help="bfloat16 autocast (default: where the hardware computes bf16).")
    parser.add_argument("--seed", type=int, default=42, help="Seed of the thread split (and the initialisation seed without --init-seeds).")
    parser.add_argument("--init-seeds", type=int, nargs="+", help="Initialisation seeds, one run each on the same "
                        "threads (default: --seed alone).")
    parser.add_argument("--groups", choices=("site", "pool"), default="site")
    parser.add_argument("--class-weights", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--label-bias", action=argparse.BooleanOptionalAction, default=True,
                        help="Fit a logit bias per label on dev (stance train's default).")
    parser.add_argument("--layer-decay", type=float, default=1.0,
                        help="Below 1: each layer below the top learns at this share of the rate above (stance train --layer-decay).")
    parser.add_argument("--dev-size", type=float, default=0.05,
                        help="Share of the threads held out for dev (stance train --dev-size); 0 trains on them too.")
    parser.add_argument("--train-share", type=float, default=1.0,
                        help="Train on this share of each real pool's training comments (a learning curve).")
    parser.add_argument("--weight", action="append", default=[], metavar="DATASET=W",
                        help="Resample a dataset's training comments to W times its size (stance train --weight).")
    parser.add_argument("--add", type=Path, action="append", default=[], metavar="FILE",
                        help="A labelled file added to every training set, never tested on (e.g. RumourEval from stance import).")
    parser.add_argument("--only", nargs="*", help="Run only these parts: main and/or group names.")
    parser.add_argument("--real", type=Path, default=ROOT / "data" / "real" / "comments.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "real_quality")
    args = parser.parse_args()
    args.init_seeds = args.init_seeds or [args.seed]
    from classifier.labels import parse_weights

    try:
        args.weight = parse_weights(args.weight)
    except ValueError as error:
        parser.error(f"--weight: {error}")
    if not 0 < args.train_share <= 1:
        parser.error(f"--train-share {args.train_share}: a share above 0 and at most 1")
    if args.add and args.train_share < 1:
        parser.error("--train-share with --add: the share would cut the added files too; a learning curve is of real pools")
    if len(set(args.init_seeds)) < len(args.init_seeds):
        parser.error(f"--init-seeds {' '.join(map(str, args.init_seeds))}: a seed given twice would count "
                     "one run twice in the mean and spread")
    from classifier.io import metrics_json, read_all, read_datasets

    real = read_all([args.real])
    extra = demo_labelled() + read_datasets(args.add)  # training data of every part, never tested on; dataset: file stem
    pools = sorted({c.dataset for c in real})
    groups = SITES if args.groups == "site" else {p: (p,) for p in pools}
    report = {"model": args.model, "epochs": args.epochs, "groups": args.groups, "seed": args.seed,
              "init_seeds": args.init_seeds, "dev_size": args.dev_size, "train_share": args.train_share, "weights": args.weight,
              "added": [str(path) for path in args.add]}
    sections = []
    parts = args.only or ["main", *groups]
    if "main" in parts:
        args.test_size = 0.15
        metrics, markdown = run_seeds(real + extra, real, args.out / "main", args)
        report["held_out"] = metrics
        sections.append(f"## Held-out real threads (trained on data/real + demo{''.join(f' + {p.name}' for p in args.add)}; "
                        f"seed {metrics['seed']}: "
                        f"{metrics['train_seconds']:.0f} s)"
                        f"\n\n{markdown}")
    loso = {}
    args.test_size = 0.0
    for group, members in groups.items():
        if group not in parts:
            continue
        train_set = [c for c in real if c.dataset not in members] + extra
        test_set = [c for c in real if c.dataset in members]
        metrics, markdown = run_seeds(train_set, test_set, args.out / f"without-{group}", args)
        loso[group] = metrics
        sections.append(f"## Leave out {group} ({', '.join(members)}); seed {metrics['seed']}: "
                        f"{metrics['train_seconds']:.0f} s\n\n{markdown}")
        print(f"without {group}: model macro-F1 {metrics['systems']['model']['macro_f1']:.3f} "
              f"(seed {metrics['seed']})", flush=True)
    if loso:
        report["leave_one_source_out"] = loso
        first_seed = args.init_seeds[0]
        rows = [f"| left out | comments | model macro-F1 (seed {first_seed}) | TF-IDF+LR | rules "
                f"| model troll F1 (seed {first_seed}) | mean of the seeds: macro-F1 ± sd / troll F1 |",
                "|---|---|---|---|---|---|---|"]
        for group, m in loso.items():
            s = m["systems"]
            mean = m.get("seeds_mean")
            seeds = (f"{mean['macro_f1']:.3f} ± {mean['macro_f1_sd']:.3f} / {number(mean['troll_f1'])}"
                     if mean else "–")
            rows.append(f"| {group} | {m['comments']} | {s['model']['macro_f1']:.3f} | {s['tfidf+lr']['macro_f1']:.3f} "
                        f"| {s['rules']['macro_f1']:.3f} | {number(m['troll_f1'])} | {seeds} |")
        sections.insert(0, "## Leave one source out\n\n" + "\n".join(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "real_quality.json").write_text(metrics_json(report), encoding="utf-8")
    (args.out / "real_quality.md").write_text(f"# Real-data quality ({args.model})\n\n" + "\n\n".join(sections) + "\n",
                                              encoding="utf-8")
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
