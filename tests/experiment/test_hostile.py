"""Hostile experiment inputs: cyclic reply graphs, bad policy files, gold labels from training threads."""

import json
import resource
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from classifier.cli import app
from classifier.errors import InputError
from classifier.experiment.policy import load_policy
from classifier.experiment.report import Experiment
from classifier.experiment.threads import accusation_chains, reply_depths, thread_table
from classifier.labels import LabelScheme
from classifier.io import write_records
from classifier.records import Comment

LABELS = ["supportive", "sceptical", "troll_accusation", "other"]
IDS = [f"c{i}" for i in range(8)]


def scored(id, parent, label="troll_accusation", thread="t", p=0.9, model=None):
    scores = {l: (p if l == label else (1 - p) / 3) for l in LABELS}
    return Comment(id=id, thread_id=thread, text=f"comment {id}", label=label, scores=scores, parent_id=parent,
                   position=int(id[1:]) if id[1:].isdigit() else 0, model=model)


@st.composite
def reply_graphs(draw):
    """Comments with arbitrary parents: cycles, self-loops, missing and repeated ids, several threads."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=12))
    return [scored(id, draw(st.none() | st.sampled_from(IDS)), draw(st.sampled_from(LABELS[1:3])),
                   draw(st.sampled_from(["t", "u"]))) for id in ids]


@settings(max_examples=300, deadline=None)
@given(reply_graphs())
def test_chains_and_depths_terminate_on_any_reply_graph(comments):
    accusing = {c.id for c in comments if c.label == "troll_accusation"}
    for chain in accusation_chains(comments, LabelScheme()):
        assert len(chain) >= 2 and len({c.id for c in chain}) == len(chain)  # no comment twice
        assert all(c.id in accusing for c in chain)
        assert all(child.parent_id == parent.id for parent, child in zip(chain, chain[1:]))
    depths = reply_depths(comments)
    assert set(depths) == {c.id for c in comments}
    assert all(0 <= depth < len(depths) for depth in depths.values())
    assert len(thread_table(comments, LabelScheme())) == len({c.thread_id for c in comments})
    experiment = Experiment(comments, LABELS, {c.id: c.label for c in comments})
    assert experiment.threads["longest_chain"].max() == max(map(len, experiment.chains), default=0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.none() | st.sampled_from(IDS), min_size=len(IDS), max_size=len(IDS)))
def test_depths_follow_parents_where_the_graph_is_a_tree(parents):
    comments = [scored(id, parent) for id, parent in zip(IDS, parents)]
    depths = reply_depths(comments)
    for comment in comments:
        ancestors, current = set(), comment.parent_id
        while current is not None and current not in ancestors:
            ancestors.add(current)
            current = dict(zip(IDS, parents))[current]
        if current is None:  # no cycle above this comment
            assert depths[comment.id] == len(ancestors)


def test_chain_through_a_cycle_stops():
    comments = [scored("c1", "c2"), scored("c2", "c3"), scored("c3", "c2"), scored("c4", "c4"), scored("c5", "c4")]
    chains = accusation_chains(comments, LabelScheme())
    assert [[c.id for c in chain] for chain in chains] == [["c3", "c2", "c1"], ["c4", "c5"]]


def _limit_memory():
    """A loop that grows without end fails fast instead of filling the machine."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = 4 << 30 if hard == resource.RLIM_INFINITY else min(hard, 4 << 30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def test_experiment_on_cyclic_scores_finishes(tmp_path):
    scores = tmp_path / "scores.jsonl"
    write_records(scores, [scored("c1", "c2"), scored("c2", "c1"), scored("c3", "c2"), scored("c4", "c4"),
                           scored("c5", "c4")])
    proc = subprocess.run([sys.executable, "-m", "classifier", "experiment", str(scores), "-o", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)
    assert proc.returncode == 0, proc.stderr
    assert "5 comments, 1 threads" in proc.stdout


@pytest.mark.parametrize("content,message", [
    (b"- flag\n- hide\n", "a policy is a mapping with 'rules:', found a list"),
    (b"just words\n", "a policy is a mapping with 'rules:', found a string"),
    (b"rules: 5\n", "'rules:' must be a list of rules, found a number"),
    (b"rules: {action: hide}\n", "'rules:' must be a list of rules, found an object"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file"),
    (b"rules: [\n", "not valid YAML"),
])
def test_policy_files_that_are_not_policies(tmp_path, content, message):
    path = tmp_path / "policy.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}(:\d+)?: {message}"):
        load_policy(path, LABELS)


def test_policy_that_is_a_folder(tmp_path):
    with pytest.raises(InputError, match=rf"^{tmp_path}: cannot read policy"):
        load_policy(tmp_path, LABELS)


# --- gold labels from the model's training threads never measure it --------------------------------------------


def model_dir(path, name="model", version="abc123"):
    path.mkdir(parents=True)
    (path / "stance_model.json").write_text(json.dumps({"name": name, "version": version}))
    (path / "split.json").write_text(json.dumps({"threads": {"train": ["train"], "dev": ["dev"], "test": ["test"]}}))
    return path


@pytest.fixture
def scored_run(tmp_path):
    """Accusations flagged in a training, a dev, a held-out and an unseen thread; only the training and dev
    ones are right, so all gold gives precision 0.5 and held-out gold 0."""
    comments = [scored(f"c{i}", None, thread=thread, model="model@abc123+model_int8")
                for i, thread in enumerate(["train", "train", "dev", "test", "unseen"])]
    comments.append(scored("c9", None, "supportive", "test", model="model@abc123+model_int8"))
    scores = tmp_path / "scores.jsonl"
    write_records(scores, comments)
    gold = tmp_path / "gold.csv"
    gold.write_text("id,label\nc0,troll_accusation\nc1,troll_accusation\nc2,troll_accusation\n"
                    "c3,sceptical\nc4,other\nc9,supportive\n")
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules:\n  - {action: hide, label: troll_accusation, min_probability: 0.5}\n")
    return scores, gold, policy


def run_experiment(*args):
    result = CliRunner().invoke(app, ["experiment", *map(str, args)])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def page_text(report) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup((report / "report.html").read_text(encoding="utf-8"), "html.parser").get_text()


def check_honest(report, model):
    summary = json.loads((report / "summary.json").read_text())
    assert summary["gold_labels"] == 3 and summary["gold_in_training"] == 3
    assert summary["gold_split"] == f"threads {model} was not trained on (its test split and unseen threads)"
    policy = (report / "policy.csv").read_text().splitlines()
    assert policy[0].split(",")[-3:] == ["wrong", "precision", "missed"]
    assert policy[1].split(",")[-4:] == ["0", "2", "0.0", "0"]  # c3 and c4 are wrong; c0-c2 are not counted
    page = page_text(report)
    assert "3 gold labels from threads" in page and "3 gold labels in its training threads" in page
    assert page.count("(training thread, not counted)") == 3


def test_model_next_to_the_scores_is_found_and_training_gold_is_not_counted(tmp_path, scored_run):
    scores, gold, policy = scored_run
    model = model_dir(tmp_path / "model")
    run_experiment(scores, "--gold", gold, "--policy", policy, "-o", tmp_path / "report")
    check_honest(tmp_path / "report", model)


def test_model_given_as_an_option(tmp_path, scored_run):
    scores, gold, policy = scored_run
    model = model_dir(tmp_path / "elsewhere" / "model")
    output = run_experiment(scores, "--gold", gold, "--policy", policy, "-o", tmp_path / "report", "--model", model)
    check_honest(tmp_path / "report", model)
    assert output.splitlines()[-1].startswith("3 gold labels from threads")


def test_other_model_version_is_refused(tmp_path, scored_run):
    scores, gold, policy = scored_run
    model = model_dir(tmp_path / "model", version="fff000")
    result = CliRunner().invoke(app, ["experiment", str(scores), "--gold", str(gold), "-o", str(tmp_path / "r"),
                                      "--model", str(model)])
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (f"{model}: this is model@fff000, but the scores come from model@abc123")


def test_unknown_model_says_so(tmp_path, scored_run):
    scores, gold, policy = scored_run
    output = run_experiment(scores, "--gold", gold, "--policy", policy, "-o", tmp_path / "report")
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["gold_labels"] == 6 and summary["gold_split"] == "unknown"
    assert "the model's training threads may be among them" in output
    assert "the model's training threads may be among them" in page_text(tmp_path / "report")


@pytest.mark.parametrize("rule, message", [
    ("{action: hide, label: other, min_prob: 0.5}",
     "rule 2: needs action, label and min_probability and nothing else \\(found action, label, min_prob\\)"),
    ("{action: hide, label: other, min_probability: true}", "rule 2: min_probability must be a number"),
    ("{action: [hide, flag], label: other, min_probability: 0.5}", "rule 2: action and label must be names"),
    ("hide other", "rule 2: needs action, label and min_probability and nothing else \\(found a string\\)"),
])
def test_a_bad_rule_is_named_with_its_line(tmp_path, rule, message):
    path = tmp_path / "policy.yaml"
    path.write_text(f"rules:\n  - {{action: flag, label: other, min_probability: 0.9}}\n  - {rule}\n")
    with pytest.raises(InputError, match=rf"^{path}:3: {message}"):
        load_policy(path, LABELS)


PROBABILITIES = {"p_supportive": 0.1, "p_sceptical": 0.1, "p_troll_accusation": 0.1, "p_other": 0.7}


@pytest.mark.parametrize("row, message", [
    ({"p_supportive": 0.2, "p_sceptical": 0.3, "p_troll_accusation": 0.5},
     "probabilities for supportive, sceptical, troll_accusation, where the first row has"),
    ({**PROBABILITIES, "p_other": None}, "probabilities for supportive, sceptical, troll_accusation, where"),
    ({**PROBABILITIES, "p_sceptical": 1.5, "p_other": -0.8}, "p_sceptical is 1.5, not a probability"),
    ({**PROBABILITIES, "p_other": 0.2}, "the p_ columns sum to 0.500, not 1"),
    ({**PROBABILITIES, "label": "banana"}, "label 'banana' is none of the scored labels"),
])
def test_scores_that_are_not_probabilities_are_named_by_line(tmp_path, row, message):
    from classifier.scoring import read_scores

    first = {"id": "1", "thread_id": "t", "text": "a", "label": "other", **PROBABILITIES}
    second = {"id": "2", "thread_id": "t", "text": "b", "label": "other", **row}
    path = tmp_path / "scores.jsonl"
    path.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n")
    with pytest.raises(InputError, match=rf"^{path}:2: {message}"):
        read_scores([path])
