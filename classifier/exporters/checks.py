"""Whether a runtime is faithful: the labels of fp32 PyTorch, whatever shares a comment's batch."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

MIN_AGREEMENT = 0.99  # labels as fp32 torch
MAX_BATCH_CHANGE = 0.02  # largest probability change between a comment alone and in a batch
ALONE_SAMPLE = 100  # comments scored one by one (each costs a whole batch on reduced precision)


@dataclass
class RuntimeCheck:
    """How one runtime scores a sample, against fp32 PyTorch measured in the same process."""

    runtime: str
    comments: int
    comments_per_second: float
    speedup: float  # over fp32 torch
    agreement: float  # share of labels equal to fp32 torch's
    max_change: float  # largest probability change from fp32 torch
    alone_agreement: float  # labels alone vs in batches of 32
    alone_max_change: float
    chunk_agreement: float  # labels with chunks of 1 vs chunks of 256
    chunk_max_change: float

    @property
    def passed(self) -> bool:
        return (self.agreement >= MIN_AGREEMENT and self.alone_agreement == 1 == self.chunk_agreement
                and max(self.alone_max_change, self.chunk_max_change) < MAX_BATCH_CHANGE)

    def line(self) -> str:
        return (f"{self.runtime:<10} {self.comments_per_second:6.1f} comments/s ({self.speedup:4.2f}x fp32 torch); "
                f"labels agree with torch on {self.agreement:6.1%} (largest probability change "
                f"{self.max_change:.3f}); same labels alone as in batches of 32: {self.alone_agreement:6.1%} "
                f"({self.alone_max_change:.4f}), in chunks of 1 as of 256: {self.chunk_agreement:6.1%} "
                f"({self.chunk_max_change:.4f}) -> {'faithful' if self.passed else 'NOT faithful'}")

    def to_dict(self) -> dict:
        return asdict(self) | {"passed": self.passed}


def in_chunks(classifier, texts: Sequence[str], contexts: Sequence[str | None], size: int) -> np.ndarray:
    """Probabilities when the comments are given to the classifier ``size`` at a time."""
    parts = [classifier.predict_proba(texts[i:i + size], contexts[i:i + size]) for i in range(0, len(texts), size)]
    return np.concatenate(parts) if parts else np.zeros((0, len(classifier.labels)))


def timed(classifier, texts, contexts, size: int = 2048) -> tuple[np.ndarray, float]:
    """Probabilities in chunks of ``size`` (as 'stance score' gives them) and comments per second,
    after a short warm-up (first calls build kernels)."""
    in_chunks(classifier, texts[:8], contexts[:8], size)
    started = time.perf_counter()
    probabilities = in_chunks(classifier, texts, contexts, size)
    return probabilities, len(texts) / (time.perf_counter() - started)


def check_runtime(classifier, texts: Sequence[str], contexts: Sequence[str | None],
                  reference: np.ndarray, reference_rate: float) -> RuntimeCheck:
    """Check ``classifier`` against fp32 torch's probabilities ``reference`` (and speed) on a sample."""
    texts, contexts = list(texts), list(contexts)
    batched, rate = timed(classifier, texts, contexts)
    n = min(ALONE_SAMPLE, len(texts))
    alone = in_chunks(classifier, texts[:n], contexts[:n], 1)
    in_32 = in_chunks(classifier, texts[:n], contexts[:n], 32)
    in_256 = in_chunks(classifier, texts, contexts, 256)[:n]
    return RuntimeCheck(classifier.runtime, len(texts), rate, rate / reference_rate,
                        *_compare(batched, reference), *_compare(alone, in_32), *_compare(alone, in_256))


def _compare(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Share of equal labels and the largest probability change."""
    if not len(a):
        return 1.0, 0.0
    return float(np.mean(a.argmax(1) == b.argmax(1))), float(np.abs(a - b).max())
