"""Scoring through Ray Data, so a Ray cluster scores millions of comments with the same model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from classifier.extract import ExtractOptions, extract, reject_error
from classifier.io import RowWriter, record_columns, suffix_of
from classifier.records import Comment, Reject
from classifier.scoring import SCORE_COLUMNS


class RayScorer:
    """A Ray Data batch scorer: loads the model once per worker, scores pandas batches."""

    def __init__(self, model_dir: str, runtime: str = "auto", threshold: float | None = None):
        from classifier.predict import StanceClassifier

        self.classifier = StanceClassifier.load(model_dir, runtime=runtime)
        self.threshold = threshold

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        rows = batch.astype(object).where(batch.notna(), None).to_dict(orient="records")
        comments = [Comment.from_row(row) for row in rows]
        scored = self.classifier.score(comments, self.threshold)
        out = pd.DataFrame([s.to_row() for s in scored])
        columns = [c for c in SCORE_COLUMNS if c in out] + [f"p_{l}" for l in self.classifier.labels]
        return out[columns]


def score_with_ray(model_dir: str | Path, inputs: Sequence[str | Path], output: str | Path, *,
                   options: ExtractOptions | None = None, rejects: str | Path | None = None,
                   threshold: float | None = None, runtime: str = "auto", batch_size: int = 256,
                   concurrency: int = 1, staging: str | Path | None = None, on_error: str = "fail") -> tuple[int, int]:
    """Score with Ray Data into a folder of Parquet files; returns (scored, rejected).

    Parquet record files go to Ray as they are; other dumps are first extracted
    here into one Parquet file of records (bad items stop the run, or go to
    ``rejects`` with ``on_error='skip'``).
    """
    import ray

    output = Path(output)
    rejected = 0
    if all(suffix_of(p) == ".parquet" for p in inputs):
        dataset = ray.data.read_parquet([str(p) for p in inputs])
    else:
        staging = Path(staging or output.with_name(output.name + ".records.parquet"))
        rejected = _extract_to_parquet(inputs, staging, options or ExtractOptions(),
                                       Path(rejects) if rejects else output.with_name(output.name + ".rejects.jsonl"),
                                       on_error)
        dataset = ray.data.read_parquet(str(staging))
    scored = dataset.map_batches(RayScorer, fn_constructor_args=(str(model_dir), runtime, threshold),
                                 batch_size=batch_size, batch_format="pandas", concurrency=concurrency)
    scored.write_parquet(str(output))
    return ray.data.read_parquet(str(output)).count(), rejected


def _extract_to_parquet(inputs, path: Path, options: ExtractOptions, rejects: Path, on_error: str) -> int:
    columns = record_columns([])
    bad: list[Reject] = []
    with RowWriter(path, columns) as writer:
        batch: list[dict] = []
        for source in inputs:
            for item in extract(source, options):
                if isinstance(item, Reject):
                    if on_error == "fail":
                        raise reject_error(item)
                    bad.append(item)
                    continue
                batch.append(item.to_row())
                if len(batch) >= 4096:
                    writer.write(batch)
                    batch = []
        writer.write(batch)
    if bad:
        with RowWriter(rejects, ["source", "reason", "id", "text"]) as writer:
            writer.write(r.to_row() for r in bad)
    return len(bad)
