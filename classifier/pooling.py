"""Mean pooling: a classifier over the average of a backbone's token states, the summary that
sentence-transformers backbones such as all-MiniLM-L6-v2 were trained to produce (their first-token
pooler was not)."""

from __future__ import annotations

import torch
from transformers.modeling_outputs import SequenceClassifierOutput

from classifier.modeling import POOLING


class MeanPooledClassifier(torch.nn.Module):
    """A backbone (any ``AutoModel``) whose token states, averaged over the attention mask, feed
    dropout and a linear layer with one logit per label of the backbone config's ``id2label``."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.config = encoder.config
        setattr(self.config, POOLING, "mean")
        self.dropout = torch.nn.Dropout(getattr(self.config, "hidden_dropout_prob", 0.1))
        self.classifier = torch.nn.Linear(self.config.hidden_size, len(self.config.id2label))

    @property
    def device(self) -> torch.device:
        return self.encoder.device

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, labels=None):
        """Logits, and the cross-entropy loss when ``labels`` are given."""
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        states = self.encoder(**inputs).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        logits = self.classifier(self.dropout(pooled))
        loss = torch.nn.functional.cross_entropy(logits.float(), labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)
