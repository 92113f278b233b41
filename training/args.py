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
    time_budget: float | None = None  # minutes of training: stop when spent, the learning rate decayed to zero by then
    lr: float = 1e-4
    layer_decay: float = 1.0  # below 1: each transformer layer below the top learns at this share of the rate above
    batch_size: int = 16
    max_length: int = DEFAULT_MAX_LENGTH
    seed: int = 42
    split_seed: int | None = None  # the thread split's seed (``seed`` when None): other seeds, same held-out threads
    dev_size: float = 0.15
    test_size: float = 0.15
    patience: int = 3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    group_by_length: bool = True
    class_weights: bool = True
    label_bias: bool = True  # fit per-label logit biases on dev, so that its predicted label mix is training's
    resume: bool = False
    source_weights: dict[str, float] = field(default_factory=dict)
    min_confidence: float = 0.0
    bf16: bool | None = None  # bfloat16 autocast (weights stay fp32); None: where the hardware computes bf16

    def __post_init__(self):
        if not (0 <= self.dev_size < 1 and 0 <= self.test_size < 1 and self.dev_size + self.test_size < 1):
            raise ValueError(f"--dev-size and --test-size are shares of the threads: each at least 0, together below 1 "
                             f"(not {self.dev_size} and {self.test_size})")
        if not 0 < self.layer_decay <= 1:
            raise ValueError(f"--layer-decay must be above 0 and at most 1 (1: one learning rate), "
                             f"not {self.layer_decay}")
        if self.time_budget is not None and self.time_budget <= 0:
            raise ValueError(f"--time-budget is minutes of training, above 0 (not {self.time_budget})")
        if self.epochs <= 0 or self.lr <= 0 or self.batch_size < 1 or self.max_length < 8:
            raise ValueError(f"--epochs and --lr must be above 0, --batch-size at least 1 and --max-length at least 8 "
                             f"(not {self.epochs}, {self.lr}, {self.batch_size} and {self.max_length})")

    @property
    def thread_seed(self) -> int:
        """The seed that splits threads into train, dev and test."""
        return self.seed if self.split_seed is None else self.split_seed

    def to_dict(self) -> dict:
        return asdict(self)
