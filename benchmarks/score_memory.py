"""Peak memory of 'stance score' as the dump grows: memory should stay flat.

Scores a synthetic JSONL dump of N comments (real comments repeated, fresh ids) with a model,
in a subprocess per size, and prints peak RSS and its ratio to the smallest run.

    python benchmarks/score_memory.py [--model runs/demo/model] [--sizes 2000 20000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import DEMO_MODEL, civil_texts


def peak_rss_mb(model: Path, size: int, scratch: Path) -> float:
    texts = civil_texts(2000)
    dump = scratch / f"dump{size}.jsonl"
    with open(dump, "w", encoding="utf-8") as handle:
        for i in range(size):
            handle.write(json.dumps({"id": f"c{i}", "thread_id": f"t{i // 20}", "text": texts[i % len(texts)]}) + "\n")
    code = ("import resource, sys\nfrom classifier.predict import StanceClassifier\n"
            f"c = StanceClassifier.load({str(model)!r}, batch_size=64)\n"
            f"c.score_file([{str(dump)!r}], {str(scratch / f'scores{size}.parquet')!r}, progress=False, chunk_size=2048)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEMO_MODEL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        peaks = [(size, peak_rss_mb(args.model, size, Path(scratch))) for size in args.sizes]
    base = peaks[0][1]
    for size, peak in peaks:
        print(f"{size:>9} comments: peak RSS {peak:7.1f} MB ({peak / base:.2f}x the smallest run)")


if __name__ == "__main__":
    main()
