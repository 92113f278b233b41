"""Batches of fixed shapes: a comment's result does not depend on what shares its batch."""

import numpy as np
import pytest

from classifier.engines.runtimes import Runtime, bf16_supported
from classifier.predict import StanceClassifier

TEXTS = ["x", "short comment", "a much longer comment " * 30, "medium length comment here, with words"] * 9
CONTEXTS = [None, "a parent", "the parent " * 20, "How is the weather, Ivan?"] * 9


def shapes(classifier, texts):
    encoded = classifier.encode(texts, [None] * len(texts))
    return [(rows.tolist(), next(iter(batch.values())).shape) for rows, batch in classifier.batches(encoded)]


def test_batches_fill_a_token_budget_in_widths_of_16(untrained_model):
    classifier = StanceClassifier.load(untrained_model, batch_size=2)  # 2 x 64 = 128 tokens a batch
    batches = shapes(classifier, TEXTS)
    assert sorted(i for rows, _ in batches for i in rows) == list(range(len(TEXTS)))
    for rows, (height, width) in batches:
        assert width % 16 == 0 and width <= 64 and height == len(rows) <= 128 // width


def test_long_caps_do_not_swell_the_budget_of_short_comments(untrained_model):
    classifier = StanceClassifier.load(untrained_model, batch_size=2)
    classifier.max_length = 512  # a batch still holds 2 x 128 tokens, so short comments are not padded to 1,024
    classifier.runtime = Runtime.torch_bf16.value
    for rows, (height, width) in shapes(classifier, TEXTS):
        assert height * width <= 256 or height == 1


def test_reduced_precision_always_gets_the_same_shapes(untrained_model):
    classifier = StanceClassifier.load(untrained_model, batch_size=2)
    classifier.runtime = Runtime.torch_bf16.value  # shapes only: nothing is computed here
    for texts in (TEXTS[:1], TEXTS[2:3], TEXTS):
        assert {shape for _, shape in shapes(classifier, texts)} <= {(128 // w, w) for w in (16, 32, 48, 64)}


@pytest.mark.skipif(not bf16_supported(), reason="no native bfloat16 on this machine")
def test_bf16_results_are_bitwise_independent_of_batch_mates(untrained_model):
    classifier = StanceClassifier.load(untrained_model, runtime="torch-bf16", batch_size=4)
    together = classifier.logits(TEXTS, CONTEXTS)
    alone = np.concatenate([classifier.logits(t, c) for t, c in zip(TEXTS, CONTEXTS)])
    shuffled = np.random.default_rng(0).permutation(len(TEXTS))
    mixed = classifier.logits([TEXTS[i] for i in shuffled], [CONTEXTS[i] for i in shuffled])
    assert (alone == together).all() and (mixed == together[shuffled]).all()
    reference = StanceClassifier.load(untrained_model, runtime="torch").logits(TEXTS, CONTEXTS)
    assert np.abs(together - reference).max() < 0.05


@pytest.mark.parametrize("avx512_bf16,amx,native", [(False, False, False), (True, False, True), (False, True, True)])
def test_bf16_counts_as_supported_only_where_the_cpu_computes_it(monkeypatch, avx512_bf16, amx, native):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: avx512_bf16)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx)
    assert bf16_supported() is native
