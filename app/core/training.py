"""Mini-batch SGD with each gradient variant, from the same seed and initial weights."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.core.datasets import LabelledPoints
from app.core.errors import LimitExceededError
from app.core.evaluate import quiet_floating_point
from app.core.limits import MAX_EPOCHS, MAX_EXAMPLE_PASSES, MAX_LEARNING_RATE, MAX_UPDATES
from app.core.network import (
    VARIANTS,
    Architecture,
    LayerReport,
    Params,
    accuracy,
    initial_params,
    layer_reports,
    mean_loss,
    predict,
)

BOUNDARY_GRID = 41


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
    params: Params


def train(
    arch: Architecture, data: LabelledPoints, settings: TrainingSettings, variant: str
) -> TrainingRun:
    """SGD with ``variant``'s gradient. The shuffles come from the seed, so every variant sees
    the same batches in the same order and only the gradient differs."""
    gradient = VARIANTS[variant]
    params = initial_params(arch, settings.seed)
    order_rng = np.random.default_rng(settings.seed + 1)
    losses = [mean_loss(arch, params, data.inputs, data.labels)]
    accuracies = [accuracy(arch, params, data.inputs, data.labels)]
    for _ in range(settings.epochs):
        order = order_rng.permutation(data.size)
        for start in range(0, data.size, settings.batch_size):
            batch = order[start : start + settings.batch_size]
            grads = gradient(arch, params, data.inputs[batch], data.labels[batch])
            params = [
                (w - settings.learning_rate * gw, b - settings.learning_rate * gb)
                for (w, b), (gw, gb) in zip(params, grads, strict=True)
            ]
        losses.append(mean_loss(arch, params, data.inputs, data.labels))
        accuracies.append(accuracy(arch, params, data.inputs, data.labels))
    return TrainingRun(losses, accuracies, params)


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
    layers: list[LayerReport]
    training: dict[str, TrainingRun]
    boundary: Boundary


@quiet_floating_point
def analyse_network(
    arch: Architecture, data: LabelledPoints, settings: TrainingSettings
) -> NetworkAnalysis:
    settings.check(data.size)
    start = initial_params(arch, settings.seed)
    runs = {name: train(arch, data, settings, name) for name in VARIANTS}
    return NetworkAnalysis(
        architecture=arch,
        data=data,
        settings=settings,
        layers=layer_reports(arch, start, data.inputs, data.labels),
        training=runs,
        boundary=_boundary(arch, data, runs),
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
