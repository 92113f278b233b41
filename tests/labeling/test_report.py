import math

from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.aggregate import labeling_functions, vote_matrix
from training.labeling.report import rule_summary


def says_troll(c):
    return "troll_accusation" if "troll" in c.text else None


def says_doubt(c):
    return "sceptical" if "doubt" in c.text else None


def never(c):
    return None


COMMENTS = [Comment(id=str(i), thread_id="t", text=text) for i, text in enumerate(
    ["you troll", "troll farms in the news", "I doubt it", "I doubt you, troll", "fine"])]
GOLD = ["troll_accusation", "other", "sceptical", None, None]


def test_rows_are_the_functions_given_with_snorkel_columns():
    scheme = LabelScheme()
    lfs = labeling_functions(scheme, [says_doubt, says_troll, never])
    summary = rule_summary(vote_matrix(COMMENTS, lfs), lfs, scheme, GOLD)
    assert list(summary.index) == ["says_doubt", "says_troll", "never"]
    assert list(summary.columns) == ["label", "coverage", "overlaps", "conflicts", "correct", "incorrect", "accuracy"]
    troll = summary.loc["says_troll"]
    assert troll["label"] == "troll_accusation" and troll["coverage"] == 0.6
    assert (troll["overlaps"], troll["conflicts"]) == (0.2, 0.2)
    assert (troll["correct"], troll["incorrect"], troll["accuracy"]) == (1, 1, 0.5)  # on gold rows only
    assert summary.loc["says_doubt", "accuracy"] == 1.0
    assert summary.loc["never", "label"] == "-" and math.isnan(summary.loc["never", "accuracy"])


def test_without_gold_there_are_no_accuracy_columns():
    scheme = LabelScheme()
    lfs = labeling_functions(scheme, [says_troll])
    summary = rule_summary(vote_matrix(COMMENTS, lfs), lfs, scheme, [None] * len(COMMENTS))
    assert list(summary.columns) == ["label", "coverage", "overlaps", "conflicts"]
