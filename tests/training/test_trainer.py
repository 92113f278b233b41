import json
from dataclasses import replace

import numpy as np
import pytest
from transformers import TrainerCallback, TrainingArguments

from classifier.predict import StanceClassifier
from tests.conftest import demo_comments


@pytest.mark.slow
def test_training_lowers_the_loss_and_saves_a_complete_model(tiny_model):
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    history = metrics["loss_history"]
    assert len(history) >= 4 and np.mean(history[-3:]) < np.mean(history[:3])
    files = {p.name for p in tiny_model.iterdir()}
    assert {"model.safetensors", "config.json", "README.md", "training_args.json", "metrics.json",
            "split.json", "stance_model.json", "tokenizer.json"} <= files
    assert not any(name.endswith((".bin", ".pt", ".pth")) for name in files)
    assert not list(tiny_model.parent.glob(".*partial*")) and not list(tiny_model.parent.glob("*.checkpoints"))
    card = (tiny_model / "README.md").read_text()
    assert "troll_accusation" in card and "| train |" in card and "macro_f1" in card
    assert "Label bias added to the output layer's" in card and "dev_macro_f1_with_label_bias" in card
    config = json.loads((tiny_model / "config.json").read_text())
    assert config["id2label"] == {"0": "supportive", "1": "sceptical", "2": "troll_accusation", "3": "other"}


@pytest.mark.slow
def test_saved_model_reloads_and_predicts_identically(tiny_model):
    comments = demo_comments()[:12]
    texts, contexts = [c.text for c in comments], [c.context for c in comments]
    first = StanceClassifier.load(tiny_model, runtime="torch").predict_proba(texts, contexts)
    second = StanceClassifier.load(tiny_model, runtime="torch").predict_proba(texts, contexts)
    np.testing.assert_array_equal(first, second)
    assert json.loads((tiny_model / "config.json").read_text())["stance_pooling"] == "segments"
    assert json.loads((tiny_model / "stance_model.json").read_text())["pooling"] == "segments"
    card = (tiny_model / "README.md").read_text()
    assert "StanceClassifier.load" in card and "beside the mean of its context's" in card


@pytest.mark.slow
def test_a_model_with_the_backbones_own_head_loads_in_a_transformers_pipeline(tiny_backbone, tmp_path):
    from transformers import pipeline

    from training.args import TrainingArgs
    from training.trainer import train

    comments = demo_comments()[:60]
    for comment, label in zip(comments, ["supportive", "sceptical", "troll_accusation", "other"] * 15):
        comment.label, comment.label_source = label, "gold"
    out = tmp_path / "cls-model"
    train(comments, out, TrainingArgs(model=str(tiny_backbone), pooling="cls", epochs=1, max_length=64))
    assert "stance_pooling" not in json.loads((out / "config.json").read_text())
    texts, contexts = [c.text for c in comments[:12]], [c.context for c in comments[:12]]
    first = StanceClassifier.load(out, runtime="torch").predict_proba(texts, contexts)
    classify = pipeline("text-classification", model=str(out), top_k=None)
    for row, text, context in zip(first, texts, contexts):
        scores = {d["label"]: d["score"] for d in classify({"text": text, "text_pair": context or ""})}
        np.testing.assert_allclose([scores[l] for l in ["supportive", "sceptical", "troll_accusation", "other"]],
                                   row, atol=1e-5)


@pytest.mark.slow
def test_split_threads_never_overlap(tiny_model):
    threads = json.loads((tiny_model / "split.json").read_text())["threads"]
    train, dev, test = (set(threads[k]) for k in ("train", "dev", "test"))
    assert train and dev and test and not (train & dev or train & test or dev & test)


@pytest.mark.slow
def test_a_split_seed_holds_out_the_same_threads_whatever_the_seed(tiny_model, tiny_backbone, tmp_path):
    from training.args import TrainingArgs
    from training.trainer import train

    comments = demo_comments()
    for comment, label in zip(comments, ["supportive", "sceptical", "troll_accusation", "other"] * len(comments)):
        comment.label, comment.label_source = label, "gold"
    threads = {}
    for name, args in {"seed 7": TrainingArgs(seed=7), "seed 7, split 42": TrainingArgs(seed=7, split_seed=42)}.items():
        out = tmp_path / name.replace(" ", "")
        train(comments, out, replace(args, model=str(tiny_backbone), epochs=0.2, max_length=32))
        threads[name] = json.loads((out / "split.json").read_text())["threads"]
    seed_42 = json.loads((tiny_model / "split.json").read_text())["threads"]
    assert threads["seed 7, split 42"] == seed_42
    assert threads["seed 7"]["test"] != seed_42["test"]
    assert TrainingArgs(seed=7).thread_seed == 7 and TrainingArgs(seed=7, split_seed=0).thread_seed == 0


@pytest.mark.slow
@pytest.mark.parametrize("native", [True, False])
def test_mixed_precision_follows_the_machine_unless_chosen_and_is_recorded(tiny_backbone, tmp_path, monkeypatch, native):
    from training import trainer
    from training.args import TrainingArgs

    monkeypatch.setattr(trainer, "bf16_supported", lambda: native)
    chosen = []
    monkeypatch.setattr(trainer, "TrainingArguments", lambda **kw: chosen.append(kw["bf16"]) or TrainingArguments(**kw))
    comments = demo_comments()
    for comment, label in zip(comments, ["supportive", "sceptical", "troll_accusation", "other"] * len(comments)):
        comment.label, comment.label_source = label, "gold"
    tiny = TrainingArgs(model=str(tiny_backbone), epochs=0.1, max_length=32)
    for name, args in {"auto": tiny, "fp32": replace(tiny, bf16=False)}.items():
        trainer.train(comments, tmp_path / name, args)
    saved = [json.loads((tmp_path / name / "training_args.json").read_text())["bf16"] for name in ("auto", "fp32")]
    assert saved == chosen == [native, False]


def test_a_failed_save_leaves_no_model_behind(tiny_backbone, tmp_path, monkeypatch):
    from training import trainer
    from training.args import TrainingArgs

    def broken_card(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(trainer, "write_model_card", broken_card)
    comments = demo_comments()[:40]
    for c in comments:
        c.label = "other"
    out = tmp_path / "model"
    with pytest.raises(OSError, match="disk full"):
        trainer.train(comments, out, TrainingArgs(model=str(tiny_backbone), epochs=1, dev_size=0, test_size=0))
    assert not out.exists()


class Killed(Exception):
    pass


def interrupted_run(tiny_backbone, tmp_path, args):
    """Train until the first checkpoint is saved, then stop as a killed run would; the comments."""
    from transformers import TrainerCallback

    from training.trainer import train

    class KillAfterFirstCheckpoint(TrainerCallback):
        def on_save(self, args, state, control, **kwargs):
            raise Killed

    comments = demo_comments()[:120]
    for i, c in enumerate(comments):
        c.label = ["supportive", "sceptical", "troll_accusation", "other"][i % 4]
    with pytest.raises(Killed):
        train(comments, tmp_path / "model", args, callbacks=[KillAfterFirstCheckpoint()])
    assert not (tmp_path / "model").exists() and list((tmp_path / "model.checkpoints").glob("checkpoint-*"))
    return comments


def test_an_interrupted_run_resumes_from_its_checkpoint(tiny_backbone, tmp_path):
    from training.args import TrainingArgs
    from training.trainer import train

    args = TrainingArgs(model=str(tiny_backbone), epochs=3, batch_size=32, dev_size=0.2, test_size=0, resume=True)
    comments = interrupted_run(tiny_backbone, tmp_path, args)
    out = tmp_path / "model"
    metrics = train(comments, out, args)
    assert metrics["resumed_from"].startswith("checkpoint-")
    assert (out / "model.safetensors").exists() and not (tmp_path / "model.checkpoints").exists()


def test_resuming_a_checkpoint_of_another_head_names_it_instead_of_a_size_mismatch(tiny_backbone, tmp_path):
    from classifier.errors import InputError
    from training.args import TrainingArgs
    from training.trainer import train

    args = TrainingArgs(model=str(tiny_backbone), pooling="mean", epochs=3, batch_size=32, dev_size=0.2,
                        test_size=0, resume=True)
    comments = interrupted_run(tiny_backbone, tmp_path, args)
    with pytest.raises(InputError, match=r"checkpoint-\d+/model.safetensors.*another model \(classifier.weight: "
                                         r"\(4, 32\) in the checkpoint, \(4, 64\) in this run's\).*without --resume"):
        train(comments, tmp_path / "model", replace(args, pooling="segments"))


def test_only_hand_labels_and_confident_weak_labels_are_trained_on():
    from classifier.records import Comment
    from training.trainer import label_source_counts, usable_labels

    rows = [Comment(id="h", thread_id="t", text="x", label="other", label_source="gold"),
            Comment(id="w1", thread_id="t", text="x", label="sceptical", label_source="rules:majority", confidence=0.9),
            Comment(id="w2", thread_id="t", text="x", label="sceptical", label_source="rules:majority", confidence=0.4),
            Comment(id="u", thread_id="t", text="x")]
    assert [c.id for c in usable_labels(rows)] == ["h", "w1", "w2"]
    assert [c.id for c in usable_labels(rows, min_confidence=0.5)] == ["h", "w1"]
    assert label_source_counts(usable_labels(rows)) == {"hand": 1, "weak": 2}


def test_the_best_epoch_is_chosen_on_hand_labels_when_there_are_any():
    from classifier.records import Comment
    from training.trainer import hand_labels_first

    hand = Comment(id="h", thread_id="t", text="x", label="other", label_source="gold")
    weak = Comment(id="w", thread_id="t", text="x", label="sceptical", label_source="rules:majority", confidence=0.9)
    assert hand_labels_first([weak, hand]) == [hand]
    assert hand_labels_first([weak]) == [weak]


@pytest.mark.slow
def test_the_reported_dev_macro_f1_with_the_label_bias_is_the_saved_models_on_its_dev_threads(tiny_model):
    from sklearn.metrics import f1_score

    from tests.conftest import DEMO
    from training.labeling.gold import read_gold

    gold = read_gold(DEMO / "gold.csv")
    dev_threads = set(json.loads((tiny_model / "split.json").read_text())["threads"]["dev"])
    dev = [c for c in demo_comments() if c.thread_id in dev_threads]
    classify = StanceClassifier.load(tiny_model, runtime="torch")
    predicted = [p.label for p in classify.predict([c.text for c in dev], [c.context for c in dev])]
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    assert any(metrics["label_bias"].values())
    reported = metrics["dev_macro_f1_with_label_bias"]
    assert reported == pytest.approx(f1_score([gold[c.id] for c in dev], predicted, average="macro"), abs=1e-6)


def test_the_dev_metrics_are_those_of_the_kept_step_not_the_last():
    from types import SimpleNamespace

    from training.trainer import best_dev_metrics

    log = [{"loss": 1.2, "step": 10},
           {"eval_macro_f1": 0.61, "eval_loss": 0.9, "step": 10},
           {"eval_macro_f1": 0.64, "eval_loss": 0.8, "step": 20},
           {"eval_macro_f1": 0.64, "eval_loss": 0.7, "step": 30},  # a tie does not replace the kept step
           {"eval_macro_f1": 0.58, "eval_loss": 1.1, "step": 40}]
    trainer = SimpleNamespace(state=SimpleNamespace(log_history=log, best_global_step=20),
                              evaluate=lambda: pytest.fail("evaluated again although the log has the kept step"))
    assert best_dev_metrics(trainer) == {"dev_macro_f1": 0.64, "dev_loss": 0.8}
    trainer.state.best_global_step = None  # no dev evaluation logged: evaluate once
    trainer.evaluate = lambda: {"eval_macro_f1": 0.5, "epoch": 1.0}
    assert best_dev_metrics(trainer) == {"dev_macro_f1": 0.5}


class StepClock(TrainerCallback):
    """A clock that moves one second at the start of every training step, and the learning rate of each step."""

    def __init__(self):
        self.now = 0.0
        self.rates = []

    def monotonic(self) -> float:
        return self.now

    def on_step_begin(self, args, state, control, **kwargs):
        self.now += 1

    def on_step_end(self, args, state, control, lr_scheduler=None, **kwargs):
        self.rates.append(lr_scheduler.get_last_lr()[0])


def test_a_time_budget_ends_training_early_with_the_learning_rate_run_down(tiny_backbone, tmp_path, monkeypatch):
    from training import budget
    from training.args import TrainingArgs
    from training.trainer import train

    clock = StepClock()
    monkeypatch.setattr(budget, "time", clock)
    comments = demo_comments()
    for i, c in enumerate(comments):
        c.label = ["supportive", "sceptical", "troll_accusation", "other"][i % 4]
    args = TrainingArgs(model=str(tiny_backbone), epochs=3, lr=1e-3, batch_size=8, dev_size=0.2, test_size=0,
                        time_budget=20 / 60)  # twenty seconds, at a second a step: 20 of the 3 epochs' 183 steps
    metrics = train(comments, tmp_path / "model", args, callbacks=[clock])
    assert metrics["train_steps"] == len(clock.rates) == 20 and metrics["train_epochs"] < 1
    peak = clock.rates.index(max(clock.rates))  # (rates[i] is the rate set for step i + 2, after step i + 1)
    assert clock.rates[peak] > 0.9e-3 and peak < 4  # warmed up over the first steps
    assert clock.rates[-2] < 0.1e-3 and clock.rates[-1] == 0.0  # run down to zero at the last step
    assert all(later < earlier for earlier, later in zip(clock.rates[peak:], clock.rates[peak + 1:]))
    assert json.loads((tmp_path / "model" / "training_args.json").read_text())["time_budget"] == 20 / 60
    assert "20 steps" in (tmp_path / "model" / "README.md").read_text()


@pytest.mark.parametrize("pooling", ["segments", "cls"])
def test_a_label_bias_folded_into_the_output_layer_shifts_every_logit_by_it(tiny_backbone, pooling):
    import torch

    from classifier.modeling import load_backbone
    from training.trainer import add_to_output_bias

    tokenizer, model = load_backbone(str(tiny_backbone), ("supportive", "sceptical", "troll_accusation", "other"),
                                     pooling)
    model.eval()
    inputs = tokenizer(["A comment.", "Another one, longer than the first."], ["Its context.", "A title"],
                       padding=True, return_tensors="pt")
    with torch.no_grad():
        before = model(**inputs).logits
        add_to_output_bias(model, [0.5, -1.0, 2.0, 0.0])
        after = model(**inputs).logits
    torch.testing.assert_close(after - before, torch.tensor([[0.5, -1.0, 2.0, 0.0]] * 2))
