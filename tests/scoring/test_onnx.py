import json
import shutil

import numpy as np
import pytest

from classifier.engines.runtimes import bf16_supported
from classifier.predict import StanceClassifier
from tests.conftest import demo_comments


@pytest.mark.slow
def test_export_checks_every_runtime_and_defaults_to_a_faithful_one(tiny_model, tmp_path):
    from classifier.exporters.onnx import export_onnx

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    comments = demo_comments()[:150]
    texts, contexts = [c.text for c in comments], [c.context for c in comments]
    report = export_onnx(model, int8=True, texts=texts, contexts=contexts)
    assert report.path == model / "onnx" / "model.onnx" and (model / "onnx" / "model_int8.onnx").exists()
    checks = {check.runtime: check for check in report.checks}
    assert set(checks) == {"torch", "onnx", "onnx-int8"} | ({"torch-bf16"} if bf16_supported() else set())
    assert checks["onnx"].passed and checks["onnx"].max_change < 1e-3  # fp32: the same function
    passed = json.loads((model / "runtime.json").read_text())["passed"]
    assert passed and all(checks[runtime].passed for runtime in passed)
    assert [checks[r].comments_per_second for r in passed] == sorted((checks[r].comments_per_second for r in passed),
                                                                    reverse=True)
    default = StanceClassifier.load(model)
    assert default.runtime == report.default == passed[0]

    # Checked again here, not trusting the report: the default agrees with fp32 torch and gives
    # every comment the same probabilities alone, in a batch and in a large chunk.
    reference = StanceClassifier.load(model, runtime="torch").predict_proba(texts, contexts)
    together = default.predict_proba(texts, contexts)
    alone = np.concatenate([default.predict_proba(t, c) for t, c in zip(texts[:40], contexts[:40])])
    assert np.mean(together.argmax(1) == reference.argmax(1)) >= 0.99
    assert (alone.argmax(1) == together[:40].argmax(1)).all() and np.abs(alone - together[:40]).max() < 0.02


def test_model_files_of_an_export_are_readable_by_others(untrained_model, tmp_path):
    import os
    import stat

    from classifier.exporters.onnx import export_onnx

    model = shutil.copytree(untrained_model, tmp_path / "model")
    export_onnx(model)
    umask = os.umask(0)
    os.umask(umask)
    written = [model / "runtime.json", *(model / "onnx").iterdir()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o666 & ~umask}
    assert json.loads((model / "runtime.json").read_text())["passed"]  # 4 examples: fp32 runtimes only
    assert set(json.loads((model / "runtime.json").read_text())["passed"]) <= {"torch", "onnx"}
