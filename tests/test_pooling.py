import json
import shutil

import numpy as np
import pytest
import torch

from classifier.labels import DEFAULT_LABELS
from classifier.modeling import HEAD_FILE, MEAN_POOLINGS, load_backbone, load_classifier, save_classifier
from classifier.pooling import masked_mean


@pytest.fixture(scope="module", params=MEAN_POOLINGS)
def mean_pooled(tiny_backbone, request):
    tokenizer, model = load_backbone(str(tiny_backbone), DEFAULT_LABELS, pooling=request.param)
    return tokenizer, model.eval()


def test_padding_does_not_change_a_comments_logits(mean_pooled):
    tokenizer, model = mean_pooled
    alone = tokenizer(["Says the troll."], ["How is the weather, Ivan?"], return_tensors="pt")
    padded = tokenizer(["Says the troll."], ["How is the weather, Ivan?"], return_tensors="pt",
                       padding="max_length", max_length=40)
    with torch.inference_mode():
        np.testing.assert_allclose(model(**alone).logits.numpy(), model(**padded).logits.numpy(), atol=1e-5)


def test_the_head_reads_every_token_not_just_the_first(mean_pooled):
    tokenizer, model = mean_pooled
    with torch.inference_mode():
        one, other = (model(**tokenizer([text], ["Agreed."], return_tensors="pt")).logits for text in
                      ("Says the troll.", "Says the shill."))
    assert not torch.allclose(one, other)


def test_a_saved_mean_pooled_model_reloads_with_the_same_logits(mean_pooled, tmp_path):
    tokenizer, model = mean_pooled
    save_classifier(model, tmp_path)
    assert (tmp_path / HEAD_FILE).is_file()
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["id2label"]["2"] == "troll_accusation" and config["stance_pooling"] == model.pooling
    batch = tokenizer(["Got a link for that, troll?", "Agreed."], ["You are wrong.", ""], padding=True,
                      return_tensors="pt")
    with torch.inference_mode():
        np.testing.assert_allclose(load_classifier(tmp_path)(**batch).logits.numpy(),
                                   model(**batch).logits.numpy(), atol=1e-6)


def test_segment_pooling_gives_the_head_the_comments_mean_then_the_contexts(tiny_backbone):
    tokenizer, model = load_backbone(str(tiny_backbone), DEFAULT_LABELS, pooling="segments")
    model.eval()
    batch = tokenizer(["Got a link for that, troll?"], ["The dam will flood the valley."], return_tensors="pt")
    segments = batch["token_type_ids"][0]
    with torch.inference_mode():
        states = model.encoder(**batch).last_hidden_state[0]
        expected = model.classifier(torch.cat([states[segments == 0].mean(0), states[segments == 1].mean(0)]))
        np.testing.assert_allclose(model(**batch).logits[0].numpy(), expected.numpy(), atol=1e-5)
    assert model.classifier.in_features == 2 * model.config.hidden_size
    assert 0 < int(segments.sum()) < len(segments)  # both segments hold tokens


def test_a_mask_set_nowhere_gives_zeros_not_nan():
    states = torch.ones(2, 3, 4)
    mask = torch.tensor([[1, 1, 0], [0, 0, 0]])
    np.testing.assert_array_equal(masked_mean(states, mask).numpy(), [[1.0] * 4, [0.0] * 4])


def test_segment_pooling_falls_back_to_the_mean_without_segment_ids(tiny_backbone, tmp_path):
    backbone = shutil.copytree(tiny_backbone, tmp_path / "no-segments")
    settings = json.loads((backbone / "tokenizer_config.json").read_text())
    settings["model_input_names"] = ["input_ids", "attention_mask"]  # as RoBERTa and MPNet tokenizers give
    (backbone / "tokenizer_config.json").write_text(json.dumps(settings))
    tokenizer, model = load_backbone(str(backbone), DEFAULT_LABELS, pooling="segments")
    assert "token_type_ids" not in tokenizer(["a comment"], ["its parent"])
    assert model.pooling == model.config.stance_pooling == "mean"
    assert model.classifier.in_features == model.config.hidden_size


def test_an_unknown_pooling_is_refused(tiny_backbone):
    with pytest.raises(ValueError, match="unknown pooling 'max'"):
        load_backbone(str(tiny_backbone), DEFAULT_LABELS, pooling="max")


def test_a_first_token_head_trained_from_a_stance_model_does_not_keep_its_pooling(mean_pooled, tmp_path):
    tokenizer, model = mean_pooled
    save_classifier(model, tmp_path)
    tokenizer.save_pretrained(tmp_path)
    _, first_token = load_backbone(str(tmp_path), DEFAULT_LABELS, pooling="cls")
    assert not hasattr(first_token.config, "stance_pooling")
