import pytest
from transformers import TrainingArguments

from classifier.modeling import load_backbone
from training.optim import FineTuner, layers_below_top

LABELS = ("supportive", "sceptical", "troll_accusation", "other")


def test_layers_are_counted_down_from_the_top_layer_to_the_embeddings():
    names = ["encoder.embeddings.word_embeddings.weight", "encoder.encoder.layer.0.attention.self.query.weight",
             "encoder.encoder.layer.1.output.dense.bias", "encoder.encoder.layer.10.output.dense.bias",
             "classifier.weight", "model.layers.2.mlp.up_proj.weight"]
    assert list(layers_below_top(names).values()) == [11, 10, 9, 0, 0, 8]


def test_a_backbone_without_numbered_layers_learns_at_one_rate_throughout():
    assert layers_below_top(["embeddings.weight", "dense.weight", "head.bias"]) == {
        "embeddings.weight": 0, "dense.weight": 0, "head.bias": 0}


def optimizer_of(model, layer_decay, tmp_path):
    args = TrainingArguments(output_dir=str(tmp_path), learning_rate=1e-3, weight_decay=0.01, use_cpu=True,
                             report_to=[])
    return FineTuner(model=model, args=args, layer_decay=layer_decay).create_optimizer()


def rates_by_parameter(model, optimizer) -> dict[str, tuple[float, float]]:
    group_of = {id(p): (group["lr"], group["weight_decay"])
                for group in optimizer.param_groups for p in group["params"]}
    return {name: group_of[id(p)] for name, p in model.named_parameters()}


def test_each_layer_down_learns_at_the_decay_times_the_rate_above(tiny_backbone, tmp_path):
    _, model = load_backbone(str(tiny_backbone), LABELS)  # 2 layers
    optimizer = optimizer_of(model, 0.5, tmp_path)
    rates = rates_by_parameter(model, optimizer)
    assert sum(len(g["params"]) for g in optimizer.param_groups) == len(list(model.parameters()))  # each once
    assert rates["classifier.weight"] == (1e-3, 0.01)
    assert rates["encoder.encoder.layer.1.attention.self.query.weight"] == (1e-3, 0.01)
    assert rates["encoder.encoder.layer.0.attention.self.query.weight"] == (5e-4, 0.01)
    assert rates["encoder.embeddings.word_embeddings.weight"] == (2.5e-4, 0.01)
    assert rates["encoder.encoder.layer.0.attention.self.query.bias"] == (5e-4, 0.0)  # no decay on biases
    assert rates["encoder.embeddings.LayerNorm.weight"] == (2.5e-4, 0.0)  # nor on layer norms


def test_a_decay_of_one_is_the_trainers_own_optimizer(tiny_backbone, tmp_path):
    _, model = load_backbone(str(tiny_backbone), LABELS)
    optimizer = optimizer_of(model, 1.0, tmp_path)
    assert {group["lr"] for group in optimizer.param_groups} == {1e-3}
    assert len(optimizer.param_groups) == 2  # with and without weight decay


@pytest.mark.parametrize("layer_decay", [0.0, -0.5, 1.5])
def test_a_decay_outside_zero_to_one_is_refused(layer_decay):
    from training.args import TrainingArgs

    with pytest.raises(ValueError, match="--layer-decay"):
        TrainingArgs(layer_decay=layer_decay)


@pytest.mark.slow
def test_training_with_layer_decay_saves_a_model_that_records_it(tiny_backbone, tmp_path):
    import json
    import math

    from tests.conftest import demo_comments
    from training.args import TrainingArgs
    from training.trainer import train

    comments = demo_comments()[:40]
    for comment, label in zip(comments, LABELS * 10):
        comment.label, comment.label_source = label, "gold"
    out = tmp_path / "model"
    metrics = train(comments, out, TrainingArgs(model=str(tiny_backbone), epochs=1, max_length=64, layer_decay=0.5))
    assert math.isfinite(metrics["train_loss"])
    assert json.loads((out / "training_args.json").read_text())["layer_decay"] == 0.5
    assert "| layer_decay | 0.5 |" in (out / "README.md").read_text()
