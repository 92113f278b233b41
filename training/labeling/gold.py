"""Hand labels: reading gold files and importing labelled data under a label mapping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from classifier.errors import InputError
from classifier.io import read_rows
from classifier.labels import LabelScheme
from classifier.records import Comment, Reject

RUMOUREVAL_MAP = {"support": "supportive", "deny": "sceptical", "query": "sceptical", "comment": "other"}


def read_gold(path: str | Path, scheme: LabelScheme | None = None) -> dict[str, str]:
    """``{comment id: label}`` from a JSONL/CSV/Parquet file with ``id`` and ``label`` columns."""
    scheme = scheme or LabelScheme()
    gold, lines = {}, {}
    for line, row in read_rows(path):
        if row.get("id") in (None, "") or row.get("label") in (None, ""):
            raise InputError(path, "a gold row needs 'id' and 'label'", line)
        try:
            comment_id, label = str(row["id"]), scheme.check(str(row["label"]))
        except ValueError as error:
            raise InputError(path, str(error), line) from None
        if gold.get(comment_id, label) != label:
            raise InputError(path, f"id {comment_id} is labelled {gold[comment_id]!r} on line {lines[comment_id]} "
                                   f"and {label!r} here", line)
        gold[comment_id] = label
        lines.setdefault(comment_id, line)
    return gold


def apply_mapping(comments: Iterable[Comment], mapping: dict[str, str], scheme: LabelScheme,
                  source: str = "import") -> tuple[list[Comment], list[Reject]]:
    """Map each comment's raw label into the scheme; unknown or missing labels become rejects."""
    for target in mapping.values():
        scheme.check(target, "mapping target")
    kept, rejected = [], []
    for comment in comments:
        raw = comment.label
        label = mapping.get(raw, raw if raw in scheme.labels else None)
        if label is None:
            reason = "no label" if raw is None else f"unknown label {raw!r} (not in --map or the label scheme)"
            rejected.append(Reject(comment.source or comment.id, reason, comment.id, comment.text[:200]))
        else:
            kept.append(replace(comment, label=label, label_source=source, confidence=1.0))
    return kept, rejected
