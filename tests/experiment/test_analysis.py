import math

import pytest

from classifier.errors import InputError
from classifier.experiment.policy import load_policy, simulate
from classifier.experiment.sweep import threshold_for_precision, threshold_sweep
from classifier.experiment.threads import accusation_chains, reply_depths, thread_table
from classifier.labels import LabelScheme
from classifier.records import Comment

LABELS = ["supportive", "sceptical", "troll_accusation", "other"]


def scored(id, thread, label, p, parent=None, position=1):
    scores = {l: (p if l == label else (1 - p) / 3) for l in LABELS}
    return Comment(id=id, thread_id=thread, text=f"comment {id}", label=label, scores=scores,
                   parent_id=parent, position=position)


COMMENTS = [
    scored("a1", "a", "supportive", 0.9, position=1),
    scored("a2", "a", "troll_accusation", 0.95, "a1", 2),
    scored("a3", "a", "troll_accusation", 0.6, "a2", 3),      # retort
    scored("a4", "a", "troll_accusation", 0.8, "a3", 4),      # accusation again
    scored("a5", "a", "sceptical", 0.7, "a1", 5),
    scored("b1", "b", "other", 0.9, position=1),
    scored("b2", "b", "sceptical", 0.55, position=2),
]
GOLD = {"a1": "supportive", "a2": "troll_accusation", "a3": "troll_accusation", "a4": "sceptical",
        "a5": "sceptical", "b1": "other", "b2": "supportive"}


def test_sweep_counts_precision_and_recall():
    sweep = threshold_sweep(COMMENTS, LABELS, GOLD, thresholds=[0.5, 0.7, 0.9])
    troll = sweep[sweep.label == "troll_accusation"].set_index("threshold")
    assert troll.loc[0.5, "flagged"] == 3 and troll.loc[0.9, "flagged"] == 1
    assert troll.loc[0.5, "precision"] == pytest.approx(2 / 3) and troll.loc[0.5, "recall"] == 1.0
    assert troll.loc[0.7, "precision"] == pytest.approx(0.5) and troll.loc[0.7, "recall"] == 0.5
    assert troll.loc[0.9, "precision"] == 1.0 and troll.loc[0.5, "share"] == pytest.approx(3 / 7)
    assert threshold_for_precision(sweep, "troll_accusation", 0.9) == 0.9
    assert threshold_for_precision(sweep, "sceptical", 0.99) == 0.7  # b2 (gold supportive) drops out
    assert threshold_for_precision(sweep[sweep.threshold < 0.9], "troll_accusation", 0.9) is None
    assert "precision" not in threshold_sweep(COMMENTS, LABELS)  # without gold: volumes only


def test_accusation_chains_follow_replies():
    [chain] = accusation_chains(COMMENTS, LabelScheme())
    assert [c.id for c in chain] == ["a2", "a3", "a4"]
    assert reply_depths(COMMENTS[:5]) == {"a1": 0, "a2": 1, "a3": 2, "a4": 3, "a5": 1}


def test_thread_table_heat_and_first_accusation():
    table = thread_table(COMMENTS, LabelScheme()).set_index("thread_id")
    assert table.loc["a", "heat"] == pytest.approx(4 / 5)  # three accusations and one sceptical reply
    assert table.loc["b", "heat"] == 0.0  # the sceptical comment is top level
    assert table.loc["a", "first_accusation"] == 2 and table.loc["b", "first_accusation"] is pd_na()
    assert table.loc["a", "longest_chain"] == 3 and list(table.index) == ["a", "b"]


def pd_na():
    import pandas as pd

    return pd.NA


def test_policy_first_matching_rule_acts(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("rules:\n  - {action: hide, label: troll_accusation, min_probability: 0.85}\n"
                    "  - {action: review, label: troll_accusation, min_probability: 0.5}\n"
                    "  - {action: review, label: sceptical, min_probability: 0.6}\n")
    rules = load_policy(path, LABELS)
    table = simulate(COMMENTS, rules, GOLD).set_index(["action", "label"])
    assert table.loc[("hide", "troll_accusation"), "comments"] == 1
    assert table.loc[("review", "troll_accusation"), ["comments", "correct", "wrong"]].tolist() == [2, 1, 1]
    assert table.loc[("review", "sceptical"), "comments"] == 1
    assert table.loc[("review", "sceptical"), "missed"] == 0  # a4 (gold sceptical) was taken by another rule
    assert math.isclose(table.loc[("hide", "troll_accusation"), "share"], 1 / 7)


@pytest.mark.parametrize("text,message", [
    ("rules:\n  - {action: hide, label: angry, min_probability: 0.5}\n", "unknown label 'angry'"),
    ("rules:\n  - {action: hide, label: other}\n", "rule 1: needs action, label and min_probability"),
    ("rules: []\n", "at least one rule"),
])
def test_bad_policies_are_explained(tmp_path, text, message):
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_policy(path, LABELS)


def test_threads_follow_a_custom_scheme():
    scheme = LabelScheme(labels=("pro", "contra", "accuses"), overrides=("accuses",),
                         precedence=("accuses", "contra", "pro"))
    rename = {"supportive": "pro", "sceptical": "contra", "troll_accusation": "accuses", "other": "pro"}
    custom = [Comment(id=c.id, thread_id=c.thread_id, text=c.text, label=rename[c.label], parent_id=c.parent_id,
                      position=c.position) for c in COMMENTS]
    [chain] = accusation_chains(custom, scheme)
    assert [c.id for c in chain] == ["a2", "a3", "a4"]
    table = thread_table(custom, scheme).set_index("thread_id")
    assert table.loc["a", "heat"] == pytest.approx(4 / 5) and table.loc["a", "first_accusation"] == 2
    assert {"pro", "contra", "accuses"} <= set(table.columns)
