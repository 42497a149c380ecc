"""The four variants trained at once: one stacked computation with a leading variant axis.

Trained one at a time, each step costs about 85 µs of Python around tiny NumPy calls, four
times over. Stacked, every array carries the variant first, (rows, batch, width), and one set
of NumPy calls serves all four:

- the true gradient and the mean of the per-example gradients are the same batched backward
  pass (they are equal by linearity; app/core/network.py computes them apart, for the page),
  so one row trains both (``ROW``);
- the mean-input variant is a batch whose rows are all the batch mean (x̄, ȳ): a mean over
  identical rows is that row's gradient;
- the averaged-error variant replaces its output errors, activations and slopes by their batch
  means before the backward pass, so its sum over the batch is the one backward pass on the
  averages.

Fewer calls still: each layer's bias is the weight of an input that is always 1 (a column of
ones in the examples and after each hidden layer's activations), so one matrix product adds it
and one gives its gradient with the weights'; activations and slopes are written into buffers
kept between steps, side by side with the output error, so the averaged-error variant's means
are one reduction. That took a step of the default preset from about 41 to 36 µs.

Every variant sees the same batches in the same order from the seed, as before; tests check
the trajectories against training each variant on its own with app/core/network.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
ORDER = tuple(VARIANTS)  # the variants, as StackedEpoch's loss and accuracy list them
# The true gradient and the mean of the per-example gradients are one computation here (the
# same batched backward pass on the same batch), so their weights stay equal bit for bit: one
# row of the stacked arrays trains both. ROW: each variant's row.
ROW = {
    "gradient_of_mean_loss": 0,
    "mean_of_gradients": 0,
    "gradient_at_mean_input": 1,
    "mean_error_backprop": 2,
}
ROWS = len(set(ROW.values()))
MEAN_INPUT = ROW["gradient_at_mean_input"]
AVERAGED_ERROR = ROW["mean_error_backprop"]
_ROW_OF_ORDER = np.array([ROW[name] for name in ORDER])


@dataclass(frozen=True)
class StackedEpoch:
    """All variants after one epoch (epoch 0: before training)."""

    weights: list[Array]  # per layer, (rows, out, in): the live arrays; params() copies
    biases: list[Array]  # per layer, (rows, 1, out)
    loss: Array  # (V,) mean loss over the whole dataset, a variant each, in ORDER
    accuracy: Array  # (V,)

    def params(self, variant: str) -> Params:
        row = ROW[variant]
        return [
            (w[row].copy(), b[row, 0].copy())
            for w, b in zip(self.weights, self.biases, strict=True)
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
    # Each layer's weights and bias side by side, (rows, out, in + 1): the bias is the weight of an
    # input that is always 1. One matrix product then adds the bias, and one gives its gradient
    # with the weights'. The weights and biases are views of these.
    augmented = [
        np.repeat(np.concatenate([w, b[:, None]], axis=1)[None], ROWS, axis=0) for w, b in start
    ]
    step = _Stepper(arch, augmented, learning_rate)
    weights = step.weights
    biases = [layer[:, None, :, -1] for layer in augmented]  # (rows, 1, out)
    # Each example's inputs, a one (for the bias) and its label side by side: one mean over a
    # batch gives the mean input and the mean label (every column is reduced on its own, so the
    # numbers are the same), and the ones' mean is exactly 1.
    examples = np.concatenate([data.inputs, np.ones((data.size, 1)), data.labels[:, None]], axis=1)
    order_rng = np.random.default_rng(seed + 1)
    yield _evaluated(arch, data, weights, biases)
    for _ in range(epochs):
        shuffled = examples[order_rng.permutation(data.size)]
        for first in range(0, data.size, batch_size):
            step(shuffled[first : first + batch_size])  # a view
        yield _evaluated(arch, data, weights, biases)


@dataclass(frozen=True)
class _Layer:
    """An activation written into arrays given to it (``out``), as network.py's computes it,
    operation for operation, so the numbers are the same."""

    value: Callable[[Array, Array], object]  # (z, out): g(z)
    slope: Callable[[Array, Array, Array], object]  # (z, a, out): g'(z)


def _sigmoid_into(z: Array, out: Array) -> None:
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(1.0, out, out=out)


def _sigmoid_slope_into(z: Array, a: Array, out: Array) -> None:
    np.subtract(1, a, out=out)
    out *= a


def _tanh_slope_into(z: Array, a: Array, out: Array) -> None:
    np.multiply(a, a, out=out)
    np.subtract(1, out, out=out)


LAYERS = {
    "sigmoid": _Layer(_sigmoid_into, _sigmoid_slope_into),
    "tanh": _Layer(lambda z, out: np.tanh(z, out=out), _tanh_slope_into),
    "relu": _Layer(
        lambda z, out: np.maximum(z, 0.0, out=out), lambda z, a, out: np.greater(z, 0, out=out)
    ),
    "identity": _Layer(lambda z, out: np.copyto(out, z), lambda z, a, out: out.fill(1.0)),
}


class _Buffers:
    """Where one step on a batch of ``size`` examples writes, kept between steps.

    ``examples`` holds the batch (inputs, a one, label) for every variant. ``rows`` holds what
    the averaged-error variant replaces by its batch mean, side by side so that one mean does
    it: each hidden layer's activations followed by a column of ones (the next layer's bias
    input), each hidden layer's slopes, and the output error."""

    def __init__(self, arch: Architecture, size: int) -> None:
        features, widths = arch.sizes[0], arch.sizes[1:-1]
        self.examples = np.empty((ROWS, size, features + 2))
        self.rows = np.empty((ROWS, size, 2 * sum(widths) + len(widths) + 1))
        self.inputs = [self.examples[:, :, :-1]]  # each layer's input, with its ones
        self.hidden, self.slopes, at = [], [], 0
        for width in widths:
            self.rows[:, :, at + width] = 1.0
            self.inputs.append(self.rows[:, :, at : at + width + 1])
            self.hidden.append(self.rows[:, :, at : at + width])
            at += width + 1
        for width in widths:
            self.slopes.append(self.rows[:, :, at : at + width])
            at += width
        self.error = self.rows[:, :, at:]
        self.targets = self.examples[:, :, -1:]
        self.averaged_inputs = self.examples[AVERAGED_ERROR, :, :-1]
        self.averaged_rows = self.rows[AVERAGED_ERROR]


class _Stepper:
    """One SGD update of every variant, in place, with its buffers kept between steps: at a
    few microseconds a NumPy call, the calls are what a step costs, so each is made once for
    all variants, and for every layer's weights and bias together."""

    def __init__(self, arch: Architecture, augmented: list[Array], rate: float) -> None:
        self.arch, self.augmented, self.rate = arch, augmented, rate
        self.transposed = [layer.transpose(0, 2, 1) for layer in augmented]  # live views
        self.weights = [layer[:, :, :-1] for layer in augmented]
        self.hidden_layer = LAYERS[arch.activation]
        self.squared_error = arch.loss == "squared_error"
        self.buffers: dict[int, _Buffers] = {}

    def __call__(self, batch: Array) -> None:
        """One update on ``batch``: a row per example, its inputs, a one, then its label."""
        size = batch.shape[0]
        if size not in self.buffers:  # the last batch of an epoch may be smaller
            self.buffers[size] = _Buffers(self.arch, size)
        buffers = self.buffers[size]
        means = batch_mean(batch)
        buffers.examples[:] = batch
        buffers.examples[MEAN_INPUT] = means
        last = len(self.augmented) - 1
        g = self.hidden_layer
        for index in range(last):
            z = buffers.inputs[index] @ self.transposed[index]
            g.value(z, buffers.hidden[index])
            g.slope(z, buffers.hidden[index], buffers.slopes[index])
        error = buffers.error  # the output's activation first, then the error in its place
        _sigmoid_into(buffers.inputs[last] @ self.transposed[last], error)
        if self.squared_error:
            slope = OUTPUT.slope(None, error)
            error -= buffers.targets
            error *= 2 * slope
        else:  # cross-entropy: the output's slope cancels
            error -= buffers.targets
        # The averaged-error variant: its errors, activations and slopes become their batch
        # means before the backward pass (the ones stay ones); its inputs' mean is known.
        buffers.averaged_inputs[:] = means[:-1]
        buffers.averaged_rows[:] = batch_mean(buffers.averaged_rows)
        # The mean over the batch and the learning rate, applied once: every delta and so every
        # gradient below comes scaled by them.
        delta = error * (self.rate / size)
        for index in range(last, -1, -1):
            gradient = delta.transpose(0, 2, 1) @ buffers.inputs[index]  # weights, then bias
            if index:
                delta = (delta @ self.weights[index]) * buffers.slopes[index - 1]
            self.augmented[index] -= gradient


def _evaluated(arch, data: LabelledPoints, weights, biases) -> StackedEpoch:
    """Loss and accuracy of every variant on the whole dataset."""
    hidden = ACTIVATIONS[arch.activation]
    a = data.inputs
    last = len(weights) - 1
    for index, (w, b) in enumerate(zip(weights, biases, strict=True)):
        g = OUTPUT if index == last else hidden
        a = g.value(a @ w.transpose(0, 2, 1) + b)
    output = a[:, :, 0]  # (rows, N): network.losses broadcasts over the rows
    correct = (output > 0.5) == (data.labels > 0.5)
    size = data.size
    loss = np.add.reduce(losses(arch, output, data.labels), axis=1) / size
    accuracy = np.add.reduce(correct, axis=1, dtype=np.float64) / size
    return StackedEpoch(weights, biases, loss[_ROW_OF_ORDER], accuracy[_ROW_OF_ORDER])
