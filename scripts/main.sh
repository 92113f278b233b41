#!/usr/bin/env bash
# The main job on the bundled data: train on the hand-labelled real comments (data/real) plus the demo
# corpus, evaluate on real threads the model never saw, export, score, and write the moderation report.
# With --rumoureval, RumourEval's train split (read from ../shared, labels mapped) is added at weight 0.2; it lowers the
# held-out real figures (README, "What was tried"), so it is off by default.
# 5 % of the threads for dev (enough to pick the better epoch and fit the temperature) rather than 15 %,
# so that the model trains on 80 % of the real threads (docs/experiments.md, "How much more labelled data helps").
# 1.14 epochs (761 steps of 16 over the 10,666 training comments of annotation rounds 1-6 and the demo corpus) is
# what fits on 2 CPU cores with bfloat16 in hardware (about 12 minutes); without it (AVX2 alone) a step takes about
# twice as long, so --time-budget stops training after 12 minutes, whatever the machine, with the learning rate
# run down to zero by then (metrics.json records the steps taken); stance train's default label bias, fitted on dev,
# undoes the lean towards 'sceptical' of a run cut short (docs/experiments.md). Batches of 8 rather than 16: as many
# comments a second on this CPU, twice the updates, 2 points more held-out macro-F1 over three seeds within the
# budget (docs/experiments.md, "batches of 8"). Four epochs never fitted, and without class
# weights it scores higher. 224 tokens of comment + context rather than stance train's 256 (within the seed's
# spread, docs/experiments.md, "Token cap and precision"); bfloat16 autocast where the CPU computes it
# (stance train's default). The head reads the mean of the comment's token states beside its context's
# (stance train's default --pooling). Scoring takes the held-out real threads (which the report's precision
# figures need) and the demo dumps: all 12,440 real comments took 5 minutes on a CPU without bfloat16.
set -euo pipefail
cd "$(dirname "$0")/.."
timed() {  # run one step and say how long it took: the whole job must stay under 20 minutes on 2 cores
  local start=$SECONDS
  "$@"
  echo "[${*:1:2}: $((SECONDS - start)) s; $((SECONDS / 60)) min $((SECONDS % 60)) s so far]"
}
timed bash scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
out=runs/main
mkdir -p "$out"
dumps=(data/demo/dumps/disqus_export.xml data/demo/dumps/wordpress_export.xml
       data/demo/dumps/reddit/*.json data/demo/dumps/blogger/*.txt)
stance extract "${dumps[@]}" -o "$out/demo_comments.jsonl"
stance label "$out/demo_comments.jsonl" --gold data/demo/gold.csv -o "$out/demo.jsonl"
labelled=(data/real/comments.jsonl "$out/demo.jsonl")
rumoureval=../shared/data/rumoureval2019/train.jsonl
if [ "${1:-}" = "--rumoureval" ]; then
  [ -f "$rumoureval" ] || { echo "error: $rumoureval: not found (RumourEval lives in ../shared)" >&2; exit 2; }
  stance import "$rumoureval" --preset rumoureval -o "$out/rumoureval.jsonl"
  labelled+=("$out/rumoureval.jsonl")
fi
timed stance train "${labelled[@]}" --weight rumoureval=0.2 --epochs 1.14 --time-budget 12 --batch-size 8 --dev-size 0.05 --no-class-weights --max-length 224 -o "$out/model"
timed stance evaluate "$out/model" data/real/comments.jsonl --calibrate
timed stance export "$out/model" --sample data/real/comments.jsonl
timed stance score "$out/model" "$out/model/eval/test_comments.jsonl" "${dumps[@]}" -o "$out/scores.parquet" --no-progress
timed stance experiment "$out/scores.parquet" --gold data/real/comments.jsonl --heldout "$out/model" \
  --policy data/demo/policy.yaml -o "$out/report"
if [ -f ../shared/seeds/003_b1ead22bcb1bfe36.txt ]; then python benchmarks/seed_thread.py "$out/model" | tail -1; fi
echo "Done. Real-data evaluation: $out/model/eval/metrics.md. Report: $out/report/report.html"
