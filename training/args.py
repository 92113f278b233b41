"""Training hyperparameters as one dataclass, saved beside every model."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from classifier.modeling import DEFAULT_MAX_LENGTH, DEFAULT_MODEL


@dataclass
class TrainingArgs:
    """How ``stance train`` fine-tunes a backbone."""

    model: str = DEFAULT_MODEL
    pooling: str = "segments"  # means of the comment's and the context's token states, "mean" of all, or "cls"
    epochs: float = 4.0
    lr: float = 1e-4
    batch_size: int = 16
    max_length: int = DEFAULT_MAX_LENGTH
    seed: int = 42
    dev_size: float = 0.15
    test_size: float = 0.15
    patience: int = 3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    group_by_length: bool = True
    class_weights: bool = True
    resume: bool = False
    source_weights: dict[str, float] = field(default_factory=dict)
    min_confidence: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)
