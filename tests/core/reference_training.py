"""Training one variant at a time with app/core/network.py's own gradient functions: the
plain loop that app/core/stacked_training.py replaced, kept as the tests' oracle."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from app.core.datasets import LabelledPoints
from app.core.network import VARIANTS, Architecture, Params, accuracy, initial_params, mean_loss
from app.core.training import TrainingSettings


def epochs_of(
    arch: Architecture, data: LabelledPoints, settings: TrainingSettings, variant: str
) -> Iterator[tuple[Params, float, float]]:
    """SGD with ``variant``'s gradient, one epoch at a time: the weights, loss and accuracy
    before training, then after each epoch. The shuffles come from the seed, so every variant
    sees the same batches in the same order and only the gradient differs."""
    gradient = VARIANTS[variant]
    params = initial_params(arch, settings.seed)
    order_rng = np.random.default_rng(settings.seed + 1)
    yield (
        params,
        mean_loss(arch, params, data.inputs, data.labels),
        accuracy(arch, params, data.inputs, data.labels),
    )
    for _ in range(settings.epochs):
        order = order_rng.permutation(data.size)
        for start in range(0, data.size, settings.batch_size):
            batch = order[start : start + settings.batch_size]
            grads = gradient(arch, params, data.inputs[batch], data.labels[batch])
            params = [
                (w - settings.learning_rate * gw, b - settings.learning_rate * gb)
                for (w, b), (gw, gb) in zip(params, grads, strict=True)
            ]
        yield (
            params,
            mean_loss(arch, params, data.inputs, data.labels),
            accuracy(arch, params, data.inputs, data.labels),
        )
