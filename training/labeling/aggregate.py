"""Turning labelling-function votes into one label per comment, with a confidence."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.rules import RULES, Rule

if TYPE_CHECKING:
    from snorkel.labeling import LabelingFunction

ABSTAIN = -1
HAND_SOURCES = {"gold", "import", "annotation"}


class Method(StrEnum):
    """How votes become one label: snorkel's majority vote or its learned LabelModel."""

    majority = "majority"
    label_model = "label-model"


def labeling_functions(scheme: LabelScheme, rules: Sequence[Rule] = RULES) -> list[LabelingFunction]:
    """The rules as snorkel labelling functions voting ``scheme``'s label ids.

    A vote for a label outside the scheme counts as an abstention.
    """
    from snorkel.labeling import LabelingFunction

    return [LabelingFunction(rule.__name__, _vote, resources={"rule": rule, "ids": scheme.label2id})
            for rule in rules]


def _vote(comment: Comment, rule: Rule, ids: dict[str, int]) -> int:
    return ids.get(rule(comment), ABSTAIN)


def vote_matrix(comments: Sequence[Comment], lfs: Sequence[LabelingFunction]) -> np.ndarray:
    """The (comments x functions) matrix of label ids, -1 where a function abstains (snorkel's LFApplier)."""
    from snorkel.labeling import LFApplier

    return LFApplier(list(lfs)).apply(list(comments), progress_bar=False)


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
    """One row's label: a vote for one of the scheme's overrides wins, then the most probable label,
    ties by precedence."""
    voted = {scheme.labels[v] for v in votes if v != ABSTAIN}
    if not voted:
        return None, None
    for label in scheme.overrides:
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
        matrix = vote_matrix(comments, labeling_functions(scheme))
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
