"""A wall-clock budget for training: stop when it is spent, with the learning rate decayed to zero by then.

A step's cost differs by a factor of two between machines (bfloat16 in hardware or not, a busy hour), so
a fixed step count that fits 20 minutes on one CPU overruns on another. With a budget, the pace of the
steps so far sets how many steps fit, and the linear decay of the learning rate aims at that count
rather than at the end of the last epoch.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from transformers import TrainerCallback


class TimeBudget(TrainerCallback):
    """Plans how many training steps fit ``minutes`` of wall-clock time and stops training there.

    ``planned_steps`` starts at the Trainer's step count (the epochs asked for) and, after every step
    but the first, becomes the steps that fit the time left at the pace of the steps since the first
    (dev evaluations included), never more than asked.
    The final dev evaluation and saving of the model follow the last step, outside the budget.
    """

    def __init__(self, minutes: float, clock: Callable[[], float] | None = None):
        if minutes <= 0:
            raise ValueError(f"a time budget must be above 0 minutes, not {minutes}")
        self.seconds = minutes * 60
        self.clock = clock or time.monotonic
        self.started = 0.0
        self.first_step_ended: tuple[float, int] | None = None
        self.planned_steps: int | None = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.started, self.first_step_ended = self.clock(), None
        self.planned_steps = state.max_steps

    def on_step_end(self, args, state, control, **kwargs):
        now = self.clock()
        if self.first_step_ended is None:  # its one-off costs say nothing of the pace
            self.first_step_ended = now, state.global_step
        else:
            since, step = self.first_step_ended
            seconds_a_step = max(now - since, 1e-9) / (state.global_step - step)
            steps_left = int((self.seconds - (now - self.started)) / seconds_a_step)
            self.planned_steps = min(state.max_steps, state.global_step + max(0, steps_left))
        if state.global_step >= self.planned_steps or now - self.started >= self.seconds:
            control.should_training_stop = True
        return control

    def lr_scale(self, step: int, warmup_steps: Callable[[int], int]) -> float:
        """The share of the peak learning rate at ``step``: a linear warmup over ``warmup_steps(planned
        steps)``, then a linear decay that reaches zero at the planned last step."""
        planned = self.planned_steps if self.planned_steps is not None else step
        warmup = warmup_steps(planned)
        if step < warmup:
            return step / warmup
        return max(0.0, (planned - step) / max(1, planned - warmup))
