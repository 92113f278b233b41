import pytest

from classifier.io import read_rows
from classifier.predict import StanceClassifier
from tests.conftest import demo_dumps


@pytest.mark.slow
def test_ray_engine_matches_the_local_engine(tiny_model, tmp_path):
    ray = pytest.importorskip("ray")
    from classifier.engines.ray import score_with_ray

    inputs = demo_dumps()[:2]
    local = tmp_path / "local.jsonl"
    StanceClassifier.load(tiny_model, runtime="torch").score_file(inputs, local, progress=False)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        scored, rejected = score_with_ray(tiny_model, inputs, tmp_path / "ray_out", runtime="torch", batch_size=64)
        table = ray.data.read_parquet(str(tmp_path / "ray_out")).to_pandas()
    finally:
        ray.shutdown()
    expected = {row["id"]: row["label"] for _, row in read_rows(local)}
    assert scored == len(expected) and rejected == 0
    assert dict(zip(table["id"], table["label"])) == expected
