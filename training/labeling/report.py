"""How the labelling functions behave: coverage, overlaps, conflicts, accuracy, class balance."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.aggregate import ABSTAIN
from training.labeling.rules import LABELING_FUNCTIONS


def rule_summary(matrix: np.ndarray, scheme: LabelScheme, gold: Sequence[str | None] | None = None,
                 lfs=LABELING_FUNCTIONS) -> pd.DataFrame:
    """One row per labelling function (snorkel's LFAnalysis), with accuracy where gold labels exist."""
    from snorkel.labeling import LFAnalysis

    analysis = LFAnalysis(matrix)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scipy dtype notice inside snorkel
        summary = pd.DataFrame({
            "label": [", ".join(scheme.labels[v] for v in sorted(set(matrix[:, j]) - {ABSTAIN})) or "-"
                      for j in range(matrix.shape[1])],
            "coverage": analysis.lf_coverages(),
            "overlaps": analysis.lf_overlaps(),
            "conflicts": analysis.lf_conflicts(),
        }, index=[lf.__name__ for lf in lfs])
    if gold is not None:
        known = np.array([g is not None for g in gold])
        if known.any():
            y = np.array([scheme.label2id[g] if g is not None else ABSTAIN for g in gold])
            fired = (matrix != ABSTAIN) & known[:, None]
            correct = ((matrix == y[:, None]) & fired).sum(axis=0)
            summary["correct"] = correct
            summary["incorrect"] = fired.sum(axis=0) - correct
            with np.errstate(invalid="ignore", divide="ignore"):
                summary["accuracy"] = correct / fired.sum(axis=0)
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
