#!/usr/bin/env bash
# The main job on the bundled demo data: extract -> label -> train -> evaluate -> score -> report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
out=runs/demo
mkdir -p "$out"
dumps=(data/demo/dumps/disqus_export.xml data/demo/dumps/wordpress_export.xml
       data/demo/dumps/reddit/*.json data/demo/dumps/blogger/*.txt)
stance extract "${dumps[@]}" -o "$out/comments.jsonl"
stance label "$out/comments.jsonl" --gold data/demo/gold.csv -o "$out/labelled.jsonl" --report
stance train "$out/labelled.jsonl" -o "$out/model"
stance evaluate "$out/model" "$out/labelled.jsonl" --calibrate
stance export "$out/model" --onnx --int8 --sample "$out/comments.jsonl"
stance score "$out/model" "${dumps[@]}" -o "$out/scores.parquet" --no-progress
stance experiment "$out/scores.parquet" --gold data/demo/gold.csv --policy data/demo/policy.yaml -o "$out/report"
echo "Done. Open $out/report/report.html in a browser."
