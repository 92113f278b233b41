import json

import numpy as np
import pytest
import torch

from classifier.labels import DEFAULT_LABELS
from classifier.modeling import HEAD_FILE, load_backbone, load_classifier, save_classifier


@pytest.fixture(scope="module")
def mean_pooled(tiny_backbone):
    tokenizer, model = load_backbone(str(tiny_backbone), DEFAULT_LABELS, pooling="mean")
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
        one, other = (model(**tokenizer([text], return_tensors="pt")).logits for text in
                      ("Says the troll.", "Says the shill."))
    assert not torch.allclose(one, other)


def test_a_saved_mean_pooled_model_reloads_with_the_same_logits(mean_pooled, tmp_path):
    tokenizer, model = mean_pooled
    save_classifier(model, tmp_path)
    assert (tmp_path / HEAD_FILE).is_file()
    assert json.loads((tmp_path / "config.json").read_text())["id2label"]["2"] == "troll_accusation"
    batch = tokenizer(["Got a link for that, troll?", "Agreed."], padding=True, return_tensors="pt")
    with torch.inference_mode():
        np.testing.assert_allclose(load_classifier(tmp_path)(**batch).logits.numpy(),
                                   model(**batch).logits.numpy(), atol=1e-6)


def test_an_unknown_pooling_is_refused(tiny_backbone):
    with pytest.raises(ValueError, match="unknown pooling 'max'"):
        load_backbone(str(tiny_backbone), DEFAULT_LABELS, pooling="max")
