"""Streaming, resumable batch scoring of comment dumps.

Scores go into ``OUTPUT.parts/`` one chunk file at a time, each written to a
temporary name and renamed when complete, so a run killed at any point (even
``kill -9``) resumes with the same command at the first unfinished chunk. When
every chunk is done they are merged into OUTPUT (JSONL, CSV or Parquet).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from classifier.errors import InputError
from classifier.extract import ExtractOptions, extract
from classifier.io import RowWriter, read_rows, suffix_of, write_atomically
from classifier.records import Comment, Reject

SCORE_COLUMNS = ["id", "thread_id", "position", "parent_id", "author", "timestamp", "article_title", "text",
                 "parent_text", "label", "confidence", "model", "source"]
REJECT_COLUMNS = ["source", "reason", "id", "text"]


@dataclass
class ScoreSummary:
    """Counts of a scoring run: every input item is either scored or rejected."""

    read: int
    scored: int
    rejected: int
    seconds: float
    resumed_from: int = 0

    def line(self) -> str:
        rate = self.scored / self.seconds if self.seconds else 0.0
        resumed = f", resumed after {self.resumed_from}" if self.resumed_from else ""
        return (f"read {self.read} = scored {self.scored} + rejected {self.rejected} "
                f"in {self.seconds:.1f} s ({rate:.0f} comments/s{resumed})")


def items(inputs: Sequence[str | Path], options: ExtractOptions) -> Iterator[Comment | Reject]:
    """Every comment and reject of the inputs, in a deterministic order."""
    for path in inputs:
        yield from extract(path, options)


def score_file(classifier, inputs: Sequence[str | Path], output: str | Path, *,
               options: ExtractOptions | None = None, rejects: str | Path | None = None,
               threshold: float | None = None, chunk_size: int = 2048, progress: bool = True) -> ScoreSummary:
    """Score every comment of ``inputs`` into ``output``; bad items go to ``rejects``."""
    options = options or ExtractOptions()
    output = Path(output)
    rejects = Path(rejects) if rejects else output.with_name(output.stem + ".rejects.jsonl")
    parts = output.with_name(output.name + ".parts")
    manifest = {"inputs": [_fingerprint(p) for p in inputs], "model": classifier.name,
                "threshold": threshold, "chunk_size": chunk_size, "format": options.format}
    done = _open_parts(parts, manifest)
    started = time.perf_counter()
    stream = items(inputs, options)
    skipped = sum(1 for _ in islice(stream, done * chunk_size))
    bar = _progress(progress, inputs, skipped)
    chunk_number = done
    while True:
        chunk = list(islice(stream, chunk_size))
        if not chunk:
            break
        chunk_number += 1
        comments = [i for i in chunk if isinstance(i, Comment)]
        scored = classifier.score(comments, threshold) if comments else []
        _write_chunk(parts, chunk_number, scored, [i for i in chunk if isinstance(i, Reject)], classifier.labels)
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    scored_count, rejected_count = _merge(parts, output, rejects, classifier.labels)
    shutil.rmtree(parts)
    return ScoreSummary(scored_count + rejected_count, scored_count, rejected_count,
                        time.perf_counter() - started, skipped)


def score_columns(labels: Iterable[str]) -> list[str]:
    return SCORE_COLUMNS + [f"p_{label}" for label in labels]


def _fingerprint(path) -> dict:
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise InputError(path, "no such file") from None
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _open_parts(parts: Path, manifest: dict) -> int:
    """Create the parts folder, or check it belongs to this run; returns finished chunks."""
    manifest_path = parts / "manifest.json"
    if parts.exists() and manifest_path.exists():
        if json.loads(manifest_path.read_text(encoding="utf-8")) != manifest:
            raise InputError(parts, "left by a different scoring run (other inputs, model or options); "
                                    "delete it or repeat that run's command")
        finished = sorted(parts.glob("scores-*.jsonl"))
        for number, path in enumerate(finished, start=1):  # chunks complete in order
            if path.name != _chunk_name("scores", number):
                raise InputError(path, "unexpected chunk file; delete the parts folder to start over")
        return len(finished)
    parts.mkdir(parents=True, exist_ok=True)
    write_atomically(manifest_path, json.dumps(manifest, indent=1))
    return 0


def _chunk_name(kind: str, number: int) -> str:
    return f"{kind}-{number:06d}.jsonl"


def _write_chunk(parts: Path, number: int, scored: list[Comment], rejected: list[Reject], labels) -> None:
    columns = score_columns(labels)
    write_atomically(parts / _chunk_name("rejects", number),
                  "".join(json.dumps(r.to_row(), ensure_ascii=False) + "\n" for r in rejected))
    rows = ({c: row.get(c) for c in columns} for row in (s.to_row() for s in scored))
    # The scores file is written last: its presence marks the chunk as complete.
    write_atomically(parts / _chunk_name("scores", number),
                  "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def _merge(parts: Path, output: Path, rejects: Path, labels) -> tuple[int, int]:
    counts = []
    for kind, target, columns in (("scores", output, score_columns(labels)), ("rejects", rejects, REJECT_COLUMNS)):
        staging = target.with_name(f".{target.stem}.merging{target.suffix}")
        with RowWriter(staging, columns) as writer:
            for chunk in sorted(parts.glob(f"{kind}-*.jsonl")):
                writer.write(row for _, row in read_rows(chunk))
        if kind == "rejects" and writer.count == 0:
            staging.unlink()
            target.unlink(missing_ok=True)
        else:
            os.replace(staging, target)
        counts.append(writer.count)
    return counts[0], counts[1]


def _progress(enabled: bool, inputs, initial: int):
    if not enabled:
        return None
    from tqdm import tqdm

    total = None
    if all(suffix_of(p) in (".jsonl", ".csv") for p in inputs):
        total = sum(_count_lines(p) for p in inputs)
    return tqdm(total=total, initial=initial, unit=" comments", desc="scoring", smoothing=0.1)


def _count_lines(path) -> int:
    with open(path, "rb") as handle:
        lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    return lines - (1 if suffix_of(path) == ".csv" else 0)
