import numpy as np
import pytest

from classifier.errors import InputError
from classifier.labels import LabelScheme
from classifier.records import Comment
from training.labeling.aggregate import aggregate, decide, label_comments, labeling_functions, vote_matrix
from training.labeling.gold import read_gold
from training.labeling.report import per_class_scores
from training.labeling.rules import RULES
from tests.conftest import demo_comments

COMMENTS = [
    Comment(id="1", thread_id="t", text="Great point, well said."),
    Comment(id="2", thread_id="t", text="That's nonsense, there is no evidence for it."),
    Comment(id="3", thread_id="t", text="Says the troll. That's nonsense."),
    Comment(id="4", thread_id="t", text="The hall is on Mill Street."),
    Comment(id="5", thread_id="t", text="Exactly.", parent_text="That's nonsense."),
]


def test_labels_confidences_and_troll_precedence():
    labelled = label_comments(COMMENTS)
    assert [c.label for c in labelled] == ["supportive", "sceptical", "troll_accusation", None, "sceptical"]
    assert labelled[2].label_source == "rules:majority"
    assert labelled[3].label_source is None and labelled[3].confidence is None  # abstain means unlabelled
    assert all(0 < c.confidence <= 1 for c in labelled if c.confidence is not None)


@pytest.mark.parametrize("method", ["majority", "label-model"])
def test_only_covered_comments_get_rule_labels(method):
    comments = demo_comments()
    matrix = vote_matrix(comments, labeling_functions(LabelScheme()))
    labelled = label_comments(comments, method=method, hand_labels=False, matrix=matrix)
    covered = (matrix != -1).any(axis=1)
    assert [c.label is not None for c in labelled] == list(covered)
    troll = LabelScheme().label2id["troll_accusation"]
    assert all(c.label == "troll_accusation" for c, votes in zip(labelled, matrix) if troll in votes)


def test_hand_labels_always_win():
    marked = Comment(id="6", thread_id="t", text="Great news.", label="sceptical", label_source="annotation")
    labelled = label_comments([*COMMENTS, marked], gold={"1": "other"})
    assert (labelled[0].label, labelled[0].label_source) == ("other", "gold")
    assert labelled[-1].label == "sceptical"
    rules_only = label_comments([*COMMENTS, marked], gold={"1": "other"}, hand_labels=False)
    assert rules_only[0].label == "supportive" and rules_only[-1].label == "supportive"


def test_unknown_gold_label_is_refused():
    with pytest.raises(ValueError, match="unknown gold label for 1 'angry'"):
        label_comments(COMMENTS, gold={"1": "angry"})


def test_custom_scheme_drops_votes_for_missing_labels():
    scheme = LabelScheme(labels=("sceptical", "neutral"), precedence=("sceptical", "neutral"), fallback="neutral")
    matrix = vote_matrix(COMMENTS, labeling_functions(scheme))
    assert matrix.shape == (5, len(RULES))
    assert set(matrix.ravel()) <= {-1, 0, 1}
    assert [c.label for c in label_comments(COMMENTS, scheme)] == [None, "sceptical", "sceptical",
                                                                   None, "sceptical"]


def test_scheme_from_yaml(tmp_path):
    config = tmp_path / "labels.yaml"
    config.write_text("labels: [pro, contra, none]\nprecedence: [contra, pro, none]\nfallback: none\n")
    scheme = LabelScheme.load(config)
    assert scheme.labels == ("pro", "contra", "none") and scheme.fallback == "none"


def _decide(scheme, *labels):
    votes = np.array([[scheme.label2id[label] for label in labels]])
    return decide(votes[0], aggregate(votes, scheme)[0], scheme)[0]


def test_overrides_and_precedence_come_from_the_scheme():
    default = LabelScheme()
    assert _decide(default, "troll_accusation", "sceptical", "sceptical") == "troll_accusation"
    assert _decide(LabelScheme(overrides=()), "troll_accusation", "sceptical", "sceptical") == "sceptical"
    assert _decide(LabelScheme(overrides=("supportive",)), "supportive", "sceptical", "sceptical") == "supportive"
    assert _decide(default, "supportive", "sceptical") == "sceptical"  # a tie goes by precedence
    reordered = LabelScheme(precedence=("supportive", "sceptical", "troll_accusation", "other"), overrides=())
    assert _decide(reordered, "supportive", "sceptical") == "supportive"


def test_scheme_defaults_follow_its_labels():
    custom = LabelScheme(labels=("pro", "contra", "none"))
    assert (custom.precedence, custom.overrides, custom.fallback) == (("pro", "contra", "none"), (), "none")
    mixed = LabelScheme(labels=("other", "troll_accusation", "sceptical", "meta"))
    assert mixed.precedence == ("troll_accusation", "sceptical", "other", "meta")
    assert mixed.overrides == ("troll_accusation",) and mixed.fallback == "meta"


@pytest.mark.parametrize("kwargs, message", [
    ({"labels": ("a",)}, "at least two distinct"),
    ({"labels": ("a", "a")}, "at least two distinct"),
    ({"labels": ("a", "b"), "precedence": ("a",)}, "precedence must name every label once"),
    ({"labels": ("a", "b"), "overrides": ("c",)}, r"not in the scheme: \['c'\]"),
    ({"labels": ("a", "b"), "fallback": "z"}, r"not in the scheme: \['z'\]"),
])
def test_scheme_is_validated_when_built(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LabelScheme(**kwargs)


def test_bad_yaml_scheme_names_the_file(tmp_path):
    config = tmp_path / "labels.yaml"
    config.write_text("labels: [pro, contra]\noverrides: [troll_accusation]\n")
    with pytest.raises(InputError, match=r"labels.yaml: bad label scheme: .*\['troll_accusation'\]"):
        LabelScheme.load(config)
    config.write_text("labels: [pro, contra]\noverrides: [contra]\n")
    assert LabelScheme.load(config).overrides == ("contra",)


@pytest.mark.parametrize("content, message", [
    (b"labels: abc\n", "'labels:' must be a list of label names, found a string"),
    (b"labels: [pro, 3]\n", "'labels:' must be a list of label names, found a list"),
    ("labels: [pro, contra]\n# caf\u00e9\n".encode("latin-1"), "not a text file \\(not valid UTF-8\\): a label scheme is YAML"),
])
def test_a_label_scheme_file_that_is_no_scheme_is_named(tmp_path, content, message):
    path = tmp_path / "labels.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}: {message}"):
        LabelScheme.load(path)
