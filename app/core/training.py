"""Mini-batch SGD with each gradient variant, from the same seed and initial weights."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from app.core.datasets import LabelledPoints
from app.core.errors import LimitExceededError
from app.core.evaluate import quiet_floating_point
from app.core.frames import evenly_spaced
from app.core.limits import MAX_EPOCHS, MAX_EXAMPLE_PASSES, MAX_LEARNING_RATE, MAX_UPDATES
from app.core.network import (
    REFERENCE,
    Architecture,
    LayerReport,
    Params,
    initial_params,
    layer_reports,
    predict,
)
from app.core.stacked_training import ORDER, train_all_variants

BOUNDARY_GRID = 41
T = TypeVar("T")


@dataclass(frozen=True)
class TrainingSettings:
    batch_size: int
    learning_rate: float
    epochs: int
    seed: int

    def check(self, size: int) -> None:
        if not 1 <= self.batch_size <= size:
            raise LimitExceededError(f"the batch size must be between 1 and the {size} points")
        if not 0 < self.learning_rate <= MAX_LEARNING_RATE:
            raise LimitExceededError(
                f"the learning rate must be above 0 and at most {MAX_LEARNING_RATE:g}"
            )
        if not 1 <= self.epochs <= MAX_EPOCHS:
            raise LimitExceededError(f"use 1 to {MAX_EPOCHS} epochs")
        if self.epochs * size > MAX_EXAMPLE_PASSES:
            raise LimitExceededError(
                f"{self.epochs} epochs over {size} points is {self.epochs * size} example passes;"
                f" the limit is {MAX_EXAMPLE_PASSES}: use fewer epochs or fewer points"
            )
        updates = self.epochs * math.ceil(size / self.batch_size)
        if updates > MAX_UPDATES:
            raise LimitExceededError(
                f"{self.epochs} epochs of {math.ceil(size / self.batch_size)} batches is {updates}"
                f" updates; the limit is {MAX_UPDATES}: use fewer epochs or larger batches"
            )


@dataclass(frozen=True)
class TrainingRun:
    loss: list[float]  # after each epoch, on the whole dataset; entry 0 is before training
    accuracy: list[float]
    params: Params  # after the last epoch run
    snapshots: dict[int, Params]  # the weights at each frame epoch run so far

    def until(self, epoch: int) -> TrainingRun:
        """The run as it stood after ``epoch`` (a frame epoch)."""
        kept = {e: p for e, p in self.snapshots.items() if e <= epoch}
        return TrainingRun(self.loss[: epoch + 1], self.accuracy[: epoch + 1], kept[epoch], kept)


def frame_epochs(epochs: int) -> tuple[int, ...]:
    """The epochs whose weights a run keeps, for the player and for ``epoch=`` links."""
    return evenly_spaced(epochs, MOST_EPOCH_FRAMES)


MOST_EPOCH_FRAMES = 50


def _runs_so_far(
    arch: Architecture,
    data: LabelledPoints,
    settings: TrainingSettings,
    show: Callable[[int], bool],
) -> Iterator[tuple[int, dict[str, TrainingRun]]]:
    """Every variant's run as it stands at each frame epoch that ``show`` asks for, then the
    whole run, all trained at once (stacked_training.py)."""
    keep = set(frame_epochs(settings.epochs))
    losses: dict[str, list[float]] = {name: [] for name in ORDER}
    accuracies: dict[str, list[float]] = {name: [] for name in ORDER}
    snapshots: dict[str, dict[int, Params]] = {name: {} for name in ORDER}
    epochs = train_all_variants(
        arch, data, settings.batch_size, settings.learning_rate, settings.epochs, settings.seed
    )
    for epoch in range(settings.epochs + 1):
        with np.errstate(all="ignore"):  # never across a yield: the caller's context is its own
            stacked = next(epochs)
        for index, name in enumerate(ORDER):
            losses[name].append(float(stacked.loss[index]))
            accuracies[name].append(float(stacked.accuracy[index]))
        if epoch not in keep:
            continue
        params = {name: stacked.params(name) for name in ORDER}
        for name in ORDER:
            snapshots[name][epoch] = params[name]
        if epoch == settings.epochs or show(epoch):
            yield (
                epoch,
                {
                    name: TrainingRun(
                        list(losses[name]),
                        list(accuracies[name]),
                        params[name],
                        dict(snapshots[name]),
                    )
                    for name in ORDER
                },
            )


def _last(items: Iterator[T]) -> T:
    """The last item of an iterator (the whole run, after its checkpoints)."""
    return deque(items, maxlen=1)[0]


@dataclass(frozen=True)
class Boundary:
    x1: np.ndarray
    x2: np.ndarray
    predictions: dict[str, np.ndarray]  # variant -> (len(x2), len(x1)) probabilities


@dataclass(frozen=True)
class NetworkAnalysis:
    architecture: Architecture
    data: LabelledPoints
    settings: TrainingSettings
    layers: list[LayerReport]  # the shortcuts' errors at the weights of the shown epoch
    training: dict[str, TrainingRun]
    boundary: Boundary  # at the shown epoch
    epoch: int  # the epoch shown: the end of training unless a frame was asked for
    initial_layers: list[LayerReport]  # the same errors at the initial weights

    @property
    def frames(self) -> tuple[int, ...]:
        return frame_epochs(self.settings.epochs)

    @quiet_floating_point  # as analyse_network: a diverged run's regions saturate, silently
    def at_epoch(self, epoch: int) -> NetworkAnalysis:
        """The analysis as it stood after ``epoch`` (a frame epoch of the run)."""
        training = {name: run.until(epoch) for name, run in self.training.items()}
        return _analysis_at(
            self.architecture, self.data, self.settings, training, epoch, self.initial_layers
        )


@quiet_floating_point
def analyse_network(
    arch: Architecture, data: LabelledPoints, settings: TrainingSettings
) -> NetworkAnalysis:
    return _last(analyse_network_as_it_trains(arch, data, settings, lambda epoch: False))


def analyse_network_as_it_trains(
    arch: Architecture,
    data: LabelledPoints,
    settings: TrainingSettings,
    show: Callable[[int], bool],
) -> Iterator[NetworkAnalysis]:
    """The analysis at each frame epoch on the way for which ``show`` (asked as training
    reaches it) says yes, then the whole run: for a page that shows training as it happens.
    Whoever watches decides when a frame is worth its cost (the web layer asks the clock)."""
    settings.check(data.size)
    start = initial_params(arch, settings.seed)
    initial = layer_reports(arch, start, data.inputs, data.labels)
    for epoch, training in _runs_so_far(arch, data, settings, show):
        yield _analysis_at(arch, data, settings, training, epoch, initial)


def _analysis_at(
    arch: Architecture,
    data: LabelledPoints,
    settings: TrainingSettings,
    training: dict[str, TrainingRun],
    epoch: int,
    initial: list[LayerReport],
) -> NetworkAnalysis:
    """The analysis after ``epoch``: the runs so far, the regions they draw, and the shortcuts'
    errors at the weights the true gradient has reached."""
    weights = training[REFERENCE].params
    return NetworkAnalysis(
        architecture=arch,
        data=data,
        settings=settings,
        layers=layer_reports(arch, weights, data.inputs, data.labels),
        training=training,
        boundary=_boundary(arch, data, training),
        epoch=epoch,
        initial_layers=initial,
    )


def _boundary(arch: Architecture, data: LabelledPoints, runs: dict[str, TrainingRun]) -> Boundary:
    low, high = data.inputs.min(axis=0), data.inputs.max(axis=0)
    margin = 0.1 * (high - low) + 1e-9
    x1 = np.linspace(low[0] - margin[0], high[0] + margin[0], BOUNDARY_GRID)
    x2 = np.linspace(low[1] - margin[1], high[1] + margin[1], BOUNDARY_GRID)
    grid = np.column_stack([np.tile(x1, len(x2)), np.repeat(x2, len(x1))])
    predictions = {
        name: predict(arch, run.params, grid).reshape(len(x2), len(x1))
        for name, run in runs.items()
    }
    return Boundary(x1, x2, predictions)
