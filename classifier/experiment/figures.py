"""Matplotlib figures for evaluations and experiment reports, saved as PNG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from classifier.labels import UNCERTAIN  # noqa: E402

COLOURS = {"supportive": "#2a9d8f", "sceptical": "#e9c46a", "troll_accusation": "#e76f51", "other": "#8d99ae",
           UNCERTAIN: "#cccccc"}


def colours(labels: Sequence[str]) -> dict[str, str]:
    """A colour per label: the default labels keep theirs, other labels take matplotlib's tab10."""
    spare = iter(matplotlib.colormaps["tab10"].colors)
    return {label: COLOURS.get(label) or matplotlib.colors.to_hex(next(spare))
            for label in [*labels, UNCERTAIN]}


def _save(figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def confusion_png(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], title: str,
                  path: Path) -> Path:
    """A confusion matrix (rows gold, columns predicted)."""
    from sklearn.metrics import ConfusionMatrixDisplay

    columns = list(labels) + sorted(set(predicted) - set(labels))
    figure, axis = plt.subplots(figsize=(6.5, 5))
    ConfusionMatrixDisplay.from_predictions(gold, predicted, labels=columns, ax=axis, colorbar=False, cmap="Blues")
    axis.set_title(title)
    plt.setp(axis.get_xticklabels(), rotation=30, ha="right")
    return _save(figure, path)


def precision_recall_png(sweep: pd.DataFrame, path: Path) -> Path:
    """Precision against recall per label, one point per threshold."""
    figure, axis = plt.subplots(figsize=(6, 4.5))
    for label, rows in sweep.groupby("label", sort=False):
        rows = rows.dropna(subset=["precision", "recall"])
        axis.plot(rows.recall, rows.precision, marker="o", markersize=3, label=label, color=colours(sweep.label.unique())[label])
    axis.set(xlabel="recall", ylabel="precision", xlim=(0, 1.02), ylim=(0, 1.02), title="Precision-recall by label")
    axis.legend(loc="lower left")
    axis.grid(alpha=0.3)
    return _save(figure, path)


def volume_png(sweep: pd.DataFrame, path: Path) -> Path:
    """Comments flagged per label as the threshold rises."""
    figure, axis = plt.subplots(figsize=(6, 4.5))
    palette = colours(sweep.label.unique())
    for label, rows in sweep.groupby("label", sort=False):
        axis.plot(rows.threshold, rows.flagged, marker="o", markersize=3, label=label, color=palette[label])
    axis.set(xlabel="threshold on the label's probability", ylabel="comments flagged", title="Volume against threshold")
    axis.legend()
    axis.grid(alpha=0.3)
    return _save(figure, path)


def distribution_png(predicted: Sequence[str], gold: Sequence[str] | None, labels: Sequence[str], path: Path) -> Path:
    """Class distribution of predictions (and gold labels when given)."""
    names = list(labels) + sorted(set(predicted) - set(labels))
    counts = pd.DataFrame({"predicted": Counter(predicted)}, index=names).fillna(0)
    if gold:
        counts["gold"] = pd.Series(Counter(gold)).reindex(names).fillna(0)
    figure, axis = plt.subplots(figsize=(6, 4))
    counts.plot.bar(ax=axis, rot=20, color=["#457b9d", "#a8dadc"][: counts.shape[1]])
    axis.set(ylabel="comments", title="Class distribution")
    return _save(figure, path)
