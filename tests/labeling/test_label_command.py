"""``stance label`` from the command line: thread splits, method choice and the rule report."""

import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.io import write_records
from classifier.records import Comment
from training.args import TrainingArgs
from training.data import thread_split

runner = CliRunner()


def stance(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "comments.jsonl"
    write_records(path, [Comment(id=f"c{i}", thread_id=f"t{i // 2}", text="Paid troll alert",
                                 label="troll_accusation", label_source="gold") for i in range(80)])
    return path


def labelled_ids(path):
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


@pytest.mark.parametrize("split, seed", [("train", 42), ("test", 42), ("test", 7)])
def test_split_keeps_the_threads_of_that_hashed_split(records, tmp_path, split, seed):
    out = tmp_path / "out.jsonl"
    result = stance("label", records, "--split", split, "--split-seed", seed, "-o", out)
    assert result.exit_code == 0, result.output
    defaults = TrainingArgs()
    expected = [f"c{i}" for i in range(80)
                if thread_split(f"t{i // 2}", defaults.dev_size, defaults.test_size, seed) == split]
    assert 0 < len(expected) < 80 and labelled_ids(out) == expected


def test_default_split_is_all_and_seed_defaults_to_training(records, tmp_path):
    out, test = tmp_path / "out.jsonl", tmp_path / "test.jsonl"
    assert stance("label", records, "-o", out).exit_code == 0
    assert len(labelled_ids(out)) == 80
    assert stance("label", records, "--split", "test", "-o", test).exit_code == 0
    assert stance("label", records, "--split", "test", "--split-seed", 42, "-o", out).exit_code == 0
    assert labelled_ids(test) == labelled_ids(out)


@pytest.mark.parametrize("option", [["--split", "holdout"], ["--method", "vote"]])
def test_bad_choices_are_usage_errors(records, option):
    result = stance("label", records, "--report", *option)
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_report_names_each_rule_with_its_accuracy(records):
    result = stance("label", records, "--report", "--method", "label-model")
    assert result.exit_code == 0, result.output
    for column in ["rule", "label", "coverage", "overlaps", "conflicts", "correct", "incorrect", "accuracy"]:
        assert column in result.output
    assert "lf_direct_accusation" in result.output and "rules (label-model) against 80 gold labels" in result.output
