"""Ready-made inputs for the explorers, each a permalink."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from app.api.batches import DEFAULT_QUERY as BATCHES_DEFAULT_QUERY
from app.api.model import DEFAULT_QUERY
from app.core.datasets import noisy_line
from app.core.points import format_points


@dataclass(frozen=True)
class Preset:
    label: str
    values: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> str:
        return urlencode(self.values)


def scalar(label: str, f: str, x: str) -> Preset:
    return Preset(label, {"f": f, "x": x})


SCALAR_PRESETS = (
    scalar("sigmoid", "sigmoid(x)", "0, 1"),
    scalar("tanh", "tanh(x)", "-1, 0.5, 2"),
    scalar("x²", "x^2", "-1, 0, 3"),
    scalar("relu", "relu(x)", "-1, 1"),
    scalar("softplus", "softplus(x)", "-2, 0, 2"),
    scalar("exp", "exp(x)", "0, 1, 2"),
    scalar("linear", "3x + 1", "-1, 2, 4"),
)

CROSS_ENTROPY = "-(y*log(f) + (1 - y)*log(1 - f))"
CLASSES_X = "-3, -2, -1.2, -0.5, 0.3, 0.8, 1.5, 2.5"
CLASSES_Y = "0, 0, 0, 1, 0, 1, 1, 1"

MODEL_PRESETS = (
    Preset("Line fit, squared error", dict(DEFAULT_QUERY)),
    Preset("Line fit, summed loss", {**DEFAULT_QUERY, "reduction": "sum"}),
    Preset(
        "Linear cost",
        {
            "model": "theta*x",
            "loss": "y - f",
            "params": "theta=0",
            "x": "1, 2, 3",
            "y": "2, 4, 7",
            "learning_rate": "0.1",
            "steps": "50",
        },
    ),
    Preset(
        "Sigmoid neuron, squared error",
        {
            "model": "sigmoid(w*x + b)",
            "loss": "(y - f)^2",
            "params": "w=-0.5, b=0.5",
            "x": CLASSES_X,
            "y": CLASSES_Y,
            "learning_rate": "2",
            "steps": "200",
        },
    ),
    Preset(
        "Sigmoid neuron, cross-entropy",
        {
            "model": "sigmoid(w*x + b)",
            "loss": CROSS_ENTROPY,
            "params": "w=-0.5, b=0.5",
            "x": CLASSES_X,
            "y": CLASSES_Y,
            "learning_rate": "0.5",
            "steps": "200",
        },
    ),
)


def network(label: str, **values: str) -> Preset:
    return Preset(
        label,
        {
            "dataset": "xor",
            "hidden": "8",
            "activation": "tanh",
            "loss": "cross_entropy",
            "batch_size": "16",
            "learning_rate": "0.5",
            "epochs": "100",
            "seed": "0",
            **values,
        },
    )


NETWORK_PRESETS = (
    network("XOR, tanh"),
    network(
        "Two moons, relu", dataset="moons", activation="relu", hidden="16, 16", learning_rate="0.3"
    ),
    network("Circles, sigmoid", dataset="circles", activation="sigmoid", learning_rate="2"),
    network("Identity activations", activation="identity", dataset="moons", learning_rate="0.3"),
    network("Squared error", loss="squared_error", learning_rate="2"),
)


NOISY_X, NOISY_Y = (format_points(v) for v in noisy_line(200, 2.0, 1.0, 1.0, seed=3))
"""200 points around y = 2x + 1 (seed 3): many more examples than any batch."""


def batches(label: str, **values: str) -> Preset:
    return Preset(label, {**BATCHES_DEFAULT_QUERY, **values})


BATCHES_PRESETS = (
    batches("Line fit, every batch"),
    batches(
        "Noisy line, N = 200, sampled",
        x=NOISY_X,
        y=NOISY_Y,
        batch_size="8",
        batches="300",
    ),
    batches(
        "Sigmoid neuron, cross-entropy",
        model="sigmoid(w*x + b)",
        loss=CROSS_ENTROPY,
        params="w=-0.5, b=0.5",
        x=CLASSES_X,
        y=CLASSES_Y,
        batch_size="3",
    ),
    batches("Slope only", model="w*x", params="w=0.5", batch_size="3"),
)
