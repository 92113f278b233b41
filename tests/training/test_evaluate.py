import json
import shutil

import pytest

from classifier.predict import StanceClassifier
from tests.conftest import DEMO, demo_comments
from training.evaluate import Result, calibrate, expected_calibration_error, fit_label_bias, gold_ids, split_for
from training.labeling.gold import read_gold


def copied_model_and_demo_split(tiny_model, tmp_path):
    """A copy of the tiny model (calibration writes into it), the gold demo comments split by its
    threads, and the model loaded for fp32 scoring."""
    model = shutil.copytree(tiny_model, tmp_path / "model")
    gold = read_gold(DEMO / "gold.csv")
    comments = demo_comments()
    for comment in comments:
        comment.label = gold[comment.id]
    return model, split_for(comments, model), StanceClassifier.load(model, runtime="torch")


@pytest.mark.slow
def test_calibration_reports_the_test_ece_of_the_probabilities_before_and_after_scaling(tiny_model, tmp_path):
    model, parts, classifier = copied_model_and_demo_split(tiny_model, tmp_path)
    result = calibrate(classifier, parts["dev"], parts["test"], model)

    assert json.loads((model / "stance_model.json").read_text())["temperature"] == result["temperature"] != 1.0
    texts, contexts = [c.text for c in parts["test"]], [c.context for c in parts["test"]]
    test_gold = gold_ids(parts["test"], classifier.labels, "gold")
    after = expected_calibration_error(classifier.predict_proba(texts, contexts), test_gold)
    classifier.temperature = 1.0
    before = expected_calibration_error(classifier.predict_proba(texts, contexts), test_gold)
    assert (result["ece_before"], result["ece_after"]) == pytest.approx((before, after), abs=1e-6)


@pytest.mark.slow
def test_logits_computed_once_by_the_caller_are_the_ones_evaluated_and_calibrated(tiny_model, tmp_path):
    import numpy as np

    from training.evaluate import model_result

    model, parts, classifier = copied_model_and_demo_split(tiny_model, tmp_path)
    test_gold = gold_ids(parts["test"], classifier.labels, "gold")
    oracle = np.eye(len(classifier.labels), dtype=np.float32)[test_gold]
    assert model_result(classifier, parts["test"], oracle).accuracy == 1.0
    assert model_result(classifier, parts["test"]).accuracy < 1.0  # the untrained model's own logits

    uniform = np.zeros_like(oracle)
    result = calibrate(classifier, parts["dev"], parts["test"], model, test_logits=uniform)
    flat = np.full_like(oracle, 1 / len(classifier.labels))
    assert result["ece_before"] == pytest.approx(expected_calibration_error(flat, test_gold))


def test_a_label_absent_from_gold_has_no_f1_even_where_it_was_predicted():
    labels = ("supportive", "sceptical", "troll_accusation", "other")
    result = Result("model", ["supportive", "other"], ["troll_accusation", "other"], labels)
    assert result.f1("troll_accusation") is None and result.f1("other") == 1.0 and result.f1("supportive") == 0.0


def test_the_label_bias_gives_the_mean_predicted_probabilities_the_mix_asked_for():
    import numpy as np
    from scipy.special import softmax

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(400, 4)) * 2 + [0.0, 2.0, 0.0, -1.0]  # leans towards the second label
    mix = np.array([0.3, 0.45, 0.05, 0.2])
    bias = fit_label_bias(logits, mix * 100)  # counts or shares alike
    np.testing.assert_allclose(softmax(logits + bias, axis=1).mean(axis=0), mix, atol=1e-4)
    assert bias.sum() == pytest.approx(0.0, abs=1e-9) and bias[1] < bias[0]


def test_a_label_absent_from_the_mix_gets_no_bias():
    import numpy as np

    logits = np.random.default_rng(1).normal(size=(50, 3))
    assert fit_label_bias(logits, np.array([5.0, 0.0, 5.0]))[1] == 0.0
