import shutil

import numpy as np
import pytest

from classifier.predict import StanceClassifier
from tests.conftest import demo_comments


@pytest.mark.slow
def test_onnx_int8_export_agrees_with_torch(tiny_model, tmp_path):
    from classifier.exporters.onnx import export_onnx

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    comments = demo_comments()[:60]
    report = export_onnx(model, int8=True, texts=[c.text for c in comments], contexts=[c.context for c in comments])
    assert report.path == model / "onnx" / "model_int8.onnx" and report.path.exists()
    assert report.sample == 60 and report.agreement >= 0.9
    onnx = StanceClassifier.load(model)  # 'auto' picks the exported model
    assert onnx.engine == "onnx" and onnx.name.endswith("+model_int8")
    torch_probs = StanceClassifier.load(model, engine="torch").predict_proba(["Says the troll."])
    assert np.abs(onnx.predict_proba(["Says the troll."]) - torch_probs).max() < 0.1
