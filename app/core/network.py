"""A small fully connected network and the four ways to get a batch gradient from it.

Notation, as on the page: a⁰ = x; for each layer l, zˡ = aˡ⁻¹ Wˡᵀ + bˡ and aˡ = g(zˡ), with a
sigmoid on the output layer. The output error is δᴸ = ∂L/∂zᴸ; it flows back as
δˡ = (δˡ⁺¹ Wˡ⁺¹) ⊙ g′(zˡ), and each example's gradients are ∂L/∂Wˡ = δˡ ⊗ aˡ⁻¹, ∂L/∂bˡ = δˡ.
Arrays carry the batch as their first axis, so "per example" never means a Python loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.core.errors import LimitExceededError, PointsError
from app.core.evaluate import quiet_floating_point
from app.core.limits import MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH
from app.core.means import average, batch_mean

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    name: str
    value: Callable[[Array], Array]
    slope: Callable[[Array, Array], Array]
    """g′(z), given z and a = g(z) (sigmoid and tanh are cheapest from a)."""


def _sigmoid(z: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-z))


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid, lambda z, a: a * (1 - a)),
    "tanh": Activation("tanh", np.tanh, lambda z, a: 1 - a * a),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "identity": Activation("identity", lambda z: z, lambda z, a: np.ones_like(z)),
}
LOSSES = ("cross_entropy", "squared_error")
OUTPUT = ACTIVATIONS["sigmoid"]
EPSILON = 1e-12  # keeps log(0) out of the reported cross-entropy; gradients do not need it


@dataclass(frozen=True)
class Architecture:
    hidden: tuple[int, ...]
    activation: str
    loss: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.hidden) <= MAX_HIDDEN_LAYERS:
            raise LimitExceededError(f"use 1 to {MAX_HIDDEN_LAYERS} hidden layers")
        if not all(1 <= width <= MAX_LAYER_WIDTH for width in self.hidden):
            raise LimitExceededError(f"each hidden layer needs 1 to {MAX_LAYER_WIDTH} units")
        if self.activation not in ACTIVATIONS:
            raise PointsError(
                f"unknown activation '{self.activation}'; choose one of {', '.join(ACTIVATIONS)}"
            )
        if self.loss not in LOSSES:
            raise PointsError(f"unknown loss '{self.loss}'; choose one of {', '.join(LOSSES)}")

    @property
    def sizes(self) -> tuple[int, ...]:
        return (2, *self.hidden, 1)

    def layer_names(self) -> list[str]:
        return [f"layer {i + 1}" for i in range(len(self.sizes) - 1)]


Params = list[tuple[Array, Array]]  # (W of shape (out, in), b of shape (out,)) per layer


def initial_params(architecture: Architecture, seed: int) -> Params:
    """Glorot-uniform weights and zero biases, from ``seed``: every variant starts here."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(architecture.sizes[:-1], architecture.sizes[1:], strict=True):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params.append((rng.uniform(-limit, limit, size=(fan_out, fan_in)), np.zeros(fan_out)))
    return params


@dataclass(frozen=True)
class ForwardPass:
    activations: list[Array]  # a⁰ … aᴸ, each (N, width)
    slopes: list[Array]  # g′(z¹) … g′(zᴸ), each (N, width)


def forward(architecture: Architecture, params: Params, inputs: Array) -> ForwardPass:
    activations, slopes = [inputs], []
    for index, (weights, bias) in enumerate(params):
        g = OUTPUT if index == len(params) - 1 else ACTIVATIONS[architecture.activation]
        z = activations[-1] @ weights.T + bias
        a = g.value(z)
        activations.append(a)
        slopes.append(g.slope(z, a))
    return ForwardPass(activations, slopes)


def predict(architecture: Architecture, params: Params, inputs: Array) -> Array:
    return forward(architecture, params, inputs).activations[-1][:, 0]


def losses(architecture: Architecture, output: Array, labels: Array) -> Array:
    """L_i for each example."""
    if architecture.loss == "cross_entropy":
        clipped = np.clip(output, EPSILON, 1 - EPSILON)
        return -(labels * np.log(clipped) + (1 - labels) * np.log(1 - clipped))
    return (output - labels) ** 2


def output_error(architecture: Architecture, run: ForwardPass, labels: Array) -> Array:
    """δᴸ = ∂L/∂zᴸ per example, shape (N, 1)."""
    output = run.activations[-1]
    target = labels[:, None]
    if architecture.loss == "cross_entropy":
        return output - target  # the sigmoid's slope cancels against the loss's
    return 2 * (output - target) * run.slopes[-1]


def backward_errors(params: Params, run: ForwardPass, delta_out: Array) -> list[Array]:
    """δˡ for every layer, first to last, each (N, width): the backward pass."""
    deltas = [delta_out]
    for layer in range(len(params) - 1, 0, -1):
        weights = params[layer][0]
        deltas.insert(0, (deltas[0] @ weights) * run.slopes[layer - 1])
    return deltas


# -- the four variants ---------------------------------------------------------------------------
def gradient_of_mean_loss(
    arch: Architecture, params: Params, inputs: Array, labels: Array
) -> Params:
    """Batched backprop of J = mean L_i: one matrix product per layer sums over the batch."""
    run = forward(arch, params, inputs)
    deltas = backward_errors(params, run, output_error(arch, run, labels) / len(labels))
    return [
        (delta.T @ a_prev, delta.sum(axis=0))
        for delta, a_prev in zip(deltas, run.activations[:-1], strict=True)
    ]


def per_example_gradients(
    arch: Architecture, params: Params, inputs: Array, labels: Array
) -> Params:
    """Every example's own gradient, stacked: W-gradients (N, out, in), b-gradients (N, out)."""
    run = forward(arch, params, inputs)
    deltas = backward_errors(params, run, output_error(arch, run, labels))
    return [
        (np.einsum("ni,nj->nij", delta, a_prev), delta)
        for delta, a_prev in zip(deltas, run.activations[:-1], strict=True)
    ]


def mean_of_gradients(arch: Architecture, params: Params, inputs: Array, labels: Array) -> Params:
    return [
        (batch_mean(weights), batch_mean(bias))
        for weights, bias in per_example_gradients(arch, params, inputs, labels)
    ]


def gradient_at_mean_input(
    arch: Architecture, params: Params, inputs: Array, labels: Array
) -> Params:
    """One forward and backward pass on the averaged example (x̄, ȳ)."""
    return mean_of_gradients(
        arch, params, batch_mean(inputs, keepdims=True), batch_mean(labels, keepdims=True)
    )


def mean_error_backprop(arch: Architecture, params: Params, inputs: Array, labels: Array) -> Params:
    """Average the output error, every activation and every local slope over the batch, then
    run one backward pass with the averages: products of means where the truth is a mean of
    products."""
    run = forward(arch, params, inputs)
    mean_run = ForwardPass(
        activations=[batch_mean(a, keepdims=True) for a in run.activations],
        slopes=[batch_mean(s, keepdims=True) for s in run.slopes],
    )
    delta_out = batch_mean(output_error(arch, run, labels), keepdims=True)
    deltas = backward_errors(params, mean_run, delta_out)
    return [
        (delta.T @ a_prev, delta[0])
        for delta, a_prev in zip(deltas, mean_run.activations[:-1], strict=True)
    ]


VARIANTS = {
    "gradient_of_mean_loss": gradient_of_mean_loss,
    "mean_of_gradients": mean_of_gradients,
    "gradient_at_mean_input": gradient_at_mean_input,
    "mean_error_backprop": mean_error_backprop,
}
REFERENCE = "gradient_of_mean_loss"


@dataclass(frozen=True)
class VariantError:
    rel_error: float
    cosine: float | None


@dataclass(frozen=True)
class LayerReport:
    name: str
    kind: str  # "weights" or "biases"
    shape: tuple[int, ...]
    true_norm: float
    variants: dict[str, VariantError]


@quiet_floating_point
def layer_reports(
    arch: Architecture, params: Params, inputs: Array, labels: Array
) -> list[LayerReport]:
    """Per layer, weights and biases apart: how far each variant is from the true gradient."""
    gradients = {name: variant(arch, params, inputs, labels) for name, variant in VARIANTS.items()}
    reports = []
    for index, name in enumerate(arch.layer_names()):
        for part, kind in ((0, "weights"), (1, "biases")):
            truth = gradients[REFERENCE][index][part].ravel()
            norm = float(np.linalg.norm(truth))
            reports.append(
                LayerReport(
                    name=name,
                    kind=kind,
                    shape=gradients[REFERENCE][index][part].shape,
                    true_norm=norm,
                    variants={
                        variant: _compare(gradients[variant][index][part].ravel(), truth, norm)
                        for variant in VARIANTS
                        if variant != REFERENCE
                    },
                )
            )
    return reports


def _compare(candidate: Array, truth: Array, norm: float) -> VariantError:
    difference = float(np.linalg.norm(candidate - truth))
    candidate_norm = float(np.linalg.norm(candidate))
    cosine = None
    if norm > 0 and candidate_norm > 0:
        cosine = float(np.clip(candidate @ truth / (norm * candidate_norm), -1, 1))
    return VariantError(
        difference / norm if norm > 0 else (0.0 if difference == 0 else np.inf), cosine
    )


def mean_loss(arch: Architecture, params: Params, inputs: Array, labels: Array) -> float:
    return average(losses(arch, predict(arch, params, inputs), labels))


def accuracy(arch: Architecture, params: Params, inputs: Array, labels: Array) -> float:
    return average((predict(arch, params, inputs) > 0.5) == (labels > 0.5))
