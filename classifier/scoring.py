"""Streaming, resumable batch scoring of comment dumps.

Scores go into ``OUTPUT.parts/`` one chunk file at a time, each written to a
temporary name and renamed when complete, so a run killed at any point (even
``kill -9``) resumes with the same command at the first unfinished chunk. When
every chunk is done they are merged into OUTPUT (JSONL, CSV or Parquet). The parts
folder records every setting that changes the output, appears and disappears by
renaming, and is never reused by a run with other settings.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from classifier.errors import InputError
from classifier.extract import ExtractOptions, extract, reject_error
from classifier.io import RowWriter, check_outputs, read_rows, suffix_of, write_atomically
from classifier.labels import UNCERTAIN
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
               threshold: float | None = None, chunk_size: int = 2048, on_error: str = "fail",
               progress: bool = True) -> ScoreSummary:
    """Score every comment of ``inputs`` into ``output``. A bad item stops the run with an
    :class:`InputError` (``on_error='fail'``) or goes to ``rejects`` with its reason ('skip')."""
    options = options or ExtractOptions()
    output, rejects = check_outputs(output, rejects, inputs)
    if chunk_size < 1 or on_error not in ("fail", "skip"):
        raise ValueError(f"chunk_size must be at least 1 and on_error 'fail' or 'skip' ({chunk_size}, {on_error!r})")
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    parts = output.with_name(output.name + ".parts")
    manifest = {"inputs": [_fingerprint(p) for p in inputs], "model": classifier.name, "temperature": classifier.temperature,
                "batch_size": classifier.batch_size, "threshold": threshold, "chunk_size": chunk_size,
                "on_error": on_error, "options": asdict(options)}
    done = _open_parts(parts, manifest)
    started = time.perf_counter()
    stream = items(inputs, options)
    bar = None
    try:
        skipped = sum(1 for _ in islice(stream, done * chunk_size))
        bar = _progress(progress, inputs, skipped)
        chunk_number = done
        while chunk := list(islice(stream, chunk_size)):
            chunk_number += 1
            bad = [i for i in chunk if isinstance(i, Reject)]
            if bad and on_error == "fail":
                raise reject_error(bad[0])
            comments = [i for i in chunk if isinstance(i, Comment)]
            _write_chunk(parts, chunk_number, classifier.score(comments, threshold), bad, classifier.labels)
            if bar is not None:
                bar.update(len(chunk))
    except InputError:
        _discard(parts)  # the input has to change, and with it every chunk
        raise
    finally:
        if bar is not None:
            bar.close()
    scored_count, rejected_count = _merge(parts, output, rejects, classifier.labels)
    _discard(parts)
    return ScoreSummary(scored_count + rejected_count, scored_count, rejected_count,
                        time.perf_counter() - started, skipped)


def read_scores(paths: Iterable[str | Path]) -> list[Comment]:
    """Scored comments from files that 'stance score' wrote, checked row by row: a probability for
    the same labels in every row, each between 0 and 1, summing to 1, and a label among them (or
    'uncertain'). A row that fails is an error naming its file and line."""
    paths, comments, labels = list(paths), [], None
    for path in paths:
        for line, row in read_rows(path):
            try:
                comment = Comment.from_row(row)
            except (TypeError, ValueError) as error:
                raise InputError(path, f"not a scored comment: {error}", line) from None
            labels = labels or list(comment.scores or {})
            problem = _score_problem(comment, labels)
            if problem:
                raise InputError(path, problem, line)
            comments.append(comment)
    if not comments:
        raise InputError(paths[0] if paths else "scores", "no scored comments")
    return comments


def _score_problem(comment: Comment, labels: list[str]) -> str | None:
    scores = comment.scores or {}
    if not scores:
        return "no p_<label> columns: is this a file from 'stance score'?"
    if set(scores) != set(labels):
        return f"probabilities for {', '.join(scores)}, where the first row has {', '.join(labels)}"
    bad = next((label for label, p in scores.items() if not 0 <= p <= 1), None)
    if bad:
        return f"p_{bad} is {scores[bad]}, not a probability"
    if abs(sum(scores.values()) - 1) > 0.01:
        return f"the p_ columns sum to {sum(scores.values()):.3f}, not 1 (is a label's column missing?)"
    if comment.label not in (*labels, UNCERTAIN, None):
        return f"label {comment.label!r} is none of the scored labels ({', '.join(labels)}) nor {UNCERTAIN!r}"
    return None


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
    """Create the parts folder (atomically, with its manifest), or check that the one there was
    left by a run with the same inputs, model and options; returns its finished chunks."""
    for leftover in parts.parent.glob(f".{parts.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)  # a discarded or half-made folder of an earlier run
    clear = f"rerun with the same options to resume, or start over after: rm -r '{parts}'"
    if parts.exists():
        try:
            previous = json.loads((parts / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InputError(parts, f"not left by 'stance score' (no readable manifest.json); {clear}") from None
        if previous != manifest:
            raise InputError(parts, "left by an unfinished run with other settings ("
                             + "; ".join(_differences(previous, manifest)) + f"); {clear}")
        finished = sorted(parts.glob("scores-*.jsonl"))
        for number, path in enumerate(finished, start=1):  # chunks complete in order
            if path.name != _chunk_name("scores", number):
                raise InputError(path, f"unexpected chunk file; {clear}")
        return len(finished)
    staging = parts.with_name(f".{parts.name}.new-{os.getpid()}")
    staging.mkdir(parents=True)
    write_atomically(staging / "manifest.json", json.dumps(manifest, indent=1))
    staging.rename(parts)
    return 0


def _differences(before, now, where: str = "") -> list[str]:
    """What differs between two manifests, as 'KEY: BEFORE then, NOW now'."""
    if isinstance(before, dict) and isinstance(now, dict):
        return [d for key in dict.fromkeys([*before, *now])
                for d in _differences(before.get(key), now.get(key), f"{where}{'.' if where else ''}{key}")]
    if where == "inputs" and before != now:
        return [f"inputs: {[i.get('path') for i in before or []]} then, {[i['path'] for i in now]} now"
                " (or their size or time changed)"]
    return [] if before == now else [f"{where}: {before!r} then, {now!r} now"]


def _discard(parts: Path) -> None:
    """Remove the parts folder: renamed away first, so no later run can ever read half of it."""
    if parts.exists():
        trash = parts.with_name(f".{parts.name}.discarded-{os.getpid()}")
        parts.rename(trash)
        shutil.rmtree(trash)


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
