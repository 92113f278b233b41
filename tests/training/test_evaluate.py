import json
import shutil

import pytest

from classifier.predict import StanceClassifier
from tests.conftest import DEMO, demo_comments
from training.evaluate import Result, calibrate, expected_calibration_error, gold_ids, split_for
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
