"""The one record type that flows through every stage: a comment in its thread."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from classifier.errors import not_text

PROBABILITY_PREFIX = "p_"
TEXT_FIELDS = ("text", "parent_text", "article_title", "article_text", "label")  # str or None in a record


@dataclass
class Comment:
    """A reader comment with its thread context and, once known, its stance.

    ``parent_text`` and the article fields are denormalised context, so that every
    later stage (labelling, training, scoring) works on one row at a time. ``source`` is
    where the comment was read (file:line); ``dataset`` names the corpus it belongs to
    (e.g. a pool of ``data/real``), for per-source weights and evaluation. A hand label
    carries its ``annotator`` and a ``note`` on why.
    """

    id: str
    thread_id: str
    text: str
    position: int = 0
    parent_id: str | None = None
    parent_text: str | None = None
    parent_method: str | None = None
    author: str | None = None
    timestamp: str | None = None
    article_title: str | None = None
    article_text: str | None = None
    source: str | None = None
    dataset: str | None = None
    label: str | None = None
    label_source: str | None = None
    annotator: str | None = None
    note: str | None = None
    confidence: float | None = None
    scores: dict[str, float] | None = field(default=None)
    model: str | None = None

    @property
    def context(self) -> str | None:
        """What the comment answers: its parent comment, else the article title."""
        return self.parent_text or self.article_title

    def to_row(self) -> dict:
        """A flat dict: scores become one ``p_<label>`` column per label."""
        row = asdict(self)
        scores = row.pop("scores") or {}
        for label, probability in scores.items():
            row[PROBABILITY_PREFIX + label] = probability
        return row

    @classmethod
    def from_row(cls, row: dict) -> "Comment":
        """Inverse of :meth:`to_row`; unknown columns are ignored, ids become strings."""
        names = {f.name for f in fields(cls)}
        values = {k: _none_if_missing(v) for k, v in row.items() if k in names}
        scores = {
            k[len(PROBABILITY_PREFIX):]: float(v)
            for k, v in row.items()
            if k.startswith(PROBABILITY_PREFIX) and _none_if_missing(v) is not None
        }
        if isinstance(values.get("scores"), str):
            values["scores"] = json.loads(values["scores"])
        if scores:
            values["scores"] = scores
        for key in ("id", "thread_id", "parent_id"):
            if values.get(key) is not None:
                values[key] = str(values[key])
        for key in TEXT_FIELDS:
            reason = not_text(key, values.get(key))
            if reason:
                raise ValueError(reason)
        if values.get("position") is not None:
            values["position"] = int(values["position"])
        if values.get("confidence") is not None:
            values["confidence"] = float(values["confidence"])
        return cls(**values)


@dataclass
class Reject:
    """An input item that could not become a comment, and why."""

    source: str
    reason: str
    id: str | None = None
    text: str | None = None

    def to_row(self) -> dict:
        return asdict(self)


def _none_if_missing(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from CSV/Parquet
        return None
    if value == "":
        return None
    return value
