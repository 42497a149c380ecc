"""The four variants trained at once: one stacked computation with a leading variant axis.

Trained one at a time, each step costs about 85 µs of Python around tiny NumPy calls, four
times over. Stacked, every array carries the variant first, (V, batch, width), and one set of
NumPy calls serves all four:

- the true gradient and the mean of the per-example gradients are the same batched backward
  pass (they are equal by linearity; app/core/network.py computes them apart, for the page);
- the mean-input variant is a batch whose rows are all the batch mean (x̄, ȳ): a mean over
  identical rows is that row's gradient;
- the averaged-error variant replaces its output errors, activations and slopes by their batch
  means before the backward pass, so its sum over the batch is the one backward pass on the
  averages.

Every variant sees the same batches in the same order from the seed, as before; tests check
the trajectories against training each variant on its own with app/core/network.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from app.core.datasets import LabelledPoints
from app.core.means import batch_mean
from app.core.network import (
    ACTIVATIONS,
    OUTPUT,
    VARIANTS,
    Architecture,
    Params,
    initial_params,
    losses,
)

Array = np.ndarray
ORDER = tuple(VARIANTS)  # the variant axis
MEAN_INPUT = ORDER.index("gradient_at_mean_input")
AVERAGED_ERROR = ORDER.index("mean_error_backprop")


@dataclass(frozen=True)
class StackedEpoch:
    """All variants after one epoch (epoch 0: before training)."""

    weights: list[Array]  # per layer, (V, out, in): the live arrays; params() copies
    biases: list[Array]  # per layer, (V, 1, out)
    loss: Array  # (V,) mean loss over the whole dataset
    accuracy: Array  # (V,)

    def params(self, variant: str) -> Params:
        v = ORDER.index(variant)
        return [
            (w[v].copy(), b[v, 0].copy()) for w, b in zip(self.weights, self.biases, strict=True)
        ]


def train_all_variants(
    arch: Architecture,
    data: LabelledPoints,
    batch_size: int,
    learning_rate: float,
    epochs: int,
    seed: int,
) -> Iterator[StackedEpoch]:
    """SGD with every variant's gradient, one epoch at a time, from the same initial weights
    and the same shuffles: before training, then after each epoch."""
    start = initial_params(arch, seed)
    count = len(ORDER)
    weights = [np.repeat(w[None], count, axis=0) for w, _ in start]
    biases = [np.repeat(b[None, None], count, axis=0) for _, b in start]  # (V, 1, out)
    step = _Stepper(arch, weights, biases, learning_rate)
    # Each example's inputs and label side by side: one mean over a batch gives both the mean
    # input and the mean label (every column is reduced on its own, so the numbers are the same).
    examples = np.concatenate([data.inputs, data.labels[:, None]], axis=1)
    order_rng = np.random.default_rng(seed + 1)
    yield _evaluated(arch, data, weights, biases)
    for _ in range(epochs):
        shuffled = examples[order_rng.permutation(data.size)]
        for first in range(0, data.size, batch_size):
            step(shuffled[first : first + batch_size])  # a view
        yield _evaluated(arch, data, weights, biases)


class _Stepper:
    """One SGD update of every variant, in place, with its buffers kept between steps: at a
    few microseconds a NumPy call, the calls are what a step costs."""

    def __init__(self, arch: Architecture, weights: list[Array], biases: list[Array], rate: float):
        self.weights, self.biases, self.rate = weights, biases, rate
        hidden = ACTIVATIONS[arch.activation]
        self.layers = [OUTPUT if i == len(weights) - 1 else hidden for i in range(len(weights))]
        self.squared_error = arch.loss == "squared_error"
        self.buffers: dict[int, tuple[Array, Array]] = {}

    def __call__(self, batch: Array) -> None:
        """One update on ``batch``: a row per example, its inputs then its label."""
        size, features = batch.shape[0], batch.shape[1] - 1
        if size not in self.buffers:  # the last batch of an epoch may be smaller
            count = len(ORDER)
            self.buffers[size] = (np.empty((count, size, features)), np.empty((count, size, 1)))
        layer_input, targets = self.buffers[size]
        means = batch_mean(batch)
        layer_input[:] = batch[:, :features]
        layer_input[MEAN_INPUT] = means[:features]
        targets[:] = batch[:, features:]  # a column: (size, 1)
        targets[MEAN_INPUT] = means[features:]
        weights, biases, last = self.weights, self.biases, len(self.weights) - 1
        activations, slopes = [layer_input], []
        for index, (w, b, g) in enumerate(zip(weights, biases, self.layers, strict=True)):
            z = activations[-1] @ w.transpose(0, 2, 1)
            z += b
            a = g.value(z)
            activations.append(a)
            if index < last or self.squared_error:  # the output's slope cancels in cross-entropy
                slopes.append(g.slope(z, a))
        error = activations[-1] - targets
        if self.squared_error:
            error *= 2 * slopes[-1]
        # The averaged-error variant: each row becomes the batch mean before the backward pass
        # (the output's activation and slope are not used by it); its inputs' mean is known.
        layer_input[AVERAGED_ERROR] = means[:features]
        for array in (error, *activations[1:-1], *slopes[:last]):
            array[AVERAGED_ERROR] = batch_mean(array[AVERAGED_ERROR])
        # The mean over the batch and the learning rate, applied once: every delta and so every
        # gradient below comes scaled by them.
        delta = error * (self.rate / size)
        for index in range(last, -1, -1):
            grad_w = delta.transpose(0, 2, 1) @ activations[index]
            grad_b = np.add.reduce(delta, axis=1, keepdims=True)
            if index:
                delta = (delta @ weights[index]) * slopes[index - 1]
            weights[index] -= grad_w
            biases[index] -= grad_b


def _evaluated(arch, data: LabelledPoints, weights, biases) -> StackedEpoch:
    """Loss and accuracy of every variant on the whole dataset."""
    hidden = ACTIVATIONS[arch.activation]
    a = data.inputs
    last = len(weights) - 1
    for index, (w, b) in enumerate(zip(weights, biases, strict=True)):
        g = OUTPUT if index == last else hidden
        a = g.value(a @ w.transpose(0, 2, 1) + b)
    output = a[:, :, 0]  # (V, N): network.losses broadcasts over the variant axis
    correct = (output > 0.5) == (data.labels > 0.5)
    size = data.size
    return StackedEpoch(
        weights,
        biases,
        np.add.reduce(losses(arch, output, data.labels), axis=1) / size,
        np.add.reduce(correct, axis=1, dtype=np.float64) / size,
    )
