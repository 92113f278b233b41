"""Honest evaluation: the model against two baselines on the same held-out threads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import softmax

from classifier.errors import InputError
from classifier.labels import LabelScheme
from classifier.modeling import SPLIT_FILE
from classifier.records import Comment
from training.labeling.aggregate import label_comments
from training.labeling.report import per_class_scores


@dataclass
class Result:
    """One system's predictions on the evaluation comments."""

    name: str
    gold: list[str]
    predicted: list[str]
    labels: Sequence[str]

    def scores(self) -> pd.DataFrame:
        return per_class_scores(self.gold, self.predicted, self.labels)

    @property
    def macro_f1(self) -> float:
        return float(self.scores().loc["macro avg", "f1"])

    @property
    def accuracy(self) -> float:
        return float(np.mean(np.array(self.gold) == np.array(self.predicted)))

    def subset(self, keep: Sequence[bool]) -> "Result":
        """The same system on the comments where ``keep`` is true."""
        return Result(self.name, [g for g, k in zip(self.gold, keep) if k],
                      [p for p, k in zip(self.predicted, keep) if k], self.labels)

    def f1(self, label: str) -> float | None:
        """F1 on ``label``; None where no gold comment has it (the figure does not exist, whatever
        the system predicted)."""
        return float(self.scores().loc[label, "f1"]) if label in self.gold else None

    def confusion(self) -> pd.DataFrame:
        from sklearn.metrics import confusion_matrix

        labels = list(self.labels)
        matrix = confusion_matrix(self.gold, self.predicted, labels=labels)
        return pd.DataFrame(matrix, index=[f"gold {l}" for l in labels], columns=labels)


def split_for(gold: Sequence[Comment], model_dir: str | Path) -> dict[str, list[Comment]]:
    """Gold comments by the model's thread split; threads the model never saw count as test."""
    path = Path(model_dir) / SPLIT_FILE
    threads = json.loads(path.read_text(encoding="utf-8"))["threads"] if path.exists() else {}
    seen = {t: name for name, ids in threads.items() for t in ids}
    parts: dict[str, list[Comment]] = {"train": [], "dev": [], "test": []}
    for comment in gold:
        parts[seen.get(comment.thread_id, "test")].append(comment)
    return parts


def tfidf_baseline(train: Sequence[Comment], test: Sequence[Comment], labels: Sequence[str]) -> Result:
    """TF-IDF over the comment and, separately, its context, then logistic regression."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def frame(comments):
        return pd.DataFrame({"text": [c.text for c in comments], "context": [c.context or "" for c in comments]})

    def pipeline(with_context: bool):
        columns = [("text", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1), "text")]
        if with_context:
            columns.append(("context", TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True, min_df=2), "context"))
        return make_pipeline(ColumnTransformer(columns),
                             LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0))

    gold = [c.label for c in train]
    try:
        model = pipeline(with_context=True).fit(frame(train), gold)
    except ValueError:  # no context word in two training comments (an empty vocabulary): the text alone
        model = pipeline(with_context=False).fit(frame(train), gold)
    return Result("tfidf+lr", [c.label for c in test], list(model.predict(frame(test))), labels)


def rules_baseline(test: Sequence[Comment], scheme: LabelScheme) -> Result:
    """The labelling rules (majority vote) alone; where every rule abstains, the scheme's fallback."""
    predicted = label_comments(test, scheme, hand_labels=False)
    return Result("rules", [c.label for c in test], [c.label or scheme.fallback for c in predicted], scheme.labels)


def model_result(classifier, test: Sequence[Comment], logits: np.ndarray | None = None) -> Result:
    """The classifier's most probable label for every test comment (from ``logits`` when the caller
    has already computed them)."""
    if logits is None:
        logits = classifier.logits([c.text for c in test], [c.context for c in test])
    predicted = [classifier.labels[i] for i in logits.argmax(axis=1)]
    return Result("model", [c.label for c in test], predicted, classifier.labels)


@dataclass
class Evaluation:
    """The model and both baselines on the same test comments, overall and per dataset."""

    test: list[Comment]
    results: list[Result]

    @property
    def model(self) -> Result:
        return self.results[0]

    def per_dataset(self, focus: str = "troll_accusation") -> pd.DataFrame:
        """Comments, macro-F1 of every system and the model's ``focus`` F1, per dataset and overall."""
        names = [c.dataset or "-" for c in self.test]
        rows = {}
        for dataset in [*sorted(set(names)), "all"]:
            keep = [dataset in ("all", n) for n in names]
            parts = [r.subset(keep) for r in self.results]
            row = {"comments": sum(keep), **{f"{r.name} macro-F1": r.macro_f1 for r in parts}}
            row[f"model {focus} F1"] = parts[0].f1(focus)
            rows[dataset] = row
        return pd.DataFrame.from_dict(rows, orient="index")

    def to_dict(self) -> dict:
        return {"comments": len(self.test), "threads": len({c.thread_id for c in self.test}),
                "systems": {r.name: {"macro_f1": r.macro_f1, "accuracy": r.accuracy,
                                     "per_class": r.scores().to_dict(orient="index")} for r in self.results},
                "per_dataset": self.per_dataset().to_dict(orient="index"),
                "confusion": self.model.confusion().to_dict(orient="index")}

    def markdown(self) -> str:
        """Per-dataset macro-F1, per-class F1 side by side, and the model's confusion matrix."""
        return "\n\n".join([
            f"{len(self.test)} test comments in {len({c.thread_id for c in self.test})} held-out threads.",
            self.per_dataset().round(3).to_markdown(),
            compare(self.results).round(3).to_markdown(),
            "Confusion matrix (rows gold, columns predicted):\n\n" + self.model.confusion().to_markdown(),
        ]) + "\n"


def evaluate(classifier, test: Sequence[Comment], train: Sequence[Comment], scheme: LabelScheme,
             logits: np.ndarray | None = None) -> Evaluation:
    """The model (its ``logits`` for ``test`` when already computed), TF-IDF+LR fitted on ``train`` and
    the rules, on the same ``test`` comments."""
    gold_ids(test, classifier.labels, "gold")
    return Evaluation(list(test), [model_result(classifier, test, logits), tfidf_baseline(train, test, scheme.labels),
                                   rules_baseline(test, scheme)])


def compare(results: Sequence[Result]) -> pd.DataFrame:
    """F1 per class (and macro-F1, accuracy) of every system, side by side."""
    table = pd.concat({r.name: r.scores()["f1"] for r in results}, axis=1)
    table.loc["accuracy"] = [r.accuracy for r in results]
    return table


def expected_calibration_error(probabilities: np.ndarray, gold_ids: np.ndarray, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over confidence bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold_ids
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def fit_temperature(logits: np.ndarray, gold_ids: np.ndarray) -> float:
    """Temperature scaling (Guo et al. 2017): the T minimising dev log-loss of softmax(logits / T)."""
    import torch

    log_t = torch.zeros(1, requires_grad=True)
    x, y = torch.from_numpy(logits.astype(np.float32)), torch.from_numpy(gold_ids.astype(np.int64))
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(x / log_t.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.exp().item())


def fit_label_bias(logits: np.ndarray, mix: np.ndarray) -> np.ndarray:
    """Per-label biases b for which softmax(logits + b), averaged over the rows, gives each label its
    share in ``mix`` (prior matching: an undertrained model leans towards the commonest label). b minimises
    the convex mean(logsumexp(logits + b)) - mix . b; labels with no share get no bias. Centred on 0."""
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    mix = np.asarray(mix, dtype=np.float64) / np.sum(mix)
    present = mix > 0
    z = logits.astype(np.float64)[:, present]

    def objective(b):
        shifted = z + b
        p = softmax(shifted, axis=1)
        return logsumexp(shifted, axis=1).mean() - mix[present] @ b, p.mean(axis=0) - mix[present]

    fitted = minimize(objective, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    bias = np.zeros(len(mix))
    bias[present] = fitted - fitted.mean()
    return bias


def save_confusion_png(result: Result, path: Path) -> Path:
    """The confusion matrix as a PNG."""
    from classifier.experiment.figures import confusion_png

    return confusion_png(result.gold, result.predicted, result.labels,
                         f"{result.name}: macro-F1 {result.macro_f1:.3f}", path)


def _ids(labels: Sequence[str], order: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(order)}
    return np.array([index[label] for label in labels])


def gold_ids(comments: Sequence[Comment], labels: Sequence[str], source: str) -> np.ndarray:
    unknown = sorted({c.label for c in comments} - set(labels))
    if unknown:
        raise InputError(source, f"gold labels {unknown} are not labels of the model ({', '.join(labels)})")
    return _ids([c.label for c in comments], labels)


def calibrate(classifier, dev: Sequence[Comment], test: Sequence[Comment], model_dir: Path,
              test_logits: np.ndarray | None = None) -> dict:
    """Fit temperature scaling on ``dev``, save it in the model, and return test ECE before and after
    (from ``test_logits`` when the caller has already computed them)."""
    from classifier.modeling import MODEL_INFO, read_model_info
    from classifier.io import write_atomically

    if not dev:
        raise InputError(model_dir, "calibration needs the gold comments of the model's dev threads")

    def logits(comments):  # raw: the temperature divides them below
        return classifier.logits([c.text for c in comments], [c.context for c in comments])

    test_logits = logits(test) if test_logits is None else test_logits
    test_gold = gold_ids(test, classifier.labels, "gold")
    classifier.temperature = fit_temperature(logits(dev), gold_ids(dev, classifier.labels, "gold"))
    before, after = (expected_calibration_error(softmax(test_logits / t, axis=1), test_gold)
                     for t in (1.0, classifier.temperature))
    info = read_model_info(model_dir) | {"temperature": classifier.temperature}
    write_atomically(Path(model_dir) / MODEL_INFO, json.dumps(info, indent=2))
    return {"temperature": classifier.temperature, "ece_before": before, "ece_after": after}
