"""How the labelling functions behave: coverage, overlaps, conflicts, accuracy, class balance."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.aggregate import ABSTAIN

if TYPE_CHECKING:
    from snorkel.labeling import LabelingFunction


def rule_summary(matrix: np.ndarray, lfs: Sequence[LabelingFunction], scheme: LabelScheme,
                 gold: Sequence[str | None] | None = None) -> pd.DataFrame:
    """One row per labelling function in ``lfs``, named after it (snorkel's LFAnalysis): the labels
    it votes, coverage, overlaps and conflicts over all rows, and where gold labels exist, its
    correct and incorrect votes and empirical accuracy (precision) on those rows.
    """
    from snorkel.labeling import LFAnalysis

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scipy dtype notice inside snorkel
        summary = LFAnalysis(matrix, list(lfs)).lf_summary().drop(columns="j")
        known = np.array([g is not None for g in gold]) if gold is not None else np.zeros(len(matrix), bool)
        if known.any():
            y = np.array([scheme.label2id[g] for g in gold if g is not None])
            scored = LFAnalysis(matrix[known], list(lfs)).lf_summary(Y=y)
            summary = summary.join(scored[["Correct", "Incorrect", "Emp. Acc."]])
    summary["Polarity"] = [", ".join(scheme.labels[v] for v in ids) or "-" for ids in summary["Polarity"]]
    summary = summary.rename(columns=str.lower).rename(columns={"polarity": "label", "emp. acc.": "accuracy"})
    if "accuracy" in summary:  # snorkel reports 0 for a rule that never voted on a gold row
        summary.loc[summary["correct"] + summary["incorrect"] == 0, "accuracy"] = np.nan
    return summary


def overall(matrix: np.ndarray, labelled: Sequence[Comment]) -> dict:
    """Overall coverage (any rule fired) and the class balance of the final labels."""
    return {
        "comments": len(labelled),
        "coverage": float((matrix != ABSTAIN).any(axis=1).mean()) if len(matrix) else 0.0,
        "class_balance": dict(Counter(c.label for c in labelled).most_common()),
        "label_sources": dict(Counter(c.label_source for c in labelled).most_common()),
    }


def per_class_scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> pd.DataFrame:
    """Precision, recall, F1 and support per class, plus macro averages.

    Only labels that occur in ``gold`` or ``predicted`` count, in the scheme's order.
    """
    from sklearn.metrics import precision_recall_fscore_support

    present = set(gold) | set(predicted)
    labels = [label for label in labels if label in present]
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    table = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=list(labels))
    table.loc["macro avg"] = [p.mean(), r.mean(), f.mean(), s.sum()]
    return table
