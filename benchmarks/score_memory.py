"""Peak memory of 'stance score' as the dump grows: it should stay flat, and under 1 GB.

Writes a JSONL dump of N real comments (the civil comments pool repeated, fresh ids; the demo
corpus when ../shared is absent), scores it in a subprocess per size with the model's default
runtime, and prints the peak RSS, the RSS sampled along the run, and the ratio to the smallest run.

    python benchmarks/score_memory.py [--model runs/demo/model] [--sizes 10000 100000] [--runtime auto]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import DEMO_MODEL, ROOT, real_comments

PROBE = """
import json, resource, sys, threading, time
from classifier.predict import StanceClassifier

samples = []
def sample():
    while True:
        with open("/proc/self/statm") as handle:
            samples.append(int(handle.read().split()[1]) * 4096 / 2**20)
        time.sleep(0.5)
threading.Thread(target=sample, daemon=True).start()
classifier = StanceClassifier.load(sys.argv[1], runtime=sys.argv[4])
summary = classifier.score_file([sys.argv[2]], sys.argv[3], progress=False, on_error="skip")
print(json.dumps({"peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "samples": samples,
                  "line": summary.line(), "runtime": classifier.runtime}))
"""


def write_dump(path: Path, size: int) -> None:
    texts, contexts, _ = real_comments(16_000, "civil")
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(size):
            row = {"id": f"c{i}", "thread_id": f"t{i // 20}", "text": texts[i % len(texts)],
                   "parent_text": contexts[i % len(texts)]}
            handle.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEMO_MODEL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runtime", default="auto")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            dump, out = Path(scratch) / f"dump{size}.jsonl", Path(scratch) / f"scores{size}.parquet"
            write_dump(dump, size)
            run = subprocess.run([sys.executable, "-c", PROBE, str(args.model), str(dump), str(out), args.runtime],
                                 capture_output=True, text=True, cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)})
            if run.returncode:
                sys.exit(run.stderr[-2000:])
            result = json.loads(run.stdout.strip().splitlines()[-1])
            results.append((size, result))
            samples = result["samples"]
            along = ", ".join(f"{samples[int(q * (len(samples) - 1))]:.0f}" for q in (0.25, 0.5, 0.75, 1.0))
            print(f"{size:>9} comments ({result['runtime']}): peak RSS {result['peak']:7.1f} MB; "
                  f"RSS at 25/50/75/100% of the run: {along} MB; {result['line']}", flush=True)
    base = results[0][1]["peak"]
    for size, result in results:
        print(f"{size:>9} comments: peak {result['peak']:7.1f} MB = {result['peak'] / base:.2f}x the smallest run"
              f"{'' if result['peak'] < 1024 else '  (over 1 GB)'}")


if __name__ == "__main__":
    main()
