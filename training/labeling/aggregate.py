"""Turning labelling-function votes into one label per comment, with a confidence."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

import numpy as np

from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.rules import LABELING_FUNCTIONS, TROLL, LabelingFunction

ABSTAIN = -1
HAND_SOURCES = {"gold", "import", "annotation"}
OVERRIDES = (TROLL,)  # a vote for these wins over any number of other votes


class Method(StrEnum):
    """How votes become one label: snorkel's majority vote or its learned LabelModel."""

    majority = "majority"
    label_model = "label-model"


def vote_matrix(comments: Sequence[Comment], scheme: LabelScheme,
                lfs: Sequence[LabelingFunction] = LABELING_FUNCTIONS) -> np.ndarray:
    """The (comments x functions) matrix of label ids, -1 where a function abstains.

    Votes for labels outside the scheme count as abstentions.
    """
    ids = scheme.label2id
    matrix = np.full((len(comments), len(lfs)), ABSTAIN, dtype=int)
    for i, comment in enumerate(comments):
        for j, lf in enumerate(lfs):
            matrix[i, j] = ids.get(lf(comment), ABSTAIN)
    return matrix


def aggregate(matrix: np.ndarray, scheme: LabelScheme, method: str = Method.majority, seed: int = 0) -> np.ndarray:
    """Label probabilities per row, from snorkel's majority vote or its learned LabelModel."""
    from snorkel.labeling.model import LabelModel, MajorityLabelVoter

    cardinality = len(scheme.labels)
    if method == Method.majority:
        return MajorityLabelVoter(cardinality=cardinality).predict_proba(matrix)
    if method == Method.label_model:
        model = LabelModel(cardinality=cardinality, verbose=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # scipy dtype notice inside snorkel
            model.fit(matrix, n_epochs=500, lr=0.01, seed=seed, progress_bar=False)
            return model.predict_proba(matrix)
    raise ValueError(f"unknown aggregation method {method!r} (use 'majority' or 'label-model')")


def decide(votes: np.ndarray, probabilities: np.ndarray, scheme: LabelScheme) -> tuple[str | None, float | None]:
    """One row's label: an override vote wins, then the most probable label, ties by precedence."""
    voted = {scheme.labels[v] for v in votes if v != ABSTAIN}
    if not voted:
        return None, None
    for label in OVERRIDES:
        if label in voted:
            return label, float(probabilities[scheme.label2id[label]])
    best = probabilities.max()
    tied = [scheme.labels[i] for i in np.flatnonzero(np.isclose(probabilities, best))]
    label = min(tied, key=scheme.precedence.index)
    return label, float(best)


def label_comments(comments: Sequence[Comment], scheme: LabelScheme | None = None, method: str = Method.majority,
                   gold: dict[str, str] | None = None, seed: int = 0, hand_labels: bool = True,
                   matrix: np.ndarray | None = None) -> list[Comment]:
    """Label every comment: hand labels (in ``gold`` or already on the record) win,
    then the aggregated rules. A comment that no rule covers stays unlabelled (``label`` None):
    abstaining is not evidence for any label, so training skips it.

    With ``hand_labels=False`` every comment gets the rules' label (for evaluating the rules).
    ``matrix`` is the comments' :func:`vote_matrix`, when already computed.
    """
    scheme = scheme or LabelScheme()
    gold = gold or {}
    if not hand_labels:
        gold, comments = {}, [replace(c, label=None, label_source=None) for c in comments]
    if matrix is None:
        matrix = vote_matrix(comments, scheme)
    probabilities = aggregate(matrix, scheme, method, seed) if len(comments) else np.zeros((0, len(scheme.labels)))
    labelled = []
    for comment, votes, probs in zip(comments, matrix, probabilities):
        if comment.id in gold:
            labelled.append(replace(comment, label=scheme.check(gold[comment.id], f"gold label for {comment.id}"),
                                    label_source="gold", confidence=1.0))
        elif comment.label and comment.label_source in HAND_SOURCES:
            labelled.append(comment)
        else:
            label, confidence = decide(votes, probs, scheme)
            source = f"rules:{method}" if label else None
            labelled.append(replace(comment, label=label, label_source=source, confidence=confidence))
    return labelled
