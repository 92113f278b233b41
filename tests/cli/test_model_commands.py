"""train, evaluate, export, score and experiment from the command line, on the tiny backbone."""

import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.io import read_rows
from tests.conftest import DEMO, demo_dumps

runner = CliRunner()


def stance(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


@pytest.mark.slow
def test_the_whole_pipeline(tiny_backbone, tmp_path):
    comments, labelled, model = tmp_path / "comments.jsonl", tmp_path / "labelled.parquet", tmp_path / "model"
    stance("extract", *demo_dumps(), "-o", comments)
    stance("label", comments, "--gold", DEMO / "gold.csv", "-o", labelled)
    out = stance("train", labelled, "-o", model, "--model", tiny_backbone, "--epochs", 2, "--lr", "2e-3",
                 "--batch-size", 32, "--max-length", 64, "--seed", 7, "--fp32")
    assert "dev macro-F1" in out and "with the label bias" in out and (model / "model.safetensors").exists()
    saved_args = json.loads((model / "training_args.json").read_text())
    assert saved_args["seed"] == 7 and saved_args["bf16"] is False

    out = stance("evaluate", model, labelled, "--calibrate")
    for expected in ("held-out threads", "macro avg", "tfidf+lr", "rules", "confusion matrix", "test ECE"):
        assert expected in out
    assert (model / "eval" / "confusion_matrix.png").exists()
    held_out = [row for _, row in read_rows(model / "eval" / "test_comments.jsonl")]
    test_threads = set(json.loads((model / "split.json").read_text())["threads"]["test"])
    assert held_out and {row["thread_id"] for row in held_out} == test_threads and all(row["label"] for row in held_out)
    assert f"{len(held_out)} test comments" in out
    assert "temperature" in json.loads((model / "stance_model.json").read_text())

    out = stance("export", model, "--onnx", "--int8", "--sample", comments, "--sample-size", 50)
    assert "labels agree with torch on" in out

    scores = tmp_path / "scores.csv"
    out = stance("score", model, *demo_dumps()[:3], "-o", scores, "--no-progress", "--threshold", "0.3")
    assert json.loads((model / "runtime.json").read_text())["passed"][0] in out and "rejected 0" in out
    rows = [row for _, row in read_rows(scores)]
    assert {"id", "thread_id", "label", "p_troll_accusation", "model"} <= set(rows[0])

    report = tmp_path / "report"
    out = stance("experiment", scores, "--gold", DEMO / "gold.csv", "--policy", DEMO / "policy.yaml", "-o", report,
                 "--target-precision", "0.8")
    assert (report / "report.html").exists() and (report / "policy.csv").exists()
    held = tmp_path / "held"
    stance("experiment", scores, "-o", held, "--heldout", model)
    summary = json.loads((held / "summary.json").read_text())
    assert summary["threads"] == len(set(json.loads((model / "split.json").read_text())["threads"]["test"])
                                     & {r["thread_id"] for r in rows})


@pytest.mark.slow
def test_the_whole_pipeline_on_a_custom_three_label_scheme_with_the_backbones_own_head(tiny_backbone, tmp_path):
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text("labels: [pro, contra, accuses]\nprecedence: [accuses, contra, pro]\noverrides: [accuses]\n")
    rename = {"supportive": "pro", "sceptical": "contra", "troll_accusation": "accuses", "other": "pro"}
    gold = tmp_path / "gold.csv"
    gold.write_text("id,label\n" + "".join(f"{row['id']},{rename[row['label']]}\n"
                                           for _, row in read_rows(DEMO / "gold.csv")))
    comments, labelled, model = tmp_path / "comments.jsonl", tmp_path / "labelled.jsonl", tmp_path / "model"
    stance("extract", *demo_dumps(), "-o", comments)
    stance("label", comments, "--gold", gold, "--labels", scheme, "-o", labelled)
    stance("train", labelled, "-o", model, "--model", tiny_backbone, "--epochs", 2, "--lr", "2e-3",
           "--batch-size", 32, "--max-length", 64, "--labels", scheme, "--pooling", "cls", "--no-label-bias")
    assert "label_bias" not in json.loads((model / "metrics.json").read_text())
    config = json.loads((model / "config.json").read_text())
    assert config["id2label"] == {"0": "pro", "1": "contra", "2": "accuses"}
    assert config["architectures"] == ["BertForSequenceClassification"] and not (model / "head.safetensors").exists()
    assert "accuses" in stance("evaluate", model, labelled)
    scores = tmp_path / "scores.jsonl"
    stance("score", model, comments, "-o", scores, "--no-progress")
    report = tmp_path / "report"
    stance("experiment", scores, "--gold", gold, "--labels", scheme, "-o", report)
    summary = json.loads((report / "summary.json").read_text())
    assert set(summary["threshold_for_target_precision"]) == {"pro", "contra", "accuses"}
    assert "accuses" in (report / "report.html").read_text()
