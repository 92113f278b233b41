"""Mean pooling: a classifier over averages of a backbone's token states, the summary that
sentence-transformers backbones such as all-MiniLM-L6-v2 were trained to produce (their first-token
pooler was not)."""

from __future__ import annotations

import torch
from transformers.modeling_outputs import SequenceClassifierOutput

from classifier.modeling import POOLING, head_width


class MeanPooledClassifier(torch.nn.Module):
    """A backbone (any ``AutoModel``) whose token states, averaged over the attention mask, feed
    dropout and a linear layer with one logit per label of the backbone config's ``id2label``.

    ``pooling="mean"`` averages all tokens; ``"segments"`` averages the comment's tokens and its
    context's tokens (told apart by ``token_type_ids``) separately and gives the head both means side
    by side, so it sees what the comment says apart from what it answers."""

    def __init__(self, encoder, pooling: str = "mean"):
        super().__init__()
        self.encoder = encoder
        self.config = encoder.config
        setattr(self.config, POOLING, pooling)
        self.dropout = torch.nn.Dropout(getattr(self.config, "hidden_dropout_prob", 0.1))
        self.classifier = torch.nn.Linear(head_width(self.config), len(self.config.id2label))

    @property
    def pooling(self) -> str:
        """``"mean"`` or ``"segments"``, as the config records it (and saves it)."""
        return getattr(self.config, POOLING)

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
        if self.pooling == "segments":
            if token_type_ids is None:
                raise ValueError("segment pooling needs token_type_ids to tell a comment from its context")
            pooled = torch.cat([masked_mean(states, attention_mask * (token_type_ids == segment))
                                for segment in (0, 1)], dim=-1)  # the comment, then its context
        else:
            pooled = masked_mean(states, attention_mask)
        logits = self.classifier(self.dropout(pooled))
        loss = torch.nn.functional.cross_entropy(logits.float(), labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)


def masked_mean(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The mean of ``states`` (batch, tokens, width) over the tokens where ``mask`` is set; zeros
    where it is set nowhere."""
    weights = mask.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
