from types import SimpleNamespace

import pytest
from transformers import TrainerControl

from training.budget import TimeBudget


class Clock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(budget: TimeBudget, clock: Clock, max_steps: int, seconds_a_step: float) -> tuple[int, list[int]]:
    """Step until the budget stops training; the steps taken and the plan after each step."""
    state, plans = SimpleNamespace(global_step=0, max_steps=max_steps), []
    budget.on_train_begin(None, state, TrainerControl())
    while state.global_step < max_steps:
        clock.now += seconds_a_step
        state.global_step += 1
        control = budget.on_step_end(None, state, TrainerControl())
        plans.append(budget.planned_steps)
        if control.should_training_stop:
            break
    return state.global_step, plans


def test_training_stops_at_the_last_step_that_fits_the_budget():
    clock = Clock()
    steps, plans = run(TimeBudget(1.0, clock), clock, max_steps=100, seconds_a_step=10)
    assert steps == 6 and plans == [100] + [6] * 5


def test_the_pace_leaves_out_the_one_off_costs_of_the_first_step():
    clock = Clock()
    clock.now = -20  # the first step takes 30 s, the others 10 s
    budget = TimeBudget(1.0, clock)
    state = SimpleNamespace(global_step=0, max_steps=100)
    budget.on_train_begin(None, state, TrainerControl())
    clock.now, state.global_step = 10, 1
    assert not budget.on_step_end(None, state, TrainerControl()).should_training_stop
    clock.now, state.global_step = 20, 2
    budget.on_step_end(None, state, TrainerControl())
    assert budget.planned_steps == 4  # 20 s left at 10 s a step (not 20 s, the mean with the first step)


def test_a_budget_that_outlasts_the_epochs_changes_nothing():
    clock = Clock()
    steps, plans = run(TimeBudget(60.0, clock), clock, max_steps=100, seconds_a_step=1)
    assert steps == 100 and set(plans) == {100}


def test_the_learning_rate_warms_up_then_reaches_zero_at_the_planned_last_step():
    budget = TimeBudget(1.0)
    budget.planned_steps = 50
    scales = [budget.lr_scale(step, lambda planned: planned // 5) for step in range(51)]
    assert scales[0] == 0 and scales[5] == 0.5 and scales[10] == 1.0 and scales[50] == 0.0
    assert all(later <= earlier for earlier, later in zip(scales[10:], scales[11:]))
    budget.planned_steps = 25  # a slower pace: the warmup and the decay shrink with the plan
    assert budget.lr_scale(5, lambda planned: planned // 5) == 1.0 and budget.lr_scale(25, lambda planned: 5) == 0.0


def test_a_budget_of_no_time_is_refused():
    from training.args import TrainingArgs

    with pytest.raises(ValueError, match="above 0"):
        TimeBudget(0)
    with pytest.raises(ValueError, match="--time-budget"):
        TrainingArgs(time_budget=-1)
