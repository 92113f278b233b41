"""What a per-label threshold would flag, and how precisely, across thresholds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from classifier.records import Comment

THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.05), 2)


def probabilities(comments: Sequence[Comment], labels: Sequence[str]) -> np.ndarray:
    """The (comments x labels) probability matrix from scored records."""
    return np.array([[(c.scores or {}).get(label, 0.0) for label in labels] for c in comments], dtype=float)


def threshold_sweep(comments: Sequence[Comment], labels: Sequence[str], gold: dict[str, str] | None = None,
                    thresholds: Sequence[float] = THRESHOLDS) -> pd.DataFrame:
    """Per label and threshold: comments flagged (p >= threshold), their share, and with gold
    labels precision, recall and F1 of flagging."""
    probs = probabilities(comments, labels)
    truth = None
    if gold:
        truth = np.array([gold.get(c.id) for c in comments], dtype=object)
    rows = []
    for j, label in enumerate(labels):
        for threshold in thresholds:
            flagged = probs[:, j] >= threshold
            row = {"label": label, "threshold": float(threshold), "flagged": int(flagged.sum()),
                   "share": float(flagged.mean()) if len(flagged) else 0.0}
            if truth is not None:
                known = truth != None  # noqa: E711 (elementwise on an object array)
                positive = (truth == label) & known
                hits = int((flagged & positive).sum())
                flagged_known = int((flagged & known).sum())
                precision = hits / flagged_known if flagged_known else float("nan")
                recall = hits / positive.sum() if positive.sum() else float("nan")
                f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
                row.update(precision=precision, recall=recall, f1=f1)
            rows.append(row)
    return pd.DataFrame(rows)


def threshold_for_precision(sweep: pd.DataFrame, label: str, target: float) -> float | None:
    """The lowest threshold at which flagging ``label`` reaches ``target`` precision, if any."""
    if "precision" not in sweep:
        return None
    rows = sweep[(sweep.label == label) & (sweep.flagged > 0) & (sweep.precision >= target)]
    return None if rows.empty else float(rows.threshold.min())
