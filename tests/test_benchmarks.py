import importlib.util
import json
import math
import sys
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, demo_comments


def load_benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_real_quality_runs_every_seed_on_the_same_threads_and_reports_their_mean_and_ensemble(tiny_backbone, tmp_path):
    from training.labeling.gold import read_gold

    real_quality = load_benchmark("real_quality")
    gold = read_gold(ROOT / "data" / "demo" / "gold.csv")
    comments = demo_comments()
    for comment in comments:
        comment.label, comment.label_source = gold[comment.id], "gold"
    args = Namespace(model=str(tiny_backbone), epochs=1, batch_size=16, max_length=64, seed=42, init_seeds=[42, 5], test_size=0.15,
                     class_weights=False, bf16=None, layer_decay=1.0, label_bias=True, dev_size=0.15, train_share=1.0, weight={})
    metrics, markdown = real_quality.run_seeds(comments, comments, tmp_path, args)

    held_out = [json.loads((tmp_path / f"seed-{s}" / "split.json").read_text())["threads"]["test"] for s in (42, 5)]
    assert held_out[0] == held_out[1]
    runs = [metrics["seeds"][s]["macro_f1"] for s in ("42", "5")]
    assert metrics["seeds_mean"]["macro_f1"] == pytest.approx(sum(runs) / 2)
    assert metrics["systems"]["model"]["macro_f1"] == pytest.approx(runs[0])
    assert "| mean ± sd |" in markdown and "ensemble (mean of probabilities)" in markdown


def fixed_runs(test, probabilities_by_seed):
    """A stand-in for real_quality.run: each seed's fixed probabilities, scored against ``test``."""
    from classifier.labels import DEFAULT_LABELS
    from training.evaluate import Evaluation, Result

    gold = [c.label for c in test]

    def run(train_set, test_set, out_dir, args, init_seed):
        probs = np.array(probabilities_by_seed[init_seed])
        predicted = [DEFAULT_LABELS[i] for i in probs.argmax(axis=1)]
        results = [Result(name, gold, predicted, DEFAULT_LABELS) for name in ("model", "tfidf+lr", "rules")]
        return Evaluation(test, results), probs, 10.0 + init_seed

    return run


def test_run_seeds_ensembles_the_mean_probabilities_and_has_no_troll_f1_without_accusations_in_gold(monkeypatch):
    real_quality = load_benchmark("real_quality")
    test = demo_comments()[:3]
    for comment, label in zip(test, ("supportive", "sceptical", "other")):
        comment.label = label
    # seed 1 gets one comment right (and calls the last an accusation), seed 2 two; their mean all three
    by_seed = {1: [[0.9, 0.1, 0, 0], [0.6, 0.4, 0, 0], [0, 0.3, 0.6, 0.1]],
               2: [[0.4, 0.6, 0, 0], [0.1, 0.9, 0, 0], [0, 0.1, 0, 0.9]]}
    monkeypatch.setattr(real_quality, "run", fixed_runs(test, by_seed))

    metrics, markdown = real_quality.run_seeds(test, test, Path("unused"), Namespace(init_seeds=[1, 2]))

    runs = [metrics["seeds"][s]["macro_f1"] for s in ("1", "2")]
    assert metrics["ensemble"]["macro_f1"] > max(runs)
    assert metrics["seed"] == 1 and metrics["train_seconds"] == 11.0
    assert math.isnan(metrics["seeds"]["1"]["troll_f1"]) and math.isnan(metrics["seeds_mean"]["troll_f1"])
    assert math.isnan(metrics["troll_f1"])  # the first seed's, for the leave-one-source-out table
    assert "| 1 | " in markdown and "| – |" in markdown and "0.000" not in markdown.split("The first seed")[0]


def test_run_seeds_with_one_seed_reports_that_run_alone(monkeypatch):
    real_quality = load_benchmark("real_quality")
    test = demo_comments()[:2]
    for comment in test:
        comment.label = "other"
    monkeypatch.setattr(real_quality, "run", fixed_runs(test, {7: [[0, 0, 0, 1], [1, 0, 0, 0]]}))

    metrics, markdown = real_quality.run_seeds(test, test, Path("unused"), Namespace(init_seeds=[7]))

    assert "seeds" not in metrics and "ensemble" not in metrics and metrics["seed"] == 7
    assert "mean ± sd" not in markdown


def test_real_quality_refuses_a_seed_given_twice(monkeypatch, capsys):
    real_quality = load_benchmark("real_quality")
    monkeypatch.setattr(sys, "argv", ["real_quality.py", "--init-seeds", "42", "43", "42"])
    with pytest.raises(SystemExit):
        real_quality.main()
    assert "a seed given twice" in capsys.readouterr().err


def test_real_shares_keep_a_share_of_each_real_pool_and_the_demo_corpus_whole():
    real_quality = load_benchmark("real_quality")
    comments = demo_comments()[:3]
    for comment, dataset in zip(comments, ("civil", "cmv", "demo")):
        comment.dataset = dataset

    assert real_quality.real_shares(comments, 0.5) == {"civil": 0.5, "cmv": 0.5}
    assert real_quality.real_shares(comments, 1.0) == {}
    assert real_quality.source_weights(comments, 0.5, {"cmv": 2.0, "demo": 3.0}) == {"civil": 0.5, "cmv": 1.0, "demo": 3.0}
    assert real_quality.source_weights(comments, 1.0, {"cmv": 2.0}) == {"cmv": 2.0}


@pytest.mark.parametrize("argv, named", [(["--train-share", "1.5"], "--train-share 1.5"),
                                         (["--weight", "civil"], "--weight: bad mapping entry 'civil'"),
                                         (["--weight", "civil=lots"], "--weight: could not convert"),
                                         (["--train-share", "0.5", "--add", "x.jsonl"], "--train-share with --add")])
def test_real_quality_refuses_a_bad_train_share_or_weight(monkeypatch, capsys, argv, named):
    real_quality = load_benchmark("real_quality")
    monkeypatch.setattr(sys, "argv", ["real_quality.py", *argv])
    with pytest.raises(SystemExit):
        real_quality.main()
    assert named in capsys.readouterr().err


def test_real_quality_adds_a_file_to_every_training_set_and_never_tests_on_it(monkeypatch, tmp_path):
    from classifier.io import write_records

    real_quality = load_benchmark("real_quality")
    comments = demo_comments()[:6]
    for comment, dataset in zip(comments, ("civil_comments_unlabelled", "reddit_goemotions", "createdebate_argmin2016",
                                           None, None, "demo")):  # the added file's records take its stem
        comment.dataset, comment.label, comment.label_source = dataset, "other", "gold"
    write_records(tmp_path / "real.jsonl", comments[:3])
    write_records(tmp_path / "rumoureval.jsonl", comments[3:5])
    monkeypatch.setattr(real_quality, "demo_labelled", lambda: comments[5:])
    calls = []

    def recorded(train_set, test_set, out_dir, args):
        calls.append((out_dir.name, {c.dataset for c in train_set}, {c.dataset for c in test_set}))
        return {"comments": len(test_set), "seed": 42, "troll_f1": math.nan, "train_seconds": 1.0,
                "systems": {name: {"macro_f1": 0.5} for name in ("model", "tfidf+lr", "rules")}}, "table"

    monkeypatch.setattr(real_quality, "run_seeds", recorded)
    monkeypatch.setattr(sys, "argv", ["real_quality.py", "--real", str(tmp_path / "real.jsonl"), "--out", str(tmp_path / "out"),
                                      "--add", str(tmp_path / "rumoureval.jsonl"), "--only", "main", "debate"])
    real_quality.main()

    assert [name for name, _, _ in calls] == ["main", "without-debate"]
    assert all({"rumoureval", "demo"} <= train for _, train, _ in calls)
    assert not any(test & {"rumoureval", "demo"} for _, _, test in calls)
    assert calls[1][1] == {"civil_comments_unlabelled", "reddit_goemotions", "rumoureval", "demo"}
    assert calls[1][2] == {"createdebate_argmin2016"}
    report = json.loads((tmp_path / "out" / "real_quality.json").read_text())
    assert report["added"] == [str(tmp_path / "rumoureval.jsonl")]
    assert "trained on data/real + demo + rumoureval.jsonl" in (tmp_path / "out" / "real_quality.md").read_text()
