"""The optimizer and schedule of fine-tuning. Layer-wise learning-rate decay: the lower a transformer
layer, the smaller its learning rate, so fine-tuning moves the general features of the bottom layers less
than the task-specific top. With a time budget, the learning rate decays to zero when the budget ends."""

from __future__ import annotations

import re

from torch.optim.lr_scheduler import LambdaLR
from transformers import Trainer

from training.budget import TimeBudget

_LAYER_INDEX = re.compile(r"(?:^|\.)layers?\.(\d+)\.")  # encoder.layer.3. (BERT, MPNet), layers.3. (others)


def layers_below_top(names: list[str]) -> dict[str, int]:
    """How many transformer layers below the top one each parameter name sits: 0 for the top layer and
    for everything after it (pooler, classification head), and for the embeddings one more than for the
    bottom layer."""
    indices = {name: int(m.group(1)) for name in names if (m := _LAYER_INDEX.search(name))}
    layers = max(indices.values(), default=-1) + 1
    return {name: layers - 1 - indices[name] if name in indices else layers if "embed" in name else 0
            for name in names}


def layer_decay_groups(model, lr: float, weight_decay: float, layer_decay: float,
                       decay_names: set[str]) -> list[dict]:
    """Optimizer parameter groups with learning rate ``lr * layer_decay ** k`` for a parameter ``k``
    layers below the top transformer layer (the top layer and the head get ``lr``; the embeddings the
    least). Weight decay applies to the parameters in ``decay_names``, as in the Trainer's own groups."""
    trainable = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    below = layers_below_top([name for name, _ in trainable])
    groups: dict[tuple[float, bool], list] = {}
    for name, parameter in trainable:
        groups.setdefault((layer_decay ** below[name], name in decay_names), []).append(parameter)
    return [{"params": params, "lr": lr * scale, "weight_decay": weight_decay if decays else 0.0}
            for (scale, decays), params in groups.items()]


class FineTuner(Trainer):
    """A Trainer whose optimizer (the one ``TrainingArguments`` choose) lowers the learning rate layer by
    layer towards the embeddings by ``layer_decay`` (1.0 is the Trainer's own optimizer), and whose
    learning rate, given a :class:`TimeBudget` (which it registers as its first callback), decays to zero
    at the last step that fits the budget rather than at the end of the epochs asked for."""

    def __init__(self, *args, layer_decay: float = 1.0, budget: TimeBudget | None = None, **kwargs):
        if budget is not None:  # first, so that the callbacks after it see this step's plan
            kwargs["callbacks"] = [budget, *(kwargs.get("callbacks") or [])]
        super().__init__(*args, **kwargs)
        self.layer_decay = layer_decay
        self.budget = budget

    def create_scheduler(self, num_training_steps: int, optimizer=None):
        if self.lr_scheduler is None and self.budget is not None:
            self.lr_scheduler = LambdaLR(optimizer or self.optimizer,
                                         lambda step: self.budget.lr_scale(step, self.args.get_warmup_steps))
        return super().create_scheduler(num_training_steps, optimizer)

    def create_optimizer(self, model=None):
        model = self.model if model is None else model
        if self.optimizer is None and self.layer_decay < 1:
            optimizer_cls, optimizer_kwargs = self.get_optimizer_cls_and_kwargs(self.args, model)
            groups = layer_decay_groups(model, self.args.learning_rate, self.args.weight_decay, self.layer_decay,
                                        set(self.get_decay_parameter_names(model)))
            self.optimizer = optimizer_cls(groups, **optimizer_kwargs)
        return super().create_optimizer(model)
