"""Hostile models, options and inputs for scoring: a usage error or one located error line, never a
traceback, never a silently wrong result; resumes never mix runs."""

import json
import os
import stat

import numpy as np
import pytest

from classifier.errors import InputError
from classifier.io import read_rows
from classifier.modeling import load_classifier, make_readable, save_classifier
from classifier.predict import StanceClassifier
from tests.conftest import input_error, stance, usage_error


def write_dump(path, n: int = 30, bad: dict | None = None):
    """A JSONL dump of ``n`` comments; ``bad`` maps line numbers to raw lines to put there."""
    lines = [json.dumps({"id": f"c{i}", "thread_id": f"t{i // 5}", "text": f"comment number {i}, about the dam"})
             for i in range(n)]
    for line, raw in (bad or {}).items():
        lines[line - 1] = raw
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def dump(tmp_path):
    return write_dump(tmp_path / "dump.jsonl")


# --- incomplete or damaged models: refused before any input is read -------------------------------

def _no_tokenizer(model):
    (model / "tokenizer.json").unlink()


def _truncated_weights(model):
    with open(model / "model.safetensors", "r+b") as handle:
        handle.truncate(model.joinpath("model.safetensors").stat().st_size // 2)


def _no_weights(model):
    (model / "model.safetensors").unlink()


def _no_head(model):
    (model / "head.safetensors").unlink()


def _label_count_mismatch(model):
    config = json.loads((model / "config.json").read_text())
    config["id2label"] = {"0": "a", "1": "b", "2": "c"}
    config["label2id"] = {"a": 0, "b": 1, "c": 2}
    (model / "config.json").write_text(json.dumps(config))


def _pooling_mismatch(model):
    config = json.loads((model / "config.json").read_text())
    config["stance_pooling"] = "mean"  # the head was trained on segment pooling: twice the features
    (model / "config.json").write_text(json.dumps(config))


def _config_not_json(model):
    (model / "config.json").write_text("{ not json")


def _model_info(model, content):
    """Overwrite stance_model.json: with raw text, or with the fields in a dict changed."""
    path = model / "stance_model.json"
    if isinstance(content, dict):
        content = json.dumps(json.loads(path.read_text()) | content)
    path.write_text(content)


@pytest.mark.parametrize("damage,where,message", [
    (_no_tokenizer, "", "no tokenizer (tokenizer.json or vocab.txt)"),
    (_truncated_weights, "/model.safetensors", "damaged or truncated weights"),
    (_no_weights, "", "no weights (model.safetensors)"),
    (_no_head, "", "no weights (head.safetensors)"),
    (_label_count_mismatch, "/config.json", "names 3 labels but the weights in head.safetensors have a head for 4"),
    (_pooling_mismatch, "/config.json", "asks for mean pooling (32 features) but the head in head.safetensors reads 64"),
    (_config_not_json, "/config.json", "not a model configuration"),
    (lambda m: (m / "tokenizer.json").write_text("{"), "", "cannot load the tokenizer"),
    (lambda m: _model_info(m, "garbage{"), "/stance_model.json", "damaged (Expecting value"),
    (lambda m: _model_info(m, "[]"), "/stance_model.json", "damaged (not a JSON object)"),
    (lambda m: _model_info(m, {"max_length": 0}), "/stance_model.json", "max_length must be a whole number"),
    (lambda m: _model_info(m, {"max_length": "abc"}), "/stance_model.json", "max_length must be a whole number"),
    (lambda m: _model_info(m, {"temperature": 0}), "/stance_model.json", "temperature must be a positive number"),
    (lambda m: _model_info(m, {"temperature": -1}), "/stance_model.json", "temperature must be a positive number"),
    (lambda m: _model_info(m, {"temperature": "hot"}), "/stance_model.json", "temperature must be a positive"),
    (lambda m: (m / "runtime.json").write_text('{"passed": "turbo"}'), "/runtime.json",
     "damaged ('passed' is a string, not a list of runtimes)"),
    (lambda m: (m / "runtime.json").write_text('{"passed": ["onnx-int8", "torch"]}'), "/onnx/model_int8.onnx",
     "is missing, though runtime.json lists onnx-int8 as checked"),
])
def test_damaged_model_is_refused_before_reading_input(model_copy, tmp_path, damage, where, message):
    damage(model_copy)
    result = stance("score", model_copy, tmp_path / "missing.jsonl", "-o", tmp_path / "out.jsonl")
    assert input_error(result).startswith(f"{model_copy}{where}: {message}")


def test_corrupt_onnx_file_is_named(model_copy, dump, tmp_path):
    (model_copy / "onnx").mkdir()
    (model_copy / "onnx" / "model.onnx").write_bytes(b"\x08\x07 not a protobuf" * 10)
    result = stance("score", model_copy, dump, "-o", tmp_path / "out.jsonl", "--runtime", "onnx")
    assert input_error(result).startswith(f"{model_copy}/onnx/model.onnx: not a readable ONNX model")
    assert "\n" not in str(result.exception)


def test_onnx_file_for_another_label_count_is_refused(untrained_model, model_copy, tmp_path):
    from classifier.exporters.onnx import export_onnx

    _label_count_mismatch(model_copy)
    (model_copy / "model.safetensors").unlink()
    os.link(untrained_model / "model.safetensors", model_copy / "model.safetensors")
    with pytest.raises(InputError, match="names 3 labels"):
        export_onnx(model_copy)


# --- options: ranges and choices checked up front ---------------------------------------------------

@pytest.mark.parametrize("option,value,expected", [
    ("--batch-size", "-5", "Invalid value for '--batch-size': Input should be greater than or equal to 1"),
    ("--batch-size", "0", "Invalid value for '--batch-size': Input should be greater than or equal to 1"),
    ("--batch-size", "1000000", "Invalid value for '--batch-size': Input should be less than or equal to 4096"),
    ("--chunk-size", "0", "Invalid value for '--chunk-size': Input should be greater than or equal to 1"),
    ("--threads", "0", "Invalid value for '--threads': Input should be greater than or equal to 1"),
    ("--threshold", "1.5", "Invalid value for '--threshold': 1.5 is not a probability between 0 and 1"),
    ("--threshold", "nan", "Invalid value for '--threshold': nan is not a probability between 0 and 1"),
    ("--runtime", "foo", "'foo' is not one of 'auto', 'torch', 'torch-bf16', 'onnx', 'onnx-int8'"),
    ("--engine", "foo", "'foo' is not one of 'local', 'ray'"),
    ("--on-error", "maybe", "'maybe' is not one of 'fail', 'skip'"),
])
def test_bad_option_values_are_usage_errors(untrained_model, dump, tmp_path, option, value, expected):
    result = stance("score", untrained_model, dump, "-o", tmp_path / "out.jsonl", option, value)
    assert expected in usage_error(result)
    assert not list(tmp_path.glob("out*")) and not list(tmp_path.glob(".out*"))


@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_score_never_overwrites_its_input(untrained_model, dump, tmp_path, option):
    before = dump.read_bytes()
    paths = ["-o", tmp_path / "out.jsonl", option, dump] if option == "--rejects" else ["-o", dump]
    result = stance("score", untrained_model, dump, *paths)
    assert input_error(result) == f"{dump}: is an input; writing it ({option}) would destroy it"
    assert dump.read_bytes() == before


def test_library_refuses_threads_below_one_and_takes_one_path(untrained_model, dump, tmp_path):
    with pytest.raises(ValueError, match="threads must be at least 1, not 0"):
        StanceClassifier.load(untrained_model, threads=0)
    summary = StanceClassifier.load(untrained_model).score_file(str(dump), tmp_path / "out.jsonl", progress=False)
    assert summary.scored == 30


def test_the_api_refuses_empty_comments_and_none_as_the_cli_does(untrained_model):
    classifier = StanceClassifier.load(untrained_model)
    with pytest.raises(ValueError, match="comment 1 is empty"):
        classifier.predict(["fine", "  "])
    with pytest.raises(TypeError, match="not None"):
        classifier.predict(None)


def test_export_refuses_a_sample_without_comments(model_copy, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    before = {p.name for p in model_copy.iterdir()}
    assert input_error(stance("export", model_copy, "--sample", empty)) == (
        f"{empty}: no comments to check the runtimes on (--sample)")
    assert {p.name for p in model_copy.iterdir()} == before


def test_the_ray_engine_without_ray_says_how_to_install_it(untrained_model, dump, tmp_path, monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else find_spec(name, *a))
    result = stance("score", untrained_model, dump, "-o", tmp_path / "out", "--engine", "ray")
    assert "Invalid value for --engine: Ray is not installed: pip install 'stance[ray]'" in usage_error(result)


def test_library_refuses_the_same_values(untrained_model, dump, tmp_path):
    with pytest.raises(ValueError, match="batch_size must be between 1 and 4096, not 0"):
        StanceClassifier.load(untrained_model, batch_size=0)
    classifier = StanceClassifier.load(untrained_model)
    for bad in (1.5, float("nan"), -0.1):
        with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
            classifier.score_file([dump], tmp_path / "out.jsonl", threshold=bad, progress=False)
    with pytest.raises(ValueError, match="chunk_size must be at least 1"):
        classifier.score_file([dump], tmp_path / "out.jsonl", chunk_size=0, progress=False)
    with pytest.raises(ValueError, match="unknown runtime 'foo'"):
        StanceClassifier.load(untrained_model, runtime="foo")


# --- output paths: checked before the model is loaded or anything is scored ------------------------

@pytest.mark.parametrize("args,where,message", [
    (["-o", "out.txt"], "out.txt", "output must end in .jsonl, .csv or .parquet"),
    (["-o", "out.jsonl", "--rejects", "out.jsonl"], "out.jsonl",
     "the rejects file (--rejects) must differ from the output (-o)"),
    (["-o", "out.jsonl", "--rejects", "bad.txt"], "bad.txt", "rejects must end in .jsonl"),
    (["-o", "folder.jsonl"], "folder.jsonl", "is a folder, not a file"),
    (["-o", "file.jsonl/out.jsonl"], "file.jsonl/out.jsonl", "cannot write under"),
])
def test_bad_outputs_are_refused_before_scoring(untrained_model, dump, tmp_path, args, where, message):
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "file.jsonl").write_text("")
    args = [tmp_path / a if a.endswith((".txt", ".jsonl")) else a for a in args]
    result = stance("score", untrained_model / "missing", dump, *args)  # a missing model: checked later
    assert input_error(result).startswith(f"{tmp_path / where}: {message}")
    assert ".merging" not in str(result.exception)
    assert not list(tmp_path.glob("*.parts")) and not (tmp_path / "out.jsonl").exists()


def test_rejects_never_replace_the_scores(untrained_model, tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", bad={3: json.dumps({"id": "e", "text": ""})})
    out = tmp_path / "out.jsonl"
    assert input_error(stance("score", untrained_model, dump, "-o", out, "--rejects", out, "--on-error", "skip"))
    assert not out.exists()


# --- bad input rows: fail with one line, or skip them into the rejects file ------------------------

def test_bad_rows_fail_the_run_or_are_skipped_with_reasons(untrained_model, tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", bad={4: json.dumps({"id": "empty", "text": ""}),
                                                    9: json.dumps({"id": "long", "text": "x" * 500})})
    out = tmp_path / "out.jsonl"
    result = stance("score", untrained_model, dump, "-o", out, "--max-chars", 100, "--no-progress")
    assert input_error(result) == f"{dump}:4: empty comment"
    assert not out.exists() and not (tmp_path / "out.jsonl.parts").exists()
    result = stance("score", untrained_model, dump, "-o", out, "--max-chars", 100, "--no-progress",
                    "--on-error", "skip", "--chunk-size", 7)
    assert result.exit_code == 0, result.output
    assert "read 30 = scored 28 + rejected 2" in result.output
    rejects = [row for _, row in read_rows(tmp_path / "out.rejects.jsonl")]
    assert [(r["id"], r["reason"]) for r in rejects] == [
        ("empty", "empty comment"), ("long", "comment too long (500 characters, limit 100)")]
    assert len([row for _, row in read_rows(out)]) == 28


def test_lone_surrogate_is_a_reject(untrained_model, tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", bad={2: '{"id": "s", "text": "bad \\ud800 here"}'})
    out = tmp_path / "out.jsonl"
    classifier = StanceClassifier.load(untrained_model)
    summary = classifier.score_file([dump], out, on_error="skip", progress=False)
    assert (summary.read, summary.scored, summary.rejected) == (30, 29, 1)
    with pytest.raises(InputError, match=f"{dump}:2: "):
        classifier.score_file([dump], tmp_path / "other.jsonl", progress=False)


# --- resume safety ---------------------------------------------------------------------------------

class Crash(Exception):
    """Stands for a kill: nothing is cleaned up."""


def crash_after(classifier, chunks: int):
    """Make ``classifier`` die while scoring chunk ``chunks + 1``."""
    score, calls = classifier.score, []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) > chunks:
            raise Crash
        return score(*args, **kwargs)

    classifier.score = dying
    return classifier


def test_resume_needs_the_same_settings_and_says_which_differ(untrained_model, dump, tmp_path):
    from classifier.extract import ExtractOptions

    out = tmp_path / "out.jsonl"
    with pytest.raises(Crash):
        crash_after(StanceClassifier.load(untrained_model), 2).score_file([dump], out, chunk_size=10, progress=False)
    parts = tmp_path / "out.jsonl.parts"
    assert len(list(parts.glob("scores-*.jsonl"))) == 2
    classifier = StanceClassifier.load(untrained_model)
    for settings, difference in [
        (dict(chunk_size=5), "chunk_size: 10 then, 5 now"),
        (dict(chunk_size=10, threshold=0.5), "threshold: None then, 0.5 now"),
        (dict(chunk_size=10, options=ExtractOptions(max_chars=99)), "options.max_chars: 20000 then, 99 now"),
        (dict(chunk_size=10, on_error="skip"), "on_error: 'fail' then, 'skip' now"),
    ]:
        with pytest.raises(InputError) as error:
            classifier.score_file([dump], out, progress=False, **settings)
        assert difference in str(error.value) and f"rm -r '{parts}'" in str(error.value)
    batched = StanceClassifier.load(untrained_model, batch_size=4)
    with pytest.raises(InputError, match="batch_size: 16 then, 4 now"):
        batched.score_file([dump], out, chunk_size=10, progress=False)
    classifier.temperature = 2.0  # calibrated in between ('stance evaluate --calibrate')
    with pytest.raises(InputError, match="temperature: 1.0 then, 2.0 now"):
        classifier.score_file([dump], out, chunk_size=10, progress=False)
    classifier.temperature = 1.0
    write_dump(dump, 31)
    with pytest.raises(InputError, match="inputs: .* \\(or their size or time changed\\)"):
        classifier.score_file([dump], out, chunk_size=10, progress=False)


def test_resume_with_the_same_settings_finishes_the_run(untrained_model, dump, tmp_path):
    out, reference = tmp_path / "out.jsonl", tmp_path / "reference.jsonl"
    StanceClassifier.load(untrained_model).score_file([dump], reference, chunk_size=7, progress=False)
    with pytest.raises(Crash):
        crash_after(StanceClassifier.load(untrained_model), 2).score_file([dump], out, chunk_size=7, progress=False)
    summary = StanceClassifier.load(untrained_model).score_file([dump], out, chunk_size=7, progress=False)
    assert summary.resumed_from == 14 and summary.read == 30
    assert out.read_text() == reference.read_text()
    assert not list(tmp_path.glob("*.parts")) and not list(tmp_path.glob(".out.jsonl.parts*"))


def test_a_parts_folder_without_manifest_is_never_merged(untrained_model, dump, tmp_path):
    """What a kill during the old cleanup left: chunks of an earlier run, the manifest already gone."""
    out = tmp_path / "out.jsonl"
    parts = tmp_path / "out.jsonl.parts"
    parts.mkdir()
    (parts / "scores-000001.jsonl").write_text(json.dumps({"id": "stale"}) + "\n")
    with pytest.raises(InputError, match="no readable manifest.json"):
        StanceClassifier.load(untrained_model).score_file([dump], out, progress=False)


def test_a_kill_during_cleanup_leaves_nothing_a_rerun_would_read(untrained_model, dump, tmp_path, monkeypatch):
    import shutil

    out = tmp_path / "out.jsonl"
    real_rmtree = shutil.rmtree

    def killed(path, *args, **kwargs):  # the kill lands after the first file is gone
        next(p for p in sorted(path.iterdir())).unlink()
        raise Crash

    monkeypatch.setattr(shutil, "rmtree", killed)
    with pytest.raises(Crash):
        StanceClassifier.load(untrained_model).score_file([dump], out, chunk_size=4, progress=False)
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    assert not (tmp_path / "out.jsonl.parts").exists()
    summary = StanceClassifier.load(untrained_model).score_file([dump], out, chunk_size=7, progress=False)
    ids = [row["id"] for _, row in read_rows(out)]
    assert summary.resumed_from == 0 and ids == [f"c{i}" for i in range(30)]
    assert not list(tmp_path.glob(".out.jsonl.parts*"))


def test_a_failed_run_leaves_nothing_that_blocks_the_rerun(untrained_model, tmp_path):
    dump = write_dump(tmp_path / "dump.jsonl", bad={25: json.dumps({"id": "e", "text": " "})})
    out = tmp_path / "out.jsonl"
    classifier = StanceClassifier.load(untrained_model)
    with pytest.raises(InputError, match="dump.jsonl:25: empty comment"):
        classifier.score_file([dump], out, chunk_size=5, progress=False)
    assert not list(tmp_path.glob("*.parts")) and not list(tmp_path.glob(".out*"))
    write_dump(dump)  # fixed
    assert classifier.score_file([dump], out, chunk_size=5, progress=False).scored == 30


# --- the library API --------------------------------------------------------------------------------

def test_empty_and_single_string_inputs(untrained_model):
    classifier = StanceClassifier.load(untrained_model)
    assert classifier.predict([]) == [] and classifier.score([]) == []
    assert classifier.predict_proba([]).shape == (0, 4)
    [one] = classifier.predict("Says the troll.", parents="How is the weather, Ivan?")
    [same] = classifier.predict(["Says the troll."], parents=["How is the weather, Ivan?"])
    assert one.label == same.label and one.scores == pytest.approx(same.scores, abs=1e-6)
    assert len(classifier.predict("a string")) == 1
    with pytest.raises(TypeError, match="comment 1 or its context is not text"):
        classifier.predict(["fine", 42])


def test_saved_files_are_readable_by_others(untrained_model, tmp_path):
    save_classifier(load_classifier(untrained_model), tmp_path / "m")
    make_readable(tmp_path / "m")
    umask = os.umask(0)
    os.umask(umask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "m").iterdir()}
    assert modes == dict.fromkeys(["config.json", "model.safetensors", "head.safetensors"], 0o666 & ~umask)


def test_probabilities_are_finite_for_every_runtime_shape(untrained_model):
    texts = ["x", "a much longer comment " * 40, "medium length comment here"]
    probabilities = StanceClassifier.load(untrained_model).predict_proba(texts, ["p", None, "p " * 100])
    assert np.isfinite(probabilities).all() and np.allclose(probabilities.sum(1), 1, atol=1e-5)
