import importlib.util
import json
from argparse import Namespace

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
    args = Namespace(model=str(tiny_backbone), epochs=1, seed=42, init_seeds=[42, 5], test_size=0.15,
                     class_weights=False)
    metrics, markdown = real_quality.run_seeds(comments, comments, tmp_path, args)

    held_out = [json.loads((tmp_path / f"seed-{s}" / "split.json").read_text())["threads"]["test"] for s in (42, 5)]
    assert held_out[0] == held_out[1]
    runs = [metrics["seeds"][s]["macro_f1"] for s in ("42", "5")]
    assert metrics["seeds_mean"]["macro_f1"] == pytest.approx(sum(runs) / 2)
    assert metrics["systems"]["model"]["macro_f1"] == pytest.approx(runs[0])
    assert 0 <= metrics["ensemble"]["macro_f1"] <= 1
    assert "| mean ± sd |" in markdown and "ensemble (mean of probabilities)" in markdown
